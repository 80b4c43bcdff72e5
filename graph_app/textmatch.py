"""Does a document's description of a code say what the official title says?

Word overlap, not meaning: both texts become sets of word stems (the first five letters, so
"immunological" meets "immune" and "disorders" meets "disorder"; small function words dropped).
A stated description agrees with an official one when most of its stems are in the official text
(containment, default 0.8: the document adds nothing the title lacks) and the two overlap
reasonably as wholes (Dice, default 0.5: the document is not a fragment of a longer title).

Calibrated on the seed documents: "Rheumatoid arthritis with rheumatoid factor, multiple sites,
without organ or systems involvement" agrees with M05.79's title (1.0 / 1.0), while "Giant cell
arteritis with polymyalgia rheumatica" for M31.6 "Other giant cell arteritis" does not (0.5 / 0.6).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

STEM = 5
MIN_CONTAINMENT = 0.8
MIN_DICE = 0.5
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS = frozenset(
    ("a", "an", "the", "of", "and", "or", "in", "on", "to", "for", "by", "at", "as", "be", "is", "are", "per")
)


def stems(text: str) -> frozenset[str]:
    return frozenset(w[:STEM] for w in _WORD.findall(text.lower()) if w not in _STOPWORDS)


@dataclass(frozen=True)
class Agreement:
    official: str
    containment: float  # share of the stated stems found in the official text
    dice: float  # overlap of the two stem sets as a whole

    @property
    def agrees(self) -> bool:
        return self.containment >= MIN_CONTAINMENT and self.dice >= MIN_DICE

    @property
    def score(self) -> float:
        return min(self.containment, self.dice)


def compare(stated: str, official: str) -> Agreement:
    a, b = stems(stated), stems(official)
    if not a or not b:
        return Agreement(official, 0.0, 0.0)
    common = len(a & b)
    return Agreement(official, common / len(a), 2 * common / (len(a) + len(b)))


def best_agreement(stated: str, officials: Iterable[str]) -> Agreement | None:
    """The official wording (title or alternative label) the stated text comes closest to."""
    best = None
    for text in officials:
        candidate = compare(stated, text)
        if best is None or (candidate.agrees, candidate.score) > (best.agrees, best.score):
            best = candidate
    return best
