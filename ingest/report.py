"""Reader for billing/coding reports: an overview in prose, then pipe tables of codes."""

from __future__ import annotations

import re

from ingest import extract
from ingest.descriptors import parse_descriptor
from ingest.errors import UnrecognisedDocument
from ingest.records import CodeRow, DocumentRecord, Evidence, Genre, SourceInfo
from ingest.sections import Section, sections_named, split_sections
from ingest.tables import find_tables, has_code_table, table_rows

GENRE = Genre.REPORT
EXPECTS = "an HCPCS code in its overview and pipe tables of modifiers, taxonomy, ICD-10 or CPT codes"

_TITLE = re.compile(r"HCPCS(?: Level II)?(?: code)?\s+(?P<code>[A-V]\d{4})\s*[:\-–]\s*(?P<title>.+)")
_REPRESENTS = re.compile(
    r"\b(?P<code>[A-V]\d{4})\s+(?:represents|describes|is defined as|is described as)\s+"
    r"(?P<desc>.+?\b(?:mg|mcg|micrograms?|g|units?|ml))(?=[.;,)]?(\s|$))",
    re.I,
)


def sniff(text: str) -> bool:
    return has_code_table(text)


def _section_at(sections: list[Section], line: int) -> str:
    name = "table"
    for s in sections:
        if s.line <= line and s.heading:
            name = s.heading
    return name


def read(source: SourceInfo, text: str) -> DocumentRecord:
    sections = split_sections(text)
    tables, warnings = find_tables(source.path, text)
    items = [(s.heading or s.name, i.text, i.line) for s in sections for i in s.items]

    code, code_ev, title = None, None, ""
    for section, t, line in items:
        if m := _TITLE.search(t):
            code, code_ev, title = m["code"], Evidence(section, t, line), m["title"].strip()
            break
    if code is None and (found := extract.first_code(items)):
        code, code_ev = found
    if code is None:
        raise UnrecognisedDocument(source.path, f"no HCPCS code found; expected {EXPECTS}")

    descriptor, desc_ev = None, None
    for section, t, line in items:
        m = _REPRESENTS.search(t)
        if m and m["code"] == code:
            candidate = parse_descriptor(m["desc"])
            if candidate.drug and candidate.dose:
                descriptor, desc_ev = candidate, Evidence(section, t, line)
                break
    if descriptor is None and title:
        candidate = parse_descriptor(title)
        if candidate.drug and candidate.dose:
            descriptor, desc_ev = candidate, code_ev
    drug = descriptor.drug if descriptor else None

    rows: dict[str, list[CodeRow]] = {"diagnoses": [], "procedures": [], "modifiers": [], "taxonomies": []}
    for table in tables:
        rows[table.kind].extend(table_rows(table, _section_at(sections, table.header_line)))

    overview = sections_named(sections, "summary", "billing-overview", "clinical-context", "preamble")
    relevance = [
        (r.evidence.section, r.note, r.evidence.line) for r in rows["diagnoses"] if r.status == "stated"
    ]
    return DocumentRecord(
        source=source,
        genre=GENRE,
        title=title or (descriptor.text if descriptor else code),
        hcpcs_code=code,
        code_evidence=code_ev,
        descriptor=descriptor,
        descriptor_evidence=desc_ev,
        drug=drug,
        brands=extract.brands(drug, overview),
        indications=extract.stated_indications(items + relevance),
        routes=extract.routes(overview),
        settings=extract.settings(overview),
        roles=extract.roles(sections_named(sections, "clinical-context")),
        payers=extract.payers((i for s in overview for i in s.items), "Summary & Overview"),
        diagnoses=tuple(rows["diagnoses"]),
        procedures=tuple(rows["procedures"]),
        modifiers=tuple(rows["modifiers"]),
        taxonomies=tuple(rows["taxonomies"]),
        warnings=tuple(warnings),
    )
