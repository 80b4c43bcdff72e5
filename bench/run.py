"""The benchmark harness: build the graph from the official sets plus N generated documents, then
measure loading, ingest, queries and export beside the naive way and beside the engine's limit.

    python -m bench.run --docs 1000                  # one size, 3 rounds
    python -m bench.run --docs 1000 --docs 10000     # several sizes, plus how cost grows
    python -m bench.run --quick                      # 200 documents, 1 round: under 3 minutes

Each size writes bench/results/<date>-<docs>.json and .md; several sizes also write
<date>-growth.md. Every contender runs in a fresh process (bench/tasks.py, bench/naive.py).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.codepool import reference_sources
from bench.corpus import DEFAULT_REFERENCE, CorpusSettings, ensure_corpus
from bench.features import user_inputs
from bench.measure import machine, median, rotated, run_child
from bench.queryplan import TARGET_QUERIES, query_plan, samples
from bench.report import growth_markdown, markdown, targets
from bench.truth import agreement
from graph_app.findings import stored_findings
from graph_app.querylib import library
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore

RESULTS = Path(__file__).resolve().parent / "results"
LOADERS = ("pyox-ref-disk", "pyox-ref-mem", "pyox-docs-disk", "pyox-docs-mem")


@dataclass
class Options:
    rounds: int = 3
    repeats: int = 5  # passes over each point query's samples
    samples: int = 20  # sampled parameter values per point query
    budget: float = 30.0  # seconds per point query and engine (whole-graph queries: 4x)
    seed: int = CorpusSettings.seed
    quick: bool = False
    whole_graph: bool = True  # also time the queries without parameters (slow on big graphs)
    loaders: tuple[str, ...] = LOADERS
    workdir: Path = Path(os.environ.get("TMPDIR", "/tmp")) / "medkg-bench"
    out: Path = RESULTS

    @classmethod
    def quick_run(cls, **kw: object) -> Options:
        """200 documents in under 3 minutes: one round, point queries only (rdflib: the target
        queries only), pyoxigraph's reference load in memory only."""
        return cls(rounds=1, repeats=3, samples=6, budget=2.0, quick=True, whole_graph=False,
                   loaders=("pyox-ref-mem", "pyox-docs-disk", "pyox-docs-mem"), **kw)  # type: ignore[arg-type]


