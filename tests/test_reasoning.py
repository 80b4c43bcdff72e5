"""HermiT over the ontology and the data: the seed graph is consistent, contradictions are caught.

These tests need a Java runtime (HermiT is Java); `.ci/run` installs one. Without it they skip.
"""

from __future__ import annotations

import shutil

import owlready2 as owl
import pyoxigraph as ox
import pytest

from graph_app.errors import ValidationError
from graph_app.reason import INCONSISTENT_KIND, write_ntriples
from graph_app.store import GraphStore
from graph_app.validate import validate_store
from ontology.files import OWL_FILE, TTL_FILE
from ontology.rdf_files import RdfFileError
from ontology.reasoning import check_consistency
from tests.conftest import DATA

pytestmark = pytest.mark.skipif(
    shutil.which(owl.JAVA_EXE) is None,
    reason="HermiT needs a Java runtime (`java`); .ci/run installs default-jre-headless",
)
ONTOLOGY_DATA = DATA / "ontology"


@pytest.fixture(scope="module")
def seed_ntriples(seed_store, tmp_path_factory):
    path = tmp_path_factory.mktemp("reason") / "seeds.nt"
    assert write_ntriples(seed_store, path) > 1500
    return path


def test_seed_graph_is_consistent_with_the_ontology(seed_ntriples):
    result = check_consistency([OWL_FILE, seed_ntriples])
    assert result.consistent, result.explanation


def test_a_node_in_two_disjoint_classes_is_inconsistent():
    result = check_consistency([OWL_FILE, ONTOLOGY_DATA / "contradiction.ttl"])
    assert not result.consistent


def test_the_contradiction_needs_the_ontology():
    """Without the disjointness axioms the same data is consistent: the reasoner really used them."""
    assert check_consistency([ONTOLOGY_DATA / "contradiction.ttl"]).consistent


def test_the_seed_graph_plus_a_link_whose_domain_makes_a_drug_a_code_is_inconsistent(seed_ntriples):
    result = check_consistency([TTL_FILE, seed_ntriples, ONTOLOGY_DATA / "range-contradiction.ttl"])
    assert not result.consistent


def test_a_broken_ontology_file_names_the_file_and_line():
    path = ONTOLOGY_DATA / "broken-ontology.owl"
    with pytest.raises(RdfFileError) as info:
        check_consistency([path])
    assert info.value.path == path and info.value.line == 8
    assert "owl:Clas" in str(info.value)


def _fixture_store(*names: str) -> GraphStore:
    store = GraphStore()
    for name in names:
        store.ox.load(path=str(DATA / "validate" / name), format=ox.RdfFormat.TRIG)
    return store


def test_validate_reason_reports_an_inconsistent_graph():
    clean = validate_store(_fixture_store("clean.trig"), reason=True)
    assert clean.findings == [] and any(c.name == "HermiT consistency" for c in clean.checks)
    # broken.trig gives a diagnosis code as a specialty: the range makes it a taxonomy code too
    broken = validate_store(_fixture_store("clean.trig", "broken.trig"), reason=True)
    owl_findings = [f for f in broken.findings if f.kind == INCONSISTENT_KIND]
    assert len(owl_findings) == 1 and "disjoint" in owl_findings[0].message


def test_validate_reason_with_a_broken_ontology_file_is_an_error():
    with pytest.raises(ValidationError, match="broken-ontology.owl, line 8"):
        validate_store(_fixture_store("clean.trig"), ontology_file=ONTOLOGY_DATA / "broken-ontology.owl",
                       reason=True)
