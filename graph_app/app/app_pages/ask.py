"""Ask: questions in plain words (graph_app.ask), answered with rows, their evidence, and the
SPARQL that ran."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import md, runner
from graph_app.ask import FORMS, ask, explain
from graph_app.errors import MedkgError
from graph_app.results import display

st.title("Ask")
run = runner()

examples = [f.example for f in FORMS]
with st.form("ask-form", border=False):
    question = st.text_input("Your question", key="question", placeholder=examples[0])
    asked = st.form_submit_button("Ask")
st.caption("Questions it understands: " + " · ".join(f"*{md(f.shape)}*" for f in FORMS))

if asked and question.strip():
    try:
        answer = ask(run, question)
    except MedkgError as exc:
        st.error(str(exc))
        st.stop()
    rows = [{v: display(r.get(v)) for v in answer.result.variables} for r in answer.rows]
    st.markdown(f"**{len(rows)} answer{'s' if len(rows) != 1 else ''}** "
                f"({md(answer.parsed.form.shape)})")
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch")
    else:
        st.info("No rows: nothing in the graph answers this question.")
    queries = ", ".join(dict.fromkeys(r.name for r in answer.runs)) or "none"
    with st.expander(f"How it was answered: what the words resolved to, and the SPARQL that ran ({queries})"):
        st.code(explain(answer), language="text")
