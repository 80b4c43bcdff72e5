"""The library behind the explorer's pages: entity pages, explorations, Cytoscape elements,
lookups, finding groups and neighbourhood exports, each tested without Streamlit."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib

from graph_app.cytoscape import COLOURS, DEFAULT_COLOUR, elements, legend
from graph_app.entity import Attribute, DocumentText, Entity, describe
from graph_app.errors import ExportError
from graph_app.exploration import Exploration, connect, describe_path, neighbours
from graph_app.findings import Finding, stored_findings
from graph_app.lookup import candidate_iris, code_hits, codes_for, search
from graph_app.naming import expand, most_specific, relation_name
from graph_app.nodeinfo import NodeInfo, NodeLink, node_info, node_links
from graph_app.quality import by_kind, merged
from graph_app.runner import EmbeddedRunner
from graph_app.subgraph import export_nodes, neighbourhood_quads
from ontology import namespaces as ns
from ontology.vocabulary import MKG, SKOS_PREFLABEL
from tests.explorer_fixtures import (  # noqa: F401  (fixtures)
    INOTUZUMAB,
    J3262,
    J9039,
    J9229,
    J9229_PAGE,
    TOCILIZUMAB,
    explorer_store,
)


@pytest.fixture(scope="module")
def runner(explorer_store):  # noqa: F811
    return EmbeddedRunner(explorer_store)


# ---- names -------------------------------------------------------------------------------------

def test_relations_read_both_ways():
    assert relation_name(MKG.indication) == "indication"
    assert relation_name(MKG.indication, "in") == "indication of"
    assert relation_name(MKG.drug, "in") == "billed with code"
    assert relation_name(ns.SKOS + "broader", "in") == "narrower"


def test_most_specific_class_wins_over_its_parents():
    classes = [MKG.Code, MKG.Drug, MKG.RxNormIngredient, ns.SKOS + "Concept"]
    assert most_specific(classes) == MKG.RxNormIngredient
    assert most_specific([ns.SKOS + "Concept"]) == ns.SKOS + "Concept"
    assert most_specific([]) is None


def test_expand_inverts_compact():
    assert expand("hcpcs:J9229") == J9229
    assert expand("mkg:indication") == MKG.indication
    assert expand(f"<{J9229}>") == J9229
    assert expand("nothing") == "nothing"


# ---- entity pages ------------------------------------------------------------------------------

def test_code_page_groups_stated_links_with_their_evidence(runner):
    entity = describe(runner, J9229)
    assert entity.exists and entity.notation == "J9229" and entity.info.kind == MKG.HCPCSCode
    stated = entity.grouped_links()["stated"]
    [drug] = stated["drug"]
    assert drug.other == INOTUZUMAB and drug.other_label == "inotuzumab ozogamicin"
    assert drug.evidence, "a stated link carries the statement it was read from"
    quote = drug.evidence[0]
    assert quote.source == "inotuzumab-ozogamicin-J9229.txt" and quote.section and quote.quote
    assert {lk.other_label for lk in stated["route"]} == {"intravenous"}


def test_official_links_and_titles_come_from_the_code_sets(runner):
    entity = describe(runner, J3262)
    assert entity.official_titles == ["Injection, tocilizumab, 1 mg"]
    [title] = entity.official_title_attributes
    assert title.graph == ns.reference_graph("hcpcs")
    texts = {(t.text, t.source) for t in entity.document_texts}
    assert ("Injection, tocilizumab, 1 mg", "tocilizumab-J3262.txt") in texts


def test_inferred_facts_stand_apart_from_stated_ones(runner):
    """ofatumumab-J9302.txt states no code: J9302 is inferred, and its facts are inferred links."""
    entity = describe(runner, "http://purl.bioontology.org/ontology/HCPCS/J9302")
    groups = entity.grouped_links()
    assert "route" in groups["inferred"] and "route" not in groups.get("stated", {})
    [page] = groups["inferred"]["inferred for"]
    assert page.other_label == "ofatumumab-J9302.txt"
    assert page.evidence[0].method and page.evidence[0].score == "1"


def test_excluded_rows_are_shown_but_not_asserted(runner):
    entity = describe(runner, J3262)
    excluded = [lk for lk in entity.links if not lk.asserted]
    assert excluded, "the J3262 report excludes rows"
    for lk in excluded:
        assert lk.graphs == 0 and all(e.status != "stated" for e in lk.evidence)


def test_findings_about_the_entity_and_its_statements(runner):
    findings = stored_findings(runner)
    entity = describe(runner, J3262, findings)
    assert entity.findings
    statements = entity.statements()
    assert all(f.focus == J3262 or f.statement in statements for f in entity.findings)
    assert not describe(runner, J9039, []).findings


def test_document_page(runner):
    entity = describe(runner, J9229_PAGE, stored_findings(runner))
    assert entity.is_document and entity.label == "inotuzumab-ozogamicin-J9229.txt"
    assert "describes code" in entity.grouped_links()["stated"]


def test_a_node_not_in_the_graph_does_not_exist(runner):
    assert not describe(runner, ns.ID + "drug/no-such-drug").exists


def test_texts_differing_from_the_official_title():
    node = NodeInfo("x", "x", None, ())
    assert Entity(node).texts_differing() == []
    entity = Entity(node, attributes=[
        Attribute(SKOS_PREFLABEL, "Other giant cell arteritis", "official", ns.reference_graph("icd10cm")),
    ], document_texts=[
        DocumentText("Giant cell arteritis with polymyalgia rheumatica", "a.txt", "Diagnoses", None, None),
        DocumentText("other  giant cell ARTERITIS", "b.txt", "Diagnoses", None, None),
    ])
    assert [t.source for t in entity.texts_differing()] == ["a.txt"]


# ---- explorations ------------------------------------------------------------------------------

def _hub(n: int) -> dict[str, list[NodeLink]]:
    """A centre with n official neighbours and one stated one."""
    ref, doc = ns.reference_graph("icd10cm"), ns.document_graph("d")
    links = {"c": [NodeLink("in", ns.SKOS + "broader", f"n{i:03}", ref) for i in range(n)]}
    links["c"].append(NodeLink("out", MKG.drug, "stated-one", doc))
    for i in range(n):
        links[f"n{i:03}"] = [NodeLink("out", ns.SKOS + "broader", "c", ref)]
    links["stated-one"] = [NodeLink("in", MKG.drug, "c", doc)]
    return links


def test_expansion_is_capped_and_says_how_many_more():
    links = _hub(60)
    exploration = Exploration.start("c", links.__getitem__, step=25)
    assert len(exploration.nodes) == 26  # the centre and 25 neighbours
    assert exploration.nodes[1] == "stated-one", "stated links are revealed first"
    assert exploration.remaining("c", links.__getitem__) == 36
    added = exploration.expand("c", links.__getitem__, step=25)
    assert len(added) == 25 and exploration.remaining("c", links.__getitem__) == 11
    exploration.expand("c", links.__getitem__, step=25)
    assert exploration.remaining("c", links.__getitem__) == 0 and len(exploration.nodes) == 62


def test_neighbour_order_prefers_stated_then_inferred_then_official():
    links = [NodeLink("out", "r", "a", ns.reference_graph("x")),
             NodeLink("out", "r", "b", ns.derived_graph("d")),
             NodeLink("out", "r", "c", ns.document_graph("d")),
             NodeLink("in", "r", "a", ns.document_graph("d"))]
    assert neighbours(links) == ["a", "c", "b"]


def test_view_filters_by_link_kind_and_keeps_the_centre():
    links = _hub(3)
    info = lambda n: node_info_stub(n)  # noqa: E731
    exploration = Exploration.start("c", links.__getitem__)
    everything = exploration.view(links.__getitem__, info)
    assert everything.number_of_nodes() == 5 and everything.number_of_edges() == 4
    stated = exploration.view(links.__getitem__, info, ["stated"])
    assert set(stated) == {"c", "stated-one"}
    assert {d["kind"] for _, _, d in stated.edges(data=True)} == {"stated"}
    nothing = exploration.view(links.__getitem__, info, [])
    assert set(nothing) == {"c"}, "the centre stays when no link is shown"


def node_info_stub(n: str) -> NodeInfo:
    return NodeInfo(n, f"label of {n}", None, (MKG.Drug,))


def test_exploration_state_round_trips_through_plain_data():
    exploration = Exploration.start("c", _hub(30).__getitem__)
    exploration.add_path(["c", "n001", "x"])
    state = json.loads(json.dumps(exploration.to_state()))
    again = Exploration.from_state(state)
    assert again == exploration


def test_exploration_on_the_store_counts_queries(runner):
    calls: Counter[str] = Counter()

    @cache
    def links_of(node: str) -> list[NodeLink]:
        calls[node] += 1
        return node_links(runner, node)

    exploration = Exploration.start(J9229, links_of)
    view = exploration.view(links_of, lambda n: node_info(runner, n))
    assert INOTUZUMAB in view and view.nodes[J9229]["center"]
    assert view.nodes[INOTUZUMAB]["more"] > 0, "the drug has neighbours not shown yet"
    assert max(calls.values()) == 1
    assert any(d["relation"] == MKG.drug and d["kind"] == "stated" for _, _, d in view.edges(data=True))


def test_connect_finds_shortest_paths_and_draws_them(runner):
    found = connect(runner, J9229, J9039)
    assert found and all(len(c.nodes) == 3 for c in found), "J9229 and J9039 share a role or route"
    text = describe_path(found[0], lambda n: node_info(runner, n))
    assert text.startswith("J9229") and "J9039" in text
    exploration = Exploration.start(J9229, lambda n: node_links(runner, n))
    for c in found:
        exploration.add_path(c.nodes)
    view = exploration.view(lambda n: node_links(runner, n), lambda n: node_info(runner, n))
    assert view.nodes[J9039]["on_path"]
    assert any(d["on_path"] for _, _, d in view.edges(data=True))


# ---- Cytoscape elements ------------------------------------------------------------------------

def test_elements_label_by_name_and_colour_by_class():
    view = nx.MultiDiGraph()
    view.add_node(J9229, label="Injection, inotuzumab ozogamicin, 0.1 mg", notation="J9229",
                  kind=MKG.HCPCSCode, kind_label="HCPCS Level II code", center=True, more=0)
    view.add_node(INOTUZUMAB, label="inotuzumab ozogamicin", notation="", kind=MKG.Drug,
                  kind_label="drug", center=False, more=3)
    view.add_node("x", label="x", notation="", kind="", kind_label="node", center=False, more=0)
    view.add_edge(J9229, INOTUZUMAB, key="mkg:drug stated", relation=MKG.drug, name="drug", kind="stated",
                  graphs=2, on_path=False)
    out = elements(view)
    nodes = {e["data"]["id"]: e for e in out if "source" not in e["data"]}
    assert nodes[J9229]["data"]["label"].startswith("J9229 Injection")
    assert "center" in nodes[J9229]["classes"] and "more" in nodes[INOTUZUMAB]["classes"]
    assert nodes[INOTUZUMAB]["data"]["colour"] == COLOURS[MKG.Drug] != COLOURS[MKG.HCPCSCode]
    assert nodes["x"]["data"]["colour"] == DEFAULT_COLOUR
    [edge] = [e for e in out if "source" in e["data"]]
    assert edge["data"]["label"] == "drug" and edge["classes"] == "stated" and edge["data"]["graphs"] == 2
    assert ("drug", COLOURS[MKG.Drug]) in legend(view)
    json.dumps(out)  # what the component receives must be JSON


# ---- lookups -----------------------------------------------------------------------------------

def test_candidate_iris_of_code_like_text():
    assert ns.HCPCS.iri("J9229") in candidate_iris(" j9229 ")
    assert ns.ICD10CM.iri("C91.00") in candidate_iris("c9100")
    assert candidate_iris("hcpcs:J9229")[0] == J9229
    assert candidate_iris(J9229) == [J9229]
    assert candidate_iris("two words") == []


def test_code_search_finds_the_code_first(runner):
    [hit] = code_hits(runner, "j9229")
    assert hit.iri == J9229 and hit.kind == "HCPCS Level II"
    assert search(runner, "J9229")[0].iri == J9229
    assert code_hits(runner, "J0001") == [], "a well-formed code not in the graph is no hit"


def test_word_search_finds_conditions_and_their_codes(runner):
    hits = search(runner, "lymphoblastic")
    assert hits and all("lymphoblastic" in h.label.lower() for h in hits)
    condition = next(h for h in hits if h.kind == "condition" and "CD22" in h.label)
    assert [c.notation for c in codes_for(runner, condition.iri)] == ["J9229"]
    assert [c.via for c in codes_for(runner, TOCILIZUMAB)] == ["drug"]
    assert codes_for(runner, J9229) == [], "a code leads to no other code"


# ---- findings, grouped ---------------------------------------------------------------------------

def test_findings_grouped_by_kind_most_serious_first():
    f = [Finding("info", "code-unchecked", "a", "m1"), Finding("error", "code-not-in-release", "b", "m2"),
         Finding("warning", "description-mismatch", "c", "m3"),
         Finding("error", "code-not-in-release", "d", "m4")]
    groups = by_kind(f)
    assert [g.kind for g in groups] == ["code-not-in-release", "description-mismatch", "code-unchecked"]
    assert len(groups[0].findings) == 2 and groups[0].severity == "error"
    assert len(merged(f, f[:2])) == 4


# ---- neighbourhood exports -----------------------------------------------------------------------

def test_neighbourhood_export_keeps_links_evidence_and_graphs(explorer_store, runner):  # noqa: F811
    nodes = Exploration.start(J9229, lambda n: node_links(runner, n)).nodes
    quads = neighbourhood_quads(explorer_store, nodes)
    wanted = {ox.NamedNode(n) for n in nodes}
    links = [q for q in quads if isinstance(q.object, ox.NamedNode) and q.object in wanted]
    assert any(q.predicate == ox.NamedNode(MKG.drug) for q in links)
    assert any(q.predicate.value.endswith("#quote") for q in quads), "statements come along"
    assert {q.graph_name.value for q in quads} >= {ns.document_graph("inotuzumab-ozogamicin-J9229")}
    data, written = export_nodes(explorer_store, "trig", nodes)
    dataset = rdflib.Dataset()
    dataset.parse(data=data.decode(), format="trig")
    assert len(list(dataset.quads((None, None, None, None)))) == written.count == len(set(quads))
    graphml, _ = export_nodes(explorer_store, "graphml", nodes)
    assert b"inotuzumab ozogamicin" in graphml


def test_neighbourhood_export_of_nothing_is_refused(explorer_store):  # noqa: F811
    with pytest.raises(ExportError, match="nothing to export"):
        export_nodes(explorer_store, "turtle", [ns.ID + "drug/no-such-drug"])
