"""networkx views of the graph: things as nodes, links between them as edges.

A view is a `networkx.MultiDiGraph` whose nodes are IRIs with the attributes `label`, `kind` (the
node's class, compact: mkg:HCPCSCode) and `notation` (when it has one), and whose edges carry
`relation` (compact predicate: mkg:indication), `kind` (stated, inferred, official, other: which
kind of named graph holds the link) and `graphs` (how many graphs hold it; for a stated link, how
many documents state it). Reified statements and provenance records are not drawn: they are the
evidence for edges, not things.

Views are built through a Runner, so they work on the embedded store and on a remote endpoint.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice, pairwise

import networkx as nx

from graph_app.querylib import load_query
from graph_app.results import compact
from graph_app.runner import Runner, Term
from graph_app.selection import graph_kind
from ontology import namespaces as ns

EDGE_KINDS = {"documents": "stated", "derived": "inferred", "reference": "official"}
DEFAULT_HOPS = 2
DEFAULT_MAX_NODES = 250


def edge_kind(graph: str) -> str:
    return EDGE_KINDS.get(graph_kind(graph), "other")


def graph_view(runner: Runner) -> nx.MultiDiGraph:
    """The whole graph as one view (every link graph-edges finds, every node it touches)."""
    edges = Counter(
        (r["source"].value, r["relation"].value, r["target"].value, edge_kind(r["graph"].value))
        for r in load_query("graph-edges").run(runner).rows
    )
    nodes = {
        r["node"].value: _node_attributes(r)
        for r in load_query("graph-nodes").run(runner).rows
        if r["node"].type == "uri"
    }
    return _build(nodes, edges)


def neighbourhood(
    runner: Runner, node: str, *, hops: int = DEFAULT_HOPS, max_nodes: int = DEFAULT_MAX_NODES,
) -> nx.MultiDiGraph:
    """The nodes up to `hops` links away from `node` (either direction), at most `max_nodes`,
    and every link between them.

    Nodes are added breadth first, nearest first, in the order the links come; when the cap is
    reached the view is marked `truncated` and nodes past it are left out with their links.
    """
    query = load_query("node-edges")
    distance = {node: 0}
    edges: dict[tuple[str, str, str, str], set[str]] = {}
    frontier = [node]
    truncated = False
    for hop in range(1, hops + 2):  # the last round only adds links between nodes already in
        next_frontier = []
        for current in frontier:
            for r in query.run(runner, node=current).rows:
                other = r["other"].value
                if other not in distance:
                    if hop > hops or len(distance) >= max_nodes:
                        truncated = truncated or hop <= hops
                        continue
                    distance[other] = hop
                    next_frontier.append(other)
                source, target = (current, other) if r["direction"].value == "out" else (other, current)
                key = (source, r["relation"].value, target, edge_kind(r["graph"].value))
                edges.setdefault(key, set()).add(r["graph"].value)
        frontier = next_frontier
    summary = load_query("node-summary")
    nodes = {n: _node_attributes(summary.run(runner, node=n).rows[0]) for n in distance}
    view = _build(nodes, Counter({k: len(g) for k, g in edges.items()}))
    view.graph.update(center=node, hops=hops, truncated=truncated)
    for n, d in distance.items():
        view.nodes[n]["distance"] = d
    return view


def _node_attributes(row: dict[str, Term]) -> dict[str, str]:
    node = row["node"].value
    classes = sorted(set(row["classes"].value.split())) if "classes" in row else []
    attrs = {"label": _label(node, row), "kind": _kind(classes)}
    if "notation" in row:
        attrs["notation"] = row["notation"].value
    return attrs


def _label(node: str, row: dict[str, Term]) -> str:
    for column in ("label", "notation"):
        if column in row and row[column].value:
            return row[column].value
    return compact(node)


def _kind(classes: list[str]) -> str:
    """The most telling class: medkg's own (mkg:HCPCSCode) before general ones (skos:Concept)."""
    own = [c for c in classes if c.startswith(ns.VOCAB)]
    chosen = (own or classes or [""])[0]
    return compact(chosen) if chosen else "unknown"


