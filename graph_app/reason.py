"""HermiT over the store: does the graph contradict the OWL ontology?

owlready2 (which runs HermiT) reads N-Triples but not named graphs, so the store's graphs are
merged into one N-Triples file; the ontology is written beside it the same way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
import rdflib

from graph_app.errors import ValidationError
from graph_app.findings import Finding
from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.reasoning import Consistency, ReasonerError, check_consistency

INCONSISTENT_KIND = "owl-inconsistent"


def write_ntriples(store: GraphStore, path: Path) -> int:
    """Every distinct triple of the store, all named graphs merged, as N-Triples."""
    triples = {q.triple for q in store.quads()}
    ox.serialize(triples, str(path), ox.RdfFormat.N_TRIPLES)
    return len(triples)


def store_consistency(store: GraphStore, ontology: rdflib.Graph) -> Consistency:
    with tempfile.TemporaryDirectory(prefix="medkg-reason-") as tmp:
        onto_file, data_file = Path(tmp) / "ontology.nt", Path(tmp) / "data.nt"
        ontology.serialize(onto_file, format="nt", encoding="utf-8")
        write_ntriples(store, data_file)
        try:
            return check_consistency([onto_file, data_file])
        except ReasonerError as exc:
            raise ValidationError(str(exc)) from None


def reasoner_findings(store: GraphStore, ontology: rdflib.Graph, add: Callable[[Finding], None]) -> int:
    result = store_consistency(store, ontology)
    if result.consistent:
        return 0
    add(Finding(
        severity="error", kind=INCONSISTENT_KIND, focus=ns.ONTOLOGY_IRI,
        message="HermiT finds the graph inconsistent with the ontology: some node belongs to two "
                "disjoint classes, directly or through a link's domain or range (e.g. a drug used "
                f"as a code). {result.explanation}".strip(),
    ))
    return 1
