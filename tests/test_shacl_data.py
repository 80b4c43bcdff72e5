"""The data graph handed to pySHACL holds what the shapes read and leaves the rest in the store."""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from graph_app.shacl import Shapes
from graph_app.shacl_data import data_graph, read_plan
from graph_app.store import GraphStore
from graph_app.validate import load_shapes
from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.files import TTL_FILE
from ontology.rdf_files import read_rdf

ICD = ns.ICD10CM.iri("C91.00")
DRUG = ns.entity_iri("drug", "blinatumomab")
STMT = ns.ID + "stmt/x/1"


def _store() -> GraphStore:
    ref, doc = ns.reference_graph("icd10cm"), ns.document_graph("x")
    rows = [
        (ICD, voc.RDF_TYPE, voc.MKG.ICD10CMCode, ref), (ICD, voc.SKOS_NOTATION, "C91.00", ref),
        (ICD, voc.SKOS_PREFLABEL, "Acute lymphoblastic leukemia", ref),
        (ICD, voc.SKOS_INSCHEME, ns.ICD10CM.scheme, ref), (ICD, voc.SKOS_ALTLABEL, "ALL", ref),
        (DRUG, voc.RDF_TYPE, voc.MKG.Drug, doc), (DRUG, voc.SKOS_PREFLABEL, "blinatumomab", doc),
        (STMT, voc.RDF_TYPE, voc.MKG.Statement, doc), (STMT, voc.RDF_SUBJECT, DRUG, doc),
        (STMT, voc.MKG.quote, "blinatumomab is given", doc),
    ]
    store = GraphStore()
    store.ox.extend(
        ox.Quad(ox.NamedNode(s), ox.NamedNode(p),
                ox.NamedNode(o) if o.startswith("http") else ox.Literal(o), ox.NamedNode(g))
        for s, p, o, g in rows
    )
    return store


def _has(g: rdflib.Graph, s: str, p: str) -> bool:
    return (rdflib.URIRef(s), rdflib.URIRef(p), None) in g


def test_only_what_the_shapes_read_is_extracted():
    g = data_graph(_store(), load_shapes(), read_rdf(TTL_FILE))
    assert _has(g, ICD, voc.RDF_TYPE) and _has(g, ICD, voc.SKOS_NOTATION)  # ICD10CMCode shapes read them
    assert not _has(g, ICD, voc.SKOS_PREFLABEL)  # no shape on ICD-10-CM codes reads titles
    assert not _has(g, ICD, voc.SKOS_ALTLABEL) and not _has(g, ICD, voc.SKOS_INSCHEME)
    assert _has(g, DRUG, voc.SKOS_PREFLABEL)  # minted-label reads a drug's label
    assert _has(g, STMT, voc.RDF_SUBJECT)  # minted-evidence reads it backwards from the drug
    assert _has(g, STMT, voc.MKG.quote)  # statement-evidence reads it inside sh:or
    assert (rdflib.URIRef(voc.MKG.HCPCSCode), rdflib.RDFS.subClassOf, rdflib.URIRef(voc.MKG.Code)) in g


def test_the_plan_reads_paths_from_focus_nodes():
    plan = read_plan(load_shapes())
    assert not plan.everything
    assert ("targetClass", voc.MKG.Drug) in plan.forward[voc.SKOS_PREFLABEL]
    assert ("targetClass", voc.MKG.ICD10CMCode) not in plan.forward[voc.SKOS_PREFLABEL]
    assert ("targetClass", voc.MKG.Drug) in plan.inverse[voc.RDF_SUBJECT]
    assert voc.MKG.drug in plan.full  # a target predicate (sh:targetSubjectsOf) is read in full


def test_shapes_with_sparql_constraints_get_the_whole_store():
    shapes = rdflib.Graph().parse(data=f"""
        @prefix sh: <{ns.SH}> .
        <urn:s> a sh:NodeShape ; sh:targetClass <{voc.MKG.Drug}> ;
            sh:sparql [ sh:select "SELECT $this WHERE {{ FILTER(false) }}" ] .
    """, format="turtle")
    plan = read_plan(Shapes(shapes, TTL_FILE))
    assert plan.everything
    g = data_graph(_store(), Shapes(shapes, TTL_FILE), read_rdf(TTL_FILE))
    assert _has(g, ICD, voc.SKOS_ALTLABEL)
