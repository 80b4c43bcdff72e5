"""The synthetic corpus (bench/corpus.py): deterministic, varied, readable, and honest about its
mistakes: the checks find on the pages what the manifest says is wrong with them."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bench.codepool import CodePool, reference_sources
from bench.corpus import CorpusSettings, generate
from bench.pages import HEADINGS
from bench.plan import BULLETS, SEPARATORS
from bench.truth import agreement
from graph_app.derive import Deriver
from graph_app.findings import stored_findings
from graph_app.loader import ingest_paths
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore
from ingest.registry import read_document
from ingest.vocab import section_for_heading
from tests.conftest import FIXED_TIME

N = 80


@pytest.fixture(scope="session")
def sources(reference_dir: Path) -> dict[str, Path | None]:
    return reference_sources(reference_dir)


@pytest.fixture(scope="session")
def pool(sources) -> CodePool:
    return CodePool.read(sources)


@pytest.fixture(scope="session")
def corpus(pool: CodePool, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    out = tmp_path_factory.mktemp("corpus")
    return out, generate(pool, out, N)


def test_the_same_seed_gives_the_same_files(pool: CodePool, corpus, tmp_path: Path) -> None:
    out, manifest = corpus
    again = generate(pool, tmp_path / "again", N)
    assert again == manifest
    for page in manifest["pages"]:
        assert filecmp.cmp(out / page["file"], tmp_path / "again" / page["file"], shallow=False)
    # page k does not depend on how many pages there are, so sizes compare like for like
    fewer = generate(pool, tmp_path / "fewer", 10)
    assert fewer["pages"] == manifest["pages"][:10]
    other = generate(pool, tmp_path / "other", 10, CorpusSettings(seed=9))
    assert other["pages"] != manifest["pages"][:10]


def test_the_corpus_has_the_variety_real_pages_have(corpus) -> None:
    _, manifest = corpus
    s = manifest["summary"]
    assert set(s["genres"]) == {"code-explainer", "coding-report"}
    assert s["code_omitted"] > 0 and s["styles"]["labelled sections"] > 0
    assert s["styles"]["report without title line"] > 0
    assert {f"bullet {b.strip()}" for b in BULLETS} <= set(s["styles"])
    assert {f"table pipes {p}" for p in ("leading", "trailing", "none")} <= set(s["styles"])
    assert {f"separator {sep}" for sep in SEPARATORS} <= set(s["styles"])
    assert all(s["rows"][status] > 0 for status in ("stated", "excluded", "not-applicable", "duplicate"))
    # each page draws a mistake with probability 0.15: within three standard deviations for N pages
    spread = 3 * (0.15 * 0.85 / N) ** 0.5
    assert len(s["mistakes"]) >= 5 and abs(s["pages_with_mistakes"] / N - 0.15) < spread
    assert s["codes"] > N // 3, "pages spread over many drug codes"
    used = {h for p in manifest["pages"] for h in p["style"]["headings"]}
    for section, names in HEADINGS.items():
        if len(names) > 1:
            assert len(used & set(names)) > 1, f"{section}: one heading only"


def test_every_heading_the_generator_writes_is_one_readers_know() -> None:
    for section, names in HEADINGS.items():
        for name in names:
            assert section_for_heading(name) == section, name


def test_every_page_reads_as_the_plan_says(corpus) -> None:
    out, manifest = corpus
    for page in manifest["pages"]:
        record = read_document(out / page["file"])
        assert record.genre.value == page["genre"], page["file"]
        assert record.hcpcs_code == page["stated_code"], page["file"]
        kinds = ("modifiers", "taxonomies", "diagnoses", "procedures")
        planned = sorted((r["code"], r["status"]) for kind in kinds
                         for r in page[kind])
        assert sorted((r.stated_code, r.status.value) for r in record.rows) == planned, page["file"]
        if page["genre"] == "code-explainer":
            assert record.drug == page["drug"] and record.indications, page["file"]
        else:  # a report whose unit the 'represents' sentence does not spell (gm, iu) may lose its drug
            assert record.drug in (page["drug"], None), page["file"]
        if page["brand"]:
            assert page["brand"] in [b.label for b in record.brands], page["file"]


@pytest.fixture(scope="session")
def checked_corpus(corpus, sources, tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    out, _ = corpus
    store = GraphStore(tmp_path_factory.mktemp("corpus-store") / "store")
    loaded = load_reference_sets(store, sources, now=FIXED_TIME)
    assert not loaded.failed, loaded.failed
    report = ingest_paths(store, [out], derive=Deriver(store), now=FIXED_TIME)
    assert not report.failed and len(report.stored) == N
    return store


def test_the_checks_find_the_mistakes_the_manifest_records(corpus, checked_corpus: GraphStore) -> None:
    _, manifest = corpus
    found = agreement(stored_findings(EmbeddedRunner(checked_corpus)), manifest)
    assert found.expected == sum(len(m["findings"]) for p in manifest["pages"] for m in p["mistakes"])
    assert found.recall >= 0.9, found.missed
    assert abs(found.flagged_rate - found.manifest_rate) <= 0.05, found
    assert sum(found.unexpected.values()) <= 0.05 * N, found.unexpected


def test_rows_kept_out_of_the_links_are_the_ones_the_manifest_counts(corpus, tmp_path: Path) -> None:
    out, manifest = corpus
    report = ingest_paths(GraphStore(tmp_path / "store"), [out], now=FIXED_TIME)
    rows = manifest["summary"]["rows"]
    assert report.excluded_rows == rows["excluded"] + rows["not-applicable"]
    assert report.duplicate_rows == rows["duplicate"]