def run_size(n: int, sources: dict[str, Path | None], opt: Options) -> dict:
    work = opt.workdir / f"docs-{n}"
    work.mkdir(parents=True, exist_ok=True)
    say(f"{n:,} documents: corpus")
    manifest = ensure_corpus(sources, work / "corpus", n, CorpusSettings(seed=opt.seed))
    before = machine()
    builds: list[dict] = []
    loads: dict[str, list[dict]] = {name: [] for name in opt.loaders}
    files = {"reference": work / "reference.nq", "documents": work / "documents.nq"}
    store = work / "store"
    dumped: dict = {}
    for r in range(opt.rounds):
        order = rotated(["build", *opt.loaders], r)
        for contender in order:
            if contender == "build":
                shutil.rmtree(store, ignore_errors=True)
                builds.append(run_child("bench.tasks", {
                    "task": "build", "store": str(store), "corpus": str(work / "corpus"),
                    "sources": {k: str(v) if v else None for k, v in sources.items()}}))
                say(f"  round {r + 1}: refdata {builds[-1]['reference_seconds']:.1f} s, "
                    f"ingest {builds[-1]['ingest_seconds']:.1f} s")
                if r == 0:
                    dumped = run_child("bench.tasks", {"task": "dump-graphs", "store": str(store), "files": {
                        str(files["reference"]): ["reference"],
                        str(files["documents"]): ["documents", "derived"]}})
            else:
                part = files["reference"] if "-ref-" in contender else files["documents"]
                target = work / "pyox-store"
                shutil.rmtree(target, ignore_errors=True)
                loads[contender].append(run_child("bench.tasks", {
                    "task": "pyox-load", "files": [str(part)], "store": str(target),
                    "mode": "disk" if contender.endswith("disk") else "memory"}))
                shutil.rmtree(target, ignore_errors=True)
    say("  validation")
    opened = GraphStore(store)
    validation = agreement(stored_findings(EmbeddedRunner(opened)), manifest).to_json()
    opened.close()
    pool = samples(manifest, opt.samples, opt.seed)
    plan = query_plan(library(), pool, repeats=opt.repeats, point_budget_s=opt.budget,
                      whole_budget_s=opt.budget * 2, whole_graph=opt.whole_graph)
    say("  queries (medkg)")
    measured = run_child("bench.tasks", {"task": "queries", "store": str(store),
                                         "plan": [i for i in plan if i["kind"] == "point"],
                                         "scan_codes": pool["hcpcs"][: 1 if opt.quick else 3],
                                         "workdir": str(work), "export_rounds": opt.rounds})
    for item in (i for i in plan if i["kind"] == "whole-graph"):
        measured["queries"][item["name"]] = whole_graph_query(store, item)
    say("  link, label search, ask, explorer (medkg)")
    inputs = user_inputs(manifest, opt.samples, opt.seed)
    features = run_child("bench.features", {"task": "questions", "store": str(store), **inputs,
                                            "repeats": opt.repeats, "budget_s": opt.budget})
    features["explorer"] = run_child("bench.features", {
        "task": "explorer", "store": str(store), "entities": inputs["entities"][: 2 if opt.quick else 7],
        "rounds": 1 if opt.quick else 2})
    say("  queries and ask (rdflib)")
    document_quads = dumped["quads"][str(files["documents"])]
    quads = builds[-1]["reference_quads"] + document_quads
    # in a quick run rdflib answers only the target queries: loading the quads is most of its time
    naive_plan = [i for i in plan if not opt.quick or i["name"] in TARGET_QUERIES]
    naive = run_child("bench.naive", {"task": "rdflib-queries", "plan": naive_plan, "quads": quads,
                                      "files": [str(files["reference"]), str(files["documents"])],
                                      "store": str(store),
                                      "questions": [] if opt.quick else inputs["questions"],
                                      "budget_s": opt.budget * 2})
    result = assemble(n, opt, manifest, before, builds, loads, measured, naive, validation,
                      document_quads, {item["name"]: item["kind"] for item in plan})
    result["features"] = features
    result["features"]["ask-rdflib"] = naive.get("queries", {}).pop("ask", None)
    result["targets"] = targets(result)
    return result


def whole_graph_query(store: Path, item: dict) -> dict:
    """A query without parameters, in its own process: one that has not answered within its
    budget (some read every node of the graph) is stopped and reported as timed out."""
    try:
        return run_child("bench.tasks", {"task": "query", "store": str(store), "item": item},
                         timeout=item["budget_s"] + 30)["latency"]
    except subprocess.TimeoutExpired:
        say(f"    {item['name']}: stopped after {item['budget_s'] + 30:.0f} s")
        return {"timed_out_s": item["budget_s"] + 30}


