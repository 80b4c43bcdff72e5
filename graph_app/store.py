"""The embedded store: pyoxigraph on disk, one named graph per document.

Writes that replace documents go through a single SPARQL UPDATE, which oxigraph applies in one
transaction: a reader sees either the old graph of a document or the new one, never a mix, and a
failure leaves what was stored before.
"""

from __future__ import annotations

import itertools
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from graph_app.errors import StoreError, StoreLockedError
from ontology import namespaces as ns
from ontology.vocabulary import MKG

DEFAULT_STORE = ".medkg"
STORE_ENV = "MEDKG_STORE"

_DOC_GRAPH_PREFIX = ns.GRAPH + "doc/"
_DERIVED_GRAPH_PREFIX = ns.GRAPH + "derived/"
_REF_GRAPH_PREFIX = ns.GRAPH + "ref/"
_GENERATIONS = itertools.count(1)
_SHA256 = ox.NamedNode(MKG.sha256)


def default_store_path() -> Path:
    return Path(os.environ.get(STORE_ENV) or DEFAULT_STORE)


@dataclass
class GraphUpdate:
    """The new content of one document: its stated graph and, optionally, its derived graph."""

    key: str
    quads: list[ox.Quad]
    derived: list[ox.Quad] = field(default_factory=list)


@dataclass(frozen=True)
class GraphReplacement:
    """What replacing a large graph wrote: its size, quads added and removed, whether bulk-loaded."""

    total: int
    added: int
    removed: int
    bulk: bool


class DocumentSpool:
    """New documents on their way into the store, loaded together by the bulk loader.

    Each document's quads go to an N-Quads file as soon as it is built, and `load()` bulk-loads
    the file in one go: RocksDB's bulk loader needs about a third of the CPU per quad for a million
    quads that it needs for 80,000 (bench/run.py), and a file keeps memory flat where a list of a
    million quads would hold a gigabyte. The bulk loader is not atomic, so each document's
    completion mark (its mkg:sha256 triple) is written afterwards in one transaction. A document
    graph without its mark is incomplete: `repair()` drops it, and until then `document_hashes()`
    does not count it, so the next ingest rewrites it.
    """

    def __init__(self, store: GraphStore):
        self.store = store
        self.keys: list[str] = []
        self.quads = 0
        self._marks: list[ox.Quad] = []
        self._folder = tempfile.TemporaryDirectory(prefix="medkg-spool-")
        self._path = Path(self._folder.name) / "documents.nq"
        self._file = open(self._path, "wb")  # noqa: SIM115 (closed by load())

    def add(self, update: GraphUpdate) -> None:
        body: list[ox.Quad] = []
        for graph, quads in ((ox.NamedNode(ns.document_graph(update.key)), update.quads),
                             (ox.NamedNode(ns.derived_graph(update.key)), update.derived)):
            for q in quads:
                if q.graph_name != graph:
                    q = ox.Quad(q.subject, q.predicate, q.object, graph)
                if q.predicate == _SHA256:
                    self._marks.append(q)
                else:
                    body.append(q)
        ox.serialize(body, self._file, ox.RdfFormat.N_QUADS)
        self.keys.append(update.key)
        self.quads += len(body)

    def load(self) -> int:
        """Bulk-load what was spooled, then mark each document complete. Uses the spool up."""
        self._file.close()
        try:
            with self.store.writing():
                if self.quads:
                    self.store.ox.bulk_load(path=str(self._path), format=ox.RdfFormat.N_QUADS)
                self.store.ox.extend(self._marks)
        except BaseException:
            self.store.drop_documents(self.keys)
            raise
        finally:
            self._folder.cleanup()
        return self.quads + len(self._marks)


class _Counter:
    """Passes quads through, counting them (the bulk path streams them to a file)."""

    def __init__(self, quads: Iterable[ox.Quad]):
        self.quads = quads
        self.count = 0

    def __iter__(self) -> Iterator[ox.Quad]:
        for q in self.quads:
            self.count += 1
            yield q


