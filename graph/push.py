"""``newsgraph push``: publish the store's named graphs to a SPARQL 1.1 server.

Each graph is replaced whole, one request per graph: an HTTP PUT of its N-Triples to the server's
Graph Store HTTP Protocol URL, or, where a server offers only SPARQL Update, one
``DROP SILENT GRAPH ; INSERT DATA`` request (servers run one update request as one transaction).
Pushing twice leaves the same remote data. Transient failures (refused or reset connections,
time-outs, 5xx, 408, 429) are retried with exponential backoff; any other failure stops the push
with an error that names the graph and says how many graphs were already written.

Redirects are never followed (a followed 301/302/303 turns the POST into a bodyless GET and would carry
the credentials to another host): a 3xx is an error naming the new location. ``timeout`` bounds a whole
request, connect to last byte, so a server trickling bytes cannot hold a push past it.
"""

from __future__ import annotations

import base64
import socket
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

from .errors import PushError, StoreError

RETRY_STATUS = {408, 429, 500, 502, 503, 504}
MAX_BACKOFF = 30.0


@dataclass(frozen=True)
class Remote:
    """Where and how to write: a Graph Store Protocol URL (preferred) or a SPARQL Update endpoint."""

    endpoint: str | None = None
    graph_store: str | None = None
    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)
    timeout: float = 60.0
    retries: int = 5
    backoff: float = 0.5

    def __post_init__(self):
        if not (self.endpoint or self.graph_store):
            raise StoreError(
                "nowhere to push: give a SPARQL Update endpoint (--endpoint URL) or a Graph Store "
                "Protocol URL (--graph-store URL)"
            )
        for url in filter(None, (self.endpoint, self.graph_store)):
            _check_url(url)
        if self.token and self.user:
            raise StoreError("give either a user and password or a token, not both")

    @property
    def method(self) -> str:
        return "Graph Store Protocol" if self.graph_store else "SPARQL Update"

    def auth_header(self) -> dict[str, str]:
        if self.token:
            return {"Authorization": f"Bearer {self.token}"}
        if self.user:
            pair = f"{self.user}:{self.password or ''}".encode()
            return {"Authorization": "Basic " + base64.b64encode(pair).decode("ascii")}
        return {}


def _check_url(url: str) -> None:
    """A StoreError naming ``url`` unless it is a well-formed http(s) URL with a host."""
    example = "(for example http://localhost:7878/store)"
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number in 0-65535
    except ValueError as e:
        raise StoreError(f"malformed URL {url!r}: {e} {example}") from None
    if parts.scheme not in ("http", "https"):
        raise StoreError(f"not an http(s) URL: {url!r} {example}")
    if not parts.hostname:
        raise StoreError(f"no host in the URL {url!r} {example}")
    if any(c.isspace() or ord(c) < 32 for c in url):
        raise StoreError(f"malformed URL {url!r}: it contains spaces or control characters {example}")


@dataclass(frozen=True)
class PushReport:
    """What a push wrote."""

    graphs: tuple[str, ...]
    triples: int
    retries: int
    seconds: float

    def summary(self) -> str:
        n = len(self.graphs)
        return f"pushed {n} graph{'s' * (n != 1)}, {self.triples} triples in {self.seconds:.1f} s" + (
            f" ({self.retries} retried request{'s' * (self.retries != 1)})" if self.retries else ""
        )


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    body: bytes
    headers: dict[str, str]


def graphs_to_push(store, article_ids: Iterable[str] | None = None) -> list[str]:
    """Named graphs in push order: article graphs first, then shared graphs (entities and any others).

    With ``article_ids``, only those articles' graphs (the ones a build just covered) and the shared graphs.
    """
    from .rdf import article_iri

    article_prefix = article_iri("x").value[:-1]
    graphs = store.named_graphs()
    shared = [g for g in graphs if not g.startswith(article_prefix)]
    articles = [g for g in graphs if g.startswith(article_prefix)]
    if article_ids is not None:
        wanted = {article_iri(a).value for a in article_ids}
        articles = [g for g in articles if g in wanted]
    return articles + shared