def assemble(n: int, opt: Options, manifest: dict, before: dict, builds: list[dict],
             loads: dict[str, list[dict]], measured: dict, naive: dict, validation: dict,
             document_quads: int, kinds: dict[str, str]) -> dict:
    def med(rows: list[dict] | None, key: str = "seconds") -> float | None:
        return median([row[key] for row in rows]) if rows else None

    def ratio(a: float | None, b: float | None) -> float | None:
        return a / b if a is not None and b else None

    ref_s, ingest_s = med(builds, "reference_seconds"), med(builds, "ingest_seconds")
    assert ref_s is not None and ingest_s is not None
    queries = {}
    for name, mk in measured["queries"].items():
        rd = (naive.get("queries") or {}).get(name)
        # rdflib stopped by its budget: the ratio is a lower bound (budget / medkg's p50)
        slowest = (rd.get("p50_ms") if rd and "p50_ms" in rd
                   else (rd or {}).get("timed_out_s", 0) * 1000 or None)
        queries[name] = {"kind": kinds[name], "medkg": mk,
                         "rdflib": rd, "rdflib_over_medkg": ratio(slowest, mk.get("p50_ms")),
                         "ratio_is_lower_bound": bool(rd and "timed_out_s" in rd)}
    export = measured["export"]
    ex_medkg, ex_dump = median(export["medkg_seconds"]), median(export["pyoxigraph_dump_seconds"])
    last = builds[-1]
    ref_disk, ref_mem = med(loads.get("pyox-ref-disk")), med(loads.get("pyox-ref-mem"))
    docs_disk, docs_mem = med(loads.get("pyox-docs-disk")), med(loads.get("pyox-docs-mem"))
    return {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "docs": n, "quick": opt.quick, "rounds": opt.rounds, "machine": before,
        "load_after": os.getloadavg()[0],
        "corpus": manifest["summary"],
        "reference": {
            "quads": last["reference_quads"], "seconds": [b["reference_seconds"] for b in builds],
            "median_s": ref_s, "pyox_disk_s": ref_disk, "pyox_mem_s": ref_mem,
            "vs_pyox_disk": ratio(ref_s, ref_disk), "vs_pyox_mem": ratio(ref_s, ref_mem),
        },
        "ingest": {
            "documents": last["stored"], "failed": last["failed"],
            "quads": document_quads,
            "seconds": [b["ingest_seconds"] for b in builds], "median_s": ingest_s,
            "docs_per_s": n / ingest_s, "ms_per_doc": ingest_s / n * 1000,
            "pyox_disk_s": docs_disk, "pyox_mem_s": docs_mem,
            "vs_pyox_disk": ratio(ingest_s, docs_disk), "vs_pyox_mem": ratio(ingest_s, docs_mem),
            "store_mb": last["store_mb"], "peak_rss_mb": max(b["peak_rss_mb"] for b in builds),
            "excluded_rows": last["excluded_rows"], "duplicate_rows": last["duplicate_rows"],
        },
        "validation": validation,
        "queries": queries,
        "scan": {**measured["scan"],
                 "vs_index": ratio(measured["scan"]["p50_ms"], queries["code"]["medkg"]["p50_ms"])},
        "export": {"medkg_s": ex_medkg, "pyox_dump_s": ex_dump, "vs_pyox_dump": ex_medkg / ex_dump,
                   "turtle_mb": export["turtle_mb"], "rounds": export},
        "query_peak_rss_mb": measured["peak_rss_mb"],
        "peak_rss_mb": max(max(b["peak_rss_mb"] for b in builds), measured["peak_rss_mb"]),
        "rdflib": {k: v for k, v in naive.items() if k != "queries"},
    }


def write(result: dict, out: Path) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{result['date'][:10]}-{result['docs']}" + ("-quick" if result["quick"] else "")
    (out / f"{stem}.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (out / f"{stem}.md").write_text(markdown(result), encoding="utf-8")
    return out / f"{stem}.md"


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def main(argv: list[str] | None = None) -> list[dict]:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="corpus size (repeatable)")
    parser.add_argument("--quick", action="store_true", help=Options.quick_run.__doc__)
    parser.add_argument("--rounds", type=int, default=Options.rounds)
    parser.add_argument("--repeats", type=int, default=Options.repeats)
    parser.add_argument("--samples", type=int, default=Options.samples)
    parser.add_argument("--budget", type=float, default=Options.budget)
    parser.add_argument("--seed", type=int, default=Options.seed)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder laid out like ../shared/reference")
    parser.add_argument("--workdir", type=Path, default=Options.workdir)
    parser.add_argument("--out", type=Path, default=Options.out)
    args = parser.parse_args(argv)
    common = {"seed": args.seed, "workdir": args.workdir, "out": args.out}
    if args.quick:
        opt, sizes = Options.quick_run(**common), [200]
    else:
        opt = Options(rounds=args.rounds, repeats=args.repeats, samples=args.samples, budget=args.budget,
                      **common)  # type: ignore[arg-type]
        sizes = args.docs or [1000]
    return run(sizes, reference_sources(args.reference), opt)


def run(sizes: list[int], sources: dict[str, Path | None], opt: Options) -> list[dict]:
    results = []
    for n in sizes:
        result = run_size(n, sources, opt)
        results.append(result)
        say(f"wrote {write(result, opt.out)}")
        for t in result["targets"]:
            verdict = {True: "met", False: "MISSED", None: "n/a"}[t["met"]]
            say(f"  {t['target']}: {t['value']} {t['unit']} ({t['rule']} {t['limit']}) -> {verdict}. "
                f"{t['note']}")
    if len(results) > 1:
        growth = opt.out / f"{results[-1]['date'][:10]}-growth.md"
        growth.write_text(growth_markdown(results), encoding="utf-8")
        say(f"wrote {growth}")
    return results


if __name__ == "__main__":
    main()
