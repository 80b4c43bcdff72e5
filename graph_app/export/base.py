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


def in_graphs(count: int) -> str:
    return f"in {count} graph{'' if count == 1 else 's'}"


Writer = Callable[[GraphStore, GraphSelection, BinaryIO], Written]
