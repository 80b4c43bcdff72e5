"""Measurement helpers every benchmark uses: timing, latency percentiles, memory, child processes.

Timings on a shared machine are noisy, so the harness reports medians over rounds and ratios
measured side by side in the same run; one contender per fresh process, so each peak RSS is its
own.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"  # beside the repository, as in CI
CACHE = REPO / "bench" / "cache"  # built indexes and stores the hand-run benchmarks reuse


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (VmHWM), MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def dir_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20


def timed(action: Callable[[], object]) -> tuple[float, object]:
    """(seconds, result) of one call."""
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


@dataclass(frozen=True)
class Latency:
    p50_ms: float
    p95_ms: float
    runs: int
    rows: int  # distinct rows of the last answer (a check that both engines answer alike)

    def to_json(self) -> dict[str, float | int]:
        return asdict(self)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty list."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def latency(calls: list[Callable[[], object]], *, repeats: int, budget_s: float,
            count: Callable[[object], int] = len) -> Latency:  # type: ignore[assignment]
    """p50 and p95 over `repeats` passes through `calls` (one call per sampled parameter).

    A warm-up pass (caches, first-query planning) is not counted, unless it alone spends the
    budget: then that one pass is the figure. Passes stop once the budget is spent, so a slow
    engine gives a figure from fewer runs instead of stalling the harness. `count` reads the
    number of rows of the last answer, outside the timing.
    """
    answer: object = ()
    warmup: list[float] = []
    deadline = time.perf_counter() + budget_s
    for call in calls:
        started = time.perf_counter()
        answer = call()
        warmup.append(time.perf_counter() - started)
    samples: list[float] = []
    if time.perf_counter() > deadline:
        samples = warmup
    else:
        for _ in range(repeats):
            for call in calls:
                started = time.perf_counter()
                answer = call()
                samples.append(time.perf_counter() - started)
            if time.perf_counter() > deadline:
                break
    return Latency(percentile(samples, 50) * 1000, percentile(samples, 95) * 1000, len(samples),
                   count(answer))


def median_ms(action: Callable[[], object], repeat: int) -> float:
    """Median of `repeat` warm runs (after one not counted), in ms."""
    action()
    return median([timed(action)[0] for _ in range(repeat)]) * 1000


def median(values: Iterable[float]) -> float:
    return statistics.median(values)


def rotated(items: list[str], round_: int) -> list[str]:
    """Contenders in a different order each round, so none always runs on a cold or hot machine."""
    k = round_ % len(items)
    return items[k:] + items[:k]


def run_child(module: str, payload: dict, *, timeout: float | None = None) -> dict:
    """Run `python -m module` with a JSON payload on stdin; the last stdout line is its JSON result."""
    proc = subprocess.run(
        [sys.executable, "-m", module], input=json.dumps(payload), capture_output=True, text=True,
        cwd=REPO, timeout=timeout, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{module} {payload.get('task')} failed (exit {proc.returncode}):\n"
                           f"{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def child_main(tasks: dict[str, Callable[[dict], dict]]) -> None:
    """Entry point of a child process: read the payload, run its task, print the JSON result."""
    payload = json.loads(sys.stdin.read())
    result = tasks[payload["task"]](payload)
    result["peak_rss_mb"] = peak_rss_mb()
    print(json.dumps(result))


def machine() -> dict[str, object]:
    """What the figures were measured on, including how busy the machine was."""
    import pyoxigraph
    import rdflib

    mem_total = next((int(line.split()[1]) // 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                      if line.startswith("MemTotal:")), 0)
    return {
        "cpus": os.cpu_count(), "memory_mb": mem_total, "load_average": os.getloadavg()[0],
        "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__, "platform": platform.platform(),
    }


def available_mb() -> int:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemAvailable:"):
            return int(line.split()[1]) // 1024
    return 0
