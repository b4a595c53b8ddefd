"""The interactive graph: a store's entities, claims, articles and dates as one offline HTML page.

Stages, each a small function over frozen records:
``read_layers(store)`` (SPARQL) -> ``assemble(layers)`` (nodes and edges) -> ``select(...)`` (types, article,
focus, node limit) -> ``render_html`` / ``to_networkx``. ``graph_data`` composes the first three.

The page is one self-contained file: vis-network (shipped inside the pyvis package) is inlined, there is no
link to any CDN, and a Content-Security-Policy allows only the page's own two scripts. Everything that comes
from article text travels as JSON in a data block (``<``, ``>``, ``&`` escaped) and reaches the page through
``textContent`` only: an article cannot inject markup or script.
"""
from __future__ import annotations

import base64
import hashlib
import json
import math
import re
from collections import Counter, defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from difflib import get_close_matches
from pathlib import Path
from urllib.parse import quote

from .errors import QueryError
from .vocab import BASE, PREFIXES

NG_NS = PREFIXES["ng"]
ENTITIES_GRAPH = BASE + "graph/entities"
EVENTS_GRAPH = BASE + "graph/events"  # one schema:Event per event across its reports (graph/timeline.py)
VIZ_ID = BASE + "viz/"  # ids of nodes the page derives (one date node per ISO value); never written to the store


@dataclass(frozen=True)
class NodeType:
    """How one kind of node looks: vis-network shape, colour, and size as a function of mentions."""

    name: str
    plural: str
    color: str
    shape: str
    size: int = 10
    grow: float = 0.0  # extra size per square root of the mention count
    word: str = ""  # its --types word when not the plural ("measured variables" -> "variables")

    @property
    def option(self) -> str:
        return self.word or self.plural


NODE_TYPES = (
    NodeType("Person", "people", "#4e79a7", "dot", 10, 4.0),
    NodeType("Organization", "organizations", "#f28e2b", "square", 10, 4.0),
    NodeType("Place", "places", "#59a14f", "triangle", 10, 4.0),
    NodeType("Policy", "policies", "#b07aa1", "hexagon", 10, 4.0),
    NodeType("Figure", "figures", "#e15759", "diamond", 9),
    NodeType("Quote", "quotes", "#c9a227", "star", 9),
    NodeType("Article", "articles", "#9c755f", "box", 12),
    NodeType("Date", "dates", "#76b7b2", "triangleDown", 7, 2.0),
    NodeType("Variable", "measured variables", "#ff9da7", "ellipse", 10, word="variables"),
    # one node per event across its reports (the shared events graph); size grows with the reporting articles
    NodeType("Event", "events", "#5b3f8c", "diamond", 10, 3.0),
    NodeType("UndatedEvent", "undated events", "#b3a4d4", "diamond", 8, 2.0, word="undated-events"),
    NodeType("EventMention", "event mentions", "#8c8c8c", "dot", 7, word="event-mentions"),
)
TYPE_BY_NAME = {t.name: t for t in NODE_TYPES}
ENTITY_TYPES = ("Person", "Organization", "Place", "Policy")
# dated events are the story's timeline and few; undated ones and each article's event mentions are many
# (one per reported predicate) and would bury the attribution graph: drawn on request
DEFAULT_TYPES = tuple(t.name for t in NODE_TYPES if t.name not in ("UndatedEvent", "EventMention"))


@dataclass(frozen=True)
class Relation:
    name: str
    color: str
    width: float = 1.0
    dashes: bool = False


SAID, SAID_TO, REPORTED_BY, PUBLISHED_BY, MENTIONED_IN = "said", "said to", "reported by", "published by", "mentioned in"
MEASURES, AS_OF, DISAGREES, ROLE_AT, MEMBER_OF = "measures", "as of", "disagrees with", "role at", "member of"
DID, DONE_TO, WHEN, WHERE, REPORTED_AS = "did", "done to", "when", "where", "reported as"
RELATIONS = (
    Relation(SAID, "#3b3b3b", 1.5),
    Relation(SAID_TO, "#7f7f7f"),
    Relation(ROLE_AT, "#4e79a7", 1.5),
    Relation(MEMBER_OF, "#4e79a7", 1.5),
    Relation(MEASURES, "#ff9da7"),
    Relation(DISAGREES, "#d62728", 3.0, True),
    Relation(AS_OF, "#76b7b2"),
    Relation(REPORTED_BY, "#b9a496"),
    Relation(PUBLISHED_BY, "#9c755f"),
    Relation(MENTIONED_IN, "#d9d9d9", 0.5),
    Relation(DID, "#8c8c8c"),
    Relation(DONE_TO, "#8c8c8c"),
    Relation(WHEN, "#76b7b2"),
    Relation(WHERE, "#59a14f"),
    Relation(REPORTED_AS, "#b3a4d4", 0.5),
)
REL_INDEX = {r.name: i for i, r in enumerate(RELATIONS)}

FORMATS = ("html", "graphml", "gexf")


# ---------------------------------------------------------------- records

@dataclass(frozen=True, order=True)
class Evidence:
    """A sentence with the cited words at ``[start, end)``, from one article."""

    text: str
    start: int
    end: int
    article: str | None = None  # article id


@dataclass(frozen=True, order=True)
class VizNode:
    id: str  # the store IRI (or a derived id under VIZ_ID)
    type: str  # a NodeType name
    label: str
    mentions: int = 0
    articles: tuple[str, ...] = ()  # ids of the articles it comes from
    aliases: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()  # tooltip lines, in order
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, order=True)
class VizEdge:
    source: str
    target: str
    relation: str  # a Relation name
    label: str = ""  # shown on the edge; the relation name when empty
    details: tuple[tuple[str, str], ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, order=True)
class ArticleInfo:
    id: str
    iri: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    outlet_iri: str | None = None

    def caption(self) -> str:
        return " · ".join(x for x in (self.title or self.id, self.outlet, self.date) if x)


@dataclass(frozen=True)
class GraphData:
    """The graph the page draws, with what was left out and why."""

    nodes: tuple[VizNode, ...]
    edges: tuple[VizEdge, ...]
    articles: tuple[ArticleInfo, ...] = ()
    total_nodes: int = 0  # before the node limit (after type, article and focus selection)
    total_edges: int = 0
    omitted: tuple[tuple[str, int], ...] = ()  # (type, nodes left out by the node limit)
    focus: tuple[str, ...] = ()  # labels of the focus nodes
    depth: int | None = None

    def summary(self) -> str:
        text = f"{len(self.nodes)} nodes, {len(self.edges)} edges"
        if len(self.nodes) < self.total_nodes:
            text += f" (of {self.total_nodes} nodes; the most connected kept)"
        return text


