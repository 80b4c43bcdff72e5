"""The explorer's graph: Cytoscape.js in a small Streamlit custom component.

Chosen over the published components (README, "The graph component" has the comparison):
st-cytoscape 0.0.5 (last release March 2023) returns selections only; streamlit-agraph 0.0.45
(vis.js, 2023) returns a selected node but builds its network anew on every rerun;
st-link-analysis 0.4.0 and its fork streamlit-cytoscape 0.2.1 return double-click expansions but
re-run the layout when elements change and export JSON only. None exports PNG or SVG.
Cytoscape.js itself (MIT, released every few weeks) is copied from npm into frontend/vendor/
(package.json and package-lock.json pin it; `npm ci && npm run vendor` refreshes it), so the app
needs no JavaScript build. The SVG writer is in frontend/graph.js: the cytoscape-svg extension is
GPL-3.0, which this MIT project cannot bundle.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import streamlit.components.v1 as components

FRONTEND = Path(__file__).resolve().parent / "frontend"
EVENT_TYPES = ("open", "expand", "layout")
Positions = dict[str, dict[str, float]]

_component = components.declare_component("medkg_graph", path=str(FRONTEND))


@dataclass(frozen=True)
class GraphEvent:
    """What the person did in the graph: open or expand a node, or move nodes (layout)."""

    id: str  # unique per event: the component repeats its last value on every rerun
    type: str
    node: str | None
    positions: Positions

    @classmethod
    def parse(cls, value: Any) -> GraphEvent | None:
        if not isinstance(value, dict) or value.get("type") not in EVENT_TYPES or not value.get("id"):
            return None
        positions = value.get("positions")
        return cls(str(value["id"]), value["type"], value.get("node") or None,
                   positions if isinstance(positions, dict) else {})


def new_event(value: Any, handled: set[str]) -> GraphEvent | None:
    """The event in a component value, once: None again when its id was handled before."""
    event = GraphEvent.parse(value)
    if event is None or event.id in handled:
        return None
    handled.add(event.id)
    return event


def graph(
    elements: list[dict[str, Any]], *, positions: Positions, key: str, height: int = 520,
    step: int = 25, file_stem: str = "medkg-graph",
) -> Any:
    """Draw the graph; returns the component's last value (parse it with `new_event`)."""
    return _component(elements=elements, positions=positions, height=height, step=step,
                      file_stem=file_stem, key=key, default=None)
