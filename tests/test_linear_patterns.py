"""The patterns that read the words around a number, a name or a quote run in linear time on any text (issue 14)
and read ordinary phrases as they did before they were made to."""

from __future__ import annotations

import re
import time

import pytest

from graph.extract import direct_quotes, entities, figure_filters, numbers, policies

try:
    from re import _constants as sre_constants
    from re import _parser as sre_parse
except ImportError:  # Python before 3.11
    import sre_constants
    import sre_parse

MODULES = {
    "numbers": numbers,
    "entities": entities,
    "policies": policies,
    "figure_filters": figure_filters,
    "direct_quotes": direct_quotes,
}


def _pattern(name: str) -> re.Pattern:
    module, attr = name.split(".")
    return getattr(MODULES[module], attr)


def _observe(rx: re.Pattern, phrase: str):
    """Every match in the phrase (span and groups), and the match at "|", where the extractor matches."""
    text, pos = phrase.replace("|", ""), phrase.find("|")
    found = [(m.start(), m.end(), m.groups()) for m in rx.finditer(text)]
    at = rx.match(text, pos) if pos >= 0 else None
    return found, None if at is None else (at.start(), at.end(), at.groups())


# (phrase, every match, the match at "|"), written from the patterns before they were made linear
BEFORE = {
    "numbers.CENTS_RE": [
        ("thirteen dollars| forty five.", [(16, 27, ("forty five", None))], (16, 27, ("forty five", None))),
        ("3 dollars| 50 cents", [(9, 18, ("50", "cents"))], (9, 18, ("50", "cents"))),
        ("5 dollars| and 20 cents", [(9, 22, ("20", "cents"))], (9, 22, ("20", "cents"))),
        ("2 pounds| 50p", [(8, 11, ("50", None))], (8, 11, ("50", None))),
        ("10 euros| fifteen, more", [(8, 16, ("fifteen", None))], (8, 16, ("fifteen", None))),
        ("4 dollars| fifty-five", [(9, 20, ("fifty-five", None))], (9, 20, ("fifty-five", None))),
        ("7 dollars| and twenty", [(9, 20, ("twenty", None))], (9, 20, ("twenty", None))),
        ("3 dollars|   50", [(9, 14, ("50", None))], (9, 14, ("50", None))),
        ("5 dollars| per hour", [], None),
        ("1 dollar| in change", [], None),
        ("6 dollars| and 2 pence each", [(9, 21, ("2", "pence"))], (9, 21, ("2", "pence"))),
        ("20 dollars|\n45", [(10, 13, ("45", None))], (10, 13, ("45", None))),
        ("100 dollars| a day", [], None),
        (
            "9 dollars| one hundred and five",
            [(9, 30, ("one hundred and five", None))],
            (9, 30, ("one hundred and five", None)),
        ),
        ("8 dollars|, 50", [(10, 13, ("50", None))], None),
        ("12 dollars| 75 cent", [(10, 18, ("75", "cent"))], (10, 18, ("75", "cent"))),
        (
            "two dollars| and ninety nine cents!",
            [(11, 33, ("ninety nine", "cents"))],
            (11, 33, ("ninety nine", "cents")),
        ),
        ("3 dollars| 123", [(9, 12, ("12", None))], (9, 12, ("12", None))),
        ("1 dollar| and  and 5", [(12, 19, ("5", None))], None),
    ],
    "numbers.CENTS_END_RE": [
        ("3 dollars 50|.", [(12, 13, ()), (13, 13, ())], (12, 13, ())),
        ("3 dollars 50|  more", [(12, 18, ()), (18, 18, ())], (12, 18, ())),
        ("3 dollars 50| x", [(14, 14, ())], None),
        ("3 dollars 50|", [(12, 12, ())], (12, 12, ())),
        ("3 dollars 50| ,", [(12, 14, ()), (14, 14, ())], (12, 14, ())),
        ("5 dollars 20|)", [(12, 13, ()), (13, 13, ())], (12, 13, ())),
        ("4 dollars 10| moreover", [(21, 21, ())], None),
        ("3 dollars 50|\n", [(12, 13, ()), (13, 13, ())], (12, 13, ())),
        ("3 dollars 50|;", [(12, 13, ()), (13, 13, ())], (12, 13, ())),
        ("3 dollars 50| cents", [(18, 18, ())], None),
        ("1 dollar 5|   !", [(10, 14, ()), (14, 14, ())], (10, 14, ())),
    ],
    "numbers.AGE_OLD_RE": [
        ("29 years| old", [(8, 12, ())], (8, 12, ())),
        ("a 5-year|-old boy", [(8, 12, ())], (8, 12, ())),
        ("29 years| of age", [(8, 15, ())], (8, 15, ())),
        ("3 months| older", [], None),
        ("10 years|  of  age", [(8, 17, ())], (8, 17, ())),
        ("12 years| - old", [(8, 14, ())], (8, 14, ())),
        ("40 years| of ageing", [], None),
        ("2 days| of agenda", [], None),
        ("6 weeks| old.", [(7, 11, ())], (7, 11, ())),
        ("5 years|\nold", [(7, 11, ())], (7, 11, ())),
        ("7 years|- old", [(7, 12, ())], (7, 12, ())),
        ("8 years| Old", [(7, 11, ())], (7, 11, ())),
        ("9 years| OF AGE", [(7, 14, ())], (7, 14, ())),
        ("3 years| oldies", [], None),
        ("20 years| of\nage", [(8, 15, ())], (8, 15, ())),
    ],
    "numbers.PER_UNIT_RE": [
        ("90 km| per hour", [(5, 14, ("hour",))], (5, 14, ("hour",))),
        ("60 miles| an hour", [(8, 16, ("hour",))], (8, 16, ("hour",))),
        ("5 km|/h", [(4, 6, ("h",))], (4, 6, ("h",))),
        ("3 kg| / day", [(4, 10, ("day",))], (4, 10, ("day",))),
        ("10 litres| a day", [(9, 15, ("day",))], (9, 15, ("day",))),
        ("2 tonnes| per annum", [(8, 18, ("annum",))], (8, 18, ("annum",))),
        ("100 m| per second", [(5, 16, ("second",))], (5, 16, ("second",))),
        ("5 km| per   hour", [(4, 15, ("hour",))], (4, 15, ("hour",))),
        ("12 kilometres| a year", [(13, 20, ("year",))], (13, 20, ("year",))),
        ("3 miles| an hourly", [], None),
        ("30 km| /hr", [(5, 9, ("hr",))], (5, 9, ("hr",))),
        ("7 feet|  per sec", [(6, 15, ("sec",))], (6, 15, ("sec",))),
        ("4 grams| per gram", [(7, 16, ("gram",))], (7, 16, ("gram",))),
        ("50 kg|/ha", [], None),
        ("9 km|/ h", [(4, 7, ("h",))], (4, 7, ("h",))),
        ("2 km| PER HOUR", [(4, 13, ("HOUR",))], (4, 13, ("HOUR",))),
        ("1 m| a s", [(3, 7, ("s",))], (3, 7, ("s",))),
        ("6 km|  /h", [(5, 8, ("h",))], None),
    ],
    "entities._ADMIN": [
        ("the Biden| administration", [(9, 24, ("administration",))], (9, 24, ("administration",))),
        ("Trump|'s administration", [(5, 22, ("administration",))], (5, 22, ("administration",))),
        ("Obama|’s team", [(5, 12, ("team",))], (5, 12, ("team",))),
        ("Harris| team said", [(6, 11, ("team",))], (6, 11, ("team",))),
        ("Biden|  administration", [(5, 21, ("administration",))], (5, 21, ("administration",))),
        ("Biden| administrations", [], None),
        ("Smith|'s teammate", [], None),
        ("Jones| teams", [], None),
        ("Bush|\nadministration", [(4, 19, ("administration",))], (4, 19, ("administration",))),
        ("Lee|'s  team", [(3, 11, ("team",))], (3, 11, ("team",))),
        ("Lee|'sadministration", [], None),
        ("Lee| Administration", [], None),
    ],
    "policies._NAMED_POLICY": [
        ("The Affordable Care Act was passed.", [(0, 23, ("The Affordable Care Act",))], None),
        ("under the Inflation Reduction Act of 2022", [(10, 33, ("Inflation Reduction Act",))], None),
        (
            "the Deferred Action for Childhood Arrivals Program",
            [(4, 50, ("Deferred Action for Childhood Arrivals Program",))],
            None,
        ),
        ("The Marshall Plan and the Truman Doctrine", [(0, 41, ("The Marshall Plan and the Truman Doctrine",))], None),
        ("Trump's America First Policy", [(0, 28, ("Trump's America First Policy",))], None),
        ("the No Child Left Behind Act", [(4, 28, ("No Child Left Behind Act",))], None),
        ("The pre-Affordable Care Act market", [(8, 27, ("Affordable Care Act",))], None),
        ("President's Emergency Plan for AIDS Relief", [(0, 26, ("President's Emergency Plan",))], None),
        ("the Anti-Terrorism Act", [(4, 22, ("Anti-Terrorism Act",))], None),
        ("the Clean Air Act's rules", [(4, 17, ("Clean Air Act",))], None),
        ("Belt and Road Initiative", [(0, 24, ("Belt and Road Initiative",))], None),
        ("the Minsk Protocols", [(4, 19, ("Minsk Protocols",))], None),
        ("O'Neill-Smith Act", [(0, 17, ("O'Neill-Smith Act",))], None),
        ("Medicare for All Act", [(0, 20, ("Medicare for All Act",))], None),
        ("He said Act now", [], None),
        ("The  Paris   Climate   Plan", [(0, 27, ("The  Paris   Climate   Plan",))], None),
        ("Foo-Act Bar", [], None),
        ("the Act-Foo Bar Act", [(4, 19, ("Act-Foo Bar Act",))], None),
        ("One Two Three Four Five Six Seven Act", [(4, 37, ("Two Three Four Five Six Seven Act",))], None),
        ("Department of the Interior Program", [(0, 34, ("Department of the Interior Program",))], None),
        ("A Plan", [(0, 6, ("A Plan",))], None),
        ("the U.S. Refugee Admissions Program", [(9, 35, ("Refugee Admissions Program",))], None),
        ("New York's Safe Act", [(0, 19, ("New York's Safe Act",))], None),
        ("Green New Deal Plan\nAct", [(0, 23, ("Green New Deal Plan\nAct",))], None),
        ("In The Water Act", [(0, 16, ("In The Water Act",))], None),
        (
            "the Farm-to-Fork Strategy and the Farm Bill Program",
            [(4, 51, ("Farm-to-Fork Strategy and the Farm Bill Program",))],
            None,
        ),
        ("X of of of the Act", [(0, 18, ("X of of of the Act",))], None),
        (
            "Wall Street Reform and Consumer Protection Act",
            [(0, 46, ("Wall Street Reform and Consumer Protection Act",))],
            None,
        ),
        ("the Rescue Plan's cost", [(4, 15, ("Rescue Plan",))], None),
        ("Acts Programmes", [], None),
        ("Cash-for-Clunkers Program", [(0, 25, ("Cash-for-Clunkers Program",))], None),
        ("the e-Government Act", [(6, 20, ("Government Act",))], None),
        ("the 2nd Chance Act", [(8, 18, ("Chance Act",))], None),
        ("Title IX Programme", [(0, 18, ("Title IX Programme",))], None),
    ],
    "figure_filters.CASUALTY_AFTER": [
        ("3| dead after", [(1, 6, ("dead",))], (1, 6, ("dead",))),
        ("12| people killed", [(9, 16, ("killed",))], None),
        ("40| injured", [(2, 10, ("injured",))], (2, 10, ("injured",))),
        ("5|  wounded", [(1, 10, ("wounded",))], (1, 10, ("wounded",))),
        ("2| Killed", [(1, 8, ("Killed",))], (1, 8, ("Killed",))),
        ("7| missing persons", [(1, 9, ("missing",))], (1, 9, ("missing",))),
        ("9| arrested.", [(1, 10, ("arrested",))], (1, 10, ("arrested",))),
        ("4| hurting", [], None),
        ("6|\ndetained", [(1, 10, ("detained",))], (1, 10, ("detained",))),
        ("10| deadline", [], None),
        ("11|-dead", [], None),
        ("13| HURT", [(2, 7, ("HURT",))], (2, 7, ("HURT",))),
    ],
    "direct_quotes.CREDIT_DASH": [
        ('"We won." |― Ana Diaz', [(9, 12, ())], (10, 12, ())),
        ('"We won."| — Ana Diaz', [(9, 12, ())], (9, 12, ())),
        ('"x"| -- Bob', [(3, 7, ())], (3, 7, ())),
        ('"x"| - Bob', [(3, 6, ())], (3, 6, ())),
        ('"x"|–Bob', [(3, 4, ())], (3, 4, ())),
        ('"x"|  —  Bob', [(3, 8, ())], (3, 8, ())),
        ('"x"|- Bob', [], None),
        ('"x"| --- Bob', [], None),
        ('"x"| said Bob', [], None),
        ('"x"|\n—\nBob', [(3, 6, ())], (3, 6, ())),
        ('"x"|— — Bob', [(3, 5, ()), (5, 7, ())], (3, 5, ())),
        ('"x"| —', [(3, 5, ())], (3, 5, ())),
        ('"x"|  -  Bob', [(3, 8, ())], (3, 8, ())),
    ],
    "figure_filters.MASK_RE": [
        (
            "On 2021-12-16 at 10:30 call 555-1234 about COVID-19 and the F-35.",
            [(3, 13, ()), (17, 22, ()), (28, 36, ()), (43, 51, ()), (60, 64, ())],
            None,
        ),
        (
            "score 3-2, 1/2 cup, (555) 123-4567, 4G and 3D, A330-200, 12.5.2020, scp-173",
            [(6, 9, ()), (11, 14, ()), (20, 34, ()), (36, 38, ()), (43, 45, ()), (57, 66, ()), (68, 75, ())],
            None,
        ),
        ("in 2020 the 10:30 train", [(12, 17, ())], None),
        ("(1)-2-3", [(0, 7, ())], None),
        ("abc-12def", [(4, 9, ())], None),
        ("3rd", [(0, 3, ())], None),
        ("10am", [(0, 4, ())], None),
        ("1.5.6.7", [(0, 7, ())], None),
        ("9/11", [(0, 4, ())], None),
        ("B-52s", [(2, 5, ())], None),
        ("(555)123-4567abc-12", [(0, 13, ()), (13, 19, ())], None),
        ("x-1-2-3", [(0, 3, ()), (4, 7, ())], None),
        ("a1b2c3", [], None),
        ("12:345", [], None),
        ("1:2:3", [(0, 5, ())], None),
        ("Boeing 737-800s", [(11, 15, ())], None),
        ("the G-7 and G20", [(4, 7, ())], None),
        ("mid-2021", [(0, 8, ())], None),
        ("Covid-19-related", [(0, 8, ())], None),
        ("1-800-555-0199", [(0, 14, ())], None),
        ("(12)/3/4", [(0, 8, ())], None),
        ("3.5", [], None),
        ("25-year-old", [], None),
        ("U2 and R2-D2", [], None),
    ],
}


