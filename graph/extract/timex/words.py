"""Calendar and number words, read once from ``lexicons/months.tsv`` (kind, word, value)."""

from __future__ import annotations

import re

from ..lexicon import rows


def _read(kind_of: dict[str, list[tuple[str, str]]]) -> None:
    for kind, word, value in rows("months.tsv", columns=3):
        kind_of.setdefault(kind, []).append((word, value))


_KINDS: dict[str, list[tuple[str, str]]] = {}
_read(_KINDS)

MONTHS: tuple[str, ...] = tuple(w for w, _ in _KINDS["month"])  # in calendar order
MONTH_ABBR: dict[str, int] = {w: int(v) for w, v in _KINDS["month_abbr"]}  # in file order: "sept" before "sep"
WEEKDAYS: tuple[str, ...] = tuple(w for w, _ in sorted(_KINDS["weekday"], key=lambda r: int(r[1])))
NUMBER_WORDS: dict[str, int] = {w: int(v) for w, v in _KINDS["number"]}
ORDINALS: dict[str, int] = {w: int(v) for w, v in _KINDS["ordinal"]}
SEASONS: dict[str, str] = dict(_KINDS["season"])

_SPELLED = [w for w, v in NUMBER_WORDS.items() if w.isalpha() and w not in ("a", "an")]
UNITS = [w for w in _SPELLED if 1 <= NUMBER_WORDS[w] <= 9]  # one .. nine
TEENS = [w for w in _SPELLED if 10 <= NUMBER_WORDS[w] <= 19]  # ten .. nineteen
TENS = sorted(
    (w for w in _SPELLED if NUMBER_WORDS[w] >= 20 and NUMBER_WORDS[w] % 10 == 0), key=NUMBER_WORDS.__getitem__
)  # twenty .. ninety


def number(word: str) -> int | None:
    """3, "three", "seventy-four"; None for what is not a number."""
    word = word.lower()
    if word.isdigit():
        return int(word)
    parts = re.split(r"[\s-]+", word)
    if len(parts) == 2 and parts[0] in TENS and parts[1] in UNITS:
        return NUMBER_WORDS[parts[0]] + NUMBER_WORDS[parts[1]]
    return NUMBER_WORDS.get(word)


def month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    if w in MONTHS:
        return MONTHS.index(w) + 1
    return MONTH_ABBR.get(w)
