"""Date expressions normalised against the article's date (first version: absolute dates only)."""
from __future__ import annotations

import dataclasses
import re
from datetime import date

from ..records import Article, DateMention, Extraction, Span

_MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                      "september", "october", "november", "december"], 1)}


def extract_dates(doc, article: Article, so_far: Extraction) -> Extraction:
    found = []
    for ent in doc.ents:
        if ent.label_ != "DATE":
            continue
        span = Span(ent.start_char, ent.end_char, ent.text)
        t = ent.text.lower()
        m = re.search(r"(" + "|".join(_MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4})", t)
        if m:
            d = date(int(m[3]), _MONTHS[m[1]], int(m[2]))
            found.append(DateMention(span, d.isoformat(), "day", d, d))
            continue
        m = re.fullmatch(r"(?:in\s+)?(\d{4})", t)
        if m:
            y = int(m[1])
            found.append(DateMention(span, str(y), "year", date(y, 1, 1), date(y, 12, 31)))
    return dataclasses.replace(so_far, dates=tuple(sorted(found)))