def graph_ntriples(store, graph: str) -> tuple[bytes, int]:
    """One named graph as sorted N-Triples (so a push sends the same bytes every time) and its triple count."""
    import pyoxigraph as ox

    from .store import serialize

    result = store.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % graph)
    lines = sorted(set(serialize(result, ox.RdfFormat.N_TRIPLES).splitlines(keepends=True)))
    return b"".join(lines), len(lines)


def graph_request(remote: Remote, graph: str, ntriples: bytes) -> HttpRequest:
    """The one HTTP request that replaces ``graph`` on the remote with ``ntriples``."""
    headers = {"User-Agent": "newsgraph", **remote.auth_header()}
    if remote.graph_store:
        sep = "&" if "?" in remote.graph_store else "?"
        url = f"{remote.graph_store}{sep}graph={quote(graph, safe='')}"
        return HttpRequest("PUT", url, ntriples, {**headers, "Content-Type": "application/n-triples"})
    update = f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n".encode() + ntriples + b"} }\n"
    assert remote.endpoint is not None  # a Remote has a Graph Store URL or an update endpoint
    return HttpRequest(
        "POST", remote.endpoint, update, {**headers, "Content-Type": "application/sparql-update; charset=utf-8"}
    )


class _Transient(Exception):
    """A failure worth retrying; ``wait`` is the server's Retry-After, if it gave one."""

    def __init__(self, message: str, wait: float | None = None):
        super().__init__(message)
        self.wait = wait


ERROR_BODY_LIMIT = 64 * 1024  # bytes of a response read at most (an error's text, or a body nobody needs)


class _Deadline:
    """Shuts the request's socket when ``seconds`` have passed, whatever the request is waiting for.

    httpx's timeouts are per operation (connect, each read, each write), so a server sending a byte
    a second never trips them; this bounds the request as a whole.
    """

    def __init__(self, seconds: float):
        self.seconds, self.expired, self.sock = seconds, False, None
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def trace(self, event: str, info: dict) -> None:
        if event in ("connection.connect_tcp.complete", "connection.connect_unix_socket.complete"):
            stream = info.get("return_value")
            with self._lock:
                self.sock = stream.get_extra_info("socket") if stream is not None else None
                if self.expired:
                    self._shut()

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            self._shut()

    def _shut(self) -> None:
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass

    def check(self) -> None:
        if self.expired:
            raise _Transient(f"timed out after {self.seconds:g} s (the whole request, --timeout)")

    def __enter__(self):
        self._timer.start()
        return self

    def __exit__(self, *exc):
        self._timer.cancel()


def send(req: HttpRequest, timeout: float) -> None:
    """Send one request within ``timeout`` seconds in total, never following a redirect.

    Raises _Transient for failures worth retrying and _Rejected for the rest.
    """
    import httpx

    with _Deadline(timeout) as deadline:
        try:
            with httpx.Client(follow_redirects=False, timeout=httpx.Timeout(timeout)) as client:
                with client.stream(
                    req.method, req.url, content=req.body, headers=req.headers, extensions={"trace": deadline.trace}
                ) as resp:
                    body = bytearray()
                    for chunk in resp.iter_raw():
                        deadline.check()
                        if len(body) < ERROR_BODY_LIMIT:
                            body += chunk
                    deadline.check()
        except httpx.InvalidURL as e:
            raise _Rejected(None, f"malformed URL: {e}") from None
        except (httpx.TransportError, OSError) as e:
            deadline.check()
            if isinstance(e, httpx.UnsupportedProtocol):
                raise _Rejected(None, f"cannot reach the server: {e}") from None
            raise _Transient(f"{type(e).__name__}: {e}") from None
    status, reason = resp.status_code, resp.reason_phrase
    if 300 <= status < 400:
        location = resp.headers.get("Location")
        where = f" to {urljoin(req.url, location)}" if location else " (no Location given)"
        raise _Rejected(status, f"HTTP {status} {reason}: a redirect{where}, which push does not follow")
    if status >= 400:
        detail = _server_says(bytes(body[:2000]))
        if status in RETRY_STATUS:
            raise _Transient(f"HTTP {status} {reason}{detail}", _retry_after(resp.headers.get("Retry-After")))
        raise _Rejected(status, f"HTTP {status} {reason}{detail}")


