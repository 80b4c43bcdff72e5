"""Condition texts and ICD-10-CM titles turned into comparable words.

Both sides go through the same steps (accents, acronyms, hyphenated cell types, clinical
synonyms, a light plural stemmer, stopwords), so "B-cell precursor ALL" and "Acute lymphoblastic
leukemia [ALL]" meet on the same words. A stated text is also cut where it stops naming the
disease ("… not adequately controlled by other treatments"), and its remission state is read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from graph_app.linking.shorthand import (
    ACRONYMS,
    CLAUSE_BREAKS,
    DISEASE_HEADS,
    LOWER_OK,
    QUALIFIER_WORDS,
    REMISSION_STATES,
    STOPWORDS,
    SYNONYMS,
)

_ACRONYM_RE = re.compile(r"(?<![\w-])(" + "|".join(
    sorted((re.escape(a) for a in ACRONYMS), key=len, reverse=True)) + r")(?![\w-])", re.I)
_ACRONYM_BY_LOWER = {a.lower(): a for a in ACRONYMS}
_CELL_RE = re.compile(r"\b(b|t|nk)\s*-?\s*(cells?|lymphoblastic|lymphocytic)\b")
_NON_RE = re.compile(r"\bnon\s*-\s*|\bnon\s+(?=hodgkin|small)")
_SYNONYM_RE = re.compile(r"\b(" + "|".join(
    sorted((re.escape(s) for s in SYNONYMS), key=len, reverse=True)) + r")\b")
_BREAK_RE = re.compile("|".join(CLAUSE_BREAKS), re.I)
_LEAD_RE = re.compile(r"^\s*(?:patients?|adults?|children|those)\b[^,]*?\b(?:with|diagnosed with|"
                      r"having)\s+", re.I)
_BRACKET_RE = re.compile(r"\[([^\]]*)\]")
_PAREN_RE = re.compile(r"\(([^)]*)\)")
_EXCEPT_RE = re.compile(r",?\s+except\b.*$", re.I)
_WORD_RE = re.compile(r"[a-z0-9]+")
_DISEASE_SUFFIX = re.compile(r"(itis|omas?|emia|pathy|osis|iasis)$")
_STATES = [(re.compile(p, re.I), words, why) for p, words, why in REMISSION_STATES]


def stem(word: str) -> str:
    """Plural to singular, nothing cleverer: "lymphoblastic" must not meet "lymphocytic"."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is", "ys")):
        return word[:-1]
    return word


def ascii_fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def expand_acronyms(text: str) -> tuple[str, tuple[tuple[str, str], ...]]:
    """Spell acronyms out; upper case as written, or lower case for ones that are no English word."""
    found: list[tuple[str, str]] = []

    def repl(m: re.Match[str]) -> str:
        word = m.group(1)
        if word in ACRONYMS:
            key = word
        elif (word.islower() and word in LOWER_OK) or (
                word.isupper() and _ACRONYM_BY_LOWER[word.lower()].isupper()):
            key = _ACRONYM_BY_LOWER[word.lower()]  # "cll", "SJIA"; never "PSA" for PsA
        else:
            return word  # "all", "Ms", "as": ordinary words
        found.append((word, ACRONYMS[key]))
        return f" {ACRONYMS[key]} "

    return _ACRONYM_RE.sub(repl, text), tuple(dict.fromkeys(found))


def words(text: str) -> list[str]:
    """Normalised, stemmed words without stopwords, in order (acronyms already expanded)."""
    t = ascii_fold(text).lower().replace("\u2019", "'")
    t = _CELL_RE.sub(lambda m: m.group(1) + m.group(2).rstrip("s") if m.group(2).startswith("cell")
                     else f"{m.group(1)}cell {m.group(2)}", t)
    t = _NON_RE.sub("non", t)
    t = _SYNONYM_RE.sub(lambda m: SYNONYMS[m.group(1)], t)
    t = re.sub(r"'s\b", "", t)
    return [w for w in (stem(x) for x in _WORD_RE.findall(t)) if w not in STOPWORDS]


def is_disease_word(word: str) -> bool:
    return word in DISEASE_HEADS or (bool(_DISEASE_SUFFIX.search(word)) and word not in QUALIFIER_WORDS)


@dataclass(frozen=True)
class RemissionState:
    title_words: str  # the wording of the ICD-10-CM child to pick, e.g. "in relapse"
    reason: str


@dataclass(frozen=True)
class Analysis:
    """What a condition text says, ready for matching."""

    text: str
    core: str  # the part that names the disease
    dropped: str  # the criteria cut off the end, for the reasons
    words: tuple[str, ...]
    heads: frozenset[str]  # disease words of the core
    expansions: tuple[tuple[str, str], ...]
    states: tuple[RemissionState, ...]

    @property
    def qualifiers(self) -> tuple[str, ...]:
        return tuple(w for w in self.words if w in QUALIFIER_WORDS)


def analyse(text: str) -> Analysis:
    """Read a stated condition or a question's condition phrase."""
    clean = " ".join(text.split()).strip(" .;:")
    core = _LEAD_RE.sub("", clean)
    dropped = ""
    if (m := _BREAK_RE.search(core)) and m.start() > 0 and core[: m.start()].strip(" ,"):
        core, dropped = core[: m.start()].strip(" ,;"), core[m.start():].strip()
    expanded, expansions = expand_acronyms(core)
    ws = tuple(dict.fromkeys(words(expanded)))
    heads = frozenset(w for w in ws if is_disease_word(w))
    states = tuple(RemissionState(title, why) for rx, title, why in _STATES if rx.search(clean))
    return Analysis(clean, core, dropped, ws, heads, expansions, states)


def title_variants(title: str) -> list[str]:
    """The wordings of an official title to match: without its bracketed synonym, and the synonym.

    "Acute lymphoblastic leukemia [ALL]" -> the title and "ALL"; "Crohn's disease [regional
    enteritis]" -> "Crohn's disease" and "regional enteritis". Parenthesised words are the ICD
    convention for words that may be absent ("Lymphoblastic (diffuse) lymphoma"): dropped, and
    so is what a title excludes ("Malignant neoplasm of kidney, except renal pelvis").
    """
    main = _EXCEPT_RE.sub("", _PAREN_RE.sub(" ", _BRACKET_RE.sub(" ", title)))
    out = [" ".join(main.split())]
    for inner in _BRACKET_RE.findall(title):
        expanded, _ = expand_acronyms(inner)
        out.append(" ".join(expanded.split()))
    return out
