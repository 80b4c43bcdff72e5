"""The words documents use for sections, routes, settings, roles and payers, and what they mean.

Pages name the same section many ways ("Setting", "Care Setting", "Location:"); each table maps a
canonical name to the patterns that mean it. Patterns are matched case-insensitively.
"""

from __future__ import annotations

import re

# Canonical section -> heading patterns (whole heading, trailing colon removed).
SECTION_ALIASES: dict[str, tuple[str, ...]] = {
    "name": (r"name of (the )?(procedure|service|drug)", r"procedure name"),
    "summary": (r"summary", r"overview", r"summary (&|and) overview"),
    "purpose": (r"purpose", r"medical conditions?", r"goals?", r"why it is used", r"uses?"),
    "indications": (
        r"(clinical )?indications?( for use)?",
        r"symptoms ?/ ?conditions",
        r"patient criteria",
        r"who (it is|is it) for",
    ),
    "preparation": (r"preparation", r"pre-?procedure instructions", r"before the procedure"),
    "procedure": (r"procedure description", r"description of the procedure", r"how it is given"),
    "duration": (r"duration", r"typical time", r"how long it takes"),
    "setting": (r"(care )?setting", r"location", r"site of (service|care)"),
    "personnel": (
        r"personnel", r"staff( involved)?", r"healthcare professionals", r"care team",
        r"who gives it",
    ),
    "risks": (r"risks( and complications)?", r"complications", r"side effects"),
    "benefits": (r"(expected )?benefits",),
    "recovery": (r"recovery", r"post-?procedure care", r"aftercare"),
    "alternatives": (r"alternatives?", r"alternative (treatments|therapies)", r"other treatment options"),
    "experience": (r"patient experience",),
    "policies": (
        r"medical policies and guidelines( for .*)?",
        r"related policies( from health plans)?",
        r"(payer|health plan) policies",
    ),
    "similar": (r"similar codes", r"related hcpcs codes"),
    # billing/coding report headings
    "billing-overview": (r"billing code overview",),
    "specifications": (r"clinical (&|and) coding specifications", r"coding specifications"),
    "clinical-context": (r"clinical context",),
    "related-diagnoses": (r"related diagnoses", r"related icd-?10(-cm)? codes"),
    "related-procedures": (r"related cpt codes", r"related procedures"),
}

_SECTION_RES = [
    (name, re.compile(rf"(?:{'|'.join(pats)})", re.I)) for name, pats in SECTION_ALIASES.items()
]

EXPLAINER_SECTIONS = frozenset(
    {"name", "summary", "purpose", "indications", "procedure", "setting", "personnel", "risks",
     "alternatives", "policies"}
)


def section_for_heading(text: str) -> str | None:
    """The canonical section a heading names, or None when it is not a known heading."""
    t = text.strip().rstrip(":").strip()
    if not t or len(t) > 90:
        return None
    for name, rx in _SECTION_RES:
        if rx.fullmatch(t):
            return name
    return None


def _compile(table: dict[str, tuple[str, ...]]) -> list[tuple[str, re.Pattern[str]]]:
    return [(label, re.compile("|".join(pats), re.I)) for label, pats in table.items()]


ROUTES = _compile({
    "intravenous": (
        r"\bintravenous(ly)?\b", r"\bIV (infusion|line|push|drip|catheter|administration)s?\b",
        r"\binto (the|a) vein\b", r"\binto the bloodstream\b",
    ),
    "subcutaneous": (r"\bsub-?cutaneous(ly)?\b", r"\bunder the skin\b"),
    "intramuscular": (r"\bintramuscular(ly)?\b", r"\binto (a|the) muscle\b"),
    "intrathecal": (r"\bintrathecal(ly)?\b",),
    "intravitreal": (r"\bintravitreal(ly)?\b",),
})

