from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from graph_app.cli.common import endpoint_option, open_existing, store_option
from graph_app.endpoint import ENDPOINT_ENV, TIMEOUT_ENV
from graph_app.store import STORE_ENV


@click.command()
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@endpoint_option("to explore instead of the embedded store")
@store_option
def app(port: int, host: str, endpoint: str | None, timeout: float, store_path: str) -> None:
    """Start the Streamlit explorer on the store (or on a SPARQL endpoint).

    The explorer holds the store open while it runs: `medkg ingest` on the same store is refused
    until it is stopped. Example: medkg app --store .medkg --port 8501
    """
    env = {**os.environ, STORE_ENV: str(Path(store_path).resolve()), TIMEOUT_ENV: str(timeout)}
    if endpoint:
        env[ENDPOINT_ENV] = endpoint
        source = f"endpoint {endpoint}"
    else:
        env.pop(ENDPOINT_ENV, None)
        open_existing(store_path).close()  # a missing or locked store is reported now, not in the page
        source = f"store {store_path}"
    home = Path(__file__).resolve().parent.parent / "app" / "Home.py"
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(home),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]
    click.echo(f"medkg explorer on http://{host}:{port}  ({source}; Ctrl-C stops it)")
    sys.exit(subprocess.call(cmd, env=env))
