"""The remote runner on its own: how parameters are bound, and what a person reads when the
server fails. Failures come from a scripted local HTTP server; agreement with the embedded store
on real data is in test_remote_agreement.py."""

from __future__ import annotations

import base64
import json
import re
import time
import traceback

import pytest

from graph_app.backends import runner_for
from graph_app.endpoint import PASSWORD_ENV, USER_ENV, Credentials
from graph_app.errors import EndpointError, QueryError
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner, Term
from graph_app.sparqltext import bind_with_values, query_form, where_group_start
from tests.servers import ScriptedServer

PASSWORD = "s3cret-Pa55word"
USER = "analyst"
TOKEN = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()


def results_json(rows: list[dict[str, dict[str, str]]], variables: list[str]) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


def echo_headers(status: int):
    """A server that puts the request's headers into its error page, as badly configured ones do."""
    def respond(request):
        auth = request.headers.get("Authorization", "")
        return status, {"Content-Type": "text/plain"}, f"{auth}\n{json.dumps(request.headers)}".encode()
    return respond


# ---- binding parameters ---------------------------------------------------------------------

def test_values_block_goes_into_the_where_group_not_into_comments_strings_or_iris():
    query = (
        "PREFIX ex: <http://example.org/odd#>\n"
        "# a comment with { a brace\n"
        'SELECT ?x (CONCAT("{", ?x) AS ?y) WHERE { ?s ex:p ?x }'
    )
    bound = bind_with_values(query, {"x": Term.literal('a "quoted" } value')})
    start = where_group_start(query)
    assert query[start - 6:start] == "WHERE "
    assert bound.startswith(query[: start + 1])
    assert '{ VALUES (?x) { ("a \\"quoted\\" } value") }' in bound
    assert bound.endswith("?s ex:p ?x }")


def test_values_terms_are_written_as_rdf_terms():
    bound = bind_with_values("SELECT * WHERE { }", {
        "iri": Term.uri("http://purl.bioontology.org/ontology/HCPCS/J9039"),
        "n": Term.literal("3", "http://www.w3.org/2001/XMLSchema#integer"),
        "tag": Term.literal("fièvre", lang="fr"),
    })
    assert ('VALUES (?iri ?n ?tag) { (<http://purl.bioontology.org/ontology/HCPCS/J9039> '
            '"3"^^<http://www.w3.org/2001/XMLSchema#integer> "fièvre"@fr) }') in bound


def test_bindings_that_cannot_be_sent_are_refused():
    with pytest.raises(QueryError, match="blank node"):
        bind_with_values("SELECT * WHERE { }", {"b": Term("bnode", "x")})
    with pytest.raises(QueryError, match="not a valid RDF uri"):
        bind_with_values("SELECT * WHERE { }", {"i": Term.uri("http://x/ y>")})
    with pytest.raises(QueryError, match="sub-SELECT"):
        bind_with_values("SELECT * WHERE { SELECT ?x WHERE { ?x ?p ?o } }", {"x": Term.literal("a")})
    with pytest.raises(QueryError, match="no WHERE"):
        bind_with_values("SELECT * # { not a group", {"x": Term.literal("a")})


