"""Export: the graph, some of its named graphs, or one entity's neighbourhood as Turtle, TriG,
JSON-LD, N-Triples or GraphML."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import current_source, embedded_store, entity_link, info_of, links_of, runner
from graph_app.errors import MedkgError
from graph_app.export import EXPORT_FORMATS
from graph_app.lookup import search
from graph_app.subgraph import MEDIA_TYPES, export_bytes, export_nodes
from ontology.namespaces import slug

FORMAT_NAMES = {"turtle": "Turtle", "trig": "TriG (named graphs kept)", "nt": "N-Triples",
                "jsonld": "JSON-LD (named graphs kept)", "graphml": "GraphML (for Gephi, Cytoscape, yEd)"}

st.title("Export")
run = runner()
store = embedded_store(run)
if store is None:
    st.info(f"Exports are written from the embedded store; this app reads {current_source().describe()}. "
            "Run `medkg export` where the store is.")
    st.stop()

fmt = st.selectbox("Format", EXPORT_FORMATS, format_func=lambda f: FORMAT_NAMES.get(f, f),
                   key="export-format")
SCOPES = ["The whole graph", "Some named graphs", "One entity's neighbourhood"]
scope = st.radio("What", SCOPES, index=2 if st.query_params.get("iri") else 0, horizontal=True,
                 key="export-scope")

data: bytes | None = None
name = "medkg"
try:
    if scope == "Some named graphs":
        spec = st.text_input("Graphs", value="documents", key="export-graphs",
                             help="documents, derived, reference, a document key (blinatumomab-J9039), a "
                                  "reference set (icd10cm) or a graph IRI")
        if st.button("Prepare the file", key="export-go"):
            data, written = export_bytes(store, fmt, spec.strip() or "all")
            name = f"medkg-{slug(spec)}"
    elif scope == "One entity's neighbourhood":
        chosen = st.text_input("Entity (a code, words or an IRI)", value=st.query_params.get("iri", ""),
                               key="export-entity")
        hits = search(run, chosen, 1) if chosen.strip() else []
        if chosen.strip() and not hits:
            st.warning(f"Nothing in the graph matches “{chosen}”.")
        if hits:
            center = hits[0].iri
            entity_link(center, hits[0].display)
            shown = st.session_state.get(f"exploration:{center}", {}).get("exploration", {}).get("nodes")
            nodes = shown or [center, *(lk.other for lk in links_of(current_source(), center))]
            st.caption(f"{len(nodes)} nodes: " + ("the ones shown in its graph on its page" if shown
                                                  else "the entity and its direct neighbours"))
            if st.button("Prepare the file", key="export-go"):
                data, written = export_nodes(store, fmt, nodes)
                name = f"{slug(info_of(current_source(), center).label)[:60]}-neighbourhood"
    elif st.button("Prepare the file", key="export-go"):
        data, written = export_bytes(store, fmt, "all")
except MedkgError as exc:
    st.error(str(exc))
    st.stop()

if data is not None:
    mime, ext = MEDIA_TYPES[fmt]
    st.success(f"{written.count:,} {written.unit} {written.detail}".rstrip() + f", {len(data):,} bytes")
    st.download_button(f"Download {name}.{ext}", data, file_name=f"{name}.{ext}", mime=mime,
                       key="export-download", on_click="ignore")
