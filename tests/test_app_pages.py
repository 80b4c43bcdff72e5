"""Every explorer page, driven by Streamlit's AppTest: its widgets, and what it answers."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from urllib.parse import parse_qs

import pytest
from streamlit.testing.v1 import AppTest

from graph_app.endpoint import ENDPOINT_ENV
from graph_app.store import STORE_ENV, GraphStore
from tests.conftest import REPO
from tests.explorer_fixtures import (  # noqa: F401  (app_store_path is a fixture)
    DOCUMENTS,
    INOTUZUMAB,
    J9039,
    J9229,
    J9229_PAGE,
    M31_6,
    MISWORDED,
    app_store_path,
)

HOME = REPO / "graph_app" / "app" / "Home.py"


def open_page(page: str | None = None, *, iri: str | None = None) -> AppTest:
    at = AppTest.from_file(str(HOME), default_timeout=60)
    if iri:
        at.query_params["iri"] = iri
    if page:
        at.switch_page(f"app_pages/{page}.py")
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.fixture(autouse=True)
def _store(app_store_path: Path, monkeypatch):  # noqa: F811
    monkeypatch.setenv(STORE_ENV, str(app_store_path))


def links(at: AppTest) -> list[tuple[str, str]]:
    """(label, iri) of every link to an entity page."""
    out = []
    for link in at.get("page_link"):
        query = parse_qs(link.proto.query_string)
        if link.proto.page.endswith("entity.py") or "iri" in query:
            out.append((link.value, query.get("iri", [""])[0]))
    return out


def texts(at: AppTest) -> str:
    return "\n".join([m.value for m in at.markdown] + [c.value for c in at.caption])


def graph_args(at: AppTest) -> dict:
    [component] = [e for e in at.get("component_instance") if "medkg_graph" in e.proto.component_name]
    return json.loads(component.proto.json_args)


# ---- search --------------------------------------------------------------------------------------

def test_search_page_has_a_search_box_and_the_graph_counts():
    at = open_page()
    assert at.title[0].value == "medkg explorer"
    assert at.text_input(key="search").value == ""
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["documents"] == str(DOCUMENTS) and int(metrics["HCPCS codes"]) >= 6


def test_words_lead_to_the_condition_and_its_code():
    at = open_page()
    at.text_input(key="search").input("lymphoblastic").run()
    assert not at.exception
    found = links(at)
    labels = [label for label, _ in found]
    assert any("CD22-positive" in label for label in labels)
    assert ("J9229", J9229) in found, "the code a condition leads to is one click away"


def test_a_code_leads_to_its_page_first():
    at = open_page()
    at.text_input(key="search").input("j9229").run()
    label, iri = links(at)[0]
    assert iri == J9229 and label.startswith("J9229")


def test_nothing_found_says_so():
    at = open_page()
    at.text_input(key="search").input("zzzqqq").run()
    assert not at.exception and "Nothing in the graph matches" in at.info[0].value


# ---- entity pages ------------------------------------------------------------------------------

def test_entity_page_shows_names_links_evidence_and_the_graph():
    at = open_page("entity", iri=J9229)
    assert at.title[0].value.startswith("J9229")
    page = texts(at)
    assert "Stated by documents" in page and "HCPCS Level II code" in page
    assert "inotuzumab-ozogamicin-J9229.txt" in page, "the evidence names its document"
    assert any(p.proto.popover.label.startswith("Evidence") for p in at.get("popover"))
    assert (("inotuzumab ozogamicin", INOTUZUMAB) in links(at))
    args = graph_args(at)
    ids = {e["data"]["id"] for e in args["elements"]}
    assert {J9229, INOTUZUMAB} <= ids
    labels = {e["data"]["label"] for e in args["elements"] if "source" not in e["data"]}
    assert "inotuzumab ozogamicin" in labels and not any(label.startswith("http") for label in labels)
    assert at.get("pills")[0].value == ["stated", "inferred", "official"]
    assert at.number_input(key=f"step:{J9229}").value == 25


def test_official_title_beside_a_document_wording_that_differs():
    at = open_page("entity", iri=M31_6)
    assert at.title[0].value == "M31.6 · Other giant cell arteritis"
    page = texts(at)
    assert "**Official**" in page and "**What documents call it**" in page
    differing = [m.value for m in at.markdown if "differs from the official title" in m.value]
    assert len(differing) == 1 and MISWORDED in differing[0]
    assert "tocilizumab-J3262-misworded.txt" in differing[0]
    assert any("description-mismatch" in m.value for m in at.markdown), "the finding is on the page"


def test_filters_by_link_kind_change_the_graph():
    at = open_page("entity", iri=J9229)
    everything = graph_args(at)["elements"]
    at.get("pills")[0].set_value(["official"]).run()
    only_official = graph_args(at)["elements"]
    edges = [e for e in only_official if "source" in e["data"]]
    assert all(e["data"]["kind"] == "official" for e in edges)
    assert len(only_official) < len(everything)


def _event(at: AppTest, center: str, **event) -> None:
    key = "graph-" + hashlib.sha1(center.encode()).hexdigest()[:12]
    at.session_state[key] = {"positions": {center: {"x": 10.0, "y": 20.0}}, **event}
    at.run()
    assert not at.exception, at.exception


def test_expanding_a_node_adds_its_neighbours_and_keeps_positions():
    at = open_page("entity", iri=J9229)
    before = {e["data"]["id"] for e in graph_args(at)["elements"]}
    _event(at, J9229, id="e1", type="expand", node=INOTUZUMAB)
    args = graph_args(at)
    after = {e["data"]["id"] for e in args["elements"]}
    assert before < after and len(after - before) <= 25 * 2  # nodes and the edges to them
    assert args["positions"][J9229] == {"x": 10.0, "y": 20.0}, "positions survive the rerun"
    _event(at, J9229, id="e1", type="expand", node=INOTUZUMAB)  # the same event again: no change
    assert {e["data"]["id"] for e in graph_args(at)["elements"]} == after


def test_open_event_goes_to_the_nodes_page():
    at = open_page("entity", iri=J9229)
    _event(at, J9229, id="e2", type="open", node=INOTUZUMAB)
    assert at.title[0].value == "inotuzumab ozogamicin"


def test_connections_are_drawn_on_the_graph():
    at = open_page("entity", iri=J9229)
    at.text_input(key=f"connect-to:{J9229}").input("J9039")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert "shortest path(s)" in texts(at) and "J9039" in texts(at)
    elements = graph_args(at)["elements"]
    assert any("path" in e.get("classes", "") and e["data"]["id"] == J9039 for e in elements)


def test_document_page_lists_its_facts():
    at = open_page("entity", iri=J9229_PAGE)
    assert at.title[0].value == "inotuzumab-ozogamicin-J9229.txt"
    facts = at.dataframe[-1].value
    assert len(facts) > 10 and "Indications" in set(facts["section"])


def test_entity_page_without_or_with_an_unknown_iri():
    at = open_page("entity")
    assert at.text_input(key="entity-search") is not None
    at = open_page("entity", iri="https://w3id.org/medkg/id/drug/no-such-drug")
    assert "Nothing in the graph is called" in at.warning[0].value


# ---- ask, SPARQL, data quality, export ------------------------------------------------------------

def test_ask_box_answers_with_rows_and_the_sparql_it_ran():
    pytest.importorskip("graph_app.ask", reason="the questions module (issue 5) is not in this build")
    at = open_page("ask")
    at.text_input(key="question").input("which codes treat lymphoblastic")
    at.get("form_submit_button")[0].click().run()
    assert not at.exception
    assert "J9229" in at.dataframe[0].value.to_string()
    assert any("SELECT" in c.value for c in at.code)


def test_sparql_workbench_runs_the_prefilled_query_with_downloads():
    at = open_page("sparql")
    assert at.selectbox(key="sparql-start").value == "codes-for-condition"
    assert at.text_area(key="sparql-text").value.startswith("PREFIX rdf:")
    at.button(key="sparql-run").click().run()
    assert not at.exception
    assert "J9229" in at.dataframe[0].value.to_string()
    assert {b.label for b in at.download_button} == {"Download CSV", "Download JSON"}


def test_sparql_workbench_refuses_updates_with_a_message():
    at = open_page("sparql")
    at.text_area(key="sparql-text").input("INSERT DATA { <http://a.example/s> <http://a.example/p> 1 }")
    at.button(key="sparql-run").click().run()
    assert not at.exception
    assert "refused" in at.error[0].value


def test_sparql_workbench_shows_bad_sparql_as_an_error_not_a_traceback():
    at = open_page("sparql")
    at.text_area(key="sparql-text").input("SELECT ?x WHERE { ?x ?y }")
    at.button(key="sparql-run").click().run()
    assert not at.exception
    assert "not valid SPARQL" in at.error[0].value and "Traceback" not in at.error[0].value


def test_sparql_workbench_row_cap():
    at = open_page("sparql")
    at.text_area(key="sparql-text").input("SELECT * WHERE { ?s ?p ?o }")
    at.number_input(key="sparql-cap").set_value(5)
    at.button(key="sparql-run").click().run()
    assert len(at.dataframe[0].value) == 5
    assert "cap of 5 rows was reached" in texts(at)


def test_data_quality_groups_findings_by_kind_with_links():
    at = open_page("quality")
    kinds = [e.label for e in at.expander]
    assert any(label.startswith("code-not-in-release") for label in kinds)
    assert "findings" in texts(at)
    targets = {iri for _, iri in links(at)}
    assert any("/doc/" in iri for iri in targets), "each finding links to its document"


def test_data_quality_runs_every_check_on_request():
    at = open_page("quality")
    before = {e.label.split(" (")[0] for e in at.expander}
    at.button(key="run-validate").click().run()
    assert not at.exception
    after = {e.label.split(" (")[0] for e in at.expander}
    assert any(kind.startswith("shacl:") for kind in after - before), "SHACL findings join the stored ones"


def test_export_page_prepares_a_download():
    at = open_page("export")
    at.selectbox(key="export-format").set_value("trig")
    at.button(key="export-go").click().run()
    assert not at.exception
    assert at.download_button[0].label.endswith(".trig")
    assert "quads" in at.success[0].value


def test_export_page_exports_an_entity_neighbourhood():
    at = open_page("export", iri=J9229)
    assert at.radio(key="export-scope").value == "One entity's neighbourhood"
    at.button(key="export-go").click().run()
    assert not at.exception
    assert at.download_button[0].label.endswith("-neighbourhood.ttl")


def test_pages_read_a_remote_endpoint(served_store, monkeypatch):
    """MEDKG_ENDPOINT: every read goes to the SPARQL server; exports need the embedded store."""
    _, server = served_store
    monkeypatch.setenv(ENDPOINT_ENV, server.query_url)
    at = open_page("entity", iri=J9229)
    assert at.title[0].value.startswith("J9229") and INOTUZUMAB in {i for _, i in links(at)}
    assert server.query_url in at.sidebar.caption[0].value
    at = open_page("sparql")
    at.button(key="sparql-run").click().run()
    assert "J9229" in at.dataframe[0].value.to_string()
    at = open_page("export")
    assert "embedded store" in at.info[0].value


# ---- the store cannot be opened --------------------------------------------------------------------

def test_a_locked_store_is_a_message_not_a_traceback(tmp_path, monkeypatch):
    holder = GraphStore(tmp_path / "held")  # this process holds the lock
    monkeypatch.setenv(STORE_ENV, str(holder.path))
    at = open_page()
    assert "in use by another medkg process" in at.error[0].value
    holder.close()


def test_a_missing_store_says_how_to_make_one(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, str(tmp_path / "nothing-here"))
    at = open_page("entity", iri=J9229)
    assert "medkg ingest" in at.error[0].value
