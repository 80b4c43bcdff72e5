"""What to call a node and what kind of thing it is, and the links it has, read through a Runner.

Labels and classes are read node by node (queries/node-summary.rq) rather than joined onto a
list of links: the same label is stored once per document graph that mentions the node, and
oxigraph joins those copies into a cross product that costs more than one small query per node.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, TypeVar

from graph_app.naming import most_specific, term_label
from graph_app.querylib import library_query
from graph_app.results import compact
from graph_app.runner import Runner
from graph_app.selection import graph_kind

T = TypeVar("T")

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
    rows = library_query("node-summary").run(runner, node=iri).rows
    row = {k: t.value for k, t in rows[0].items()} if rows else {}
    label = row.get("label") or row.get("notation") or row.get("fileName") or compact(iri)
    classes = tuple(sorted(set(row.get("classes", "").split())))
    return NodeInfo(iri, label, row.get("notation") or None, classes)


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
        for r in library_query("node-edges").run(runner, node=iri).rows
    ]


class NodeCache:
    """Links and summaries of nodes, each read once and shared by every page and visitor.

    The explorer keeps one per graph for the life of the process: an embedded store cannot
    change while the app holds it open. A remote endpoint can, so `max_age` (seconds) empties the
    cache when it has grown that old. Returned lists are shared: callers must not change them.

    Many nodes are read in parallel (`infos`, `prefetch_links`): pyoxigraph lets go of the GIL
    while it evaluates a query, and a page needs one small query per neighbour (see the module
    docstring for why not one big one); with four threads that takes a third of the time.
    """

    WORKERS = 4

    def __init__(self, runner: Runner, *, max_age: float | None = None):
        self.runner = runner
        self.max_age = max_age
        self._links: dict[str, list[NodeLink]] = {}
        self._infos: dict[str, NodeInfo] = {}
        self._since = time.monotonic()
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None

    def _workers(self) -> ThreadPoolExecutor:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(self.WORKERS, thread_name_prefix="medkg-nodes")
            return self._pool

    def _map(self, read: Callable[[str], T], nodes: list[str]) -> list[T]:
        if len(nodes) < 2:
            return [read(n) for n in nodes]
        return list(self._workers().map(read, nodes))

    def submit(self, read: Callable[..., T], *args: Any, **kwargs: Any) -> Future[T]:
        """Start a read on the cache's threads (independent reads then run at the same time). A
        read must not call `infos` or `prefetch_links`: it would wait for the threads it holds."""
        return self._workers().submit(read, *args, **kwargs)

    def infos(self, nodes: Iterable[str]) -> dict[str, NodeInfo]:
        self._expire()
        cached = self._infos  # this dict, even if another thread expires the cache meanwhile
        wanted = list(dict.fromkeys(nodes))
        missing = [n for n in wanted if n not in cached]
        read = self._map(lambda n: node_info(self.runner, n), missing)
        for node, info in zip(missing, read, strict=True):
            cached[node] = info
        return {n: cached[n] for n in wanted}

    def prefetch_links(self, nodes: Iterable[str]) -> dict[str, list[NodeLink]]:
        self._expire()
        cached = self._links  # as in infos()
        wanted = list(dict.fromkeys(nodes))
        missing = [n for n in wanted if n not in cached]
        read = self._map(lambda n: node_links(self.runner, n), missing)
        for node, links in zip(missing, read, strict=True):
            cached[node] = links
        return {n: cached[n] for n in wanted}

    def _expire(self) -> None:
        if self.max_age is not None and time.monotonic() - self._since > self.max_age:
            with self._lock:
                self._links, self._infos, self._since = {}, {}, time.monotonic()

    def links(self, node: str) -> list[NodeLink]:
        return self.prefetch_links([node])[node]

    def info(self, node: str) -> NodeInfo:
        return self.infos([node])[node]
