"""The first explorer page, driven by Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from graph_app.loader import ingest_paths
from graph_app.store import STORE_ENV, GraphStore
from tests.conftest import EXAMPLES, FIXED_TIME, REPO

HOME = REPO / "graph_app" / "app" / "Home.py"


@pytest.fixture
def app(tmp_path: Path, monkeypatch) -> AppTest:
    path = tmp_path / "store"
    store = GraphStore(path)
    ingest_paths(store, [EXAMPLES], now=FIXED_TIME)
    store.close()
    monkeypatch.setenv(STORE_ENV, str(path))
    at = AppTest.from_file(str(HOME), default_timeout=30)
    at.run()
    assert not at.exception, at.exception
    return at


def test_home_shows_statistics(app):
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["documents"] == "9"
    assert int(metrics["HCPCS codes"].replace(",", "")) >= 6


def test_code_lookup_shows_facts_with_sources(app):
    app.text_input(key="code_lookup").set_value("J9039").run()
    texts = " ".join(e.label for e in app.expander)
    assert "indication" in texts and "drug" in texts
    captions = " ".join(c.value for c in app.caption)
    assert "blinatumomab-J9039.txt" in captions


def test_bad_code_shows_an_error_not_a_traceback(app):
    app.text_input(key="code_lookup").set_value("not-a-code").run()
    assert not app.exception
    assert any("not a well-formed HCPCS" in e.value for e in app.error)


def test_query_box_runs_a_library_query(app):
    app.button(key="run_query").click().run()
    assert not app.exception
    assert app.dataframe, "the query result table is missing"
    assert "J9039" in app.dataframe[0].value.to_string()
