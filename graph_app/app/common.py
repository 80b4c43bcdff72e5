"""What every explorer page shares: the graph it reads (opened once per process), cached reads,
and the widgets that link to entity pages.

The embedded store is opened once and held by the app (pyoxigraph's lock keeps other writers
out), so what is read from it cannot change while the app runs; with a remote endpoint
(MEDKG_ENDPOINT) it can, so cached reads expire after ten minutes.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass

import streamlit as st

from graph_app.backends import runner_for
from graph_app.endpoint import DEFAULT_TIMEOUT, ENDPOINT_ENV, TIMEOUT_ENV
from graph_app.entity import Entity, describe
from graph_app.errors import MedkgError
from graph_app.findings import Finding, stored_findings
from graph_app.lookup import CodeLink, Hit, codes_for, search
from graph_app.nodeinfo import NodeCache, NodeInfo, NodeLink
from graph_app.querylib import load_query
from graph_app.runner import EmbeddedRunner, Runner
from graph_app.store import GraphStore, default_store_path

SEARCH_PAGE = "app_pages/search.py"
ENTITY_PAGE = "app_pages/entity.py"
EXPORT_PAGE = "app_pages/export.py"
QUALITY_PAGE = "app_pages/quality.py"
TTL = "10m"
REMOTE_MAX_AGE = 600.0
VALIDATION_KEY = "validation-findings"  # findings of a `medkg validate` run in this session


@dataclass(frozen=True)
class Source:
    """Where the app reads the graph: an embedded store, or a SPARQL endpoint when one is set."""

    store: str
    endpoint: str | None
    timeout: float

    def describe(self) -> str:
        return f"SPARQL endpoint {self.endpoint}" if self.endpoint else f"store {self.store}"


def current_source() -> Source:
    try:
        timeout = float(os.environ.get(TIMEOUT_ENV) or DEFAULT_TIMEOUT)
    except ValueError:
        timeout = DEFAULT_TIMEOUT
    return Source(str(default_store_path().resolve()), os.environ.get(ENDPOINT_ENV) or None, timeout)


@st.cache_resource(show_spinner="Opening the graph…")
def open_runner(source: Source) -> Runner:
    return runner_for(source.store, source.endpoint, timeout=source.timeout)


def runner() -> Runner:
    """The runner of this process, or a message and the end of the page when the graph cannot be
    opened (no store, the store locked by another medkg process, a bad endpoint URL)."""
    try:
        return open_runner(current_source())
    except MedkgError as exc:
        st.error(str(exc))
        st.stop()


def embedded_store(run: Runner) -> GraphStore | None:
    """The store behind an embedded runner; None on a remote endpoint."""
    return run.store if isinstance(run, EmbeddedRunner) else None


# ---- cached reads: keyed by the source, so two stores in one process never mix ------------------

@st.cache_resource(show_spinner=False)
def node_cache(source: Source) -> NodeCache:
    """Node links and labels for every page and visitor (refreshed every ten minutes when remote)."""
    return NodeCache(open_runner(source), max_age=REMOTE_MAX_AGE if source.endpoint else None)


def links_of(source: Source, node: str) -> list[NodeLink]:
    return node_cache(source).links(node)


def info_of(source: Source, node: str) -> NodeInfo:
    return node_cache(source).info(node)


@st.cache_data(ttl=TTL, show_spinner=False)
def stored(source: Source) -> list[Finding]:
    return stored_findings(open_runner(source))


@st.cache_resource(ttl=TTL, max_entries=500, show_spinner=False)
def entity_of(source: Source, iri: str) -> Entity:
    """Shared by every visitor, not copied: pages only read it."""
    return describe(open_runner(source), iri, stored(source), cache=node_cache(source))


@st.cache_data(ttl=TTL, show_spinner=False)
def codes_of(source: Source, iri: str) -> list[CodeLink]:
    return codes_for(open_runner(source), iri)


@st.cache_data(ttl=TTL, show_spinner=False)
def hits_for(source: Source, text: str, limit: int) -> list[Hit]:
    return search(open_runner(source), text, limit)


@st.cache_data(ttl=TTL, show_spinner=False)
def counts(source: Source) -> dict[str, int]:
    rows = load_query("stats").run(open_runner(source)).rows
    return {r["kind"].value: int(r["count"].value) for r in rows}


@st.cache_data(ttl=TTL, show_spinner=False)
def releases(source: Source) -> dict[str, str]:
    """Reference graph IRI -> the title of the code-set release it holds."""
    rows = load_query("reference-releases").run(open_runner(source)).rows
    return {r["graph"].value: r["title"].value for r in rows}


@st.cache_data(ttl=TTL, show_spinner=False)
def document_rows(source: Source, document: str) -> list[dict[str, str]]:
    rows = load_query("document-facts").run(open_runner(source), document=document).rows
    return [{k: t.value for k, t in r.items()} for r in rows]


def session_findings() -> list[Finding]:
    return list(st.session_state.get(VALIDATION_KEY, []))


# ---- widgets ----------------------------------------------------------------------------------

_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>()#+!|~$])")


def md(text: str) -> str:
    """Text shown as it is in a Markdown widget (brackets, stars and dollars escaped)."""
    return _MARKDOWN.sub(r"\\\1", text)


def entity_link(iri: str, label: str, *, icon: str | None = None, help: str | None = None) -> None:
    st.page_link(ENTITY_PAGE, label=md(label), query_params={"iri": iri}, icon=icon, help=help)


def sidebar_source() -> None:
    st.sidebar.caption(f"Reading {current_source().describe()}")
