"""Exports: what independent software (Raptor's rapper, rdflib, networkx) reads back from them."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from graph_app.errors import ExportError, GraphSelectionError
from graph_app.export import EXPORT_FORMATS, WRITERS, export_graph
from graph_app.export.rdf_text import local_name
from graph_app.export.turtle import write_turtle
from graph_app.loader import ingest_paths
from graph_app.runner import EmbeddedRunner
from graph_app.selection import select_graphs
from graph_app.store import GraphStore
from graph_app.views import graph_view
from ontology import namespaces as ns
from ontology.context import CONTEXT_FILE, context_document, jsonld_context
from tests.conftest import EXAMPLES, FIXED_TIME
from tests.graphs import ICD_SET, awkward_store, layered_store

# rdflib's own parsers use its deprecated ConjunctiveGraph internally.
pytestmark = pytest.mark.filterwarnings("ignore:.*is deprecated.*:DeprecationWarning")

RAPPER_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "ntriples"}
RDFLIB_SYNTAX = {"turtle": "turtle", "trig": "trig", "nt": "nt", "jsonld": "json-ld"}
DATASET_FORMATS = ("trig", "jsonld")  # keep the named graphs; the others merge them


def rapper_count(path: Path, syntax: str) -> int:
    """Triples Raptor's rapper parsed from the file; fails on any error or warning."""
    if shutil.which("rapper") is None:
        pytest.skip("rapper is not installed (Debian raptor2-utils; .ci/run installs it)")
    run = subprocess.run(["rapper", "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    problems = [line for line in run.stderr.splitlines() if re.search(r"error|warning", line, re.I)]
    assert not problems, problems
    return int(re.search(r"Parsing returned (\d+) triples?", run.stderr)[1])


def distinct_triples(store: GraphStore) -> int:
    return len({q.triple for q in store.quads()})


def rdflib_dataset(store: GraphStore) -> rdflib.Dataset:
    data = rdflib.Dataset()
    data.parse(data="".join(f"{q} .\n" for q in store.quads()), format="nquads")
    return data


def graphs_by_name(data: rdflib.Dataset) -> dict[str, rdflib.Graph]:
    out = {}
    for g in data.graphs():
        if len(g):
            out[str(g.identifier)] = g
    return out


def merged(data: rdflib.Dataset) -> rdflib.Graph:
    g = rdflib.Graph()
    for s, p, o, _ in data.quads():
        g.add((s, p, o))
    return g


@pytest.fixture(scope="module")
def layered(tmp_path_factory) -> GraphStore:
    return layered_store(tmp_path_factory.mktemp("layered") / "store")


# ---- every RDF format, through independent parsers ------------------------------------------------

@pytest.mark.parametrize("fmt", sorted(RAPPER_SYNTAX))
@pytest.mark.parametrize("which", ["seeds", "awkward"])
def test_rapper_reads_every_triple_without_error(fmt, which, interop_store, tmp_path):
    store = interop_store if which == "seeds" else awkward_store()
    out = tmp_path / f"graph.{fmt}"
    report = export_graph(store, fmt, out)
    expected = len(store) if fmt in DATASET_FORMATS else distinct_triples(store)
    assert report.written.count == expected
    assert rapper_count(out, RAPPER_SYNTAX[fmt]) == expected


@pytest.mark.parametrize("fmt", sorted(RDFLIB_SYNTAX))
@pytest.mark.parametrize("which", ["seeds", "awkward"])
def test_rdflib_reads_back_an_isomorphic_graph(fmt, which, interop_store, tmp_path):
    store = interop_store if which == "seeds" else awkward_store()
    out = tmp_path / f"graph.{fmt}"
    export_graph(store, fmt, out)
    expected = rdflib_dataset(store)
    parsed = rdflib.Dataset()
    parsed.parse(out, format=RDFLIB_SYNTAX[fmt])
    if fmt in DATASET_FORMATS:  # each named graph comes back as itself
        want, got = graphs_by_name(expected), graphs_by_name(parsed)
        assert sorted(got) == sorted(want)
        for name, graph in want.items():
            assert isomorphic(got[name], graph), name
    else:
        assert isomorphic(merged(parsed), merged(expected))


def test_pyoxigraph_reads_the_jsonld_export_quad_for_quad(interop_store, tmp_path):
    out = tmp_path / "graph.jsonld"
    export_graph(interop_store, "jsonld", out)
    assert set(ox.parse(path=str(out), format=ox.RdfFormat.JSON_LD)) == set(interop_store.quads())


settings_fast = settings(max_examples=80, deadline=None)


@settings_fast
@given(text=st.text(st.characters(exclude_categories=("Cs",))),
       local=st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E, exclude_characters='<>"{}|^`\\'),
                     max_size=12))
