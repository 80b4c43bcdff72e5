"""Check every code a document states against the loaded official releases.

The stated fact is left as the document gave it (with its provenance); each disagreement becomes
a Finding stored beside it, naming the release it was checked against and, for wording, both
texts. Codes no public release covers (CPT and its numeric modifiers, AMA content) and codes of a
set that is not loaded get an info finding saying they were NOT checked, so nothing passes as
verified that was never looked at.
"""

from __future__ import annotations

from graph_app.findings import Finding
from graph_app.inference import CodeMatch
from graph_app.reference import SET_OF_SYSTEM, OfficialCode, ReferenceView
from graph_app.stated import DocumentFacts, StatedFact
from graph_app.textmatch import best_agreement
from ingest.codesets import READERS
from ingest.descriptors import parse_descriptor
from ingest.records import Dose
from ontology import namespaces as ns
from ontology.vocabulary import MKG

# Every kind of finding this module stores, with its severity.
KINDS: dict[str, str] = {
    "code-not-in-release": "error",  # the code does not exist in the loaded release
    "code-inactive": "error",  # terminated before, or added after, the release date
    "code-malformed": "error",  # not a well-formed code of its table's system
    "not-a-modifier": "error",  # a modifier-table row whose code is no modifier
    "dose-mismatch": "error",  # the page's billing unit differs from the official descriptor
    "taxonomy-not-individual": "error",  # a Non-Individual NUCC code used as a clinician specialty
    "brand-of-other-drug": "error",  # RxNorm sells the brand as another ingredient
    "description-mismatch": "warning",  # the document's wording is not the official title
    "code-not-inferred": "warning",  # a page states no code and no official descriptor matches it
    "code-not-billable": "warning",  # an ICD-10-CM category / subcategory, not a leaf
    "brand-not-in-release": "info",  # the brand name is not in the loaded RxNorm
    "drug-not-in-release": "info",  # the drug is not an ingredient in the loaded RxNorm
    "code-unchecked": "info",  # no official release to check the code against
}

_ROW_SYSTEMS = {  # the system a table row's code belongs to, by the link it states
    MKG.relatedDiagnosis: "icd10cm",
    MKG.administrationCode: "cpt",
    MKG.specialty: "nucc",
    MKG.modifier: "hcpcs-modifier",
}
_NO_PUBLIC_RELEASE = ("CPT is AMA content: no public CPT release exists and CMS's HCPCS file "
                      "leaves it out, so the code and its description are kept as stated, unverified")


