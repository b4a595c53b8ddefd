"""Figures: numbers, scales, bounds, exclusions (no model), and counted thing, variable, source, as-of (model)."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from graph.extract import extract
from graph.extract.figure_bounds import interval, qualifier_before
from graph.extract.figure_variables import participle
from graph.extract.numbers import find_numbers


def figures_of(nlp, make_article, text):
    return extract(nlp(text), make_article(text), only=["entities", "dates", "roles", "quotes", "figures"]).figures


def one(figs, value):
    found = [f for f in figs if f.value == value]
    assert len(found) == 1, f"expected one figure of {value}, got {[(f.span.text, f.value) for f in figs]}"
    return found[0]


# ---------------------------------------------------------------- numbers and scales, no model


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("they owe $15bn now", 15e9, "USD"),
        ("about 2.5 million voters", 2.5e6, None),
        ("a fine of £3m was set", 3e6, "GBP"),
        ("worth 10 billion euros in total", 10e9, "EUR"),
        ("hundreds of thousands of people", 1e5, None),
        ("a dozen officers", 12, None),
        ("a rise of 4.5% last", 4.5, "percent"),
        ("down 12 percent since", 12, "percent"),
        ("1,234,567 ballots", 1234567, None),
    ],
)
def test_numbers_are_read_with_their_scale_and_unit(text, value, unit):
    [n] = [n for n in find_numbers(text)]
    assert n.value == pytest.approx(value)
    assert (n.currency or n.percent) == unit


def test_one_in_four_is_a_share():
    [n] = list(find_numbers("nearly 1 in 4 adults"))
    assert (n.value, n.percent) == (25.0, "percent")


def test_a_metre_is_not_a_million_without_a_currency():
    assert [(n.value, n.measure) for n in find_numbers("a 5m wall")] == [(5, "metre")]


@pytest.mark.parametrize(
    "before, bound",
    [
        ("there were more than ", "lower"),
        ("at least ", "lower"),
        ("Over ", "lower"),
        ("payments could be as high as ", "upper"),
        ("up to ", "upper"),
        ("fewer than ", "upper"),
        ("about ", "approx"),
        ("Nearly ", "approx"),
        ("some ", "approx"),
        ("roughly ", "approx"),
        ("almost ", "approx"),
        ("the ", "exact"),
        ("in a moreover ", "exact"),
    ],
)
def test_qualifiers_give_the_bound(before, bound):
    assert qualifier_before(before + "500 cars", len(before))[0] == bound


def test_intervals_follow_the_bound():
    assert interval(5600, "lower") == (5600, None)
    assert interval(450000, "upper") == (None, 450000)
    assert interval(3913, "exact") == (3913, 3913)
    lo, hi = interval(5500, "approx")
    assert lo < 5500 < hi and hi - lo < 0.2 * 5500


def test_participles_of_regular_and_irregular_verbs(blank_nlp):
    doc = Doc(
        blank_nlp.vocab,
        words=["paid", "separates", "kill", "carry"],
        lemmas=["pay", "separate", "kill", "carry"],
        tags=["VBD", "VBZ", "VB", "VB"],
        pos=["VERB"] * 4,
    )
    assert [participle(t) for t in doc] == ["paid", "separated", "killed", "carried"]


# ---------------------------------------------------------------- exclusions, blank pipeline


@pytest.mark.parametrize(
    "text",
    [
        "She was born in 1984 and moved in 2019.",
        "Call 555-123-4567 before 10:30 on 2021-12-16.",
        "He finished 3rd in the race.",
        "Under the zero tolerance policy, one of them left.",
        "The Title 42 rule and Apollo 11 were discussed.",
        "COVID-19 cases and the F-35 program.",
        "The meeting is at 3 p.m. in room A.",
        "Three years later, the case was closed two days ago.",
    ],
)
def test_dates_ages_ordinals_codes_and_names_are_not_figures(blank_nlp, make_article, text):
    assert figures_of(blank_nlp, make_article, text) == ()


def test_counts_without_a_parse_still_get_their_counted_noun(blank_nlp, make_article):
    text = "Officials counted more than 1,200 ballots and $3m in cash."
    figs = figures_of(blank_nlp, make_article, text)
    ballots, cash = one(figs, 1200), one(figs, 3e6)
    assert (ballots.span.text, ballots.bound, ballots.unit) == ("more than 1,200 ballots", "lower", "ballots")
    assert (cash.span.text, cash.unit, cash.min_value, cash.max_value) == ("$3m", "USD", 3e6, 3e6)
    for f in figs:
        assert f.span.text == text[f.span.start : f.span.end]


# ---------------------------------------------------------------- in context, real model


@pytest.mark.model
def test_counted_noun_predicate_and_bound(real_nlp, make_article):
    text = "Rescuers said at least 42 miners were trapped underground. Nearly 300,000 homes lost power after the storm."
    figs = figures_of(real_nlp, make_article, text)
    miners, homes = one(figs, 42), one(figs, 300000)
    assert (miners.span.text, miners.bound, miners.unit, miners.variable) == (
        "at least 42 miners",
        "lower",
        "miners",
        "miners trapped",
    )
    assert miners.speaker_name == "Rescuers" or (miners.speaker and miners.speaker.name == "Rescuers")
    assert (homes.bound, homes.unit, homes.variable) == ("approx", "homes", "homes lost")


@pytest.mark.model
def test_variables_meet_across_voice_and_phrasing_but_not_across_nouns(real_nlp, make_article):
    texts = [
        "More than 700 workers were laid off at the plant.",
        "The plant laid off 650 workers, the union said.",
        "Officials identified 640 workers laid off from the plant.",
        "Some 200 managers were laid off too.",
    ]
    variables = [f.variable for t in texts for f in figures_of(real_nlp, make_article, t)]
    assert variables[0] == variables[1] == variables[2] == "workers laid off"
    assert variables[3] != variables[0] and "managers" in variables[3]


@pytest.mark.model
def test_money_is_measured_by_what_it_pays_for(real_nlp, make_article):
    a = figures_of(real_nlp, make_article, "The union rejected the proposed $9,000 bonuses on Monday.")
    b = figures_of(real_nlp, make_article, "The newspaper said the bonuses could be as high as $9,000.")
    fa, fb = one(a, 9000), one(b, 9000)
    assert (fa.bound, fb.bound) == ("exact", "upper")
    assert fa.unit == fb.unit == "USD"
    assert fa.variable == fb.variable == "bonuses"
    assert fb.span.text == "as high as $9,000"


@pytest.mark.model
def test_source_from_reporting_verb_and_according_to(real_nlp, make_article):
    text = (
        "The Transport Ministry said in March that it had counted 1,450 crashes on the highway. "
        "According to police reports, about 90 drivers were injured."
    )
    figs = figures_of(real_nlp, make_article, text)
    crashes, drivers = one(figs, 1450), one(figs, 90)
    assert crashes.speaker is not None and "Transport Ministry" in crashes.speaker.name
    assert crashes.as_of is not None and crashes.as_of.span.text == "March"
    assert drivers.speaker is None and drivers.speaker_name == "police reports"
    assert drivers.bound == "approx"


@pytest.mark.model
def test_as_of_comes_from_the_clause_not_from_a_date_on_another_noun(real_nlp, make_article):
    text = (
        "As of late May, more than 2,000 tenants were still waiting for repairs. "
        "Under the housing plan of 2019, 800 tenants were moved."
    )
    figs = figures_of(real_nlp, make_article, text)
    waiting, moved = one(figs, 2000), one(figs, 800)
    assert waiting.as_of is not None and waiting.as_of.span.text == "late May"
    assert moved.as_of is None


@pytest.mark.model
def test_spelled_out_counts_need_a_counted_noun(real_nlp, make_article):
    text = "Three firefighters were hurt. One of them, a father of two, stayed under zero tolerance rules."
    figs = figures_of(real_nlp, make_article, text)
    assert [(f.value, f.unit) for f in figs] == [(3, "firefighters")]


@pytest.mark.model
def test_a_number_before_a_singular_noun_names_rather_than_counts(real_nlp, make_article):
    text = "The airline delayed its 737 replacement program, and 40 engineers left the company."
    figs = figures_of(real_nlp, make_article, text)
    assert [(f.value, f.unit) for f in figs] == [(40, "engineers")]
