"""The SHACL shapes: code patterns come from CODE_SYSTEMS, each code class catches a bad code,
and a broken shapes file is reported with its file and line."""

from __future__ import annotations

import re

import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given
from hypothesis import strategies as st

from graph_app.errors import ValidationError
from graph_app.store import GraphStore
from graph_app.validate import load_shapes, validate_store
from ingest.records import RowStatus
from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.files import SHAPES_FILE
from ontology.shapes import UnportablePatternError, xsd_pattern
from tests.conftest import DATA

SH = rdflib.Namespace(ns.SH)
SHAPE = rdflib.Namespace(ns.SHAPES)
CODE_CLASSES = list(voc.CODE_CLASS_SYSTEMS.items())


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return load_shapes().graph


@pytest.mark.parametrize(("cls", "systems"), CODE_CLASSES, ids=[c for c, _ in CODE_CLASSES])
def test_notation_pattern_in_shapes_ttl_is_the_code_systems_pattern(shapes, cls, systems):
    """The pattern is generated from CODE_SYSTEMS, so it is kept in one place."""
    expected = xsd_pattern("|".join(ns.code_system(k).pattern.pattern for k in systems))
    assert str(shapes.value(SHAPE[f"{cls}-notation"], SH.pattern)) == expected


_CODE_CHARS = st.text(alphabet="ABCDEFGHJKLMNOPQRSTUVWXYZ0123456789.-X", min_size=1, max_size=9)


@pytest.mark.parametrize("system", list(ns.CODE_SYSTEMS.values()), ids=list(ns.CODE_SYSTEMS))
@given(text=_CODE_CHARS)
def test_shacl_pattern_accepts_exactly_what_the_python_pattern_accepts(system, text):
    shacl = re.compile(xsd_pattern(system.pattern.pattern))
    assert bool(shacl.search(text)) == system.is_well_formed(text)
    assert shacl.search(system.example)


def test_python_only_regex_syntax_is_refused():
    with pytest.raises(UnportablePatternError, match="lookarounds"):
        xsd_pattern(r"(?![0-9]{2})[A-Z0-9]{2}")


def test_statement_status_values_are_the_row_statuses_that_reach_the_graph(shapes):
    values = {str(v) for v in rdflib.collection.Collection(
        shapes, shapes.value(SHAPE["statement-status"], getattr(SH, "in")))}
    assert values == set(voc.STATEMENT_STATUSES) == {s.value for s in RowStatus} - {"duplicate"}


def _store_with(turtle: str) -> GraphStore:
    store = GraphStore()
    store.ox.load(turtle.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(ns.reference_graph("t")))
    return store


@pytest.mark.parametrize(("cls", "systems"), CODE_CLASSES, ids=[c for c, _ in CODE_CLASSES])
def test_each_code_class_takes_its_examples_and_refuses_a_malformed_code(cls, systems):
    rows = []
    for key in systems:
        system = ns.code_system(key)
        rows.append(f"<{system.iri(system.example)}> a <{voc.VOCAB}{cls}> ; "
                    f"<{voc.SKOS_NOTATION}> \"{system.example}\" .")
    good = validate_store(_store_with("\n".join(rows)))
    assert [f for f in good.findings if f.kind.startswith("shacl:")] == []
    system = ns.code_system(systems[0])
    bad_code = system.example + "!"
    bad = validate_store(_store_with(
        f"<{system.base}bad> a <{voc.VOCAB}{cls}> ; <{voc.SKOS_NOTATION}> \"{bad_code}\" ."))
    kinds = {f.kind for f in bad.findings}
    assert {f"shacl:{cls}-notation", f"shacl:{cls}-iri"} <= kinds
    notation = next(f for f in bad.findings if f.kind == f"shacl:{cls}-notation")
    assert notation.found == bad_code and system.example in notation.message


def test_shapes_file_with_a_syntax_error_names_the_file_and_line():
    path = DATA / "ontology" / "broken-shapes.ttl"
    with pytest.raises(ValidationError) as info:
        validate_store(GraphStore(), shapes_file=path)
    assert str(path) in str(info.value) and "line 8" in str(info.value)


def test_shapes_file_that_is_not_shacl_names_the_file():
    path = DATA / "ontology" / "not-shacl.ttl"
    with pytest.raises(ValidationError) as info:
        validate_store(_store_with(f"<{ns.ID}drug/x> a <{voc.MKG.Drug}> ."), shapes_file=path)
    assert str(path) in str(info.value) and "minCount" in str(info.value)


def test_published_shapes_file_is_the_default():
    assert load_shapes().source == SHAPES_FILE
