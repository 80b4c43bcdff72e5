"""`medkg validate`: a clean graph has no findings, each check catches its defect, the seed graph's
SHACL violations are all reported, and thousands of findings are counted by kind."""

from __future__ import annotations

import json
import re

import pyoxigraph as ox
import pytest

from graph_app.findings import Finding
from graph_app.loader import ingest_paths
from graph_app.querylib import load_query
from graph_app.runner import EmbeddedRunner
from graph_app.shacl import run_shacl
from graph_app.shacl_data import rdflib_graph
from graph_app.store import GraphStore
from graph_app.validate import (
    VIOLATION_SUFFIX,
    load_shapes,
    query_severity,
    render_text,
    validate_store,
    violation_queries,
)
from ontology import namespaces as ns
from ontology import vocabulary as voc
from ontology.files import TTL_FILE
from ontology.rdf_files import read_rdf
from tests.conftest import DATA, EXAMPLES, FIXED_TIME
from tests.test_cli import medkg

VALIDATE_DATA = DATA / "validate"
HCPCS, ICD = ns.HCPCS.base, ns.ICD10CM.base
DOC, STMT = ns.ID + "doc/", ns.ID + "stmt/"

# Every defect in broken.trig, as (kind, focus): the report must hold these and nothing else.
BROKEN = {
    ("shacl:HCPCSCode-notation", HCPCS + "J32620"),
    ("shacl:HCPCSCode-iri", HCPCS + "J32620"),
    ("shacl:HCPCSCode-stated", DOC + "inotuzumab/code"),
    ("shacl:minted-label", ns.ID + "drug/rituximab"),
    ("shacl:minted-evidence", ns.ID + "condition/orphan"),
    ("shacl:statement-evidence", STMT + "broken/no-evidence"),
    ("shacl:specialty-object", HCPCS + "J9229"),
    ("shacl:document-sha256", DOC + "other"),
    ("shacl:score-value", STMT + "broken/score"),
    ("shacl:statement-source", STMT + "broken/elsewhere"),
    ("statement-without-source", STMT + "broken/elsewhere"),
    ("stated-link-without-statement", HCPCS + "J9229"),
    ("excluded-row-asserted", HCPCS + "J9229"),
    ("code-notation-mismatch", HCPCS + "J9000"),
    ("drug-descriptor-mismatch", HCPCS + "J9312"),
    ("code-two-official-labels", ICD + "C91.00"),
    ("official-code-without-title", ICD + "C92"),
    ("broader-cycle", ICD + "C91"),
    ("broader-cycle", ICD + "C91.0"),
    ("broader-cycle", ICD + "C91.00"),
    ("inferred-link-without-method", HCPCS + "J9229"),
    ("code-not-in-release", ICD + "C91.00"),
}


def fixture_store(*names: str, path=None) -> GraphStore:
    store = GraphStore(path)
    for name in names:
        store.ox.load(path=str(VALIDATE_DATA / name), format=ox.RdfFormat.TRIG)
    store.flush()
    return store


@pytest.fixture(scope="module")
def clean_store() -> GraphStore:
    return fixture_store("clean.trig")


@pytest.fixture(scope="module")
def broken_store() -> GraphStore:
    return fixture_store("clean.trig", "broken.trig")


def test_clean_fixture_graph_has_no_findings(clean_store):
    report = validate_store(clean_store)
    assert report.findings == [] and report.exit_code == 0
    assert [c.name.split(" (")[0] for c in report.checks] == [
        "SHACL shapes", f"{len(violation_queries())} violation queries", "stored findings"]


def test_documents_that_state_their_code_give_a_clean_graph(tmp_path):
    """A real ingested graph passes every check; only a page without a stated code is flagged."""
    store = GraphStore(tmp_path / "s")
    pages = [p for p in sorted(EXAMPLES.glob("*.txt")) if "ofatumumab" not in p.name]
    assert not ingest_paths(store, pages, now=FIXED_TIME).failed
    assert validate_store(store).findings == []
    ingest_paths(store, [EXAMPLES / "ofatumumab-J9302.txt"], now=FIXED_TIME)
    assert [f.kind for f in validate_store(store).findings] == ["shacl:HCPCSCode-stated"]


