"""N-Triples: the selected graphs merged, one distinct triple per line, lines sorted."""

from __future__ import annotations

from typing import BinaryIO

from graph_app.export.base import CHUNK, Written
from graph_app.selection import GraphSelection
from graph_app.store import GraphStore


def write_ntriples(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    lines = sorted({f"{q.triple} .\n" for q in selection.quads(store)})
    for start in range(0, len(lines), CHUNK // 64):
        out.write("".join(lines[start:start + CHUNK // 64]).encode("utf-8"))
    return Written(len(lines), "triples")
