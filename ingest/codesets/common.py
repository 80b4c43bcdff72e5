"""What every code-set reader shares: the parse error, the release record, the quad builder.

A reader turns one official file into typed records; `reference_quads` turns them into the quads
of the set's reference graph, whose IRI stands for the release: the graph says which release it
holds, where it came from and when it was loaded (PROV-O and Dublin Core), so every check made
against it can name the release.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from pyoxigraph import Literal, NamedNode, Quad

from ingest.errors import IngestError
from ontology import namespaces as ns
from ontology.vocabulary import (
    DCTERMS_TITLE,
    MKG,
    PROV_GENERATED_AT,
    RDF_TYPE,
    SKOS_INSCHEME,
    SKOS_NOTATION,
    SKOS_PREFLABEL,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_DATETIME,
    XSD_DECIMAL,
    XSD_INTEGER,
)

DCTERMS_SOURCE = ns.DCTERMS + "source"
DCTERMS_VERSION = ns.DCTERMS + "hasVersion"
DCTERMS_RIGHTS = ns.DCTERMS + "rights"
SKOS_CONCEPT = ns.SKOS + "Concept"


class CodeSetError(IngestError):
    """An official code file that cannot be read: names the file, the line and the value."""

    kind = "bad-code-set"

    def __init__(self, path: str | Path, reason: str, line: int | None = None, value: str | None = None):
        self.value = value
        shown = f" (found {value[:80]!r})" if value is not None else ""
        super().__init__(str(path), reason + shown, line)


@dataclass(frozen=True)
class Release:
    """Which release of a code set a file holds."""

    code_set: str  # registry key: icd10cm, hcpcs, nucc, rxnorm
    title: str  # e.g. "HCPCS Level II 2020 annual (ANWEB)"
    version: str  # e.g. "2020", "25.1", "2026-04-01"
    release_date: date | None
    source_url: str
    file_name: str
    sha256: str | None
    rights: str | None = None


def file_sha256(path: str | Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def parse_yyyymmdd(path: str | Path, line: int, text: str, field: str) -> date | None:
    """A CMS-style YYYYMMDD date; blank is None, anything else is a parse error."""
    s = text.strip()
    if not s:
        return None
    try:
        if len(s) != 8 or not s.isdigit():
            raise ValueError
        return date(int(s[:4]), int(s[4:6]), int(s[6:]))
    except ValueError:
        raise CodeSetError(path, f"{field} is not a YYYYMMDD date", line, text) from None


class RefGraph:
    """Builds the quads of one reference graph with interned terms (this is the hot path)."""

    def __init__(self, code_set: str):
        self.iri = ns.reference_graph(code_set)
        self.g = NamedNode(self.iri)
        self._nodes: dict[str, NamedNode] = {}
        self._types = {t: NamedNode(t) for t in (XSD_DATE, XSD_BOOLEAN, XSD_INTEGER, XSD_DECIMAL)}

    def node(self, iri: str) -> NamedNode:
        n = self._nodes.get(iri)
        if n is None:
            n = self._nodes[iri] = NamedNode(iri)
        return n

    def quad(self, s: str | NamedNode, p: str, o: str | NamedNode | Literal) -> Quad:
        subject = s if isinstance(s, NamedNode) else self.node(s)
        obj = o if isinstance(o, NamedNode | Literal) else self.node(o)
        return Quad(subject, self.node(p), obj, self.g)

    def text(self, value: str) -> Literal:
        return Literal(value)

    def value(self, value: date | bool | int | Decimal) -> Literal:
        if isinstance(value, bool):
            return Literal("true" if value else "false", datatype=self._types[XSD_BOOLEAN])
        if isinstance(value, date):
            return Literal(value.isoformat(), datatype=self._types[XSD_DATE])
        if isinstance(value, int):
            return Literal(str(value), datatype=self._types[XSD_INTEGER])
        return Literal(format(value, "f"), datatype=self._types[XSD_DECIMAL])

    def concept(self, iri: str | NamedNode, classes: tuple[str, ...], notation: str, label: str,
                scheme: str) -> list[Quad]:
        """The triples every official concept has: types, notation, label, scheme."""
        s = iri if isinstance(iri, NamedNode) else NamedNode(iri)
        g, node = self.g, self.node
        rdf_type = node(RDF_TYPE)
        out = [Quad(s, rdf_type, node(cls), g) for cls in (*classes, SKOS_CONCEPT)]
        out += (Quad(s, node(SKOS_NOTATION), Literal(notation), g),
                Quad(s, node(SKOS_PREFLABEL), Literal(label), g),
                Quad(s, node(SKOS_INSCHEME), node(scheme), g))
        return out


def release_quads(rg: RefGraph, release: Release, loaded_at: datetime, concepts: int) -> list[Quad]:
    """What the reference graph says about itself: the release it holds, its source, load time."""
    g = rg.iri
    out = [
        rg.quad(g, RDF_TYPE, MKG.CodeSetRelease),
        rg.quad(g, MKG.codeSet, Literal(release.code_set)),
        rg.quad(g, DCTERMS_TITLE, Literal(release.title)),
        rg.quad(g, DCTERMS_VERSION, Literal(release.version)),
        rg.quad(g, DCTERMS_SOURCE, release.source_url),
        rg.quad(g, MKG.fileName, Literal(release.file_name)),
        rg.quad(g, MKG.conceptCount, rg.value(concepts)),
        rg.quad(g, PROV_GENERATED_AT, Literal(
            loaded_at.isoformat().replace("+00:00", "Z"), datatype=NamedNode(XSD_DATETIME))),
    ]
    if release.release_date:
        out.append(rg.quad(g, MKG.releaseDate, rg.value(release.release_date)))
    if release.sha256:
        out.append(rg.quad(g, MKG.sha256, Literal(release.sha256)))
    if release.rights:
        out.append(rg.quad(g, DCTERMS_RIGHTS, Literal(release.rights)))
    return out


