from __future__ import annotations

import sys

import click

from graph_app.cli.common import endpoint_option, graph_option, open_existing, store_option
from graph_app.endpoint import GRAPH_STORE_ENV, Credentials
from graph_app.push import push_graphs, push_plan
from graph_app.selection import select_graphs


@click.command()
@click.option("--graph-store", required=True, envvar=GRAPH_STORE_ENV, metavar="URL",
              help=f"SPARQL 1.1 Graph Store HTTP Protocol URL of the server (or set {GRAPH_STORE_ENV}).")
@graph_option
@store_option
@endpoint_option("to count, after the push, the triples each graph holds there")
def push(graph_store: str, graph_spec: str, store_path: str, endpoint: str | None, timeout: float) -> None:
    """Upload the graph to a SPARQL server, one named graph at a time.

    Each graph replaces that graph on the server as a whole (an HTTP PUT; a big graph in batches
    of 25,000 triples, the first PUT and the rest POSTed): a document pushed again leaves nothing
    of its old version behind. With --endpoint (the server's query URL) the triples each graph
    holds on the server are counted and compared afterwards.
    For `oxigraph serve`: --graph-store http://HOST:PORT/store --endpoint http://HOST:PORT/query.
    Exit code 1 when a graph failed or arrived incomplete.
    """
    store = open_existing(store_path)
    plan = push_plan(store, select_graphs(store, graph_spec))
    credentials = Credentials.from_env()
    with click.progressbar(length=sum(p.triples for p in plan), label="pushing", file=sys.stderr,
                           show_pos=True) as bar:
        report = push_graphs(
            store, plan, graph_store, endpoint=endpoint, timeout=timeout, credentials=credentials,
            progress=lambda _graph, triples: bar.update(triples),
        )
    for graph, message in report.failed:
        click.echo(f"failed: {graph or 'default graph'}: {message}", err=True)
    for graph, sent, held in report.mismatches():
        click.echo(f"incomplete: {graph}: sent {sent:,} triples, the server holds {held:,}", err=True)
    counted = report.server_sizes is not None and not report.mismatches()
    checked = ", all counted on the server" if counted else ""
    click.echo(
        f"pushed {len(report.pushed)} graphs, {report.triples:,} triples to {report.graph_store} "
        f"in {report.seconds:.1f} s{checked}; {len(report.failed)} failed"
    )
    if report.failed or report.mismatches():
        sys.exit(1)
