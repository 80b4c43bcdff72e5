"""Turtle: the selected graphs merged, each distinct triple once, sorted, with only the prefixes
it uses. The same graph gives the same bytes, and one fact sits on one line, so files diff well.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import BinaryIO

import pyoxigraph as ox

from graph_app.export.base import CHUNK, Written
from graph_app.export.rdf_text import TermWriter
from graph_app.selection import GraphSelection
from graph_app.store import GraphStore

TripleText = tuple[str, str, str]


def triple_texts(quads: Iterable[ox.Quad], terms: TermWriter) -> set[TripleText]:
    term, predicate = terms.term, terms.predicate
    return {(term(q.subject), predicate(q.predicate), term(q.object)) for q in quads}


def _order(t: TripleText) -> tuple[str, bool, str, str]:
    return t[0], t[1] != "a", t[1], t[2]  # rdf:type first in each subject's block


def write_block(triples: Iterable[TripleText], write: Callable[[str], object], indent: str = "") -> None:
    """Sorted triples as Turtle statements: one subject per block, one predicate-object per line."""
    parts: list[str] = []
    size = 0
    prev_s = prev_p = None
    for s, p, o in sorted(triples, key=_order):
        if s != prev_s:
            piece = f"{' .' + chr(10) if prev_s is not None else ''}{indent}{s} {p} {o}"
        elif p != prev_p:
            piece = f" ;\n{indent}    {p} {o}"
        else:
            piece = f" ,\n{indent}        {o}"
        prev_s, prev_p = s, p
        parts.append(piece)
        size += len(piece)
        if size > CHUNK:
            write("".join(parts))
            parts, size = [], 0
    if prev_s is not None:
        parts.append(" .\n")
    write("".join(parts))


def write_turtle(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    terms = TermWriter()
    triples = triple_texts(selection.quads(store), terms)

    def write(text: str) -> None:
        out.write(text.encode("utf-8"))

    write(terms.prefix_lines())
    if triples:
        write("\n")
    write_block(triples, write)
    return Written(len(triples), "triples")
