"""What medkg infers from a document and the official sets, written to the document's derived graph.

- A page that states no code gets its code from the official HCPCS descriptors: the drug and
  billing-unit dose of its title against the drug and dose CMS's long descriptors name. The link
  is inferred (`<doc> mkg:inferredCode hcpcs:X`, with a statement carrying method and score), and
  every fact the page hangs on its placeholder code is repeated on the real code, so queries about
  hcpcs:X see the page's facts with their evidence.
- Drugs and brand names are matched to RxNorm concepts (skos:exactMatch); the RxNorm graph itself
  says which ingredient each brand belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import pyoxigraph as ox

from graph_app.reference import DrugCode, ReferenceView
from graph_app.stated import DocumentFacts
from ingest.descriptors import parse_descriptor
from ontology import namespaces as ns
from ontology.vocabulary import (
    MKG,
    PROV_WAS_DERIVED_FROM,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    SKOS_EXACTMATCH,
    SKOS_NOTATION,
    SKOS_PREFLABEL,
    XSD_DECIMAL,
    XSD_INTEGER,
)

EXACT, SAME_DRUG_AND_DOSE, SAME_DRUG = Decimal("1.0"), Decimal("0.9"), Decimal("0.6")
# Facts about the placeholder itself, not about the code it stands for.
_PLACEHOLDER_OWN = (RDF_TYPE, SKOS_PREFLABEL, MKG.drug)
_REIFICATION = (RDF_SUBJECT, RDF_PREDICATE, RDF_OBJECT)


@dataclass(frozen=True)
class CodeMatch:
    code: str
    descriptor: str  # the official long descriptor
    stated: str  # the page's descriptor (title)
    score: Decimal
    method: str


def infer_code(facts: DocumentFacts, ref: ReferenceView) -> CodeMatch | None:
    """The HCPCS code a page that states none is about, or None (no HCPCS release, no match)."""
    release = ref.releases.get("hcpcs")
    if facts.states_a_code or release is None:
        return None
    drug_st = next(iter(facts.with_predicate(MKG.drug)), None)
    stated = (drug_st.stated_descriptor if drug_st else None) or facts.title
    wanted = parse_descriptor(stated)
    if not wanted.drug:
        return None
    when = release.release_date

    def preference(c: DrugCode) -> tuple[bool, bool, bool, bool, str]:
        """Same dose first, then active on the release date, the same wording, J-codes, code."""
        terminated = bool(when and c.termination_date and c.termination_date < when)
        return (c.dose != wanted.dose, terminated, not _same_text(c.descriptor, stated),
                not c.code.startswith("J"), c.code)

    candidates = ref.drug_codes(wanted.drug)
    if not candidates:
        return None
    best = min(candidates, key=preference)
    if _same_text(best.descriptor, stated):
        score, how = EXACT, "the page title is the official descriptor"
    elif best.dose == wanted.dose:
        score, how = SAME_DRUG_AND_DOSE, "drug and billing-unit dose of the page title match"
    else:
        score, how = SAME_DRUG, "only the drug of the page title matches (the dose differs)"
    method = f"official HCPCS descriptor: {how} \"{best.descriptor}\" ({release.name})"
    return CodeMatch(best.code, best.descriptor, stated, score, method)


def _same_text(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def code_quads(facts: DocumentFacts, match: CodeMatch, graph: str) -> list[ox.Quad]:
    """The inferred link with its evidence, and the page's facts moved onto the real code."""
    g = ox.NamedNode(graph)
    code = ox.NamedNode(ns.HCPCS.iri(match.code))
    doc = ox.NamedNode(facts.document)
    placeholder = facts.placeholder
    st = ox.NamedNode(ns.statement_iri(facts.key, f"{facts.document}|inferredCode|{match.code}"))
    drug_st = next(iter(facts.with_predicate(MKG.drug)), None)

    def q(s: ox.NamedNode, p: str, o: ox.NamedNode | ox.Literal) -> ox.Quad:
        return ox.Quad(s, ox.NamedNode(p), o, g)

    out = [
        q(doc, MKG.inferredCode, code),
        q(code, RDF_TYPE, ox.NamedNode(MKG.HCPCSCode)),
        q(code, SKOS_NOTATION, ox.Literal(match.code)),
        q(st, RDF_TYPE, ox.NamedNode(MKG.Statement)),
        q(st, RDF_SUBJECT, doc),
        q(st, RDF_PREDICATE, ox.NamedNode(MKG.inferredCode)),
        q(st, RDF_OBJECT, code),
        q(st, PROV_WAS_DERIVED_FROM, doc),
        q(st, MKG.section, ox.Literal(drug_st.section if drug_st else "title")),
        q(st, MKG.quote, ox.Literal(match.stated)),
        q(st, MKG.line, ox.Literal(str(drug_st.line if drug_st else 1),
                                   datatype=ox.NamedNode(XSD_INTEGER))),
        q(st, MKG.method, ox.Literal(match.method)),
        q(st, MKG.score, ox.Literal(format(match.score, "f"), datatype=ox.NamedNode(XSD_DECIMAL))),
    ]
    if drug_st and drug_st.object:
        # the page's drug is the inferred code's drug on the same evidence, so the same method
        drug = ox.NamedNode(drug_st.object)
        drug_link = ox.NamedNode(ns.statement_iri(facts.key, f"{facts.document}|inferredDrug|{match.code}"))
        out.append(q(code, MKG.inferredDrug, drug))
        evidence = [ox.Quad(drug_link, x.predicate, x.object, g) for x in out
                    if x.subject == st and x.predicate.value not in _REIFICATION]
        label = facts.labels.get(drug.value)
        if label:  # in the statement's graph, where the library's queries read a value's label
            out.append(q(drug, SKOS_PREFLABEL, ox.Literal(label)))
        out += [*evidence, q(drug_link, RDF_SUBJECT, code),
                q(drug_link, RDF_PREDICATE, ox.NamedNode(MKG.inferredDrug)), q(drug_link, RDF_OBJECT, drug)]
    for s, p, o in facts.triples:
        if s.value == placeholder and p.value not in _PLACEHOLDER_OWN:
            out.append(ox.Quad(code, p, o, g))
        elif isinstance(o, ox.NamedNode) and o.value == placeholder:
            out.append(ox.Quad(s, p, code, g))
    return out


def rxnorm_quads(facts: DocumentFacts, ref: ReferenceView, graph: str) -> list[ox.Quad]:
    """skos:exactMatch from the document's drug and brand nodes to their RxNorm concepts."""
    if "rxnorm" not in ref.releases:
        return []
    index = ref.rxnorm()
    g = ox.NamedNode(graph)
    match = ox.NamedNode(SKOS_EXACTMATCH)
    out = []
    for predicate, table in ((MKG.drug, index.ingredients), (MKG.brand, index.brands)):
        for st in facts.with_predicate(predicate):
            label = facts.labels.get(st.object or "")
            concept = table.get(label.lower()) if label else None
            if concept and st.object:
                out.append(ox.Quad(ox.NamedNode(st.object), match,
                                   ox.NamedNode(ns.RXNORM.iri(concept.rxcui)), g))
    return list(dict.fromkeys(out))
