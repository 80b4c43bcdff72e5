"""Write the graph to a file in a format other tools read.

One module per format, registered in WRITERS; an unknown format is refused with the list of the
valid ones. Files are written to a temporary name beside the target and renamed when complete, so
a failed export never leaves a half-written file where a good one was.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from graph_app.errors import ExportError
from graph_app.export.base import Writer, Written
from graph_app.export.graphml import write_graphml
from graph_app.export.jsonld import write_jsonld
from graph_app.export.ntriples import write_ntriples
from graph_app.export.trig import write_trig
from graph_app.export.turtle import write_turtle
from graph_app.selection import select_graphs
from graph_app.store import GraphStore

WRITERS: dict[str, Writer] = {
    "turtle": write_turtle,
    "trig": write_trig,
    "nt": write_ntriples,
    "jsonld": write_jsonld,
    "graphml": write_graphml,
}
EXPORT_FORMATS = tuple(WRITERS)


@dataclass(frozen=True)
class ExportReport:
    format: str
    output: Path
    graphs: int
    written: Written

    def summary(self) -> str:
        detail = f" {self.written.detail}" if self.written.detail else ""
        return f"wrote {self.written.count:,} {self.written.unit}{detail} to {self.output} ({self.format})"


def export_graph(store: GraphStore, fmt: str, output: str | Path, graph: str = "all") -> ExportReport:
    writer = WRITERS.get(fmt)
    if writer is None:
        raise ExportError(f"unknown export format {fmt!r}; formats: {', '.join(EXPORT_FORMATS)}")
    selection = select_graphs(store, graph)
    target = Path(output)
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("wb") as out:
            written = writer(store, selection, out)
        os.replace(partial, target)
    except OSError as exc:
        raise ExportError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        partial.unlink(missing_ok=True)  # gone already when the export succeeded
    return ExportReport(fmt, target, len(selection.members), written)
