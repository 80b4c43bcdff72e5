"""Write the graph to a file: deterministic output that declares only the prefixes it uses."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph_app.errors import ExportError
from graph_app.store import GraphStore
from ontology.namespaces import PREFIXES

EXPORT_FORMATS = ("turtle",)
_OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE}


def merged_triples(store: GraphStore) -> list[ox.Triple]:
    """Every distinct triple of every graph, sorted so the same graph gives the same bytes."""
    triples = {q.triple for q in store.quads()}
    return sorted(triples, key=str)


def used_prefixes(triples: list[ox.Triple]) -> dict[str, str]:
    iris = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iris.add(term.value)
            elif isinstance(term, ox.Literal) and term.datatype is not None:
                iris.add(term.datatype.value)
    return {p: base for p, base in PREFIXES.items() if any(i.startswith(base) for i in iris)}


def export_graph(store: GraphStore, fmt: str, output: str | Path) -> int:
    if fmt not in _OX_FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    triples = merged_triples(store)
    try:
        ox.serialize(triples, str(output), _OX_FORMATS[fmt], prefixes=used_prefixes(triples))
    except OSError as exc:
        raise ExportError(f"cannot write {output}: {exc}") from None
    return len(triples)
