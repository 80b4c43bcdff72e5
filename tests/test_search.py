"""Label search: word prefixes through an index, ranked, over official titles and document names."""

from __future__ import annotations

from click.testing import CliRunner

from graph_app.cli import cli
from graph_app.derive import Deriver
from graph_app.loader import ingest_paths
from graph_app.querylib import library_query
from graph_app.refdata import load_reference_sets
from graph_app.runner import EmbeddedRunner
from graph_app.search import LabelEntry, LabelIndex, label_index
from graph_app.store import GraphStore
from tests.ask_fixtures import asked, asked_store  # noqa: F401  (fixtures)
from tests.conftest import EXAMPLES, FIXED_TIME, SEEDS, need_shared
from tests.refdata_fixtures import ICD_DIR

ENTRIES = [
    LabelEntry("urn:icd:C91.0", "icd10cm", "Acute lymphoblastic leukemia [ALL]", "C91.0"),
    LabelEntry("urn:icd:C91.02", "icd10cm", "Acute lymphoblastic leukemia, in relapse", "C91.02"),
    LabelEntry("urn:icd:L04", "icd10cm", "Acute lymphadenitis", "L04"),
    LabelEntry("urn:icd:C95.9", "icd10cm", "Leukemia, unspecified", "C95.9"),
    LabelEntry("urn:hcpcs:J9229", "hcpcs", "Injection, inotuzumab ozogamicin, 0.1 mg", "J9229"),
    LabelEntry("urn:hcpcs:J3262", "hcpcs", "Injection, tocilizumab, 1 mg", "J3262"),
    LabelEntry("urn:drug:tocilizumab", "drug", "tocilizumab"),
    LabelEntry("urn:cond:all", "condition", "Relapsed or refractory B-cell precursor ALL"),
]


def labels(hits) -> list[str]:
    return [e.label for e in hits]


def test_prefixes_of_every_word():
    index = LabelIndex(ENTRIES)
    assert labels(index.search("acute lymph")) == [
        "Acute lymphadenitis", "Acute lymphoblastic leukemia [ALL]",
        "Acute lymphoblastic leukemia, in relapse"]
    assert labels(index.search("lymphoblastic relap")) == ["Acute lymphoblastic leukemia, in relapse"]
    assert labels(index.search("leuk")) == ["Leukemia, unspecified", "Acute lymphoblastic leukemia [ALL]",
                                            "Acute lymphoblastic leukemia, in relapse"]
    assert index.search("zzz") == [] and index.search("  ") == []


def test_codes_by_notation_and_kinds():
    index = LabelIndex(ENTRIES)
    assert labels(index.search("C91.0")) == ["Acute lymphoblastic leukemia [ALL]",
                                             "Acute lymphoblastic leukemia, in relapse"]
    assert [e.notation for e in index.search("j32")] == ["J3262"]
    assert [e.kind for e in index.search("toci")] == ["drug", "hcpcs"]  # documents' names first
    assert [e.kind for e in index.search("toci", kinds=["hcpcs"])] == ["hcpcs"]


def test_one_letter_prefix_and_limit():
    many = [LabelEntry(f"urn:x:{i}", "icd10cm", f"Condition number {i:05d}", f"X{i:05d}")
            for i in range(3000)]
    index = LabelIndex(many + ENTRIES)
    hits = index.search("c", limit=7)
    assert len(hits) == 7
    assert all(any(w.startswith("c") for w in f"{e.label} {e.notation or ''}".lower().split()) for e in hits)
    assert [e.notation for e in index.search("c9")] == ["C91.0", "C91.02", "C95.9"]  # notation order
    assert labels(index.search("number 02999", limit=3)) == ["Condition number 02999"]


def test_conditions_naming_every_word():
    index = LabelIndex(ENTRIES)
    assert labels(index.conditions_naming(["acute", "lymphoblastic", "leukemia"])) == [
        "Relapsed or refractory B-cell precursor ALL"]
    assert index.conditions_naming(["chronic", "lymphocytic"]) == []


def test_label_index_of_the_store_has_every_set(asked):  # noqa: F811
    index = label_index(asked)
    assert len(index) > 110_000
    kinds = {e.kind for e in index.entries}
    assert {"icd10cm", "hcpcs", "nucc", "rxnorm", "drug", "brand", "condition", "cpt"} <= kinds
    assert index.search("C91.02")[0].notation == "C91.02"
    assert "J9229" in [e.notation for e in index.search("inotuzumab", kinds=["hcpcs"])]
    cpt = index.search("96413", kinds=["cpt"])
    assert cpt and "Chemotherapy administration" in cpt[0].label  # the document's own wording


def test_index_is_rebuilt_when_documents_change(tmp_path):
    store = GraphStore(tmp_path / "store")
    ingest_paths(store, [need_shared(SEEDS)], derive=Deriver(store), now=FIXED_TIME)
    load_reference_sets(store, {"icd10cm": ICD_DIR}, now=FIXED_TIME)
    runner = EmbeddedRunner(store)
    assert label_index(runner).search("infliximab", kinds=["drug"]) == []
    ingest_paths(store, [EXAMPLES / "infliximab-J1745.txt"], derive=Deriver(store), now=FIXED_TIME)
    assert labels(label_index(runner).search("infliximab", kinds=["drug"])) == ["infliximab"]
    store.close()
    out = CliRunner().invoke(cli, ["search", "--store", str(tmp_path / "store"), "rheumatoid arth"])
    assert out.exit_code == 0 and "Rheumatoid arthritis, unspecified" in out.stdout


class CountingRunner(EmbeddedRunner):
    """The embedded runner, counting how often the store's document hashes are read."""

    hash_reads = 0

    def select(self, query, bindings=None):  # type: ignore[no-untyped-def]
        if query == library_query("document-hashes").text:
            self.hash_reads += 1
        return super().select(query, bindings)


def test_the_index_key_is_read_again_only_after_a_write(tmp_path):
    """Checking the key costs a read of every document's hash, so the embedded store reads it once
    per write: a question after a question reuses it, a question after an ingest does not."""
    store = GraphStore(tmp_path / "store")
    ingest_paths(store, [EXAMPLES / "infliximab-J1745.txt"], now=FIXED_TIME)
    runner = CountingRunner(store)
    label_index(runner)
    label_index(runner)
    assert runner.hash_reads == 1
    ingest_paths(store, [EXAMPLES / "tocilizumab-J3262.txt"], now=FIXED_TIME)
    assert labels(label_index(runner).search("tocilizumab", kinds=["drug"])) == ["tocilizumab"]
    assert runner.hash_reads == 2
    store.close()
    reopened = GraphStore(tmp_path / "store")
    assert labels(label_index(CountingRunner(reopened)).search("tocil", kinds=["drug"])) == ["tocilizumab"]
