"""Hand-made stores for the graph-page tests (no model): two small articles, events, hostile text, a big ring."""

from __future__ import annotations

from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from graph.derive.entities import refresh_entities
from graph.outputs import viz
from graph.rdf import article_quads, iri
from graph.records import Article, DateMention, Event, Extraction, Figure, Mention, Quote, Role, Span
from graph.store import GraphStore
from graph.vocab import BASE, NG, RDF

CLAIMS_GRAPH = NamedNode(BASE + "graph/test-claims")


def span(text: str, part: str, nth: int = 0) -> Span:
    start = -1
    for _ in range(nth + 1):
        start = text.index(part, start + 1)
    return Span(start, start + len(part), part)


def corpus():
    """Two articles: a quote, a role, two figures on one variable that disagree, and a date."""
    t1 = (
        "Lee Gelernt, a lawyer at the ACLU, said \u201cWe are going back to court.\u201d "
        "The ACLU said more than 5,600 children were separated."
    )
    s1a = span(t1, t1[: t1.index("\u201d") + 1])
    s1b = span(t1, "The ACLU said more than 5,600 children were separated.")
    lee, aclu1, aclu2 = (
        Mention(span(t1, "Lee Gelernt"), "Lee Gelernt", "Person"),
        Mention(span(t1, "ACLU"), "ACLU", "Organization"),
        Mention(span(t1, "ACLU", 1), "ACLU", "Organization"),
    )
    a1 = Extraction(
        Article("a1", t1, date(2021, 12, 16), title="Families go back to court", publisher="Daily Ledger"),
        sentences=(s1a, s1b),
        mentions=(lee, aclu1, aclu2),
        quotes=(Quote(span(t1, "We are going back to court."), speaker=lee, verb="say", sentence=s1a),),
        figures=(
            Figure(
                span(t1, "more than 5,600 children"),
                5600,
                "lower",
                "children",
                variable="children separated",
                sentence=s1b,
                speaker=aclu2,
            ),
        ),
        roles=(Role(lee, "lawyer", span(t1, "Lee Gelernt, a lawyer at the ACLU"), aclu1),),
    )
    t2 = "DHS said in June 2021 it had identified 3,913 children separated at the border."
    dhs = Mention(span(t2, "DHS"), "DHS", "Organization")
    june = DateMention(span(t2, "June 2021"), "2021-06", "month", date(2021, 6, 1), date(2021, 6, 30))
    a2 = Extraction(
        Article("a2", t2, date(2021, 12, 17), title="DHS count", publisher="Wire Service"),
        sentences=(Span(0, len(t2), t2),),
        mentions=(dhs,),
        dates=(june,),
        figures=(
            Figure(
                span(t2, "3,913 children"),
                3913,
                "exact",
                "children",
                variable="children separated",
                sentence=Span(0, len(t2), t2),
                speaker=dhs,
                as_of=june,
            ),
        ),
        events=(Event(span(t2, "identified"), "identify", actor=dhs, time=june, sentence=Span(0, len(t2), t2)),),
    )
    keys = {lee: "person/lee-gelernt", aclu1: "org/aclu", aclu2: "org/aclu", dhs: "org/dhs"}
    return [a1, a2], keys


def figure_iri(article_id: str, text: str, part: str) -> str:
    s = span(text, part)
    return f"{BASE}id/article/{article_id}#figure-{s.start}-{s.end}"


def make_store(extractions, keys, extra=()) -> GraphStore:
    store = GraphStore(None)
    for ex in extractions:
        store.load_quads(article_quads(ex, keys))
    store.load_quads(extra)
    refresh_entities(store)
    return store


def disagreement_quads(x: str, y: str, reason: str) -> list[Quad]:
    cmp = NamedNode(BASE + "id/comparison/test")
    g = CLAIMS_GRAPH
    return [
        Quad(NamedNode(x), iri(NG.disagreesWith), NamedNode(y), g),
        Quad(cmp, iri(RDF.type), iri(NG.Comparison), g),
        Quad(cmp, iri(NG.comparedClaim), NamedNode(x), g),
        Quad(cmp, iri(NG.comparedClaim), NamedNode(y), g),
        Quad(cmp, iri(NG.agreement), Literal("disagree"), g),
        Quad(cmp, iri(NG.reason), Literal(reason), g),
    ]


def event_corpus():
    """Two outlets report one event (one gives its date, the other reports it on the day); one undated event."""
    t1 = (
        f"The Justice Department pulled out of the talks on December 16, a lawyer said {PAYLOAD}. "
        "Officials met with the families."
    )
    t2 = "The Justice Department has pulled out of the settlement talks."
    s1, s1b, s2 = span(t1, t1[: t1.index(". ") + 1]), span(t1, "Officials met with the families."), Span(0, len(t2), t2)
    doj1, doj2 = (
        Mention(span(t1, "Justice Department"), "Justice Department", "Organization"),
        Mention(span(t2, "Justice Department"), "Justice Department", "Organization"),
    )
    dec16 = DateMention(span(t1, "December 16"), "2021-12-16", "day", date(2021, 12, 16), date(2021, 12, 16))
    e1 = Extraction(
        Article("e1", t1, date(2021, 12, 16), title="Talks collapse", publisher="Daily Ledger"),
        sentences=(s1, s1b),
        mentions=(doj1,),
        dates=(dec16,),
        events=(
            Event(
                span(t1, "pulled out"),
                "pull out",
                actor=doj1,
                object_text="the talks",
                time=dec16,
                sentence=s1,
                participants=(doj1,),
            ),
            Event(span(t1, "met"), "meet", actor_text="Officials", object_text="the families", sentence=s1b),
        ),
    )
    e2 = Extraction(
        Article("e2", t2, date(2021, 12, 16), title="DOJ quits", publisher="Wire Service"),
        sentences=(s2,),
        mentions=(doj2,),
        events=(
            Event(
                span(t2, "pulled out"),
                "pull out",
                actor=doj2,
                object_text="the settlement talks",
                sentence=s2,
                participants=(doj2,),
                reported_on=date(2021, 12, 16),
            ),
        ),
    )
    return [e1, e2], {doj1: "org/doj", doj2: "org/doj"}


PAYLOAD = '</script><script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">"&'


def hostile_store():
    name = f"Evil{PAYLOAD}Name"
    said = f"We said {PAYLOAD} loudly."
    text = f"{name} said \u201c{said}\u201d today."
    evil = Mention(span(text, name), name, "Person")
    ex = Extraction(
        Article("evil", text, date(2021, 1, 1), title=f"Title {PAYLOAD}", publisher=f"Outlet {PAYLOAD}"),
        mentions=(evil,),
        quotes=(Quote(span(text, said), speaker=evil, sentence=Span(0, len(text), text)),),
    )
    return make_store([ex], {evil: "person/evil"}), name, said


def synthetic_graph(n: int) -> viz.GraphData:
    """A ring of people with spokes to a few articles: enough nodes for the precomputed layout."""
    nodes = [viz.VizNode(f"p{i:04d}", "Person", f"P {i}", i % 5) for i in range(n)]
    nodes += [viz.VizNode(f"a{i}", "Article", f"A {i}") for i in range(3)]
    edges = [viz.VizEdge(f"p{i:04d}", f"p{(i + 1) % n:04d}", viz.SAID) for i in range(n)]
    edges += [viz.VizEdge(f"p{i:04d}", f"a{i % 3}", viz.MENTIONED_IN) for i in range(0, n, 7)]
    return viz.GraphData(tuple(nodes), tuple(edges), total_nodes=len(nodes), total_edges=len(edges))
