"""Benchmark (run by hand): export and push a store of realistic size.

The store holds the seed documents plus the whole ICD-10-CM (about 98,500 concepts, half a
million triples) in one reference graph, on disk like a real medkg store. Measured side by side
in one process, in rotated order, over several rounds:

  * `medkg export --format turtle` (deterministic, sorted, only used prefixes) against
    pyoxigraph's own dump of the same store (`Store.dump`, TriG, all graphs). Target: <= 2x.
  * `medkg push` of all graphs to a local `oxigraph serve` (a fresh one each round). Target: < 30 s.
  * For information: the other export formats, once.

    .venv/bin/python bench/export_push.py [--rounds 3] [--seeds ../shared/seeds]

Until the official ICD-10-CM loader lands (issue 4), the concepts come from the simple-icd-10-cm
package through the small helper below.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import simple_icd_10_cm as cm

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from graph_app.export import export_graph  # noqa: E402
from graph_app.loader import ingest_paths  # noqa: E402
from graph_app.push import graph_sizes, push_graphs, push_plan  # noqa: E402
from graph_app.remote import RemoteRunner  # noqa: E402
from graph_app.selection import select_graphs  # noqa: E402
from graph_app.store import GraphStore  # noqa: E402
from ontology import namespaces as ns  # noqa: E402
from ontology.vocabulary import (  # noqa: E402
    MKG,
    RDF_TYPE,
    SKOS_BROADER,
    SKOS_INSCHEME,
    SKOS_NOTATION,
    SKOS_PREFLABEL,
)
from tests.servers import start_oxigraph  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def icd10cm_quads() -> list[ox.Quad]:
    """Every ICD-10-CM chapter, block, category and code as a SKOS concept in one reference graph.

    simple-icd-10-cm lists 39 codes both as a one-category block and as the category (B10): the
    block becomes B10-B10 so no concept is its own parent.
    """
    g = ox.NamedNode(ns.reference_graph("icd10cm"))
    n = ox.NamedNode
    scheme, cls = n(ns.ICD10CM.scheme), n(MKG.ICD10CMCode)
    rdf_type, notation, label, in_scheme, broader = (
        n(RDF_TYPE), n(SKOS_NOTATION), n(SKOS_PREFLABEL), n(SKOS_INSCHEME), n(SKOS_BROADER))
    codes = cm.get_all_codes(True)
    listed_twice = {c for c, count in Counter(codes).items() if count > 1}
    blocks_done: set[str] = set()
    quads = []
    for code in codes:
        if code in listed_twice and code not in blocks_done:  # the first listing is the block
            blocks_done.add(code)
            key, parent = f"{code}-{code}", cm.get_ancestors(code)[-1]  # under its chapter
        else:
            key, parent = code, cm.get_parent(code)
            if parent == code:  # the category under its one-category block
                parent = f"{code}-{code}"
        node = n(ns.ICD10CM.iri(key))
        quads += [ox.Quad(node, rdf_type, cls, g), ox.Quad(node, notation, ox.Literal(key), g),
                  ox.Quad(node, label, ox.Literal(cm.get_description(code)), g),
                  ox.Quad(node, in_scheme, scheme, g)]
        if parent:
            quads.append(ox.Quad(node, broader, n(ns.ICD10CM.iri(parent)), g))
    return quads


def build_store(folder: Path, seeds: Path) -> GraphStore:
    store = GraphStore(folder / "store")
    report = ingest_paths(store, [seeds])
    assert not report.failed, report.failed
    store.ox.bulk_extend(icd10cm_quads())
    store.flush()
    return store


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


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
            for name in names[r % len(names):] + names[: r % len(names)]:
                times[name].append(timed(contenders[name]))
        base = statistics.median(times[names[0]])
        print("\n| contender | median | ratio | rounds (s) | output MiB |")
        print("|---|---:|---:|---|---:|")
        outputs = {names[0]: work / "dump.trig", names[1]: work / "medkg.ttl"}
        for name in names:
            med = statistics.median(times[name])
            size = outputs[name].stat().st_size / 2**20
            rounds = " / ".join(f"{x:.2f}" for x in times[name])
            print(f"| {name} | {med:.2f} s | {med / base:.2f}x | {rounds} | {size:.0f} |")

        print("\nOther formats (one run each):")
        for fmt in ("trig", "nt", "jsonld", "graphml"):
            out = work / f"medkg.{fmt}"
            seconds = timed(lambda fmt=fmt, out=out: export_graph(store, fmt, out))
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
