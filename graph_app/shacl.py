"""Run SHACL shapes with pySHACL and read its report into plain records.

The data graph comes from graph_app/shacl_data.py, which takes from the store only what the
shapes read.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyshacl
import rdflib
from pyshacl.errors import ReportableRuntimeError
from rdflib.namespace import RDF
from rdflib.term import Node

from graph_app.errors import ValidationError
from ontology import namespaces as ns

SH = rdflib.Namespace(ns.SH)
_SEVERITIES = {SH.Violation: "error", SH.Warning: "warning", SH.Info: "info"}


@dataclass(frozen=True)
class ShaclResult:
    """One sh:ValidationResult, with terms as plain strings."""

    shape: str  # IRI of the source shape, or the constraint component when the shape is a blank node
    severity: str  # error | warning | info
    focus: str
    message: str
    path: str | None = None  # IRI of a simple path
    value: str | None = None
    value_is_iri: bool = False


@dataclass(frozen=True)
class Shapes:
    graph: rdflib.Graph
    source: Path


def run_shacl(data: rdflib.Graph, shapes: Shapes) -> list[ShaclResult]:
    # pySHACL also logs its errors to stderr; we raise them with the file name instead.
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        _conforms, report, _text = pyshacl.validate(
            data, shacl_graph=shapes.graph, inference="none", advanced=False, inplace=True,
        )
    except ReportableRuntimeError as exc:  # also the shape and constraint load errors
        raise ValidationError(f"{shapes.source}: not usable SHACL: {exc.message}") from None
    finally:
        log.disabled = was_disabled
    return [_result(report, r) for r in report.subjects(RDF.type, SH.ValidationResult)]


def _result(report: rdflib.Graph, r: Node) -> ShaclResult:
    shape = report.value(r, SH.sourceShape)
    if not isinstance(shape, rdflib.URIRef):
        shape = report.value(r, SH.sourceConstraintComponent)
    path = report.value(r, SH.resultPath)
    value = report.value(r, SH.value)
    messages = sorted(str(m) for m in report.objects(r, SH.resultMessage))
    return ShaclResult(
        shape=str(shape),
        severity=_SEVERITIES.get(rdflib.URIRef(str(report.value(r, SH.resultSeverity))), "error"),
        focus=str(report.value(r, SH.focusNode)),
        message=messages[0] if messages else "does not conform to its shape",
        path=str(path) if isinstance(path, rdflib.URIRef) else None,
        value=None if value is None else str(value),
        value_is_iri=isinstance(value, rdflib.URIRef),
    )
