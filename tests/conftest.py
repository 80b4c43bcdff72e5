"""Shared fixtures. Tests that need ../shared skip with a reason when it is not there."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from graph_app.loader import ingest_paths
from graph_app.store import GraphStore

# Fixtures of the official code sets (issue 4) live in their own module.
pytest_plugins = ["tests.refdata_fixtures"]

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
REFERENCE = SHARED / "reference"
EXAMPLES = REPO / "examples"
DATA = Path(__file__).resolve().parent / "data"
FIXED_TIME = datetime(2026, 1, 1, tzinfo=UTC)


def need_shared(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is not here: the read-only ../shared folder beside the repo is absent")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need_shared(SEEDS)


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    return need_shared(REFERENCE)


def seed(name_prefix: str) -> Path:
    matches = sorted(need_shared(SEEDS).glob(f"{name_prefix}_*.txt"))
    assert matches, f"no seed document {name_prefix}_*.txt in {SEEDS}"
    return matches[0]


@pytest.fixture
def store(tmp_path: Path) -> GraphStore:
    return GraphStore(tmp_path / "store")


@pytest.fixture(scope="session")
def seed_store(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> GraphStore:
    """A store built from the five seed documents. Read-only for the tests that use it."""
    s = GraphStore(tmp_path_factory.mktemp("seed-store") / "store")
    report = ingest_paths(s, [seeds_dir], now=FIXED_TIME)
    assert not report.failed, report.failed
    return s
