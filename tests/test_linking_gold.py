"""The gold list (tests/data/condition_gold.tsv) against the full ICD-10-CM release in the store.

Top-1 accuracy at category level must be at least 90%; every miss is printed (run pytest -s to
see them). The seed phrases must also reach their exact concepts, since the questions on the
seed graph depend on them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest

from graph_app.linking import linker_for
from tests.ask_fixtures import asked, asked_store  # noqa: F401  (fixtures)
from tests.conftest import DATA

GOLD = DATA / "condition_gold.tsv"
MIN_CATEGORY_ACCURACY = 0.90


@dataclass(frozen=True)
class GoldRow:
    area: str
    phrase: str
    category: str
    codes: tuple[str, ...]


def gold_rows() -> list[GoldRow]:
    text = GOLD.read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    out = []
    for row in csv.DictReader(lines, delimiter="\t"):
        codes = tuple(c for c in (row.get("code") or "").split("+") if c)
        out.append(GoldRow(row["area"], row["phrase"], row["category"], codes))
    return out


def test_gold_list_is_big_and_covers_the_areas():
    rows = gold_rows()
    assert len(rows) >= 40
    assert {"seed", "oncology", "rheumatology", "neurology", "gastroenterology"} <= {r.area for r in rows}
    assert all(len(r.category) == 3 for r in rows)


@pytest.fixture(scope="module")
def linker(asked):  # noqa: F811
    found = linker_for(asked)
    assert found is not None, "the asked store has ICD-10-CM loaded"
    return found


def test_top1_category_accuracy(linker, capsys):
    rows = gold_rows()
    misses = []
    for row in rows:
        result = linker.link(row.phrase)
        got = result.best.code if result.best else (result.candidates[0].code if result.candidates else "-")
        if got[:3] != row.category:
            misses.append(f"{row.area}: {row.phrase!r} -> {got}, expected {row.category}")
    accuracy = 1 - len(misses) / len(rows)
    with capsys.disabled():
        print(f"\ncondition linking gold list: {len(rows) - len(misses)}/{len(rows)} top-1 at "
              f"category level ({accuracy:.1%}); misses:")
        print("\n".join(f"  {m}" for m in misses) or "  none")
    assert accuracy >= MIN_CATEGORY_ACCURACY, misses


@pytest.mark.parametrize("row", [r for r in gold_rows() if r.area == "seed" and r.codes],
                         ids=lambda r: r.phrase[:40])
def test_seed_phrases_reach_their_exact_concepts(linker, row):
    assert tuple(c.code for c in linker.link(row.phrase).links) == row.codes


def test_links_name_concepts_of_the_loaded_release(linker):
    result = linker.link("Giant cell arteritis")
    assert result.best is not None and result.best.code in linker.table
    assert "2026-04-01" in result.release
