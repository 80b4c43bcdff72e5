"""The targets, judged plainly, and the results as markdown tables."""

from __future__ import annotations

from bench.queryplan import TARGET_QUERIES

TARGET_DOCS = 10_000
INGEST_SECONDS, INGEST_RATIO = 60.0, 5.0
POINT_P95_MS, POINT_VS_RDFLIB = 10.0, 20.0
PEAK_RSS_MB = 2048.0


def _target(name: str, value: float | None, limit: float, unit: str, *, at_most: bool = True,
            applies: bool = True, note: str = "") -> dict[str, object]:
    met = None if value is None or not applies else (value <= limit if at_most else value >= limit)
    return {"target": name, "value": None if value is None else round(value, 3), "limit": limit,
            "unit": unit, "rule": "<=" if at_most else ">=", "met": met, "note": note}


def targets(r: dict) -> list[dict[str, object]]:
    n = r["docs"]
    at_size = n == TARGET_DOCS
    scale_note = "" if at_size else (f"the target is for {TARGET_DOCS:,} documents; this run took "
                                     f"{r['ingest']['ms_per_doc']:.1f} ms per document, fixed costs "
                                     f"included (the growth report gives the slope)")
    point = {q: r["queries"][q] for q in TARGET_QUERIES if q in r["queries"]}
    p95 = max((q["medkg"].get("p95_ms", float("inf")) for q in point.values()), default=None)
    ratios = [q["rdflib_over_medkg"] for q in point.values() if q.get("rdflib_over_medkg")]
    worst_ratio_query = min(point, key=lambda k: point[k].get("rdflib_over_medkg") or float("inf"),
                            default="")
    slowest = max(point, key=lambda k: point[k]["medkg"].get("p95_ms", float("inf")), default="")
    return [
        _target("ingest, linking included", r["ingest"]["median_s"], INGEST_SECONDS, "s", applies=at_size,
                note=scale_note),
        _target("ingest vs pyoxigraph bulk-loading the same quads on disk", r["ingest"]["vs_pyox_disk"],
                INGEST_RATIO, "x", note=f"in memory it is {_x(r['ingest']['vs_pyox_mem'])}"),
        _target("point queries p95", p95, POINT_P95_MS, "ms", note=f"slowest: {slowest}"),
        _target("point queries vs rdflib's engine (p50 ratio, worst query)", min(ratios) if ratios else None,
                POINT_VS_RDFLIB, "x", at_most=False,
                note=(f"worst: {worst_ratio_query}" if ratios
                      else r["rdflib"].get("skipped", "rdflib not run"))),
        _target("peak RSS (build and queries)", r["peak_rss_mb"], PEAK_RSS_MB, "MiB", applies=at_size,
                note="" if at_size else f"the target is for {TARGET_DOCS:,} documents"),
    ]


def _ms(v: float | None) -> str:
    if v is None:
        return "–"
    return f"{v:,.0f} ms" if v >= 100 else f"{v:.2f} ms" if v < 10 else f"{v:.1f} ms"


def _p(latency: dict, key: str) -> str:
    """A percentile, or why there is none."""
    if "timed_out_s" in latency:
        return f"timed out ({latency['timed_out_s']:.0f} s)"
    return _ms(latency.get(key))


def _s(v: float | None) -> str:
    return "–" if v is None else f"{v:.1f} s"


def _x(v: float | None) -> str:
    return "–" if v is None else f"{v:,.0f}x" if v >= 100 else f"{v:.1f}x"


def _met(t: dict) -> str:
    return {True: "**met**", False: "**missed**", None: "n/a"}[t["met"]]  # type: ignore[index]


