"""Running one SPARQL query on a pyoxigraph store and serializing the answer as negotiated (inside a worker)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..sparql import has_from, is_update
from .limits import MAX_RESULT_BYTES, CappedBuffer, ResultTooLarge, query_refusal
from .negotiation import KIND_NAME, MEDIA_TYPES, negotiate, oxigraph_format
from .replies import Reply, error, refused


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query as a client asked for it (sent to a worker process, so plain values only)."""

    query: str
    accept: str = ""
    fmt: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


def run_query(db: Any, req: QueryRequest, max_bytes: int = MAX_RESULT_BYTES) -> Reply:
    """Run ``req`` on a pyoxigraph store and serialize the answer as negotiated.

    The default graph is the union of all graphs, as for ``newsgraph query``, unless the query has
    FROM or the request names graphs (default-graph-uri / named-graph-uri).
    """
    import pyoxigraph as ox

    from ..sparql_errors import explain
    from ..vocab import PREFIXES

    if is_update(req.query):
        return refused()
    refusal = query_refusal(req.query)
    if refusal is not None:
        return refusal
    options: dict[str, Any] = {"prefixes": PREFIXES}
    try:
        if req.default_graphs:
            options["default_graph"] = [ox.NamedNode(g) for g in req.default_graphs]
        elif not has_from(req.query):
            options["use_default_graph_as_union"] = True
        if req.named_graphs:
            options["named_graphs"] = [ox.NamedNode(g) for g in req.named_graphs]
    except ValueError as e:
        return error(400, f"default-graph-uri or named-graph-uri is not an IRI: {e}")
    try:
        result = db.query(req.query, **options)
    except SyntaxError as e:  # the same words as `newsgraph query`: where, the line with a caret, a hint
        return error(400, explain(req.query, e))
    except ValueError as e:
        return error(400, f"SPARQL syntax error: {e} (prefixes ng:, schema:, prov:, skos: and others are predeclared)")
    kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
    name = negotiate(kind, req.accept, req.fmt)
    if name is None:
        return error(
            400, f"format={req.fmt} does not fit a {KIND_NAME[kind]} query; use one of {', '.join(MEDIA_TYPES[kind])}"
        )
    if name == "html":  # the query page renders JSON results or Turtle graphs itself
        name = next(iter(MEDIA_TYPES[kind]))
    out: Any = CappedBuffer(max_bytes)  # a file-like object as far as the serializers are concerned
    try:
        if kind == "graph":
            turtle: dict[str, Any] = {"prefixes": PREFIXES} if name == "turtle" else {}
            ox.serialize(result, out, format=oxigraph_format(kind, name), **turtle)
        else:
            result.serialize(out, format=oxigraph_format(kind, name))
    except ResultTooLarge:
        return error(503, f"the result is larger than {max_bytes // 1_000_000} MB; add LIMIT or narrow the query")
    except (OSError, RuntimeError, ValueError) as e:
        return error(500, f"the query failed while running: {e}")
    body = out.getvalue()
    if name in ("xml", "rdfxml"):  # U+FFFE, U+FFFF and control characters would make it ill-formed
        from ..files import xml_safe

        body = xml_safe(body.decode("utf-8")).encode("utf-8")
    return Reply(200, MEDIA_TYPES[kind][name], body)
