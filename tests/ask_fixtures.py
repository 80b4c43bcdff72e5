"""Stores for the linking, question and unit tests.

`asked_store`: the five seed documents (only the seeds, so answers are exact sets) with every
official release from ../shared loaded, once per session. `linking_table`: a hand-written slice
of ICD-10-CM (official titles) for linker tests that need no store.
"""

from __future__ import annotations

import pytest

from graph_app.derive import Deriver
from graph_app.linking.concepts import ConceptTable, ReleaseKey
from graph_app.loader import ingest_paths
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore
from tests.conftest import FIXED_TIME, SEEDS, need_shared
from tests.refdata_fixtures import full_reference_sources


@pytest.fixture(scope="session")
def asked_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    sources = full_reference_sources()
    store = GraphStore(tmp_path_factory.mktemp("asked-store") / "store")
    report = ingest_paths(store, [need_shared(SEEDS)], derive=Deriver(store), now=FIXED_TIME)
    assert not report.failed, report.failed
    loaded = load_reference_sets(store, sources, now=FIXED_TIME)
    assert not loaded.failed, loaded.failed
    return store


@pytest.fixture(scope="session")
def asked(asked_store: GraphStore) -> EmbeddedRunner:
    return EmbeddedRunner(asked_store)


# (code, title, parent, inclusion terms) — official ICD-10-CM 2026 titles.
SLICE = [
    ("C81-C96", "Malignant neoplasms of lymphoid, hematopoietic and related tissue (C81-C96)", None, ()),
    ("C83", "Non-follicular lymphoma", "C81-C96", ()),
    ("C83.5", "Lymphoblastic (diffuse) lymphoma", "C83",
     ("B-precursor lymphoma", "Lymphoblastic B-cell lymphoma")),
    ("C91", "Lymphoid leukemia", "C81-C96", ()),
    ("C91.0", "Acute lymphoblastic leukemia [ALL]", "C91", ()),
    ("C91.00", "Acute lymphoblastic leukemia not having achieved remission", "C91.0",
     ("Acute lymphoblastic leukemia with failed remission", "Acute lymphoblastic leukemia NOS")),
    ("C91.01", "Acute lymphoblastic leukemia, in remission", "C91.0", ()),
    ("C91.02", "Acute lymphoblastic leukemia, in relapse", "C91.0", ()),
    ("C91.1", "Chronic lymphocytic leukemia of B-cell type", "C91", ("Lymphoplasmacytic leukemia",)),
    ("C91.10", "Chronic lymphocytic leukemia of B-cell type not having achieved remission", "C91.1",
     ("Chronic lymphocytic leukemia of B-cell type NOS",)),
    ("C91.11", "Chronic lymphocytic leukemia of B-cell type in remission", "C91.1", ()),
    ("C91.12", "Chronic lymphocytic leukemia of B-cell type in relapse", "C91.1", ()),
    ("C95", "Leukemia of unspecified cell type", "C81-C96", ()),
    ("C95.9", "Leukemia, unspecified", "C95", ()),
    ("M05-M14", "Inflammatory polyarthropathies (M05-M14)", None, ()),
    ("M06", "Other rheumatoid arthritis", "M05-M14", ()),
    ("M06.9", "Rheumatoid arthritis, unspecified", "M06", ()),
    ("M30-M36", "Systemic connective tissue disorders (M30-M36)", None, ()),
    ("M31", "Other necrotizing vasculopathies", "M30-M36", ()),
    ("M31.5", "Giant cell arteritis with polymyalgia rheumatica", "M31", ()),
    ("M31.6", "Other giant cell arteritis", "M31", ()),
    ("M35", "Other systemic involvement of connective tissue", "M30-M36", ()),
    ("M35.3", "Polymyalgia rheumatica", "M35", ()),
    ("Z85", "Personal history of malignant neoplasm", None, ()),
    ("Z85.6", "Personal history of leukemia", "Z85", ()),
]


@pytest.fixture(scope="session")
def linking_table() -> ConceptTable:
    return ConceptTable(
        ReleaseKey("icd10cm", "slice", "2026-01-01T00:00:00Z", "urn:test:slice"),
        titles={c: t for c, t, _, _ in SLICE},
        parents={c: p for c, _, p, _ in SLICE if p},
        alt_labels={c: a for c, _, _, a in SLICE if a},
    )
