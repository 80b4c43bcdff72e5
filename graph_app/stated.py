"""Read back what a document states from its stored named graph.

Derivation works from the document graph, not from the file, so every document in the store can
be re-checked whenever a reference set is loaded, even when its file is long gone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

import pyoxigraph as ox

from ontology import namespaces as ns
from ontology.vocabulary import (
    DCTERMS_TITLE,
    MKG,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    SKOS_PREFLABEL,
)

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_ATTRS = {
    MKG.section: "section", MKG.quote: "quote", MKG.status: "status",
    MKG.statedCode: "stated_code", MKG.statedDescription: "stated_description",
    MKG.statedDescriptor: "stated_descriptor", MKG.statedText: "stated_text",
    MKG.doseUnit: "dose_unit",
}


@dataclass
class StatedFact:
    """One rdf:Statement of the document: the link it states and the row attributes it carries."""

    iri: str
    subject: str = ""
    predicate: str = ""
    object: str | None = None
    section: str = ""
    quote: str = ""
    line: int = 0
    status: str = "stated"
    stated_code: str | None = None
    stated_description: str | None = None
    stated_descriptor: str | None = None
    stated_text: str | None = None
    dose_amount: Decimal | None = None
    dose_unit: str | None = None

    @property
    def asserted(self) -> bool:
        return self.status == "stated"


@dataclass
class DocumentFacts:
    key: str
    document: str
    title: str = ""
    statements: list[StatedFact] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)  # node -> skos:prefLabel (minted nodes)
    triples: list[tuple[ox.NamedNode, ox.NamedNode, Term]] = field(default_factory=list)

    @property
    def placeholder(self) -> str:
        """The node standing for the page's code when the page states none."""
        return ns.document_iri(self.key) + "/code"

    def with_predicate(self, predicate: str) -> list[StatedFact]:
        return [s for s in self.statements if s.predicate == predicate]

    @property
    def states_a_code(self) -> bool:
        return bool(self.with_predicate(MKG.describesCode))


def document_facts(key: str, quads: Iterable[ox.Quad]) -> DocumentFacts:
    facts = DocumentFacts(key, ns.document_iri(key))
    statements: dict[str, StatedFact] = {}
    rows: list[tuple[str, str, str]] = []
    for q in quads:
        if not isinstance(q.subject, ox.NamedNode) or isinstance(q.object, ox.Triple):
            continue  # medkg writes neither blank-node subjects nor quoted triples
        facts.triples.append((q.subject, q.predicate, q.object))
        rows.append((q.subject.value, q.predicate.value, q.object.value))
    stmt_nodes = {s for s, p, o in rows if p == RDF_TYPE and o == MKG.Statement}
    for s, p, o in rows:
        if s in stmt_nodes:
            _set_attribute(statements.setdefault(s, StatedFact(s)), p, o)
        elif p == SKOS_PREFLABEL:
            facts.labels[s] = o
        elif p == DCTERMS_TITLE and s == facts.document:
            facts.title = o
    facts.statements = sorted(statements.values(), key=lambda st: st.iri)
    return facts


def _set_attribute(st: StatedFact, p: str, value: str) -> None:
    if p == RDF_SUBJECT:
        st.subject = value
    elif p == RDF_PREDICATE:
        st.predicate = value
    elif p == RDF_OBJECT:
        st.object = value
    elif p == MKG.doseAmount:
        st.dose_amount = Decimal(value)
    elif p == MKG.line:
        st.line = int(value)
    elif p in _ATTRS:
        setattr(st, _ATTRS[p], value)
