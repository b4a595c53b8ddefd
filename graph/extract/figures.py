"""Figures: counts, money and percentages (first version: spaCy's numeric entities)."""
from __future__ import annotations

import dataclasses
import re

from ..records import Article, Extraction, Figure, Span
from .common import sentence_at


def extract_figures(doc, article: Article, so_far: Extraction) -> Extraction:
    found = []
    for ent in doc.ents:
        if ent.label_ not in ("CARDINAL", "MONEY", "PERCENT"):
            continue
        m = re.search(r"\d[\d,]*(?:\.\d+)?", ent.text)
        if not m:
            continue
        value = float(m[0].replace(",", ""))
        unit = "USD" if "$" in ent.text else ("percent" if ent.label_ == "PERCENT" else None)
        found.append(Figure(Span(ent.start_char, ent.end_char, ent.text), value, "exact", unit,
                            sentence=sentence_at(so_far.sentences, ent.start_char)))
    return dataclasses.replace(so_far, figures=tuple(sorted(found)))
