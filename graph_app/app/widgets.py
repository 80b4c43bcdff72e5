"""Widgets more than one explorer page shows: the search box, a fact's evidence, findings."""

from __future__ import annotations

from collections.abc import Iterable

import streamlit as st

from graph_app.app.common import codes_of, current_source, entity_link, hits_for, info_of, md
from graph_app.entity import Evidence
from graph_app.findings import Finding
from graph_app.results import compact

SEARCH_HINT = "a code (J9229, C91.00, 207RH0000X) or words (lymphoblastic, tocilizumab, hematology, Aetna)"
SEVERITY_ICONS = {"error": ":material/error:", "warning": ":material/warning:", "info": ":material/info:"}


@st.fragment
def search_box(key: str = "search", limit: int = 12) -> None:
    """Suggestions while typing (after a short pause); a suggestion opens its entity page, and the
    HCPCS codes it leads to are one click away beside it."""
    text = st.text_input(
        "Search codes, drugs, conditions, specialties and payers", key=key, type="search", live=True,
        placeholder=f"Type {SEARCH_HINT}",
    )
    wanted = (text or "").strip()
    if not wanted:
        return
    source = current_source()
    hits = hits_for(source, wanted, limit)
    if not hits:
        st.info(f"Nothing in the graph matches “{wanted}”. Try {SEARCH_HINT}.")
        return
    for hit in hits:
        name, kind, codes = st.columns([6, 2, 3], vertical_alignment="center")
        with name:
            entity_link(hit.iri, hit.display)
        kind.caption(hit.kind)
        with codes:
            for code in codes_of(source, hit.iri)[:4]:
                entity_link(code.iri, code.notation, icon=":material/receipt_long:",
                            help=f"HCPCS code, via its {code.via}")


def evidence_block(items: Iterable[Evidence]) -> None:
    """Each statement: where it was read (file › section › line) and the quote."""
    for e in items:
        flags = []
        if not e.asserted:
            flags.append(f"the document marks this row **{md(e.status)}**: not asserted")
        if e.method:
            flags.append(f"inferred by {md(e.method)}" + (f", score {md(e.score)}" if e.score else ""))
        more = "  \n" + "; ".join(flags) if flags else ""
        st.markdown(f":material/description: **{md(e.where)}**{more}")
        if e.quote:
            st.markdown("> " + md(e.quote).replace("\n", "\n> "))
        if e.detail:
            st.caption(e.detail)


def finding_item(f: Finding, *, link_focus: bool = True) -> None:
    st.markdown(f"{SEVERITY_ICONS.get(f.severity, '')} **{md(f.kind)}** ({f.severity}): {md(f.message)}")
    with st.container(horizontal=True):
        if link_focus:
            entity_link(f.focus, f.code or compact(f.focus), icon=":material/hub:",
                        help="the node it is about")
        if f.document:
            where = f" › {f.section}" if f.section else ""
            entity_link(f.document, info_of(current_source(), f.document).label + where,
                        icon=":material/description:", help="the document it comes from")
