"""The questions `medkg ask` understands: one form per kind of question, matched by pattern.

Each form names its slots (CONDITION, SUBJECT = a code or a drug, DOSE) and the library queries
it compiles to; an unknown question is answered with the list of forms and an example of each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from graph_app.errors import QueryError


class UnknownQuestionError(QueryError):
    """A question no form matches; the message lists the forms."""


@dataclass(frozen=True)
class Form:
    name: str
    shape: str  # how a person writes it
    example: str
    queries: tuple[str, ...]  # library queries it runs
    pattern: re.Pattern[str]


def _form(name: str, shape: str, example: str, queries: tuple[str, ...], pattern: str) -> Form:
    return Form(name, shape, example, queries, re.compile(pattern, re.I))


_WHICH = r"(?:which|what)"
_GO_WITH = r"(?:go(?:es)? with|are used with|apply to|for|of|belong to|are listed for)"
_TREAT = r"(?:treats?|are used (?:for|to treat)|is used (?:for|to treat)|are indicated for|for)"

# Resolving a SUBJECT that names a drug or a brand rather than a code (ask/resolve.py).
_TO_CODES = ("brand-drugs", "drug-codes")

FORMS: tuple[Form, ...] = (
    _form("codes-treating", "which codes treat CONDITION", "which codes treat B-cell ALL",
          ("treats-concept", "treats-condition"),
          rf"^{_WHICH} (?:hcpcs |billing |drug )?codes? {_TREAT}\s+(?P<condition>.+)$"),
    _form("drugs-treating", "which drugs treat CONDITION", "which drugs treat rheumatoid arthritis",
          ("treats-concept", "treats-condition"),
          rf"^{_WHICH} (?:drugs?|medications?|medicines?) {_TREAT}\s+(?P<condition>.+)$"),
    _form("treats", "what does CODE or DRUG treat", "what does J9229 treat",
          ("code-drugs", "brand-drugs", "drug-indications", "condition-links"),
          r"^what (?:does|do|can) (?P<subject>.+?) (?:treat|cure|help with)$"),
    # what goes with a code: (form, what people call it, the words they use, query, example code)
    *(_form(name, f"which {noun} go with CODE or DRUG", f"which {noun} go with {example}",
            (query, *_TO_CODES), rf"^{_WHICH} {words} {_GO_WITH}\s+(?P<subject>.+)$")
      for name, noun, words, query, example in (
          ("specialties", "specialties",
           r"(?:specialties|specialty|providers?|provider taxonomy codes?|taxonomy codes?)",
           "code-specialties", "J3262"),
          ("diagnoses", "diagnoses", r"(?:related )?(?:diagnoses|diagnosis codes?|icd-?10(?:-cm)? codes?)",
           "code-diagnoses", "J3262"),
          ("procedures", "CPT codes", r"(?:cpt codes?|procedures?|procedure codes?|administration codes?)",
           "code-procedures", "J3262"),
          ("modifiers", "modifiers", r"modifiers?", "code-modifiers", "J3262"),
          ("policies", "policies", r"(?:payer )?(?:policies|policy|medical policies)",
           "code-policies", "J9039"),
      )),
    _form("units", "how many units for DOSE of CODE or DRUG", "how many units for 162 mg of J3262",
          ("billing-unit", *_TO_CODES),
          r"^how many (?:billing )?units (?:for|of|are|is|in)\s+(?P<dose>\.?\d[\d,.]*\s*[a-zµ.]+(?: units?)?)"
          r"\s+(?:of|for)\s+(?P<subject>.+)$"),
)


@dataclass(frozen=True)
class ParsedQuestion:
    question: str
    form: Form
    slots: dict[str, str]


def parse_question(question: str) -> ParsedQuestion:
    text = " ".join(question.split()).strip().rstrip("?.!").strip()
    for form in FORMS:
        if m := form.pattern.match(text):
            slots = {k: v.strip().strip("\"'") for k, v in m.groupdict().items() if v}
            return ParsedQuestion(question, form, slots)
    raise UnknownQuestionError(f"I cannot read the question {question!r}.\n{forms_help()}")


def forms_help() -> str:
    width = max(len(f.shape) for f in FORMS)
    lines = ["Questions I understand (CONDITION in words or abbreviations, CODE an HCPCS code, DRUG "
             "a drug or brand name):"]
    lines += [f"  {f.shape:<{width}}   e.g. medkg ask \"{f.example}\"" for f in FORMS]
    return "\n".join(lines)
