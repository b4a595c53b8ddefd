"""The whole graph as RDF files: N-Quads (sorted, so equal stores give equal bytes), TriG, JSON-LD, and the
single-graph formats Turtle and N-Triples (all graphs merged). GraphML and GEXF come from ``outputs/viz``."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import StoreError
from ..files import atomic_write
from ..store import GraphStore, serialize
from ..vocab import PREFIXES

EXPORT_FORMATS = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "jsonld": ox.RdfFormat.JSON_LD,
    "ntriples": ox.RdfFormat.N_TRIPLES,
}


def serialise(store: GraphStore, fmt: str) -> bytes:
    """The whole dataset in ``fmt`` (a key of ``EXPORT_FORMATS``)."""
    if fmt not in EXPORT_FORMATS:
        raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "nquads":
        return b"".join(sorted(set(store.dump(ox.RdfFormat.N_QUADS).splitlines(keepends=True))))
    if fmt == "ntriples":
        data = serialize((q.triple for q in store.quads()), ox.RdfFormat.N_TRIPLES)
        return b"".join(sorted(set(data.splitlines(keepends=True))))
    if fmt == "turtle":
        return serialize(sorted({q.triple for q in store.quads()}, key=str), ox.RdfFormat.TURTLE, PREFIXES)
    return store.dump(EXPORT_FORMATS[fmt], prefixes=PREFIXES)


def export(store: GraphStore, fmt: str, output: str | Path | BinaryIO | None = None) -> bytes | None:
    """Serialise the store; return the bytes, or write them to ``output`` (a path is written atomically: whole or
    not at all, OS errors naming the path and the fix)."""
    data = serialise(store, fmt)
    if output is None:
        return data
    if isinstance(output, (str, Path)):
        atomic_write(output, data)
    else:
        output.write(data)
    return None
