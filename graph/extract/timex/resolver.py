"""The TimeML-granularity resolver: a found expression's ISO value at its own granularity (a day, an ISO week,
a month, a quarter, a half, a season, a year, a decade, a century), from the rule that found it, the article
date, the tense and what the article named before (:class:`Context`). Ours, not a library's: date parsers
give a datetime and lose the granularity ("the third quarter" is "2021-Q3", not a day in it), and know
nothing of newswire's conventions (a results story's "a year ago" is its reported quarter a year back).
About 420 lines in one file: every granularity's rule reads the same anchoring context, and the table of rules
is easier to check when it is read top to bottom.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from .anchoring import offset, part_word, pick, relative_month, relative_month_day, relative_period, relative_weekday
from .patterns import match
from .values import (
    UNRESOLVED,
    Context,
    Found,
    Timex,
    bounds,
    century,
    day,
    decade,
    half,
    iso_week,
    month,
    part,
    quarter,
    season,
    time_of_day,
    weekend,
    year,
)
from .words import NUMBER_WORDS, ORDINALS, SEASONS, TENS, WEEKDAYS, month_number, number

REPORTING_LAG = timedelta(days=45)  # a quarter's results come out within weeks of its end


def _year2(yy: str, anchor: date | None) -> int:
    """A two-digit year: the century that puts it nearest the anchor (or 1950..2049)."""
    n = int(yy)
    base = anchor.year if anchor else 2000
    best = min(
        (c + n for c in (base // 100 * 100 - 100, base // 100 * 100, base // 100 * 100 + 100)),
        key=lambda y: abs(y - base),
    )
    return best


def resolve(
    found: Found, anchor: date | None, tense: str | None = None, context: Context | None = None
) -> Timex | None:
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


def _resolve(rule: str, g: dict, text: str, anchor: date | None, tense: str | None, context: Context) -> Timex | None:
    if rule in _ABSOLUTE and (rule not in _MAYBE_RELATIVE or g.get("y")):
        return _ABSOLUTE[rule](g)
    if rule in _CONTEXTUAL:
        return _CONTEXTUAL[rule](g, text, anchor, tense, context)
    if anchor is None:
        return UNRESOLVED
    return _RELATIVE[rule](g, text, anchor, tense)


def _month_of(g: dict) -> int:
    """The month a rule's "m" group names; the patterns put only month names and abbreviations there."""
    m = month_number(g["m"])
    assert m is not None, f"not a month: {g['m']!r}"
    return m


def _day_number(g: dict) -> int:
    return int(re.sub(r"\D", "", g["d"]))


def _numeric(g: dict) -> Timex:
    a, b = int(g["a"]), int(g["b"])
    y = int(g["y"]) if len(g["y"]) == 4 else _year2(g["y"], None)
    mo, d = (a, b) if a <= 12 else (b, a)  # US month/day unless the first cannot be a month
    return day(date(y, mo, d))


def _spoken_year(century_word: str, rest: str) -> int:
    """ "nineteen" + "ninety-one" -> 1991, "twenty" + "oh five" -> 2005."""
    words = re.split(r"[\s-]+", rest.lower())
    n = sum(NUMBER_WORDS[w] if w in NUMBER_WORDS else 10 * (TENS.index(w) + 2) for w in words if w not in ("oh", "o"))
    return NUMBER_WORDS[century_word.lower()] * 100 + n


def _q_year(g: dict) -> Timex:
    yy = g["y"].lstrip("'\u2019")
    return quarter(int(yy) if len(yy) == 4 else _year2(yy, None), int(g["q"][1]))


