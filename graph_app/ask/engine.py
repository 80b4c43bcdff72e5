"""Answer a question: resolve its slots, run the form's library queries, merge rows, say why.

Every query goes through one Runner (embedded or remote) and is recorded with its bindings, so
`--explain` shows exactly what ran. Each answer row carries its evidence: the document, section
and quote of a stated fact, and for an inferred condition link the linked concept, method and
score, summed up in a `why` column.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from graph_app.ask.forms import ParsedQuestion, parse_question
from graph_app.ask.resolve import ConditionTarget, Subject, resolve_condition, resolve_subject
from graph_app.querylib import library
from graph_app.querylib import library_query as query
from graph_app.runner import QueryResult, Runner, Term
from graph_app.units import ROUNDING_RULE, billing_units

# Queries that build or check the cached indexes: not part of what a question compiles to.
_INDEX_QUERIES = frozenset({"reference-releases", "document-hashes", "reference-values", "search-labels",
                            "linked-concepts"})


@dataclass(frozen=True)
class QueryRun:
    name: str
    bindings: dict[str, Term]
    rows: int


@lru_cache(maxsize=1)
def _names_by_text() -> dict[str, str]:
    return {q.text: q.name for q in library().values()}


class RecordingRunner:
    """A Runner that remembers every library query it ran, for --explain."""

    def __init__(self, runner: Runner):
        self.runner = runner
        self.name = runner.name
        self.store = getattr(runner, "store", None)  # the index caches key on the store
        self.runs: list[QueryRun] = []

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        result = self.runner.select(query, bindings)
        name = _names_by_text().get(query, "(ad hoc query)")
        if name not in _INDEX_QUERIES:
            self.runs.append(QueryRun(name, dict(bindings or {}), len(result.rows)))
        return result


@dataclass
class Answer:
    parsed: ParsedQuestion
    result: QueryResult
    resolution: list[str] = field(default_factory=list)
    runs: list[QueryRun] = field(default_factory=list)

    @property
    def rows(self) -> list[dict[str, Term]]:
        return self.result.rows

    def column(self, name: str) -> list[str]:
        return self.result.column(name)


def ask(runner: Runner, question: str) -> Answer:
    parsed = parse_question(question)
    recorder = RecordingRunner(runner)
    handler = _HANDLERS[parsed.form.name]
    result, resolution = handler(recorder, parsed)
    return Answer(parsed, result, resolution, recorder.runs)


def _lit(value: object) -> Term:
    return Term.literal(str(value))


def _table(columns: list[str], rows: list[dict[str, object]]) -> QueryResult:
    out = [{c: _lit(r[c]) for c in columns if r.get(c) not in (None, "")} for r in rows]
    return QueryResult(columns, out)


@dataclass
class _Indication:
    """One stated indication in an answer (drug, code, condition and its evidence) and how it was
    reached: the inferred links under the question's concepts, and whether its text has the words."""

    drug: str
    code: str
    condition: str
    source: str
    section: str
    quote: str
    links: dict[str, str] = field(default_factory=dict)  # linked notation -> how, in words
    words_match: bool = False

    def cells(self) -> dict[str, object]:
        return {"drug": self.drug, "code": self.code, "condition": self.condition,
                "source": self.source, "section": self.section, "quote": self.quote,
                "linked": ", ".join(sorted(self.links))}


def _collect(merged: dict[tuple[str, ...], _Indication], row: dict[str, Term]) -> _Indication:
    v = {k: t.value for k, t in row.items()}
    key = (v["drug"], v.get("code", ""), v["condition"], v["source"], v["section"], v["quote"])
    if key not in merged:
        merged[key] = _Indication(v["drugLabel"], v.get("notation", ""), v["conditionLabel"],
                                  v["source"], v["section"], v["quote"])
    return merged[key]


# ---- which codes / drugs treat CONDITION -------------------------------------------------------

def _treating(runner: RecordingRunner, parsed: ParsedQuestion) -> tuple[QueryResult, list[str]]:
    text = parsed.slots["condition"]
    target = resolve_condition(runner, text)
    merged: dict[tuple[str, ...], _Indication] = {}
    for anchor in target.anchors:
        if not anchor.has_links:
            continue  # nothing is linked at or under it: the lookup would return no rows
        for row in query("treats-concept").run(runner, concept=anchor.code).rows:
            how = f"({row['method'].value}, score {row['score'].value}) within {anchor.code}"
            _collect(merged, row).links[row["linkedNotation"].value] = how
    for condition in target.conditions:
        for row in query("treats-condition").run(runner, condition=condition.iri).rows:
            _collect(merged, row).words_match = True

    codes_only = parsed.form.name == "codes-treating"
    rows = []
    for ind in merged.values():
        if codes_only and not ind.code:
            continue
        evidence = [k for k, on in (("stated text", ind.words_match), ("inferred link", ind.links)) if on]
        why = []
        if ind.links:
            why.append(f"\"{ind.condition}\" linked to " + ", ".join(
                f"{n} {how}" for n, how in sorted(ind.links.items())))
        if ind.words_match:
            why.append(f"the stated text has every word of \"{text}\"")
        rows.append({**ind.cells(), "evidence": " + ".join(evidence), "why": "; ".join(why)})
    first = ["code", "drug"] if codes_only else ["drug", "code"]
    columns = [*first, "condition", "evidence", "linked", "source", "section", "quote", "why"]
    rows.sort(key=lambda r: tuple(str(r[c]) for c in (*first, "condition", "source")))
    return _table(columns, rows), _condition_resolution(target)


