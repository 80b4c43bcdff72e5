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
    lines = [("store", store_path), ("quads", f"{s.quads:,}")]
    lines += [(f"{kind} graphs", f"{n:,}") for kind, n in s.graphs.items()]
    lines += [(kind, f"{n:,}") for kind, n in s.kinds.items()]
    width = max(len(k) for k, _ in lines) + 2
    for k, v in lines:
        click.echo(f"{k:<{width}}{v}")
