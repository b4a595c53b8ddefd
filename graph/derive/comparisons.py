"""Comparing figure claims: each claim read as an interval, and two claims of one variable compared.

A claim is an interval, from its bound and how it is written ("more than 5,600" is (5600, inf), "about 5,500"
5,500 +/- 10 %, a round "5,500" 5,450-5,550, "5,512" a point). Overlapping intervals ``agree``. Disjoint ones
``disagree``, unless the claims hold at different times (their as-of dates, which default to the article's date)
or one sentence states a change ("lowered to 97 from 115"): then the later one ``updated`` the earlier. Amounts
in different currencies or units are ``undetermined``: comparing them needs a rate the text does not give.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from ..vocab import BASE

APPROX_WIDTH = 0.10  # "about 5,500" reads as 5,500 +/- 10 %
ROUNDING_CAP = 0.02  # a round figure ("5,500") is read to half its last place, at most 2 % either way
MAX_PAIRWISE = 50  # claims per variable compared pair by pair; larger groups compare by position
AGREEMENTS = ("agree", "disagree", "undetermined", "updated")
CHANGE_RE = re.compile(r"\b(?:from|to|up|down|after|before|revised|lowered|raised)\b", re.I)


@dataclass(frozen=True, order=True)
class Claim:
    """One figure claim as read back from the store, with what the grouping needs."""

    variable: str  # the story variable's IRI once grouped; the measure key before
    iri: str
    value: float
    bound: str
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    source: str | None = None  # the speaker's label, or the source as written, or the article's outlet
    article: str = ""  # article id
    text: str = ""  # the figure as written
    sentence: str | None = None
    as_of: str | None = None  # ISO value (or text) of the as-of date, else the article's date
    as_of_begin: date | None = None
    as_of_end: date | None = None
    key: str = ""  # measure key: "count:killed"
    measure: str | None = None  # the article's own description: "people killed"
    scope: tuple[str, ...] = ()  # entity IRIs
    scope_labels: tuple[str, ...] = ()
    scope_date: str | None = None
    start: int = 0
    end: int = 0
    sentence_start: int | None = None
    published: date | None = None
    own_voice: bool = False  # the article states it with no source: attributed to the article and its outlet


@dataclass(frozen=True, order=True)
class Comparison:
    """The result of comparing two claims on one variable."""

    variable: str
    first: Claim
    second: Claim
    agreement: str  # one of AGREEMENTS
    reason: str

    @property
    def iri(self) -> str:
        digest = hashlib.sha256(f"{self.first.iri} {self.second.iri}".encode()).hexdigest()[:20]
        return f"{BASE}id/comparison/{digest}"


def _place_of_last_digit(text: str, value: float) -> float:
    """How a figure is rounded, from how it is written: "5,500" to hundreds, "2.6 million" to 0.1 million."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text or "")
    if not digits:
        return 0.0
    raw = digits[0].replace(",", "")
    if "." in raw:
        return 0.0 if value == float(raw) else value / float(raw) * 10 ** -len(raw.split(".")[1])
    if float(raw) == 0:
        return 0.0
    scale = value / float(raw) if float(raw) else 1.0
    zeros = len(raw) - len(raw.rstrip("0"))
    if scale >= 1000:  # "2 million": written to the million
        return scale * 10**zeros
    return (10**zeros if zeros >= 2 else 0.0) * scale if scale >= 1 else 0.0


def interval(c: Claim) -> tuple[float, float]:
    """The claim's values as (low, high), infinite where the bound leaves it open, widened by its rounding."""
    v = c.value
    if c.min_value is not None and c.max_value is not None and c.bound not in ("approx",):
        return c.min_value, c.max_value
    if c.bound == "lower":
        return (c.min_value if c.min_value is not None else v), float("inf")
    if c.bound == "upper":
        return float("-inf"), (c.max_value if c.max_value is not None else v)
    if c.bound == "approx":
        return v - abs(v) * APPROX_WIDTH, v + abs(v) * APPROX_WIDTH
    half = min(_place_of_last_digit(c.text, v) / 2, abs(v) * ROUNDING_CAP)
    return v - half, v + half


def overlap(a: Claim, b: Claim) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return max(alo, blo) <= min(ahi, bhi)


def different_times(a: Claim, b: Claim) -> bool:
    """Both claims say (or their articles' dates say) when they hold, and the times differ."""
    if a.as_of is None or b.as_of is None:
        return False
    if a.as_of_begin and a.as_of_end and b.as_of_begin and b.as_of_end:
        return a.as_of_end < b.as_of_begin or b.as_of_end < a.as_of_begin
    return a.as_of.lower() != b.as_of.lower()


