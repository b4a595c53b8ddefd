"""Extraction: from a parsed spaCy ``Doc`` of one article to an :class:`Extraction`.

Extractors are small functions ``(doc, article, so_far) -> Extraction`` run in a fixed order, each
adding one layer and reading the layers before it (quotes need mentions and roles, figures need quotes and
dates). ``EXTRACTORS`` lists them by name; ``extract`` runs all of them or a chosen few.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence

from ..errors import NewsgraphError
from ..records import Article, Extraction, Span
from .dates import extract_dates
from .entities import extract_mentions
from .events import extract_events
from .figures import extract_figures
from .quotes import extract_quotes
from .roles import extract_roles

Extractor = Callable[[object, Article, Extraction], Extraction]

EXTRACTORS: dict[str, Extractor] = {
    "entities": extract_mentions,
    "dates": extract_dates,
    "roles": extract_roles,  # before quotes: speakers described by role ("the senator") need them
    "quotes": extract_quotes,
    "figures": extract_figures,
    "events": extract_events,
}


def sentences_of(doc) -> tuple[Span, ...]:
    return tuple(Span(s.start_char, s.end_char, s.text) for s in doc.sents) if doc.has_annotation("SENT_START") \
        else (Span(0, len(doc.text), doc.text),)


def extract(doc, article: Article, only: Sequence[str] | None = None) -> Extraction:
    """Run the extractors named in ``only`` (default: all, in order) on one article's Doc."""
    names = list(EXTRACTORS) if only is None else list(only)
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        raise NewsgraphError(f"unknown extractor {unknown[0]!r}; known: {', '.join(EXTRACTORS)}")
    result = Extraction(article=article, sentences=sentences_of(doc), warnings=article.warnings)
    for name in EXTRACTORS:  # registry order, whatever order the caller named them in
        if name in names:
            result = EXTRACTORS[name](doc, article, result)
    return result


__all__ = ["EXTRACTORS", "extract", "sentences_of"]
