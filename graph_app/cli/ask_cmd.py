from __future__ import annotations

import click

from graph_app.ask import ask as ask_question
from graph_app.ask import explain, forms_help
from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.results import FORMATS, render
from graph_app.runner import EmbeddedRunner


@click.command()
@click.argument("question", required=False)
@click.option("--explain", "show_explain", is_flag=True,
              help="Show the template, what the words resolved to, and the SPARQL that ran.")
@format_option(*FORMATS, default="table")
@store_option
def ask(question: str | None, show_explain: bool, fmt: str, store_path: str) -> None:
    """Ask a QUESTION in plain words; every answer row says why (document and quote, or link).

    Example: medkg ask "which codes treat B-cell ALL"
    Without a question, or with one it cannot read, it lists the questions it understands.
    """
    if not question:
        click.echo(forms_help())
        return
    store = open_existing(store_path)
    answer = ask_question(EmbeddedRunner(store), question)
    if show_explain:
        # keep CSV and JSON on stdout machine-readable
        click.echo(explain(answer) + "\n", err=fmt != "table")
    click.echo(render(answer.result, fmt))
