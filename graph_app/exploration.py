"""The part of the graph a person has opened around one node, grown a few neighbours at a time.

An Exploration starts from a node with its first neighbours and grows when a node is expanded:
each expansion reveals at most `step` (25) neighbours not shown yet, so a hub (a route every code
shares, an ICD-10-CM block) never floods the view, and says how many more there are. The state is
plain data (lists and dicts of strings) that a Streamlit session keeps across reruns; what to draw
is computed from it as a networkx view, filtered by link kind (stated, inferred, official).

Reading links and labels is left to the caller (`links_of`, `info_of`), so the app can cache
them and tests can count them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import pairwise

import networkx as nx

from graph_app.naming import expand, relation_name
from graph_app.nodeinfo import KIND_ORDER, NodeInfo, NodeLink
from graph_app.results import compact
from graph_app.runner import Runner
from graph_app.views import Connection, connections, neighbourhood

DEFAULT_STEP = 25
LinksOf = Callable[[str], list[NodeLink]]
InfoOf = Callable[[str], NodeInfo]
_RANK = {k: i for i, k in enumerate(KIND_ORDER)}


def neighbours(links: Iterable[NodeLink]) -> list[str]:
    """A node's neighbours in the order expansion reveals them: stated links first, then inferred,
    then official, grouped by relation."""
    best: dict[str, tuple[int, str, str]] = {}
    for lk in links:
        key = (_RANK.get(lk.kind, len(_RANK)), lk.relation, lk.other)
        if lk.other not in best or key < best[lk.other]:
            best[lk.other] = key
    return sorted(best, key=lambda n: best[n])


@dataclass
class Exploration:
    center: str
    nodes: list[str] = field(default_factory=list)
    paths: list[list[str]] = field(default_factory=list)  # "how is X connected to Y" answers drawn

    @classmethod
    def start(cls, center: str, links_of: LinksOf, step: int = DEFAULT_STEP) -> Exploration:
        exploration = cls(center, [center])
        exploration.expand(center, links_of, step)
        return exploration

    def expand(self, node: str, links_of: LinksOf, step: int = DEFAULT_STEP) -> list[str]:
        """Show up to `step` more neighbours of `node`; returns the nodes added."""
        if node not in self.nodes:
            self.nodes.append(node)
        shown = set(self.nodes)
        added = [n for n in neighbours(links_of(node)) if n not in shown][:max(step, 0)]
        self.nodes.extend(added)
        return added

    def remaining(self, node: str, links_of: LinksOf) -> int:
        """Neighbours of `node` not shown yet (what "more" would reveal)."""
        shown = set(self.nodes)
        return sum(1 for n in neighbours(links_of(node)) if n not in shown)

    def add_path(self, path: Iterable[str]) -> None:
        nodes = list(path)
        self.nodes.extend(n for n in nodes if n not in set(self.nodes))
        if nodes not in self.paths:
            self.paths.append(nodes)

    def to_state(self) -> dict[str, object]:
        return {"center": self.center, "nodes": list(self.nodes), "paths": [list(p) for p in self.paths]}

    @classmethod
    def from_state(cls, state: dict[str, object]) -> Exploration:
        return cls(str(state["center"]), list(state["nodes"]),  # type: ignore[call-overload]
                   [list(p) for p in state.get("paths", [])])  # type: ignore[attr-defined]

    def view(
        self, links_of: LinksOf, info_of: InfoOf, kinds: Iterable[str] = KIND_ORDER,
    ) -> nx.MultiDiGraph:
        """The shown nodes and every link between them of the wanted kinds.

        A node left with no link of those kinds is dropped, unless it is the centre or on a path;
        node attributes: label, notation, kind (class), center, on_path, more (hidden neighbours).
        """
        wanted = set(kinds)
        shown = set(self.nodes)
        on_path = {n for p in self.paths for n in p}
        edges: Counter[tuple[str, str, str, str]] = Counter()
        more: dict[str, int] = {}
        for node in self.nodes:
            links = links_of(node)
            more[node] = sum(1 for n in neighbours(links) if n not in shown)
            for lk in links:
                if lk.other in shown and lk.kind in wanted and lk.direction == "out":
                    edges[(node, lk.relation, lk.other, lk.kind)] += 1
        ends = {e[0] for e in edges} | {e[2] for e in edges}
        view = nx.MultiDiGraph(center=self.center)
        for node in self.nodes:
            if node not in ends and node != self.center and node not in on_path:
                continue
            info = info_of(node)
            view.add_node(node, label=info.label, notation=info.notation or "", kind=info.kind or "",
                          kind_label=info.kind_label, center=node == self.center, on_path=node in on_path,
                          more=more[node])
        for (source, relation, target, kind), count in sorted(edges.items()):
            view.add_edge(source, target, key=f"{compact(relation)} {kind}", relation=relation,
                          name=relation_name(relation), kind=kind, graphs=count,
                          on_path=_on_path(self.paths, source, target))
        return view


def _on_path(paths: list[list[str]], a: str, b: str) -> bool:
    return any({a, b} == {x, y} for p in paths for x, y in pairwise(p))


def connect(
    runner: Runner, a: str, b: str, *, hops: int = 2, max_nodes: int = 250, limit: int = 5,
) -> list[Connection]:
    """How is `a` connected to `b`: the shortest paths through both neighbourhoods (so paths up to
    2 x `hops` links long are found), at most `limit` of them, shortest first."""
    view = nx.compose(neighbourhood(runner, a, hops=hops, max_nodes=max_nodes),
                      neighbourhood(runner, b, hops=hops, max_nodes=max_nodes))
    return connections(view, a, b, limit=limit, max_hops=2 * hops)


def describe_path(connection: Connection, info_of: InfoOf) -> str:
    """J9039 —personnel role→ hematologist ←personnel role— J9229, with names people read."""
    parts = [info_of(connection.nodes[0]).display]
    for hop in connection.hops:
        arrows = " ".join(
            f"—{_name(link.relation)}→" if link.forward else f"←{_name(link.relation)}—" for link in hop.links
        )
        parts += [arrows, info_of(hop.target).display]
    return " ".join(parts)


def _name(compact_relation: str) -> str:
    return relation_name(expand(compact_relation))
