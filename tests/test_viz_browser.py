"""The graph page in headless Chromium: it renders offline, tooltips show evidence, hostile text stays text.

Every request that is not for the page's own file is aborted and recorded; each test asserts there was none.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

import pytest

from graph.outputs import viz

from .helpers import CHROMIUM
from .viz_corpus import PAYLOAD, corpus, event_corpus, hostile_store, make_store, synthetic_graph

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(),
        reason="needs Chromium at /usr/bin/chromium "
        "(Debian: apt-get install chromium; .ci/run installs it when run as root)",
    ),
]


@dataclass
class Opened:
    page: object
    errors: list = field(default_factory=list)
    requests: list = field(default_factory=list)
    dialogs: list = field(default_factory=list)
    console: list = field(default_factory=list)

    def js(self, expr: str, arg=None):
        return self.page.evaluate(expr, arg)

    def hover(self, index: int) -> str:
        """Move the mouse onto node ``index``; the tooltip's text once shown."""
        x, y = self.js(
            """i => { const n = newsgraph.network, p = n.canvasToDOM(n.getPosition(i));
                         const r = document.getElementById('graph').getBoundingClientRect();
                         return [r.left + p.x, r.top + p.y]; }""",
            index,
        )
        self.page.mouse.move(x - 30, y - 30)
        self.page.mouse.move(x, y, steps=4)
        self.page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
        under = self.js(
            "([x, y]) => { const r = document.getElementById('graph').getBoundingClientRect();"
            " return newsgraph.network.getNodeAt({x: x - r.left, y: y - r.top}); }",
            [x, y],
        )
        assert under == index, "another node covers this one"
        return self.page.inner_text("#tooltip")


@pytest.fixture
def open_page(browser, tmp_path):
    pages = []

    def open_(html: str) -> Opened:
        path = tmp_path / f"page{len(pages)}.html"
        path.write_text(html, encoding="utf-8")
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        pages.append(page)
        o = Opened(page)
        page.on("pageerror", lambda e: o.errors.append(str(e)))
        page.on("console", lambda m: o.console.append(m.text))

        def on_dialog(d):
            o.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", on_dialog)

        def route(r):  # every request is routed here: only the page's own file may load
            if r.request.url == path.as_uri():
                r.continue_()
            else:
                o.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        page.wait_for_selector("body[data-state=stable]", timeout=60_000)
        return o

    yield open_
    for p in pages:
        p.close()


def assert_clean(o: Opened) -> None:
    assert o.errors == [], o.errors
    assert o.requests == [], f"the page made requests beyond its own file: {o.requests}"
    assert not [u for u in o.requests if u.startswith(("http:", "https:"))]
    assert not [m for m in o.console if "Content Security Policy" in m], o.console


def index_of(graph, label: str) -> int:
    return next(i for i, n in enumerate(graph.nodes) if n.label == label)


@pytest.mark.model
def test_seeds_page_renders_every_node_and_shows_evidence(seeds_store, open_page):
    graph = viz.graph_data(seeds_store)
    o = open_page(viz.render_html(graph=graph))
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes) > 0
    assert o.js("newsgraph.edges.length") == len(graph.edges)
    assert o.page.inner_text("#summary").startswith(f"{len(graph.nodes)} nodes, {len(graph.edges)} edges")
    person = max((n for n in graph.nodes if n.type == "Person"), key=lambda n: n.mentions)
    text = o.hover(graph.nodes.index(person))
    assert person.label in text and f"Mentions\n{person.mentions}" in text
    figure = next(n for n in graph.nodes if n.type == "Figure" and n.evidence)
    o.page.mouse.move(1, 1)
    o.page.wait_for_selector("#tooltip", state="hidden")
    o.hover(graph.nodes.index(figure))
    ev = figure.evidence[0]
    assert o.page.inner_text("#tooltip mark") == ev.text[ev.start : ev.end]
    assert_clean(o)


@pytest.fixture(scope="module")
def small():
    exs, keys = corpus()
    store = make_store(exs, keys)
    return viz.graph_data(store), store


