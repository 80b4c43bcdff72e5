"""Build the medkg ontology with owlready2, term by term from ontology/vocabulary.py.

owlready2 builds it (rather than writing RDF by hand) so that what we publish is what an OWL
tool reads back: every class, property, domain, range, alignment and disjointness axiom goes
through owlready2's OWL model before it is saved as RDF/XML.
"""

from __future__ import annotations

import datetime
import types
from collections.abc import Callable
from typing import Any

import owlready2 as owl

from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.vocabulary import Term

TITLE = "medkg: US medical billing codes, drugs, diagnoses and payer policies, with provenance"
DESCRIPTION = (
    "The vocabulary of the medkg knowledge graph: HCPCS Level II drug codes, CPT, ICD-10-CM, "
    "modifiers and provider taxonomy codes as SKOS concepts; drugs, brands, conditions, payers "
    "and policies; links stated by documents (each reified with its source, section and quote) "
    "kept apart from links medkg infers (each with its method and score)."
)
LICENSE = "https://opensource.org/licenses/MIT"
DCTERMS_DESCRIPTION = ns.DCTERMS + "description"
DCTERMS_LICENSE = ns.DCTERMS + "license"
SKOS_DEFINITION = ns.SKOS + "definition"
OWL_VERSION_IRI = ns.OWL + "versionIRI"

_PYTHON_DATATYPES: dict[str, type] = {
    voc.XSD_STRING: str,
    voc.XSD_INTEGER: int,
    voc.XSD_DECIMAL: float,  # owlready2 writes float ranges as xsd:decimal
    voc.XSD_DATETIME: datetime.datetime,
    voc.XSD_BOOLEAN: bool,
}
# xsd:date is not in the OWL 2 datatype map (https://www.w3.org/TR/owl2-syntax/#Datatype_Maps).
_OUTSIDE_OWL2_DATATYPE_MAP = frozenset({voc.XSD_DATE})
_KINDS: dict[str, type] = {
    "class": owl.Thing,
    "object": owl.ObjectProperty,
    "datatype": owl.DataProperty,
    "annotation": owl.AnnotationProperty,
}


def split_iri(iri: str) -> tuple[str, str]:
    """Namespace and local name: the part after the last '#' or '/'."""
    cut = max(iri.rfind("#"), iri.rfind("/")) + 1
    return iri[:cut], iri[cut:]


class _Builder:
    def __init__(self, version: str):
        self.world = owl.World()
        self.onto = self.world.get_ontology(ns.ONTOLOGY_IRI)
        self.version = version
        self.entities: dict[str, Any] = {}

    def declare(self, iri: str, kind: str) -> Any:
        if iri in self.entities:
            return self.entities[iri]
        base, name = split_iri(iri)
        with self.onto.get_namespace(base):
            entity = types.new_class(name, (_KINDS[kind],))
        self.entities[iri] = entity
        return entity

    def resolve(self, name_or_iri: str) -> Any:
        iri = name_or_iri if ":" in name_or_iri else voc.VOCAB + name_or_iri
        return self.entities[iri]

    def build(self) -> owl.Ontology:
        with self.onto:
            for iri, kind in voc.EXTERNAL_TERMS:
                self.declare(iri, kind)
            label = self.entities[ns.RDFS + "label"] = owl.label
            definition = self.declare(SKOS_DEFINITION, "annotation")
            for t in voc.TERMS:
                entity = self.declare(t.iri, t.kind)
                label[entity] = [owl.locstr(t.label, "en")]
                definition[entity] = [owl.locstr(t.definition, "en")]
            for t in voc.TERMS:
                self._axioms(t)
            self._disjointness()
            self._restrictions()
            self._header()
        return self.onto

    def _axioms(self, t: Term) -> None:
        entity = self.entities[t.iri]
        for parent in t.parents:
            entity.is_a.append(self.declare(parent, t.kind))
        if t.kind == "class":
            if t.parents:  # owl:Thing is implied; saying it next to a real parent is noise
                entity.is_a.remove(owl.Thing)
            return
        if t.domain is not None:
            domains = (t.domain,) if isinstance(t.domain, str) else t.domain
            classes = [self.resolve(d) for d in domains]
            entity.domain = [classes[0] if len(classes) == 1 else owl.Or(classes)]
        if t.range in _OUTSIDE_OWL2_DATATYPE_MAP:
            return  # no range axiom: OWL 2 reasoners (HermiT) refuse the datatype; SHACL checks it
        if t.range is not None:
            entity.range = [
                _PYTHON_DATATYPES[t.range] if t.kind == "datatype" else self.resolve(t.range)
            ]

    def _disjointness(self) -> None:
        for group in voc.DISJOINT_CLASSES:
            owl.AllDisjoint([self.resolve(name) for name in group])

    def _restrictions(self) -> None:
        for cls, prop, filler in voc.SOME_VALUES_FROM:
            restriction: Callable[[Any], Any] = self.entities[prop].some
            self.resolve(cls).is_a.append(restriction(self.resolve(filler)))

    def _header(self) -> None:
        onto, world = self.onto, self.world
        onto._add_obj_triple_spo(
            onto.storid, world._abbreviate(OWL_VERSION_IRI),
            world._abbreviate(ns.ontology_version_iri(self.version)),
        )
        onto.metadata.versionInfo = [self.version]
        for iri, value in (
            (voc.DCTERMS_TITLE, owl.locstr(TITLE, "en")),
            (DCTERMS_DESCRIPTION, owl.locstr(DESCRIPTION, "en")),
        ):
            self.declare(iri, "annotation")[onto.metadata] = [value]
        licence = self.declare(DCTERMS_LICENSE, "annotation")
        onto._add_obj_triple_spo(onto.storid, licence.storid, world._abbreviate(LICENSE))


def build_ontology(version: str) -> owl.Ontology:
    """The medkg ontology for one package version, as an owlready2 ontology in its own world."""
    return _Builder(version).build()


# Prefixes owlready2 writes in RDF/XML; left alone it invents "core:" for SKOS and "term:" for
# Dublin Core, which Protégé then shows everywhere.
_XML_PREFIXES = ("skos", "prov", "dcterms", "schema", "xsd")


def rdfxml_bytes(onto: owl.Ontology) -> bytes:
    """The ontology as RDF/XML, with the usual prefixes."""
    import io

    from owlready2 import driver

    saved = dict(driver._XMLNS)
    driver._XMLNS.update({ns.PREFIXES[p]: f"{p}:" for p in _XML_PREFIXES})
    try:
        buf = io.BytesIO()
        onto.save(buf, format="rdfxml")
    finally:
        driver._XMLNS.clear()
        driver._XMLNS.update(saved)
    return buf.getvalue()
