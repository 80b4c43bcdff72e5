"""medkg explorer: search, entity pages with an interactive graph, questions, SPARQL, data quality
and exports. Start it with `medkg app` (or `make run`).

This file only lays out the pages; each page is a thin layer over library functions. The pages
live in app_pages/, not pages/: Streamlit would list a pages/ folder as a second navigation.
"""

from __future__ import annotations

import streamlit as st

from graph_app.app.common import sidebar_source

# An emoji icon: a Material icon would make browsers fetch it from fonts.gstatic.com
st.set_page_config(page_title="medkg explorer", page_icon="💊", layout="wide")

PAGES = [
    st.Page("app_pages/search.py", title="Search", icon=":material/search:", default=True),
    st.Page("app_pages/entity.py", title="Entity", icon=":material/hub:", url_path="entity"),
    st.Page("app_pages/ask.py", title="Ask", icon=":material/question_answer:", url_path="ask"),
    st.Page("app_pages/sparql.py", title="SPARQL", icon=":material/terminal:", url_path="sparql"),
    st.Page("app_pages/quality.py", title="Data quality", icon=":material/rule:", url_path="quality"),
    st.Page("app_pages/export.py", title="Export", icon=":material/download:", url_path="export"),
]

page = st.navigation(PAGES)
sidebar_source()
page.run()
