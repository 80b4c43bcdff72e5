"""Which queries the harness runs, with which parameters: the same plan for medkg and for rdflib.

Every library query runs with its documented example. A query with parameters is also a point
query: it runs on values sampled from the corpus manifest (codes the pages are about, the
conditions they name and the concepts above them, drugs, brands, documents), so its latency is
measured over many lookups, not one.
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
    """Values to bind, drawn from the pages of the corpus: keyed `type:name` where the parameter's
    name says what it is (an IRI of a drug is not an IRI of a code), by type otherwise."""
    rng = random.Random(seed)
    pages = manifest["pages"]
    codes = sorted({p["code"] for p in pages})
    conditions = sorted({(text, code) for p in pages for text, code in p["conditions"]})
    drugs = sorted({p["drug"] for p in pages if p["drug"]})
    brands = sorted({p["brand"] for p in pages if p.get("brand")})
    # treats-concept answers for a concept and everything under it: the concepts pages name, and
    # the three-character categories above them
    concepts = sorted({code for _, code in conditions} | {code[:3] for _, code in conditions})

    def pick(values: list) -> list:
        return rng.sample(values, min(count, len(values))) if values else []

    def nodes(kind: str, names: list[str]) -> list[str]:
        return [ns.entity_iri(kind, name) for name in pick(names)]

    titles = [text for text, _ in pick(conditions)]
    code_iris = [ns.HCPCS.iri(c) for c in pick(codes)]
    drug_iris = nodes("drug", drugs)
    condition_iris = nodes("condition", [text for text, _ in conditions])
    node_iris = [iri for trio in zip(code_iris, drug_iris, condition_iris, strict=False) for iri in trio]
    return {
        "hcpcs": pick(codes),
        "icd10cm": pick(concepts),
        "iri:code": code_iris,
        "iri:drug": drug_iris,
        "iri:brand": nodes("brand", brands),
        "iri:condition": condition_iris,
        "iri:document": [ns.document_iri(p["key"]) for p in pick(pages)],
        "iri:node": node_iris[:count],
        "string:condition": [max(t.split(), key=len).lower().strip(",()") for t in titles],
        "string:drug": pick(drugs),
        "string:title": titles,
    }


def _values(query: LibraryQuery, pool: dict[str, list[str]]) -> list[dict[str, str]]:
    """One parameter set per sample: each parameter from the pool of its name and type, else of
    its type (a code system's codes). A parameter with no pool runs on its example only."""
    columns = []
    for p in query.parameters:
        column = pool.get(f"{p.type}:{p.name}") or ([] if p.type in ("iri", "string") else pool.get(p.type))
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
