"""Derivation reads a code's official facts straight from the embedded store's index; the answer
must be exactly what the `official-code` library query gives (the path a remote store takes)."""

from __future__ import annotations

import pytest

from graph_app.reference import ReferenceView
from graph_app.runner import EmbeddedRunner, QueryResult, Term
from graph_app.store import GraphStore
from ontology import namespaces as ns


class QueryOnlyRunner:
    """The embedded store seen through the Runner protocol only, as a remote endpoint is."""

    name = "query-only"

    def __init__(self, store: GraphStore):
        self.inner = EmbeddedRunner(store)

    def select(self, query: str, bindings: dict[str, Term] | None = None) -> QueryResult:
        return self.inner.select(query, bindings)


CODES = [
    ("icd10cm", "M05.79"), ("icd10cm", "M31.6"), ("icd10cm", "C91"), ("icd10cm", "C91.0"),
    ("icd10cm", "C81-C96"), ("icd10cm", "T80.29XA"), ("icd10cm", "C91.99"),
    ("hcpcs", "J3262"), ("hcpcs", "J9039"), ("hcpcs", "J9302"), ("hcpcs", "J1745"), ("hcpcs", "J0001"),
    ("hcpcs-modifier", "JW"), ("hcpcs-modifier", "KX"), ("hcpcs-modifier", "JZ"),
    ("nucc", "207RR0500X"), ("nucc", "251B00000X"), ("nucc", "163WI0500X"),
    ("rxnorm", "612865"), ("cpt", "96413"),
]


@pytest.mark.parametrize(("system", "code"), CODES)
def test_direct_read_gives_what_the_query_gives(checked_store: GraphStore, system: str, code: str) -> None:
    direct = ReferenceView(EmbeddedRunner(checked_store))
    queried = ReferenceView(QueryOnlyRunner(checked_store))
    assert direct._store is not None and queried._store is None
    a, b = direct.code(system, code), queried.code(system, code)
    if b is None:
        assert a is None
        return
    assert a is not None
    assert set(a.alt_labels) == set(b.alt_labels)
    assert a.__dict__ | {"alt_labels": ()} == b.__dict__ | {"alt_labels": ()}


def test_the_sample_covers_what_derivation_reads(checked_store: GraphStore) -> None:
    """Codes with dates, dose, section, level, billable and alternative labels, and missing ones."""
    view = ReferenceView(EmbeddedRunner(checked_store))
    found = {(s, c): view.code(s, c) for s, c in CODES}
    assert found[("icd10cm", "C91.99")] is None and found[("hcpcs", "J0001")] is None
    j3262, c91, nucc = found[("hcpcs", "J3262")], found[("icd10cm", "C91")], found[("nucc", "251B00000X")]
    assert j3262 and j3262.dose and j3262.add_date and j3262.alt_labels and j3262.drug == "tocilizumab"
    assert c91 and c91.billable is False and c91.level == "category"
    assert nucc and nucc.section == "Non-Individual"
    assert found[("icd10cm", "M05.79")].iri == ns.ICD10CM.iri("M05.79")  # type: ignore[union-attr]
