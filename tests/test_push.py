"""`medkg push`: the Graph Store HTTP Protocol upload, checked against a real `oxigraph serve`."""

from __future__ import annotations

import base64
import os
import subprocess
import sys
import urllib.parse
import urllib.request

import pyoxigraph as ox
import pytest

from graph_app.batches import ntriples_batches
from graph_app.endpoint import PASSWORD_ENV, USER_ENV, Credentials
from graph_app.errors import EndpointError
from graph_app.loader import ingest_paths
from graph_app.push import PushedGraph, graph_sizes, graph_url, push_graphs, push_plan
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner
from graph_app.selection import select_graphs
from graph_app.store import GraphStore
from ontology import namespaces as ns
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.servers import ScriptedServer

PASSWORD = "pu5h-secret"


def server_graph(server, graph: str) -> set[ox.Triple]:
    """A graph as the server holds it, fetched with a Graph Store GET."""
    url = f"{server.store_url}?{urllib.parse.urlencode({'graph': graph})}"
    request = urllib.request.Request(url, headers={"Accept": "application/n-triples"})
    with urllib.request.urlopen(request, timeout=10) as r:
        return {q.triple for q in ox.parse(r.read(), format=ox.RdfFormat.N_TRIPLES)}


def local_graph(store: GraphStore, graph: str) -> set[ox.Triple]:
    return {q.triple for q in store.quads(graph)}


@pytest.fixture
def example_store(tmp_path) -> GraphStore:
    s = GraphStore(tmp_path / "store")
    ingest_paths(s, [EXAMPLES], now=FIXED_TIME)
    return s


def test_the_server_holds_exactly_the_pushed_graphs(served_store):
    store, server = served_store
    local = graph_sizes(EmbeddedRunner(store))
    assert graph_sizes(RemoteRunner(server.query_url)) == local
    assert len(local) == len(store.graph_names()) > 10
    for graph in store.graph_names()[:3]:
        assert server_graph(server, graph) == local_graph(store, graph)


def test_push_again_replaces_a_changed_graph_and_leaves_the_others(example_store, oxigraph_servers):
    server = oxigraph_servers()
    progress = []
    plan = push_plan(example_store, select_graphs(example_store))
    first = push_graphs(example_store, plan, server.store_url, endpoint=server.query_url,
                        progress=lambda g, n: progress.append((g, n)), batch=200)
    assert not first.failed and not first.mismatches()
    assert first.triples == len(example_store)
    for item in plan:  # every batch reported, and together they are the graph
        batches = [n for g, n in progress if g == item.graph]
        assert sum(batches) == item.triples and all(n <= 200 for n in batches)
        assert server_graph(server, item.graph) == local_graph(example_store, item.graph)

    changed = ns.document_graph("tocilizumab-J3262")
    kept = sorted(local_graph(example_store, changed), key=str)[:10]
    example_store.replace_graph(changed, [ox.Quad(*t, ox.NamedNode(changed)) for t in kept])
    plan = push_plan(example_store, select_graphs(example_store, "tocilizumab-J3262"))
    second = push_graphs(example_store, plan, server.store_url, endpoint=server.query_url)
    assert [p.graph for p in second.pushed] == [changed] and second.triples == 10
    assert server_graph(server, changed) == set(kept)  # nothing of the old version is left
    other = ns.document_graph("blinatumomab-J9039")
    assert server_graph(server, other) == local_graph(example_store, other)
    assert second.server_sizes == graph_sizes(EmbeddedRunner(example_store))


