"""What the harness times, each run in a fresh process (`python -m bench.tasks`, JSON on stdin).

- build: `medkg refdata load` of the official sets into an empty store, then `medkg ingest` of the
  corpus with derivation (code truth, and linking once it is part of derivation), as the CLI does.
- pyox-load: pyoxigraph loading the same quads from N-Quads files, on disk (its bulk loader) or in
  memory: the engine's own limit.
- queries: every library query on the built store, point queries on sampled codes, a full scan
  instead of the index, and the Turtle export beside pyoxigraph's own dump.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from bench.measure import child_main, dir_mb, latency, median, timed
from graph_app.derive import Deriver
from graph_app.export import export_graph
from graph_app.loader import ingest_paths
from graph_app.querylib import library_query
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore
from ontology import namespaces as ns


def build(payload: dict) -> dict:
    store = GraphStore(Path(payload["store"]))
    sources = {name: (Path(p) if p else None) for name, p in payload["sources"].items()}
    ref_seconds, refs = timed(lambda: load_reference_sets(store, sources))
    assert not refs.failed, refs.failed  # type: ignore[attr-defined]
    ref_quads = len(store)
    ingest_seconds, report = timed(lambda: ingest_paths(store, [payload["corpus"]], derive=Deriver(store)))
    store.close()
    return {
        "reference_seconds": ref_seconds, "reference_quads": ref_quads,
        "ingest_seconds": ingest_seconds, "stored": len(report.stored),  # type: ignore[attr-defined]
        "failed": [str(f) for f in report.failed],  # type: ignore[attr-defined]
        "triples": report.triples, "excluded_rows": report.excluded_rows,  # type: ignore[attr-defined]
        "duplicate_rows": report.duplicate_rows,  # type: ignore[attr-defined]
        "store_mb": dir_mb(Path(payload["store"])),
    }


def pyox_load(payload: dict) -> dict:
    """pyoxigraph alone loading files: `disk` uses its bulk loader into an empty on-disk store."""
    files = [Path(f) for f in payload["files"]]
    store = ox.Store(payload["store"]) if payload["mode"] == "disk" else ox.Store()

    def load() -> None:
        for f in files:
            if payload["mode"] == "disk":
                store.bulk_load(path=str(f), format=ox.RdfFormat.N_QUADS)
            else:
                store.load(path=str(f), format=ox.RdfFormat.N_QUADS)
        store.flush()

    seconds, _ = timed(load)
    return {"seconds": seconds, "quads": len(store)}


def dump_graphs(payload: dict) -> dict:
    """A built store's graphs as N-Quads files, by kind: what `refdata load` and ingest wrote."""
    store = GraphStore(Path(payload["store"]))
    kinds = store.graphs_by_kind()
    counts = {}
    for out, groups in payload["files"].items():
        quads = [q for g in groups for name in kinds[g] for q in store.quads(name)]
        ox.serialize(quads, out, ox.RdfFormat.N_QUADS)
        counts[out] = len(quads)
    return {"quads": counts}


def queries(payload: dict) -> dict:
    """Latency of the point queries in the plan, the full-scan counterpart, the Turtle export."""
    store = GraphStore(Path(payload["store"]))
    out = {item["name"]: _latency(store, item) for item in payload["plan"]}
    scan = _full_scan(store, payload["scan_codes"])
    export = _export(store, Path(payload["workdir"]), payload["export_rounds"])
    return {"queries": out, "scan": scan, "export": export}


def query(payload: dict) -> dict:
    """One query in a process of its own, so the harness can stop it when it runs too long."""
    return {"latency": _latency(GraphStore(Path(payload["store"])), payload["item"])}


def _latency(store: GraphStore, item: dict) -> dict:
    runner = EmbeddedRunner(store)
    q = library_query(item["name"])
    calls = [_call(q, runner, values) for values in item["params"]]
    return latency(calls, repeats=item["repeats"], budget_s=item["budget_s"], count=_distinct_rows).to_json()


def _call(query, runner: EmbeddedRunner, values: dict[str, str]) -> Callable[[], object]:  # type: ignore[no-untyped-def]
    return lambda: query.run(runner, **values).rows


def _distinct_rows(rows: object) -> int:
    """Distinct solutions: rdflib's union graph holds a triple once, pyoxigraph's once per graph."""
    return len({tuple(sorted((k, t.value) for k, t in row.items())) for row in rows})  # type: ignore[attr-defined]


def _full_scan(store: GraphStore, codes: list[str]) -> dict:
    """Everything about a code found by reading every quad, instead of through the index."""
    def scan(iri: str) -> int:
        node = ox.NamedNode(iri)
        return sum(1 for q in store.ox if q.subject == node or q.object == node)

    seconds = [timed(lambda c=c: scan(ns.HCPCS.iri(c)))[0] for c in codes]
    return {"codes": len(codes), "p50_ms": median(seconds) * 1000}


def _export(store: GraphStore, workdir: Path, rounds: int) -> dict:
    """`medkg export --format turtle` beside pyoxigraph's own dump of the same store (TriG)."""
    medkg, engine = [], []
    for _ in range(rounds):
        medkg.append(timed(lambda: export_graph(store, "turtle", workdir / "export.ttl"))[0])
        engine.append(timed(lambda: store.ox.dump(str(workdir / "dump.trig"), ox.RdfFormat.TRIG,
                                                  prefixes=ns.PREFIXES))[0])
    return {"medkg_seconds": medkg, "pyoxigraph_dump_seconds": engine,
            "turtle_mb": (workdir / "export.ttl").stat().st_size / 2**20}


TASKS: dict[str, Callable[[dict], dict]] = {
    "build": build, "pyox-load": pyox_load, "dump-graphs": dump_graphs, "queries": queries, "query": query,
}

if __name__ == "__main__":
    child_main(TASKS)
