"""Benchmark (run by hand): how long the explorer's entity page takes on the server.

The store holds the seed documents and the examples plus every official code set from
../shared/reference (ICD-10-CM, HCPCS, NUCC, RxNorm: about 950,000 triples), on disk like a real
medkg store; it is built once under bench/cache/ and reused. Target: an entity page renders in
<= 300 ms of server time.

Each entity is measured in a fresh process, so nothing about it is cached: the process opens the
store, renders the search page and an unrelated entity page (cholera, A00.0: the page's code
loaded, as in a server that has been running), then renders the entity page through Streamlit's
AppTest (the page script run, every widget built, no browser) and renders it again (a rerun: a
filter changed, a node expanded). AppTest's own bookkeeping is
included, so the figures are upper bounds of the server time. Several entities of every kind,
several rounds, medians.

    .venv/bin/python bench/explorer.py [--rounds 3] [--store DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.measure import CACHE as WORK  # noqa: E402
from bench.measure import SHARED  # noqa: E402
from graph_app.derive import Deriver  # noqa: E402
from graph_app.loader import ingest_paths  # noqa: E402
from graph_app.refdata import load_reference_sets  # noqa: E402
from graph_app.store import STORE_ENV, GraphStore  # noqa: E402
from ontology import namespaces as ns  # noqa: E402

TARGET_MS = 300.0
WARM_UP = ns.ICD10CM.iri("A00.0")  # cholera: nothing it touches is on the measured pages

ENTITIES = {
    "HCPCS code J9229": ns.HCPCS.iri("J9229"),
    "HCPCS code J3262 (report)": ns.HCPCS.iri("J3262"),
    "drug tocilizumab": ns.entity_iri("drug", "tocilizumab"),
    "condition (ALL, CD22)": ns.entity_iri("condition", "Relapsed or refractory CD22-positive B-cell "
                                           "precursor acute lymphoblastic leukemia (ALL)"),
    "ICD-10-CM M31.6": ns.ICD10CM.iri("M31.6"),
    "ICD-10-CM block C81-C96": ns.ICD10CM.iri("C81-C96"),
    "ICD-10-CM chapter C00-D49": ns.ICD10CM.iri("C00-D49"),
    "NUCC 207RH0003X": ns.NUCC.iri("207RH0003X"),
    "RxNorm 612865": ns.RXNORM.iri("612865"),
    "route intravenous": ns.entity_iri("route", "intravenous"),
    "document J9229 page": ns.document_iri("inotuzumab-ozogamicin-J9229"),
}


def build_store(path: Path) -> None:
    ref = SHARED / "reference"
    if not ref.exists():
        sys.exit(f"{ref} is not here: the benchmark needs the official code sets in ../shared")
    path.parent.mkdir(parents=True, exist_ok=True)
    store = GraphStore(path)
    started = time.perf_counter()
    report = ingest_paths(store, [SHARED / "seeds", REPO / "examples"], derive=Deriver(store))
    loaded = load_reference_sets(store, {
        "icd10cm": None,
        "hcpcs": ref / "hcpcs" / "HCPC2020_ANWEB_w_disclaimer.txt",
        "nucc": ref / "nucc" / "nucc_taxonomy_251.csv",
        "rxnorm": ref / "drugs" / "rxnorm_prescribable_20251006_ingredients.jsonl.gz",
    })
    if report.failed or loaded.failed:
        sys.exit(f"could not build the store: {report.failed or loaded.failed}")
    print(f"built {path}: {len(store):,} quads in {time.perf_counter() - started:.0f} s")
    store.close()


def ms(f: Callable[[], object]) -> float:
    started = time.perf_counter()
    f()
    return (time.perf_counter() - started) * 1000


def one_entity(store_path: Path, iri: str) -> None:
    """In a fresh process: print the first render and the rerun of one entity page, in ms."""
    from streamlit.testing.v1 import AppTest

    os.environ[STORE_ENV] = str(store_path)
    at = AppTest.from_file(str(REPO / "graph_app" / "app" / "Home.py"), default_timeout=120)
    at.run()  # the search page: the store opened, the stored findings read
    at.query_params["iri"] = WARM_UP
    at.switch_page("app_pages/entity.py")
    at.run()  # another entity's page: the page's code loaded, as in a server that has run a while
    assert not at.exception, at.exception
    at.query_params["iri"] = iri
    first = ms(at.run)
    assert not at.exception, at.exception
    assert at.title and not at.warning, f"{iri} did not render as an entity page"
    again = ms(at.run)
    print(json.dumps({"first": first, "rerun": again}))


def measure(store_path: Path, iri: str) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--store", str(store_path), "--one", iri],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--store", type=Path, default=WORK / "explorer-store")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: one entity
    args = parser.parse_args()
    if args.one:
        one_entity(args.store, args.one)
        return
    if not args.store.exists():
        build_store(args.store)

    times: dict[str, dict[str, list[float]]] = {name: {"first": [], "rerun": []} for name in ENTITIES}
    for _ in range(args.rounds):
        for name, iri in ENTITIES.items():
            for k, v in measure(args.store, iri).items():
                times[name][k].append(v)

    print(f"\nentity page server time (AppTest), store {args.store}, median of {args.rounds} rounds")
    print(f"{'entity':30} {'first render ms':>16} {'rerun ms':>9}")
    worst = 0.0
    for name in ENTITIES:
        first, again = (statistics.median(times[name][k]) for k in ("first", "rerun"))
        worst = max(worst, first)
        print(f"{name:30} {first:16.0f} {again:9.0f}")
    verdict = "meets" if worst <= TARGET_MS else "misses"
    print(f"\nslowest first render {worst:.0f} ms: {verdict} the {TARGET_MS:.0f} ms target"
          f" (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