@pytest.mark.parametrize("name", sorted(BEFORE))
def test_ordinary_phrases_read_as_before(name):
    rx = _pattern(name)
    got = [(phrase, *_observe(rx, phrase)) for phrase, _, _ in BEFORE[name]]
    assert got == BEFORE[name]


# ---------------------------------------------------------------- the shape: a leading run of spaces


def _leading_space_runs(items) -> list:
    """The unbounded repeats of a whitespace class that a match of ``items`` can start with, unless a
    lookbehind ``(?<!\\s)`` or an anchor comes first. Tried from every position (finditer, search), such a
    repeat rescans a run of spaces from each of its spaces: quadratic."""
    for op, av in items:
        if op is sre_constants.AT:
            if av in (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING):
                return []
            continue  # \b: zero width
        if op is sre_constants.ASSERT_NOT and av[0] == -1 and _is_space_class(list(av[1])):
            return []  # (?<!\s): a match starts only where a run of spaces starts
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        if op is sre_constants.BRANCH:
            return [found for branch in av[1] for found in _leading_space_runs(list(branch))]
        if op is sre_constants.SUBPATTERN:
            return _leading_space_runs(list(av[-1]))
        if op in (
            sre_constants.MAX_REPEAT,
            sre_constants.MIN_REPEAT,
            getattr(sre_constants, "POSSESSIVE_REPEAT", None),
        ):
            low, high, inner = av[0], av[1], list(av[2])
            if _is_space_class(inner):
                return [(op, av)] if high is sre_constants.MAXREPEAT else []
            found = _leading_space_runs(inner)
            if found or low > 0:
                return found
            continue  # an optional group: the match may start after it
        return []
    return []


