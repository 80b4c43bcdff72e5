"""Options shared by many commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from graph_app.endpoint import DEFAULT_TIMEOUT, ENDPOINT_ENV, PASSWORD_ENV, TIMEOUT_ENV, USER_ENV
from graph_app.store import DEFAULT_STORE, STORE_ENV, GraphStore, open_store

F = Callable[..., Any]


def store_option(f: F) -> F:
    return click.option(
        "--store",
        "store_path",
        envvar=STORE_ENV,
        default=DEFAULT_STORE,
        show_default=True,
        type=click.Path(file_okay=False),
        help=f"Folder of the embedded store (or set {STORE_ENV}).",
    )(f)


def endpoint_option(purpose: str) -> Callable[[F], F]:
    """--endpoint URL and --timeout: a SPARQL server, used for `purpose`."""

    def decorate(f: F) -> F:
        f = click.option(
            "--timeout", type=click.FloatRange(min=0.1), envvar=TIMEOUT_ENV, default=DEFAULT_TIMEOUT,
            show_default=True, metavar="SECONDS",
            help=f"How long to wait for each request to the server (or set {TIMEOUT_ENV}).",
        )(f)
        return click.option(
            "--endpoint", envvar=ENDPOINT_ENV, default=None, metavar="URL",
            help=(
                f"SPARQL 1.1 query URL of a server {purpose} (or set {ENDPOINT_ENV}); basic-auth "
                f"credentials come from {USER_ENV} and {PASSWORD_ENV}."
            ),
        )(f)

    return decorate


def graph_option(f: F) -> F:
    return click.option(
        "--graph", "graph_spec", default="all", show_default=True,
        metavar="all|documents|derived|reference|NAME",
        help=(
            "Which named graphs: all of them, one kind, or one by NAME (a graph IRI, a document key "
            "such as blinatumomab-J9039, or a reference set such as icd10cm)."
        ),
    )(f)


def format_option(*choices: str, default: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def open_existing(store_path: str) -> GraphStore:
    return open_store(store_path, must_exist=True)
