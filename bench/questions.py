"""Benchmark: condition linking, hierarchy patterns, `ask` and label search, each beside its naive
counterpart in the same run, on the seeds plus the full reference sets from ../shared.

Run by hand (not a test):
    .venv/bin/python bench/questions.py [--repeat 20] [--embeddings] [--synthetic 2000]

Sections (every figure is a median of warm runs unless it says "build"/"load"):
  1. index build from the store vs loading the pickle beside it (where the indexes live)
  2. linking: gold-list accuracy and latency per phrase (median of 3 runs) of the lexical index,
     the same scorer as a full scan of every label, rapidfuzz (extra `linking-alternatives`), and
     with --embeddings the
     all-MiniLM-L6-v2 model (encoding 112k labels takes tens of minutes on 2 CPUs; the vectors
     are cached in bench/cache/)
  3. hierarchy: links under an ICD-10-CM concept via the materialised closure (mkg:withinConcept)
     vs the skos:broader* path, the parameter bound as a substitution and pasted as VALUES;
     --synthetic N adds N links to random leaves in an in-memory copy
  4. ask: the issue's questions through the embedded pyoxigraph runner vs an rdflib runner on the
     same quads (same library queries, same indexes)
  5. label search: the prefix index vs a Python full scan vs SPARQL FILTER(CONTAINS) in oxigraph
Targets (issue 5): link <= 20 ms/phrase, ask <= 50 ms, label search <= 20 ms.
"""

from __future__ import annotations

import argparse
import pickle
import random
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from bench.baselines import FullScanIndex, RdflibRunner, label_scan  # noqa: E402
from bench.measure import CACHE as WORK  # noqa: E402
from bench.measure import SHARED  # noqa: E402
from bench.measure import median_ms as timed  # noqa: E402
from graph_app import indexcache  # noqa: E402
from graph_app.ask import ask  # noqa: E402
from graph_app.derive import Deriver  # noqa: E402
from graph_app.linking import linker_for  # noqa: E402
from graph_app.linking.concepts import loaded_release, read_concept_table  # noqa: E402
from graph_app.linking.lexical import LexicalIndex  # noqa: E402
from graph_app.linking.linker import ConditionLinker  # noqa: E402
from graph_app.loader import ingest_paths  # noqa: E402
from graph_app.refdata import load_reference_sets  # noqa: E402
from graph_app.runner import EmbeddedRunner, Term  # noqa: E402
from graph_app.search import LabelIndex, label_index, read_entries  # noqa: E402
from graph_app.store import GraphStore  # noqa: E402
from tests.test_linking_gold import gold_rows  # noqa: E402

QUESTIONS = ["which codes treat B-cell ALL", "which codes treat leukemia",
             "which codes treat rheumatoid arthritis", "what does J9229 treat",
             "which specialties go with J3262", "how many units for 162 mg of J3262"]
PREFIXES = ["leuk", "acute lymph", "rheumatoid arth", "j92", "toci", "c91.0", "a", "malig neo bre"]


def ms(value: float) -> str:
    return f"{value:,.2f} ms" if value < 100 else f"{value:,.0f} ms"


def build_store() -> GraphStore:
    store = GraphStore(WORK / "questions-store")
    runner = EmbeddedRunner(store)
    if loaded_release(runner) is None:
        t = time.perf_counter()
        ingest_paths(store, [SHARED / "seeds"], derive=Deriver(store))
        ref = SHARED / "reference"
        load_reference_sets(store, {
            "icd10cm": None, "hcpcs": ref / "hcpcs" / "HCPC2020_ANWEB_w_disclaimer.txt",
            "nucc": ref / "nucc" / "nucc_taxonomy_251.csv",
            "rxnorm": ref / "drugs" / "rxnorm_prescribable_20251006_ingredients.jsonl.gz"})
        print(f"built the store (seeds + 4 releases) in {time.perf_counter() - t:.0f} s")
    print(f"store: {len(store):,} quads")
    return store


def section_indexes(runner: EmbeddedRunner) -> None:
    print("\n## 1. Where the indexes live: built from the store vs loaded from the pickle beside it")
    release = loaded_release(runner)
    assert release is not None
    t = time.perf_counter()
    table = read_concept_table(runner, release)
    read_s = time.perf_counter() - t
    t = time.perf_counter()
    LexicalIndex(table)
    index_s = time.perf_counter() - t
    t = time.perf_counter()
    entries = list(read_entries(runner))
    entries_s = time.perf_counter() - t
    t = time.perf_counter()
    LabelIndex(entries)
    label_s = time.perf_counter() - t
    folder = indexcache.cache_dir(runner)
    assert folder is not None
    loads = {}
    for name in ("icd10cm-linker", "label-index"):
        path = folder / f"{name}.pickle"
        t = time.perf_counter()
        with open(path, "rb") as f:
            pickle.load(f)
        loads[name] = (time.perf_counter() - t, path.stat().st_size / 2**20)
    print("| index | build from store | load pickle | pickle size |\n|---|---:|---:|---:|")
    print(f"| condition linker (98,505 concepts) | {read_s:.1f} s read + {index_s:.1f} s index "
          f"| {loads['icd10cm-linker'][0]:.2f} s | {loads['icd10cm-linker'][1]:.0f} MiB |")
    print(f"| label search ({len(entries):,} labels) | {entries_s:.1f} s read + {label_s:.1f} s index "
          f"| {loads['label-index'][0]:.2f} s | {loads['label-index'][1]:.0f} MiB |")


