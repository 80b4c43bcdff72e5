"""Readers for the official code sets, one module per set, registered by name.

Each reader module has NAME, LABEL, SOURCE_URL, DOWNLOADS (official file URLs, and which member
of a zip to keep), `release(path)`, `read(path) -> Iterator[record]` and
`to_quads(records, RefGraph)`. `build_reference_graph` reads a whole release (so a bad file fails
before anything is written) and gives the quads of its reference graph as a stream: at 800,000
quads for ICD-10-CM, a list of them would cost hundreds of MB.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from types import ModuleType

from pyoxigraph import Quad

from ingest.codesets import hcpcs, icd10cm, nucc, rxnorm
from ingest.codesets.common import CodeSetError, RefGraph, Release, release_quads

READERS: dict[str, ModuleType] = {m.NAME: m for m in (icd10cm, hcpcs, nucc, rxnorm)}


def reader(name: str) -> ModuleType:
    try:
        return READERS[name]
    except KeyError:
        raise KeyError(f"no code-set reader {name!r}; readers: {', '.join(READERS)}") from None


@dataclass
class ReferenceGraph:
    """A release read in full; its quads are built on demand, streamed rather than kept."""

    release: Release
    graph: str
    concepts: int
    metadata: list[Quad]  # what the graph says about its release: written last, as its seal
    _module: ModuleType
    _records: list[object]

    def quads(self) -> Iterator[Quad]:
        return self._module.to_quads(self._records, RefGraph(self.release.code_set))


def build_reference_graph(name: str, path: str | Path | None, loaded_at: datetime) -> ReferenceGraph:
    """Read one release completely (CodeSetError if it is bad) and describe its reference graph."""
    module = reader(name)
    if path is None and name != icd10cm.NAME:
        raise CodeSetError(name, f"{module.LABEL} needs a file; see `medkg refdata download`")
    records = list(module.read(path))
    if not records:
        raise CodeSetError(path or name, f"no {module.LABEL} records in the file")
    rel = module.release(path)
    rg = RefGraph(name)
    return ReferenceGraph(rel, rg.iri, len(records), release_quads(rg, rel, loaded_at, len(records)),
                          module, records)


__all__ = ["READERS", "CodeSetError", "ReferenceGraph", "build_reference_graph", "reader"]
