"""Where a SPARQL query's text is syntax, and binding parameters into it as a VALUES block.

Both runners bind a library query's parameters this way (the embedded store because oxigraph
plans from a VALUES block and not from a substitution; a remote endpoint because it is the only
standard way), and the workbench shows the bound text. Comments, strings and IRIs are masked
first, so a brace or a keyword inside them is never taken for syntax.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

from graph_app.errors import QueryError

if TYPE_CHECKING:  # runner.py binds through this module
    from graph_app.runner import Term

_IRIREF = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')
_VARNAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_WORD = re.compile(r"(?<![?$\w:])[A-Za-z]+(?![\w:])")  # not a variable, not part of a prefixed name
_SUBSELECT = re.compile(r"\s*SELECT\b", re.I)
_FORMS = {"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD", "CLEAR", "CREATE",
          "DROP", "COPY", "MOVE", "ADD", "WITH"}


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
