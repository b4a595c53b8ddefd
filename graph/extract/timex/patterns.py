"""Finding candidate date expressions: the rules (one regex each, named), the words around a candidate that
confirm or veto it, and :func:`scan`, which runs every rule over a text in one pass.

Rules only begin where a match can begin (:data:`LEAD`: a digit, an apostrophe or one of a few dozen words);
:func:`scan` visits the text once with a pattern that stops only there and marks which rules match, so that
each rule runs at its own marked positions instead of at every character of the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .values import Found
from .words import MONTH_ABBR, MONTHS, NUMBER_WORDS, ORDINALS, SEASONS, TEENS, TENS, UNITS, WEEKDAYS

_MONTH_FULL = r"(?:" + "|".join(m.capitalize() for m in MONTHS) + ")"
_MONTH_ANY = r"(?:" + _MONTH_FULL[3:-1] + r"|(?:" + "|".join(a.capitalize() for a in MONTH_ABBR) + r")\.?)"
_MONTH_ALL = r"(?:" + "|".join([m.capitalize() for m in MONTHS] + [m.upper() for m in MONTHS]) + ")"
_WEEKDAY = r"(?:" + "|".join(w.capitalize() for w in WEEKDAYS) + ")"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
# a year: not part of a larger number, an amount, a code or a time
_YEAR = (
    r"(?<![A-Za-z\d.,$£€#/:])(?:(?<![\d][-–])|(?<=\d\d\d\d[-–]))(?:1[5-9]\d\d|20\d\d)"
    r"(?![A-Za-z\d:]|[.,]\d|\s?%|\s?per ?cent|\s*(?:GMT|UTC|[ECMP][SD]T|hours|hrs)\b)"
    r"(?!(?:\s+[A-Z][a-z]+){1,2}\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Lane|Way)\b)"
)
_WD_PREFIX = r"(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?"
_PART = r"(?i:(?:early|mid|late|(?:the\s+)?(?:beginning|start|middle|end|close)\s+of)[\s-]+)"
_REL = r"(?i:this|last|next|this\s+past|this\s+coming)"
_ORD = r"(?i:" + "|".join(ORDINALS) + ")"
_SEASON = r"(?i:" + "|".join(SEASONS) + ")"
_FISCAL = r"(?:(?i:fiscal)[\s-]+)?"
_SPOKEN_YY = (
    r"(?i:" + "|".join(TEENS) + "|(?:" + "|".join(TENS) + r")(?:[\s-]+(?:" + "|".join(UNITS) + r"))?|"
    r"(?:oh|o)[\s-]+(?:" + "|".join(UNITS) + r"))"
)
# a count of units, whole: not the end of a longer number ("Seventy-four years ago" is not "four years ago")
_NUM = (
    r"(?<![\w-])(?i:\d{1,3}|a|an|(?:"
    + "|".join(TENS)
    + r")(?:[\s-](?:"
    + "|".join(UNITS)
    + r"))?|"
    + "|".join(UNITS + TEENS)
    + ")"
)

_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>(?:1[5-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("mdy", _WD_PREFIX + r"(?P<m>" + _MONTH_ANY + r")\s+(?P<d>" + _DAY + r")(?:,\s*|\s+)(?P<y>" + _YEAR + r")"),
    ("dmy", _WD_PREFIX + r"(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<m>" + _MONTH_ANY + r"),?\s+(?P<y>" + _YEAR + r")"),
    ("md", _WD_PREFIX + r"(?P<m>" + _MONTH_ANY + r")\s+(?P<d>" + _DAY + r")\b(?![,.]?\d|\s*(?:%|percent))"),
    ("dm", _WD_PREFIX + r"(?<![\d,.])(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<m>" + _MONTH_ANY + r")\b"),
    ("my", r"(?P<part>" + _PART + r")?(?P<m>" + _MONTH_ANY + r"),?\s+(?:of\s+)?(?P<y>" + _YEAR + r")"),
    (
        "month",
        r"(?P<part>" + _PART + r"|(?i:earlier|later)\s+(?i:in|this)\s+)?(?:(?P<rel>" + _REL + r")\s+)?"
        r"(?P<m>" + _MONTH_ALL + r")\b(?!\s*\d)",
    ),
    (
        "season_year",
        r"(?P<part>" + _PART + r")?(?P<s>" + _SEASON + r")\s+(?:of\s+)?"
        r"(?P<y>" + _YEAR + r")",
    ),
    (
        "season",
        r"(?P<pre>(?i:(?:earlier|later)\s+this|this|last|next|this\s+past|this\s+coming|in\s+the|"
        r"early|late|mid|during\s+the|over\s+the|by\s+the|until\s+the))[\s-]+"
        r"(?P<s>" + _SEASON + r")\b(?!\s+of\b)",
    ),
    ("year", r"(?P<part>" + _PART + r")?(?:(?i:fiscal)\s+)?(?P<y>" + _YEAR + r")"),
    ("decade", r"(?:(?i:the)\s+)?(?P<part>(?i:early|mid|late)[\s-]+)?(?P<y>(?:1[5-9]|20)\d0)'?s\b"),
    ("decade_short", r"(?:(?i:the)\s+)?(?P<part>(?i:early|mid|late)[\s-]+)?['\u2019](?P<y>\d0)s\b"),
    (
        "century",
        r"(?i:the)\s+(?P<part>(?i:early|mid|late)[\s-]+)?(?P<n>1?\d|2[01])(?:st|nd|rd|th)[\s-]+"
        r"(?i:century)\b",
    ),
    (
        "quarter_year",
        r"(?:(?i:the)\s+)?" + _FISCAL + r"(?P<q>" + _ORD + r")[\s-]+(?i:quarter)"
        r"(?:\s+of|,)?\s+(?:(?i:fiscal)\s+)?(?P<y>" + _YEAR + r")",
    ),
    (
        "year_quarter",
        r"(?:(?i:the)\s+)?(?P<y>"
        + _YEAR
        + r")(?:['\u2019]s)?\s+"
        + _FISCAL
        + r"(?P<q>"
        + _ORD
        + r")[\s-]+(?i:quarter)\b",
    ),
    (
        "rel_year_quarter",
        r"(?P<rel>(?i:this|last|next))\s+(?i:year)['\u2019]s\s+"
        + _FISCAL
        + r"(?P<q>"
        + _ORD
        + r")[\s-]+(?i:quarter)\b",
    ),
    ("q_year", r"\b(?P<q>Q[1-4])\s*(?P<y>(?:19|20)\d\d|['\u2019]?\d\d)\b"),
    (
        "quarter",
        r"(?:(?i:the)\s+)?" + _FISCAL + r"(?P<q>" + _ORD + r")[\s-]+(?i:quarter)\b"
        r"(?:\s+of\s+(?P<rel>(?i:this|last|next|the))\s+(?i:year))?"
        r"(?!\s+of\s+(?:the|this|that|these|those|next|last|fiscal|its|their|a|an)\b)",
    ),
    # "from $4 million the previous quarter": the period before, in a comparison (anchored on an event, no date)
    (
        "previous",
        r"(?i:the)\s+(?i:previous|prior|preceding)\s+(?P<unit>(?i:year|quarter|month|week))\b"
        r"(?![\s-]+(?:old|long)\b|['\u2019])",
    ),
    (
        "quarter_rel",
        r"(?P<rel>(?i:this|last|next|the\s+last|the\s+past|the\s+previous|the\s+current))"
        r"[\s-]+(?i:quarter)\b(?!\s+of)",
    ),
    (
        "half_year",
        r"(?:(?i:the)\s+)?(?P<h>(?i:first|second))\s+(?i:half)\s+of\s+(?:(?P<y>" + _YEAR + r")|"
        r"(?P<rel>(?i:this|last|next|the))\s+(?i:year))",
    ),
    (
        "relative",
        r"(?P<part>" + _PART + r"|(?i:earlier|later)\s+)?(?<![Tt]he )(?P<rel>(?i:this|last|next|this\s+past|"
        r"this\s+coming|the\s+current|the\s+coming))\s+(?P<unit>(?i:week|weekend|month|year|decade|century))\b(?!\s+(?:old|long))",
    ),
    # "the past week" is last week; "the past year" is mostly a duration ("prices doubled over the past year")
    ("the_past", r"(?P<rel>(?i:the\s+past))\s+(?P<unit>(?i:week|weekend))\b(?![\s-]+(?:old|long)\b|\s+or\b)"),
    (
        "the_unit",
        r"(?P<part>(?i:(?:the\s+)?(?:beginning|start|middle|end|close)\s+of))\s+(?i:the)\s+"
        r"(?P<unit>(?i:week|month|quarter|year|decade))\b(?!\s+(?:before|after|of)\b)",
    ),
    (
        "ago",
        r"(?P<n>" + _NUM + r")\s+(?P<unit>(?i:day|week|month|year|decade))s?\s+"
        r"(?P<dir>(?i:ago|earlier|from\s+now))\b",
    ),
    # periods a year before the one an article reports on: "the year-ago quarter", "year-earlier results",
    # "the same period last year", "last year's quarter", "the quarter a year earlier"
    (
        "year_ago",
        r"(?:(?i:the)\s+)?(?i:year)-(?i:ago|earlier)(?:\s+(?:(?P<q>" + _ORD + r")[\s-]+)?"
        r"(?P<noun>(?i:quarter|period)))?\b",
    ),
    (
        "period_ago",
        r"(?:(?:(?i:the)\s+)?(?:(?i:same|corresponding|comparable)\s+)?(?P<noun>(?i:quarter|period))\s+"
        r"(?:(?i:of\s+)?(?i:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior)\s+year))"
        r"|(?i:last)\s+(?i:year)['\u2019]s\s+(?P<noun2>(?i:quarter|period)))\b",
    ),
    # the period an article reports on: "the latest quarter", "the most recent period", "the quarter"
    (
        "latest_period",
        r"(?:(?i:the)\s+)?(?i:latest|most\s+recent|just[\s-]ended)\s+(?P<noun>(?i:quarter|period|"
        r"three\s+months))\b",
    ),
    (
        "the_quarter",
        r"(?i:the)\s+(?i:quarter)\b(?![\s-]+(?:point|mile|final|century|hour|inch|pound|"
        r"of\s+(?:a|an|the|its|their|all|it|them|those|these)\b))",
    ),
    # the year or month last named: "in 1988 ... that year"
    ("that_unit", r"(?i:that|the\s+same)\s+(?P<unit>(?i:year|month))\b(?![\s-]+(?:old|long|alone)\b)"),
    ("year_end", r"(?i:year)(?:['\u2019]s\s+|-|\s+)(?i:end)\b"),
    (
        "the_year",
        r"(?i:the)\s+(?:(?P<full>(?i:full))\s+)?(?i:year)\b(?![-'\u2019]|\s+(?:\d|of|before|after|earlier|"
        r"later|ago|to|in|when|that|which|since|old|long|and|or)\b)",
    ),
    (
        "spoken_year",
        r"\b(?P<c>(?i:nineteen|twenty))[\s-]+(?P<yy>" + _SPOKEN_YY + r")\b(?![-\u2013]|[\s-]+(?i:hundred|"
        r"thousand|million|billion|percent|per\s+cent)\b)",
    ),
    ("deictic", r"\b(?P<w>(?i:today|yesterday|tomorrow))\b"),
    (
        "weekday",
        r"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<wd>" + _WEEKDAY + r")\b"
        r"(?!,?\s+" + _MONTH_ANY + r"\s+\d)",
    ),
    (
        "day_part",
        r"(?:(?P<wd>" + _WEEKDAY + r")|(?P<w>(?i:today|yesterday|tomorrow|this|last)))\s+"
        r"(?P<p>(?i:morning|afternoon|evening|night))\b|(?P<tonight>(?i:tonight|overnight))\b",
    ),
    ("clock", r"(?!)"),  # never matches: weekdays and "today" next to a clock time are renamed to it
    ("the_weekend", r"(?i:the\s+weekend)\b(?!\s+(?:of|before|after|edition)\b)"),
    ("holiday", r"(?P<h>Christmas\s+(?:Day|Eve)|New\s+Year['\u2019]s\s+(?:Day|Eve))(?:,?\s+(?P<y>" + _YEAR + r"))?"),
]

# Where a match of any rule can begin (case-insensitively, a superset of what the rules accept): a digit, an
# apostrophe, "Q1".."Q4", a calendar word, or a function word with the space or hyphen the rules want after it.
# :func:`scan` tries the rules only where it matches (a test checks that it marks every place a rule matches).
_BARE = {*MONTHS, *MONTH_ABBR, *WEEKDAYS, "today", "yesterday", "tomorrow", "tonight", "overnight"}
_SPACED = {
    *SEASONS,
    *ORDINALS,
    *(w for w in NUMBER_WORDS if w.isalpha() and len(w) > 2),
    "the",
    "this",
    "last",
    "next",
    "that",
    "same",
    "early",
    "mid",
    "late",
    "earlier",
    "later",
    "beginning",
    "start",
    "middle",
    "end",
    "close",
    "in",
    "during",
    "over",
    "by",
    "until",
    "fiscal",
    "quarter",
    "period",
    "corresponding",
    "comparable",
    "latest",
    "most",
    "just",
    "christmas",
    "new",
} - _BARE


def _trie(words: set[str]) -> str:
    """A regex alternation of ``words`` sharing their beginnings, so the engine reads each character once."""
    if words == {""}:
        return ""
    by_first: dict[str, set[str]] = {}
    for w in words:
        by_first.setdefault(w[:1], set()).add(w[1:])
    alternatives = [re.escape(first) + _trie(rests) for first, rests in sorted(by_first.items(), reverse=True)]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


LEAD = r"(?i:\d|['\u2019]|q[1-4]|(?<![\w-])an?\s|year[-'\u2019\s]|" + _trie(_BARE) + "|" + _trie(_SPACED) + r"[\s-])"
_FIRSTS = "(?i:[" + "".join(sorted({w[0] for w in _BARE | _SPACED} | {"a", "q", "y"})) + "\\d'\u2019])"
RULES = {name: re.compile(rx) for name, rx in _RULES}
_ORDER = {name: i for i, name in enumerate(RULES)}
# one pass over the text: a position where LEAD matches, and, with an empty group per rule, the rules that
# match from it (looked at again from the character just consumed: a lookbehind one character wide)
_UNNAMED = re.compile(r"\(\?P<\w+>")  # rules share group names: in the marker their groups are plain


@functools.cache
def marker() -> re.Pattern:
    """The one-pass pattern, compiled on first use (a large pattern: commands that read no text skip it)."""
    marks = "".join(f"(?:(?={_UNNAMED.sub('(?:', rx)})(?P<{name}>)|)" for name, rx in _RULES)
    return re.compile(rf"{_FIRSTS}(?<=(?={LEAD}){marks}[\s\S])")


# words before a month name or a bare year that make it a date
_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|of|during|from|to|through|before|after|between|and|or|the|"
    r"early|mid|late|last|next|this|on|around|about|as of|starting|beginning|ending|circa|year|"
    r"spring|summer|autumn|fall|winter)[\s-]*$)"
)
_STRONG_CUE = re.compile(
    r"(?i:\b(?:in|since|until|till|by|of|during|from|through|before|after|early|mid|late|"
    r"last|next|this|as of)[\s-]*$)"
)
# a plural noun after a number makes it a count ("2000 people"), not a year; only the first of a run of
# spaces may begin a match, else every space of a long run would rescan the rest of it
_COUNTED = re.compile(
    r"(?<!\s)\s+(?:(?!(?:was|is|has|as|this|its|his|plus|thus|always|across|versus)\b)[a-z]+s|"
    r"people|children|men|women|police|staff|personnel|feet|cattle)\b"
)
# words before a number that make it a name or a code, not a year ("Flight 1549", "No. 1600")
_NUMBERED = re.compile(
    r"(?:Flight|Route|Room|Highway|Interstate|No\.|Number|Article|Resolution|Section|Model|"
    r"Apartment|Suite|Chapter|Gate|Exit|Version|Windows|Office|Boeing|Airbus|Code|Box|Unit|"
    r"Bill|H\.R\.|S\.|Rule|Form|Item|Lot|Block|Pier|Platform|Track|Bus|Train|Car)\s+$"
)
# a clock time next to a weekday, a day of a month or "today" makes the whole a time of day ("3 p.m. Thursday",
# "midnight Friday", "5 p.m. EST, Nov. 6")
_ZONE = r"(?:GMT|UTC|[ECMP][SD]T)"
_CLOCK_BEFORE = re.compile(
    r"(?:\d(?::\d\d)?\s*(?:[ap]\.?m\.?(?:\s+" + _ZONE + r")?|" + _ZONE + r")|\bnoon|\bmidnight)"
    r",?\s+(?:(?:on|this|last|next)\s+)?$",
    re.I,
)
# "every Monday", "each June", "every year in May", "each week on Friday": a set of dates
_EVERY = re.compile(
    r"(?i:\b(?:every|each)\s+(?:other\s+)?(?:(?:year|month|week|spring|summer|autumn|fall|winter)\s+"
    r"(?:in|on|during)\s+)?(?:[A-Z][a-z]+\s+(?:and|or)\s+)?$)"
)
# words before "year end" that make it a date ("by year end", "at the year's end")
_YEAR_END_CUE = re.compile(
    r"(?i:\b(?:by|at|before|until|till|through|after|toward|towards|near|since|from|of|the|"
    r"around|for)\s+$)"
)
_CLOCK_AFTER = re.compile(r"^,?\s+(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight|\d{1,2}:\d\d)", re.I)
# words before a weekday that make it part of a name, not a date
_WEEKDAY_NAMES = re.compile(
    r"(?:Black|Good|Cyber|Super|Ash|Holy|Easter|Maundy|Giving|Fat|Blue|Bloody|Man|Girl)"
    r"\s+$"
)


def scan(text: str) -> list[Found]:
    """Candidate date expressions in ``text``, longest first where they overlap, in text order.

    ``doubt`` marks candidates that need confirmation from a named-entity tagger: "name" for a month
    that may be a person's name or a verb ("May said", "April Ryan"), "number" for a bare year that may
    be a count ("2000 people").
    """
    found = []
    for name, m in _rule_matches(text):
        start, end = m.span()
        while end > start and text[end - 1] in " \t\n-":
            end -= 1
        if end <= start or "\n" in text[start:end]:
            continue
        before, after = text[max(0, start - 25) : start], text[end : end + 30]
        doubt = _doubt(name, m, before, after)
        if doubt is None:
            continue
        rule = name
        if name in ("weekday", "deictic", "md", "dm") and (_CLOCK_BEFORE.search(before) or _CLOCK_AFTER.match(after)):
            rule = "clock"  # a time of day: kept, but as a time
        groups = tuple(sorted((k, v) for k, v in m.groupdict().items() if v is not None))
        found.append(Found(start, end, rule, text[start:end], doubt, groups))
    chosen: list[Found] = []
    for f in sorted(found, key=lambda f: (f.start - f.end, f.start, _ORDER[f.rule])):
        if all(f.end <= c.start or f.start >= c.end for c in chosen):
            chosen.append(f)
    return sorted(chosen)


def _rule_matches(text: str) -> Iterator[tuple[str, re.Match]]:
    """(rule name, match) for each rule in turn, exactly as ``RULES[name].finditer(text)`` gives them."""
    starts: dict[str, list[int]] = {name: [] for name in RULES}
    for hit in marker().finditer(text):
        for name, mark in hit.groupdict().items():
            if mark is not None:
                starts[name].append(hit.start())
    for name, rx in RULES.items():
        end = 0
        for start in starts[name]:
            if start >= end:  # finditer's matches do not overlap
                m = rx.match(text, start)
                if m is not None:
                    end = m.end()
                    yield name, m


def _doubt(rule: str, m: re.Match, before: str, after: str) -> str | None:
    """How sure a candidate is from the words around it: "" sure, "name"/"number" doubtful, None not a date."""
    if rule in ("weekday", "month", "season", "md", "dm", "holiday") and _EVERY.search(before):
        return None  # "every Monday", "each June": a set of dates, not one
    cue = bool(_CUE.search(before))
    if rule == "month" and not (m["part"] or m["rel"]):
        if m["m"].lower() in ("may", "march"):  # also a name and a verb: only a preposition makes it a month
            sure = _STRONG_CUE.search(before) and not after.startswith(("'s", "\u2019s"))
            return "" if sure else "name"
        nxt = re.match(r"\s+([A-Z][a-z]+)", after)  # "April Ryan"
        return "name" if not cue and nxt and nxt[1].lower() not in MONTHS else ""
    if rule == "year" and not m["part"]:
        if _NUMBERED.search(before):
            return None
        return "number" if not cue and (_COUNTED.match(after) or int(m["y"]) < 1800) else ""
    if rule == "year_end":
        return "" if _YEAR_END_CUE.search(before) else None
    if rule == "the_year" and not m["full"]:  # "for the year, sales rose": the year reported on
        return "" if re.search(r"(?i:\bfor)\s+$", before) and re.match(r",|\.|\s+(?:ended|ending)\b", after) else None
    if rule == "spoken_year":
        return "number" if _COUNTED.match(after) else ""
    if rule == "deictic" and m[0] == "Today" and re.search(r"[A-Z][\w&'-]*\s+$", before):
        return None  # "USA Today", a programme's name
    if rule == "weekday" and (
        _WEEKDAY_NAMES.search(before) or re.search(r"(?i:the)\s+$", before) and re.match(r"\s+[A-Z]", after)
    ):
        return None  # "Black Friday", "The Sunday Times"
    return ""


def match(expression: str) -> tuple[str, re.Match] | None:
    """The rule that matches all of ``expression`` (a leading preposition allowed), and its match."""
    expression = re.sub(r"^(?i:in|on|at|by|since|during|until)\s+", "", expression.strip())
    for name, rx in RULES.items():
        m = rx.fullmatch(expression)
        if m:
            return name, m
    return None
