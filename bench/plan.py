"""Plan one synthetic page: which code it is about, what it states, and which mistake it carries.

A plan is the page's ground truth. It is drawn from the official sets (bench/codepool.py) with one
random generator per page, seeded from the corpus seed and the page number, so page 17 is the same
page whether the corpus holds 1,000 documents or 100,000.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field

from bench.codepool import CodePool, DiseaseBlock
from ingest.codesets.hcpcs import HcpcsRecord
from ingest.descriptors import DOSE_RE
from ontology.namespaces import ICD10CM

# The styles real pages vary in: list bullets and table separator rows (pages.py writes them).
BULLETS = ("  • ", "- ", "* ", "  ◦ ", "– ")
SEPARATORS = ("|---|---|---|", "---|---|---", "| --- | --- | --- |", "|:--|:--|:--|")

EXPLAINER, REPORT = "code-explainer", "coding-report"

# CPT administration codes and numeric modifiers, in our own short wording (CPT descriptors are
# AMA content; documents state their own words for them and medkg keeps those unverified).
CPT_CODES = (("96365", "IV infusion for therapy, first hour"),
             ("96366", "IV infusion for therapy, each added hour"),
             ("96372", "Injection under the skin or into a muscle"),
             ("96374", "IV push of a single drug"), ("96401", "Chemotherapy injection under the skin"),
             ("96409", "Chemotherapy IV push"), ("96413", "Chemotherapy IV infusion, first hour"),
             ("96415", "Chemotherapy IV infusion, each added hour"),
             ("99213", "Office visit, established patient"))
CPT_MODIFIERS = (("25", "Separate evaluation and management service the same day"),
                 ("59", "Distinct procedural service"), ("76", "Repeat service by the same clinician"))
PAYERS = ("Aetna", "Cigna", "UnitedHealthcare", "Humana", "Medicare", "Blue Cross Blue Shield",
          "Anthem", "Kaiser Permanente", "Molina Healthcare")
EXCLUDED_NOTES = ("Not in the provided list; excluded.", "Listed for reference only; omitted from claims.",
                  "Do not report with this drug code.")
NOT_APPLICABLE_NOTE = "Not typically applicable to this drug."
DUPLICATE_NOTE = "Duplicate entry, already listed above."

# What each deliberate mistake is, the genre it goes in, and the findings a checker should raise.
MISTAKES: dict[str, tuple[str, tuple[str, ...]]] = {
    "hcpcs-unknown": (EXPLAINER, ("code-not-in-release",)),
    "dose-wrong": (EXPLAINER, ("dose-mismatch",)),
    "brand-of-other-drug": (EXPLAINER, ("brand-of-other-drug",)),
    "icd-unknown": (REPORT, ("code-not-in-release",)),
    "icd-wrong-title": (REPORT, ("description-mismatch",)),
    "icd-not-billable": (REPORT, ("code-not-billable",)),
    "nucc-facility": (REPORT, ("taxonomy-not-individual",)),
}


@dataclass(frozen=True)
class Row:
    """A table row as the page writes it, with the status the page gives it."""

    code: str
    description: str
    note: str
    status: str = "stated"  # stated | excluded | not-applicable | duplicate


@dataclass(frozen=True)
class Mistake:
    kind: str  # a key of MISTAKES
    system: str
    code: str  # the code the mistake is about ("" for a brand)
    findings: tuple[str, ...]  # the finding kinds a correct check raises for it
    what: str
    also: tuple[str, ...] = ()  # findings a check may raise as well (a changed dose changes the wording)


@dataclass
class Style:
    bullet: str
    labelled: bool = False  # some sections written as "Label: text" paragraphs
    pipes: str = "leading"  # report tables: leading | trailing | none
    separator: str = "|---|---|---|"
    title_line: bool = True  # a report's "HCPCS Level II J1234: Drug Injection, 1 mg" line
    headings: list[str] = field(default_factory=list)  # filled while the page is written


@dataclass
class PagePlan:
    key: str
    genre: str
    code: str  # the code the page is about (the truth)
    stated_code: str | None  # what the page writes: None when it omits its code; may be wrong
    descriptor: str  # as the page writes it
    official_descriptor: str
    drug: str
    style: Style
    brand: str | None = None
    conditions: list[tuple[str, str]] = field(default_factory=list)  # (text, ICD-10-CM it names)
    payers: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    policies: list[str] = field(default_factory=list)
    similar: list[str] = field(default_factory=list)
    modifiers: list[Row] = field(default_factory=list)
    taxonomies: list[Row] = field(default_factory=list)
    diagnoses: list[Row] = field(default_factory=list)
    procedures: list[Row] = field(default_factory=list)
    mistakes: list[Mistake] = field(default_factory=list)

    @property
    def rows(self) -> list[Row]:
        return self.modifiers + self.taxonomies + self.diagnoses + self.procedures

    def manifest(self, file: str) -> dict[str, object]:
        out = asdict(self)
        out["file"] = file
        out["rows"] = {status: sum(r.status == status for r in self.rows)
                       for status in ("stated", "excluded", "not-applicable", "duplicate")}
        for kind in ("modifiers", "taxonomies", "diagnoses", "procedures"):
            out[kind] = [asdict(r) for r in getattr(self, kind)]
        return out


class Planner:
    def __init__(self, pool: CodePool, *, error_rate: float, omit_rate: float, report_share: float):
        self.pool = pool
        self.error_rate, self.omit_rate, self.report_share = error_rate, omit_rate, report_share
        # A few drugs have many pages (popular codes), most have a handful: rank weights 1/rank^0.5.
        order = random.Random("drug-popularity").sample(pool.drug_codes, len(pool.drug_codes))
        self.by_popularity = order
        self._profiles: dict[str, tuple[DiseaseBlock, list[tuple[str, str]]]] = {}
        self.weights = [1 / (rank + 1) ** 0.5 for rank in range(len(order))]

    def plan(self, key: str, rng: random.Random) -> PagePlan:
        pool = self.pool
        genre = REPORT if rng.random() < self.report_share else EXPLAINER
        record: HcpcsRecord = rng.choices(self.by_popularity, self.weights)[0]
        drug = record.drug or ""
        brands = pool.brands.get(drug, [])
        style = Style(bullet=rng.choice(BULLETS),
                      labelled=rng.random() < 0.25, pipes=rng.choice(("leading", "trailing", "none")),
                      separator=rng.choice(SEPARATORS),
                      title_line=rng.random() < 0.8)
        p = PagePlan(key, genre, record.code, record.code, record.long_description,
                     record.long_description, drug, style, brand=rng.choice(brands) if brands else None)
        # A drug treats the same few diseases on every page about it: pages differ in which they list.
        block, indicated = self._indications(record.code)
        p.conditions = rng.sample(indicated, min(rng.randint(2, 3), len(indicated)))
        p.payers = rng.sample(PAYERS, rng.randint(2, 5))
        others = rng.sample(pool.drug_codes, 4)
        p.alternatives = [o.drug or "" for o in others[:2] if o.drug != drug] or ["other biologics"]
        p.similar = [f"{o.code} {o.long_description}" for o in others[2:] if o.code != record.code]
        if genre == EXPLAINER:
            if rng.random() < self.omit_rate and record.long_description in pool.unique_descriptors:
                p.stated_code = None
            p.policies = _policies(p, rng)
        else:
            self._tables(p, block, rng)
        if rng.random() < self.error_rate:
            self._mistake(p, block, rng)
        return p

    def _indications(self, code: str) -> tuple[DiseaseBlock, list[tuple[str, str]]]:
        """The disease block and the (title, ICD-10-CM code) conditions a drug code is indicated
        for: the same for every page about the code, drawn once from a generator seeded by it."""
        if code not in self._profiles:
            rng = random.Random(f"indications/{code}")
            block = rng.choice(self.pool.blocks)
            chosen = rng.sample(block.conditions, min(5, len(block.conditions)))
            self._profiles[code] = (block, [(c.title, c.code) for c in chosen])
        return self._profiles[code]

    # ---- report tables ----------------------------------------------------------------------

    def _tables(self, p: PagePlan, block: DiseaseBlock, rng: random.Random) -> None:
        pool = self.pool
        mods = rng.sample(pool.modifiers, min(len(pool.modifiers), rng.randint(2, 4)))
        p.modifiers = [Row(m.code, m.long_description, rng.choice((
            "Append to the drug line when the payer asks for it.",
            "Report on its own line with the units concerned.",
            "Use when the payer's criteria for this code are met."))) for m in mods]
        cpt_mod = rng.choice(CPT_MODIFIERS)
        p.modifiers.append(Row(cpt_mod[0], cpt_mod[1], "Append to the administration line if it applies."))
        specs = rng.sample(pool.specialties, rng.randint(2, 4))
        p.taxonomies = [Row(s.code, s.name, rng.choice((
            "Orders the drug and follows the patient.", "Gives the dose in clinic.",
            "Often manages the condition treated."))) for s in specs]
        leaves = rng.sample(block.leaves, min(len(block.leaves), rng.randint(3, 6)))
        p.diagnoses = [Row(c.code, c.title, rng.choice((
            "A diagnosis payers accept for this drug.", "Listed by payers for medical necessity.",
            f"{cap(p.drug)} is indicated for {c.title[:1].lower() + c.title[1:]}.")))
            for c in leaves]
        cpts = rng.sample(CPT_CODES, rng.randint(2, 4))
        p.procedures = [Row(c, d, "Reported for giving the drug when the route matches.") for c, d in cpts]
        # Rows the page says are left out, and rows it lists twice, as real reports do.
        if rng.random() < 0.7:
            extra = rng.choice([m for m in CPT_MODIFIERS if m != cpt_mod])
            status, note = rng.choice([("excluded", n) for n in EXCLUDED_NOTES]
                                      + [("not-applicable", NOT_APPLICABLE_NOTE)])
            p.modifiers.append(Row(extra[0], extra[1], note, status))
        if rng.random() < 0.5:
            first = p.modifiers[0]
            note = rng.choice((first.note, DUPLICATE_NOTE))
            p.modifiers.insert(rng.randint(2, len(p.modifiers)), Row(first.code, first.description, note,
                                                                     "duplicate"))
        if rng.random() < 0.3:
            again = rng.choice(p.diagnoses)
            p.diagnoses.append(Row(again.code, again.description, again.note, "duplicate"))

    # ---- mistakes ---------------------------------------------------------------------------

    def _mistake(self, p: PagePlan, block: DiseaseBlock, rng: random.Random) -> None:
        pool = self.pool
        kinds = [k for k, (genre, _) in MISTAKES.items() if genre == p.genre]
        if p.stated_code is None:  # a page naming no code can only get its brand wrong
            kinds = [k for k in kinds if k not in ("hcpcs-unknown", "dose-wrong")]
        if not pool.brand_owner:
            kinds = [k for k in kinds if k != "brand-of-other-drug"]
        if not block.headings:
            kinds = [k for k in kinds if k != "icd-not-billable"]
        if not kinds:
            return
        kind = rng.choice(kinds)
        findings = MISTAKES[kind][1]
        if kind == "hcpcs-unknown":
            code = _unused(rng, lambda: f"J{rng.randint(0, 9999):04d}", pool.all_hcpcs)
            p.stated_code = code
            p.mistakes.append(Mistake(kind, "hcpcs", code, findings, f"the page states {code}, "
                                      f"which is not in the release, for {p.official_descriptor}"))
        elif kind == "dose-wrong":
            head, tail = p.descriptor.rsplit(", ", 1)
            m = DOSE_RE.search(tail)
            assert m is not None, p.descriptor  # the pool keeps descriptors that close with a dose
            amount = m["amount"]
            wrong = "10" if amount != "10" else "5"
            p.descriptor = f"{head}, {tail[:m.start('amount')]}{wrong}{tail[m.end('amount'):]}"
            p.mistakes.append(Mistake(kind, "hcpcs", p.code, findings,
                                      f"the title bills {wrong} {m['unit']} where the official unit is "
                                      f"{amount} {m['unit']}", also=("description-mismatch",)))
        elif kind == "brand-of-other-drug":
            brand = rng.choice(sorted(b for b, owners in pool.brand_owner.items() if p.drug not in owners))
            p.brand = brand
            p.mistakes.append(Mistake(kind, "rxnorm", "", findings, f"{brand} given as a brand of {p.drug}"))
        elif kind == "nucc-facility":
            f = rng.choice(pool.facilities)
            p.taxonomies.insert(rng.randrange(len(p.taxonomies) + 1), Row(f.code, f.name, "Gives the dose."))
            p.mistakes.append(Mistake(kind, "nucc", f.code, findings,
                                      f"{f.code} is a facility, not a specialty"))
        else:
            row = self._wrong_diagnosis(kind, p, block, rng)
            p.diagnoses.insert(rng.randrange(len(p.diagnoses) + 1), row)
            p.mistakes.append(Mistake(kind, "icd10cm", row.code, findings, f"{row.code}: {kind}"))

    def _wrong_diagnosis(self, kind: str, p: PagePlan, block: DiseaseBlock, rng: random.Random) -> Row:
        pool = self.pool
        note = "Listed by payers for medical necessity."
        if kind == "icd-not-billable":
            heading = rng.choice(block.headings)
            return Row(heading.code, heading.title, note)
        listed = {r.code for r in p.diagnoses}
        leaf = rng.choice([c for c in block.leaves if c.code not in listed] or block.leaves)
        if kind == "icd-unknown":
            stem = leaf.code.split(".")[0]

            def candidate() -> str:
                return f"{stem}.{rng.randint(0, 99):02d}"

            code = _unused(rng, candidate, pool.all_icd10cm)
            assert ICD10CM.is_well_formed(code)
            return Row(code, leaf.title, note)
        other = rng.choice([b for b in pool.blocks if b.notation[0] != block.notation[0]])
        return Row(leaf.code, rng.choice(other.leaves).title, note)


def _unused(rng: random.Random, make, taken: frozenset[str]) -> str:  # type: ignore[no-untyped-def]
    for _ in range(1000):
        code = make()
        if code not in taken:
            return code
    raise RuntimeError("no unused code found in 1000 tries")


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _policies(p: PagePlan, rng: random.Random) -> list[str]:
    if not p.brand:
        return [f"{rng.choice(PAYERS)}: {cap(p.drug)} injection coverage criteria"]
    lines = [f"{p.brand} ({p.drug})"]
    if rng.random() < 0.5:
        lines.append(f"{rng.choice(PAYERS)}: {p.brand} ({p.drug}) medical policy")
    return lines
