"""Code-set readers: whole releases where ../shared has them, tiny fixtures otherwise, and a clear
error naming file, line and value for every kind of bad file."""

from __future__ import annotations

import gzip
import importlib
import pkgutil
from datetime import date
from decimal import Decimal

import pytest

import ingest.codesets as codesets
from ingest.codesets import READERS, CodeSetError, build_reference_graph, hcpcs, icd10cm, nucc, rxnorm
from ingest.codesets.common import RefGraph
from ingest.records import Dose
from ontology import namespaces as ns
from ontology.vocabulary import MKG, SKOS_BROADER
from tests.conftest import FIXED_TIME
from tests.refdata_fixtures import (
    ICD_DIR,
    NUCC_HEADER,
    RXNORM_RRF_DIR,
    TINY_NUCC,
    anweb_lines,
    write_anweb,
    write_nucc,
)

HELPERS = {"common", "download"}


def test_every_reader_module_is_registered_and_complete():
    modules = {m.name for m in pkgutil.iter_modules(codesets.__path__)} - HELPERS
    assert modules == set(READERS), "a code-set module is not in ingest.codesets.READERS"
    for name in modules:
        module = importlib.import_module(f"ingest.codesets.{name}")
        assert name == module.NAME
        assert module.SOURCE_URL.startswith("https://") and module.LABEL
        for attr in ("read", "release", "to_quads", "DOWNLOADS"):
            assert hasattr(module, attr), f"{name} has no {attr}"
    with pytest.raises(KeyError, match="readers: icd10cm, hcpcs, nucc, rxnorm"):
        codesets.reader("cpt")


# ---- ICD-10-CM -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def icd_release() -> dict[str, icd10cm.Icd10cmConcept]:
    return {c.code: c for c in icd10cm.read()}


def test_icd10cm_whole_release(icd_release):
    levels = [c.level for c in icd_release.values()]
    assert len(icd_release) == 98_505
    assert levels.count("chapter") == 22 and levels.count("category") == 1_918
    # 258 range blocks and 39 single-category blocks (the package lists those codes twice)
    assert levels.count("block") == 297
    assert sum(c.level == "block" and c.code[:3] == c.code[4:] for c in icd_release.values()) == 39
    # every leaf code is billable; the 12 empty range headers (e.g. C00-C96) are blocks, not codes
    assert sum(c.billable for c in icd_release.values()) == 74_719
    assert icd_release["C91.02"].billable and icd_release["C91.02"].parent == "C91.0"
    assert icd_release["C91"].parent == "C81-C96" and not icd_release["C91"].billable
    assert "Asthma NOS" in icd_release["J45.909"].inclusion_terms


def test_icd10cm_no_concept_is_its_own_parent_and_every_parent_exists(icd_release):
    for c in icd_release.values():
        assert c.parent != c.code
        assert c.parent is None or c.parent in icd_release, c
    # a code the package lists as a block and as a category becomes two concepts
    assert icd_release["B10-B10"].level == "block"
    assert icd_release["B10"].level == "category" and icd_release["B10"].parent == "B10-B10"
    assert icd_release["A00-B99"].level == "chapter" and icd_release["B10-B10"].parent == "A00-B99"


def test_icd10cm_release_is_named_by_the_tabular_date():
    rel = icd10cm.release(None)
    assert rel.release_date == date(2026, 4, 1) and rel.version == "2026-04-01"
    assert "simple-icd-10-cm" in rel.title


def test_icd10cm_from_a_folder_and_back_to_the_packaged_release():
    tiny = {c.code: c for c in icd10cm.read(ICD_DIR)}
    assert tiny["T80.29XA"].title.endswith(", initial encounter") and tiny["T80.29XA"].billable
    assert tiny["B20"].parent == "B20-B20" and tiny["B20"].inclusion_terms == ("AIDS",)
    import simple_icd_10_cm

    assert len(simple_icd_10_cm.get_all_codes()) == 98_505, "the packaged release must be restored"


