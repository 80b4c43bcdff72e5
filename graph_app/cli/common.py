"""Options shared by many commands, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

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


def format_option(*choices: str, default: str) -> Callable[[F], F]:
    return click.option(
        "--format", "fmt", type=click.Choice(choices), default=default, show_default=True,
        help="Output format.",
    )


def open_existing(store_path: str) -> GraphStore:
    return open_store(store_path, must_exist=True)
