"""Loading official releases: atomic replacement, a failed load keeps the previous release,
findings refresh on re-ingest and on reload, the CLI, and downloads from a local server."""

from __future__ import annotations

import functools
import http.server
import shutil
import subprocess
import sys
import threading
import zipfile
from datetime import UTC, datetime

import pytest

from graph_app.derive import Deriver
from graph_app.findings import stored_findings
from graph_app.loader import ingest_paths
from graph_app.querylib import load_query
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from ingest.codesets import build_reference_graph
from ingest.codesets.download import download
from ontology import namespaces as ns
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.refdata_fixtures import (
    ICD_DIR,
    RXNORM_RRF_DIR,
    TINY_HCPCS,
    TINY_MODIFIERS,
    write_anweb,
    write_nucc,
)

LATER = datetime(2026, 2, 1, tzinfo=UTC)


def graph_content(store, name: str) -> set[str]:
    return {str(q) for q in store.quads(ns.reference_graph(name))}


def releases(store) -> dict[str, dict[str, str]]:
    rows = load_query("reference-releases").run(EmbeddedRunner(store)).rows
    return {r["codeSet"].value: {k: t.value for k, t in r.items()} for r in rows}


def test_each_set_gets_its_graph_with_release_source_and_load_time(store, tiny_refs):
    report = load_reference_sets(store, tiny_refs, now=FIXED_TIME)
    assert not report.failed and [s.name for s in report.loaded] == ["icd10cm", "hcpcs", "nucc", "rxnorm"]
    loaded = releases(store)
    assert loaded["hcpcs"]["version"] == "2020" and loaded["hcpcs"]["releaseDate"] == "2020-01-01"
    assert loaded["icd10cm"]["releaseDate"] == "2031-04-01"
    assert loaded["nucc"]["version"] == "25.1" and loaded["nucc"]["file"] == "nucc_taxonomy_251.csv"
    assert loaded["rxnorm"]["concepts"] == "8"
    assert loaded["hcpcs"]["loadedAt"] == "2026-01-01T00:00:00Z"
    assert loaded["hcpcs"]["source"].startswith("https://www.cms.gov/")
    assert len(store.graphs_by_kind()["reference"]) == 4


def test_reloading_a_release_writes_only_what_changed(store, tiny_refs):
    first = load_reference_sets(store, {"hcpcs": tiny_refs["hcpcs"]}, now=FIXED_TIME).loaded[0]
    again = load_reference_sets(store, {"hcpcs": tiny_refs["hcpcs"]}, now=LATER).loaded[0]
    assert first.added == first.quads and first.removed == 0
    assert (again.added, again.removed) == (1, 1)  # the load time
    assert releases(store)["hcpcs"]["loadedAt"] == "2026-02-01T00:00:00Z"


def test_a_new_release_replaces_the_old_one(store, tiny_refs, tmp_path):
    load_reference_sets(store, {"hcpcs": tiny_refs["hcpcs"]}, now=FIXED_TIME)
    newer = write_anweb(tmp_path / "HCPC2023_ANWEB.txt", TINY_HCPCS[:2],
                        [*TINY_MODIFIERS, ("JZ", "Zero drug amount discarded/not administered to any "
                                           "patient", "Zero drug wasted", "20230101", "")])
    load_reference_sets(store, {"hcpcs": newer}, now=LATER)
    fresh = build_reference_graph("hcpcs", newer, LATER)
    assert graph_content(store, "hcpcs") == {str(q) for q in [*fresh.quads(), *fresh.metadata]}
    assert releases(store)["hcpcs"]["version"] == "2023"


def test_a_bad_file_keeps_the_previous_release_and_the_other_sets_load(store, tiny_refs, tmp_path):
    load_reference_sets(store, {"hcpcs": tiny_refs["hcpcs"]}, now=FIXED_TIME)
    before = graph_content(store, "hcpcs")
    cut = tmp_path / "HCPC2021_ANWEB.txt"
    data = tiny_refs["hcpcs"].read_bytes()
    cut.write_bytes(data[: data.index(b"J9302") + 50])
    report = load_reference_sets(store, {"hcpcs": cut, "nucc": tiny_refs["nucc"]}, now=LATER)
    assert [f.name for f in report.failed] == ["hcpcs"] and report.exit_code == 1
    assert "HCPC2021_ANWEB.txt:" in report.failed[0].reason and "truncated" in report.failed[0].reason
    assert graph_content(store, "hcpcs") == before
    assert [s.name for s in report.loaded] == ["nucc"]


