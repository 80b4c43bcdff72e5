"""Link a condition text to ICD-10-CM concepts: ranked candidates, and the links medkg stores.

The best candidate is the concept the text names, at category or subcategory level unless the
text names a deeper one. A remission state in the text ("relapsed", "in remission", "refractory")
then picks the child that says so ("Acute lymphoblastic leukemia, in relapse", C91.02); a text
with two states ("relapsed or refractory") gets one link per state. Every candidate says why.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from graph_app.linking.concepts import ConceptTable
from graph_app.linking.lexical import LabelMatch
from graph_app.linking.text import Analysis, RemissionState, analyse, words

# Below this the best candidate is not stored as a link (`medkg link` still shows it).
MIN_LINK_SCORE = 0.45
# A remission state inferred from "refractory" is a coding convention, not the text's words.
STATE_FACTOR = {"in relapse": 1.0, "in remission": 1.0, "not having achieved remission": 0.9}


class Matcher(Protocol):
    method: str

    def match(self, analysis: Analysis, limit: int = 10) -> list[LabelMatch]: ...


@dataclass(frozen=True)
class Candidate:
    code: str
    title: str
    level: str
    score: float
    matched_label: str
    reasons: tuple[str, ...]

    @property
    def category(self) -> str:
        return self.code[:3]


@dataclass(frozen=True)
class LinkResult:
    text: str
    method: str
    release: str
    links: tuple[Candidate, ...]  # what is stored: the concept named, one per remission state
    candidates: tuple[Candidate, ...] = field(default=())  # ranked, for people

    @property
    def best(self) -> Candidate | None:
        return self.links[0] if self.links else None


class ConditionLinker:
    def __init__(self, table: ConceptTable, matcher: Matcher):
        self.table = table
        self.matcher = matcher

    @property
    def method(self) -> str:
        return self.matcher.method

    def link(self, text: str, limit: int = 10) -> LinkResult:
        analysis = analyse(text)
        matches = self.matcher.match(analysis, limit=max(limit, 10))
        general = _general_reasons(analysis)
        candidates = tuple(self._candidate(m, general) for m in matches[:limit])
        links: tuple[Candidate, ...] = ()
        if candidates and candidates[0].score >= MIN_LINK_SCORE:
            links = self._with_states(candidates[0], analysis.states)
        return LinkResult(text, self.method, self.table.release.label, links, candidates)

    def concepts_named(self, words: tuple[str, ...]) -> set[str]:
        """Concepts whose official title has every one of these words (lexical index only)."""
        naming = getattr(self.matcher, "titles_naming", None)
        return naming(words) if naming else set()

    def _candidate(self, m: LabelMatch, general: list[str]) -> Candidate:
        title = self.table.title(m.code)
        reasons = list(general)
        via = "title" if m.is_title else "inclusion term"
        reasons.append(f'{via} "{m.label}" shares {", ".join(m.matched) or "no words"}')
        if m.missing:
            reasons.append(f"not in the {via}: {', '.join(m.missing)}")
        if m.extra:
            reasons.append(f"the {via} adds: {', '.join(m.extra)}")
        if not m.head_matched:
            reasons.append("names another disease than the text (score halved)")
        return Candidate(m.code, title, self.table.level(m.code), round(m.score, 3), m.label,
                         tuple(reasons))

    def _with_states(self, best: Candidate, states: tuple[RemissionState, ...]) -> tuple[Candidate, ...]:
        """The child of `best` for each remission state the text names, else `best` itself."""
        out = []
        for state in states:
            child = self._state_child(best.code, state.title_words)
            if child is None:
                continue
            factor = STATE_FACTOR.get(state.title_words, 1.0)
            out.append(Candidate(
                child, self.table.title(child), self.table.level(child),
                round(best.score * factor, 3), best.matched_label,
                (*best.reasons, f'{state.reason}: "{self.table.title(child)}" under {best.code}'),
            ))
        return tuple(dict((c.code, c) for c in out).values()) or (best,)

    def _state_child(self, code: str, state_words: str) -> str | None:
        """The nearest descendant whose title is the concept's own plus the state's words."""
        wanted = set(words(state_words))
        own = set(words(self.table.title(code)))
        for child in sorted(self.table.descendants(code), key=lambda c: (len(c), c)):
            child_words = set(words(self.table.title(child)))
            if wanted <= child_words and child_words - wanted <= own | {"type"}:
                return child
        return None


def _general_reasons(a: Analysis) -> list[str]:
    out = [f"{short} = {long}" for short, long in a.expansions]
    if a.dropped:
        out.append(f'left out as criteria, not the disease: "{a.dropped}"')
    if a.qualifiers:
        out.append(f"qualifiers weigh less: {', '.join(a.qualifiers)}")
    return out
