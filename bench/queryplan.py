"""Which queries the harness runs, with which parameters: the same plan for medkg and for rdflib.

Every library query runs with its documented example. A query with parameters is also a point
query: it runs on values sampled from the corpus manifest (codes the pages are about, diagnoses
they list, conditions they name, drugs), so its latency is measured over many lookups, not one.
"""

from __future__ import annotations

import random

from graph_app.querylib import LibraryQuery
from ontology import namespaces as ns

# The point queries the targets name: everything about one code, and codes for a condition with
# its hierarchy (issue 5's treats-concept; codes-for-condition is a text scan, not a point query).
TARGET_QUERIES = ("code", "code-diagnoses", "code-modifiers", "code-policies", "code-procedures",
                  "code-specialties", "treats-concept")


def samples(manifest: dict, count: int, seed: int = 8) -> dict[str, list[str]]:
    """Values to bind, by the kind of parameter, drawn from the pages of the corpus."""
    rng = random.Random(seed)
    pages = manifest["pages"]
    codes = sorted({p["code"] for p in pages})
    diagnoses = sorted({r["code"] for p in pages for r in p["diagnoses"] if r["status"] == "stated"})
    conditions = sorted({text for p in pages for text, _ in p["conditions"]})
    drugs = sorted({p["drug"] for p in pages})

    def pick(values: list[str]) -> list[str]:
        return rng.sample(values, min(count, len(values))) if values else []

    words = [max(t.split(), key=len).lower().strip(",()") for t in pick(conditions)]
    return {
        "hcpcs": pick(codes),
        "icd10cm": pick(diagnoses),
        "iri": [ns.HCPCS.iri(c) for c in pick(codes)],
        "condition": words,
        "drug": pick(drugs),
        "title": [t for t in pick(conditions)],
    }


def _values(query: LibraryQuery, pool: dict[str, list[str]]) -> list[dict[str, str]]:
    """One parameter set per sample: each parameter from the pool of its type (or its name)."""
    columns = []
    for p in query.parameters:
        column = pool.get(p.type) if p.type != "string" else pool.get(p.name)
        if not column:
            return []
        columns.append((p.name, column))
    size = min(len(c) for _, c in columns)
    return [{name: column[i] for name, column in columns} for i in range(size)]


def query_plan(queries: dict[str, LibraryQuery], pool: dict[str, list[str]], *, repeats: int,
               point_budget_s: float, whole_budget_s: float, whole_graph: bool = True) -> list[dict]:
    plan = []
    for name, query in sorted(queries.items()):
        if not query.parameters and not whole_graph:
            continue
        example = query.example_values()
        if query.parameters:
            params = [example, *_values(query, pool)]
            plan.append({"name": name, "kind": "point", "params": params, "repeats": repeats,
                         "budget_s": point_budget_s})
        else:
            plan.append({"name": name, "kind": "whole-graph", "params": [example], "repeats": 3,
                         "budget_s": whole_budget_s})
    return plan
