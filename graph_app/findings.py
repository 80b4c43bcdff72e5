"""Data-quality findings: one record shape for everything that checks the graph.

Checks that compare documents with official code sets store their findings as data (mkg:Finding
nodes, linked to the stated fact and its document) so they can be queried like any other fact;
`medkg validate` also reports findings that SHACL and violation queries produce on the fly. Both
come out as the same Finding record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pyoxigraph as ox

from graph_app.runner import Runner
from ontology import namespaces as ns
from ontology.vocabulary import MKG, PROV_WAS_DERIVED_FROM, RDF_TYPE

SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    kind: str  # e.g. code-not-in-release, description-mismatch, shacl:MinCountConstraintComponent
    focus: str  # IRI of the node the finding is about
    message: str
    system: str | None = None  # code system key
    code: str | None = None
    document: str | None = None  # IRI of the source document
    section: str | None = None
    statement: str | None = None  # IRI of the stated fact
    expected: str | None = None
    found: str | None = None

    @property
    def iri(self) -> str:
        digest = hashlib.sha1(
            f"{self.kind}|{self.focus}|{self.statement}|{self.code}".encode()
        ).hexdigest()
        return f"{ns.ID}finding/{digest[:20]}"

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}

    def quads(self, graph: str) -> list[ox.Quad]:
        g = ox.NamedNode(graph)
        s = ox.NamedNode(self.iri)
        out = [
            ox.Quad(s, ox.NamedNode(RDF_TYPE), ox.NamedNode(MKG.Finding), g),
            ox.Quad(s, ox.NamedNode(MKG.severity), ox.Literal(self.severity), g),
            ox.Quad(s, ox.NamedNode(MKG.findingKind), ox.Literal(self.kind), g),
            ox.Quad(s, ox.NamedNode(MKG.focusNode), ox.NamedNode(self.focus), g),
            ox.Quad(s, ox.NamedNode(MKG.message), ox.Literal(self.message), g),
        ]
        for prop, value in ((MKG.codeSystem, self.system), (MKG.code, self.code),
                            (MKG.expected, self.expected), (MKG.found, self.found)):
            if value:
                out.append(ox.Quad(s, ox.NamedNode(prop), ox.Literal(value), g))
        if self.statement:
            out.append(ox.Quad(s, ox.NamedNode(MKG.aboutStatement), ox.NamedNode(self.statement), g))
        if self.document:
            out.append(ox.Quad(s, ox.NamedNode(PROV_WAS_DERIVED_FROM), ox.NamedNode(self.document), g))
        return out


def stored_findings(runner: Runner) -> list[Finding]:
    """Every mkg:Finding in the graph, with the document and section of the fact it is about."""
    from graph_app.querylib import load_query

    result = load_query("findings").run(runner)
    out = []
    for r in result.rows:
        v = {k: t.value for k, t in r.items()}
        out.append(Finding(
            severity=v["severity"], kind=v["kind"], focus=v["focus"], message=v["message"],
            system=v.get("system"), code=v.get("code"), document=v.get("document"),
            section=v.get("section"), statement=v.get("statement"), expected=v.get("expected"),
            found=v.get("found"),
        ))
    return out