def _is_space_class(items) -> bool:
    return (
        len(items) == 1
        and items[0][0] is sre_constants.IN
        and (sre_constants.CATEGORY, sre_constants.CATEGORY_SPACE) in items[0][1]
    )


def _modules_on_article_text():
    from graph.extract import (
        entity_shapes,
        figure_bounds,
        figure_sources,
        figure_variables,
        figures,
        measures,
        quote_fragments,
        quote_marks,
        reported_speech,
        speakers,
        speech_context,
        verb_speakers,
    )

    return [
        numbers,
        figures,
        figure_bounds,
        figure_filters,
        figure_sources,
        figure_variables,
        entities,
        entity_shapes,
        policies,
        speech_context,
        speakers,
        verb_speakers,
        direct_quotes,
        quote_marks,
        quote_fragments,
        reported_speech,
        measures,
    ]


def _module_patterns():
    for module in _modules_on_article_text():
        for attr, value in vars(module).items():
            items = value.items() if isinstance(value, dict) else [("", value)]
            for key, rx in items:
                if isinstance(rx, re.Pattern):
                    yield f"{module.__name__}.{attr}{key and f'[{key}]'}", rx


def _leading(pattern: str) -> list:
    return _leading_space_runs(list(sre_parse.parse(pattern)))


@pytest.mark.parametrize(
    "pattern",
    [  # the shapes the bench flagged, as they were
        r"(?:\s+and)?\s+(?P<n>\d{1,2})",
        r"(?:[\u2019']s)?\s+(administration|team)\b",
        r"(?:\s?-\s?|\s)old(?![a-z])|\s+of\s+age\b",
        r"\s*[\u2015\u2014\u2013]\s*|\s+-{1,2}\s+",
        r"\s*(?:[.,;:!?)]|more\b|$)",
    ],
)
def test_the_shape_check_finds_a_leading_run_of_spaces(pattern):
    assert _leading(pattern)


