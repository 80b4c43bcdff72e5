"""The published ontology: OWL and Turtle agree, every term is documented, the files are current."""

from __future__ import annotations

import owlready2 as owl
import pytest
import rdflib
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, RDF, RDFS

from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.build import Artifacts, package_version, render, stale_files
from ontology.files import OWL_FILE, TTL_FILE
from ontology.owl import split_iri

SKOS_DEFINITION = rdflib.URIRef(ns.SKOS + "definition")
MKG = rdflib.Namespace(ns.VOCAB)


@pytest.fixture(scope="module")
def owl_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(OWL_FILE, format="xml")


@pytest.fixture(scope="module")
def ttl_graph() -> rdflib.Graph:
    return rdflib.Graph().parse(TTL_FILE, format="turtle")


@pytest.fixture(scope="module")
def artifacts() -> Artifacts:
    return render(package_version())


def test_owl_and_turtle_hold_the_same_triples(owl_graph, ttl_graph):
    assert len(owl_graph) == len(ttl_graph) > 400
    assert isomorphic(owl_graph, ttl_graph)


def test_published_files_are_up_to_date(artifacts):
    stale = stale_files(artifacts)
    assert not stale, f"run `python -m ontology.build`: stale {', '.join(p.name for p in stale)}"


def test_a_change_makes_the_files_stale():
    """The up-to-date test can fail: another version changes the OWL, Turtle and README."""
    stale = {p.name for p in stale_files(render("99.0.0"))}
    assert stale == {"medkg.owl", "medkg.ttl", "README.md"}


def test_rendering_is_deterministic(artifacts):
    assert render(package_version()) == artifacts


def test_ontology_iri_and_version_iri(ttl_graph):
    onto = rdflib.URIRef(ns.ONTOLOGY_IRI)
    assert (onto, RDF.type, OWL.Ontology) in ttl_graph
    version = package_version()
    assert ttl_graph.value(onto, OWL.versionIRI) == rdflib.URIRef(ns.ontology_version_iri(version))
    assert str(ttl_graph.value(onto, OWL.versionIRI)).endswith("/" + version)
    assert str(ttl_graph.value(onto, OWL.versionInfo)) == version
    assert ttl_graph.value(onto, rdflib.URIRef(ns.DCTERMS + "title"))


@pytest.mark.parametrize("term", voc.TERMS, ids=lambda t: t.name)
def test_every_term_has_a_label_and_a_one_line_definition(ttl_graph, term):
    iri = rdflib.URIRef(term.iri)
    labels = list(ttl_graph.objects(iri, RDFS.label))
    definitions = list(ttl_graph.objects(iri, SKOS_DEFINITION))
    assert len(labels) == 1 and str(labels[0]).strip()
    assert len(definitions) == 1
    text = str(definitions[0])
    assert "\n" not in text and text.endswith((".", "…")) and len(text) > 15


def test_every_declared_medkg_term_is_in_the_vocabulary(ttl_graph):
    declared = {
        str(s) for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for s in ttl_graph.subjects(RDF.type, kind) if str(s).startswith(ns.VOCAB)
    }
    assert declared == {t.iri for t in voc.TERMS}


def test_owlready2_reads_every_term_with_its_kind_domain_and_range():
    world = owl.World()
    onto = world.get_ontology(OWL_FILE.as_uri()).load()
    kinds = {"class": owl.ThingClass, "object": owl.ObjectPropertyClass,
             "datatype": owl.DataPropertyClass}
    for t in voc.TERMS:
        entity = world[t.iri]
        assert entity is not None, t.name
        assert isinstance(entity, kinds[t.kind]), t.name
        if t.kind == "object" and isinstance(t.domain, str):
            assert [d.iri for d in entity.domain] == [ns.VOCAB + t.domain]
        if t.kind == "object" and t.range:
            assert [r.iri for r in entity.range] == [ns.VOCAB + t.range]
    policy_domain = world[voc.MKG.policy].domain[0]
    assert {c.iri for c in policy_domain.Classes} == {voc.MKG.HCPCSCode, voc.MKG.Drug}
    disjoint = [{c.iri for c in d.entities} for d in onto.disjoint_classes()]
    assert any({voc.MKG.Drug, voc.MKG.Code} <= group for group in disjoint)
    assert any({voc.MKG.HCPCSCode, voc.MKG.ICD10CMCode} <= group for group in disjoint)
    world.close()


