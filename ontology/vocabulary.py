"""The medkg vocabulary: every class and property, with its label, definition and alignment.

This table is the single source of the ontology. The RDF builder takes term IRIs from here, and
ontology/medkg.ttl is generated from it (`python -m ontology.build`), so code and ontology cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass

from ontology.namespaces import DCTERMS, PROV, RDF, SCHEMA, SKOS, VOCAB


@dataclass(frozen=True)
class Term:
    name: str
    kind: str  # "class" | "object" | "datatype"
    label: str
    definition: str
    parents: tuple[str, ...] = ()  # superclasses / superproperties (full IRIs)
    domain: str | tuple[str, ...] | None = None  # local class name or full IRI; a tuple is a union
    range: str | None = None

    @property
    def iri(self) -> str:
        return VOCAB + self.name


def _c(name: str, label: str, definition: str, *parents: str) -> Term:
    return Term(name, "class", label, definition, parents)


def _o(
    name: str, label: str, definition: str, domain: str | tuple[str, ...] | None, range_: str | None,
    *parents: str,
) -> Term:
    return Term(name, "object", label, definition, parents, domain, range_)


def _d(name: str, label: str, definition: str, domain: str | None, range_: str, *parents: str) -> Term:
    return Term(name, "datatype", label, definition, parents, domain, range_)


XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"
XSD_BOOLEAN = "http://www.w3.org/2001/XMLSchema#boolean"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

TERMS: tuple[Term, ...] = (
    # ---- classes ----
    _c("SourceDocument", "source document",
       "A document medkg read facts from; a prov:Entity because its facts are derived from it, "
       "and a schema:CreativeWork because it is a published page.",
       PROV + "Entity", SCHEMA + "CreativeWork"),
    _c("Statement", "statement",
       "One fact as a document states it, with section and quote; an rdf:Statement because it "
       "reifies the stated triple, and a prov:Entity derived from the document.",
       RDF + "Statement", PROV + "Entity"),
    _c("Drug", "drug",
       "An active ingredient named by its generic name; a kind of schema:Drug (a substance used "
       "as a medical therapy), narrower because schema:Drug also covers branded products.",
       SCHEMA + "Drug"),
    _c("BrandName", "brand name",
       "A proprietary name under which a drug is sold; a schema:Brand, the name used to label a "
       "product.", SCHEMA + "Brand"),
    _c("Condition", "condition",
       "A disease or condition as a document words it; a schema:MedicalCondition (narrower, "
       "not equivalent: differently worded conditions may name one disease).",
       SCHEMA + "MedicalCondition"),
    _c("Code", "code",
       "A code in an official code system; a skos:Concept in that system's scheme and a "
       "schema:MedicalCode.", SKOS + "Concept", SCHEMA + "MedicalCode"),
    _c("HCPCSCode", "HCPCS Level II code", "A CMS HCPCS Level II code such as J9229.", VOCAB + "Code"),
    _c("CPTCode", "CPT code", "An AMA CPT (HCPCS Level I) procedure code such as 96413.", VOCAB + "Code"),
    _c("ICD10CMCode", "ICD-10-CM code",
       "An ICD-10-CM chapter, block, category or code such as C91.00.", VOCAB + "Code"),
    _c("Modifier", "modifier", "A two-character billing modifier (HCPCS Level II or CPT).", VOCAB + "Code"),
    _c("ProviderTaxonomyCode", "provider taxonomy code",
       "A NUCC Health Care Provider Taxonomy code: a kind of provider or specialty.", VOCAB + "Code"),
    _c("Payer", "payer", "A health plan or program that pays claims; a schema:Organization.",
       SCHEMA + "Organization"),
    _c("PayerPolicy", "payer policy",
       "A medical or coverage policy a payer publishes for a drug or code; a schema:CreativeWork, "
       "a published text.", SCHEMA + "CreativeWork"),
    _c("Route", "route of administration", "How a drug is given: intravenous, subcutaneous …"),
    _c("CareSetting", "care setting", "Where a service is given: hospital, infusion center …"),
    _c("Role", "personnel role", "A kind of person involved in giving a service: nurse, pharmacist …"),
    _c("AdverseEffect", "adverse effect", "A risk or complication a document names for a drug."),
    _c("Therapy", "therapy",
       "A treatment named as an alternative, which may be a drug class or a procedure; a "
       "schema:MedicalTherapy, an intervention to treat a disease.", SCHEMA + "MedicalTherapy"),
    # ---- links stated by documents ----
    _o("describesCode", "describes code",
       "The HCPCS code a document is about, as it states it; a schema:about.",
       "SourceDocument", "HCPCSCode", SCHEMA + "about",
       VOCAB + "statedLink"),
    _o("describesDrug", "describes drug", "The drug a document is about; a schema:about.",
       "SourceDocument", "Drug",
       SCHEMA + "about", VOCAB + "statedLink"),
    _o("drug", "drug", "The drug an HCPCS code bills, with the dose of one billing unit on its "
       "statement (doseAmount, doseUnit).", "HCPCSCode", "Drug", VOCAB + "statedLink"),
    _o("indication", "indication", "A condition a document states the drug treats.", "Drug", "Condition",
       VOCAB + "statedLink"),
    _o("brand", "brand",
       "A brand name a document gives for the drug; a schema:brand, the brand a product is "
       "sold under.", "Drug", "BrandName", SCHEMA + "brand", VOCAB + "statedLink"),
    _o("alternative", "alternative", "A therapy a document names as an alternative to the drug.",
       "Drug", "Therapy", VOCAB + "statedLink"),
    _o("adverseEffect", "adverse effect", "A risk or complication a document names for the drug.",
       "Drug", "AdverseEffect", VOCAB + "statedLink"),
    _o("route", "route", "A route by which a document says the code's drug is given.", "HCPCSCode",
       "Route", VOCAB + "statedLink"),
    _o("careSetting", "care setting", "A setting in which a document says the service is given.",
       "HCPCSCode", "CareSetting", VOCAB + "statedLink"),
    _o("role", "personnel role", "A role a document says takes part in giving the service.",
       "HCPCSCode", "Role", VOCAB + "statedLink"),
    _o("relatedDiagnosis", "related diagnosis",
       "An ICD-10-CM code a document lists as relevant when billing the code (not necessarily a "
       "treated condition).", "HCPCSCode", "ICD10CMCode", VOCAB + "statedLink"),
    _o("administrationCode", "administration code",
       "A CPT code a document lists for administering the drug the code bills.", "HCPCSCode",
       "CPTCode", VOCAB + "statedLink"),
    _o("modifier", "modifier", "A modifier a document lists as used with the code.", "HCPCSCode",
       "Modifier", VOCAB + "statedLink"),
    _o("specialty", "specialty",
       "A provider taxonomy code a document lists as a specialty that bills the code.",
       "HCPCSCode", "ProviderTaxonomyCode", VOCAB + "statedLink"),
    _o("policy", "policy", "A payer policy a document names for the code or drug.",
       ("HCPCSCode", "Drug"), "PayerPolicy", VOCAB + "statedLink"),
    _o("payer", "payer",
       "The payer that publishes a policy; a schema:publisher, the organisation that publishes a "
       "creative work.", "PayerPolicy", "Payer", SCHEMA + "publisher", VOCAB + "statedLink"),
    _o("policyFor", "policy for", "The drug a payer policy is about; a schema:about.", "PayerPolicy",
       "Drug", SCHEMA + "about", VOCAB + "statedLink"),
    _o("mentionsPayer", "mentions payer", "A payer a document discusses; a schema:mentions.",
       "SourceDocument", "Payer",
       SCHEMA + "mentions", VOCAB + "statedLink"),
    # ---- links inferred by medkg ----
    _o("inferredCode", "inferred code",
       "The HCPCS code medkg infers a document is about when it states none (method on the "
       "statement).", "SourceDocument", "HCPCSCode", VOCAB + "inferredLink"),
    _o("inferredDrug", "inferred drug",
       "The drug of a code, inferred from the official descriptor rather than stated.",
       "HCPCSCode", "Drug", VOCAB + "inferredLink"),
    _o("inferredCondition", "inferred ICD-10-CM code",
       "An ICD-10-CM concept medkg links a stated condition to (method and score on the link).",
       "Condition", "ICD10CMCode", VOCAB + "inferredLink"),
    # ---- data-quality findings ----
    _c("Finding", "finding",
       "A disagreement or problem medkg found in the data, such as a stated code that is not in "
       "the official release; a prov:Entity derived from the data it is about.", PROV + "Entity"),
    _o("focusNode", "focus node", "The node a finding is about (a code, drug, document …).",
       "Finding", None),
    _o("aboutStatement", "about statement", "The stated fact a finding questions.", "Finding",
       "Statement"),
    _d("severity", "severity", "How serious a finding is: error, warning or info.", "Finding", XSD_STRING),
    _d("findingKind", "finding kind",
       "What kind of problem a finding is, e.g. code-not-in-release, description-mismatch.",
       "Finding", XSD_STRING),
    _d("message", "message", "A sentence a person understands saying what is wrong.", "Finding",
       XSD_STRING),
    _d("codeSystem", "code system", "The key of the code system a finding concerns (icd10cm …).",
       "Finding", XSD_STRING),
    _d("code", "code", "The code a finding concerns, as stated.", "Finding", XSD_STRING),
    _d("expected", "expected", "The official value a stated value was compared with.", "Finding",
       XSD_STRING),
    _d("found", "found", "The value the document states.", "Finding", XSD_STRING),
    # ---- statement attributes ----
    _d("section", "section", "The section of the document the statement comes from.", "Statement",
       XSD_STRING),
    _d("quote", "quote", "The text of the document the statement was read from.", "Statement", XSD_STRING),
    _d("line", "line", "The 1-based line of the quote in the document.", "Statement", XSD_INTEGER),
    _d("status", "row status",
       "What the document says of its own row: stated, excluded, not-applicable (only stated rows "
       "become links).", "Statement", XSD_STRING),
    _d("statedCode", "stated code", "A code exactly as the document wrote it.", "Statement", XSD_STRING),
    _d("statedDescription", "stated description", "The description the document gives a code.",
       "Statement", XSD_STRING),
    _d("note", "note", "The relevance, when-to-use or notes column of a row.", "Statement", XSD_STRING),
    _d("frequency", "frequency", "How often a document says an adverse effect occurs (common, rare).",
       "Statement", XSD_STRING),
    _d("statedText", "stated text", "What the document wrote, before medkg named it canonically.",
       "Statement", XSD_STRING),
    _d("statedDescriptor", "stated descriptor", "The HCPCS descriptor a document gives (its title).",
       None, XSD_STRING),
    _d("doseAmount", "dose amount", "The amount of drug in one billing unit.", None, XSD_DECIMAL),
    _d("doseUnit", "dose unit", "The unit of the billing-unit dose: mg, g, mcg, units, ml.", None,
       XSD_STRING),
    _d("method", "method", "How an inferred fact was derived.", None, XSD_STRING),
    _d("score", "score", "How sure medkg is of an inferred fact, 0 to 1.", None, XSD_DECIMAL),
    _d("fileName", "file name", "The file name of a source document.", "SourceDocument", XSD_STRING),
    _d("sha256", "SHA-256", "The SHA-256 of a source document's bytes, hex.", "SourceDocument", XSD_STRING),
    _d("genre", "genre", "The kind of document: code-explainer or coding-report.", "SourceDocument",
       XSD_STRING),
    # ---- issue 4: official code sets (reference graphs) ----
    _c("CodeSetRelease", "code set release",
       "One release of an official code set as loaded into its reference graph (the graph IRI "
       "denotes the release), with its version, release date, source and load time; a prov:Entity "
       "because the reference graph's facts are derived from it.",
       PROV + "Entity"),
    _c("RxNormIngredient", "RxNorm ingredient",
       "An RxNorm ingredient concept (term type IN, PIN or MIN), identified by its RxCUI; a code "
       "for a drug, not the drug itself, which is linked to it by skos:exactMatch.",
       VOCAB + "Code"),
    _c("RxNormBrandName", "RxNorm brand name",
       "An RxNorm brand name concept (term type BN), identified by its RxCUI; a code, linked "
       "from the brand names documents give by skos:exactMatch.", VOCAB + "Code"),
    _o("rxnormBrand", "RxNorm brand",
       "A brand name RxNorm says this ingredient is sold under (its BN concepts, through the "
       "branded drugs); between codes, where mkg:brand links the drug and brand name documents "
       "give; a skos:related, the associative link between two concepts of a scheme.",
       "RxNormIngredient", "RxNormBrandName", SKOS + "related"),
    _c("TaxonomyGroup", "provider taxonomy group",
       "A NUCC grouping (level I) or a classification (level II) that has no code of its own; a "
       "skos:Concept because it is a node of the NUCC hierarchy (skos:broader).",
       SKOS + "Concept"),
    _d("codeSet", "code set", "The key of the code set a release belongs to (icd10cm, hcpcs, nucc, "
       "rxnorm).", "CodeSetRelease", XSD_STRING),
    _d("releaseDate", "release date",
       "The date a code set release takes effect; codes are checked as of this date.",
       "CodeSetRelease", XSD_DATE),
    _d("conceptCount", "concept count", "How many concepts a code set release holds.",
       "CodeSetRelease", XSD_INTEGER),
    _d("level", "level",
       "Where a concept sits in its code set: chapter, block, category, subcategory, "
       "extended-subcategory (ICD-10-CM); grouping, classification, specialization (NUCC); "
       "procedure, modifier (HCPCS); IN, PIN, MIN, BN (RxNorm term types).", "Code", XSD_STRING),
    _d("billable", "billable",
       "True when a code may be reported on a claim (an ICD-10-CM leaf).", "Code", XSD_BOOLEAN),
    _d("shortDescription", "short description",
       "The official short descriptor of an HCPCS code; a skos:altLabel because it is another "
       "official name of the code.",
       "Code", XSD_STRING, SKOS + "altLabel"),
    _d("addDate", "add date", "The date CMS added an HCPCS code or modifier.", "Code", XSD_DATE),
    _d("effectiveDate", "action effective date",
       "The date the latest CMS action on an HCPCS code took effect.", "Code", XSD_DATE),
    _d("terminationDate", "termination date",
       "The last date an HCPCS code or modifier may be used.", "Code", XSD_DATE),
    _d("actionCode", "action code",
       "The CMS action code of the release (A added, N no change, D discontinued …).", "Code",
       XSD_STRING),
    _d("descriptorDrug", "descriptor drug",
       "The drug name read from an HCPCS code's official long descriptor, lower case.",
       "HCPCSCode", XSD_STRING),
    _d("taxonomySection", "taxonomy section",
       "The NUCC section of a taxonomy code: Individual (a kind of clinician) or Non-Individual "
       "(agencies, clinics, facilities).", "ProviderTaxonomyCode", XSD_STRING),
    _d("definition", "definition", "The official definition of a code, where the code set has "
       "one; the same meaning as skos:definition.", "Code", XSD_STRING, SKOS + "definition"),
    # ---- issue 3: stated and inferred links as two families ----
    _o("statedLink", "stated link",
       "Any link a document states; each one is reified by a mkg:Statement that gives the "
       "document, section and quote it was read from.", None, None),
    _o("inferredLink", "inferred link",
       "Any link medkg derives rather than reads; each one is reified by a mkg:Statement that "
       "gives its method and score, so it is never mistaken for a stated link.", None, None),
    # ---- issue 5: condition linking (inferred, in each document's derived graph) ----
    _c("ConditionLink", "condition link",
       "An inferred link from a stated condition (rdf:subject) to an ICD-10-CM concept "
       "(rdf:object) with the method, score and reasons of the match; a mkg:Statement kept in "
       "the document's derived graph, apart from what the document states.", VOCAB + "Statement"),
    _d("linkedText", "linked text", "The condition text a link was made from.", "ConditionLink",
       XSD_STRING),
    _d("matchedLabel", "matched label",
       "The official title or inclusion term of the ICD-10-CM concept the text matched.",
       "ConditionLink", XSD_STRING),
    _d("reason", "reason", "One reason the link was made, in words (a link has several).",
       "ConditionLink", XSD_STRING),
    _o("withinConcept", "within concept",
       "An ICD-10-CM concept the linked concept is or falls under (itself and every ancestor), "
       "materialised so that a question about a concept finds links to its descendants with "
       "one index lookup.", "ConditionLink", "ICD10CMCode"),
)

BY_NAME: dict[str, Term] = {t.name: t for t in TERMS}


def term(name: str) -> str:
    """The IRI of a vocabulary term, refusing names the vocabulary does not define."""
    return BY_NAME[name].iri


class V:
    """Attribute access to term IRIs: V.drug, V.HCPCSCode …"""

    def __getattr__(self, name: str) -> str:
        try:
            iri = BY_NAME[name].iri
        except KeyError:
            raise AttributeError(f"medkg vocabulary has no term {name!r}") from None
        setattr(self, name, iri)  # later reads are plain attributes: ingest reads these per triple
        return iri


MKG = V()

# Terms from other vocabularies the builder uses.
RDF_TYPE = RDF + "type"
RDF_SUBJECT = RDF + "subject"
RDF_PREDICATE = RDF + "predicate"
RDF_OBJECT = RDF + "object"
SKOS_PREFLABEL = SKOS + "prefLabel"
SKOS_ALTLABEL = SKOS + "altLabel"
SKOS_NOTATION = SKOS + "notation"
SKOS_INSCHEME = SKOS + "inScheme"
SKOS_BROADER = SKOS + "broader"
SKOS_EXACTMATCH = SKOS + "exactMatch"
PROV_WAS_DERIVED_FROM = PROV + "wasDerivedFrom"
PROV_WAS_GENERATED_BY = PROV + "wasGeneratedBy"
PROV_GENERATED_AT = PROV + "generatedAtTime"
PROV_USED = PROV + "used"
PROV_ASSOCIATED = PROV + "wasAssociatedWith"
PROV_ENDED_AT = PROV + "endedAtTime"
PROV_ACTIVITY = PROV + "Activity"
PROV_SOFTWARE_AGENT = PROV + "SoftwareAgent"
DCTERMS_TITLE = DCTERMS + "title"
SCHEMA_VERSION = SCHEMA + "softwareVersion"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"


# ---- issue 3: axioms beyond single terms (used by ontology/build.py and the shapes) ----

# Terms of other vocabularies that medkg data uses, declared with their OWL kind so that OWL
# tools (Protégé, HermiT) read the data as intended instead of guessing.
EXTERNAL_TERMS: tuple[tuple[str, str], ...] = (
    (SKOS + "Concept", "class"),
    (SKOS + "ConceptScheme", "class"),
    (SKOS_NOTATION, "datatype"),
    (SKOS_INSCHEME, "object"),
    (SKOS_BROADER, "object"),
    (SKOS_EXACTMATCH, "object"),
    (SKOS_PREFLABEL, "annotation"),
    (SKOS_ALTLABEL, "annotation"),
    (SKOS + "definition", "annotation"),
    (PROV + "Entity", "class"),
    (PROV_ACTIVITY, "class"),
    (PROV_SOFTWARE_AGENT, "class"),
    (PROV_WAS_DERIVED_FROM, "object"),
    (PROV_WAS_GENERATED_BY, "object"),
    (PROV_USED, "object"),
    (PROV_ASSOCIATED, "object"),
    (PROV_GENERATED_AT, "datatype"),
    (PROV_ENDED_AT, "datatype"),
    (DCTERMS_TITLE, "annotation"),
    (SCHEMA_VERSION, "datatype"),
)

# Groups of classes no two of which share a member (owl:AllDisjointClasses). A source document
# and a payer policy may be the same thing (medkg may read a policy), so they are not disjoint.
_THINGS = ("Code", "Drug", "BrandName", "Condition", "Payer", "Route", "CareSetting", "Role",
           "Statement", "Finding")
DISJOINT_CLASSES: tuple[tuple[str, ...], ...] = (
    (*_THINGS, "PayerPolicy"),
    (*_THINGS, "SourceDocument"),
    ("HCPCSCode", "CPTCode", "ICD10CMCode", "Modifier", "ProviderTaxonomyCode"),
)

# Class, property, class: every member of the first class has such a link to the second
# (owl:someValuesFrom). This is how the ontology says that every stated fact has a source.
SOME_VALUES_FROM: tuple[tuple[str, str, str], ...] = (
    ("Statement", PROV_WAS_DERIVED_FROM, "SourceDocument"),
)

# The code systems (keys of ontology.namespaces.CODE_SYSTEMS) whose codes each code class holds.
CODE_CLASS_SYSTEMS: dict[str, tuple[str, ...]] = {
    "HCPCSCode": ("hcpcs",),
    "CPTCode": ("cpt",),
    "ICD10CMCode": ("icd10cm",),
    "Modifier": ("hcpcs-modifier", "cpt-modifier"),
    "ProviderTaxonomyCode": ("nucc",),
    "RxNormIngredient": ("rxnorm",),
    "RxNormBrandName": ("rxnorm",),
}

# Classes of the nodes medkg mints from a document's words: each has exactly one skos:prefLabel
# (the name it was minted from) and is traceable to at least one statement.
MINTED_CLASSES: tuple[str, ...] = (
    "Drug", "BrandName", "Condition", "Payer", "PayerPolicy", "Route", "CareSetting", "Role",
    "AdverseEffect", "Therapy",
)

# The values of mkg:status: what a document says of its own table row (a duplicated row is
# written once, so "duplicate" never reaches the graph).
STATEMENT_STATUSES: tuple[str, ...] = ("stated", "excluded", "not-applicable")
