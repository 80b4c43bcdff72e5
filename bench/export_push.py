"""Benchmark (run by hand): export and push a store of realistic size.

The store holds the seed documents plus the whole ICD-10-CM (about 98,500 concepts, 800,000
triples, loaded as `medkg refdata load --icd10cm` does) in one reference graph, on disk like a
real medkg store. Measured side by side in one process, in rotated order, over several rounds:

  * `medkg export --format turtle` (deterministic, sorted, only used prefixes) against
    pyoxigraph's own dump of the same store (`Store.dump`, TriG, all graphs). Target: <= 2x.
  * `medkg push` of all graphs to a local `oxigraph serve` (a fresh one each round). Target: < 30 s.
  * For information: the other export formats, once.

    .venv/bin/python bench/export_push.py [--rounds 3] [--seeds ../shared/seeds]

"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.measure import median, rotated, timed  # noqa: E402
from graph_app.export import export_graph  # noqa: E402
from graph_app.loader import ingest_paths  # noqa: E402
from graph_app.push import graph_sizes, push_graphs, push_plan  # noqa: E402
from graph_app.refdata import load_reference_sets  # noqa: E402
from graph_app.remote import RemoteRunner  # noqa: E402
from graph_app.selection import select_graphs  # noqa: E402
from graph_app.store import GraphStore  # noqa: E402
from ontology import namespaces as ns  # noqa: E402
from tests.servers import start_oxigraph  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def build_store(folder: Path, seeds: Path) -> GraphStore:
    store = GraphStore(folder / "store")
    report = ingest_paths(store, [seeds])
    assert not report.failed, report.failed
    load_reference_sets(store, {"icd10cm": None})  # the release packaged with simple-icd-10-cm
    return store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="medkg-bench-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        store = build_store(work, args.seeds)
        print(f"store: {len(store):,} quads in {len(store.graph_names())} graphs, "
              f"built in {time.perf_counter() - t:.1f} s; load average {os.getloadavg()[0]:.1f} "
              f"on {os.cpu_count()} CPUs")

        contenders = {
            "pyoxigraph Store.dump (TriG, all graphs)": lambda: store.ox.dump(
                str(work / "dump.trig"), ox.RdfFormat.TRIG, prefixes=ns.PREFIXES),
            "medkg export --format turtle": lambda: export_graph(store, "turtle", work / "medkg.ttl"),
        }
        times: dict[str, list[float]] = {name: [] for name in contenders}
        names = list(contenders)
        for r in range(args.rounds):
            for name in rotated(names, r):
                times[name].append(timed(contenders[name])[0])
        base = median(times[names[0]])
        print("\n| contender | median | ratio | rounds (s) | output MiB |")
        print("|---|---:|---:|---|---:|")
        outputs = {names[0]: work / "dump.trig", names[1]: work / "medkg.ttl"}
        for name in names:
            med = median(times[name])
            size = outputs[name].stat().st_size / 2**20
            rounds = " / ".join(f"{x:.2f}" for x in times[name])
            print(f"| {name} | {med:.2f} s | {med / base:.2f}x | {rounds} | {size:.0f} |")

        print("\nOther formats (one run each):")
        for fmt in ("trig", "nt", "jsonld", "graphml"):
            out = work / f"medkg.{fmt}"
            seconds = timed(lambda fmt=fmt, out=out: export_graph(store, fmt, out))[0]
            print(f"  {fmt:8} {seconds:6.2f} s  {out.stat().st_size / 2**20:6.0f} MiB")

        print("\n| push round | graphs | triples | push | server count check |")
        print("|---|---:|---:|---:|---:|")
        plan = push_plan(store, select_graphs(store))
        for r in range(args.rounds):
            server = start_oxigraph(work / f"oxigraph-{r}")
            try:
                report = push_graphs(store, plan, server.store_url)
                check_started = time.perf_counter()
                report.server_sizes = graph_sizes(RemoteRunner(server.query_url))
                check = time.perf_counter() - check_started
                assert not report.failed and not report.mismatches(), (report.failed, report.mismatches())
                print(f"| {r + 1} | {len(report.pushed)} | {report.triples:,} | {report.seconds:.1f} s | "
                      f"{check:.1f} s |")
            finally:
                server.stop()
        print(f"\nload average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
