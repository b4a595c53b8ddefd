"""Selecting what to draw: node types, one article, the neighbourhood of a name, the most connected nodes."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from difflib import get_close_matches

from ...errors import QueryError
from .assemble import assemble
from .reading import read_layers
from .records import ArticleInfo, GraphData, VizEdge, VizNode
from .styles import DEFAULT_TYPES, ENTITY_TYPES, NODE_TYPES


def parse_types(types: Iterable[str] | str | None) -> tuple[str, ...]:
    """Node type names from user words ("people,figures", "Person"); QueryError on an unknown word."""
    if types is None:
        return DEFAULT_TYPES
    words = types.split(",") if isinstance(types, str) else list(types)
    lookup = {
        "org": "Organization",
        "orgs": "Organization",
        "claim": "Figure",
        "claims": "Figure",
        "undated": "UndatedEvent",
    }
    for t in NODE_TYPES:
        for w in (t.name, t.plural, t.name + "s", t.option, t.plural.replace(" ", "-")):
            lookup[w.lower()] = t.name
    out = []
    for w in (w.strip() for w in words):
        if not w:
            continue
        if w.lower() not in lookup:
            known = ", ".join(t.option for t in NODE_TYPES)
            raise QueryError(f"unknown node type {w!r}; choose from: {known}")
        if lookup[w.lower()] not in out:
            out.append(lookup[w.lower()])
    if not out:
        raise QueryError("no node types chosen; give at least one, e.g. --types people,figures")
    return tuple(sorted(out, key=lambda n: [t.name for t in NODE_TYPES].index(n)))


def select(
    nodes: tuple[VizNode, ...],
    edges: tuple[VizEdge, ...],
    articles: tuple[ArticleInfo, ...] = (),
    *,
    focus: str | None = None,
    depth: int = 1,
    max_nodes: int = 500,
    types=None,
    article: str | None = None,
) -> GraphData:
    """Keep the chosen types, one article, one neighbourhood, then at most ``max_nodes`` most connected nodes."""
    keep_types = set(parse_types(types))
    nodes = tuple(n for n in nodes if n.type in keep_types)
    if article is not None:
        art = _find_article(articles, article)
        nodes = tuple(n for n in nodes if art.id in n.articles or n.id == art.iri)
    ids = {n.id for n in nodes}
    edges = tuple(e for e in edges if e.source in ids and e.target in ids)
    focus_labels: tuple[str, ...] = ()
    if focus is not None:
        roots = find_focus(nodes, focus)
        focus_labels = tuple(n.label for n in nodes if n.id in roots)
        ids = neighbourhood(roots, edges, depth)
        nodes = tuple(n for n in nodes if n.id in ids)
        edges = tuple(e for e in edges if e.source in ids and e.target in ids)
    total_nodes, total_edges = len(nodes), len(edges)
    omitted: tuple = ()
    if max_nodes is not None and len(nodes) > max_nodes:
        nodes, edges, omitted = _most_connected(nodes, edges, max_nodes)
    return GraphData(
        nodes, edges, articles, total_nodes, total_edges, omitted, focus_labels, depth if focus is not None else None
    )


def _find_article(articles: tuple[ArticleInfo, ...], key: str) -> ArticleInfo:
    for a in articles:
        if key in (a.id, a.iri) or (a.title and a.title.lower() == key.lower()):
            return a
    known = ", ".join(a.id for a in articles[:10]) or "none (the store has no articles)"
    raise QueryError(f"no article {key!r} in the store; give an article id, one of: {known}")


def name_matches(form: str, name: str) -> bool:
    """``name`` names ``form`` as ``newsgraph said`` matches speakers: the whole name or its last words, any case
    ("gelernt" and "Lee Gelernt" name "Lee Gelernt"; "ernt" does not)."""
    form, name = form.strip().lower(), " ".join(name.split()).lower()
    return bool(name) and (form == name or form.endswith(" " + name))


def find_focus(nodes: tuple[VizNode, ...], name: str) -> set[str]:
    """Ids of the nodes ``name`` names: an entity by any of its name forms (see :func:`name_matches`), or any
    node by its whole label (a headline, a figure's text). QueryError naming close names when none matches."""
    want = " ".join(name.split()).lower()
    found = {n.id for n in nodes if n.label.strip().lower() == want}
    found |= {
        n.id
        for n in nodes
        if n.type in ENTITY_TYPES and any(name_matches(form, name) for form in (n.label, *n.aliases))
    }
    if found:
        return found
    names = sorted({form for n in nodes if n.type in ENTITY_TYPES for form in (n.label, *n.aliases)})
    close = get_close_matches(name, names, n=5, cutoff=0.5)
    hint = f"did you mean: {', '.join(close)}? " if close else "give a name or a last name; "
    hint += "`newsgraph entities` lists every name form"
    raise QueryError(f"--focus {name!r}: no node with that name in the graph; {hint}")


def neighbourhood(roots: set[str], edges: tuple[VizEdge, ...], depth: int) -> set[str]:
    """Ids within ``depth`` links of any root, whichever way the links point."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(roots)
    g.add_edges_from((e.source, e.target) for e in edges)
    return set(nx.multi_source_dijkstra_path_length(g, roots, cutoff=depth, weight=None))


def _most_connected(nodes, edges, limit: int):
    degree: Counter[str] = Counter()
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    ranked = sorted(nodes, key=lambda n: (-degree[n.id], -n.mentions, n.id))
    kept = {n.id for n in ranked[:limit]}
    left = Counter(n.type for n in ranked[limit:])
    order = [t.name for t in NODE_TYPES]
    omitted = tuple(sorted(left.items(), key=lambda kv: order.index(kv[0])))
    return (
        tuple(n for n in nodes if n.id in kept),
        tuple(e for e in edges if e.source in kept and e.target in kept),
        omitted,
    )


def graph_data(
    store, *, focus: str | None = None, depth: int = 1, max_nodes: int = 500, types=None, article: str | None = None
) -> GraphData:
    """The graph to draw from a store: read, assemble, select."""
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    layers = read_layers(store)
    nodes, edges = assemble(layers)
    return select(
        nodes, edges, layers.articles, focus=focus, depth=depth, max_nodes=max_nodes, types=types, article=article
    )
