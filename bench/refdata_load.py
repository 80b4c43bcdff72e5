"""Benchmark: `medkg refdata load` of ICD-10-CM + HCPCS + NUCC against pyoxigraph loading the
same triples from an N-Triples file, side by side in one run, with peak memory.

Run by hand (not a test):  .venv/bin/python bench/refdata_load.py [--rounds 3] [--reference DIR]

Each contender runs in a fresh process (so peak RSS is its own), contenders rotate order each
round, and ratios are medians of per-round times. Contenders:
  medkg-first    load_reference_sets into an empty on-disk store (read files, build quads,
                 bulk-load, seal, re-check documents)
  medkg-reload   the same releases loaded again into a store that holds them (the atomic
                 difference-only replacement; the preload is not timed)
  pyox-mem       pyoxigraph Store().load(nt) in memory        (perf/RESULTS.md baseline)
  pyox-disk      pyoxigraph Store(dir).load(nt), transactional, on disk
  pyox-bulk      pyoxigraph Store(dir).bulk_load(nt), on disk
Targets (issue 4): medkg-first <= 3x pyoxigraph, peak RSS < 1.5 GB.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CONTENDERS = ("medkg-first", "medkg-reload", "pyox-mem", "pyox-disk", "pyox-bulk")
TARGET_RATIO, TARGET_RSS_MB = 3.0, 1536


def sources(reference: Path) -> dict[str, str | None]:
    return {
        "icd10cm": None,
        "hcpcs": str(reference / "hcpcs" / "HCPC2020_ANWEB_w_disclaimer.txt"),
        "nucc": str(reference / "nucc" / "nucc_taxonomy_251.csv"),
    }


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def write_ntriples(reference: Path, out: Path) -> int:
    """The exact triples medkg loads, as one N-Triples file (built once, not timed)."""
    import pyoxigraph as ox

    from ingest.codesets import build_reference_graph

    at = datetime.now(UTC)
    triples = []
    for name, path in sources(reference).items():
        ref = build_reference_graph(name, path, at)
        triples += [q.triple for q in [*ref.quads(), *ref.metadata]]
    ox.serialize(triples, str(out), ox.RdfFormat.N_TRIPLES)
    return len(triples)


def run_one(contender: str, reference: Path, nt: Path, workdir: Path) -> dict[str, float]:
    """Executed in a child process: time one contender, report seconds and peak RSS."""
    import pyoxigraph as ox

    from graph_app.refdata import load_reference_sets
    from graph_app.store import GraphStore

    if contender.startswith("medkg"):
        store = GraphStore(workdir / "store")
        if contender == "medkg-reload":
            load_reference_sets(store, sources(reference))
        start = time.perf_counter()
        report = load_reference_sets(store, sources(reference))
        seconds = time.perf_counter() - start
        assert not report.failed, report.failed
        count = len(store)
    else:
        start = time.perf_counter()
        if contender == "pyox-mem":
            s = ox.Store()
            s.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
        else:
            s = ox.Store(str(workdir / "ox"))
            if contender == "pyox-disk":
                s.load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            else:
                s.bulk_load(path=str(nt), format=ox.RdfFormat.N_TRIPLES)
            s.flush()
        seconds = time.perf_counter() - start
        count = len(s)
    return {"seconds": seconds, "rss_mb": peak_rss_mb(), "quads": count}


def child(contender: str, reference: Path, nt: Path) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="medkg-bench-") as work:
        proc = subprocess.run(
            [sys.executable, __file__, "--child", contender, "--reference", str(reference),
             "--nt", str(nt), "--workdir", work],
            capture_output=True, text=True, cwd=REPO,
        )
    if proc.returncode != 0:
        raise SystemExit(f"{contender} failed:\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--reference", type=Path, default=REPO.parent / "shared" / "reference")
    ap.add_argument("--child")
    ap.add_argument("--nt", type=Path)
    ap.add_argument("--workdir", type=Path)
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    if args.child:
        print(json.dumps(run_one(args.child, args.reference, args.nt, args.workdir)))
        return
    with tempfile.TemporaryDirectory(prefix="medkg-bench-nt-") as tmp:
        nt = Path(tmp) / "refdata.nt"
        triples = write_ntriples(args.reference, nt)
        print(f"{triples:,} triples (ICD-10-CM + HCPCS 2020 + NUCC 25.1), "
              f"{nt.stat().st_size / 2**20:.0f} MiB N-Triples; {args.rounds} rounds, rotated order")
        results: dict[str, list[dict[str, float]]] = {c: [] for c in CONTENDERS}
        for r in range(args.rounds):
            order = CONTENDERS[r % len(CONTENDERS):] + CONTENDERS[: r % len(CONTENDERS)]
            for contender in order:
                results[contender].append(child(contender, args.reference, nt))
            print(f"round {r + 1}: " + ", ".join(
                f"{c} {results[c][-1]['seconds']:.1f}s" for c in CONTENDERS))
    report(results)


def report(results: dict[str, list[dict[str, float]]]) -> None:
    med = {c: statistics.median(x["seconds"] for x in rows) for c, rows in results.items()}
    rss = {c: max(x["rss_mb"] for x in rows) for c, rows in results.items()}
    print("\n| contender | median s | vs pyox-mem | vs pyox-disk | vs pyox-bulk | peak RSS MiB |")
    print("|---|---:|---:|---:|---:|---:|")
    for c in CONTENDERS:
        print(f"| {c} | {med[c]:.2f} | {med[c] / med['pyox-mem']:.2f}x | "
              f"{med[c] / med['pyox-disk']:.2f}x | {med[c] / med['pyox-bulk']:.2f}x | {rss[c]:,.0f} |")
    first = med["medkg-first"]
    print(f"\nmedkg-first: {first / med['pyox-disk']:.2f}x pyoxigraph's transactional on-disk load, "
          f"{first / med['pyox-bulk']:.2f}x its on-disk bulk load, {first / med['pyox-mem']:.2f}x its "
          f"in-memory load (target <= {TARGET_RATIO:.0f}x); peak RSS {rss['medkg-first']:,.0f} MiB "
          f"(target < {TARGET_RSS_MB:,} MiB).")


if __name__ == "__main__":
    main()
