"""The naive counterpart: rdflib's own SPARQL engine over the same quads (`python -m bench.naive`).

The child loads the reference sets and the documents' graphs (the files pyoxigraph loads for its
own limit) into an rdflib Dataset whose default graph is the union of its named graphs, as medkg
queries the store, then runs the same query plan with the same parameters bound as RDF terms.
rdflib needs far more time and memory, so every query has a time budget (a query still running
when it is spent is reported as timed out), and the load is refused when memory is short.
"""

from __future__ import annotations

import signal
from collections.abc import Callable
from pathlib import Path

from bench.baselines import RdflibRunner, rdflib_term
from bench.measure import available_mb, child_main, latency, timed
from graph_app.querylib import library
from graph_app.runner import with_prefixes

# rdflib's memory store holds about 1.4 KB per triple (../shared/perf/RESULTS.md); a Dataset more.
BYTES_PER_QUAD = 2000


class QueryTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise QueryTimeout()


def rdflib_queries(payload: dict) -> dict:
    from rdflib import Dataset, Variable

    quads = payload["quads"]
    need_mb = quads * BYTES_PER_QUAD / 2**20
    if need_mb > 0.7 * available_mb():
        return {"skipped": f"rdflib would need about {need_mb:,.0f} MiB for {quads:,} quads; "
                           f"{available_mb():,} MiB available"}
    dataset = Dataset(default_union=True)

    def load() -> None:
        for f in payload["files"]:
            dataset.parse(f, format="nquads")

    load_seconds, _ = timed(load)
    lib = library()
    signal.signal(signal.SIGALRM, _on_alarm)
    out: dict[str, dict] = {}
    for item in payload["plan"]:
        query = lib[item["name"]]
        text = with_prefixes(query.text)

        def call(values: dict[str, str], text: str = text, query=query) -> Callable[[], object]:  # type: ignore[no-untyped-def]
            bindings = {Variable(k): rdflib_term(t) for k, t in query.bindings(values).items()}
            return lambda: list(dataset.query(text, initBindings=bindings))

        calls = [call(v) for v in item["params"]]
        signal.alarm(int(item["budget_s"]) + 1)
        try:
            out[item["name"]] = latency(calls, repeats=item["repeats"], budget_s=item["budget_s"],
                                        count=_distinct_rows).to_json()
        except QueryTimeout:
            out[item["name"]] = {"timed_out_s": item["budget_s"]}
        finally:
            signal.alarm(0)
    if payload.get("questions"):
        out["ask"] = _ask(dataset, payload)
    return {"load_seconds": load_seconds, "quads": len(dataset), "queries": out}


def _ask(dataset: object, payload: dict) -> dict:
    """`medkg ask` with rdflib answering its library queries (the same cached indexes)."""
    from graph_app.ask import ask
    from graph_app.store import GraphStore

    runner = RdflibRunner(GraphStore(Path(payload["store"])), dataset)
    calls = [lambda q=q: ask(runner, q) for q in payload["questions"]]
    signal.alarm(int(payload["budget_s"]) + 1)
    try:
        return latency(calls, repeats=1, budget_s=payload["budget_s"], count=lambda a: len(a.rows)).to_json()
    except QueryTimeout:
        return {"timed_out_s": payload["budget_s"]}
    finally:
        signal.alarm(0)


def _distinct_rows(rows: object) -> int:
    return len({tuple(str(v) for v in row) for row in rows})  # type: ignore[attr-defined]


if __name__ == "__main__":
    child_main({"rdflib-queries": rdflib_queries})
