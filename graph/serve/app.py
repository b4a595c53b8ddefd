"""The WSGI app: routing of ``/sparql`` (SPARQL 1.1 Protocol, read-only), ``/query`` (the workbench),
``/static/`` (its files) and ``/`` (the graph); ``make_app`` builds it with its worker pool."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any
from urllib.parse import parse_qs

from ..outputs.export import serialise
from . import pages
from .limits import LOCAL_HOST_NAMES, MAX_RESULT_BYTES, foreign_host, host_name
from .protocol import parse_request
from .replies import HTML, TEXT, Reply, error
from .workers import DEFAULT_TIMEOUT, DEFAULT_WORKERS, WorkerPool

log = logging.getLogger("newsgraph.serve")


class SparqlApp:
    """The WSGI app: ``/sparql`` (SPARQL 1.1 Protocol, read-only), ``/query`` (a workbench) and ``/`` (the graph)."""

    def __init__(
        self,
        store: Any,
        pool: WorkerPool,
        html: str | None = None,
        cors: bool = False,
        host_names: tuple[str, ...] = (),
    ):
        self.store, self.pool, self.cors = store, pool, cors
        self.original_store = store  # the caller's: closed by the caller, never by a switch
        self.follower: Any = None  # a SnapshotFollower when serving the snapshots of a store being rebuilt
        self.host_names = LOCAL_HOST_NAMES | {host_name(h) for h in host_names}
        self._html = html
        self._html_lock = threading.Lock()

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            reply = self.route(environ)
        except Exception:  # a bug must cost one request, not the server
            log.exception("error answering %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            reply = error(500, "internal error (see the server log)")
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body))), *reply.headers]
        if environ.get("PATH_INFO") == "/sparql":
            headers.append(("Vary", "Accept"))  # the same URL answers in several formats
        if self.cors:
            headers.append(("Access-Control-Allow-Origin", "*"))
        start_response(f"{reply.status} {HTTPStatus(reply.status).phrase}", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [reply.body]

    def route(self, environ: dict[str, Any]) -> Reply:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD", "GET")
        refusal = foreign_host(environ.get("HTTP_HOST"), self.host_names)
        if refusal is not None:
            return refusal
        if path == "/sparql":
            if method == "OPTIONS" and self.cors:
                return Reply(
                    204,
                    TEXT,
                    b"",
                    (
                        ("Access-Control-Allow-Methods", "GET, POST"),
                        ("Access-Control-Allow-Headers", "Content-Type, Accept"),
                    ),
                )
            if method not in ("GET", "HEAD", "POST"):
                return error(
                    405, f"{method} is not supported here: query with GET or POST", ("Allow", "GET, HEAD, POST")
                )
            req = parse_request(environ)
            if isinstance(req, Reply):
                return req
            reply = self.pool.run(req)
            if self.follower is not None:
                self.follower.check()
            return reply if req.fmt != "html" or reply.status != 200 else pages.results_page(req.query, reply)
        if method not in ("GET", "HEAD"):
            return error(405, f"{path} only answers GET", ("Allow", "GET, HEAD"))
        if path == "/":
            return Reply(200, HTML, self.graph_page().encode("utf-8"))
        if path == "/query":
            simple = parse_qs(environ.get("QUERY_STRING", "")).get("simple", ["0"])[-1]
            return pages.simple_page() if simple not in ("", "0") else pages.workbench_page()
        if path == "/query/examples.json":
            return pages.examples()
        if path.startswith("/static/"):
            return pages.static_file(path[len("/static/") :])
        return error(404, f"nothing at {path}: the endpoint is /sparql, the query page /query, the graph /")

    def graph_page(self) -> str:
        """The HTML graph of the store, drawn once on first request (the store does not change while served)."""
        with self._html_lock:
            if self._html is None:
                self._html = pages.draw_graph(self.store)
            return self._html

    def swap(self, store: Any, pool: WorkerPool) -> tuple[Any, WorkerPool]:
        """Serve ``store`` through ``pool`` from now on; returns the previous two (the page is drawn again)."""
        with self._html_lock:
            old = self.store, self.pool
            self.store, self.pool, self._html = store, pool, None
        return old

    def close(self) -> None:
        self.pool.close()
        if self.store is not self.original_store:
            self.store.close()


def make_app(
    store: Any,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    html: str | None = None,
    workers: int = DEFAULT_WORKERS,
    cors: bool = False,
    max_result_bytes: int = MAX_RESULT_BYTES,
    host_names: tuple[str, ...] = (),
    follow: str | None = None,
) -> SparqlApp:
    """The endpoint's WSGI app over ``store`` (a GraphStore); call ``.close()`` to stop its workers.

    A read-only store on disk is opened again by each worker; any other store (in memory, or open for
    writing) is copied into the workers as a snapshot. ``html`` replaces the graph page at ``/``. With ``follow``
    (the folder of the store ``store`` is a snapshot of), the app switches to each newer snapshot a build leaves.
    """
    if store.read_only and store.path is not None:
        source: tuple[str, object] = ("path", str(store.path))
    else:
        source = ("nquads", serialise(store, "nquads"))
    pool = WorkerPool(source, size=workers, timeout=timeout, max_bytes=max_result_bytes)
    app = SparqlApp(store, pool, html=html, cors=cors, host_names=host_names)
    if follow is not None:
        from .follow import SnapshotFollower

        app.follower = SnapshotFollower(
            follow,
            app,
            lambda snap: WorkerPool(
                ("path", str(snap.path)), size=workers, timeout=timeout, max_bytes=max_result_bytes
            ),
            grace=timeout + 1,
        )
    return app
