"""The remote backend of the query runner: any SPARQL 1.1 query endpoint, through SPARQLWrapper.

Parameters are bound the way the embedded store binds them, as RDF terms: each value goes into
a VALUES block, written in N-Triples syntax by `Term.n3()`, at the start of the query's WHERE
group. User text is never pasted into the query, so a quote or a brace in a value is just part
of the value. Results come back as SPARQL JSON and go through the same `Term` model as the
embedded store's, so both backends give identical rows.
"""

from __future__ import annotations

import ast
import json
import re
import urllib.error
import warnings
from collections.abc import Iterator

from SPARQLWrapper import BASIC, JSON, POST, SELECT, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import (
    EndPointInternalError,
    EndPointNotFound,
    QueryBadFormed,
    SPARQLWrapperException,
    Unauthorized,
    URITooLong,
)

from graph_app.endpoint import (
    DEFAULT_TIMEOUT,
    TRANSPORT_ERRORS,
    Credentials,
    checked_url,
    error_body,
    redact,
    status_error,
    transport_error,
)
from graph_app.errors import EndpointError, QueryError
from graph_app.runner import QueryResult, Term, with_prefixes

_STATUS = {
    QueryBadFormed: (400, "Bad Request"), Unauthorized: (401, "Unauthorized"),
    EndPointNotFound: (404, "Not Found"), URITooLong: (414, "URI Too Long"),
    EndPointInternalError: (500, "Internal Server Error"),
}
_WHAT = "SPARQL endpoint"
_HINT = "the query URL of `oxigraph serve` is http://HOST:PORT/query"

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"(?<![?$\w:])[A-Za-z]+(?![\w:])")  # not a variable, not part of a prefixed name
_SUBSELECT = re.compile(r"\s*SELECT\b", re.I)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE",
          "DROP", "COPY", "MOVE", "ADD", "WITH"}


class RemoteRunner:
    """Runs SELECT queries on a SPARQL 1.1 endpoint; the server decides what the default graph is
    (medkg's queries expect the union of all graphs: run `oxigraph serve --union-default-graph`)."""

    def __init__(
        self, endpoint: str, *, timeout: float = DEFAULT_TIMEOUT, credentials: Credentials | None = None,
    ):
        self.endpoint = checked_url(endpoint, _WHAT)
        self.timeout = timeout
        self.credentials = credentials
        self.name = f"endpoint {endpoint}"

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        text = with_prefixes(query)
        if bindings:
            text = bind_with_values(text, bindings)
        form = query_form(text)
        if form not in ("SELECT", None):
            raise QueryError(f"only SELECT queries return rows; this query is {form}")
        return _parse_results(self._fetch(self._wrapper(text)), self.credentials)

    def _wrapper(self, text: str) -> SPARQLWrapper:
        sparql = SPARQLWrapper(self.endpoint)
        sparql.setMethod(POST)  # long queries do not fit every server's URL limit
        sparql.setReturnFormat(JSON)
        sparql.timeout = self.timeout  # type: ignore[assignment]  # setTimeout() rounds to whole seconds
        if self.credentials:
            sparql.setHTTPAuth(BASIC)
            sparql.setCredentials(self.credentials.user, self.credentials.password)
        with warnings.catch_warnings():  # it warns about query forms it cannot classify
            warnings.simplefilter("ignore", RuntimeWarning)
            sparql.setQuery(text)
        # SPARQLWrapper guesses the query form with a regex that mistakes words such as `load` in a
        # SELECT for an update, and would then send it as an update: it is a SELECT, we checked.
        sparql.queryType = SELECT
        return sparql

    def _fetch(self, sparql: SPARQLWrapper) -> bytes:
        try:
            response = sparql.query().response
            return response.read()
        except QueryBadFormed as exc:
            raise QueryError(redact(
                f"the endpoint {self.endpoint} says the query is not valid SPARQL: {_body(exc)}",
                self.credentials,
            )) from None
        except SPARQLWrapperException as exc:
            status, reason = _STATUS.get(type(exc), (0, "error"))
            raise status_error(self.endpoint, status, reason, _body(exc), self.credentials,
                               what=_WHAT, hint=_HINT) from None
        except urllib.error.HTTPError as exc:
            raise status_error(self.endpoint, exc.code, exc.reason, error_body(exc), self.credentials,
                               what=_WHAT, hint=_HINT) from None
        except TRANSPORT_ERRORS as exc:
            raise transport_error(self.endpoint, exc, self.timeout, self.credentials, what=_WHAT) from None


