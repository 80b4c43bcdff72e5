"""The data graph pySHACL gets: only the triples the shapes read, taken from the store.

rdflib costs about 20 µs and 1.4 KB per triple, so with the full ICD-10-CM loaded (~500,000
reference triples) converting the store is what makes validation slow, not the checks. The
shapes say what they read. A shape reads its targets (the rdf:type or target-property triples
that make a node a focus node), the rdf:type of nodes it checks with sh:class, and the triples
along its paths starting from its focus nodes. So the extraction keeps:

- every rdf:type triple, and every triple of a target predicate (sh:targetSubjectsOf …);
- for a path predicate read from focus nodes, only the triples whose subject (or, for an
  inverse path, object) is a focus node of a shape that reads it: the 100,000 ICD-10-CM titles
  stay out because no shape that targets ICD-10-CM codes reads skos:prefLabel;
- every triple of a predicate read in a way this module does not analyse (a sequence path, a
  path read from value nodes rather than focus nodes);
- the ontology's class hierarchy, so sh:class and sh:targetClass see subclasses.

Shapes with SPARQL constraints or SPARQL targets could read anything: they get the whole store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from rdflib.namespace import RDF, RDFS
from rdflib.term import Node

from graph_app.errors import ValidationError
from graph_app.shacl import SH, Shapes
from graph_app.store import GraphStore
from ontology.rdf_files import to_rdflib

Target = tuple[str, str]  # (SHACL target predicate local name, IRI)
_TARGETS = ("targetClass", "targetSubjectsOf", "targetObjectsOf", "targetNode")
_LOGICAL = (SH["or"], SH["and"], SH.xone)  # lists of shapes that apply to the same nodes
_RDF_TYPE = ox.NamedNode(str(RDF.type))


@dataclass
class ReadPlan:
    """What the shapes read: predicates in full, and predicates read from focus nodes."""

    everything: bool = False
    full: set[str] = field(default_factory=lambda: {str(RDF.type)})
    forward: dict[str, set[Target]] = field(default_factory=dict)  # predicate -> targets
    inverse: dict[str, set[Target]] = field(default_factory=dict)


def _list(g: rdflib.Graph, head: Node) -> list[Node]:
    return list(rdflib.collection.Collection(g, head))


def _predicates_in(g: rdflib.Graph, node: Node) -> Iterator[str]:
    """Every predicate IRI inside a SHACL path, however nested."""
    if isinstance(node, rdflib.URIRef):
        if node not in (RDF.first, RDF.rest, RDF.nil):
            yield str(node)
        return
    for p, o in g.predicate_objects(node):
        if p in (RDF.first, RDF.rest) or str(p).startswith(str(SH)):
            yield from _predicates_in(g, o)


class _Planner:
    def __init__(self, shapes: rdflib.Graph):
        self.g = shapes
        self.plan = ReadPlan()

    def path(self, path: Node, targets: set[Target] | None) -> None:
        """A path read from the focus nodes of `targets`; None: read from other nodes."""
        g = self.g
        if targets is not None and isinstance(path, rdflib.URIRef):
            self.plan.forward.setdefault(str(path), set()).update(targets)
            return
        inverse = g.value(path, SH.inversePath)
        if targets is not None and isinstance(inverse, rdflib.URIRef):
            self.plan.inverse.setdefault(str(inverse), set()).update(targets)
            return
        alternatives = g.value(path, SH.alternativePath)
        if targets is not None and alternatives is not None:
            for member in _list(g, alternatives):
                self.path(member, targets)
            return
        self.plan.full.update(_predicates_in(g, path))

    def shape(self, shape: Node, targets: set[Target] | None) -> None:
        """`targets`: the focus nodes this shape's constraints apply to, None when they are
        value nodes of an outer path (read in full, not analysed further)."""
        g = self.g
        path = g.value(shape, SH.path)
        if path is not None:
            self.path(path, targets)
            targets = None  # the rest of a property shape applies to its value nodes
        for nested in g.objects(shape, SH.property):
            self.shape(nested, targets)
        for logical in _LOGICAL:
            for head in g.objects(shape, logical):
                for member in _list(g, head):
                    self.shape(member, targets)
        for member in (*g.objects(shape, SH["not"]), *g.objects(shape, SH.node)):
            self.shape(member, targets)


def read_plan(shapes: Shapes) -> ReadPlan:
    g = shapes.graph
    if (None, SH.sparql, None) in g or (None, RDF.type, SH.SPARQLTarget) in g:
        return ReadPlan(everything=True)
    planner = _Planner(g)
    for shape in set(g.subjects(SH.targetClass, None)) | set(g.subjects(SH.targetSubjectsOf, None)) | \
            set(g.subjects(SH.targetObjectsOf, None)) | set(g.subjects(SH.targetNode, None)):
        targets = {(t, str(o)) for t in _TARGETS for o in g.objects(shape, SH[t])}
        planner.plan.full.update(iri for t, iri in targets if t in ("targetSubjectsOf", "targetObjectsOf"))
        planner.shape(shape, targets)
    return planner.plan


class _Extractor:
    def __init__(self, store: GraphStore, ontology: rdflib.Graph):
        self.ox = store.ox
        self.subclasses: dict[str, set[str]] = {}
        for s, o in ontology.subject_objects(RDFS.subClassOf):
            if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
                self.subclasses.setdefault(str(o), set()).add(str(s))
        self._focus: dict[Target, set[object]] = {}

    def _with_subclasses(self, cls: str) -> set[str]:
        found, todo = {cls}, [cls]
        while todo:
            for sub in self.subclasses.get(todo.pop(), ()):
                if sub not in found:
                    found.add(sub)
                    todo.append(sub)
        return found

    def focus(self, target: Target) -> set[object]:
        if target not in self._focus:
            how, iri = target
            nodes: set[object] = set()
            if how == "targetClass":
                for cls in self._with_subclasses(iri):
                    nodes.update(q.subject for q in self.ox.quads_for_pattern(None, _RDF_TYPE,
                                                                              ox.NamedNode(cls), None))
            elif how in ("targetSubjectsOf", "targetObjectsOf"):
                for q in self.ox.quads_for_pattern(None, ox.NamedNode(iri), None, None):
                    nodes.add(q.subject if how == "targetSubjectsOf" else q.object)
            else:
                nodes.add(ox.NamedNode(iri))
            self._focus[target] = nodes
        return self._focus[target]

    def union(self, targets: Iterable[Target]) -> set[object]:
        out: set[object] = set()
        for t in targets:
            out |= self.focus(t)
        return out


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


def _kept_quads(store: GraphStore, plan: ReadPlan, ontology: rdflib.Graph) -> Iterator[ox.Quad]:
    if plan.everything:
        yield from store.quads()
        return
    extract = _Extractor(store, ontology)
    for p in sorted(plan.full | plan.forward.keys() | plan.inverse.keys()):
        quads = store.ox.quads_for_pattern(None, ox.NamedNode(p), None, None)
        if p in plan.full:
            yield from quads
            continue
        subjects = extract.union(plan.forward.get(p, ()))
        objects = extract.union(plan.inverse.get(p, ()))
        yield from (q for q in quads if q.subject in subjects or q.object in objects)


def rdflib_graph(quads: Iterable[ox.Quad]) -> rdflib.Graph:
    """The triples of these quads (named graphs merged) as an rdflib graph."""
    terms = _Terms()
    g = rdflib.Graph()
    for q in quads:
        g.add((terms(q.subject), terms(q.predicate), terms(q.object)))
    return g


def data_graph(store: GraphStore, shapes: Shapes, ontology: rdflib.Graph) -> rdflib.Graph:
    """The triples the shapes read, merged from all named graphs, plus the class hierarchy."""
    g = rdflib_graph(_kept_quads(store, read_plan(shapes), ontology))
    for s, o in ontology.subject_objects(RDFS.subClassOf):
        if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef):
            g.add((s, RDFS.subClassOf, o))
    return g