def test_icd10cm_truncated_xml_names_file_and_line(tmp_path):
    folder = tmp_path / "icd"
    folder.mkdir()
    xml = (ICD_DIR / "icd10cm-tabular-April-1-2031.xml").read_text()
    (folder / "icd10cm-tabular-April-1-2031.xml").write_text(xml[: xml.index("<name>M31.6")])
    (folder / "code-list-April-2031.txt").write_text((ICD_DIR / "code-list-April-2031.txt").read_text())
    message = r"icd10cm-tabular-April-1-2031\.xml:\d+: not well-formed XML"
    with pytest.raises(CodeSetError, match=message) as e:
        list(icd10cm.read(folder))
    assert e.value.line and e.value.line > 40


def test_icd10cm_quads_carry_hierarchy_billable_and_inclusion_terms():
    concepts = list(icd10cm.read(ICD_DIR))
    quads = list(icd10cm.to_quads(concepts, RefGraph("icd10cm")))
    triples = {(q.subject.value, q.predicate.value, q.object.value) for q in quads}
    b20 = ns.ICD10CM.iri("B20")
    assert (b20, SKOS_BROADER, ns.ICD10CM.iri("B20-B20")) in triples
    assert (b20, MKG.billable, "true") in triples
    assert (b20, ns.SKOS + "altLabel", "AIDS") in triples
    assert all(q.graph_name.value == ns.reference_graph("icd10cm") for q in quads)


# ---- HCPCS -------------------------------------------------------------------------------------

def test_hcpcs_whole_2020_release(reference_dir):
    path = reference_dir / "hcpcs" / "HCPC2020_ANWEB_w_disclaimer.txt"
    records = {r.code: r for r in hcpcs.read(path)}
    assert len(records) == 7_079
    assert sum(r.kind == "modifier" for r in records.values()) == 369
    assert sum(r.termination_date is not None for r in records.values()) == 615
    j9302 = records["J9302"]
    assert (j9302.long_description, j9302.drug, j9302.dose) == (
        "Injection, ofatumumab, 10 mg", "ofatumumab", Dose(Decimal("10"), "mg"))
    assert records["J9039"].dose == Dose(Decimal("1"), "mcg")
    assert records["JW"].long_description == "Drug amount discarded/not administered to any patient"
    assert "JZ" not in records  # added in 2023
    rel = hcpcs.release(path)
    assert (rel.version, rel.release_date) == ("2020", date(2020, 1, 1))


def test_hcpcs_joins_continuation_lines_and_reads_dates(tmp_path):
    records = {r.code: r for r in hcpcs.read(write_anweb(tmp_path / "HCPC2020_ANWEB_tiny.txt"))}
    assert records["A9990"].long_description.endswith("need a continuation line in the fixed-width file")
    assert records["J9998"].termination_date == date(2018, 12, 31)
    assert records["JW"].kind == "modifier" and records["J9302"].kind == "procedure"
    assert records["A9990"].drug is None, "a supply is not a drug code"


@pytest.mark.parametrize("damage, message", [
    ("truncated", r"HCPC2020_ANWEB_bad\.txt:\d+: .*truncated"),
    ("short-record", r"HCPC2020_ANWEB_bad\.txt:\d+: record is 300 characters, expected 320"),
    ("bad-date", r"HCPC2020_ANWEB_bad\.txt:\d+: add date \(268-276\) is not a YYYYMMDD date "
                 r"\(found '2020XX01'\)"),
    ("orphan-continuation", r"HCPC2020_ANWEB_bad\.txt:\d+: continuation line without the record"),
])
def test_hcpcs_bad_files_name_file_line_and_value(tmp_path, damage, message):
    path = write_anweb(tmp_path / "HCPC2020_ANWEB_bad.txt")
    data = path.read_bytes().decode("cp1252")
    if damage == "truncated":
        data = data[: data.index("J9302") + 100]
    elif damage == "short-record":  # another year's layout: records of another length
        data = data.replace(anweb_lines("J9302", "procedure", "Injection, ofatumumab, 10 mg",
                                        "Ofatumumab injection", "20110101", "")[0][:300] + " " * 20,
                            anweb_lines("J9302", "procedure", "Injection, ofatumumab, 10 mg",
                                        "Ofatumumab injection", "20110101", "")[0][:300])
    elif damage == "bad-date":
        data = data.replace("2011010120110101", "2020XX0120110101", 1)
    elif damage == "orphan-continuation":
        data += "J1234002004continued text\r\n"
    path.write_bytes(data.encode("cp1252"))
    with pytest.raises(CodeSetError, match=message):
        list(hcpcs.read(path))


