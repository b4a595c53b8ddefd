// newsgraph's graph page. All text from articles arrives as JSON and is put in the page with textContent only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var types = data.types, rels = data.relations, arts = data.articles;
  var N = data.nodes.length;
  var container = document.getElementById("graph");
  var statusEl = document.getElementById("status");
  var tip = document.getElementById("tooltip");
  var fmt = function (n) { return Number(n).toLocaleString("en-US"); };

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function caption(a) {
    return [a.title || a.id, a.outlet, a.date].filter(Boolean).join(" \u00b7 ");
  }

  // ---- vis data, as pyvis wrote it: node and edge ids are indexes into data.nodes and data.edges
  function block(id) { return JSON.parse(document.getElementById(id).textContent); }
  var visNodes = block("vis-nodes"), visEdges = block("vis-edges"), options = block("vis-options");
  var drawn = visNodes.map(function (n) { return n.label; });  // each node's label, shown or not
  // vis-network has no edge groups: each edge takes its relation's look here ("mentioned in" stays unlabelled)
  visEdges.forEach(function (e) {
    var r = rels[e.r];
    e.color = { color: r.color };
    if (r.width !== 1) e.width = r.width;
    if (r.dashes) e.dashes = true;
    if (e.label === undefined && r.name !== "mentioned in") e.label = r.name;
    if (r.name === "disagrees with") e.arrows = "";  // symmetric: no arrow head
  });

  // ---- filters: node types, one article, relations
  var typeOn = types.map(function () { return true; });
  var relOn = rels.map(function () { return true; });
  var article = -1;
  var visible = new Uint8Array(N);
  function computeVisible() {
    var shown = 0;
    for (var i = 0; i < N; i++) {
      var n = data.nodes[i];
      var on = typeOn[n.t] && (article < 0 || n.a.indexOf(article) >= 0);
      visible[i] = on ? 1 : 0;
      shown += visible[i];
    }
    return shown;
  }
  computeVisible();
  var nodes = new vis.DataSet(visNodes);
  var edges = new vis.DataSet(visEdges);
  var nodeView = new vis.DataView(nodes, { filter: function (n) { return visible[n.id] === 1; } });
  var edgeView = new vis.DataView(edges, { filter: function (e) {
    return visible[e.from] === 1 && visible[e.to] === 1 && relOn[e.r];
  } });

  function applyFilters() {
    var shown = computeVisible();
    nodeView.refresh();
    edgeView.refresh();
    showSummary(shown);
  }

  // ---- header: summary, what was left out, article chooser
  function showSummary(shown) {
    var s = data.summary;
    var text = fmt(s.nodes) + " nodes, " + fmt(s.edges) + " edges";
    if (shown !== undefined && shown !== s.nodes) text += " (" + fmt(shown) + " shown)";
    if (s.focus.length) text += " \u2014 around " + s.focus.join(", ") + ", depth " + s.depth;
    document.getElementById("summary").textContent = text;
  }
  showSummary();
  if (data.summary.omitted.length) {
    var parts = data.summary.omitted.map(function (o) { return fmt(o[1]) + " " + o[0]; });
    document.getElementById("notice").textContent =
      "Showing the " + fmt(data.summary.nodes) + " most connected of " + fmt(data.summary.total_nodes) +
      " nodes. Left out: " + parts.join(", ") +
      ". Use --max-nodes, --focus NAME or --types to see them.";
  }
  var select = document.getElementById("article");
  var all = el("option", null, "All articles (" + arts.length + ")");
  all.value = "-1";
  select.append(all);
  arts.forEach(function (a, i) {
    var o = el("option", null, caption(a));
    o.value = String(i);
    select.append(o);
  });
  select.addEventListener("change", function () { article = Number(select.value); applyFilters(); });

  // ---- legend: a checkbox per node type present, a swatch per relation present
  var typeCount = types.map(function () { return 0; });
  data.nodes.forEach(function (n) { typeCount[n.t]++; });
  var relCount = rels.map(function () { return 0; });
  visEdges.forEach(function (e) { relCount[e.r]++; });
  var SVG = "http://www.w3.org/2000/svg";
  function swatch(ty) {
    var svg = document.createElementNS(SVG, "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14"); svg.setAttribute("viewBox", "0 0 14 14");
    var shapes = { dot: "M7 1a6 6 0 1 0 0.01 0Z", square: "M2 2H12V12H2Z", triangle: "M7 1L13 12H1Z",
                   triangleDown: "M1 2H13L7 13Z", diamond: "M7 0L14 7L7 14L0 7Z",
                   hexagon: "M4 1H10L13 7L10 13H4L1 7Z", star: "M7 0L9 5H14L10 8L12 14L7 10L2 14L4 8L0 5H5Z",
                   box: "M1 3H13V11H1Z", ellipse: "M7 3C12 3 14 5 14 7S12 11 7 11S0 9 0 7S2 3 7 3Z" };
    var p = document.createElementNS(SVG, "path");
    p.setAttribute("d", shapes[ty.shape] || shapes.dot);
    p.setAttribute("fill", ty.color);
    svg.append(p);
    return svg;
  }
  var legendTypes = document.getElementById("legend-types");
  types.forEach(function (ty, i) {
    if (!typeCount[i]) return;
    var label = el("label");
    label.dataset.type = ty.name;
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { typeOn[i] = box.checked; applyFilters(); });
    label.append(box, swatch(ty), el("span", null, ty.plural), el("span", "count", fmt(typeCount[i])));
    legendTypes.append(label);
  });
  var legendRels = document.getElementById("legend-relations");
  rels.forEach(function (r, i) {
    if (!relCount[i]) return;
    var label = el("label", "rel");
    label.dataset.relation = r.name;
    var box = el("input");
    box.type = "checkbox"; box.checked = true;
    box.addEventListener("change", function () { relOn[i] = box.checked; applyFilters(); });
    var line = document.createElementNS(SVG, "svg");
    line.setAttribute("width", "22"); line.setAttribute("height", "8");
    var l = document.createElementNS(SVG, "line");
    l.setAttribute("x1", "0"); l.setAttribute("y1", "4"); l.setAttribute("x2", "22"); l.setAttribute("y2", "4");
    l.setAttribute("stroke", r.color); l.setAttribute("stroke-width", String(Math.max(1.5, r.width)));
    if (r.dashes) l.setAttribute("stroke-dasharray", "4 3");
    line.append(l);
    label.append(box, line, el("span", null, r.name), el("span", "count", fmt(relCount[i])));
    legendRels.append(label);
  });

  // ---- tooltips, built from text nodes only
  function addDetails(box, d) {
    if (!d || !d.length) return;
    var dl = el("dl");
    d.forEach(function (kv) { dl.append(el("dt", null, kv[0]), el("dd", null, kv[1])); });
    box.append(dl);
  }
  function addEvidence(box, evs) {
    (evs || []).slice(0, 5).forEach(function (ev) {
      var text = ev[0], s = ev[1], e = ev[2], q = el("blockquote");
      q.append(document.createTextNode(text.slice(0, s)));
      if (e > s) q.append(el("mark", null, text.slice(s, e)));
      q.append(document.createTextNode(text.slice(e)));
      box.append(q);
      if (ev[3] >= 0) box.append(el("div", "source", caption(arts[ev[3]])));
    });
    if (evs && evs.length > 5) box.append(el("div", "source", "and " + (evs.length - 5) + " more"));
  }
  function nodeTip(i) {
    var n = data.nodes[i], box = document.createDocumentFragment();
    box.append(el("h3", null, n.l), el("div", "kind", types[n.t].name));
    addDetails(box, n.d);
    addEvidence(box, n.e);
    return box;
  }
  function edgeTip(i) {
    var e = data.edges[i], v = visEdges[i], box = document.createDocumentFragment();
    box.append(el("h3", null, e.l || rels[v.r].name),
               el("div", "kind", data.nodes[v.from].l + " \u2192 " + data.nodes[v.to].l));
    addDetails(box, e.d);
    addEvidence(box, e.e);
    return box;
  }
  var pinned = false;
  function showTip(content, x, y, pin) {
    tip.replaceChildren(content);
    tip.hidden = false;
    tip.classList.toggle("pinned", !!pin);
    pinned = !!pin;
    var w = tip.offsetWidth, h = tip.offsetHeight;
    var left = Math.min(x + 14, window.innerWidth - w - 8), top = Math.min(y + 14, window.innerHeight - h - 8);
    tip.style.left = Math.max(4, left) + "px";
    tip.style.top = Math.max(4, top) + "px";
  }
  function hideTip() { tip.hidden = true; pinned = false; }
  function pagePoint(p) {
    var r = container.getBoundingClientRect();
    return [r.left + p.x, r.top + p.y];
  }

  // ---- the network
  var positioned = data.positioned || N === 0;  // nothing to lay out: draw at once
  // labels: only the most connected (rank k below data.labels) at first; more as one zooms in; any on hover
  var labelled = N, baseScale = null, hovered = null, BASE_FONT = options.nodes.font.size, fontSize = BASE_FONT;
  var ranked = data.labels < N;
  function rank(i) { return ranked ? data.nodes[i].k : 0; }
  if (ranked) {
    labelled = data.labels;
    visNodes.forEach(function (n) { if (rank(n.id) >= labelled) n.label = ""; });
  }
  var t0 = performance.now();
  var network = new vis.Network(container, { nodes: nodeView, edges: edgeView }, options);

  function wantLabels() {  // as many labels per screen as at the first view
    if (!ranked || baseScale === null) return labelled;
    var z = network.getScale() / baseScale;
    return Math.min(N, Math.max(data.labels, Math.floor(data.labels * z * z)));
  }
  function relabel() {
    if (!ranked || baseScale === null) return;
    var want = wantLabels(), changes = [];
    if (want === labelled) return;
    for (var i = 0; i < N; i++) {
      var r = rank(i), was = r < labelled || i === hovered, now = r < want || i === hovered;
      if (was !== now) changes.push({ id: i, label: now ? drawn[i] : "" });
    }
    labelled = want;
    nodes.update(changes);
  }
  function showLabel(i, on) {  // the label of a hovered node, shown whatever its rank
    if (!ranked || rank(i) < labelled) return;
    nodes.update({ id: i, label: on ? drawn[i] : "" });
  }
  function refont() {
    // about 13 screen pixels whatever the zoom, never below the base size in the drawing
    // (vis-network's scaling.label.maxVisible does not shrink the text it draws)
    var size = Math.max(BASE_FONT, Math.round(13 / network.getScale()));
    if (size === fontSize) return;
    fontSize = size;
    network.setOptions({ nodes: { font: { size: size } } });
  }
  function settleLabels() {  // the first view fixes the scale the label count is relative to
    if (!ranked || baseScale !== null) return;
    baseScale = network.getScale();
    refont();
  }
  function onZoom() {
    if (!ranked || baseScale === null) return;
    refont();
    relabel();
  }
  network.on("zoom", onZoom);
  network.on("animationFinished", onZoom);

  function markStable() {
    if (document.body.dataset.state === "stable") return;
    settleLabels();
    document.body.dataset.state = "stable";
    window.newsgraph.stableMs = Math.round(performance.now() - t0);
    statusEl.textContent = "";
  }
  if (positioned) {
    network.once("afterDrawing", markStable);
  } else {
    network.on("stabilizationProgress", function (p) {
      statusEl.textContent = "Laying out\u2026 " + Math.round(100 * p.iterations / p.total) + "%";
    });
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({ physics: { enabled: false } });  // nothing moves after the first layout
      network.once("afterDrawing", markStable);
      network.redraw();
    });
  }
  statusEl.textContent = positioned ? "Drawing\u2026" : "Laying out\u2026";

  network.on("hoverNode", function (p) {
    hovered = p.node;
    showLabel(p.node, true);
    if (pinned) return;
    var xy = pagePoint(p.pointer.DOM);
    showTip(nodeTip(p.node), xy[0], xy[1], false);
  });
  network.on("hoverEdge", function (p) {
    if (pinned) return;
    var xy = pagePoint(p.pointer.DOM);
    showTip(edgeTip(p.edge), xy[0], xy[1], false);
  });
  network.on("blurNode", function (p) {
    if (hovered === p.node) { hovered = null; showLabel(p.node, false); }
    if (!pinned) hideTip();
  });
  network.on("blurEdge", function () { if (!pinned) hideTip(); });
  network.on("click", function (p) {
    var xy = pagePoint(p.pointer.DOM);
    if (p.nodes.length) showTip(nodeTip(p.nodes[0]), xy[0], xy[1], true);
    else if (p.edges.length) showTip(edgeTip(p.edges[0]), xy[0], xy[1], true);
    else hideTip();
  });
  network.on("dragStart", function () { if (!pinned) hideTip(); });
  container.addEventListener("mouseleave", function () {  // vis-network sends no blur when the mouse leaves
    if (hovered !== null) { showLabel(hovered, false); hovered = null; }
    if (!pinned) hideTip();
  });

  // ---- search by name (label or another spelling of it)
  var search = document.getElementById("search");
  var matchesEl = document.getElementById("matches");
  function findNodes(q) {
    q = q.trim().toLowerCase();
    if (!q) return [];
    var hits = [];
    for (var i = 0; i < N; i++) {
      var n = data.nodes[i], label = n.l.toLowerCase(), rank = -1;
      if (label === q) rank = 0;
      else if (label.indexOf(q) === 0) rank = 1;
      else if (label.indexOf(q) > 0) rank = 2;
      else if (n.s && n.s.some(function (a) { return a.toLowerCase().indexOf(q) >= 0; })) rank = 3;
      if (rank >= 0) hits.push([rank, -(n.m || 0), n.l, i]);
    }
    hits.sort(function (a, b) { return a[0] - b[0] || a[1] - b[1] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0); });
    return hits.slice(0, 8).map(function (h) { return h[3]; });
  }
  function pick(i) {
    if (!visible[i]) {  // a hidden node: show its type and every article again
      typeOn[data.nodes[i].t] = true;
      var box = legendTypes.querySelector('label[data-type="' + types[data.nodes[i].t].name + '"] input');
      if (box) box.checked = true;
      article = -1; select.value = "-1";
      applyFilters();
    }
    network.selectNodes([i]);
    network.focus(i, { scale: Math.max(network.getScale(), 1.2) });
    onZoom();
    var p = network.canvasToDOM(network.getPosition(i));
    var xy = pagePoint(p);
    showTip(nodeTip(i), xy[0], xy[1], true);
  }
  search.addEventListener("input", function () {
    matchesEl.replaceChildren();
    if (search.value.trim().length < 2) return;
    findNodes(search.value).forEach(function (i) {
      var b = el("button", null, data.nodes[i].l);
      b.type = "button";
      b.title = types[data.nodes[i].t].name;
      b.addEventListener("click", function () { pick(i); });
      matchesEl.append(b);
    });
  });
  search.addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter") return;
    var hits = findNodes(search.value);
    if (hits.length) pick(hits[0]);
  });

  // the nodes whose label is drawn now: a label, and a font not below vis-network's draw threshold at this zoom
  function labelledNodes() {
    var scale = network.getScale(), out = [];
    nodeView.getIds().forEach(function (i) {
      if (nodes.get(i).label && fontSize * scale >= options.nodes.scaling.label.drawThreshold) out.push(i);
    });
    return out.sort(function (a, b) { return a - b; });
  }
  window.newsgraph = { network: network, nodes: nodes, edges: edges, data: data, stableMs: null,
                       visibleCount: function () { return nodeView.length; }, labelledNodes: labelledNodes };
})();
