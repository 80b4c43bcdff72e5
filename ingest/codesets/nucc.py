"""NUCC Health Care Provider Taxonomy (© AMA on behalf of NUCC, source nucc.org) from its CSV.

Three levels become a hierarchy: a specialization code is narrower than its classification, a
classification narrower than its grouping. A classification-level code (no specialization, such
as 207R00000X Internal Medicine) is the classification itself; groupings, and the few
classifications that have no code of their own, become minted TaxonomyGroup concepts. Each code
keeps its display name, its level names and its Section (Individual or Non-Individual).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from pyoxigraph import Literal, Quad

from ingest.codesets.common import CodeSetError, RefGraph, Release, file_sha256
from ontology import namespaces as ns
from ontology.vocabulary import MKG, RDF_TYPE, SKOS_ALTLABEL, SKOS_BROADER, SKOS_INSCHEME, SKOS_PREFLABEL

NAME = "nucc"
LABEL = "NUCC Health Care Provider Taxonomy"
SOURCE_URL = "https://www.nucc.org/index.php/code-sets-mainmenu-41/provider-taxonomy-mainmenu-40/csv-mainmenu-57"
DOWNLOADS = (("https://www.nucc.org/images/stories/CSV/nucc_taxonomy_251.csv", None),)
RIGHTS = "© AMA on behalf of NUCC, source nucc.org"

COLUMNS = ("Code", "Grouping", "Classification", "Specialization", "Definition", "Display Name",
           "Section")
SECTIONS = ("Individual", "Non-Individual")
_VERSION = re.compile(r"nucc_taxonomy_(?P<major>\d{2})(?P<minor>\d)", re.I)


@dataclass(frozen=True)
class TaxonomyRecord:
    code: str
    grouping: str
    classification: str
    specialization: str
    definition: str
    display_name: str
    section: str  # Individual | Non-Individual
    line: int

    @property
    def level(self) -> str:
        return "specialization" if self.specialization else "classification"

    @property
    def name(self) -> str:
        """The name of the most specific level: what a document writes as the specialty."""
        return self.specialization or self.classification


def release(path: str | Path) -> Release:
    p = Path(path)
    m = _VERSION.search(p.name)
    version = f"{int(m['major'])}.{m['minor']}" if m else p.name
    return Release(NAME, f"NUCC Health Care Provider Taxonomy {version}", version, None,
                   SOURCE_URL, p.name, file_sha256(p), RIGHTS)


def read(path: str | Path) -> Iterator[TaxonomyRecord]:
    p = Path(path)
    with open(p, encoding="utf-8-sig", newline="") as f:
        rows = csv.reader(f)
        header = next(rows, None)
        if header is None:
            raise CodeSetError(p, "the file is empty; expected the NUCC taxonomy CSV", 1)
        missing = [c for c in COLUMNS if c not in header]
        if missing:
            raise CodeSetError(p, f"missing column(s) {', '.join(missing)}; expected the NUCC "
                                  f"taxonomy CSV header {', '.join(COLUMNS)}", 1, ",".join(header))
        at = {c: header.index(c) for c in COLUMNS}
        for row in rows:
            n = rows.line_num
            if not any(v.strip() for v in row):
                continue
            if len(row) != len(header):
                raise CodeSetError(p, f"{len(row)} fields, expected {len(header)} (a truncated file "
                                      f"or a broken quote?)", n, ",".join(row))
            v = {c: row[at[c]].strip() for c in COLUMNS}
            rec = TaxonomyRecord(
                code=v["Code"], grouping=v["Grouping"], classification=v["Classification"],
                specialization=v["Specialization"], definition=v["Definition"],
                display_name=v["Display Name"], section=v["Section"], line=n,
            )
            if not ns.NUCC.is_well_formed(rec.code):
                raise CodeSetError(p, "Code is not a 10-character taxonomy code", n, rec.code)
            if rec.section not in SECTIONS:
                raise CodeSetError(p, f"Section must be {' or '.join(SECTIONS)}", n, rec.section)
            if not rec.grouping or not rec.classification:
                raise CodeSetError(p, "Grouping and Classification must not be empty", n, rec.code)
            yield rec


def to_quads(records: Iterable[TaxonomyRecord], rg: RefGraph) -> Iterator[Quad]:
    records = list(records)
    scheme = ns.NUCC.scheme
    classification_code = {(r.grouping, r.classification): ns.NUCC.iri(r.code)
                           for r in records if not r.specialization}
    groups: dict[str, tuple[str, str, str | None]] = {}  # minted IRI -> (label, level, broader)
    for r in records:
        iri = ns.NUCC.iri(r.code)
        s = rg.node(iri)
        yield from rg.concept(iri, (MKG.ProviderTaxonomyCode,), r.code, r.display_name or r.name,
                              scheme)
        yield rg.quad(s, SKOS_ALTLABEL, Literal(r.name))
        yield rg.quad(s, MKG.level, Literal(r.level))
        yield rg.quad(s, MKG.taxonomySection, Literal(r.section))
        if r.definition:
            yield rg.quad(s, MKG.definition, Literal(r.definition))
        grouping = ns.entity_iri("nucc-grouping", r.grouping)
        groups.setdefault(grouping, (r.grouping, "grouping", None))
        parent = grouping
        if r.specialization:
            parent = classification_code.get((r.grouping, r.classification)) or ns.entity_iri(
                "nucc-classification", f"{r.grouping} {r.classification}")
            if parent not in classification_code.values():
                groups.setdefault(parent, (r.classification, "classification", grouping))
        yield rg.quad(s, SKOS_BROADER, parent)
    for iri, (label, level, broader) in groups.items():
        yield rg.quad(iri, RDF_TYPE, MKG.TaxonomyGroup)
        yield rg.quad(iri, SKOS_PREFLABEL, Literal(label))
        yield rg.quad(iri, MKG.level, Literal(level))
        yield rg.quad(iri, SKOS_INSCHEME, scheme)
        if broader:
            yield rg.quad(iri, SKOS_BROADER, broader)
