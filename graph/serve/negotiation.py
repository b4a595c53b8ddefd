"""Content negotiation: which result format a client gets, from its ``format=`` parameter or Accept header."""

from __future__ import annotations

from typing import Any

# result kind -> format name -> media type; the first one of each kind is the default
MEDIA_TYPES = {
    "results": {
        "json": "application/sparql-results+json",
        "xml": "application/sparql-results+xml",
        "csv": "text/csv; charset=utf-8",
        "tsv": "text/tab-separated-values; charset=utf-8",
    },
    "graph": {
        "turtle": "text/turtle; charset=utf-8",
        "ntriples": "application/n-triples",
        "rdfxml": "application/rdf+xml",
        "jsonld": "application/ld+json",
    },
}
# other names a client may use, in an Accept header or a format= parameter
ALIASES = {
    "results": {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "html": "html"},
    "graph": {
        "json": "jsonld",
        "application/json": "jsonld",
        "xml": "rdfxml",
        "application/xml": "rdfxml",
        "text/xml": "rdfxml",
        "ttl": "turtle",
        "nt": "ntriples",
        "n-triples": "ntriples",
        "text/plain": "ntriples",
        "rdf": "rdfxml",
        "json-ld": "jsonld",
        "html": "html",
        "n3": "turtle",
        "text/n3": "turtle",
        "text/rdf+n3": "turtle",
    },  # Turtle is valid N3
}
KIND_NAME = {"results": "SELECT or ASK", "graph": "CONSTRUCT or DESCRIBE"}


def negotiate(kind: str, accept: str = "", fmt: str | None = None) -> str | None:
    """The format name for a ``results`` (SELECT/ASK) or ``graph`` (CONSTRUCT/DESCRIBE) answer.

    An explicit ``format`` parameter wins and must fit the kind (None when it does not); the Accept
    header is followed by preference, and the kind's default answers anything it does not name.
    """
    if fmt:
        return format_name(kind, fmt.strip().lower())
    for media in accepted(accept):
        if media == "*/*":
            break
        if media.endswith("/*"):
            family = media[:-1]
            for name, mt in MEDIA_TYPES[kind].items():
                if mt.startswith(family):
                    return name
            continue
        found = format_name(kind, media)
        if found is not None and found != "html":
            return found
    return next(iter(MEDIA_TYPES[kind]))


def format_name(kind: str, value: str) -> str | None:
    """A format name or media type (``csv``, ``text/csv``) as this kind's format name, or None."""
    value = value.split(";")[0].strip()
    if value in MEDIA_TYPES[kind]:
        return value
    for name, mt in MEDIA_TYPES[kind].items():
        if mt.split(";")[0] == value:
            return name
    return ALIASES[kind].get(value)


def accepted(accept: str) -> list[str]:
    """Media types of an Accept header, most wanted first (q=0 left out, ties in the client's order)."""
    ranked = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        if not fields[0]:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranked.append((-q, i, fields[0].lower()))
    return [media for _, _, media in sorted(ranked)]


def oxigraph_format(kind: str, name: str) -> Any:
    """pyoxigraph's serializer format for a negotiated format name (imported here: workers only)."""
    import pyoxigraph as ox

    if kind == "graph":
        return {
            "turtle": ox.RdfFormat.TURTLE,
            "ntriples": ox.RdfFormat.N_TRIPLES,
            "rdfxml": ox.RdfFormat.RDF_XML,
            "jsonld": ox.RdfFormat.JSON_LD,
        }[name]
    return {
        "json": ox.QueryResultsFormat.JSON,
        "xml": ox.QueryResultsFormat.XML,
        "csv": ox.QueryResultsFormat.CSV,
        "tsv": ox.QueryResultsFormat.TSV,
    }[name]
