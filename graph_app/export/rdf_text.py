"""RDF terms as Turtle and TriG text: compact names where a known prefix fits, and a record of
the prefixes actually used, so a file declares those and no others.

Written by hand rather than with pyoxigraph's serializer because that one declares every prefix
it is given, in an order of its own, and writes `a` and bare numbers for rdf:type and xsd
literals it then still declares prefixes for.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ontology.namespaces import PREFIXES, RDF, XSD

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"

# PN_LOCAL of Turtle 1.1 without escapes (ASCII only; anything else gets written as a full IRI).
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_:]([A-Za-z0-9_:.\-]*[A-Za-z0-9_:\-])?|")
_ESCAPABLE = set("_~.-!$&'()*+,;=/?#@%")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
_STRING_ESCAPES = {
    **{i: f"\\u{i:04X}" for i in range(0x20)}, 0x7F: "\\u007F",
    ord("\\"): "\\\\", ord('"'): '\\"', ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
    ord("\b"): "\\b", ord("\f"): "\\f",
}


def local_name(local: str) -> str | None:
    """`local` as the part after `prefix:`, with Turtle escapes where needed; None if it cannot be."""
    if _PLAIN_LOCAL.fullmatch(local):
        return local
    if local.startswith(".") or local.endswith("."):
        return None  # `\.` there is valid Turtle, but rdflib 7 cannot read it
    out = []
    for i, ch in enumerate(local):
        if ch.isascii() and (ch.isalnum() or ch in "_:"):
            out.append(ch)
        elif ch in "-." and i > 0:
            out.append(ch)
        elif ch == "%" and _PERCENT.match(local, i):
            out.append(ch)  # a percent-encoded octet is allowed as it is
        elif ch in _ESCAPABLE:
            out.append("\\" + ch)
        else:
            return None
    return "".join(out)


def quoted(text: str) -> str:
    return '"' + text.translate(_STRING_ESCAPES) + '"'


class TermWriter:
    """Turns pyoxigraph terms into Turtle text and remembers which prefixes it used."""

    def __init__(self, prefixes: dict[str, str] | None = None):
        self.prefixes = dict(PREFIXES if prefixes is None else prefixes)
        self._bases = sorted(self.prefixes.items(), key=lambda kv: len(kv[1]), reverse=True)
        self._iris: dict[str, str] = {}
        self.used: set[str] = set()

    def iri(self, iri: str) -> str:
        text = self._iris.get(iri)
        if text is None:
            text = self._iris[iri] = self._abbreviate(iri)
        return text

    def _abbreviate(self, iri: str) -> str:
        for prefix, base in self._bases:
            if iri.startswith(base):
                local = local_name(iri[len(base):])
                if local is not None:
                    self.used.add(prefix)
                    return f"{prefix}:{local}"
        return f"<{iri}>"

    def term(self, term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.DefaultGraph) -> str:
        if isinstance(term, ox.NamedNode):
            return self.iri(term.value)
        if isinstance(term, ox.Literal):
            text = quoted(term.value)
            if term.language:
                return f"{text}@{term.language}"
            datatype = term.datatype.value
            return text if datatype == XSD_STRING else f"{text}^^{self.iri(datatype)}"
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        raise TypeError(f"cannot write {term!r} in Turtle")  # RDF-star triples are not used by medkg

    def predicate(self, term: ox.NamedNode) -> str:
        return "a" if term.value == RDF_TYPE else self.iri(term.value)

    def prefix_lines(self) -> str:
        """@prefix lines for the prefixes used, in the order of ontology.namespaces.PREFIXES."""
        used = [p for p in self.prefixes if p in self.used]
        return "".join(f"@prefix {p}: <{self.prefixes[p]}> .\n" for p in used)
