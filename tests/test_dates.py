"""Date extraction and normalisation: each rule family on small sentences of our own.

The anchor (article date) is Thursday 2021-12-16 unless a test says otherwise. Without a parse
(spacy.blank) the tense is unknown and weekdays and months look back; the real-model tests check that
the tense of the governing verb turns them forward.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from spacy.tokens import Doc

from graph.extract import timex
from graph.extract.dates import extract_dates
from graph.extract.timex import normalise, scan
from graph.records import Extraction

THU = date(2021, 12, 16)


@pytest.fixture
def dates_of(blank_nlp, make_article):
    """Run the dates layer on ``text``: {span text: DateMention}, spans checked against the text."""

    def run(text: str, day: date | None = THU, nlp=None) -> dict:
        art = make_article(text, day)
        doc = (nlp or blank_nlp)(text)
        found = extract_dates(doc, art, Extraction(article=art)).dates
        for d in found:
            assert text[d.span.start : d.span.end] == d.span.text
        return {d.span.text: d for d in found}

    return run


def values(found: dict) -> dict:
    return {text: d.value for text, d in found.items()}


# ---------------------------------------------------------------- absolute dates


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Children protested in Mexico City on June 26, 2018.", "June 26, 2018", "2018-06-26"),
        ("March 01, 2008\nThe contract was awarded.", "March 01, 2008", "2008-03-01"),
        ("The ruling came on 26 June 2018 in Geneva.", "26 June 2018", "2018-06-26"),
        ("The filing is dated 2018-06-26.", "2018-06-26", "2018-06-26"),
        ("The date matches its name, 7/8/07.", "7/8/07", "2007-07-08"),
        ("Polls closed Sept. 5, 2018, at 8.", "Sept. 5, 2018", "2018-09-05"),
        ("The treaty was signed on the 4th of July, 1776.", "the 4th of July, 1776", "1776-07-04"),
        ("The policy was suspended in June 2018.", "June 2018", "2018-06"),
        ("Families arrived at the border in 2018.", "2018", "2018"),
        ("Prices fell in the 1990s.", "the 1990s", "199"),
        ("Profit rose in the third quarter of 2021.", "the third quarter of 2021", "2021-Q3"),
        ("Q3 2021 was weak.", "Q3 2021", "2021-Q3"),
        ("Sales rose in the first half of 2020.", "the first half of 2020", "2020-H1"),
        ("The canal opened in summer 2008.", "summer 2008", "2008-SU"),
    ],
)
def test_absolute_dates_in_several_formats(dates_of, text, span, value):
    assert values(dates_of(text)) == {span: value}


def test_absolute_dates_resolve_without_an_article_date(dates_of):
    found = dates_of("The order of June 26, 2018 still stands. It was issued on Tuesday.", day=None)
    assert found["June 26, 2018"].value == "2018-06-26"
    assert found["Tuesday"].value is None and found["Tuesday"].granularity == "unresolved"


def test_resolved_dates_carry_begin_and_end(dates_of):
    found = dates_of("Talks began in June 2018 and ended in 2019.")
    assert (found["June 2018"].begin, found["June 2018"].end) == (date(2018, 6, 1), date(2018, 6, 30))
    assert (found["2019"].granularity, found["2019"].begin, found["2019"].end) == (
        "year",
        date(2019, 1, 1),
        date(2019, 12, 31),
    )


# ---------------------------------------------------------------- relative to the article date


@pytest.mark.parametrize(
    "text, span, value, begin, end",
    [
        (
            "The group launched an ad campaign this week.",
            "this week",
            "2021-W50",
            date(2021, 12, 13),
            date(2021, 12, 19),
        ),
        (
            "The administration announced plans last week.",
            "last week",
            "2021-W49",
            date(2021, 12, 6),
            date(2021, 12, 12),
        ),
        ("Officials will decide next month.", "next month", "2022-01", date(2022, 1, 1), date(2022, 1, 31)),
        ("The program ended earlier this year.", "earlier this year", "2021", date(2021, 1, 1), THU),
        ("Revenue fell last year.", "last year", "2020", date(2020, 1, 1), date(2020, 12, 31)),
        ("The firm reported results yesterday.", "yesterday", "2021-12-15", date(2021, 12, 15), date(2021, 12, 15)),
        ("The judge rules today.", "today", "2021-12-16", THU, THU),
        ("The plant closed two years ago.", "two years ago", "2019", date(2019, 1, 1), date(2019, 12, 31)),
        ("The board met three days ago.", "three days ago", "2021-12-13", date(2021, 12, 13), date(2021, 12, 13)),
        (
            "The battle was fought seventy-four years ago.",
            "seventy-four years ago",
            "1947",
            date(1947, 1, 1),
            date(1947, 12, 31),
        ),
        (
            "The firm was founded twenty two years ago.",
            "twenty two years ago",
            "1999",
            date(1999, 1, 1),
            date(1999, 12, 31),
        ),
        ("Profit doubled in the last quarter.", "the last quarter", "2021-Q3", date(2021, 7, 1), date(2021, 9, 30)),
        ("Storms hit the coast last winter.", "last winter", "2020-WI", date(2020, 12, 1), date(2021, 2, 28)),
    ],
)
def test_relative_weeks_months_years(dates_of, text, span, value, begin, end):
    d = dates_of(text)[span]
    assert (d.value, d.begin, d.end) == (value, begin, end)


@pytest.mark.parametrize(
    "text, span, value, begin, end",
    [
        (
            "As of late October, 1,000 families were apart.",
            "late October",
            "2021-10",
            date(2021, 10, 21),
            date(2021, 10, 31),
        ),
        ("Talks stalled in early October.", "early October", "2021-10", date(2021, 10, 1), date(2021, 10, 10)),
        ("He took leave in early 2009.", "early 2009", "2009", date(2009, 1, 1), date(2009, 4, 30)),
        ("The system ships in mid-2011.", "mid-2011", "2011", date(2011, 5, 1), date(2011, 8, 31)),
        ("The firm was founded in the late 1980s.", "the late 1980s", "198", date(1987, 1, 1), date(1989, 12, 31)),
        (
            "Applications open at the beginning of the year.",
            "the beginning of the year",
            "2021",
            date(2021, 1, 1),
            date(2021, 4, 30),
        ),
    ],
)
def test_parts_early_mid_late_keep_the_value_and_narrow_the_bounds(dates_of, text, span, value, begin, end):
    d = dates_of(text)[span]
    assert (d.value, d.begin, d.end) == (value, begin, end)


def test_month_without_year_is_the_latest_one_not_after_the_article(dates_of):
    assert values(dates_of("The department said in June that it had found them."))["June"] == "2021-06"
    assert values(dates_of("The department said in June that it had found them.", day=date(2021, 3, 10))) == {
        "June": "2020-06"
    }
    assert values(dates_of("The agency acted in December.")) == {"December": "2021-12"}


def test_month_day_without_year_takes_the_year_from_the_article(dates_of):
    assert values(dates_of("The office called for a re-run on June 18.", day=date(2008, 7, 2))) == {
        "June 18": "2008-06-18"
    }
    assert values(dates_of("The plane flew on 11 December.", day=date(2010, 1, 25))) == {"11 December": "2009-12-11"}


def test_weekday_without_a_parse_looks_back(dates_of):
    found = values(dates_of("Lawyers said Thursday that talks had ended on Tuesday."))
    assert found == {"Thursday": "2021-12-16", "Tuesday": "2021-12-14"}


def test_last_and_next_weekday(dates_of):
    found = values(dates_of("The House voted last Thursday and meets again next Monday."))
    assert found == {"last Thursday": "2021-12-09", "next Monday": "2021-12-20"}


@pytest.mark.parametrize(
    "expression, tense, value",
    [
        ("Thursday", "past", "2021-12-16"),
        ("Thursday", "future", "2021-12-16"),
        ("Tuesday", "past", "2021-12-14"),
        ("Tuesday", "future", "2021-12-21"),
        ("Saturday", "present", "2021-12-18"),
        ("June", "past", "2021-06"),
        ("June", "future", "2022-06"),
        ("January", "present", "2022-01"),
        ("January 10", "future", "2022-01-10"),
        ("January 10", "past", "2021-01-10"),
        ("the fourth quarter", "past", "2021-Q4"),
        ("the first quarter", "future", "2022-Q1"),
    ],
)
def test_tense_chooses_the_occurrence(expression, tense, value):
    assert normalise(expression, THU, tense).value == value


def test_preposition_places_a_month_when_the_verb_does_not(dates_of):
    assert values(dates_of("The ban stays until June.")) == {"June": "2022-06"}
    assert values(dates_of("The ban has held since June.")) == {"June": "2021-06"}


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("Protesters gathered this past weekend.", "this past weekend", "2021-W49-WE"),
        ("Sales in the current year are flat.", "the current year", "2021"),
        ("Stores closed on Christmas Day.", "Christmas Day", "2020-12-25"),
    ],
)
def test_weekends_current_periods_and_holidays(dates_of, text, span, value):
    assert values(dates_of(text)) == {span: value}


@pytest.mark.parametrize(
    "text, span",
    [
        ("Biden spoke Thursday night.", "Thursday night"),
        ("The vote is at 3 p.m. Thursday.", "Thursday"),
    ],
)
def test_time_of_day_keeps_its_day_without_a_date_value(dates_of, text, span):
    d = dates_of(text)[span]
    assert d.value is None and d.begin == d.end == THU


# ---------------------------------------------------------------- not dates


@pytest.mark.parametrize(
    "text",
    [
        "The 57-year-old lawyer retired.",
        "He served for three years.",
        "Sentences were usually completed in just a few days.",
        "Three years later, that process is still ongoing.",
        "A day later, the union revealed the plan.",
        "Officials said 2000 people were evacuated.",
        "The payments could reach $2018 each.",
        "Flight 1549 landed safely.",
        "Theresa May said no.",
        "April Ryan asked a question.",
        "May I ask a question?",
        "The Sunday Times reported it first.",
        "Shoppers crowded stores on Black Friday.",
        "The company employs 1,200 workers.",
        "The market opens every Monday and each other June.",
        "Interest is paid each June and December.",
        "The fair is held every spring.",
        "The regatta is sailed every year in August.",
        "Pensions are paid each month on Thursday.",
        "The plant shuts for two weeks each summer during July.",
    ],
)
def test_no_date(dates_of, text):
    assert dates_of(text) == {}


def test_month_that_may_be_a_name_needs_a_date_entity(blank_nlp, make_article):
    words = ["April", "Ryan", "asked", "and", "May", "was", "busy", "."]
    for ents, expected in [
        (["B-PERSON", "I-PERSON"] + ["O"] * 6, set()),
        (["O"] * 4 + ["B-DATE"] + ["O"] * 3, {"May"}),
    ]:
        doc = Doc(blank_nlp.vocab, words=words, ents=ents)
        art = make_article(doc.text)
        assert {d.span.text for d in extract_dates(doc, art, Extraction(article=art)).dates} == expected


def test_year_tagged_as_a_count_is_not_a_date(blank_nlp, make_article):
    doc = Doc(
        blank_nlp.vocab,
        words=["Some", "1995", "jobs", "went", "in", "1995", "."],
        ents=["O", "B-CARDINAL", "O", "O", "O", "B-DATE", "O"],
    )
    art = make_article(doc.text)
    found = extract_dates(doc, art, Extraction(article=art)).dates
    assert [(d.span.start, d.value) for d in found] == [(doc[5].idx, "1995")]


def test_scan_prefers_the_longest_expression():
    assert [f.text for f in scan("On Monday, Dec. 13, 2021 and in late October 2020 the talks began.")] == [
        "Monday, Dec. 13, 2021",
        "late October 2020",
    ]


# texts where rules match mid-word, in capitals, next to each other or with letters (?i) folds onto ASCII
_AWKWARD = [
    "XJanuary 5, 2020 and MAY 2019; the END OF THE YEAR, mid-June, late-1990s, the '90s and the 21st century.",
    "pizza days ago, 12345 days ago, a day ago, three weeks from now, Q3 2021, Q4'19, first quarter of 2020.",
    "Christmas Eve, 2020 then New Year's Day; this past weekend, the weekend of, Black Friday, tonight.",
    "\u017fummer 2020, \u017fpring of 1999, thi\u017f week, la\u017ft \u212aind, the \u0130ate 1990s, Mar\u0131ch.",
    "3 p.m. Thursday, Friday at 9:30 a.m., 2021-12-16, 12/16/2021, 16 December 2021, Dec. 16, Dec 16 2021",
    "In  the\n\nbeginning of   the month, earlier this year, later in June, next Monday morning, 1549 people.",
    "THE YEAR-AGO QUARTER, last year\u2019s period, the latest  period, Nineteen Ninety-One, by year-end, for the "
    "year, that year, the past week, fiscal 1989, the 1988 second quarter, 1988's third quarter, the prior year.",
]


@pytest.mark.parametrize("text", _AWKWARD)
def test_the_one_pass_marker_marks_every_place_a_rule_matches(text):
    marked: dict = {name: set() for name in timex.RULES}
    for hit in timex.marker().finditer(text):
        for name, mark in hit.groupdict().items():
            if mark is not None:
                marked[name].add(hit.start())
    for name, rx in timex.RULES.items():
        assert {m.start() for m in rx.finditer(text)} <= marked[name], (name, text)


def test_every_rule_match_begins_where_the_lead_matches():
    lead = re.compile(timex.LEAD)
    for text in _AWKWARD:
        for rx in timex.RULES.values():
            assert all(lead.match(text, m.start()) for m in rx.finditer(text)), (rx.pattern[:40], text)


# ---------------------------------------------------------------- the anchor


def test_relative_dates_unresolved_without_article_date(dates_of):
    found = dates_of("The group said last week that it would sue in June.", day=None)
    assert {(t, d.value, d.granularity) for t, d in found.items()} == {
        ("last week", None, "unresolved"),
        ("June", None, "unresolved"),
    }


def test_a_dateline_stands_in_for_a_missing_article_date(dates_of):
    found = dates_of("Airbus test flight delayed\nSeptember 01, 2007\nThe flight was delayed today.", day=None)
    assert values(found) == {"September 01, 2007": "2007-09-01", "today": "2007-09-01"}


def test_output_is_sorted_and_deterministic(dates_of, blank_nlp, make_article):
    text = "In 2018 and on Thursday and last week."
    art = make_article(text)
    first = extract_dates(blank_nlp(text), art, Extraction(article=art)).dates
    assert first == tuple(sorted(first))
    assert first == extract_dates(blank_nlp(text), art, Extraction(article=art)).dates


# ---------------------------------------------------------------- tense from the real parse


@pytest.mark.model
@pytest.mark.parametrize(
    "text, span, value",
    [
        ("The union said Tuesday that talks had ended.", "Tuesday", "2021-12-14"),
        ("The committee will meet Tuesday to vote.", "Tuesday", "2021-12-21"),
        ("The trial is set to begin on Wednesday in London.", "Wednesday", "2021-12-22"),
        ("Apple announced an event to be held on January 12.", "January 12", "2022-01-12"),
        ("Sales fell sharply in January.", "January", "2021-01"),
        ("The company will cut jobs in January.", "January", "2022-01"),
        ("Prices have risen since March.", "March", "2021-03"),
    ],
)
def test_tense_of_the_governing_verb(dates_of, real_nlp, text, span, value):
    assert values(dates_of(text, nlp=real_nlp))[span] == value


@pytest.mark.model
def test_seed_style_sentence_with_the_model(dates_of, real_nlp):
    found = values(
        dates_of(
            "The government pulled out of negotiations, lawyers for the families said Thursday. "
            "The ACLU launched an ad campaign this week, and the Biden administration ended "
            "the program earlier this year.",
            nlp=real_nlp,
        )
    )
    assert found == {"Thursday": "2021-12-16", "this week": "2021-W50", "earlier this year": "2021"}


# ---------------------------------------------------------------- quarters, fiscal periods and reports

NOV4 = date(2021, 11, 4)


@pytest.mark.parametrize(
    "text, span, value",
    [
        ("The charge was booked in the 2019 second quarter.", "the 2019 second quarter", "2019-Q2"),
        ("The charge hit 2019's fourth quarter.", "2019's fourth quarter", "2019-Q4"),
        ("The spin-off could take effect in next year's first quarter.", "next year's first quarter", "2022-Q1"),
        ("Output in this year's third quarter was flat.", "this year's third quarter", "2021-Q3"),
        ("Profit for the fiscal-second quarter rose.", "the fiscal-second quarter", "2021-Q2"),
        ("The group booked a loss for the second quarter of $40 million.", "the second quarter", "2021-Q2"),
        ("Revenue in fiscal 2020 was flat.", "fiscal 2020", "2020"),
        ("Shares fell sharply in the past week.", "the past week", "2021-W49"),
        ("Workers built it in nineteen ninety-one.", "nineteen ninety-one", "1991"),
        ("The bridge dates from twenty oh five.", "twenty oh five", "2005"),
    ],
)
def test_quarter_and_year_forms(dates_of, text, span, value):
    assert values(dates_of(text)) == {span: value}


@pytest.mark.parametrize(
    "expression, anchor, tense, value",
    [
        ("the third quarter", date(2021, 10, 20), "future", "2021-Q3"),  # results still to be reported
        ("the third quarter", THU, "future", "2022-Q3"),
        ("Dec. 7", date(2021, 10, 27), "past", "2021-12-07"),  # the article's own year
        ("Dec. 28", date(2022, 1, 5), "past", "2021-12-28"),  # a year over, on the tense's side and nearer
        ("Jan. 3", date(2021, 12, 20), "future", "2022-01-03"),
        ("Jan. 3", date(2021, 12, 20), None, "2022-01-03"),  # no tense: the nearest
        ("July 3", date(2021, 12, 20), None, "2021-07-03"),
    ],
)
def test_occurrence_of_quarters_and_days_of_months(expression, anchor, tense, value):
    assert normalise(expression, anchor, tense).value == value


@pytest.mark.parametrize(
    "second, span, value",
    [
        ("That compares with $9 million a year ago.", "a year ago", "2020-Q3"),
        ("Revenue rose to $5 million from $4 million a year earlier.", "a year earlier", "2020-Q3"),
        ("The unit earned $2 million in the year-ago quarter.", "the year-ago quarter", "2020-Q3"),
        ("It had booked a gain in the year-ago second quarter.", "the year-ago second quarter", "2020-Q2"),
        ("Sales matched those of the same period last year.", "the same period last year", "2020-Q3"),
        ("Sales were lower than in last year's quarter.", "last year's quarter", "2020-Q3"),
        ("Margins widened in the latest quarter.", "the latest quarter", "2021-Q3"),
        ("The latest period included a tax gain.", "The latest period", "2021-Q3"),
        ("The quarter included a tax gain.", "The quarter", "2021-Q3"),
        ("Debt had fallen by the end of the quarter.", "the end of the quarter", "2021-Q3"),
        (
            "In the latest period, the unit earned $3 million, compared with $2 million last year.",
            "last year",
            "2020-Q3",
        ),
        ("For the nine months, profit rose to $30 million from $20 million a year earlier.", "a year earlier", "2020"),
        ("Its chief executive left last year.", "last year", "2020"),
        ("Net rose to $14 million from $11 million the previous quarter.", "the previous quarter", "2021-Q2"),
        ("Net rose to $14 million from $8 million the prior year.", "the prior year", "2020-Q3"),
    ],
)
def test_comparisons_in_a_report_refer_to_the_reported_quarter(dates_of, second, span, value):
    found = values(dates_of("Acme reported a third-quarter profit of $12 million. " + second, day=NOV4))
    assert found["third-quarter"] == "2021-Q3" and found[span] == value


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The plant closed a year ago.", {"a year ago": "2020"}),
        ("The dividend rose to 5 cents from 4 cents a year earlier.", {"a year earlier": "2020"}),
        ("He moved to Paris in 2015; a year earlier he had married.", {"2015": "2015", "a year earlier": "2014"}),
        ("He married, and a year earlier he had moved.", {}),
        ("In 2019, exports rose 5% from two years earlier.", {"2019": "2019", "two years earlier": "2017"}),
        ("She won in 2015 and had lost the previous year.", {"2015": "2015"}),
        ("Exports fell 3% from the previous month.", {"the previous month": "2021-10"}),
        ("Car output in September fell 8% from a year earlier.", {"September": "2021-09", "a year earlier": "2020-09"}),
        (
            "Output rose in September. It fell 8% from a year earlier.",
            {"September": "2021-09", "a year earlier": "2020"},
        ),
        (
            "Sales in October rose 1% from September and 5% from a year earlier.",
            {"October": "2021-10", "September": "2021-09", "a year earlier": "2020-10"},
        ),
        ("Growth slowed in the previous quarter.", {"the previous quarter": "2021-Q3"}),
        ("The plant will reopen by the end of the quarter.", {"the end of the quarter": "2021-Q4"}),
        ("The quarter included a tax gain.", {}),
        ("The latest period included a tax gain.", {}),
        ("Margins widened in the latest quarter.", {"the latest quarter": "2021-Q3"}),  # the last ended
    ],
)
def test_without_a_reported_quarter(dates_of, text, expected):
    assert values(dates_of(text, day=NOV4)) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The plant opened in 2012, and sales doubled that year.", {"2012": "2012", "that year": "2012"}),
        (
            "Talks began on March 3, 2019 and ended later that month.",
            {"March 3, 2019": "2019-03-03", "that month": "2019-03"},
        ),
        ("Sales doubled that year.", {}),
        ("The deal should close by year end.", {"year end": "2021"}),
        ("Rates will stay put until the year's end.", {"year's end": "2021"}),
        ("Its year-end bonus was cut.", {}),
        ("For the year, sales rose 4%.", {"the year": "2021"}),
        ("Sales for the full year were $3 billion.", {"the full year": "2021"}),
        ("He was named player of the year.", {}),
        ("The year began badly.", {}),
        ("There were nineteen twenty-dollar bills in the till.", {}),
    ],
)
def test_years_named_before_year_ends_and_reported_years(dates_of, text, expected):
    assert values(dates_of(text)) == expected


@pytest.mark.parametrize(
    "text, span",
    [
        ("The offer expires at midnight Friday.", "Friday"),
        ("Talks broke off at noon Thursday.", "Thursday"),
        ("Bids are due by 5 p.m. EST, Jan. 10.", "Jan. 10"),
    ],
)
def test_clock_times_before_days_make_times(dates_of, text, span):
    d = dates_of(text)[span]
    assert d.value is None and d.begin is not None


def test_today_in_a_name_is_no_date(dates_of):
    assert dates_of("He told USA Today the plan had failed. Today it resumed.").keys() == {"Today"}


def test_the_past_year_is_a_duration(dates_of):
    assert dates_of("Prices doubled over the past year and the past week-long rally ended.") == {}


@pytest.mark.model
def test_a_quarter_reported_before_it_ends_is_a_fiscal_one(dates_of, real_nlp):
    found = values(
        dates_of(
            "Ralston reported a sharp decline in fourth-quarter earnings. Sales rose to $2 billion "
            "from $1.5 billion a year earlier.",
            day=NOV4,
            nlp=real_nlp,
        )
    )
    assert found == {"fourth-quarter": "2021-Q4", "a year earlier": "2020-Q4"}


# ---------------------------------------------------------------- linear time on hostile text (issue 14)


def _nested_unbounded(pattern: str) -> list[str]:
    """Groups repeated without bound (``)*``, ``)+``, ``){n,}``) that hold an unbounded repeat themselves:
    the shape that backtracks exponentially."""
    stack: list[tuple[int, bool]] = []  # (start, holds an unbounded repeat)
    found, i, escaped = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == "[":  # a class: skip to its end
            j = i + 1 + (pattern[i + 1 : i + 2] == "^")
            j += pattern[j : j + 1] == "]"
            while pattern[j] != "]":
                j += 1 + (pattern[j] == "\\")
            i = j
        elif c == "(":
            stack.append((i, False))
        elif c == ")":
            start, inner = stack.pop()
            after = pattern[i + 1 : i + 8]
            unbounded = after[:1] in ("*", "+") or re.match(r"\{\d*,\}", after) is not None
            if unbounded and inner:
                found.append(pattern[start : i + 2])
            if stack and (inner or unbounded):
                stack[-1] = (stack[-1][0], True)
        elif c in "*+" and stack:
            stack[-1] = (stack[-1][0], True)
        i += 1
    return found


def _module_patterns():
    from graph.extract import dates as dates_module
    from graph.extract.timex import patterns as patterns_module

    for module in (patterns_module, dates_module):
        for name, value in vars(module).items():
            items = value.items() if isinstance(value, dict) else [("", value)]
            for key, v in items:
                if isinstance(v, re.Pattern):
                    yield f"{module.__name__}.{name}{key and f'[{key}]'}", v


@pytest.mark.parametrize("pattern", ["(a+)+", "(?:x|y*)*b", r"(?:\s+\w+){2,}"])
def test_the_nested_repeat_check_finds_the_exponential_shape(pattern):
    assert _nested_unbounded(pattern)


def test_no_date_pattern_repeats_a_group_that_repeats_without_bound():
    offending = {name: _nested_unbounded(rx.pattern) for name, rx in _module_patterns()}
    assert {name: found for name, found in offending.items() if found} == {}
    assert len(offending) > 40  # the rules were found
