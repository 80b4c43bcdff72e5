from __future__ import annotations

import json
import sys

import click

from graph_app.cli.common import format_option, open_existing, store_option
from ontology.files import SHAPES_FILE, TTL_FILE


@click.command()
@format_option("text", "json", default="text")
@click.option("--shapes", "shapes_file", type=click.Path(dir_okay=False), default=str(SHAPES_FILE),
              show_default="ontology/shapes.ttl", help="SHACL shapes file (Turtle).")
@click.option("--ontology", "ontology_file", type=click.Path(dir_okay=False), default=str(TTL_FILE),
              show_default="ontology/medkg.ttl",
              help="Ontology whose class hierarchy the shapes use (Turtle or RDF/XML).")
@click.option("--reason", is_flag=True,
              help="Also ask HermiT whether the graph contradicts the ontology (needs Java).")
@click.option("--limit", type=int, default=20, show_default=True,
              help="Findings shown per kind in text output; 0 shows all.")
@store_option
def validate(fmt: str, shapes_file: str, ontology_file: str, reason: bool, limit: int,
             store_path: str) -> None:
    """Check the graph: SHACL shapes, violation queries and stored findings.

    Every finding has a severity, a kind, the node it is about, the code and code system where
    relevant, the document and section it came from, and a message. Text output counts findings
    by kind; JSON lists them all with the counts. Exit 0 when the graph is clean, 1 when there
    are findings, 2 when validation could not run.
    """
    from graph_app.validate import render_text, validate_store  # pySHACL takes a while to import

    store = open_existing(store_path)
    report = validate_store(store, shapes_file=shapes_file, ontology_file=ontology_file,
                            reason=reason, store_name=store_path)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(render_text(report, limit))
    sys.exit(report.exit_code)
