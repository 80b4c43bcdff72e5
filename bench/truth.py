"""Compare what the checks found with what the corpus manifest says is wrong.

Every page the generator gave a mistake names the findings a correct check raises for it. A found
finding (error or warning) about a page is matched by (page, kind); info findings (codes nobody
can check, such as CPT) are left out. The rest are findings about pages the generator meant to be
right: either the check is wrong, or the generator wrote something it did not mean to.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass

from graph_app.findings import Finding

COUNTED = ("error", "warning")


@dataclass(frozen=True)
class FindingsAgreement:
    pages: int
    pages_with_mistakes: int  # per the manifest
    pages_flagged: int  # pages with at least one error or warning finding
    expected: int  # (page, kind) pairs the manifest asks for
    found: int  # of those, how many the checks raised
    unexpected: dict[str, int]  # findings by kind about pages (or kinds) the manifest does not expect
    missed: dict[str, int]  # expected findings by kind that were not raised

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 1.0

    @property
    def manifest_rate(self) -> float:
        return self.pages_with_mistakes / self.pages if self.pages else 0.0

    @property
    def flagged_rate(self) -> float:
        return self.pages_flagged / self.pages if self.pages else 0.0

    def to_json(self) -> dict[str, object]:
        return {**asdict(self), "recall": round(self.recall, 4),
                "manifest_rate": round(self.manifest_rate, 4),
                "flagged_rate": round(self.flagged_rate, 4)}


def agreement(findings: list[Finding], manifest: dict) -> FindingsAgreement:
    pages = {p["key"]: p for p in manifest["pages"]}
    expected = {(p["key"], kind) for p in pages.values() for m in p["mistakes"] for kind in m["findings"]}
    allowed = {(p["key"], kind) for p in pages.values() for m in p["mistakes"] for kind in m.get("also", ())}
    raised = set()
    for f in findings:
        key = (f.document or "").rsplit("/", 1)[-1]
        if f.severity in COUNTED and key in pages:
            raised.add((key, f.kind))
    unexpected = Counter(kind for pair in raised - expected - allowed for kind in pair[1:])
    missed = Counter(kind for _, kind in expected - raised)
    return FindingsAgreement(
        pages=len(pages),
        pages_with_mistakes=sum(bool(p["mistakes"]) for p in pages.values()),
        pages_flagged=len({key for key, _ in raised}),
        expected=len(expected),
        found=len(expected & raised),
        unexpected=dict(sorted(unexpected.items())),
        missed=dict(sorted(missed.items())),
    )
