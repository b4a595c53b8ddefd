"""The HTML page: one self-contained, offline file rendered through pyvis with our own template.

``network`` builds a pyvis ``Network`` (one vis-network node per graph node, one edge per edge, our vis options);
``render_html`` renders it with ``Network.set_template`` (``static/page.html``) and ``generate_html``. The page
inlines the vis-network standalone build vendored in ``static/`` (npm ``vis-network@9.1.2``, MIT licence beside
it) and our own ``static/page.js``; there is no link to any CDN, and a Content-Security-Policy allows only those
two scripts, by hash. Everything that comes from article text travels as JSON in data blocks (``<``, ``>``, ``&``
escaped) and reaches the page through ``textContent`` only: an article cannot inject markup or script.

Labels: a page of more than ``LABEL_ALL`` nodes labels only its ``LABELLED`` most connected nodes at the first
view, larger so that they stay readable; zooming in labels more of them (as many per screen as at the first view),
and hovering a node labels it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections import Counter
from pathlib import Path

from ...errors import QueryError
from ...files import atomic_write
from .layout import layout
from .records import GraphData
from .select import graph_data
from .styles import NODE_TYPES, REL_INDEX, RELATIONS, TYPE_BY_NAME

STATIC = Path(__file__).with_name("static")
TEMPLATE = STATIC / "page.html"  # a Jinja template, rendered by pyvis
APP_JS = STATIC / "page.js"
VIS_JS = STATIC / "vis-network.min.js"  # npm pack vis-network@9.1.2: standalone/umd/vis-network.min.js, unchanged
PHYSICS_LIMIT = 300  # at most this many nodes: vis-network lays out with physics; above, positions come from here
BIG = 1000  # above this many nodes, edges are hidden while dragging or zooming
LABEL_ALL = 100  # pages up to this many nodes label every node
LABELLED = 40  # bigger pages label this many, the most connected, at the first view
MAX_LABEL = 60  # characters drawn on the canvas; longer labels are cut there (full in the tooltip and search)


def short_label(label: str) -> str | None:
    """The label as drawn when it is over MAX_LABEL characters (a 10k-character label shrank the drawing to a
    speck), or None when it fits."""
    return label[: MAX_LABEL - 1].rstrip() + "\u2026" if len(label) > MAX_LABEL else None


def label_ranks(graph: GraphData) -> dict[str, int]:
    """Each node's place when ranked by links, then mentions, then id (0 is the most connected)."""
    degree: Counter[str] = Counter()
    for e in graph.edges:
        degree[e.source] += 1
        degree[e.target] += 1
    ranked = sorted(graph.nodes, key=lambda n: (-degree[n.id], -n.mentions, n.id))
    return {n.id: i for i, n in enumerate(ranked)}


def vis_options(n: int, positioned: bool) -> dict:
    """vis-network's options for a page of ``n`` nodes; physics only when no positions were computed."""
    big = n > BIG
    # pages that label only their top nodes size the font to the zoom (page.js); edge labels wait for a closer
    # zoom (9 px at 90 %)
    edge_labels = {"scaling": {"label": {"drawThreshold": 8}}} if n > LABEL_ALL else {}
    return {
        "autoResize": True,
        "nodes": {
            "font": {"size": 12, "face": "system-ui, sans-serif", "color": "#222"},
            "borderWidth": 1,
            "scaling": {"label": {"drawThreshold": 7}},
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.4}},
            "smooth": False,
            "selectionWidth": 2,
            "color": {"highlight": "#000", "hover": "#000"},
            **edge_labels,
            "font": {"size": 9, "color": "#555", "strokeWidth": 3, "align": "middle"},
        },
        "groups": {t.name: {"color": t.color} for t in NODE_TYPES},  # each node's group is its type
        "interaction": {"hover": True, "hideEdgesOnDrag": big, "hideEdgesOnZoom": big, "tooltipDelay": 200},
        "layout": {"improvedLayout": not positioned and n <= 150, "randomSeed": 7},
        "physics": {"enabled": False}
        if positioned
        else {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -4000,
                "springLength": 120,
                "springConstant": 0.03,
                "damping": 0.4,
                "avoidOverlap": 0.2,
            },
            "stabilization": {"enabled": True, "iterations": 500, "updateInterval": 25, "fit": True},
        },
    }


