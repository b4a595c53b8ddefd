"""One event across its reports, and the story's timeline.

Each article graph holds that article's event mentions (``ng:Event``). ``refresh_events`` reads them all
and groups the mentions that report the same event: same predicate class ("pull out" = "abandon"), same
or overlapping time (an undated report may join a dated event), and a shared participant (an entity, or
the head noun of the object: "negotiations"). Each group becomes one ``schema:Event`` in the shared
events graph, linked to every report (``ng:eventMention``) and article (``ng:mentionedIn``). Negated and
hypothetical mentions never join: they did not happen. ``timeline`` lists the events in time order
through the named query ``ontology/queries/timeline.rq``.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad, Variable

from .extract.events import predicate_class
from .query import named_query
from .rdf import A, ENTITIES_GRAPH, EVENTS_GRAPH, XSD_BOOLEAN, XSD_DATE, article_iri, iri
from .vocab import BASE, NG, SCHEMA, SKOS

RECENT_DAYS = 31  # how long after an event an article may report it without giving its date
_STOP = frozenset("the a an of and for to in on at by with from".split())


@dataclass(frozen=True, order=True)
class Report:
    """One article's asserted report of an event, as read back from its graph."""

    article: str
    start: int
    node: str  # IRI of the article's ng:Event
    predicate: str
    relation: str | None = None
    actor: str | None = None  # entity IRI
    actor_label: str | None = None
    actor_text: str | None = None
    object: str | None = None
    object_label: str | None = None
    object_text: str | None = None
    begin: date | None = None
    end: date | None = None
    time: str | None = None  # IRI of the date mention when the text gave the time
    published: date | None = None  # the article's date: nothing it reports as done happened after it
    participants: tuple[tuple[str, str], ...] = ()  # (entity IRI, label)

    @property
    def kind(self) -> str:
        return predicate_class(self.predicate)

    def keys(self) -> set[str]:
        """What identifies its participants: entity IRIs and, for a plain-noun object, its head noun."""
        return self._keys

    @cached_property  # grouping asks for these again and again: compute once per report
    def _keys(self) -> frozenset[str]:
        keys = {iri for iri, _ in self.participants} | {k for k in (self.actor, self.object) if k}
        if self.object is None and self.object_text:
            keys.add("head:" + head_key(self.object_text))
        if self.object is None and not self.object_text and self.actor is None and self.actor_text:
            keys.add("head:" + head_key(self.actor_text))  # "the talks have ended": the subject undergoes it
        return frozenset(keys)

    @property
    def has_object(self) -> bool:
        return bool(self.object or self.object_text)

    def side(self, which: str) -> tuple[str | None, set[frozenset[str]], str | None]:
        """(entity IRI, name word sets, head noun) of the actor or the object phrase."""
        return self._actor_side if which == "actor" else self._object_side

    @cached_property
    def _actor_side(self):
        return self._side("actor")

    @cached_property
    def _object_side(self):
        return self._side("object")

    def _side(self, which: str):
        entity, label, text = ((self.actor, self.actor_label, self.actor_text) if which == "actor"
                               else (self.object, self.object_label, self.object_text))
        names = {w for w in (name_words(x) for x in (label, text) if x) if w}
        return entity, names, head_key(text) if text and not entity else None

    def names(self) -> list[frozenset[str]]:
        return self._names

    @cached_property
    def _names(self) -> list[frozenset[str]]:
        labels = [label for _, label in self.participants] + [x for x in (self.actor_label, self.object_label) if x]
        return [w for w in (name_words(label) for label in labels) if w]


@dataclass
class Cluster:
    """Reports of one event, as they are being grouped."""

    kind: str
    reports: list[Report] = field(default_factory=list)
    begin: date | None = None
    end: date | None = None
    latest: date | None = None  # the earliest publication date of its reports: it happened by then

    def overlaps(self, r: Report) -> bool:
        if r.begin is not None and self.latest is not None and r.begin > self.latest:
            return False
        if self.begin is not None and r.published is not None and self.begin > r.published:
            return False
        if r.begin is None and r.published is not None and self.end is not None \
                and (r.published - self.end).days > RECENT_DAYS:
            return False  # an undated mention in a much later article is more likely another, recent event
        if self.begin is None or r.begin is None:
            return True
        return r.begin <= self.end and self.begin <= r.end

    def shared(self, r: Report) -> int:
        """How many of its reports ``r`` may be the same event as (0: none)."""
        if r.begin is not None:
            return sum(1 for m in self.reports if share_participant(m, r))
        if self.begin is not None:  # undated report, dated event: the same thing must be acted on
            return sum(1 for m in self.reports if same_side(m, r, "object" if r.has_object else "actor"))
        # two undated reports: same article, or the same actor doing it to the same object
        return sum(1 for m in self.reports if (m.article == r.article and share_participant(m, r))
                   or (same_side(m, r, "actor") and same_side(m, r, "object")))

    def add(self, r: Report) -> None:
        self.reports.append(r)
        if r.published is not None:
            self.latest = r.published if self.latest is None else min(self.latest, r.published)
        if r.begin is not None:  # keep the narrowest interval every dated report agrees on
            self.begin = r.begin if self.begin is None else max(self.begin, r.begin)
            self.end = r.end if self.end is None else min(self.end, r.end)