def _body(exc: SPARQLWrapperException) -> str:
    """The server's answer, which SPARQLWrapper keeps only as the repr of bytes in its message."""
    _, sep, raw = str(exc).partition("\n\nResponse:\n")
    if not sep:
        return ""
    try:
        value = ast.literal_eval(raw)
    except (ValueError, SyntaxError):
        return raw
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)



def _parse_results(raw: bytes, credentials: Credentials | None) -> QueryResult:
    try:
        doc = json.loads(raw)
        variables = list(doc["head"].get("vars", []))
        bindings = doc["results"]["bindings"] if "results" in doc else None
    except (ValueError, KeyError, TypeError, AttributeError):
        raise EndpointError(redact(
            "the endpoint did not answer with SPARQL 1.1 JSON results; is the URL the SPARQL query "
            f"URL of the server? It answered: {raw[:200].decode('utf-8', 'replace')!r}", credentials,
        )) from None
    if bindings is None:
        raise QueryError("only SELECT queries return rows; this query is ASK/CONSTRUCT/DESCRIBE")
    rows = [{k: Term.from_json(v) for k, v in b.items()} for b in bindings]
    return QueryResult(variables, rows)


def bind_with_values(query: str, bindings: dict[str, Term]) -> str:
    """The query with a VALUES block binding each variable, first thing in its WHERE group.

    At the start of the group the values are joined before the group's FILTERs run, which is what
    the embedded store's substitution does for the parameters of library queries.
    """
    names = list(bindings)
    for name in names:
        if not _VARNAME.fullmatch(name):
            raise QueryError(f"{name!r} is not a SPARQL variable name")
    values = []
    for name in names:
        term = bindings[name]
        if term.type == "bnode":
            raise QueryError(f"parameter {name}: a blank node cannot be bound on a remote endpoint")
        values.append(term.n3())
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({' '.join(values)}) }} "
    start = where_group_start(query)
    if _SUBSELECT.match(query, start + 1):
        raise QueryError("parameters cannot be bound when the WHERE group is a sub-SELECT")
    return query[: start + 1] + block + query[start + 1:]


def where_group_start(query: str) -> int:
    """Index of the `{` that opens the WHERE group."""
    for i, c in _code(query):
        if c == "{":
            return i
    raise QueryError("the query has no WHERE { … } group to bind parameters in")


def query_form(query: str) -> str | None:
    """SELECT, ASK, CONSTRUCT, DESCRIBE (or an update keyword): the first keyword after the prologue."""
    for word in _WORD.finditer(syntax_only(query)):
        if word[0].upper() in _FORMS:
            return word[0].upper()
    return None


def syntax_only(query: str) -> str:
    """The query with comments, strings and IRIs blanked out, same length: where a keyword or a
    brace is SPARQL syntax."""
    return "".join(c if ok else " " for ok, c in _mask(query))


def _code(query: str) -> Iterator[tuple[int, str]]:
    """(index, character) of the query text outside comments, strings and IRIs."""
    for i, (ok, c) in enumerate(_mask(query)):
        if ok:
            yield i, c


def _mask(query: str) -> Iterator[tuple[bool, str]]:
    """Each character of the query, flagged True when it is SPARQL syntax rather than the inside
    of a comment, a string or an IRI (where braces and keywords mean nothing)."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c == "#":
            end = query.find("\n", i)
            end = n if end < 0 else end
        elif c == "<" and (m := _IRIREF.match(query, i)):
            end = m.end()
        elif c in "\"'":
            end = _string_end(query, i)
        else:
            yield True, c
            i += 1
            continue
        for ch in query[i:end]:
            yield False, ch
        i = end


def _string_end(query: str, i: int) -> int:
    quote = query[i] * 3 if query.startswith(query[i] * 3, i) else query[i]
    j = i + len(quote)
    while j < len(query):
        if query[j] == "\\":
            j += 2
            continue
        if query.startswith(quote, j):
            return j + len(quote)
        j += 1
    raise QueryError("the query has an unterminated string")