def test_broken_fixture_reports_each_defect_and_nothing_else(broken_store):
    report = validate_store(broken_store)
    assert {(f.kind, f.focus) for f in report.findings} == BROKEN
    assert report.exit_code == 1


def _one(report, kind: str) -> Finding:
    found = [f for f in report.findings if f.kind == kind]
    assert len(found) == 1, found
    return found[0]


def test_findings_carry_code_document_section_and_a_message(broken_store):
    report = validate_store(broken_store)
    notation = _one(report, "shacl:HCPCSCode-notation")
    assert (notation.system, notation.code, notation.found) == ("hcpcs", "J32620", "J32620")
    assert notation.document == DOC + "inotuzumab" and "J9229" in notation.message
    specialty = _one(report, "shacl:specialty-object")
    assert specialty.section == "Coding Specifications"
    assert specialty.statement == STMT + "broken/specialty"
    assert "icd10cm:C91.00" in specialty.message
    excluded = _one(report, "excluded-row-asserted")
    assert (excluded.statement, excluded.found) == (STMT + "inotuzumab/77", "excluded")
    assert excluded.message == ("the document marks its row for 77 as excluded, yet the graph asserts "
                                "J9229 mkg:modifier 77")
    mismatch = _one(report, "drug-descriptor-mismatch")
    assert mismatch.severity == "warning" and mismatch.expected == "Injection, rituximab, 10 mg"
    assert mismatch.section == "Similar Codes"
    labels = _one(report, "code-two-official-labels")
    assert {labels.expected, labels.found} == {
        "Acute lymphoblastic leukemia not having achieved remission",
        "Acute lymphoblastic leukemia, not in remission"}
    stored = _one(report, "code-not-in-release")
    assert (stored.section, stored.document) == ("Related Diagnoses", DOC + "inotuzumab")
    assert report.findings[0].severity == "error" and report.findings[-1].severity == "warning"


def _full_graph_shacl(store: GraphStore) -> set[tuple[str, str]]:
    """pySHACL on every triple of the store (no extraction): what validate must not miss."""
    g = rdflib_graph(store.quads())
    g += read_rdf(TTL_FILE)
    return {(r.shape.rsplit("#", 1)[1], r.focus) for r in run_shacl(g, load_shapes())}


@pytest.mark.parametrize("name", ["seeds", "broken"])
def test_extracting_the_data_graph_loses_no_shacl_violation(name, seed_store, broken_store):
    store = seed_store if name == "seeds" else broken_store
    report = validate_store(store)
    reported = {(f.kind.removeprefix("shacl:"), f.focus) for f in report.findings
                if f.kind.startswith("shacl:")}
    assert reported == _full_graph_shacl(store)


def test_validate_json_on_the_seed_graph_reports_every_shacl_violation(seed_store, seeds_dir, tmp_path):
    store = str(tmp_path / "seeds")  # the shared seed store is open (locked) in this process
    assert medkg("ingest", "--store", store, str(seeds_dir)).returncode == 0
    out = medkg("validate", "--store", store, "--format", "json")
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    placeholder = ns.placeholder_code_iri("004_cee464f5d0599ff2")
    shacl = [f for f in doc["findings"] if f["kind"].startswith("shacl:")]
    assert doc["counts"]["byKind"]["shacl:HCPCSCode-stated"] == 1 and len(shacl) == 1
    (finding,) = shacl
    assert finding["focus"] == placeholder and finding["severity"] == "warning"
    assert finding["document"] == ns.document_iri("004_cee464f5d0599ff2")
    assert "does not state the code" in finding["message"]
    assert {(f["kind"].removeprefix("shacl:"), f["focus"]) for f in shacl} == \
        _full_graph_shacl(seed_store)
    # no code set is loaded in this store: the stored findings only say what could not be checked
    stored = [f for f in doc["findings"] if not f["kind"].startswith("shacl:")]
    assert stored and {(f["kind"], f["severity"]) for f in stored} == {("code-unchecked", "info")}
    assert doc["counts"]["total"] == len(doc["findings"])


# ---- the violation queries ----

QUERIES = [q.name for q in violation_queries()]


def test_there_are_several_violation_queries():
    assert len(QUERIES) >= 6


