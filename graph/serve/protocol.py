"""Reading a SPARQL 1.1 Protocol query request (GET, form POST or direct POST) into a ``QueryRequest``."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qs

from .execute import QueryRequest
from .limits import MAX_QUERY_BYTES, query_refusal, read_body
from .replies import Reply, error, refused


def parse_request(environ: dict[str, Any]) -> QueryRequest | Reply:
    """A SPARQL 1.1 Protocol query request from GET, form POST or direct POST; an error Reply otherwise."""
    params = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    if environ.get("REQUEST_METHOD") == "POST":
        ctype = (environ.get("CONTENT_TYPE") or "").split(";")[0].strip().lower()
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return error(400, "Content-Length is not a number")
        if length > MAX_QUERY_BYTES:
            return error(413, f"the request is larger than {MAX_QUERY_BYTES // 1000} kB")
        body = read_body(environ["wsgi.input"], length)
        if body is None:
            return error(413, f"the request is larger than {MAX_QUERY_BYTES // 1000} kB")
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return error(400, "the request body is not UTF-8")
        if ctype == "application/sparql-update":
            return refused()
        if ctype == "application/x-www-form-urlencoded":
            for k, v in parse_qs(text, keep_blank_values=True).items():
                params.setdefault(k, []).extend(v)
        elif ctype == "application/sparql-query":
            if "query" in params:
                return error(400, "the query is in the body: do not also pass query= in the URL")
            params["query"] = [text]
        else:
            return error(
                415,
                f"cannot read a {ctype or 'body without Content-Type'}: POST "
                f"application/x-www-form-urlencoded (query=...) or application/sparql-query",
            )
    if "update" in params:
        return refused()
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        what = "more than one query" if len(queries) > 1 else "no query"
        return error(
            400,
            f"{what}: pass one query=... (GET or form POST), or POST the query as "
            f"application/sparql-query; the form is at /query",
        )
    if len(queries[0]) > MAX_QUERY_BYTES:
        return error(413, f"the query is longer than {MAX_QUERY_BYTES // 1000} kB")
    refusal = query_refusal(queries[0])
    if refusal is not None:
        return refusal
    return QueryRequest(
        queries[0],
        accept=environ.get("HTTP_ACCEPT", ""),
        fmt=(params.get("format") or [None])[-1] or None,
        default_graphs=tuple(params.get("default-graph-uri", ())),
        named_graphs=tuple(params.get("named-graph-uri", ())),
    )
