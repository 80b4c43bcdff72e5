"""SHACL shapes for medkg data, generated from the vocabulary and the code systems.

They are generated (`python -m ontology.build` writes ontology/shapes.ttl) so that the code
patterns in ontology.namespaces.CODE_SYSTEMS and the domains and ranges in
ontology.vocabulary are kept in one place each and the shapes cannot drift from them.

Every shape is a top-level shape with its own target, never a property shape nested in a node
shape: pySHACL re-creates nested property constraints for every focus node, which made
validating the ~100,000 ICD-10-CM concepts about three times slower.

A shape's local name is the kind of the findings it produces (`shacl:HCPCSCode-notation`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, XSD

from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.vocabulary import MKG, Term

SH = ns.SH
VIOLATION, WARNING = URIRef(SH + "Violation"), URIRef(SH + "Warning")
Target = tuple[str, str]  # ("targetClass" | "targetSubjectsOf", IRI)


class UnportablePatternError(ValueError):
    """A code pattern uses Python-only regex syntax that SHACL engines would reject."""


def xsd_pattern(pattern: str) -> str:
    """A Python code pattern as an XML Schema regex (what sh:pattern means), anchored."""
    if "(?" in pattern:
        raise UnportablePatternError(
            f"pattern {pattern!r} uses (?…) syntax, which SHACL (XML Schema) regexes lack; "
            "rewrite it in ontology/namespaces.py without lookarounds or non-capturing groups"
        )
    return "^(" + pattern.replace(r"\d", "[0-9]") + ")$"


class ShapesBuilder:
    def __init__(self) -> None:
        self.g = Graph()
        for prefix in ("rdf", "xsd", "skos", "prov", "mkg"):
            self.g.bind(prefix, ns.PREFIXES[prefix])
        self.g.bind("sh", SH)
        self.g.bind("mkgsh", ns.SHAPES)

    def _value(self, v: Any) -> Any:
        if isinstance(v, URIRef | BNode | Literal):
            return v
        if isinstance(v, list):
            head = BNode()
            Collection(self.g, head, [self._value(x) for x in v])
            return head
        if isinstance(v, dict):
            return self._anonymous(v)
        if isinstance(v, str) and v.startswith(("http://", "https://")):
            return URIRef(v)
        return Literal(v)

    def _anonymous(self, constraints: dict[str, Any]) -> BNode:
        node = BNode()
        self._constrain(node, constraints)
        return node

    def _constrain(self, node: URIRef | BNode, constraints: dict[str, Any]) -> None:
        for key, value in constraints.items():
            # sh:property is repeated, one value per property shape; other lists are RDF lists
            for v in value if key == "property" else [value]:
                self.g.add((node, URIRef(SH + key), self._value(v)))

    def shape(
        self, name: str, targets: Sequence[Target], message: str, *, path: Any = None,
        severity: Any = VIOLATION, **constraints: Any,
    ) -> None:
        node = URIRef(ns.SHAPES + name)
        kind = "PropertyShape" if path is not None else "NodeShape"
        self.g.add((node, RDF.type, URIRef(SH + kind)))
        for how, iri in targets:
            self.g.add((node, URIRef(SH + how), URIRef(iri)))
        if path is not None:
            self.g.add((node, URIRef(SH + "path"), self._value(path)))
        self.g.add((node, URIRef(SH + "severity"), severity))
        self.g.add((node, URIRef(SH + "message"), Literal(message, lang="en")))
        self._constrain(node, constraints)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _a(label: str) -> str:
    """The label with its article: "an HCPCS Level II code", "a drug"."""
    vowel = label[:1].lower() in "aeiou" or label.startswith("HCPCS")
    return f"{'an' if vowel else 'a'} {label}"


def _cls(name: str) -> Target:
    return ("targetClass", voc.VOCAB + name)


def _subjects_of(iri: str) -> Target:
    return ("targetSubjectsOf", iri)


def _code_shapes(b: ShapesBuilder) -> None:
    for name, keys in voc.CODE_CLASS_SYSTEMS.items():
        term = voc.BY_NAME[name]
        systems = [ns.code_system(k) for k in keys]
        codes = "|".join(s.pattern.pattern for s in systems)
        examples = " or ".join(s.example for s in systems)
        labels = " or ".join(s.label for s in systems)
        # A page that states no code gets a placeholder HCPCS code (ns.placeholder_code_iri).
        placeholder = name == "HCPCSCode"
        b.shape(
            f"{name}-notation", [_cls(name)],
            f"{_cap(term.label)}: one skos:notation, a well-formed code of {labels} (e.g. {examples})",
            path=voc.SKOS_NOTATION, maxCount=1, nodeKind=URIRef(SH + "Literal"),
            pattern=xsd_pattern(codes), **({} if placeholder else {"minCount": 1}),
        )
        iris = "|".join(re.escape(s.base) + "(" + s.pattern.pattern + ")" for s in systems)
        if placeholder:
            iris += "|" + ns.PLACEHOLDER_CODE_PATTERN
        b.shape(
            f"{name}-iri", [_cls(name)],
            f"{_cap(term.label)}: its IRI is computed from its code, e.g. "
            f"{' or '.join(s.iri(s.example) for s in systems)}",
            nodeKind=URIRef(SH + "IRI"), pattern=xsd_pattern(iris),
        )
        if placeholder:
            b.shape(
                f"{name}-stated", [_cls(name)],
                "no HCPCS code is known for this node: the document does not state the code it "
                "describes (medkg may infer it from the official descriptors: mkg:inferredCode)",
                path=voc.SKOS_NOTATION, severity=WARNING, minCount=1,
            )
    # That an official code has exactly one title is checked by two violation queries
    # (official-code-without-title, code-two-official-labels) rather than a shape: as a shape it
    # would put every code's title and scheme into pySHACL's data graph, 200,000 triples for
    # ICD-10-CM alone, for a check SPARQL on the store does in a fraction of the time.


def _minted_shapes(b: ShapesBuilder) -> None:
    targets = [_cls(name) for name in voc.MINTED_CLASSES]
    b.shape(
        "minted-label", targets,
        "a node medkg names from a document's words (drug, condition, payer …) has exactly one "
        "non-blank skos:prefLabel",
        path=voc.SKOS_PREFLABEL, minCount=1, maxCount=1, pattern=r"\S",
    )
    b.shape(
        "minted-evidence", targets,
        "a node medkg names from a document's words is the subject or object of a statement, "
        "which says where it was read",
        path={"alternativePath": [{"inversePath": URIRef(voc.RDF_SUBJECT)},
                                  {"inversePath": URIRef(voc.RDF_OBJECT)}]},
        minCount=1,
    )


def _statement_shapes(b: ShapesBuilder) -> None:
    target = [_cls("Statement")]
    links = [t.iri for t in voc.TERMS if t.kind in ("object", "datatype")]
    # A page that states no code has a stand-in node for it; derivation reads the stand-in's
    # statements as statements about the inferred code, so they gain that second rdf:subject
    # (or rdf:object) in the derived graph. Only the stand-in may be the extra one.
    stand_in = ("^" + ns.document_iri("").replace(".", "\\.") + "[^/]+"
                + ns.PLACEHOLDER_CODE_SUFFIX.replace(".", "\\.") + "$")
    besides = {"qualifiedValueShape": {"not": {"pattern": stand_in}}, "qualifiedMaxCount": 1}
    for part, extra in (("subject", {"minCount": 1, **besides}),
                        ("predicate", {"minCount": 1, "maxCount": 1, "in": links}),
                        ("object", besides)):
        b.shape(
            f"statement-{part}", target,
            f"a statement has {'at most' if part == 'object' else 'exactly'} one rdf:{part}"
            + (", a medkg property" if part == "predicate" else
               " besides the stand-in of a page that states no code"),
            path=ns.RDF + part, **extra,
        )
    b.shape(
        "statement-source", target,
        "a statement is derived from exactly one source document held in the store "
        "(prov:wasDerivedFrom a mkg:SourceDocument)",
        path=voc.PROV_WAS_DERIVED_FROM, minCount=1, maxCount=1, **{"class": MKG.SourceDocument},
    )
    stated = {"property": [{"path": URIRef(MKG.section), "minCount": 1, "maxCount": 1},
                           {"path": URIRef(MKG.quote), "minCount": 1, "maxCount": 1},
                           {"path": URIRef(MKG.line), "minCount": 1, "maxCount": 1}]}
    inferred = {"property": [{"path": URIRef(MKG.method), "minCount": 1},
                             {"path": URIRef(MKG.score), "minCount": 1, "maxCount": 1}]}
    b.shape(
        "statement-evidence", target,
        "a statement gives the evidence it was read from (one section, quote and line) or, when "
        "medkg inferred it, its method and score",
        **{"or": [stated, inferred]},
    )
    b.shape(
        "statement-status", target,
        f"a statement's row status is one of: {', '.join(voc.STATEMENT_STATUSES)}",
        path=MKG.status, maxCount=1, **{"in": list(voc.STATEMENT_STATUSES)},
    )


def _document_shapes(b: ShapesBuilder) -> None:
    target = [_cls("SourceDocument")]
    b.shape("document-file-name", target, "a source document has exactly one file name",
            path=MKG.fileName, minCount=1, maxCount=1)
    b.shape("document-sha256", target,
            "a source document has exactly one SHA-256 of its bytes, 64 lowercase hex digits",
            path=MKG.sha256, minCount=1, maxCount=1, pattern="^[0-9a-f]{64}$")


def _finding_shapes(b: ShapesBuilder) -> None:
    for prop in ("severity", "findingKind", "focusNode", "message"):
        b.shape(f"finding-{prop}", [_cls("Finding")],
                f"a finding has exactly one mkg:{prop}", path=voc.BY_NAME[prop].iri,
                minCount=1, maxCount=1)


def _classes(names: str | tuple[str, ...]) -> dict[str, Any]:
    """sh:class for one class, sh:or of sh:class for a union."""
    if isinstance(names, str):
        return {"class": voc.VOCAB + names}
    return {"or": [{"class": voc.VOCAB + n} for n in names]}


def _label(names: str | tuple[str, ...]) -> str:
    return " or ".join(_a(voc.BY_NAME[n].label) for n in ((names,) if isinstance(names, str) else names))


def _link_shapes(b: ShapesBuilder, terms: Iterable[Term]) -> None:
    """Both ends of every medkg link belong to the property's domain and range."""
    for t in terms:
        if t.kind != "object":
            continue
        target = [_subjects_of(t.iri)]
        if t.domain is not None:
            b.shape(f"{t.name}-subject", target,
                    f"the subject of mkg:{t.name} is {_label(t.domain)}", **_classes(t.domain))
        if t.range is not None:
            b.shape(f"{t.name}-object", target, f"mkg:{t.name} points to {_label(t.range)}",
                    path=t.iri, **_classes(t.range))


