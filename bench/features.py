"""What users do on the built store, timed in a child process (`python -m bench.features`):

- questions: condition linking (the inverted index beside the same scorer reading every label),
  label search (the prefix index beside a scan of every label) and `medkg ask`, on phrases,
  prefixes and questions drawn from the corpus (issue 5; bench/questions.py has the deep dive);
- explorer: the explorer's entity page, first render and rerun, each entity in a fresh process
  (issue 6; bench/explorer.py renders it).
The rdflib side of `ask` runs in bench/naive.py, on the same quads.
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.baselines import FullScanIndex, label_scan
from bench.codepool import closing_dose
from bench.explorer import WARM_UP, measure
from bench.measure import child_main, latency, percentile, timed
from graph_app.ask import ask
from graph_app.linking import linker_for
from graph_app.linking.linker import ConditionLinker
from graph_app.runner import EmbeddedRunner
from graph_app.search import label_index
from graph_app.store import GraphStore
from ingest.descriptors import parse_dose
from ontology import namespaces as ns


def user_inputs(manifest: dict, count: int, seed: int) -> dict[str, list[str]]:
    """Phrases, prefixes, questions and entities drawn from the corpus the store was built from."""
    rng = random.Random(seed)
    pages = rng.sample(manifest["pages"], min(count, len(manifest["pages"])))
    conditions = [text for p in pages for text, _ in p["conditions"][:1]]
    codes = [p["code"] for p in pages]
    questions = []
    for i, p in enumerate(pages):
        form = i % 4
        questions.append(
            f"which codes treat {conditions[i].lower()}" if form == 0 else
            f"what does {p['code']} treat" if form == 1 else
            f"which specialties go with {p['code']}" if form == 2 else
            f"how many units for {_ten_units(p['official_descriptor'])} of {p['code']}")
    prefixes = [p["drug"][:4] for p in pages[: count // 2]] + [c.split()[0][:5].lower() for c in conditions]
    return {
        "phrases": conditions, "prefixes": prefixes[:count], "questions": questions,
        "entities": [ns.HCPCS.iri(c) for c in codes[:3]]
        + [ns.entity_iri("drug", p["drug"]) for p in pages[:2]]
        + [ns.ICD10CM.iri(code) for p in pages[:2] for _, code in p["conditions"][:1]],
    }


def _ten_units(descriptor: str) -> str:
    """A dose of ten billing units of a descriptor ("Injection, x, 0.5 mg" -> "5 mg")."""
    dose = parse_dose(closing_dose(descriptor))
    assert dose is not None, descriptor
    return f"{format(dose.amount * 10, 'f')} {dose.unit}"


def questions(payload: dict) -> dict:
    store = GraphStore(Path(payload["store"]))
    runner = EmbeddedRunner(store)
    reps, budget = payload["repeats"], payload["budget_s"]
    index_s, (linker, labels) = timed(lambda: (linker_for(runner), label_index(runner)))  # or loaded
    assert linker is not None, "no ICD-10-CM release in the store"
    full_scan = ConditionLinker(linker.table, FullScanIndex.like(linker.matcher))
    scan = label_scan(labels)

    def lat(fn, inputs: list[str]) -> dict:  # type: ignore[no-untyped-def]
        return latency([lambda x=x: fn(x) for x in inputs], repeats=reps, budget_s=budget,
                       count=lambda answer: len(answer.rows) if hasattr(answer, "rows") else 0).to_json()

    return {
        "index_build_or_load_s": index_s,
        "link": lat(linker.link, payload["phrases"]),
        "link-full-scan": lat(full_scan.link, payload["phrases"][:3]),
        "search": lat(labels.search, payload["prefixes"]),
        "search-full-scan": lat(scan, payload["prefixes"][:5]),
        "ask": lat(lambda q: ask(runner, q), payload["questions"]),
    }


def explorer(payload: dict) -> dict:
    """Entity pages: each entity once per round in a fresh process, after an unrelated page."""
    first, rerun = [], []
    for _ in range(payload["rounds"]):
        for iri in payload["entities"]:
            t = measure(Path(payload["store"]), iri)
            first.append(t["first"])
            rerun.append(t["rerun"])
    return {"entities": len(payload["entities"]), "warm_up": WARM_UP,
            "first_p50_ms": percentile(first, 50), "first_p95_ms": percentile(first, 95),
            "rerun_p50_ms": percentile(rerun, 50), "rerun_p95_ms": percentile(rerun, 95)}


if __name__ == "__main__":
    child_main({"questions": questions, "explorer": explorer})
