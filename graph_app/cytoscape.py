"""A networkx view as Cytoscape.js elements: nodes coloured by class and labelled by name.

The explorer's graph component draws these; edges carry their kind (stated, inferred, official)
so the component styles them apart (solid, dashed, dotted).
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from graph_app.naming import term_label
from ontology import namespaces as ns

# One colour per family of classes; the colours are from the Okabe-Ito set, which people with
# the common colour-vision deficiencies can still tell apart.
_FAMILIES: dict[str, tuple[str, ...]] = {
    "#0072B2": ("HCPCSCode",),
    "#56B4E9": ("CPTCode", "Modifier"),
    "#D55E00": ("ICD10CMCode", "Condition"),
    "#009E73": ("Drug", "RxNormIngredient", "BrandName", "RxNormBrandName", "Therapy"),
    "#CC79A7": ("ProviderTaxonomyCode", "TaxonomyGroup", "Role"),
    "#E69F00": ("Payer", "PayerPolicy"),
    "#8C6D31": ("Route", "CareSetting"),
    "#BAB0AC": ("AdverseEffect",),
    "#555555": ("SourceDocument", "CodeSetRelease"),
}
COLOURS: dict[str, str] = {ns.VOCAB + name: colour for colour, names in _FAMILIES.items() for name in names}
DEFAULT_COLOUR = "#999999"
LABEL_CHARS = 42  # longer names are cut on the canvas; the full name is in the node's data


def colour(kind: str | None) -> str:
    return COLOURS.get(kind or "", DEFAULT_COLOUR)


def short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def edge_id(source: str, target: str, key: str) -> str:
    return f"{source} {key} {target}"


def elements(view: nx.MultiDiGraph) -> list[dict[str, Any]]:
    """Nodes then edges, in the view's order, as Cytoscape.js element JSON."""
    out: list[dict[str, Any]] = []
    for node, d in view.nodes(data=True):
        label = d.get("label") or node
        notation = d.get("notation") or ""
        caption = f"{notation} {label}" if notation and notation != label else label
        classes = [c for c, on in (("center", d.get("center")), ("path", d.get("on_path"))) if on]
        if d.get("more"):
            classes.append("more")
        out.append({
            "data": {
                "id": node, "label": short(caption), "name": label, "notation": notation,
                "kind": d.get("kind_label") or term_label(d.get("kind") or "") or "node",
                "colour": colour(d.get("kind")), "more": int(d.get("more") or 0),
            },
            "classes": " ".join(classes),
        })
    for source, target, key, d in view.edges(keys=True, data=True):
        classes = [d.get("kind", "other")] + (["path"] if d.get("on_path") else [])
        out.append({
            "data": {
                "id": edge_id(source, target, key), "source": source, "target": target,
                "label": d.get("name") or key, "kind": d.get("kind", "other"),
                "graphs": int(d.get("graphs") or 1),
            },
            "classes": " ".join(classes),
        })
    return out


def legend(view: nx.MultiDiGraph) -> list[tuple[str, str]]:
    """(class name, colour) for the classes present, in a stable order."""
    seen = {(d.get("kind_label") or "node", colour(d.get("kind"))) for _, d in view.nodes(data=True)}
    return sorted(seen)
