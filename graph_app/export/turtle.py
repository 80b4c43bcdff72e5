"""Turtle: the selected graphs merged, each distinct triple once, sorted, with only the prefixes
it uses. The same graph gives the same bytes, and one fact sits on one line, so files diff well.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO

from graph_app.export.base import Written
from graph_app.export.rdf_text import TYPE_TOKEN, TermWriter
from graph_app.selection import GraphSelection, graph_ntriples
from graph_app.store import GraphStore


def ntriples_lines(store: GraphStore, graph: str | None) -> list[str]:
    # split("\n"), not splitlines(): literals may hold U+0085 or U+2028 raw, and those are no line ends
    lines = graph_ntriples(store, graph).decode("utf-8").split("\n")
    return lines[:-1] if lines and not lines[-1] else lines


def _subjects(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(subject, [(predicate, object)]) from sorted N-Triples lines, rdf:type first in each."""
    subject, pairs = "", list[tuple[str, str]]()
    for line in lines:
        s, p, rest = line.split(" ", 2)
        if s != subject:
            if pairs:
                yield subject, pairs
            subject, pairs = s, []
        pairs.append((p, rest[:-2]))  # drop the closing " ."
    if pairs:
        yield subject, pairs


def turtle_blocks(sorted_lines: Iterable[str], terms: TermWriter, indent: str = "") -> list[str]:
    """One Turtle statement per subject: a predicate-object per line, rdf:type first."""
    blocks = []
    token, predicate = terms.token, terms.predicate
    for s, pairs in _subjects(sorted_lines):
        if pairs[0][0] != TYPE_TOKEN and any(p == TYPE_TOKEN for p, _ in pairs):
            pairs = [x for x in pairs if x[0] == TYPE_TOKEN] + [x for x in pairs if x[0] != TYPE_TOKEN]
        text = [indent, token(s)]
        prev = None
        for p, o in pairs:
            if prev is None:
                text += [" ", predicate(p), " ", token(o)]
            elif p == prev:
                text += [" ,\n", indent, "        ", token(o)]
            else:
                text += [" ;\n", indent, "    ", predicate(p), " ", token(o)]
            prev = p
        text.append(" .\n")
        blocks.append("".join(text))
    return blocks


def write_text(out: BinaryIO, parts: Iterable[str]) -> None:
    for part in parts:
        out.write(part.encode("utf-8"))


def write_turtle(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    lines: set[str] = set()
    for graph in selection.members:
        lines.update(ntriples_lines(store, graph))
    terms = TermWriter()
    blocks = turtle_blocks(sorted(lines), terms)  # rendered first: the header lists what it used
    write_text(out, [terms.prefix_lines(), "\n" if blocks else "", "".join(blocks)])
    return Written(len(lines), "triples")
