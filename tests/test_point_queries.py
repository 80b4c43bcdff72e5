"""Point queries at corpus scale (issue 8): parameters the planner can see, rows that do not
multiply with the number of documents, and excluded rows kept out whatever other documents say."""

from __future__ import annotations

from pathlib import Path

from graph_app.loader import ingest_paths
from graph_app.querylib import load_query
from graph_app.runner import EmbeddedRunner, Term
from graph_app.store import GraphStore
from tests.conftest import FIXED_TIME

REPORT = """\
Summary & Overview
HCPCS Level II J3262: Tocilizumab Injection, 1 mg
Key payers covered include Aetna.
Billing Code Overview
HCPCS Level II code J3262 represents Injection, tocilizumab, 1 mg.
Coding Specifications
| Modifier | Description | When to Use |
|---|---|---|
| JW | Drug amount discarded/not administered to any patient | Part of a vial was discarded. |
| 76 | Repeat procedure by same physician | {note} |
| Taxonomy Code | Specialty | Notes |
|---|---|---|
| 207RR0500X | Rheumatology | Prescribes it. |
Related Diagnoses
| ICD-10 Code | Description | Clinical Relevance |
|---|---|---|
| M06.9 | Rheumatoid arthritis, unspecified | {note} |
"""


def two_reports(folder: Path) -> Path:
    """The same code in two reports: one states modifier 76 and M06.9, the other excludes both."""
    folder.mkdir()
    (folder / "states.txt").write_text(REPORT.format(note="Used when the dose is repeated."))
    (folder / "excludes.txt").write_text(REPORT.format(note="Not in the provided list; excluded."))
    return folder


def test_a_row_one_document_excludes_stays_out_when_another_states_it(tmp_path: Path) -> None:
    store = GraphStore(tmp_path / "store")
    report = ingest_paths(store, [two_reports(tmp_path / "docs")], now=FIXED_TIME)
    assert not report.failed and report.excluded_rows == 2
    runner = EmbeddedRunner(store)
    modifiers = {(r["modifierCode"].value, r["source"].value)
                 for r in load_query("code-modifiers").run(runner, code="J3262").rows}
    assert ("76", "states.txt") in modifiers and ("76", "excludes.txt") not in modifiers
    assert ("JW", "excludes.txt") in modifiers, "the document's stated rows are still listed"
    diagnoses = {(r["icd10cm"].value, r["source"].value)
                 for r in load_query("code-diagnoses").run(runner, code="J3262").rows}
    assert diagnoses == {("M06.9", "states.txt")}
    # the `code` query shows every row with the status its document gives it
    statuses = {(r["valueLabel"].value, r["source"].value, r["status"].value)
                for r in load_query("code").run(runner, code="J3262").rows
                if r["relation"].value == "modifier"}
    repeat = "Repeat procedure by same physician"
    assert {(repeat, "excludes.txt", "excluded"), (repeat, "states.txt", "stated")} <= statuses


def test_rows_do_not_repeat_with_the_number_of_documents(tmp_path: Path) -> None:
    """The same facts in many documents: each document's rows once, whatever the copies."""
    folder = tmp_path / "docs"
    folder.mkdir()
    for n in range(6):
        (folder / f"copy-{n}.txt").write_text(REPORT.format(note="Used when the dose is repeated."))
    store = GraphStore(tmp_path / "store")
    ingest_paths(store, [folder], now=FIXED_TIME)
    rows = load_query("code-specialties").run(EmbeddedRunner(store), code="J3262").rows
    assert sorted(r["source"].value for r in rows) == [f"copy-{n}.txt" for n in range(6)]


def test_a_parameter_need_not_be_in_the_projection(seed_store: GraphStore) -> None:
    """Parameters are joined as a VALUES block, which oxigraph's planner starts from."""
    runner = EmbeddedRunner(seed_store)
    query = "SELECT ?document WHERE { ?st rdf:subject ?code ; prov:wasDerivedFrom ?document }"
    rows = runner.select(query, {"code": Term.uri("http://purl.bioontology.org/ontology/HCPCS/J9039")}).rows
    assert rows and all("code" not in r for r in rows)
