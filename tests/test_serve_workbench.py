"""The workbench at /query: YASGUI and our script served from the package, the named queries as examples, a
Content-Security-Policy that allows this server only, and the plain form at /query?simple=1 (in-process)."""

from __future__ import annotations

import io
import json
import re
import urllib.parse
from importlib import resources
from wsgiref.util import setup_testing_defaults

import pytest

from graph.serve import make_app
from graph.store import GraphStore


@pytest.fixture(scope="module")
def app():
    store = GraphStore(None)
    a = make_app(store, workers=1, html="<html><body>drawn graph</body></html>")
    yield a
    a.close()
    store.close()


def call(app, path: str, params: dict | None = None) -> tuple[int, dict, bytes]:
    """One GET through the WSGI app in-process: (status code, headers, body)."""
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": urllib.parse.urlencode(params or {}),
        "wsgi.input": io.BytesIO(b""),
    }
    setup_testing_defaults(environ)
    seen: dict = {}

    def start_response(status, headers):
        seen["status"], seen["headers"] = int(status.split()[0]), dict(headers)

    body = b"".join(app(environ, start_response))
    return seen["status"], seen["headers"], body


def test_query_page_is_the_workbench_from_this_server_only(app):
    status, headers, body = call(app, "/query")
    page = body.decode("utf-8")
    assert status == 200 and 'src="/static/yasgui.min.js"' in page and 'src="/static/workbench.js"' in page
    assert re.findall(r'(?:src|href)="([^"]+)"', page) == [
        "data:,",
        "/static/yasgui.min.css",
        "/static/workbench.css",
        "/",
        "/query?simple=1",
        "/static/yasgui.min.js",
        "/static/workbench.js",
    ]
    csp = dict(d.strip().split(" ", 1) for d in headers["Content-Security-Policy"].split(";"))
    assert csp["default-src"] == "'none'" and csp["connect-src"] == "'self'" and csp["script-src"] == "'self'"


def test_simple_form_is_still_reachable(app):
    status, headers, body = call(app, "/query", params={"simple": "1"})
    assert status == 200 and b'<form method="post" action="/sparql">' in body and b"<script" not in body


def test_examples_are_the_named_queries(app):
    from click.testing import CliRunner

    from graph.cli import cli

    status, headers, body = call(app, "/query/examples.json")
    data = json.loads(body)
    shipped = sorted(
        f.name[:-3] for f in (resources.files("graph.ontology") / "queries").iterdir() if f.name.endswith(".rq")
    )
    assert status == 200 and [q["name"] for q in data["queries"]] == shipped
    folder = resources.files("graph.ontology") / "queries"
    assert all(q["query"] == (folder / f"{q['name']}.rq").read_text(encoding="utf-8") for q in data["queries"])
    # the same names `newsgraph query --named` knows
    assert CliRunner().invoke(cli, ["query", "--named", "nope"]).output.endswith(f"known: {', '.join(shipped)}\n")
    assert data["endpoint"] == "/sparql" and data["prefixes"]["ng"] == "https://w3id.org/newsgraph/ns#"


@pytest.mark.parametrize(
    "name,ctype",
    [
        ("yasgui.min.js", "text/javascript"),
        ("yasgui.min.css", "text/css"),
        ("workbench.js", "text/javascript"),
        ("workbench.css", "text/css"),
    ],
)
def test_static_files_come_from_the_package(app, name, ctype):
    status, headers, body = call(app, f"/static/{name}")
    assert status == 200 and headers["Content-Type"].startswith(ctype)
    assert body == (resources.files("graph.serve") / "static" / name).read_bytes()


@pytest.mark.parametrize(
    "path",
    [
        "/static/README.md",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/",
        "/static//etc/passwd",
        "/static/yasgui.min.js.map",
    ],
)
def test_only_the_listed_static_files_are_served(app, path):
    status, _, body = call(app, path)
    assert status == 404 and b"no static file" in body


def test_vendored_yasgui_is_the_pinned_build_and_calls_no_font_or_analytics_host():
    folder = resources.files("graph.serve") / "static"
    readme = (folder / "README.md").read_text(encoding="utf-8")
    js = (folder / "yasgui.min.js").read_text(encoding="utf-8")
    css = (folder / "yasgui.min.css").read_text(encoding="utf-8")
    assert "@zazuko/yasgui` 4.6.2" in readme and "4.6.2" in (folder / "LICENSE").read_text(encoding="utf-8")
    assert "url(http" not in css and "@import" not in css  # no remote fonts or styles
    for host in ("fonts.googleapis", "fonts.gstatic", "google-analytics", "googletagmanager", "prefix.cc/popular"):
        assert host not in js and host not in css
