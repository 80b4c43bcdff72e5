from __future__ import annotations

import click

from graph_app.backends import runner_for
from graph_app.cli.common import endpoint_option, format_option, store_option
from graph_app.errors import ParameterError
from graph_app.querylib import library, load_query
from graph_app.results import FORMATS, render


def _params(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for v in values:
        name, sep, value = v.partition("=")
        if not sep or not name:
            raise ParameterError(f"--param takes name=value, got {v!r}")
        out[name.strip()] = value
    return out


@click.command()
@click.argument("name", required=False)
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter, bound as an RDF term. Repeat for several.")
@format_option(*FORMATS, default="table")
@click.option("--list", "list_", is_flag=True, help="List the library queries and their parameters.")
@store_option
@endpoint_option("to run the query on instead of the store")
def query(
    name: str | None, params: tuple[str, ...], fmt: str, list_: bool, store_path: str,
    endpoint: str | None, timeout: float,
) -> None:
    """Run a library query by NAME, or any SPARQL SELECT in a .rq FILE.

    The embedded store answers, or the SPARQL endpoint given by --endpoint (or MEDKG_ENDPOINT),
    with the same rows. JSON output is the standard SPARQL 1.1 Query Results JSON format.
    Example: medkg query codes-for-condition --param condition=lymphoblastic
    """
    if list_ or not name:
        for q in library().values():
            args = " ".join(f"--param {p.name}=<{p.type}>" for p in q.parameters)
            click.echo(f"{q.name:22} {q.summary}")
            if args:
                click.echo(f"{'':22}   {args}")
        return
    lib_query = load_query(name)
    values = _params(params)
    result = lib_query.run(runner_for(store_path, endpoint, timeout=timeout), **values)
    click.echo(render(result, fmt, hide=tuple(values)))
