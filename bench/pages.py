"""Write a planned page as text, in either genre, with the variety real pages show.

The wording is our own, assembled from small pools of phrases so that no two pages read quite
alike: headings come in several names, bullets in several marks, some sections are written as
"Label: text" paragraphs, tables have leading pipes, trailing pipes only, or none. The facts a page
states (codes, titles, drug, conditions) come from the plan, which took them from the official sets.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from bench.codepool import closing_dose
from bench.plan import PagePlan, Row, cap

HEADINGS: dict[str, tuple[str, ...]] = {
    "name": ("Name of the Procedure:", "Name of the Procedure", "Procedure Name", "Name of the Drug"),
    "summary": ("Summary", "Overview"),
    "purpose": ("Purpose", "Why It Is Used", "Uses"),
    "indications": ("Indications", "Clinical Indications", "Indications for Use", "Who It Is For"),
    "preparation": ("Preparation", "Before the Procedure", "Pre-procedure Instructions"),
    "procedure": ("Procedure Description", "How It Is Given", "Description of the Procedure"),
    "duration": ("Duration", "How Long It Takes", "Typical Time"),
    "setting": ("Setting", "Care Setting", "Site of Service", "Location"),
    "personnel": ("Personnel", "Staff Involved", "Care Team", "Healthcare Professionals"),
    "risks": ("Risks and Complications", "Risks", "Side Effects", "Complications"),
    "benefits": ("Benefits", "Expected Benefits"),
    "recovery": ("Recovery", "Aftercare", "Post-procedure Care"),
    "alternatives": ("Alternatives", "Alternative Treatments", "Other Treatment Options"),
    "experience": ("Patient Experience",),
    "policies": ("Related policies from health plans", "Health Plan Policies", "Payer Policies"),
    "similar": ("Similar Codes", "Related HCPCS Codes"),
}
# Labels that open a one-line "Label: text" section (they must name the same sections).
LABELS = {"duration": ("Typical Time", "Duration"), "setting": ("Location", "Care Setting"),
          "purpose": ("Medical Conditions", "Purpose"), "indications": ("Patient Criteria",)}
TABLE_HEADERS = {
    "modifiers": (("Modifier", "Description", "When to Use"), ("Modifier", "Meaning", "Use With This Code")),
    "taxonomies": (("Taxonomy Code", "Specialty", "Notes"), ("NUCC Code", "Provider Type", "Role"),
                   ("Specialty Code", "Specialty", "Why")),
    "diagnoses": (("ICD-10 Code", "Description", "Clinical Relevance"),
                  ("ICD-10-CM", "Diagnosis", "Why It Is Listed"), ("Diagnosis Code", "Title", "Relevance")),
    "procedures": (("CPT Code", "Description", "Relationship to This Procedure"),
                   ("Procedure Code", "Service", "Notes")),
}
ROUTES = {"intravenous": ("intravenous infusion", "through an IV line into a vein"),
          "subcutaneous": ("subcutaneous injection", "under the skin of the abdomen or thigh"),
          "intramuscular": ("intramuscular injection", "into a large muscle")}
SETTINGS = ("an infusion center", "a hospital outpatient department", "a physician office",
            "an outpatient clinic", "a specialty clinic such as an oncology clinic")
ROLES = ("Registered nurse who gives the dose and watches for reactions",
         "Physician who orders the treatment and reviews the response",
         "Pharmacist who checks and prepares the dose", "Nurse practitioner who assesses the patient",
         "Oncologist or hematologist who supervises treatment", "Rheumatologist following the disease")
RISKS = ("headache", "nausea", "tiredness", "injection site redness", "infusion reactions", "fever",
         "rash", "dizziness", "diarrhea", "joint aches", "low blood cell counts", "raised liver enzymes")
RARE_RISKS = ("serious infections", "severe allergic reactions", "kidney injury", "bleeding",
              "changes in heart rhythm", "inflammation of the pancreas")


def _lower_first(text: str) -> str:
    """A title in running text: lower-case its first word unless it is an acronym."""
    first = text.split(" ", 1)[0]
    return text if first.isupper() and len(first) > 1 else text[:1].lower() + text[1:]


def _join(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


class _Writer:
    def __init__(self, plan: PagePlan, rng: random.Random):
        self.p, self.rng = plan, rng
        self.lines: list[str] = []
        self.bullet = plan.style.bullet

    def heading(self, section: str, text: str | None = None) -> None:
        self.lines += ["", text or self.rng.choice(HEADINGS[section]), ""]
        self.p.style.headings.append(self.lines[-2])

    def bullets(self, items: Sequence[str]) -> None:
        self.lines += [self.bullet + item for item in items]

    def para(self, *sentences: str) -> None:
        self.lines.append(" ".join(sentences))

    def labelled(self, section: str, text: str) -> None:
        label = self.rng.choice(LABELS[section])
        self.lines += ["", f"{label}: {text}"]
        self.p.style.headings.append(label)

    def table(self, kind: str, rows: list[Row]) -> None:
        header = self.rng.choice(TABLE_HEADERS[kind])
        pipes = self.p.style.pipes
        self.lines.append("| " + " | ".join(header) + " |")
        self.lines.append(self.p.style.separator)
        for row in rows:
            cells = " | ".join((row.code, row.description, row.note))
            self.lines.append({"leading": f"| {cells} |", "trailing": f"{cells} |", "none": cells}[pipes])


def render(plan: PagePlan, rng: random.Random) -> str:
    return (_explainer if plan.genre == "code-explainer" else _report)(plan, rng)


# ---- code-explainer pages ---------------------------------------------------------------------

def _explainer(p: PagePlan, rng: random.Random) -> str:
    w = _Writer(p, rng)
    drug, route = cap(p.drug), rng.choice(sorted(ROUTES))
    way, where = ROUTES[route]
    how = f"an {way}" if way[0] in "aeiou" else f"a {way}"
    if rng.random() < 0.5:
        w.lines += [rng.choice(("Medical code lookup", "Drug billing codes explained")), ""]
    w.lines.append(p.descriptor)
    if rng.random() < 0.6:
        w.lines += ["", "HCPCS code"]
    w.heading("name")
    w.lines += _name_lines(p, w, rng)
    w.heading("summary")
    w.para(f"This page explains how {p.drug} is given as {how} and how one billing unit is counted.",
           "The dose is measured in the unit the descriptor names, so the number of units billed "
           "follows from the dose given.")
    conditions = [_lower_first(text) for text, _ in p.conditions]
    if p.style.labelled:
        w.labelled("purpose", f"Used to treat {_join(conditions)}.")
    else:
        w.heading("purpose")
        w.para(f"{drug} is used to treat {_join(conditions)}.",
               rng.choice(("The aim is to control the disease and keep symptoms from returning.",
                           "Treatment aims to slow the disease and improve daily function.")))
    w.heading("indications")
    w.bullets([cap(text) + rng.choice(("", "", " in adults", " that has not responded to other therapy"))
               for text, _ in p.conditions])
    if rng.random() < 0.4:
        w.bullets(["Patients who did not respond to earlier treatment"])
    w.heading("preparation")
    w.bullets(["Blood tests may be drawn beforehand to check blood counts and organ function.",
               "Patients list their current medicines, especially other drugs that affect immunity."])
    w.heading("procedure")
    steps = ["The nurse checks vital signs and confirms the dose.",
             f"The medicine is given as {how}, {where}.",
             "The patient is observed for a short time afterwards."]
    w.lines += [f"  {n}. {s}" for n, s in enumerate(steps, start=1)]
    minutes = rng.choice((15, 30, 60, 90))
    if p.style.labelled:
        w.labelled("duration", f"Giving the {way} takes about {minutes} minutes.")
        w.labelled("setting", f"Usually given in {rng.choice(SETTINGS)} or {rng.choice(SETTINGS)}.")
    else:
        w.heading("duration")
        w.para(f"Giving the dose takes about {minutes} minutes, and the whole visit a little longer.")
        w.heading("setting")
        w.para(f"The {way} is usually given in {rng.choice(SETTINGS)} or {rng.choice(SETTINGS)}.")
    w.heading("personnel")
    w.bullets(rng.sample(ROLES, 3))
    w.heading("risks")
    common, rare = rng.sample(RISKS, 3), rng.sample(RARE_RISKS, 2)
    if rng.random() < 0.5:
        w.bullets([f"Common: {', '.join(common)}.", f"Rare: {', '.join(rare)}."])
    else:
        w.lines.append("Common Risks:")
        w.bullets([cap(r) for r in common])
        w.lines.append("Rare Risks:")
        w.bullets([cap(r) for r in rare])
    w.heading("benefits")
    w.bullets(["Control of the disease and its symptoms.", "Fewer flares or hospital stays."])
    w.heading("recovery")
    w.bullets(["Most people go back to usual activities the same day.",
               "Follow-up visits check the response and any side effects."])
    w.heading("alternatives")
    w.bullets([f"Other injectable therapies (e.g., {_join(p.alternatives)})", "Supportive care"])
    w.heading("experience")
    w.bullets(["A brief sting when the needle goes in.", "Some people feel tired later that day."])
    w.heading("policies", f"Medical Policies and Guidelines for {p.descriptor}")
    w.heading("policies")
    w.lines += p.policies
    w.heading("similar")
    w.lines += p.similar
    return "\n".join(w.lines).lstrip("\n") + "\n"


def _name_lines(p: PagePlan, w: _Writer, rng: random.Random) -> list[str]:
    code = p.stated_code
    brand = p.brand
    style = rng.randrange(3)
    if style == 0:
        billed = f", billed as HCPCS {code}" if code else ""
        known = f", also known as {brand}" if brand else ""
        return [f"{cap(p.drug)} injection{billed}{known}."]
    if style == 1:
        lines = [f"Common Name: Injection of {p.drug}"]
        lines.append(f"Technical Term: {p.descriptor}" + (f" (HCPCS {code})" if code else ""))
        return lines + ([f"Brand Name: {brand}"] if brand else [])
    items = [f"Common name: {p.drug} injection"]
    if code:
        items.append(f"Billing code: HCPCS {code}")
    if brand:
        items.append(f"It is marketed as {brand}")
    return [w.bullet + i for i in items]


# ---- billing/coding reports -----------------------------------------------------------------------

def _report(p: PagePlan, rng: random.Random) -> str:
    w = _Writer(p, rng)
    drug = cap(p.drug)
    dose = closing_dose(p.descriptor)
    w.lines.append(rng.choice(("Summary & Overview", "Summary and Overview", "Overview")))
    if p.style.title_line:
        w.lines.append(f"HCPCS Level II {p.stated_code}: {drug} Injection, {dose}")
    w.para(f"This report covers billing for {p.drug} under code {p.stated_code}, the drug's units, "
           f"the modifiers payers expect and the codes that usually go with it.")
    if p.brand:
        w.para(f"{drug} is sold under the brand name {p.brand}.")
    w.para(f"Key payers covered include {_join(p.payers)}.")
    w.lines.append("Billing Code Overview")
    verb = rng.choice(("represents", "describes"))
    w.para(f"HCPCS Level II code {p.stated_code} {verb} {p.descriptor}.")
    w.para("One billing unit is the amount the descriptor names; round to the nearest whole unit.")
    w.lines.append(rng.choice(("Clinical & Coding Specifications", "Clinical and Coding Specifications")))
    w.lines.append("Clinical Context")
    w.para(f"A typical patient has {_lower_first(p.conditions[0][0])} and is treated in an infusion "
           f"center or physician office, where a registered nurse gives the dose and a pharmacist "
           f"prepares it.")
    w.lines.append("Coding Specifications")
    w.table("modifiers", p.modifiers)
    if rng.random() < 0.5:
        w.lines.append("Specialties")  # an unknown heading: the table still belongs to the report
    w.table("taxonomies", p.taxonomies)
    w.lines.append("Note: specialties are those that usually order or give the drug.")
    w.lines.append(rng.choice(("Related Diagnoses", "Related ICD-10 Codes")))
    w.table("diagnoses", p.diagnoses)
    w.lines.append(rng.choice(("Related CPT Codes", "Related Procedures")))
    w.table("procedures", p.procedures)
    return "\n".join(w.lines) + "\n"
