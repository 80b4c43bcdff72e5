"""RDF terms as Turtle and TriG text: compact names where a known prefix fits, and a record of
the prefixes actually used, so a file declares those and no others.

Written by hand rather than with pyoxigraph's serializer because that one declares every prefix
it is given, in an order of its own, and writes `a` and bare numbers for rdf:type and xsd
literals it then still declares prefixes for.
"""

from __future__ import annotations

import re

from ontology.namespaces import PREFIXES, RDF, XSD

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"
TYPE_TOKEN = f"<{RDF_TYPE}>"

# PN_LOCAL of Turtle 1.1 without escapes (ASCII only; anything else gets written as a full IRI).
_PLAIN_LOCAL = re.compile(r"[A-Za-z0-9_:]([A-Za-z0-9_:.\-]*[A-Za-z0-9_:\-])?|")
_ESCAPABLE = set("_~.-!$&'()*+,;=/?#@%")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")


def local_name(local: str) -> str | None:
    """`local` as the part after `prefix:`, with Turtle escapes where needed; None if it cannot be."""
    if _PLAIN_LOCAL.fullmatch(local):
        return local
    if local.startswith(".") or local.endswith("."):
        return None  # `\.` there is valid Turtle, but rdflib 7 cannot read it
    out = []
    for i, ch in enumerate(local):
        if ch.isascii() and (ch.isalnum() or ch in "_:") or ch in "-." and i > 0:
            out.append(ch)
        elif ch == "%" and _PERCENT.match(local, i):
            out.append(ch)  # a percent-encoded octet is allowed as it is
        elif ch in _ESCAPABLE:
            out.append("\\" + ch)
        else:
            return None
    return "".join(out)


class TermWriter:
    """Turns N-Triples terms into Turtle text and remembers which prefixes it used.

    Terms arrive as N-Triples tokens (`<iri>`, `_:b0`, `"text"@en`, `"3"^^<xsd-iri>`) because the
    fastest way to read a graph out of the store is pyoxigraph's own N-Triples dump; its canonical
    escapes inside literals are valid Turtle as they are.
    """

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

    def token(self, token: str) -> str:
        """An N-Triples term as Turtle."""
        first = token[0]
        if first == "<":
            if token.startswith("<<"):
                raise ValueError("RDF-star triple terms cannot be written as Turtle")  # medkg writes none
            return self.iri(token[1:-1])
        if first == '"' and token[-1] == ">":  # "lexical"^^<datatype>: IRIs hold no quote, so rfind is safe
            cut = token.rfind('"^^<')
            return f"{token[:cut + 1]}^^{self.iri(token[cut + 4:-1])}"
        return token  # a blank node, a plain or language-tagged literal

    def predicate(self, token: str) -> str:
        return "a" if token == TYPE_TOKEN else self.token(token)

    def prefix_lines(self) -> str:
        """@prefix lines for the prefixes used, in the order of ontology.namespaces.PREFIXES."""
        used = [p for p in self.prefixes if p in self.used]
        return "".join(f"@prefix {p}: <{self.prefixes[p]}> .\n" for p in used)
