"""TriG: the selected named graphs kept apart, so every triple still says which document (or
reference set) it comes from. Graphs in IRI order, triples sorted within each, only the prefixes
used: deterministic like the Turtle export."""

from __future__ import annotations

from typing import BinaryIO

from graph_app.export.base import Written
from graph_app.export.rdf_text import TermWriter
from graph_app.export.turtle import triple_texts, write_block
from graph_app.selection import GraphSelection, graph_quads
from graph_app.store import GraphStore


def write_trig(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    terms = TermWriter()
    graphs = [
        (None if g is None else terms.iri(g), triple_texts(graph_quads(store, g), terms))
        for g in selection.members
    ]

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    write(terms.prefix_lines())
    count = 0
    for name, triples in graphs:
        if not triples:
            continue
        count += len(triples)
        write(f"\n{name or ''}{' ' if name else ''}{{\n")
        write_block(triples, write, indent="    ")
        write("}\n")
    return Written(count, "quads", f"in {sum(1 for _, t in graphs if t)} graphs")
