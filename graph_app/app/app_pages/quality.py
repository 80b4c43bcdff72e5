"""Data quality: the findings about the graph grouped by kind, each linked to the node it is
about and the document it comes from."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import (
    VALIDATION_KEY,
    current_source,
    embedded_store,
    runner,
    session_findings,
    stored,
)
from graph_app.app.widgets import SEVERITY_ICONS, finding_item
from graph_app.errors import MedkgError
from graph_app.quality import by_kind, merged
from graph_app.validate import validate_store

st.title("Data quality")
run = runner()
source = current_source()


store = embedded_store(run)
if store is not None:
    if st.button("Run every check (medkg validate: SHACL shapes, violation queries, stored findings)",
                 key="run-validate"):
        try:
            with st.spinner("Checking the graph…"):
                st.session_state[VALIDATION_KEY] = validate_store(store).findings
        except MedkgError as exc:
            st.error(str(exc))
else:
    st.caption("Showing the findings stored in the graph (written when documents are checked against the "
               "official code sets); `medkg validate` on the server's store runs the SHACL shapes and "
               "violation queries too.")

findings = merged(stored(source), session_findings())
groups = by_kind(findings)
counts = {s: sum(1 for f in findings if f.severity == s) for s in ("error", "warning", "info")}
st.markdown(f"**{len(findings)} finding{'s' if len(findings) != 1 else ''}** in {len(groups)} kinds: "
            + ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items() if n))
if not findings:
    st.success("No findings: every check passes.")
for group in groups:
    with st.expander(f"{group.kind} ({len(group.findings)}, {group.severity})",
                     icon=SEVERITY_ICONS.get(group.severity), expanded=group.severity == "error"):
        for f in group.findings:
            finding_item(f)
            st.divider()