class _Rejected(Exception):
    def __init__(self, status: int | None, message: str):
        super().__init__(message)
        self.status = status


def _server_says(body: bytes) -> str:
    text = body.decode("utf-8", "replace").strip()
    return f": {' '.join(text.split())[:300]}" if text else ""


def _retry_after(value: str | None) -> float | None:
    try:
        return min(float(value), MAX_BACKOFF) if value else None
    except ValueError:
        return None


REDIRECT_FIX = (
    "the server answered with a redirect, which push does not follow so that the data and the "
    "credentials go only where you said: if the new location is right, push to it"
)
FIXES = {
    **{code: REDIRECT_FIX for code in (301, 302, 303, 307, 308)},
    401: "check --user and --password, or the token in the environment variable named by --token-env",
    403: "the server refuses writes for these credentials: check the account's rights, or that the URL is "
    "the writable service (Fuseki: /DATASET/data or /DATASET/update)",
    404: "check the URL: Oxigraph http://HOST:7878/store, Fuseki http://HOST:3030/DATASET/data, GraphDB "
    "http://HOST:7200/repositories/REPO/rdf-graphs/service",
    405: "this URL does not accept the request: pass the Graph Store Protocol URL as --graph-store, or the "
    "SPARQL Update URL as --endpoint",
    413: "the server limits request size: raise its limit (the graph is sent whole, to replace it in one step)",
    415: "the server does not read this media type: use its Graph Store Protocol URL with --graph-store",
}


def send_with_retries(req: HttpRequest, remote: Remote, graph: str, sleep: Callable[[float], None] = time.sleep) -> int:
    """Send ``req``, retrying transient failures with exponential backoff; returns how many retries it took."""
    for attempt in range(remote.retries + 1):
        try:
            send(req, remote.timeout)
            return attempt
        except _Transient as e:
            if attempt == remote.retries:
                raise StoreError(
                    f"push failed for graph <{graph}>: {req.method} {req.url.split('?')[0]} "
                    f"gave {e} after {remote.retries + 1} tries (is the server running and "
                    f"reachable? is --timeout long enough?)"
                ) from None
            sleep(e.wait if e.wait is not None else min(remote.backoff * 2**attempt, MAX_BACKOFF))
        except _Rejected as e:
            fix = FIXES.get(e.status or 0, "check the URL and the server's log")
            raise StoreError(
                f"push failed for graph <{graph}>: {req.method} {req.url.split('?')[0]} gave {e} ({fix})"
            ) from None
    raise AssertionError("unreachable")


def push(
    store,
    remote: Remote,
    graphs: Iterable[str] | None = None,
    progress: Callable[[int], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> PushReport:
    """Replace each of ``graphs`` (default: every named graph) on ``remote`` with the store's copy."""
    start = time.perf_counter()
    todo = graphs_to_push(store) if graphs is None else list(graphs)
    triples = retries = 0
    for done, graph in enumerate(todo):
        data, n = graph_ntriples(store, graph)
        try:
            retries += send_with_retries(graph_request(remote, graph, data), remote, graph, sleep)
        except StoreError as e:
            raise PushError(
                f"{e}; {done} of {len(todo)} graph{'s' * (len(todo) != 1)} were written before "
                f"it: push again to resume (graphs already written are replaced, not duplicated)",
                written=done,
                total=len(todo),
            ) from None
        triples += n
        if progress:
            progress(1)
    return PushReport(tuple(todo), triples, retries, time.perf_counter() - start)