SETTINGS = _compile({
    "hospital outpatient department": (r"\bhospital outpatient (department|setting|clinic)s?\b",),
    "hospital inpatient": (r"\b(hospital )?inpatient (setting|unit|ward|admission)s?\b",),
    "hospital": (r"\bhospitals?\b(?! outpatient)(?! inpatient)",),
    "infusion center": (r"\binfusion (center|centre|suite|clinic)s?\b",),
    "physician office": (r"\b(physician|doctor)'?s? offices?\b", r"\bclinician'?s? offices?\b"),
    "outpatient clinic": (
        r"\boutpatient (clinic|setting|facility|pharmacy clinic)s?\b", r"\boutpatient infusion\b",
        r"\bambulatory (care )?(clinic|center|setting)s?\b",
    ),
    "specialty clinic": (r"\b(rheumatology|oncology|gastroenterology|specialty) clinics?\b",),
    "home": (r"\bhome infusion\b", r"\bat home\b"),
})

ROLES = _compile({
    "nurse practitioner": (r"\bnurse practitioners?\b",),
    "physician assistant": (r"\bphysician assistants?\b",),
    "nurse": (
        r"\b(registered |infusion |oncology |specialty )?nurses?\b(?! practitioner)", r"\bRNs?\b",
        r"\bnursing staff\b",
    ),
    "pharmacist": (r"\bpharmacists?\b", r"\bpharmacy staff\b"),
    "oncologist": (r"\boncologists?\b",),
    "hematologist": (r"\bhematologists?\b", r"\bhaematologists?\b"),
    "rheumatologist": (r"\brheumatologists?\b",),
    "gastroenterologist": (r"\bgastroenterologists?\b",),
    "dermatologist": (r"\bdermatologists?\b",),
    "neurologist": (r"\bneurologists?\b",),
    "physician": (r"\bphysicians?\b(?! assistant)", r"\bdoctors?\b", r"\bprescribers?\b"),
})

PAYERS = _compile({
    "Aetna": (r"\baetna\b",),
    "Anthem": (r"\banthem\b",),
    "Blue Cross Blue Shield": (r"\bblue cross( (and )?blue shield)?\b", r"\bbcbs\b"),
    "Cigna": (r"\bcigna\b",),
    "UnitedHealthcare": (r"\bunited ?health ?care\b", r"\buhc\b"),
    "Humana": (r"\bhumana\b",),
    "Kaiser Permanente": (r"\bkaiser\b",),
    "Centene": (r"\bcentene\b",),
    "Molina Healthcare": (r"\bmolina\b",),
    "Medicaid": (r"\bmedicaid\b",),
    "Medicare": (r"\bmedicare\b",),
})


def match_all(table: list[tuple[str, re.Pattern[str]]], text: str) -> list[str]:
    """Every canonical label whose pattern occurs in text, in table order."""
    return [label for label, rx in table if rx.search(text)]


def payer_name(text: str) -> str | None:
    found = match_all(PAYERS, text)
    return found[0] if found else None


# Words that make a phrase name a disease rather than a patient criterion or a vague group.
_DISEASE_WORDS = re.compile(
    r"\b(\w+(itis|omas?|emia|aemia|pathy|osis|iasis|algia)|leuka?emias?|cancers?|tumou?rs?|"
    r"neoplasms?|diseases?|syndromes?|disorders?|sclerosis|lupus|infections?|deficiency|"
    r"failure|psoriasis|asthma|diabetes|hypertension|urticaria|migraines?|myasthenia|"
    r"neuromyelitis|hemoglobinuria|degeneration|edema|neutropenia|thrombocytopenia)\b",
    re.I,
)
_DISEASE_ACRONYMS = re.compile(
    r"\b(ALL|CLL|AML|CML|NSCLC|SCLC|RA|GCA|CRS|JIA|MS|NHL|MDS|PNH|aHUS|UC|HNSCC)\b"
)
_NOT_DISEASE = frozenset({"diagnosis", "diagnoses", "prognosis", "diploma", "aroma", "stoma"})
_VAGUE_LEAD = re.compile(r"^(other|certain|specific|various|some|several|related)\b", re.I)


def names_a_condition(text: str) -> bool:
    if _VAGUE_LEAD.match(text.strip()):
        return False
    if _DISEASE_ACRONYMS.search(text):
        return True
    return any(m.group(0).lower() not in _NOT_DISEASE for m in _DISEASE_WORDS.finditer(text))