def _build(nodes: dict[str, dict[str, str]], edges: Counter[tuple[str, str, str, str]]) -> nx.MultiDiGraph:
    """Nodes and edges added in sorted order, so the same graph gives the same view (and file)."""
    view = nx.MultiDiGraph()
    ends = {e[0] for e in edges} | {e[2] for e in edges}
    for n in sorted(ends | set(nodes)):
        view.add_node(n, **nodes.get(n, {"label": compact(n), "kind": "unknown"}))
    for (source, relation, target, kind), count in sorted(edges.items()):
        rel = compact(relation)
        view.add_edge(source, target, key=f"{rel} {kind}", relation=rel, kind=kind, graphs=count)
    return view


# ---- questions a view answers --------------------------------------------------------------------

@dataclass(frozen=True)
class Link:
    """One edge walked along a path; `forward` is False when walked against its direction."""

    relation: str
    kind: str
    forward: bool


@dataclass(frozen=True)
class Hop:
    source: str
    target: str
    links: tuple[Link, ...]  # every edge between the two nodes, in either direction


@dataclass(frozen=True)
class Connection:
    nodes: tuple[str, ...]
    hops: tuple[Hop, ...]

    def describe(self, view: nx.MultiDiGraph) -> str:
        """J9039 --mkg:drug--> blinatumomab <--mkg:policyFor-- … as one line."""
        parts = [view.nodes[self.nodes[0]].get("label", self.nodes[0])]
        for hop in self.hops:
            parts.append(" ".join(
                f"--{link.relation}-->" if link.forward else f"<--{link.relation}--" for link in hop.links
            ))
            parts.append(view.nodes[hop.target].get("label", hop.target))
        return " ".join(parts)


def connections(
    view: nx.MultiDiGraph, a: str, b: str, *, limit: int = 5, max_hops: int = 6,
) -> list[Connection]:
    """How is `a` connected to `b`: the shortest paths (links walked either way), at most `limit`.

    Paths come in a stable order, and only `limit` of them are ever enumerated: through a hub
    there can be millions."""
    for n in (a, b):
        if n not in view:
            raise KeyError(f"{compact(n)} is not in this view")
    # Built by hand rather than with to_undirected(as_view=True), whose neighbours come out of a
    # set union and so in another order in every process.
    undirected = nx.Graph()
    undirected.add_nodes_from(sorted(view))
    undirected.add_edges_from(sorted((u, v) for u, v in view.edges()))
    try:
        length = nx.shortest_path_length(undirected, a, b)
    except nx.NetworkXNoPath:
        return []
    if length > max_hops:
        return []
    paths = islice(nx.all_shortest_paths(undirected, a, b), limit)
    return [Connection(tuple(p), tuple(_hop(view, s, t) for s, t in pairwise(p))) for p in paths]


def _hop(view: nx.MultiDiGraph, source: str, target: str) -> Hop:
    forward = view.get_edge_data(source, target, default={}).values()
    backward = view.get_edge_data(target, source, default={}).values()
    links = {Link(d["relation"], d["kind"], True) for d in forward}
    links |= {Link(d["relation"], d["kind"], False) for d in backward}
    return Hop(source, target, tuple(sorted(links, key=lambda x: (x.relation, x.kind, not x.forward))))


@dataclass(frozen=True)
class NodeDegree:
    node: str
    label: str
    kind: str
    degree: int


def top_degrees(view: nx.MultiDiGraph, *, top: int = 10, kinds: Iterable[str] = ()) -> list[NodeDegree]:
    """The most connected nodes (links in and out), optionally of some kinds only (mkg:Drug …)."""
    wanted = set(kinds)
    rows = [
        NodeDegree(n, view.nodes[n].get("label", n), view.nodes[n].get("kind", ""), d)
        for n, d in view.degree()
        if not wanted or view.nodes[n].get("kind") in wanted
    ]
    return sorted(rows, key=lambda r: (-r.degree, r.node))[:top]


def find_nodes(view: nx.MultiDiGraph, text: str) -> list[str]:
    """Nodes a person may mean by `text`: an IRI, a compact IRI (hcpcs:J9039), a notation or a label."""
    wanted = text.strip()
    if wanted in view:
        return [wanted]
    folded = wanted.casefold()
    return sorted(
        n for n, d in view.nodes(data=True)
        if compact(n) == wanted or d.get("notation") == wanted or str(d.get("label", "")).casefold() == folded
    )
