"""Every kind of finding, with a fixture that triggers it and one that does not.

Tiny official releases (tests/refdata_fixtures.py) and documents made from the examples with one
deliberate error each. Findings are read back from the graph with stored_findings, the way
`medkg validate` lists them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from graph_app.codetruth import KINDS
from graph_app.derive import Deriver
from graph_app.findings import Finding, stored_findings
from graph_app.loader import ingest_paths
from graph_app.querylib import load_query
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from graph_app.store import GraphStore
from graph_app.textmatch import compare
from graph_app.validate import validate_store
from ontology import namespaces as ns
from tests.conftest import EXAMPLES, FIXED_TIME

REPORT = EXAMPLES / "tocilizumab-J3262-report.txt"
BLINA = EXAMPLES / "blinatumomab-J9039.txt"
OFA = EXAMPLES / "ofatumumab-J9302.txt"


def variant(source: Path, folder: Path, name: str, *swaps: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text, f"{old!r} not in {source.name}"
        text = text.replace(old, new)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def write_documents(folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    variant(REPORT, folder, "report-errors.txt",
            ("M31.6 | Other giant cell arteritis",
             "M31.6 | Giant cell arteritis with polymyalgia rheumatica"),
            ("M05.79 | Rheumatoid arthritis with rheumatoid factor of multiple sites without organ or "
             "systems involvement", "M06 | Other rheumatoid arthritis"),
            ("M06.09 | Rheumatoid arthritis without rheumatoid factor, multiple sites",
             "MM31.6 | Rheumatoid arthritis without rheumatoid factor, multiple sites"),
            ("M08.3 | Juvenile rheumatoid polyarthritis (seronegative)",
             "T80.7XXA | Infection following infusion, initial encounter"),
            ("JB | Administered subcutaneously", "J9302 | Injection, ofatumumab"),
            ("GA | Waiver of liability statement issued as required by payer policy, individual case",
             "GD | Units of service exceeds medically unlikely edit value"),
            ("JW | Drug amount discarded/not administered to any patient | Report",
             "JW | Drug discarded/amount used | Report"),
            ("| 207RH0003X | Hematology & Oncology |", "| 251B00000X | Case Management Agency |"),
            ("| 2080P0216X | Pediatric Rheumatology |", "| 207R00000X | Rheumatology |"))
    variant(BLINA, folder, "blina-adcetris.txt", ("Brand name: Blincyto.", "Brand name: Adcetris."))
    variant(BLINA, folder, "blina-zorbex.txt", ("Brand name: Blincyto.", "Brand name: Zorbex."))
    variant(BLINA, folder, "blina-1mg.txt",
            ("Injection, blinatumomab, 1 microgram\n", "Injection, blinatumomab, 1 mg\n"))
    variant(BLINA, folder, "oldumab-J9998.txt", ("blinatumomab", "oldumab"), ("Blinatumomab", "Oldumab"),
            ("J9039", "J9998"), ("1 microgram", "5 mg"))
    variant(BLINA, folder, "newumab-J9997.txt", ("blinatumomab", "newumab"), ("Blinatumomab", "Newumab"),
            ("J9039", "J9997"), ("1 microgram", "2 mg"))
    variant(OFA, folder, "zorbexumab.txt", ("ofatumumab", "zorbexumab"), ("Ofatumumab", "Zorbexumab"))
    for example in (BLINA, OFA, REPORT):
        (folder / example.name).write_bytes(example.read_bytes())


@pytest.fixture(scope="module")
def truth(tmp_path_factory, tiny_refs_module) -> GraphStore:
    """Tiny releases loaded first, then the documents ingested with the derive hook."""
    tmp = tmp_path_factory.mktemp("truth")
    refs = tiny_refs_module
    store = GraphStore(tmp / "store")
    report = load_reference_sets(store, refs, now=FIXED_TIME)
    assert not report.failed, report.failed
    write_documents(tmp / "docs")
    ingested = ingest_paths(store, [tmp / "docs"], derive=Deriver(store), now=FIXED_TIME)
    assert not ingested.failed, ingested.failed
    return store


@pytest.fixture(scope="module")
def tiny_refs_module(tmp_path_factory) -> dict[str, Path]:
    from tests.refdata_fixtures import ICD_DIR, RXNORM_RRF_DIR, write_anweb, write_nucc

    folder = tmp_path_factory.mktemp("refs")
    return {"icd10cm": ICD_DIR, "hcpcs": write_anweb(folder / "HCPC2020_ANWEB_tiny.txt"),
            "nucc": write_nucc(folder / "nucc_taxonomy_251.csv"), "rxnorm": RXNORM_RRF_DIR}


def findings(store: GraphStore, document: str) -> list[Finding]:
    doc = ns.document_iri(ns.document_key(document))
    return [f for f in stored_findings(EmbeddedRunner(store)) if f.document == doc]


def of_kind(store: GraphStore, document: str, kind: str) -> dict[str, Finding]:
    return {f.code or f.found or "": f for f in findings(store, document) if f.kind == kind}


def test_every_kind_has_a_severity():
    assert set(KINDS.values()) <= {"error", "warning", "info"}


def test_code_not_in_release_names_the_release(truth):
    found = of_kind(truth, "report-errors.txt", "code-not-in-release")
    assert "T80.7XXA" in found and "M06.9" not in found and "M31.5" not in found
    jz = found["JZ"]
    assert jz.severity == "error" and "HCPCS Level II 2020" in jz.message
    assert jz.section == "Coding Specifications" and jz.statement
    assert "JW" not in found and "KX" not in found


def test_code_inactive(truth):
    gd = of_kind(truth, "report-errors.txt", "code-inactive")
    assert set(gd) == {"GD"} and "terminated on 2019-12-31, before HCPCS Level II 2020" in gd["GD"].message
    assert "J9998" in of_kind(truth, "oldumab-J9998.txt", "code-inactive")
    added = of_kind(truth, "newumab-J9997.txt", "code-inactive")["J9997"]
    assert "added on 2020-04-01, after the release date" in added.message
    assert not of_kind(truth, "blinatumomab-J9039.txt", "code-inactive")


def test_description_mismatch_names_both_texts(truth):
    found = of_kind(truth, "report-errors.txt", "description-mismatch")
    m316 = found["M31.6"]
    assert m316.found == "Giant cell arteritis with polymyalgia rheumatica"
    assert m316.expected == "Other giant cell arteritis"
    assert "is the official title of M31.5" in m316.message
    assert found["JW"].expected == "Drug amount discarded/not administered to any patient"
    assert found["207R00000X"].found == "Rheumatology"
    assert found["207R00000X"].expected == "Internal Medicine Physician"
    for fine in ("M06.9", "M31.5", "KX", "GZ", "363L00000X", "207RR0500X", "251B00000X"):
        assert fine not in found, found.get(fine)
    assert not of_kind(truth, "tocilizumab-J3262-report.txt", "description-mismatch")


def test_similarity_threshold_is_between_paraphrase_and_other_concept():
    paraphrase = compare("Rheumatoid arthritis with rheumatoid factor, multiple sites, without organ "
                         "or systems involvement",
                         "Rheumatoid arthritis with rheumatoid factor of multiple sites without organ "
                         "or systems involvement")
    assert paraphrase.agrees
    assert not compare("Giant cell arteritis with polymyalgia rheumatica",
                       "Other giant cell arteritis").agrees
    assert compare("Other specified immunological disorders",
                   "Other specified disorders involving the immune mechanism, not elsewhere "
                   "classified").agrees
    assert not compare("Arthritis", "Rheumatoid arthritis with rheumatoid factor of multiple sites").agrees


def test_code_not_billable_and_malformed(truth):
    assert set(of_kind(truth, "report-errors.txt", "code-not-billable")) == {"M06"}
    malformed = of_kind(truth, "report-errors.txt", "code-malformed")
    assert set(malformed) == {"MM31.6"} and "not a well-formed ICD-10-CM code" in malformed["MM31.6"].message


def test_not_a_modifier(truth):
    found = of_kind(truth, "report-errors.txt", "not-a-modifier")
    assert set(found) == {"J9302"} and "is not a modifier" in found["J9302"].message
    assert not of_kind(truth, "tocilizumab-J3262-report.txt", "not-a-modifier")


def test_taxonomy_not_individual(truth):
    found = of_kind(truth, "report-errors.txt", "taxonomy-not-individual")
    assert set(found) == {"251B00000X"} and "Non-Individual" in found["251B00000X"].message


def test_cpt_codes_are_reported_unchecked_never_verified(truth):
    found = of_kind(truth, "report-errors.txt", "code-unchecked")
    assert {"96413", "96365", "25", "59"} <= set(found)
    assert all(f.severity == "info" and "AMA" in f.message for f in found.values())
    assert "JW" not in found and "M06.9" not in found


def test_dose_mismatch(truth):
    found = of_kind(truth, "blina-1mg.txt", "dose-mismatch")
    assert "J9039" in found and "1 mg" in found["J9039"].message and "1 mcg" in found["J9039"].message
    assert not of_kind(truth, "blinatumomab-J9039.txt", "dose-mismatch")


def test_brand_of_other_drug(truth):
    found = of_kind(truth, "blina-adcetris.txt", "brand-of-other-drug")
    adcetris = found["1147324"]
    assert "Adcetris" in adcetris.message and "brentuximab vedotin (RxCUI 1147320)" in adcetris.message
    assert adcetris.found == "Adcetris is a brand of blinatumomab"
    assert not of_kind(truth, "blinatumomab-J9039.txt", "brand-of-other-drug")  # Blincyto


def test_brand_and_drug_not_in_release(truth):
    assert "Zorbex" in of_kind(truth, "blina-zorbex.txt", "brand-not-in-release")
    assert "oldumab" in of_kind(truth, "oldumab-J9998.txt", "drug-not-in-release")
    assert not of_kind(truth, "blinatumomab-J9039.txt", "brand-not-in-release")
    assert not of_kind(truth, "blinatumomab-J9039.txt", "drug-not-in-release")


def test_page_without_code_gets_it_from_the_official_descriptor(truth):
    runner = EmbeddedRunner(truth)
    rows = load_query("code").run(runner, code="J9302").rows
    inferred = [r for r in rows if r["relation"].value == "inferredCode"]
    assert len(inferred) == 1 and inferred[0]["status"].value == "inferred"
    assert "official HCPCS descriptor" in inferred[0]["detail"].value
    assert {r["source"].value for r in rows} == {"ofatumumab-J9302.txt"}
    assert "route" in {r["relation"].value for r in rows}, "the page's facts move onto J9302"
    cll = load_query("codes-for-condition").run(runner, condition="chronic lymphocytic").rows
    assert "J9302" in {r["notation"].value for r in cll}
    assert not of_kind(truth, "ofatumumab-J9302.txt", "code-not-inferred")
    # the statements moved onto J9302 and the drug it brings are well-formed, with their method
    report = validate_store(truth)
    assert "inferred-link-without-method" not in report.by_kind
    assert not {k for k in report.by_kind if k.startswith("shacl:statement-")}
    missed = of_kind(truth, "zorbexumab.txt", "code-not-inferred")
    assert len(missed) == 1 and "Injection, zorbexumab, 10 mg" in next(iter(missed.values())).message


def test_drugs_and_brands_are_matched_to_rxnorm(truth):
    rows = truth.ox.query(
        "SELECT ?node ?rx WHERE { ?node <http://www.w3.org/2004/02/skos/core#exactMatch> ?rx }",
        use_default_graph_as_union=True)
    matches = {(r["node"].value, r["rx"].value) for r in rows}
    assert (ns.entity_iri("drug", "blinatumomab"), ns.RXNORM.iri("1597258")) in matches
    assert (ns.entity_iri("brand", "Blincyto"), ns.RXNORM.iri("1597263")) in matches
    # the brand a page gets wrong is still matched to what it really is
    assert (ns.entity_iri("brand", "Adcetris"), ns.RXNORM.iri("1147324")) in matches


def test_findings_are_linked_to_their_statement_and_document(truth):
    m316 = of_kind(truth, "report-errors.txt", "description-mismatch")["M31.6"]
    q = f"ASK {{ <{m316.statement}> <{ns.PROV}wasDerivedFrom> <{m316.document}> }}"
    assert truth.ox.query(q, use_default_graph_as_union=True)
    assert m316.focus == ns.ICD10CM.iri("M31.6")


def test_facts_read_from_the_builders_text_equal_facts_read_from_the_quads():
    """Ingest derives from the triples as the graph builder wrote them, `refdata load` from the
    stored quads: both must see the same statements, labels, title and triples."""
    from graph_app.stated import document_facts
    from ingest.registry import read_document
    from ingest.to_rdf import build_document_graph

    pages = sorted(EXAMPLES.glob("*.txt"))
    assert pages
    for page in pages:
        graph = build_document_graph(read_document(page), ingested_at=FIXED_TIME, tool_version="t")
        from_text = document_facts(graph.key, graph.quads, graph.rows)
        from_quads = document_facts(graph.key, graph.quads)
        assert from_text.statements and from_text.statements == from_quads.statements, page.name
        assert (from_text.labels, from_text.title) == (from_quads.labels, from_quads.title), page.name
        assert from_text.triples == from_quads.triples
