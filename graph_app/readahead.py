"""Read documents ahead of ingest in a second process.

Reading and parsing pages is about a fifth of ingest's Python time (bench/run.py profile at
10,000 documents) and needs nothing from the store, so a worker process reads the next pages while
this one builds, derives and hands graphs to the writer. The worker is `python -m
graph_app.readahead`, fed lists of paths on stdin and answering with their records on stdout: a
plain child process, which unlike multiprocessing neither forks this process (its open store and
threads) nor imports the caller's main script again. A small batch is read here, since starting
the worker costs more than it saves; so is the rest of a batch whose worker has gone away.
A thread writes the requests, so neither process ever waits on the other's full pipe; the pipes'
buffers bound how far reading runs ahead, so memory stays flat for any batch size.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ingest.errors import IngestError
from ingest.records import DocumentRecord
from ingest.registry import read_document

READ_AHEAD_MIN = 200  # documents in a batch before a worker reads them
CHUNK = 32  # documents per request


@dataclass(frozen=True)
class ReadOutcome:
    """A page read into its record, or why it could not be (kind and reason, as the report says)."""

    path: Path
    record: DocumentRecord | None = None
    failure: tuple[str, str] | None = None


def read_one(path: Path) -> ReadOutcome:
    try:
        return ReadOutcome(path, record=read_document(path))
    except IngestError as exc:
        line = f" (line {exc.line})" if exc.line else ""
        return ReadOutcome(path, failure=(exc.kind, str(exc.reason) + line))
    except OSError as exc:
        return ReadOutcome(path, failure=("unreadable", exc.strerror or str(exc)))


def read_all(files: list[Path], *, worker: bool | None = None) -> Iterator[ReadOutcome]:
    """Every file's outcome, in order (`worker`: force the second process on or off)."""
    chunks = [files[i:i + CHUNK] for i in range(0, len(files), CHUNK)]
    use_worker = len(files) >= READ_AHEAD_MIN if worker is None else worker
    process = _start() if use_worker and sys.executable else None
    if process is None:
        yield from map(read_one, files)
        return
    feeder = threading.Thread(target=_send, args=(process, chunks), name="medkg-readahead", daemon=True)
    feeder.start()
    try:
        alive = True
        for chunk in chunks:
            outcomes = _receive(process) if alive else None
            if outcomes is None:  # the worker is gone (killed, out of memory): read here
                alive = False
                outcomes = [read_one(p) for p in chunk]
            yield from outcomes
    finally:
        _stop(process)
        feeder.join()


def _start() -> subprocess.Popen[bytes] | None:
    # the worker imports medkg from where this process does (a checkout need not be installed)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)}
    try:
        return subprocess.Popen([sys.executable, "-m", "graph_app.readahead"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
    except OSError:
        return None


def _send(process: subprocess.Popen[bytes], chunks: list[list[Path]]) -> None:
    """Write every request, then close stdin so the worker ends; stop if the worker has gone."""
    assert process.stdin is not None
    try:
        for chunk in chunks:
            pickle.dump(chunk, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            process.stdin.flush()
        process.stdin.close()
    except (OSError, ValueError):  # a broken pipe, or stdin closed by _stop meanwhile
        return


def _receive(process: subprocess.Popen[bytes]) -> list[ReadOutcome] | None:
    try:
        assert process.stdout is not None
        return pickle.load(process.stdout)  # noqa: S301 (our own child's answer)
    except Exception:  # noqa: BLE001 (whatever half an answer raises: the worker is gone)
        return None


def _stop(process: subprocess.Popen[bytes]) -> None:
    # stdout first: a worker blocked writing an answer then fails and exits, which frees the
    # request thread if it is blocked writing to the worker's stdin (closing that needs its lock)
    for pipe in (process.stdout, process.stdin):
        try:
            if pipe:
                pipe.close()
        except (OSError, ValueError):
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def serve(requests: IO[bytes], answers: IO[bytes]) -> None:
    """The worker: read each list of paths, answer with their outcomes, until stdin closes."""
    while True:
        try:
            chunk = pickle.load(requests)  # noqa: S301 (from the process that started us)
        except EOFError:
            return
        try:
            pickle.dump([read_one(p) for p in chunk], answers, protocol=pickle.HIGHEST_PROTOCOL)
            answers.flush()
        except BrokenPipeError:  # the ingest stopped early and closed its end
            return


if __name__ == "__main__":
    # through the imported module, so that answers pickle as graph_app.readahead.ReadOutcome
    from graph_app import readahead

    readahead.serve(sys.stdin.buffer, sys.stdout.buffer)