_ABSOLUTE = {
    "iso": lambda g: day(date(int(g["y"]), int(g["m"]), int(g["d"]))),
    "numeric": _numeric,
    "mdy": lambda g: day(date(int(g["y"]), _month_of(g), _day_number(g))),
    "dmy": lambda g: day(date(int(g["y"]), _month_of(g), _day_number(g))),
    "my": lambda g: part(month(int(g["y"]), _month_of(g)), part_word(g.get("part"))),
    "year": lambda g: part(year(int(g["y"])), part_word(g.get("part"))),
    "decade": lambda g: part(decade(int(g["y"])), part_word(g.get("part"))),  # "the 1900s": the decade
    "century": lambda g: part(century(int(g["n"])), part_word(g.get("part"))),
    "quarter_year": lambda g: quarter(int(g["y"]), ORDINALS[g["q"].lower()]),
    "year_quarter": lambda g: quarter(int(g["y"]), ORDINALS[g["q"].lower()]),
    "spoken_year": lambda g: year(_spoken_year(g["c"], g["yy"])),
    "q_year": _q_year,
    "half_year": lambda g: half(int(g["y"]), 1 if g["h"].lower() == "first" else 2),
    "season_year": lambda g: part(season(int(g["y"]), SEASONS[g["s"].lower()]), part_word(g.get("part"))),
    "holiday": lambda g: day(_holiday(g["h"], int(g["y"]))),
}
_MAYBE_RELATIVE = {"half_year", "holiday"}  # absolute only when they state the year


def _rel_word(rel: str | None) -> str:
    """ "last" / "next" / "this" or "" from a modifier such as "this past" or "this coming"."""
    words = (rel or "").lower().split()
    return "last" if "past" in words else "next" if "coming" in words else (words[-1] if words else "")


def _month_day(g, text, anchor, tense):
    return relative_month_day(_month_of(g), _day_number(g), anchor, tense)


def _month(g, text, anchor, tense):
    partw = part_word(g.get("part"))
    tense = {"before": "past", "after": "future"}.get(partw, tense)  # "earlier in June"
    return part(relative_month(_month_of(g), anchor, tense, _rel_word(g.get("rel"))), partw, anchor)


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
    return part(relative_period(unit, anchor, offset(rel)), part_word(g.get("part")), anchor)


def _weekend(g, text, anchor, tense):
    options = [(weekend(anchor + timedelta(weeks=k)).begin, weekend(anchor + timedelta(weeks=k))) for k in (-1, 0, 1)]
    return pick(options, anchor, tense)


def _quarter(g, text, anchor, tense):
    q = ORDINALS[g["q"].lower()]
    if g.get("rel"):
        return quarter(anchor.year + offset(g["rel"].lower()), q)
    options = [quarter(y, q) for y in (anchor.year - 1, anchor.year, anchor.year + 1)]
    if tense == "future":  # results are reported weeks after a quarter ends: "expects to report a third-quarter loss"
        return next(t for t in options if t.end >= anchor - REPORTING_LAG)
    return pick([(t.begin, t) for t in options], anchor, tense)


def _half(g, text, anchor, tense):
    return half(anchor.year + offset(_rel_word(g["rel"])), 1 if g["h"].lower() == "first" else 2)


def _decade_short(g, text, anchor, tense):
    y = _year2(g["y"], anchor)
    return part(decade(y - 100 if y > anchor.year else y), part_word(g.get("part")))


