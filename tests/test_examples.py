"""The bundled demo corpus: both genres, at least six codes, the four seed drugs, all readable."""

from __future__ import annotations

from ingest.records import Genre
from ingest.registry import document_paths, read_document
from tests.conftest import EXAMPLES


def test_demo_corpus_covers_what_the_issue_asks():
    records = [read_document(p) for p in document_paths([EXAMPLES])]
    assert {r.genre for r in records} == {Genre.EXPLAINER, Genre.REPORT}
    drugs = {r.drug for r in records}
    assert {"tocilizumab", "inotuzumab ozogamicin", "blinatumomab", "ofatumumab"} <= drugs
    codes = {r.hcpcs_code for r in records if r.hcpcs_code}
    assert len(codes) + sum(r.hcpcs_code is None for r in records) >= 6
    assert any(r.hcpcs_code is None for r in records), "one page must state no code"
    for r in records:
        assert r.indications or r.rows, f"{r.source.file_name} yields no facts"
