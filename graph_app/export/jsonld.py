"""JSON-LD 1.1: the selected named graphs kept apart (like TriG), with the medkg context.

The document embeds the context of ontology/context.jsonld, so keys and ids read as compact IRIs
(mkg:indication, hcpcs:J9039). Node objects, keys and values are sorted: the same graph gives
the same bytes.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO

import pyoxigraph as ox

from graph_app.export.base import Written, in_graphs
from graph_app.export.rdf_text import RDF_TYPE, XSD_STRING
from graph_app.selection import GraphSelection, graph_quads
from graph_app.store import GraphStore
from ontology.context import jsonld_context

Node = dict[str, Any]


class _Compactor:
    def __init__(self, context: dict[str, str]):
        self._bases = sorted(context.items(), key=lambda kv: len(kv[1]), reverse=True)
        self._cache: dict[str, str] = {}

    def iri(self, iri: str) -> str:
        text = self._cache.get(iri)
        if text is None:
            text = self._cache[iri] = next(
                (f"{p}:{iri[len(base):]}" for p, base in self._bases
                 if iri.startswith(base) and not iri[len(base):].startswith("//")),
                iri,
            )
        return text

    def node_id(self, term: ox.NamedNode | ox.BlankNode | ox.Triple) -> str:
        if isinstance(term, ox.Triple):
            raise TypeError("RDF-star triple terms cannot be written as JSON-LD")  # medkg writes none
        return self.iri(term.value) if isinstance(term, ox.NamedNode) else f"_:{term.value}"

    def value(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict[str, str]:
        if isinstance(term, ox.Literal):
            out = {"@value": term.value}
            if term.language:
                out["@language"] = term.language
            elif term.datatype.value != XSD_STRING:
                out["@type"] = self.iri(term.datatype.value)
            return out
        return {"@id": self.node_id(term)}


def _nodes(quads: list[ox.Quad], c: _Compactor) -> list[Node]:
    nodes: dict[str, dict[str, list[Any]]] = {}
    for q in quads:
        props = nodes.setdefault(c.node_id(q.subject), {})
        if q.predicate.value == RDF_TYPE and isinstance(q.object, ox.NamedNode):
            props.setdefault("@type", []).append(c.iri(q.object.value))
        else:
            props.setdefault(c.iri(q.predicate.value), []).append(c.value(q.object))
    out = []
    for node_id in sorted(nodes):
        node: Node = {"@id": node_id}
        for key in sorted(nodes[node_id]):
            values = nodes[node_id][key]
            node[key] = sorted(values) if key == "@type" else sorted(values, key=_value_order)
        out.append(node)
    return out


def _value_order(value: dict[str, str]) -> tuple[str, ...]:
    return tuple(value.get(k, "") for k in ("@id", "@value", "@type", "@language"))


def write_jsonld(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    context = jsonld_context()
    c = _Compactor(context)
    items: list[Node] = []
    count = graphs = 0
    for g in selection.members:
        quads = list(graph_quads(store, g))
        if not quads:
            continue
        count += len(quads)
        nodes = _nodes(quads, c)
        if g is None:
            items.extend(nodes)  # the default graph's nodes sit at the top level
        else:
            graphs += 1
            items.append({"@id": c.iri(g), "@graph": nodes})
    out.write(b'{\n "@context": ')
    out.write(json.dumps(context, indent=1).replace("\n", "\n ").encode("utf-8"))
    out.write(b',\n "@graph": [')
    for i, item in enumerate(items):
        out.write((",\n  " if i else "\n  ").encode("utf-8"))
        out.write(json.dumps(item, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n ]\n}\n")
    return Written(count, "quads", in_graphs(graphs))
