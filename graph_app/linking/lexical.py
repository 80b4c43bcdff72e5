"""Weighted lexical matching of a condition text against every ICD-10-CM title and inclusion term.

An inverted index from word to labels gives the candidates; each is scored by how much of the
text it covers (recall) and how much of itself is covered (precision), words weighted by their
rarity across all labels (IDF). Three adjustments make it clinical rather than generic:

- qualifier words ("moderate", "relapsed", "B-cell", "precursor") weigh a quarter: they say how
  or in whom, not which disease;
- a label that lacks every disease word of the text (its head: leukemia, arthritis, syndrome …)
  loses half its score, so a shared qualifier never outweighs a different disease
  ("B-cell precursor ALL" does not reach "Chronic lymphocytic leukemia of B-cell type");
- filler words of titles ("unspecified", "other", "site") carry no weight, a title that opens
  with "Other" and codes deeper than a subcategory lose a little, so ties go to the general
  concept the text names.

This is the method medkg keeps; bench/questions.py measures it against rapidfuzz and a sentence
embedding model on tests/data/condition_gold.tsv.
"""

from __future__ import annotations

import heapq
import math
from array import array
from dataclasses import dataclass

from graph_app.linking.concepts import ConceptTable
from graph_app.linking.shorthand import FILLER_WORDS, OTHER_PENALTY, QUALIFIER_WORDS
from graph_app.linking.text import Analysis, title_variants, words

METHOD = "lexical-idf"
QUALIFIER_WEIGHT = 0.25
HEAD_BOOST = 1.5
MISSING_HEAD_FACTOR = 0.5
ALT_LABEL_FACTOR = 0.98
DEPTH_PENALTY = 0.01  # per level below a subcategory
# Chapter 21 (Z00-Z99) says what a person's status or history is ("Personal history of
# leukemia", "Triple negative breast cancer status"), never which disease is treated.
STATUS_FACTOR = 0.85
BETA = 1.0  # F-measure weight of recall over precision (1.5 and 2 scored worse on the gold list)
CANDIDATE_POOL = 400  # labels fully scored per query, by accumulated weight


@dataclass(frozen=True)
class LabelMatch:
    code: str
    label: str
    is_title: bool
    score: float
    matched: tuple[str, ...]
    missing: tuple[str, ...]  # words of the text the label lacks
    extra: tuple[str, ...]  # words of the label the text lacks (filler left out)
    head_matched: bool


def _role_weight(word: str) -> float:
    return QUALIFIER_WEIGHT if word in QUALIFIER_WORDS else 1.0


class LexicalIndex:
    method = METHOD

    def __init__(self, table: ConceptTable):
        self.release = table.release
        self.codes: list[str] = []
        self.texts: list[str] = []
        self.words: list[tuple[str, ...]] = []
        self.titles: list[bool] = []
        self.depth_penalty: list[float] = []
        postings: dict[str, array] = {}
        for code, title in table.titles.items():
            if table.is_grouping(code):
                continue
            depth = len(code.replace(".", "")) - 4
            penalty = DEPTH_PENALTY * max(0, depth) + (OTHER_PENALTY if title.startswith("Other ") else 0)
            labels = [(t, True) for t in title_variants(title)]
            labels += [(t, False) for a in table.alt_labels.get(code, ()) for t in title_variants(a)]
            for text, is_title in labels:
                ws = tuple(dict.fromkeys(words(text)))
                if not ws:
                    continue
                lid = len(self.codes)
                self.codes.append(code)
                self.texts.append(text)
                self.words.append(ws)
                self.titles.append(is_title)
                self.depth_penalty.append(penalty)
                for w in ws:
                    postings.setdefault(w, array("i")).append(lid)
        n = len(self.codes)
        self.postings = postings
        self.idf = {w: math.log(1 + n / len(p)) for w, p in postings.items()}
        self.max_idf = math.log(1 + n)
        self.label_weight = [
            sum(self.idf[w] * _role_weight(w) for w in ws if w not in FILLER_WORDS) or 1.0
            for ws in self.words
        ]

    def __len__(self) -> int:
        return len(self.codes)

    def titles_naming(self, words: tuple[str, ...]) -> set[str]:
        """Concepts whose official title has every one of these words."""
        if not words:
            return set()
        ids: set[int] | None = None
        for w in sorted(words, key=lambda w: len(self.postings.get(w, ()))):
            found = set(self.postings.get(w, ()))
            ids = found if ids is None else ids & found
            if not ids:
                return set()
        return {self.codes[i] for i in ids or () if self.titles[i]}

    def query_weights(self, analysis: Analysis) -> dict[str, float]:
        return {
            w: self.idf.get(w, self.max_idf) * _role_weight(w) * (HEAD_BOOST if w in analysis.heads else 1.0)
            for w in analysis.words
        }

    def match(self, analysis: Analysis, limit: int = 10) -> list[LabelMatch]:
        """The best-scoring label of each concept, best first."""
        weights = self.query_weights(analysis)
        if not weights:
            return []
        acc: dict[int, float] = {}
        for w, weight in weights.items():
            for lid in self.postings.get(w, ()):
                acc[lid] = acc.get(lid, 0.0) + weight
        pool = heapq.nlargest(CANDIDATE_POOL, acc, key=acc.__getitem__)
        total = sum(weights.values())
        best: dict[str, LabelMatch] = {}
        for lid in pool:
            m = self._score(lid, analysis, weights, total, acc[lid])
            held = best.get(m.code)
            if held is None or m.score > held.score:
                best[m.code] = m
        return sorted(best.values(), key=lambda m: (-m.score, m.code))[:limit]

    def _score(self, lid: int, analysis: Analysis, weights: dict[str, float], total: float,
               covered: float) -> LabelMatch:
        label_words = self.words[lid]
        matched = tuple(w for w in label_words if w in weights)
        recall = covered / total
        own = sum(self.idf[w] * _role_weight(w) for w in matched if w not in FILLER_WORDS)
        precision = min(1.0, own / self.label_weight[lid])
        b2 = BETA * BETA
        f = (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0
        head_matched = not analysis.heads or any(w in analysis.heads for w in label_words)
        if not head_matched:
            f *= MISSING_HEAD_FACTOR
        if not self.titles[lid]:
            f *= ALT_LABEL_FACTOR
        if self.codes[lid].startswith("Z"):
            f *= STATUS_FACTOR
        f = max(0.0, f - self.depth_penalty[lid])
        return LabelMatch(
            code=self.codes[lid], label=self.texts[lid], is_title=self.titles[lid], score=f,
            matched=matched,
            missing=tuple(w for w in analysis.words if w not in label_words),
            extra=tuple(w for w in label_words if w not in weights and w not in FILLER_WORDS),
            head_matched=head_matched,
        )
