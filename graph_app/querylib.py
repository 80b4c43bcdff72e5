"""The query library: queries/*.rq, each opening with a comment that documents it.

Header format (lines starting with '#', before the query):

    # codes-for-condition: HCPCS codes whose drug has an indication mentioning some words.
    # More lines of description …
    # Parameters:
    #   condition (string): words to look for, e.g. lymphoblastic
    # Example: medkg query codes-for-condition --param condition=lymphoblastic

Parameters are bound as RDF terms (a parameter named `code` binds `?code`), never pasted into
the query text. A typed parameter (hcpcs, icd10cm, …) is turned into the code's IRI.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from importlib import resources
from pathlib import Path

from graph_app.errors import ParameterError, UnknownQueryError
from graph_app.runner import QueryResult, Runner, Term
from ontology.namespaces import CODE_SYSTEMS, XSD, normalize_code

_PARAM = re.compile(r"^#\s+(?P<name>[A-Za-z_]\w*)\s+\((?P<type>[\w-]+)\)\s*[:—-]+\s*(?P<doc>.*)$")
_EXAMPLE = re.compile(r"^#\s*Example:\s*(?P<ex>.+)$", re.I)
PARAM_TYPES = ("string", "integer", "decimal", "iri", *CODE_SYSTEMS)


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    doc: str

    def bind(self, raw: str) -> Term:
        value = raw.strip()
        if self.type == "string":
            return Term.literal(value)
        if self.type in ("integer", "decimal"):
            try:
                number = int(value) if self.type == "integer" else Decimal(value)
            except (ValueError, InvalidOperation):
                raise ParameterError(f"parameter {self.name} must be {self.type}, got {raw!r}") from None
            return Term.literal(str(number), XSD + self.type)
        if self.type == "iri":
            if not re.match(r"^[a-z][a-z0-9+.-]*:\S+$", value, re.I):
                raise ParameterError(f"parameter {self.name} must be an absolute IRI, got {raw!r}")
            return Term.uri(value)
        system = CODE_SYSTEMS[self.type]
        code = normalize_code(system, value)
        if not system.is_well_formed(code):
            raise ParameterError(
                f"parameter {self.name}: {raw!r} is not a well-formed {system.label} code "
                f"(for example {system.example})"
            )
        return Term.uri(system.iri(code))


@dataclass(frozen=True)
class LibraryQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = field(default=())

    def bindings(self, values: dict[str, str]) -> dict[str, Term]:
        known = {p.name: p for p in self.parameters}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise ParameterError(
                f"query {self.name} has no parameter {', '.join(unknown)}; "
                f"its parameters: {', '.join(known) or 'none'}"
            )
        missing = [p for p in known if p not in values]
        if missing:
            raise ParameterError(
                f"query {self.name} needs --param "
                + " ".join(f"{m}=<{known[m].type}>" for m in missing)
                + (f". Example: {self.examples[0]}" if self.examples else "")
            )
        return {name: known[name].bind(v) for name, v in values.items()}

    def example_values(self) -> dict[str, str]:
        """The parameters of the first documented example (`--param name=value` …)."""
        words = shlex.split(self.examples[0]) if self.examples else []
        values = {}
        for flag, arg in zip(words, words[1:], strict=False):
            if flag in ("--param", "-p"):
                name, _, value = arg.partition("=")
                values[name.strip()] = value.strip()
        return values

    def run(self, runner: Runner, **values: str) -> QueryResult:
        return runner.select(self.text, self.bindings(values))


def library_dir() -> Path:
    return Path(str(resources.files("queries")))


def parse_query_file(path: Path) -> LibraryQuery:
    text = path.read_text(encoding="utf-8")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    params, examples, prose = [], [], []
    in_params = False
    for line in header:
        if re.match(r"^#\s*Parameters?:", line, re.I):
            in_params = True
            continue
        if m := _EXAMPLE.match(line):
            examples.append(m["ex"].strip())
            in_params = False
            continue
        if in_params and (m := _PARAM.match(line)):
            if m["type"] not in PARAM_TYPES:
                raise UnknownQueryError(
                    f"{path}: parameter {m['name']} has unknown type {m['type']!r}; "
                    f"types: {', '.join(PARAM_TYPES)}"
                )
            params.append(Parameter(m["name"], m["type"], m["doc"].strip()))
            continue
        in_params = False
        prose.append(line.lstrip("#").strip())
    name = path.stem
    first = prose[0] if prose else ""
    summary = first.split(":", 1)[1].strip() if first.lower().startswith(name + ":") else first
    return LibraryQuery(
        name=name, path=path, text=text, summary=summary,
        description=" ".join(p for p in prose[1:] if p), parameters=tuple(params),
        examples=tuple(examples),
    )


def library() -> dict[str, LibraryQuery]:
    return {p.stem: parse_query_file(p) for p in sorted(library_dir().glob("*.rq"))}


def load_query(name_or_path: str) -> LibraryQuery:
    """A library query by name, or any .rq file by path."""
    p = Path(name_or_path)
    if p.suffix == ".rq" and p.exists():
        return parse_query_file(p)
    path = library_dir() / f"{name_or_path}.rq"
    if path.exists():
        return parse_query_file(path)
    names = ", ".join(library()) or "none"
    raise UnknownQueryError(f"no query named {name_or_path!r}. Library queries: {names}")


@lru_cache(maxsize=128)
def library_query(name: str) -> LibraryQuery:
    """A library query by name, read and parsed once per process: for code that runs the same
    query many times a second (ask, linking, label search), where parsing costs more than running."""
    return load_query(name)
