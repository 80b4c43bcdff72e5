"""What the loaded official code sets say, looked up through the query library and cached.

One ReferenceView serves one derivation run (an ingest batch or a refdata reload): it reads which
releases are loaded once, then answers per-code lookups with `official-code`, and the RxNorm and
HCPCS drug tables with one query each. Only sealed releases (graphs that describe themselves as
a mkg:CodeSetRelease) are used, so a half-loaded set is never trusted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import pyoxigraph as ox

from graph_app.querylib import library_query
from graph_app.runner import EmbeddedRunner, Runner
from ingest.records import Dose
from ontology import namespaces as ns
from ontology.vocabulary import MKG, SKOS_ALTLABEL, SKOS_INSCHEME, SKOS_PREFLABEL

# Which reference set holds each code system. CPT and its modifiers are AMA content: no public
# release exists, so they map to None and are reported as unchecked, never as verified.
SET_OF_SYSTEM: dict[str, str | None] = {
    "icd10cm": "icd10cm",
    "hcpcs": "hcpcs",
    "hcpcs-modifier": "hcpcs",
    "nucc": "nucc",
    "rxnorm": "rxnorm",
    "cpt": None,
    "cpt-modifier": None,
}


@dataclass(frozen=True)
class LoadedRelease:
    code_set: str
    version: str
    title: str
    release_date: date | None
    graph: str

    @property
    def name(self) -> str:
        when = f", effective {self.release_date.isoformat()}" if self.release_date else ""
        return f"{self.title}{when}"


@dataclass(frozen=True)
class OfficialCode:
    system: str
    code: str
    iri: str
    title: str
    alt_labels: tuple[str, ...]
    level: str | None
    billable: bool | None
    add_date: date | None
    termination_date: date | None
    section: str | None  # NUCC Individual / Non-Individual
    drug: str | None  # HCPCS descriptor drug
    dose: Dose | None

    @property
    def wordings(self) -> tuple[str, ...]:
        return (self.title, *self.alt_labels)


@dataclass(frozen=True)
class DrugCode:
    code: str
    descriptor: str
    dose: Dose
    add_date: date | None
    termination_date: date | None


@dataclass(frozen=True)
class RxConcept:
    rxcui: str
    name: str
    term_type: str
    ingredients: tuple[tuple[str, str], ...] = ()  # (rxcui, name) of a brand's ingredients


@dataclass
class RxNormIndex:
    ingredients: dict[str, RxConcept] = field(default_factory=dict)  # by lower-case name
    brands: dict[str, RxConcept] = field(default_factory=dict)  # by lower-case name


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# What `official-code` reads about a code, by predicate (see queries/official-code.rq).
_OFFICIAL_FIELDS = {MKG.level: "level", MKG.billable: "billable", MKG.addDate: "addDate",
                    MKG.effectiveDate: "effectiveDate", MKG.terminationDate: "terminationDate",
                    MKG.taxonomySection: "section", MKG.descriptorDrug: "drugName",
                    MKG.doseAmount: "doseAmount", MKG.doseUnit: "doseUnit"}
_ALT_LABELS = (SKOS_ALTLABEL, MKG.shortDescription)


class ReferenceView:
    def __init__(self, runner: Runner):
        self.runner = runner
        self.releases: dict[str, LoadedRelease] = {}
        for r in library_query("reference-releases").run(runner).rows:
            v = {k: t.value for k, t in r.items()}
            self.releases[v["codeSet"]] = LoadedRelease(
                v["codeSet"], v["version"], v["title"], _date(v.get("releaseDate")), v["graph"])
        # On the embedded store a code's few quads are read straight from the index: parsing and
        # planning `official-code` costs more than the lookup, thousands of times per ingest.
        self._store = runner.store.ox if isinstance(runner, EmbeddedRunner) else None
        self._codes: dict[str, OfficialCode | None] = {}
        self._titles: dict[str, list[str]] = {}
        self._drug_codes: dict[str, list[DrugCode]] = {}
        self._rx: RxNormIndex | None = None

    def release_for(self, system: str) -> LoadedRelease | None:
        code_set = SET_OF_SYSTEM.get(system)
        return self.releases.get(code_set) if code_set else None

    def code(self, system: str, code: str) -> OfficialCode | None:
        """The official facts of a code, or None when the loaded release does not have it."""
        iri = ns.code_system(system).iri(code)
        if iri not in self._codes:
            self._codes[iri] = self._lookup(system, code, iri)
        return self._codes[iri]

    def _lookup(self, system: str, code: str, iri: str) -> OfficialCode | None:
        if self._store is not None:
            release = self.release_for(system)
            found = self._read_code(iri, release.graph) if release else None
            if found is None:
                return None
            v, alts = found
        else:
            rows = library_query("official-code").run(self.runner, code=iri).rows
            if not rows:
                return None
            v = {k: t.value for k, t in rows[0].items()}
            alts = tuple(dict.fromkeys(r["altLabel"].value for r in rows if "altLabel" in r))
        return _official_code(system, code, iri, v, alts)

    def _read_code(self, iri: str, graph: str) -> tuple[dict[str, str], tuple[str, ...]] | None:
        """The row `official-code` gives for a code, read from its code set's release graph (read
        across all graphs, the lookup grew with the documents naming the code)."""
        assert self._store is not None
        facts: dict[str, list[str]] = {}
        for q in self._store.quads_for_pattern(ox.NamedNode(iri), None, None, ox.NamedNode(graph)):
            facts.setdefault(q.predicate.value, []).append(q.object.value)
        if SKOS_PREFLABEL not in facts or SKOS_INSCHEME not in facts:
            return None
        v = {"title": min(facts[SKOS_PREFLABEL]), "graph": graph}
        for predicate, name in _OFFICIAL_FIELDS.items():
            if predicate in facts:
                v[name] = min(facts[predicate])
        alts = tuple(dict.fromkeys(a for p in _ALT_LABELS for a in facts.get(p, ())))
        return v, alts

    def codes_titled(self, text: str) -> list[str]:
        """Notations of the official codes whose title or alternative label is exactly `text`."""
        if text not in self._titles:
            variants = dict.fromkeys((text, text[:1].upper() + text[1:]))
            found: dict[str, None] = {}
            for variant in variants:
                for r in library_query("official-title-codes").run(self.runner, title=variant).rows:
                    found[r["notation"].value] = None
            self._titles[text] = list(found)
        return self._titles[text]

    def drug_codes(self, drug: str) -> list[DrugCode]:
        """HCPCS codes whose official descriptor names this drug (lower case)."""
        if drug not in self._drug_codes:
            rows = library_query("hcpcs-drug-codes").run(self.runner, drug=drug).rows
            self._drug_codes[drug] = [
                DrugCode(r["notation"].value, r["descriptor"].value,
                         Dose(Decimal(r["doseAmount"].value), r["doseUnit"].value),
                         _date(r["addDate"].value if "addDate" in r else None),
                         _date(r["terminationDate"].value if "terminationDate" in r else None))
                for r in rows
            ]
        return self._drug_codes[drug]

    def rxnorm(self) -> RxNormIndex:
        if self._rx is None:
            index = RxNormIndex()
            links: dict[str, list[tuple[str, str]]] = {}
            names: dict[str, tuple[str, str]] = {}
            for r in library_query("rxnorm-concepts").run(self.runner).rows:
                rxcui, name, tty = r["rxcui"].value, r["name"].value, r["termType"].value
                names[rxcui] = (name, tty)
                if "ingredientRxcui" in r:
                    links.setdefault(rxcui, []).append(
                        (r["ingredientRxcui"].value, r["ingredientName"].value))
            for rxcui, (name, tty) in names.items():
                concept = RxConcept(rxcui, name, tty, tuple(sorted(set(links.get(rxcui, ())))))
                target = index.brands if tty == "BN" else index.ingredients
                target.setdefault(name.lower(), concept)
            self._rx = index
        return self._rx


def _official_code(
    system: str, code: str, iri: str, v: dict[str, str], alts: tuple[str, ...]
) -> OfficialCode:
    dose = Dose(Decimal(v["doseAmount"]), v["doseUnit"]) if "doseAmount" in v and "doseUnit" in v else None
    return OfficialCode(
        system=system, code=code, iri=iri, title=v["title"], alt_labels=alts,
        level=v.get("level"), billable=(v["billable"] == "true") if "billable" in v else None,
        add_date=_date(v.get("addDate")), termination_date=_date(v.get("terminationDate")),
        section=v.get("section"), drug=v.get("drugName"), dose=dose,
    )
