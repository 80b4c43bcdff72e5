"""The medkg command line: help everywhere, documented exit codes, standard JSON results."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph_app.cli import COMMANDS, cli
from tests.conftest import EXAMPLES


def medkg(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", "from graph_app.cli import main; main()", *args],
        capture_output=True, text=True, cwd=cwd,
    )


@pytest.mark.parametrize("command", [c.name for c in COMMANDS])
def test_every_command_has_help(command):
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    cmd = next(c for c in COMMANDS if c.name == command)
    assert cmd.help and len(cmd.help.strip()) > 20


def test_ingest_exit_codes(tmp_path):
    store = str(tmp_path / "s")
    ok = medkg("ingest", "--store", store, str(EXAMPLES / "tocilizumab-J3262.txt"))
    assert ok.returncode == 0, ok.stderr
    assert "1 stored" in ok.stdout
    bad = tmp_path / "bad.txt"
    bad.write_text("")
    some = medkg("ingest", "--store", store, str(bad), str(EXAMPLES / "blinatumomab-J9039.txt"))
    assert some.returncode == 1
    assert some.stderr.count("failed:") == 1 and "bad.txt: the file is empty" in some.stderr
    usage = medkg("ingest", "--store", store, str(tmp_path / "missing.txt"))
    assert usage.returncode == 2


def test_query_json_is_sparql_results_json(tmp_path):
    store = str(tmp_path / "s")
    medkg("ingest", "--store", store, str(EXAMPLES))
    out = medkg("query", "--store", store, "codes-for-condition", "--param",
                "condition=lymphoblastic", "--format", "json")
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert "code" in doc["head"]["vars"]
    codes = {b["notation"]["value"] for b in doc["results"]["bindings"]}
    assert codes == {"J9229", "J9039"}
    assert all(b["code"]["type"] == "uri" for b in doc["results"]["bindings"])


def test_query_errors_exit_2_with_a_message(tmp_path):
    store = str(tmp_path / "s")
    medkg("ingest", "--store", store, str(EXAMPLES / "tocilizumab-J3262.txt"))
    out = medkg("query", "--store", store, "code", "--param", "code=nope")
    assert out.returncode == 2
    assert "not a well-formed HCPCS" in out.stderr and "Traceback" not in out.stderr
    missing = medkg("query", "--store", str(tmp_path / "none"), "drugs")
    assert missing.returncode == 2 and "no medkg store" in missing.stderr


def test_stats_and_export(tmp_path):
    store = str(tmp_path / "s")
    medkg("ingest", "--store", store, str(EXAMPLES))
    stats = medkg("stats", "--store", store)
    assert stats.returncode == 0
    assert any(line.split()[-1] == "9" for line in stats.stdout.splitlines() if line.startswith("documents "))
    out = tmp_path / "g.ttl"
    exp = medkg("export", "--store", store, "--format", "turtle", "-o", str(out))
    assert exp.returncode == 0 and out.stat().st_size > 1000
