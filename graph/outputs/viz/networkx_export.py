"""The graph for other tools: a networkx ``MultiDiGraph``, written as GraphML or GEXF (Gephi, Cytoscape)."""

from __future__ import annotations

import re

from ...errors import QueryError
from ...files import atomic_write, xml_safe
from .records import GraphData
from .select import graph_data


def _write_text(output, text: str) -> None:
    """Write ``text`` whole or not at all (temp file, then rename): a full disk never leaves half a page."""
    from .output import atomic_write

    atomic_write(output, text)


# ---------------------------------------------------------------- networkx export


def to_networkx(graph: GraphData):
    """A networkx MultiDiGraph with plain string and number attributes (GraphML and GEXF accept them)."""
    import networkx as nx

    captions = {a.id: a.caption() for a in graph.articles}
    g = nx.MultiDiGraph()
    for n in graph.nodes:
        attrs = {"label": n.label, "type": n.type, "mentions": n.mentions, "articles": " ".join(n.articles)}
        if n.aliases:
            attrs["aliases"] = "; ".join(n.aliases)
        if n.evidence:
            ev = n.evidence[0]
            attrs["sentence"] = ev.text
            attrs["cited"] = ev.text[ev.start : ev.end]
            attrs["source"] = captions.get(ev.article or "", ev.article or "")
        for k, v in n.details:
            attrs.setdefault(_attr_name(k), v)
        g.add_node(n.id, **attrs)
    for i, e in enumerate(graph.edges):
        attrs = {"relation": e.relation, "label": e.label or e.relation}
        for k, v in e.details:
            attrs.setdefault(_attr_name(k), v)
        g.add_edge(e.source, e.target, key=f"e{i}", **attrs)
    return g


def _attr_name(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


def write_network(store, output, fmt: str = "graphml", **opts) -> str:
    """Write GraphML or GEXF (for Gephi, Cytoscape); returns the summary like :func:`write_html`."""
    import networkx as nx

    if fmt not in ("graphml", "gexf"):
        raise QueryError(f"unknown graph format {fmt!r}; choose graphml or gexf")
    graph = graph_data(store, **opts)
    g = to_networkx(graph)
    for _, data in [*g.nodes(data=True), *((None, d) for *_, d in g.edges(data=True))]:
        for k, v in data.items():
            if isinstance(v, str):
                data[k] = xml_safe(v)  # a serializer would write \x01 as &#1;, which XML forbids as well
    lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(lines) + "\n"
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # GEXF dates its files: keep outputs stable
    atomic_write(output, xml_safe(text))  # U+FFFE, U+FFFF and control characters would make it ill-formed
    return graph.summary()
