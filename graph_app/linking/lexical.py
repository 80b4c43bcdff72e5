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

import numpy as np

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
        # arrays, not lists: matching adds a word's weight to all its labels at once (_pool)
        self.postings = {w: np.frombuffer(p, dtype=np.int32) for w, p in postings.items()}
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
            found = set(self.postings[w].tolist()) if w in self.postings else set()
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
        acc, pool = self._pool(weights)
        total = sum(weights.values())
        b2 = BETA * BETA
        best: dict[str, tuple[float, int]] = {}  # concept -> (score, label) of its best label
        kept: list[float] = []  # a lower bound of the `limit` best scores so far, a min-heap
        for lid in pool:
            recall = acc[lid] / total
            # With precision at most 1 a label scores at most (1+b²)r/(b²+r), and the factors only
            # lower that; the pool is in falling recall, so once the bound cannot reach the `limit`
            # best scores already held, no later label can change the answer.
            if len(kept) == limit and (1 + b2) * recall / (b2 + recall) < kept[0]:
                break
            score = self._score(lid, analysis, weights, recall)
            code = self.codes[lid]
            held = best.get(code)
            if held is None:
                # a concept's first label scores no more than its best: `kept` stays a lower bound
                if len(kept) < limit:
                    heapq.heappush(kept, score)
                elif score > kept[0]:
                    heapq.heapreplace(kept, score)
            if held is None or score > held[0]:
                best[code] = (score, lid)
        ranked = sorted(best.items(), key=lambda item: (-item[1][0], item[0]))[:limit]
        return [self._label_match(lid, score, analysis, weights) for _, (score, lid) in ranked]

    def _pool(self, weights: dict[str, float]) -> tuple[dict[int, float], list[int]]:
        """Each label's accumulated weight, and the CANDIDATE_POOL labels with the most of it,
        most first; equal weights in the order the words and their postings meet them."""
        found = [(self.postings[w], weight) for w, weight in weights.items() if w in self.postings]
        if not found:
            return {}, []
        total = np.zeros(len(self.codes))
        for ids, weight in found:  # whole arrays at once: common words list thousands of labels
            total[ids] += weight
        first = np.full(len(self.codes), len(found), dtype=np.int32)
        for i in range(len(found) - 1, -1, -1):
            first[found[i][0]] = i
        ids = np.flatnonzero(total)
        if len(ids) > CANDIDATE_POOL:
            floor = np.partition(total[ids], -CANDIDATE_POOL)[-CANDIDATE_POOL]
            ids = ids[total[ids] >= floor]
        ids = ids[np.lexsort((ids, first[ids], -total[ids]))][:CANDIDATE_POOL]
        pool = ids.tolist()
        return dict(zip(pool, total[ids].tolist(), strict=True)), pool

    def _score(self, lid: int, analysis: Analysis, weights: dict[str, float],
               recall: float) -> float:
        label_words = self.words[lid]
        own = sum(self.idf[w] * _role_weight(w) for w in label_words
                  if w in weights and w not in FILLER_WORDS)
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
        return max(0.0, f - self.depth_penalty[lid])

    def _label_match(self, lid: int, score: float, analysis: Analysis,
                     weights: dict[str, float]) -> LabelMatch:
        label_words = self.words[lid]
        return LabelMatch(
            code=self.codes[lid], label=self.texts[lid], is_title=self.titles[lid], score=score,
            matched=tuple(w for w in label_words if w in weights),
            missing=tuple(w for w in analysis.words if w not in label_words),
            extra=tuple(w for w in label_words if w not in weights and w not in FILLER_WORDS),
            head_matched=not analysis.heads or any(w in analysis.heads for w in label_words),
        )
