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

The package, by concern: :mod:`.words` (calendar and number words, from ``lexicons/months.tsv``),
:mod:`.values` (the records and calendar arithmetic), :mod:`.patterns` (the rules and :func:`scan`),
:mod:`.anchoring` (which occurrence the article date and tense pick), :mod:`.resolver` (the TimeML-granularity
resolver behind :func:`resolve`).
"""

from __future__ import annotations

from .anchoring import pick, relative_month, relative_month_day, relative_period, relative_weekday
from .patterns import LEAD, RULES, marker, match, scan
from .resolver import CONTEXTUAL, QUARTER_RULES, REPORTING_LAG, normalise, resolve
from .values import (
    UNRESOLVED,
    Context,
    Found,
    Timex,
    add_months,
    century,
    day,
    decade,
    half,
    iso_week,
    month,
    month_end,
    part,
    quarter,
    season,
    time_of_day,
    weekend,
    year,
)
from .words import MONTHS, NUMBER_WORDS, ORDINALS, SEASONS, WEEKDAYS, month_number, number

__all__ = [
    "CONTEXTUAL",
    "LEAD",
    "MONTHS",
    "NUMBER_WORDS",
    "ORDINALS",
    "QUARTER_RULES",
    "REPORTING_LAG",
    "RULES",
    "SEASONS",
    "UNRESOLVED",
    "WEEKDAYS",
    "Context",
    "Found",
    "Timex",
    "add_months",
    "century",
    "day",
    "decade",
    "half",
    "iso_week",
    "marker",
    "match",
    "month",
    "month_end",
    "month_number",
    "normalise",
    "number",
    "part",
    "pick",
    "quarter",
    "relative_month",
    "relative_month_day",
    "relative_period",
    "relative_weekday",
    "resolve",
    "scan",
    "season",
    "time_of_day",
    "weekend",
    "year",
]
