"""The SPARQL endpoint: protocol and negotiation in-process, then a real server queried with SPARQLWrapper."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from wsgiref.util import setup_testing_defaults

import pyoxigraph as ox
import pytest

from graph.serve import accepted, has_from, is_loopback, is_update, make_app, negotiate
from graph.store import GraphStore

from .helpers import ARTICLE, COUNT_BY_GRAPH, ENTITIES, generated_store, graph_counts

# four copies of every triple joined with each other: hundreds of quads make ~10^10 rows to count
CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def store():
    s = generated_store()
    yield s
    s.close()


@pytest.fixture(scope="module")
def app(store):
    a = make_app(store, timeout=2.0, html="<html><body>drawn graph</body></html>")
    yield a
    a.close()


@pytest.fixture(scope="module")
def base_url(app):
    """The app behind waitress on a free loopback port, stopped after the module."""
    from graph.serve import make_server

    server = make_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.effective_port}/"
    server.task_dispatcher.shutdown()
    server.close()
    thread.join(10)
    assert not thread.is_alive()


def call(app, method="GET", path="/sparql", params=None, body=b"", ctype=None, accept=None, host=None):
    """One request through the WSGI app in-process: (status code, headers, body)."""
    environ = {
        **({"HTTP_HOST": host} if host else {}),
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "QUERY_STRING": urllib.parse.urlencode(params or {}),
        "wsgi.input": io.BytesIO(body),
        "CONTENT_LENGTH": str(len(body)),
    }
    if ctype:
        environ["CONTENT_TYPE"] = ctype
    if accept:
        environ["HTTP_ACCEPT"] = accept
    setup_testing_defaults(environ)
    seen = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    out = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], out


# ---- pure parts


def test_accept_is_ranked_by_q_then_order():
    assert accepted("text/csv;q=0.5, application/sparql-results+json, */*;q=0.1, text/tsv;q=0") == [
        "application/sparql-results+json",
        "text/csv",
        "*/*",
    ]


@pytest.mark.parametrize(
    "kind,accept,fmt,want",
    [
        ("results", "", None, "json"),
        ("results", "text/csv", None, "csv"),
        ("results", "text/csv;q=0.2, application/sparql-results+xml", None, "xml"),
        ("results", "text/html, text/*", None, "csv"),
        ("results", "text/csv", "tsv", "tsv"),  # the parameter wins over the header
        ("results", "", "application/sparql-results+xml", "xml"),
        ("graph", "", None, "turtle"),
        ("graph", "application/n-triples", None, "ntriples"),
        ("graph", "application/sparql-results+json", None, "turtle"),  # nothing fits: the default
        ("graph", "", "xml", "rdfxml"),
        ("graph", "", "csv", None),  # no CSV for a graph
    ],
)
def test_negotiate(kind, accept, fmt, want):
    assert negotiate(kind, accept, fmt) == want


def test_updates_are_told_from_queries_by_their_first_keyword():
    assert is_update("PREFIX ex: <http://ex/>\nINSERT DATA { ex:a ex:b ex:c }")
    assert is_update("# comment\n drop graph <http://g>")
    assert not is_update('SELECT * WHERE { ?s ?p "INSERT DATA" }')
    assert not is_update("PREFIX drop: <http://x/delete>\nASK { ?s drop:x ?o }")


def test_from_is_seen_outside_strings_and_iris_only():
    assert has_from("SELECT * FROM <http://g/1> WHERE { ?s ?p ?o }")
    assert not has_from("SELECT * FROM NAMED <http://g/1> WHERE { GRAPH ?g { ?s ?p ?o } }")
    assert not has_from('SELECT * WHERE { ?s ?p "taken FROM here" }')


def test_loopback_hosts():
    assert all(map(is_loopback, ["127.0.0.1", "localhost", "::1", "[::1]", "127.1.2.3"]))
    assert not any(map(is_loopback, ["0.0.0.0", "::", "192.168.1.5", "example.org"]))


# ---- the app in-process


def test_select_counts_match_the_store(app, store):
    status, headers, body = call(app, params={"query": COUNT_BY_GRAPH})
    assert status == 200
    assert headers["Content-Type"] == "application/sparql-results+json"
    rows = json.loads(body)["results"]["bindings"]
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == graph_counts(store)


def test_default_graph_is_the_union_unless_the_query_or_request_names_one(app, store):
    union = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    one = f"SELECT (COUNT(*) AS ?n) FROM <{ARTICLE}a2> WHERE {{ ?s ?p ?o }}"

    def n(body):
        return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])

    assert n(call(app, params={"query": union})[2]) == len(store)
    assert n(call(app, params={"query": one})[2]) == graph_counts(store)[f"{ARTICLE}a2"]
    by_param = call(app, params={"query": union, "default-graph-uri": ENTITIES})[2]
    assert n(by_param) == graph_counts(store)[ENTITIES]


def test_construct_gives_turtle_or_ntriples(app, store):
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ENTITIES}> {{ ?s ?p ?o }} }}"
    status, headers, body = call(app, params={"query": q})
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == graph_counts(store)[ENTITIES]
    status, headers, body = call(app, params={"query": q}, accept="application/n-triples")
    assert headers["Content-Type"] == "application/n-triples"
    assert len(body.splitlines()) == graph_counts(store)[ENTITIES]
    status, _, body = call(app, params={"query": q, "format": "csv"})
    assert status == 400 and b"format=csv does not fit a CONSTRUCT" in body


@pytest.mark.parametrize(
    "request_kw",
    [
        {
            "method": "POST",
            "body": b"update=INSERT+DATA+%7B+%3Chttp%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%3Chttp%3A%2F%2Fc%3E+%7D",
            "ctype": "application/x-www-form-urlencoded",
        },
        {"method": "POST", "body": b"CLEAR ALL", "ctype": "application/sparql-update"},
        {"method": "GET", "params": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    ],
)
def test_updates_are_refused_and_change_nothing(app, store, request_kw):
    status, _, body = call(app, **request_kw)
    assert status == 403
    assert b"read-only" in body
    n = call(app, params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"})[2]
    assert int(json.loads(n)["results"]["bindings"][0]["n"]["value"]) == len(store)


@pytest.mark.parametrize(
    "request_kw,status,says",
    [
        ({"params": {}}, 400, b"no query"),
        ({"params": {"query": "SELEC nonsense"}}, 400, b"SPARQL syntax error"),
        ({"method": "POST", "body": b"{}", "ctype": "application/json"}, 415, b"application/sparql-query"),
        ({"method": "PUT", "body": b""}, 405, b"PUT is not supported"),
        ({"path": "/nowhere"}, 404, b"the endpoint is /sparql"),
        (
            {"method": "POST", "body": b"query=" + b"x" * 1_000_001, "ctype": "application/x-www-form-urlencoded"},
            413,
            b"larger than",
        ),
    ],
)
def test_bad_requests_say_what_to_do(app, request_kw, status, says):
    got, _, body = call(app, **request_kw)
    assert got == status
    assert says in body


def test_query_page_is_a_form_for_the_endpoint_without_outside_assets(app):
    status, headers, body = call(app, path="/query")
    page = body.decode("utf-8")
    assert status == 200 and headers["Content-Type"].startswith("text/html")
    assert '<form method="post" action="/sparql">' in page and 'name="query"' in page
    assert "http://" not in page and "https://" not in page


def test_html_results_are_a_table_with_one_row_per_solution(app, store):
    q = f"SELECT ?name WHERE {{ GRAPH <{ENTITIES}> {{ ?p schema:name ?name }} }}"
    status, _, body = call(
        app,
        method="POST",
        body=urllib.parse.urlencode({"query": q, "format": "html"}).encode(),
        ctype="application/x-www-form-urlencoded",
    )
    assert status == 200
    assert body.count(b"<tr><td>") == graph_counts(store)[ENTITIES]


def test_root_serves_the_graph_page(app):
    status, _, body = call(app, path="/")
    assert status == 200 and b"drawn graph" in body


def test_root_draws_with_the_viz_renderer_or_explains(monkeypatch, store):
    import graph.outputs.viz

    monkeypatch.setattr(graph.outputs.viz, "render_html", lambda s: f"<p>{len(s)} quads drawn</p>", raising=False)
    app = make_app(store, workers=1)
    try:
        assert call(app, path="/")[2] == f"<p>{len(store)} quads drawn</p>".encode()
    finally:
        app.close()

    def not_yet(s):
        raise NotImplementedError("viz is being built")

    monkeypatch.setattr(graph.outputs.viz, "render_html", not_yet, raising=False)
    app = make_app(store, workers=1)
    try:
        status, _, body = call(app, path="/")
        assert status == 200 and b"viz is being built" in body and b'href="/query"' in body
    finally:
        app.close()


def test_a_store_on_disk_is_served_from_its_files(tmp_path, store):
    path = tmp_path / "store"
    with GraphStore(path) as writable:
        writable.load_quads(store.quads())
    with GraphStore(path, read_only=True) as read_only:
        app = make_app(read_only, workers=1)
        try:
            status, _, body = call(app, params={"query": COUNT_BY_GRAPH, "format": "csv"})
        finally:
            app.close()
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert status == 200 and {r["g"]: int(r["n"]) for r in rows} == graph_counts(store)


# ---- a real server and a real client


def sparqlwrapper(base_url, query, fmt, method="GET", request_method=None):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(base_url + "sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setMethod(method)
    if request_method:
        sw.setRequestMethod(request_method)
    sw.setTimeout(30)
    return sw.queryAndConvert()


@pytest.mark.parametrize("method,request_method", [("GET", None), ("POST", "urlencoded"), ("POST", "postdirectly")])
def test_sparqlwrapper_json(base_url, store, method, request_method):
    from SPARQLWrapper import JSON

    result = sparqlwrapper(base_url, COUNT_BY_GRAPH, JSON, method, request_method)
    rows = result["results"]["bindings"]
    assert {r["g"]["value"]: int(r["n"]["value"]) for r in rows} == graph_counts(store)


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_csv(base_url, store, method):
    from SPARQLWrapper import CSV

    body = sparqlwrapper(base_url, COUNT_BY_GRAPH, CSV, method)
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8"))))
    assert {r["g"]: int(r["n"]) for r in rows} == graph_counts(store)


def test_sparqlwrapper_construct_as_turtle(base_url, store):
    from SPARQLWrapper import TURTLE

    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{ARTICLE}a1> {{ ?s ?p ?o }} }}"
    body = sparqlwrapper(base_url, q, TURTLE)
    assert len(list(ox.parse(body, format=ox.RdfFormat.TURTLE))) == graph_counts(store)[f"{ARTICLE}a1"]


@pytest.mark.parametrize(
    "accept,parse",
    [
        ("application/sparql-results+xml", lambda b: b.count(b"<result>")),
        ("text/tab-separated-values", lambda b: len(b.splitlines()) - 1),
    ],
)
def test_xml_and_tsv_by_accept_header(base_url, store, accept, parse):
    url = base_url + "sparql?" + urllib.parse.urlencode({"query": COUNT_BY_GRAPH})
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Accept": accept}), timeout=30) as resp:
        assert resp.headers["Content-Type"].startswith(accept)
        assert parse(resp.read()) == len(graph_counts(store))


def test_sparqlwrapper_update_is_refused(base_url, store):
    from SPARQLWrapper import JSON

    with pytest.raises(urllib.error.HTTPError) as info:
        sparqlwrapper(base_url, "INSERT DATA { <http://a> <http://b> <http://c> }", JSON, "POST")
    assert info.value.code == 403
    assert b"read-only" in info.value.read()


def timed_get(base_url, query):
    url = base_url + "sparql?" + urllib.parse.urlencode({"query": query})
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=60) as resp:
            return resp.status, resp.read(), time.monotonic() - start
    except urllib.error.HTTPError as e:
        return e.code, e.read(), time.monotonic() - start


def test_a_slow_query_is_cut_off_and_the_server_keeps_answering(base_url, app, store):
    """timeout is 2 s: the cross join is stopped near it, a query during it and one right after both answer."""
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    restarts = app.pool.restarts
    slow: dict = {}
    thread = threading.Thread(
        target=lambda: slow.update(zip(("status", "body", "seconds"), timed_get(base_url, CROSS_JOIN), strict=True))
    )
    thread.start()
    time.sleep(0.5)
    status, body, seconds = timed_get(base_url, count)  # the other worker answers meanwhile
    assert status == 200 and seconds < 1.5
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(store)
    thread.join(30)
    assert slow["status"] == 503
    assert b"query stopped after 2 s" in slow["body"]
    assert 2.0 <= slow["seconds"] < 6.0
    assert app.pool.restarts == restarts + 1
    status, body, seconds = timed_get(base_url, count)  # right after the cut
    assert status == 200 and seconds < 3.0
    assert int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) == len(store)


def test_serve_on_a_port_in_use_says_so(tmp_path, store):
    import socket

    from click.testing import CliRunner

    from graph.cli import cli

    path = tmp_path / "store"
    with GraphStore(path) as writable:
        writable.load_quads(store.quads())
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["serve", "--store", str(path), "--port", str(port), "--workers", "1"])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot listen on 127.0.0.1:{port}: ")
    assert "pick another --port" in result.output


# ---- hostile requests: outbound calls, foreign Host names, huge bodies, deep queries, dead workers


@pytest.mark.parametrize(
    "shape",
    [
        "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "select * where {{ service silent <{url}> {{ ?s ?p ?o }} }}",
        "SELECT * WHERE {{ ?s ?p ?o . SERVICE\n<{url}> {{ ?s ?q ?r }} }} LIMIT 1",
        "SELECT * WHERE {{ BIND(<{url}> AS ?u) SERVICE ?u {{ ?s ?p ?o }} }}",
    ],
)
def test_service_is_refused_and_no_connection_leaves(app, shape):
    import socket

    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(4)
        listener.settimeout(1.0)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        status, _, body = call(app, params={"query": shape.format(url=url)})
        with pytest.raises(socket.timeout):
            listener.accept()[0].close()
    assert status == 400 and b"SERVICE is refused" in body


def test_service_in_a_string_iri_or_variable_name_is_only_text(app):
    query = (
        'SELECT ?service WHERE { BIND("SERVICE <http://x/>" AS ?service) '
        "FILTER(?service != <http://example.org/SERVICE>) }"
    )
    status, _, body = call(app, params={"query": query, "format": "csv"})
    assert status == 200, body


@pytest.mark.parametrize(
    "host,status",
    [
        ("127.0.0.1:8000", 200),
        ("localhost:8000", 200),
        ("[::1]:8000", 200),
        ("localhost", 200),
        ("evil.example", 421),
        ("evil.example:8000", 421),
        ("127.0.0.1.evil.example", 421),
        ("localhost.evil.example:80", 421),
    ],
)
def test_only_localhost_names_are_answered_by_default(app, host, status):
    got, _, body = call(app, params={"query": "ASK {}"}, host=host)
    assert got == status, body
    if status == 421:
        assert b"--host-name" in body


def test_host_name_adds_a_name(store):
    app = make_app(store, workers=1, host_names=("graph.example.org",))
    try:
        assert call(app, params={"query": "ASK {}"}, host="graph.example.org:8000")[0] == 200
        assert call(app, params={"query": "ASK {}"}, host="other.example.org")[0] == 421
    finally:
        app.close()


def test_a_huge_body_is_refused_while_it_arrives(base_url):
    import socket

    port = int(base_url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Content-Length: 200000000\r\n\r\n"
        )
        start = time.monotonic()
        try:
            for _ in range(64):  # 2 MB of the 200 announced
                conn.sendall(b"#" * 32768)
        except OSError:
            pass  # the server already answered and closed
        answer = conn.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer
    assert time.monotonic() - start < 5


def test_a_chunked_body_past_the_limit_is_refused(base_url):
    import socket

    port = int(base_url.rstrip("/").rsplit(":", 1)[1])
    with socket.create_connection(("127.0.0.1", port), timeout=5) as conn:
        conn.sendall(
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n"
        )
        try:
            for _ in range(64):
                conn.sendall(b"8000\r\n" + b"#" * 32768 + b"\r\n")
        except OSError:
            pass
        answer = conn.recv(200)
    assert answer.startswith(b"HTTP/1.1 413"), answer


@pytest.mark.parametrize(
    "query",
    [
        "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
        "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }",
        "SELECT * WHERE { ?s ?p " + "[ ?p " * 5000 + "1" + " ]" * 5000 + " }",
    ],
)
def test_a_deeply_nested_query_is_refused_with_a_message_and_the_worker_lives(app, query):
    restarts = app.pool.restarts
    status, _, body = call(app, method="POST", body=query.encode(), ctype="application/sparql-query")
    assert status == 400 and b"nests more than" in body
    assert app.pool.restarts == restarts
    assert call(app, params={"query": "ASK {}"})[0] == 200


def test_dead_workers_are_replaced_and_a_lost_store_is_a_503_with_the_reason(tmp_path, store):
    import os
    import shutil
    import signal

    path = tmp_path / "store"
    with GraphStore(path) as writable:
        writable.load_quads(store.quads())
    with GraphStore(path, read_only=True) as read_only:
        app = make_app(read_only, workers=1, timeout=5)
    try:
        for pid in app.pool.pids():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        status, _, body = call(app, params={"query": "ASK {}"})
        assert status == 200, body  # the dead idle worker was replaced before the query went to it
        shutil.rmtree(path)
        for pid in app.pool.pids():
            os.kill(pid, signal.SIGKILL)
        time.sleep(0.5)
        start = time.monotonic()
        status, _, body = call(app, params={"query": "ASK {}"})
        while status != 503 and time.monotonic() - start < 20:
            status, _, body = call(app, params={"query": "ASK {}"})
        assert status == 503 and b"no query worker is running" in body and b"store folder" in body
        assert time.monotonic() - start < 20
    finally:
        app.close()


def test_150_slow_connections_do_not_lock_out_a_normal_query(base_url):
    import socket

    port = int(base_url.rstrip("/").rsplit(":", 1)[1])
    slow = []
    try:
        for _ in range(150):  # each sends part of its headers and then nothing
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            slow.append(s)
        time.sleep(0.5)
        status, body, seconds = timed_get(base_url, "ASK { ?s ?p ?o }")
        assert status == 200 and seconds < 5, (status, body, seconds)
    finally:
        for s in slow:
            s.close()
