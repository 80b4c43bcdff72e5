"""Read documents ahead of ingest in a second process.

Reading and parsing pages is about a fifth of ingest's Python time (bench/run.py profile at
10,000 documents) and needs nothing from the store, so a worker process reads the next pages while
this one builds, derives and hands graphs to the writer. The worker is `python -m
graph_app.readahead`, fed lists of paths on stdin and answering with their records on stdout: a
plain child process, which unlike multiprocessing neither forks this process (its open store and
threads) nor imports the caller's main script again. A small batch is read here, since starting
the worker costs more than it saves; so is the rest of a batch whose worker has gone away.
Requests stay a few chunks ahead of the answers, so memory stays flat for any batch size.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ingest.errors import IngestError
from ingest.records import DocumentRecord
from ingest.registry import read_document

READ_AHEAD_MIN = 200  # documents in a batch before a worker reads them
CHUNK = 32  # documents per request
CHUNKS_AHEAD = 4


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
    try:
        sent = 0
        for done, chunk in enumerate(chunks):
            while process is not None and sent < min(len(chunks), done + 1 + CHUNKS_AHEAD):
                process = _send(process, chunks[sent])
                sent += 1
            outcomes = _receive(process) if process is not None else None
            if outcomes is None:  # the worker is gone (killed, out of memory): read here
                process = _stop(process)
                outcomes = [read_one(p) for p in chunk]
            yield from outcomes
    finally:
        _stop(process)


def _start() -> subprocess.Popen[bytes] | None:
    try:
        return subprocess.Popen([sys.executable, "-m", "graph_app.readahead"],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    except OSError:
        return None


def _send(process: subprocess.Popen[bytes], chunk: list[Path]) -> subprocess.Popen[bytes] | None:
    try:
        assert process.stdin is not None
        pickle.dump(chunk, process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
        process.stdin.flush()
        return process
    except OSError:
        return _stop(process)


def _receive(process: subprocess.Popen[bytes]) -> list[ReadOutcome] | None:
    try:
        assert process.stdout is not None
        return pickle.load(process.stdout)  # noqa: S301 (our own child's answer)
    except (EOFError, OSError, pickle.UnpicklingError):
        return None


def _stop(process: subprocess.Popen[bytes] | None) -> None:
    if process is None:
        return None
    for pipe in (process.stdin, process.stdout):
        try:
            if pipe:
                pipe.close()
        except OSError:
            pass
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    return None


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
