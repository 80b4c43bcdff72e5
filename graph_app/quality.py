"""Findings grouped for people: one group per kind, the most serious kinds first."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from graph_app.findings import SEVERITIES, Finding


@dataclass(frozen=True)
class FindingGroup:
    kind: str
    severity: str  # the most serious severity in the group
    findings: tuple[Finding, ...]


def merged(*sources: Iterable[Finding]) -> list[Finding]:
    """Findings from several checks (stored in the graph, a validation run), each once."""
    seen: dict[tuple[str, str, str], Finding] = {}
    for findings in sources:
        for f in findings:
            seen.setdefault((f.iri, f.severity, f.message), f)
    return list(seen.values())


def by_kind(findings: Iterable[Finding]) -> list[FindingGroup]:
    rank = {s: i for i, s in enumerate(SEVERITIES)}
    groups: dict[str, list[Finding]] = {}
    for f in findings:
        groups.setdefault(f.kind, []).append(f)
    out = []
    for kind, items in groups.items():
        items.sort(key=lambda f: (rank.get(f.severity, len(rank)), f.code or "", f.focus, f.document or ""))
        out.append(FindingGroup(kind, items[0].severity, tuple(items)))
    return sorted(out, key=lambda g: (rank.get(g.severity, len(rank)), g.kind))
