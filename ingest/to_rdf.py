"""Turn a DocumentRecord into the quads of the document's named graph.

Every stated link is written twice on purpose: as a plain triple (`J3262 mkg:modifier JW`) that
queries join on quickly, and as an rdf:Statement that reifies it with the document, section and
quote. Rows the document marks as excluded or not applicable get a statement with their status and
no plain triple, so the graph keeps what was said without asserting it. Statement IRIs are hashes
of what they state, so the same fact is never written twice and re-ingest is idempotent.

Quads are built directly as pyoxigraph terms: at thousands of documents this is the hot path, and
rdflib term objects cost several times more to build and then convert.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pyoxigraph import Literal, NamedNode, Quad

from ingest.records import CodeRow, DocumentRecord, Evidence, Mention, RowStatus
from ontology import namespaces as ns
from ontology.vocabulary import (
    DCTERMS_TITLE,
    MKG,
    PROV_ACTIVITY,
    PROV_ASSOCIATED,
    PROV_ENDED_AT,
    PROV_GENERATED_AT,
    PROV_SOFTWARE_AGENT,
    PROV_USED,
    PROV_WAS_DERIVED_FROM,
    PROV_WAS_GENERATED_BY,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_SUBJECT,
    RDF_TYPE,
    SCHEMA_VERSION,
    SKOS_NOTATION,
    SKOS_PREFLABEL,
    XSD_DATETIME,
    XSD_DECIMAL,
    XSD_INTEGER,
    term,
)

_ROW_LINKS = {
    "icd10cm": (MKG.relatedDiagnosis, MKG.ICD10CMCode),
    "cpt": (MKG.administrationCode, MKG.CPTCode),
    "hcpcs-modifier": (MKG.modifier, MKG.Modifier),
    "cpt-modifier": (MKG.modifier, MKG.Modifier),
    "nucc": (MKG.specialty, MKG.ProviderTaxonomyCode),
}

_N: dict[str, NamedNode] = {}


def _n(iri: str) -> NamedNode:
    node = _N.get(iri)
    if node is None:
        node = _N[iri] = NamedNode(iri)
    return node


def _lit(value: str | int | Decimal | datetime) -> Literal:
    if isinstance(value, bool):
        raise TypeError("booleans are not used in medkg literals")
    if isinstance(value, int):
        return Literal(str(value), datatype=_n(XSD_INTEGER))
    if isinstance(value, Decimal):
        return Literal(format(value, "f"), datatype=_n(XSD_DECIMAL))
    if isinstance(value, datetime):
        return Literal(value.isoformat().replace("+00:00", "Z"), datatype=_n(XSD_DATETIME))
    return Literal(value)


@dataclass(frozen=True)
class DocumentGraph:
    key: str
    graph: str
    sha256: str
    quads: list[Quad]
    # the same triples as (subject, predicate, object) text, as the builder had them: derivation
    # reads them without asking pyoxigraph for every term's value again
    rows: list[tuple[str, str, str]]


def placeholder_code(key: str) -> str:
    """The node that stands for 'the code this page describes' when the page states none."""
    return ns.placeholder_code_iri(key)


class _Builder:
    def __init__(self, key: str, graph: str, document: str):
        self.key = key
        self.g = _n(graph)
        self.doc = document
        self.quads: list[Quad] = []
        self.rows: list[tuple[str, str, str]] = []
        self._seen: set[tuple[str, str, str | Literal]] = set()

    def add(self, s: str, p: str, o: str | Literal) -> None:
        key = (s, p, o)  # an IRI string and a Literal never compare equal, so no clash
        if key not in self._seen:
            self._seen.add(key)
            if isinstance(o, Literal):
                self.quads.append(Quad(_n(s), _n(p), o, self.g))
                self.rows.append((s, p, o.value))
            else:
                self.quads.append(Quad(_n(s), _n(p), _n(o), self.g))
                self.rows.append((s, p, o))

    def entity(self, kind: str, label: str, cls: str) -> str:
        iri = ns.entity_iri(kind, label)
        self.add(iri, RDF_TYPE, cls)
        self.add(iri, SKOS_PREFLABEL, _lit(label))
        return iri

    def statement(
        self, s: str, p: str, o: str | None, ev: Evidence, *, assert_link: bool = True,
        **attrs: str | int | Decimal | None,
    ) -> str:
        st = ns.statement_iri(self.key, f"{s}|{p}|{o}|{ev.section}|{attrs.get('statedCode')}")
        if assert_link and o is not None:
            self.add(s, p, o)
        self.add(st, RDF_TYPE, MKG.Statement)
        self.add(st, RDF_SUBJECT, s)
        self.add(st, RDF_PREDICATE, p)
        if o is not None:
            self.add(st, RDF_OBJECT, o)
        self.add(st, PROV_WAS_DERIVED_FROM, self.doc)
        self.add(st, MKG.section, _lit(ev.section))
        self.add(st, MKG.quote, _lit(ev.quote))
        self.add(st, MKG.line, _lit(ev.line))
        for name, value in attrs.items():
            if value is not None and value != "":
                self.add(st, term(name), _lit(value))
        return st

    def mentions(self, s: str, p: str, kind: str, cls: str, items: tuple[Mention, ...]) -> None:
        for m in items:
            obj = self.entity(kind, m.label, cls)
            text = m.text if m.text != m.label else None
            self.statement(s, p, obj, m.evidence, statedText=text, frequency=m.qualifier)


def build_document_graph(
    record: DocumentRecord, *, ingested_at: datetime, tool_version: str
) -> DocumentGraph:
    key = record.source.key
    graph = ns.document_graph(key)
    doc = ns.document_iri(key)
    b = _Builder(key, graph, doc)
    _provenance(b, record, graph, doc, ingested_at, tool_version)

    if record.hcpcs_code:
        code = ns.HCPCS.iri(record.hcpcs_code)
        b.add(code, RDF_TYPE, MKG.HCPCSCode)
        b.add(code, SKOS_NOTATION, _lit(record.hcpcs_code))
        assert record.code_evidence is not None
        b.statement(doc, MKG.describesCode, code, record.code_evidence, statedCode=record.hcpcs_code)
    else:
        code = placeholder_code(key)
        b.add(code, RDF_TYPE, MKG.HCPCSCode)
        b.add(code, SKOS_PREFLABEL, _lit(f"code not stated: {record.title}"))

    drug = None
    if record.drug:
        drug = b.entity("drug", record.drug, MKG.Drug)
        b.add(doc, MKG.describesDrug, drug)
        d = record.descriptor
        ev = record.descriptor_evidence or Evidence("title", record.title, 1)
        b.statement(
            code, MKG.drug, drug, ev,
            statedDescriptor=d.text if d else None,
            doseAmount=d.dose.amount if d and d.dose else None,
            doseUnit=d.dose.unit if d and d.dose else None,
        )
        b.mentions(drug, MKG.indication, "condition", MKG.Condition, record.indications)
        b.mentions(drug, MKG.brand, "brand", MKG.BrandName, record.brands)
        b.mentions(drug, MKG.alternative, "therapy", MKG.Therapy, record.alternatives)
        b.mentions(drug, MKG.adverseEffect, "adverse-effect", MKG.AdverseEffect, record.risks)
    if record.descriptor:
        b.add(doc, MKG.statedDescriptor, _lit(record.descriptor.text))

    b.mentions(code, MKG.route, "route", MKG.Route, record.routes)
    b.mentions(code, MKG.careSetting, "setting", MKG.CareSetting, record.settings)
    b.mentions(code, MKG.role, "role", MKG.Role, record.roles)
    b.mentions(doc, MKG.mentionsPayer, "payer", MKG.Payer, record.payers)

    for policy in record.policies:
        p = b.entity("policy", policy.title, MKG.PayerPolicy)
        b.statement(code, MKG.policy, p, policy.evidence)
        if drug and policy.drug:
            b.statement(p, MKG.policyFor, drug, policy.evidence)
        if policy.payer:
            payer = b.entity("payer", policy.payer, MKG.Payer)
            b.statement(p, MKG.payer, payer, policy.evidence)

    for row in record.rows:
        _row(b, code, row)
    return DocumentGraph(key, graph, record.source.sha256, b.quads, b.rows)


def _row(b: _Builder, code: str, row: CodeRow) -> None:
    if row.status is RowStatus.DUPLICATE:
        return  # the first listing of the code already carries the statement
    prop, cls = _ROW_LINKS[row.system]
    system = ns.code_system(row.system)
    target = system.iri(row.code) if row.well_formed else None
    stated = row.status is RowStatus.STATED
    if target and stated:
        b.add(target, RDF_TYPE, cls)
        b.add(target, SKOS_NOTATION, _lit(row.code))
    b.statement(
        code, prop, target, row.evidence, assert_link=stated,
        status=row.status.value, statedCode=row.stated_code,
        statedDescription=row.description, note=row.note,
    )


def _provenance(
    b: _Builder, record: DocumentRecord, graph: str, doc: str, at: datetime, version: str
) -> None:
    activity = f"{ns.ID}ingest/{record.source.key}/{record.source.sha256[:16]}"
    b.add(doc, RDF_TYPE, MKG.SourceDocument)
    b.add(doc, MKG.fileName, _lit(record.source.file_name))
    b.add(doc, MKG.sha256, _lit(record.source.sha256))
    b.add(doc, MKG.genre, _lit(record.genre.value))
    b.add(doc, DCTERMS_TITLE, _lit(record.title))
    b.add(graph, PROV_WAS_DERIVED_FROM, doc)
    b.add(graph, PROV_WAS_GENERATED_BY, activity)
    b.add(graph, PROV_GENERATED_AT, _lit(at))
    b.add(activity, RDF_TYPE, PROV_ACTIVITY)
    b.add(activity, PROV_USED, doc)
    agent = f"{ns.AGENT}/{version}"
    b.add(activity, PROV_ASSOCIATED, agent)
    b.add(activity, PROV_ENDED_AT, _lit(at))
    b.add(agent, RDF_TYPE, PROV_SOFTWARE_AGENT)
    b.add(agent, SKOS_PREFLABEL, _lit(f"medkg {version}"))
    b.add(agent, SCHEMA_VERSION, _lit(version))
