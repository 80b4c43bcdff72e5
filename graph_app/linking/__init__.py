"""Condition linking: stated indication texts -> ICD-10-CM concepts of the loaded release.

`linker_for(runner)` gives the linker for the release the store holds (None when no ICD-10-CM
release is loaded), built once per release and cached in the process and beside the store.
"""

from __future__ import annotations

from graph_app.errors import MedkgError
from graph_app.indexcache import cached, fingerprint
from graph_app.linking import lexical, shorthand
from graph_app.linking.concepts import ConceptTable, ReleaseKey, loaded_release, read_concept_table
from graph_app.linking.lexical import LexicalIndex
from graph_app.linking.linker import Candidate, ConditionLinker, LinkResult
from graph_app.runner import Runner

__all__ = ["Candidate", "ConditionLinker", "LinkResult", "NoIcdReleaseError", "concept_table",
           "linker_for", "require_linker"]


def _stable(value: object) -> object:
    """Sets in a fixed order, so the fingerprint is the same in every process."""
    return sorted(value) if isinstance(value, set | frozenset) else value


# The linking rules an index was built with: a changed table or weight makes cached indexes stale.
RULES = fingerprint(*(_stable(getattr(module, n)) for module in (shorthand, lexical)
                      for n in sorted(dir(module)) if n.isupper()))


class NoIcdReleaseError(MedkgError):
    """Linking needs the ICD-10-CM release in the store."""


def linker_for(runner: Runner) -> ConditionLinker | None:
    release = loaded_release(runner)
    if release is None:
        return None
    return cached(runner, "icd10cm-linker", fingerprint(release, RULES),
                  lambda: _build(runner, release))


def require_linker(runner: Runner) -> ConditionLinker:
    linker = linker_for(runner)
    if linker is None:
        raise NoIcdReleaseError("no ICD-10-CM release is loaded in the store; load the packaged one: "
                                "medkg refdata load --icd10cm")
    return linker


def concept_table(runner: Runner) -> ConceptTable | None:
    linker = linker_for(runner)
    return linker.table if linker else None


def _build(runner: Runner, release: ReleaseKey) -> ConditionLinker:
    table = read_concept_table(runner, release)
    return ConditionLinker(table, LexicalIndex(table))
