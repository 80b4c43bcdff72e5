"""`--explain`: the form a question matched, what its words resolved to, and the SPARQL that ran."""

from __future__ import annotations

from graph_app.ask.engine import Answer
from graph_app.querylib import load_query
from graph_app.results import display


def explain(answer: Answer) -> str:
    form = answer.parsed.form
    lines = [f"question: {answer.parsed.question}",
             f"template: {form.name} ({form.shape})",
             "bindings: " + ", ".join(f"{k.upper()} = \"{v}\"" for k, v in answer.parsed.slots.items())]
    lines += ["resolved:"] + [f"  {line}" for line in answer.resolution]
    lines.append("queries run (library queries, parameters bound as RDF terms):")
    for run in answer.runs:
        bound = ", ".join(f"?{k} = {display(t)}" for k, t in run.bindings.items()) or "no parameters"
        lines.append(f"  {run.name}: {bound} -> {run.rows} row{'s' if run.rows != 1 else ''}")
    for name in dict.fromkeys(r.name for r in answer.runs):
        q = load_query(name)
        lines += ["", f"--- SPARQL of {name} ({q.path.name}) ---", q.text.rstrip()]
    return "\n".join(lines)
