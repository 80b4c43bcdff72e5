"""The interactive neighbourhood graph of an entity page.

The session keeps one exploration per centre node (which nodes are shown, the paths drawn, where
each node sits), so the graph looks the same when a person comes back to a page; the component
reports positions after every drag or layout. Events from the component (open, expand) are acted
on once each.
"""

from __future__ import annotations

import hashlib
from functools import partial
from typing import Any

import streamlit as st

from graph_app.app.common import (
    ENTITY_PAGE,
    EXPORT_PAGE,
    TTL,
    Source,
    current_source,
    hits_for,
    info_of,
    links_of,
    md,
    node_cache,
    open_runner,
)
from graph_app.app.graph_component import graph, new_event
from graph_app.cytoscape import elements, legend
from graph_app.exploration import DEFAULT_STEP, Exploration, connect, describe_path
from graph_app.views import Connection
from ontology.namespaces import slug

KINDS = ("stated", "inferred", "official")
KIND_HELP = ("stated: a document says it (solid line) · inferred: medkg derived it (dashed) · "
             "official: an official code set holds it (dotted)")
_HANDLED_KEPT = 200


@st.cache_data(ttl=TTL, show_spinner="Looking for paths…")
def _connections(source: Source, a: str, b: str) -> list[Connection]:
    return connect(open_runner(source), a, b)


def _state(center: str, source: Source) -> dict[str, Any]:
    key = f"exploration:{center}"
    if key not in st.session_state:
        start = Exploration.start(center, partial(links_of, source))
        st.session_state[key] = {"exploration": start.to_state(), "positions": {}, "handled": [],
                                 "connections": []}
    return st.session_state[key]


def graph_panel(center: str, label: str) -> None:
    source = current_source()
    state = _state(center, source)
    exploration = Exploration.from_state(state["exploration"])
    links, info = partial(links_of, source), partial(info_of, source)

    filters, step_col, reset_col = st.columns([5, 2, 1], vertical_alignment="bottom")
    kinds = filters.pills("Links shown", KINDS, selection_mode="multi", default=list(KINDS),
                          key=f"kinds:{center}", help=KIND_HELP) or []
    step = int(step_col.number_input("Neighbours per expansion", min_value=1, max_value=500,
                                     value=DEFAULT_STEP, key=f"step:{center}"))
    if reset_col.button("Reset", key=f"reset:{center}", help="Start again from this node's first neighbours"):
        st.session_state.pop(f"exploration:{center}", None)
        st.rerun()

    _connect_form(center, exploration, state, source)

    cache = node_cache(source)  # read in parallel, before the view reads them one by one
    cache.prefetch_links(exploration.nodes)
    cache.infos(exploration.nodes)
    view = exploration.view(links, info, [*kinds, "other"])
    value = graph(elements(view), positions=state["positions"], key=f"graph-{_digest(center)}",
                  step=step, file_stem=f"{slug(label)[:60]}-graph")
    swatches = " ".join(f'<span style="color:{c}">●</span> {md(name)}' for name, c in legend(view))
    st.caption(f"{swatches} — {view.number_of_nodes()} nodes, {view.number_of_edges()} links. Click a node "
               "to select it, double-click to show more of its neighbours (a grey ring means it has more).",
               unsafe_allow_html=True)
    st.page_link(EXPORT_PAGE, label="Export these nodes as RDF or GraphML", icon=":material/download:",
                 query_params={"iri": center})

    handled = set(state["handled"])
    event = new_event(value, handled)
    if event is None:
        return
    state["handled"] = list(handled)[-_HANDLED_KEPT:]
    state["positions"].update(event.positions)
    if event.type == "open" and event.node:
        st.switch_page(ENTITY_PAGE, query_params={"iri": event.node})
    if event.type == "expand" and event.node:
        exploration.expand(event.node, links, step)
        state["exploration"] = exploration.to_state()
        st.rerun()


def _connect_form(center: str, exploration: Exploration, state: dict[str, Any], source: Source) -> None:
    """"How is this connected to …": the shortest paths, added to the graph and drawn in red."""
    with st.form(key=f"connect:{center}", border=False):
        text, go = st.columns([5, 1], vertical_alignment="bottom")
        other = text.text_input("How is this connected to …", key=f"connect-to:{center}",
                                placeholder="a code or words: J9039, tocilizumab, hematologist")
        asked = go.form_submit_button("Show paths")
    if asked and other.strip():
        hits = hits_for(source, other.strip(), 1)
        if not hits:
            st.warning(f"Nothing in the graph matches “{other}”.")
        else:
            found = _connections(source, center, hits[0].iri)
            for connection in found:
                exploration.add_path(connection.nodes)
            state["exploration"] = exploration.to_state()
            state["connections"] = [(hits[0].display, found)]
    for target, found in state["connections"]:
        if not found:
            st.info(f"No path of up to 4 links joins this node and {target}.")
            continue
        lines = "\n".join("- " + md(describe_path(c, partial(info_of, source))) for c in found)
        st.markdown(f"**{len(found)} shortest path(s) to {md(target)}**, drawn in red:\n{lines}")


def _digest(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:12]
