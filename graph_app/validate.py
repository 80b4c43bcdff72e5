"""`medkg validate`: every check of the graph, reported as one list of Findings.

Three sources, one record: the SHACL shapes (ontology/shapes.ttl, run by pySHACL), the
violation queries (queries/*-violation.rq, each returning no rows on a healthy graph), and the
findings other checks stored in the graph as data (mkg:Finding, e.g. a stated code that is not
in the official release). Optionally HermiT checks the graph against the OWL ontology.
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from graph_app.errors import ValidationError
from graph_app.findings import SEVERITIES, Finding, stored_findings
from graph_app.origin import Locator
from graph_app.querylib import LibraryQuery, library
from graph_app.results import compact
from graph_app.runner import EmbeddedRunner, QueryResult
from graph_app.shacl import Shapes, run_shacl
from graph_app.shacl_data import data_graph
from graph_app.store import GraphStore
from ontology import namespaces as ns
from ontology.files import SHAPES_FILE, TTL_FILE
from ontology.rdf_files import RdfFileError, read_rdf

VIOLATION_SUFFIX = "-violation"
_SEVERITY_LINE = re.compile(r"^#\s*Severity:\s*(?P<severity>\S+)\s*$", re.I | re.M)


@dataclass(frozen=True)
class Check:
    """One thing validate ran, how many findings it gave, how long it took."""

    name: str
    findings: int
    seconds: float


@dataclass
class ValidationReport:
    store: str
    findings: list[Finding] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)

    @property
    def by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    @property
    def by_severity(self) -> dict[str, int]:
        counts = Counter(f.severity for f in self.findings)
        return {s: counts[s] for s in SEVERITIES if counts[s]}

    @property
    def exit_code(self) -> int:
        return 1 if self.findings else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "store": self.store,
            "clean": not self.findings,
            "counts": {"total": len(self.findings), "bySeverity": self.by_severity,
                       "byKind": self.by_kind},
            "checks": [c.__dict__ for c in self.checks],
            "findings": [f.to_json() for f in self.findings],
        }


def load_shapes(path: str | Path = SHAPES_FILE) -> Shapes:
    try:
        return Shapes(read_rdf(path), Path(path))
    except RdfFileError as exc:
        raise ValidationError(f"cannot use the shapes file: {exc}") from None


def _ontology(path: str | Path) -> Any:
    try:
        return read_rdf(path)
    except RdfFileError as exc:
        raise ValidationError(f"cannot use the ontology file: {exc}") from None


def violation_queries() -> list[LibraryQuery]:
    return [q for name, q in library().items() if name.endswith(VIOLATION_SUFFIX)]


def query_severity(query: LibraryQuery) -> str:
    m = _SEVERITY_LINE.search(query.text)
    severity = m["severity"].lower() if m else "error"
    if severity not in SEVERITIES:
        raise ValidationError(
            f"{query.path}: '# Severity: {severity}' is not one of {', '.join(SEVERITIES)}"
        )
    return severity


class _Collector:
    """Fills in what a check left out (code and system of a code IRI, document, section)."""

    def __init__(self, store: GraphStore):
        self.locator = Locator(store)
        self.findings: dict[Finding, None] = {}

    def add(self, f: Finding, path: str | None = None, value: str | None = None) -> None:
        """`path` and `value`: the link the finding is about, when it is about one."""
        codes = (ns.system_of_iri(iri) for iri in (f.focus, value) if iri)
        known = next((c for c in codes if c), None)
        origin = (self.locator.of_statement(f.statement) if f.statement
                  else self.locator.of(f.focus, path, value))
        self.findings[replace(
            f, system=f.system or (known[0].key if known else None),
            code=f.code or (known[1] if known else None), document=f.document or origin.document,
            section=f.section or origin.section, statement=f.statement or origin.statement,
        )] = None


def _shacl(store: GraphStore, shapes: Shapes, ontology: Any, out: _Collector) -> int:
    results = run_shacl(data_graph(store, shapes, ontology), shapes)
    for r in results:
        name = r.shape[len(ns.SHAPES):] if r.shape.startswith(ns.SHAPES) else r.shape.rsplit("#", 1)[-1]
        found = None
        if r.value is not None and r.value != r.focus:
            found = r.value
        shown = compact(found) if found and r.value_is_iri else found
        message = r.message + (f" (found: {shown})" if found else "")
        out.add(Finding(r.severity, f"shacl:{name}", r.focus, message, found=found),
                path=r.path, value=r.value if r.value_is_iri else None)
    return len(results)


def _query_rows(query: LibraryQuery, result: QueryResult) -> Iterable[dict[str, str]]:
    missing = {"focus", "message"} - set(result.variables)
    if missing:
        raise ValidationError(
            f"{query.path}: a violation query must select ?focus and ?message (missing: "
            f"{', '.join(sorted(missing))})"
        )
    for row in result.rows:
        yield {k: t.value for k, t in row.items()}


def _queries(store: GraphStore, out: _Collector) -> int:
    runner = EmbeddedRunner(store)
    count = 0
    for q in violation_queries():
        severity = query_severity(q)
        kind = q.name[: -len(VIOLATION_SUFFIX)]
        for v in _query_rows(q, q.run(runner)):
            count += 1
            out.add(Finding(
                severity=v.get("severity", severity), kind=kind, focus=v["focus"],
                message=v["message"], system=v.get("system"), code=v.get("code"),
                document=v.get("document"), section=v.get("section"),
                statement=v.get("statement"), expected=v.get("expected"), found=v.get("found"),
            ), path=v.get("link"), value=v.get("target"))
    return count


def _stored(store: GraphStore, out: _Collector) -> int:
    found = stored_findings(EmbeddedRunner(store))
    for f in found:
        out.add(f)
    return len(found)


def validate_store(
    store: GraphStore,
    *,
    shapes_file: str | Path = SHAPES_FILE,
    ontology_file: str | Path = TTL_FILE,
    reason: bool = False,
    store_name: str | None = None,
) -> ValidationReport:
    """Run every check on the store; the report lists every finding, most serious first."""
    shapes = load_shapes(shapes_file)
    ontology = _ontology(ontology_file)
    out = _Collector(store)
    report = ValidationReport(store_name or str(store.path or "(in memory)"))
    steps: list[tuple[str, Callable[[], int]]] = [
        (f"SHACL shapes ({shapes.source.name})", lambda: _shacl(store, shapes, ontology, out)),
        (f"{len(violation_queries())} violation queries", lambda: _queries(store, out)),
        ("stored findings", lambda: _stored(store, out)),
    ]
    if reason:
        from graph_app.reason import reasoner_findings

        steps.append(("HermiT consistency", lambda: reasoner_findings(store, ontology, out.add)))
    for name, step in steps:
        start = time.perf_counter()
        n = step()
        report.checks.append(Check(name, n, round(time.perf_counter() - start, 3)))
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    report.findings = sorted(out.findings, key=lambda f: (rank.get(f.severity, 9), f.kind, f.focus,
                                                           f.statement or "", f.message))
    return report


def render_text(report: ValidationReport, limit: int = 20) -> str:
    """Counts first, then the findings grouped by kind (at most `limit` per kind; 0 = all)."""
    total = len(report.findings)
    severities = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in report.by_severity.items())
    lines = [f"{total} finding{'s' if total != 1 else ''} in {report.store}"
             + (f": {severities}" if total else " (the graph passes every check)")]
    lines.append("checks: " + "; ".join(f"{c.name} {c.findings} in {c.seconds:.2f} s"
                                       for c in report.checks))
    if not total:
        return "\n".join(lines)
    width = max(len(k) for k in report.by_kind)
    lines += ["", "by kind:"] + [f"  {k:<{width}}  {n:>6,}" for k, n in report.by_kind.items()]
    groups: dict[str, list[Finding]] = {}
    for f in report.findings:
        groups.setdefault(f.kind, []).append(f)
    for kind, findings in groups.items():
        lines += ["", f"{kind} ({len(findings)}, {findings[0].severity})"]
        shown = findings if limit <= 0 else findings[:limit]
        for f in shown:
            where = " § ".join(x for x in (compact(f.document) if f.document else "", f.section or "") if x)
            lines.append(f"  {compact(f.focus)}" + (f"  [{where}]" if where else ""))
            lines.append(f"      {f.message}")
        if len(shown) < len(findings):
            lines.append(f"  … and {len(findings) - len(shown):,} more (--limit 0 or --format json "
                         "lists them all)")
    return "\n".join(lines)
