"""A realistic synthetic corpus: N code documents in both genres, from the official code sets.

    python -m bench.corpus --docs 1000 --out /tmp/corpus [--seed 8] [--reference ../shared/reference]

Pages are ordinary text files (`part-NNN/doc-NNNNNN.txt`, 1,000 to a folder), so `medkg ingest`
reads them exactly as it reads real documents. Beside them, `manifest.json` holds the ground truth
of every page: the code it is about and whether it states it, its rows and the status it gives
them, the conditions it names (with the ICD-10-CM code each came from) and the mistakes it was
given on purpose, with the findings a correct check must raise for each. The same seed gives the
same files byte for byte, and page k is the same page whatever N is.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.codepool import CodePool, reference_sources
from bench.measure import SHARED
from bench.pages import render
from bench.plan import PagePlan, Planner

GENERATOR_VERSION = 3
PER_FOLDER = 1000
MANIFEST = "manifest.json"
DEFAULT_REFERENCE = SHARED / "reference"


@dataclass(frozen=True)
class CorpusSettings:
    seed: int = 8
    error_rate: float = 0.15  # share of pages given one deliberate mistake
    omit_rate: float = 0.1  # share of explainer pages that never state their code
    report_share: float = 0.4  # share of billing/coding reports (the rest are explainer pages)


def page_key(index: int) -> str:
    return f"doc-{index:06d}"


def page_path(out: Path, index: int) -> Path:
    return out / f"part-{index // PER_FOLDER:03d}" / f"{page_key(index)}.txt"


def plan_pages(pool: CodePool, n: int, settings: CorpusSettings) -> list[tuple[PagePlan, str]]:
    """Each page's plan and text. One generator per page: page k never depends on N."""
    planner = Planner(pool, error_rate=settings.error_rate, omit_rate=settings.omit_rate,
                      report_share=settings.report_share)
    out = []
    for index in range(n):
        rng = random.Random(f"{settings.seed}/{index}")
        plan = planner.plan(page_key(index), rng)
        out.append((plan, render(plan, rng)))
    return out


def generate(pool: CodePool, out: Path, n: int, settings: CorpusSettings = CorpusSettings()) -> dict:
    """Write N pages and their manifest under `out`; returns the manifest."""
    pages = []
    for index, (plan, text) in enumerate(plan_pages(pool, n, settings)):
        path = page_path(out, index)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        pages.append(plan.manifest(str(path.relative_to(out))))
    manifest = {
        "generator": GENERATOR_VERSION,
        "documents": n,
        "settings": asdict(settings),
        "summary": summarise(pages),
        "pages": pages,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def ensure_corpus(sources: dict[str, Path | None], out: Path, n: int,
                  settings: CorpusSettings = CorpusSettings()) -> dict:
    """The corpus under `out`, generated unless the same one (size, settings, version) is there."""
    existing = read_manifest(out) if (out / MANIFEST).exists() else None
    if existing and (existing["generator"], existing["documents"], existing["settings"]) == (
            GENERATOR_VERSION, n, asdict(settings)):
        return existing
    return generate(CodePool.read(sources), out, n, settings)


def read_manifest(folder: Path) -> dict:
    return json.loads((folder / MANIFEST).read_text(encoding="utf-8"))


def summarise(pages: list[dict]) -> dict[str, object]:
    """Counts a reader of the manifest (or a test) compares with what ingest and checks found."""
    rows: Counter[str] = Counter()
    for p in pages:
        rows.update(p["rows"])
    mistakes = Counter(m["kind"] for p in pages for m in p["mistakes"])
    findings = Counter(f for p in pages for m in p["mistakes"] for f in m["findings"])
    styles = Counter()
    for p in pages:
        s = p["style"]
        styles[f"bullet {s['bullet'].strip()}"] += 1
        styles["labelled sections"] += s["labelled"]
        if p["genre"] == "coding-report":
            styles[f"table pipes {s['pipes']}"] += 1
            styles[f"separator {s['separator']}"] += 1
            styles["report without title line"] += not s["title_line"]
    return {
        "genres": dict(Counter(p["genre"] for p in pages)),
        "code_omitted": sum(p["stated_code"] is None for p in pages),
        "pages_with_mistakes": sum(bool(p["mistakes"]) for p in pages),
        "mistakes": dict(sorted(mistakes.items())),
        "expected_findings": dict(sorted(findings.items())),
        "rows": dict(rows),
        "styles": dict(sorted(styles.items())),
        "headings": len({h for p in pages for h in p["style"]["headings"]}),
        "codes": len({p["code"] for p in pages}),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=CorpusSettings.seed)
    parser.add_argument("--reference", type=Path, default=DEFAULT_REFERENCE,
                        help="folder laid out like ../shared/reference")
    args = parser.parse_args()
    manifest = generate(CodePool.read(reference_sources(args.reference)), args.out, args.docs,
                        CorpusSettings(seed=args.seed))
    print(json.dumps(manifest["summary"], indent=1))


if __name__ == "__main__":
    main()
