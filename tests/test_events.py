"""Event rules on small hand-written sentences through the real model: predicate, arguments, time,
negation and modality, typed relations."""
from __future__ import annotations

from datetime import date

import pytest

from graph.extract import extract
from graph.extract.events import predicate_class


@pytest.fixture
def events_of(real_nlp, make_article):
    def run(text: str, day: date | None = date(2022, 3, 10)):
        art = make_article(text, day=day)
        return extract(real_nlp(text), art).events
    return run


def find(events, predicate):
    found = [e for e in events if e.predicate == predicate]
    assert found, f"no {predicate!r} event among {[e.predicate for e in events]}"
    return found[0]


@pytest.mark.model
def test_particle_verb_with_entity_actor_and_prepositional_object(events_of):
    e = find(events_of("The Acme Corporation pulled out of the merger talks in May 2019."), "pull out")
    assert e.actor is not None and e.actor.name.endswith("Acme Corporation")
    assert e.object_text == "merger talks"
    assert e.time is not None and e.time.span.text.endswith("May 2019")
    assert not e.negated and e.modality is None


@pytest.mark.model
def test_passive_agent_is_the_actor_and_subject_the_object(events_of):
    e = find(events_of("The bridge was closed by the Port Authority on Monday."), "close")
    assert e.actor is not None and "Port Authority" in e.actor.name
    assert e.object_text == "bridge"


@pytest.mark.model
def test_reporting_verbs_are_not_events_but_their_content_is(events_of):
    events = events_of("The mayor has resigned, city officials said Tuesday.")
    assert "say" not in {e.predicate for e in events}
    e = find(events, "resign")
    assert e.actor_text == "mayor"


@pytest.mark.model
def test_present_perfect_takes_the_reporting_date(events_of):
    e = find(events_of("The company has cancelled the contract."), "cancel")
    assert e.time is None and e.reported_on == date(2022, 3, 10)


@pytest.mark.model
def test_simple_past_without_a_date_stays_undated(events_of):
    e = find(events_of("The company cancelled the contract."), "cancel")
    assert e.time is None and e.reported_on is None


@pytest.mark.model
def test_no_article_date_no_reporting_date(events_of):
    e = find(events_of("The company has cancelled the contract.", day=None), "cancel")
    assert e.reported_on is None


@pytest.mark.model
def test_date_in_another_clause_is_not_the_events_time(events_of):
    events = events_of("A week later, the union revealed that the firm had fired the manager.")
    e = find(events, "fire")
    assert e.time is None and e.reported_on is None


@pytest.mark.model
def test_negation_is_kept_not_dropped(events_of):
    e = find(events_of("The governor did not sign the bill."), "sign")
    assert e.negated


@pytest.mark.model
def test_modal_and_intention_are_modality(events_of):
    events = events_of("The deal would have provided new housing. The council plans to build a new school. "
                       "Residents are seeking compensation.")
    assert find(events, "provide").modality == "would"
    assert find(events, "build").modality == "plan"
    assert find(events, "seek").modality == "seek"
    assert "plan" not in {e.predicate for e in events}


@pytest.mark.model
def test_light_verb_construction_becomes_its_noun(events_of):
    e = find(events_of("Governor Smith called an end to the curfew in March 2020."), "end")
    assert e.object_text == "curfew"
    assert e.actor is not None and e.actor.name.endswith("Smith")


@pytest.mark.model
def test_typed_relations(events_of):
    events = events_of("The president rescinded the travel policy. The city suspended the parking program. "
                       "The tenants sued the landlord.")
    assert find(events, "rescind").relation == "rescinded"
    assert find(events, "suspend").relation == "suspended"
    assert find(events, "sue").relation == "sues"


@pytest.mark.model
def test_open_predicate_has_no_relation(events_of):
    e = find(events_of("The tenants painted the hallway."), "paint")
    assert e.relation is None


@pytest.mark.model
def test_relative_pronoun_object_resolves_to_its_noun(events_of):
    e = find(events_of("The rule, which the agency suspended in June 2019, was popular."), "suspend")
    assert e.object_text == "rule"


def test_synonyms_share_a_predicate_class():
    assert predicate_class("pull out") == predicate_class("abandon") == predicate_class("withdraw")
    assert predicate_class("rescind") == predicate_class("repeal")
    assert predicate_class("paint") == "paint"


def test_a_pipeline_without_a_parser_gives_no_events(blank_nlp, make_article):
    text = "The company has cancelled the contract."
    ex = extract(blank_nlp(text), make_article(text), only=["events"])
    assert ex.events == ()


@pytest.mark.model
def test_verbs_picked_from_the_tag_arrays_are_the_ones_event_reads(real_nlp):
    from graph.extract.events import NOT_EVENT_DEPS, _verb_indices
    doc = real_nlp("Officials said the talks, which had stalled, would resume. A reported deal was seen as likely, "
                   "and the union has pulled out.")
    assert _verb_indices(doc) == [t.i for t in doc if t.pos_ == "VERB" and t.dep_ not in NOT_EVENT_DEPS]
    assert _verb_indices(doc)


@pytest.mark.model
def test_children_from_the_head_array_are_token_children(real_nlp):
    from graph.extract.events import _Children
    doc = real_nlp("The union, which had struck in May, said on Friday that it would not sign the deal its leaders "
                   "negotiated with the company.")
    children = _Children(doc)
    assert all([c.i for c in children.of(t.i)] == [c.i for c in t.children] for t in doc)
