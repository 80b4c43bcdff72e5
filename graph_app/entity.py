"""Everything the graph holds about one node, for its page in the explorer.

An Entity gathers a node's labels and codes, the official title next to the words documents use
for it, every link grouped by meaning (stated by a document, inferred by medkg, held by an official
code set), each link with its evidence (document, section, quote), and the data-quality findings
about it. It is read through a Runner, so it works on the embedded store and a remote endpoint.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from graph_app.findings import Finding
from graph_app.naming import relation_name, system_label, term_label
from graph_app.nodeinfo import KIND_ORDER, NodeCache, NodeInfo, NodeLink, source_kind
from graph_app.querylib import library_query
from graph_app.results import compact
from graph_app.runner import Runner, Term
from ontology.vocabulary import MKG, SKOS_PREFLABEL

ASSERTED = "stated"  # the row status of a statement whose plain triple is in the graph
MAX_LABELLED = 400  # neighbours labelled one query each; past this a hub shows compact IRIs


def _v(row: dict[str, Term], name: str) -> str | None:
    term = row.get(name)
    return term.value if term is not None else None


@dataclass(frozen=True)
class Evidence:
    """One statement a link rests on: where it was read, and what the row said."""

    statement: str
    document: str | None
    source: str | None  # the document's file name
    section: str | None
    quote: str | None
    line: int | None
    status: str  # stated, excluded, not-applicable (a document's own row status)
    method: str | None = None  # set when medkg inferred the fact
    score: str | None = None
    detail: str | None = None  # stated code and description, relevance note, dose, frequency

    @property
    def asserted(self) -> bool:
        return self.status == ASSERTED

    @property
    def where(self) -> str:
        parts = [self.source or (compact(self.document) if self.document else "")]
        if self.section:
            parts.append(self.section)
        if self.line:
            parts.append(f"line {self.line}")
        return " › ".join(p for p in parts if p)


@dataclass(frozen=True)
class Link:
    relation: str  # predicate IRI
    direction: str  # out: the entity is the subject; in: the object
    other: str
    other_label: str
    other_class: str | None
    kind: str  # stated, inferred, official, other
    graphs: int  # how many graphs of this kind hold it (for a stated link: how many documents)
    evidence: tuple[Evidence, ...] = ()
    asserted: bool = True  # False: only an excluded / not-applicable row, no plain triple

    @property
    def name(self) -> str:
        return relation_name(self.relation, self.direction)


@dataclass(frozen=True)
class Attribute:
    predicate: str
    value: str
    kind: str  # who gives the value: stated, inferred, official, other
    graph: str  # the named graph that holds it (a document's, a code-set release's)

    @property
    def name(self) -> str:
        return term_label(self.predicate)


@dataclass(frozen=True)
class DocumentText:
    """The words a document uses for the entity (a row's description, a page's title)."""

    text: str
    source: str | None
    section: str | None
    document: str | None
    statement: str | None


@dataclass
class Entity:
    info: NodeInfo  # the node's label, code and classes
    attributes: list[Attribute] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    document_texts: list[DocumentText] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def iri(self) -> str:
        return self.info.iri

    @property
    def label(self) -> str:
        return self.info.label

    @property
    def notation(self) -> str | None:
        return self.info.notation

    @property
    def exists(self) -> bool:
        return bool(self.info.classes or self.attributes or self.links)

    @property
    def system(self) -> str | None:
        return system_label(self.iri)

    @property
    def is_document(self) -> bool:
        return MKG.SourceDocument in self.info.classes

    @property
    def official_titles(self) -> list[str]:
        return sorted({a.value for a in self.official_title_attributes})

    @property
    def official_title_attributes(self) -> list[Attribute]:
        return [a for a in self.attributes if a.kind == "official" and a.predicate == SKOS_PREFLABEL]

    def texts_differing(self) -> list[DocumentText]:
        """Document wordings that are not the official title (case and spacing aside)."""
        official = {_fold(t) for t in self.official_titles}
        if not official:
            return []
        return [t for t in self.document_texts if _fold(t.text) not in official]

    def grouped_links(self) -> dict[str, dict[str, list[Link]]]:
        """kind (stated, inferred, official, other) -> relation name -> links, in a stable order."""
        out: dict[str, dict[str, list[Link]]] = {}
        for kind in KIND_ORDER:
            chosen = [lk for lk in self.links if lk.kind == kind]
            if not chosen:
                continue
            groups: dict[str, list[Link]] = {}
            for lk in sorted(chosen, key=lambda x: (x.name, not x.asserted, x.other_label.lower(), x.other)):
                groups.setdefault(lk.name, []).append(lk)
            out[kind] = groups
        return out

    def statements(self) -> set[str]:
        return {e.statement for lk in self.links for e in lk.evidence}


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def describe(
    runner: Runner, iri: str, findings: Iterable[Finding] = (), *, cache: NodeCache | None = None,
) -> Entity:
    """The page of one node: summary, attributes, links with evidence, document texts, findings.

    `findings` are the ones known (stored in the graph, or from a validation run); those about
    this node, one of its statements or (for a document) the document are kept. Node labels and
    links come through `cache` (the app's, shared by all pages), else are read for this call."""
    cache = cache or NodeCache(runner)
    # four independent reads at once
    attribute_rows = cache.submit(library_query("entity-attributes").run, runner, node=iri)
    evidence_rows_read = cache.submit(library_query("entity-evidence").run, runner, node=iri)
    links_read = cache.submit(cache.links, iri)
    info = cache.info(iri)
    attributes = [
        Attribute(r["property"].value, r["value"].value, source_kind(r["graph"].value), r["graph"].value)
        for r in attribute_rows.result().rows
    ]
    evidence_rows = evidence_rows_read.result().rows
    evidence = _evidence(evidence_rows)
    links = links_read.result()
    others = list(dict.fromkeys([lk.other for lk in links] + [k[2] for k in evidence]))
    infos = cache.infos(others[:MAX_LABELLED])
    entity = Entity(
        info=info,
        attributes=attributes,
        links=_links(links, evidence, infos),
        document_texts=_document_texts(evidence_rows),
    )
    entity.findings = findings_about(entity, findings)
    return entity


def findings_about(entity: Entity, findings: Iterable[Finding]) -> list[Finding]:
    statements = entity.statements()
    return [
        f for f in findings
        if f.focus == entity.iri or (f.statement and f.statement in statements)
        or (entity.is_document and f.document == entity.iri)
    ]


_PAGE_LINKS = {MKG.describesCode, MKG.inferredCode}


def _document_texts(rows: list[dict[str, Term]]) -> list[DocumentText]:
    """A row's description of the code, or the title of a page about it (its HCPCS descriptor)."""
    out: dict[tuple[str, str | None], DocumentText] = {}
    for r in rows:
        text = _v(r, "statedDescription") if r["direction"].value == "in" else None
        if r["direction"].value == "in" and r["relation"].value in _PAGE_LINKS:
            text = _v(r, "pageTitle")
        if text:
            out.setdefault((text, _v(r, "document")), DocumentText(
                text, _v(r, "source"), _v(r, "section"), _v(r, "document"), r["statement"].value))
    return sorted(out.values(), key=lambda t: (t.text, t.source or ""))


def _detail(r: dict[str, Term]) -> str | None:
    parts = []
    code, desc = _v(r, "statedCode"), _v(r, "statedDescription")
    if code or desc:
        parts.append(" ".join(p for p in (code, f"“{desc}”" if desc else None) if p))
    if _v(r, "doseAmount"):
        parts.append(f"{_v(r, 'doseAmount')} {_v(r, 'doseUnit')} per billing unit")
    for name in ("note", "frequency"):
        if _v(r, name):
            parts.append(str(_v(r, name)))
    return "; ".join(parts) or None


_EvidenceKey = tuple[str, str, str]  # direction, relation, other


def _evidence(rows: list[dict[str, Term]]) -> dict[_EvidenceKey, list[Evidence]]:
    out: dict[_EvidenceKey, list[Evidence]] = {}
    seen: set[tuple[_EvidenceKey, str]] = set()
    for r in rows:
        key = (r["direction"].value, r["relation"].value, r["other"].value)
        statement = r["statement"].value
        if (key, statement) in seen:  # a statement with two subjects (a placeholder and its code)
            continue
        seen.add((key, statement))
        line = _v(r, "line")
        out.setdefault(key, []).append(Evidence(
            statement=statement, document=_v(r, "document"), source=_v(r, "source"),
            section=_v(r, "section"), quote=_v(r, "quote"), line=int(line) if line else None,
            status=_v(r, "status") or ASSERTED, method=_v(r, "method"), score=_v(r, "score"),
            detail=_detail(r),
        ))
    return out


def _links(
    links: list[NodeLink], evidence: dict[_EvidenceKey, list[Evidence]], infos: dict[str, NodeInfo],
) -> list[Link]:
    graphs: dict[tuple[str, str, str, str], int] = {}
    for lk in links:
        key = (lk.direction, lk.relation, lk.other, lk.kind)
        graphs[key] = graphs.get(key, 0) + 1

    def link(d: str, rel: str, other: str, kind: str, count: int, items: list[Evidence]) -> Link:
        info = infos.get(other)
        return Link(relation=rel, direction=d, other=other,
                    other_label=info.display if info else compact(other),
                    other_class=info.kind if info else None, kind=kind, graphs=count,
                    evidence=tuple(items), asserted=count > 0 or any(e.asserted for e in items))

    out = [link(d, rel, other, kind, n, evidence.get((d, rel, other), []))
           for (d, rel, other, kind), n in graphs.items()]
    # Rows a document excludes have a statement but no plain triple: shown, never as asserted.
    linked = {(d, rel, other) for d, rel, other, _ in graphs}
    out += [link(d, rel, other, "stated", 0, items)
            for (d, rel, other), items in evidence.items() if (d, rel, other) not in linked]
    return out