def test_turtle_round_trip_property(text, local):
    """graph -> Turtle -> graph, for any literal text and any ASCII local name."""
    store = GraphStore(None)
    g = ox.NamedNode(ns.document_graph("p"))
    try:
        subject = ox.NamedNode(ns.ID + local)
    except ValueError:  # not an IRI at all: nothing to write
        return
    store.ox.add(ox.Quad(subject, ox.NamedNode(ns.VOCAB + "quote"), ox.Literal(text), g))
    buf = io.BytesIO()
    write_turtle(store, select_graphs(store), buf)
    parsed = rdflib.Graph().parse(data=buf.getvalue().decode(), format="turtle")
    assert isomorphic(parsed, merged(rdflib_dataset(store)))
    again = {q.triple for q in ox.parse(buf.getvalue(), format=ox.RdfFormat.TURTLE)}
    assert again == {q.triple for q in store.quads()}


def test_local_names_are_escaped_or_refused():
    assert local_name("J9039") == "J9039"
    assert local_name("96413") == "96413"
    assert local_name("") == ""
    assert local_name("C91.") is None  # rdflib cannot read the valid `C91\.`: a full IRI instead
    assert local_name("-x") == "\\-x"
    assert local_name("stmt/a/b") == "stmt\\/a\\/b"
    assert local_name("x%20y") == "x%20y"
    assert local_name("%zz") == "\\%zz"
    assert local_name("é") is None


# ---- deterministic, only the prefixes used --------------------------------------------------------

def ingest_one_by_one_reversed(path: Path) -> GraphStore:
    store = GraphStore(path)
    for f in sorted(EXAMPLES.glob("*.txt"), reverse=True):
        assert not ingest_paths(store, [f], now=FIXED_TIME).failed
    return store


@pytest.mark.parametrize("fmt", EXPORT_FORMATS)
def test_the_same_graph_gives_the_same_bytes(fmt, tmp_path):
    one = GraphStore(tmp_path / "one")
    assert not ingest_paths(one, [EXAMPLES], now=FIXED_TIME).failed
    other = ingest_one_by_one_reversed(tmp_path / "other")
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    export_graph(one, fmt, a)
    export_graph(one, fmt, b)
    export_graph(other, fmt, c)
    assert a.read_bytes() == b.read_bytes() == c.read_bytes()


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_only_the_prefixes_used_are_declared(fmt, interop_store, tmp_path):
    out = tmp_path / "g"
    export_graph(interop_store, fmt, out)
    text = out.read_text()
    declared = re.findall(r"^@prefix (\w+): ", text, re.M)
    body = "\n".join(line for line in text.splitlines() if not line.startswith("@prefix"))
    used = {p for p in ns.PREFIXES if re.search(rf"(?<![\w\"]){p}:", body)}
    assert set(declared) == used
    assert declared == [p for p in ns.PREFIXES if p in used]  # in a fixed order
    assert {"mkg", "hcpcs", "icd10cm"} <= used and "rxnorm" not in used


def test_trig_keeps_one_block_per_named_graph(interop_store, tmp_path):
    out = tmp_path / "g.trig"
    export_graph(interop_store, "trig", out)
    blocks = re.findall(r"^mkgg:doc\\/(\S+) \{$", out.read_text(), re.M)
    assert blocks == sorted(blocks) and len(blocks) == len(interop_store.graph_names())


# ---- JSON-LD context --------------------------------------------------------------------------------

def test_context_file_is_up_to_date_and_embedded_in_jsonld_exports(interop_store, tmp_path):
    assert CONTEXT_FILE.read_text() == context_document(), "run: python -m ontology.context"
    assert jsonld_context() == ns.PREFIXES
    out = tmp_path / "g.jsonld"
    export_graph(interop_store, "jsonld", out)
    doc = json.loads(out.read_text())
    assert doc["@context"] == json.loads(CONTEXT_FILE.read_text())["@context"]
    ids = {item["@id"] for item in doc["@graph"]}
    assert "mkgg:doc/blinatumomab-J9039" in ids


# ---- GraphML ------------------------------------------------------------------------------------

def test_graphml_loads_back_with_names_and_kinds(layered, tmp_path):
    out = tmp_path / "g.graphml"
    report = export_graph(layered, "graphml", out)
    back = nx.read_graphml(out, force_multigraph=True)
    view = graph_view(EmbeddedRunner(layered))
    assert report.written.count == back.number_of_nodes() == view.number_of_nodes()
    assert back.number_of_edges() == view.number_of_edges()
    assert dict(back.nodes(data=True)) == dict(view.nodes(data=True))
    j9039 = back.nodes[ns.HCPCS.iri("J9039")]
    assert j9039["label"] == "J9039" and j9039["kind"] == "mkg:HCPCSCode"
    kinds = {d["kind"] for *_, d in back.edges(data=True)}
    assert kinds == {"stated", "inferred", "official"}


