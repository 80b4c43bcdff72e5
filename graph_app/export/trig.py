"""TriG: the selected named graphs kept apart, so every triple still says which document (or
reference set) it comes from. Graphs in IRI order, triples sorted within each, only the prefixes
used: deterministic like the Turtle export."""

from __future__ import annotations

from typing import BinaryIO

from graph_app.export.base import Written, in_graphs
from graph_app.export.rdf_text import TermWriter
from graph_app.export.turtle import ntriples_lines, turtle_blocks, write_text
from graph_app.selection import GraphSelection
from graph_app.store import GraphStore


def write_trig(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    terms = TermWriter()
    body: list[str] = []
    count = graphs = 0
    for graph in selection.members:  # the default graph (None) first, then by IRI
        lines = sorted(set(ntriples_lines(store, graph)))
        if not lines:
            continue
        count += len(lines)
        graphs += 1
        body.append(f"\n{terms.iri(graph) + ' ' if graph else ''}{{\n")
        body.extend(turtle_blocks(lines, terms, indent="    "))
        body.append("}\n")
    write_text(out, [terms.prefix_lines(), *body])
    return Written(count, "quads", in_graphs(graphs))
