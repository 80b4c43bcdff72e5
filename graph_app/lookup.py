"""Find the nodes a person means by what they type: a code (J9229, c91.00, hcpcs:J9229, an IRI)
or words ("lymphoblastic", "tocilizumab", "hematology", "Aetna").

A code that is in the graph comes first; words go to the label index (graph_app.search, which
walks word prefixes in memory rather than scanning labels). Each hit can say which HCPCS codes it
leads to (queries/entity-codes.rq), so a condition found by its words is one click from its codes.
"""

from __future__ import annotations

from dataclasses import dataclass

from graph_app.naming import expand, most_specific, term_label
from graph_app.nodeinfo import node_info
from graph_app.querylib import library_query
from graph_app.runner import Runner
from graph_app.search import LabelEntry, label_index
from ontology.namespaces import CODE_SYSTEMS, normalize_code, system_of_iri

DEFAULT_LIMIT = 12
_KIND_NAMES = {"brand": "brand name", "policy": "payer policy"}
_IRI = ("http://", "https://", "urn:")


@dataclass(frozen=True)
class Hit(LabelEntry):
    """A label-index entry as the explorer shows it: `kind` is what a person calls it
    ("HCPCS Level II", "drug", "condition")."""

    SEPARATOR = " · "


@dataclass(frozen=True)
class CodeLink:
    """An HCPCS code a hit leads to, and how (drug, indication, brand, related diagnosis …)."""

    iri: str
    notation: str
    via: str


def kind_name(kind: str) -> str:
    """The label index's kind keys (hcpcs, drug, policy …) as people say them."""
    if kind in CODE_SYSTEMS:
        return CODE_SYSTEMS[kind].label
    return _KIND_NAMES.get(kind, kind)


def candidate_iris(text: str) -> list[str]:
    """The IRIs a code-like text can denote: itself as an IRI, a compact IRI, or a code of any
    system whose pattern it fits (96413 is a CPT code and could be an RxCUI)."""
    wanted = text.strip()
    if not wanted or " " in wanted:
        return []
    if wanted.startswith(_IRI):
        return [wanted]
    out = []
    if ":" in wanted:
        full = expand(wanted)
        if full != wanted:
            out.append(full)
    for system in CODE_SYSTEMS.values():
        code = normalize_code(system, wanted)
        if system.is_well_formed(code):
            out.append(system.iri(code))
    return list(dict.fromkeys(out))


def code_hits(runner: Runner, text: str) -> list[Hit]:
    """The nodes in the graph a code-like text names exactly."""
    hits = []
    for iri in candidate_iris(text):
        info = node_info(runner, iri)
        if not info.classes:
            continue
        system = system_of_iri(iri)
        kind = system[0].label if system else term_label(most_specific(info.classes) or "")
        hits.append(Hit(iri, kind, info.label, info.notation))
    return hits


def word_hits(runner: Runner, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    return [Hit(e.iri, kind_name(e.kind), e.label, e.notation)
            for e in label_index(runner).search(text, limit=limit)]


def search(runner: Runner, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Exact codes first, then label matches, each node once, at most `limit`."""
    if not text.strip():
        return []
    out: dict[str, Hit] = {}
    for hit in code_hits(runner, text) + word_hits(runner, text, limit):
        out.setdefault(hit.iri, hit)
    return list(out.values())[:limit]


def codes_for(runner: Runner, iri: str) -> list[CodeLink]:
    """The HCPCS codes a node leads to (none for a node that is itself a code)."""
    seen: dict[str, CodeLink] = {}
    for r in library_query("entity-codes").run(runner, node=iri).rows:
        code = r["code"].value
        if code != iri:
            seen.setdefault(code, CodeLink(code, r["notation"].value, r["via"].value))
    return list(seen.values())
