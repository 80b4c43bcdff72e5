"""What a question's words stand for in the graph: a condition's ICD-10-CM concepts, a code or drug.

A CONDITION becomes anchors, the concepts whose descendants the answer covers: the concept
condition linking picks for the text (the same linker that linked the documents), and every
concept whose official title has all the words of the text ("leukemia" names C91, C92 … C95:
no single concept does). The stated condition texts that have all the words are found too, so
an answer also holds what documents say in those words, linked or not. A SUBJECT is an HCPCS code
or a drug or brand name as documents give it.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from graph_app.errors import QueryError
from graph_app.linking import LinkResult, linker_for
from graph_app.linking.concepts import ConceptTable
from graph_app.linking.text import analyse
from graph_app.querylib import library_query as query
from graph_app.runner import Runner
from graph_app.search import LabelEntry, label_index
from ontology.namespaces import HCPCS, ICD10CM, normalize_code

# More anchors than this are lifted to their parents until they fit ("cancer" names thousands of
# concepts; asking at block level answers the same question in a few lookups).
MAX_ANCHORS = 24


class SubjectNotFoundError(QueryError):
    """A code or drug the graph does not know; the message suggests near names."""


@dataclass(frozen=True)
class Anchor:
    code: str
    title: str
    how: str  # "linked" (the linker's concept) | "named" (title has every word) | "lifted"
    score: float | None = None
    has_links: bool = True  # some condition link falls at or under it


@dataclass
class ConditionTarget:
    text: str
    words: tuple[str, ...]
    link: LinkResult | None = None
    named: int = 0  # concepts whose title has every word, before pruning
    anchors: list[Anchor] = field(default_factory=list)
    conditions: list[LabelEntry] = field(default_factory=list)
    release: str | None = None


def resolve_condition(runner: Runner, text: str) -> ConditionTarget:
    analysis = analyse(text)
    target = ConditionTarget(text, analysis.words)
    linker = linker_for(runner)
    if linker is not None:
        table = linker.table
        target.release = table.release.label
        target.link = linker.link(text)
        found: dict[str, Anchor] = {}
        for c in target.link.links:
            found[c.code] = Anchor(c.code, c.title, "linked", c.score)
        named = linker.concepts_named(analysis.words)
        target.named = len(named)
        for code in sorted(named):
            found.setdefault(code, Anchor(code, table.title(code), "named"))
        target.anchors = _fit(_minimal(found, table), table)
    index = label_index(runner)
    target.anchors = [replace(a, has_links=ICD10CM.iri(a.code) in index.linked_concepts)
                      for a in target.anchors]
    target.conditions = index.conditions_naming(analysis.words)
    return target


def _minimal(anchors: dict[str, Anchor], table: ConceptTable) -> dict[str, Anchor]:
    """Drop anchors under another anchor: the hierarchy already covers them."""
    def covered(code: str) -> bool:
        return any(a in anchors for a in table.ancestors(code))

    return {c: a for c, a in anchors.items() if not covered(c)}


def _fit(anchors: dict[str, Anchor], table: ConceptTable) -> list[Anchor]:
    """Lift the deepest anchors to their parents until few enough remain (never above blocks)."""
    while len(anchors) > MAX_ANCHORS:
        depth = {c: len(table.ancestors(c)) for c in anchors}
        deepest = max(depth.values())
        if deepest <= 1:  # blocks: a chapter would answer far more than was asked
            break
        lifted: dict[str, Anchor] = {}
        for code, anchor in anchors.items():
            if depth[code] == deepest:
                parent = table.parents[code]
                lifted.setdefault(parent, Anchor(parent, table.title(parent), "lifted"))
            else:
                lifted.setdefault(code, anchor)
        anchors = _minimal(lifted, table)
    return sorted(anchors.values(), key=lambda a: (a.how != "linked", a.code))


@dataclass
class Subject:
    text: str
    codes: list[str] = field(default_factory=list)  # HCPCS notations
    drugs: list[tuple[str, str]] = field(default_factory=list)  # (iri, label)
    how: str = ""


def resolve_subject(runner: Runner, text: str, *, need: str) -> Subject:
    """A code or drug named in a question, with its codes (need="codes") or drugs (need="drugs")."""
    subject = Subject(text)
    code = normalize_code(HCPCS, text)
    if HCPCS.is_well_formed(code):
        subject.codes = [code]
        subject.how = f"{text} is an HCPCS code"
        if need == "drugs":
            rows = query("code-drugs").run(runner, code=code).rows
            subject.drugs = [(r["drug"].value, r["drugLabel"].value) for r in rows]
        return subject
    index = label_index(runner)
    for entry in index.exact(text, kinds=("drug", "brand")):
        if entry.kind == "drug":
            subject.drugs.append((entry.iri, entry.label))
        else:
            rows = query("brand-drugs").run(runner, brand=entry.iri).rows
            subject.drugs += [(r["drug"].value, r["drugLabel"].value) for r in rows]
            subject.how = f"{entry.label} is a brand name of {', '.join(r['drugLabel'].value for r in rows)}"
    subject.drugs = list(dict.fromkeys(subject.drugs))
    if not subject.drugs:
        near: list[LabelEntry] = []
        for end in range(len(text), 2, -1):  # a typo at the end: shorten until something starts so
            near = index.search(text[:end], kinds=("drug", "brand", "hcpcs"), limit=5)
            if near:
                break
        hint = f"; did you mean: {', '.join(e.display for e in near)}" if near else ""
        raise SubjectNotFoundError(f"no HCPCS code, drug or brand named {text!r} in the graph{hint}")
    subject.how = subject.how or f"{text} is the drug {', '.join(label for _, label in subject.drugs)}"
    if need == "codes":
        for iri, _ in subject.drugs:
            rows = query("drug-codes").run(runner, drug=iri).rows
            subject.codes += [r["notation"].value for r in rows]
        subject.codes = list(dict.fromkeys(subject.codes))
    return subject
