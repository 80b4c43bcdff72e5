"""The `medkg` command line: thin commands over the library, errors turned into messages."""

from __future__ import annotations

import sys

import click

from graph_app.cli import (
    app_cmd,
    ask_cmd,
    export_cmd,
    ingest_cmd,
    link_cmd,
    push_cmd,
    query_cmd,
    refdata_cmd,
    search_cmd,
    stats_cmd,
    units_cmd,
    validate_cmd,
)
from graph_app.errors import MedkgError
from ingest import __version__

COMMANDS = [
    ingest_cmd.ingest,
    query_cmd.query,
    export_cmd.export,
    push_cmd.push,
    stats_cmd.stats,
    validate_cmd.validate,
    app_cmd.app,
    refdata_cmd.refdata,
    # issue 5
    link_cmd.link,
    ask_cmd.ask,
    units_cmd.units,
    search_cmd.search,
]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="medkg")
def cli() -> None:
    """medkg: a knowledge graph of US medical billing codes, with the evidence for every fact.

    Exit codes: 0 success, 1 some inputs failed or findings were reported, 2 usage or internal
    error.
    """


for _command in COMMANDS:
    cli.add_command(_command)


def main() -> None:
    try:
        cli.main(prog_name="medkg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(2)
    except click.ClickException as exc:
        exc.show()
        sys.exit(2)
    except MedkgError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
