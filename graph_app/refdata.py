"""Load official code-set releases into their reference graphs, then re-check every document.

Each set is read in full before anything is written, so a bad file (truncated, another layout,
a missing column) fails with its file and line and leaves the stored release of that set as it
was; the other sets of the same run still load. Once any set is loaded, every stored document is
re-derived against the new releases, so findings never describe a release that is gone.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from graph_app.derive import rederive_all
from graph_app.linking import linker_for
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore
from ingest.codesets import READERS, CodeSetError, Release, build_reference_graph


@dataclass(frozen=True)
class LoadedSet:
    name: str
    release: Release
    concepts: int
    quads: int
    added: int
    removed: int


@dataclass(frozen=True)
class FailedSet:
    name: str
    path: str
    reason: str

    def __str__(self) -> str:
        return self.reason


@dataclass
class RefdataReport:
    loaded: list[LoadedSet] = field(default_factory=list)
    failed: list[FailedSet] = field(default_factory=list)
    rederived: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def load_reference_sets(
    store: GraphStore,
    sources: dict[str, str | Path | None],
    *,
    now: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> RefdataReport:
    """Load each named set from its file (None: ICD-10-CM's packaged release), then re-derive."""
    report = RefdataReport()
    at = now or datetime.now(UTC).replace(microsecond=0)
    for name, path in sources.items():
        if name not in READERS:
            raise KeyError(f"no code-set reader {name!r}; readers: {', '.join(READERS)}")
        if progress:
            progress(f"reading {name}")
        try:
            ref = build_reference_graph(name, path, at)
        except CodeSetError as exc:
            report.failed.append(FailedSet(name, str(path), str(exc)))
            continue
        except OSError as exc:
            report.failed.append(FailedSet(name, str(path), f"{path}: {exc.strerror or exc}"))
            continue
        if progress:
            progress(f"writing {name}")
        try:
            change = store.replace_large_graph(ref.graph, ref.quads(), ref.metadata)
        except OSError as exc:  # the write is one transaction: nothing of it was stored
            report.failed.append(FailedSet(name, str(path), f"{path or name}: could not write the "
                                           f"{name} release ({exc}); the stored release is unchanged"))
            continue
        report.loaded.append(LoadedSet(name, ref.release, ref.concepts, change.total, change.added,
                                       change.removed))
    store.flush()
    if any(s.name == "icd10cm" for s in report.loaded):
        # The linking index is a function of the release alone: building it here, once, spares
        # every later ingest the 5-7 s it takes (bench/run.py).
        if progress:
            progress("indexing icd10cm")
        linker_for(EmbeddedRunner(store))
    if report.loaded:
        report.rederived = rederive_all(
            store, progress=(lambda key: progress(f"checking {key}")) if progress else None)
    return report
