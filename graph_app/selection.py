"""Which named graphs an export or a push takes: all, one kind, or one graph by name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox

from graph_app.errors import GraphSelectionError
from graph_app.store import GraphStore
from ontology import namespaces as ns

KINDS = ("documents", "derived", "reference")
_LISTED = 12  # graph names worth listing in an error


@dataclass(frozen=True)
class GraphSelection:
    spec: str
    graphs: tuple[str, ...]  # named graph IRIs, sorted
    default_graph: bool = False  # triples outside any named graph (medkg writes none itself)

    @property
    def members(self) -> list[str | None]:
        """The selected graphs; None stands for the default graph."""
        return ([None] if self.default_graph else []) + list(self.graphs)

    def quads(self, store: GraphStore) -> Iterator[ox.Quad]:
        for graph in self.members:
            yield from graph_quads(store, graph)


def graph_quads(store: GraphStore, graph: str | None) -> Iterator[ox.Quad]:
    """The quads of one graph; None is the default graph."""
    return store.ox.quads_for_pattern(None, None, None, _graph_name(graph))


def graph_ntriples(store: GraphStore, graph: str | None) -> bytes:
    """One graph as canonical N-Triples, one triple per line: pyoxigraph writes it without a
    Python object per term, which makes this the fastest way to read a big graph out."""
    return store.ox.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=_graph_name(graph)) or b""


def _graph_name(graph: str | None) -> ox.NamedNode | ox.DefaultGraph:
    return ox.DefaultGraph() if graph is None else ox.NamedNode(graph)


def select_graphs(store: GraphStore, spec: str = "all") -> GraphSelection:
    """Resolve `spec`: all | documents | derived | reference | a graph IRI | a path under the
    graph base (doc/KEY, ref/SET) | a document key (its graph and derived graph) | a reference
    set name."""
    names = store.graph_names()
    if spec == "all":
        return GraphSelection(spec, tuple(names), _has_default_graph(store))
    if spec in KINDS:
        graphs = store.graphs_by_kind()[spec]
        if not graphs:
            raise GraphSelectionError(f"the store at {store.path} has no {spec} graphs")
        return GraphSelection(spec, tuple(graphs))
    present = set(names)
    for candidate in (spec, ns.GRAPH + spec, ns.reference_graph(spec)):
        if candidate in present:
            return GraphSelection(spec, (candidate,))
    if ns.document_graph(spec) in present:
        graphs = [ns.document_graph(spec), ns.derived_graph(spec)]
        return GraphSelection(spec, tuple(g for g in graphs if g in present))
    shown = ", ".join(_short(g) for g in names[:_LISTED]) or "none"
    more = f" and {len(names) - _LISTED} more" if len(names) > _LISTED else ""
    raise GraphSelectionError(
        f"no graph {spec!r} in the store at {store.path}. Give all, {', '.join(KINDS)}, a document "
        f"key, a reference set name or a graph IRI; graphs: {shown}{more}"
    )


def graph_kind(graph: str) -> str:
    """documents, derived, reference or other, by where the graph IRI lives."""
    for kind, base in (("documents", ns.document_graph("")), ("derived", ns.derived_graph("")),
                       ("reference", ns.reference_graph(""))):
        if graph.startswith(base):
            return kind
    return "other"


def _short(graph: str) -> str:
    return graph[len(ns.GRAPH):] if graph.startswith(ns.GRAPH) else graph


def _has_default_graph(store: GraphStore) -> bool:
    return next(iter(graph_quads(store, None)), None) is not None
