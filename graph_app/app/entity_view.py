"""The parts of an entity page: its header, the official title beside the documents' words, the
links grouped by meaning with their evidence, and a document's own facts."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import codes_of, current_source, document_rows, entity_link, md, releases
from graph_app.app.widgets import evidence_block
from graph_app.entity import Entity, Link
from graph_app.naming import relation_name
from graph_app.results import compact
from ontology.vocabulary import SKOS_NOTATION, SKOS_PREFLABEL

KIND_TITLES = {
    "stated": "Stated by documents",
    "inferred": "Inferred by medkg",
    "official": "In the official code sets",
    "other": "Other links",
}
NO_EVIDENCE = {"official": "official code set", "inferred": "derived by medkg", "other": ""}
SHOWN_PER_GROUP = 12  # links listed per relation before "show all"
_SHOWN_ELSEWHERE = {SKOS_PREFLABEL, SKOS_NOTATION}


def header(entity: Entity) -> None:
    code = entity.notation
    st.title(f"{code} · {entity.label}" if code and code != entity.label else entity.label)
    facts = [entity.info.kind_label]
    if entity.system:
        facts.append(entity.system)
    facts.append(f"`{compact(entity.iri)}`")
    st.caption(" · ".join(facts))
    codes = codes_of(current_source(), entity.iri)
    if codes:
        st.markdown("**HCPCS codes:**")
        cols = st.columns(min(len(codes), 6))
        for i, c in enumerate(codes[:12]):
            with cols[i % len(cols)]:
                entity_link(c.iri, c.notation, icon=":material/receipt_long:", help=f"via its {c.via}")


def official_and_stated(entity: Entity) -> None:
    """The official title (and its release) next to what each document calls the entity."""
    titles = entity.official_title_attributes
    texts = entity.document_texts
    others = [a for a in entity.attributes if a.predicate not in _SHOWN_ELSEWHERE]
    if not (titles or texts or others):
        return
    if titles or entity.system:
        st.markdown("**Official**")
        names = releases(current_source())
        for a in titles:
            st.markdown(f"{md(a.value)}  \n:gray[{md(names.get(a.graph, compact(a.graph)))}]")
        if not titles:
            st.caption(f"No official title: {entity.system} is not loaded (medkg refdata load), or the "
                       "code is not in the release loaded.")
    if texts or titles:
        st.markdown("**What documents call it**")
        differing = set(entity.texts_differing())
        for t in texts:
            flag = " :orange[differs from the official title]" if t in differing else ""
            where = " › ".join(x for x in (t.source, t.section) if x)
            st.markdown(f"“{md(t.text)}”{flag}  \n:gray[{md(where)}]")
        if not texts:
            st.caption("No document gives its own wording for it.")
    if others:
        with st.expander(f"All values ({len(others)})"):
            st.dataframe(
                [{"property": a.name, "value": a.value, "from": a.kind} for a in others],
                hide_index=True, width="stretch",
            )


def link_groups(entity: Entity) -> None:
    """Links by kind, then by relation; a long relation shows its first links and a button for
    the rest, so a hub's page stays quick."""
    groups = entity.grouped_links()
    if not groups:
        st.caption("No links.")
    for kind, relations in groups.items():
        st.markdown(f"##### {KIND_TITLES[kind]}")
        for name, links in relations.items():
            st.markdown(f"**{md(name)}** ({len(links)})")
            everything = f"all:{entity.iri}:{kind}:{name}"
            shown = links if st.session_state.get(everything) else links[:SHOWN_PER_GROUP]
            for i, lk in enumerate(shown):
                _link_row(lk, f"{entity.iri}:{kind}:{name}:{i}")
            if len(shown) < len(links):
                st.button(f"Show all {len(links)}", key=everything, on_click=st.session_state.__setitem__,
                          args=(everything, True), type="tertiary")


def _link_row(lk: Link, key: str) -> None:
    # a horizontal container costs a third of a pair of columns, which adds up over a hub's links
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        label = lk.other_label if lk.asserted else f"{lk.other_label} (excluded by the document)"
        entity_link(lk.other, label, help=relation_name(lk.relation, lk.direction))
    if not lk.evidence:
        row.caption(NO_EVIDENCE.get(lk.kind, ""))
        return
    sources = len({e.document for e in lk.evidence})
    # The quotes are built only for the popover that is open: a page with a hundred links stays fast.
    popover = row.popover(f"Evidence ({len(lk.evidence)})", icon=":material/format_quote:",
                          help=f"{len(lk.evidence)} statement(s) in {sources} document(s)",
                          key=f"evidence:{key}", on_change="rerun")
    if popover.open:
        with popover:
            evidence_block(lk.evidence)


def document_facts(entity: Entity) -> None:
    rows = document_rows(current_source(), entity.iri)
    st.subheader(f"What this document states ({len(rows)} facts)")
    table = [
        {
            "line": int(r["line"]) if r.get("line") else None,
            "section": r.get("section", ""),
            "subject": r.get("subjectLabel") or compact(r["subject"]),
            "relation": relation_name(r["relation"]),
            "object": r.get("objectLabel") or compact(r["object"]),
            "status": "inferred" if r.get("method") else r.get("status", "stated"),
            "quote": r.get("quote", ""),
        }
        for r in rows
    ]
    st.dataframe(table, hide_index=True, width="stretch")
