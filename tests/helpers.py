"""Helpers shared by several test modules (fixtures live in conftest.py): paths, and a hand-made extraction."""
from __future__ import annotations

from datetime import date
from pathlib import Path

from graph.records import Article, DateMention, Extraction, Figure, Mention, Quote, Span
from graph.resolve import Resolver

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"

TEXT = "Lee Gelernt said more than 5,600 children were separated. \u201cWe are going back to court,\u201d Gelernt said Thursday."


def span(text: str, start: int = 0) -> Span:
    i = TEXT.index(text, start)
    return Span(i, i + len(text), text)


def extraction(text: str = TEXT, art_id: str = "a1") -> Extraction:
    art = Article(id=art_id, text=text, date=date(2021, 12, 16), title="A <b>title</b>", source="x.txt")
    lee = Mention(span("Lee Gelernt"), "Lee Gelernt", "Person")
    sur = Mention(span("Gelernt", 20), "Gelernt", "Person")
    return Extraction(
        article=art,
        sentences=(span("Lee Gelernt said more than 5,600 children were separated."),),
        mentions=(lee, sur),
        dates=(DateMention(span("Thursday"), "2021-12-16", "day", date(2021, 12, 16), date(2021, 12, 16)),),
        figures=(Figure(span("more than 5,600 children"), 5600, "lower", "children", min_value=5600,
                        variable="children separated", speaker=lee),),
        quotes=(Quote(span("We are going back to court,"), speaker=sur, verb="say"),),
    )


def keys_for(ex: Extraction) -> dict:
    r = Resolver()
    r.learn([ex])
    return r.resolve(ex)
