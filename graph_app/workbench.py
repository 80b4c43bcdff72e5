"""The explorer's SPARQL workbench: run a person's SELECT query with a row cap and a time limit.

Updates (INSERT, DELETE, LOAD, DROP …) are refused before anything runs: the explorer only reads.
On the embedded store the rows are read lazily, so the cap stops the work early, and the query runs
in a worker thread the page stops waiting for at the time limit (pyoxigraph cannot cancel a query:
one still computing its first row finishes in the background, then its rows are dropped). On a
remote endpoint the cap goes into the query as a LIMIT and the time limit is the request timeout.
"""

from __future__ import annotations

import contextlib
import re
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from graph_app.errors import QueryError
from graph_app.querylib import LibraryQuery
from graph_app.remote import RemoteRunner
from graph_app.results import compact
from graph_app.runner import EmbeddedRunner, QueryResult, Runner, Term
from graph_app.sparqltext import bind_with_values, query_form, syntax_only
from ontology.namespaces import sparql_prefix_header

DEFAULT_ROW_CAP = 1000
DEFAULT_TIME_LIMIT = 30.0
MAX_LABELLED = 300  # distinct IRIs of a result that get a label column
UPDATE_FORMS = frozenset({"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                          "WITH"})
_LIMIT_AT_END = re.compile(r"\bLIMIT\s+(\d+)(\s+OFFSET\s+\d+)?\s*$", re.I)
_VALUES_AT_END = re.compile(r"\bVALUES\b[^{}]*\{[^{}]*\}\s*$", re.I)


class UpdateRefusedError(QueryError):
    """The workbench only reads: SPARQL UPDATE is refused."""


class TimeLimitError(QueryError):
    pass


@dataclass
class WorkbenchResult:
    result: QueryResult
    truncated: bool  # more rows than the cap: only the first `cap` are kept
    seconds: float
    labels: dict[str, str] = field(default_factory=dict)  # IRI -> label, for the IRIs shown


def prefilled(query: LibraryQuery) -> str:
    """A library query as the workbench's editor shows it: our prefix header, the query, and its
    documented example's parameters bound in a VALUES block so it runs as it is."""
    text = query.text
    values = query.example_values()
    if query.parameters and values:
        # a query whose WHERE group cannot take a VALUES block is left unbound
        with contextlib.suppress(QueryError):
            text = bind_with_values(text, query.bindings(values))
    return sparql_prefix_header() + "\n" + text


def check_readonly(text: str) -> str:
    """The query form (SELECT …); refuses updates and forms that return no rows."""
    form = query_form(text)
    if form in UPDATE_FORMS:
        raise UpdateRefusedError(
            f"this is a SPARQL UPDATE ({form}); the explorer only reads the graph, so updates are "
            "refused. Change the graph with `medkg ingest` or `medkg refdata load`."
        )
    if form not in ("SELECT", None):
        raise QueryError(f"only SELECT queries can be run here; this query is {form}")
    return form or "SELECT"


def capped(text: str, cap: int) -> str:
    """The query with LIMIT cap+1 (one more than the cap shows whether rows were left out),
    unless it already asks for fewer; a query ending in a VALUES block is left as it is."""
    code = syntax_only(text).rstrip()
    limit = _LIMIT_AT_END.search(code)
    if limit:
        if int(limit[1]) <= cap + 1:
            return text
        return text[: limit.start(1)] + str(cap + 1) + text[limit.end(1):]
    if _VALUES_AT_END.search(code):
        return text
    return text.rstrip() + f"\nLIMIT {cap + 1}\n"


def run_query(
    runner: Runner, text: str, *, row_cap: int = DEFAULT_ROW_CAP, time_limit: float = DEFAULT_TIME_LIMIT,
    label_of: Callable[[str], str] | None = None,
) -> WorkbenchResult:
    """Run a SELECT query typed by a person; at most `row_cap` rows, at most `time_limit` seconds."""
    if not text.strip():
        raise QueryError("the query is empty")
    check_readonly(text)
    cap = max(int(row_cap), 1)
    start = time.perf_counter()
    if isinstance(runner, EmbeddedRunner):
        variables, rows, truncated = _embedded(runner, text, cap, time_limit)
    elif isinstance(runner, RemoteRunner):
        bounded = RemoteRunner(runner.endpoint, timeout=time_limit, credentials=runner.credentials)
        result = bounded.select(capped(text, cap))
        variables, rows, truncated = result.variables, result.rows[:cap], len(result.rows) > cap
    else:
        result = runner.select(text)
        variables, rows, truncated = result.variables, result.rows[:cap], len(result.rows) > cap
    seconds = time.perf_counter() - start
    result = QueryResult(variables, rows)
    return WorkbenchResult(result, truncated, seconds, _labels(result, label_of) if label_of else {})


def _embedded(
    runner: EmbeddedRunner, text: str, cap: int, time_limit: float,
) -> tuple[list[str], list[dict[str, Term]], bool]:
    out: dict[str, object] = {}
    stop = threading.Event()

    def work() -> None:
        try:
            variables, rows = runner.solutions(text)
            out["variables"] = variables
            out["rows"] = _take(rows, cap + 1, stop)
        except QueryError as exc:
            out["error"] = QueryError(_as_typed(str(exc)))
        except (RuntimeError, OSError, ValueError) as exc:  # pyoxigraph's evaluation errors
            out["error"] = QueryError(f"the query failed: {exc}")

    worker = threading.Thread(target=work, name="medkg-workbench-query", daemon=True)
    worker.start()
    worker.join(time_limit)
    if worker.is_alive():
        stop.set()
        raise TimeLimitError(
            f"the query did not finish within the time limit of {time_limit:g} s; narrow it down "
            "(a LIMIT, a more specific pattern) or raise the limit"
        )
    if "error" in out:
        raise out["error"]  # type: ignore[misc]
    rows: list[dict[str, Term]] = out["rows"]  # type: ignore[assignment]
    return out["variables"], rows[:cap], len(rows) > cap  # type: ignore[return-value]


_POSITION = re.compile(r"error at (\d+):(\d+)")


def _as_typed(message: str) -> str:
    """Positions in the person's text: the runner puts our prefix header before it."""
    header = sparql_prefix_header().count("\n")

    def moved(m: re.Match[str]) -> str:
        line = int(m[1]) - header
        return f"error at line {line}, column {m[2]}" if line > 0 else m[0]

    return _POSITION.sub(moved, message)


def _take(rows: Iterator[dict[str, Term]], n: int, stop: threading.Event) -> list[dict[str, Term]]:
    taken: list[dict[str, Term]] = []
    for row in rows:
        if stop.is_set() or len(taken) >= n:
            break
        taken.append(row)
    return taken


def _labels(result: QueryResult, label_of: Callable[[str], str]) -> dict[str, str]:
    iris = [t.value for row in result.rows for t in row.values() if t.type == "uri"]
    out = {}
    for iri in list(dict.fromkeys(iris))[:MAX_LABELLED]:
        label = label_of(iri)
        if label and label != compact(iri):
            out[iri] = label
    return out


def table(run: WorkbenchResult) -> tuple[list[str], list[dict[str, str]]]:
    """Columns and rows for people: compact IRIs, and a "… label" column beside every column
    that holds labelled IRIs."""
    result = run.result
    columns: list[str] = []
    labelled = {v for v in result.variables
                if any(v in row and row[v].value in run.labels for row in result.rows)}
    for v in result.variables:
        columns.append(v)
        if v in labelled:
            columns.append(f"{v} label")
    rows = []
    for row in result.rows:
        out = {}
        for v in result.variables:
            term = row.get(v)
            out[v] = "" if term is None else compact(term.value) if term.type == "uri" else term.value
            if v in labelled:
                out[f"{v} label"] = run.labels.get(term.value, "") if term is not None else ""
        rows.append(out)
    return columns, rows
