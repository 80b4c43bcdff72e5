"""Small hand-made graphs for the export and view tests."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox

from graph_app.loader import ingest_paths
from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.vocabulary import MKG, RDF_TYPE, SKOS_BROADER, SKOS_INSCHEME, SKOS_NOTATION, SKOS_PREFLABEL
from tests.conftest import EXAMPLES, FIXED_TIME

N = ox.NamedNode
ICD_SET = "icd10cm-slice"


def layered_store(path: Path | None) -> GraphStore:
    """The examples, plus a reference slice of ICD-10-CM and one derived graph: every kind of
    named graph, so stated, official and inferred links all occur."""
    store = GraphStore(path)
    report = ingest_paths(store, [EXAMPLES], now=FIXED_TIME)
    assert not report.failed
    ref = N(ns.reference_graph(ICD_SET))
    quads = []
    for code, label, parent in [
        ("C91", "Lymphoid leukemia", None),
        ("C91.0", "Acute lymphoblastic leukemia [ALL]", "C91"),
        ("C91.00", "Acute lymphoblastic leukemia not having achieved remission", "C91.0"),
    ]:
        node = N(ns.ICD10CM.iri(code))
        quads += [ox.Quad(node, N(RDF_TYPE), N(MKG.ICD10CMCode), ref),
                  ox.Quad(node, N(SKOS_NOTATION), ox.Literal(code), ref),
                  ox.Quad(node, N(SKOS_PREFLABEL), ox.Literal(label), ref),
                  ox.Quad(node, N(SKOS_INSCHEME), N(ns.ICD10CM.scheme), ref)]
        if parent:
            quads.append(ox.Quad(node, N(SKOS_BROADER), N(ns.ICD10CM.iri(parent)), ref))
    store.replace_graph(ref.value, quads)
    derived = N(ns.derived_graph("blinatumomab-J9039"))
    condition = N(ns.entity_iri("condition", "Relapsed or refractory CD19-positive B-cell precursor acute "
                                "lymphoblastic leukemia"))
    assert next(store.ox.quads_for_pattern(condition, None, None), None), "the example states this condition"
    store.replace_graph(derived.value, [
        ox.Quad(condition, N(MKG.inferredCondition), N(ns.ICD10CM.iri("C91.00")), derived),
    ])
    return store


def awkward_store() -> GraphStore:
    """Terms that test a writer's escaping: odd local names, odd literals, blank nodes, three graphs."""
    store = GraphStore(None)
    s = N(ns.ID + "stmt/a/b")
    p = N(ns.VOCAB + "note")
    g1, g2 = N(ns.document_graph("odd-1")), N(ns.reference_graph("odd"))
    blank = ox.BlankNode("b0")
    objects = [
        ox.Literal('say "hi"\\ back\nline 2\ttab\rcr\x01\x7f end'),
        ox.Literal("Fièvre ☤ 🧪"), ox.Literal(""),
        ox.Literal("no line end: \x85 \u2028 \x0b \x1c"),  # regression: splitlines() split these
        ox.Literal("leukemia", language="en-US"),
        ox.Literal("162", datatype=N(ns.XSD + "integer")), ox.Literal("0.1", datatype=N(ns.XSD + "decimal")),
        ox.Literal("2026-01-01T00:00:00Z", datatype=N(ns.XSD + "dateTime")),
        ox.Literal("x", datatype=N("http://example.org/dt#custom")),
        N(ns.ICD10CM.iri("C91.")), N(ns.ID + "-lead"), N(ns.ID + "x%20y"), N(ns.ID + "a~b(c)!$&'*+,;=?#@"),
        N(ns.ID + "é"), N("http://example.org/other"), N(ns.CPT.iri("96413")), N(ns.VOCAB), blank,
        N(ns.ID + "trailing-"), N(ns.ID + "a.b"),
    ]
    quads = [ox.Quad(s, p, o, g) for o in objects for g in (g1, g2)]
    quads += [ox.Quad(blank, N(SKOS_PREFLABEL), ox.Literal("a blank node"), g1),
              ox.Quad(N(ns.ID + "in-default"), N(RDF_TYPE), N(MKG.Drug), ox.DefaultGraph())]
    store.ox.extend(quads)
    return store
