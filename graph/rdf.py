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

from .names import slug
from .records import DateMention, Entity, Extraction, Figure, Mention, Quote, Span
from .vocab import BASE, ENTITIES_GRAPH, ITSRDF, NG, NIF, ORG, PROV, RDF, SCHEMA, SKOS, TIME, WD, XSD


@lru_cache(maxsize=4096)
def _named(s: str) -> NamedNode:
    return NamedNode(s)


def iri(term) -> NamedNode:
    """A pyoxigraph NamedNode for an rdflib URIRef or a string; vocabulary terms recur, so they are cached."""
    return _named(str(term))


A = iri(RDF.type)
XSD_INTEGER, XSD_DECIMAL, XSD_DATE, XSD_BOOLEAN = (iri(XSD.integer), iri(XSD.decimal), iri(XSD.date), iri(XSD.boolean))
ENTITY_CLASS = {
    "Person": SCHEMA.Person,
    "Organization": SCHEMA.Organization,
    "Place": SCHEMA.Place,
    "Policy": NG.Policy,
}
SUBTYPE_CLASS = {
    "GovernmentOrganization": SCHEMA.GovernmentOrganization,
    "NewsMediaOrganization": SCHEMA.NewsMediaOrganization,
    "PoliticalParty": SCHEMA.PoliticalParty,
    "Country": SCHEMA.Country,
    "City": SCHEMA.City,
    "State": SCHEMA.State,
}
BOUND_NODE = {"exact": NG.exact, "lower": NG.lower, "upper": NG.upper, "approx": NG.approx}


class _Terms:
    """A namespace's terms as pyoxigraph NamedNodes, each made once: rdflib's attribute lookup checks the IRI on
    every access, which costs more than writing the quad."""

    def __init__(self, namespace):
        self._namespace = namespace

    def __getattr__(self, name: str) -> NamedNode:
        node = NamedNode(str(getattr(self._namespace, name)))  # NG stays closed: unknown terms raise
        setattr(self, name, node)
        return node


