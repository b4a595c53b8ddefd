"""newsgraph: a knowledge graph of who said what in the news, with every statement traced to its text.

A small public API for notebooks; the ``newsgraph`` command is a thin layer over it::

    from graph import GraphStore, build, claims, extract
    with GraphStore("out/store") as store:        # GraphStore(None): in memory
        report = build(["data/"], store)
        rows = store.select("SELECT ?name WHERE { ?p a schema:Person ; skos:prefLabel ?name }")
        figures = claims(store)
    one = extract("Officials said 40 homes were flooded.", date="2024-10-30")   # no store

Heavy modules (spaCy, pyshacl, pyvis) load only when a function needs them.
"""

from __future__ import annotations

import sys
import types
from importlib import import_module

__all__ = [
    "Article",
    "GraphStore",
    "InputError",
    "NewsgraphError",
    "QueryError",
    "StoreError",
    "build",
    "claims",
    "conflicts",
    "extract",
    "read_articles",
    "timeline",
    "to_networkx",
]

_LAZY = {
    "Article": ("graph.records", "Article"),
    "GraphStore": ("graph.store", "GraphStore"),
    "InputError": ("graph.errors", "InputError"),
    "NewsgraphError": ("graph.errors", "NewsgraphError"),
    "QueryError": ("graph.errors", "QueryError"),
    "StoreError": ("graph.errors", "StoreError"),
    "build": ("graph.pipeline", "build"),
    "claims": ("graph.api", "claims"),
    "conflicts": ("graph.api", "conflicts"),
    "extract": ("graph.api", "extract"),
    "timeline": ("graph.api", "timeline"),
    "to_networkx": ("graph.api", "to_networkx"),
    "read_articles": ("graph.ingest", "iter_articles"),
}


class _Package(types.ModuleType):
    """The package module: importing the subpackage ``graph.extract`` (the extraction stage) must not replace the
    public function ``extract`` with the package."""

    def __setattr__(self, name: str, value) -> None:
        if name in _LAZY and isinstance(value, types.ModuleType):
            return  # the submodule stays reachable as sys.modules["graph.NAME"] and by "from graph.NAME import"
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str):
    if name in _LAZY:
        module, attr = _LAZY[name]
        return getattr(import_module(module), attr)
    raise AttributeError(f"module 'graph' has no attribute {name!r}")


def __dir__():
    return sorted(__all__)
