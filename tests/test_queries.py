"""The query library: documented, parameters bound as terms, the answers the seeds imply."""

from __future__ import annotations

import pytest

from graph_app.errors import ParameterError, QueryError, UnknownQueryError
from graph_app.querylib import library, load_query
from graph_app.runner import EmbeddedRunner

REQUIRED = [
    "codes-for-condition", "code", "drugs", "code-specialties", "code-diagnoses",
    "code-procedures", "code-modifiers", "code-policies",
]


def run(store, name, **params):
    return load_query(name).run(EmbeddedRunner(store), **params)


def test_required_queries_exist_and_document_themselves():
    lib = library()
    for name in REQUIRED:
        q = lib[name]
        assert q.summary, f"{name} has no summary line"
        assert q.examples and q.examples[0].startswith(f"medkg query {name}")
        for p in q.parameters:
            assert p.doc, f"{name}: parameter {p.name} undocumented"
            assert f"?{p.name}" in q.text


@pytest.mark.parametrize("name", REQUIRED)
def test_every_example_runs(seed_store, name):
    q = load_query(name)
    args = dict(a.split("=", 1) for a in q.examples[0].split("--param ")[1:]) if q.parameters else {}
    args = {k.strip(): v.strip() for k, v in args.items()}
    result = q.run(EmbeddedRunner(seed_store), **args)
    assert result.rows, f"example of {name} returned no rows on the seed graph"


def test_codes_for_lymphoblastic(seed_store):
    result = run(seed_store, "codes-for-condition", condition="lymphoblastic")
    assert set(result.column("notation")) == {"J9229", "J9039"}
    for row in result.rows:
        assert "lymphoblastic" in row["quote"].value.lower()
        assert row["source"].value.endswith(".txt")


def test_code_query_shows_excluded_rows_with_their_status(seed_store):
    rows = run(seed_store, "code", code="J3262").rows
    status = {(r["relation"].value, r["valueLabel"].value): r["status"].value for r in rows}
    assert status[("modifier", "Anesthesia by anesthesiologist")] == "excluded"
    assert status[("modifier", "Two surgeons")] == "not-applicable"
    assert status[("modifier", "Drug discarded/amount used")] == "stated"
    drug = [r for r in rows if r["relation"].value == "drug"]
    assert {r["detail"].value for r in drug} == {"1 mg per billing unit"}


def test_code_modifiers_leave_out_excluded_and_duplicate_rows(seed_store):
    result = run(seed_store, "code-modifiers", code="J3262")
    codes = result.column("modifierCode")
    assert sorted(codes) == sorted(["JW", "JZ", "59", "76", "52", "53", "KX", "GZ"])
    assert len(codes) == len(set(codes))


def test_row_queries(seed_store):
    assert set(run(seed_store, "code-diagnoses", code="J3262").column("icd10cm")) == {
        "M05.79", "M06.9", "M31.6", "M35.3", "D89.89", "T80.7XXA"
    }
    assert set(run(seed_store, "code-procedures", code="J3262").column("cpt")) == {
        "96413", "96415", "96372", "99213", "99070"
    }
    assert "207R00000X" in run(seed_store, "code-specialties", code="J3262").column("taxonomyCode")
    assert run(seed_store, "code-policies", code="J9039").column("title") == ["Blincyto (blinatumomab)"]


def test_parameters_are_bound_as_terms_not_pasted(seed_store):
    hostile = 'x")) } UNION { ?s ?p ?o } #'
    assert run(seed_store, "codes-for-condition", condition=hostile).rows == []


def test_parameter_errors_are_clear(seed_store):
    with pytest.raises(ParameterError, match="not a well-formed HCPCS Level II code"):
        run(seed_store, "code", code="J92")
    with pytest.raises(ParameterError, match="needs --param code="):
        run(seed_store, "code")
    with pytest.raises(ParameterError, match="has no parameter colour"):
        run(seed_store, "code", code="J9229", colour="red")
    with pytest.raises(UnknownQueryError, match="codes-for-condition"):
        load_query("no-such-query")


def test_invalid_sparql_is_a_query_error(seed_store):
    with pytest.raises(QueryError, match="not valid SPARQL"):
        EmbeddedRunner(seed_store).select("SELEKT * WHERE { ?s ?p ?o }")
