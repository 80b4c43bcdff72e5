"""networkx views: what they hold, how far a neighbourhood reaches, and the questions they answer."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from graph_app.runner import EmbeddedRunner
from graph_app.views import connections, find_nodes, graph_view, neighbourhood, top_degrees
from ontology import namespaces as ns
from tests.conftest import REPO
from tests.graphs import layered_store

J9039 = ns.HCPCS.iri("J9039")
J9229 = ns.HCPCS.iri("J9229")
C9100 = ns.ICD10CM.iri("C91.00")
BLINATUMOMAB = ns.entity_iri("drug", "blinatumomab")


@pytest.fixture(scope="module")
def runner(tmp_path_factory):
    return EmbeddedRunner(layered_store(tmp_path_factory.mktemp("views") / "store"))


@pytest.fixture(scope="module")
def view(runner):
    return graph_view(runner)


def test_nodes_carry_label_and_kind_and_records_are_left_out(view):
    assert view.nodes[J9039] == {"label": "J9039", "kind": "mkg:HCPCSCode", "notation": "J9039"}
    assert view.nodes[BLINATUMOMAB]["label"] == "blinatumomab"
    assert view.nodes[BLINATUMOMAB]["kind"] == "mkg:Drug"
    assert view.nodes[C9100]["label"].startswith("Acute lymphoblastic leukemia")
    kinds = {d["kind"] for _, d in view.nodes(data=True)}
    assert "mkg:Statement" not in kinds and "prov:Activity" not in kinds and "prov:SoftwareAgent" not in kinds
    assert not [n for n in view if "/stmt/" in n]
    assert ns.ICD10CM.scheme not in view  # skos:inScheme is not drawn: it would make every code a neighbour


def test_edges_say_stated_inferred_or_official(view):
    assert {d["relation"] for d in view.get_edge_data(J9039, BLINATUMOMAB).values()} == {"mkg:drug"}
    assert view.get_edge_data(J9039, BLINATUMOMAB)["mkg:drug stated"]["kind"] == "stated"
    broader = view.get_edge_data(C9100, ns.ICD10CM.iri("C91.0"))
    assert broader["skos:broader official"] == {"relation": "skos:broader", "kind": "official", "graphs": 1}
    inferred = [d for *_, d in view.in_edges(C9100, data=True) if d["kind"] == "inferred"]
    assert [d["relation"] for d in inferred] == ["mkg:inferredCondition"]


def test_a_link_several_documents_state_is_one_edge_counting_them(view):
    tocilizumab = ns.entity_iri("drug", "tocilizumab")
    edge = view.get_edge_data(ns.HCPCS.iri("J3262"), tocilizumab)["mkg:drug stated"]
    assert edge["graphs"] == 2  # tocilizumab-J3262 and tocilizumab-J3262-report


def test_neighbourhood_reaches_as_far_as_asked(runner, view):
    one = neighbourhood(runner, J9039, hops=1)
    two = neighbourhood(runner, J9039, hops=2)
    assert set(one) == {J9039} | set(view.successors(J9039)) | set(view.predecessors(J9039))
    assert max(d for _, d in two.nodes(data="distance")) == 2
    assert set(one) < set(two)
    assert not two.graph["truncated"]
    for u, v, key, data in two.edges(keys=True, data=True):  # the same edges as the whole view
        assert view.get_edge_data(u, v)[key] == data
    for u, v, key in view.subgraph(two.nodes).edges(keys=True):  # and all of them between its nodes
        assert two.has_edge(u, v, key)


def test_neighbourhood_is_capped(runner):
    capped = neighbourhood(runner, J9039, hops=3, max_nodes=12)
    assert capped.number_of_nodes() == 12 and capped.graph["truncated"]
    assert capped.nodes[J9039]["distance"] == 0


def test_how_is_a_code_connected_to_a_diagnosis(view):
    paths = connections(view, J9039, C9100)
    assert paths, "J9039 bills blinatumomab, indicated for a condition linked to C91.00"
    first = paths[0]
    assert first.nodes[0] == J9039 and first.nodes[-1] == C9100
    assert first.describe(view).startswith("J9039 --mkg:drug--> blinatumomab --mkg:indication-->")
    assert first.describe(view).endswith("--mkg:inferredCondition--> Acute lymphoblastic leukemia not "
                                         "having achieved remission")
    assert all(len(p.nodes) == len(first.nodes) for p in paths)


def test_connections_walk_links_backwards_and_know_when_there_is_none(view):
    shared = connections(view, J9039, J9229, limit=50)
    middle = {p.nodes[1] for p in shared}
    assert ns.entity_iri("route", "intravenous") in middle
    assert any(not link.forward for p in shared for link in p.hops[1].links)
    assert connections(view, J9039, ns.ICD10CM.iri("C91"), max_hops=2) == []
    with pytest.raises(KeyError, match="hcpcs:J0000 is not in this view"):
        connections(view, J9039, ns.HCPCS.iri("J0000"))


def test_degrees_and_finding_nodes(view):
    top = top_degrees(view, top=3, kinds=["mkg:HCPCSCode"])
    assert [t.degree for t in top] == sorted((t.degree for t in top), reverse=True)
    assert top[0].degree == max(d for n, d in view.degree() if view.nodes[n]["kind"] == "mkg:HCPCSCode")
    assert find_nodes(view, "J9039") == find_nodes(view, "hcpcs:J9039") == find_nodes(view, J9039) == [J9039]
    named = find_nodes(view, "Blinatumomab")  # the drug, and the therapy a page names as an alternative
    assert BLINATUMOMAB in named and {view.nodes[n]["label"].casefold() for n in named} == {"blinatumomab"}
    assert find_nodes(view, "no such thing") == []


def test_connections_come_in_the_same_order_in_every_process():
    """Regression: paths came out of a set union, in an order that changed with the hash seed."""
    script = (
        "from tests.graphs import layered_store\n"
        "from graph_app.runner import EmbeddedRunner\n"
        "from graph_app.views import connections, graph_view\n"
        "view = graph_view(EmbeddedRunner(layered_store(None)))\n"
        f"for p in connections(view, {J9039!r}, {J9229!r}, limit=3): print(p.describe(view))\n"
    )
    outputs = {
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                       env={**os.environ, "PYTHONHASHSEED": seed}, cwd=REPO).stdout
        for seed in ("1", "2", "3")
    }
    assert len(outputs) == 1 and outputs.pop().count("\n") == 3
