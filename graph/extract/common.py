"""Helpers shared by the extractors."""
from __future__ import annotations

from ..records import Span


def span_of(text: str, start: int, end: int) -> Span:
    """A Span over ``text[start:end]`` with surrounding white space trimmed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return Span(start, end, text[start:end])


def sentence_at(sentences, offset: int) -> Span | None:
    """The sentence span holding character ``offset``."""
    for s in sentences:
        if s.start <= offset < s.end:
            return s
    return None
