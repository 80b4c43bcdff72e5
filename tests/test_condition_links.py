"""Condition links are inferred facts in each document's derived graph, refreshed with the release."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph_app.derive import Deriver
from graph_app.loader import ingest_paths
from graph_app.refdata import load_reference_sets
from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.vocabulary import MKG, PROV_USED, RDF_OBJECT, RDF_SUBJECT, RDF_TYPE
from tests.ask_fixtures import asked_store  # noqa: F401  (fixture)
from tests.conftest import FIXED_TIME, SEEDS, need_shared
from tests.refdata_fixtures import ICD_DIR

INFERRED = ox.NamedNode(MKG.inferredCondition)


def condition(label: str) -> ox.NamedNode:
    return ox.NamedNode(ns.entity_iri("condition", label))


def icd(code: str) -> ox.NamedNode:
    return ox.NamedNode(ns.ICD10CM.iri(code))


def linked(store: GraphStore, label: str) -> set[str]:
    quads = store.ox.quads_for_pattern(condition(label), INFERRED, None)
    return {ns.ICD10CM.code_of(q.object.value) for q in quads}


def link_nodes(store: GraphStore, label: str, code: str) -> set[ox.NamedNode]:
    subj = {q.subject for q in store.ox.quads_for_pattern(None, ox.NamedNode(RDF_SUBJECT), condition(label))}
    obj = {q.subject for q in store.ox.quads_for_pattern(None, ox.NamedNode(RDF_OBJECT), icd(code))}
    return subj & obj


def values(store: GraphStore, node: ox.NamedNode, prop: str) -> set[str]:
    return {q.object.value for q in store.ox.quads_for_pattern(node, ox.NamedNode(prop), None)}


def test_every_stated_indication_of_the_seeds_is_linked(asked_store):  # noqa: F811
    indication = ox.NamedNode(MKG.indication)
    conditions = {q.object for q in asked_store.ox.quads_for_pattern(None, indication, None)}
    assert len(conditions) >= 10
    unlinked = [c.value for c in conditions if not any(asked_store.ox.quads_for_pattern(c, INFERRED, None))]
    assert unlinked == []


@pytest.mark.parametrize("label, codes", [
    ("Relapsed or refractory B-cell precursor ALL", {"C91.02", "C91.00"}),
    ("Relapsed or refractory B-cell precursor acute lymphoblastic leukemia", {"C91.02", "C91.00"}),
    ("Acute lymphoblastic leukemia (ALL)", {"C91.0"}),
    ("Chronic lymphocytic leukemia (CLL)", {"C91.1"}),
    ("Giant cell arteritis", {"M31.6"}),
    ("Cytokine release syndrome", {"D89.83"}),
    ("Rheumatoid arthritis", {"M06.9"}),
    ("Systemic juvenile idiopathic arthritis", {"M08"}),
])
def test_seed_links(asked_store, label, codes):  # noqa: F811
    assert linked(asked_store, label) == codes


def test_a_link_carries_its_evidence_and_stays_in_the_derived_graph(asked_store):  # noqa: F811
    label = "Relapsed or refractory B-cell precursor ALL"
    (node,) = link_nodes(asked_store, label, "C91.02")
    assert values(asked_store, node, RDF_TYPE) == {MKG.Statement, MKG.ConditionLink}
    assert values(asked_store, node, MKG.method) == {"lexical-idf"}
    (score,) = values(asked_store, node, MKG.score)
    assert 0.5 < float(score) <= 1
    assert values(asked_store, node, MKG.linkedText) == {label}
    assert values(asked_store, node, MKG.quote) == {label}  # the bullet of 002's Indications
    assert values(asked_store, node, MKG.section) == {"Indications"}
    assert any("relapsed" in r for r in values(asked_store, node, MKG.reason))
    assert values(asked_store, node, PROV_USED) == {ns.reference_graph("icd10cm")}
    within = {ns.ICD10CM.code_of(v) for v in values(asked_store, node, MKG.withinConcept)}
    assert within == {"C91.02", "C91.0", "C91", "C81-C96", "C00-D49"}
    graphs = {q.graph_name.value for q in asked_store.ox.quads_for_pattern(condition(label), INFERRED, None)}
    assert graphs and all(g.startswith(ns.GRAPH + "derived/") for g in graphs)


def test_links_follow_the_loaded_release(tmp_path: Path):
    """No ICD-10-CM: no links. Load a release: links appear. Reload another: links move."""
    store = GraphStore(tmp_path / "store")
    ingest_paths(store, [need_shared(SEEDS)], derive=Deriver(store), now=FIXED_TIME)
    assert linked(store, "Rheumatoid arthritis") == set()

    load_reference_sets(store, {"icd10cm": ICD_DIR}, now=FIXED_TIME)
    assert linked(store, "Rheumatoid arthritis") == {"M06.9"}
    assert linked(store, "Giant cell arteritis") == {"M31.6"}
    assert linked(store, "Acute lymphoblastic leukemia (ALL)") == set()  # no leukemia in this release

    changed = tmp_path / "icd-changed"
    shutil.copytree(ICD_DIR, changed)
    tabular = next(changed.glob("*tabular*.xml"))
    text = tabular.read_text().replace("Rheumatoid arthritis, unspecified", "Rheumatoid bursitis")
    tabular.write_text(text)
    load_reference_sets(store, {"icd10cm": changed}, now=FIXED_TIME + timedelta(days=1))
    assert linked(store, "Rheumatoid arthritis") == {"M06"}
    stale = [q for q in store.ox.quads_for_pattern(None, None, icd("M06.9"), None)
             if q.predicate.value in (MKG.inferredCondition, RDF_OBJECT, MKG.withinConcept)
             and q.graph_name.value.startswith(ns.GRAPH + "derived/")]
    assert stale == []  # the links to the old title are gone, not kept beside the new ones
