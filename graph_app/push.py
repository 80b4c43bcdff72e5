"""Upload the graph to a server through the SPARQL 1.1 Graph Store HTTP Protocol.

Named graph by named graph: an HTTP PUT replaces the graph as a whole, so re-pushing a document
that changed leaves nothing of its old version on the server, and the other graphs are untouched.
A big graph (a whole code set) goes in batches: the first batch is PUT, which replaces the graph,
the others are POSTed, which adds to it. Servers insert a few big requests much more slowly than
many moderate ones (oxigraph: 23 s for ICD-10-CM's 490,000 triples in one PUT, 9 s in batches of
25,000), at the price that a reader may see a code set half-loaded while it is being pushed.
The body is N-Triples, the one RDF syntax every server reads the same way.
"""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from graph_app.batches import ntriples_batches
from graph_app.endpoint import (
    DEFAULT_TIMEOUT,
    TRANSPORT_ERRORS,
    Credentials,
    checked_url,
    error_body,
    status_error,
    transport_error,
)
from graph_app.errors import EndpointError
from graph_app.querylib import load_query
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner, Runner
from graph_app.selection import GraphSelection, graph_quads
from graph_app.store import GraphStore

_WHAT = "graph store"
_HINT = "the graph store URL of `oxigraph serve` is http://HOST:PORT/store"
_ABORT = (401, 403, 404, 405)  # statuses every further graph would get too
_OK = (200, 201, 204)
BATCH_TRIPLES = 25_000

Progress = Callable[[str | None, int], None]


@dataclass(frozen=True)
class PushedGraph:
    graph: str | None  # None is the default graph
    triples: int


@dataclass
class PushReport:
    graph_store: str
    pushed: list[PushedGraph] = field(default_factory=list)
    failed: list[tuple[str | None, str]] = field(default_factory=list)
    seconds: float = 0.0
    server_sizes: dict[str, int] | None = None  # after the push, when an endpoint was given

    @property
    def triples(self) -> int:
        return sum(p.triples for p in self.pushed)

    def mismatches(self) -> list[tuple[str, int, int]]:
        """(graph, triples sent, triples the server holds) where the two differ."""
        if self.server_sizes is None:
            return []
        return [
            (p.graph, p.triples, self.server_sizes.get(p.graph, 0))
            for p in self.pushed
            if p.graph is not None and self.server_sizes.get(p.graph, 0) != p.triples
        ]


def graph_sizes(runner: Runner) -> dict[str, int]:
    """Triples per named graph, by the `graph-sizes` library query."""
    rows = load_query("graph-sizes").run(runner).rows
    return {r["graph"].value: int(r["triples"].value) for r in rows}


def push_plan(store: GraphStore, selection: GraphSelection) -> list[PushedGraph]:
    """The graphs to send and their sizes, known before sending so progress can be shown."""
    sizes = graph_sizes(EmbeddedRunner(store))
    plan = [PushedGraph(g, sizes.get(g, 0)) for g in selection.graphs]
    if selection.default_graph:
        plan.insert(0, PushedGraph(None, sum(1 for _ in graph_quads(store, None))))
    return [p for p in plan if p.triples]


def push_graphs(
    store: GraphStore, plan: list[PushedGraph], graph_store: str, *, endpoint: str | None = None,
    timeout: float = DEFAULT_TIMEOUT, credentials: Credentials | None = None,
    progress: Progress | None = None, batch: int = BATCH_TRIPLES,
) -> PushReport:
    """Send each planned graph; an error on one graph is reported and the others go on, unless
    the server refuses them all (bad URL, credentials). `progress(graph, triples)` is called
    after every batch the server accepted."""
    url = checked_url(graph_store, _WHAT)
    runner = RemoteRunner(endpoint, timeout=timeout, credentials=credentials) if endpoint else None
    report = PushReport(url)
    started = time.perf_counter()
    for item in plan:
        error, sent = None, 0
        for body, triples in ntriples_batches(store, item.graph, batch):
            error = _send(url, item.graph, body, "POST" if sent else "PUT", timeout, credentials)
            if error is not None:
                if sent:
                    error = EndpointError(
                        f"{error} (after {sent:,} of {item.triples:,} triples: the server holds part of "
                        "this graph until it is pushed again)")
                break
            sent += triples
            if progress:
                progress(item.graph, triples)
        if error is None:
            report.pushed.append(item)
        else:
            report.failed.append((item.graph, str(error)))
    report.seconds = time.perf_counter() - started
    if runner is not None:
        report.server_sizes = graph_sizes(runner)
    return report


def graph_url(graph_store: str, graph: str | None) -> str:
    query = "default" if graph is None else urlencode({"graph": graph})
    return f"{graph_store}{'&' if '?' in graph_store else '?'}{query}"


def _send(
    graph_store: str, graph: str | None, body: bytes, method: str, timeout: float,
    credentials: Credentials | None,
) -> EndpointError | None:
    """One Graph Store request; None when the server took it, the error when it refused it."""
    request = urllib.request.Request(
        graph_url(graph_store, graph), data=body, method=method,
        headers={"Content-Type": "application/n-triples"},
    )
    if credentials:
        request.add_unredirected_header("Authorization", credentials.authorization())
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as exc:
        error = status_error(graph_store, exc.code, exc.reason, error_body(exc), credentials,
                             what=_WHAT, hint=_HINT)
        if exc.code in _ABORT:
            raise error from None
        return error
    except TRANSPORT_ERRORS as exc:
        raise transport_error(graph_store, exc, timeout, credentials, what=_WHAT) from None
    if status not in _OK:
        return status_error(graph_store, status, "unexpected", "", credentials, what=_WHAT)
    return None

