"""Acceptance: with every official release from ../shared loaded, each real disagreement in the
seed documents is a stored finding naming both texts, every stated code is checked, and the page
that states no code (seed 004) gets J9302 from the official descriptor."""

from __future__ import annotations

import json

import pytest

from graph_app.findings import Finding, stored_findings
from graph_app.querylib import load_query
from graph_app.results import render
from graph_app.runner import EmbeddedRunner
from ingest.registry import read_document
from ontology import namespaces as ns
from tests.conftest import EXAMPLES, seed


@pytest.fixture(scope="module")
def seed_findings(checked_store) -> list[Finding]:
    return stored_findings(EmbeddedRunner(checked_store))


def about(found: list[Finding], seed_prefix: str, kind: str) -> dict[str, Finding]:
    doc = ns.document_iri(ns.document_key(seed(seed_prefix).name))
    return {f.code or f.found or "": f for f in found if f.document == doc and f.kind == kind}


def test_wrong_descriptions_name_both_texts(seed_findings):
    found = about(seed_findings, "001", "description-mismatch")
    m316 = found["M31.6"]
    assert (m316.found, m316.expected) == ("Giant cell arteritis with polymyalgia rheumatica",
                                           "Other giant cell arteritis")
    assert "ICD-10-CM" in m316.message and "M31.5" in m316.message
    assert (found["207R00000X"].found, found["207R00000X"].expected) == (
        "Rheumatology", "Internal Medicine Physician")
    assert found["JW"].found == "Drug discarded/amount used"
    assert found["JW"].expected == "Drug amount discarded/not administered to any patient"
    # a paraphrase of the official title is not a disagreement
    for fine in ("M05.79", "M06.9", "M35.3", "D89.89", "GZ", "363L00000X"):
        assert fine not in found


def test_codes_not_in_the_release(seed_findings):
    found = about(seed_findings, "001", "code-not-in-release")
    assert {"T80.7XXA", "163WL0400X", "261QM0700X", "JZ"} <= set(found)
    assert "HCPCS Level II 2020" in found["JZ"].message  # the release year is named
    assert "NUCC Health Care Provider Taxonomy 25.1" in found["163WL0400X"].message
    assert all(f.severity == "error" for f in found.values())


def test_an_agency_is_not_a_specialty(seed_findings):
    found = about(seed_findings, "001", "taxonomy-not-individual")
    assert set(found) == {"251B00000X"} and "Case Management Agency" in found["251B00000X"].message


def test_adcetris_is_not_a_brand_of_blinatumomab(seed_findings):
    found = about(seed_findings, "003", "brand-of-other-drug")
    assert "brentuximab vedotin" in found["1147324"].message
    assert found["1147324"].found == "Adcetris is a brand of blinatumomab"
    assert not about(seed_findings, "000", "brand-of-other-drug")  # Actemra is tocilizumab's


def test_every_stated_code_is_checked(checked_store, seed_findings):
    runner = EmbeddedRunner(checked_store)
    record = read_document(seed("001"))
    flagged = {(f.kind, f.code) for f in seed_findings}
    for row in record.rows:
        if row.system in ("cpt", "cpt-modifier"):
            assert ("code-unchecked", row.code) in flagged, row.code
            continue
        iri = ns.code_system(row.system).iri(row.code)
        known = load_query("official-code").run(runner, code=iri).rows
        assert known or ("code-not-in-release", row.code) in flagged, row.code


def test_cpt_is_never_reported_as_verified(seed_findings):
    unchecked = about(seed_findings, "001", "code-unchecked")
    assert {"96413", "96415", "96372", "99213", "99070", "59", "76", "52", "53"} <= set(unchecked)
    assert all("AMA" in f.message for f in unchecked.values())


def test_the_page_without_a_code_gets_j9302(checked_store):
    runner = EmbeddedRunner(checked_store)
    rows = load_query("code").run(runner, code="J9302").rows
    sources = {r["source"].value for r in rows if r["relation"].value == "inferredCode"}
    assert seed("004").name in sources
    assert any(r["relation"].value == "indication" and r["source"].value == seed("004").name for r in rows)
    cll = load_query("codes-for-condition").run(runner, condition="chronic lymphocytic leukemia").rows
    assert {r["notation"].value for r in cll if r["source"].value == seed("004").name} == {"J9302"}
    drugs = load_query("drugs").run(runner).rows
    assert ("ofatumumab", "J9302", "inferred") in {
        (r["drugLabel"].value, r["notation"].value, r["link"].value) for r in drugs if "notation" in r}


def test_examples_meant_to_be_right_have_no_wording_errors(seed_findings):
    examples = {ns.document_iri(ns.document_key(p.name)) for p in EXAMPLES.glob("*.txt")}
    wrong = [f for f in seed_findings if f.document in examples
             and f.kind in ("description-mismatch", "dose-mismatch", "brand-of-other-drug")]
    assert not wrong


def test_findings_query_gives_sparql_results_json(checked_store):
    result = load_query("findings").run(EmbeddedRunner(checked_store))
    doc = json.loads(render(result, "json"))
    rows = doc["results"]["bindings"]
    kinds = {b["kind"]["value"] for b in rows}
    assert {"description-mismatch", "code-not-in-release", "brand-of-other-drug"} <= kinds
    m316 = next(b for b in rows if b.get("code", {}).get("value") == "M31.6")
    assert m316["source"]["value"] == seed("001").name and m316["section"]["value"] == "Related Diagnoses"
    assert m316["statement"]["type"] == "uri"
