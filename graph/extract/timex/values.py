"""What a date expression resolves to (:class:`Timex`), what the article says around it (:class:`Context`), a
candidate found in the text (:class:`Found`), and the calendar arithmetic that builds values at their own
TimeML granularity: "2021-12-16", "2021-W50", "2021-W50-WE", "2021-10", "2021-Q3", "2021-H1", "2021-SU",
"2021", "199" (the 1990s), "19" (the 20th century)."""

from __future__ import annotations

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import overload

_SEASON_MONTHS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 2)}


@dataclass(frozen=True)
class Timex:
    """A resolved (or unresolvable) date expression: ``value`` is None when it needs an anchor it lacks."""

    value: str | None
    granularity: str  # time | day | week | month | quarter | half | season | year | decade | century | unresolved
    begin: date | None = None
    end: date | None = None


UNRESOLVED = Timex(None, "unresolved")


def bounds(t: Timex) -> tuple[date, date]:
    """``t``'s begin and end; every constructor below sets both, only :data:`UNRESOLVED` lacks them."""
    assert t.begin is not None and t.end is not None, f"timex {t.value!r} has no begin or end"
    return t.begin, t.end


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
    return Timex(
        f"{n - 1:02d}",
        "century",
        date((n - 1) * 100, 1, 1) if n > 1 else date(1, 1, 1),
        date((n - 1) * 100 + 99, 12, 31),
    )


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
    assert t.value is not None  # iso_week always has a value
    _, end = bounds(t)
    return Timex(t.value + "-WE", "week", end - timedelta(days=1), end)


@overload
def part(t: Timex, which: str, anchor: date | None = None) -> Timex: ...
@overload
def part(t: None, which: str, anchor: date | None = None) -> None: ...
@overload
def part(t: Timex | None, which: str, anchor: date | None = None) -> Timex | None: ...
def part(t: Timex | None, which: str, anchor: date | None = None) -> Timex | None:
    """ "early"/"mid"/"late" part of ``t``, or the part "before"/"after" the anchor ("earlier this year"):
    same value, narrower begin/end."""
    if t is None or t.begin is None or t.end is None:
        return t
    b, e = t.begin, t.end
    if which in ("before", "after") and anchor is not None and b <= anchor <= e:
        return (
            Timex(t.value, t.granularity, b, anchor) if which == "before" else Timex(t.value, t.granularity, anchor, e)
        )
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
