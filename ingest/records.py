"""Typed records that cross the boundary from document readers to the RDF builder.

Every fact a reader takes from a document carries the section and the text it came from, so the
graph can show it as evidence later.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ontology.namespaces import document_key


class Genre(StrEnum):
    EXPLAINER = "code-explainer"
    REPORT = "coding-report"


class RowStatus(StrEnum):
    """What a document says about one of its own table rows."""

    STATED = "stated"
    EXCLUDED = "excluded"  # the row says it does not apply / was left out
    NOT_APPLICABLE = "not-applicable"  # the row says it is not typically applicable
    DUPLICATE = "duplicate"  # same code listed again in the same table


@dataclass(frozen=True)
class Evidence:
    section: str
    quote: str
    line: int  # 1-based line in the source file


@dataclass(frozen=True)
class SourceInfo:
    path: str
    file_name: str
    sha256: str
    size: int

    @property
    def key(self) -> str:
        """The document's identity in the graph: its file name without extension."""
        return document_key(self.file_name)


@dataclass(frozen=True)
class Dose:
    """The billing unit a descriptor names: "1 mg", "0.1 mg", "1 microgram", "1000 units"."""

    amount: Decimal
    unit: str  # canonical: mg, g, mcg, units, ml


@dataclass(frozen=True)
class Descriptor:
    text: str
    drug: str | None
    dose: Dose | None
    qualifiers: tuple[str, ...] = ()  # e.g. "excludes biosimilar"


@dataclass(frozen=True)
class Mention:
    """A named thing a document states: an indication, route, setting, role, risk, payer …

    `label` is the canonical name the graph uses; `text` is what the document wrote.
    """

    label: str
    text: str
    evidence: Evidence
    qualifier: str | None = None  # e.g. "common" / "rare" for risks


@dataclass(frozen=True)
class CodeRow:
    """One row of a code table (diagnoses, CPT, modifiers, taxonomy) as the document states it."""

    system: str  # key in ontology.namespaces.CODE_SYSTEMS
    code: str  # normalised
    stated_code: str  # as written
    description: str
    note: str  # relevance / when to use / notes column
    status: RowStatus
    evidence: Evidence
    well_formed: bool = True


@dataclass(frozen=True)
class Policy:
    title: str
    payer: str | None
    drug: str | None
    brand: str | None
    evidence: Evidence


@dataclass(frozen=True)
class DocumentRecord:
    source: SourceInfo
    genre: Genre
    title: str
    hcpcs_code: str | None
    code_evidence: Evidence | None
    descriptor: Descriptor | None
    descriptor_evidence: Evidence | None
    drug: str | None
    brands: tuple[Mention, ...] = ()
    indications: tuple[Mention, ...] = ()
    criteria: tuple[Mention, ...] = ()  # patient criteria that name no condition
    routes: tuple[Mention, ...] = ()
    settings: tuple[Mention, ...] = ()
    roles: tuple[Mention, ...] = ()
    risks: tuple[Mention, ...] = ()
    alternatives: tuple[Mention, ...] = ()
    policies: tuple[Policy, ...] = ()
    payers: tuple[Mention, ...] = ()
    diagnoses: tuple[CodeRow, ...] = ()
    procedures: tuple[CodeRow, ...] = ()
    modifiers: tuple[CodeRow, ...] = ()
    taxonomies: tuple[CodeRow, ...] = ()
    warnings: tuple[str, ...] = field(default=())

    @property
    def rows(self) -> tuple[CodeRow, ...]:
        return self.diagnoses + self.procedures + self.modifiers + self.taxonomies
