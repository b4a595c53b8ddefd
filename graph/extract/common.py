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


def tokens_overlapping(doc, start: int, end: int) -> list:
    """The tokens whose text overlaps ``[start, end)``, found by offset instead of scanning the whole Doc
    (extractors ask this for every mention and quote: a scan per call made extraction quadratic per article)."""
    if doc is None or end <= start or len(doc) == 0:
        return []
    size = doc[-1].idx + len(doc[-1].text)  # not len(doc.text): Doc.text re-joins every token on each access
    span = doc.char_span(max(0, start), min(end, size), alignment_mode="expand")
    return list(span) if span is not None else []