@pytest.mark.parametrize("pattern", [r"^\s*ago", r"(?<!\s)\s+of", r"\s?-\s?old", r"\bx\s+y", r"(?:(?<!\s)\s*)?\.$"])
def test_the_shape_check_passes_a_guarded_or_bounded_start(pattern):
    assert not _leading(pattern)


def test_no_pattern_on_article_text_starts_with_an_unguarded_run_of_spaces():
    offending = {name: _leading(rx.pattern) for name, rx in _module_patterns()}
    assert [name for name, found in offending.items() if found] == []
    assert len(offending) > 40  # the patterns were found


# ---------------------------------------------------------------- the cost on hostile text

FLAGGED = [
    "numbers.CENTS_RE",
    "numbers.CENTS_END_RE",
    "numbers.AGE_OLD_RE",
    "numbers.PER_UNIT_RE",
    "entities._ADMIN",
    "policies._NAMED_POLICY",
    "figure_filters.CASUALTY_AFTER",
    "figure_filters.MASK_RE",
    "direct_quotes.CREDIT_DASH",
]
UNITS = [" ", "\n", "a", "A", "1", "-", "'", "1 ", "Aa ", "A-", "the ", "$1 ", "\u2014 ", "and "]


def _hostile(rx: re.Pattern, n: int) -> list[str]:
    """Runs of one character or a few, and of the pattern's own words run together, about ``n`` long."""
    units = UNITS + [w + sep for w in set(re.findall(r"[A-Za-z]{3,}", rx.pattern)) for sep in (" ", "-")]
    return [(u * (n // len(u) + 1))[:n] for u in units] + [" " * n + "x"]


@pytest.mark.parametrize("name", FLAGGED)
def test_flagged_patterns_run_in_linear_time_on_hostile_text(name):
    rx = _pattern(name)
    for n in (4_000, 40_000):  # the small size first: a quadratic pattern fails there in seconds, not minutes
        for text in _hostile(rx, n):
            t = time.perf_counter()
            list(rx.finditer(text))
            assert time.perf_counter() - t < 0.5, (name, n, text[:12])  # linear: a few ms; quadratic: seconds