def test_query_form_skips_the_prologue_and_words_inside_names():
    tricky = "PREFIX load: <http://x/#>\n# CONSTRUCT\nSELECT ?load WHERE { ?s load:p ?load }"
    assert query_form(tricky) == "SELECT"
    assert query_form("construct { ?s ?p ?o } where { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form("  ") is None


# ---- credentials --------------------------------------------------------------------------------

def test_credentials_come_from_the_environment_and_stay_out_of_repr():
    assert Credentials.from_env({}) is None
    creds = Credentials.from_env({USER_ENV: USER, PASSWORD_ENV: PASSWORD})
    assert creds == Credentials(USER, PASSWORD)
    assert PASSWORD not in repr(creds)
    assert creds.authorization() == f"Basic {TOKEN}"
    with pytest.raises(EndpointError, match=f"{USER_ENV} is not"):
        Credentials.from_env({PASSWORD_ENV: PASSWORD})


def test_a_url_with_a_password_in_it_is_refused_without_repeating_the_password():
    with pytest.raises(EndpointError) as info:
        RemoteRunner(f"http://{USER}:{PASSWORD}@127.0.0.1:1/query")
    assert PASSWORD not in str(info.value)
    assert USER_ENV in str(info.value)
    with pytest.raises(EndpointError, match="http:// or https://"):
        RemoteRunner("ftp://example.org/query")


def test_credentials_are_sent_as_basic_auth():
    answer = results_json([{"x": {"type": "literal", "value": "1"}}], ["x"])
    with ScriptedServer(lambda r: (200, {"Content-Type": "application/sparql-results+json"}, answer)) as srv:
        runner = RemoteRunner(srv.url + "/query", credentials=Credentials(USER, PASSWORD))
        assert runner.select("SELECT ?x WHERE { }").column("x") == ["1"]
    assert srv.requests[0].method == "POST"
    assert srv.requests[0].headers["Authorization"] == f"Basic {TOKEN}"


@pytest.mark.parametrize("status", [200, 401, 403, 400, 500, 502])
def test_a_failing_request_never_shows_the_password(status):
    with ScriptedServer(echo_headers(status)) as srv:
        runner = RemoteRunner(srv.url + "/query", credentials=Credentials(USER, PASSWORD))
        with pytest.raises(QueryError) as info:
            runner.select("SELECT ?x WHERE { }")
    assert srv.requests and srv.requests[0].headers["Authorization"] == f"Basic {TOKEN}"
    shown = "".join(traceback.format_exception(info.value)) + repr(info.value)
    assert PASSWORD not in shown and TOKEN not in shown
    assert f"{status}" in str(info.value) or status in (200, 400)


# ---- failures become messages ---------------------------------------------------------------------

def error_from(status: int, body: bytes = b"", path: str = "/query", headers=None) -> QueryError:
    """The error a select gets from a server that answers every request this way."""
    with ScriptedServer(lambda r: (status, headers or {}, body)) as srv, pytest.raises(QueryError) as info:
        RemoteRunner(srv.url + path).select("SELECT * WHERE { }")
    return info.value


def test_http_errors_say_what_to_do():
    error = error_from(401)
    assert isinstance(error, EndpointError)
    assert f"needs a user name and password; set {USER_ENV}" in str(error)
    assert re.search("HTTP 404.*query URL of `oxigraph serve`", str(error_from(404, b"no", "/sparql")))
    assert re.search("HTTP 500.*the server said: disk full", str(error_from(500, b"disk full")))
    assert re.search("HTTP 503.*maintenance", str(error_from(503, b"maintenance")))


def test_a_rejected_query_shows_the_servers_reason():
    error = error_from(400, b"error at 1:7: expected SELECT")
    assert "not valid SPARQL: error at 1:7: expected SELECT" in str(error)


def test_a_slow_server_times_out_with_a_clear_message():
    def slow(request):
        time.sleep(2)
        return 200, {}, b"{}"

    with ScriptedServer(slow) as srv:
        started = time.monotonic()
        with pytest.raises(EndpointError, match=r"did not answer within 0.3 s; raise --timeout"):
            RemoteRunner(srv.url + "/query", timeout=0.3).select("SELECT * WHERE { }")
    assert time.monotonic() - started < 1.8


def test_nothing_listening_and_not_sparql_json():
    with ScriptedServer(lambda r: (200, {}, b"")) as srv:
        closed = srv.url
    with pytest.raises(EndpointError, match="cannot reach the SPARQL endpoint"):
        RemoteRunner(closed + "/query").select("SELECT * WHERE { }")
    not_json = error_from(200, b"<html>login</html>", headers={"Content-Type": "text/html"})
    assert "did not answer with SPARQL 1.1 JSON results" in str(not_json)


def test_non_select_queries_are_refused_on_both_backends(store):
    with pytest.raises(QueryError, match="only SELECT"):
        RemoteRunner("http://127.0.0.1:1/query").select("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError, match="only SELECT"):
        EmbeddedRunner(store).select("ASK { ?s ?p ?o }")


def test_runner_for_picks_the_backend(tmp_path, monkeypatch):
    monkeypatch.setenv(USER_ENV, USER)
    monkeypatch.setenv(PASSWORD_ENV, PASSWORD)
    remote = runner_for(tmp_path / "none", "http://127.0.0.1:1/query", timeout=5)
    assert isinstance(remote, RemoteRunner)
    assert remote.credentials == Credentials(USER, PASSWORD) and remote.timeout == 5
    with pytest.raises(Exception, match="no medkg store"):
        runner_for(tmp_path / "none", None)
