"""What to call a node and what kind of thing it is, and the links it has, read through a Runner.

Labels and classes are read node by node (queries/node-summary.rq) rather than joined onto a
list of links: the same label is stored once per document graph that mentions the node, and
oxigraph joins those copies into a cross product that costs more than one small query per node.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_app.naming import most_specific, term_label
from graph_app.querylib import load_query
from graph_app.results import compact
from graph_app.runner import Runner
from graph_app.selection import graph_kind

# Where a link or value comes from, by the kind of named graph that holds it.
SOURCE_KINDS = {"documents": "stated", "derived": "inferred", "reference": "official"}
KIND_ORDER = ("stated", "inferred", "official", "other")


def source_kind(graph: str) -> str:
    """stated, inferred, official or other: who says what a graph holds."""
    return SOURCE_KINDS.get(graph_kind(graph), "other")


@dataclass(frozen=True)
class NodeInfo:
    iri: str
    label: str
    notation: str | None
    classes: tuple[str, ...]

    @property
    def kind(self) -> str | None:
        """The most specific class (mkg:RxNormIngredient rather than mkg:Drug or skos:Concept)."""
        return most_specific(self.classes)

    @property
    def kind_label(self) -> str:
        return term_label(self.kind) if self.kind else "node"

    @property
    def display(self) -> str:
        """J9229 · Injection, inotuzumab ozogamicin, 0.1 mg: the code first, where there is one."""
        if self.notation and self.notation != self.label:
            return f"{self.notation} · {self.label}"
        return self.label


def node_info(runner: Runner, iri: str) -> NodeInfo:
    rows = load_query("node-summary").run(runner, node=iri).rows
    row = {k: t.value for k, t in rows[0].items()} if rows else {}
    label = row.get("label") or row.get("notation") or row.get("fileName") or compact(iri)
    classes = tuple(sorted(set(row.get("classes", "").split())))
    return NodeInfo(iri, label, row.get("notation") or None, classes)


def node_infos(runner: Runner, iris: Iterable[str]) -> dict[str, NodeInfo]:
    return {iri: node_info(runner, iri) for iri in dict.fromkeys(iris)}


@dataclass(frozen=True)
class NodeLink:
    """One link of a node as node-edges gives it: direction out when the node is the subject."""

    direction: str
    relation: str
    other: str
    graph: str

    @property
    def kind(self) -> str:
        return source_kind(self.graph)


def node_links(runner: Runner, iri: str) -> list[NodeLink]:
    return [
        NodeLink(r["direction"].value, r["relation"].value, r["other"].value, r["graph"].value)
        for r in load_query("node-edges").run(runner, node=iri).rows
    ]
