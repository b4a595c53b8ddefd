"""newsgraph: a knowledge graph of who said what in the news, with every statement traced to its text.

A small public API for notebooks; the ``newsgraph`` command is a thin layer over it::

    from graph import GraphStore, build
    with GraphStore("out/store") as store:
        report = build(["data/"], store)
        rows = store.select("SELECT ?name WHERE { ?p a schema:Person ; skos:prefLabel ?name }")

Heavy modules (spaCy, pyshacl, pyvis) load only when a function needs them.
"""
from __future__ import annotations

from importlib import import_module

__all__ = ["Article", "GraphStore", "InputError", "NewsgraphError", "QueryError", "StoreError", "build",
           "read_articles"]

_LAZY = {
    "Article": ("graph.records", "Article"),
    "GraphStore": ("graph.store", "GraphStore"),
    "InputError": ("graph.errors", "InputError"),
    "NewsgraphError": ("graph.errors", "NewsgraphError"),
    "QueryError": ("graph.errors", "QueryError"),
    "StoreError": ("graph.errors", "StoreError"),
    "build": ("graph.build", "build"),
    "read_articles": ("graph.ingest", "iter_articles"),
}


def __getattr__(name: str):
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
