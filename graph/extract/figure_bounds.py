"""The bound of a figure: the qualifier before the number ("more than", "as high as", "about") or after it
("or more"), and the interval of values the truth may take."""

from __future__ import annotations

import re

from .lexicon import rows

# ---------------------------------------------------------------- patterns

# qualifiers before the number: bound and how they read
QUALIFIERS = [(q, b) for q, b in rows("qualifiers.tsv")]
QUALIFIERS.sort(key=lambda qb: -len(qb[0]))
# each qualifier as a whole word ending the text before a number, and its start there
_QUALIFIER_PATTERNS = [
    (q, re.compile(r"(?:^|[^\w])" + re.escape(q) + r"\s+$"), re.compile(re.escape(q) + r"\s+$"), b)
    for q, b in QUALIFIERS
]
POST_QUALIFIERS = [
    (re.compile(r"^(?:\s+or\s+(?:more|higher|greater|above)|-?plus\b|\+)", re.I), "lower"),
    (re.compile(r"^\s+or\s+(?:fewer|less|lower|below)\b", re.I), "upper"),
    (re.compile(r"^\s+or\s+so\b", re.I), "approx"),
]
APPROX_TOLERANCE = 0.05  # "about 5,500" reads as 5,500 +/- 5 %


def is_qualifier_word(word: str) -> bool:
    w = word.lower().strip(",")
    return any(q.split()[-1] == w for q, _ in QUALIFIERS) or w in ("of", "and", "to", "than", "as")


def qualifier_before(text: str, start: int) -> tuple[str, int | None]:
    before = text[max(0, start - 40) : start].lower()
    for q, as_word, at_end, b in _QUALIFIER_PATTERNS:
        at = at_end.search(before) if q in before and as_word.search(before) else None  # substring test first
        if at is not None:
            return b, start - (len(before) - at.start())
    return "exact", None


def interval(value: float, bound: str, vague: bool = False) -> tuple[float | None, float | None]:
    """The values the truth may take, as (min, max); None is unbounded."""
    if vague:
        return value, value * 10
    if bound == "lower":
        return value, None
    if bound == "upper":
        return None, value
    if bound == "approx":
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value, value
