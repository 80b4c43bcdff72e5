"""The naive counterparts every benchmark compares against: the linking scorer reading every
label, label search scanning every label, and rdflib's SPARQL engine behind medkg's Runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from graph_app.linking.lexical import LabelMatch, LexicalIndex
from graph_app.linking.text import Analysis
from graph_app.runner import QueryResult, Term, with_prefixes
from graph_app.search import LabelIndex, surface_words
from graph_app.store import GraphStore


class FullScanIndex(LexicalIndex):
    """The same scorer without the inverted index: every label scored for every phrase."""

    method = "lexical-idf (full scan)"

    @classmethod
    def like(cls, index: LexicalIndex) -> FullScanIndex:
        full = cls.__new__(cls)
        full.__dict__.update(index.__dict__)
        return full

    def match(self, analysis: Analysis, limit: int = 10) -> list[LabelMatch]:
        weights = self.query_weights(analysis)
        if not weights:
            return []
        total = sum(weights.values())
        best: dict[str, tuple[float, int]] = {}
        for lid, ws in enumerate(self.words):
            covered = sum(weights.get(w, 0.0) for w in ws)
            if covered:
                score = self._score(lid, analysis, weights, covered / total)
                code = self.codes[lid]
                if code not in best or score > best[code][0]:
                    best[code] = (score, lid)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return [self._label_match(lid, score, analysis, weights) for _, (score, lid) in ranked]


def label_scan(index: LabelIndex) -> Callable[[str], list]:
    """Label search without the index: every label's words tested against the prefix."""
    words = [(e, surface_words(e.label)) for e in index.entries]

    def scan(text: str) -> list:
        tokens = surface_words(text)
        return [e for e, ws in words if all(any(w.startswith(t) for w in ws) for t in tokens)][:20]

    return scan


class RdflibRunner:
    """The same Runner protocol over rdflib (in memory), on the same quads."""

    name = "rdflib"

    def __init__(self, store: GraphStore, dataset: object):
        self.store = store  # so the cached indexes are shared: only the engine differs
        self.dataset = dataset

    @classmethod
    def copy_of(cls, store: GraphStore, nq: Path) -> RdflibRunner:
        """An rdflib Dataset holding the store's quads (written to `nq` on the way)."""
        import rdflib

        dataset = rdflib.Dataset(default_union=True)
        ox.serialize(store.ox.quads_for_pattern(None, None, None, None), str(nq), ox.RdfFormat.N_QUADS)
        dataset.parse(str(nq), format="nquads")
        return cls(store, dataset)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        import rdflib

        init = {k: rdflib_term(v) for k, v in (bindings or {}).items()}
        res = self.dataset.query(with_prefixes(query), initBindings=init)  # type: ignore[attr-defined]
        variables = [str(v) for v in res.vars]
        rows = []
        for sol in res:
            row = {}
            for v in variables:
                t = sol[v]
                if t is None:
                    continue
                if isinstance(t, rdflib.URIRef):
                    row[v] = Term.uri(str(t))
                elif isinstance(t, rdflib.Literal):
                    row[v] = Term.literal(str(t), str(t.datatype) if t.datatype else None, t.language)
                else:
                    row[v] = Term("bnode", str(t))
            rows.append(row)
        return QueryResult(variables, rows)


def rdflib_term(term: Term):  # type: ignore[no-untyped-def]
    """A bound parameter as rdflib's engine takes it."""
    import rdflib

    if term.type == "uri":
        return rdflib.URIRef(term.value)
    if term.lang:
        return rdflib.Literal(term.value, lang=term.lang)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype) if term.datatype else None)