def describe(c: Claim) -> str:
    """A claim in a reason: "'3,913 children' [Department of Homeland Security, as of June]"."""
    who = c.source or "unattributed"
    when = f", as of {c.as_of}" if c.as_of else ""
    return f"'{c.text}' [{who}{when}]"


def _currency(c: Claim) -> bool:
    return bool(c.unit) and c.key.startswith("money") and re.fullmatch(r"[A-Z]{3}", c.unit or "") is not None


def _states_a_change(a: Claim, b: Claim) -> bool:
    """One sentence gives both, as a change: "lowered to 97 from 115", "rose 5 % to 111"."""
    if a.article != b.article or a.sentence_start is None or a.sentence_start != b.sentence_start:
        return False
    base = a.sentence_start  # both claims' sentence starts here
    first, second = sorted((a, b), key=lambda c: c.start)
    gap = (first.sentence or "")[first.end - base : second.start - base] if first.sentence else ""
    return len(gap) < 40 and bool(CHANGE_RE.search(gap))


def compare(a: Claim, b: Claim) -> Comparison:
    """Compare two claims on one variable; the reason says why they agree, disagree or cannot be judged."""
    first, second = sorted((a, b), key=lambda c: c.iri)
    same_source = (a.source or "") == (b.source or "") and bool(a.source)
    sources = "same source" if same_source else "different sources"
    if _currency(a) and _currency(b) and a.unit != b.unit:
        return Comparison(
            a.variable,
            first,
            second,
            "undetermined",
            f"different currencies ({first.unit} vs {second.unit}): comparing them needs an exchange "
            f"rate the text does not give; {describe(first)} vs {describe(second)}",
        )
    if a.key.startswith("quantity") and a.unit and b.unit and a.unit != b.unit:
        return Comparison(
            a.variable,
            first,
            second,
            "undetermined",
            f"different units ({first.unit} vs {second.unit}); {describe(first)} vs {describe(second)}",
        )
    if overlap(a, b):
        return Comparison(a.variable, first, second, "agree", f"intervals overlap; {sources}")
    earlier, later = sorted((a, b), key=lambda c: (c.as_of_begin or date.min, c.as_of or "", c.start))
    if _states_a_change(a, b):
        return Comparison(
            a.variable,
            first,
            second,
            "updated",
            f"one sentence states a change: {describe(earlier)} then {describe(later)}",
        )
    if different_times(a, b):
        what = "revised by the same source" if same_source else "a count reported at different times"
        return Comparison(a.variable, first, second, "updated", f"{what}: {describe(earlier)} then {describe(later)}")
    return Comparison(
        a.variable, first, second, "disagree", f"disjoint intervals: {describe(first)} vs {describe(second)}; {sources}"
    )


def compare_all(claims: list[Claim]) -> list[Comparison]:
    """Pairs of claims on the same variable, compared.

    Small groups compare every pair. A large group (a figure repeated by many outlets) would make the graph
    quadratic, so its claims are first gathered into positions (same value, bound, unit, source and as-of
    date: they compare alike): claims of one position are chained, and one claim per position is compared
    with one of every other position (neighbours by value when even the positions are too many).
    """
    out: list[Comparison] = []
    for _, group in sorted(group_claims(claims).items()):
        out.extend(compare(a, b) for a, b in _pairs(group))
    return sorted(out, key=lambda c: (c.variable, c.first.iri, c.second.iri))


def group_claims(claims: list[Claim]) -> dict[str, list[Claim]]:
    """Claims by variable; claims without one are left alone (never compared, never dropped)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.variable or "", c.iri)):
        if c.variable:
            groups[c.variable].append(c)
    return dict(groups)


def _all_pairs(items: list) -> list[tuple]:
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def _pairs(group: list[Claim]) -> list[tuple[Claim, Claim]]:
    if len(group) <= MAX_PAIRWISE:
        return _all_pairs(group)
    positions: dict[tuple, list[Claim]] = defaultdict(list)
    for c in group:
        positions[
            (c.value, c.bound, c.unit, c.min_value, c.max_value, c.source, c.as_of, c.as_of_begin, c.as_of_end)
        ].append(c)
    pairs: list[tuple[Claim, Claim]] = []
    for members in positions.values():
        members.sort(key=lambda c: c.iri)
        pairs.extend(zip(members, members[1:], strict=False))
    reps = sorted((m[0] for m in positions.values()), key=lambda c: (c.value, c.iri))
    pairs.extend(_all_pairs(reps) if len(reps) <= MAX_PAIRWISE else zip(reps, reps[1:], strict=False))
    return pairs
