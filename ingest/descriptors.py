"""Read an HCPCS drug descriptor ("Injection, tocilizumab, 1 mg") into drug, dose and qualifiers.

Used for the titles of pages and, later, for the official CMS long descriptors, so both sides of a
comparison are parsed the same way.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from ingest.records import Descriptor, Dose

UNITS: dict[str, str] = {
    "mg": "mg", "milligram": "mg", "milligrams": "mg",
    "g": "g", "gm": "g", "gram": "g", "grams": "g",
    "mcg": "mcg", "microgram": "mcg", "micrograms": "mcg", "µg": "mcg", "ug": "mcg",
    "unit": "units", "units": "units", "iu": "units", "i.u.": "units",
    "international unit": "units", "international units": "units",
    "ml": "ml", "cc": "ml", "milliliter": "ml", "milliliters": "ml",
}
_UNIT_RX = "|".join(sorted((re.escape(u) for u in UNITS), key=len, reverse=True))
DOSE_RE = re.compile(
    rf"(?P<amount>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<unit>{_UNIT_RX})(?![a-z])", re.I
)
_FORM_WORDS = re.compile(
    r"^(injections?|inj\.?|infusions?|injection of|intravenous|subcutaneous|"
    r"(intravenous |subcutaneous )?injection of)$",
    re.I,
)
_QUALIFIER = re.compile(
    r"^(excludes? biosimilars?|biosimilar|not otherwise (specified|classified)|nos|noc|"
    r"for (esrd|non-esrd)( on dialysis)?( use)?|for .* use|each|per .*)$",
    re.I,
)
_PAREN = re.compile(r"\(([^()]*)\)")
# A comma separates the descriptor's parts, except in an amount ("100,000 units").
_PART_BREAK = re.compile(r"(?<!\d),|,(?!\d{3}(?!\d))")


def parse_dose(text: str) -> Dose | None:
    m = DOSE_RE.search(text)
    if not m:
        return None
    try:
        amount = Decimal(m["amount"].replace(",", ""))
    except InvalidOperation:
        return None
    return Dose(amount, UNITS[m["unit"].lower()])


def parse_descriptor(text: str) -> Descriptor:
    """Drug name (lower case), dose and qualifiers. Missing parts stay None / empty."""
    clean = " ".join(text.split()).strip().rstrip(".")
    qualifiers = [q.strip() for q in _PAREN.findall(clean) if q.strip()]
    body = _PAREN.sub("", clean)
    parts = [p.strip() for p in _PART_BREAK.split(body) if p.strip()]
    dose = None
    drug_parts: list[str] = []
    for i, part in enumerate(parts):
        if dose is None and i > 0 and (m := DOSE_RE.search(part)):
            dose = parse_dose(part)
            before = part[: m.start()].strip()
            if before and not _FORM_WORDS.match(before):
                drug_parts.append(before)
            continue
        if dose is not None:
            qualifiers.append(part)
        elif i == 0 and _FORM_WORDS.match(part):
            continue
        elif _QUALIFIER.match(part):
            qualifiers.append(part)
        else:
            drug_parts.append(part)
    drug = None
    if drug_parts:
        drug = re.sub(r"^(injection|infusion)s? of\s+", "", drug_parts[0], flags=re.I).lower()
        drug = re.sub(r"\s+(injection|infusion)s?$", "", drug).strip() or None
    return Descriptor(text=clean, drug=drug, dose=dose, qualifiers=tuple(qualifiers))


def looks_like_descriptor(text: str) -> bool:
    d = parse_descriptor(text)
    return bool(d.drug and d.dose and len(text) < 200)