@dataclass(frozen=True)
class Layers:
    """Rows read from the store, one tuple per layer; a layer another stage has not written is empty."""

    articles: tuple[ArticleInfo, ...] = ()
    entities: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()  # (iri, type, label, aliases)
    mentions: tuple[tuple[str, str, int], ...] = ()  # (entity iri, article id, count)
    claims: tuple[dict, ...] = ()  # figure and quote claims, one dict each
    dates: tuple[tuple[str, str, str | None, str | None], ...] = ()  # (date iri, article id, iso value, text)
    roles: tuple[dict, ...] = ()
    events: tuple[dict, ...] = ()  # each article's event mentions (ng:Event)
    story_events: tuple[dict, ...] = ()  # events across articles (schema:Event in the events graph)
    disagreements: tuple[tuple[str, str, str | None], ...] = ()  # (claim, claim, reason)
    spans: dict = field(default_factory=dict)  # span iri -> (begin, end, text)


# ---------------------------------------------------------------- reading

def read_layers(store) -> Layers:
    """Everything the page shows, read with a handful of SPARQL queries."""
    articles = _read_articles(store)
    art_id = {a.iri: a.id for a in articles}
    return Layers(articles=articles, entities=_read_entities(store), mentions=_read_mentions(store),
                  claims=_read_claims(store, art_id), dates=_read_dates(store, art_id),
                  roles=_read_roles(store, art_id), events=_read_events(store, art_id),
                  story_events=_read_story_events(store, art_id),
                  disagreements=_read_disagreements(store), spans=_read_spans(store))


def _read_articles(store) -> tuple[ArticleInfo, ...]:
    # joins inside one graph: an outlet's name repeats in each of its articles' graphs, and a join over the
    # union would pair every copy with every article
    rows = store.select("""SELECT DISTINCT ?a ?id ?title ?date ?url ?pub WHERE { GRAPH ?g {
        ?a a schema:NewsArticle ; schema:identifier ?id .
        OPTIONAL { ?a schema:headline ?title } OPTIONAL { ?a schema:datePublished ?date }
        OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a schema:publisher ?pub } } }""")
    names = {r["p"]: r["name"] for r in store.select(
        "SELECT DISTINCT ?p ?name WHERE { GRAPH ?g { ?x schema:publisher ?p . ?p schema:name ?name } }")}
    out: dict[str, ArticleInfo] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        outlet = names.get(r["pub"]) or (r["pub"].rsplit("/", 1)[-1] if r["pub"] else None)
        out.setdefault(r["a"], ArticleInfo(str(r["id"]), r["a"], _str(r["title"]), _str(outlet),
                                           _str(r["date"]), _str(r["url"]), r["pub"]))
    return tuple(sorted(out.values()))


def _read_entities(store) -> tuple:
    types: dict[str, Counter] = defaultdict(Counter)
    for r in store.select("SELECT ?e ?type ?g WHERE { GRAPH ?g { ?e ng:entityType ?type } }"):
        # the resolved entities graph decides; article graphs vote when it is missing
        types[r["e"]][r["type"]] += 1000 if r["g"] == ENTITIES_GRAPH else 1
    labels = {r["e"]: r["label"] for r in store.select(
        "SELECT ?e ?label WHERE { GRAPH <%s> { ?e skos:prefLabel ?label } }" % ENTITIES_GRAPH)}
    aliases: dict[str, Counter] = defaultdict(Counter)
    for r in store.select("SELECT ?e ?alias (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?e ng:entityType ?t ; "
                          "skos:altLabel ?alias } } GROUP BY ?e ?alias"):
        aliases[r["e"]][str(r["alias"])] += r["n"]
    out = []
    for e in sorted(types):
        etype = max(types[e], key=lambda t: (types[e][t], t))
        forms = aliases.get(e, Counter())
        label = labels.get(e) or (max(forms, key=lambda f: (forms[f], len(f), f)) if forms else e.rsplit("/", 1)[-1])
        out.append((e, etype, str(label), tuple(sorted(f for f in forms if f != label))))
    return tuple(out)


def _read_mentions(store) -> tuple:
    rows = store.select("""SELECT ?e ?id (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?m a ng:Mention ; itsrdf:taIdentRef ?e ; nif:referenceContext ?a . ?a schema:identifier ?id }
        GROUP BY ?e ?id""")
    return tuple(sorted((r["e"], str(r["id"]), int(r["n"])) for r in rows))


