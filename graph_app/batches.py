"""One graph as N-Triples in batches of whole lines, read from the store while the caller is busy
with the previous batch (sending it to a server).

pyoxigraph's dump streams its output through `write()` calls and lets other threads run while it
reads the store, so reading in a background thread overlaps the two slow halves of a push: the
store scan and the server's insert.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable, Iterator

import pyoxigraph as ox

from graph_app.store import GraphStore

Batch = tuple[bytes, int]  # N-Triples text and how many triples (lines) it holds
_QUEUED = 2  # batches read ahead; bounds memory to a few batches whatever the graph size


class _Cancelled(Exception):
    """Raised inside the dump when the consumer stopped early."""


class _Batcher:
    """A binary file for `Store.dump` that hands on every `size` complete lines."""

    def __init__(self, size: int, emit: Callable[[Batch], None], cancelled: threading.Event):
        self.size, self.emit, self.cancelled = size, emit, cancelled
        self.buffer = bytearray()
        self.lines = 0

    def write(self, data: bytes) -> int:
        if self.cancelled.is_set():
            raise _Cancelled
        self.buffer += data
        self.lines += data.count(b"\n")
        while self.lines >= self.size:
            cut = 0
            for _ in range(self.size):
                cut = self.buffer.index(b"\n", cut) + 1
            self.emit((bytes(self.buffer[:cut]), self.size))
            del self.buffer[:cut]
            self.lines -= self.size
        return len(data)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        if self.buffer:
            self.emit((bytes(self.buffer), self.lines))
            self.buffer.clear()


def ntriples_batches(store: GraphStore, graph: str | None, size: int) -> Iterator[Batch]:
    """The graph's triples as N-Triples, `size` lines per batch (the last one shorter)."""
    if size < 1:
        raise ValueError("a batch holds at least one triple")
    ready: queue.Queue[Batch | None] = queue.Queue(maxsize=_QUEUED)
    cancelled = threading.Event()
    failure: list[BaseException] = []

    def read() -> None:
        batcher = _Batcher(size, ready.put, cancelled)
        try:
            name = ox.DefaultGraph() if graph is None else ox.NamedNode(graph)
            store.ox.dump(batcher, format=ox.RdfFormat.N_TRIPLES, from_graph=name)  # type: ignore[arg-type]
            batcher.close()
        except _Cancelled:
            pass
        except BaseException as exc:  # handed over to the consuming thread, which raises it
            failure.append(exc)
        finally:
            ready.put(None)

    reader = threading.Thread(target=read, name="medkg-ntriples-reader", daemon=True)
    reader.start()
    try:
        while (batch := ready.get()) is not None:
            yield batch
    finally:
        cancelled.set()
        while reader.is_alive():  # unblock a reader waiting for room in the queue
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
    if failure and not isinstance(failure[0], _Cancelled):
        raise failure[0]
