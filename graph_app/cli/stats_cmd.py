from __future__ import annotations

import click

from graph_app.cli.common import open_existing, store_option
from graph_app.stats import graph_stats


@click.command()
@store_option
def stats(store_path: str) -> None:
    """Counts: triples, named graphs, and things of each kind."""
    store = open_existing(store_path)
    s = graph_stats(store)
    click.echo(f"store          {store_path}")
    click.echo(f"quads          {s.quads}")
    for kind, n in s.graphs.items():
        click.echo(f"{kind + ' graphs':15}{n}")
    for kind, n in s.kinds.items():
        click.echo(f"{kind:15}{n}")
