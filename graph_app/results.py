"""Write query results as a table for people, CSV for spreadsheets, SPARQL JSON for programs."""

from __future__ import annotations

import csv
import io
import json
import shutil

from graph_app.runner import QueryResult, Term
from ontology.namespaces import PREFIXES

FORMATS = ("table", "csv", "json")

_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: len(kv[1]), reverse=True)


def compact(iri: str) -> str:
    """hcpcs:J9229 instead of the full IRI, where a known prefix fits."""
    for prefix, base in _BY_LENGTH:
        if iri.startswith(base) and len(iri) > len(base):
            return f"{prefix}:{iri[len(base):]}"
    return f"<{iri}>"


def display(term: Term | None) -> str:
    if term is None:
        return ""
    return compact(term.value) if term.type == "uri" else term.value


def to_json(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results JSON Format."""
    doc = {
        "head": {"vars": result.variables},
        "results": {
            "bindings": [{k: v.to_json() for k, v in row.items()} for row in result.rows]
        },
    }
    return json.dumps(doc, indent=2, ensure_ascii=False)


def to_csv(result: QueryResult) -> str:
    """SPARQL 1.1 Query Results CSV: full IRIs, plain literal values."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(result.variables)
    for row in result.rows:
        w.writerow([row[v].value if v in row else "" for v in result.variables])
    return buf.getvalue()


def to_table(result: QueryResult, width: int | None = None, hide: tuple[str, ...] = ()) -> str:
    """Aligned columns; `hide` drops columns that only echo the parameters given."""
    width = width or shutil.get_terminal_size((160, 24)).columns
    cols = [v for v in result.variables if v not in hide]
    cells = [[display(row.get(v)).replace("\n", " ") for v in cols] for row in result.rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(cols)]
    # Shrink the widest columns until the table fits the terminal.
    budget = max(width - 2 * (len(cols) - 1), 20 * len(cols))
    while sum(widths) > budget and max(widths) > 12:
        widths[widths.index(max(widths))] -= 1

    def fmt(values: list[str]) -> str:
        return "  ".join(
            (v if len(v) <= w else v[: w - 1] + "…").ljust(w) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    lines = [fmt(cols), fmt(["-" * w for w in widths])] + [fmt(r) for r in cells]
    lines.append(f"({len(cells)} row{'s' if len(cells) != 1 else ''})")
    return "\n".join(lines)


def render(result: QueryResult, fmt: str, hide: tuple[str, ...] = ()) -> str:
    if fmt == "json":
        return to_json(result)
    if fmt == "csv":
        return to_csv(result)
    if fmt == "table":
        return to_table(result, hide=hide)
    raise ValueError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
