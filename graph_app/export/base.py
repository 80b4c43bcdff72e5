"""What every export format module provides: a writer from selected graphs to a binary file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import BinaryIO

from graph_app.selection import GraphSelection
from graph_app.store import GraphStore


@dataclass(frozen=True)
class Written:
    """What a writer wrote: a count and its unit (triples, quads, nodes and edges)."""

    count: int
    unit: str
    detail: str = ""


Writer = Callable[[GraphStore, GraphSelection, BinaryIO], Written]

CHUNK = 1 << 16  # characters buffered before a write