def test_one_refused_graph_does_not_stop_the_others(example_store):
    bad = ns.document_graph("rituximab-J9312-report")

    def respond(request):
        graph = urllib.parse.parse_qs(urllib.parse.urlsplit(request.path).query)["graph"][0]
        return (413, {}, b"payload too large") if graph == bad else (204, {}, b"")

    with ScriptedServer(respond) as srv:
        plan = push_plan(example_store, select_graphs(example_store))
        report = push_graphs(example_store, plan, srv.url + "/store")
    assert [g for g, _ in report.failed] == [bad]
    assert "HTTP 413" in report.failed[0][1] and "payload too large" in report.failed[0][1]
    assert len(report.pushed) == len(plan) - 1
    sent = {r.headers["Content-Type"] for r in srv.requests}
    assert sent == {"application/n-triples"} and all(r.method == "PUT" for r in srv.requests)
    body = next(r.body for r in srv.requests if "blinatumomab" in r.path)
    assert {q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == local_graph(
        example_store, ns.document_graph("blinatumomab-J9039"))


def test_a_big_graph_is_put_then_posted_in_batches(example_store):
    graph = ns.document_graph("tocilizumab-J3262-report")
    size = sum(1 for _ in example_store.quads(graph))
    with ScriptedServer(lambda r: (204, {}, b"")) as srv:
        push_graphs(example_store, [PushedGraph(graph, size)], srv.url + "/store", batch=100)
    assert [r.method for r in srv.requests] == ["PUT"] + ["POST"] * (-(-size // 100) - 1)
    received = set()
    for r in srv.requests:
        received |= {q.triple for q in ox.parse(r.body, format=ox.RdfFormat.N_TRIPLES)}
    assert received == local_graph(example_store, graph)


def test_a_graph_that_fails_half_way_says_so(example_store):
    graph = ns.document_graph("tocilizumab-J3262-report")
    size = sum(1 for _ in example_store.quads(graph))
    with ScriptedServer(lambda r: (503, {}, b"busy") if r.method == "POST" else (201, {}, b"")) as srv:
        report = push_graphs(example_store, [PushedGraph(graph, size)], srv.url + "/store", batch=100)
    assert report.pushed == [] and len(report.failed) == 1
    assert f"after 100 of {size:,} triples: the server holds part of this graph" in report.failed[0][1]


def test_refused_credentials_stop_the_push_and_stay_secret(example_store):
    token = base64.b64encode(f"loader:{PASSWORD}".encode()).decode()
    with ScriptedServer(lambda r: (401, {}, str(r.headers).encode())) as srv:
        plan = push_plan(example_store, select_graphs(example_store))
        with pytest.raises(EndpointError, match="refused the credentials") as info:
            push_graphs(example_store, plan, srv.url + "/store", credentials=Credentials("loader", PASSWORD),
                        batch=10)  # many batches still queued when the server refuses the first
    assert len(srv.requests) == 1 and srv.requests[0].headers["Authorization"] == f"Basic {token}"
    assert PASSWORD not in str(info.value) and token not in str(info.value)


def test_graph_url_encodes_the_graph_name():
    assert graph_url("http://h/store", "https://w3id.org/medkg/graph/doc/a b") == (
        "http://h/store?graph=https%3A%2F%2Fw3id.org%2Fmedkg%2Fgraph%2Fdoc%2Fa+b")
    assert graph_url("http://h/rdf-graphs/service?x=1", None) == "http://h/rdf-graphs/service?x=1&default"


def test_a_short_server_count_is_reported(example_store):
    report = push_graphs(example_store, [], "http://127.0.0.1:1/store")
    assert report.pushed == [] and report.mismatches() == []
    report.pushed.append(PushedGraph("g", 5))
    report.server_sizes = {"g": 3}
    assert report.mismatches() == [("g", 5, 3)]


def medkg(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from graph_app.cli import main; main()", *args],
                          capture_output=True, text=True, env=env)


def test_cli_push(tmp_path, oxigraph_servers):
    store = str(tmp_path / "s")
    assert medkg("ingest", "--store", store, str(EXAMPLES)).returncode == 0
    server = oxigraph_servers()
    out = medkg("push", "--store", store, "--graph-store", server.store_url, "--endpoint", server.query_url)
    assert out.returncode == 0, out.stderr
    local = GraphStore(store)
    graphs, quads = len(local.graph_names()), len(local)
    local.close()
    assert f"pushed {graphs} graphs, {quads:,} triples" in out.stdout
    assert "all counted on the server" in out.stdout
    docs = medkg("push", "--store", store, "--graph-store", server.store_url, "--graph", "no-such-doc")
    assert docs.returncode == 2 and "no graph 'no-such-doc'" in docs.stderr
    env = {**os.environ, USER_ENV: "u", PASSWORD_ENV: PASSWORD}
    with ScriptedServer(lambda r: (500, {}, str(r.headers).encode())) as srv:
        failed = medkg("push", "--store", store, "--graph-store", srv.url + "/store", env=env)
    assert failed.returncode == 1 and failed.stderr.count("failed:") == graphs
    assert PASSWORD not in failed.stderr + failed.stdout


def test_ntriples_batches_are_whole_lines_of_the_requested_size(example_store):
    graph = ns.document_graph("tocilizumab-J3262-report")
    size = sum(1 for _ in example_store.quads(graph))
    batches = list(ntriples_batches(example_store, graph, 37))
    assert [n for _, n in batches[:-1]] == [37] * (len(batches) - 1) and 0 < batches[-1][1] <= 37
    assert sum(n for _, n in batches) == size
    for body, n in batches:
        assert body.endswith(b" .\n") and body.count(b"\n") == n
    assert {q.triple for body, _ in batches for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)} == (
        local_graph(example_store, graph))
    stream = ntriples_batches(example_store, graph, 1)
    next(stream)
    stream.close()  # stopping early does not leave the reader blocked
    with pytest.raises(ValueError):
        next(ntriples_batches(example_store, graph, 0))
