"""Benchmark `medkg validate` on the seed documents plus the whole ICD-10-CM (~98,000 concepts).

Run by hand, not in the test suite:

    .venv/bin/python bench/validate_bench.py [--seeds ../shared/seeds] [--rounds 2]

Side by side in one run, on the same on-disk store:
  extracted  what validate does: pySHACL on the triples the shapes read, top-level shapes
  whole      pySHACL on every triple of the store (no extraction), same shapes
  nested     the same shapes rewritten as property shapes nested in node shapes, extracted data
  closure    (--closure, slow) every triple plus the ontology, with pySHACL's RDFS inference
and the whole `validate_store` call with the time of each of its checks (run first, so the peak
memory printed after it is validate's own). Ratios are against `extracted`.

ICD-10-CM is loaded as `medkg refdata load --icd10cm` loads it (graph_app.refdata).
"""

from __future__ import annotations

import argparse
import resource
import subprocess
import sys
import tempfile
from pathlib import Path

import pyshacl
import rdflib

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import median, timed  # noqa: E402
from graph_app.loader import ingest_paths  # noqa: E402
from graph_app.refdata import load_reference_sets  # noqa: E402
from graph_app.shacl import Shapes, run_shacl  # noqa: E402
from graph_app.shacl_data import data_graph, rdflib_graph  # noqa: E402
from graph_app.store import GraphStore  # noqa: E402
from graph_app.validate import load_shapes, validate_store  # noqa: E402
from ontology import namespaces as ns  # noqa: E402
from ontology.files import TTL_FILE  # noqa: E402
from ontology.rdf_files import read_rdf  # noqa: E402


def build_store(folder: Path, seeds: Path) -> int:
    store = GraphStore(folder / "store")
    if seeds.exists():
        ingest_paths(store, [seeds])
    seconds, report = timed(lambda: load_reference_sets(store, {"icd10cm": None}))
    store.close()
    (loaded,) = report.loaded
    print(f"store: {loaded.quads:,} reference triples for {loaded.concepts:,} ICD-10-CM "
          f"concepts (loaded in {seconds:.1f} s) plus the documents in {seeds}")
    return 0


def nested(shapes: Shapes) -> Shapes:
    """The same constraints, each property shape nested in a node shape with its targets."""
    g = rdflib.Graph()
    g += shapes.graph
    sh = rdflib.Namespace(ns.SH)
    targets = (sh.targetClass, sh.targetSubjectsOf, sh.targetObjectsOf, sh.targetNode)
    for ps in list(g.subjects(rdflib.RDF.type, sh.PropertyShape)):
        holder = rdflib.BNode()
        g.add((holder, rdflib.RDF.type, sh.NodeShape))
        for t in targets:
            for o in list(g.objects(ps, t)):
                g.add((holder, t, o))
                g.remove((ps, t, o))
        g.add((holder, sh.property, ps))
    return Shapes(g, shapes.source)


def whole_graph(store: GraphStore) -> rdflib.Graph:
    g = rdflib_graph(store.quads())
    g += read_rdf(TTL_FILE)
    return g


def closure_shacl(g: rdflib.Graph, shapes: Shapes, ontology: rdflib.Graph) -> list[object]:
    """The naive way: let pySHACL mix in the ontology and compute the RDFS closure."""
    conforms, report, _ = pyshacl.validate(g, shacl_graph=shapes.graph, ont_graph=ontology,
                                           inference="rdfs", inplace=True)
    return list(report.subjects(rdflib.RDF.type, rdflib.URIRef(ns.SH + "ValidationResult")))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=Path, default=REPO.parent / "shared" / "seeds")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--closure", action="store_true", help="also time the RDFS-closure variant")
    parser.add_argument("--build", type=Path, help=argparse.SUPPRESS)  # internal: build the store
    args = parser.parse_args()
    if args.build:
        return build_store(args.build, args.seeds)

    with tempfile.TemporaryDirectory(prefix="medkg-bench-") as tmp:
        # Built in another process, so that the peak memory below is validate's own.
        subprocess.run([sys.executable, __file__, "--build", tmp, "--seeds", str(args.seeds)], check=True)
        store = GraphStore(Path(tmp) / "store")
        print(f"store: {len(store):,} quads in all")

        total, report = timed(lambda: validate_store(store))
        validate_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        shapes, ontology = load_shapes(), read_rdf(TTL_FILE)
        rows: dict[str, list[tuple[float, float, int]]] = {"extracted": [], "whole": [], "nested": []}
        if args.closure:
            rows["closure"] = []
        for _ in range(args.rounds):
            for name in rows:
                if name in ("whole", "closure"):
                    build, g = timed(lambda: whole_graph(store))
                    run, results = timed(lambda g=g, name=name: run_shacl(g, shapes) if name == "whole"
                                         else closure_shacl(g, shapes, ontology))
                else:
                    build, g = timed(lambda: data_graph(store, shapes, ontology))
                    used = nested(shapes) if name == "nested" else shapes
                    run, results = timed(lambda g=g, used=used: run_shacl(g, used))
                rows[name].append((build, run, len(results)))
                del g

    base = median(b + r for b, r, _ in rows["extracted"])
    print(f"\n{'variant':<10} {'data graph':>11} {'pySHACL':>9} {'total':>8} {'ratio':>6} {'results':>8}"
          f"   (median of {args.rounds} rounds)")
    for name, values in rows.items():
        build = median(v[0] for v in values)
        run = median(v[1] for v in values)
        print(f"{name:<10} {build:>10.2f}s {run:>8.2f}s {build + run:>7.2f}s "
              f"{(build + run) / base:>5.2f}x {values[0][2]:>8}")
    print(f"validate_store: {total:.2f} s, {len(report.findings)} findings "
          f"({', '.join(f'{k} {n}' for k, n in report.by_kind.items())})")
    for c in report.checks:
        print(f"  {c.name}: {c.seconds:.2f} s, {c.findings} findings")
    print(f"peak RSS after validate_store: {validate_rss:,.0f} MiB; after all variants: "
          f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
