"""Stores for the explorer's tests: the examples with tiny official code sets, so they run
without ../shared. Import the fixtures you use into a test module.

A store is held open (and locked) by whichever process opened it first, and an app under test
keeps its store open for the whole test session, so the library tests, the AppTest tests and
the browser test each build their own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_app.derive import Deriver
from graph_app.loader import ingest_paths
from graph_app.refdata import load_reference_sets
from graph_app.store import GraphStore
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.refdata_fixtures import ICD_DIR, RXNORM_RRF_DIR, write_anweb, write_nucc

J9229 = "http://purl.bioontology.org/ontology/HCPCS/J9229"
J9039 = "http://purl.bioontology.org/ontology/HCPCS/J9039"
J3262 = "http://purl.bioontology.org/ontology/HCPCS/J3262"
INOTUZUMAB = "https://w3id.org/medkg/id/drug/inotuzumab-ozogamicin"
TOCILIZUMAB = "https://w3id.org/medkg/id/drug/tocilizumab"
J9229_PAGE = "https://w3id.org/medkg/id/doc/inotuzumab-ozogamicin-J9229"
M31_6 = "http://purl.bioontology.org/ontology/ICD10CM/M31.6"
DOCUMENTS = len(list(EXAMPLES.glob("*.txt"))) + 1


MISWORDED = "Giant cell arteritis with polymyalgia rheumatica"  # the official title of M31.5, not M31.6


def misworded_report(folder: Path) -> Path:
    """The J3262 report with M31.6 described by M31.5's title, as a real seed document does."""
    text = (EXAMPLES / "tocilizumab-J3262-report.txt").read_text(encoding="utf-8")
    row = "M31.6 | Other giant cell arteritis |"
    assert row in text, "the example report's M31.6 row changed"
    path = folder / "tocilizumab-J3262-misworded.txt"
    path.write_text(text.replace(row, f"M31.6 | {MISWORDED} |"), encoding="utf-8")
    return path


def build_explorer_store(folder: Path) -> GraphStore:
    """The examples and one misworded report ingested (with inference), then tiny releases of
    the four code sets."""
    refs = folder / "refdata"
    refs.mkdir(parents=True)
    sources = {
        "icd10cm": ICD_DIR,
        "hcpcs": write_anweb(refs / "HCPC2020_ANWEB_tiny.txt"),
        "nucc": write_nucc(refs / "nucc_taxonomy_251.csv"),
        "rxnorm": RXNORM_RRF_DIR,
    }
    store = GraphStore(folder / "store")
    report = ingest_paths(store, [EXAMPLES, misworded_report(folder)], derive=Deriver(store), now=FIXED_TIME)
    assert not report.failed, report.failed
    loaded = load_reference_sets(store, sources, now=FIXED_TIME)
    assert not loaded.failed, loaded.failed
    return store


@pytest.fixture(scope="session")
def explorer_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """Open for the library tests; read-only."""
    return build_explorer_store(tmp_path_factory.mktemp("explorer-lib"))


@pytest.fixture(scope="session")
def app_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A closed store for the AppTest tests (the app under test opens it, once per session)."""
    store = build_explorer_store(tmp_path_factory.mktemp("explorer-app"))
    path = store.path
    store.close()
    assert path is not None
    return path
