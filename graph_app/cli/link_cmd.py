from __future__ import annotations

import click

from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.linking import require_linker
from graph_app.linking.linker import LinkResult
from graph_app.results import FORMATS, render
from graph_app.runner import EmbeddedRunner, QueryResult, Term


@click.command()
@click.argument("text")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 50),
              help="How many ranked candidates to show.")
@format_option(*FORMATS, default="table")
@store_option
def link(text: str, limit: int, fmt: str, store_path: str) -> None:
    """Link a condition TEXT to ICD-10-CM: ranked candidates with scores and reasons.

    Uses the ICD-10-CM release loaded in the store (medkg refdata load --icd10cm), the same
    linker that links every stated indication. The rows marked "link" are what medkg stores.
    Example: medkg link "Relapsed or refractory B-cell precursor ALL"
    """
    store = open_existing(store_path)
    result = require_linker(EmbeddedRunner(store)).link(text, limit=limit)
    if fmt == "table":
        click.echo(f"\"{text}\" -> {result.release}, method {result.method}")
        click.echo("stored links:" if result.links
                   else "stored links: none (no candidate scores high enough)")
        for c in result.links:
            click.echo(f"  {c.code} {c.title}  score {c.score}")
            click.echo("".join(f"    - {r}\n" for r in c.reasons), nl=False)
        click.echo("ranked candidates:")
    click.echo(render(candidate_table(result), fmt))


def candidate_table(result: LinkResult) -> QueryResult:
    stored = {c.code for c in result.links}
    variables = ["rank", "code", "score", "level", "title", "link", "reasons"]
    rows = []
    for i, c in enumerate(result.candidates, 1):
        rows.append({
            "rank": Term.literal(str(i)), "code": Term.literal(c.code), "score": Term.literal(str(c.score)),
            "level": Term.literal(c.level), "title": Term.literal(c.title),
            "link": Term.literal("link" if c.code in stored else ""),
            "reasons": Term.literal("; ".join(c.reasons)),
        })
    return QueryResult(variables, rows)
