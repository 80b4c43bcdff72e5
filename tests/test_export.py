"""The Turtle export holds exactly the store's triples and reads back into an isomorphic graph."""

from __future__ import annotations

import rdflib
from rdflib.compare import isomorphic

from graph_app.export import export_graph


def store_as_rdflib(store) -> rdflib.Graph:
    g = rdflib.Graph()
    nt = "".join(f"{q.triple} .\n" for q in store.quads())
    g.parse(data=nt, format="nt")
    return g


def test_turtle_round_trip_is_isomorphic(seed_store, tmp_path):
    out = tmp_path / "graph.ttl"
    count = export_graph(seed_store, "turtle", out)
    parsed = rdflib.Graph().parse(out, format="turtle")
    expected = store_as_rdflib(seed_store)
    assert len(parsed) == count == len(expected)
    assert isomorphic(parsed, expected)


def test_turtle_is_deterministic_and_declares_only_used_prefixes(seed_store, tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    export_graph(seed_store, "turtle", a)
    export_graph(seed_store, "turtle", b)
    assert a.read_bytes() == b.read_bytes()
    text = a.read_text()
    assert "@prefix hcpcs:" in text
    assert "@prefix rxnorm:" not in text  # no RxNorm IRIs in a graph built from documents only
