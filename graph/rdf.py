"""From extractions to RDF quads: one named graph per article, resolved entities in one shared graph.

IRIs are minted from content (article id, character offsets, entity keys): the same input always
gives the same quads, and re-writing an article replaces exactly its graph. No blank nodes.
Quads are pyoxigraph terms, so they bulk-load without a round trip through rdflib.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from urllib.parse import quote

from pyoxigraph import Literal, NamedNode, Quad

from .records import DateMention, Entity, Extraction, Figure, Mention, Quote, Span
from .resolve import slug
from .vocab import BASE, ITSRDF, NG, NIF, ORG, PROV, RDF, SCHEMA, SKOS, TIME, WD, XSD

ENTITIES_GRAPH = NamedNode(BASE + "graph/entities")
EVENTS_GRAPH = NamedNode(BASE + "graph/events")  # one node per event across its reports

@lru_cache(maxsize=4096)
def _named(s: str) -> NamedNode:
    return NamedNode(s)


def iri(term) -> NamedNode:
    """A pyoxigraph NamedNode for an rdflib URIRef or a string; vocabulary terms recur, so they are cached."""
    return _named(str(term))


A = iri(RDF.type)
XSD_INTEGER, XSD_DECIMAL, XSD_DATE, XSD_BOOLEAN = (iri(XSD.integer), iri(XSD.decimal), iri(XSD.date),
                                                   iri(XSD.boolean))
ENTITY_CLASS = {"Person": SCHEMA.Person, "Organization": SCHEMA.Organization, "Place": SCHEMA.Place,
                "Policy": NG.Policy}
SUBTYPE_CLASS = {"GovernmentOrganization": SCHEMA.GovernmentOrganization, "NewsMediaOrganization":
                 SCHEMA.NewsMediaOrganization, "PoliticalParty": SCHEMA.PoliticalParty, "Country": SCHEMA.Country,
                 "City": SCHEMA.City, "State": SCHEMA.State}
BOUND_NODE = {"exact": NG.exact, "lower": NG.lower, "upper": NG.upper, "approx": NG.approx}


def article_iri(article_id: str) -> NamedNode:
    return NamedNode(f"{BASE}id/article/{quote(article_id, safe='')}")


def entity_iri(key: str) -> NamedNode:
    return iri(f"{BASE}id/{key}")


def variable_iri(variable: str) -> NamedNode:
    return iri(f"{BASE}id/variable/{slug(variable)}")


def role_iri(role: str) -> NamedNode:
    return iri(f"{BASE}id/role/{slug(role)}")


def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def number(value: float) -> Literal:
    if float(value).is_integer() and abs(value) < 1e18:
        return Literal(str(int(value)), datatype=XSD_INTEGER)
    return Literal(repr(float(value)), datatype=XSD_DECIMAL)


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=XSD_INTEGER)


class _Writer:
    """Collects the quads of one article's graph."""

    def __init__(self, ex: Extraction, keys: dict[Mention, str]):
        self.ex, self.keys = ex, keys
        self.article = article_iri(ex.article.id)
        self.graph = self.article
        self.quads: list[Quad] = []
        self._spans: set[Span] = set()

    def add(self, s, p, o) -> None:
        self.quads.append(Quad(s, iri(p) if not isinstance(p, NamedNode) else p, o, self.graph))

    def node(self, kind: str, span: Span) -> NamedNode:
        return NamedNode(f"{self.article.value}#{kind}-{span.start}-{span.end}")  # per article: not cached

    def span(self, span: Span, cls=None) -> NamedNode:
        node = NamedNode(f"{self.article.value}#char={span.start},{span.end}")
        if span not in self._spans:
            self._spans.add(span)
            self.add(node, A, iri(NIF.RFC5147String))
            self.add(node, NIF.beginIndex, integer(span.start))
            self.add(node, NIF.endIndex, integer(span.end))
            self.add(node, NIF.anchorOf, Literal(span.text))
            self.add(node, NIF.referenceContext, self.article)
        if cls is not None:
            self.add(node, A, iri(cls))
        return node

    def entity(self, m: Mention | None) -> NamedNode | None:
        return None if m is None else entity_iri(self.keys.get(m) or "")

    # ---- layers
    def write_article(self) -> None:
        a, art = self.article, self.ex.article
        self.add(a, A, iri(SCHEMA.NewsArticle))
        self.add(a, A, iri(NIF.Context))
        self.add(a, SCHEMA.identifier, Literal(art.id))
        self.add(a, NIF.isString, Literal(art.text))
        self.add(a, NIF.beginIndex, integer(0))
        self.add(a, NIF.endIndex, integer(len(art.text)))
        self.add(a, NG.contentHash, Literal(content_hash(art.text)))
        if art.source:
            self.add(a, NG.sourceFile, Literal(art.source))
        if art.date:
            self.add(a, SCHEMA.datePublished, Literal(art.date.isoformat(), datatype=XSD_DATE))
        if art.title:
            self.add(a, SCHEMA.headline, Literal(art.title))
        if art.url:
            self.add(a, SCHEMA.url, Literal(art.url))
        if art.publisher:
            pub = entity_iri("org/" + slug(art.publisher))
            self.add(a, SCHEMA.publisher, pub)
            self.add(pub, A, iri(SCHEMA.NewsMediaOrganization))
            self.add(pub, SCHEMA.name, Literal(art.publisher))

    def write_mentions(self) -> None:
        for m in self.ex.mentions:
            ent = self.entity(m)
            node = self.span(m.span, NIF.Phrase)
            self.add(node, A, iri(NG.Mention))
            self.add(node, ITSRDF.taIdentRef, ent)
            self.add(node, SKOS.altLabel, Literal(m.name))
            # per-article evidence of the entity: its type and the name form used here
            self.add(ent, A, iri(ENTITY_CLASS[m.type]))
            if m.subtype in SUBTYPE_CLASS:
                self.add(ent, A, iri(SUBTYPE_CLASS[m.subtype]))
            self.add(ent, NG.entityType, Literal(m.type))
            self.add(ent, SKOS.altLabel, Literal(m.name))
            if m.wikidata:
                self.add(ent, SCHEMA.sameAs, iri(WD[m.wikidata]))

    def sentence(self, node: NamedNode, sentence: Span | None) -> None:
        if sentence is not None:
            self.add(node, NG.sentence, self.span(sentence, NIF.Sentence))

    def write_date(self, d: DateMention) -> NamedNode:
        node = self.node("date", d.span)
        self.add(node, A, iri(NG.DateMention))
        self.add(node, A, iri(TIME.TemporalEntity))
        self.add(node, PROV.wasDerivedFrom, self.span(d.span))
        self.add(node, SCHEMA.appearance, self.article)
        self.add(node, NG.granularity, Literal(d.granularity))
        if d.value:
            self.add(node, NG.isoValue, Literal(d.value))
        if d.begin:
            self.add(node, SCHEMA.startDate, Literal(d.begin.isoformat(), datatype=XSD_DATE))
        if d.end:
            self.add(node, SCHEMA.endDate, Literal(d.end.isoformat(), datatype=XSD_DATE))
        return node

    def claim(self, node: NamedNode, span: Span, sentence: Span | None, speaker: Mention | None,
              speaker_text: str | None) -> None:
        self.add(node, A, iri(SCHEMA.Claim))
        self.add(node, SCHEMA.appearance, self.article)
        self.add(node, PROV.wasDerivedFrom, self.span(span))
        self.add(node, SCHEMA.text, Literal(span.text))
        self.sentence(node, sentence)
        if speaker is not None:
            self.add(node, PROV.wasAttributedTo, self.entity(speaker))
        if speaker_text:
            self.add(node, NG.speakerText, Literal(speaker_text))
        if self.ex.article.date:
            self.add(node, SCHEMA.dateCreated, Literal(self.ex.article.date.isoformat(), datatype=XSD_DATE))

    def write_figure(self, f: Figure) -> None:
        node = self.node("figure", f.span)
        value = iri(node.value + "-value")
        self.add(node, A, iri(NG.FigureClaim))
        self.claim(node, f.span, f.sentence, f.speaker, f.speaker_name)
        self.add(node, NG.quantity, value)
        if f.as_of is not None:
            self.add(node, NG.asOf, self.write_date(f.as_of))
        self.add(value, A, iri(SCHEMA.QuantitativeValue))
        self.add(value, SCHEMA.value, number(f.value))
        self.add(value, NG.bound, iri(BOUND_NODE[f.bound]))
        if f.min_value is not None:
            self.add(value, SCHEMA.minValue, number(f.min_value))
        if f.max_value is not None:
            self.add(value, SCHEMA.maxValue, number(f.max_value))
        if f.unit:
            self.add(value, SCHEMA.unitText, Literal(f.unit))
        if f.variable:
            var = variable_iri(f.variable)
            self.add(value, NG.measures, var)
            self.add(var, A, iri(NG.MeasuredVariable))
            self.add(var, SKOS.prefLabel, Literal(f.variable))

    def write_quote(self, q: Quote) -> None:
        node = self.node("quote", q.span)
        self.add(node, A, iri(NG.QuoteClaim))
        self.add(node, A, iri(SCHEMA.Quotation))
        self.claim(node, q.span, q.sentence, q.speaker, q.speaker_name)
        self.add(node, NG.quoteKind, Literal(q.kind))
        if q.verb:
            self.add(node, NG.reportingVerb, Literal(q.verb))
        if q.recipient is not None:
            self.add(node, NG.recipient, self.entity(q.recipient))

    def write_role(self, r) -> None:
        node = self.node("role", r.span)
        role = role_iri(r.role)
        self.add(node, A, iri(ORG.Membership))
        self.add(node, ORG.member, self.entity(r.person))
        self.add(node, ORG.role, role)
        self.add(node, PROV.wasDerivedFrom, self.span(r.span))
        self.add(role, A, iri(ORG.Role))
        self.add(role, SKOS.prefLabel, Literal(r.role))
        if r.organization is not None:
            self.add(node, ORG.organization, self.entity(r.organization))

    def write_event(self, e) -> None:
        node = self.node("event", e.span)
        self.add(node, A, iri(NG.Event))
        self.add(node, PROV.wasDerivedFrom, self.span(e.span))
        self.add(node, NG.mentionedIn, self.article)
        self.add(node, NG.predicate, Literal(e.predicate))
        if e.relation:
            self.add(node, NG.relation, Literal(e.relation))
        if e.actor is not None:
            self.add(node, NG.actor, self.entity(e.actor))
        if e.object is not None:
            self.add(node, NG.object, self.entity(e.object))
        if e.object_text:
            self.add(node, NG.objectText, Literal(e.object_text))
        if e.place is not None:
            self.add(node, SCHEMA.location, self.entity(e.place))
        if e.actor_text:
            self.add(node, NG.actorText, Literal(e.actor_text))
        for m in e.participants:
            self.add(node, NG.participant, self.entity(m))
        if e.time is not None:
            self.add(node, NG.eventTime, self.write_date(e.time))
        # the interval it happened in, from its date expression or (tense) the day of the report
        begin, end = (e.time.begin, e.time.end) if e.time is not None else (e.reported_on, e.reported_on)
        if begin and end:
            self.add(node, SCHEMA.startDate, Literal(begin.isoformat(), datatype=XSD_DATE))
            self.add(node, SCHEMA.endDate, Literal(end.isoformat(), datatype=XSD_DATE))
        self.add(node, NG.negated, Literal("true" if e.negated else "false", datatype=XSD_BOOLEAN))
        if e.modality:
            self.add(node, NG.modality, Literal(e.modality))
        self.sentence(node, e.sentence)


