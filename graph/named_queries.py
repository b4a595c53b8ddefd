"""The named queries shipped in ``ontology/queries/`` (``query --named NAME``), and query parameters."""

from __future__ import annotations

import re

import pyoxigraph as ox

from .errors import QueryError
from .vocab import ONTOLOGY_DIR

QUERIES_DIR = ONTOLOGY_DIR / "queries"


def named_query(name: str) -> str:
    """The text of ``ontology/queries/NAME.rq``; QueryError listing the known names otherwise."""
    path = QUERIES_DIR / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+(?:/[\w-]+)?", name) or not path.is_file():
        known = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
        raise QueryError(f"no named query {name!r}; known: {', '.join(known)}")
    return path.read_text(encoding="utf-8")


def bindings(params) -> dict | None:
    """``["name=Lee Gelernt"]`` -> pyoxigraph substitutions binding ?name to a plain literal."""
    subs = {}
    for p in params:
        name, sep, value = p.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name.isidentifier():
            raise ValueError(f'{p!r} is not NAME=VALUE (for example --param name="Lee Gelernt")')
        subs[ox.Variable(name)] = ox.Literal(value)
    return subs or None
