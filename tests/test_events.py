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
    events = events_of(
        "The deal would have provided new housing. The council plans to build a new school. "
        "Residents are seeking compensation."
    )
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
    events = events_of(
        "The president rescinded the travel policy. The city suspended the parking program. "
        "The tenants sued the landlord."
    )
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
    ex = extract(blank_nlp(text), make_article(text), only=["entities", "dates", "events"])
    assert ex.events == ()


@pytest.mark.model
def test_verbs_picked_from_the_tag_arrays_are_the_ones_event_reads(real_nlp):
    from graph.extract.event_parse import NOT_EVENT_DEPS, verb_indices

    doc = real_nlp(
        "Officials said the talks, which had stalled, would resume. A reported deal was seen as likely, "
        "and the union has pulled out."
    )
    assert verb_indices(doc) == [t.i for t in doc if t.pos_ == "VERB" and t.dep_ not in NOT_EVENT_DEPS]
    assert verb_indices(doc)


@pytest.mark.model
def test_children_from_the_head_array_are_token_children(real_nlp):
    from graph.extract.event_parse import Children

    doc = real_nlp(
        "The union, which had struck in May, said on Friday that it would not sign the deal its leaders "
        "negotiated with the company."
    )
    children = Children(doc)
    assert all([c.i for c in children.of(t.i)] == [c.i for c in t.children] for t in doc)


# ---------------------------------------------------------------- rules on hand-built parses


def _doc(words, heads, deps, pos=None, spaces=None):
    import spacy
    from spacy.tokens import Doc

    return Doc(
        spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos or ["X"] * len(words), spaces=spaces
    )


@pytest.mark.parametrize(
    "words, heads, deps, expected",
    [
        (["The", "firm", "did", "not", "pay"], [1, 4, 4, 4, 4], ["det", "nsubj", "aux", "neg", "ROOT"], True),
        (["The", "firm", "never", "paid"], [1, 3, 3, 3], ["det", "nsubj", "advmod", "ROOT"], True),
        (["It", "no", "longer", "sells"], [3, 2, 3, 3], ["nsubj", "neg", "advmod", "ROOT"], True),
        (["Nobody", "came"], [1, 1], ["nsubj", "ROOT"], True),
        (["No", "deal", "was", "signed"], [1, 3, 3, 3], ["det", "nsubjpass", "auxpass", "ROOT"], True),
        (["It", "still", "sells"], [2, 2, 2], ["nsubj", "advmod", "ROOT"], False),
        (["The", "firm", "paid"], [1, 2, 2], ["det", "nsubj", "ROOT"], False),
    ],
)
def test_negation_read_from_the_verbs_own_words(words, heads, deps, expected):
    from graph.extract.event_parse import Children, negated

    doc = _doc(words, heads, deps)
    root = next(t.i for t in doc if t.dep_ == "ROOT")
    assert negated(Children(doc).of(root)) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ROME \u2014 The council voted.", "ROME \u2014"),
        ("OSLO (NTB) - The board met.", "OSLO (NTB) -"),
        ("LIMA, Peru, Feb. 2 (AP) -- Miners struck.", "LIMA, Peru, Feb. 2 (AP) --"),
        ("Storm hits coast\nMIAMI \u2014 Winds rose.", "MIAMI \u2014"),
        ("Vienna - Sales rise as prices fall", ""),  # a headline: no capitals, no agency
        ("The Bank of Spain \u2014 which sets rates \u2014 met.", ""),
        ("Rain fell. OSLO \u2014 no.", ""),  # not at a line start
    ],
)
def test_dateline_at_the_top_of_an_article(blank_nlp, text, expected):
    from graph.extract.event_parse import dateline

    doc = blank_nlp(text)
    span = dateline(doc)
    assert (doc[span.start : span.stop].text if len(span) else "") == expected


# ---------------------------------------------------------------- failure classes on the real model


@pytest.mark.model
@pytest.mark.parametrize(
    "text, predicate, actor",
    [
        ("MADRID \u2014 The national airline cancelled 40 flights on Friday.", "cancel", "national airline"),
        ("SEOUL (Yonhap) - Hyundai recalled 2,000 buses.", "recall", "Hyundai"),
        ("Port closed\nATHENS \u2014 Dock workers blocked the harbour on Tuesday.", "block", "Dock workers"),
    ],
)
def test_the_dateline_city_is_never_the_actor(events_of, text, predicate, actor):
    e = find(events_of(text), predicate)
    assert e.actor_text == actor or (e.actor is not None and e.actor.name.endswith(actor))
    city = text.split("\n")[-1].split()[0]
    assert city not in (e.actor_text or "") and (e.actor is None or city not in e.actor.name)


@pytest.mark.model
@pytest.mark.parametrize(
    "text, predicate",
    [
        ("The agency no longer predicts a slowdown in exports.", "predict"),
        ("The mayor never approved the budget.", "approve"),
        ("No settlement was reached in the dispute.", "reach"),
        ("The court did not block the merger.", "block"),
    ],
)
def test_negated_events_are_marked(events_of, text, predicate):
    assert find(events_of(text), predicate).negated


@pytest.mark.model
def test_modal_events_are_marked_not_asserted(events_of):
    e = find(events_of("The ministry could raise fuel taxes."), "raise")
    assert e.modality == "could" and not e.negated


@pytest.mark.model
def test_events_inside_a_quotation_are_the_speakers(events_of):
    events = events_of("\u201cThe rebels burned the depot,\u201d the colonel said. Troops entered the town on Sunday.")
    assert find(events, "burn").modality == "quoted"
    assert find(events, "enter").modality is None


@pytest.mark.model
def test_according_to_is_attribution_not_an_event(events_of):
    events = events_of("Exports fell sharply, according to the customs office.")
    assert "accord" not in {e.predicate for e in events}
    assert find(events, "fall")


@pytest.mark.model
@pytest.mark.parametrize(
    "text, value",
    [
        ("Oil prices jumped on Monday.", "2022-03-07"),  # the article date is Thursday 2022-03-10
        ("Oil prices jumped on Monday this week.", "2022-03-07"),
        ("Oil prices jumped Tuesday after a storm hit the gulf last week.", "2022-03-08"),
    ],
)
def test_the_date_that_governs_the_verb_resolved_against_the_article_date(events_of, text, value):
    e = find(events_of(text), "jump")
    assert e.time is not None and e.time.value == value
