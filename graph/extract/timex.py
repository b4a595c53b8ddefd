"""A small TIMEX normaliser: find date expressions in text and resolve them against an anchor date.

Pure functions, no spaCy. :func:`scan` finds candidate expressions in a text; :func:`resolve` turns one
into a :class:`Timex` (ISO value at the expression's own granularity plus begin/end dates) given the
anchor (the article's date) and the tense of the sentence ("past", "present", "future" or None).
Values follow ISO 8601 and the TimeML conventions for what ISO lacks: "2021-12-16", "2021-W50",
"2021-W50-WE" (weekend), "2021-10", "2021-Q3", "2021-H1", "2021-SU" (season), "2021", "199" (1990s),
"19" (20th century). Durations ("three years", "a few days"), ages and expressions anchored on another
event ("three years later") are not dates: :func:`resolve` returns None for them or they never match.
Sets ("every Monday") are not dates either. Expressions that refer back to what the article said before
("that year", "the quarter", "the year-ago period", "a year earlier" in a comparison) resolve against a
:class:`Context` the caller builds while reading the article in order (see ``dates.Before``); without one
they resolve against the article date where they can, and are no date where they cannot.
"""
from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

try:  # the parser behind re, to read the first characters each rule can match
    from re import _constants as _sre, _parser as _sre_parse
except ImportError:  # Python 3.10
    import sre_constants as _sre
    import sre_parse as _sre_parse

MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december")
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10,
         "nov": 11, "dec": 12}
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update({"a": 1, "an": 1, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
                     "eighty": 80, "ninety": 90})
ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
REPORTING_LAG = timedelta(days=45)  # a quarter's results come out within weeks of its end
SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True)
class Timex:
    """A resolved (or unresolvable) date expression: ``value`` is None when it needs an anchor it lacks."""

    value: str | None
    granularity: str  # time | day | week | month | quarter | half | season | year | decade | century | unresolved
    begin: date | None = None
    end: date | None = None


UNRESOLVED = Timex(None, "unresolved")


@dataclass(frozen=True)
class Context:
    """What the article says around an expression, for those that refer back ("that year", "the quarter",
    "a year earlier"): ``quarter`` is the quarter it last reported on (begun by the article date, ended within
    the year before it), ``year`` and ``month`` the last it named; the flags describe the sentence: it states
    money or names a quarter or period (``results``), it compares (``compared``: "from", "compared with"),
    it names a quarter or period (``period``), it covers a longer stretch ("nine months", "the full year"),
    the month, quarter or year it named first, before the expression (``named``)."""

    quarter: Timex | None = None
    year: int | None = None
    month: Timex | None = None
    results: bool = False
    compared: bool = False
    period: bool = False
    longer: bool = False
    named: Timex | None = None  # the period the sentence named first: "sales in May rose from a year ago"


@dataclass(frozen=True, order=True)
class Found:
    """A candidate expression at ``text[start:end]``; ``rule`` names the pattern that matched it."""

    start: int
    end: int
    rule: str
    text: str
    doubt: str = ""  # "name" or "number" when it may not be a date at all (see :func:`scan`)
    groups: tuple = field(default=(), compare=False)  # the rule's named groups, as (name, text) pairs


# ---------------------------------------------------------------- calendar arithmetic

def month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def add_months(y: int, m: int, k: int) -> tuple[int, int]:
    n = y * 12 + (m - 1) + k
    return n // 12, n % 12 + 1


def iso_week(d: date) -> Timex:
    y, w, _ = d.isocalendar()
    monday = d - timedelta(days=d.weekday())
    return Timex(f"{y}-W{w:02d}", "week", monday, monday + timedelta(days=6))


def day(d: date) -> Timex:
    return Timex(d.isoformat(), "day", d, d)


def month(y: int, m: int) -> Timex:
    return Timex(f"{y:04d}-{m:02d}", "month", date(y, m, 1), month_end(y, m))


def quarter(y: int, q: int) -> Timex:
    return Timex(f"{y:04d}-Q{q}", "quarter", date(y, 3 * q - 2, 1), month_end(y, 3 * q))


def half(y: int, h: int) -> Timex:
    return Timex(f"{y:04d}-H{h}", "half", date(y, 6 * h - 5, 1), month_end(y, 6 * h))


def year(y: int) -> Timex:
    return Timex(f"{y:04d}", "year", date(y, 1, 1), date(y, 12, 31))


def decade(start: int) -> Timex:
    return Timex(f"{start // 10:03d}", "decade", date(start, 1, 1), date(start + 9, 12, 31))


def century(n: int) -> Timex:
    """The ``n``-th century: value "19" for the 20th (1901..2000 by the calendar, 1900s by usage)."""
    return Timex(f"{n - 1:02d}", "century", date((n - 1) * 100, 1, 1) if n > 1 else date(1, 1, 1),
                 date((n - 1) * 100 + 99, 12, 31))


def season(y: int, code: str) -> Timex:
    first, last = _SEASON_MONTHS[code]
    end_year = y + 1 if code == "WI" else y  # northern winter runs December to February
    return Timex(f"{y:04d}-{code}", "season", date(y, first, 1), month_end(end_year, last))


def time_of_day(d: date, code: str) -> Timex:
    """Morning / afternoon / evening / night of ``d``: TimeML "2021-12-16TMO" (a time, not a date)."""
    return Timex(f"{d.isoformat()}T{code}", "time", d, d)


def weekend(d: date) -> Timex:
    """The weekend of ``d``'s ISO week."""
    t = iso_week(d)
    return Timex(t.value + "-WE", "week", t.end - timedelta(days=1), t.end)


