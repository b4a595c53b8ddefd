"""``newsgraph serve``: a read-only SPARQL 1.1 Protocol endpoint over the store, as a WSGI app.

``make_app(store)`` builds the app (tested in-process); ``serve`` only binds a socket with waitress.
Queries run in worker processes: pyoxigraph cannot interrupt a running query from Python, so a query
over its time limit is stopped by killing its worker. A fresh worker takes its place while the HTTP
threads and the other workers keep answering.
"""
from __future__ import annotations

import html as htmlmod
import json
import logging
import multiprocessing
import queue
import re
import threading
from dataclasses import dataclass
from http import HTTPStatus
from urllib.parse import parse_qs

from .errors import NewsgraphError
from .store import _bare, has_from, is_update

log = logging.getLogger("newsgraph.serve")

DEFAULT_TIMEOUT = 30.0
DEFAULT_WORKERS = 2
MAX_QUERY_BYTES = 1_000_000
MAX_NESTING = 64  # brackets, braces and parentheses inside each other; Oxigraph's parser recurses on each
LOCAL_HOST_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
CONNECTION_LIMIT = 1000  # waitress's default, 100, let 150 slow clients lock everyone else out
CHANNEL_TIMEOUT = 30  # seconds a connection may stay idle (waitress's default is 120)
MAX_RESULT_BYTES = 512_000_000
TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"

# result kind -> format name -> media type; the first one of each kind is the default
MEDIA_TYPES = {
    "results": {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
                "csv": "text/csv; charset=utf-8", "tsv": "text/tab-separated-values; charset=utf-8"},
    "graph": {"turtle": "text/turtle; charset=utf-8", "ntriples": "application/n-triples",
              "rdfxml": "application/rdf+xml", "jsonld": "application/ld+json"},
}
# other names a client may use, in an Accept header or a format= parameter
ALIASES = {
    "results": {"application/json": "json", "application/xml": "xml", "text/xml": "xml", "html": "html"},
    "graph": {"json": "jsonld", "application/json": "jsonld", "xml": "rdfxml", "application/xml": "rdfxml",
              "text/xml": "rdfxml", "ttl": "turtle", "nt": "ntriples", "n-triples": "ntriples",
              "text/plain": "ntriples", "rdf": "rdfxml", "json-ld": "jsonld", "html": "html",
              "n3": "turtle", "text/n3": "turtle", "text/rdf+n3": "turtle"},  # Turtle is valid N3
}


@dataclass(frozen=True)
class QueryRequest:
    """One SPARQL query as a client asked for it (sent to a worker process, so plain values only)."""

    query: str
    accept: str = ""
    fmt: str | None = None
    default_graphs: tuple[str, ...] = ()
    named_graphs: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type and body."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    return Reply(status, TEXT, f"Error: {message}\n".encode("utf-8"), headers)


# ---- content negotiation

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
        name = format_name(kind, media)
        if name is not None and name != "html":
            return name
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


# ---- reading the query text (only what the endpoint must know before running it)

_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE\b(?![\w:\-])", re.IGNORECASE)


def query_refusal(query: str) -> Reply | None:
    """An error Reply for a query the endpoint will not run, or None.

    SERVICE is refused: the endpoint makes no outbound request of any kind (it would fetch from any host
    the client names, behind the firewall included, and a SERVICE back to itself holds a worker).
    Nesting deeper than MAX_NESTING is refused before Oxigraph's recursive parser can overflow its stack.
    """
    bare = _bare(query)
    if _SERVICE.search(bare):
        return error(400, "SERVICE is refused: this endpoint makes no requests to other servers (query "
                          "the other endpoint yourself, or load its data into the store with `newsgraph build`)")
    depth = deepest = 0
    for c in bare:
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return error(400, f"the query nests more than {MAX_NESTING} levels of brackets, braces or "
                                      f"parentheses; flatten it (joins and UNION need no nesting)")
        elif c in "})]":
            depth = max(depth - 1, 0)
    return None


# ---- running a query (inside a worker process)

class _ResultTooLarge(Exception):
    pass