class _Checker:
    def __init__(self, facts: DocumentFacts, ref: ReferenceView):
        self.facts = facts
        self.ref = ref
        self.found: list[Finding] = []

    def add(self, kind: str, st: StatedFact, message: str, *, system: str | None = None,
            code: str | None = None, focus: str | None = None, expected: str | None = None,
            found: str | None = None) -> None:
        self.found.append(Finding(
            severity=KINDS[kind], kind=kind, focus=focus or self.facts.document, message=message,
            system=system, code=code, document=self.facts.document, section=st.section,
            statement=st.iri, expected=expected, found=found,
        ))

    # ---- codes ---------------------------------------------------------------------------

    def code(self, st: StatedFact, system: str, code: str, stated_text: str | None) -> OfficialCode | None:
        """Existence, activity, billability, section and wording of one stated code."""
        label = ns.code_system(system).label
        focus = ns.code_system(system).iri(code)
        code_set = SET_OF_SYSTEM.get(system)
        if code_set is None:
            self.add("code-unchecked", st, f"{code} ({label}) is not checked: {_NO_PUBLIC_RELEASE}.",
                     system=system, code=code, focus=focus, found=stated_text)
            return None
        release = self.ref.release_for(system)
        if release is None:
            self.add("code-unchecked", st, f"{code} ({label}) is not checked: no "
                     f"{READERS[code_set].LABEL} release is loaded (medkg refdata load).",
                     system=system, code=code, focus=focus, found=stated_text)
            return None
        official = self.ref.code(system, code)
        if official is None:
            self.add("code-not-in-release", st,
                     f"{code} is not in {release.name}{self._titled_hint(stated_text, code)}.",
                     system=system, code=code, focus=focus, found=stated_text)
            return None
        when = release.release_date
        if when and official.termination_date and official.termination_date < when:
            self.add("code-inactive", st, f"{code} was terminated on "
                     f"{official.termination_date.isoformat()}, before {release.name}.",
                     system=system, code=code, focus=focus, expected=official.title)
        if when and official.add_date and official.add_date > when:
            self.add("code-inactive", st, f"{code} was added on {official.add_date.isoformat()}, "
                     f"after the release date of {release.name}.",
                     system=system, code=code, focus=focus, expected=official.title)
        if stated_text:
            self.wording(st, official, stated_text, release.name)
        return official

    def wording(self, st: StatedFact, official: OfficialCode, stated: str, release: str) -> None:
        best = best_agreement(stated, official.wordings)
        if best is None or best.agrees:
            return
        self.add("description-mismatch", st,
                 f"{official.code}: the document says \"{stated}\"; the official title in {release} "
                 f"is \"{official.title}\"{self._titled_hint(stated, official.code)}.",
                 system=official.system, code=official.code, focus=official.iri,
                 expected=official.title, found=stated)

    def _titled_hint(self, stated: str | None, code: str) -> str:
        if not stated:
            return ""
        others = [c for c in self.ref.codes_titled(stated) if c != code][:3]
        return f" (\"{stated}\" is the official title of {', '.join(others)})" if others else ""

    def row(self, st: StatedFact) -> None:
        system = _ROW_SYSTEMS[st.predicate]
        stated = st.stated_code or ""
        parsed = ns.system_of_iri(st.object) if st.object else None
        if parsed is None:
            if st.predicate == MKG.modifier:
                self.add("not-a-modifier", st, f"\"{stated}\" in a modifier table is not a modifier: "
                         f"modifiers are two characters (HCPCS Level II such as JW, or CPT such as 59).",
                         system=system, code=stated, found=stated)
            else:
                example = ns.code_system(system)
                self.add("code-malformed", st, f"\"{stated}\" is not a well-formed {example.label} "
                         f"code (for example {example.example}).", system=system, code=stated,
                         found=stated)
            return
        system, code = parsed[0].key, parsed[1]
        official = self.code(st, system, code, st.stated_description)
        if official is None:
            return
        if system == "icd10cm" and official.billable is False:
            self.add("code-not-billable", st, f"{code} is an ICD-10-CM {official.level or 'heading'}, "
                     f"not a billable code: only its most specific codes can be reported.",
                     system=system, code=code, focus=official.iri, expected=official.title)
        if system == "nucc" and official.section == "Non-Individual":
            self.add("taxonomy-not-individual", st,
                     f"{code} ({official.title}) is a Non-Individual taxonomy code (an agency, clinic "
                     f"or facility), not a clinician specialty.", system=system, code=code,
                     focus=official.iri, expected=f"{official.title} (Non-Individual)",
                     found=st.stated_description)

    def described_code(self, st: StatedFact) -> None:
        parsed = ns.system_of_iri(st.object) if st.object else None
        if parsed is None:
            return
        code = parsed[1]
        drug_st = next(iter(self.facts.with_predicate(MKG.drug)), None)
        descriptor = drug_st.stated_descriptor if drug_st else None
        about = drug_st if drug_st and descriptor else st
        official = self.code(about, "hcpcs", code, descriptor)
        if official is None or not descriptor:
            return
        stated_dose = parse_descriptor(descriptor).dose
        if official.dose and stated_dose and stated_dose != official.dose:
            self.add("dose-mismatch", about,
                     f"{code}: the document bills {_dose(stated_dose)} per unit (\"{descriptor}\"); "
                     f"the official descriptor says {_dose(official.dose)} (\"{official.title}\").",
                     system="hcpcs", code=code, focus=official.iri, expected=official.title,
                     found=descriptor)

    def unstated_code(self, st: StatedFact, inferred: CodeMatch | None) -> None:
        """A page that names no code: say so when no code could be found for it."""
        release = self.ref.releases.get("hcpcs")
        stated = st.stated_descriptor or self.facts.title
        if release is None:
            self.add("code-unchecked", st, f"the page states no HCPCS code, and no HCPCS release is "
                     f"loaded to find it from the descriptor \"{stated}\" (medkg refdata load "
                     f"--hcpcs FILE).", system="hcpcs", found=stated)
        elif inferred is None:
            self.add("code-not-inferred", st, f"the page states no HCPCS code, and no code in "
                     f"{release.name} has the drug of its descriptor \"{stated}\".",
                     system="hcpcs", found=stated)

    # ---- drugs and brands ----------------------------------------------------------------

    def drug(self, st: StatedFact) -> None:
        release = self.ref.releases.get("rxnorm")
        name = self.facts.labels.get(st.object or "")
        if release is None or not name or name.lower() in self.ref.rxnorm().ingredients:
            return
        self.add("drug-not-in-release", st, f"\"{name}\" is not an ingredient in {release.name}.",
                 system="rxnorm", focus=st.object, found=name)

    def brand(self, st: StatedFact) -> None:
        release = self.ref.releases.get("rxnorm")
        brand = self.facts.labels.get(st.object or "")
        drug = self.facts.labels.get(st.subject, "")
        if release is None or not brand:
            return
        concept = self.ref.rxnorm().brands.get(brand.lower())
        if concept is None:
            self.add("brand-not-in-release", st, f"\"{brand}\" is not a brand name in {release.name}.",
                     system="rxnorm", focus=st.object, found=brand)
            return
        names = {name.lower() for _, name in concept.ingredients}
        if concept.ingredients and drug.lower() not in names:
            owners = ", ".join(f"{name} (RxCUI {rxcui})" for rxcui, name in concept.ingredients)
            self.add("brand-of-other-drug", st,
                     f"the document gives {brand} as a brand of {drug}; in {release.name} {brand} "
                     f"(RxCUI {concept.rxcui}) is a brand of {owners}.", system="rxnorm",
                     code=concept.rxcui, focus=ns.RXNORM.iri(concept.rxcui),
                     expected=f"{brand} is a brand of {owners}", found=f"{brand} is a brand of {drug}")


def _dose(dose: Dose) -> str:
    return f"{format(dose.amount, 'f')} {dose.unit}"


def check_document(
    facts: DocumentFacts, ref: ReferenceView, inferred: CodeMatch | None = None
) -> list[Finding]:
    """Every finding about the codes, drug and brands one document states.

    `inferred` is the code found for a page that states none (see graph_app.inference).
    """
    checker = _Checker(facts, ref)
    if not facts.states_a_code:
        for st in facts.with_predicate(MKG.drug)[:1]:
            checker.unstated_code(st, inferred)
    for st in facts.statements:
        if st.predicate == MKG.describesCode:
            checker.described_code(st)
        elif st.predicate in _ROW_SYSTEMS:
            checker.row(st)
        elif st.predicate == MKG.drug:
            checker.drug(st)
        elif st.predicate == MKG.brand:
            checker.brand(st)
    return checker.found
