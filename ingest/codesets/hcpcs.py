"""HCPCS Level II (CMS, public domain) from the annual fixed-width "ANWEB" file.

Record layout (1-based, CMS HCPC record layout): 1-5 code (modifiers at 4-5 after three spaces),
6-10 sequence, 11 record id (3 procedure, 4 its continuation, 7 modifier, 8 its continuation),
12-91 long description (80 characters a line; continuation lines carry the rest), 92-119 short
description, 120-121 pricing indicator, 269-276 add date, 277-284 action effective date, 285-292
termination date, 293 action code. A first line is exactly 320 characters; a file whose lines
are another length, whose dates sit elsewhere or that stops mid-record is rejected with the line.

Drug codes ("Injection, tocilizumab, 1 mg") get their official drug name and billing-unit dose,
read with the same descriptor parser as document titles so both sides compare like for like.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from pyoxigraph import Literal, Quad

from ingest.codesets.common import CodeSetError, RefGraph, Release, file_sha256, parse_yyyymmdd
from ingest.descriptors import parse_descriptor
from ingest.records import Dose
from ontology import namespaces as ns
from ontology.vocabulary import MKG

NAME = "hcpcs"
LABEL = "HCPCS Level II"
SOURCE_URL = ("https://www.cms.gov/medicare/coding-billing/healthcare-common-procedure-system/"
              "quarterly-update")
DOWNLOADS = (
    # CMS publishes one zip a year (and quarterly updates) holding HCPC<year>_..._ANWEB*.txt.
    ("https://www.cms.gov/files/zip/january-2026-alpha-numeric-hcpcs-file.zip", r"HCPC\d{4}.*ANWEB.*\.txt$"),
)

RECORD_LENGTH = 320
ENCODING = "cp1252"
_FIRST, _CONTINUED = {"3": "procedure", "7": "modifier"}, {"4": "procedure", "8": "modifier"}
_PROCEDURE = re.compile(r"[A-V]\d{4}")
_MODIFIER = re.compile(r"   [A-Z0-9]{2}")
_FILE_RELEASE = re.compile(r"HCPC(?P<year>\d{4})(?:_(?P<quarter>JAN|APR|JUL|OCT))?", re.I)
_QUARTER_MONTH = {"JAN": 1, "APR": 4, "JUL": 7, "OCT": 10}
_HEADER_LINES = 20  # CMS puts a short disclaimer before the first record
_DRUG_FORMS = ("injection", "infusion", "inj ", "inj,")
EXPECTED = ("CMS HCPCS ANWEB fixed-width records of 320 characters (code 1-5, record id 3/4/7/8 at "
            "11, dates YYYYMMDD at 269-292)")


@dataclass(frozen=True)
class HcpcsRecord:
    code: str  # J9302, or JW for a modifier
    kind: str  # procedure | modifier
    long_description: str
    short_description: str
    pricing_indicator: str
    add_date: date | None
    effective_date: date | None
    termination_date: date | None
    action_code: str
    line: int
    drug: str | None = None  # from the long descriptor of drug codes
    dose: Dose | None = None


def release(path: str | Path) -> Release:
    p = Path(path)
    m = _FILE_RELEASE.search(p.name)
    released = None
    version = p.name
    if m:
        quarter = (m["quarter"] or "JAN").upper()
        released = date(int(m["year"]), _QUARTER_MONTH[quarter], 1)
        version = m["year"] + (f" {quarter}" if m["quarter"] else "")
    else:  # no year in the name: the release takes effect with its latest action
        dates = [r.effective_date for r in read(p) if r.effective_date]
        released = max(dates) if dates else None
        version = released.isoformat() if released else p.name
    return Release(NAME, f"HCPCS Level II {version} (CMS ANWEB)", version, released,
                   SOURCE_URL, p.name, file_sha256(p))


def read(path: str | Path) -> Iterator[HcpcsRecord]:
    """Every code and modifier of the file, continuation lines joined into the long description."""
    p = Path(path)
    current: HcpcsRecord | None = None
    started = False
    with open(p, encoding=ENCODING, newline="") as f:
        for n, raw in enumerate(f, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip():
                continue
            if not raw.endswith("\n") and started:
                raise CodeSetError(p, "the file ends in the middle of a record (truncated?)", n,
                                   line[:40])
            if not started:
                if not _looks_like_record(line):
                    if n > _HEADER_LINES:
                        raise CodeSetError(p, f"no HCPCS record in the first {_HEADER_LINES} lines; "
                                              f"expected {EXPECTED}", n, line)
                    continue
                started = True
            record_id = line[10:11]
            if record_id in _CONTINUED and (12 <= len(line) <= 91 or len(line) == RECORD_LENGTH):
                if current is None or current.code != _code(line) or current.kind != _CONTINUED[record_id]:
                    raise CodeSetError(p, "continuation line without the record it continues", n, line)
                current = replace(current, long_description=(
                    current.long_description + " " + line[11:91].strip()).strip())
                continue
            if current is not None:
                yield _with_drug(current)
            current = _first_line(p, n, line)
    if not started:
        raise CodeSetError(p, f"no HCPCS records; expected {EXPECTED}", 1)
    if current is not None:
        yield _with_drug(current)


def _looks_like_record(line: str) -> bool:
    return len(line) >= 11 and line[10:11] in "3478" and line[5:10].isdigit() and bool(
        _PROCEDURE.fullmatch(line[:5]) or _MODIFIER.fullmatch(line[:5]))


def _code(line: str) -> str:
    return line[:5].strip()


def _first_line(p: Path, n: int, line: str) -> HcpcsRecord:
    if len(line) != RECORD_LENGTH:
        cut = " (the file looks truncated)" if len(line) < RECORD_LENGTH else ""
        raise CodeSetError(p, f"record is {len(line)} characters, expected {RECORD_LENGTH}{cut}; "
                              f"another year's layout? Expected {EXPECTED}", n, line[:40])
    record_id = line[10:11]
    if record_id not in _FIRST:
        raise CodeSetError(p, "record id at position 11 must be 3, 4, 7 or 8", n, line[:12])
    kind = _FIRST[record_id]
    pattern = _PROCEDURE if kind == "procedure" else _MODIFIER
    if not pattern.fullmatch(line[:5]):
        raise CodeSetError(p, f"positions 1-5 are not an HCPCS {kind} code", n, line[:5])
    if not line[5:10].isdigit():
        raise CodeSetError(p, "positions 6-10 are not a sequence number", n, line[5:10])
    action = line[292:293].strip()
    if action and not action.isalpha():
        raise CodeSetError(p, "position 293 is not an action code", n, line[292:293])
    return HcpcsRecord(
        code=_code(line), kind=kind,
        long_description=line[11:91].strip(), short_description=line[91:119].strip(),
        pricing_indicator=line[119:121].strip(),
        add_date=parse_yyyymmdd(p, n, line[268:276], "add date (268-276)"),
        effective_date=parse_yyyymmdd(p, n, line[276:284], "action effective date (277-284)"),
        termination_date=parse_yyyymmdd(p, n, line[284:292], "termination date (285-292)"),
        action_code=action, line=n,
    )


def _with_drug(r: HcpcsRecord) -> HcpcsRecord:
    if r.kind != "procedure" or not (r.code.startswith("J") or
                                     r.long_description.lower().startswith(_DRUG_FORMS)):
        return r
    d = parse_descriptor(r.long_description)
    if d.drug and d.dose:
        return replace(r, drug=d.drug, dose=d.dose)
    return r


def to_quads(records: Iterable[HcpcsRecord], rg: RefGraph) -> Iterator[Quad]:
    kinds = {"procedure": (ns.HCPCS, MKG.HCPCSCode), "modifier": (ns.HCPCS_MODIFIER, MKG.Modifier)}
    for r in records:
        system, cls = kinds[r.kind]
        iri = system.iri(r.code)
        s = rg.node(iri)
        yield from rg.concept(iri, (cls,), r.code, r.long_description, system.scheme)
        yield rg.quad(s, MKG.level, Literal(r.kind))
        if r.short_description:
            yield rg.quad(s, MKG.shortDescription, Literal(r.short_description))
        for prop, value in ((MKG.addDate, r.add_date), (MKG.effectiveDate, r.effective_date),
                            (MKG.terminationDate, r.termination_date)):
            if value:
                yield rg.quad(s, prop, rg.value(value))
        if r.action_code:
            yield rg.quad(s, MKG.actionCode, Literal(r.action_code))
        if r.drug and r.dose:
            yield rg.quad(s, MKG.descriptorDrug, Literal(r.drug))
            yield rg.quad(s, MKG.doseAmount, rg.value(r.dose.amount))
            yield rg.quad(s, MKG.doseUnit, Literal(r.dose.unit))
