"""Reader for code-explainer pages: a descriptor title, then named sections with bullets."""

from __future__ import annotations

from ingest import extract
from ingest.descriptors import looks_like_descriptor, parse_descriptor
from ingest.errors import TruncatedDocument, UnrecognisedDocument
from ingest.records import DocumentRecord, Evidence, Genre, SourceInfo
from ingest.sections import Section, sections_named, split_sections
from ingest.vocab import EXPLAINER_SECTIONS

GENRE = Genre.EXPLAINER
EXPECTS = "a title that is an HCPCS descriptor ('Injection, <drug>, <dose>') and named sections"

_TITLE_SCAN_LINES = 12


def find_title(text: str) -> tuple[str, int] | None:
    seen = 0
    for n, line in enumerate(text.split("\n"), start=1):
        s = line.strip()
        if not s:
            continue
        if looks_like_descriptor(s):
            return s, n
        seen += 1
        if seen >= _TITLE_SCAN_LINES:
            break
    return None


def sniff(text: str) -> bool:
    names = {s.name for s in split_sections(text)}
    return find_title(text) is not None or len(names & EXPLAINER_SECTIONS) >= 3


def read(source: SourceInfo, text: str) -> DocumentRecord:
    sections = split_sections(text)
    title = find_title(text)
    name_sections = sections_named(sections, "name", "summary")
    if title is None and not name_sections:
        raise UnrecognisedDocument(source.path, f"no HCPCS descriptor title; expected {EXPECTS}")
    title_text, title_line = title if title else (name_sections[0].heading, name_sections[0].line)
    descriptor = parse_descriptor(title_text) if title else None
    drug = descriptor.drug if descriptor else None

    code_texts = [("title", title_text, title_line)] + [
        (s.heading, i.text, i.line) for s in sections_named(sections, "name") for i in s.items
    ]
    found = extract.first_code(code_texts)

    conditions, criteria = extract.indications(sections_named(sections, "indications", "purpose"))
    if not conditions and not criteria:
        seen = ", ".join(dict.fromkeys(s.heading for s in sections if s.heading)) or "none"
        raise TruncatedDocument(
            source.path,
            f"no Indications or Purpose content: the page looks cut off or incomplete "
            f"(sections seen: {seen})",
        )
    policies, policy_brands = extract.policies(drug, sections_named(sections, "policies"))
    about = sections_named(sections, "name", "summary", "procedure", "duration", "preamble")
    return DocumentRecord(
        source=source,
        genre=GENRE,
        title=title_text,
        hcpcs_code=found[0] if found else None,
        code_evidence=found[1] if found else None,
        descriptor=descriptor,
        descriptor_evidence=Evidence("title", title_text, title_line) if descriptor else None,
        drug=drug,
        brands=extract.dedupe(
            extract.brands(drug, sections_named(sections, "name", "summary")) + policy_brands
        ),
        indications=conditions,
        criteria=criteria,
        routes=extract.routes(about),
        settings=extract.settings(sections_named(sections, "setting")),
        roles=extract.roles(sections_named(sections, "personnel")),
        risks=extract.risks(sections_named(sections, "risks")),
        alternatives=extract.alternatives(sections_named(sections, "alternatives")),
        policies=policies,
        payers=tuple(
            extract.Mention(p.payer, p.title, p.evidence) for p in policies if p.payer
        ),
        warnings=_warnings(sections),
    )


def _warnings(sections: list[Section]) -> tuple[str, ...]:
    names = {s.name for s in sections}
    missing = [n for n in ("indications", "setting", "personnel", "risks") if n not in names]
    return (f"sections not found: {', '.join(missing)}",) if missing else ()