def test_hcpcs_rejects_a_csv_in_place_of_the_fixed_width_file(reference_dir, tmp_path):
    flat = reference_dir / "hcpcs" / "hcpcs_2020_anweb_flat.csv"
    message = (r"hcpcs_2020_anweb_flat\.csv:21: no HCPCS record in the first 20 lines; "
               r"expected CMS HCPCS ANWEB fixed-width records of 320 characters")
    with pytest.raises(CodeSetError, match=message):
        list(hcpcs.read(flat))


# ---- NUCC --------------------------------------------------------------------------------------

def test_nucc_whole_release(reference_dir):
    path = reference_dir / "nucc" / "nucc_taxonomy_251.csv"
    records = {r.code: r for r in nucc.read(path)}
    assert len(records) == 883
    assert sum(r.section == "Individual" for r in records.values()) == 698
    assert records["251B00000X"].section == "Non-Individual"
    assert records["207R00000X"].name == "Internal Medicine"
    assert records["207RR0500X"].display_name == "Rheumatology Physician"
    assert nucc.release(path).version == "25.1"


def test_nucc_three_levels_become_a_hierarchy(tmp_path):
    records = list(nucc.read(write_nucc(tmp_path / "nucc_taxonomy_251.csv")))
    triples = {(q.subject.value, q.predicate.value, q.object.value)
               for q in nucc.to_quads(records, RefGraph("nucc"))}
    internal = ns.NUCC.iri("207R00000X")
    grouping = ns.entity_iri("nucc-grouping", "Allopathic & Osteopathic Physicians")
    assert (ns.NUCC.iri("207RR0500X"), SKOS_BROADER, internal) in triples
    assert (internal, SKOS_BROADER, grouping) in triples
    # a classification without a code of its own is minted and sits under its grouping
    psychiatry = ns.entity_iri(
        "nucc-classification", "Allopathic & Osteopathic Physicians Psychiatry & Neurology")
    assert (ns.NUCC.iri("2084P0800X"), SKOS_BROADER, psychiatry) in triples
    assert (psychiatry, SKOS_BROADER, grouping) in triples
    assert (ns.NUCC.iri("251B00000X"), MKG.taxonomySection, "Non-Individual") in triples


def test_nucc_missing_column_and_truncated_row(tmp_path):
    no_section = write_nucc(tmp_path / "a.csv", [r[:-1] for r in TINY_NUCC], NUCC_HEADER[:-1])
    with pytest.raises(CodeSetError, match=r"a\.csv:1: missing column\(s\) Section"):
        list(nucc.read(no_section))
    cut = write_nucc(tmp_path / "b.csv")
    text = cut.read_text(encoding="utf-8-sig")
    cut.write_text(text[: text.index("363L00000X") + 40], encoding="utf-8")
    with pytest.raises(CodeSetError, match=r"b\.csv:4: 2 fields, expected 8 \(a truncated file"):
        list(nucc.read(cut))
    bad = write_nucc(tmp_path / "c.csv", [(*TINY_NUCC[0][:7], "Organisation")])
    message = r"c\.csv:2: Section must be Individual or Non-Individual \(found 'Organisation'\)"
    with pytest.raises(CodeSetError, match=message):
        list(nucc.read(bad))