def part(t: Timex | None, which: str, anchor: date | None = None) -> Timex | None:
    """"early"/"mid"/"late" part of ``t``, or the part "before"/"after" the anchor ("earlier this year"):
    same value, narrower begin/end."""
    if t is None or t.begin is None or t.end is None:
        return t
    b, e = t.begin, t.end
    if which in ("before", "after") and anchor is not None and b <= anchor <= e:
        return Timex(t.value, t.granularity, b, anchor) if which == "before" else \
            Timex(t.value, t.granularity, anchor, e)
    if which not in ("early", "mid", "late"):
        return t
    if t.granularity == "month":
        cuts = {"early": (1, 10), "mid": (11, 20), "late": (21, e.day)}[which]
        return Timex(t.value, t.granularity, b.replace(day=cuts[0]), b.replace(day=cuts[1]))
    if t.granularity == "year":
        first, last = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}[which]
        return Timex(t.value, t.granularity, date(b.year, first, 1), month_end(b.year, last))
    if t.granularity == "decade":
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}[which]
        return Timex(t.value, t.granularity, date(b.year + first, 1, 1), date(b.year + last, 12, 31))
    span = (e - b).days + 1  # weeks, quarters, seasons: thirds
    third = span // 3
    lo, hi = {"early": (0, third - 1), "mid": (third, span - third - 1), "late": (span - third, span - 1)}[which]
    return Timex(t.value, t.granularity, b + timedelta(days=lo), b + timedelta(days=hi))


# ---------------------------------------------------------------- choosing among candidate occurrences

def pick(options: list[tuple[date, Timex]], anchor: date, tense: str | None) -> Timex:
    """From occurrences (start date, timex) around the anchor: the latest not after it for the past,
    the first whose end is not before it for the future, the nearest for the present."""
    options = sorted(options, key=lambda o: o[0])
    past = [t for s, t in options if s <= anchor]
    future = [t for s, t in options if t.end is not None and t.end >= anchor]
    if tense == "future" and future:
        return future[0]
    if tense == "present":
        return min((t for _, t in options), key=lambda t: (abs((t.begin - anchor).days), t.begin > anchor))
    return past[-1] if past else options[0][1]


def relative_weekday(wd: int, anchor: date, tense: str | None, modifier: str = "") -> Timex:
    back = (anchor.weekday() - wd) % 7
    ahead = (wd - anchor.weekday()) % 7
    if modifier == "last":
        return day(anchor - timedelta(days=back or 7))
    if modifier == "next":
        return day(anchor + timedelta(days=ahead or 7))
    if modifier == "this":
        return day(anchor - timedelta(days=anchor.weekday()) + timedelta(days=wd))
    if tense == "future":
        return day(anchor + timedelta(days=ahead))
    if tense == "present" and ahead < back:
        return day(anchor + timedelta(days=ahead))
    return day(anchor - timedelta(days=back))


def relative_month(m: int, anchor: date, tense: str | None, modifier: str = "") -> Timex:
    if modifier == "this":
        return month(anchor.year, m)
    if modifier == "last":
        return month(anchor.year if m < anchor.month else anchor.year - 1, m)
    if modifier == "next":
        return month(anchor.year if m > anchor.month else anchor.year + 1, m)
    before = anchor.year if m <= anchor.month else anchor.year - 1
    after = anchor.year if m >= anchor.month else anchor.year + 1
    if tense == "future" or tense == "present" and (after * 12 + m) - anchor_month(anchor) < \
            anchor_month(anchor) - (before * 12 + m):
        return month(after, m)
    return month(before, m)


def anchor_month(anchor: date) -> int:
    return anchor.year * 12 + anchor.month


def relative_month_day(m: int, d: int, anchor: date, tense: str | None) -> Timex | None:
    """A day of a month without its year. Newswire leaves out the year of its own year's dates, so the
    article's year, unless the day lies on the side the tense denies and the same day a year over on the
    tense's side is nearer ("said on Dec. 28" in January); with no tense, the nearest."""
    options = {}
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            options[y] = date(y, m, d)
        except ValueError:  # February 29 outside leap years
            continue
    if not options:
        return None
    if tense not in ("past", "future"):
        return day(min(options.values(), key=lambda o: (abs((o - anchor).days), o > anchor)))
    same = options.get(anchor.year)
    other = options.get(anchor.year - 1 if tense == "past" else anchor.year + 1)
    if same is None or other is not None and (same > anchor if tense == "past" else same < anchor) and \
            abs((other - anchor).days) < abs((same - anchor).days):
        return day(other) if other is not None else None
    return day(same)


