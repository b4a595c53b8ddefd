"""The interactive graph: a store's entities, claims, articles and dates as one offline HTML page, or GraphML/GEXF.

Stages, each a small function over frozen records (``records``):
``read_layers(store)`` (``reading``, SPARQL) -> ``assemble(layers)`` (``assemble``, nodes and edges) ->
``select(...)`` (``select``: types, article, focus, node limit) -> ``render_html`` (``page``, through pyvis, with
``layout`` for big pages) or ``to_networkx`` (``networkx_export``). ``graph_data`` composes the first three;
``styles`` says how each node type and relation looks.
"""

from __future__ import annotations

from .assemble import assemble
from .layout import layout
from .networkx_export import to_networkx, write_network
from .page import (
    LABEL_ALL,
    LABELLED,
    MAX_LABEL,
    PHYSICS_LIMIT,
    json_for_html,
    label_ranks,
    network,
    page_data,
    render_html,
    short_label,
    write_html,
)
from .reading import read_layers
from .records import ArticleInfo, Evidence, GraphData, Layers, VizEdge, VizNode
from .select import graph_data, parse_types, select
from .styles import (
    AS_OF,
    DEFAULT_TYPES,
    DID,
    DISAGREES,
    DONE_TO,
    ENTITY_TYPES,
    FORMATS,
    MEASURES,
    MEMBER_OF,
    MENTIONED_IN,
    NODE_TYPES,
    PUBLISHED_BY,
    RELATIONS,
    REPORTED_AS,
    REPORTED_BY,
    ROLE_AT,
    SAID,
    SAID_TO,
    TYPE_BY_NAME,
    WHEN,
    WHERE,
    NodeType,
    Relation,
)

__all__ = [
    "AS_OF",
    "DEFAULT_TYPES",
    "DID",
    "DISAGREES",
    "DONE_TO",
    "ENTITY_TYPES",
    "FORMATS",
    "LABELLED",
    "LABEL_ALL",
    "MAX_LABEL",
    "MEASURES",
    "MEMBER_OF",
    "MENTIONED_IN",
    "NODE_TYPES",
    "PHYSICS_LIMIT",
    "PUBLISHED_BY",
    "RELATIONS",
    "REPORTED_AS",
    "REPORTED_BY",
    "ROLE_AT",
    "SAID",
    "SAID_TO",
    "TYPE_BY_NAME",
    "WHEN",
    "WHERE",
    "ArticleInfo",
    "Evidence",
    "GraphData",
    "Layers",
    "NodeType",
    "Relation",
    "VizEdge",
    "VizNode",
    "assemble",
    "graph_data",
    "json_for_html",
    "label_ranks",
    "layout",
    "network",
    "page_data",
    "parse_types",
    "read_layers",
    "render_html",
    "select",
    "short_label",
    "to_networkx",
    "write",
    "write_html",
    "write_network",
]


def write(store, output, fmt: str = "html", **opts) -> str:
    """Write the graph in ``fmt`` (html, graphml or gexf); returns a summary such as "123 nodes, 456 edges"."""
    if fmt == "html":
        return write_html(store, output, **opts)
    return write_network(store, output, fmt, **opts)
