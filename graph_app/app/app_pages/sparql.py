"""SPARQL: a workbench for SELECT queries, prefilled from the query library, on the embedded
store or the configured endpoint; updates are refused."""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import current_source, info_of, runner
from graph_app.errors import MedkgError
from graph_app.querylib import library
from graph_app.results import to_csv, to_json
from graph_app.workbench import DEFAULT_ROW_CAP, DEFAULT_TIME_LIMIT, prefilled, run_query, table

st.title("SPARQL")
run = runner()
source = current_source()
queries = library()
names = list(queries)


def load_example() -> None:
    st.session_state["sparql-text"] = prefilled(queries[st.session_state["sparql-start"]])


start = st.selectbox("Start from a library query", names, index=names.index("codes-for-condition"),
                     key="sparql-start", on_change=load_example,
                     format_func=lambda n: f"{n} — {queries[n].summary}")
if "sparql-text" not in st.session_state:
    load_example()
text = st.text_area(f"SELECT query (run on the {source.describe()}, with our prefixes)", key="sparql-text",
                    height=360)
cap_col, time_col, go_col = st.columns([2, 2, 1], vertical_alignment="bottom")
cap = int(cap_col.number_input("Row cap", min_value=1, max_value=100_000, value=DEFAULT_ROW_CAP,
                               key="sparql-cap"))
limit = float(time_col.number_input("Time limit (s)", min_value=1.0, max_value=600.0,
                                    value=DEFAULT_TIME_LIMIT, key="sparql-time"))
if go_col.button("Run", type="primary", key="sparql-run"):
    try:
        outcome = run_query(run, text, row_cap=cap, time_limit=limit,
                            label_of=lambda iri: info_of(source, iri).label)
    except MedkgError as exc:
        st.error(str(exc))
        st.stop()
    columns, rows = table(outcome)
    more = f"; the cap of {cap:,} rows was reached, more rows were left out" if outcome.truncated else ""
    st.caption(f"{len(rows):,} row{'s' if len(rows) != 1 else ''} in {outcome.seconds:.2f} s{more}")
    st.dataframe(rows, column_order=columns, hide_index=True, width="stretch")
    csv_col, json_col = st.columns(2)
    csv_col.download_button("Download CSV", to_csv(outcome.result), file_name="results.csv", mime="text/csv",
                            key="sparql-csv", on_click="ignore")
    json_col.download_button("Download JSON", to_json(outcome.result), file_name="results.srj",
                             mime="application/sparql-results+json", key="sparql-json", on_click="ignore")
