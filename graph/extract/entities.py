"""Entity mentions: spaCy's named entities, typed Person / Organization / Place / Policy and cleaned."""
from __future__ import annotations

import dataclasses
import re

from ..records import Article, Extraction, Mention, Span

LABEL_TYPES = {"PERSON": "Person", "ORG": "Organization", "GPE": "Place", "LOC": "Place", "FAC": "Place",
               "LAW": "Policy"}
_TITLES = re.compile(r"^(?:(?:former|then|late|the|U\.?S\.?|US)\s+)*(?:President|Sen\.|Senator|Rep\.|"
                     r"Gov\.|Governor|Mr\.|Mrs\.|Ms\.|Dr\.|Judge|Secretary|Attorney General)\s+", re.I)


def clean(text: str, start: int) -> tuple[str, int, int]:
    """Drop a leading "the", a title and a trailing possessive; returns (name, start, end)."""
    end = start + len(text)
    m = re.match(r"(?:the|The)\s+", text)
    if m:
        text, start = text[m.end():], start + m.end()
    m = _TITLES.match(text)
    if m:
        text, start = text[m.end():], start + m.end()
    m = re.search(r"[\u2019']s?$", text)
    if m:
        text, end = text[:m.start()], end - len(m[0])
    return text.strip(), start, end


def extract_mentions(doc, article: Article, so_far: Extraction) -> Extraction:
    mentions = []
    for ent in doc.ents:
        etype = LABEL_TYPES.get(ent.label_)
        if etype is None:
            continue
        name, start, end = clean(ent.text, ent.start_char)
        if not name or not any(c.isalpha() for c in name):
            continue
        mentions.append(Mention(Span(start, end, article.text[start:end]), name, etype))
    return dataclasses.replace(so_far, mentions=tuple(sorted(set(mentions))))
