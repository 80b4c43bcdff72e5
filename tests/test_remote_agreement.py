"""Every library query gives the same rows on the embedded store and on a real `oxigraph serve`
holding the same graph (seeds and examples, uploaded with `medkg push`)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph_app.errors import QueryError
from graph_app.querylib import library, load_query
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner, QueryResult, Term
from graph_app.views import neighbourhood
from ontology.namespaces import HCPCS
from tests.test_queries import REQUIRED

LIBRARY = sorted(library())
_ORDER_BY = re.compile(r"\bORDER\s+BY\s+(?P<keys>.+?)\s*(?:LIMIT|OFFSET|$)", re.I | re.S)
_ORDER_KEY = re.compile(r"(?:ASC|DESC)?\s*\(?\s*\?(\w+)\s*\)?", re.I)


@pytest.fixture(scope="module")
def runners(served_store):
    store, server = served_store
    return EmbeddedRunner(store), RemoteRunner(server.query_url, timeout=30)


def order_keys(query_text: str) -> list[str] | None:
    """The variables of the ORDER BY clause, or None when the query does not order its rows."""
    body = "\n".join(line for line in query_text.splitlines() if not line.lstrip().startswith("#"))
    m = _ORDER_BY.search(body)
    return _ORDER_KEY.findall(m["keys"]) if m else None


def as_rows(result: QueryResult) -> list[tuple[Term | None, ...]]:
    return [tuple(row.get(v) for v in result.variables) for row in result.rows]


def assert_same_rows(name: str, embedded: QueryResult, remote: QueryResult) -> None:
    assert remote.variables == embedded.variables, name
    assert Counter(as_rows(remote)) == Counter(as_rows(embedded)), f"{name}: different rows"
    keys = order_keys(load_query(name).text)
    if keys:  # ORDER BY fixes the order of the keys; rows that tie may come in any order
        def ordered(r: QueryResult) -> list[tuple[Term | None, ...]]:
            return [tuple(row.get(k) for k in keys) for row in r.rows]
        assert ordered(remote) == ordered(embedded), f"{name}: rows in another order"


@pytest.mark.parametrize("name", LIBRARY)
def test_every_library_query_gives_the_same_rows_on_both_backends(runners, name):
    embedded, remote = runners
    q = load_query(name)
    values = q.example_values()
    assert_same_rows(name, q.run(embedded, **values), q.run(remote, **values))


def test_the_comparison_is_not_vacuous(runners):
    embedded, remote = runners
    for name in REQUIRED:
        q = load_query(name)
        assert q.run(remote, **q.example_values()).rows, f"{name} returned nothing on the server"


@pytest.mark.parametrize("name,values", [
    ("code", {"code": "J3262"}),
    ("code", {"code": "J9999"}),  # a code no document states: no rows on either side
    ("codes-for-condition", {"condition": "arthritis"}),
    ("codes-for-condition", {"condition": 'x")) } UNION { ?s ?p ?o } #'}),
    ("code-policies", {"code": "J3262"}),
])
def test_other_parameters_agree_too(runners, name, values):
    embedded, remote = runners
    q = load_query(name)
    assert_same_rows(name, q.run(embedded, **values), q.run(remote, **values))


literal_values = st.one_of(
    st.builds(Term.literal, st.text(st.characters(exclude_categories=("Cs",)), max_size=40)),
    st.builds(lambda t, lang: Term.literal(t, lang=lang), st.text(max_size=10),
              st.sampled_from(["en", "fr", "de-CH"])),
    st.builds(lambda n: Term.literal(str(n), "http://www.w3.org/2001/XMLSchema#integer"), st.integers()),
    st.builds(lambda c: Term.uri(HCPCS.iri(c)), st.from_regex(r"[A-V][0-9]{4}", fullmatch=True)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=literal_values)
def test_any_bound_value_comes_back_unchanged_from_both_backends(runners, value):
    embedded, remote = runners
    query = "SELECT ?value (STRLEN(STR(?value)) AS ?length) WHERE { }"
    a = embedded.select(query, {"value": value})
    b = remote.select(query, {"value": value})
    assert a.rows == b.rows
    assert b.rows[0]["value"] == value


def test_remote_errors_for_bad_queries(runners):
    _, remote = runners
    with pytest.raises(QueryError, match="not valid SPARQL"):
        remote.select("SELECT ?x WHERE { ?x ?p }")
    with pytest.raises(QueryError, match="only SELECT"):
        remote.select("ASK { ?s ?p ?o }")


def test_neighbourhood_views_agree(runners):
    embedded, remote = runners
    center = HCPCS.iri("J9039")
    a, b = neighbourhood(embedded, center, hops=2), neighbourhood(remote, center, hops=2)
    assert a.number_of_nodes() > 10
    assert dict(a.nodes(data=True)) == dict(b.nodes(data=True))
    assert sorted(a.edges(keys=True, data=True)) == sorted(b.edges(keys=True, data=True))


def medkg(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from graph_app.cli import main; main()", *args],
        capture_output=True, text=True, env=env,
    )


def test_cli_query_on_the_server_prints_what_the_store_prints(served_store, tmp_path):
    store, server = served_store
    args = ["query", "code-diagnoses", "--param", "code=J3262", "--format", "json"]
    # With an endpoint no store is opened: the folder given here does not exist.
    local = medkg(*args, "--store", str(tmp_path / "no-store"), "--endpoint", server.query_url)
    assert local.returncode == 0, local.stderr
    env = {**os.environ, "MEDKG_ENDPOINT": server.query_url}
    via_env = medkg(*args, env=env)
    assert via_env.returncode == 0, via_env.stderr
    embedded = load_query("code-diagnoses").run(EmbeddedRunner(store), code="J3262")
    for out in (local, via_env):
        doc = json.loads(out.stdout)
        assert doc["head"]["vars"] == embedded.variables
        assert len(doc["results"]["bindings"]) == len(embedded.rows) > 0
    table = medkg("query", "code-diagnoses", "--param", "code=J3262", "--endpoint", server.query_url)
    assert table.returncode == 0 and f"({len(embedded.rows)} rows)" in table.stdout
