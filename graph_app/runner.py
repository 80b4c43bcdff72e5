"""One query runner, whatever the backend: the embedded store or a SPARQL 1.1 endpoint.

Results come back in one shape, the SPARQL 1.1 Query Results JSON model (a term is a type, a value
and a datatype or language), so every output format and every caller sees the same rows whichever
backend answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from graph_app.errors import QueryError
from graph_app.sparqltext import bind_with_values
from graph_app.store import GraphStore
from ontology.namespaces import XSD, sparql_prefix_header

XSD_STRING = XSD + "string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Term:
    """An RDF term as SPARQL results carry it."""

    type: str  # "uri" | "literal" | "bnode"
    value: str
    datatype: str | None = None
    lang: str | None = None

    @classmethod
    def uri(cls, value: str) -> Term:
        return cls("uri", value)

    @classmethod
    def literal(cls, value: str, datatype: str | None = None, lang: str | None = None) -> Term:
        if datatype == XSD_STRING or lang:
            datatype = None
        # Language tags compare case-insensitively; servers differ in the case they return.
        return cls("literal", value, datatype, lang.lower() if lang else None)

    def to_json(self) -> dict[str, str]:
        out = {"type": self.type, "value": self.value}
        if self.datatype:
            out["datatype"] = self.datatype
        if self.lang:
            out["xml:lang"] = self.lang
        return out

    @classmethod
    def from_json(cls, obj: dict[str, str]) -> Term:
        kind = obj["type"]
        if kind == "typed-literal":  # SPARQL XML-era servers still send this
            kind = "literal"
        if kind == "literal":
            return cls.literal(obj["value"], obj.get("datatype"), obj.get("xml:lang"))
        return cls(kind, obj["value"])

    def to_ox(self) -> ox.NamedNode | ox.Literal | ox.BlankNode:
        try:
            if self.type == "uri":
                return ox.NamedNode(self.value)
            if self.type == "bnode":
                return ox.BlankNode(self.value)
            if self.lang:
                return ox.Literal(self.value, language=self.lang)
            if self.datatype:
                return ox.Literal(self.value, datatype=ox.NamedNode(self.datatype))
            return ox.Literal(self.value)
        except ValueError as exc:  # an IRI or language tag pyoxigraph refuses
            raise QueryError(f"{self.value!r} is not a valid RDF {self.type}: {exc}") from None

    @classmethod
    def from_ox(cls, t: ox.NamedNode | ox.Literal | ox.BlankNode) -> Term:
        if isinstance(t, ox.NamedNode):
            return cls.uri(t.value)
        if isinstance(t, ox.BlankNode):
            return cls("bnode", t.value)
        if isinstance(t, ox.Literal):
            return cls.literal(t.value, t.datatype.value if t.datatype else None, t.language)
        raise QueryError(f"unsupported term in results: {t!r}")

    def n3(self) -> str:
        """The term in N-Triples syntax: how it is pasted into a VALUES block safely."""
        return str(self.to_ox())


@dataclass
class QueryResult:
    variables: list[str]
    rows: list[dict[str, Term]]

    def column(self, name: str) -> list[str]:
        return [r[name].value for r in self.rows if name in r]


class Runner(Protocol):
    """Anything that answers SELECT queries with bindings given as RDF terms."""

    name: str

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult: ...


def with_prefixes(query: str) -> str:
    """Every query gets the same prefix header (a query may still declare its own)."""
    return sparql_prefix_header() + query


class EmbeddedRunner:
    """Runs queries on the embedded pyoxigraph store, the union of all graphs as default graph."""

    name = "embedded"

    def __init__(self, store: GraphStore):
        self.store = store

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        variables, rows = self.solutions(query, bindings)
        return QueryResult(variables, list(rows))

    def solutions(
        self, query: str, bindings: dict[str, Term] | None = None,
    ) -> tuple[list[str], Iterator[dict[str, Term]]]:
        """The variables and a lazy iterator of rows: pyoxigraph computes rows as they are read,
        so a caller that wants only some of them (the explorer's row cap) stops early."""
        subs = None
        if bindings and any(t.type == "bnode" for t in bindings.values()):
            subs = {ox.Variable(k): v.to_ox() for k, v in bindings.items()}
        elif bindings:
            # A VALUES block, as on a remote endpoint: oxigraph plans the query from it, while a
            # substitution stays invisible to its planner, which then starts a point query by
            # reading a whole predicate (bench/run.py: `code` took 1 s on 200 documents).
            query = bind_with_values(query, bindings)
        # In this union default graph pyoxigraph 0.5 gives a triple once per named graph that holds
        # it, and node facts (labels, notations, links) are written by every document naming the
        # node: library queries read such facts in one graph or through a `+`/`?` path (set
        # semantics), never joined across all the copies (bench/run.py measured seconds for that).
        try:
            solutions = self.store.ox.query(
                with_prefixes(query), use_default_graph_as_union=True, substitutions=subs
            )
        except SyntaxError as exc:
            raise QueryError(f"the query is not valid SPARQL: {exc}") from None
        if not isinstance(solutions, ox.QuerySolutions):
            raise QueryError("only SELECT queries return rows; this query is ASK/CONSTRUCT/DESCRIBE")
        variables = [v.value for v in solutions.variables]

        def rows() -> Iterator[dict[str, Term]]:
            for sol in solutions:
                row = {}
                for v in variables:
                    t = sol[v]
                    if t is not None:
                        row[v] = Term.from_ox(t)
                yield row

        return variables, rows()
