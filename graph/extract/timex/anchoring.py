"""Anchoring against the article date: which occurrence of a weekday, month, day of a month, season or
period an expression means, given the anchor (the article's date), the tense of its sentence ("past",
"present", "future" or None) and a modifier ("last", "next", "this"); and the modifier words themselves."""

from __future__ import annotations

import re
from datetime import date, timedelta

from .values import Timex, add_months, bounds, century, day, decade, half, iso_week, month, quarter, weekend, year

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

        def nearness(t: Timex) -> tuple[int, bool]:
            begin, _ = bounds(t)
            return abs((begin - anchor).days), begin > anchor

        return min((t for _, t in options), key=nearness)
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
    if (
        tense == "future"
        or tense == "present"
        and (after * 12 + m) - anchor_month(anchor) < anchor_month(anchor) - (before * 12 + m)
    ):
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
    if (
        same is None
        or other is not None
        and (same > anchor if tense == "past" else same < anchor)
        and abs((other - anchor).days) < abs((same - anchor).days)
    ):
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


def part_word(w: str | None) -> str:
    """ "early" / "mid" / "late", or "before" / "after" for "earlier" / "later", or "" from a modifier."""
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


def offset(w: str | None) -> int:
    """-1 for "last", "past", "previous", +1 for "next", "coming", 0 otherwise."""
    w = (w or "").lower()
    if w in ("last", "past", "previous", "this past"):
        return -1
    if w in ("next", "coming", "this coming"):
        return 1
    return 0