class FailingWrites:
    """The store's pyoxigraph handle, with every write failing as a full disk would."""

    def __init__(self, real):
        self.real = real

    def __getattr__(self, name):
        if name in ("update", "extend", "bulk_load", "bulk_extend", "load", "add"):
            def fail(*_args, **_kwargs):
                raise OSError(28, "No space left on device")
            return fail
        return getattr(self.real, name)


def test_a_failed_write_keeps_the_previous_release(store, tiny_refs, tmp_path):
    load_reference_sets(store, {"hcpcs": tiny_refs["hcpcs"]}, now=FIXED_TIME)
    before = graph_content(store, "hcpcs")
    newer = write_anweb(tmp_path / "HCPC2023_ANWEB.txt", TINY_HCPCS[:2], TINY_MODIFIERS[:1])
    real, store.ox = store.ox, FailingWrites(store.ox)
    try:
        report = load_reference_sets(store, {"hcpcs": newer}, now=LATER)
    finally:
        store.ox = real
    assert [f.name for f in report.failed] == ["hcpcs"] and "No space left" in report.failed[0].reason
    assert graph_content(store, "hcpcs") == before


def test_a_half_loaded_graph_is_not_trusted_and_the_next_load_repairs_it(store, tiny_refs):
    ref = build_reference_graph("nucc", tiny_refs["nucc"], FIXED_TIME)
    store.ox.extend(list(ref.quads())[:20])  # what a crash in the middle of a first bulk load leaves
    assert "nucc" not in releases(store), "an unsealed graph must not count as a release"
    load_reference_sets(store, {"nucc": tiny_refs["nucc"]}, now=FIXED_TIME)
    assert graph_content(store, "nucc") == {str(q) for q in [*ref.quads(), *ref.metadata]}


def test_findings_follow_the_loaded_releases(store, tiny_refs, tmp_path):
    doc = EXAMPLES / "tocilizumab-J3262-report.txt"
    ingest_paths(store, [doc], derive=Deriver(store), now=FIXED_TIME)
    runner = EmbeddedRunner(store)
    unchecked = {f.code: f for f in stored_findings(runner) if f.kind == "code-unchecked"}
    assert "no ICD-10-CM release is loaded" in unchecked["M06.9"].message
    load_reference_sets(store, {"icd10cm": ICD_DIR, "hcpcs": tiny_refs["hcpcs"]}, now=FIXED_TIME)
    by_code = {(f.kind, f.code) for f in stored_findings(runner)}
    assert ("code-unchecked", "M06.9") not in by_code
    assert ("code-not-in-release", "JZ") in by_code
    newer = write_anweb(tmp_path / "HCPC2023_ANWEB.txt", TINY_HCPCS,
                        [*TINY_MODIFIERS, ("JZ", "Zero drug amount discarded/not administered to any "
                                           "patient", "Zero drug wasted", "20230101", "")])
    load_reference_sets(store, {"hcpcs": newer}, now=LATER)
    assert ("code-not-in-release", "JZ") not in {(f.kind, f.code) for f in stored_findings(runner)}


def test_re_ingest_refreshes_a_documents_findings(store, tiny_refs, tmp_path):
    load_reference_sets(store, {"icd10cm": ICD_DIR}, now=FIXED_TIME)
    page = tmp_path / "report.txt"
    text = (EXAMPLES / "tocilizumab-J3262-report.txt").read_text()
    page.write_text(text.replace("M31.6 | Other giant cell arteritis",
                                 "M31.6 | Giant cell arteritis with polymyalgia rheumatica"))
    ingest_paths(store, [page], derive=Deriver(store), now=FIXED_TIME)
    runner = EmbeddedRunner(store)
    assert any(f.kind == "description-mismatch" for f in stored_findings(runner))
    page.write_text(text)
    ingest_paths(store, [page], derive=Deriver(store), now=FIXED_TIME)
    assert not any(f.kind == "description-mismatch" for f in stored_findings(runner))


# ---- the command line ------------------------------------------------------------------------

def medkg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", "from graph_app.cli import main; main()", *args],
                          capture_output=True, text=True)