@pytest.mark.parametrize("name", QUERIES)
def test_violation_query_documents_itself(name):
    q = load_query(name)
    assert q.summary and q.description and q.examples == (f"medkg query {name}",)
    assert query_severity(q) in ("error", "warning")
    assert re.search(r"^# Severity: ", q.text, re.M)


@pytest.mark.parametrize("name", QUERIES)
def test_violation_query_is_silent_on_a_clean_graph_and_fires_on_a_broken_one(name, clean_store,
                                                                                broken_store):
    q = load_query(name)
    assert q.run(EmbeddedRunner(clean_store)).rows == []
    result = q.run(EmbeddedRunner(broken_store))
    assert {"focus", "message"} <= set(result.variables)
    kind = name.removesuffix(VIOLATION_SUFFIX)
    expected = {focus for k, focus in BROKEN if k == kind}
    assert set(result.column("focus")) == expected and expected


def test_code_notation_query_knows_every_code_system():
    text = load_query("code-notation-mismatch-violation").text
    values = re.search(r"VALUES \?base \{([^}]*)\}", text)
    assert values and set(values[1].split()) == {f"{s.prefix}:" for s in ns.CODE_SYSTEMS.values()}


def test_a_link_is_answered_for_by_a_statement_in_its_own_graph():
    """Another document stating the same link is not this document's evidence for it, and an
    inferred link needs its method and score where it is inferred."""
    trig = f"""
    @prefix rdf: <{ns.RDF}> . @prefix prov: <{ns.PROV}> . @prefix mkg: <{ns.VOCAB}> .
    <{ns.document_graph("a")}> {{
      <{ns.document_graph("a")}> prov:wasDerivedFrom <{DOC}a> .
      <{HCPCS}J9229> mkg:route <{ns.ID}route/intravenous> . }}
    <{ns.document_graph("b")}> {{
      <{ns.document_graph("b")}> prov:wasDerivedFrom <{DOC}b> .
      <{HCPCS}J9229> mkg:route <{ns.ID}route/intravenous> .
      <{STMT}b/route> rdf:subject <{HCPCS}J9229> ; rdf:predicate mkg:route ;
          rdf:object <{ns.ID}route/intravenous> . }}
    <{ns.derived_graph("a")}> {{ <{DOC}a> mkg:inferredCode <{HCPCS}J9229> . }}
    <{ns.derived_graph("b")}> {{
      <{STMT}b/code> rdf:subject <{DOC}a> ; rdf:predicate mkg:inferredCode ;
          rdf:object <{HCPCS}J9229> ; mkg:method "descriptor" ; mkg:score 0.9 . }}
    """
    store = GraphStore()
    store.ox.load(trig.encode(), format=ox.RdfFormat.TRIG)
    runner = EmbeddedRunner(store)
    stated = load_query("stated-link-without-statement-violation").run(runner)
    assert [r["document"].value for r in stated.rows] == [DOC + "a"]
    inferred = load_query("inferred-link-without-method-violation").run(runner)
    assert [(r["focus"].value, r["target"].value) for r in inferred.rows] == [(DOC + "a", HCPCS + "J9229")]


def test_inferred_link_query_knows_every_inferred_link():
    text = load_query("inferred-link-without-method-violation").text
    values = re.search(r"VALUES \?link \{([^}]*)\}", text)
    inferred = {f"mkg:{t.name}" for t in voc.TERMS if voc.VOCAB + "inferredLink" in t.parents}
    assert values and set(values[1].split()) == inferred


# ---- many findings ----

