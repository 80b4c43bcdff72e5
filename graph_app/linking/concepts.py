"""The ICD-10-CM release loaded in the store, as a table: titles, inclusion terms and hierarchy.

Built from the store's reference graph (so links always name concepts of the release that is
loaded), read through the query library with any Runner, and cached per release (indexcache).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from graph_app.querylib import library_query
from graph_app.runner import Runner
from ontology import namespaces as ns
from ontology.vocabulary import SKOS_ALTLABEL, SKOS_BROADER, SKOS_PREFLABEL

CODE_SET = "icd10cm"


@dataclass(frozen=True)
class ReleaseKey:
    """Which release a table was built from; a reload (new load time) makes a new key."""

    code_set: str
    version: str
    loaded_at: str
    graph: str

    @property
    def label(self) -> str:
        system = ns.CODE_SYSTEMS.get(self.code_set)
        return f"{system.label if system else self.code_set} {self.version} (loaded {self.loaded_at})"


def loaded_releases(runner: Runner) -> dict[str, ReleaseKey]:
    """Every sealed release in the store, by code set (one small query)."""
    return {
        row["codeSet"].value: ReleaseKey(row["codeSet"].value, row["version"].value,
                                         row["loadedAt"].value, row["graph"].value)
        for row in library_query("reference-releases").run(runner).rows
    }


def loaded_release(runner: Runner, code_set: str = CODE_SET) -> ReleaseKey | None:
    return loaded_releases(runner).get(code_set)


@dataclass
class ConceptTable:
    release: ReleaseKey
    titles: dict[str, str]
    parents: dict[str, str]
    alt_labels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    children: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.children:
            for child, parent in self.parents.items():
                self.children.setdefault(parent, []).append(child)
            for kids in self.children.values():
                kids.sort()

    def __contains__(self, code: str) -> bool:
        return code in self.titles

    def __len__(self) -> int:
        return len(self.titles)

    def title(self, code: str) -> str:
        return self.titles[code]

    def ancestors(self, code: str) -> list[str]:
        """Parents up to the chapter, nearest first (never the code itself)."""
        out = []
        seen = {code}
        current = self.parents.get(code)
        while current is not None and current not in seen:
            out.append(current)
            seen.add(current)
            current = self.parents.get(current)
        return out

    def descendants(self, code: str) -> Iterator[str]:
        stack = list(self.children.get(code, ()))
        while stack:
            c = stack.pop()
            yield c
            stack.extend(self.children.get(c, ()))

    @staticmethod
    def is_grouping(code: str) -> bool:
        """Chapters and blocks ("C00-D49", "C81-C96") group categories; links never name them."""
        return "-" in code

    @staticmethod
    def level(code: str) -> str:
        if "-" in code:
            return "block"
        return {3: "category", 4: "subcategory"}.get(len(code.replace(".", "")), "code")


def read_concept_table(runner: Runner, release: ReleaseKey) -> ConceptTable:
    """Read titles, parents and inclusion terms of the loaded ICD-10-CM release (a few seconds)."""
    query = library_query("reference-values")

    def column(prop: str) -> Iterator[tuple[str, str]]:
        for row in query.run(runner, codeSet=release.code_set, property=prop).rows:
            code = ns.ICD10CM.code_of(row["code"].value)
            if code is not None:
                yield code, row["value"].value

    titles = dict(column(SKOS_PREFLABEL))
    parents = {}
    for code, parent in column(SKOS_BROADER):
        parent_code = ns.ICD10CM.code_of(parent)
        if parent_code is not None and parent_code != code:
            parents[code] = parent_code
    alts: dict[str, list[str]] = {}
    for code, alt in column(SKOS_ALTLABEL):
        alts.setdefault(code, []).append(alt)
    return ConceptTable(release, titles, parents, {c: tuple(sorted(a)) for c, a in alts.items()})
