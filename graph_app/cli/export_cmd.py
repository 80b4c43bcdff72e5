from __future__ import annotations

import click

from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.export import EXPORT_FORMATS, export_graph


@click.command()
@format_option(*EXPORT_FORMATS, default="turtle")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, writable=True),
              help="File to write.")
@store_option
def export(fmt: str, output: str, store_path: str) -> None:
    """Write the whole graph (all named graphs merged) to a file."""
    store = open_existing(store_path)
    count = export_graph(store, fmt, output)
    click.echo(f"wrote {count} triples to {output}")