def test_cli_refdata_load_list_and_exit_codes(tmp_path, tiny_refs):
    store = str(tmp_path / "s")
    medkg("ingest", "--store", store, str(EXAMPLES / "tocilizumab-J3262-report.txt"))
    ok = medkg("refdata", "load", "--store", store, "--icd10cm", str(ICD_DIR),
               "--hcpcs", str(tiny_refs["hcpcs"]), "--nucc", str(tiny_refs["nucc"]),
               "--rxnorm", str(RXNORM_RRF_DIR))
    assert ok.returncode == 0, ok.stderr
    assert "hcpcs: HCPCS Level II 2020 (CMS ANWEB): 11 concepts" in ok.stdout
    assert "1 documents re-checked; findings:" in ok.stdout
    listed = medkg("refdata", "list", "--store", store, "--format", "csv")
    assert listed.returncode == 0 and "hcpcs,2020,2020-01-01,11," in listed.stdout
    bad = tmp_path / "nucc_taxonomy_999.csv"
    bad.write_text("Code,Grouping\n207R00000X,Allopathic\n")
    failed = medkg("refdata", "load", "--store", store, "--nucc", str(bad))
    assert failed.returncode == 1
    assert "failed: " in failed.stderr and "nucc_taxonomy_999.csv:1: missing column(s)" in failed.stderr
    assert "Traceback" not in failed.stderr
    usage = medkg("refdata", "load", "--store", store)
    assert usage.returncode == 2 and "name at least one set" in usage.stderr


# ---- downloads from a local server -----------------------------------------------------------

class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def publisher(tmp_path):
    """A local HTTP server on 127.0.0.1 laid out like the publishers' sites."""
    root = tmp_path / "site"
    hcpcs_zip = root / "files" / "zip" / "january-2026-alpha-numeric-hcpcs-file.zip"
    hcpcs_zip.parent.mkdir(parents=True)
    anweb = write_anweb(tmp_path / "HCPC2026_JAN_ANWEB_01122026.txt")
    with zipfile.ZipFile(hcpcs_zip, "w") as z:
        z.write(anweb, anweb.name)
        z.writestr("HCPC2026_JAN_Record_Layout.txt", "layout")
    rx_zip = root / "rxnorm" / "RxNorm_full_prescribe_current.zip"
    rx_zip.parent.mkdir(parents=True)
    with zipfile.ZipFile(rx_zip, "w") as z:
        for f in ("RXNCONSO.RRF", "RXNREL.RRF"):
            z.write(RXNORM_RRF_DIR / f, f"rrf/{f}")
        z.writestr("Readme_Full_Prescribe.txt", "readme")
    handler = functools.partial(QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_download_fetches_and_unpacks_the_official_files(publisher, tmp_path, store):
    root, mirror = publisher
    nucc = root / "images" / "stories" / "CSV" / "nucc_taxonomy_251.csv"
    nucc.parent.mkdir(parents=True)
    write_nucc(nucc)
    report = download(tmp_path / "dl", mirror=mirror)
    assert not report.failed, report.failed
    assert [p.name for p in report.files["hcpcs"]] == ["HCPC2026_JAN_ANWEB_01122026.txt"]
    assert sorted(p.name for p in report.files["rxnorm"]) == ["RXNCONSO.RRF", "RXNREL.RRF"]
    assert "icd10cm" in report.skipped
    loaded = load_reference_sets(store, {"hcpcs": report.files["hcpcs"][0], "nucc": report.files["nucc"][0],
                                         "rxnorm": tmp_path / "dl" / "rxnorm"}, now=FIXED_TIME)
    assert not loaded.failed
    assert releases(store)["hcpcs"]["version"] == "2026 JAN"
    assert not list((tmp_path / "dl").rglob("*.zip")) and not list((tmp_path / "dl").rglob("*.part"))


def test_download_failures_are_reported_per_set(publisher, tmp_path):
    _root, mirror = publisher  # no NUCC file on this server
    out = medkg("refdata", "download", "--dest", str(tmp_path / "dl"), "--mirror", mirror,
                "--set", "nucc", "--set", "hcpcs")
    assert out.returncode == 1
    assert "failed: nucc: " in out.stderr and "HTTP 404" in out.stderr
    assert "hcpcs: " in out.stdout and "HCPC2026_JAN_ANWEB_01122026.txt" in out.stdout
    not_zip = medkg("refdata", "download", "--dest", str(tmp_path / "dl2"), "--mirror", mirror,
                    "--url", f"hcpcs={mirror}/rxnorm/missing.zip")
    assert not_zip.returncode == 1 and "HTTP 404" in not_zip.stderr
    shutil.rmtree(tmp_path / "dl", ignore_errors=True)


def test_every_refdata_subcommand_has_help():
    from click.testing import CliRunner

    from graph_app.cli.refdata_cmd import refdata

    for name, command in refdata.commands.items():
        result = CliRunner().invoke(refdata, [name, "--help"])
        assert result.exit_code == 0 and command.help and len(command.help) > 30, name
