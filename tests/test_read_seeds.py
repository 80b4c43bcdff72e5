"""Each real seed document parses into the records it states (read from ../shared/seeds)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ingest.records import Genre, RowStatus
from ingest.registry import read_document
from tests.conftest import seed


def labels(mentions) -> list[str]:
    return [m.label for m in mentions]


def rows(records, status=None) -> list[str]:
    return [r.code for r in records if status is None or r.status is status]


def test_tocilizumab_explainer():
    r = read_document(seed("000"))
    assert r.genre is Genre.EXPLAINER
    assert r.hcpcs_code == "J3262"
    assert r.code_evidence.section == "Name of the Procedure"
    assert r.title == "Injection, tocilizumab, 1 mg"
    assert r.drug == "tocilizumab"
    assert (r.descriptor.dose.amount, r.descriptor.dose.unit) == (Decimal("1"), "mg")
    assert labels(r.brands) == ["Actemra"]
    ind = labels(r.indications)
    for expected in ("Rheumatoid arthritis", "Giant cell arteritis", "Cytokine release syndrome",
                     "Systemic juvenile idiopathic arthritis",
                     "Moderate to severe active polyarticular juvenile idiopathic arthritis"):
        assert expected in ind
    assert set(labels(r.routes)) == {"intravenous", "subcutaneous"}
    assert set(labels(r.settings)) == {"hospital", "infusion center", "outpatient clinic"}
    assert set(labels(r.roles)) == {"nurse", "physician", "pharmacist"}
    risks = {m.label: m.qualifier for m in r.risks}
    assert risks["Headache"] == "common"
    assert risks["Gastrointestinal perforation"] == "rare"
    assert {"Methotrexate", "Corticosteroids", "Adalimumab"} <= set(labels(r.alternatives))
    assert not r.rows and not r.policies


def test_every_mention_carries_its_evidence():
    r = read_document(seed("000"))
    ra = next(m for m in r.indications if m.label == "Rheumatoid arthritis")
    sections = {m.evidence.section for m in r.indications if m.label == "Rheumatoid arthritis"}
    assert sections <= {"Indications", "Purpose"}
    assert "rheumatoid arthritis" in ra.evidence.quote.lower()
    assert ra.evidence.line > 1


def test_tocilizumab_report_tables():
    r = read_document(seed("001"))
    assert r.genre is Genre.REPORT
    assert r.hcpcs_code == "J3262"
    assert r.descriptor.text == "Injection, tocilizumab, 1 mg"
    assert r.drug == "tocilizumab"
    assert labels(r.payers) == ["Aetna", "Blue Cross Blue Shield", "Cigna", "UnitedHealthcare", "Medicare"]
    assert rows(r.diagnoses) == ["M05.79", "M06.9", "M31.6", "M35.3", "D89.89", "T80.7XXA"]
    assert rows(r.procedures) == ["96413", "96415", "96372", "99213", "99070"]
    assert rows(r.taxonomies) == ["207R00000X", "163WL0400X", "261QM0700X", "251B00000X", "363L00000X"]
    # the modifiers table: lines without a leading pipe, one duplicate, two excluded rows
    assert rows(r.modifiers, RowStatus.STATED) == ["JW", "JZ", "59", "76", "52", "53", "KX", "GZ"]
    assert rows(r.modifiers, RowStatus.EXCLUDED) == ["77", "AA"]
    assert rows(r.modifiers, RowStatus.NOT_APPLICABLE) == ["62"]
    assert rows(r.modifiers, RowStatus.DUPLICATE) == ["76"]
    jw = next(m for m in r.modifiers if m.code == "JW")
    assert jw.system == "hcpcs-modifier" and jw.description == "Drug discarded/amount used"
    assert next(m for m in r.modifiers if m.code == "59").system == "cpt-modifier"
    m0579 = r.diagnoses[0]
    assert m0579.note.startswith("Tocilizumab is indicated for")
    assert m0579.evidence.section == "Related Diagnoses"
    assert {"Moderate to severe rheumatoid arthritis", "Giant cell arteritis"} <= set(labels(r.indications))


def test_inotuzumab_explainer():
    r = read_document(seed("002"))
    assert (r.hcpcs_code, r.drug) == ("J9229", "inotuzumab ozogamicin")
    assert r.descriptor.dose.amount == Decimal("0.1")
    assert labels(r.indications) == ["Acute lymphoblastic leukemia (ALL)",
                                      "Relapsed or refractory B-cell precursor ALL"]
    # a bullet that names no condition is a patient criterion, not an indication
    assert labels(r.criteria) == ["Patients who have not responded well to previous treatments"]
    assert set(labels(r.roles)) == {"oncologist", "hematologist", "nurse", "pharmacist"}
    assert {m.label: m.qualifier for m in r.risks}["Tumor lysis syndrome"] == "rare"


def test_blinatumomab_explainer_keeps_the_wrong_brand_as_stated():
    r = read_document(seed("003"))
    assert (r.hcpcs_code, r.drug) == ("J9039", "blinatumomab")
    assert r.descriptor.dose.unit == "mcg"
    assert "Relapsed or refractory B-cell precursor acute lymphoblastic leukemia" in labels(r.indications)
    # the page calls it "Adcetris" (brentuximab's brand): kept as stated, checked later
    assert labels(r.brands) == ["Adcetris", "Blincyto"]
    assert [(p.title, p.drug, p.brand) for p in r.policies] == [
        ("Blincyto (blinatumomab)", "blinatumomab", "Blincyto")
    ]


def test_ofatumumab_page_states_no_code():
    r = read_document(seed("004"))
    assert r.hcpcs_code is None and r.code_evidence is None
    assert r.title == "Injection, ofatumumab, 10 mg"
    assert r.drug == "ofatumumab"
    # sections here are labelled paragraphs ("Medical Conditions: …", "Location: …")
    assert "Chronic lymphocytic leukemia" in labels(r.indications)
    assert {m.evidence.section for m in r.indications} == {"Medical Conditions", "Symptoms/Conditions",
                                                           "Patient Criteria"}
    assert set(labels(r.settings)) == {"hospital", "outpatient clinic"}
    assert labels(r.brands) == ["Arzerra"]
    risks = {m.label: m.qualifier for m in r.risks}
    assert risks["Flu-like symptoms"] == "common"
    assert risks["Severe allergic reactions (anaphylaxis)"] == "rare"  # label set inside a bullet
    assert set(labels(r.alternatives)) == {"Chemotherapy", "Radiation therapy", "Bone marrow transplant"}


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_seed_identity(prefix):
    r = read_document(seed(prefix))
    assert len(r.source.sha256) == 64
    assert r.source.key == r.source.file_name.removesuffix(".txt")
