"""Readers cope with what varies between pages: headings, bullets, pipes, a title with no code."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.descriptors import parse_descriptor
from ingest.errors import TruncatedDocument
from ingest.records import RowStatus
from ingest.registry import read_document

EXPLAINER = """\
Injection, examplemab, 5 mg

Name of the Procedure:

Examplemab infusion, billed as HCPCS J9999 and sold as Exampla.

Clinical Indications

- Chronic lymphocytic leukemia (CLL)
* Crohn's disease and ulcerative colitis
- Patients who did not respond to earlier therapy

Care Setting

Usually given in an infusion center or a physician office.

Staff Involved

- Registered nurse
- Gastroenterologist

Risks

Common Risks:
- Headache, nausea, and fatigue
Rare Risks:
- Serious infections

Alternative Treatments

- Other monoclonal antibodies (e.g., rituximab)
"""

REPORT_NO_PIPES = """\
Summary & Overview
HCPCS Level II J9999: Examplemab Injection, 5 mg
HCPCS Level II code J9999 represents Injection, examplemab, 5 mg.
Key payers covered include Aetna and Humana.
Related Diagnoses
ICD-10 Code | Description | Clinical Relevance
---|---|---
C911 | Chronic lymphocytic leukemia of B-cell type | Listed for billing.
c91.10 | Chronic lymphocytic leukemia of B-cell type not having achieved remission | Main code.
C91.10 | same code again | Duplicate of the row above.
Modifier | Description | When to Use
|---|---|---|
JW | Drug amount discarded | Report waste.
XX | Made-up modifier | Not applicable here; excluded.
"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_explainer_with_variant_headings_and_bullets(tmp_path):
    r = read_document(write(tmp_path, "variant.txt", EXPLAINER))
    assert r.hcpcs_code == "J9999"
    assert r.drug == "examplemab"
    assert [m.label for m in r.indications] == [
        "Chronic lymphocytic leukemia (CLL)", "Crohn's disease", "Ulcerative colitis"
    ]
    assert [m.label for m in r.criteria] == ["Patients who did not respond to earlier therapy"]
    assert {m.label for m in r.settings} == {"infusion center", "physician office"}
    assert {m.label for m in r.roles} == {"nurse", "gastroenterologist"}
    assert {m.label: m.qualifier for m in r.risks} == {
        "Headache": "common", "Nausea": "common", "Fatigue": "common", "Serious infections": "rare"
    }
    assert [m.label for m in r.alternatives] == ["Other monoclonal antibodies", "Rituximab"]
    assert [m.label for m in r.brands] == ["Exampla"]


def test_a_title_with_no_code_gives_no_code(tmp_path):
    text = EXPLAINER.replace("billed as HCPCS J9999 and ", "")
    r = read_document(write(tmp_path, "nocode.txt", text))
    assert r.hcpcs_code is None
    assert r.descriptor.text == "Injection, examplemab, 5 mg"


def test_report_tables_without_leading_pipes(tmp_path):
    r = read_document(write(tmp_path, "report.txt", REPORT_NO_PIPES))
    assert r.hcpcs_code == "J9999"
    assert r.descriptor.drug == "examplemab"
    assert [m.label for m in r.payers] == ["Aetna", "Humana"]
    # codes are normalised (missing dot, lower case) before duplicates are recognised
    assert [(d.code, d.status) for d in r.diagnoses] == [
        ("C91.1", RowStatus.STATED), ("C91.10", RowStatus.STATED), ("C91.10", RowStatus.DUPLICATE)
    ]
    assert [(m.code, m.status) for m in r.modifiers] == [
        ("JW", RowStatus.STATED), ("XX", RowStatus.EXCLUDED)
    ]


def test_truncated_table_row_is_an_error_naming_the_line(tmp_path):
    cut = REPORT_NO_PIPES[: REPORT_NO_PIPES.index("Made-up") + 7]
    path = write(tmp_path, "cut.txt", cut)
    with pytest.raises(TruncatedDocument) as exc:
        read_document(path)
    assert "cut.txt" in str(exc.value) and exc.value.line == cut.count("\n") + 1


@pytest.mark.parametrize(
    "text, drug, amount, unit",
    [
        ("Injection, tocilizumab, 1 mg", "tocilizumab", "1", "mg"),
        ("Injection, inotuzumab ozogamicin, 0.1 mg", "inotuzumab ozogamicin", "0.1", "mg"),
        ("Injection, blinatumomab, 1 microgram", "blinatumomab", "1", "mcg"),
        ("Injection, trastuzumab, excludes biosimilar, 10 mg", "trastuzumab", "10", "mg"),
        ("Injection, epoetin alfa, (for non-esrd use), 1000 units", "epoetin alfa", "1000", "units"),
        ("Injection, rituximab 10 mg", "rituximab", "10", "mg"),
        ("Tocilizumab Injection, 1 mg", "tocilizumab", "1", "mg"),
    ],
)
def test_descriptor_parsing(text, drug, amount, unit):
    d = parse_descriptor(text)
    assert (d.drug, str(d.dose.amount), d.dose.unit) == (drug, amount, unit)


def test_descriptor_amount_with_thousands_separator():
    # CMS writes penicillin doses as "100,000 units": the comma is part of the amount
    d = parse_descriptor("Injection, penicillin g benzathine, 100,000 units")
    assert d.drug == "penicillin g benzathine"
    assert d.dose is not None and d.dose.amount == 100000 and d.dose.unit == "units"
    assert parse_descriptor("Injection, abc,10 mg").dose.amount == 10
