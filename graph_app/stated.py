"""Read back what a document states from its stored named graph.

Derivation works from the document graph, not from the file, so every document in the store can
be re-checked whenever a reference set is loaded, even when its file is long gone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
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
# The StatedFact field each property of a statement fills, and how its value is read (None: as is).
# A lookup table, not a chain of comparisons: ingest reads every quad of every document here.
_FIELDS: dict[str, tuple[str, Callable[[str], object] | None]] = {
    RDF_SUBJECT: ("subject", None), RDF_PREDICATE: ("predicate", None), RDF_OBJECT: ("object", None),
    MKG.doseAmount: ("dose_amount", Decimal), MKG.line: ("line", int),
    **{p: (name, None) for p, name in _ATTRS.items()},
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
    quads: list[ox.Quad] = field(default_factory=list)

    @property
    def triples(self) -> list[tuple[ox.NamedNode, ox.NamedNode, Term]]:
        """The document's triples as terms (read only for the few pages whose code is inferred)."""
        return [(q.subject, q.predicate, q.object) for q in self.quads if _kept(q)]

    @property
    def placeholder(self) -> str:
        """The node standing for the page's code when the page states none."""
        return ns.document_iri(self.key) + "/code"

    def with_predicate(self, predicate: str) -> list[StatedFact]:
        return [s for s in self.statements if s.predicate == predicate]

    @property
    def states_a_code(self) -> bool:
        return bool(self.with_predicate(MKG.describesCode))


def _kept(q: ox.Quad) -> bool:
    # medkg writes neither blank-node subjects nor quoted triples
    return isinstance(q.subject, ox.NamedNode) and not isinstance(q.object, ox.Triple)


def document_facts(
    key: str, quads: Iterable[ox.Quad], rows: list[tuple[str, str, str]] | None = None
) -> DocumentFacts:
    """What a document states, from its quads; `rows`, the same triples as text, when the caller
    has them already (ingest: the graph builder keeps them), saves reading every term again."""
    facts = DocumentFacts(key, ns.document_iri(key), quads=list(quads))
    statements: dict[str, StatedFact] = {}
    if rows is None:
        rows = [(q.subject.value, q.predicate.value, q.object.value) for q in facts.quads if _kept(q)]
    stmt_nodes = {s for s, p, o in rows if p == RDF_TYPE and o == MKG.Statement}
    for s, p, o in rows:
        if s in stmt_nodes:
            st = statements.get(s)
            if st is None:
                st = statements[s] = StatedFact(s)
            field_ = _FIELDS.get(p)
            if field_ is not None:
                name, convert = field_
                setattr(st, name, convert(o) if convert else o)
        elif p == SKOS_PREFLABEL:
            facts.labels[s] = o
        elif p == DCTERMS_TITLE and s == facts.document:
            facts.title = o
    facts.statements = sorted(statements.values(), key=lambda st: st.iri)
    return facts
