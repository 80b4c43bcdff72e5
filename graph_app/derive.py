"""Derivation: what medkg adds to a document's derived graph from the official code sets.

For one document: the code of a page that states none, RxNorm matches of its drug and brands,
a Finding for every stated code, description or brand that disagrees with the loaded releases,
and the ICD-10-CM links of its stated indications (graph_app.linking).
It reads only the document's stored graph, so the same function serves ingest (the loader's
`derive` hook) and `medkg refdata load`, which re-derives every stored document against the
releases it has just loaded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pyoxigraph as ox

from graph_app.codetruth import check_document
from graph_app.inference import code_quads, infer_code, rxnorm_quads
from graph_app.linking import linker_for
from graph_app.linking.derive import link_quads
from graph_app.linking.linker import ConditionLinker
from graph_app.reference import ReferenceView
from graph_app.runner import EmbeddedRunner
from graph_app.stated import DocumentFacts, document_facts
from graph_app.store import GraphStore
from ingest.records import DocumentRecord
from ingest.to_rdf import DocumentGraph
from ontology import namespaces as ns

# Derived graphs per transaction when re-deriving the whole store.
REDERIVE_BATCH = 250


class RunLinks:
    """Condition links (issue 5) for one derivation run: an ingest or a `refdata load`.

    Pages about the same drug repeat its indications, and linking a phrase costs milliseconds
    (bench/run.py), so the run links each distinct indication text once.
    """

    def __init__(self, ref: ReferenceView):
        self.ref = ref
        self._linker: ConditionLinker | None = None
        self._texts: dict[str, list] = {}  # a text's links as statement parts, for this run

    def quads(self, facts: DocumentFacts, graph: str) -> list[ox.Quad]:
        if "icd10cm" not in self.ref.releases:
            return []
        if self._linker is None:
            self._linker = linker_for(self.ref.runner)
            if self._linker is None:
                return []
        return link_quads(facts, self._linker, graph, memo=self._texts)


def derive_document(
    key: str, quads: Iterable[ox.Quad], ref: ReferenceView, links: RunLinks,
    rows: list[tuple[str, str, str]] | None = None,
) -> list[ox.Quad]:
    """The quads of one document's derived graph (`links`: the run's condition links; `rows`: the
    quads as text, when the caller has them)."""
    facts = document_facts(key, quads, rows)
    graph = ns.derived_graph(key)
    out: list[ox.Quad] = []
    match = infer_code(facts, ref)
    if match:
        out.extend(code_quads(facts, match, graph))
    out.extend(rxnorm_quads(facts, ref, graph))
    for finding in check_document(facts, ref, match):
        out.extend(finding.quads(graph))
    out.extend(links.quads(facts, graph))  # issue 5: indications -> ICD-10-CM
    return list(dict.fromkeys(out))


class Deriver:
    """The loader's `derive` hook, bound to one store's reference sets for one ingest run."""

    def __init__(self, store: GraphStore):
        self.ref = ReferenceView(EmbeddedRunner(store))
        self.links = RunLinks(self.ref)

    def __call__(self, record: DocumentRecord, graph: DocumentGraph) -> list[ox.Quad]:
        return derive_document(graph.key, graph.quads, self.ref, self.links, graph.rows)


def rederive_all(store: GraphStore, progress: Callable[[str], None] | None = None) -> int:
    """Re-derive every stored document from its stored graph; returns how many documents."""
    ref = ReferenceView(EmbeddedRunner(store))
    links = RunLinks(ref)
    keys = sorted(store.document_hashes())
    batch: dict[str, list[ox.Quad]] = {}
    for key in keys:
        if progress:
            progress(key)
        batch[ns.derived_graph(key)] = derive_document(key, store.document_quads(key), ref, links)
        if len(batch) >= REDERIVE_BATCH:
            store.replace_graphs(batch)
            batch = {}
    if batch:
        store.replace_graphs(batch)
    store.flush()
    return len(keys)