def test_filters_by_type_and_article_and_search_finds_a_name(small, open_page):
    graph, _ = small
    o = open_page(viz.render_html(graph=graph))
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes)
    o.page.click('label[data-type="Person"] input')
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes) - sum(n.type == "Person" for n in graph.nodes)
    o.page.click('label[data-type="Person"] input')
    o.page.select_option("#article", label="DHS count \u00b7 Wire Service \u00b7 2021-12-17")
    assert o.js("newsgraph.visibleCount()") == sum("a2" in n.articles for n in graph.nodes)
    o.page.fill("#search", "gelernt")
    o.page.press("#search", "Enter")  # a node hidden by the article filter: the filter is lifted
    assert o.js("newsgraph.network.getSelectedNodes()") == [index_of(graph, "Lee Gelernt")]
    assert o.page.inner_text("#tooltip h3") == "Lee Gelernt"
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes)
    assert_clean(o)


def test_focus_and_node_limit_say_what_is_drawn(small, open_page):
    _, store = small
    o = open_page(viz.render_html(store, focus="Lee Gelernt", depth=1))
    focus = viz.graph_data(store, focus="Lee Gelernt", depth=1)
    assert o.js("newsgraph.visibleCount()") == len(focus.nodes)
    assert "around Lee Gelernt, depth 1" in o.page.inner_text("#summary")
    o = open_page(viz.render_html(store, max_nodes=3))
    notice = o.page.inner_text("#notice")
    assert notice.startswith(f"Showing the 3 most connected of {len(small[0].nodes)} nodes. Left out:")
    assert_clean(o)


def test_story_event_is_drawn_with_its_reports_in_the_tooltip(open_page):
    from graph.derive.events import refresh_events

    store = make_store(*event_corpus())
    refresh_events(store)
    graph = viz.graph_data(store)
    o = open_page(viz.render_html(graph=graph))
    event = index_of(graph, "pull out \u00b7 2021-12-16")
    assert o.js("i => newsgraph.network.body.nodes[i] !== undefined", event)  # drawn, not only in the data
    assert o.page.inner_text('label[data-type="Event"]').split() == ["events", "1"]
    text = o.hover(event)
    assert "Reported by\nTalks collapse" in text and "DOJ quits" in text and PAYLOAD in text
    assert o.js("Array.from(document.querySelectorAll('#tooltip mark'), m => m.textContent)") == ["pulled out"] * 2
    assert o.js("typeof window.__pwned") == "undefined" and o.js("document.images.length") == 0
    assert_clean(o)


def test_big_page_draws_precomputed_positions_without_physics(open_page):
    graph = synthetic_graph(viz.PHYSICS_LIMIT + 100)
    o = open_page(viz.render_html(graph=graph))
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes)
    assert o.js("newsgraph.network.physics.physicsEnabled") is False
    first = o.js("newsgraph.network.getPosition(0)")
    assert (first["x"], first["y"]) == viz.layout(graph)[graph.nodes[0].id]
    assert "P 0" in o.hover(0)
    assert_clean(o)


def test_empty_page_still_opens(open_page):
    o = open_page(viz.render_html(graph=viz.GraphData((), ())))
    assert o.js("newsgraph.visibleCount()") == 0
    assert o.page.inner_text("#summary") == "0 nodes, 0 edges"
    assert_clean(o)


def test_hostile_article_text_shows_as_text_and_runs_nothing(open_page):
    store, name, said = hostile_store()
    graph = viz.graph_data(store)
    o = open_page(viz.render_html(graph=graph))
    assert o.js("typeof window.__pwned") == "undefined"
    assert o.dialogs == []
    assert o.js("document.images.length") == 0
    assert o.js("document.scripts.length") == 6  # four JSON data blocks, vis-network, the page's own code
    assert o.js("newsgraph.visibleCount()") == len(graph.nodes)
    text = o.hover(index_of(graph, name))
    assert name in text
    o.page.mouse.move(1, 1)
    quote = next(i for i, n in enumerate(graph.nodes) if n.type == "Quote")
    o.hover(quote)
    assert o.page.inner_text("#tooltip mark") == said
    options = o.js("Array.from(document.querySelectorAll('#article option'), x => x.textContent)")
    assert f"Title {PAYLOAD}" in options[1] and f"Outlet {PAYLOAD}" in options[1]
    o.page.fill("#search", "Evil")
    assert o.js("Array.from(document.querySelectorAll('#matches button'), b => b.textContent)") == [name]
    assert o.js("typeof window.__pwned") == "undefined" and o.js("document.images.length") == 0
    assert_clean(o)


