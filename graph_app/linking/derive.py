"""Condition links as inferred facts in a document's derived graph.

For each condition the document states as an indication: `<condition> mkg:inferredCondition
<icd>` to join on, and a mkg:ConditionLink statement carrying the evidence (the document, section,
quote and line of the indication, the text linked, method, score, matched label, reasons, the
release used) and `mkg:withinConcept` for the concept and each of its ancestors, so questions
about a concept reach links to its descendants with one lookup (bench/questions.py measured this
against a `skos:broader*` path). Called from graph_app.derive, so ingest and `medkg refdata load`
both refresh the links.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import pyoxigraph as ox

from graph_app.linking import linker_for
from graph_app.linking.linker import ConditionLinker
from graph_app.reference import ReferenceView
from graph_app.stated import DocumentFacts, StatedFact
from ontology import namespaces as ns
from ontology.vocabulary import (
    MKG,
    PROV_USED,
    PROV_WAS_DERIVED_FROM,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    XSD_DECIMAL,
    XSD_INTEGER,
)


def condition_link_quads(facts: DocumentFacts, ref: ReferenceView, graph: str) -> list[ox.Quad]:
    if "icd10cm" not in ref.releases:
        return []
    linker = linker_for(ref.runner)
    return link_quads(facts, linker, graph) if linker else []


def link_quads(facts: DocumentFacts, linker: ConditionLinker, graph: str) -> list[ox.Quad]:
    g = ox.NamedNode(graph)
    first: dict[str, StatedFact] = {}
    for st in facts.with_predicate(MKG.indication):
        if st.asserted and st.object and st.object not in first:
            first[st.object] = st
    out: list[ox.Quad] = []

    def q(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(s, ox.NamedNode(p), o, g))

    release = ox.NamedNode(linker.table.release.graph)
    for condition_iri, st in first.items():
        text = facts.labels.get(condition_iri)
        if not text:
            continue
        condition = ox.NamedNode(condition_iri)
        for link in linker.link(text).links:
            icd = ox.NamedNode(ns.ICD10CM.iri(link.code))
            digest = hashlib.sha1(f"{condition_iri}|inferredCondition|{link.code}".encode()).hexdigest()
            node = ox.NamedNode(f"{ns.ID}stmt/{facts.key}/{digest[:16]}")
            q(condition, MKG.inferredCondition, icd)
            q(node, RDF_TYPE, ox.NamedNode(MKG.Statement))
            q(node, RDF_TYPE, ox.NamedNode(MKG.ConditionLink))
            q(node, RDF_SUBJECT, condition)
            q(node, RDF_PREDICATE, ox.NamedNode(MKG.inferredCondition))
            q(node, RDF_OBJECT, icd)
            q(node, PROV_WAS_DERIVED_FROM, ox.NamedNode(facts.document))
            q(node, PROV_USED, release)
            q(node, MKG.section, ox.Literal(st.section))
            q(node, MKG.quote, ox.Literal(st.quote))
            q(node, MKG.line, ox.Literal(str(st.line), datatype=ox.NamedNode(XSD_INTEGER)))
            q(node, MKG.linkedText, ox.Literal(text))
            q(node, MKG.method, ox.Literal(linker.method))
            q(node, MKG.score, ox.Literal(format(Decimal(str(link.score)), "f"),
                                          datatype=ox.NamedNode(XSD_DECIMAL)))
            q(node, MKG.matchedLabel, ox.Literal(link.matched_label))
            for reason in link.reasons:
                q(node, MKG.reason, ox.Literal(reason))
            for concept in (link.code, *linker.table.ancestors(link.code)):
                q(node, MKG.withinConcept, ox.NamedNode(ns.ICD10CM.iri(concept)))
    return list(dict.fromkeys(out))
