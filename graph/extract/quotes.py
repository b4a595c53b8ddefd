"""Quotations (first version: text between curly or straight double quotes)."""
from __future__ import annotations

import dataclasses
import re

from ..records import Article, Extraction, Quote, Span
from .common import sentence_at


def extract_quotes(doc, article: Article, so_far: Extraction) -> Extraction:
    found = []
    for m in re.finditer(r"[\u201c\"]([^\u201c\u201d\"]{15,})[\u201d\"]", article.text):
        found.append(Quote(Span(m.start(1), m.end(1), m[1]), sentence=sentence_at(so_far.sentences, m.start())))
    return dataclasses.replace(so_far, quotes=tuple(sorted(found)))
