"""The shared mention index: which mention is at a character, inside a range, or part of a token."""

from __future__ import annotations

import spacy

from graph.extract.mention_index import mention_index
from graph.records import Mention, Span

TEXT = "Officials at the Harbor Commission met Maria Gomez in Lisbon on Monday."


def mention(name: str, etype: str) -> Mention:
    start = TEXT.index(name)
    return Mention(Span(start, start + len(name), name), name, etype)


HARBOR, GOMEZ, LISBON = (
    mention("Harbor Commission", "Organization"),
    mention("Maria Gomez", "Person"),
    mention("Lisbon", "Place"),
)


def test_lookups_by_character_range_and_token():
    doc = spacy.blank("en")(TEXT)
    index = mention_index(doc, (LISBON, HARBOR, GOMEZ))  # given out of order
    assert index.mentions == (HARBOR, GOMEZ, LISBON)
    assert index.at(TEXT.index("Commission")) == HARBOR
    assert index.at(TEXT.index("met")) is None
    assert index.covering(TEXT.index("Gomez")) == [GOMEZ]
    assert index.within(0, TEXT.index(" in Lisbon")) == [HARBOR, GOMEZ]
    by_token = index.by_token()
    assert [t.text for t in doc if by_token.get(t.i) == GOMEZ] == ["Maria", "Gomez"]
    assert all(by_token.get(t.i) is None for t in doc if t.text in ("Officials", "met", "on", "Monday"))


def test_one_index_per_article_shared_by_every_extractor():
    doc = spacy.blank("en")(TEXT)
    mentions = (HARBOR, GOMEZ, LISBON)
    assert mention_index(doc, mentions) is mention_index(doc, mentions)
    assert mention_index(doc, (HARBOR,)).mentions == (HARBOR,)  # other mentions: a new index
