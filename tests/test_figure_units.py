"""Figures with units: money in many notations, measures, durations and ages, number words, ranges."""

from __future__ import annotations

import pytest

from graph.extract import extract
from graph.extract.numbers import find_numbers


def numbers(text):
    return [(text[n.start : n.end], n.value, n.currency or n.percent or n.measure) for n in find_numbers(text)]


def figures_of(nlp, make_article, text):
    return extract(nlp(text), make_article(text), only=["entities", "dates", "roles", "quotes", "figures"]).figures


# ---------------------------------------------------------------- money, no model


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("the fund lost ¥7.4bn last year", 7.4e9, "JPY"),
        ("a fee of Rs 2,500 per visit", 2500, "INR"),
        ("they raised A$3.1m from donors", 3.1e6, "AUD"),
        ("fined €45 million on Friday", 45e6, "EUR"),
        ("a plan worth 12bn euros", 12e9, "EUR"),
        ("a monthly rent of Dh6,100", 6100, "AED"),
        ("bail was set at R14 million", 14e6, "ZAR"),
        ("a budget of e40m for roads", 40e6, "EUR"),
        ("tickets cost 85USD each", 85, "USD"),
        ("a bowl of noodles is 28元", 28, "CNY"),
        ("he paid 65 rmb for it", 65, "CNY"),
        ("a loan of 3,45,210.50 rupees", 345210.50, "INR"),
        ("losses above 12 MUSD", 12e6, "USD"),
        ("it came to nine dollars twenty", 9.20, "USD"),
        ("half a billion dollars in aid", 0.5e9, "USD"),
        ("a price of cad$ 42", 42, "CAD"),
        ("sales of $ 2.75 billion", 2.75e9, "USD"),
        ("a 35 lakh rupees grant", 3.5e6, "INR"),
        ("GBP 700 a night", 700, "GBP"),
        ("a 4 mn-euro prize", 4e6, "EUR"),
        ("a six-million-euro fine", 6e6, "EUR"),
        ("a $3.4-million renovation", 3.4e6, "USD"),
        ("it fell 2 dollars 25 cents.", 2.25, "USD"),
        ("raised 55 USD million so far", 55e6, "USD"),
        ("some 80 b. Euro in loans", 80e9, "EUR"),
        ("shares closed at 312 pence", 312, "GBp"),
        ("it sells for $129 USD", 129, "USD"),
    ],
)
def test_money_in_any_notation(text, value, unit):
    [(_, v, u)] = numbers(text)
    assert v == pytest.approx(value) and u == unit


# ---------------------------------------------------------------- measures, durations, ages, no model


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("a 6.3-magnitude quake struck", 6.3, "magnitude"),
        ("a magnitude-4.7 aftershock", 4.7, "magnitude"),
        ("winds of 120 km/h were forecast", 120, "kilometre per hour"),
        ("buried 18 km below the seabed", 18, "kilometre"),
        ("a 450-horsepower motor", 450, "horsepower"),
        ("a 12-inch pipe", 12, "inch"),
        ("the 540-foot tower", 540, "foot"),
        ("a 30-acre site", 30, "acre"),
        ("a dose of 200 microgram", 200, "microgram"),
        ("it hit -12 degrees fahrenheit", -12, "degree fahrenheit"),
        ("reserves of 1.4 trillion cubic feet", 1.4e12, "cubic foot"),
        ("a walk of eight km", 8, "kilometre"),
        ("a 2.4m fence", 2.4, "metre"),
        ("they shipped 60t of grain", 60, "tonne"),
        ("a 330ml can", 330, "millilitre"),
        ("a 48-hour strike", 48, "hour"),
        ("he was jailed for four years", 4, "year"),
        ("a 52-year-old teacher", 52, "year"),
        ("the boy, aged 9, was found", 9, "year"),
        ("a 30 day old invoice", 30, "day"),
        ("she called 4 times", 4, "times"),
        ("lows of -8C tonight", -8, "degree celsius"),
        ("a wind chill of minus 30 degrees", -30, "degree"),
        ("it took less than a minute", 1, "minute"),
    ],
)
def test_measures_durations_and_ages(text, value, unit):
    [(_, v, u)] = numbers(text)
    assert v == pytest.approx(value) and u == unit


@pytest.mark.parametrize(
    "text, value",
    [
        ("Twenty-seven nurses", 27),
        ("seventeen trucks", 17),
        ("fourteen schools", 14),
        ("a dozen boats", 12),
        ("two hundred and six homes", 206),
        ("three quarters million voters", 750000),
        ("a thousand cars", 1000),
        ("-0.8% in May", -0.8),
    ],
)
def test_number_words_and_signs(text, value):
    assert numbers(text)[0][1] == pytest.approx(value)


