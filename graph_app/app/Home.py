"""medkg explorer: graph statistics, a code lookup with evidence, and the query library.

Run with `medkg app`. The page only lays out widgets; every answer comes from library functions.
"""

from __future__ import annotations

import streamlit as st

from graph_app.errors import MedkgError
from graph_app.querylib import library, load_query
from graph_app.results import display
from graph_app.runner import EmbeddedRunner, QueryResult
from graph_app.stats import graph_stats
from graph_app.store import GraphStore, default_store_path, open_store

st.set_page_config(page_title="medkg explorer", layout="wide")


@st.cache_resource
def get_store() -> GraphStore:
    return open_store(default_store_path(), must_exist=True)


def as_records(result: QueryResult) -> list[dict[str, str]]:
    return [{v: display(row.get(v)) for v in result.variables} for row in result.rows]


def main() -> None:
    st.title("medkg explorer")
    try:
        store = get_store()
    except MedkgError as exc:
        st.error(str(exc))
        return
    runner = EmbeddedRunner(store)

    stats = graph_stats(store)
    st.caption(f"Store {store.path} · {stats.quads:,} quads")
    cols = st.columns(max(len(stats.kinds), 1))
    for col, (kind, n) in zip(cols, stats.kinds.items(), strict=False):
        col.metric(kind, f"{n:,}")

    tab_code, tab_query = st.tabs(["Code lookup", "Query library"])
    with tab_code:
        code = st.text_input("HCPCS code", value="J9229", key="code_lookup")
        if code:
            try:
                result = load_query("code").run(runner, code=code)
            except MedkgError as exc:
                st.error(str(exc))
            else:
                if not result.rows:
                    st.info(f"No facts about {code} in the graph.")
                for relation in dict.fromkeys(r["relation"].value for r in result.rows):
                    rows = [r for r in result.rows if r["relation"].value == relation]
                    with st.expander(f"{relation} ({len(rows)})", expanded=relation == "drug"):
                        for r in rows:
                            status = r["status"].value
                            flag = "" if status == "stated" else f" — *{status}*"
                            detail = f" · {r['detail'].value}" if "detail" in r else ""
                            st.markdown(f"**{display(r.get('valueLabel'))}**{detail}{flag}")
                            st.caption(
                                f"{r['source'].value} › {r['section'].value}: “{r['quote'].value}”"
                            )

    with tab_query:
        queries = library()
        name = st.selectbox("Query", list(queries), index=list(queries).index("codes-for-condition"))
        q = queries[name]
        st.write(q.summary)
        values = {}
        for p in q.parameters:
            default = p.doc.rsplit("e.g. ", 1)[-1] if "e.g. " in p.doc else ""
            values[p.name] = st.text_input(f"{p.name} ({p.type})", value=default, help=p.doc,
                                           key=f"param_{name}_{p.name}")
        if st.button("Run", key="run_query"):
            try:
                result = q.run(runner, **values)
            except MedkgError as exc:
                st.error(str(exc))
            else:
                st.dataframe(as_records(result), use_container_width=True)
                st.caption(f"{len(result.rows)} rows")
        with st.expander("SPARQL"):
            st.code(q.text, language="sparql")


main()
