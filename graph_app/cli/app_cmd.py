from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import click

from graph_app.cli.common import store_option
from graph_app.store import STORE_ENV


@click.command()
@click.option("--port", default=8501, show_default=True, type=int, help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@store_option
def app(port: int, host: str, store_path: str) -> None:
    """Start the Streamlit explorer on the store."""
    home = Path(__file__).resolve().parent.parent / "app" / "Home.py"
    env = {**os.environ, STORE_ENV: str(Path(store_path).resolve())}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(home),
        "--server.port", str(port), "--server.address", host,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]
    click.echo(f"medkg explorer on http://{host}:{port}  (store {store_path}; Ctrl-C stops it)")
    sys.exit(subprocess.call(cmd, env=env))
