"""Ingest a batch of documents into the store: read, build, skip the unchanged, replace the changed.

A file that cannot be read is reported with its reason and the batch goes on; nothing is written
for it, so what the store held before stays intact.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from graph_app.readahead import read_all
from graph_app.store import DocumentSpool, GraphStore, GraphUpdate
from ingest import __version__
from ingest.records import DocumentRecord, RowStatus
from ingest.registry import document_paths
from ingest.to_rdf import DocumentGraph, build_document_graph

# Changed documents per transaction: large enough to amortise the update, small enough to keep
# memory flat. New documents are bulk-loaded a million quads at a time (about 3,000 documents),
# and a batch in at least four loads, so that reading overlaps with writing. The loads shrink:
# the last one is the only one nothing overlaps, and the writer has time to spare on the others.
BATCH_SIZE = 250
SPOOL_QUADS = 1_000_000
SPOOL_MIN_DOCUMENTS = 500
SPOOL_SHARES = (0.4, 0.3, 0.2, 0.1)  # of the batch's documents, load by load

Deriver = Callable[[DocumentRecord, DocumentGraph], list[ox.Quad]]


@dataclass(frozen=True)
class Failure:
    path: str
    kind: str
    reason: str

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


@dataclass
class IngestReport:
    stored: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    triples: int = 0
    repaired: list[str] = field(default_factory=list)  # incomplete documents dropped first
    excluded_rows: int = 0
    duplicate_rows: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def ingest_paths(
    store: GraphStore,
    paths: Iterable[str | Path],
    *,
    derive: Deriver | None = None,
    progress: Callable[[Path], None] | None = None,
    now: datetime | None = None,
) -> IngestReport:
    """Ingest files and folders. Unchanged documents (same sha256) are skipped."""
    report = IngestReport()
    files = document_paths(list(paths))
    report.repaired = store.repair()
    stored_hashes = store.document_hashes()
    at = now or datetime.now(UTC).replace(microsecond=0)
    # Reading, building and deriving (Python) overlap with writing (pyoxigraph releases the GIL);
    # one write is in flight at a time.
    with _collector_paused(), ThreadPoolExecutor(max_workers=1) as writer:
        pending: list[Future[int]] = []

        def hand_over(write: Callable[[], int]) -> None:
            if pending:
                pending.pop().result()
            pending.append(writer.submit(write))

        spool, changed = DocumentSpool(store), list[GraphUpdate]()
        sizes = [max(SPOOL_MIN_DOCUMENTS, int(len(files) * share)) for share in SPOOL_SHARES]
        spool_documents = sizes.pop(0)
        for update in _updates(files, stored_hashes, report, at, derive, progress):
            if update.key in stored_hashes:
                changed.append(update)
                if len(changed) >= BATCH_SIZE:
                    hand_over(partial(store.replace_documents, changed))
                    changed = []
            else:
                spool.add(update)
                if spool.quads >= SPOOL_QUADS or len(spool.keys) >= spool_documents:
                    hand_over(spool.load)
                    spool = DocumentSpool(store)
                    spool_documents = sizes.pop(0) if sizes else spool_documents
        if changed:
            hand_over(partial(store.replace_documents, changed))
        hand_over(spool.load)
        pending.pop().result()
    store.flush()
    return report


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Ingest allocates millions of short-lived objects that reference counting frees; the cyclic
    collector's passes over them cost about a third of the CPU time (bench/run.py), so it waits."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _updates(
    files: list[Path],
    stored_hashes: dict[str, str],
    report: IngestReport,
    at: datetime,
    derive: Deriver | None,
    progress: Callable[[Path], None] | None,
) -> Iterator[GraphUpdate]:
    """Read, build and derive documents, recording failures in the report; yield what to store."""
    keys_in_run: dict[str, str] = {}
    for outcome in read_all(files):
        path, record = outcome.path, outcome.record
        if progress:
            progress(path)
        if record is None:
            assert outcome.failure is not None  # an outcome without a record says why
            report.failed.append(Failure(str(path), *outcome.failure))
            continue
        key = record.source.key
        if key in keys_in_run:
            report.failed.append(Failure(
                str(path), "duplicate-name",
                f"same document name as {keys_in_run[key]}; documents are identified by file name",
            ))
            continue
        keys_in_run[key] = str(path)
        if stored_hashes.get(key) == record.source.sha256:
            report.unchanged.append(str(path))
            continue
        graph = build_document_graph(record, ingested_at=at, tool_version=__version__)
        derived = derive(record, graph) if derive else []
        yield GraphUpdate(key, graph.quads, derived)
        report.stored.append(str(path))
        report.triples += len(graph.quads) + len(derived)
        report.excluded_rows += sum(
            r.status in (RowStatus.EXCLUDED, RowStatus.NOT_APPLICABLE) for r in record.rows
        )
        report.duplicate_rows += sum(r.status is RowStatus.DUPLICATE for r in record.rows)
        report.warnings.extend(f"{path}: {w}" for w in record.warnings)