class _CappedBuffer:
    """A write-only byte buffer that stops the serializer once the result passes ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.size, self.parts = limit, 0, []

    def write(self, data) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise _ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def run_query(db, req: QueryRequest, max_bytes: int = MAX_RESULT_BYTES) -> Reply:
    """Run ``req`` on a pyoxigraph store and serialize the answer as negotiated.

    The default graph is the union of all graphs, as for ``newsgraph query``, unless the query has
    FROM or the request names graphs (default-graph-uri / named-graph-uri).
    """
    import pyoxigraph as ox

    from .vocab import PREFIXES

    if is_update(req.query):
        return refused()
    refusal = query_refusal(req.query)
    if refusal is not None:
        return refusal
    options: dict = {"prefixes": PREFIXES}
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
    except (SyntaxError, ValueError) as e:
        return error(400, f"SPARQL syntax error: {e} (prefixes ng:, schema:, prov:, skos: and others are "
                          f"predeclared)")
    kind = "graph" if isinstance(result, ox.QueryTriples) else "results"
    name = negotiate(kind, req.accept, req.fmt)
    if name is None:
        return error(400, f"format={req.fmt} does not fit a {_KIND_NAME[kind]} query; use one of "
                          f"{', '.join(MEDIA_TYPES[kind])}")
    if name == "html":  # the query page renders JSON results or Turtle graphs itself
        name = next(iter(MEDIA_TYPES[kind]))
    out = _CappedBuffer(max_bytes)
    try:
        if kind == "graph":
            ox.serialize(result, out, format=_RDF_FORMATS[name](ox),
                         **({"prefixes": PREFIXES} if name == "turtle" else {}))
        else:
            result.serialize(out, format=_RESULT_FORMATS[name](ox))
    except _ResultTooLarge:
        return error(503, f"the result is larger than {max_bytes // 1_000_000} MB; add LIMIT or narrow the query")
    except (OSError, RuntimeError, ValueError) as e:
        return error(500, f"the query failed while running: {e}")
    body = out.getvalue()
    if name in ("xml", "rdfxml"):  # U+FFFE, U+FFFF and control characters would make it ill-formed
        from .output import xml_safe

        body = xml_safe(body.decode("utf-8")).encode("utf-8")
    return Reply(200, MEDIA_TYPES[kind][name], body)


_KIND_NAME = {"results": "SELECT or ASK", "graph": "CONSTRUCT or DESCRIBE"}
_RESULT_FORMATS = {"json": lambda ox: ox.QueryResultsFormat.JSON, "xml": lambda ox: ox.QueryResultsFormat.XML,
                   "csv": lambda ox: ox.QueryResultsFormat.CSV, "tsv": lambda ox: ox.QueryResultsFormat.TSV}
_RDF_FORMATS = {"turtle": lambda ox: ox.RdfFormat.TURTLE, "ntriples": lambda ox: ox.RdfFormat.N_TRIPLES,
                "rdfxml": lambda ox: ox.RdfFormat.RDF_XML, "jsonld": lambda ox: ox.RdfFormat.JSON_LD}


def refused() -> Reply:
    return error(403, "this endpoint is read-only: SPARQL Update is refused (change the graph with "
                      "`newsgraph build`, publish it to a writable store with `newsgraph push`)")


def _open_db(source: tuple[str, object]):
    import pyoxigraph as ox

    kind, value = source
    if kind == "path":
        return ox.Store.read_only(str(value))
    db = ox.Store()
    db.load(value, format=ox.RdfFormat.N_QUADS)
    return db


def _worker_main(conn, source: tuple[str, object], max_bytes: int) -> None:
    """A query worker: open the store, say ready, then answer QueryRequests until the pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent stops us
    try:
        db = _open_db(source)
    except Exception as e:  # reported to the parent, which raises a NewsgraphError
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = run_query(db, req, max_bytes)
        except Exception as e:  # one bad query must not end the worker
            reply = error(500, f"the query failed: {type(e).__name__}: {e}")
        conn.send(reply)


# ---- the worker pool

@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: object


