"""N-Triples: the selected graphs merged, one distinct triple per line, lines sorted."""

from __future__ import annotations

from typing import BinaryIO

from graph_app.export.base import Written
from graph_app.export.turtle import ntriples_lines, write_text
from graph_app.selection import GraphSelection
from graph_app.store import GraphStore


def write_ntriples(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    lines: set[str] = set()
    for graph in selection.members:
        lines.update(ntriples_lines(store, graph))
    ordered = sorted(lines)
    write_text(out, ["".join(line + "\n" for line in ordered)])
    return Written(len(ordered), "triples")