def section_linking(runner: EmbeddedRunner, embeddings: bool) -> None:
    print("\n## 2. Condition linking on the gold list (tests/data/condition_gold.tsv), full ICD-10-CM")
    linker = linker_for(runner)
    assert linker is not None
    rows = gold_rows()
    tuned = [r for r in rows if r.area != "heldout"]
    matchers: list[tuple[str, object]] = [("lexical-idf, inverted index (kept)", linker.matcher)]
    matchers.append(("same scorer, full scan of every label", FullScanIndex.like(linker.matcher)))
    try:
        from graph_app.linking.alternatives import FuzzyMatcher

        matchers.append(("rapidfuzz token-set ratio (full scan)", FuzzyMatcher(linker.table)))
    except ImportError:
        print("(rapidfuzz not installed: pip install -e '.[linking-alternatives]')")
    if embeddings:
        matchers.append(("all-MiniLM-L6-v2 cosine", _embedding_matcher(linker)))
    print("| method | top-1 category, all | tuned part | held-out part | exact concepts | median / phrase "
          "| max / phrase |\n|---|---:|---:|---:|---:|---:|---:|")
    for name, matcher in matchers:
        lk = ConditionLinker(linker.table, matcher)  # type: ignore[arg-type]
        lk.link("warm up")
        hits, exact, times = {}, 0, []
        for r in rows:
            runs = []
            for _ in range(3):  # a phrase's time is the median of three runs (the host is shared)
                t = time.perf_counter()
                res = lk.link(r.phrase)
                runs.append((time.perf_counter() - t) * 1000)
            times.append(statistics.median(runs))
            top = res.best or (res.candidates[0] if res.candidates else None)
            hits[r.phrase] = bool(top) and top.category == r.category  # type: ignore[union-attr]
            exact += bool(r.codes) and tuple(c.code for c in res.links) == r.codes
        n_codes = sum(1 for r in rows if r.codes)

        def share(part: list, hits: dict[str, bool] = hits) -> str:
            ok = sum(hits[r.phrase] for r in part)
            return f"{ok}/{len(part)} ({ok / len(part):.0%})"

        held = [r for r in rows if r.area == "heldout"]
        print(f"| {name} | {share(rows)} | {share(tuned)} | {share(held)} | {exact}/{n_codes} "
              f"| {ms(statistics.median(times))} | {ms(max(times))} |")


def _embedding_matcher(linker: ConditionLinker) -> object:
    import numpy as np

    from graph_app.linking.alternatives import EmbeddingMatcher

    cache = WORK / f"minilm-{indexcache.fingerprint(linker.table.release)}.npy"
    vectors = np.load(cache) if cache.exists() else None
    t = time.perf_counter()
    matcher = EmbeddingMatcher(linker.table, vectors)
    if vectors is None:
        np.save(cache, matcher.vectors)
        print(f"(encoded {len(matcher.texts):,} labels in {time.perf_counter() - t:.0f} s; cached)")
    return matcher


CLOSURE = """SELECT ?concept ?condition WHERE {
  ?link mkg:withinConcept ?concept ; rdf:subject ?condition . }"""
PATH = """SELECT ?concept ?condition WHERE {
  ?linked skos:broader* ?concept . ?condition mkg:inferredCondition ?linked . }"""