class WorkerPool:
    """Query worker processes; a query past ``timeout`` seconds is stopped by killing its worker."""

    def __init__(self, source: tuple[str, object], size: int = DEFAULT_WORKERS, timeout: float = DEFAULT_TIMEOUT,
                 max_bytes: int = MAX_RESULT_BYTES, start_timeout: float = 120.0):
        # spawn, not fork: the server is multi-threaded, and a forked child could inherit a held lock
        self._ctx = multiprocessing.get_context("spawn")
        self.source, self.size, self.timeout, self.max_bytes = source, size, timeout, max_bytes
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: dict[int, _Worker] = {}  # every started worker, idle or busy, to stop them all on close
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0
        self.failure: str | None = None  # why the last replacement worker could not start, until one does
        starting = [self._spawn() for _ in range(size)]
        try:
            for w in starting:
                self._await_ready(w)
        except NewsgraphError:
            for w in starting:
                self._kill(w)
            raise
        for w in starting:
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(target=_worker_main, args=(child, self.source, self.max_bytes), daemon=True,
                              name="newsgraph-query")
        p.start()
        child.close()
        w = _Worker(p, parent)
        with self._lock:
            self._live[id(p)] = w
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(self.start_timeout):
            raise NewsgraphError(f"a query worker did not open the store within {self.start_timeout:g} s")
        try:
            status, detail = w.conn.recv()
        except EOFError:
            status, detail = "failed", f"the worker exited with code {w.process.exitcode}"
        if status != "ready":
            raise NewsgraphError(f"a query worker could not open the store: {detail}")

    def _kill(self, w: _Worker) -> None:
        with self._lock:
            self._live.pop(id(w.process), None)
        w.process.kill()
        w.process.join(5)
        w.conn.close()

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` now; a background thread starts its successor, so the reply is not held up."""
        self._kill(w)
        with self._lock:
            self.restarts += 1
        self._start_one()

    def _start_one(self) -> None:
        def start() -> None:
            if self._closed:
                return
            new = None
            try:
                new = self._spawn()
                self._await_ready(new)
            except (NewsgraphError, OSError) as e:  # the pool runs one worker short; the log says why
                self.failure = str(e)
                if not self._closed:
                    log.error("could not replace a query worker: %s", e)
                if new is not None:
                    self._kill(new)
                return
            self.failure = None
            if self._closed:
                self._kill(new)
            else:
                self._idle.put(new)

        threading.Thread(target=start, daemon=True, name="newsgraph-respawn").start()

    def _live_count(self) -> int:
        with self._lock:
            return len(self._live)

    def _no_workers(self) -> Reply:
        return error(503, f"no query worker is running: {self.failure} (check that the store folder is still "
                          f"there and readable, then restart `newsgraph serve`)", ("Retry-After", "5"))

    def _take(self) -> _Worker | Reply:
        """A live idle worker, replacing dead ones met on the way; an error Reply when none comes in time."""
        import time

        deadline = time.monotonic() + self.timeout
        while True:
            if self._live_count() < self.size and self.failure is not None:
                if self._live_count() == 0:
                    self._start_one()  # try again: the store may be back
                    return self._no_workers()
            left = deadline - time.monotonic()
            if left <= 0:
                return error(503, f"all {self.size} query workers are busy; try again shortly", ("Retry-After", "5"))
            try:
                w = self._idle.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if w.process.is_alive():
                return w
            self._replace(w)  # it died while idle (killed, out of memory)

    def run(self, req: QueryRequest) -> Reply:
        """Answer ``req`` in a free worker, or an error reply when none is free or it runs too long."""
        w = self._take()
        if isinstance(w, Reply):
            return w
        try:
            w.conn.send(req)
            if w.conn.poll(self.timeout):
                reply = w.conn.recv()
                self._idle.put(w)
                return reply
        except (EOFError, OSError):
            code = w.process.exitcode
            self._replace(w)
            return error(500, f"the query worker stopped (exit code {code}: out of memory, or a crash on this "
                              f"query?); the query was not answered, and a new worker is starting")
        self._replace(w)
        return error(503, f"query stopped after {self.timeout:g} s (the server's --timeout); add LIMIT, "
                          f"narrow the patterns, or raise --timeout")

    def close(self) -> None:
        """Stop every worker, busy or starting ones included."""
        self._closed = True
        with self._lock:
            workers = list(self._live.values())
        for w in workers:
            self._kill(w)


# ---- the WSGI app

class SparqlApp:
    """The WSGI app: ``/sparql`` (SPARQL 1.1 Protocol, read-only), ``/query`` (a form) and ``/`` (the graph)."""

    def __init__(self, store, pool: WorkerPool, html: str | None = None, cors: bool = False,
                 host_names: tuple[str, ...] = ()):
        self.store, self.pool, self.cors = store, pool, cors
        self.host_names = LOCAL_HOST_NAMES | {host_name(h) for h in host_names}
        self._html = html
        self._html_lock = threading.Lock()

    def __call__(self, environ, start_response):
        try:
            reply = self.route(environ)
        except Exception:  # a bug must cost one request, not the server
            log.exception("error answering %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            reply = error(500, "internal error (see the server log)")
        headers = [("Content-Type", reply.content_type), ("Content-Length", str(len(reply.body))),
                   *reply.headers]
        if environ.get("PATH_INFO") == "/sparql":
            headers.append(("Vary", "Accept"))  # the same URL answers in several formats
        if self.cors:
            headers.append(("Access-Control-Allow-Origin", "*"))
        start_response(f"{reply.status} {HTTPStatus(reply.status).phrase}", headers)
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [reply.body]

    def route(self, environ) -> Reply:
        path, method = environ.get("PATH_INFO") or "/", environ.get("REQUEST_METHOD", "GET")
        host = environ.get("HTTP_HOST")
        if host is not None and host_name(host) not in self.host_names:
            # a page on another site that rebinds its DNS name to this machine sends its own name here
            return error(421, f"the Host {host_name(host)!r} is not one this server answers to (a guard against "
                              f"DNS rebinding); to serve it, start with --host-name {host_name(host)}")
        if path == "/sparql":
            if method == "OPTIONS" and self.cors:
                return Reply(204, TEXT, b"", (("Access-Control-Allow-Methods", "GET, POST"),
                                              ("Access-Control-Allow-Headers", "Content-Type, Accept")))
            if method not in ("GET", "HEAD", "POST"):
                return error(405, f"{method} is not supported here: query with GET or POST", ("Allow", "GET, HEAD, POST"))
            req = parse_request(environ)
            if isinstance(req, Reply):
                return req
            reply = self.pool.run(req)
            return reply if req.fmt != "html" or reply.status != 200 else results_page(req.query, reply)
        if method not in ("GET", "HEAD"):
            return error(405, f"{path} only answers GET", ("Allow", "GET, HEAD"))
        if path == "/":
            return Reply(200, HTML, self.graph_page().encode("utf-8"))
        if path == "/query":
            return Reply(200, HTML, QUERY_PAGE.encode("utf-8"))
        return error(404, f"nothing at {path}: the endpoint is /sparql, the query page /query, the graph /")

    def graph_page(self) -> str:
        """The HTML graph of the store, drawn once on first request (the store does not change while served)."""
        with self._html_lock:
            if self._html is None:
                self._html = draw_graph(self.store)
            return self._html

    def close(self) -> None:
        self.pool.close()


def draw_graph(store) -> str:
    """``graph.outputs.viz.render_html(store)``, or a plain page saying why the graph view is not there."""
    try:
        from .outputs import viz

        return viz.render_html(store)
    except (ImportError, AttributeError, NotImplementedError) as e:
        reason = htmlmod.escape(str(e) or type(e).__name__)
        return PLAIN_PAGE.replace("{reason}", reason)


def parse_request(environ) -> QueryRequest | Reply:
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
            return error(415, f"cannot read a {ctype or 'body without Content-Type'}: POST "
                              f"application/x-www-form-urlencoded (query=...) or application/sparql-query")
    if "update" in params:
        return refused()
    queries = params.get("query", [])
    if len(queries) != 1 or not queries[0].strip():
        what = "more than one query" if len(queries) > 1 else "no query"
        return error(400, f"{what}: pass one query=... (GET or form POST), or POST the query as "
                          f"application/sparql-query; the form is at /query")
    if len(queries[0]) > MAX_QUERY_BYTES:
        return error(413, f"the query is longer than {MAX_QUERY_BYTES // 1000} kB")
    refusal = query_refusal(queries[0])
    if refusal is not None:
        return refusal
    return QueryRequest(queries[0], accept=environ.get("HTTP_ACCEPT", ""),
                        fmt=(params.get("format") or [None])[-1] or None,
                        default_graphs=tuple(params.get("default-graph-uri", ())),
                        named_graphs=tuple(params.get("named-graph-uri", ())))


def read_body(stream, length: int, limit: int = MAX_QUERY_BYTES) -> bytes | None:
    """Up to ``length`` bytes of the body in 64 kB reads; None as soon as it passes ``limit``."""
    parts, size = [], 0
    while size < length:
        chunk = stream.read(min(65536, length - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


def host_name(header: str) -> str:
    """The name in a Host header, without the port, lower-cased: ``[::1]:8000`` -> ``[::1]``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[:header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


def results_page(query: str, reply: Reply) -> Reply:
    """Results for a person (format=html): a table for SELECT, a word for ASK, Turtle for a graph."""
    if reply.content_type.startswith("text/turtle"):
        body = f"<pre>{htmlmod.escape(reply.body.decode('utf-8'))}</pre>"
    else:
        data = json.loads(reply.body)
        if "boolean" in data:
            body = f"<p><strong>{'true' if data['boolean'] else 'false'}</strong></p>"
        else:
            names = data["head"]["vars"]
            rows = data["results"]["bindings"]
            cell = lambda b: htmlmod.escape(b["value"]) if b else ""
            body = (f"<p>{len(rows)} row{'s' * (len(rows) != 1)}</p><table><tr>"
                    + "".join(f"<th>{htmlmod.escape(n)}</th>" for n in names) + "</tr>"
                    + "".join("<tr>" + "".join(f"<td>{cell(r.get(n))}</td>" for n in names) + "</tr>" for r in rows)
                    + "</table>")
    page = PAGE.format(title="Results", body=f"<p><a href=\"/query\">New query</a></p>"
                                             f"<pre class=q>{htmlmod.escape(query)}</pre>{body}")
    return Reply(200, HTML, page.encode("utf-8"))


PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>newsgraph: {title}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}textarea{{width:100%;font-family:monospace}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .5em;text-align:left;vertical-align:top}}
pre.q{{background:#f4f4f4;padding:.5em}}</style></head>
<body>{body}</body></html>
"""

QUERY_PAGE = PAGE.format(title="SPARQL query", body="""<h1>Query the news graph</h1>
<p>SPARQL 1.1 over the union of all article graphs. Prefixes ng:, schema:, prov:, nif:, skos:, org:, time:,
xsd:, rdf: and rdfs: are predeclared. Tools can use the endpoint at <code>/sparql</code>; the graph is at <a href="/">/</a>.</p>
<form method="post" action="/sparql">
<textarea name="query" rows="14">SELECT ?name ?type WHERE {
  ?e skos:prefLabel ?name ; ng:entityType ?type .
}
ORDER BY ?name
LIMIT 50</textarea>
<p><label>Results as <select name="format">
<option value="html">a table</option><option value="json">JSON</option><option value="xml">XML</option>
<option value="csv">CSV</option><option value="tsv">TSV</option><option value="turtle">Turtle (CONSTRUCT)</option>
<option value="ntriples">N-Triples (CONSTRUCT)</option></select></label>
<button type="submit">Run</button></p>
</form>""")

PLAIN_PAGE = PAGE.format(title="graph", body="""<h1>newsgraph</h1>
<p>The graph view is not available here ({reason}).</p>
<p>Query the graph on the <a href="/query">query page</a>, or point a SPARQL client at <code>/sparql</code>.</p>""")


def make_app(store, *, timeout: float = DEFAULT_TIMEOUT, html: str | None = None, workers: int = DEFAULT_WORKERS,
             cors: bool = False, max_result_bytes: int = MAX_RESULT_BYTES,
             host_names: tuple[str, ...] = ()) -> SparqlApp:
    """The endpoint's WSGI app over ``store`` (a GraphStore); call ``.close()`` to stop its workers.

    A read-only store on disk is opened again by each worker; any other store (in memory, or open for
    writing) is copied into the workers as a snapshot. ``html`` replaces the graph page at ``/``.
    """
    if store.read_only and store.path is not None:
        source: tuple[str, object] = ("path", str(store.path))
    else:
        source = ("nquads", store.export("nquads"))
    pool = WorkerPool(source, size=workers, timeout=timeout, max_bytes=max_result_bytes)
    return SparqlApp(store, pool, html=html, cors=cors, host_names=host_names)


def is_loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(app, host: str = "127.0.0.1", port: int = 8000, threads: int = 8):
    """A waitress server for ``app`` that refuses a body past MAX_QUERY_BYTES while it arrives (not after
    buffering it), holds many slow connections without locking others out, and drops idle ones."""
    from waitress.server import create_server

    return create_server(app, host=host, port=port, threads=threads, ident="newsgraph",
                         max_request_body_size=MAX_QUERY_BYTES, connection_limit=CONNECTION_LIMIT,
                         channel_timeout=CHANNEL_TIMEOUT)


def serve(store, *, host: str = "127.0.0.1", port: int = 8000, timeout: float = DEFAULT_TIMEOUT,
          workers: int = DEFAULT_WORKERS, threads: int = 8, cors: bool = False, on_ready=None,
          host_names: tuple[str, ...] = ()) -> None:
    """Serve ``make_app(store)`` with waitress until interrupted; ``on_ready(url)`` is called once listening.

    Requests whose Host is not a localhost name, one of ``host_names`` or the address listened on are refused.
    """
    names = tuple(host_names) + ((host,) if host not in ("0.0.0.0", "::", "") else ())
    app = make_app(store, timeout=timeout, workers=workers, cors=cors,
                   host_names=tuple(f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names))
    try:
        try:
            server = make_server(app, host=host, port=port, threads=threads)
        except OSError as e:
            raise NewsgraphError(f"cannot listen on {host}:{port}: {e.strerror or e} "
                                 f"(pick another --port, or stop what is using it)") from None
        if on_ready:
            shown = f"[{host}]" if ":" in host else host
            on_ready(f"http://{shown}:{server.effective_port}/")
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.task_dispatcher.shutdown()
            server.close()
    finally:
        app.close()
