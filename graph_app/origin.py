"""Where a finding comes from: the document, section and statement behind a node or a link.

A finding names a focus node; a person wants to know which document said it. For a statement
that is its prov:wasDerivedFrom and mkg:section; for a link, the statement that reifies it; for
any other node, the document graph its own triples are in, else the document of the first
statement that mentions it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph as ox

from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.vocabulary import MKG, PROV_WAS_DERIVED_FROM, RDF_OBJECT, RDF_PREDICATE, RDF_SUBJECT, RDF_TYPE

_TYPE, _SUBJECT, _PREDICATE, _OBJECT = (ox.NamedNode(i) for i in (RDF_TYPE, RDF_SUBJECT, RDF_PREDICATE,
                                                                   RDF_OBJECT))
_SOURCE, _SECTION = ox.NamedNode(PROV_WAS_DERIVED_FROM), ox.NamedNode(MKG.section)
_STATEMENT, _DOCUMENT = ox.NamedNode(MKG.Statement), ox.NamedNode(MKG.SourceDocument)
_GRAPH_PREFIXES = (ns.document_graph(""), ns.derived_graph(""))


@dataclass(frozen=True)
class Origin:
    document: str | None = None
    section: str | None = None
    statement: str | None = None


class Locator:
    def __init__(self, store: GraphStore):
        self.ox = store.ox

    def _first(self, s: ox.NamedNode, p: ox.NamedNode) -> str | None:
        values = sorted(str(q.object.value) for q in self.ox.quads_for_pattern(s, p, None, None)
                        if not isinstance(q.object, ox.Triple))
        return values[0] if values else None

    def _is(self, node: ox.NamedNode, cls: ox.NamedNode) -> bool:
        return any(True for _ in self.ox.quads_for_pattern(node, _TYPE, cls, None))

    def of_statement(self, statement: str) -> Origin:
        st = ox.NamedNode(statement)
        return Origin(self._first(st, _SOURCE), self._first(st, _SECTION), statement)

    def statement_for(self, s: str, p: str, o: str) -> str | None:
        """A statement that reifies the triple (s, p, o)."""
        subject, predicate = ox.NamedNode(s), ox.NamedNode(p)
        found = sorted(
            q.subject.value for q in self.ox.quads_for_pattern(None, _OBJECT, ox.NamedNode(o), None)
            if isinstance(q.subject, ox.NamedNode)
            and any(True for _ in self.ox.quads_for_pattern(q.subject, _SUBJECT, subject, None))
            and any(True for _ in self.ox.quads_for_pattern(q.subject, _PREDICATE, predicate, None))
        )
        return found[0] if found else None

    def of(self, focus: str, path: str | None = None, value: str | None = None) -> Origin:
        if not focus.startswith(("http://", "https://")):
            return Origin()
        node = ox.NamedNode(focus)
        if self._is(node, _STATEMENT):
            return self.of_statement(focus)
        if self._is(node, _DOCUMENT):
            return Origin(document=focus)
        if path and value and value.startswith(("http://", "https://")):
            statement = self.statement_for(focus, path, value)
            if statement:
                return self.of_statement(statement)
            link = (node, ox.NamedNode(path), ox.NamedNode(value))
            return Origin(document=self._document_graph_of(self.ox.quads_for_pattern(*link, None)))
        # A finding about a node rather than one link: its document, but no one section. A node
        # with triples of its own belongs where they are (a reference graph has no document).
        own = list(self.ox.quads_for_pattern(node, None, None, None))
        if own:
            return Origin(document=self._document_graph_of(own))
        for role in (_SUBJECT, _OBJECT):
            mentions = sorted(q.subject.value for q in self.ox.quads_for_pattern(None, role, node, None)
                              if isinstance(q.subject, ox.NamedNode))
            if mentions:
                return Origin(document=self.of_statement(mentions[0]).document)
        return Origin()

    @staticmethod
    def _document_graph_of(quads: Iterable[ox.Quad]) -> str | None:
        """The document whose stated or derived graph holds the first of these quads."""
        graphs = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
        for g in graphs:
            for prefix in _GRAPH_PREFIXES:
                if g.startswith(prefix):
                    return ns.document_iri(g[len(prefix):])
        return None