ng, nif, schema, skos, prov, org, itsrdf, owltime = (
    _Terms(ns) for ns in (NG, NIF, SCHEMA, SKOS, PROV, ORG, ITSRDF, TIME)
)
_ENTITY_CLASS = {k: iri(v) for k, v in ENTITY_CLASS.items()}
_SUBTYPE_CLASS = {k: iri(v) for k, v in SUBTYPE_CLASS.items()}
_BOUND_NODE = {k: iri(v) for k, v in BOUND_NODE.items()}


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
        self.quads.append(Quad(s, p, o, self.graph))

    def node(self, kind: str, span: Span) -> NamedNode:
        return NamedNode(f"{self.article.value}#{kind}-{span.start}-{span.end}")  # per article: not cached

    def span(self, span: Span, cls=None) -> NamedNode:
        node = NamedNode(f"{self.article.value}#char={span.start},{span.end}")
        if span not in self._spans:
            self._spans.add(span)
            self.add(node, A, nif.RFC5147String)
            self.add(node, nif.beginIndex, integer(span.start))
            self.add(node, nif.endIndex, integer(span.end))
            self.add(node, nif.anchorOf, Literal(span.text))
            self.add(node, nif.referenceContext, self.article)
        if cls is not None:
            self.add(node, A, cls)
        return node

    def entity(self, m: Mention | None) -> NamedNode | None:
        return None if m is None else entity_iri(self.keys.get(m) or "")

    # ---- layers
    def write_article(self) -> None:
        a, art = self.article, self.ex.article
        self.add(a, A, schema.NewsArticle)
        self.add(a, A, nif.Context)
        self.add(a, schema.identifier, Literal(art.id))
        self.add(a, nif.isString, Literal(art.text))
        self.add(a, nif.beginIndex, integer(0))
        self.add(a, nif.endIndex, integer(len(art.text)))
        self.add(a, ng.contentHash, Literal(content_hash(art.text)))
        if art.source:
            self.add(a, ng.sourceFile, Literal(art.source))
        if art.date:
            self.add(a, schema.datePublished, Literal(art.date.isoformat(), datatype=XSD_DATE))
        if art.title:
            self.add(a, schema.headline, Literal(art.title))
        if art.url:
            self.add(a, schema.url, Literal(art.url))
        if art.publisher:
            pub = entity_iri("org/" + slug(art.publisher))
            self.add(a, schema.publisher, pub)
            self.add(pub, A, schema.NewsMediaOrganization)
            self.add(pub, schema.name, Literal(art.publisher))

    def write_mentions(self) -> None:
        for m in self.ex.mentions:
            ent = self.entity(m)
            node = self.span(m.span, nif.Phrase)
            self.add(node, A, ng.Mention)
            self.add(node, itsrdf.taIdentRef, ent)
            self.add(node, skos.altLabel, Literal(m.name))
            # per-article evidence of the entity: its type and the name form used here
            self.add(ent, A, _ENTITY_CLASS[m.type])
            if m.subtype in SUBTYPE_CLASS:
                self.add(ent, A, _SUBTYPE_CLASS[m.subtype])
            self.add(ent, ng.entityType, Literal(m.type))
            self.add(ent, skos.altLabel, Literal(m.name))
            if m.wikidata:
                self.add(ent, schema.sameAs, iri(WD[m.wikidata]))

    def sentence(self, node: NamedNode, sentence: Span | None) -> None:
        if sentence is not None:
            self.add(node, ng.sentence, self.span(sentence, nif.Sentence))

    def write_date(self, d: DateMention) -> NamedNode:
        node = self.node("date", d.span)
        self.add(node, A, ng.DateMention)
        self.add(node, A, owltime.TemporalEntity)
        self.add(node, prov.wasDerivedFrom, self.span(d.span))
        self.add(node, schema.appearance, self.article)
        self.add(node, ng.granularity, Literal(d.granularity))
        if d.value:
            self.add(node, ng.isoValue, Literal(d.value))
        if d.begin:
            self.add(node, schema.startDate, Literal(d.begin.isoformat(), datatype=XSD_DATE))
        if d.end:
            self.add(node, schema.endDate, Literal(d.end.isoformat(), datatype=XSD_DATE))
        return node

    def claim(
        self, node: NamedNode, span: Span, sentence: Span | None, speaker: Mention | None, speaker_text: str | None
    ) -> None:
        self.add(node, A, schema.Claim)
        self.add(node, schema.appearance, self.article)
        self.add(node, prov.wasDerivedFrom, self.span(span))
        self.add(node, schema.text, Literal(span.text))
        self.sentence(node, sentence)
        if speaker is not None:
            self.add(node, prov.wasAttributedTo, self.entity(speaker))
        if speaker_text:
            self.add(node, ng.speakerText, Literal(speaker_text))
        if self.ex.article.date:
            self.add(node, schema.dateCreated, Literal(self.ex.article.date.isoformat(), datatype=XSD_DATE))

    def write_figure(self, f: Figure) -> None:
        node = self.node("figure", f.span)
        value = iri(node.value + "-value")
        self.add(node, A, ng.FigureClaim)
        self.claim(node, f.span, f.sentence, f.speaker, f.speaker_name)
        self.add(node, ng.quantity, value)
        if f.as_of is not None:
            self.add(node, ng.asOf, self.write_date(f.as_of))
        self.add(value, A, schema.QuantitativeValue)
        self.add(value, schema.value, number(f.value))
        self.add(value, ng.bound, _BOUND_NODE[f.bound])
        if f.min_value is not None:
            self.add(value, schema.minValue, number(f.min_value))
        if f.max_value is not None:
            self.add(value, schema.maxValue, number(f.max_value))
        if f.unit:
            self.add(value, schema.unitText, Literal(f.unit))
        if f.variable:
            var = variable_iri(f.variable)
            self.add(value, ng.measures, var)
            self.add(var, A, ng.MeasuredVariable)
            self.add(var, skos.prefLabel, Literal(f.variable))
        if f.measure_key:
            self.add(value, ng.measureKey, Literal(f.measure_key))
        for m in f.scope:
            if m in self.keys:
                self.add(node, ng.scope, self.entity(m))
        if f.scope_date is not None:
            self.add(node, ng.scopeDate, self.write_date(f.scope_date))

    def write_quote(self, q: Quote) -> None:
        node = self.node("quote", q.span)
        self.add(node, A, ng.QuoteClaim)
        self.add(node, A, schema.Quotation)
        self.claim(node, q.span, q.sentence, q.speaker, q.speaker_name)
        self.add(node, ng.quoteKind, Literal(q.kind))
        if q.verb:
            self.add(node, ng.reportingVerb, Literal(q.verb))
        if q.recipient is not None:
            self.add(node, ng.recipient, self.entity(q.recipient))

    def write_role(self, r) -> None:
        node = self.node("role", r.span)
        role = role_iri(r.role)
        self.add(node, A, org.Membership)
        self.add(node, org.member, self.entity(r.person))
        self.add(node, org.role, role)
        self.add(node, prov.wasDerivedFrom, self.span(r.span))
        self.add(role, A, org.Role)
        self.add(role, skos.prefLabel, Literal(r.role))
        if r.organization is not None:
            self.add(node, org.organization, self.entity(r.organization))

    def write_event(self, e) -> None:
        node = self.node("event", e.span)
        self.add(node, A, ng.Event)
        self.add(node, prov.wasDerivedFrom, self.span(e.span))
        self.add(node, ng.mentionedIn, self.article)
        self.add(node, ng.predicate, Literal(e.predicate))
        if e.relation:
            self.add(node, ng.relation, Literal(e.relation))
        if e.actor is not None:
            self.add(node, ng.actor, self.entity(e.actor))
        if e.object is not None:
            self.add(node, ng.object, self.entity(e.object))
        if e.object_text:
            self.add(node, ng.objectText, Literal(e.object_text))
        if e.place is not None:
            self.add(node, schema.location, self.entity(e.place))
        if e.actor_text:
            self.add(node, ng.actorText, Literal(e.actor_text))
        for m in e.participants:
            self.add(node, ng.participant, self.entity(m))
        if e.time is not None:
            self.add(node, ng.eventTime, self.write_date(e.time))
        # the interval it happened in, from its date expression or (tense) the day of the report
        begin, end = (e.time.begin, e.time.end) if e.time is not None else (e.reported_on, e.reported_on)
        if begin and end:
            self.add(node, schema.startDate, Literal(begin.isoformat(), datatype=XSD_DATE))
            self.add(node, schema.endDate, Literal(end.isoformat(), datatype=XSD_DATE))
        self.add(node, ng.negated, Literal("true" if e.negated else "false", datatype=XSD_BOOLEAN))
        if e.modality:
            self.add(node, ng.modality, Literal(e.modality))
        self.sentence(node, e.sentence)
        if not e.negated and not e.modality:  # only asserted reports join events
            from .extract.event_keys import group_key, predicate_class, text_keys  # opening a store loads no extractor

            kind = predicate_class(e.predicate)
            for key in sorted(text_keys(e.actor, e.actor_text, e.object, e.object_text)):
                self.add(node, ng.groupKey, Literal(group_key(kind, key)))


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
    g = NamedNode(ENTITIES_GRAPH)
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
