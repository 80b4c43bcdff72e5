"""What the synthetic corpus draws from: the official code sets, read with medkg's own readers.

Drug codes and their long descriptors come from the HCPCS file, diagnoses and their titles from
ICD-10-CM, specialties (and the agencies a careless page lists as one) from NUCC, brand names from
RxNorm when that file is given. Only codes a correct page could state are kept: drug codes active
on the release date whose descriptor reads as a page title, billable ICD-10-CM codes under blocks
of diseases, clinician specialties. The deliberate mistakes are drawn from the rest.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from ingest.codesets import hcpcs, icd10cm, nucc, rxnorm
from ingest.codesets.hcpcs import HcpcsRecord
from ingest.codesets.icd10cm import Icd10cmConcept
from ingest.codesets.nucc import TaxonomyRecord
from ingest.descriptors import DOSE_RE, looks_like_descriptor, parse_descriptor, parse_dose
from ingest.vocab import names_a_condition

HCPCS_FILE = Path("hcpcs") / "HCPC2020_ANWEB_w_disclaimer.txt"
NUCC_FILE = Path("nucc") / "nucc_taxonomy_251.csv"
RXNORM_FILE = Path("drugs") / "rxnorm_prescribable_20251006_ingredients.jsonl.gz"

# Chapters of diseases (A00-N99): the blocks a drug page's indications and diagnoses come from.
_DISEASE_CHAPTER_LETTERS = frozenset("ABCDEFGHIJKLMN")
# Blocks a drug is not given for: complications of care, injuries, symptoms.
_NOT_TREATED = re.compile(r"complication|procedur|injur|poisoning|symptom")
_CLINICIAN_GROUPINGS = frozenset({
    "Allopathic & Osteopathic Physicians", "Nursing Service Providers",
    "Physician Assistants & Advanced Practice Nursing Providers", "Pharmacy Service Providers",
})
_FACILITY_GROUPINGS = frozenset({"Ambulatory Health Care Facilities", "Agencies", "Hospitals"})
# Level II modifiers that drug claims use; only those in the release are kept.
_DRUG_MODIFIERS = ("JW", "JZ", "JA", "JB", "JG", "JE", "KX", "GA", "GZ", "SC", "TB", "KD", "KO", "KP")
_MAX_TITLE = 90
# Brand names as pages write them in running text: one capitalised word (Actemra, Blincyto).
_ONE_WORD_NAME = re.compile(r"[A-Z][a-z][\w-]*")


def reference_sources(reference: Path, *, with_rxnorm: bool = True) -> dict[str, Path | None]:
    """The official files under a reference folder laid out like ../shared/reference, by set name
    (ICD-10-CM None: the release packaged with simple-icd-10-cm), as `medkg refdata load` takes them."""
    sources: dict[str, Path | None] = {
        "icd10cm": None, "hcpcs": reference / HCPCS_FILE, "nucc": reference / NUCC_FILE,
    }
    if with_rxnorm and (reference / RXNORM_FILE).exists():
        sources["rxnorm"] = reference / RXNORM_FILE
    return sources


@dataclass(frozen=True)
class DiseaseBlock:
    """An ICD-10-CM block with the codes a page about one of its diseases would list."""

    notation: str
    leaves: tuple[Icd10cmConcept, ...]  # billable codes
    headings: tuple[Icd10cmConcept, ...]  # categories and subcategories: not billable
    conditions: tuple[Icd10cmConcept, ...]  # codes whose title names a disease (for indications)


@dataclass
class CodePool:
    drug_codes: list[HcpcsRecord]
    unique_descriptors: frozenset[str]  # descriptors no other drug code shares (safe to leave unstated)
    all_hcpcs: frozenset[str]
    modifiers: list[HcpcsRecord]
    blocks: list[DiseaseBlock]
    all_icd10cm: frozenset[str]
    specialties: list[TaxonomyRecord]
    facilities: list[TaxonomyRecord]
    brands: dict[str, list[str]] = field(default_factory=dict)  # drug (lower) -> its brand names
    brand_owner: dict[str, frozenset[str]] = field(default_factory=dict)  # brand -> ingredient names

    @classmethod
    def read(cls, sources: dict[str, Path | None]) -> CodePool:
        hcpcs_path = sources["hcpcs"]
        assert hcpcs_path is not None, "the corpus needs an HCPCS file"
        records = list(hcpcs.read(hcpcs_path))
        released = hcpcs.release(hcpcs_path).release_date
        drugs = [r for r in records if _usable_drug_code(r, released)]
        counts: dict[str, int] = defaultdict(int)
        for r in records:
            counts[r.long_description.lower()] += 1
        concepts = list(icd10cm.read(sources.get("icd10cm")))
        nucc_path = sources["nucc"]
        assert nucc_path is not None, "the corpus needs a NUCC file"
        taxonomy = list(nucc.read(nucc_path))
        pool = cls(
            drug_codes=drugs,
            unique_descriptors=frozenset(
                r.long_description for r in drugs if counts[r.long_description.lower()] == 1),
            all_hcpcs=frozenset(r.code for r in records),
            modifiers=[r for r in records if r.kind == "modifier" and r.code in _DRUG_MODIFIERS
                       and _active(r, released)],
            blocks=_disease_blocks(concepts),
            all_icd10cm=frozenset(c.code for c in concepts),
            specialties=[t for t in taxonomy if t.section == "Individual"
                         and t.grouping in _CLINICIAN_GROUPINGS],
            facilities=[t for t in taxonomy if t.section == "Non-Individual"
                        and t.grouping in _FACILITY_GROUPINGS],
        )
        if sources.get("rxnorm"):
            pool.brands, pool.brand_owner = _brands(sources["rxnorm"])
        if not (pool.drug_codes and pool.blocks and pool.specialties):
            raise ValueError(f"the code sets in {sources} hold too little to write pages from: "
                             f"{len(pool.drug_codes)} drug codes, {len(pool.blocks)} disease blocks, "
                             f"{len(pool.specialties)} clinician specialties")
        return pool


def closing_dose(descriptor: str) -> str:
    """The part of a descriptor after its last comma: the billing unit ("1 mg", "per 250,000 iu")."""
    return descriptor.rsplit(", ", 1)[-1].strip()


def _active(r: HcpcsRecord, released: date | None) -> bool:
    if released is None:
        return r.termination_date is None
    return (r.termination_date is None or r.termination_date >= released) and (
        r.add_date is None or r.add_date <= released)


def _usable_drug_code(r: HcpcsRecord, released: date | None) -> bool:
    """An active injectable drug code whose descriptor a page can use as its title."""
    text = r.long_description
    if r.kind != "procedure" or not (r.drug and r.dose) or not _active(r, released):
        return False
    if not text.lower().startswith("injection,") or len(text) > _MAX_TITLE or "|" in text:
        return False
    # the dose closes the descriptor, as pages write it ("Injection, tocilizumab, 1 mg")
    last = re.sub(r"^(per|up to)\s+", "", closing_dose(text))
    return (looks_like_descriptor(text) and parse_descriptor(text).drug == r.drug
            and DOSE_RE.fullmatch(last) is not None and parse_dose(last) == r.dose)


def _disease_blocks(concepts: list[Icd10cmConcept]) -> list[DiseaseBlock]:
    block_of: dict[str, str] = {}
    members: dict[str, list[Icd10cmConcept]] = defaultdict(list)
    for c in concepts:  # parents come before their children
        if c.level == "block":
            block_of[c.code] = c.code
        elif c.parent in block_of:
            block_of[c.code] = block_of[c.parent]
            members[block_of[c.code]].append(c)
    out = []
    titles = {c.code: c.title.lower() for c in concepts if c.level == "block"}
    for notation, codes in members.items():
        if notation[0] not in _DISEASE_CHAPTER_LETTERS or _NOT_TREATED.search(titles[notation]):
            continue
        leaves = tuple(c for c in codes if c.billable)
        headings = tuple(c for c in codes if not c.billable)
        conditions = tuple(c for c in codes if names_a_condition(c.title) and "," not in c.title)
        if len(leaves) >= 3 and conditions:
            out.append(DiseaseBlock(notation, leaves, headings, conditions))
    return out


def _brands(path: Path | None) -> tuple[dict[str, list[str]], dict[str, frozenset[str]]]:
    concepts = list(rxnorm.read(path)) if path else []
    ingredient_name = {c.rxcui: c.name.lower() for c in concepts if c.tty != "BN"}
    spellings = Counter(c.name.lower() for c in concepts if c.tty == "BN")
    brands: dict[str, list[str]] = defaultdict(list)
    owner: dict[str, frozenset[str]] = {}
    for c in concepts:
        if c.tty != "BN" or not c.ingredients or not _ONE_WORD_NAME.fullmatch(c.name):
            continue
        if spellings[c.name.lower()] > 1:  # two concepts spelled alike: which one a page means is unclear
            continue
        names = frozenset(ingredient_name[i] for i in c.ingredients if i in ingredient_name)
        owner[c.name] = names
        for name in names:
            brands[name].append(c.name)
    return dict(brands), owner
