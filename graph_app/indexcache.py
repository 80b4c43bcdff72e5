"""In-memory indexes built from the store, kept per process and persisted beside the store.

Reading the 98,505 ICD-10-CM titles and parents out of the store takes about 5 s
(bench/questions.py); loading the same index from its pickle takes a fraction of that, which is
what makes a one-shot `medkg link` or `medkg search` answer quickly. Every cached index carries
the key it was built for (which releases and documents were loaded), so a reloaded release or a
re-ingested document makes it stale and it is rebuilt; a cache that cannot be read is rebuilt too.

The files live in `<store>/medkg-cache/` (the store folder belongs to RocksDB, which ignores
files it does not know), so copying or deleting a store takes its caches along.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from graph_app.runner import Runner

T = TypeVar("T")
CACHE_FOLDER = "medkg-cache"
# Bump when an index class changes shape: older pickles are then rebuilt, never misread.
FORMAT = 6

_memory: dict[tuple[str, str], tuple[str, object]] = {}
_keys: dict[tuple[str, str], tuple[int, str]] = {}  # (store, index) -> (write generation, key)


def store_identity(runner: Runner) -> str:
    store = getattr(runner, "store", None)
    path = getattr(store, "path", None)
    if path is not None:
        return str(Path(path).resolve())
    return f"{runner.name}:{id(store if store is not None else runner)}"


def cache_dir(runner: Runner) -> Path | None:
    """Where a runner's store keeps its index files; None for in-memory and remote stores."""
    path = getattr(getattr(runner, "store", None), "path", None)
    return Path(path) / CACHE_FOLDER if path is not None else None


def fingerprint(*parts: object) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def cached(runner: Runner, name: str, key: str, build: Callable[[], T]) -> T:
    """The index `name` for `key`: from this process, else from disk, else built (and saved)."""
    slot = (store_identity(runner), name)
    held = _memory.get(slot)
    if held is not None and held[0] == key:
        return held[1]  # type: ignore[return-value]
    folder = cache_dir(runner)
    value = _read(folder / f"{name}.pickle", key) if folder else None
    if value is None:
        value = build()
        if folder:
            _write(folder / f"{name}.pickle", key, value)
    _memory[slot] = (key, value)
    return value  # type: ignore[return-value]


def key_per_write(runner: Runner, name: str, read_key: Callable[[], str]) -> str:
    """The key of index `name`, read again only after the store was written. Reading a key can
    grow with the store (every document's hash: 37 ms at 1,000 documents, bench/run.py); the
    embedded store counts its writes, an endpoint (which others may change) is asked every time."""
    generation = getattr(getattr(runner, "store", None), "generation", None)
    slot = (store_identity(runner), name)
    held = _keys.get(slot)
    if generation is not None and held and held[0] == generation:
        return held[1]
    key = read_key()
    if generation is not None:
        _keys[slot] = (generation, key)
    return key


def forget(runner: Runner | None = None) -> None:
    """Drop the in-process copies and keys (all, or those of one store); the files stay."""
    if runner is None:
        _memory.clear()
        _keys.clear()
        return
    ident = store_identity(runner)
    for table in (_memory, _keys):
        for slot in [s for s in table if s[0] == ident]:
            del table[slot]


def _read(path: Path, key: str) -> object | None:
    try:
        with open(path, "rb") as f:
            fmt, stored_key, value = pickle.load(f)
    except (OSError, EOFError, pickle.UnpicklingError, ValueError, TypeError, AttributeError,
            ImportError):
        return None  # absent, truncated or from another version: rebuild
    return value if fmt == FORMAT and stored_key == key else None


def _write(path: Path, key: str, value: object) -> None:
    """Write atomically (temp file + rename) so a reader never sees half a pickle."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    except OSError:
        return  # a read-only store still answers; it just rebuilds next time
    try:
        with os.fdopen(fd, "wb") as f:
            pickle.dump((FORMAT, key, value), f, protocol=pickle.HIGHEST_PROTOCOL)
        os.chmod(tmp, 0o644)  # readable like the store files beside it
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
