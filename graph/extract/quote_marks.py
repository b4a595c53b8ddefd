"""Quotation marks: the segments of text between them, paired paragraph by paragraph."""

from __future__ import annotations

import re
from dataclasses import dataclass

QUOTE_CHARS = '\u201c\u201d"'
QUOTE_MARK = re.compile(f"[{QUOTE_CHARS}]")


@dataclass(frozen=True, order=True)
class Segment:
    """Text between quotation marks; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark, or the paragraph end when the quote runs on
    runs_on: bool = False  # unclosed at a paragraph end, continued by the next paragraph's quote
    continues: bool = False  # this paragraph's quote continues the previous paragraph's


# ---------------------------------------------------------------- quotation marks


def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens unless it reads as a closer: glued to the word before, free after."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (not before.isspace() and before not in "([{\u2014-/" and (after.isspace() or after in ".,;:!?)"))


def quote_segments(text: str) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph; an unclosed quote that the next paragraph reopens
    runs on (the newswire convention for multi-paragraph quotes)."""
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out: list[Segment] = []
    carry = False
    for p_start, p_end in paras:
        open_at = None
        opened_here: list[Segment] = []
        lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        was_carry, carry = carry, False
        for mark in QUOTE_MARK.finditer(text, p_start, p_end):
            i, c = mark.start(), mark.group()
            if c == '"' and i and text[i - 1].isdigit() and open_at is None:
                continue  # inches: 5'10"
            opening = c == "\u201c" or (c == '"' and open_at is None and _is_opening_straight(text, i))
            if open_at is None and opening:
                open_at = i
            elif open_at is not None and c != "\u201c":
                cont = was_carry and open_at == lead
                opened_here.append(Segment(open_at + 1, i, open_at, i, continues=cont))
                open_at = None
            elif open_at is not None and c == "\u201c":
                open_at = i  # an unclosed mark followed by a new opening: keep the newer
        if open_at is not None:
            nxt = next(((s, e) for s, e in paras if s >= p_end), None)
            # the next paragraph reopens with the same kind of mark: a straight-quoted excerpt followed by a
            # paragraph that opens a curly quote is two things, not one quote running on
            if nxt and text[nxt[0] : nxt[1]].lstrip()[:1] == text[open_at]:
                cont = was_carry and open_at == lead
                opened_here.append(Segment(open_at + 1, p_end, open_at, p_end, runs_on=True, continues=cont))
                carry = True
        out.extend(opened_here)
    return [s for s in out if text[s.start : s.end].strip()]
