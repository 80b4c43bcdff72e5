"""A smoke run of the benchmark harness on tiny official sets: every stage runs and reports.

The figures mean nothing at this size; what is checked is that the harness builds the store,
times every contender and every library query on both engines, judges every target and writes
its JSON and markdown. Real runs: `make bench` / `python -m bench.run` (see bench/run.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from bench.queryplan import TARGET_QUERIES
from bench.run import Options, run
from graph_app.querylib import library
from tests.refdata_fixtures import tiny_refs  # noqa: F401 (fixture)


def test_a_tiny_run_measures_everything(tmp_path: Path, tiny_refs: dict[str, Path]) -> None:  # noqa: F811
    opt = Options(rounds=1, repeats=1, samples=2, budget=2.0, workdir=tmp_path / "work", out=tmp_path / "out")
    [result] = run([6], dict(tiny_refs), opt)

    assert result["ingest"]["documents"] == 6 and not result["ingest"]["failed"]
    assert result["ingest"]["quads"] > 0 and result["reference"]["quads"] > 0
    for side in ("vs_pyox_disk", "vs_pyox_mem"):
        assert result["ingest"][side] > 0 and result["reference"][side] > 0
    assert set(result["queries"]) == set(library()), "every library query is timed"
    for name, q in result["queries"].items():
        assert q["medkg"]["runs"] >= 1, name
        assert q["rdflib"] is not None, name
        if "rows" in q["rdflib"]:  # both engines answer the same query alike
            assert q["rdflib"]["rows"] == q["medkg"]["rows"], name
    assert {t["target"] for t in result["targets"]} and all(t["met"] in (True, False, None)
                                                            for t in result["targets"])
    assert any(t["met"] is None for t in result["targets"]), "10,000-document targets are n/a at 6"
    assert result["validation"]["pages"] == 6
    assert set(TARGET_QUERIES) & set(library()) <= set(result["queries"])

    written = json.loads(next((tmp_path / "out").glob("*-6.json")).read_text())
    assert written["docs"] == 6
    table = next((tmp_path / "out").glob("*-6.md")).read_text()
    assert "## Targets" in table and "| code ★ |" in table
