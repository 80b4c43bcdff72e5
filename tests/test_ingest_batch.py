"""Batches: broken files are named with their reason, good files are stored, nothing is lost."""

from __future__ import annotations

import shutil
from pathlib import Path

from graph_app.loader import ingest_paths
from graph_app.querylib import load_query
from graph_app.runner import EmbeddedRunner
from ontology import namespaces as ns
from tests.broken_files import make_broken
from tests.conftest import EXAMPLES, FIXED_TIME


def test_broken_files_are_named_and_the_rest_is_stored(tmp_path, store):
    broken = make_broken(tmp_path / "batch")
    shutil.copy(EXAMPLES / "blinatumomab-J9039.txt", tmp_path / "batch")
    report = ingest_paths(store, [tmp_path / "batch"], now=FIXED_TIME)
    assert report.exit_code == 1
    assert {Path(f.path).name: f.kind for f in report.failed} == broken
    for f in report.failed:
        assert f.reason and Path(f.path).name in str(f)
    assert [Path(p).name for p in report.stored] == ["blinatumomab-J9039.txt"]
    rows = load_query("code").run(EmbeddedRunner(store), code="J9039").rows
    assert rows, "the good document must be queryable"


def test_a_failing_batch_leaves_earlier_documents_intact(tmp_path, store):
    ingest_paths(store, [EXAMPLES / "tocilizumab-J3262.txt"], now=FIXED_TIME)
    before = sorted(map(str, store.quads()))
    make_broken(tmp_path / "bad")
    # a broken file under the same name as the stored document must not replace it
    (tmp_path / "bad" / "tocilizumab-J3262.txt").write_text("")
    report = ingest_paths(store, [tmp_path / "bad"], now=FIXED_TIME)
    assert not report.stored and len(report.failed) == 6
    assert sorted(map(str, store.quads())) == before


def test_reingest_is_idempotent(store):
    first = ingest_paths(store, [EXAMPLES], now=FIXED_TIME)
    assert not first.failed and len(first.stored) >= 6
    n = len(store)
    second = ingest_paths(store, [EXAMPLES], now=FIXED_TIME)
    assert second.stored == [] and len(second.unchanged) == len(first.stored)
    assert len(store) == n
    # no fact is written twice within a document graph
    for g in store.graphs_by_kind()["documents"]:
        quads = list(store.quads(g))
        assert len(quads) == len(set(map(str, quads)))


def test_a_changed_document_replaces_only_its_own_facts(tmp_path, store):
    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("tocilizumab-J3262.txt", "blinatumomab-J9039.txt"):
        shutil.copy(EXAMPLES / name, docs)
    ingest_paths(store, [docs], now=FIXED_TIME)
    other_graph = ns.document_graph("blinatumomab-J9039")
    other_before = sorted(map(str, store.quads(other_graph)))

    page = docs / "tocilizumab-J3262.txt"
    page.write_text(page.read_text().replace("Giant cell arteritis", "Takayasu arteritis"))
    report = ingest_paths(store, [docs], now=FIXED_TIME)
    assert [Path(p).name for p in report.stored] == ["tocilizumab-J3262.txt"]
    assert sorted(map(str, store.quads(other_graph))) == other_before

    runner = EmbeddedRunner(store)
    q = load_query("codes-for-condition")
    assert {r["notation"].value for r in q.run(runner, condition="takayasu").rows} == {"J3262"}
    assert q.run(runner, condition="giant cell").rows == []
    # the old content is gone, not merely joined by the new
    assert len(store.document_hashes()) == 2


def test_an_interrupted_bulk_load_is_repaired_by_the_next_ingest(tmp_path, store):
    from ingest.registry import read_document
    from ingest.to_rdf import build_document_graph
    from ontology.vocabulary import MKG

    page = EXAMPLES / "tocilizumab-J3262.txt"
    graph = build_document_graph(read_document(page), ingested_at=FIXED_TIME, tool_version="t")
    # what a crash between the bulk load and the completion mark leaves behind
    half = [q for q in graph.quads if q.predicate.value != MKG.sha256][: len(graph.quads) // 2]
    store.ox.extend(half)
    assert store.document_hashes() == {}
    report = ingest_paths(store, [page], now=FIXED_TIME)
    assert report.repaired == ["tocilizumab-J3262"]
    assert [Path(p).name for p in report.stored] == ["tocilizumab-J3262.txt"]
    fresh = fresh_store(tmp_path, page)
    assert sorted(map(str, store.quads())) == sorted(map(str, fresh.quads()))


def fresh_store(tmp_path, page):
    from graph_app.store import GraphStore

    s = GraphStore(tmp_path / "fresh")
    ingest_paths(s, [page], now=FIXED_TIME)
    return s