def markdown(r: dict) -> str:
    m, ing, ref = r["machine"], r["ingest"], r["reference"]
    lines = [
        f"# medkg benchmark: {r['docs']:,} documents ({r['date']})",
        "",
        f"{m['cpus']} CPUs, {m['memory_mb']:,} MiB RAM; load average {m['load_average']:.1f} before, "
        f"{r['load_after']:.1f} after; Python {m['python']}, pyoxigraph {m['pyoxigraph']}, rdflib "
        f"{m['rdflib']}. {r['rounds']} round(s), contenders in rotated order, each in a fresh process; "
        f"times are medians, ratios are side by side in this run.",
        "",
        "## Targets",
        "",
        "| target | value | limit | result | note |",
        "|---|---:|---:|---|---|",
    ]
    for t in r["targets"]:
        value = "–" if t["value"] is None else f"{t['value']:,}"
        lines.append(f"| {t['target']} | {value} {t['unit']} | {t['rule']} {t['limit']:,} {t['unit']} | "
                     f"{_met(t)} | {t['note']} |")
    lines += [
        "",
        "## Loading",
        "",
        "| what | quads | medkg | pyoxigraph bulk load, disk | ratio | pyoxigraph load, memory | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| official code sets (`medkg refdata load`) | {ref['quads']:,} | {_s(ref['median_s'])} | "
        f"{_s(ref['pyox_disk_s'])} | {_x(ref['vs_pyox_disk'])} | {_s(ref['pyox_mem_s'])} | "
        f"{_x(ref['vs_pyox_mem'])} |",
        f"| {r['docs']:,} documents (`medkg ingest`, derivation included) | {ing['quads']:,} | "
        f"{_s(ing['median_s'])} | {_s(ing['pyox_disk_s'])} | {_x(ing['vs_pyox_disk'])} | "
        f"{_s(ing['pyox_mem_s'])} | {_x(ing['vs_pyox_mem'])} |",
        "",
        f"Ingest: {ing['docs_per_s']:,.0f} documents/s, {ing['ms_per_doc']:.2f} ms per document "
        f"(rounds: {', '.join(f'{s:.1f}' for s in ing['seconds'])} s). "
        f"Store on disk {ing['store_mb']:,.0f} MiB. "
        f"Peak RSS: build {ing['peak_rss_mb']:,.0f} MiB, queries {r['query_peak_rss_mb']:,.0f} MiB, "
        f"rdflib {r['rdflib'].get('peak_rss_mb', 0):,.0f} MiB.",
        "",
        "## Queries",
        "",
        "Point queries run on values sampled from the corpus (codes, the concepts pages name and their "
        "categories, conditions, drugs, brands, documents; a parameter with nothing of its kind in the "
        "corpus runs on its example), "
        "whole-graph queries on their example; p50/p95 over all runs after a warm-up.",
        "",
        "| query | kind | runs | rows (last) | medkg p50 | medkg p95 | rdflib p50 | rdflib / medkg |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, q in sorted(r["queries"].items(), key=lambda kv: (kv[1]["kind"], kv[0])):
        mk, rd = q["medkg"], q.get("rdflib") or {}
        star = " ★" if name in TARGET_QUERIES else ""
        rows = f"{mk['rows']:,}" if "rows" in mk else "–"
        at_least = "≥ " if q.get("ratio_is_lower_bound") else ""
        lines.append(f"| {name}{star} | {q['kind']} | {mk.get('runs', 0)} | {rows} | {_p(mk, 'p50_ms')} | "
                     f"{_p(mk, 'p95_ms')} | {_p(rd, 'p50_ms')} | "
                     f"{at_least}{_x(q.get('rdflib_over_medkg'))} |")
    scan, ex = r["scan"], r["export"]
    lines += [
        "",
        "★ the point queries the targets name; ≥: rdflib had not answered when its budget ran out."
        + (" Quick run: the queries without parameters (whole-graph) were not timed." if r["quick"] else ""),
        "",
        f"Full scan instead of the index (everything about one code by reading every quad): "
        f"{_ms(scan['p50_ms'])} per code, {_x(scan['vs_index'])} the `code` query's p50.",
        "",
        f"rdflib loaded the same {r['rdflib'].get('quads', 0):,} quads in "
        f"{r['rdflib'].get('load_seconds', 0):.0f} s. {r['rdflib'].get('skipped', '')}",
        "",
        *_features(r),
        "## Export",
        "",
        f"`medkg export --format turtle` (sorted, deterministic, {ex['turtle_mb']:,.0f} MiB): "
        f"{ex['medkg_s']:.1f} s, {_x(ex['vs_pyox_dump'])} pyoxigraph's own dump of the store as TriG "
        f"({ex['pyox_dump_s']:.1f} s).",
        "",
        "## Validation against the corpus manifest",
        "",
    ]
    v = r["validation"]
    lines.append(
        f"{v['pages_with_mistakes']:,} of {v['pages']:,} pages carry a deliberate mistake "
        f"({v['manifest_rate']:.1%}); {v['pages_flagged']:,} pages have an error or warning finding "
        f"({v['flagged_rate']:.1%}). Expected findings raised: {v['found']:,} of {v['expected']:,} "
        f"(recall {v['recall']:.1%}); missed by kind: {v['missed'] or 'none'}; findings the manifest "
        f"does not expect, by kind: {v['unexpected'] or 'none'}.")
    return "\n".join(lines) + "\n"


# Their own issues' targets (5: questions, 6: explorer), shown beside the figures.
FEATURE_TARGETS_MS = {"link": 20.0, "search": 20.0, "ask": 50.0, "explorer": 300.0}


def _features(r: dict) -> list[str]:
    f = r.get("features")
    if not f:
        return []
    ask_rdflib = f.get("ask-rdflib") or {}
    rows = [
        ("condition linking, per phrase (`medkg link`)", f["link"], f["link-full-scan"],
         "same scorer reading every label", FEATURE_TARGETS_MS["link"]),
        ("label search, per prefix", f["search"], f["search-full-scan"], "scan of every label",
         FEATURE_TARGETS_MS["search"]),
        ("`medkg ask`, per question", f["ask"], ask_rdflib, "rdflib answering the same queries",
         FEATURE_TARGETS_MS["ask"]),
    ]
    lines = ["## Questions, search and the explorer", "",
             "On phrases, prefixes and questions drawn from the corpus; p50/p95 over all runs. "
             f"Linking and search indexes built or loaded in {f['index_build_or_load_s']:.1f} s.", "",
             "| what | p50 | p95 | naive counterpart | its p50 | ratio | own target (p95) |",
             "|---|---:|---:|---|---:|---:|---:|"]
    for label, fast, slow, naive, target in rows:
        ratio = slow.get("p50_ms") / fast["p50_ms"] if slow.get("p50_ms") and fast.get("p50_ms") else None
        lines.append(f"| {label} | {_p(fast, 'p50_ms')} | {_p(fast, 'p95_ms')} | {naive} | "
                     f"{_p(slow, 'p50_ms')} | {_x(ratio)} | {_met_ms(fast.get('p95_ms'), target)} |")
    e = f["explorer"]
    lines.append(f"| explorer entity page, server time (AppTest, {e['entities']} entities) | "
                 f"{_ms(e['first_p50_ms'])} | {_ms(e['first_p95_ms'])} | rerun of the page | "
                 f"{_ms(e['rerun_p50_ms'])} | – | "
                 f"{_met_ms(e['first_p95_ms'], FEATURE_TARGETS_MS['explorer'])} |")
    return [*lines, ""]


def _met_ms(value: float | None, target: float) -> str:
    if value is None:
        return f"≤ {target:.0f} ms: –"
    return f"≤ {target:.0f} ms: {'met' if value <= target else '**missed**'}"


def growth_markdown(results: list[dict]) -> str:
    """How cost grows with the corpus: per-document ingest and per-query latency at each size."""
    results = sorted(results, key=lambda r: r["docs"])
    first = results[0]
    head = " | ".join(f"{r['docs']:,} docs" for r in results)
    lines = [
        f"# medkg: how cost grows with the corpus ({results[-1]['date']})",
        "",
        f"Slope = value at the largest size / value at {first['docs']:,} documents (1.0 = flat).",
        "",
        f"| measure | {head} | slope |",
        "|---|" + "---:|" * (len(results) + 1),
    ]

    def row(label: str, values: list[float | None], fmt) -> None:  # type: ignore[no-untyped-def]
        slope = values[-1] / values[0] if values[0] and values[-1] else None
        lines.append(f"| {label} | " + " | ".join(fmt(v) for v in values) + f" | {_x(slope)} |")

    row("ingest, ms per document", [r["ingest"]["ms_per_doc"] for r in results], lambda v: f"{v:.2f}")
    row("quads per document", [r["ingest"]["quads"] / r["docs"] for r in results], lambda v: f"{v:,.0f}")
    row("ingest vs pyoxigraph (disk)", [r["ingest"]["vs_pyox_disk"] for r in results], _x)
    row("peak RSS, MiB", [r["peak_rss_mb"] for r in results], lambda v: f"{v:,.0f}")
    names = sorted(set.intersection(*(set(r["queries"]) for r in results)))
    for name in names:
        if results[0]["queries"][name]["kind"] == "point":
            row(f"`{name}` p50", [r["queries"][name]["medkg"].get("p50_ms") for r in results], _ms)
            row(f"`{name}` rows (last sample)", [r["queries"][name]["medkg"].get("rows") for r in results],
                lambda v: "–" if v is None else f"{v:,}")
    return "\n".join(lines) + "\n"
