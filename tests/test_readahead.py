"""Reading ahead in a worker process gives exactly what reading in-process gives, failures
included, and a worker that cannot start or goes away leaves the batch to be read here."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from graph_app import readahead
from graph_app.loader import ingest_paths
from graph_app.readahead import read_all
from ingest.registry import document_paths
from tests.broken_files import make_broken
from tests.conftest import EXAMPLES, FIXED_TIME


@pytest.fixture
def batch(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "batch"
    make_broken(folder)
    for page in EXAMPLES.glob("*.txt"):
        shutil.copy(page, folder)
    gone = folder / "gone.txt"
    gone.symlink_to(folder / "nowhere.txt")  # named, but unreadable: a dangling link
    return [*document_paths([folder]), gone]


def _summary(outcomes) -> list[tuple]:  # type: ignore[no-untyped-def]
    return [(o.path, o.record, o.failure) for o in outcomes]


def test_the_worker_reads_what_this_process_reads(batch, monkeypatch):
    monkeypatch.setattr(readahead, "CHUNK", 4)  # several requests in flight, answers in order
    answered = []
    real = readahead._receive
    monkeypatch.setattr(readahead, "_receive", lambda process: answered.append(1) or real(process))
    here = _summary(read_all(batch, worker=False))
    assert not answered
    there = _summary(read_all(batch, worker=True))
    assert len(answered) == -(-len(batch) // 4)  # one answer per chunk, from the worker
    assert there == here
    assert [p for p, _, _ in there] == batch
    failures = {p.name: f[0] for p, _, f in there if f}
    assert failures["gone.txt"] == "unreadable" and failures["binary.txt"] == "not-text"
    assert sum(r is not None for _, r, _ in there) == len(list(EXAMPLES.glob("*.txt")))


def test_a_worker_that_cannot_start_leaves_the_reading_here(batch, monkeypatch):
    monkeypatch.setattr(sys, "executable", str(Path(batch[0]).parent / "no-python"))
    assert _summary(read_all(batch, worker=True)) == _summary(read_all(batch, worker=False))


def test_a_worker_that_goes_away_leaves_the_rest_to_be_read_here(batch, monkeypatch):
    monkeypatch.setattr(readahead, "CHUNK", 3)
    calls = []
    real = readahead._receive

    def flaky(process):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) > 1:  # the worker dies after its first answer: no more answers come
            process.kill()
            process.wait()
            return None
        return real(process)

    monkeypatch.setattr(readahead, "_receive", flaky)
    assert _summary(read_all(batch, worker=True)) == _summary(read_all(batch, worker=False))
    assert len(calls) == 2, "after the worker is gone nothing more is asked of it"


def test_a_big_batch_is_ingested_through_the_worker(tmp_path, store, monkeypatch):
    started = []
    real = readahead._start
    monkeypatch.setattr(readahead, "_start", lambda: started.append(1) or real())
    monkeypatch.setattr(readahead, "READ_AHEAD_MIN", 3)
    report = ingest_paths(store, [EXAMPLES], now=FIXED_TIME)
    assert started and not report.failed
    assert len(report.stored) == len(list(EXAMPLES.glob("*.txt")))


def test_a_worker_dead_before_answering_leaves_the_reading_here(batch, monkeypatch):
    real = readahead._start

    def dead_on_arrival():  # type: ignore[no-untyped-def]
        process = real()
        process.kill()
        process.wait()
        return process

    monkeypatch.setattr(readahead, "_start", dead_on_arrival)
    assert _summary(read_all(batch, worker=True)) == _summary(read_all(batch, worker=False))


def test_requests_larger_than_a_pipe_do_not_deadlock(tmp_path, monkeypatch):
    """Each request here is larger than a pipe's buffer, and so is each answer: both processes must
    still make progress (requests are written by their own thread)."""
    import threading

    page = (EXAMPLES / "tocilizumab-J3262.txt").read_bytes()
    files = []
    for i in range(120):  # paths of about 2,500 characters, no two sharing a folder name
        folder = tmp_path.joinpath(*(f"{i:03d}-{part:02d}-" + "x" * 200 for part in range(12)))
        folder.mkdir(parents=True)
        files.append(folder / "page.txt")
        files[-1].write_bytes(page)
    monkeypatch.setattr(readahead, "CHUNK", 40)  # about 100 KB of paths per request
    outcomes: list = []
    reader = threading.Thread(target=lambda: outcomes.extend(read_all(files, worker=True)), daemon=True)
    reader.start()
    reader.join(timeout=120)
    assert not reader.is_alive(), "reading ahead is stuck"
    assert [o.path for o in outcomes] == files and all(o.record for o in outcomes)