class GraphStore:
    """A pyoxigraph store with the operations medkg needs. `path=None` keeps it in memory."""

    def __init__(self, path: str | Path | None = None):
        self.path = Path(path) if path is not None else None
        try:
            self.ox = ox.Store(str(self.path)) if self.path is not None else ox.Store()
        except OSError as exc:
            text = str(exc)
            if "lock" in text.lower():
                raise StoreLockedError(
                    f"the store at {self.path} is in use by another medkg process "
                    f"(is `medkg app` running on it?). Stop it, or use another --store."
                ) from None
            raise StoreError(f"cannot open the store at {self.path}: {text}") from None
        self.generation = next(_GENERATIONS)

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Around every write, counted even when it fails half-way. Caches of what the store holds
        key on `generation` instead of reading the store again: every write of medkg goes through
        this object, and pyoxigraph's lock keeps other processes out. Numbers are unique in the
        process, so a store closed and opened again never meets a key of its earlier contents."""
        try:
            yield
        finally:
            self.generation = next(_GENERATIONS)

    def extend(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads as they are (an in-memory part of a store, built for an export)."""
        with self.writing():
            self.ox.extend(quads)

    # ---- documents ----------------------------------------------------------------------

    def document_hashes(self) -> dict[str, str]:
        """sha256 of every stored document, by document key."""
        q = f"SELECT ?g ?sha WHERE {{ GRAPH ?g {{ ?d a <{MKG.SourceDocument}> ; <{MKG.sha256}> ?sha }} }}"
        out = {}
        for row in self.ox.query(q):
            g = row["g"].value
            if g.startswith(_DOC_GRAPH_PREFIX):
                out[g[len(_DOC_GRAPH_PREFIX):]] = row["sha"].value
        return out

    def drop_documents(self, keys: Iterable[str]) -> None:
        ops = [
            f"DROP SILENT GRAPH <{g}>"
            for k in keys for g in (ns.document_graph(k), ns.derived_graph(k))
        ]
        if ops:
            with self.writing():
                self.ox.update(" ;\n".join(ops))

    def repair(self) -> list[str]:
        """Drop document graphs left incomplete by an interrupted bulk load; return their keys."""
        complete = set(self.document_hashes())
        incomplete = set()
        for g in self.graph_names():
            for prefix in (_DOC_GRAPH_PREFIX, _DERIVED_GRAPH_PREFIX):
                if g.startswith(prefix) and g[len(prefix):] not in complete:
                    incomplete.add(g[len(prefix):])
        self.drop_documents(sorted(incomplete))
        return sorted(incomplete)

    def replace_documents(self, updates: Iterable[GraphUpdate]) -> int:
        """Replace each document's stated and derived graphs, all in one transaction."""
        graphs: dict[str, list[ox.Quad]] = {}
        for u in updates:
            graphs[ns.document_graph(u.key)] = u.quads
            graphs[ns.derived_graph(u.key)] = u.derived
        return self.replace_graphs(graphs) if graphs else 0

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> int:
        """Replace one named graph (a reference set, derived facts) atomically."""
        return self.replace_graphs({graph: list(quads)})

    def replace_graphs(self, graphs: dict[str, list[ox.Quad]]) -> int:
        """Drop and refill named graphs in a single SPARQL UPDATE, i.e. one transaction."""
        parts = [" ;\n".join(f"DROP SILENT GRAPH <{g}>" for g in graphs)]
        data = []
        for g, quads in graphs.items():
            if quads:
                data.append(f"GRAPH <{g}> {{\n")
                data.extend(f"{q.triple} .\n" for q in quads)
                data.append("}\n")
        if data:
            parts.append("INSERT DATA {\n" + "".join(data) + "}")
        with self.writing():
            self.ox.update(" ;\n".join(parts))
        return sum(len(q) for q in graphs.values())

    def document_quads(self, key: str) -> list[ox.Quad]:
        return list(self.ox.quads_for_pattern(None, None, None, ox.NamedNode(ns.document_graph(key))))

    # ---- whole store -----------------------------------------------------------------------

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def graphs_by_kind(self) -> dict[str, list[str]]:
        kinds: dict[str, list[str]] = {"documents": [], "derived": [], "reference": [], "other": []}
        for g in self.graph_names():
            if g.startswith(_DOC_GRAPH_PREFIX):
                kinds["documents"].append(g)
            elif g.startswith(_DERIVED_GRAPH_PREFIX):
                kinds["derived"].append(g)
            elif g.startswith(_REF_GRAPH_PREFIX):
                kinds["reference"].append(g)
            else:
                kinds["other"].append(g)
        return kinds

    def quads(self, graph: str | None = None) -> Iterator[ox.Quad]:
        g = ox.NamedNode(graph) if graph else None
        return self.ox.quads_for_pattern(None, None, None, g)

    def __len__(self) -> int:
        return len(self.ox)

    def flush(self) -> None:
        if self.path is not None:
            self.ox.flush()

    def close(self) -> None:
        self.flush()
        del self.ox

    # ---- reference graphs (official code sets) -------------------------------------------

    def replace_large_graph(
        self, graph: str, quads: Iterable[ox.Quad], seal: list[ox.Quad]
    ) -> GraphReplacement:
        """Replace a big named graph (a code-set release) quickly, never leaving it half-replaced.

        `seal` holds the quads that say the graph is complete (a release's description); readers
        trust a graph only once its seal is there. A graph not stored yet is bulk-loaded from
        N-Quads (about 2x faster than a transaction, bench/run.py) and
        sealed in a second, small transaction, so a crash mid-load leaves an unsealed graph that
        the next load repairs. A stored graph is changed by its difference only, in ONE
        transaction: a failure keeps the previous release exactly as it was. `quads` is read once.
        """
        g = ox.NamedNode(graph)
        if not self.ox.contains_named_graph(g):
            counter = _Counter(quads)
            with tempfile.TemporaryDirectory() as tmp, self.writing():
                nq = Path(tmp) / "graph.nq"
                ox.serialize(counter, str(nq), ox.RdfFormat.N_QUADS)
                self.ox.bulk_load(path=str(nq), format=ox.RdfFormat.N_QUADS)
                self.ox.extend(seal)
            total = counter.count + len(seal)
            return GraphReplacement(total=total, added=total, removed=0, bulk=True)
        wanted = {str(q.triple) for q in quads}
        wanted.update(str(q.triple) for q in seal)
        total = len(wanted)
        removed = []
        for q in self.ox.quads_for_pattern(None, None, None, g):
            line = str(q.triple)
            if line in wanted:
                wanted.discard(line)  # already stored: nothing to write
            else:
                removed.append(line)
        parts = []
        if removed:
            parts.append(f"DELETE DATA {{ GRAPH <{graph}> {{\n" + " .\n".join(removed) + " .\n} }")
        if wanted:
            parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n" + " .\n".join(wanted) + " .\n} }")
        if parts:
            with self.writing():
                self.ox.update(" ;\n".join(parts))
        return GraphReplacement(total=total, added=len(wanted), removed=len(removed), bulk=False)


def open_store(path: str | Path | None = None, *, must_exist: bool = False) -> GraphStore:
    p = Path(path) if path is not None else default_store_path()
    if must_exist and not p.exists():
        raise StoreError(
            f"no medkg store at {p}. Build one first: medkg ingest PATH... (or pass --store DIR)"
        )
    return GraphStore(p)
