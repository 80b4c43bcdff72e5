"""Search: find a code, drug, condition, specialty or payer by its code or its words."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import counts, current_source, runner
from graph_app.app.widgets import search_box

st.title("medkg explorer")
st.caption("US drug billing codes and what documents, medkg and the official code sets say about them.")
runner()
search_box()

with st.expander("What the graph holds", expanded=False):
    numbers = counts(current_source())
    cols = st.columns(4)
    for i, (kind, n) in enumerate(sorted(numbers.items())):
        cols[i % 4].metric(kind, f"{n:,}")
