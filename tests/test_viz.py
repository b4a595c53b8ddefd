"""The graph page's data, selection, escaping and exports, on small hand-made stores (no model, no browser)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections import Counter
from datetime import date
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from graph.cli import cli
from graph.derive.entities import refresh_entities
from graph.errors import QueryError
from graph.outputs import viz
from graph.rdf import article_quads
from graph.records import Article, Extraction, Mention, Quote
from graph.store import GraphStore

from .viz_corpus import (
    PAYLOAD,
    corpus,
    disagreement_quads,
    event_corpus,
    figure_iri,
    hostile_store,
    make_store,
    span,
    synthetic_graph,
)


@pytest.fixture(scope="module")
def store():
    exs, keys = corpus()
    fig1 = figure_iri("a1", exs[0].article.text, "more than 5,600 children")
    fig2 = figure_iri("a2", exs[1].article.text, "3,913 children")
    return make_store(exs, keys, disagreement_quads(fig1, fig2, "disjoint intervals"))


@pytest.fixture(scope="module")
def graph(store):
    return viz.graph_data(store)


def by_label(graph, label):
    found = [n for n in graph.nodes if n.label == label]
    assert len(found) == 1, f"{label!r}: {[n.label for n in graph.nodes]}"
    return found[0]


def edges_between(graph, a, b):
    return [e for e in graph.edges if (e.source, e.target) == (a.id, b.id)]


# ---------------------------------------------------------------- data


def test_every_layer_becomes_nodes_with_their_types(graph):
    types = Counter(n.type for n in graph.nodes)
    assert types == {"Person": 1, "Organization": 4, "Article": 2, "Figure": 2, "Quote": 1, "Variable": 1, "Date": 1}, (
        types
    )
    assert {n.label for n in graph.nodes if n.type == "Organization"} == {"ACLU", "DHS", "Daily Ledger", "Wire Service"}


def test_entity_size_is_its_mention_count(graph):
    assert by_label(graph, "ACLU").mentions == 2
    assert by_label(graph, "DHS").mentions == 1


def test_figure_links_to_its_source_its_article_and_its_variable(graph):
    fig, aclu = by_label(graph, "more than 5,600 children"), by_label(graph, "ACLU")
    article = by_label(graph, "Families go back to court")
    assert [e.relation for e in edges_between(graph, aclu, fig)] == [viz.SAID]
    assert [e.relation for e in edges_between(graph, fig, article)] == [viz.REPORTED_BY]
    assert [e.relation for e in edges_between(graph, fig, by_label(graph, "children separated"))] == [viz.MEASURES]
    assert ("Bound", "at least") in fig.details and ("Stated by", "ACLU") in fig.details


def test_disagreeing_figures_are_joined_with_the_reason(graph):
    edges = [e for e in graph.edges if e.relation == viz.DISAGREES]
    assert len(edges) == 1
    ends = {next(n.label for n in graph.nodes if n.id == x) for x in (edges[0].source, edges[0].target)}
    assert ends == {"more than 5,600 children", "3,913 children"}
    assert edges[0].details == (("Reason", "disjoint intervals"),)
    assert ("Disagrees with", "3,913 children") in by_label(graph, "more than 5,600 children").details


def test_evidence_is_the_sentence_with_the_cited_words_marked(graph):
    fig = by_label(graph, "more than 5,600 children")
    (ev,) = fig.evidence
    assert ev.text == "The ACLU said more than 5,600 children were separated."
    assert ev.text[ev.start : ev.end] == "more than 5,600 children"
    assert ev.article == "a1"
    said = [e for e in graph.edges if e.relation == viz.SAID and e.source.endswith("person/lee-gelernt")]
    (ev,) = said[0].evidence
    assert ev.text[ev.start : ev.end] == "We are going back to court."


def test_role_joins_person_and_organization(graph):
    (edge,) = edges_between(graph, by_label(graph, "Lee Gelernt"), by_label(graph, "ACLU"))
    assert (edge.relation, edge.label) == (viz.ROLE_AT, "lawyer at")
    assert edge.evidence[0].text == "Lee Gelernt, a lawyer at the ACLU"


def test_a_date_is_one_node_linked_to_the_figure_it_dates(graph):
    june = by_label(graph, "2021-06")
    assert [e.relation for e in edges_between(graph, by_label(graph, "3,913 children"), june)] == [viz.AS_OF]


def test_event_mentions_are_drawn_on_request(store, graph):
    assert "EventMention" not in {n.type for n in graph.nodes}
    g = viz.graph_data(store, types="event-mentions,organizations,dates")
    (event,) = [n for n in g.nodes if n.type == "EventMention"]
    assert event.label == "identify"
    assert [e.relation for e in edges_between(g, by_label(g, "DHS"), event)] == [viz.DID]
    assert [e.relation for e in edges_between(g, event, by_label(g, "2021-06"))] == [viz.WHEN]
    assert event.evidence[0].text[event.evidence[0].start : event.evidence[0].end] == "identified"


@pytest.fixture(scope="module")
def event_store():
    from graph.derive.events import refresh_events

    store = make_store(*event_corpus())
    refresh_events(store)
    return store


def test_a_story_event_is_one_node_across_its_reports(event_store):
    g = viz.graph_data(event_store)
    (event,) = [n for n in g.nodes if n.type == "Event"]
    assert event.label == "pull out \u00b7 2021-12-16"
    assert event.articles == ("e1", "e2") and event.mentions == 2
    details = dict(event.details)
    assert (details["Date"], details["Actor"], details["Predicate"]) == ("2021-12-16", "Justice Department", "pull out")
    assert [v for k, v in event.details if k == "Reported by"] == [
        "Talks collapse \u00b7 Daily Ledger \u00b7 2021-12-16",
        "DOJ quits \u00b7 Wire Service \u00b7 2021-12-16",
    ]
    cited = [(ev.article, ev.text[ev.start : ev.end]) for ev in event.evidence]
    assert cited == [("e1", "pulled out"), ("e2", "pulled out")]
    assert event.evidence[0].text.endswith(PAYLOAD + ".")  # the sentence, kept as text for the page to escape
    assert [e.relation for e in edges_between(g, by_label(g, "Justice Department"), event)] == [viz.DID]
    assert [e.relation for e in edges_between(g, event, by_label(g, "2021-12-16"))] == [viz.WHEN]
    for article in ("Talks collapse", "DOJ quits"):
        (edge,) = edges_between(g, event, by_label(g, article))
        assert edge.relation == viz.REPORTED_BY and edge.evidence


def test_undated_events_and_event_mentions_are_drawn_on_request(event_store):
    assert {n.type for n in viz.graph_data(event_store).nodes} & {"UndatedEvent", "EventMention"} == set()
    g = viz.graph_data(event_store, types="events,undated,event mentions")
    assert Counter(n.type for n in g.nodes) == {"Event": 1, "UndatedEvent": 1, "EventMention": 3}
    (undated,) = [n for n in g.nodes if n.type == "UndatedEvent"]
    assert undated.label == "meet" and ("Date", "not given") in undated.details
    event = next(n for n in g.nodes if n.type == "Event")
    reports = [e.target for e in g.edges if e.source == event.id and e.relation == viz.REPORTED_AS]
    assert sorted(n.articles for n in g.nodes if n.id in reports) == [("e1",), ("e2",)]
    # the node limit counts story events like any other node
    small = viz.graph_data(event_store, types="events,undated,event mentions", max_nodes=2)
    assert len(small.nodes) == 2 and sum(n for _, n in small.omitted) == len(g.nodes) - 2


def test_a_vague_event_date_shows_its_interval():
    from graph.derive.events import refresh_events

    exs, keys = corpus()
    s = make_store(exs, keys)
    refresh_events(s)
    g = viz.graph_data(s, types="events,dates,organizations")
    (event,) = [n for n in g.nodes if n.type == "Event"]
    assert event.label == "identify \u00b7 2021-06"
    assert ("Date", "2021-06 (2021-06-01..2021-06-30)") in event.details
    assert [e.relation for e in edges_between(g, event, by_label(g, "2021-06"))] == [viz.WHEN]


def test_types_keep_only_the_chosen_kinds(store):
    g = viz.graph_data(store, types="people,quotes")
    assert {n.type for n in g.nodes} == {"Person", "Quote"}
    ids = {n.id for n in g.nodes}
    assert g.edges and all(e.source in ids and e.target in ids for e in g.edges)


def test_unknown_type_names_the_known_ones():
    with pytest.raises(QueryError, match="unknown node type 'peeple'.*people.*undated-events, event-mentions"):
        viz.parse_types("peeple")


def test_type_words_name_the_three_kinds_of_event():
    assert viz.parse_types("events") == ("Event",)
    assert viz.parse_types("undated, undated events") == ("UndatedEvent",)
    assert viz.parse_types("event-mentions,Event mentions") == ("EventMention",)
    assert viz.parse_types(None) == viz.DEFAULT_TYPES and "Event" in viz.DEFAULT_TYPES


def test_article_keeps_what_one_article_holds(store):
    g = viz.graph_data(store, article="a2")
    assert "Lee Gelernt" not in {n.label for n in g.nodes}
    assert {"DHS", "3,913 children", "DHS count"} <= {n.label for n in g.nodes}
    with pytest.raises(QueryError, match="no article 'zz'.*a1, a2"):
        viz.graph_data(store, article="zz")


def test_focus_draws_one_neighbourhood(store, graph):
    lee = by_label(graph, "Lee Gelernt")
    assert [n.label for n in viz.graph_data(store, focus="lee gelernt", depth=0).nodes] == ["Lee Gelernt"]
    near = {e.target for e in graph.edges if e.source == lee.id} | {e.source for e in graph.edges if e.target == lee.id}
    g = viz.graph_data(store, focus="Lee Gelernt", depth=1)
    assert {n.id for n in g.nodes} == near | {lee.id}
    assert g.focus == ("Lee Gelernt",) and g.depth == 1


@pytest.mark.parametrize("name", ["Gelernt", "gelernt", "LEE GELERNT", "  Lee   Gelernt "])
def test_focus_finds_an_entity_as_said_does_by_any_name_form(store, name):
    g = viz.graph_data(store, focus=name)
    assert g.focus == ("Lee Gelernt",) and g.depth == 1  # depth 1 unless asked
    assert {"Lee Gelernt", "ACLU", "\u201cWe are going back to court.\u201d"} <= {n.label for n in g.nodes}
    assert "DHS" not in {n.label for n in g.nodes}


def test_focus_on_a_name_part_that_is_not_a_last_name_is_an_error(store):
    with pytest.raises(QueryError, match="--focus 'Gel': no node with that name"):
        viz.graph_data(store, focus="Gel")


def test_focus_joins_every_entity_the_name_matches():
    text = "Ann Park met Joe Park. Ann Park said \u201cWe agree.\u201d"
    ann = Mention(span(text, "Ann Park"), "Ann Park", "Person")
    joe = Mention(span(text, "Joe Park"), "Joe Park", "Person")
    ex = Extraction(
        Article("p1", text, date(2022, 3, 1)),
        mentions=(ann, joe),
        quotes=(Quote(span(text, "We agree."), speaker=ann),),
    )
    s = make_store([ex], {ann: "person/ann-park", joe: "person/joe-park"})
    g = viz.graph_data(s, focus="park", depth=0)
    assert sorted(n.label for n in g.nodes) == ["Ann Park", "Joe Park"] and sorted(g.focus) == ["Ann Park", "Joe Park"]


def test_unknown_focus_suggests_close_names(store):
    with pytest.raises(QueryError, match="did you mean: Lee Gelernt"):
        viz.graph_data(store, focus="Lee Gelernd")
    with pytest.raises(QueryError, match="give a name or a last name; `newsgraph entities` lists every name form"):
        viz.graph_data(store, focus="Zzyzx Qwv")


def test_node_limit_keeps_the_most_connected_and_counts_the_rest(graph, store):
    degree = Counter([e.source for e in graph.edges] + [e.target for e in graph.edges])
    g = viz.graph_data(store, max_nodes=3)
    assert len(g.nodes) == 3 and g.total_nodes == len(graph.nodes)
    assert min(degree[n.id] for n in g.nodes) >= max(degree[n.id] for n in graph.nodes if n not in g.nodes)
    assert sum(n for _, n in g.omitted) == len(graph.nodes) - 3
    assert f"of {len(graph.nodes)} nodes" in g.summary()
    data = viz.page_data(g)
    assert data["summary"]["total_nodes"] == len(graph.nodes) and data["summary"]["omitted"]


def test_missing_layers_and_empty_stores_still_draw():
    text = "Nothing named here."
    only_article = make_store([Extraction(Article("solo", text, None))], {})
    g = viz.graph_data(only_article)
    assert [(n.type, n.label) for n in g.nodes] == [("Article", "solo")] and g.edges == ()
    empty = viz.graph_data(GraphStore(None))
    assert empty.nodes == () and empty.summary() == "0 nodes, 0 edges"
    assert 'id="graph-data"' in viz.render_html(graph=empty)


# ---------------------------------------------------------------- the page


def inline_scripts(html: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", html, flags=re.S)


def test_page_loads_nothing_from_the_network(store):
    html = viz.render_html(store)
    assert not re.findall(r"<(?:script|link|img|iframe|object|embed|source)\b[^>]*\b(?:src|href)\s*=", html, re.I)
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', html).group(1)
    assert "default-src 'none'" in csp and "connect-src 'none'" in csp
    scripts = inline_scripts(html)
    assert len(scripts) == 2  # vis-network, then the page's own code
    for s in scripts:  # the policy allows exactly these scripts, so injected ones cannot run
        digest = base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp
    assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]


def test_article_text_cannot_close_the_data_block_or_add_markup():
    store, name, said = hostile_store()
    html = viz.render_html(store)
    assert html.lower().count("</script") == 6  # the four data blocks' and the two scripts' own closing tags
    assert "<img" not in html and 'onerror="' not in html
    blocks = dict(re.findall(r'<script type="application/json" id="([a-z-]+)">(.*?)</script>', html, re.S))
    assert sorted(blocks) == ["graph-data", "vis-edges", "vis-nodes", "vis-options"]
    assert all(not set(b) & set("<>&") for b in blocks.values())
    assert viz.short_label(name) in {n["label"] for n in json.loads(blocks["vis-nodes"])}  # escaped by |tojson
    data = json.loads(blocks["graph-data"])
    labels = {n["l"] for n in data["nodes"]}
    assert name in labels and data["articles"][0]["title"] == f"Title {PAYLOAD}"
    assert any(e[0].count(said) for n in data["nodes"] for e in n.get("e", []))


def test_title_is_escaped():
    html = viz.render_html(graph=viz.GraphData((), ()), title='<b>"x"</b>')
    assert "<title>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</title>" in html and "<h1>&lt;b&gt;&#34;x&#34;&lt;/b&gt;</h1>" in html


@given(st.text())
def test_json_for_html_round_trips_without_markup_characters(text):
    out = viz.json_for_html({"t": text})
    assert not set(out) & set("<>&\u2028\u2029")
    assert json.loads(out) == {"t": text}


def test_big_pages_get_positions_and_are_deterministic():
    g = synthetic_graph(viz.PHYSICS_LIMIT + 50)
    html = viz.render_html(graph=g)
    assert html == viz.render_html(graph=g)
    data = json.loads(re.search(r'id="graph-data">(.*?)</script>', html, re.S).group(1))
    drawn = json.loads(re.search(r'id="vis-nodes">(.*?)</script>', html, re.S).group(1))
    assert data["positioned"] and all("x" in n and "y" in n for n in drawn)
    pos = viz.layout(g)
    neighbours = [abs(complex(*pos[e.source]) - complex(*pos[e.target])) for e in g.edges if e.relation == viz.SAID]
    spread = abs(complex(*pos["p0000"]) - complex(*pos[f"p{len(g.nodes) // 2 - 2:04d}"]))
    assert sorted(neighbours)[len(neighbours) // 2] < spread  # linked nodes sit closer than opposite ones


def test_small_pages_lay_out_in_the_browser(graph):
    assert viz.page_data(graph)["positioned"] is False
    assert viz.network(graph).options["physics"]["enabled"] is True


def test_two_pages_from_one_store_are_the_same_bytes(store):
    first, second = viz.render_html(store).encode(), viz.render_html(store).encode()
    assert first == second and b'id="vis-nodes"' in first
    assert b'<meta name="generator" content="newsgraph viz">' in first  # our own page, never news


def test_the_page_inlines_the_vendored_vis_network_and_no_pyvis_file(store):
    html = viz.render_html(store)
    vendored = (Path(viz.__file__).parent / "static" / "vis-network.min.js").read_text(encoding="utf-8")
    assert vendored.startswith("/**\n * vis-network") and "@version 9.1.2" in vendored[:300]
    assert f"<script>{vendored}</script>" in html
    assert (Path(viz.__file__).parent / "static" / "vis-network.LICENSE-MIT.txt").read_text().startswith("The MIT")
    assert "templates/lib" not in html and "cdn" not in html.lower().split("<script>")[0]


# ---------------------------------------------------------------- exports and command


@pytest.mark.parametrize("fmt,read", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_graphml_and_gexf_hold_every_node_and_relation(store, graph, tmp_path, fmt, read):
    out = tmp_path / f"g.{fmt}"
    summary = viz.write_network(store, out, fmt)
    assert summary == graph.summary()
    g = read(out)
    assert g.number_of_nodes() == len(graph.nodes) and g.number_of_edges() == len(graph.edges)
    relations = Counter(d["relation"] for _, _, d in g.edges(data=True))
    assert relations == Counter(e.relation for e in graph.edges)
    labels = {d["label"]: d for _, d in g.nodes(data=True)}
    assert {"Lee Gelernt", "ACLU", "DHS", "3,913 children", "children separated"} <= set(labels)
    assert labels["ACLU"]["type"] == "Organization" and int(labels["ACLU"]["mentions"]) == 2
    assert labels["3,913 children"]["cited"] == "3,913 children" and labels["3,913 children"]["bound"] == "exactly"
    assert "lastmodifieddate" not in out.read_text()


def test_to_networkx_of_a_store_is_the_graph_with_its_links(store, graph):
    from graph import to_networkx

    g = to_networkx(store)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(graph.nodes), len(graph.edges)) == (12, 17)
    lee, aclu = by_label(graph, "Lee Gelernt"), by_label(graph, "ACLU")
    assert g.nodes[lee.id]["label"] == "Lee Gelernt" and g.nodes[lee.id]["type"] == "Person"
    assert [d["relation"] for d in g.get_edge_data(lee.id, aclu.id).values()] == [viz.ROLE_AT]
    near = to_networkx(store, focus="Gelernt", depth=1)
    assert lee.id in near and "DHS" not in {d["label"] for _, d in near.nodes(data=True)}


@pytest.fixture(scope="module")
def disk_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("viz") / "store"
    exs, keys = corpus()
    with GraphStore(path) as s:
        for ex in exs:
            s.replace_article(ex.article.id, article_quads(ex, keys))
        refresh_entities(s)
    return path


def test_viz_focus_command_draws_the_neighbourhood_at_depth_one_by_default(disk_store, tmp_path):
    out = tmp_path / "g.graphml"
    r = CliRunner().invoke(
        cli, ["viz", "--store", str(disk_store), "-o", str(out), "--format", "graphml", "--focus", "gelernt"]
    )
    assert r.exit_code == 0, r.output
    with GraphStore(disk_store, read_only=True) as s:
        whole, near = viz.graph_data(s), viz.graph_data(s, focus="Lee Gelernt", depth=1)
    labels = {d["label"] for _, d in nx.read_graphml(out).nodes(data=True)}
    assert labels == {n.label for n in near.nodes} and len(labels) < len(whole.nodes)
    assert f"({near.summary()})" in r.output


def test_viz_command_writes_the_page_and_says_what_it_drew(disk_store, tmp_path):
    out = tmp_path / "page.html"
    r = CliRunner().invoke(cli, ["viz", "--store", str(disk_store), "-o", str(out), "--focus", "DHS", "--depth", "1"])
    assert r.exit_code == 0, r.output
    with GraphStore(disk_store, read_only=True) as s:
        expected = viz.graph_data(s, focus="DHS", depth=1).summary()
    assert f"wrote {out} ({expected})" in r.output
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_viz_command_errors(disk_store, tmp_path):
    def run(*args: str):
        return CliRunner().invoke(cli, ["viz", "--store", str(disk_store), "-o", str(tmp_path / "x"), *args])

    r = run("--focus", "Nobody At All")
    assert r.exit_code == 1 and "Error: --focus 'Nobody At All': no node with that name" in r.output
    assert "`newsgraph entities`" in r.output  # how to find a name that exists
    r = run("--types", "people,unicorns")
    assert r.exit_code == 2 and "unknown node type 'unicorns'" in r.output
    r = run("--format", "gexf")
    with GraphStore(disk_store, read_only=True) as s:
        drawn = viz.graph_data(s)
    g = nx.read_gexf(tmp_path / "x")
    assert r.exit_code == 0 and (g.number_of_nodes(), g.number_of_edges()) == (len(drawn.nodes), len(drawn.edges))
    assert {"Lee Gelernt", "DHS", "3,913 children"} <= {d["label"] for _, d in g.nodes(data=True)}


# ---------------------------------------------------------------- the seeds


@pytest.mark.model
def test_seeds_graph_matches_the_store(seeds_store):
    g = viz.graph_data(seeds_store, max_nodes=10_000)
    articles = seeds_store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")[0]["n"]
    assert sum(n.type == "Article" for n in g.nodes) == articles == 3
    figures = [n for n in g.nodes if n.type == "Figure"]
    assert figures
    article_ids = {n.id for n in g.nodes if n.type == "Article"}
    for f in figures:
        reported = [e.target in article_ids for e in g.edges if e.source == f.id and e.relation == viz.REPORTED_BY]
        assert reported == [True]
        assert f.evidence and f.evidence[0].end > f.evidence[0].start
    pairs = seeds_store.select(
        "SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?x ?y WHERE { "
        "{ ?x ng:disagreesWith ?y } UNION { ?y ng:disagreesWith ?x } "
        "FILTER(STR(?x) < STR(?y)) } }"
    )[0]["n"]
    assert sum(e.relation == viz.DISAGREES for e in g.edges) == pairs
    assert viz.graph_data(seeds_store, focus="Lee Gelernt", depth=1).focus == ("Lee Gelernt",)


@pytest.mark.model
def test_seeds_events_are_the_timeline(seeds_store):
    from graph.outputs.timeline import timeline

    g = viz.graph_data(seeds_store, types="events,undated,articles,dates", max_nodes=10_000)
    events = {n.id: n for n in g.nodes if n.type == "Event"}
    rows = timeline(seeds_store)
    assert rows and set(events) == {r.event for r in rows}
    assert sum(n.type == "UndatedEvent" for n in g.nodes) == len(timeline(seeds_store, undated=True)) - len(rows)
    ids = {n.id: n for n in g.nodes}
    for r in rows:
        n = events[r.event]
        assert n.label == f"{r.predicate} \u00b7 {r.date}" and n.articles == r.articles
        assert dict(n.details)["Date"].startswith(r.date)
        (when,) = [e for e in g.edges if e.source == n.id and e.relation == viz.WHEN]
        assert ids[when.target].type == "Date"
        reported = sorted(ids[e.target].label for e in g.edges if e.source == n.id and e.relation == viz.REPORTED_BY)
        assert len(reported) == len(r.articles) and len(n.evidence) >= len(r.articles)