_NUMBER_BOUNDS: dict[str, tuple[str, dict[str, Any]]] = {
    "line": ("at least 1", {"minInclusive": Literal(1)}),
    "score": ("from 0 to 1", {"minInclusive": Literal(0, datatype=XSD.decimal),
                              "maxInclusive": Literal(1, datatype=XSD.decimal)}),
    "doseAmount": ("above 0", {"minExclusive": Literal(0, datatype=XSD.decimal)}),
}


def _datatype_shapes(b: ShapesBuilder, terms: Iterable[Term]) -> None:
    for t in terms:
        if t.kind != "datatype" or t.range is None:
            continue
        words, bounds = _NUMBER_BOUNDS.get(t.name, ("", {}))
        b.shape(f"{t.name}-value", [_subjects_of(t.iri)],
                f"a mkg:{t.name} value is an xsd:{t.range.rsplit('#', 1)[1]} {words}".rstrip(),
                path=t.iri, datatype=t.range, **bounds)


def build_shapes() -> Graph:
    b = ShapesBuilder()
    _code_shapes(b)
    _minted_shapes(b)
    _statement_shapes(b)
    _document_shapes(b)
    _finding_shapes(b)
    _link_shapes(b, voc.TERMS)
    _datatype_shapes(b, voc.TERMS)
    return b.g
