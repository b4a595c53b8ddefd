"""Publishing: push to a real Oxigraph server started here, retries and errors against a scripted local server."""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import StoreError
from graph.push import Remote, graphs_to_push, push
from graph.store import GraphStore

from .helpers import ARTICLE, DATA, ENTITIES, generated_store, graph_counts

COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def oxigraph_binary() -> str:
    """The `oxigraph` server from the PyPI package of that name (pinned in the test extra)."""
    found = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not found:
        pytest.fail("the oxigraph server is not installed: pip install -e '.[test]'")
    return found


def _die_with_parent() -> None:
    """Linux: the server gets SIGTERM if pytest itself is killed, so no run leaves it behind."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal

        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@pytest.fixture(scope="module")
def oxigraph():
    """An in-memory Oxigraph server on a free loopback port; its base URL. Stopped after the module."""
    port = free_port()
    proc = subprocess.Popen(
        [oxigraph_binary(), "serve", "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=_die_with_parent,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=2).read()
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                pytest.fail(f"oxigraph did not start: {proc.stderr.read().decode()[-500:]}")
            time.sleep(0.1)
    yield base
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def remote_base(oxigraph):
    """The Oxigraph server, emptied before each test."""
    req = urllib.request.Request(
        f"{oxigraph}/update", data=b"CLEAR ALL", method="POST", headers={"Content-Type": "application/sparql-update"}
    )
    urllib.request.urlopen(req, timeout=10).read()
    return oxigraph


def remote_counts(base: str) -> dict[str, int]:
    url = f"{base}/query?" + urllib.parse.urlencode({"query": COUNT_BY_GRAPH})
    req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    rows = json.loads(urllib.request.urlopen(req, timeout=10).read())["results"]["bindings"]
    return {r["g"]["value"]: int(r["n"]["value"]) for r in rows}


@pytest.fixture(scope="module")
def store():
    s = generated_store()
    yield s
    s.close()


@pytest.mark.parametrize("how", ["graph_store", "endpoint"])
def test_pushing_twice_leaves_each_graph_once_with_the_local_counts(store, remote_base, how):
    remote = (
        Remote(graph_store=f"{remote_base}/store") if how == "graph_store" else Remote(endpoint=f"{remote_base}/update")
    )
    first = push(store, remote)
    second = push(store, remote)
    assert first.graphs == second.graphs == tuple(graphs_to_push(store))
    assert first.triples == second.triples == len(store)
    assert remote_counts(remote_base) == graph_counts(store)


def test_a_push_replaces_a_graph_rather_than_adding_to_it(remote_base):
    remote = Remote(graph_store=f"{remote_base}/store")
    big, small = generated_store(people=40), generated_store(people=10)
    push(big, remote)
    push(small, remote)
    assert remote_counts(remote_base) == graph_counts(small)


def test_article_graphs_go_first_then_the_shared_ones(store):
    graphs = graphs_to_push(store)
    assert graphs[-1] == ENTITIES
    assert all(g.startswith(ARTICLE) for g in graphs[:-1])
    assert graphs_to_push(store, ["a3"]) == [f"{ARTICLE}a3", ENTITIES]


# ---- a scripted local server for failures


class Script:
    """Answers the n-th request with statuses[n] (the last one repeats) and records what it was sent."""

    def __init__(self, statuses, fail_graph=None):
        self.statuses, self.fail_graph, self.requests = list(statuses), fail_graph, []


@pytest.fixture
def scripted():
    servers = []

    def start(statuses=(204,), fail_graph=None):
        script = Script(statuses, fail_graph)

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                script.requests.append((self.command, self.path, dict(self.headers), body))
                n = len(script.requests) - 1
                status = script.statuses[min(n, len(script.statuses) - 1)]
                if script.fail_graph and urllib.parse.quote(script.fail_graph, safe="") in self.path:
                    status = 400
                self.send_response(status)
                message = b"no such dataset" if status == 400 else b""
                self.send_header("Content-Length", str(len(message)))
                self.end_headers()
                self.wfile.write(message)

            do_POST = do_GET = do_PUT

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/store", script

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def test_transient_errors_are_retried_with_growing_waits(store, scripted):
    url, script = scripted([503, 502, 204])
    waits = []
    report = push(store, Remote(graph_store=url, backoff=0.5), sleep=waits.append)
    assert report.retries == 2
    assert waits == [0.5, 1.0]
    assert len(script.requests) == len(graphs_to_push(store)) + 2


def test_a_rejected_graph_is_named_and_not_retried(store, scripted):
    bad = f"{ARTICLE}a2"
    url, script = scripted([204], fail_graph=bad)
    with pytest.raises(StoreError) as info:
        push(store, Remote(graph_store=url), sleep=lambda s: None)
    message = str(info.value)
    assert f"push failed for graph <{bad}>" in message
    assert "HTTP 400" in message and "no such dataset" in message
    assert sum(urllib.parse.quote(bad, safe="") in path for _, path, _, _ in script.requests) == 1


def test_a_server_that_is_not_there_is_retried_then_named(store):
    url = f"http://127.0.0.1:{free_port()}/store"
    waits = []
    with pytest.raises(StoreError) as info:
        push(store, Remote(graph_store=url, retries=2, backoff=0.1), sleep=waits.append)
    assert f"push failed for graph <{graphs_to_push(store)[0]}>" in str(info.value)
    assert "Connection refused" in str(info.value) and "after 3 tries" in str(info.value)
    assert waits == [0.1, 0.2]


def store_on_disk(tmp_path, source) -> str:
    path = tmp_path / "store"
    with GraphStore(path) as s:
        s.load_quads(source.quads())
    return str(path)


def test_cli_push_sends_a_token_from_the_environment(store, scripted, tmp_path):
    url, script = scripted()
    result = CliRunner().invoke(
        cli,
        ["push", "--store", store_on_disk(tmp_path, store), "--graph-store", url, "--token-env", "MY_TOKEN"],
        env={"MY_TOKEN": "s3cret", "NEWSGRAPH_USER": None},
    )
    assert result.exit_code == 0, result.output
    assert f"pushed {len(graphs_to_push(store))} graphs, {len(store)} triples" in result.output
    assert {h["Authorization"] for _, _, h, _ in script.requests} == {"Bearer s3cret"}
    assert {h["Content-Type"] for _, _, h, _ in script.requests} == {"application/n-triples"}


def test_cli_push_sends_basic_auth_with_the_password_from_the_environment(store, scripted, tmp_path):
    url, script = scripted()
    result = CliRunner().invoke(
        cli,
        ["push", "--store", store_on_disk(tmp_path, store), "--graph-store", url, "--user", "admin"],
        env={"NEWSGRAPH_PASSWORD": "pw"},
    )
    assert result.exit_code == 0, result.output
    assert {h["Authorization"] for _, _, h, _ in script.requests} == {"Basic YWRtaW46cHc="}  # admin:pw


def test_cli_push_names_the_failing_graph(store, scripted, tmp_path):
    url, _ = scripted([204], fail_graph=ENTITIES)
    result = CliRunner().invoke(cli, ["push", "--store", store_on_disk(tmp_path, store), "--graph-store", url])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: push failed for graph <{ENTITIES}>: PUT {url} gave HTTP 400")


def test_cli_push_needs_somewhere_to_push(tmp_path):
    result = CliRunner().invoke(cli, ["push", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "give --graph-store URL" in result.output


@pytest.mark.model
@pytest.mark.slow
def test_build_with_an_endpoint_writes_the_same_graphs_to_the_remote(remote_base, tmp_path):
    path = tmp_path / "store"
    result = CliRunner().invoke(
        cli, ["build", str(DATA), "--store", str(path), "-q", "--endpoint", f"{remote_base}/update"]
    )
    assert result.exit_code == 0, result.output
    with GraphStore(path, read_only=True) as local:
        assert remote_counts(remote_base) == graph_counts(local)
        assert len(local.named_graphs()) > 1


# ---- hostile or unlucky servers: redirects, trickling bytes, malformed URLs


@pytest.fixture
def recorder(scripted):
    """A second local server that records anything sent to it: where a redirect points."""
    return scripted([204])


@pytest.mark.parametrize(
    "status,how",
    [
        (301, "--endpoint"),
        (302, "--endpoint"),
        (303, "--endpoint"),
        (307, "--graph-store"),
        (308, "--graph-store"),
        (302, "--graph-store"),
    ],
)
def test_a_redirect_is_an_error_naming_the_new_location_and_nothing_follows_it(store, tmp_path, recorder, status, how):
    elsewhere, seen_elsewhere = recorder
    seen = []

    class Redirect(BaseHTTPRequestHandler):
        def do_PUT(self):
            self.rfile.read(int(self.headers.get("Content-Length") or 0))
            seen.append(dict(self.headers))
            self.send_response(status)
            self.send_header("Location", elsewhere)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET = do_PUT

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        result = CliRunner().invoke(
            cli,
            ["push", "--store", store_on_disk(tmp_path, store), how, url, "--token-env", "MY_TOKEN"],
            env={"MY_TOKEN": "s3cret", "NEWSGRAPH_USER": None},
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 1
    assert result.output.startswith("Error: push failed for graph")
    assert f"HTTP {status}" in result.output and f"redirect to {elsewhere}" in result.output
    assert "pushed" not in result.output
    assert len(seen) == 1 and seen[0]["Authorization"] == "Bearer s3cret"
    assert seen_elsewhere.requests == []  # neither the data nor the token went to the other host


@pytest.fixture
def trickler():
    """A local server that answers every request one byte at a time, forever (at most 20 s, then it stops)."""
    stop = threading.Event()
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    mode = {"what": b"HTTP/1.1 200 OK\r\n" + b"X-Slow: " + b"y" * 10_000}
    deadline = time.monotonic() + 20

    def trickle(conn):
        with conn:
            conn.settimeout(0.5)
            try:
                conn.recv(65536)
                for byte in mode["what"]:
                    if stop.wait(0.05) or time.monotonic() > deadline:
                        return
                    conn.sendall(bytes([byte]))
            except OSError:
                return

    def accept():
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=trickle, args=(conn,), daemon=True).start()
        listener.close()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}/store", mode
    stop.set()


@pytest.mark.parametrize("where", ["headers", "body"])
def test_timeout_bounds_the_whole_request_against_a_trickling_server(store, trickler, where):
    url, mode = trickler
    if where == "body":
        mode["what"] = b"HTTP/1.1 200 OK\r\nContent-Length: 10000\r\n\r\n" + b"x" * 10_000
    start = time.monotonic()
    with pytest.raises(StoreError) as info:
        push(store, Remote(graph_store=url, timeout=1, retries=0), sleep=lambda s: None)
    elapsed = time.monotonic() - start
    assert elapsed < 3, f"a 1 s timeout held the push for {elapsed:.1f} s"
    assert "timed out after 1 s" in str(info.value)


def test_a_failure_says_how_many_graphs_were_written_and_that_pushing_again_resumes(store, scripted):
    url, script = scripted([204], fail_graph=ENTITIES)
    total = len(graphs_to_push(store))
    with pytest.raises(StoreError) as info:
        push(store, Remote(graph_store=url), sleep=lambda s: None)
    assert f"{total - 1} of {total} graphs were written before it: push again to resume" in str(info.value)
    assert info.value.written == total - 1


@pytest.mark.parametrize(
    "url",
    [
        "http://[::1/store",
        "http://localhost:port/store",
        "http:///store",
        "ftp://localhost/store",
        "http://local host/store",
    ],
)
def test_a_malformed_push_url_is_a_clean_error(tmp_path, url):
    result = CliRunner().invoke(cli, ["push", "--store", str(tmp_path), "--graph-store", url])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: ") and url in result.output
    assert "Traceback" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
