"""Pick the query backend: the embedded store, or a SPARQL endpoint when one is given.

Every caller that runs queries (the CLI, the app) goes through `runner_for`, so adding an option
or a backend happens in one place.
"""

from __future__ import annotations

from pathlib import Path

from graph_app.endpoint import DEFAULT_TIMEOUT, Credentials
from graph_app.remote import RemoteRunner
from graph_app.runner import EmbeddedRunner, Runner
from graph_app.store import open_store


def runner_for(
    store_path: str | Path | None, endpoint: str | None = None, *, timeout: float = DEFAULT_TIMEOUT,
) -> Runner:
    """A runner on `endpoint` when given (credentials from the environment), else on the store."""
    if endpoint:
        return RemoteRunner(endpoint, timeout=timeout, credentials=Credentials.from_env())
    return EmbeddedRunner(open_store(store_path, must_exist=True))
