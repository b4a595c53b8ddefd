"""Helpers shared by several test modules (fixtures live in conftest.py): paths, and a hand-made extraction."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pyoxigraph as ox

from graph.records import Article, DateMention, Extraction, Figure, Mention, Quote, Span
from graph.resolve import Resolver
from graph.store import GraphStore

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SHARED = ROOT.parent / "shared"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's package; Playwright drives it, no browser download
CHROMIUM_ARGS = ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"]

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
        figures=(
            Figure(
                span("more than 5,600 children"),
                5600,
                "lower",
                "children",
                min_value=5600,
                variable="children separated",
                speaker=lee,
            ),
        ),
        quotes=(Quote(span("We are going back to court,"), speaker=sur, verb="say"),),
    )


def keys_for(ex: Extraction) -> dict:
    r = Resolver()
    r.learn([ex])
    return r.resolve(ex)


ARTICLE = "https://w3id.org/newsgraph/id/article/"
ENTITIES = "https://w3id.org/newsgraph/graph/entities"
SCHEMA = "http://schema.org/"
COUNT_BY_GRAPH = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"


def generated_store(articles: int = 6, people: int = 40) -> GraphStore:
    """Article graphs of people quoted, plus an entities graph: sizes differ per graph so counts tell them apart."""
    store = GraphStore(None)
    quads = []
    for a in range(articles):
        g = ox.NamedNode(f"{ARTICLE}a{a}")
        art = ox.NamedNode(f"{ARTICLE}a{a}#article")
        quads.append(ox.Quad(art, ox.NamedNode(f"{SCHEMA}headline"), ox.Literal(f'Story {a}, "quoted"'), g))
        for p in range(people + a):
            person = ox.NamedNode(f"https://w3id.org/newsgraph/id/person/p{p}")
            quads.append(ox.Quad(art, ox.NamedNode(f"{SCHEMA}mentions"), person, g))
    for p in range(people + articles):
        person = ox.NamedNode(f"https://w3id.org/newsgraph/id/person/p{p}")
        quads.append(ox.Quad(person, ox.NamedNode(f"{SCHEMA}name"), ox.Literal(f"Person {p}"), ox.NamedNode(ENTITIES)))
    store.load_quads(quads)
    return store


def graph_counts(store: GraphStore) -> dict[str, int]:
    return {r["g"]: r["n"] for r in store.select(COUNT_BY_GRAPH)}