def _ago(g, text, anchor, tense, ctx):
    """ "two years ago", "a week from now"; "a year earlier" only when it compares ("from $2 a year earlier"):
    anchored on something else it is no date. A year back in a sentence of results is the reported quarter a
    year back ("net fell to $5 million from $6 million a year ago")."""
    n = number(g["n"])
    if n is None:
        return None
    unit, direction = g["unit"].lower(), g["dir"].lower()
    named = ctx.named
    if (
        unit == "year"
        and named is not None
        and not direction.endswith("now")
        and (direction == "earlier" and named.granularity == "year" or ctx.compared)
    ):
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
    begin, _ = bounds(t)
    y, m = begin.year - n, begin.month
    return (
        month(y, m)
        if t.granularity == "month"
        else quarter(y, (m - 1) // 3 + 1)
        if t.granularity == "quarter"
        else year(y)
    )


def _years_before(q: Timex, n: int = 1) -> Timex:
    begin, _ = bounds(q)
    return quarter(begin.year - n, (begin.month - 1) // 3 + 1)


def _reported_quarter(ctx: Context, anchor: date) -> Timex:
    """The quarter the article reports on, or the last one ended before the article date."""
    if ctx.quarter is not None:
        return ctx.quarter
    last = relative_period("quarter", anchor, -1)
    assert last is not None  # "quarter" is a unit relative_period knows
    return last


def _year_ago(g, text, anchor, tense, ctx):
    """ "the year-ago quarter", "year-earlier results", "the year-ago third quarter", "last year's period"."""
    if anchor is None:
        return UNRESOLVED
    noun = (g.get("noun") or g.get("noun2") or "").lower()
    if g.get("q"):
        return quarter((ctx.quarter.begin.year if ctx.quarter else anchor.year) - 1, ORDINALS[g["q"].lower()])
    if ctx.quarter is not None or noun == "quarter":
        return _years_before(_reported_quarter(ctx, anchor))
    return year(anchor.year - 1)


def _previous(g, text, anchor, tense, ctx):
    """ "the previous quarter" / "the prior year" where a sentence compares: the one before the reported
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
    """ "the latest quarter" (the reported one, or the last ended), "the latest period" (only the reported one)."""
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
    """ "by year end": the end of the article's year (of the one before, looking back from its first months)."""
    if anchor is None:
        return UNRESOLVED
    y = anchor.year - 1 if tense == "past" and anchor.month <= 2 else anchor.year
    return Timex(f"{y:04d}", "year", date(y, 12, 1), date(y, 12, 31))


def _the_year(g, text, anchor, tense, ctx):
    """ "for the year", "the full year": the year of the reported quarter, or the article's."""
    if anchor is None:
        return UNRESOLVED
    return year(ctx.quarter.begin.year if ctx.quarter else anchor.year)


def _relative_in_context(g, text, anchor, tense, ctx):
    """ "last year" in a sentence comparing a quarter's results is that quarter a year back."""
    if anchor is None:
        return UNRESOLVED
    if (
        g["unit"].lower() == "year"
        and _rel_word(g["rel"]) == "last"
        and not g.get("part")
        and ctx.quarter is not None
        and ctx.period
        and ctx.compared
        and not ctx.longer
    ):
        return _years_before(ctx.quarter)
    return _relative(g, text, anchor, tense)


# the rules that name a quarter themselves
QUARTER_RULES = frozenset({"quarter", "quarter_year", "year_quarter", "q_year", "rel_year_quarter", "quarter_rel"})


def _the_unit(g, text, anchor, tense, ctx):
    """ "the end of the month"; "the end of the quarter" in a report is the end of the reported quarter."""
    if anchor is None:
        return UNRESOLVED
    unit = g["unit"].lower()
    t = ctx.quarter if unit == "quarter" and ctx.quarter else relative_period(unit, anchor, 0)
    return part(t, part_word(g.get("part")), anchor)


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
    return pick(
        [(_holiday(g["h"], y), day(_holiday(g["h"], y))) for y in (anchor.year - 1, anchor.year, anchor.year + 1)],
        anchor,
        tense,
    )


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
    "rel_year_quarter": lambda g, text, anchor, tense: quarter(
        anchor.year + offset(g["rel"].lower()), ORDINALS[g["q"].lower()]
    ),
    "quarter_rel": lambda g, text, anchor, tense: relative_period("quarter", anchor, offset(_rel_word(g["rel"]))),
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
    partw = part_word(pre)
    if partw in ("before", "after"):
        pre = "this"
    # the season holding the anchor; winter belongs to the year of its December
    cur_year = anchor.year - 1 if anchor.month <= 2 else anchor.year
    options = [(bounds(season(y, code))[0], season(y, code)) for y in (cur_year - 1, cur_year, cur_year + 1)]
    if pre == "this":
        tense = "present"
    if pre in ("last", "this past"):
        chosen = [t for s, t in options if bounds(t)[1] < anchor][-1]
    elif pre in ("next", "this coming"):
        chosen = [t for s, t in options if s > anchor][0]
    else:
        chosen = pick(options, anchor, tense)
    return part(chosen, partw, anchor)
