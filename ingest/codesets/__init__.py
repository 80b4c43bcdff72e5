"""Readers for the official code sets, one module per set, registered by name.

Each reader module has NAME, LABEL, SOURCE_URL, DOWNLOADS (official file URLs, and which member
of a zip to keep), `release(path)`, `read(path) -> Iterator[record]` and
`to_quads(records, RefGraph)`. `build_reference_graph` reads a whole release (so a bad file fails
before anything is written) and returns the quads of its reference graph.
"""

from __future__ import annotations

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
    """A release read in full: the quads of its concepts and, apart, those describing the release."""

    release: Release
    graph: str
    concepts: int
    quads: list[Quad]
    metadata: list[Quad]


def build_reference_graph(name: str, path: str | Path | None, loaded_at: datetime) -> ReferenceGraph:
    """Read one release completely and build its reference graph; CodeSetError if it is bad."""
    module = reader(name)
    if path is None and name != icd10cm.NAME:
        raise CodeSetError(name, f"{module.LABEL} needs a file; see `medkg refdata download`")
    records = list(module.read(path))
    if not records:
        raise CodeSetError(path or name, f"no {module.LABEL} records in the file")
    rel = module.release(path)
    rg = RefGraph(name)
    quads = list(module.to_quads(records, rg))
    return ReferenceGraph(rel, rg.iri, len(records), quads,
                          release_quads(rg, rel, loaded_at, len(records)))


__all__ = ["READERS", "CodeSetError", "ReferenceGraph", "build_reference_graph", "reader"]
