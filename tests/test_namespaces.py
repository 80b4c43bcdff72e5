"""Code IRIs are computable from system and code, and invertible."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ontology.namespaces import CODE_SYSTEMS, ICD10CM, normalize_code, system_of_iri

codes = st.sampled_from(list(CODE_SYSTEMS.values())).flatmap(
    lambda s: st.tuples(st.just(s), st.from_regex(s.pattern, fullmatch=True))
)


@given(codes)
def test_code_to_iri_to_code(pair):
    system, code = pair
    iri = system.iri(code)
    assert system_of_iri(iri) == (system, code)


def test_known_iris():
    assert CODE_SYSTEMS["hcpcs"].iri("J9229") == "http://purl.bioontology.org/ontology/HCPCS/J9229"
    assert ICD10CM.iri("C91.00") == "http://purl.bioontology.org/ontology/ICD10CM/C91.00"
    assert normalize_code("icd10cm", " c9100 ") == "C91.00"
    assert normalize_code("icd10cm", "C81-C96") == "C81-C96"