@pytest.mark.parametrize(("child", "relation", "parent"), [
    ("Drug", RDFS.subClassOf, ns.SCHEMA + "Drug"),
    ("Condition", RDFS.subClassOf, ns.SCHEMA + "MedicalCondition"),
    ("Code", RDFS.subClassOf, ns.SKOS + "Concept"),
    ("Code", RDFS.subClassOf, ns.SCHEMA + "MedicalCode"),
    ("SourceDocument", RDFS.subClassOf, ns.PROV + "Entity"),
    ("Statement", RDFS.subClassOf, ns.PROV + "Entity"),
    ("BrandName", RDFS.subClassOf, ns.SCHEMA + "Brand"),
    ("Therapy", RDFS.subClassOf, ns.SCHEMA + "MedicalTherapy"),
    ("describesCode", RDFS.subPropertyOf, ns.SCHEMA + "about"),
    ("brand", RDFS.subPropertyOf, ns.SCHEMA + "brand"),
    ("payer", RDFS.subPropertyOf, ns.SCHEMA + "publisher"),
    ("mentionsPayer", RDFS.subPropertyOf, ns.SCHEMA + "mentions"),
])
def test_alignments_to_skos_prov_and_schema_org(ttl_graph, child, relation, parent):
    assert (MKG[child], relation, rdflib.URIRef(parent)) in ttl_graph


def test_every_alignment_is_explained_in_the_definition():
    prefixes = {base: p for p, base in ns.PREFIXES.items()}
    for t in voc.TERMS:
        for parent in t.parents:
            if parent.startswith(ns.VOCAB):
                continue
            base, local = split_iri(parent)
            assert f"{prefixes[base]}:{local}" in t.definition, f"{t.name} ⊑ {parent} unexplained"


def test_stated_and_inferred_links_are_two_separate_families(ttl_graph):
    def children(parent: str) -> set[str]:
        return {str(s) for s in ttl_graph.subjects(RDFS.subPropertyOf, MKG[parent])}

    stated, inferred = children("statedLink"), children("inferredLink")
    assert not stated & inferred
    assert {voc.MKG.drug, voc.MKG.indication, voc.MKG.relatedDiagnosis, voc.MKG.specialty} <= stated
    assert inferred == {voc.MKG.inferredCode, voc.MKG.inferredDrug, voc.MKG.inferredCondition}
    links = {t.iri for t in voc.TERMS if t.kind == "object"}
    # properties of findings and of link statements describe those nodes; they are not links
    qualifiers = {t.iri for t in voc.TERMS if t.kind == "object" and t.domain in ("Finding", "ConditionLink")}
    assert qualifiers == {voc.MKG.focusNode, voc.MKG.aboutStatement, voc.MKG.withinConcept}
    # links between official codes come from a release, neither stated nor inferred
    official = {str(s) for s in ttl_graph.subjects(RDFS.subPropertyOf, rdflib.URIRef(ns.SKOS + "related"))}
    assert official == {voc.MKG.rxnormBrand}
    assert links - stated - inferred - qualifiers - official == {voc.MKG.statedLink, voc.MKG.inferredLink}


def test_every_statement_has_a_source_in_owl(ttl_graph):
    restrictions = [
        r for r in ttl_graph.objects(MKG.Statement, RDFS.subClassOf)
        if (r, RDF.type, OWL.Restriction) in ttl_graph
    ]
    assert any(
        ttl_graph.value(r, OWL.onProperty) == rdflib.URIRef(voc.PROV_WAS_DERIVED_FROM)
        and ttl_graph.value(r, OWL.someValuesFrom) == MKG.SourceDocument
        for r in restrictions
    )


def test_readme_lists_every_term(artifacts):
    for t in voc.TERMS:
        assert f"| `mkg:{t.name}` | {t.label} |" in artifacts.readme
    assert f"Version IRI: `{ns.ontology_version_iri(package_version())}`" in artifacts.readme
    assert "| `shacl:HCPCSCode-notation` | Violation |" in artifacts.readme
