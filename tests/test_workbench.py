"""The SPARQL workbench: read-only, capped, time-limited, with labels, on both backends."""

from __future__ import annotations

import threading
import time

import pytest

from graph_app.errors import QueryError
from graph_app.nodeinfo import node_info
from graph_app.querylib import library, load_query
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner
from graph_app.workbench import (
    TimeLimitError,
    UpdateRefusedError,
    capped,
    check_readonly,
    prefilled,
    run_query,
    table,
)
from tests.explorer_fixtures import explorer_store  # noqa: F401  (fixture)

ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
UPDATES = [
    "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
    "PREFIX ex: <http://example.org/>\nDELETE WHERE { ?s ?p ?o }",
    "DROP GRAPH <https://w3id.org/medkg/graph/doc/blinatumomab-J9039>",
    "# a comment mentioning SELECT\nCLEAR ALL",
    "LOAD <http://example.org/data.ttl>",
    "WITH <http://example.org/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
]


@pytest.fixture(scope="module")
def runner(explorer_store):  # noqa: F811
    return EmbeddedRunner(explorer_store)


@pytest.mark.parametrize("text", UPDATES)
def test_updates_are_refused_and_change_nothing(runner, text):
    before = len(runner.store)
    with pytest.raises(UpdateRefusedError, match="only reads"):
        run_query(runner, text)
    assert len(runner.store) == before


def test_only_select_runs():
    assert check_readonly("PREFIX a: <http://x/>\nSELECT * { ?s ?p ?o }") == "SELECT"
    with pytest.raises(QueryError, match="only SELECT"):
        check_readonly("ASK { ?s ?p ?o }")
    with pytest.raises(QueryError, match="only SELECT"):
        check_readonly("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")


def test_bad_sparql_is_an_error_with_a_position_in_the_typed_text(runner):
    with pytest.raises(QueryError, match=r"not valid SPARQL: error at line 2, column") as caught:
        run_query(runner, "SELECT ?x\nWHERE { ?x ?y }")
    assert "Traceback" not in str(caught.value)
    with pytest.raises(QueryError, match="empty"):
        run_query(runner, "   ")


def test_row_cap_keeps_the_first_rows_and_says_more_were_left(runner):
    capped_run = run_query(runner, ALL_TRIPLES, row_cap=10)
    assert len(capped_run.result.rows) == 10 and capped_run.truncated
    whole = run_query(runner, "SELECT ?code WHERE { ?code skos:notation \"J9229\" }", row_cap=10)
    assert not whole.truncated and len(whole.result.rows) >= 1


def test_time_limit_stops_waiting_and_the_query_stops_at_the_next_row(runner):
    endless = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    started = time.perf_counter()
    with pytest.raises(TimeLimitError, match="time limit of 0.05 s"):
        run_query(runner, endless, row_cap=10_000_000, time_limit=0.05)
    assert time.perf_counter() - started < 2
    deadline = time.perf_counter() + 5
    while any(t.name == "medkg-workbench-query" for t in threading.enumerate()):
        assert time.perf_counter() < deadline, "the worker kept running after the time limit"
        time.sleep(0.05)


def test_results_get_a_label_column_beside_iri_columns(runner):
    text = prefilled(load_query("drugs"))
    outcome = run_query(runner, text, label_of=lambda iri: node_info(runner, iri).label)
    columns, rows = table(outcome)
    assert "code label" in columns and columns.index("code label") == columns.index("code") + 1
    row = next(r for r in rows if r["notation"] == "J9229")
    assert row["code"] == "hcpcs:J9229" and row["drug label"] == "inotuzumab ozogamicin"


@pytest.mark.parametrize("name", sorted(library()))
def test_every_library_query_runs_as_prefilled(runner, name):
    text = prefilled(library()[name])
    assert text.startswith("PREFIX rdf:")
    run_query(runner, text, row_cap=5, time_limit=60)


def test_prefilled_binds_the_documented_example():
    text = prefilled(load_query("code"))
    assert "VALUES (?code) { (<http://purl.bioontology.org/ontology/HCPCS/J9229>) }" in text


@pytest.mark.parametrize(("text", "expected_end"), [
    ("SELECT * { ?s ?p ?o }", "LIMIT 101\n"),
    ("SELECT * { ?s ?p ?o } LIMIT 5000", "LIMIT 101"),
    ("SELECT * { ?s ?p ?o } LIMIT 20 OFFSET 3", "LIMIT 20 OFFSET 3"),
    ("SELECT * { ?s ?p <http://x/#LIMIT> } # LIMIT 3", "LIMIT 101\n"),
    ("SELECT * { ?s ?p ?o } VALUES ?s { <http://x/a> }", "VALUES ?s { <http://x/a> }"),
])
def test_capped_query_text(text, expected_end):
    assert capped(text, 100).endswith(expected_end)


def test_remote_endpoint_gets_the_cap_as_a_limit(served_store):
    _, server = served_store
    remote = RemoteRunner(server.query_url)
    outcome = run_query(remote, ALL_TRIPLES, row_cap=7)
    assert len(outcome.result.rows) == 7 and outcome.truncated
    with pytest.raises(UpdateRefusedError):
        run_query(remote, UPDATES[0])
    with pytest.raises(QueryError):
        run_query(remote, "SELECT ?x WHERE { ?x ?y }")