def network(graph: GraphData, positions: dict | None = None, title: str = "newsgraph"):
    """The pyvis ``Network`` of ``graph``: node and edge ids are their indexes in ``graph``."""
    from pyvis.network import Network

    net = Network(directed=True, heading=title)
    for i, n in enumerate(graph.nodes):
        ty = TYPE_BY_NAME[n.type]
        looks: dict = {"size": round(ty.size + ty.grow * n.mentions**0.5, 2), "group": ty.name}
        if ty.shape == "box":
            looks["font"] = {"color": "#fff"}
        if positions and n.id in positions:
            looks["x"], looks["y"] = positions[n.id]
        net.add_node(i, label=short_label(n.label) or n.label or " ", shape=ty.shape, **looks)
    index = {n.id: i for i, n in enumerate(graph.nodes)}
    for i, e in enumerate(graph.edges):
        opts: dict = {"id": i, "r": REL_INDEX[e.relation]}  # the page styles each edge by its relation
        if e.label:
            opts["label"] = short_label(e.label) or e.label
        net.add_edge(index[e.source], index[e.target], **opts)
    net.options = vis_options(len(graph.nodes), positioned=bool(positions) or not graph.nodes)
    return net


def page_data(graph: GraphData, positions: dict | None = None) -> dict:
    """What the page reads besides vis-network's own nodes and edges: tooltips as plain strings, the filters'
    types and articles, each node's rank in connectedness ("k", when only the top nodes are labelled)."""
    rank = label_ranks(graph) if len(graph.nodes) > LABEL_ALL else None
    art_index = {a.id: i for i, a in enumerate(graph.articles)}
    type_index = {t.name: i for i, t in enumerate(NODE_TYPES)}

    def ev(items):
        return [[e.text, e.start, e.end, art_index.get(e.article, -1)] for e in items]

    nodes = []
    for n in graph.nodes:
        d = {
            "l": n.label,
            "t": type_index[n.type],
            "m": n.mentions,
            "a": [art_index[a] for a in n.articles if a in art_index],
        }
        if rank is not None:
            d["k"] = rank[n.id]
        if n.aliases:
            d["s"] = list(n.aliases)
        if n.details:
            d["d"] = [list(x) for x in n.details]
        if n.evidence:
            d["e"] = ev(n.evidence)
        nodes.append(d)
    edges = []
    for e in graph.edges:  # ends and relation travel in vis-network's edges; here only what tooltips show
        tip: dict = {}
        if e.label:
            tip["l"] = e.label
        if e.details:
            tip["d"] = [list(x) for x in e.details]
        if e.evidence:
            tip["e"] = ev(e.evidence)
        edges.append(tip)
    order = [t.name for t in NODE_TYPES]
    return {
        "types": [{"name": t.name, "plural": t.plural, "color": t.color, "shape": t.shape} for t in NODE_TYPES],
        "relations": [{"name": r.name, "color": r.color, "width": r.width, "dashes": r.dashes} for r in RELATIONS],
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "date": a.date} for a in graph.articles],
        "nodes": nodes,
        "edges": edges,
        "positioned": bool(positions),
        "labels": len(graph.nodes) if rank is None else LABELLED,
        "summary": {
            "nodes": len(graph.nodes),
            "edges": len(graph.edges),
            "total_nodes": graph.total_nodes,
            "total_edges": graph.total_edges,
            "omitted": [
                [TYPE_BY_NAME[t].plural, n] for t, n in sorted(graph.omitted, key=lambda kv: order.index(kv[0]))
            ],
            "focus": list(graph.focus),
            "depth": graph.depth,
        },
    }


def json_for_html(data) -> str:
    """JSON safe inside an HTML <script> data block: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (
        text.replace("&", "\\u0026")
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def _script(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower():  # would end the inline element early
        raise QueryError(f"{path} cannot be inlined in the page (it contains a closing script tag)")
    return text


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(store=None, *, graph: GraphData | None = None, title: str = "newsgraph", **opts) -> str:
    """The page as a string: from ``store`` with the options of :func:`graph_data`, or from a ready ``graph``."""
    if graph is None:
        graph = graph_data(store, **opts)
    positions = layout(graph) if len(graph.nodes) > PHYSICS_LIMIT else None
    vis_js, app_js = _script(VIS_JS), _script(APP_JS)
    net = network(graph, positions, title)
    net.set_template(TEMPLATE.as_posix())
    # what pyvis does not pass to a template: the policy, our data block and the two scripts
    net.templateEnv.globals.update(
        csp=(
            f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
            "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
            "base-uri 'none'; form-action 'none'"
        ),
        data=json_for_html(page_data(graph, positions)),
        vis_js=vis_js,
        app_js=app_js,
    )
    net.templateEnv.policies["json.dumps_kwargs"] = {"sort_keys": True, "separators": (",", ":")}  # |tojson
    return net.generate_html()


def write_html(store, output, **opts) -> str:
    """Write the page to ``output``; returns a summary such as "123 nodes, 456 edges"."""
    graph = graph_data(store, **opts)
    atomic_write(output, render_html(graph=graph))  # whole or not at all: a full disk never leaves half a page
    return graph.summary()
