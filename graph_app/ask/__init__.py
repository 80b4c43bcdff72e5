"""Questions in plain words, compiled to library SPARQL (`medkg ask`)."""

from graph_app.ask.engine import Answer, QueryRun, ask
from graph_app.ask.explain import explain
from graph_app.ask.forms import FORMS, UnknownQuestionError, forms_help, parse_question
from graph_app.ask.resolve import SubjectNotFoundError

__all__ = ["FORMS", "Answer", "QueryRun", "SubjectNotFoundError", "UnknownQuestionError", "ask",
           "explain", "forms_help", "parse_question"]
