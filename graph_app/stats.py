"""Graph statistics for `medkg stats` and the app's home page."""

from __future__ import annotations

from dataclasses import dataclass

from graph_app.querylib import load_query
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore


@dataclass(frozen=True)
class GraphStats:
    quads: int
    graphs: dict[str, int]
    kinds: dict[str, int]


def graph_stats(store: GraphStore) -> GraphStats:
    result = load_query("stats").run(EmbeddedRunner(store))
    kinds = {r["kind"].value: int(r["count"].value) for r in result.rows}
    graphs = {k: len(v) for k, v in store.graphs_by_kind().items() if v}
    return GraphStats(len(store), graphs, kinds)
