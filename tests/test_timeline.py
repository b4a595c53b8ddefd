"""One event across its reports, and the timeline: grouping rules on hand-made reports, then hand-written
articles and the seed articles through the real model, the store and the command."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from graph.derive.event_reports import Report
from graph.derive.events import group_reports
from graph.extract.event_keys import head_key
from graph.outputs.timeline import timeline


def report(article, predicate, start=0, **kw) -> Report:
    return Report(
        article=article,
        start=start,
        node=f"https://w3id.org/newsgraph/id/article/{article}#event-{start}",
        predicate=predicate,
        **kw,
    )


DAY = dict(begin=date(2022, 3, 10), end=date(2022, 3, 10))


def test_synonym_predicates_with_a_shared_object_are_one_event():
    a = report("a", "pull out", object_text="the negotiations", **DAY)
    b = report("b", "abandon", object_text="negotiations")
    (cluster,) = group_reports([a, b])
    assert {r.article for r in cluster.reports} == {"a", "b"}
    assert (cluster.begin, cluster.end) == (date(2022, 3, 10), date(2022, 3, 10))


def test_different_predicate_classes_stay_apart():
    a = report("a", "pull out", object_text="negotiations", **DAY)
    b = report("b", "launch", object_text="negotiations", **DAY)
    assert len(group_reports([a, b])) == 2


def test_no_shared_participant_stays_apart():
    a = report("a", "rescind", actor="x:biden", object_text="travel ban", **DAY)
    b = report("b", "repeal", actor="x:smith", object_text="tax", **DAY)
    assert len(group_reports([a, b])) == 2


def test_times_that_do_not_overlap_stay_apart():
    a = report("a", "end", actor="x:trump", object_text="practice", begin=date(2018, 6, 1), end=date(2018, 6, 30))
    b = report("b", "end", actor="x:trump", object_text="practice", begin=date(2021, 1, 1), end=date(2021, 12, 31))
    assert len(group_reports([a, b])) == 2


def test_an_undated_report_joins_the_dated_event_it_shares_most_with():
    early = report("a", "end", actor="x:trump", object_text="policy", begin=date(2018, 6, 1), end=date(2018, 6, 30))
    late = report("b", "rescind", actor="x:biden", object="x:zt", begin=date(2021, 1, 1), end=date(2021, 12, 31))
    undated = report("c", "rescind", actor="x:biden", object="x:zt")
    clusters = group_reports([early, late, undated])
    joined = next(c for c in clusters if any(r.article == "c" for r in c.reports))
    assert {r.article for r in joined.reports} == {"b", "c"}


def test_an_undated_report_in_a_much_later_article_stays_apart():
    dated = report("a", "sign", object_text="contract", begin=date(2008, 3, 27), end=date(2008, 3, 27))
    later = report("b", "sign", object_text="a contract", published=date(2009, 6, 18))
    soon = report("c", "sign", object_text="the contract", published=date(2008, 4, 2))
    clusters = group_reports([dated, later, soon])
    assert sorted(sorted(r.article for r in c.reports) for c in clusters) == [["a", "c"], ["b"]]


def test_nothing_joins_an_event_dated_after_the_article():
    dated = report("a", "sign", object_text="contract", begin=date(2010, 1, 5), end=date(2010, 1, 5))
    earlier = report("b", "sign", object_text="contract", published=date(2009, 12, 1))
    assert len(group_reports([dated, earlier])) == 2


def test_undated_reports_in_two_articles_need_the_same_actor_and_object():
    a = report("a", "kill", actor_text="the crash", object_text="people")
    b = report("b", "kill", actor_text="the storm", object_text="people")
    c = report("c", "kill", actor_text="crash", object_text="228 people")
    clusters = group_reports([a, b, c])
    assert sorted(sorted(r.article for r in c.reports) for c in clusters) == [["a", "c"], ["b"]]


def test_a_name_inside_another_is_a_shared_participant():
    a = report("a", "end", participants=(("x:biden-admin", "Biden administration"),), object_text="program", **DAY)
    b = report("b", "rescind", participants=(("x:biden", "Biden"),), object_text="directive", **DAY)
    assert len(group_reports([a, b])) == 1


def test_head_key_is_the_singular_head_word():
    assert head_key("the negotiations") == head_key("negotiations") == "negotiation"
    assert head_key("new policies") == "policy"
    assert head_key("the press") == "press"


# ---- through the real model and the store
STORY = [
    {
        "id": "wire-1",
        "date": "2022-03-10",
        "text": "The Acme Corporation has pulled out of the merger talks, "
        "its lawyers said on Thursday. The company did not pay the fine.",
    },
    {
        "id": "wire-2",
        "date": "2022-03-10",
        "text": "Acme Corporation abandoned the merger talks, according to "
        "people familiar with the matter. Acme Corporation would have paid a fee.",
    },
    {"id": "wire-3", "date": None, "text": "The Globex Corporation opened a new factory in Ohio in May 2019."},
]


@pytest.fixture(scope="module")
def story_store(tmp_path_factory):
    from graph.pipeline import build
    from graph.store import GraphStore

    folder = tmp_path_factory.mktemp("story")
    (folder / "story.jsonl").write_text("\n".join(json.dumps(a) for a in STORY) + "\n", encoding="utf-8")
    store = GraphStore(folder / "store")
    build([folder / "story.jsonl"], store)
    yield store, folder / "store"
    store.close()


@pytest.mark.model
def test_two_outlets_one_event_dated_by_the_present_perfect(story_store):
    store, _ = story_store
    events = [e for e in timeline(store) if e.predicate in ("pull out", "abandon")]
    assert len(events) == 1
    assert events[0].articles == ("wire-1", "wire-2")
    assert events[0].date == "2022-03-10"


@pytest.mark.model
def test_the_shared_event_links_each_report_and_its_span(story_store):
    store, _ = story_store
    rows = store.select("""
        SELECT ?doc ?anchor WHERE {
          GRAPH <https://w3id.org/newsgraph/graph/events> { ?ev ng:predicate "pull out" ; ng:eventMention ?m }
          GRAPH ?g { ?m ng:mentionedIn ?a ; prov:wasDerivedFrom ?span . ?a schema:identifier ?doc .
                     ?span nif:anchorOf ?anchor }
        } ORDER BY ?doc""")
    assert [(r["doc"], r["anchor"]) for r in rows] == [("wire-1", "pulled out"), ("wire-2", "abandoned")]


@pytest.mark.model
def test_negated_and_hypothetical_events_are_not_in_the_timeline(story_store):
    store, _ = story_store
    preds = {e.predicate for e in timeline(store, undated=True)}
    assert "pay" not in preds


@pytest.mark.model
def test_about_keeps_matching_events_only(story_store):
    store, _ = story_store
    events = timeline(store, about="globex")
    assert [e.predicate for e in events] == ["open"]
    assert events[0].date == "2019-05"
    assert timeline(store, about='x" } UNION { ?s ?p ?o') == []  # a bound parameter, never pasted into the query


@pytest.mark.model
def test_timeline_command_prints_json_events(story_store):
    from graph.cli import cli

    _, path = story_store
    result = CliRunner().invoke(cli, ["timeline", "--store", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert rows and {"date", "actor", "predicate", "object", "articles"} <= set(rows[0])
    assert [r["begin"] for r in rows] == sorted(r["begin"] for r in rows)


def test_timeline_command_without_a_store_is_a_handled_error(tmp_path):
    from graph.cli import cli

    result = CliRunner().invoke(cli, ["timeline", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "Error: no store at" in result.output


# ---- the seed articles
@pytest.mark.model
def test_seeds_withdrawal_from_the_talks_is_one_event_in_all_three_articles(seeds_store):
    events = [e for e in timeline(seeds_store) if e.predicate in ("pull out", "abandon", "withdraw")]
    assert len(events) == 1
    assert events[0].date == "2021-12-16"
    assert len(events[0].articles) == 3
    assert "Justice" in events[0].actor


@pytest.mark.model
def test_seeds_timeline_has_the_policy_events_in_order(seeds_store):
    events = timeline(seeds_store)
    assert any(e.date and e.date.startswith("2018-06") and "Trump" in (e.actor or "") for e in events)
    assert any(e.relation == "rescinded" and "Biden" in (e.actor or "") and e.date.startswith("2021") for e in events)
    assert any(
        e.predicate == "launch"
        and "Civil Liberties" in (e.actor or "")
        and e.begin >= "2021-12-13"
        and e.end <= "2021-12-19"
        for e in events
    )
    assert [e.begin for e in events] == sorted(e.begin for e in events)


@pytest.mark.model
def test_blocked_grouping_equals_comparing_every_event(seeds_store):
    """Blocking by shared keys must not change which reports are grouped, only how many are compared."""
    from graph.derive.event_reports import read_reports
    from graph.derive.events import Cluster, group_reports

    reports = read_reports(seeds_store)

    def brute(reports):
        clusters = []
        for r in sorted(reports, key=lambda r: (r.begin is None, r.end is None, r.article, r.start)):
            best, best_score = None, 0
            for c in clusters:
                if c.kind == r.kind and c.overlaps(r) and c.shared(r) > best_score:
                    best, best_score = c, c.shared(r)
            if best is None:
                best = Cluster(r.kind)
                clusters.append(best)
            best.add(r)
        return clusters

    def members(clusters):
        return sorted(tuple(sorted(x.node for x in c.reports)) for c in clusters)

    assert len(reports) > 20
    assert members(group_reports(reports)) == members(brute(reports))


def test_reports_are_found_by_index_through_their_text_their_entities_and_their_entities_names():
    """The lookups an incremental build regroups by: a key finds the reports of its kind whose text gave it
    (ng:groupKey), that name the entity, or that name an entity whose name has the word."""
    import pyoxigraph as ox

    from graph.derive.events import reports_with_keys
    from graph.extract.event_keys import group_key
    from graph.rdf import ng, skos
    from graph.readback import entity_labels_by_iri
    from graph.store import GraphStore
    from graph.vocab import ENTITIES_GRAPH

    base = "https://w3id.org/newsgraph/id/"
    article = ox.NamedNode(base + "article/a")
    by_text, by_entity, by_name = (ox.NamedNode(f"{base}article/a#event-{i}") for i in range(3))
    trump, ice = ox.NamedNode(base + "person/donald-trump"), ox.NamedNode(base + "org/ice")
    store = GraphStore(None)
    store.load_quads(
        [
            ox.Quad(by_text, ng.groupKey, ox.Literal(group_key("end", "head:negotiation")), article),
            ox.Quad(by_entity, ng.actor, ice, article),
            ox.Quad(by_name, ng.participant, trump, article),
            ox.Quad(trump, skos.prefLabel, ox.Literal("Donald Trump"), ox.NamedNode(ENTITIES_GRAPH)),
        ]
    )
    named = {"donald": {trump.value}, "trump": {trump.value}}
    assert entity_labels_by_iri(store) == {trump.value: "Donald Trump"}
    keys = {("end", "head:negotiation"), ("sue", ice.value), ("end", "donald"), ("end", "nobody")}
    assert sorted(reports_with_keys(store, keys, named)) == sorted(
        [(by_text.value, "end"), (by_entity.value, "sue"), (by_name.value, "end")]
    )
    assert reports_with_keys(store, {("sue", "head:negotiation")}, named) == []  # another kind's key
