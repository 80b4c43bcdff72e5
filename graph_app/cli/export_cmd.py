from __future__ import annotations

import click

from graph_app.cli.common import format_option, graph_option, open_existing, store_option
from graph_app.export import EXPORT_FORMATS, export_graph


@click.command()
@format_option(*EXPORT_FORMATS, default="turtle")
@graph_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write.")
@store_option
def export(fmt: str, graph_spec: str, output: str, store_path: str) -> None:
    """Write the graph, or some of its named graphs, to a file other tools read.

    turtle and nt merge the selected graphs; trig and jsonld keep each named graph (the document
    or code set a triple comes from); graphml is the networkx view for Gephi or Cytoscape.
    Turtle and TriG are deterministic and declare only the prefixes they use.
    Example: medkg export --format trig --graph documents -o documents.trig
    """
    store = open_existing(store_path)
    report = export_graph(store, fmt, output, graph_spec)
    click.echo(report.summary())
