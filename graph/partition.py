"""Corpora beyond one machine: extraction as a map step, loading as the reduce step.

``map_partition`` builds one partition of a corpus in memory and returns its article graphs as sorted
N-Quads: it needs no store and no other partition, so an engine (Dask, Ray, Spark) can run it on many
machines. Entity IRIs are minted from normalised names and keys, so partitions agree on them without talking
to each other. ``load_partitions`` is the reduce step: it bulk-loads the article graphs into one store and
recomputes the shared graphs (entities, claims, events) over the whole corpus.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pyoxigraph as ox

from .nlp import DEFAULT_MODEL
from .store import GraphStore
from .vocab import BASE

ARTICLE_GRAPHS = BASE + "id/article/"


def map_partition(paths: Iterable[str | Path], model: str = DEFAULT_MODEL, nlp=None) -> bytes:
    """The article graphs of the articles under ``paths``, as sorted N-Quads (shared graphs left out)."""
    from .pipeline import build

    store = GraphStore(None)
    build(paths, store, model, nlp=nlp)
    lines = [line for line in store.export("nquads").splitlines(keepends=True)
             if line.rstrip().endswith(b"> .") and _graph_of(line).startswith(ARTICLE_GRAPHS)]
    return b"".join(lines)


def _graph_of(line: bytes) -> str:
    # the last IRI on an N-Quads line is its graph name
    end = line.rstrip().rfind(b">")
    start = line.rfind(b"<", 0, end)
    return line[start + 1:end].decode("utf-8", "replace")


def load_partitions(store: GraphStore, files: Iterable[str | Path]) -> int:
    """Bulk-load N-Quads partitions into ``store`` and recompute the shared graphs; returns the quads loaded.

    An article present in several partitions keeps only its last copy (its graph is replaced, not merged).
    """
    from .claims import refresh_claims
    from .timeline import refresh_events

    fresh = not store.article_hashes()
    loaded = 0
    for f in files:
        quads = [q for q in ox.parse(path=str(f), format=ox.RdfFormat.N_QUADS)
                 if isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value.startswith(ARTICLE_GRAPHS)]
        by_graph: dict[str, list[ox.Quad]] = {}
        for q in quads:
            by_graph.setdefault(q.graph_name.value, []).append(q)
        for graph, graph_quads in sorted(by_graph.items()):
            store.replace_graph(ox.NamedNode(graph), graph_quads)
            loaded += len(graph_quads)
    store.relink_surnames()  # partitions could not see each other's full names
    store.refresh_entities()
    refresh_claims(store)
    refresh_events(store)
    if fresh:
        store.mark_event_index()  # partitions are written by this version: their reports carry group keys
    store.flush()
    return loaded
