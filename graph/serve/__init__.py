"""``newsgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, as a WSGI app.

``make_app(store)`` builds the app (tested in-process); ``serve`` only binds a socket with waitress.
Queries run in worker processes (``workers``): pyoxigraph cannot interrupt a running query from Python, so a
query over its time limit is stopped by killing its worker. A fresh worker takes its place while the HTTP
threads and the other workers keep answering.

- ``app``: routing and ``make_app``;        ``server``: waitress (``serve``, ``make_server``);
- ``protocol``: reading a query request;    ``execute``: running one query in a worker;
- ``negotiation``: result formats;          ``limits``: body, result, nesting, SERVICE and Host limits;
- ``workers``: the worker pool;             ``pages``: the workbench, forms, HTML results, static files;
- ``templates/``: HTML;                     ``static/``: the vendored YASGUI build and the workbench script.
"""

from __future__ import annotations

from ..sparql import has_from, is_update
from .app import SparqlApp, make_app
from .execute import QueryRequest, run_query
from .limits import (
    CHANNEL_TIMEOUT,
    CONNECTION_LIMIT,
    LOCAL_HOST_NAMES,
    MAX_NESTING,
    MAX_QUERY_BYTES,
    MAX_RESULT_BYTES,
    host_name,
    is_loopback,
    query_refusal,
    read_body,
)
from .negotiation import ALIASES, MEDIA_TYPES, accepted, format_name, negotiate
from .pages import draw_graph, results_page
from .protocol import parse_request
from .replies import Reply, error, refused
from .server import make_server, serve
from .workers import DEFAULT_TIMEOUT, DEFAULT_WORKERS, WorkerPool

__all__ = [
    "ALIASES",
    "CHANNEL_TIMEOUT",
    "CONNECTION_LIMIT",
    "DEFAULT_TIMEOUT",
    "DEFAULT_WORKERS",
    "LOCAL_HOST_NAMES",
    "MAX_NESTING",
    "MAX_QUERY_BYTES",
    "MAX_RESULT_BYTES",
    "MEDIA_TYPES",
    "QueryRequest",
    "Reply",
    "SparqlApp",
    "WorkerPool",
    "accepted",
    "draw_graph",
    "error",
    "format_name",
    "has_from",
    "host_name",
    "is_loopback",
    "is_update",
    "make_app",
    "make_server",
    "negotiate",
    "parse_request",
    "query_refusal",
    "read_body",
    "refused",
    "results_page",
    "run_query",
    "serve",
]