def head_key(text: str) -> str:
    """A plain noun phrase's head word, singular and lower-cased: "the negotiations" -> "negotiation"."""
    words = re.findall(r"[A-Za-z][\w-]*", text.lower())
    word = words[-1] if words else text.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_words(label: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", label.lower()) if w not in _STOP)


def share_participant(a: Report, b: Report) -> bool:
    """Same entity or head noun, or one name inside the other ("Biden" in "Biden administration")."""
    if a.keys() & b.keys():
        return True
    return any(x <= y or y <= x for x in a.names() for y in b.names())


def same_side(a: Report, b: Report, which: str) -> bool:
    """The same actor (or object): one entity, one head noun, or one name inside the other."""
    (ea, na, ha), (eb, nb, hb) = a.side(which), b.side(which)
    if (ea and ea == eb) or (ha and ha == hb):
        return True
    return any(x <= y or y <= x for x in na for y in nb)


def _tokens(r: Report) -> set[str]:
    """Every key two reports of one event must share one of (entity IRIs, head nouns, name words): the blocking
    keys that keep grouping near-linear instead of comparing each report with every event of its kind."""
    tokens = set(r.keys())
    for which in ("actor", "object"):
        entity, names, head = r.side(which)
        tokens.update(x for x in (entity, head and "head:" + head) if x)
        tokens.update(w for ws in names for w in ws)
    tokens.update(w for ws in r.names() for w in ws)
    return tokens


def group_reports(reports: list[Report]) -> list[Cluster]:
    """Group reports into events. Dated reports go first, so an undated one joins the dated event it shares
    most with instead of bridging two events of different times; an undated report needs the same object to
    join a dated event, and the same actor and object to join another undated one."""
    clusters: list[Cluster] = []
    index: dict[tuple[str, str], list[int]] = {}  # (kind, token) -> positions in clusters
    ordered = sorted(reports, key=lambda r: (r.begin is None, r.end is None, r.article, r.start))
    for r in ordered:
        tokens = _tokens(r)
        candidates = sorted({i for t in tokens for i in index.get((r.kind, t), ())})
        best, best_score = None, 0
        for i in candidates:  # creation order, so ties go to the earliest event as before
            c = clusters[i]
            if c.overlaps(r):
                score = c.shared(r)
                if score > best_score:
                    best, best_score = i, score
        if best is None:
            best = len(clusters)
            clusters.append(Cluster(r.kind))
        clusters[best].add(r)
        for t in tokens:
            slot = index.setdefault((r.kind, t), [])
            if not slot or slot[-1] != best:
                slot.append(best)
    return clusters


# ---- reading reports back from the article graphs
# One plain scan per property, joined here by node: a third of the time of one query with ten OPTIONALs.
_SCAN = "SELECT ?s ?o WHERE { GRAPH ?g { ?s %s ?o } FILTER(?g != <%s>) }"
_EVENT_PROPERTIES = {"predicate": "ng:predicate", "article": "ng:mentionedIn", "span": "prov:wasDerivedFrom",
                     "negated": "ng:negated", "modality": "ng:modality", "relation": "ng:relation",
                     "actor": "ng:actor", "actor_text": "ng:actorText", "object": "ng:object",
                     "object_text": "ng:objectText", "begin": "schema:startDate", "end": "schema:endDate",
                     "time": "ng:eventTime"}


def _scan(store, prop: str) -> dict[str, object]:
    """Subject IRI -> object term of ``prop`` in the article graphs (node IRIs are unique to their article)."""
    return {r[0].value: r[1] for r in store.query(_SCAN % (prop, EVENTS_GRAPH.value))}


def read_reports(store) -> list[Report]:
    """Every asserted event report (not negated, no modality, with an actor or an object) in the store."""
    labels = {r[0].value: r[1].value for r in store.query(
        "SELECT ?x ?label WHERE { GRAPH <%s> { ?x skos:prefLabel ?label } }" % ENTITIES_GRAPH.value)}
    parts: dict[str, set[tuple[str, str]]] = {}
    for r in store.query(_SCAN % ("ng:participant", EVENTS_GRAPH.value)):
        parts.setdefault(r[0].value, set()).add((r[1].value, labels.get(r[1].value, "")))
    events = [r[0].value for r in store.query(
        "SELECT ?s WHERE { GRAPH ?g { ?s a ng:Event } FILTER(?g != <%s>) }" % EVENTS_GRAPH.value)]
    f = {name: _scan(store, prop) for name, prop in _EVENT_PROPERTIES.items()}
    starts, docs, published = (_scan(store, p) for p in ("nif:beginIndex", "schema:identifier", "schema:datePublished"))
    value = lambda name, e: None if (term := f[name].get(e)) is None else term.value  # noqa: E731
    reports = set()
    for e in events:
        article, span = value("article", e), value("span", e)
        if (value("predicate", e) is None or article not in docs or span not in starts or e in f["modality"]
                or value("negated", e) != "false"):
            continue
        actor, actor_text, obj, object_text = (value(k, e) for k in ("actor", "actor_text", "object", "object_text"))
        if not (actor or actor_text or obj or object_text):
            continue
        dated = e in f["begin"] and e in f["end"]
        reports.add(Report(
            article=docs[article].value, start=int(starts[span].value), node=e, predicate=value("predicate", e),
            relation=value("relation", e), actor=actor, actor_label=labels.get(actor), actor_text=actor_text,
            object=obj, object_label=labels.get(obj), object_text=object_text,
            begin=_date(value("begin", e) if dated else None), end=_date(value("end", e) if dated else None),
            time=value("time", e), published=_date(published[article].value if article in published else None),
            participants=tuple(sorted(parts.get(e, ())))))
    return sorted(reports)


def _date(value) -> date | None:
    return date.fromisoformat(value) if value else None


# ---- writing the events graph
def event_iri(c: Cluster) -> NamedNode:
    """Minted from the event's first report (by article id and offset): stable while that report exists."""
    first = min(c.reports)
    return iri(f"{BASE}id/event/{hashlib.sha256(first.node.encode('utf-8')).hexdigest()[:16]}")


def _most_common(values) -> str | None:
    """The most frequent value; ties go to the one seen first (reports are in article order)."""
    values = [v for v in values if v]
    if not values:
        return None
    counts = Counter(values)
    return max(values, key=lambda v: (counts[v], -values.index(v)))


def _names(pairs) -> list[str]:
    """Distinct names by how many reports give them, then first appearance."""
    values = [v for v in pairs if v]
    counts = Counter(values)
    return sorted(dict.fromkeys(values), key=lambda v: (-counts[v], values.index(v)))


def cluster_quads(c: Cluster) -> list[Quad]:
    """One event of the shared events graph: its summary, its time and a link to each report."""
    g, node = EVENTS_GRAPH, event_iri(c)
    reports = sorted(c.reports)
    out = [Quad(node, A, iri(SCHEMA.Event), g)]

    def add(p, o) -> None:
        out.append(Quad(node, iri(p), o, g))

    predicate = _most_common(r.predicate for r in reports)
    add(NG.predicate, Literal(predicate))
    relation = _most_common(r.relation for r in reports)
    if relation:
        add(NG.relation, Literal(relation))
    # every outlet's actor, entities first: outlets name it differently ("Justice Department", "Biden administration")
    actors = _names(r.actor_label for r in reports) or _names(r.actor_text for r in reports)[:1]
    objects = _names(r.object_label for r in reports) or _names(r.object_text for r in reports)[:1]
    if actors:
        add(NG.actorText, Literal(" / ".join(actors)))
    if objects:
        add(NG.objectText, Literal(" / ".join(objects)))
    label = " ".join(x for x in (actors[0] if actors else None, predicate, objects[0] if objects else None) if x)
    add(SKOS.prefLabel, Literal(label))
    for entity in sorted({r.actor for r in reports if r.actor}):
        add(NG.actor, iri(entity))
    for entity in sorted({r.object for r in reports if r.object}):
        add(NG.object, iri(entity))
    for entity in sorted({p for r in reports for p, _ in r.participants}):
        add(NG.participant, iri(entity))
    if c.begin is not None:
        add(SCHEMA.startDate, Literal(c.begin.isoformat(), datatype=XSD_DATE))
        add(SCHEMA.endDate, Literal(c.end.isoformat(), datatype=XSD_DATE))
        # the date as written, from the most precise report that has one
        dated = [r for r in reports if r.time and r.begin is not None]
        if dated:
            best = min(dated, key=lambda r: (r.end - r.begin, r.article, r.start))
            add(NG.eventTime, iri(best.time))
    for r in reports:
        add(NG.eventMention, iri(r.node))
    for article in sorted({r.node.split("#", 1)[0] for r in reports}):
        add(NG.mentionedIn, iri(article))
    return out


def refresh_events(store, articles: Iterable[str] | None = None, entities: Iterable[str] | None = None) -> int:
    """Recompute the shared events graph from every article's event reports; returns how many events were
    (re)grouped.

    With ``articles`` (ids of the articles written since the last refresh) and ``entities`` (IRIs of the
    entities whose labels may have changed), only the events these can change are regrouped. Reports that
    share a blocking key form components, and a component's grouping depends on nothing outside it, so
    regrouping the components that hold a changed report (and the reports of every event that held one)
    gives the same graph as regrouping everything.
    """
    reports = read_reports(store)
    if articles is None:
        clusters = group_reports(reports)
        store.replace_graph(EVENTS_GRAPH, [q for c in clusters for q in cluster_quads(c)])
        return len(clusters)
    changed = {article_iri(a).value for a in articles}
    entities = set(entities or ())
    members = {r[0].value: r[1].value for r in store.query(
        "SELECT ?m ?e WHERE { GRAPH <%s> { ?e ng:eventMention ?m } }" % EVENTS_GRAPH.value)}
    events: dict[str, set[str]] = {}
    for node, event in members.items():
        events.setdefault(event, set()).add(node)
    component = components(reports)
    index = {r.node: i for i, r in enumerate(reports)}
    affected = {component[i] for i, r in enumerate(reports)
                if _article_of(r.node) in changed or entities & _entities_of(r)}
    stale = {event for node, event in members.items() if _article_of(node) in changed}
    while True:  # an event that held an affected report is regrouped, and so is every report it held
        grown = affected | {component[index[n]] for event in stale for n in events[event] if n in index}
        more = {members[r.node] for i, r in enumerate(reports) if component[i] in grown and r.node in members}
        if grown == affected and more <= stale:
            break
        affected, stale = grown, stale | more
    clusters = group_reports([r for i, r in enumerate(reports) if component[i] in affected])
    store.replace_subjects(EVENTS_GRAPH, [iri(e) for e in sorted(stale)], [q for c in clusters for q in cluster_quads(c)])
    return len(clusters)


def components(reports: list[Report]) -> list[int]:
    """For each report, its component: reports of one kind sharing a blocking key, transitively."""
    parent = list(range(len(reports)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[tuple[str, str], int] = {}
    for i, r in enumerate(reports):
        for token in _tokens(r):
            j = first.setdefault((r.kind, token), i)
            parent[root(i)] = root(j)
    return [root(i) for i in range(len(reports))]


def _article_of(node: str) -> str:
    return node.split("#", 1)[0]


def _entities_of(r: Report) -> set[str]:
    return {x for x in (r.actor, r.object) if x} | {p for p, _ in r.participants}


# ---- the timeline
@dataclass(frozen=True)
class TimelineEvent:
    """One row of the timeline."""

    event: str
    date: str | None  # ISO 8601 at the granularity the text gives: 2021-12-16, 2018-06, 2021
    begin: str | None
    end: str | None
    actor: str | None
    predicate: str
    object: str | None
    relation: str | None
    articles: tuple[str, ...]

    def as_dict(self) -> dict:
        return {"date": self.date, "begin": self.begin, "end": self.end, "actor": self.actor,
                "predicate": self.predicate, "object": self.object, "relation": self.relation,
                "articles": list(self.articles), "event": self.event}


def timeline(store, about: str | None = None, undated: bool = False) -> list[TimelineEvent]:
    """Events in time order; ``about`` keeps those whose actor, object or participants' names contain it.

    The text goes to the query as a bound parameter, never pasted into it.
    """
    subs = {Variable("undated"): Literal("true" if undated else "false", datatype=XSD_BOOLEAN)}
    if about:
        subs[Variable("about")] = Literal(about)
    rows = store.select(named_query("timeline"), substitutions=subs)
    return [TimelineEvent(event=r["event"], date=r["date"], begin=r["begin"], end=r["end"], actor=r["actor"],
                          predicate=r["predicate"], object=r["object"], relation=r["relation"],
                          articles=tuple(sorted(set(filter(None, (r["articles"] or "").split(", ")))))) for r in rows]



def timeline_table(events: list[TimelineEvent]) -> str:
    """The timeline as a plain-text table, one event a row."""
    from .query import table

    def cut(text: str | None, width: int = 48) -> str:
        text = (text or "").replace("\n", " ")
        return text if len(text) <= width else text[:width - 3] + "..."

    rows = [[e.date or "", f"{e.begin or ''}..{e.end or ''}" if e.begin != e.date or e.end != e.date else "",
             cut(e.actor), e.predicate + (f" [{e.relation}]" if e.relation else ""), cut(e.object),
             " ".join(e.articles)] for e in events]
    return table(["date", "interval", "actor", "predicate", "object", "articles"], rows)