def _read_claims(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    claims: dict[str, dict] = {}
    rows = store.select("""SELECT DISTINCT ?c ?kind ?a ?text ?speaker ?speakerText ?sent ?span ?verb ?qkind ?recipient WHERE {
        VALUES ?kind { ng:FigureClaim ng:QuoteClaim } ?c a ?kind .
        OPTIONAL { ?c schema:appearance ?a } OPTIONAL { ?c schema:text ?text }
        OPTIONAL { ?c prov:wasAttributedTo ?speaker } OPTIONAL { ?c ng:speakerText ?speakerText }
        OPTIONAL { ?c ng:sentence ?sent } OPTIONAL { ?c prov:wasDerivedFrom ?span }
        OPTIONAL { ?c ng:reportingVerb ?verb } OPTIONAL { ?c ng:quoteKind ?qkind }
        OPTIONAL { ?c ng:recipient ?recipient } }""")
    for r in rows:
        c = claims.setdefault(r["c"], {"iri": r["c"], "kind": "Figure" if r["kind"].endswith("FigureClaim") else "Quote",
                                       "speakers": set(), "recipients": set(), "articles": set()})
        for key in ("text", "speakerText", "sent", "span", "verb", "qkind"):
            if r[key] is not None and c.get(key) is None:
                c[key] = str(r[key])
        if r["a"] in art_id:
            c["articles"].add(art_id[r["a"]])
        if r["speaker"]:
            c["speakers"].add(r["speaker"])
        if r["recipient"]:
            c["recipients"].add(r["recipient"])
    # a variable's label repeats in every article graph: join inside one graph, not over the union
    var_labels = {r["var"]: r["label"] for r in store.select(
        "SELECT DISTINCT ?var ?label WHERE { GRAPH ?g { ?var a ng:MeasuredVariable ; skos:prefLabel ?label } }")}
    for r in store.select("""SELECT DISTINCT ?c ?value ?bound ?unit ?min ?max ?var WHERE {
        ?c a ng:FigureClaim ; ng:quantity ?q .
        OPTIONAL { ?q schema:value ?value } OPTIONAL { ?q ng:bound ?bound } OPTIONAL { ?q schema:unitText ?unit }
        OPTIONAL { ?q schema:minValue ?min } OPTIONAL { ?q schema:maxValue ?max }
        OPTIONAL { ?q ng:measures ?var } }"""):
        r["varlabel"] = var_labels.get(r["var"])
        c = claims.get(r["c"])
        if c is not None:
            for key in ("value", "bound", "unit", "min", "max", "var", "varlabel"):
                if r[key] is not None and c.get(key) is None:
                    c[key] = r[key]
    for r in store.select("SELECT ?c ?d WHERE { ?c a ng:FigureClaim ; ng:asOf ?d }"):
        if r["c"] in claims:
            claims[r["c"]].setdefault("asof", set()).add(r["d"])
    return tuple(_frozen_dict(claims[k]) for k in sorted(claims))


def _read_dates(store, art_id: dict[str, str]) -> tuple:
    rows = store.select("""SELECT DISTINCT ?d ?a ?iso ?text WHERE { ?d a ng:DateMention .
        OPTIONAL { ?d schema:appearance ?a } OPTIONAL { ?d ng:isoValue ?iso }
        OPTIONAL { ?d prov:wasDerivedFrom/nif:anchorOf ?text } }""")
    out = {(r["d"], art_id.get(r["a"], ""), _str(r["iso"]), _str(r["text"])) for r in rows}
    return tuple(sorted(out, key=lambda t: tuple(x or "" for x in t)))


def _read_roles(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    rows = store.select("""SELECT DISTINCT ?r ?g ?person ?org ?role ?span WHERE { GRAPH ?g {
        ?r a org:Membership ; org:member ?person .
        OPTIONAL { ?r org:organization ?org } OPTIONAL { ?r org:role/skos:prefLabel ?role }
        OPTIONAL { ?r prov:wasDerivedFrom ?span } } }""")
    out = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        out.setdefault(r["r"], {"iri": r["r"], "article": art_id.get(r["g"]), "person": r["person"], "org": r["org"],
                                "role": _str(r["role"]), "span": r["span"]})
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_events(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    rows = store.select("""SELECT DISTINCT ?ev ?a ?pred ?rel ?actor ?obj ?objText ?place ?time ?neg ?sent ?span WHERE {
        ?ev a ng:Event . OPTIONAL { ?ev ng:mentionedIn ?a } OPTIONAL { ?ev ng:predicate ?pred }
        OPTIONAL { ?ev ng:relation ?rel } OPTIONAL { ?ev ng:actor ?actor } OPTIONAL { ?ev ng:object ?obj }
        OPTIONAL { ?ev ng:objectText ?objText } OPTIONAL { ?ev schema:location ?place }
        OPTIONAL { ?ev ng:eventTime ?time } OPTIONAL { ?ev ng:negated ?neg }
        OPTIONAL { ?ev ng:sentence ?sent } OPTIONAL { ?ev prov:wasDerivedFrom ?span } }""")
    out: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        e = out.setdefault(r["ev"], {"iri": r["ev"], "articles": set()})
        if r["a"] in art_id:
            e["articles"].add(art_id[r["a"]])
        for key in ("pred", "rel", "actor", "obj", "objText", "place", "time", "neg", "sent", "span"):
            if r[key] is not None and e.get(key) is None:
                e[key] = r[key]
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_story_events(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    # single values in one query, links (several actors, reports, articles) in another: no cross product
    rows = store.select("""SELECT ?ev ?pred ?rel ?actorText ?objText ?begin ?end ?time WHERE { GRAPH <%s> {
        ?ev a schema:Event ; ng:predicate ?pred . OPTIONAL { ?ev ng:relation ?rel }
        OPTIONAL { ?ev ng:actorText ?actorText } OPTIONAL { ?ev ng:objectText ?objText }
        OPTIONAL { ?ev schema:startDate ?begin ; schema:endDate ?end } OPTIONAL { ?ev ng:eventTime ?time } } }"""
                        % EVENTS_GRAPH)
    out: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        e = out.setdefault(r["ev"], {"iri": r["ev"], "actors": set(), "objects": set(), "reports": set(),
                                     "articles": set()})
        for key in ("pred", "rel", "actorText", "objText", "begin", "end", "time"):
            if r[key] is not None and e.get(key) is None:
                e[key] = r[key] if key == "time" else str(r[key])
    links = {NG_NS + "actor": "actors", NG_NS + "object": "objects", NG_NS + "eventMention": "reports"}
    for r in store.select("""SELECT ?ev ?p ?o WHERE { GRAPH <%s> { ?ev a schema:Event ; ?p ?o
            FILTER(?p IN (ng:actor, ng:object, ng:eventMention, ng:mentionedIn)) } }""" % EVENTS_GRAPH):
        e = out.get(r["ev"])
        if e is None:
            continue
        if r["p"] in links:
            e[links[r["p"]]].add(r["o"])
        elif r["o"] in art_id:
            e["articles"].add(art_id[r["o"]])
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_disagreements(store) -> tuple:
    pairs = {tuple(sorted((r["x"], r["y"]))) for r in store.select(
        "SELECT DISTINCT ?x ?y WHERE { ?x ng:disagreesWith ?y FILTER(?x != ?y) }")}
    # the reason, when the claims layer recorded a comparison of the two claims
    compared: dict[str, set] = defaultdict(set)
    reasons: dict[str, str] = {}
    for r in store.select("""SELECT DISTINCT ?cmp ?claim ?reason WHERE { ?cmp a ng:Comparison ; ng:comparedClaim ?claim .
            OPTIONAL { ?cmp ng:reason ?reason } }"""):
        compared[r["cmp"]].add(r["claim"])
        if r["reason"] is not None:
            reasons[r["cmp"]] = str(r["reason"])
    reason_of: dict[tuple, str] = {}
    for cmp in sorted(reasons):
        claims = sorted(compared[cmp])
        for i, x in enumerate(claims):
            for y in claims[i + 1:]:
                reason_of.setdefault((x, y), reasons[cmp])
    return tuple((x, y, reason_of.get((x, y))) for x, y in sorted(pairs))


def _read_spans(store) -> dict:
    rows = store.select("""SELECT DISTINCT ?s ?b ?e ?t WHERE { ?x ng:sentence|prov:wasDerivedFrom ?s .
        ?s nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?t }""")
    return {r["s"]: (int(r["b"]), int(r["e"]), str(r["t"])) for r in rows}


def _str(v) -> str | None:
    return None if v is None else str(v)


def _frozen_dict(d: dict) -> dict:
    return {k: tuple(sorted(v)) if isinstance(v, set) else v for k, v in d.items()}


# ---------------------------------------------------------------- assembling

class _Builder:
    """Accumulates nodes and edges; merges repeats of one edge, keeping all their evidence."""

    def __init__(self, articles: tuple[ArticleInfo, ...]):
        self.nodes: dict[str, VizNode] = {}
        self.edges: dict[tuple[str, str, str, str], VizEdge] = {}
        self.article_of = {a.iri: a for a in articles}

    def node(self, n: VizNode) -> None:
        old = self.nodes.get(n.id)
        if old is None:
            self.nodes[n.id] = n
        else:
            self.nodes[n.id] = replace(old, articles=tuple(sorted(set(old.articles) | set(n.articles))))

    def edge(self, source: str | None, target: str | None, relation: str, label: str = "",
             details: tuple = (), evidence: tuple = ()) -> None:
        if not source or not target or source == target:
            return
        key = (source, target, relation, label)
        old = self.edges.get(key)
        if old is None:
            self.edges[key] = VizEdge(source, target, relation, label, details, evidence)
        else:
            self.edges[key] = replace(old, evidence=tuple(sorted(set(old.evidence) | set(evidence))))


def assemble(layers: Layers) -> tuple[tuple[VizNode, ...], tuple[VizEdge, ...]]:
    """Nodes and edges of every type from the rows read; edges only between nodes that exist."""
    b = _Builder(layers.articles)
    _add_articles(b, layers)
    _add_entities(b, layers)
    _add_claims(b, layers)
    date_node = _add_dates(b, layers)
    _add_roles(b, layers)
    _add_events(b, layers, date_node)
    _add_story_events(b, layers, date_node)
    _add_disagreements(b, layers)
    nodes = tuple(sorted(b.nodes.values()))
    edges = tuple(sorted(e for e in b.edges.values() if e.source in b.nodes and e.target in b.nodes))
    return nodes, edges


def _add_articles(b: _Builder, layers: Layers) -> None:
    for a in layers.articles:
        details = tuple((k, v) for k, v in (("Headline", a.title), ("Outlet", a.outlet), ("Published", a.date),
                                            ("Id", a.id), ("URL", a.url)) if v)
        b.node(VizNode(a.iri, "Article", _short(a.title or a.id, 40), articles=(a.id,), details=details))


def _add_entities(b: _Builder, layers: Layers) -> None:
    per_article: dict[str, dict[str, int]] = defaultdict(dict)
    for e, art, n in layers.mentions:
        per_article[e][art] = n
    by_id = {a.id: a for a in layers.articles}
    for iri, etype, label, aliases in layers.entities:
        counts = per_article.get(iri, {})
        details = [("Type", etype), ("Mentions", str(sum(counts.values())))]
        if aliases:
            details.append(("Also written", ", ".join(aliases)))
        for art in sorted(counts):
            caption = by_id[art].caption() if art in by_id else art
            details.append(("In", f"{caption} ({counts[art]}x)"))
        b.node(VizNode(iri, etype, label, sum(counts.values()), tuple(sorted(counts)), aliases, tuple(details)))
        for art in sorted(counts):
            if art in by_id:
                b.edge(iri, by_id[art].iri, MENTIONED_IN, details=(("Mentions", str(counts[art])),))
    # outlets: the publisher of an article is an organization even when the text never names it
    published: dict[str, list[ArticleInfo]] = defaultdict(list)
    for a in layers.articles:
        if a.outlet_iri:
            published[a.outlet_iri].append(a)
    for pub, arts in sorted(published.items()):
        ids = tuple(a.id for a in arts)
        old = b.nodes.get(pub)
        if old is None:
            b.node(VizNode(pub, "Organization", arts[0].outlet or pub.rsplit("/", 1)[-1], articles=ids,
                           details=(("Type", "news outlet"), ("Articles", str(len(arts))))))
        else:
            b.nodes[pub] = replace(old, articles=tuple(sorted(set(old.articles) | set(ids))))
        for a in arts:
            b.edge(a.iri, pub, PUBLISHED_BY)


def _evidence(spans: dict, sentence: str | None, cited: str | None, article: str | None) -> Evidence | None:
    """The sentence with the cited words marked; the cited words alone when the sentence is unknown."""
    sent, span = spans.get(sentence), spans.get(cited)
    if sent is None and span is None:
        return None
    if sent is None:
        return Evidence(span[2], 0, len(span[2]), article)
    text = sent[2].strip()
    lead = len(sent[2]) - len(sent[2].lstrip())
    if span is None:
        return Evidence(text, 0, 0, article)
    start = max(0, min(len(text), span[0] - sent[0] - lead))
    end = max(start, min(len(text), span[1] - sent[0] - lead))
    return Evidence(text, start, end, article)


def _number(v) -> str:
    if v is None:
        return "?"
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}"


BOUND_WORDS = {"lower": "at least", "upper": "at most", "approx": "about", "exact": "exactly"}


def _add_claims(b: _Builder, layers: Layers) -> None:
    labels = {iri: label for iri, _, label, _ in layers.entities}
    art_iri = {a.id: a.iri for a in layers.articles}
    variables: dict[str, tuple[set, set, list]] = defaultdict(lambda: (set(), set(), []))
    for c in layers.claims:
        art = c["articles"][0] if c["articles"] else None
        ev = _evidence(layers.spans, c.get("sent"), c.get("span"), art)
        text = c.get("text") or (layers.spans[c["span"]][2] if c.get("span") in layers.spans else "")
        speakers = [labels.get(s, s.rsplit("/", 1)[-1]) for s in c["speakers"]]
        who = ", ".join(speakers) or c.get("speakerText") or ""
        details: list[tuple[str, str]] = []
        if c["kind"] == "Figure":
            bound = str(c.get("bound") or "").rsplit("#", 1)[-1]
            value = _number(c.get("value"))
            lo, hi = c.get("min"), c.get("max")
            if (lo is not None or hi is not None) and not (lo == hi == c.get("value")):
                value += f" (range {_number(lo)} to {_number(hi)})"
            details += [("Value", value), ("Bound", BOUND_WORDS.get(bound, bound or "unknown"))]
            if c.get("unit"):
                details.append(("Unit", str(c["unit"])))
            if c.get("varlabel"):
                details.append(("Measures", str(c["varlabel"])))
            label = _short(text or value, 40)
        else:
            details.append(("Kind", c.get("qkind") or "quote"))
            label = "\u201c" + _short(text, 38) + "\u201d"
        details.insert(0, ("Stated by", who or "not attributed"))
        node = VizNode(c["iri"], c["kind"], label, articles=tuple(c["articles"]), details=tuple(details),
                       evidence=(ev,) if ev else ())
        b.node(node)
        said = (ev,) if ev else ()
        for s in c["speakers"]:
            b.edge(s, c["iri"], SAID, evidence=said)
        for r in c["recipients"]:
            b.edge(c["iri"], r, SAID_TO)
        for a in c["articles"]:
            b.edge(c["iri"], art_iri.get(a), REPORTED_BY)
        if c.get("var"):
            var = str(c["var"])
            variables[var][0].add(str(c.get("varlabel") or var.rsplit("/", 1)[-1]))
            variables[var][1].update(c["articles"])
            variables[var][2].append(c["iri"])
            b.edge(c["iri"], var, MEASURES)
    # a variable's size is the number of figures measuring it
    for var, (names, arts, figures) in sorted(variables.items()):
        b.node(VizNode(var, "Variable", min(names), len(figures), tuple(sorted(arts)),
                       details=(("Figures", str(len(figures))), ("Articles", str(len(arts))))))


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _date_id(iso: str | None, text: str | None) -> str:
    return VIZ_ID + "date/" + quote(iso if iso else "unresolved:" + (text or "?"), safe="")


def _add_dates(b: _Builder, layers: Layers) -> dict[str, str]:
    """One node per date value (mentions of "June 2018" in three articles meet); returns date IRI -> node id."""
    arts = {a.id: a.iri for a in layers.articles}
    by_node: dict[str, list] = defaultdict(list)
    for d, art, iso, text in layers.dates:
        by_node[_date_id(iso, text)].append((d, art, iso, text))
    for nid, rows in sorted(by_node.items()):
        iso, text = rows[0][2], rows[0][3]
        written = sorted({r[3] for r in rows if r[3]})
        details = (("Value", iso or "unresolved"), ("Written", "; ".join(written)), ("Mentions", str(len(rows))))
        b.node(VizNode(nid, "Date", iso or f"{text} (unresolved)", len(rows),
                       tuple(sorted({r[1] for r in rows if r[1]})), details=details))
        for art in sorted({r[1] for r in rows if r[1] in arts}):
            b.edge(nid, arts[art], MENTIONED_IN)
    date_node = {d: _date_id(iso, text) for d, _, iso, text in layers.dates}
    for c in layers.claims:
        for d in c.get("asof", ()):
            b.edge(c["iri"], date_node.get(d), AS_OF)
    return date_node


def _add_roles(b: _Builder, layers: Layers) -> None:
    for r in layers.roles:
        span = layers.spans.get(r["span"])
        ev = (Evidence(span[2], 0, len(span[2]), r["article"]),) if span else ()
        role = r["role"] or "member"
        if r["person"] in b.nodes:
            old = b.nodes[r["person"]]
            if ("Role", role) not in old.details:
                b.nodes[r["person"]] = replace(old, details=old.details + (("Role", role),))
        rel = MEMBER_OF if role.lower() in ("member", "members") else ROLE_AT
        b.edge(r["person"], r["org"], rel, "" if rel == MEMBER_OF else f"{role} at", (("Role", role),), ev)


def _add_events(b: _Builder, layers: Layers, date_node: dict[str, str]) -> None:
    arts = {a.id: a.iri for a in layers.articles}
    for e in layers.events:
        art = e["articles"][0] if e["articles"] else None
        ev = _evidence(layers.spans, e.get("sent"), e.get("span"), art)
        pred = str(e.get("rel") or e.get("pred") or "event")
        label = ("not " if e.get("neg") is True else "") + pred
        details = [("Predicate", str(e.get("pred") or "")), ("Negated", "yes" if e.get("neg") is True else "no")]
        if e.get("objText"):
            details.append(("Object", str(e["objText"])))
        b.node(VizNode(e["iri"], "EventMention", label, articles=tuple(e["articles"]), details=tuple(details),
                       evidence=(ev,) if ev else ()))
        b.edge(e.get("actor"), e["iri"], DID)
        b.edge(e["iri"], e.get("obj"), DONE_TO)
        b.edge(e["iri"], e.get("place"), WHERE)
        b.edge(e["iri"], date_node.get(e.get("time")), WHEN)
        for a in e["articles"]:
            b.edge(e["iri"], arts.get(a), REPORTED_BY)


def _event_date(e: dict, iso_of: dict[str, str | None]) -> tuple[str | None, str | None]:
    """(ISO value, tooltip text) of a story event: the date as written, else its interval; (None, None) undated."""
    begin, end = e.get("begin"), e.get("end")
    if begin is None:
        return None, None
    iso = iso_of.get(e.get("time")) or (begin if begin == end else f"{begin}/{end}")
    return iso, iso if begin == end == iso else f"{iso} ({begin}..{end})"


def _add_story_events(b: _Builder, layers: Layers, date_node: dict[str, str]) -> None:
    """One node per event across its reports, linked to its actor, object, date, articles and mentions."""
    labels = {iri: label for iri, _, label, _ in layers.entities}
    iso_of = {d: iso for d, _, iso, _ in layers.dates}
    by_id = {a.id: a for a in layers.articles}
    mentions = {m["iri"]: m for m in layers.events}
    for e in layers.story_events:
        iso, when = _event_date(e, iso_of)
        pred = str(e.get("pred") or "event")
        # its reports' sentences, in article order, the predicate marked
        reports = sorted((mentions[m] for m in e["reports"] if m in mentions),
                         key=lambda m: (m["articles"][:1], layers.spans.get(m.get("span"), (0,))[0], m["iri"]))
        evidence: dict[str, list[Evidence]] = defaultdict(list)
        for m in reports:
            art = m["articles"][0] if m["articles"] else None
            ev = _evidence(layers.spans, m.get("sent"), m.get("span"), art)
            if ev is not None and ev not in evidence[art]:
                evidence[art].append(ev)
        actor = e.get("actorText") or " / ".join(sorted(labels.get(a, a.rsplit("/", 1)[-1]) for a in e["actors"]))
        obj = e.get("objText") or " / ".join(sorted(labels.get(o, o.rsplit("/", 1)[-1]) for o in e["objects"]))
        details = [("Date", when or "not given"), ("Actor", actor or "unknown"), ("Predicate", pred)]
        if e.get("rel"):
            details.append(("Relation", str(e["rel"])))
        details.append(("Object", obj or "none"))
        details += [("Reported by", by_id[a].caption() if a in by_id else a) for a in e["articles"]]
        b.node(VizNode(e["iri"], "Event" if iso else "UndatedEvent", f"{pred} \u00b7 {iso}" if iso else pred,
                       len(e["articles"]), tuple(e["articles"]), details=tuple(details),
                       evidence=tuple(ev for a in sorted(evidence, key=str) for ev in evidence[a])))
        for a in sorted(e["actors"]):
            b.edge(a, e["iri"], DID)
        for o in sorted(e["objects"]):
            b.edge(e["iri"], o, DONE_TO)
        if iso:
            b.edge(e["iri"], date_node.get(e.get("time")) or _event_date_node(b, iso, e["articles"]), WHEN,
                   details=(("Date", when),))
        for a in e["articles"]:
            if a in by_id:
                b.edge(e["iri"], by_id[a].iri, REPORTED_BY, evidence=tuple(evidence.get(a, ())))
        for m in reports:
            b.edge(e["iri"], m["iri"], REPORTED_AS)


def _event_date_node(b: _Builder, iso: str, articles: tuple[str, ...]) -> str:
    """The node of an event's date value; made when no article wrote it (dated by the day of its reports)."""
    nid = _date_id(iso, None)
    b.node(VizNode(nid, "Date", iso, 0, tuple(articles),
                   details=(("Value", iso), ("Written", "not written: the day of the reports"))))
    return nid


def _add_disagreements(b: _Builder, layers: Layers) -> None:
    for x, y, reason in layers.disagreements:
        b.edge(x, y, DISAGREES, details=(("Reason", reason),) if reason else ())
        for one, other in ((x, y), (y, x)):  # the figure's own tooltip names what contradicts it
            if one in b.nodes and other in b.nodes:
                node = b.nodes[one]
                b.nodes[one] = replace(node, details=node.details + (("Disagrees with", b.nodes[other].label),))


# ---------------------------------------------------------------- selecting

def parse_types(types: Iterable[str] | str | None) -> tuple[str, ...]:
    """Node type names from user words ("people,figures", "Person"); QueryError on an unknown word."""
    if types is None:
        return DEFAULT_TYPES
    words = types.split(",") if isinstance(types, str) else list(types)
    lookup = {"org": "Organization", "orgs": "Organization", "claim": "Figure", "claims": "Figure",
              "undated": "UndatedEvent"}
    for t in NODE_TYPES:
        for w in (t.name, t.plural, t.name + "s", t.option, t.plural.replace(" ", "-")):
            lookup[w.lower()] = t.name
    out = []
    for w in (w.strip() for w in words):
        if not w:
            continue
        if w.lower() not in lookup:
            known = ", ".join(t.option for t in NODE_TYPES)
            raise QueryError(f"unknown node type {w!r}; choose from: {known}")
        if lookup[w.lower()] not in out:
            out.append(lookup[w.lower()])
    if not out:
        raise QueryError("no node types chosen; give at least one, e.g. --types people,figures")
    return tuple(sorted(out, key=lambda n: [t.name for t in NODE_TYPES].index(n)))


def select(nodes: tuple[VizNode, ...], edges: tuple[VizEdge, ...], articles: tuple[ArticleInfo, ...] = (), *,
           focus: str | None = None, depth: int = 2, max_nodes: int = 500, types=None,
           article: str | None = None) -> GraphData:
    """Keep the chosen types, one article, one neighbourhood, then at most ``max_nodes`` most connected nodes."""
    keep_types = set(parse_types(types))
    nodes = tuple(n for n in nodes if n.type in keep_types)
    if article is not None:
        art = _find_article(articles, article)
        nodes = tuple(n for n in nodes if art.id in n.articles or n.id == art.iri)
    ids = {n.id for n in nodes}
    edges = tuple(e for e in edges if e.source in ids and e.target in ids)
    focus_labels: tuple[str, ...] = ()
    if focus is not None:
        roots = _find_focus(nodes, focus)
        focus_labels = tuple(n.label for n in nodes if n.id in roots)
        ids = _neighbourhood(roots, edges, depth)
        nodes = tuple(n for n in nodes if n.id in ids)
        edges = tuple(e for e in edges if e.source in ids and e.target in ids)
    total_nodes, total_edges = len(nodes), len(edges)
    omitted: tuple = ()
    if max_nodes is not None and len(nodes) > max_nodes:
        nodes, edges, omitted = _most_connected(nodes, edges, max_nodes)
    return GraphData(nodes, edges, articles, total_nodes, total_edges, omitted, focus_labels,
                     depth if focus is not None else None)


def _find_article(articles: tuple[ArticleInfo, ...], key: str) -> ArticleInfo:
    for a in articles:
        if key in (a.id, a.iri) or (a.title and a.title.lower() == key.lower()):
            return a
    known = ", ".join(a.id for a in articles[:10]) or "none (the store has no articles)"
    raise QueryError(f"no article {key!r} in the store; give an article id, one of: {known}")


def _find_focus(nodes: tuple[VizNode, ...], name: str) -> set[str]:
    """Nodes named ``name`` (label or alias, any case); a unique partial match otherwise."""
    want = name.strip().lower()
    exact = {n.id for n in nodes if n.label.lower() == want or want in (a.lower() for a in n.aliases)}
    if exact:
        return exact
    partial = {n.id for n in nodes if n.type in ENTITY_TYPES and want in n.label.lower()}
    if len(partial) == 1:
        return partial
    names = sorted({n.label for n in nodes if n.type in ENTITY_TYPES})
    if partial:
        hint = "it matches several: " + ", ".join(sorted(n.label for n in nodes if n.id in partial)[:8])
    else:
        close = get_close_matches(name, names, n=5, cutoff=0.5)
        hint = ("did you mean: " + ", ".join(close)) if close else "check the spelling (names are as in the graph)"
    raise QueryError(f"--focus {name!r}: no node with that name in the graph; {hint}")


def _neighbourhood(roots: set[str], edges: tuple[VizEdge, ...], depth: int) -> set[str]:
    adj: dict[str, list[str]] = defaultdict(list)
    for e in edges:
        adj[e.source].append(e.target)
        adj[e.target].append(e.source)
    seen = set(roots)
    frontier = deque((r, 0) for r in sorted(roots))
    while frontier:
        node, d = frontier.popleft()
        if d >= depth:
            continue
        for nb in adj[node]:
            if nb not in seen:
                seen.add(nb)
                frontier.append((nb, d + 1))
    return seen


def _most_connected(nodes, edges, limit: int):
    degree = Counter()
    for e in edges:
        degree[e.source] += 1
        degree[e.target] += 1
    ranked = sorted(nodes, key=lambda n: (-degree[n.id], -n.mentions, n.id))
    kept = {n.id for n in ranked[:limit]}
    left = Counter(n.type for n in ranked[limit:])
    order = [t.name for t in NODE_TYPES]
    omitted = tuple(sorted(left.items(), key=lambda kv: order.index(kv[0])))
    return (tuple(n for n in nodes if n.id in kept),
            tuple(e for e in edges if e.source in kept and e.target in kept), omitted)


def graph_data(store, *, focus: str | None = None, depth: int = 2, max_nodes: int = 500, types=None,
               article: str | None = None) -> GraphData:
    """The graph to draw from a store: read, assemble, select."""
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    if max_nodes is not None and max_nodes < 1:
        raise QueryError(f"--max-nodes must be at least 1, not {max_nodes}")
    layers = read_layers(store)
    nodes, edges = assemble(layers)
    return select(nodes, edges, layers.articles, focus=focus, depth=depth, max_nodes=max_nodes, types=types,
                  article=article)


# ---------------------------------------------------------------- layout

def layout(graph: GraphData, *, iterations: int = 80, seed: int = 7) -> dict[str, tuple[int, int]]:
    """Deterministic positions: a force layout per connected component, components packed in rows.

    Computed here so the browser only draws (no physics), which keeps pages of thousands of nodes quick to
    settle. Fruchterman-Reingold in numpy: exact repulsion for small components, a particle-mesh (FFT)
    approximation for big ones, so a step costs O(n + edges) rather than O(n^2).
    """
    import networkx as nx
    import numpy as np

    index = {n.id: i for i, n in enumerate(graph.nodes)}
    g = nx.Graph()
    g.add_nodes_from(range(len(index)))
    g.add_edges_from((index[e.source], index[e.target]) for e in graph.edges)
    comps = sorted((sorted(c) for c in nx.connected_components(g)), key=lambda c: (-len(c), c[0]))
    placed = []
    for comp in comps:
        local = {node: i for i, node in enumerate(comp)}
        edges = np.array(sorted({(min(local[a], local[b]), max(local[a], local[b]))
                                 for a, b in g.edges(comp)}), dtype=np.int64).reshape(-1, 2)
        placed.append((comp, _force_layout(len(comp), edges, iterations, seed), _radius(len(comp))))
    # shelf packing: big components first, rows about as wide as the total area suggests
    width = math.sqrt(sum((2 * r) ** 2 for _, _, r in placed)) * 1.2
    pos: dict[str, tuple[int, int]] = {}
    x = y = row_h = 0.0
    for comp, xy, r in placed:
        if x > 0 and x + 2 * r > width:
            x, y, row_h = 0.0, y + row_h, 0.0
        for node, (px, py) in zip(comp, xy.tolist()):
            pos[graph.nodes[node].id] = (round(x + r + px * r), round(y + r + py * r))  # whole pixels: vis rounds too
        x += 2 * r
        row_h = max(row_h, 2 * r)
    return pos


def _radius(n: int) -> float:
    return 30.0 + 40.0 * math.sqrt(n)


def _force_layout(n: int, edges, iterations: int, seed: int):
    """Positions in [-1, 1]^2 of one connected component with ``n`` nodes (edges as index pairs)."""
    import numpy as np

    if n == 1:
        return np.zeros((1, 2))
    rng = np.random.default_rng(seed)
    pos = rng.random((n, 2)) * 2 - 1
    k = 2.0 / math.sqrt(n)  # ideal edge length in a 2 x 2 square
    temp = 0.2
    kernels = _mesh_kernels(_mesh_grid(n)) if n > 200 else None
    for step in range(iterations):
        disp = _repulsion_exact(pos, k) if kernels is None else _repulsion_mesh(pos, k, kernels)
        if len(edges):
            d = pos[edges[:, 0]] - pos[edges[:, 1]]
            f = d * (np.sqrt((d ** 2).sum(1)) / k)[:, None]
            np.add.at(disp, edges[:, 0], -f)
            np.add.at(disp, edges[:, 1], f)
        disp -= pos * (0.05 * n * k)  # weak gravity keeps leaves and hubs in one round picture
        length = np.sqrt((disp ** 2).sum(1)).clip(1e-9)[:, None]
        pos += disp / length * np.minimum(length, temp * (1 - step / iterations))
    pos -= pos.mean(0)
    return pos / (np.abs(pos).max() or 1.0)


def _repulsion_exact(pos, k):
    import numpy as np

    delta = pos[:, None, :] - pos[None, :, :]
    dist2 = (delta ** 2).sum(-1)
    np.fill_diagonal(dist2, np.inf)
    return (delta * (k * k / dist2.clip(1e-6))[:, :, None]).sum(1)


def _mesh_grid(n: int) -> int:
    return int(min(256, max(32, 2 * math.sqrt(n))))


def _mesh_kernels(grid: int):
    """Spectra of the force kernel d/|d|^2 for cells of size 1; a cell of size h divides the force by h."""
    import numpy as np

    off = np.fft.fftfreq(2 * grid, 1.0 / (2 * grid))  # cell offsets in FFT (wrapped) order
    dx, dy = np.meshgrid(off, off, indexing="ij")
    r2 = dx ** 2 + dy ** 2
    r2[0, 0] = np.inf
    return np.fft.rfft2(dx / r2), np.fft.rfft2(dy / r2)


def _repulsion_mesh(pos, k, kernels):
    """Repulsion k^2/d from every node, by counting nodes per grid cell and convolving with the force kernel."""
    import numpy as np

    grid = kernels[0].shape[0] // 2
    lo = pos.min(0)
    h = float((pos.max(0) - lo).max()) / grid + 1e-12
    cell = np.minimum(((pos - lo) / h).astype(np.int64), grid - 1)
    flat = cell[:, 0] * grid + cell[:, 1]
    counts = np.bincount(flat, minlength=grid * grid)
    spectrum = np.fft.rfft2(counts.reshape(grid, grid).astype(float), s=(2 * grid, 2 * grid))
    disp = np.stack([np.fft.irfft2(spectrum * kern, s=(2 * grid, 2 * grid))[:grid, :grid].ravel()[flat]
                     for kern in kernels], 1) * (k * k / h)
    # nodes sharing a cell: push each away from the cell's centre of mass
    count = counts[flat][:, None]
    mean = np.stack([np.bincount(flat, weights=pos[:, j], minlength=grid * grid)[flat] for j in (0, 1)], 1) / count
    d = pos - mean
    disp += d * ((count - 1) * k * k / ((d ** 2).sum(1, keepdims=True) + (0.1 * k) ** 2))
    return disp


# ---------------------------------------------------------------- rendering

TEMPLATE = Path(__file__).with_name("viz_page.html")
APP_JS = Path(__file__).with_name("viz_page.js")
PHYSICS_LIMIT = 300  # at most this many nodes: vis-network lays out with physics; above, positions come from here


MAX_LABEL = 60  # characters drawn on the canvas; longer labels are cut there (full in the tooltip and search)


def short_label(label: str) -> str | None:
    """The label as drawn when it is over MAX_LABEL characters (a 10k-character label shrank the drawing to a
    speck), or None when it fits."""
    return label[:MAX_LABEL - 1].rstrip() + "\u2026" if len(label) > MAX_LABEL else None


def page_data(graph: GraphData, positions: dict | None = None) -> dict:
    """The JSON the page reads: nodes and edges by index, tooltips as plain strings."""
    art_index = {a.id: i for i, a in enumerate(graph.articles)}
    node_index = {n.id: i for i, n in enumerate(graph.nodes)}
    type_index = {t.name: i for i, t in enumerate(NODE_TYPES)}

    def ev(items):
        return [[e.text, e.start, e.end, art_index.get(e.article, -1)] for e in items]

    nodes = []
    for n in graph.nodes:
        d = {"l": n.label, "t": type_index[n.type], "m": n.mentions, "a": [art_index[a] for a in n.articles
                                                                            if a in art_index]}
        if short_label(n.label):
            d["c"] = short_label(n.label)
        if n.aliases:
            d["s"] = list(n.aliases)
        if n.details:
            d["d"] = [list(x) for x in n.details]
        if n.evidence:
            d["e"] = ev(n.evidence)
        if positions and n.id in positions:
            d["x"], d["y"] = positions[n.id]
        nodes.append(d)
    edges = []
    for e in graph.edges:
        d = {"f": node_index[e.source], "t": node_index[e.target], "r": REL_INDEX[e.relation]}
        if e.label:
            d["l"] = e.label
            if short_label(e.label):
                d["c"] = short_label(e.label)
        if e.details:
            d["d"] = [list(x) for x in e.details]
        if e.evidence:
            d["e"] = ev(e.evidence)
        edges.append(d)
    order = [t.name for t in NODE_TYPES]
    return {
        "types": [{"name": t.name, "plural": t.plural, "color": t.color, "shape": t.shape, "size": t.size,
                   "grow": t.grow} for t in NODE_TYPES],
        "relations": [{"name": r.name, "color": r.color, "width": r.width, "dashes": r.dashes} for r in RELATIONS],
        "articles": [{"id": a.id, "title": a.title, "outlet": a.outlet, "date": a.date} for a in graph.articles],
        "nodes": nodes,
        "edges": edges,
        "positioned": bool(positions),
        "summary": {"nodes": len(graph.nodes), "edges": len(graph.edges), "total_nodes": graph.total_nodes,
                    "total_edges": graph.total_edges,
                    "omitted": [[TYPE_BY_NAME[t].plural, n] for t, n in sorted(graph.omitted,
                                                                            key=lambda kv: order.index(kv[0]))],
                    "focus": list(graph.focus), "depth": graph.depth},
    }


def json_for_html(data) -> str:
    """JSON safe inside an HTML <script> data block: no '<', '>' or '&' can close or open a tag."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return (text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _vis_assets() -> tuple[str, str]:
    """vis-network's JS and CSS as shipped inside pyvis (no network needed)."""
    import pyvis

    lib = Path(pyvis.__file__).parent / "templates" / "lib" / "vis-9.1.2"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if "</script" in js.lower() or "</style" in css.lower():  # would end the inline element early
        raise QueryError(f"the vis-network files in {lib} cannot be inlined (they contain a closing tag)")
    return js, css


def _csp_hash(script: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode() + "'"


def render_html(store=None, *, graph: GraphData | None = None, title: str = "newsgraph", **opts) -> str:
    """The page as a string: from ``store`` with the options of :func:`graph_data`, or from a ready ``graph``."""
    if graph is None:
        graph = graph_data(store, **opts)
    positions = layout(graph) if len(graph.nodes) > PHYSICS_LIMIT else None
    vis_js, vis_css = _vis_assets()
    app_js = APP_JS.read_text(encoding="utf-8")
    csp = (f"default-src 'none'; script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
           "style-src 'unsafe-inline'; img-src data:; font-src data:; connect-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    page = TEMPLATE.read_text(encoding="utf-8")
    parts = {"{{CSP}}": csp, "{{TITLE}}": _html_text(title), "{{VIS_CSS}}": vis_css, "{{VIS_JS}}": vis_js,
             "{{DATA}}": json_for_html(page_data(graph, positions)), "{{APP_JS}}": app_js}
    # one pass, so nothing substituted is scanned again for placeholders
    return re.sub(r"\{\{[A-Z_]+\}\}", lambda m: parts[m.group(0)], page)


def _html_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def write_html(store, output, **opts) -> str:
    """Write the page to ``output``; returns a summary such as "123 nodes, 456 edges"."""
    graph = graph_data(store, **opts)
    _write_text(output, render_html(graph=graph))
    return graph.summary()


def _write_text(output, text: str) -> None:
    """Write ``text`` whole or not at all (temp file, then rename): a full disk never leaves half a page."""
    from .files import atomic_write

    atomic_write(output, text)


# ---------------------------------------------------------------- networkx export

def to_networkx(graph: GraphData):
    """A networkx MultiDiGraph with plain string and number attributes (GraphML and GEXF accept them)."""
    import networkx as nx

    captions = {a.id: a.caption() for a in graph.articles}
    g = nx.MultiDiGraph()
    for n in graph.nodes:
        attrs = {"label": n.label, "type": n.type, "mentions": n.mentions, "articles": " ".join(n.articles)}
        if n.aliases:
            attrs["aliases"] = "; ".join(n.aliases)
        if n.evidence:
            e = n.evidence[0]
            attrs["sentence"] = e.text
            attrs["cited"] = e.text[e.start:e.end]
            attrs["source"] = captions.get(e.article, e.article or "")
        for k, v in n.details:
            attrs.setdefault(_attr_name(k), v)
        g.add_node(n.id, **attrs)
    for i, e in enumerate(graph.edges):
        attrs = {"relation": e.relation, "label": e.label or e.relation}
        for k, v in e.details:
            attrs.setdefault(_attr_name(k), v)
        g.add_edge(e.source, e.target, key=f"e{i}", **attrs)
    return g


def _attr_name(key: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


def write_network(store, output, fmt: str = "graphml", **opts) -> str:
    """Write GraphML or GEXF (for Gephi, Cytoscape); returns the summary like :func:`write_html`."""
    import networkx as nx

    if fmt not in ("graphml", "gexf"):
        raise QueryError(f"unknown graph format {fmt!r}; choose graphml or gexf")
    from .files import xml_safe

    graph = graph_data(store, **opts)
    g = to_networkx(graph)
    for _, data in [*g.nodes(data=True), *((None, d) for *_, d in g.edges(data=True))]:
        for k, v in data.items():
            if isinstance(v, str):
                data[k] = xml_safe(v)  # a serializer would write \x01 as &#1;, which XML forbids as well
    lines = nx.generate_graphml(g) if fmt == "graphml" else nx.generate_gexf(g)
    text = "<?xml version='1.0' encoding='utf-8'?>\n" + "\n".join(lines) + "\n"
    text = re.sub(r' lastmodifieddate="[^"]*"', "", text, count=1)  # GEXF dates its files: keep outputs stable
    _write_text(output, xml_safe(text))  # U+FFFE, U+FFFF and control characters would make it ill-formed
    return graph.summary()


def write(store, output, fmt: str = "html", **opts) -> str:
    """Write the graph in ``fmt`` (html, graphml or gexf)."""
    if fmt == "html":
        return write_html(store, output, **opts)
    return write_network(store, output, fmt, **opts)