def _condition_resolution(t: ConditionTarget) -> list[str]:
    lines = [f"condition = \"{t.text}\" -> words: {', '.join(t.words) or '(none)'}"]
    if t.link is None:
        lines.append("no ICD-10-CM release loaded: only stated condition texts are matched "
                     "(medkg refdata load --icd10cm)")
    else:
        lines.append(f"linker {t.link.method} on {t.release}:")
        for c in t.link.links or t.link.candidates[:1]:
            stored = "" if t.link.links else " (below the link threshold: not used)"
            lines.append(f"  {c.code} {c.title} score {c.score}{stored}")
            lines += [f"    - {r}" for r in c.reasons]
        lines.append(f"concepts whose title has every word: {t.named}")
        lines.append("anchors (the answer covers each and its descendants): " + (", ".join(
            f"{a.code} {a.title} [{a.how}{'' if a.has_links else ', nothing linked under it'}]"
            for a in t.anchors) or "none"))
    lines.append("stated conditions whose text has every word: " + (", ".join(
        f"\"{c.label}\"" for c in t.conditions) or "none"))
    return lines


# ---- what does CODE or DRUG treat --------------------------------------------------------------

def _treats(runner: RecordingRunner, parsed: ParsedQuestion) -> tuple[QueryResult, list[str]]:
    subject = resolve_subject(runner, parsed.slots["subject"], need="drugs")
    merged: dict[tuple[str, ...], _Indication] = {}
    links: dict[str, dict[str, str]] = {}  # condition -> linked notation -> how, in words
    for iri, _ in subject.drugs:
        for row in query("drug-indications").run(runner, drug=iri).rows:
            ind = _collect(merged, row)
            condition = row["condition"].value
            if condition not in links:
                links[condition] = {
                    r["linkedNotation"].value: f"{r['linkedTitle'].value if 'linkedTitle' in r else ''} "
                                               f"({r['method'].value}, score {r['score'].value})"
                    for r in query("condition-links").run(runner, condition=condition).rows}
            ind.links.update(links[condition])
    rows = []
    for ind in merged.values():
        why = f"stated in {ind.source} ({ind.section})"
        if ind.links:
            why += "; linked to " + ", ".join(f"{n} {how}" for n, how in sorted(ind.links.items()))
        rows.append({**ind.cells(), "why": why})
    rows.sort(key=lambda r: (str(r["drug"]), str(r["condition"]), str(r["source"])))
    columns = ["drug", "condition", "linked", "source", "section", "quote", "why"]
    return _table(columns, rows), _subject_resolution(subject)


def _subject_resolution(s: Subject) -> list[str]:
    lines = [f"subject = \"{s.text}\": {s.how}"]
    if s.codes:
        lines.append(f"codes: {', '.join(s.codes)}")
    if s.drugs:
        lines.append(f"drugs: {', '.join(label for _, label in s.drugs)}")
    return lines


# ---- specialties, diagnoses, CPT codes, modifiers, policies of CODE or DRUG ---------------------

def _code_query(name: str) -> Callable[[RecordingRunner, ParsedQuestion], tuple[QueryResult, list[str]]]:
    def handler(runner: RecordingRunner, parsed: ParsedQuestion) -> tuple[QueryResult, list[str]]:
        subject = resolve_subject(runner, parsed.slots["subject"], need="codes")
        columns: list[str] = []
        rows: list[dict[str, Term]] = []
        for code in subject.codes:
            result = query(name).run(runner, code=code)
            columns = columns or [*result.variables, "why"]
            for row in result.rows:
                why = f"stated in {row['source'].value}: \"{row['quote'].value}\""
                rows.append({**row, "why": _lit(why)})
        return QueryResult(columns or [*query_columns(name), "why"], rows), _subject_resolution(subject)
    return handler


def query_columns(name: str) -> list[str]:
    """The columns a library query projects (for an empty answer's header)."""
    text = query(name).text
    select = text[text.index("SELECT"):text.index("WHERE")]
    return [w[1:] for w in select.split() if w.startswith("?")]


# ---- how many units for DOSE of CODE or DRUG -----------------------------------------------------

def _units(runner: RecordingRunner, parsed: ParsedQuestion) -> tuple[QueryResult, list[str]]:
    subject = resolve_subject(runner, parsed.slots["subject"], need="codes")
    rows = []
    for code in subject.codes:
        a = billing_units(runner, code, parsed.slots["dose"])
        rows.append({
            "code": code, "dose": parsed.slots["dose"],
            "perUnit": a.billing_unit.per_unit_text,
            "units": a.units, "calculation": a.explanation, "descriptor": a.billing_unit.descriptor,
            "source": a.billing_unit.source,
            "why": f"{a.billing_unit.origin} descriptor \"{a.billing_unit.descriptor}\" "
                   f"({a.billing_unit.source}); {ROUNDING_RULE}",
        })
    columns = ["code", "dose", "perUnit", "units", "calculation", "descriptor", "source", "why"]
    return _table(columns, rows), _subject_resolution(subject)


_HANDLERS: dict[str, Callable[[RecordingRunner, ParsedQuestion], tuple[QueryResult, list[str]]]] = {
    "codes-treating": _treating,
    "drugs-treating": _treating,
    "treats": _treats,
    "specialties": _code_query("code-specialties"),
    "diagnoses": _code_query("code-diagnoses"),
    "procedures": _code_query("code-procedures"),
    "modifiers": _code_query("code-modifiers"),
    "policies": _code_query("code-policies"),
    "units": _units,
}
