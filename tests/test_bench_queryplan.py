"""The harness binds each parameter to values of its own kind, so point queries measure lookups
that find something (a drug IRI for `drug`, a concept and its category for `concept`)."""

from __future__ import annotations

from bench.queryplan import query_plan, samples
from graph_app.querylib import library
from ontology import namespaces as ns

MANIFEST = {"pages": [
    {"key": f"doc-{i}", "code": code, "drug": drug, "brand": brand,
     "conditions": [[title, icd]]}
    for i, (code, drug, brand, title, icd) in enumerate([
        ("J9229", "inotuzumab ozogamicin", "Besponsa", "Acute lymphoblastic leukemia", "C91.00"),
        ("J3262", "tocilizumab", None, "Giant cell arteritis", "M31.6"),
        ("J9302", "ofatumumab", "Arzerra", "Chronic lymphocytic leukemia", "C91.10"),
    ])
]}


def _params(name: str) -> list[dict[str, str]]:
    plan = query_plan({name: library()[name]}, samples(MANIFEST, 5), repeats=1,
                      point_budget_s=1, whole_budget_s=1)
    [item] = plan
    return item["params"][1:]  # the first is the documented example


def test_iri_parameters_take_nodes_of_the_kind_their_name_says() -> None:
    drugs = _params("drug-indications")
    assert {p["drug"] for p in drugs} == {ns.entity_iri("drug", d)
                                          for d in ("inotuzumab ozogamicin", "tocilizumab", "ofatumumab")}
    assert {p["brand"] for p in _params("brand-drugs")} == {ns.entity_iri("brand", "Besponsa"),
                                                              ns.entity_iri("brand", "Arzerra")}
    assert all(p["condition"].startswith(ns.ID + "condition/") for p in _params("treats-condition"))
    documents = {p["document"] for p in _params("document-facts")}
    assert documents == {ns.document_iri(f"doc-{i}") for i in range(3)}


def test_concepts_include_the_categories_above_the_named_codes() -> None:
    concepts = {p["concept"] for p in _params("treats-concept")}
    assert {"C91.00", "C91", "M31.6", "M31"} <= concepts


def test_a_parameter_without_values_of_its_kind_runs_on_its_example_only() -> None:
    assert _params("reference-values") == []  # a property IRI: no code or drug stands in for it
