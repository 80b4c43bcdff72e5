"""Entity: one node's page (any kind: code, drug, condition, payer, document …), opened as
entity?iri=<IRI>: names and codes, the official title beside the documents' words, findings, the
neighbourhood graph, and every link grouped by meaning with its evidence one click away."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import QUALITY_PAGE, current_source, entity_of, md, runner, session_findings
from graph_app.app.entity_view import document_facts, header, link_groups, official_and_stated
from graph_app.app.graph_panel import graph_panel
from graph_app.app.widgets import finding_item, search_box
from graph_app.entity import findings_about

FINDINGS_SHOWN = 8

runner()
iri = st.query_params.get("iri", "").strip()
if not iri:
    st.title("Entity")
    st.info("Open a page from the search, or search here:")
    search_box(key="entity-search")
    st.stop()

entity = entity_of(current_source(), iri)
if not entity.exists:
    st.title("Not in the graph")
    st.warning(f"Nothing in the graph is called {md(iri)}. Search for it instead:")
    search_box(key="entity-search")
    st.stop()

header(entity)
findings = list(dict.fromkeys(findings_about(entity, [*entity.findings, *session_findings()])))
if findings:
    serious = any(f.severity != "info" for f in findings)
    with st.expander(f"Data-quality findings ({len(findings)})", expanded=serious, icon=":material/rule:"):
        for f in findings[:FINDINGS_SHOWN]:
            finding_item(f, link_focus=f.focus != entity.iri)
        if len(findings) > FINDINGS_SHOWN:
            more = len(findings) - FINDINGS_SHOWN
            st.page_link(QUALITY_PAGE, label=f"{more} more on the data-quality page", icon=":material/rule:")

drawing, facts = st.columns([3, 2], gap="medium")
with drawing:
    graph_panel(entity.iri, entity.label)
with facts:
    official_and_stated(entity)
    with st.container(height=720, border=False):
        link_groups(entity)
if entity.is_document:
    document_facts(entity)