# ---- choosing graphs --------------------------------------------------------------------------

def test_graph_selection(layered, tmp_path):
    out = tmp_path / "g.nt"
    by_spec = {}
    for spec in ("all", "documents", "derived", "reference", ICD_SET, "blinatumomab-J9039",
                 ns.document_graph("infliximab-J1745"), "doc/infliximab-J1745"):
        by_spec[spec] = export_graph(layered, "trig", out, spec).written.count
        assert rapper_count(out, "trig") == by_spec[spec]
    kinds = layered.graphs_by_kind()
    assert by_spec["documents"] == sum(sum(1 for _ in layered.quads(g)) for g in kinds["documents"])
    assert by_spec["reference"] == by_spec[ICD_SET] == 14
    assert by_spec["derived"] == 1
    stated = sum(1 for _ in layered.quads(ns.document_graph("blinatumomab-J9039")))
    assert by_spec["blinatumomab-J9039"] == stated + 1  # the document's graph and its derived graph
    assert by_spec[ns.document_graph("infliximab-J1745")] == by_spec["doc/infliximab-J1745"]
    assert by_spec["all"] == len(layered)


def test_bad_choices_say_what_exists(store, layered, tmp_path):
    with pytest.raises(GraphSelectionError, match=r"no graph 'nope'.*documents.*blinatumomab-J9039"):
        export_graph(layered, "turtle", tmp_path / "x.ttl", "nope")
    with pytest.raises(GraphSelectionError, match="has no reference graphs"):
        export_graph(store, "turtle", tmp_path / "x.ttl", "reference")
    formats = "formats: turtle, trig, nt, jsonld, graphml"
    with pytest.raises(ExportError, match=f"unknown export format 'rdfxml'; {formats}"):
        export_graph(layered, "rdfxml", tmp_path / "x.rdf")


def test_a_failed_export_leaves_the_previous_file(layered, tmp_path, monkeypatch):
    out = tmp_path / "g.ttl"
    out.write_text("previous")

    def broken(store, selection, stream):
        stream.write(b"half")
        raise ExportError("disk trouble")

    monkeypatch.setitem(WRITERS, "turtle", broken)
    with pytest.raises(ExportError, match="disk trouble"):
        export_graph(layered, "turtle", out)
    assert out.read_text() == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["g.ttl"]
    with pytest.raises(ExportError, match="cannot write"):
        export_graph(layered, "nt", tmp_path / "missing-dir" / "g.nt")


def test_cli_export(tmp_path):
    store = str(tmp_path / "s")
    medkg = [sys.executable, "-c", "from graph_app.cli import main; main()"]
    ingest = subprocess.run([*medkg, "ingest", "--store", store, str(EXAMPLES)], capture_output=True)
    assert ingest.returncode == 0
    out = tmp_path / "docs.trig"
    run = subprocess.run([*medkg, "export", "--store", store, "--format", "trig", "--graph", "documents",
                          "-o", str(out)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == f"wrote 4,653 quads in 9 graphs to {out} (trig)"
    bad = subprocess.run([*medkg, "export", "--store", store, "--format", "xml", "-o", str(out)],
                         capture_output=True, text=True)
    assert bad.returncode == 2 and "turtle" in bad.stderr and "graphml" in bad.stderr


def test_exports_do_not_depend_on_the_hash_seed(tmp_path):
    """Sets iterate in another order in every process; no export may show it."""
    store = tmp_path / "s"
    built = GraphStore(store)
    assert not ingest_paths(built, [EXAMPLES], now=FIXED_TIME).failed
    built.close()  # the subprocesses open it
    script = (
        "import sys\n"
        "from graph_app.export import EXPORT_FORMATS, export_graph\n"
        "from graph_app.store import GraphStore\n"
        "s = GraphStore(sys.argv[1])\n"
        "for f in EXPORT_FORMATS: export_graph(s, f, f'{sys.argv[2]}.{f}')\n"
    )
    for seed in ("1", "2"):
        subprocess.run([sys.executable, "-c", script, str(store), str(tmp_path / seed)], check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, cwd=Path(__file__).parent.parent)
    for fmt in EXPORT_FORMATS:
        assert (tmp_path / f"1.{fmt}").read_bytes() == (tmp_path / f"2.{fmt}").read_bytes(), fmt
