// The explorer's graph: Cytoscape.js inside a Streamlit component (the v1 iframe protocol, spoken
// directly: componentReady, render, setComponentValue, setFrameHeight).
//
// Python sends the elements (nodes coloured by class, edges by kind) and the positions it knows.
// Nodes keep their place across reruns: known positions are used as they are, and only new nodes
// are placed, in a ring around the node they were expanded from. Events go back to Python with a
// unique id (a component keeps its last value across reruns, so Python acts on each id once):
//   open   - show the page of the selected node
//   expand - show more neighbours of a node (double-click, or the Expand button)
//   layout - positions changed (a drag, a layout): Python keeps them for the next time
(function () {
  "use strict";

  const STYLE = [
    { selector: "node", style: {
      "background-color": "data(colour)", label: "data(label)", width: 18, height: 18,
      "font-size": 10, color: "#31333f", "text-valign": "bottom", "text-halign": "center",
      "text-margin-y": 3, "text-wrap": "ellipsis", "text-max-width": 150,
      "text-background-color": "#ffffff", "text-background-opacity": 0.75, "text-background-padding": 1,
      "border-color": "#ffffff", "border-width": 1 } },
    { selector: "node.more", style: { "border-width": 3, "border-color": "#b0b4bd", "border-style": "double" } },
    { selector: "node.center", style: { width: 30, height: 30, "border-width": 3, "border-color": "#31333f",
      "font-weight": "bold", "font-size": 11 } },
    { selector: "node.path", style: { "border-width": 4, "border-color": "#ff4b4b" } },
    { selector: "node:selected", style: { "border-width": 4, "border-color": "#ff4b4b", "overlay-opacity": 0 } },
    { selector: "edge", style: {
      width: 1.5, "line-color": "#8f96a3", "target-arrow-color": "#8f96a3", "target-arrow-shape": "triangle",
      "arrow-scale": 0.8, "curve-style": "bezier", label: "data(label)", "font-size": 8,
      "min-zoomed-font-size": 9, color: "#6b6f7b", "text-rotation": "autorotate" } },
    { selector: "edge.inferred", style: { "line-style": "dashed", "line-color": "#7b61ff", "target-arrow-color": "#7b61ff" } },
    { selector: "edge.official", style: { "line-style": "dotted", "line-color": "#2e7d32", "target-arrow-color": "#2e7d32", width: 2 } },
    { selector: "edge.path", style: { "line-color": "#ff4b4b", "target-arrow-color": "#ff4b4b", width: 4, "z-index": 10 } },
  ];
  const DASHES = { dashed: "6,4", dotted: "2,3" };

  let cy = null;
  let args = {};
  let selected = null;
  let counter = 0;
  let lastHeight = 0;
  let layoutTimer = null;

  const $ = (id) => document.getElementById(id);

  function post(type, data) {
    window.parent.postMessage(Object.assign({ isStreamlitMessage: true, type: type }, data || {}), "*");
  }

  function setHeight() {
    const height = document.body.scrollHeight;
    if (height !== lastHeight) {
      lastHeight = height;
      post("streamlit:setFrameHeight", { height: height });
    }
  }

  function positions() {
    const out = {};
    cy.nodes().forEach((n) => {
      const p = n.position();
      out[n.id()] = { x: Math.round(p.x * 10) / 10, y: Math.round(p.y * 10) / 10 };
    });
    return out;
  }

  function emit(type, node) {
    counter += 1;
    const value = { id: Date.now() + "-" + counter, type: type, node: node || null, positions: positions() };
    post("streamlit:setComponentValue", { value: value, dataType: "json" });
  }

  function layoutChanged() {  // a drag or a layout: tell Python once things settle
    clearTimeout(layoutTimer);
    layoutTimer = setTimeout(() => emit("layout", selected), 400);
  }

  // ---- placing nodes -----------------------------------------------------------------------

  // Rings around the centre node, one per link distance: a neighbourhood reads best radially.
  function fullLayout() {
    const center = cy.nodes(".center").first();
    const depth = {};
    let deepest = 0;
    if (center.nonempty()) {
      cy.elements().bfs({
        roots: center, directed: false,
        visit: (v, e, u, i, d) => { depth[v.id()] = d; deepest = Math.max(deepest, d); },
      });
    }
    const layout = cy.layout({
      name: "concentric", animate: false, fit: true, padding: 30, minNodeSpacing: 28,
      startAngle: -Math.PI / 2, levelWidth: () => 1,
      concentric: (n) => deepest + 1 - (n.id() in depth ? depth[n.id()] : deepest + 1),
    });
    layout.one("layoutstop", layoutChanged);
    layout.run();
  }

  function centroid(nodes) {
    let x = 0, y = 0;
    nodes.forEach((n) => { x += n.position("x"); y += n.position("y"); });
    return nodes.length ? { x: x / nodes.length, y: y / nodes.length } : { x: 0, y: 0 };
  }

  // New nodes go on a ring around the positioned neighbour they hang from, on the side facing
  // away from the rest of the graph, so what was there does not move.
  function placeNew(added) {
    const placedBefore = cy.nodes().difference(added);
    if (placedBefore.empty()) {
      fullLayout();
      return;
    }
    const middle = centroid(placedBefore);
    const groups = new Map();
    const loose = [];
    added.forEach((n) => {
      const anchor = n.neighborhood("node").difference(added).first();
      if (anchor.empty()) { loose.push(n); return; }
      if (!groups.has(anchor.id())) groups.set(anchor.id(), { anchor: anchor, nodes: [] });
      groups.get(anchor.id()).nodes.push(n);
    });
    const reach = Math.max(...placedBefore.map((n) => Math.hypot(n.position("x") - middle.x, n.position("y") - middle.y)));
    groups.forEach(({ anchor, nodes }) => {
      const a = anchor.position();
      const fromMiddle = Math.hypot(a.x - middle.x, a.y - middle.y);
      const away = Math.atan2(a.y - middle.y, a.x - middle.x) || 0;
      // An anchor inside the drawing gets a full ring outside everything; one at the edge gets an
      // arc facing outwards.
      const inside = fromMiddle < reach * 0.5;
      const spread = inside ? 2 * Math.PI : (nodes.length === 1 ? 0 : Math.PI * 1.2);
      const spacing = Math.max(110, (nodes.length * 34) / (spread || 1));  // about 34 px between nodes
      const radius = inside ? Math.max(spacing, reach - fromMiddle + 90) : spacing;
      nodes.forEach((n, i) => {
        const angle = nodes.length === 1 ? away
          : away - spread / 2 + (spread * i) / (inside ? nodes.length : nodes.length - 1);
        n.position({ x: a.x + radius * Math.cos(angle), y: a.y + radius * Math.sin(angle) });
      });
    });
    loose.forEach((n, i) => n.position({ x: middle.x + 60 * (i + 1), y: middle.y - 60 }));
    cy.animate({ fit: { eles: cy.elements(), padding: 30 } }, { duration: 250 });
    layoutChanged();
  }

  function sync(elements, known) {
    const wanted = new Set(elements.map((e) => e.data.id));
    const added = [];
    cy.batch(() => {
      cy.edges().forEach((e) => { if (!wanted.has(e.id())) e.remove(); });
      cy.nodes().forEach((n) => { if (!wanted.has(n.id())) n.remove(); });
      elements.forEach((e) => {
        const existing = cy.getElementById(e.data.id);
        if (existing.nonempty()) {
          existing.data(e.data);
          existing.classes(e.classes || "");
          return;
        }
        const isNode = !("source" in e.data);
        const spec = { group: isNode ? "nodes" : "edges", data: e.data, classes: e.classes || "" };
        if (isNode && known[e.data.id]) spec.position = known[e.data.id];
        const made = cy.add(spec);
        if (isNode && !known[e.data.id]) added.push(made);
      });
    });
    if (added.length) placeNew(cy.collection(added));
  }

  // ---- the toolbar -------------------------------------------------------------------------

  function select(id) {
    const node = id ? cy.getElementById(id) : cy.collection();
    cy.nodes(":selected").unselect();
    selected = node.nonempty() ? id : null;
    if (selected) node.select();
    showSelection();
  }

  function showSelection() {
    const node = selected ? cy.getElementById(selected) : cy.collection();
    const step = args.step || 25;
    if (node.empty()) {
      $("selection").textContent = "Click a node to select it; double-click to expand it.";
      $("open").disabled = true;
      $("expand").disabled = true;
      $("expand").textContent = "Expand";
    } else {
      const d = node.data();
      const more = d.more || 0;
      $("selection").textContent = "Selected: " + (d.notation && d.notation !== d.name ? d.notation + " " : "")
        + d.name + " (" + d.kind + ")" + (more ? " · " + more + " more neighbours not shown" : "");
      $("selection").title = d.name;
      $("open").disabled = false;
      $("expand").disabled = more === 0;
      $("expand").textContent = more ? "Expand (+" + Math.min(more, step) + ")" : "Expand";
    }
    $("status").textContent = cy.nodes().length + " nodes · " + cy.edges().length + " links";
    document.body.dataset.nodes = String(cy.nodes().length);
    document.body.dataset.selected = selected || "";
  }

  function download(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  }

  function esc(text) {
    return String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]));
  }

  // An SVG of the graph as laid out: nodes, their names, links with their kind's line style.
  function svg() {
    const pad = 24;
    const box = cy.elements().boundingBox({ includeLabels: true });
    const w = Math.ceil(box.w + 2 * pad), h = Math.ceil(box.h + 2 * pad);
    const X = (x) => (x - box.x1 + pad).toFixed(1), Y = (y) => (y - box.y1 + pad).toFixed(1);
    const out = [
      '<svg xmlns="http://www.w3.org/2000/svg" width="' + w + '" height="' + h + '" viewBox="0 0 ' + w + " " + h
        + '" font-family="Helvetica, Arial, sans-serif">',
      '<rect width="100%" height="100%" fill="#ffffff"/>',
    ];
    cy.edges().forEach((e) => {
      const s = e.source().position(), t = e.target().position();
      const len = Math.hypot(t.x - s.x, t.y - s.y) || 1;
      const r = e.target().width() / 2 + 2;
      const tx = t.x - ((t.x - s.x) / len) * r, ty = t.y - ((t.y - s.y) / len) * r;
      const colour = e.style("line-color"), width = parseFloat(e.style("width")) || 1.5;
      const dash = DASHES[e.style("line-style")];
      const angle = Math.atan2(ty - s.y, tx - s.x), size = 7;
      const head = [[tx, ty], [tx - size * Math.cos(angle - 0.4), ty - size * Math.sin(angle - 0.4)],
        [tx - size * Math.cos(angle + 0.4), ty - size * Math.sin(angle + 0.4)]];
      out.push('<g class="edge ' + esc(e.data("kind")) + '"><title>' + esc(e.data("label")) + "</title>"
        + '<line x1="' + X(s.x) + '" y1="' + Y(s.y) + '" x2="' + X(tx) + '" y2="' + Y(ty) + '" stroke="' + colour
        + '" stroke-width="' + width + '"' + (dash ? ' stroke-dasharray="' + dash + '"' : "") + "/>"
        + '<polygon points="' + head.map((p) => X(p[0]) + "," + Y(p[1])).join(" ") + '" fill="' + colour + '"/></g>');
    });
    cy.nodes().forEach((n) => {
      const p = n.position(), r = n.width() / 2;
      out.push('<g class="node"><title>' + esc(n.data("name")) + "</title>"
        + '<circle cx="' + X(p.x) + '" cy="' + Y(p.y) + '" r="' + r + '" fill="' + n.data("colour")
        + '" stroke="' + n.style("border-color") + '" stroke-width="' + (parseFloat(n.style("border-width")) || 1) + '"/>'
        + '<text x="' + X(p.x) + '" y="' + Y(p.y + r + 12) + '" text-anchor="middle" font-size="10" fill="#31333f">'
        + esc(n.data("label")) + "</text></g>");
    });
    out.push("</svg>");
    return out.join("\n");
  }

  function stem() {
    return args.file_stem || "medkg-graph";
  }

  function wire() {
    cy.on("tap", "node", (e) => select(e.target.id()));
    cy.on("tap", (e) => { if (e.target === cy) select(null); });
    cy.on("dbltap", "node", (e) => { select(e.target.id()); if (e.target.data("more")) emit("expand", e.target.id()); });
    cy.on("dragfree", "node", layoutChanged);
    $("open").addEventListener("click", () => selected && emit("open", selected));
    $("expand").addEventListener("click", () => selected && emit("expand", selected));
    $("fit").addEventListener("click", () => cy.fit(cy.elements(), 30));
    $("relayout").addEventListener("click", fullLayout);
    $("png").addEventListener("click", () => {
      download(cy.png({ output: "blob", bg: "#ffffff", full: true, scale: 2 }), stem() + ".png");
    });
    $("svg").addEventListener("click", () => {
      download(new Blob([svg()], { type: "image/svg+xml" }), stem() + ".svg");
    });
  }

  function render(a) {
    args = a || {};
    $("cy").style.height = (args.height || 520) + "px";
    if (!cy) {
      cy = cytoscape({ container: $("cy"), style: STYLE, minZoom: 0.15, maxZoom: 3, boxSelectionEnabled: false });
      wire();
      window.medkgGraph = { cy: cy, svg: svg };  // for the browser test and the curious
    }
    sync(args.elements || [], args.positions || {});
    select(selected && cy.getElementById(selected).nonempty() ? selected : null);
    setHeight();
  }

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "streamlit:render") render(event.data.args);
  });
  post("streamlit:componentReady", { apiVersion: 1 });
})();