def relative_period(unit: str, anchor: date, offset: int) -> Timex | None:
    """This (0), last (-1) or next (+1) week / weekend / month / quarter / half / year / decade of ``anchor``."""
    if unit == "day":
        return day(anchor + timedelta(days=offset))
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=offset))
    if unit == "weekend":
        return weekend(anchor + timedelta(weeks=offset))
    if unit == "month":
        return month(*add_months(anchor.year, anchor.month, offset))
    if unit == "quarter":
        y, m = add_months(anchor.year, 3 * ((anchor.month - 1) // 3) + 1, 3 * offset)
        return quarter(y, (m - 1) // 3 + 1)
    if unit == "half":
        y, m = add_months(anchor.year, 6 * ((anchor.month - 1) // 6) + 1, 6 * offset)
        return half(y, (m - 1) // 6 + 1)
    if unit == "year":
        return year(anchor.year + offset)
    if unit == "decade":
        return decade(anchor.year // 10 * 10 + 10 * offset)
    if unit == "century":
        return century(anchor.year // 100 + 1 + offset)
    return None


def number(word: str) -> int | None:
    """3, "three", "seventy-four"; None for what is not a number."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 2 and parts[0] in _TENS and parts[1] in _UNITS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return NUMBER_WORDS.get(word)


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS.index(w) + 1
    return _ABBR.get(w)


def _part_word(w: str | None) -> str:
    """"early" / "mid" / "late", or "before" / "after" for "earlier" / "later", or "" from a modifier."""
    w = re.sub(r"\s+", " ", (w or "").lower().strip(" -"))
    w = w[4:] if w.startswith("the ") else w
    if w.startswith("earlier"):
        return "before"
    if w.startswith("later"):
        return "after"
    if w.startswith(("early", "beginning", "start")):
        return "early"
    if w.startswith(("mid", "middle")):
        return "mid"
    if w.startswith(("late", "end", "close")):
        return "late"
    return ""


def _offset(w: str | None) -> int:
    w = (w or "").lower()
    if w in ("last", "past", "previous", "this past"):
        return -1
    if w in ("next", "coming", "this coming"):
        return 1
    return 0


# ---------------------------------------------------------------- patterns

_MONTH_FULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_MONTH_ANY = r"(?:" + _MONTH_FULL[3:-1] + r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
_MONTH_ALL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|" \
             r"JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|OCTOBER|NOVEMBER|DECEMBER)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?"
# a year: not part of a larger number, an amount, a code or a time
_YEAR = r"(?<![A-Za-z\d.,$£€#/:])(?:(?<![\d][-–])|(?<=\d\d\d\d[-–]))(?:1[5-9]\d\d|20\d\d)" \
        r"(?![A-Za-z\d:]|[.,]\d|\s?%|\s?per ?cent|\s*(?:GMT|UTC|[ECMP][SD]T|hours|hrs)\b)" \
        r"(?!(?:\s+[A-Z][a-z]+){1,2}\s+(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Drive|Lane|Way)\b)"
_WD_PREFIX = r"(?:" + _WEEKDAY + r",?\s+)?(?:the\s+)?"
_PART = r"(?i:(?:early|mid|late|(?:the\s+)?(?:beginning|start|middle|end|close)\s+of)[\s-]+)"
_REL = r"(?i:this|last|next|this\s+past|this\s+coming)"
_ORD = r"(?i:first|second|third|fourth|1st|2nd|3rd|4th)"
_FISCAL = r"(?:(?i:fiscal)[\s-]+)?"
_TEENS = "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split()
_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_UNITS = "one two three four five six seven eight nine".split()
_SPOKEN_YY = r"(?i:" + "|".join(_TEENS) + "|(?:" + "|".join(_TENS) + r")(?:[\s-]+(?:" + "|".join(_UNITS) + r"))?|" \
             r"(?:oh|o)[\s-]+(?:" + "|".join(_UNITS) + r"))"
# a count of units, whole: not the end of a longer number ("Seventy-four years ago" is not "four years ago")
_NUM = r"(?<![\w-])(?i:\d{1,3}|a|an|(?:" + "|".join(_TENS) + r")(?:[\s-](?:" + "|".join(_UNITS) + r"))?|" \
       r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|" \
       r"fifteen|sixteen|seventeen|eighteen|nineteen)"

_RULES: list[tuple[str, str]] = [
    ("iso", r"\b(?P<y>(?:1[5-9]|20)\d\d)-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12]\d|3[01])\b"),
    ("numeric", r"(?<![\d/.])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})(?![\d/])"),
    ("mdy", _WD_PREFIX + r"(?P<m>" + _MONTH_ANY + r")\s+(?P<d>" + _DAY + r")(?:,\s*|\s+)(?P<y>" + _YEAR + r")"),
    ("dmy", _WD_PREFIX + r"(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<m>" + _MONTH_ANY + r"),?\s+(?P<y>" + _YEAR + r")"),
    ("md", _WD_PREFIX + r"(?P<m>" + _MONTH_ANY + r")\s+(?P<d>" + _DAY + r")\b(?![,.]?\d|\s*(?:%|percent))"),
    ("dm", _WD_PREFIX + r"(?<![\d,.])(?P<d>" + _DAY + r")(?:\s+of)?\s+(?P<m>" + _MONTH_ANY + r")\b"),
    ("my", r"(?P<part>" + _PART + r")?(?P<m>" + _MONTH_ANY + r"),?\s+(?:of\s+)?(?P<y>" + _YEAR + r")"),
    ("month", r"(?P<part>" + _PART + r"|(?i:earlier|later)\s+(?i:in|this)\s+)?(?:(?P<rel>" + _REL + r")\s+)?"
              r"(?P<m>" + _MONTH_ALL + r")\b(?!\s*\d)"),
    ("season_year", r"(?P<part>" + _PART + r")?(?P<s>(?i:spring|summer|autumn|fall|winter))\s+(?:of\s+)?"
                    r"(?P<y>" + _YEAR + r")"),
    ("season", r"(?P<pre>(?i:(?:earlier|later)\s+this|this|last|next|this\s+past|this\s+coming|in\s+the|"
               r"early|late|mid|during\s+the|over\s+the|by\s+the|until\s+the))[\s-]+"
               r"(?P<s>(?i:spring|summer|autumn|fall|winter))\b(?!\s+of\b)"),
    ("year", r"(?P<part>" + _PART + r")?(?:(?i:fiscal)\s+)?(?P<y>" + _YEAR + r")"),
    ("decade", r"(?:(?i:the)\s+)?(?P<part>(?i:early|mid|late)[\s-]+)?(?P<y>(?:1[5-9]|20)\d0)'?s\b"),
    ("decade_short", r"(?:(?i:the)\s+)?(?P<part>(?i:early|mid|late)[\s-]+)?['\u2019](?P<y>\d0)s\b"),
    ("century", r"(?i:the)\s+(?P<part>(?i:early|mid|late)[\s-]+)?(?P<n>1?\d|2[01])(?:st|nd|rd|th)[\s-]+"
                r"(?i:century)\b"),
    ("quarter_year", r"(?:(?i:the)\s+)?" + _FISCAL + r"(?P<q>" + _ORD + r")[\s-]+(?i:quarter)"
                     r"(?:\s+of|,)?\s+(?:(?i:fiscal)\s+)?(?P<y>" + _YEAR + r")"),
    ("year_quarter", r"(?:(?i:the)\s+)?(?P<y>" + _YEAR + r")(?:['\u2019]s)?\s+" + _FISCAL + r"(?P<q>" + _ORD +
                     r")[\s-]+(?i:quarter)\b"),
    ("rel_year_quarter", r"(?P<rel>(?i:this|last|next))\s+(?i:year)['\u2019]s\s+" + _FISCAL + r"(?P<q>" + _ORD +
                         r")[\s-]+(?i:quarter)\b"),
    ("q_year", r"\b(?P<q>Q[1-4])\s*(?P<y>(?:19|20)\d\d|['\u2019]?\d\d)\b"),
    ("quarter", r"(?:(?i:the)\s+)?" + _FISCAL + r"(?P<q>" + _ORD + r")[\s-]+(?i:quarter)\b"
                r"(?:\s+of\s+(?P<rel>(?i:this|last|next|the))\s+(?i:year))?"
                r"(?!\s+of\s+(?:the|this|that|these|those|next|last|fiscal|its|their|a|an)\b)"),
    # "from $4 million the previous quarter": the period before, in a comparison (anchored on an event, no date)
    ("previous", r"(?i:the)\s+(?i:previous|prior|preceding)\s+(?P<unit>(?i:year|quarter|month|week))\b"
                 r"(?![\s-]+(?:old|long)\b|['\u2019])"),
    ("quarter_rel", r"(?P<rel>(?i:this|last|next|the\s+last|the\s+past|the\s+previous|the\s+current))"
                    r"[\s-]+(?i:quarter)\b(?!\s+of)"),
    ("half_year", r"(?:(?i:the)\s+)?(?P<h>(?i:first|second))\s+(?i:half)\s+of\s+(?:(?P<y>" + _YEAR + r")|"
                  r"(?P<rel>(?i:this|last|next|the))\s+(?i:year))"),
    ("relative", r"(?P<part>" + _PART + r"|(?i:earlier|later)\s+)?(?<![Tt]he )(?P<rel>(?i:this|last|next|this\s+past|"
                 r"this\s+coming|the\s+current|the\s+coming))\s+(?P<unit>(?i:week|weekend|month|year|decade|century))\b(?!\s+(?:old|long))"),
    # "the past week" is last week; "the past year" is mostly a duration ("prices doubled over the past year")
    ("the_past", r"(?P<rel>(?i:the\s+past))\s+(?P<unit>(?i:week|weekend))\b(?![\s-]+(?:old|long)\b|\s+or\b)"),
    ("the_unit", r"(?P<part>(?i:(?:the\s+)?(?:beginning|start|middle|end|close)\s+of))\s+(?i:the)\s+"
                 r"(?P<unit>(?i:week|month|quarter|year|decade))\b(?!\s+(?:before|after|of)\b)"),
    ("ago", r"(?P<n>" + _NUM + r")\s+(?P<unit>(?i:day|week|month|year|decade))s?\s+"
            r"(?P<dir>(?i:ago|earlier|from\s+now))\b"),
    # periods a year before the one an article reports on: "the year-ago quarter", "year-earlier results",
    # "the same period last year", "last year's quarter", "the quarter a year earlier"
    ("year_ago", r"(?:(?i:the)\s+)?(?i:year)-(?i:ago|earlier)(?:\s+(?:(?P<q>" + _ORD + r")[\s-]+)?"
                 r"(?P<noun>(?i:quarter|period)))?\b"),
    ("period_ago", r"(?:(?:(?i:the)\s+)?(?:(?i:same|corresponding|comparable)\s+)?(?P<noun>(?i:quarter|period))\s+"
                   r"(?:(?i:of\s+)?(?i:last\s+year|a\s+year\s+(?:ago|earlier|before)|the\s+(?:previous|prior)\s+year))"
                   r"|(?i:last)\s+(?i:year)['\u2019]s\s+(?P<noun2>(?i:quarter|period)))\b"),
    # the period an article reports on: "the latest quarter", "the most recent period", "the quarter"
    ("latest_period", r"(?:(?i:the)\s+)?(?i:latest|most\s+recent|just[\s-]ended)\s+(?P<noun>(?i:quarter|period|"
                      r"three\s+months))\b"),
    ("the_quarter", r"(?i:the)\s+(?i:quarter)\b(?![\s-]+(?:point|mile|final|century|hour|inch|pound|"
                    r"of\s+(?:a|an|the|its|their|all|it|them|those|these)\b))"),
    # the year or month last named: "in 1988 ... that year"
    ("that_unit", r"(?i:that|the\s+same)\s+(?P<unit>(?i:year|month))\b(?![\s-]+(?:old|long|alone)\b)"),
    ("year_end", r"(?i:year)(?:['\u2019]s\s+|-|\s+)(?i:end)\b"),
    ("the_year", r"(?i:the)\s+(?:(?P<full>(?i:full))\s+)?(?i:year)\b(?![-'\u2019]|\s+(?:\d|of|before|after|earlier|"
                 r"later|ago|to|in|when|that|which|since|old|long|and|or)\b)"),
    ("spoken_year", r"\b(?P<c>(?i:nineteen|twenty))[\s-]+(?P<yy>" + _SPOKEN_YY + r")\b(?![-\u2013]|[\s-]+(?i:hundred|"
                    r"thousand|million|billion|percent|per\s+cent)\b)"),
    ("deictic", r"\b(?P<w>(?i:today|yesterday|tomorrow))\b"),
    ("weekday", r"(?:(?P<rel>(?i:last|next|this|this\s+past|this\s+coming))\s+)?(?P<wd>" + _WEEKDAY + r")\b"
                r"(?!,?\s+" + _MONTH_ANY + r"\s+\d)"),
    ("day_part", r"(?:(?P<wd>" + _WEEKDAY + r")|(?P<w>(?i:today|yesterday|tomorrow|this|last)))\s+"
                 r"(?P<p>(?i:morning|afternoon|evening|night))\b|(?P<tonight>(?i:tonight|overnight))\b"),
    ("clock", r"(?!)"),  # never matches: weekdays and "today" next to a clock time are renamed to it
    ("the_weekend", r"(?i:the\s+weekend)\b(?!\s+(?:of|before|after|edition)\b)"),
    ("holiday", r"(?P<h>Christmas\s+(?:Day|Eve)|New\s+Year['\u2019]s\s+(?:Day|Eve))(?:,?\s+(?P<y>" + _YEAR + r"))?"),
]
RULES = {name: re.compile(rx) for name, rx in _RULES}
_ORDER = {name: i for i, name in enumerate(RULES)}

# words before a month name or a bare year that make it a date
_CUE = re.compile(r"(?i:\b(?:in|since|until|till|by|of|during|from|to|through|before|after|between|and|or|the|"
                  r"early|mid|late|last|next|this|on|around|about|as of|starting|beginning|ending|circa|year|"
                  r"spring|summer|autumn|fall|winter)[\s-]*$)")
_STRONG_CUE = re.compile(r"(?i:\b(?:in|since|until|till|by|of|during|from|through|before|after|early|mid|late|"
                         r"last|next|this|as of)[\s-]*$)")
# a plural noun after a number makes it a count ("2000 people"), not a year
_COUNTED = re.compile(r"\s+(?:(?!(?:was|is|has|as|this|its|his|plus|thus|always|across|versus)\b)[a-z]+s|"
                      r"people|children|men|women|police|staff|personnel|feet|cattle)\b")
# words before a number that make it a name or a code, not a year ("Flight 1549", "No. 1600")
_NUMBERED = re.compile(r"(?:Flight|Route|Room|Highway|Interstate|No\.|Number|Article|Resolution|Section|Model|"
                       r"Apartment|Suite|Chapter|Gate|Exit|Version|Windows|Office|Boeing|Airbus|Code|Box|Unit|"
                       r"Bill|H\.R\.|S\.|Rule|Form|Item|Lot|Block|Pier|Platform|Track|Bus|Train|Car)\s+$")
# a clock time next to a weekday, a day of a month or "today" makes the whole a time of day ("3 p.m. Thursday",
# "midnight Friday", "5 p.m. EST, Nov. 6")
_ZONE = r"(?:GMT|UTC|[ECMP][SD]T)"
_CLOCK_BEFORE = re.compile(r"(?:\d(?::\d\d)?\s*(?:[ap]\.?m\.?(?:\s+" + _ZONE + r")?|" + _ZONE + r")|\bnoon|\bmidnight)"
                           r",?\s+(?:(?:on|this|last|next)\s+)?$", re.I)
_EVERY = re.compile(r"(?i:\b(?:every|each)\s+(?:other\s+)?(?:[A-Z][a-z]+\s+(?:and|or)\s+)?$)")
# words before "year end" that make it a date ("by year end", "at the year's end")
_YEAR_END_CUE = re.compile(r"(?i:\b(?:by|at|before|until|till|through|after|toward|towards|near|since|from|of|the|"
                           r"around|for)\s+$)")
_CLOCK_AFTER = re.compile(r"^,?\s+(?:at\s+)?(?:\d{1,2}(?::\d\d)?\s*[ap]\.?m\.?|noon|midnight|\d{1,2}:\d\d)", re.I)
# words before a weekday that make it part of a name, not a date
_WEEKDAY_NAMES = re.compile(r"(?:Black|Good|Cyber|Super|Ash|Holy|Easter|Maundy|Giving|Fat|Blue|Bloody|Man|Girl)"
                            r"\s+$")


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
        before, after = text[max(0, start - 25):start], text[end:end + 30]
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


# ---------------------------------------------------------------- finding where the rules match, in one pass
# Running every rule over every position of the text was most of the time spent on dates. One combined
# pattern instead visits each position once: it skips those where the next few characters cannot begin any
# rule (the rules' "leads", read off their parsed patterns), and at the others marks, with an empty group
# per rule, the rules that match there. The rules themselves then run only at the marked positions.

_LEAD_LENGTH = 6  # longer leads reject more positions but make a larger pattern
_ANY_CHAR = r"[\s\S]"
# non-ASCII letters that (?i) matches with an ASCII one
_CASE_FOLDS = {"i": "\u0130\u0131", "k": "\u212a", "s": "\u017f"}
_CATEGORIES = {_sre.CATEGORY_DIGIT: r"\d", _sre.CATEGORY_NOT_DIGIT: r"\D", _sre.CATEGORY_SPACE: r"\s",
               _sre.CATEGORY_NOT_SPACE: r"\S", _sre.CATEGORY_WORD: r"\w", _sre.CATEGORY_NOT_WORD: r"\W"}
_REPEATS = {_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", _sre.MAX_REPEAT)}
_ZERO_WIDTH = {_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT}


def _cased(code: int, ignore_case: bool) -> set[str] | None:
    """The characters a literal matches, or None when case folding makes that hard to say."""
    c = chr(code)
    if not ignore_case:
        return {c}
    if not c.isascii():
        return None
    return {c, c.lower(), c.upper(), *_CASE_FOLDS.get(c.lower(), "")}


def _char_class(op, av, ignore_case: bool) -> str | None:
    """A character class (regex source) holding every character a one-character op matches, or None
    when the op is not one character."""
    if op is _sre.LITERAL:
        chars = _cased(av, ignore_case)
        return _ANY_CHAR if chars is None else "[" + "".join(map(re.escape, sorted(chars))) + "]"
    if op is _sre.ANY or op is _sre.NOT_LITERAL:
        return _ANY_CHAR
    if op is not _sre.IN:
        return None
    chars, categories = set(), []
    for item, value in av:
        codes = [value] if item is _sre.LITERAL else range(value[0], value[1] + 1) if item is _sre.RANGE else ()
        for code in codes:
            cased = _cased(code, ignore_case)
            if cased is None:
                return _ANY_CHAR
            chars |= cased
        if item is _sre.CATEGORY and value in _CATEGORIES:
            categories.append(_CATEGORIES[value])
        elif item not in (_sre.LITERAL, _sre.RANGE):  # a negated class, say
            return _ANY_CHAR
    return "[" + "".join(map(re.escape, sorted(chars))) + "".join(categories) + "]"


def _leads(items, ignore_case: bool = False) -> set[tuple[str, ...]]:
    """Every way a match of the parsed pattern ``items`` can begin: sequences of _LEAD_LENGTH character
    classes, shorter where the match may end sooner. Assertions are ignored, so some leads never match;
    an empty set means the pattern never matches."""
    out = {()}
    for op, av in items:
        done = {t for t in out if len(t) >= _LEAD_LENGTH}
        nexts = _node_leads(op, av, ignore_case)
        out = done | {(t + n)[:_LEAD_LENGTH] for t in out - done for n in nexts}
    return out


def _node_leads(op, av, ignore_case: bool) -> set[tuple[str, ...]]:
    one = _char_class(op, av, ignore_case)
    if one is not None:
        return {(one,)}
    if op is _sre.SUBPATTERN:
        _, add_flags, del_flags, pattern = av
        return _leads(pattern.data, (ignore_case or bool(add_flags & re.I)) and not del_flags & re.I)
    if op is _sre.BRANCH:
        return set().union(*(_leads(alt.data, ignore_case) for alt in av[1]))
    if op in _REPEATS:
        least, most, pattern = av
        body, repeated = _leads(pattern.data, ignore_case), {()}
        out = {()} if least == 0 else set()
        for n in range(1, min(most, _LEAD_LENGTH) + 1):  # past _LEAD_LENGTH repeats the leads stay the same
            repeated = {(t + b)[:_LEAD_LENGTH] for t in repeated for b in body}
            if n >= min(least, _LEAD_LENGTH):
                out |= repeated
        return out
    if op is _sre.ASSERT_NOT and not av[1].data:
        return set()  # (?!): never matches
    if op in _ZERO_WIDTH:
        return {()}
    raise ValueError(f"no leads for {op}")


def _alternation(leads: set[tuple[str, ...]]) -> str:
    """Regex source matching any of ``leads``, sharing their common beginnings."""
    by_first: dict[str, set] = {}
    for lead in leads:
        by_first.setdefault(lead[0], set()).add(lead[1:])
    alternatives = [first if () in rests else first + _alternation(rests)
                    for first, rests in sorted(by_first.items())]
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


@functools.cache
def _marker() -> tuple[re.Pattern | None, frozenset[str]]:
    """The combined pattern (None when there is nothing to combine) and the rules it cannot cover
    (those that may match an empty string), which run on their own."""
    leads = {name: _rule_leads(rx) for name, rx in _RULES}
    alone = frozenset(name for name, ls in leads.items() if ls is None or () in ls)
    covered = [(name, ls, rx) for name, rx in _RULES if name not in alone and (ls := leads[name])]
    if not covered:
        return None, alone
    everything = set().union(*(ls for _, ls, _ in covered))
    firsts = "[" + "".join(sorted({lead[0][1:-1] for lead in everything})) + "]"
    marks = "".join(rf"(?:(?={_unnamed(rx)})(?P<{name}>)|)" for name, _, rx in covered)
    # one character that begins a lead, then, looking at it again, the rules that match from it
    return re.compile(firsts + rf"(?<=(?={_alternation(everything)}){marks}{_ANY_CHAR})"), alone


def _rule_leads(rx: str) -> set[tuple[str, ...]] | None:
    try:
        return _leads(_sre_parse.parse(rx).data)
    except ValueError:  # a construct _node_leads does not know: the rule runs on its own
        return None


def _unnamed(rx: str) -> str:
    """``rx`` with its named groups made plain, so that rules sharing group names can be combined."""
    assert "(?P=" not in rx  # no back-references to keep
    return re.sub(r"\(\?P<\w+>", "(?:", rx)


def _rule_matches(text: str):
    """(rule name, match) for each rule in turn, exactly as ``RULES[name].finditer(text)`` would give."""
    marker, alone = _marker()
    starts: dict[str, list[int]] = {name: [] for name in RULES}
    for hit in marker.finditer(text) if marker else ():
        for name, mark in hit.groupdict().items():
            if mark is not None:
                starts[name].append(hit.start())
    for name, rx in RULES.items():
        if name in alone:
            yield from ((name, m) for m in rx.finditer(text))
            continue
        end = 0
        for start in starts[name]:
            if start >= end:  # finditer's matches do not overlap
                m = rx.match(text, start)
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
        return "" if re.search(r"(?i:\bfor)\s+$", before) and re.match(r",|\.|\s+(?:ended|ending)\b", after) \
            else None
    if rule == "spoken_year":
        return "number" if _COUNTED.match(after) else ""
    if rule == "deictic" and m[0] == "Today" and re.search(r"[A-Z][\w&'-]*\s+$", before):
        return None  # "USA Today", a programme's name
    if rule == "weekday" and (_WEEKDAY_NAMES.search(before) or
                              re.search(r"(?i:the)\s+$", before) and re.match(r"\s+[A-Z]", after)):
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


# ---------------------------------------------------------------- resolution

def _year2(yy: str, anchor: date | None) -> int:
    """A two-digit year: the century that puts it nearest the anchor (or 1950..2049)."""
    n = int(yy)
    base = anchor.year if anchor else 2000
    best = min((c + n for c in (base // 100 * 100 - 100, base // 100 * 100, base // 100 * 100 + 100)),
               key=lambda y: abs(y - base))
    return best


def resolve(found: Found, anchor: date | None, tense: str | None = None,
            context: Context | None = None) -> Timex | None:
    """The Timex of a found expression; UNRESOLVED when it needs a missing anchor, None when it is not a
    date after all (an impossible day such as February 30, "the quarter" with no quarter before it)."""
    try:
        return _resolve(found.rule, dict(found.groups), found.text, anchor, tense, context or Context())
    except (ValueError, OverflowError):
        return None


def normalise(expression: str, anchor: date | None, tense: str | None = None) -> Timex | None:
    """Resolve an expression given as a string, or None when no rule matches all of it."""
    hit = match(expression)
    if hit is None:
        return None
    rule, m = hit
    groups = tuple(sorted((k, v) for k, v in m.groupdict().items() if v is not None))
    return resolve(Found(m.start(), m.end(), rule, m[0], "", groups), anchor, tense)


def _resolve(rule: str, g: dict, text: str, anchor: date | None, tense: str | None,
             context: Context) -> Timex | None:
    if rule in _ABSOLUTE and (rule not in _MAYBE_RELATIVE or g.get("y")):
        return _ABSOLUTE[rule](g)
    if rule in _CONTEXTUAL:
        return _CONTEXTUAL[rule](g, text, anchor, tense, context)
    if anchor is None:
        return UNRESOLVED
    return _RELATIVE[rule](g, text, anchor, tense)


def _day_number(g: dict) -> int:
    return int(re.sub(r"\D", "", g["d"]))


def _numeric(g: dict) -> Timex:
    a, b = int(g["a"]), int(g["b"])
    y = int(g["y"]) if len(g["y"]) == 4 else _year2(g["y"], None)
    mo, d = (a, b) if a <= 12 else (b, a)  # US month/day unless the first cannot be a month
    return day(date(y, mo, d))


def _spoken_year(century_word: str, rest: str) -> int:
    """"nineteen" + "ninety-one" -> 1991, "twenty" + "oh five" -> 2005."""
    words = re.split(r"[\s-]+", rest.lower())
    n = sum(NUMBER_WORDS[w] if w in NUMBER_WORDS else 10 * (_TENS.index(w) + 2) for w in words if w not in ("oh", "o"))
    return NUMBER_WORDS[century_word.lower()] * 100 + n


def _q_year(g: dict) -> Timex:
    yy = g["y"].lstrip("'\u2019")
    return quarter(int(yy) if len(yy) == 4 else _year2(yy, None), int(g["q"][1]))


_ABSOLUTE = {
    "iso": lambda g: day(date(int(g["y"]), int(g["m"]), int(g["d"]))),
    "numeric": _numeric,
    "mdy": lambda g: day(date(int(g["y"]), month_number(g["m"]), _day_number(g))),
    "dmy": lambda g: day(date(int(g["y"]), month_number(g["m"]), _day_number(g))),
    "my": lambda g: part(month(int(g["y"]), month_number(g["m"])), _part_word(g.get("part"))),
    "year": lambda g: part(year(int(g["y"])), _part_word(g.get("part"))),
    "decade": lambda g: part(decade(int(g["y"])), _part_word(g.get("part"))),  # "the 1900s": the decade
    "century": lambda g: part(century(int(g["n"])), _part_word(g.get("part"))),
    "quarter_year": lambda g: quarter(int(g["y"]), ORDINALS[g["q"].lower()]),
    "year_quarter": lambda g: quarter(int(g["y"]), ORDINALS[g["q"].lower()]),
    "spoken_year": lambda g: year(_spoken_year(g["c"], g["yy"])),
    "q_year": _q_year,
    "half_year": lambda g: half(int(g["y"]), 1 if g["h"].lower() == "first" else 2),
    "season_year": lambda g: part(season(int(g["y"]), SEASONS[g["s"].lower()]), _part_word(g.get("part"))),
    "holiday": lambda g: day(_holiday(g["h"], int(g["y"]))),
}
_MAYBE_RELATIVE = {"half_year", "holiday"}  # absolute only when they state the year


def _rel_word(rel: str | None) -> str:
    """"last" / "next" / "this" or "" from a modifier such as "this past" or "this coming"."""
    words = (rel or "").lower().split()
    return "last" if "past" in words else "next" if "coming" in words else (words[-1] if words else "")


def _month_day(g, text, anchor, tense):
    return relative_month_day(month_number(g["m"]), _day_number(g), anchor, tense)


def _month(g, text, anchor, tense):
    partw = _part_word(g.get("part"))
    tense = {"before": "past", "after": "future"}.get(partw, tense)  # "earlier in June"
    return part(relative_month(month_number(g["m"]), anchor, tense, _rel_word(g.get("rel"))), partw, anchor)


def _weekday_of(g: dict, anchor: date, tense: str | None) -> Timex:
    return relative_weekday(WEEKDAYS.index(g["wd"].lower()), anchor, tense, _rel_word(g.get("rel")))


def _deictic_day(word: str, anchor: date) -> date:
    return anchor + timedelta(days={"yesterday": -1, "tomorrow": 1, "last": -1}.get(word.lower(), 0))


def _day_part(g, text, anchor, tense):
    if g.get("tonight"):
        return time_of_day(anchor, "NI")
    d = _weekday_of(g, anchor, tense).begin if g.get("wd") else _deictic_day(g["w"], anchor)
    return time_of_day(d, g["p"][:2].upper())


def _clock(g, text, anchor, tense):
    """A weekday, a day of a month or "today" next to a clock time: a time, kept without a value."""
    if g.get("m"):
        t = _month_day(g, text, anchor, tense)
        d = t.begin if t else None
    else:
        d = _weekday_of(g, anchor, tense).begin if g.get("wd") else _deictic_day(g["w"], anchor)
    return Timex(None, "time", d, d)


def _relative(g, text, anchor, tense):
    rel, unit = _rel_word(g["rel"]), g["unit"].lower()
    if unit == "weekend" and rel == "this" and tense == "past" and anchor.weekday() < 5:
        return weekend(anchor - timedelta(weeks=1))  # "became public this weekend", written on a Monday
    return part(relative_period(unit, anchor, _offset(rel)), _part_word(g.get("part")), anchor)


def _weekend(g, text, anchor, tense):
    options = [(weekend(anchor + timedelta(weeks=k)).begin, weekend(anchor + timedelta(weeks=k))) for k in (-1, 0, 1)]
    return pick(options, anchor, tense)


def _quarter(g, text, anchor, tense):
    q = ORDINALS[g["q"].lower()]
    if g.get("rel"):
        return quarter(anchor.year + _offset(g["rel"].lower()), q)
    options = [quarter(y, q) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense == "future":  # results are reported weeks after a quarter ends: "expects to report a third-quarter loss"
        return next(t for t in options if t.end >= anchor - REPORTING_LAG)
    return pick([(t.begin, t) for t in options], anchor, tense)


def _half(g, text, anchor, tense):
    return half(anchor.year + _offset(_rel_word(g["rel"])), 1 if g["h"].lower() == "first" else 2)


def _decade_short(g, text, anchor, tense):
    y = _year2(g["y"], anchor)
    return part(decade(y - 100 if y > anchor.year else y), _part_word(g.get("part")))


def _ago(g, text, anchor, tense, ctx):
    """"two years ago", "a week from now"; "a year earlier" only when it compares ("from $2 a year earlier"):
    anchored on something else it is no date. A year back in a sentence of results is the reported quarter a
    year back ("net fell to $5 million from $6 million a year ago")."""
    n = number(g["n"])
    if n is None:
        return None
    unit, direction = g["unit"].lower(), g["dir"].lower()
    named = ctx.named
    if unit == "year" and named is not None and not direction.endswith("now") and (
            direction == "earlier" and named.granularity == "year" or ctx.compared):
        # a period the sentence named: "output in May fell from a year earlier", "in 2015 ... a year earlier"
        return _shift_years(named, n)
    if direction == "earlier" and not (ctx.compared or ctx.results):
        return None
    if anchor is None:
        return UNRESOLVED
    if unit == "year" and ctx.quarter is not None and ctx.results and not ctx.longer:
        return _years_before(ctx.quarter, n)
    n = n if direction.endswith("now") else -n
    if unit == "day":
        return day(anchor + timedelta(days=n))
    if unit == "week":
        return iso_week(anchor + timedelta(weeks=n))
    if unit == "decade":
        return decade((anchor.year + 10 * n) // 10 * 10)
    return relative_period(unit, anchor, n)


def _shift_years(t: Timex, n: int) -> Timex:
    """The month, quarter or year ``t``, ``n`` years before."""
    y, m = t.begin.year - n, t.begin.month
    return month(y, m) if t.granularity == "month" else quarter(y, (m - 1) // 3 + 1) \
        if t.granularity == "quarter" else year(y)


def _years_before(q: Timex, n: int = 1) -> Timex:
    return quarter(q.begin.year - n, (q.begin.month - 1) // 3 + 1)


def _reported_quarter(ctx: Context, anchor: date) -> Timex:
    """The quarter the article reports on, or the last one ended before the article date."""
    return ctx.quarter or relative_period("quarter", anchor, -1)


def _year_ago(g, text, anchor, tense, ctx):
    """"the year-ago quarter", "year-earlier results", "the year-ago third quarter", "last year's period"."""
    if anchor is None:
        return UNRESOLVED
    noun = (g.get("noun") or g.get("noun2") or "").lower()
    if g.get("q"):
        return quarter((ctx.quarter.begin.year if ctx.quarter else anchor.year) - 1, ORDINALS[g["q"].lower()])
    if ctx.quarter is not None or noun == "quarter":
        return _years_before(_reported_quarter(ctx, anchor))
    return year(anchor.year - 1)


def _previous(g, text, anchor, tense, ctx):
    """"the previous quarter" / "the prior year" where a sentence compares: the one before the reported
    quarter (a year back from it), else before the article's."""
    unit = g["unit"].lower()
    if not (ctx.compared or ctx.results or unit == "quarter"):  # as "the last quarter", quarters stay deictic
        return None
    if anchor is None:
        return UNRESOLVED
    if unit == "quarter":  # before the reported quarter, or (deictic) the last ended one
        return relative_period("quarter", ctx.quarter.begin if ctx.quarter else anchor, -1)
    if unit == "year" and ctx.quarter is not None and ctx.results and not ctx.longer:
        return _years_before(ctx.quarter)
    return relative_period(unit, anchor, -1)


def _latest_period(g, text, anchor, tense, ctx):
    """"the latest quarter" (the reported one, or the last ended), "the latest period" (only the reported one)."""
    if anchor is None:
        return UNRESOLVED
    if ctx.quarter is None and g["noun"].lower() == "period":
        return None
    return _reported_quarter(ctx, anchor)


def _that_unit(g, text, anchor, tense, ctx):
    if g["unit"].lower() == "year":
        return year(ctx.year) if ctx.year is not None else None
    return ctx.month


def _year_end(g, text, anchor, tense, ctx):
    """"by year end": the end of the article's year (of the one before, looking back from its first months)."""
    if anchor is None:
        return UNRESOLVED
    y = anchor.year - 1 if tense == "past" and anchor.month <= 2 else anchor.year
    return Timex(f"{y:04d}", "year", date(y, 12, 1), date(y, 12, 31))


def _the_year(g, text, anchor, tense, ctx):
    """"for the year", "the full year": the year of the reported quarter, or the article's."""
    if anchor is None:
        return UNRESOLVED
    return year(ctx.quarter.begin.year if ctx.quarter else anchor.year)


def _relative_in_context(g, text, anchor, tense, ctx):
    """"last year" in a sentence comparing a quarter's results is that quarter a year back."""
    if anchor is None:
        return UNRESOLVED
    if g["unit"].lower() == "year" and _rel_word(g["rel"]) == "last" and not g.get("part") and \
            ctx.quarter is not None and ctx.period and ctx.compared and not ctx.longer:
        return _years_before(ctx.quarter)
    return _relative(g, text, anchor, tense)


# the rules that name a quarter themselves
QUARTER_RULES = frozenset({"quarter", "quarter_year", "year_quarter", "q_year", "rel_year_quarter", "quarter_rel"})
def _the_unit(g, text, anchor, tense, ctx):
    """"the end of the month"; "the end of the quarter" in a report is the end of the reported quarter."""
    if anchor is None:
        return UNRESOLVED
    unit = g["unit"].lower()
    t = ctx.quarter if unit == "quarter" and ctx.quarter else relative_period(unit, anchor, 0)
    return part(t, _part_word(g.get("part")), anchor)


CONTEXTUAL = _CONTEXTUAL = {
    "the_unit": _the_unit,
    "ago": _ago,
    "relative": _relative_in_context,
    "year_ago": _year_ago,
    "period_ago": _year_ago,
    "latest_period": _latest_period,
    "previous": _previous,
    "the_quarter": lambda g, text, anchor, tense, ctx: ctx.quarter,
    "that_unit": _that_unit,
    "year_end": _year_end,
    "the_year": _the_year,
}


def _holiday_near(g, text, anchor, tense):
    return pick([(_holiday(g["h"], y), day(_holiday(g["h"], y))) for y in (anchor.year - 1, anchor.year,
                                                                           anchor.year + 1)], anchor, tense)


_RELATIVE = {
    "md": _month_day,
    "dm": _month_day,
    "month": _month,
    "weekday": lambda g, text, anchor, tense: _weekday_of(g, anchor, tense),
    "day_part": _day_part,
    "clock": _clock,
    "deictic": lambda g, text, anchor, tense: day(_deictic_day(g["w"], anchor)),
    "the_past": lambda g, text, anchor, tense: relative_period(g["unit"].lower(), anchor, -1),
    "the_weekend": _weekend,
    "quarter": _quarter,
    "rel_year_quarter": lambda g, text, anchor, tense: quarter(anchor.year + _offset(g["rel"].lower()),
                                                              ORDINALS[g["q"].lower()]),
    "quarter_rel": lambda g, text, anchor, tense: relative_period("quarter", anchor, _offset(_rel_word(g["rel"]))),
    "half_year": _half,
    "season": lambda g, text, anchor, tense: _relative_season(SEASONS[g["s"].lower()], g["pre"], anchor, tense),
    "decade_short": _decade_short,
    "holiday": _holiday_near,
}


def _holiday(name: str, y: int) -> date:
    name = name.lower()
    if name.startswith("christmas"):
        return date(y, 12, 24 if name.endswith("eve") else 25)
    return date(y, 12, 31) if name.endswith("eve") else date(y, 1, 1)


def _relative_season(code: str, pre: str, anchor: date, tense: str | None) -> Timex:
    pre = re.sub(r"\s+", " ", pre.lower())
    partw = _part_word(pre)
    if partw in ("before", "after"):
        pre = "this"
    # the season holding the anchor; winter belongs to the year of its December
    cur_year = anchor.year - 1 if anchor.month <= 2 else anchor.year
    options = [(season(y, code).begin, season(y, code)) for y in (cur_year - 1, cur_year, cur_year + 1)]
    if pre == "this":
        tense = "present"
    if pre in ("last", "this past"):
        chosen = [t for s, t in options if t.end < anchor][-1]
    elif pre in ("next", "this coming"):
        chosen = [t for s, t in options if s > anchor][0]
    else:
        chosen = pick(options, anchor, tense)
    return part(chosen, partw, anchor)
