"""`medkg refdata`: official code sets into their reference graphs, then every document re-checked."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import click

from graph_app.cli.common import format_option, open_existing, store_option
from graph_app.findings import stored_findings
from graph_app.querylib import load_query
from graph_app.refdata import load_reference_sets
from graph_app.results import FORMATS, render
from graph_app.runner import EmbeddedRunner
from graph_app.store import open_store
from ingest.codesets import READERS
from ingest.codesets.download import download as fetch_sets

PACKAGED = "packaged"


@click.group()
def refdata() -> None:
    """Official code sets (ICD-10-CM, HCPCS Level II, NUCC, RxNorm): load, download, list.

    Each set lives in its own named graph with its release, source and load time; stated codes
    are checked against them and disagreements stored as findings (medkg query findings).
    """


@refdata.command()
@click.option("--icd10cm", is_flag=False, flag_value=PACKAGED, default=None, metavar="[DIR]",
              help="ICD-10-CM: the release simple-icd-10-cm ships, or a folder with a tabular "
                   "XML and the package's code list.")
@click.option("--hcpcs", type=click.Path(exists=True, dir_okay=False),
              help="CMS HCPCS Level II ANWEB fixed-width file (e.g. HCPC2020_ANWEB.txt).")
@click.option("--nucc", type=click.Path(exists=True, dir_okay=False),
              help="NUCC taxonomy CSV (e.g. nucc_taxonomy_251.csv).")
@click.option("--rxnorm", type=click.Path(exists=True),
              help="RxNorm: RXNCONSO.RRF (RXNREL.RRF beside it links brands) or its folder, or a "
                   "prescribable-content JSON-lines extract (.jsonl or .jsonl.gz).")
@store_option
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary.")
def load(icd10cm: str | None, hcpcs: str | None, nucc: str | None, rxnorm: str | None,
         store_path: str, quiet: bool) -> None:
    """Load official releases, replacing each set's previous release, then re-check documents.

    A bad file fails with its file and line and leaves that set's stored release as it was; the
    other sets still load. Exit 0 when all loaded, 1 when some failed.
    Example: medkg refdata load --icd10cm --hcpcs HCPC2020_ANWEB.txt --nucc nucc_taxonomy_251.csv
    """
    sources: dict[str, str | Path | None] = {}
    if icd10cm:
        sources["icd10cm"] = None if icd10cm == PACKAGED else icd10cm
    for name, path in (("hcpcs", hcpcs), ("nucc", nucc), ("rxnorm", rxnorm)):
        if path:
            sources[name] = path
    if not sources:
        raise click.UsageError("name at least one set: --icd10cm, --hcpcs FILE, --nucc FILE, "
                               "--rxnorm FILE")
    store = open_store(store_path)
    say = None if quiet or not sys.stderr.isatty() else (lambda m: click.echo(m, err=True))
    report = load_reference_sets(store, sources, progress=say)
    for failure in report.failed:
        click.echo(f"failed: {failure}", err=True)
    if not quiet:
        for s in report.loaded:
            click.echo(f"{s.name}: {s.release.title}: {s.concepts:,} concepts, {s.quads:,} triples "
                       f"({s.added:,} added, {s.removed:,} removed)")
        if report.loaded:
            counts = Counter(f.severity for f in stored_findings(EmbeddedRunner(store)))
            summary = ", ".join(f"{counts[k]} {k}{'s' if counts[k] != 1 and k != 'info' else ''}"
                                for k in ("error", "warning", "info"))
            click.echo(f"{report.rederived} documents re-checked; findings: {summary} "
                       f"(medkg query findings)")
    store.close()
    sys.exit(report.exit_code)


@refdata.command("list")
@format_option(*FORMATS, default="table")
@store_option
def list_releases(fmt: str, store_path: str) -> None:
    """The releases loaded: set, version, release date, concepts, file, load time."""
    store = open_existing(store_path)
    click.echo(render(load_query("reference-releases").run(EmbeddedRunner(store)), fmt))


@refdata.command()
@click.option("--dest", required=True, type=click.Path(file_okay=False),
              help="Folder to write into (one subfolder per set).")
@click.option("--set", "sets", multiple=True, type=click.Choice(list(READERS)),
              help="Only these sets (repeat); default all.")
@click.option("--url", "urls", multiple=True, metavar="SET=URL",
              help="Fetch a set from another URL (another year or quarter).")
@click.option("--mirror", metavar="URL",
              help="Fetch from this base URL instead of the publishers' hosts, same paths.")
def download(dest: str, sets: tuple[str, ...], urls: tuple[str, ...], mirror: str | None) -> None:
    """Download the official files from their publishers (CMS, NUCC, NLM).

    ICD-10-CM ships with the simple-icd-10-cm package. Exit 1 when a set could not be fetched.
    Example: medkg refdata download --dest refdata && medkg refdata load --hcpcs refdata/hcpcs/...
    """
    overrides = {}
    for item in urls:
        name, sep, url = item.partition("=")
        if not sep or name not in READERS:
            raise click.UsageError(f"--url takes SET=URL with SET one of {', '.join(READERS)}")
        overrides[name] = url
    report = fetch_sets(dest, list(sets) or None, mirror=mirror, urls=overrides)
    for name, files in report.files.items():
        for f in files:
            click.echo(f"{name}: {f}")
    for name, why in report.skipped.items():
        click.echo(f"{name}: {why}")
    for name, error in report.failed.items():
        click.echo(f"failed: {name}: {error}", err=True)
    sys.exit(1 if report.failed else 0)