def wait_until(o: Opened, expr: str, seconds: float = 10) -> None:
    """Poll ``expr`` from outside the page (the page's policy forbids the eval that wait_for_function needs)."""
    end = time.monotonic() + seconds
    while not o.js(expr):
        assert time.monotonic() < end, f"still false after {seconds} s: {expr}"
        time.sleep(0.05)


def hubs_graph(hubs: int = 12, spokes: int = 30) -> viz.GraphData:
    """A few hundred nodes: people quoted many times (hubs) and their quotes (one link each)."""
    nodes = [viz.VizNode(f"h{i:02d}", "Person", f"Speaker {i}", 5) for i in range(hubs)]
    edges = []
    for i in range(hubs):
        for j in range(spokes):
            nodes.append(viz.VizNode(f"q{i:02d}{j:02d}", "Quote", f"Quote {i}.{j}"))
            edges.append(viz.VizEdge(f"h{i:02d}", f"q{i:02d}{j:02d}", viz.SAID))
        edges.append(viz.VizEdge(f"h{i:02d}", f"h{(i + 1) % hubs:02d}", viz.SAID_TO))
    return viz.GraphData(tuple(nodes), tuple(edges), total_nodes=len(nodes), total_edges=len(edges))


def test_a_few_hundred_nodes_label_only_the_most_connected_until_zoom_or_hover(open_page):
    graph = hubs_graph()
    assert len(graph.nodes) == 372 > viz.LABEL_ALL
    ranks = viz.label_ranks(graph)
    top = sorted(i for i, n in enumerate(graph.nodes) if ranks[n.id] < viz.LABELLED)
    assert {graph.nodes[i].label for i in top} >= {f"Speaker {i}" for i in range(12)}
    o = open_page(viz.render_html(graph=graph))
    assert o.js("newsgraph.labelledNodes()") == top
    # the labels drawn read at this zoom: 11 screen pixels or more
    assert (
        o.js("i => newsgraph.network.body.nodes[i].labelModule.fontOptions.size * newsgraph.network.getScale()", top[0])
        >= 11
    )
    leaf = next(i for i, n in enumerate(graph.nodes) if ranks[n.id] >= viz.LABELLED)
    o.hover(leaf)
    assert leaf in o.js("newsgraph.labelledNodes()")  # hovering labels the node
    o.page.mouse.move(1, 1)
    wait_until(o, f"!newsgraph.labelledNodes().includes({leaf})")
    box = o.page.locator("#graph").bounding_box()
    o.page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(6):
        o.page.mouse.wheel(0, -300)  # zoom in
    wait_until(o, f"newsgraph.labelledNodes().length > {len(top)}")
    assert set(top) < set(o.js("newsgraph.labelledNodes()"))
    assert_clean(o)


def test_a_small_page_labels_every_node(small, open_page):
    graph, _ = small
    o = open_page(viz.render_html(graph=graph))
    assert o.js("newsgraph.nodes.get().filter(n => n.label).length") == len(graph.nodes)
    assert_clean(o)


def test_focus_page_draws_only_the_neighbourhood(small, open_page):
    _, store = small
    near = viz.graph_data(store, focus="gelernt")
    o = open_page(viz.render_html(store, focus="gelernt"))
    shown = o.js("newsgraph.nodes.get().map(n => n.id)")
    assert sorted(o.js("newsgraph.data.nodes.map(n => n.l)")) == sorted(n.label for n in near.nodes)
    assert len(shown) == len(near.nodes) < len(graph_nodes(store))
    assert "around Lee Gelernt, depth 1" in o.page.inner_text("#summary")
    assert_clean(o)


def graph_nodes(store) -> tuple:
    return viz.graph_data(store).nodes
