"""Part of the graph as a file: a neighbourhood's quads with their evidence, in any export format.

A neighbourhood export holds, for a set of nodes, their types and literal values (labels, codes),
the links among them, the statements that state those links (section, quote, row status …) and
the documents the statements come from, each quad in the named graph it is stored in, so TriG and
JSON-LD still tell stated, inferred and official apart. It is written by the same writers as
`medkg export`, into memory for a download.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import pyoxigraph as ox

from graph_app.errors import ExportError
from graph_app.export import EXPORT_FORMATS, WRITERS
from graph_app.export.base import Written
from graph_app.selection import select_graphs
from graph_app.store import GraphStore
from ontology.vocabulary import PROV_WAS_DERIVED_FROM, RDF_OBJECT, RDF_SUBJECT, RDF_TYPE

MEDIA_TYPES = {
    "turtle": ("text/turtle", "ttl"),
    "trig": ("application/trig", "trig"),
    "nt": ("application/n-triples", "nt"),
    "jsonld": ("application/ld+json", "jsonld"),
    "graphml": ("application/graphml+xml", "graphml"),
}
_TYPE, _SUBJECT, _OBJECT = ox.NamedNode(RDF_TYPE), ox.NamedNode(RDF_SUBJECT), ox.NamedNode(RDF_OBJECT)
_DERIVED_FROM = ox.NamedNode(PROV_WAS_DERIVED_FROM)


def neighbourhood_quads(store: GraphStore, nodes: Iterable[str]) -> list[ox.Quad]:
    wanted = {ox.NamedNode(n) for n in nodes}
    out: dict[ox.Quad, None] = {}

    def keep(q: ox.Quad) -> bool:
        return isinstance(q.object, ox.Literal) or q.object in wanted or q.predicate == _TYPE

    statements: set[ox.NamedNode | ox.BlankNode | ox.Triple] = set()
    for node in wanted:
        out.update(dict.fromkeys(q for q in store.ox.quads_for_pattern(node, None, None, None) if keep(q)))
        statements.update(q.subject for q in store.ox.quads_for_pattern(None, _SUBJECT, node, None))
    documents: set[ox.NamedNode | ox.BlankNode] = set()
    for st in statements:
        quads = list(store.ox.quads_for_pattern(st, None, None, None))
        if all(q.object in wanted for q in quads if q.predicate == _OBJECT):  # a link among the nodes
            out.update(dict.fromkeys(quads))
            documents.update(q.object for q in quads  # type: ignore[misc]
                             if q.predicate == _DERIVED_FROM and not isinstance(q.object, ox.Literal))
    for doc in documents:
        out.update(dict.fromkeys(q for q in store.ox.quads_for_pattern(doc, None, None, None)
                                 if isinstance(q.object, ox.Literal) or q.predicate == _TYPE))
    return list(out)


def export_bytes(store: GraphStore, fmt: str, graph: str = "all") -> tuple[bytes, Written]:
    """The selected graphs (all, documents, a document key …) in one export format, in memory."""
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    out = io.BytesIO()
    written = writer(store, select_graphs(store, graph), out)
    return out.getvalue(), written


def export_nodes(store: GraphStore, fmt: str, nodes: Iterable[str]) -> tuple[bytes, Written]:
    """A neighbourhood (the nodes, the links among them and their evidence) in one format."""
    part = GraphStore(None)
    part.extend(neighbourhood_quads(store, nodes))
    if not len(part):
        raise ExportError("none of these nodes is in the graph: nothing to export")
    return export_bytes(part, fmt)
