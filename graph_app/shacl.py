"""Run SHACL shapes over the store with pySHACL, on only the triples the shapes look at.

pySHACL works on rdflib graphs, and rdflib costs about 1.4 KB and 20 µs per triple. The store
with the full ICD-10-CM holds ~700,000 triples, most of which no shape reads (hierarchy, alt
labels, quotes …). So the data graph handed to pySHACL is extracted from the store: the triples
of every predicate a shape's path or target names, every rdf:type, and the ontology's class
hierarchy (so sh:class and sh:targetClass see subclasses). Shapes with SPARQL constraints could
read anything, so for them the whole store is used.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graph_app.errors import ValidationError
from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.rdf_files import to_rdflib

SH = rdflib.Namespace(ns.SH)
_SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}
_STRUCTURAL = {RDF.first, RDF.rest, RDF.nil}


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult, with terms as plain strings."""

    shape: str  # IRI of the source shape, or the constraint component when the shape is a blank node
    severity: str  # error | warning | info
    focus: str
    message: str
    path: str | None = None  # IRI of a simple path
    value: str | None = None
    value_is_iri: bool = False


@dataclass(frozen=True)
class Shapes:
    graph: rdflib.Graph
    source: Path

    def predicates(self) -> set[str] | None:
        """IRIs of the predicates the shapes read; None when they may read anything."""
        if (None, SH.sparql, None) in self.graph or (None, RDF.type, SH.SPARQLTarget) in self.graph:
            return None
        found = {str(RDF.type)}
        for p in (SH.targetSubjectsOf, SH.targetObjectsOf):
            found.update(str(o) for o in self.graph.objects(None, p))
        for path in self.graph.objects(None, SH.path):
            found.update(_iris_in(self.graph, path))
        return found


def _iris_in(g: rdflib.Graph, node: Node) -> Iterator[str]:
    """Every predicate IRI in a SHACL path, however nested (inverse, alternative, sequence)."""
    if isinstance(node, rdflib.URIRef):
        if node not in _STRUCTURAL:
            yield str(node)
        return
    for p, o in g.predicate_objects(node):
        if p in _STRUCTURAL or str(p).startswith(ns.SH):
            yield from _iris_in(g, o)


class _Terms:
    """pyoxigraph terms to rdflib terms, each converted once."""

    def __init__(self) -> None:
        self.cache: dict[object, Node] = {}

    def __call__(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> Node:
        node = self.cache.get(term)
        if node is None:
            if isinstance(term, ox.Triple):
                raise ValidationError(f"the store holds an RDF-star triple term, which SHACL cannot "
                                      f"check: {term}")
            node = self.cache[term] = to_rdflib(term)
        return node


def data_graph(store: GraphStore, shapes: Shapes, ontology: rdflib.Graph) -> rdflib.Graph:
    """The triples the shapes need, merged from all named graphs, plus the class hierarchy."""
    terms = _Terms()
    g = rdflib.Graph()
    predicates = shapes.predicates()
    quads: Iterable[ox.Quad]
    if predicates is None:
        quads = store.quads()
    else:
        quads = (q for p in sorted(predicates)
                 for q in store.ox.quads_for_pattern(None, ox.NamedNode(p), None, None))
    for q in quads:
        g.add((terms(q.subject), terms(q.predicate), terms(q.object)))
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            g.add((s, RDFS.subClassOf, o))
    return g


def run_shacl(data: rdflib.Graph, shapes: Shapes) -> list[ShaclResult]:
    # pySHACL also logs its errors to stderr; we raise them with the file name instead.
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes.graph, inference="none", advanced=False, inplace=True,
        )
    except ReportableRuntimeError as exc:  # also the shape and constraint load errors
        raise ValidationError(f"{shapes.source}: not usable SHACL: {exc.message}") from None
    finally:
        log.disabled = was_disabled
    return [_result(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)]


def _result(report: rdflib.Graph, r: Node) -> ShaclResult:
    shape = report.value(r, SH.sourceShape)
    if not isinstance(shape, rdflib.URIRef):
        shape = report.value(r, SH.sourceConstraintComponent)
    path = report.value(r, SH.resultPath)
    value = report.value(r, SH.value)
    messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
    return ShaclResult(
        shape=str(shape),
        severity=_SEVERITIES.get(rdflib.URIRef(str(report.value(r, SH.resultSeverity))), "error"),
        focus=str(report.value(r, SH.focusNode)),
        message=messages[0] if messages else "does not conform to its shape",
        path=str(path) if isinstance(path, rdflib.URIRef) else None,
        value=None if value is None else str(value),
        value_is_iri=isinstance(value, rdflib.URIRef),
    )