def _generated_store(codes: int, drugs: int, links: int) -> GraphStore:
    """A graph with thousands of defects of a few kinds, written directly as quads."""
    doc_graph = ox.NamedNode(ns.document_graph("generated"))
    doc = ox.NamedNode(ns.document_iri("generated"))

    def q(s, p, o):
        return ox.Quad(s, ox.NamedNode(p), o, doc_graph)

    quads = [q(doc_graph, voc.PROV_WAS_DERIVED_FROM, doc),
             q(doc, voc.RDF_TYPE, ox.NamedNode(voc.MKG.SourceDocument)),
             q(doc, voc.MKG.fileName, ox.Literal("generated.txt")),
             q(doc, voc.MKG.sha256, ox.Literal("0" * 64))]
    code = ox.NamedNode(ns.HCPCS.iri("J9229"))
    quads += [q(code, voc.RDF_TYPE, ox.NamedNode(voc.MKG.HCPCSCode)),
              q(code, voc.SKOS_NOTATION, ox.Literal("J9229"))]
    for i in range(codes):  # six digits: bad notation and bad IRI
        bad = ox.NamedNode(ns.HCPCS.base + f"J{i:06d}")
        quads += [q(bad, voc.RDF_TYPE, ox.NamedNode(voc.MKG.HCPCSCode)),
                  q(bad, voc.SKOS_NOTATION, ox.Literal(f"J{i:06d}"))]
    for i in range(drugs):  # two labels and no statement
        drug = ox.NamedNode(ns.entity_iri("drug", f"drug {i}"))
        quads += [q(drug, voc.RDF_TYPE, ox.NamedNode(voc.MKG.Drug)),
                  q(drug, voc.SKOS_PREFLABEL, ox.Literal(f"drug {i}")),
                  q(drug, voc.SKOS_PREFLABEL, ox.Literal(f"Drug {i}"))]
    for i in range(links):  # a stated link without its statement
        icd = ox.NamedNode(ns.ICD10CM.iri(f"A{i // 100:02d}.{i % 100:02d}"))
        quads += [q(icd, voc.RDF_TYPE, ox.NamedNode(voc.MKG.ICD10CMCode)),
                  q(icd, voc.SKOS_NOTATION, ox.Literal(f"A{i // 100:02d}.{i % 100:02d}")),
                  q(code, voc.MKG.relatedDiagnosis, icd)]
    store = GraphStore()
    store.ox.extend(quads)
    return store


def test_thousands_of_findings_are_all_reported_and_counted_by_kind():
    report = validate_store(_generated_store(codes=1500, drugs=800, links=1200))
    assert report.by_kind == {
        "shacl:HCPCSCode-iri": 1500, "shacl:HCPCSCode-notation": 1500,
        "shacl:minted-evidence": 800, "shacl:minted-label": 800,
        "stated-link-without-statement": 1200,
    }
    assert len(report.findings) == 5800
    text = render_text(report, limit=5)
    assert text.startswith("5800 findings in (in memory): 5800 errors")
    assert re.search(r"^  shacl:HCPCSCode-notation\s+1,500$", text, re.M)
    assert "… and 1,195 more" in text
    assert text.count("\n      ") == 5 * 5  # five findings shown per kind


# ---- the command ----

def test_cli_exit_codes_and_outputs(tmp_path):
    clean = fixture_store("clean.trig", path=tmp_path / "clean")
    clean.close()
    ok = medkg("validate", "--store", str(tmp_path / "clean"))
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("0 findings in ") and "passes every check" in ok.stdout

    broken = fixture_store("clean.trig", "broken.trig", path=tmp_path / "broken")
    broken.close()
    text = medkg("validate", "--store", str(tmp_path / "broken"))
    assert text.returncode == 1
    assert text.stdout.startswith(f"{len(BROKEN)} findings in ")
    assert re.search(r"^  broader-cycle\s+3$", text.stdout, re.M)
    assert "\nbroader-cycle (3, error)\n" in text.stdout
    js = medkg("validate", "--store", str(tmp_path / "broken"), "--format", "json")
    doc = json.loads(js.stdout)
    assert js.returncode == 1 and doc["clean"] is False
    assert doc["counts"]["total"] == len(doc["findings"]) == sum(doc["counts"]["byKind"].values())
    assert {f["kind"] for f in doc["findings"]} == {k for k, _ in BROKEN}

    bad_shapes = DATA / "ontology" / "broken-shapes.ttl"
    err = medkg("validate", "--store", str(tmp_path / "clean"), "--shapes", str(bad_shapes))
    assert err.returncode == 2 and "Traceback" not in err.stderr
    assert f"{bad_shapes}, line 8" in err.stderr
    bad_owl = DATA / "ontology" / "broken-ontology.owl"
    err = medkg("validate", "--store", str(tmp_path / "clean"), "--ontology", str(bad_owl))
    assert err.returncode == 2 and f"{bad_owl}, line 8" in err.stderr
    missing = medkg("validate", "--store", str(tmp_path / "none"))
    assert missing.returncode == 2 and "no medkg store" in missing.stderr