def section_hierarchy(store: GraphStore, repeat: int, synthetic: int) -> None:
    print("\n## 3. Hierarchy: links under a concept, materialised closure vs skos:broader* path")
    import pyoxigraph as ox

    from graph_app.linking import concept_table
    from ontology import namespaces as ns
    from ontology.vocabulary import MKG, RDF_SUBJECT

    runners = [("on-disk store (seeds)", EmbeddedRunner(store))]
    if synthetic:
        mem = GraphStore(None)
        mem.ox.extend(store.ox.quads_for_pattern(None, None, None, None))
        table = concept_table(EmbeddedRunner(store))
        assert table is not None
        leaves = [c for c in table.titles if c not in table.children and "-" not in c]
        rng = random.Random(5)
        g = ox.NamedNode(ns.derived_graph("synthetic"))
        quads = []
        for i in range(synthetic):
            code = rng.choice(leaves)
            cond, link = ox.NamedNode(f"{ns.ID}condition/syn{i}"), ox.NamedNode(f"{ns.ID}stmt/syn/{i}")
            concept = ox.NamedNode(ns.ICD10CM.iri(code))
            quads += [ox.Quad(cond, ox.NamedNode(MKG.inferredCondition), concept, g),
                      ox.Quad(link, ox.NamedNode(RDF_SUBJECT), cond, g)]
            quads += [ox.Quad(link, ox.NamedNode(MKG.withinConcept), ox.NamedNode(ns.ICD10CM.iri(a)), g)
                      for a in (code, *table.ancestors(code))]
        mem.ox.extend(quads)
        runners.append((f"in memory + {synthetic:,} synthetic links", EmbeddedRunner(mem)))
    print("| store | concept | closure, bound | path, bound | path, VALUES | rows |")
    print("|---|---|---:|---:|---:|---:|")
    for label, runner in runners:
        for code in ("C91.0", "C91", "C81-C96"):
            iri = Term.uri(ns.ICD10CM.iri(code))
            values = PATH.replace("WHERE {", f"WHERE {{ VALUES ?concept {{ <{iri.value}> }}", 1)
            rows = len(runner.select(CLOSURE, {"concept": iri}).rows)
            closure = timed(lambda: runner.select(CLOSURE, {"concept": iri}), repeat)  # noqa: B023
            path = timed(lambda: runner.select(PATH, {"concept": iri}), max(3, repeat // 5))  # noqa: B023
            inline = timed(lambda: runner.select(values), repeat)  # noqa: B023
            print(f"| {label} | {code} | {ms(closure)} | {ms(path)} | {ms(inline)} | {rows} |")


def section_ask(store: GraphStore, repeat: int) -> None:
    print("\n## 4. ask: embedded pyoxigraph vs rdflib on the same quads (same queries, same indexes)")
    embedded = EmbeddedRunner(store)
    t = time.perf_counter()
    rdf = RdflibRunner.copy_of(store, WORK / "questions-store.nq")
    print(f"(rdflib loaded {len(rdf.dataset):,} quads in {time.perf_counter() - t:.0f} s)")
    print("| question | rows | pyoxigraph | rdflib | ratio |\n|---|---:|---:|---:|---:|")
    for q in QUESTIONS:
        rows = len(ask(embedded, q).rows)
        assert rows == len(ask(rdf, q).rows), q
        a = timed(lambda: ask(embedded, q), repeat)  # noqa: B023
        b = timed(lambda: ask(rdf, q), max(3, repeat // 5))  # noqa: B023
        print(f"| {q} | {rows} | {ms(a)} | {ms(b)} | {b / a:.0f}x |")


def section_search(runner: EmbeddedRunner, repeat: int) -> None:
    print("\n## 5. Label search: prefix index vs full scans")
    index = label_index(runner)
    scan = label_scan(index)

    contains = """SELECT ?text ?node ?label WHERE { ?node skos:prefLabel ?label .
      FILTER(CONTAINS(LCASE(STR(?label)), LCASE(STR(?text)))) } LIMIT 20"""
    print(f"{len(index):,} labels\n| prefix | hits (limit 20) | index | Python full scan | "
          f"SPARQL CONTAINS (oxigraph) |\n|---|---:|---:|---:|---:|")
    for p in PREFIXES:
        hits = len(index.search(p))
        a = timed(lambda: index.search(p), repeat)  # noqa: B023
        b = timed(lambda: scan(p), max(3, repeat // 5))  # noqa: B023
        c = timed(lambda: runner.select(contains, {"text": Term.literal(p)}), max(3, repeat // 5))  # noqa: B023
        print(f"| {p!r} | {hits} | {ms(a)} | {ms(b)} | {ms(c)} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--embeddings", action="store_true", help="also measure the MiniLM model")
    parser.add_argument("--synthetic", type=int, default=2000, help="synthetic links for section 3 (0: none)")
    parser.add_argument("--only", nargs="*", type=int, help="run only these sections")
    args = parser.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    store = build_store()
    runner = EmbeddedRunner(store)
    linker_for(runner), label_index(runner)  # build or load the cached indexes once
    sections = {
        1: lambda: section_indexes(runner), 2: lambda: section_linking(runner, args.embeddings),
        3: lambda: section_hierarchy(store, args.repeat, args.synthetic),
        4: lambda: section_ask(store, args.repeat), 5: lambda: section_search(runner, args.repeat),
    }
    for n, run in sections.items():
        if not args.only or n in args.only:
            run()


if __name__ == "__main__":
    main()
