"""GraphML for Gephi, Cytoscape and yEd: the networkx view of the selected graphs, with labels,
kinds and notations on nodes and relation and kind (stated, inferred, official) on edges."""

from __future__ import annotations

from typing import BinaryIO

import networkx as nx

from graph_app.export.base import Written
from graph_app.runner import EmbeddedRunner
from graph_app.selection import GraphSelection
from graph_app.store import GraphStore
from graph_app.views import graph_view


def write_graphml(store: GraphStore, selection: GraphSelection, out: BinaryIO) -> Written:
    if selection.spec == "all":
        source = store
    else:  # the view's queries see exactly the selected graphs
        source = GraphStore(None)
        source.extend(selection.quads(store))
    view = graph_view(EmbeddedRunner(source))
    view.graph.update(graphs=selection.spec)
    nx.write_graphml(view, out, encoding="utf-8", prettyprint=True)
    return Written(view.number_of_nodes(), "nodes", f"and {view.number_of_edges()} edges")
