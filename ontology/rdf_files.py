"""Read an ontology or shapes file, and say where it is broken when it is.

pyoxigraph parses (fast, and its syntax errors carry the line); rdflib's parser is asked for a
line only when pyoxigraph cannot give one (some RDF/XML errors). The result is an rdflib graph
because pySHACL and the documentation generator work on rdflib graphs.
"""

from __future__ import annotations

import xml.sax
from pathlib import Path

import pyoxigraph as ox
import rdflib

from ontology.namespaces import XSD

XSD_STRING = XSD + "string"

_FORMATS = {
    ".ttl": (ox.RdfFormat.TURTLE, "turtle"),
    ".owl": (ox.RdfFormat.RDF_XML, "xml"),
    ".rdf": (ox.RdfFormat.RDF_XML, "xml"),
    ".xml": (ox.RdfFormat.RDF_XML, "xml"),
    ".nt": (ox.RdfFormat.N_TRIPLES, "nt"),
}


class RdfFileError(ValueError):
    """An RDF file that cannot be read: which file, which line, what is wrong."""

    def __init__(self, path: Path, line: int | None, reason: str):
        self.path, self.line, self.reason = path, line, reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}, line {self.line}" if self.line else str(self.path)
        return f"{where}: {self.reason}"


def rdf_format(path: Path) -> tuple[ox.RdfFormat, str]:
    try:
        return _FORMATS[path.suffix.lower()]
    except KeyError:
        raise RdfFileError(
            path, None, f"unknown RDF file type {path.suffix!r}; expected one of {', '.join(_FORMATS)}"
        ) from None


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> rdflib.term.Node:
    """A pyoxigraph term as an rdflib term; a simple literal stays simple (rdflib tells
    Literal("x") and Literal("x", datatype=xsd:string) apart, pyoxigraph does not)."""
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD_STRING:
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def _rdflib_line(path: Path, fmt: str) -> int | None:
    try:
        rdflib.Graph().parse(str(path), format=fmt)
    except xml.sax.SAXParseException as exc:
        return exc.getLineNumber()
    except Exception as exc:  # noqa: BLE001 - only asked for a line number; the error is reported anyway
        return getattr(exc, "lines", None)
    return None


def read_rdf(path: str | Path) -> rdflib.Graph:
    """The triples of an RDF file, or RdfFileError naming the file and line that is broken."""
    path = Path(path)
    ox_format, rdflib_format = rdf_format(path)
    if not path.is_file():
        raise RdfFileError(path, None, "no such file")
    graph = rdflib.Graph()
    try:
        for triple in ox.parse(path=str(path), format=ox_format):
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
    except SyntaxError as exc:
        line = exc.lineno or _rdflib_line(path, rdflib_format)
        reason = exc.msg if isinstance(exc.msg, str) else str(exc)
        raise RdfFileError(path, line, f"not valid {ox_format.name}: {reason}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise RdfFileError(path, None, f"cannot read it: {exc}") from None
    return graph
