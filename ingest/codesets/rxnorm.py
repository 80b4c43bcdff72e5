"""RxNorm (NLM): ingredient RxCUIs and brand names, each brand linked to its ingredient(s).

Two inputs, one record shape:
- NLM's RRF release: `RXNCONSO.RRF` (pipe-delimited, 18 fields) gives names and term types; the
  `RXNREL.RRF` beside it, when present, gives the tradename_of / has_tradename links between
  brand names (BN) and ingredients (IN, PIN, MIN). Without it brands load unlinked.
- A JSON-lines extract of RxNorm Current Prescribable Content (one ingredient per line, with
  SCDC → SCD → SBD → BN nesting), plain or gzipped.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import IO

from pyoxigraph import Literal, Quad

from ingest.codesets.common import CodeSetError, RefGraph, Release, file_sha256
from ontology import namespaces as ns
from ontology.vocabulary import MKG

NAME = "rxnorm"
LABEL = "RxNorm"
SOURCE_URL = "https://www.nlm.nih.gov/research/umls/rxnorm/docs/rxnormfiles.html"
# Current Prescribable Content needs no UMLS licence; the full release does (UTS login).
DOWNLOADS = (("https://download.nlm.nih.gov/rxnorm/RxNorm_full_prescribe_current.zip",
              r"rrf/RXN(CONSO|REL)\.RRF$"),)

INGREDIENT_TYPES = ("IN", "PIN", "MIN")
BRAND = "BN"
CONSO_FIELDS = 18  # RXCUI|LAT|TS|LUI|STT|SUI|ISPREF|RXAUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF
REL_FIELDS = 16  # RXCUI1|RXAUI1|STYPE1|REL|RXCUI2|RXAUI2|STYPE2|RELA|RUI|SRUI|SAB|SL|DIR|RG|SUPPRESS|CVF
_TRADENAME = ("tradename_of", "has_tradename")
_SUPPRESSED = ("O", "Y", "E")
_DATE8 = re.compile(r"(?<!\d)(\d{8})(?!\d)")


@dataclass(frozen=True)
class RxConcept:
    rxcui: str
    name: str
    tty: str  # IN | PIN | MIN | BN
    line: int
    ingredients: tuple[str, ...] = ()  # for a brand: the RxCUIs of the ingredients it is sold as


def release(path: str | Path) -> Release:
    p = Path(path)
    conso = _conso_path(p) if _is_rrf(p) else p
    released = _date_in(str(p))
    version = released.isoformat() if released else p.name
    kind = "RRF" if _is_rrf(p) else "prescribable JSONL extract"
    return Release(NAME, f"RxNorm {version} ({kind})", version, released, SOURCE_URL, conso.name,
                   file_sha256(conso))


def read(path: str | Path) -> Iterator[RxConcept]:
    """Ingredients first, then brand names with the ingredients they belong to."""
    p = Path(path)
    yield from (_read_rrf(p) if _is_rrf(p) else _read_jsonl(p))


def _is_rrf(p: Path) -> bool:
    return p.is_dir() or p.name.upper().endswith(".RRF")


def _conso_path(p: Path) -> Path:
    if p.is_dir():
        for candidate in (p / "RXNCONSO.RRF", p / "rrf" / "RXNCONSO.RRF"):
            if candidate.exists():
                return candidate
        raise CodeSetError(p, "no RXNCONSO.RRF in this folder (or its rrf/ folder)")
    return p


def _date_in(text: str) -> date | None:
    for digits in _DATE8.findall(text):
        for y, m, d in ((digits[:4], digits[4:6], digits[6:]), (digits[4:], digits[:2], digits[2:4])):
            try:
                found = date(int(y), int(m), int(d))
            except ValueError:
                continue
            if 1990 < found.year < 2100:
                return found
    return None


def _rrf_rows(path: Path, fields: int) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8", newline="") as f:
        for n, raw in enumerate(f, start=1):
            line = raw.rstrip("\r\n")
            if not line:
                continue
            parts = line.split("|")
            if len(parts) != fields + 1 or parts[-1] != "":
                raise CodeSetError(path, f"{len(parts) - 1} '|'-separated fields, expected {fields} "
                                         f"ending in '|' ({path.name} layout; truncated?)", n, line)
            yield n, parts[:-1]


def _read_rrf(p: Path) -> Iterator[RxConcept]:
    conso = _conso_path(p)
    concepts: dict[str, RxConcept] = {}
    for n, f in _rrf_rows(conso, CONSO_FIELDS):
        rxcui, sab, tty, name, suppress = f[0], f[11], f[12], f[14], f[16]
        if not rxcui.isdigit():
            raise CodeSetError(conso, "RXCUI (field 1) is not a number", n, rxcui)
        if sab != "RXNORM" or suppress in _SUPPRESSED or (tty not in INGREDIENT_TYPES and tty != BRAND):
            continue
        concepts.setdefault(rxcui, RxConcept(rxcui, name, tty, n))
    links: dict[str, set[str]] = {}
    rel = conso.with_name("RXNREL.RRF")
    if rel.exists():
        for _n, f in _rrf_rows(rel, REL_FIELDS):
            a, b, rela = concepts.get(f[0]), concepts.get(f[4]), f[7]
            if rela in _TRADENAME and a and b and {a.tty, b.tty} & {BRAND}:
                brand, ingredient = (a, b) if a.tty == BRAND else (b, a)
                if ingredient.tty in INGREDIENT_TYPES:
                    links.setdefault(brand.rxcui, set()).add(ingredient.rxcui)
    yield from (c for c in concepts.values() if c.tty != BRAND)
    for c in concepts.values():
        if c.tty == BRAND:
            yield RxConcept(c.rxcui, c.name, c.tty, c.line, tuple(sorted(links.get(c.rxcui, ()))))


def _open_text(p: Path) -> IO[str]:
    if p.suffix == ".gz":
        return gzip.open(p, "rt", encoding="utf-8")
    return open(p, encoding="utf-8")


def _read_jsonl(p: Path) -> Iterator[RxConcept]:
    brands: dict[str, tuple[str, int, set[str]]] = {}
    n = 0
    try:
        with _open_text(p) as f:
            for n, line in enumerate(f, start=1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                    rxcui, name, tty = str(obj["RXCUI"]), obj["Name"], obj["TTY"]
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    raise CodeSetError(p, f"not an RxNorm ingredient record (JSON object with Name, "
                                          f"RXCUI, TTY): {exc}", n, line.strip()) from None
                if tty not in INGREDIENT_TYPES or not rxcui.isdigit():
                    raise CodeSetError(p, f"TTY must be one of {', '.join(INGREDIENT_TYPES)} with a "
                                          f"numeric RXCUI", n, f"{tty} {rxcui}")
                yield RxConcept(rxcui, name, tty, n)
                for bn in _brands_of(obj):
                    entry = brands.setdefault(str(bn["RXCUI"]), (bn["Name"], n, set()))
                    entry[2].add(rxcui)
    except (EOFError, zlib.error, gzip.BadGzipFile, UnicodeDecodeError) as exc:
        raise CodeSetError(p, f"the file is cut off or not a gzip/UTF-8 JSON-lines file ({exc})",
                           n + 1) from None
    if n == 0:
        raise CodeSetError(p, "the file is empty; expected RxNorm JSON lines", 1)
    for rxcui, (name, line_no, ingredients) in brands.items():
        yield RxConcept(rxcui, name, BRAND, line_no, tuple(sorted(ingredients)))


def _brands_of(obj: dict) -> Iterator[dict]:  # type: ignore[type-arg]
    for scdc in obj.get("SCDCs") or ():
        for scd in scdc.get("SCDs") or ():
            for sbd in scd.get("SBDs") or ():
                for bn in sbd.get("BNs") or ():
                    if bn.get("TTY") == BRAND and "RXCUI" in bn and "Name" in bn:
                        yield bn


def to_quads(records: Iterable[RxConcept], rg: RefGraph) -> Iterator[Quad]:
    system = ns.RXNORM
    for r in records:
        iri = system.iri(r.rxcui)
        cls = MKG.RxNormBrandName if r.tty == BRAND else MKG.RxNormIngredient
        yield from rg.concept(iri, (cls,), r.rxcui, r.name, system.scheme)
        yield rg.quad(iri, MKG.level, Literal(r.tty))
        for ingredient in r.ingredients:
            yield rg.quad(system.iri(ingredient), MKG.rxnormBrand, iri)