def article_quads(ex: Extraction, keys: dict[Mention, str]) -> list[Quad]:
    """Every quad of one article's named graph (the graph IRI is the article IRI)."""
    w = _Writer(ex, keys)
    w.write_article()
    w.write_mentions()
    for d in ex.dates:
        w.write_date(d)
    for f in ex.figures:
        w.write_figure(f)
    for q in ex.quotes:
        w.write_quote(q)
    for r in ex.roles:
        w.write_role(r)
    for e in ex.events:
        w.write_event(e)
    return w.quads


def entity_quads(entities: list[Entity]) -> list[Quad]:
    """The shared entities graph: one node per resolved entity with its labels and type."""
    g = ENTITIES_GRAPH
    out = []
    for e in entities:
        s = entity_iri(e.key)
        out.append(Quad(s, A, iri(ENTITY_CLASS.get(e.type, SCHEMA.Thing)), g))
        if e.subtype in SUBTYPE_CLASS:
            out.append(Quad(s, A, iri(SUBTYPE_CLASS[e.subtype]), g))
        out.append(Quad(s, iri(NG.entityType), Literal(e.type), g))
        out.append(Quad(s, iri(SKOS.prefLabel), Literal(e.label), g))
        out.append(Quad(s, iri(SCHEMA.name), Literal(e.label), g))
        for alias in e.aliases:
            out.append(Quad(s, iri(SKOS.altLabel), Literal(alias), g))
        if e.wikidata:
            out.append(Quad(s, iri(SCHEMA.sameAs), iri(WD[e.wikidata]), g))
    return out
