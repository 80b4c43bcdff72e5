"""Loosely formatted pipe tables: leading pipes optional, separator rows, tables back to back.

A row becomes a CodeRow with a status: a row that says it is excluded or not applicable, or that
repeats a code already listed in the same table, is kept as what the document said, but marked so
the graph never asserts it as applicable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.errors import TruncatedDocument
from ingest.records import CodeRow, Evidence, RowStatus
from ontology.namespaces import code_system, modifier_system, normalize_code

_SEPARATOR_CELL = re.compile(r":?-{2,}:?")

# first header cell -> (table kind, default code system, section name for evidence)
TABLE_KINDS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"modifier", re.I), "modifiers"),
    (re.compile(r"taxonomy|nucc|specialty code", re.I), "taxonomies"),
    (re.compile(r"icd|diagnos", re.I), "diagnoses"),
    (re.compile(r"cpt|procedure code", re.I), "procedures"),
]
_SYSTEM_OF_KIND = {"taxonomies": "nucc", "diagnoses": "icd10cm", "procedures": "cpt"}

_EXCLUDED = re.compile(
    r"\bexcluded\b|\bnot (in|on|from) (the )?provided list\b|\bomitted\b|"
    r"\bdo not (use|bill|report)\b|\bshould not be (used|billed|reported)\b",
    re.I,
)
_NOT_APPLICABLE = re.compile(
    r"\bnot (typically |usually |generally |normally )?(applicable|relevant|used)\b", re.I
)
_DUPLICATE = re.compile(r"\bduplicate(d)?\b|\balready listed\b", re.I)


@dataclass(frozen=True)
class Table:
    kind: str
    header: list[str]
    header_line: int
    rows: list[tuple[int, list[str], str]]  # (line, cells, raw text)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|"):
        s = s[1:]
    if s.endswith("|"):
        s = s[:-1]
    return [c.strip() for c in s.split("|")]


def _is_separator(cells: list[str]) -> bool:
    return bool(cells) and all(_SEPARATOR_CELL.fullmatch(c.replace(" ", "")) for c in cells if c)


def _kind_of(header: list[str]) -> str | None:
    first = header[0] if header else ""
    for rx, kind in TABLE_KINDS:
        if rx.search(first):
            return kind
    return None


def has_code_table(text: str) -> bool:
    """A header row naming a code table, followed by a separator row."""
    lines = [ln for ln in text.split("\n") if "|" in ln]
    return any(
        _kind_of(_cells(a)) is not None and _is_separator(_cells(b))
        for a, b in zip(lines, lines[1:], strict=False)
    )


def find_tables(path: str, text: str) -> tuple[list[Table], list[str]]:
    """The code tables of a page, and warnings about tables it could not use."""
    lines = text.split("\n")
    tables: list[Table] = []
    warnings: list[str] = []
    current: Table | None = None
    last_content = max((i for i, ln in enumerate(lines) if ln.strip()), default=-1)
    for i, line in enumerate(lines):
        if "|" not in line:
            if line.strip():
                current = None  # prose ends a table; blank lines do not
            continue
        cells = _cells(line)
        if _is_separator(cells):
            continue
        next_cells = _cells(lines[i + 1]) if i + 1 < len(lines) and "|" in lines[i + 1] else []
        if _is_separator(next_cells):
            kind = _kind_of(cells)
            if kind is None:
                warnings.append(f"line {i + 1}: a table with header {cells!r} is not a code table")
                current = None
                continue
            current = Table(kind, cells, i + 1, [])
            tables.append(current)
            continue
        if current is None:
            continue
        if len(cells) < len(current.header) and i == last_content and not line.rstrip().endswith("|"):
            raise TruncatedDocument(
                path,
                f"the last row of the {current.kind} table has {len(cells)} of "
                f"{len(current.header)} cells: the file looks cut off",
                line=i + 1,
            )
        current.rows.append((i + 1, cells, line.strip()))
    return tables, warnings


def table_rows(table: Table, section: str) -> list[CodeRow]:
    """CodeRows with their status; the first listing of a code wins, later ones are duplicates."""
    seen: set[tuple[str, str]] = set()
    out: list[CodeRow] = []
    for line, cells, raw in table.rows:
        cells = cells + [""] * (3 - len(cells))
        stated, description, note = cells[0], cells[1], " ".join(c for c in cells[2:] if c)
        if not stated:
            continue
        if table.kind == "modifiers":
            system = modifier_system(normalize_code("hcpcs-modifier", stated)).key
        else:
            system = _SYSTEM_OF_KIND[table.kind]
        code = normalize_code(system, stated)
        status = RowStatus.STATED
        both = f"{description} {note}"
        if (system, code) in seen or _DUPLICATE.search(both):
            status = RowStatus.DUPLICATE
        elif _EXCLUDED.search(both):
            status = RowStatus.EXCLUDED
        elif _NOT_APPLICABLE.search(both):
            status = RowStatus.NOT_APPLICABLE
        if status is not RowStatus.DUPLICATE:
            seen.add((system, code))
        out.append(
            CodeRow(
                system=system,
                code=code,
                stated_code=stated,
                description=description,
                note=note,
                status=status,
                evidence=Evidence(section, raw, line),
                well_formed=code_system(system).is_well_formed(code),
            )
        )
    return out