# ---- RxNorm ------------------------------------------------------------------------------------

def test_rxnorm_prescribable_extract(reference_dir):
    path = reference_dir / "drugs" / "rxnorm_prescribable_20251006_ingredients.jsonl.gz"
    concepts = list(rxnorm.read(path))
    ingredients = {c.name: c for c in concepts if c.tty != "BN"}
    brands = {c.name: c for c in concepts if c.tty == "BN"}
    assert len(ingredients) == 4_008
    assert ingredients["tocilizumab"].rxcui == "612865"
    assert brands["Adcetris"].ingredients == (ingredients["brentuximab vedotin"].rxcui,)
    assert ingredients["blinatumomab"].rxcui in brands["Blincyto"].ingredients
    assert rxnorm.release(path).release_date == date(2025, 10, 6)


def test_rxnorm_rrf_links_brands_through_rxnrel(tmp_path):
    concepts = {c.name: c for c in rxnorm.read(RXNORM_RRF_DIR)}
    assert concepts["Adcetris"].ingredients == ("1147320",)
    assert concepts["tocilizumab"].tty == "IN" and "Oldbrand" not in concepts  # obsolete atom
    assert "TOCILIZUMAB" not in concepts  # another source's atom
    alone = tmp_path / "rrf"
    alone.mkdir()
    (alone / "RXNCONSO.RRF").write_bytes((RXNORM_RRF_DIR / "RXNCONSO.RRF").read_bytes())
    unlinked = {c.name: c for c in rxnorm.read(alone / "RXNCONSO.RRF")}
    assert unlinked["Adcetris"].ingredients == ()


def test_rxnorm_bad_files(tmp_path):
    rrf = tmp_path / "RXNCONSO.RRF"
    lines = (RXNORM_RRF_DIR / "RXNCONSO.RRF").read_text().splitlines()
    rrf.write_text("\n".join(lines[:3] + [lines[3][:30]]) + "\n")
    with pytest.raises(CodeSetError, match=r"RXNCONSO\.RRF:4: 11 '\|'-separated fields, expected 18"):
        list(rxnorm.read(rrf))
    gz = tmp_path / "rx.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"Name": "tocilizumab", "RXCUI": "612865", "TTY": "IN"}\n' * 50)[:-30])
    with pytest.raises(CodeSetError, match=r"rx\.jsonl\.gz:\d+: the file is cut off"):
        list(rxnorm.read(gz))
    bad = tmp_path / "rx.jsonl"
    bad.write_text('{"Name": "tocilizumab", "RXCUI": "612865", "TTY": "IN"}\n{"Name": "x"}\n')
    with pytest.raises(CodeSetError, match=r"rx\.jsonl:2: not an RxNorm ingredient record"):
        list(rxnorm.read(bad))


# ---- whole reference graphs ----------------------------------------------------------------------

def test_reference_graph_describes_its_release(tiny_refs):
    ref = build_reference_graph("hcpcs", tiny_refs["hcpcs"], FIXED_TIME)
    meta = {q.predicate.value: q.object.value for q in ref.metadata}
    assert meta[ns.DCTERMS + "hasVersion"] == "2020"
    assert meta[MKG.releaseDate] == "2020-01-01"
    assert meta[ns.DCTERMS + "source"] == hcpcs.SOURCE_URL
    assert meta[ns.PROV + "generatedAtTime"] == "2026-01-01T00:00:00Z"
    assert meta[MKG.conceptCount] == str(ref.concepts) == "11"
    assert {q.graph_name.value for q in [*ref.quads(), *ref.metadata]} == {ns.reference_graph("hcpcs")}


def test_a_set_other_than_icd10cm_needs_a_file():
    with pytest.raises(CodeSetError, match="needs a file"):
        build_reference_graph("nucc", None, FIXED_TIME)

