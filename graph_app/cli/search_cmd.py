from __future__ import annotations

import click

from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.results import FORMATS, render
from graph_app.runner import EmbeddedRunner, QueryResult, Term
from graph_app.search import KINDS, label_index


@click.command()
@click.argument("text")
@click.option("--kind", "kinds", multiple=True, type=click.Choice(KINDS),
              help="Only these kinds (repeat); default all.")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 500))
@format_option(*FORMATS, default="table")
@store_option
def search(text: str, kinds: tuple[str, ...], limit: int, fmt: str, store_path: str) -> None:
    """Find codes, drugs and conditions by the start of their words ("acute lymph", "J92").

    Searches every official title loaded and every name documents give, through an index.
    Example: medkg search "rheumatoid arth" --kind icd10cm
    """
    store = open_existing(store_path)
    hits = label_index(EmbeddedRunner(store)).search(text, kinds=kinds or None, limit=limit)
    rows = [{k: Term.literal(v) for k, v in (("kind", e.kind), ("notation", e.notation or ""),
                                             ("label", e.label)) if v} | {"iri": Term.uri(e.iri)}
            for e in hits]
    click.echo(render(QueryResult(["kind", "notation", "label", "iri"], rows), fmt))
