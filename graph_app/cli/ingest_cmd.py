from __future__ import annotations

import sys
from pathlib import Path

import click

from graph_app.cli.common import store_option
from graph_app.derive import Deriver
from graph_app.loader import ingest_paths
from graph_app.store import open_store
from ingest.registry import document_paths


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
def ingest(paths: tuple[str, ...], store_path: str, quiet: bool) -> None:
    """Read documents (files or folders) into the graph.

    Unchanged documents are skipped; a changed document replaces its own graph as a whole, and
    its stated codes are checked against the loaded official code sets (medkg refdata load).
    One line per file that could not be read. Exit 0 when all were stored, 1 when some failed
    (the rest are stored).
    """
    store = open_store(store_path)
    total = len(document_paths(list(paths)))
    with click.progressbar(
        length=total, label="ingesting", file=sys.stderr, show_pos=True,
        hidden=quiet or not sys.stderr.isatty(),
    ) as bar:
        report = ingest_paths(
            store, paths, derive=Deriver(store), progress=lambda _p: bar.update(1)
        )
    for failure in report.failed:
        click.echo(f"failed: {failure.path}: {failure.reason}", err=True)
    if not quiet:
        click.echo(
            f"{len(report.stored)} stored, {len(report.unchanged)} unchanged, "
            f"{len(report.failed)} failed; {report.triples} triples written; "
            f"{report.excluded_rows} excluded and {report.duplicate_rows} duplicated rows "
            f"kept out of the links; store {Path(store_path)}"
        )
    store.close()
    sys.exit(report.exit_code)
