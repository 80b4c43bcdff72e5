"""Every IRI and prefix medkg uses, in one place.

Code IRIs are computable from (system, code) alone so that other graphs can join ours: where
BioPortal publishes PURLs for a code system we use them; everything else is minted under BASE.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

BASE = "https://w3id.org/medkg/"
VOCAB = BASE + "ontology#"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
SCHEME = BASE + "scheme/"

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
OWL = "http://www.w3.org/2002/07/owl#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
SH = "http://www.w3.org/ns/shacl#"


@dataclass(frozen=True)
class CodeSystem:
    """A code system: where its code IRIs live and what a well-formed code looks like."""

    key: str
    label: str
    prefix: str
    base: str
    pattern: re.Pattern[str]
    example: str

    @property
    def scheme(self) -> str:
        return SCHEME + self.key

    def iri(self, code: str) -> str:
        return self.base + quote(code, safe=".-")

    def code_of(self, iri: str) -> str | None:
        if not iri.startswith(self.base):
            return None
        return iri[len(self.base):]

    def is_well_formed(self, code: str) -> bool:
        return bool(self.pattern.fullmatch(code))


HCPCS = CodeSystem(
    "hcpcs", "HCPCS Level II", "hcpcs", "http://purl.bioontology.org/ontology/HCPCS/",
    re.compile(r"[A-V]\d{4}", re.ASCII), "J9229",
)
CPT = CodeSystem(
    "cpt", "CPT (HCPCS Level I)", "cpt", "http://purl.bioontology.org/ontology/CPT/",
    re.compile(r"\d{4}[0-9FTU]", re.ASCII), "96413",
)
ICD10CM = CodeSystem(
    "icd10cm", "ICD-10-CM", "icd10cm", "http://purl.bioontology.org/ontology/ICD10CM/",
    # categories and codes (C91, C91.02, T80.219A; QA0.0 since 2026), blocks and chapter ranges
    re.compile(
        r"[A-Z][0-9A-Z]{2}(\.[0-9A-Z]{1,4})?|[A-Z][0-9A-Z]{2}-[A-Z][0-9A-Z]{2}", re.ASCII
    ),
    "C91.00",
)
NUCC = CodeSystem(
    "nucc", "NUCC Health Care Provider Taxonomy", "nucc", BASE + "code/nucc/",
    re.compile(r"\d{3}[0-9A-Z]{6}X", re.ASCII), "207RR0500X",
)
RXNORM = CodeSystem(
    "rxnorm", "RxNorm", "rxnorm", "http://purl.bioontology.org/ontology/RXNORM/",
    re.compile(r"\d{1,8}", re.ASCII), "612865",
)
HCPCS_MODIFIER = CodeSystem(
    "hcpcs-modifier", "HCPCS Level II modifiers", "hcpcsmod", BASE + "code/hcpcs-modifier/",
    # two characters, not both digits (two digits are CPT modifiers); written without lookahead
    # so that the same pattern works as a SHACL (XML Schema) regular expression
    re.compile(r"[A-Z][A-Z0-9]|[0-9][A-Z]", re.ASCII), "JW",
)
CPT_MODIFIER = CodeSystem(
    "cpt-modifier", "CPT modifiers", "cptmod", BASE + "code/cpt-modifier/",
    re.compile(r"\d{2}", re.ASCII), "59",
)

CODE_SYSTEMS: dict[str, CodeSystem] = {
    s.key: s for s in (HCPCS, CPT, ICD10CM, NUCC, RXNORM, HCPCS_MODIFIER, CPT_MODIFIER)
}


def code_system(key: str) -> CodeSystem:
    try:
        return CODE_SYSTEMS[key]
    except KeyError:
        raise KeyError(f"unknown code system {key!r}; known: {', '.join(CODE_SYSTEMS)}") from None


def system_of_iri(iri: str) -> tuple[CodeSystem, str] | None:
    """The code system and code an IRI denotes, or None when it is not a code IRI."""
    for system in CODE_SYSTEMS.values():
        code = system.code_of(iri)
        if code is not None:
            return system, code
    return None


def normalize_code(system: CodeSystem | str, raw: str) -> str:
    """The canonical spelling of a code as documents write it loosely (case, missing ICD dot)."""
    key = system if isinstance(system, str) else system.key
    code = raw.strip().upper().replace(" ", "")
    if key == "icd10cm" and "-" not in code and "." not in code and len(code) > 3:
        code = code[:3] + "." + code[3:]
    return code


def modifier_system(code: str) -> CodeSystem:
    """Two digits are CPT modifiers (AMA); anything else two characters long is HCPCS Level II."""
    return CPT_MODIFIER if CPT_MODIFIER.is_well_formed(code) else HCPCS_MODIFIER


# Prefixes every query gets and every export may declare (only the ones it uses).
PREFIXES: dict[str, str] = {
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "schema": SCHEMA,
    "mkg": VOCAB,
    "mkgid": ID,
    "mkgg": GRAPH,
    **{s.prefix: s.base for s in CODE_SYSTEMS.values()},
}


def sparql_prefix_header() -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def vocab(local: str) -> str:
    return VOCAB + local


_SLUG_DROP = re.compile(r"[^a-z0-9]+", re.ASCII)


def slug(text: str) -> str:
    """A readable, stable IRI segment for a name ("Giant cell arteritis" -> giant-cell-arteritis)."""
    return _SLUG_DROP.sub("-", text.lower()).strip("-")[:120] or "x"


def entity_iri(kind: str, name: str) -> str:
    """IRI of a node we mint from a name: drug, brand, condition, payer, policy, route …"""
    return f"{ID}{kind}/{slug(name)}"


_KEY_DROP = re.compile(r"[^A-Za-z0-9_.-]+", re.ASCII)


def document_key(file_name: str) -> str:
    """A document's identity: its file name without extension, made safe for an IRI."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    return _KEY_DROP.sub("-", stem).strip("-.") or "document"


def document_iri(key: str) -> str:
    return f"{ID}doc/{key}"


def statement_iri(key: str, identity: str) -> str:
    """A statement of document `key`, named by what identifies it (subject, property, object …):
    the same fact read again gets the same IRI."""
    return f"{ID}stmt/{key}/{hashlib.sha1(identity.encode()).hexdigest()[:16]}"


def document_graph(key: str) -> str:
    return f"{GRAPH}doc/{key}"


def derived_graph(key: str) -> str:
    """Facts the system infers from one document (code from descriptor, condition links)."""
    return f"{GRAPH}derived/{key}"


def reference_graph(name: str) -> str:
    return f"{GRAPH}ref/{name}"


ONTOLOGY_GRAPH = GRAPH + "ontology"
AGENT = ID + "agent/medkg"


# ---- issue 3: the ontology document, its shapes, and the placeholder code IRI ----
ONTOLOGY_IRI = BASE + "ontology"
SHAPES = BASE + "shapes#"


def ontology_version_iri(version: str) -> str:
    """The IRI of one release of the ontology (owl:versionIRI), e.g. .../ontology/0.1.0."""
    return f"{ONTOLOGY_IRI}/{version}"


PLACEHOLDER_CODE_SUFFIX = "/code"


def placeholder_code_iri(key: str) -> str:
    """The node that stands for 'the code this page describes' when the page states none."""
    return document_iri(key) + PLACEHOLDER_CODE_SUFFIX


# What a placeholder code IRI looks like, for shapes that must tell it from a real code IRI.
PLACEHOLDER_CODE_PATTERN = re.escape(ID + "doc/") + r"[A-Za-z0-9_.-]+" + re.escape(PLACEHOLDER_CODE_SUFFIX)
