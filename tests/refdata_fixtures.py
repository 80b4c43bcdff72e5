"""Tiny official code-set files for the tests, and stores with reference sets loaded.

The HCPCS and NUCC fixtures are written by code here, so the fixed-width layout is spelled out a
second time, independently of the reader (a test of the reader, not a copy of it). The RxNorm RRF
and ICD-10-CM tabular fixtures are files in tests/data. Import the fixtures you use into a test
module (`from tests.refdata_fixtures import tiny_refs`).
"""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

import pytest

from graph_app.derive import Deriver
from graph_app.loader import ingest_paths
from graph_app.refdata import load_reference_sets
from graph_app.store import GraphStore
from tests.conftest import DATA, EXAMPLES, FIXED_TIME, REFERENCE, SEEDS, need_shared

ICD_DIR = DATA / "icd10cm"
RXNORM_RRF_DIR = DATA / "rxnorm"

# (code, long description, short description, add, termination) — dates YYYYMMDD or "".
TINY_HCPCS = [
    ("J3262", "Injection, tocilizumab, 1 mg", "Tocilizumab injection", "20110101", ""),
    ("J9039", "Injection, blinatumomab, 1 microgram", "Injection, blinatumomab", "20160101", ""),
    ("J9042", "Injection, brentuximab vedotin, 1 mg", "Brentuximab vedotin inj", "20130101", ""),
    ("J9302", "Injection, ofatumumab, 10 mg", "Ofatumumab injection", "20110101", ""),
    ("J9998", "Injection, oldumab, 5 mg", "Oldumab injection", "20100101", "20181231"),
    ("J9997", "Injection, newumab, 2 mg", "Newumab injection", "20200401", ""),
    ("A9990", "Syringe with needle, sterile, 1 cc or less, each, a descriptor long enough to need "
              "a continuation line in the fixed-width file", "1 cc sterile syringe&needle",
     "19850101", ""),
]
TINY_MODIFIERS = [
    ("JW", "Drug amount discarded/not administered to any patient", "Discarded drug not administe",
     "20030101", ""),
    ("KX", "Requirements specified in the medical policy have been met", "Documentation on file",
     "20020701", ""),
    ("GZ", "Item or service expected to be denied as not reasonable and necessary",
     "Not reasonable and necessary", "20020101", ""),
    ("GD", "Units of service exceeds medically unlikely edit value", "Unit of service > mue value",
     "20080101", "20191231"),
]


def anweb_lines(code: str, kind: str, long: str, short: str, add: str, term: str) -> list[str]:
    """One code as CMS writes it: a 320-character first line, then 91-character continuations."""
    first, more = ("3", "4") if kind == "procedure" else ("7", "8")
    field = code if kind == "procedure" else code.rjust(5)
    chunks = textwrap.wrap(long, 80)  # CMS breaks long descriptions between words
    line = (field + "00100" + first + chunks[0].ljust(80) + short[:28].ljust(28) + "51").ljust(268)
    line = (line + add.ljust(8) + add.ljust(8) + term.ljust(8) + ("D" if term else "N")).ljust(320)
    out = [line]
    for n, chunk in enumerate(chunks[1:], start=2):
        out.append(field + f"00{n}00" + more + chunk.ljust(80))
    return out


def write_anweb(path: Path, procedures=TINY_HCPCS, modifiers=TINY_MODIFIERS) -> Path:
    lines = ["Disclaimer: a short note before the records, as CMS puts one.", ""]
    for row in modifiers:
        lines += anweb_lines(row[0], "modifier", *row[1:])
    for row in procedures:
        lines += anweb_lines(row[0], "procedure", *row[1:])
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    return path


NUCC_HEADER = ["Code", "Grouping", "Classification", "Specialization", "Definition", "Notes",
               "Display Name", "Section"]
TINY_NUCC = [
    ("207R00000X", "Allopathic & Osteopathic Physicians", "Internal Medicine", "",
     "A physician who provides long-term care.", "", "Internal Medicine Physician", "Individual"),
    ("207RR0500X", "Allopathic & Osteopathic Physicians", "Internal Medicine", "Rheumatology",
     "An internist who treats diseases of joints.", "", "Rheumatology Physician", "Individual"),
    ("363L00000X", "Physician Assistants & Advanced Practice Nursing Providers",
     "Nurse Practitioner", "", "A registered nurse with a graduate degree.", "",
     "Nurse Practitioner", "Individual"),
    ("251B00000X", "Agencies", "Case Management", "", "An organization providing case management.",
     "", "Case Management Agency", "Non-Individual"),
    ("2084P0800X", "Allopathic & Osteopathic Physicians", "Psychiatry & Neurology", "Psychiatry",
     "A physician who specializes in psychiatry.", "", "Psychiatry Physician", "Individual"),
]


def write_nucc(path: Path, rows=TINY_NUCC, header=NUCC_HEADER) -> Path:
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(header)
        w.writerows(rows)
    return path


@pytest.fixture
def tiny_refs(tmp_path: Path) -> dict[str, Path]:
    """Paths of a tiny release of each set (HCPCS named like CMS's 2020 annual file)."""
    folder = tmp_path / "refdata"
    folder.mkdir()
    return {
        "icd10cm": ICD_DIR,
        "hcpcs": write_anweb(folder / "HCPC2020_ANWEB_tiny.txt"),
        "nucc": write_nucc(folder / "nucc_taxonomy_251.csv"),
        "rxnorm": RXNORM_RRF_DIR,
    }


def full_reference_sources() -> dict[str, Path | None]:
    ref = need_shared(REFERENCE)
    return {
        "icd10cm": None,
        "hcpcs": ref / "hcpcs" / "HCPC2020_ANWEB_w_disclaimer.txt",
        "nucc": ref / "nucc" / "nucc_taxonomy_251.csv",
        "rxnorm": ref / "drugs" / "rxnorm_prescribable_20251006_ingredients.jsonl.gz",
    }


@pytest.fixture(scope="session")
def checked_store(tmp_path_factory: pytest.TempPathFactory) -> GraphStore:
    """Seeds and examples ingested, then every official release from ../shared loaded (once:
    the whole of ICD-10-CM takes a while). Read-only for the tests that use it."""
    sources = full_reference_sources()
    store = GraphStore(tmp_path_factory.mktemp("checked-store") / "store")
    report = ingest_paths(store, [need_shared(SEEDS), EXAMPLES], derive=Deriver(store), now=FIXED_TIME)
    assert not report.failed, report.failed
    loaded = load_reference_sets(store, sources, now=FIXED_TIME)
    assert not loaded.failed, loaded.failed
    return store
