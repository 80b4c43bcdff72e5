"""Names people read for IRIs: relations, classes and properties, from the vocabulary.

The explorer shows "indication" rather than mkg:indication and "HCPCS Level II code" rather than
mkg:HCPCSCode; a node with several classes (an RxNorm ingredient is also a mkg:Drug, a mkg:Code and
a skos:Concept) is shown as its most specific one.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from graph_app.results import compact
from ontology import namespaces as ns
from ontology.vocabulary import BY_NAME

# Terms from other vocabularies that the graph uses as links or attributes.
_OTHER_NAMES = {
    ns.SKOS + "broader": ("broader", "narrower"),
    ns.SKOS + "exactMatch": ("exact match", "exact match of"),
    ns.SKOS + "related": ("related", "related"),
    ns.SKOS + "prefLabel": ("label", "label"),
    ns.SKOS + "altLabel": ("alternative label", "alternative label"),
    ns.SKOS + "notation": ("code", "code"),
    ns.SKOS + "definition": ("definition", "definition"),
    ns.DCTERMS + "title": ("title", "title"),
    ns.SKOS + "Concept": ("concept", "concept"),
}


def _local(iri: str) -> str | None:
    return iri[len(ns.VOCAB):] if iri.startswith(ns.VOCAB) else None


def term_label(iri: str) -> str:
    """The vocabulary's label of a class or property, else its compact IRI."""
    local = _local(iri)
    if local is not None and local in BY_NAME:
        return BY_NAME[local].label
    if iri in _OTHER_NAMES:
        return _OTHER_NAMES[iri][0]
    return compact(iri)


# How medkg's links read backwards, from the node at the arrow's head.
_INVERSE = {
    "drug": "billed with code", "indication": "indication of", "brand": "brand of",
    "alternative": "alternative to", "adverseEffect": "adverse effect of", "route": "route of",
    "careSetting": "care setting of", "role": "role in", "relatedDiagnosis": "related diagnosis of",
    "administrationCode": "administration code of", "modifier": "modifier of",
    "specialty": "specialty billing", "policy": "policy named for", "payer": "payer of",
    "policyFor": "payer policy", "describesCode": "described by", "describesDrug": "described by",
    "mentionsPayer": "mentioned by", "inferredCode": "inferred for", "inferredDrug": "inferred drug of",
    "inferredCondition": "linked from condition",
}


def relation_name(iri: str, direction: str = "out") -> str:
    """How a link reads from the node a page is about: "indication" going out, "indication of"
    coming in (the drug a condition is an indication of)."""
    if iri in _OTHER_NAMES:
        out, inward = _OTHER_NAMES[iri]
        return out if direction == "out" else inward
    label = term_label(iri)
    if direction == "out":
        return label
    local = _local(iri)
    return _INVERSE.get(local or "", f"{label} of")


@lru_cache(maxsize=256)
def _ancestors(iri: str) -> frozenset[str]:
    local = _local(iri)
    term = BY_NAME.get(local) if local else None
    if term is None:
        return frozenset()
    found: set[str] = set()
    for parent in term.parents:
        found |= {parent, *_ancestors(parent)}
    return frozenset(found)


def most_specific(classes: Iterable[str]) -> str | None:
    """The class that says most: none of the others is below it, medkg's own before others, the
    deepest in the vocabulary first (mkg:RxNormIngredient before mkg:Drug)."""
    given = sorted(set(c for c in classes if c))
    if not given:
        return None
    implied = set().union(*(_ancestors(c) for c in given))
    leaves = [c for c in given if c not in implied] or given
    own = [c for c in leaves if c.startswith(ns.VOCAB)] or leaves
    return min(own, key=lambda c: (-len(_ancestors(c)), c))


def expand(curie: str) -> str:
    """The full IRI of a compact one (mkg:indication); the inverse of results.compact."""
    if curie.startswith("<") and curie.endswith(">"):
        return curie[1:-1]
    prefix, sep, local = curie.partition(":")
    if sep and prefix in ns.PREFIXES:
        return ns.PREFIXES[prefix] + local
    return curie


def system_label(iri: str) -> str | None:
    """The code system a code IRI belongs to ("ICD-10-CM"), or None for other nodes."""
    found = ns.system_of_iri(iri)
    return found[0].label if found else None
