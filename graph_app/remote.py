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
import urllib.error
import warnings

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
from graph_app.sparqltext import bind_with_values, query_form

_STATUS = {
    QueryBadFormed: (400, "Bad Request"), Unauthorized: (401, "Unauthorized"),
    EndPointNotFound: (404, "Not Found"), URITooLong: (414, "URI Too Long"),
    EndPointInternalError: (500, "Internal Server Error"),
}
_WHAT = "SPARQL endpoint"
_HINT = "the query URL of `oxigraph serve` is http://HOST:PORT/query"



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