@pytest.mark.parametrize(
    "text, low, high, unit",
    [
        ("rates of 3.25% to 3.75%", 3.25, 3.75, "percent"),
        ("jailed for 5-8 years", 5, 8, "year"),
        ("between 40 and 60 people", 40, 60, None),
        ("growth of 1.5 to 2.5", 1.5, 2.5, None),
        ("between 4 and 6 million", 4e6, 6e6, None),
    ],
)
def test_ranges_give_two_ends(text, low, high, unit):
    a, b = find_numbers(text)
    assert (a.value, a.range_bound, b.value, b.range_bound) == (
        pytest.approx(low),
        "lower",
        pytest.approx(high),
        "upper",
    )
    assert (a.currency or a.percent or a.measure) == unit == (b.currency or b.percent or b.measure)


def test_ages_range_and_margins():
    assert [(n.value, n.measure, n.range_bound) for n in find_numbers("people ages 18 to 24")] == [
        (18, "year", "lower"),
        (24, "year", "upper"),
    ]
    assert [n.value for n in find_numbers("a margin of plus or minus 3 percentage points")] == [3]
    assert find_numbers_list("follow @Ana_2021 and #tag42") == []


def find_numbers_list(text):
    return list(find_numbers(text))


def test_an_article_with_a_unit_counts_only_with_a_qualifier():
    assert numbers("a day later, a mile away") == []


@pytest.mark.parametrize(
    "text",
    [
        "from 40 to 60 people",
        "rose 4% to $90 million",
        "R2-D2 met an A320 and a B-52",
        "COVID-19 and the F-16",
        "then 60 and 40",
    ],
)
def test_not_ranges_nor_codes(text):
    assert all(n.range_bound is None for n in find_numbers(text))
    assert all(n.value not in (2, 320, 52, 19, 16) for n in find_numbers(text))


# ---------------------------------------------------------------- in an article, blank pipeline


@pytest.mark.parametrize(
    "text, value, bound, unit",
    [
        ("The ferry carried more than 300 passengers.", 300, "lower", "passengers"),
        ("Prices rose a record 7% in March.", 7, "exact", "percent"),
        ("As many as 90 homes were flooded.", 90, "upper", "homes"),
        ("Almost 20 flights were cancelled.", 20, "approx", "flights"),
        ("The bridge is 1,200 metres long.", 1200, "exact", "metre"),
        ("Jobs were cut by 10-15 percent.", 10, "lower", "percent"),
        ("Jobs were cut by 10-15 percent.", 15, "upper", "percent"),
        ("A 61-year-old man was held.", 61, "exact", "year"),
        ("The strike lasted more than six hours.", 6, "lower", "hour"),
    ],
)
def test_bound_and_unit_in_an_article(blank_nlp, make_article, text, value, bound, unit):
    [f] = [f for f in figures_of(blank_nlp, make_article, text) if f.value == value]
    assert (f.bound, f.unit) == (bound, unit)


@pytest.mark.parametrize(
    "text",
    [
        "The meeting starts at 9:30 pm on 2022-03-01.",
        "The 4G phone shipped with 5G modems.",
        "It was the 2,001 st car built.",
        "The ship was hit about 0900 hrs local time.",
        "Both parties split 6 to 1 in the vote.",
        "Three years later the plant closed.",
        "The museum opened in 1997.",
        "They live at No. 12.",
        "Its version 3-2 was a 737.",
    ],
)
def test_times_dates_years_and_codes_are_not_figures(blank_nlp, make_article, text):
    assert figures_of(blank_nlp, make_article, text) == ()


# ---------------------------------------------------------------- real model


@pytest.mark.model
def test_tolls_and_ranges_with_the_model(real_nlp, make_article):
    text = (
        "The death toll climbed to 86 on Tuesday, officials said. They run Windows 10 now. "
        "Police estimated that 300 or 400 protesters gathered, and 12 of them were arrested."
    )
    figs = {(f.value, f.bound) for f in figures_of(real_nlp, make_article, text)}
    assert {(86, "exact"), (300, "lower"), (400, "upper"), (12, "exact")} <= figs
    assert all(v != 10 for v, _ in figs)


@pytest.mark.model
def test_ages_and_money_with_the_model(real_nlp, make_article):
    text = "Ana Ruiz, 34, paid Rs 18,000 for a 3-inch screen she used for eight months."
    figs = {(f.value, f.unit) for f in figures_of(real_nlp, make_article, text)}
    assert {(34, "year"), (18000, "INR"), (3, "inch"), (8, "month")} <= figs
