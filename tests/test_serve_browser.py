"""The SPARQL workbench at /query in headless Chromium: `newsgraph serve` on a store built from data/, YASGUI
runs a named query and shows its rows, a typo shows where and how to fix it, and no request leaves the machine.

Every request the page makes is routed here: one to any host but the local server is aborted and fails the
test. A request the page's Content-Security-Policy stops never reaches the network, so a CSP report in the
console fails the test too: together they catch YASGUI's remote look-ups, whichever layer stops them.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from importlib import resources
from urllib.parse import urlsplit

import pytest

from graph.store import GraphStore

from .helpers import CHROMIUM, ROOT

pytestmark = [
    pytest.mark.browser,
    pytest.mark.model,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Chromium at /usr/bin/chromium "
        "(Debian: apt-get install chromium; .ci/run installs it when run as root)",
    ),
]


@pytest.fixture(scope="module")
def server(seeds_store_path):
    """`newsgraph serve` on a free loopback port (--port 0); its base URL. Stopped after the module."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", seeds_store_path, "--port", "0", "--workers", "1"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line, deadline = "", time.monotonic() + 120
        while "serving" not in line and time.monotonic() < deadline and proc.poll() is None:
            line = proc.stderr.readline()
        found = re.search(r"at (http://127\.0\.0\.1:\d+/) ", line)
        assert found, f"serve did not start: {line!r} (exit code {proc.poll()})"
        yield found.group(1)
    finally:
        proc.terminate()
        proc.wait(10)


@pytest.fixture
def workbench(browser, server):
    """The workbench page, loaded; afterwards, asserts that nothing left the machine and the page had no error."""
    here = urlsplit(server).netloc
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    outside, csp, errors, local = [], [], [], []

    def route(r):
        if urlsplit(r.request.url).netloc == here:
            local.append(r.request.url)
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page.on("console", lambda m: csp.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(server + "query")
    page.wait_for_function("() => window.newsgraphWorkbench", timeout=20000)
    yield page
    page.wait_for_timeout(300)  # late requests (autocompletion, lazy plugins) still get caught
    context.close()
    assert outside == [], f"requests left the machine: {outside}"
    assert csp == [], f"the page tried to reach beyond its Content-Security-Policy: {csp}"
    assert errors == []
    assert server + "static/yasgui.min.js" in local and server + "query/examples.json" in local


def run(page) -> None:
    page.click(".tabPanel.active .yasqe_queryButton")


def test_a_named_query_tab_runs_and_shows_its_rows(workbench, seeds_store_path):
    with GraphStore(seeds_store_path, read_only=True) as store:
        want = store.select((resources.files("graph.ontology") / "queries" / "mentions.rq").read_text("utf-8"))
    assert len(want) > 5
    tabs = workbench.eval_on_selector_all(".tabsList .tab a", "els => els.map(e => e.textContent.replace('✖', ''))")
    assert {"figures", "said", "mentions", "claims", "conflicts", "timeline"} <= {t.strip() for t in tabs}
    workbench.click(".tabsList .tab a:has-text('mentions')")
    assert "GROUP_CONCAT" in workbench.evaluate("() => newsgraphWorkbench.getTab().getYasqe().getValue()")
    run(workbench)
    rows = ".tabPanel.active .yasr table.dataTable tbody tr"
    workbench.wait_for_selector(rows, timeout=20000)
    shown = workbench.eval_on_selector_all(rows, "trs => trs.map(tr => tr.innerText)")
    assert len(shown) == min(len(want), 50)  # the table's first page
    assert want[0]["name"] in shown[0] and str(want[0]["articles"]) in shown[0]


def test_typed_query_on_the_predeclared_prefixes_runs_without_an_editor_error(workbench):
    workbench.click(".tabsList .tab a:has-text('entities')")
    editor = workbench.locator(".tabPanel.active .CodeMirror")
    editor.click()
    workbench.keyboard.press("Control+A")
    workbench.keyboard.press("Delete")
    # typed key by key, with Ctrl+Space where YASGUI's own completers would ask LOV for classes and properties
    for part in ("SELECT ?who WHERE { ?e a schema:Per", "son ; skos:pref", "Label ?who . } ORDER BY ?who"):
        workbench.keyboard.type(part, delay=5)
        workbench.keyboard.press("Control+Space")
        workbench.wait_for_timeout(300)
        if workbench.is_visible(".CodeMirror-hints"):  # Escape closes a hint list (without one it leaves the editor)
            workbench.keyboard.press("Escape")
    assert workbench.evaluate("() => newsgraphWorkbench.getTab().getYasqe().getValue()") == (
        "SELECT ?who WHERE { ?e a schema:Person ; skos:prefLabel ?who . } ORDER BY ?who"
    )
    assert workbench.query_selector(".tabPanel.active .parseErrorIcon") is None
    run(workbench)
    workbench.wait_for_selector(".tabPanel.active .yasr table.dataTable tbody tr", timeout=20000)
    people = workbench.eval_on_selector_all(".tabPanel.active .yasr table.dataTable tbody tr", "t => t.length")
    assert people >= 3


def test_a_typo_shows_line_column_and_the_keyword_meant(workbench):
    workbench.evaluate("() => newsgraphWorkbench.getTab().getYasqe().setValue('SELECT ?x\\nWHRE { ?x ?p ?o }')")
    run(workbench)
    workbench.wait_for_selector(".tabPanel.active .yasr .errorResult", timeout=20000)
    text = workbench.inner_text(".tabPanel.active .yasr .errorResult")
    assert "SPARQL syntax error at line 2, column 1: WHRE is not a SPARQL keyword; did you mean WHERE?" in text


def test_the_endpoint_cannot_be_changed_from_the_page(workbench, server):
    assert not workbench.is_visible(".tabPanel.active .autocompleteWrapper input")
    got = workbench.evaluate("() => newsgraphWorkbench.getTab().getYasqe().config.requestConfig().endpoint")
    assert got == server + "sparql"
