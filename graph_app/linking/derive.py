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

from decimal import Decimal

import pyoxigraph as ox

from graph_app.linking.linker import ConditionLinker
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

_P = {name: ox.NamedNode(iri) for name, iri in (
    ("type", RDF_TYPE), ("subject", RDF_SUBJECT), ("predicate", RDF_PREDICATE),
    ("object", RDF_OBJECT), ("derivedFrom", PROV_WAS_DERIVED_FROM), ("used", PROV_USED),
    ("inferredCondition", MKG.inferredCondition), ("section", MKG.section), ("quote", MKG.quote),
    ("line", MKG.line), ("linkedText", MKG.linkedText), ("method", MKG.method),
    ("score", MKG.score), ("matchedLabel", MKG.matchedLabel), ("reason", MKG.reason),
    ("withinConcept", MKG.withinConcept),
)}
_XSD_INTEGER = ox.NamedNode(XSD_INTEGER)
_XSD_DECIMAL = ox.NamedNode(XSD_DECIMAL)


def link_quads(facts: DocumentFacts, linker: ConditionLinker, graph: str,
               memo: dict[str, list]) -> list[ox.Quad]:
    """The condition links of one document; `memo` keeps each text's links across documents."""
    g = ox.NamedNode(graph)
    first: dict[str, StatedFact] = {}
    for st in facts.with_predicate(MKG.indication):
        if st.asserted and st.object and st.object not in first:
            first[st.object] = st
    out: list[ox.Quad] = []
    document = ox.NamedNode(facts.document)
    for condition_iri, st in first.items():
        text = facts.labels.get(condition_iri)
        if not text:
            continue
        condition = ox.NamedNode(condition_iri)
        evidence = [(_P["section"], ox.Literal(st.section)), (_P["quote"], ox.Literal(st.quote)),
                    (_P["line"], ox.Literal(str(st.line), datatype=_XSD_INTEGER))]
        for code, icd, shared in _link_parts(linker, text, memo):
            node = ox.NamedNode(ns.statement_iri(facts.key, f"{condition_iri}|inferredCondition|{code}"))
            out.append(ox.Quad(condition, _P["inferredCondition"], icd, g))
            out.append(ox.Quad(node, _P["subject"], condition, g))
            out.append(ox.Quad(node, _P["derivedFrom"], document, g))
            out.extend(ox.Quad(node, p, o, g) for p, o in evidence)
            out.extend(ox.Quad(node, p, o, g) for p, o in shared)
    return list(dict.fromkeys(out))


def _link_parts(linker: ConditionLinker, text: str,
                memo: dict[str, list]) -> list[tuple[str, ox.NamedNode, list]]:
    """The links of a text with what their statements say whatever the document: built once per
    text and run (pages about a drug repeat its indications)."""
    if text in memo:
        return memo[text]
    release = ox.NamedNode(linker.table.release.graph)
    parts = []
    for link in linker.link(text).links:
        icd = ox.NamedNode(ns.ICD10CM.iri(link.code))
        shared = [
            (_P["type"], ox.NamedNode(MKG.Statement)),
            (_P["type"], ox.NamedNode(MKG.ConditionLink)),
            (_P["predicate"], _P["inferredCondition"]),
            (_P["object"], icd),
            (_P["used"], release),
            (_P["linkedText"], ox.Literal(text)),
            (_P["method"], ox.Literal(linker.method)),
            (_P["score"], ox.Literal(format(Decimal(str(link.score)), "f"), datatype=_XSD_DECIMAL)),
            (_P["matchedLabel"], ox.Literal(link.matched_label)),
            *((_P["reason"], ox.Literal(reason)) for reason in link.reasons),
            *((_P["withinConcept"], ox.NamedNode(ns.ICD10CM.iri(concept)))
              for concept in (link.code, *linker.table.ancestors(link.code))),
        ]
        parts.append((link.code, icd, shared))
    memo[text] = parts
    return parts
