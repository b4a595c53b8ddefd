"""The shared events graph: one event across its reports.

Each article graph holds that article's event mentions (``ng:Event``). ``refresh_events`` reads them all
and groups the mentions that report the same event: same predicate class ("pull out" = "abandon"), same
or overlapping time (an undated report may join a dated event), and a shared participant (an entity, or
the head noun of the object: "negotiations"). Each group becomes one ``schema:Event`` in the shared
events graph, linked to every report (``ng:eventMention``) and article (``ng:mentionedIn``). Negated and
hypothetical mentions never join: they did not happen. ``graph/outputs/timeline.py`` lists the events in
time order.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad

from ..extract.event_keys import group_key, name_words, text_keys
from ..rdf import XSD_DATE, A, article_iri, iri
from ..readback import entity_labels_by_iri, values_clause
from ..store import GraphStore
from ..vocab import BASE, EVENTS_GRAPH, NG, SCHEMA, SKOS
from .claims_index import articles_mentioning
from .event_reports import Report, read_reports
from .events_index import load_rows, reports_of, rows_of, save_rows

_EVENTS = NamedNode(EVENTS_GRAPH)

RECENT_DAYS = 31  # how long after an event an article may report it without giving its date


def _known(d: date | None) -> date:
    """A date read or set together with one already checked: a dated report's or event's other end."""
    assert d is not None, "a dated report or event has both ends"
    return d


def _node_iri(q: Quad) -> str:
    """The IRI of an article graph's event node (``rdf.py`` names every one by an IRI)."""
    assert isinstance(q.subject, NamedNode), f"event node is not an IRI: {q.subject}"
    return q.subject.value


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
        if (
            r.begin is None
            and r.published is not None
            and self.end is not None
            and (r.published - self.end).days > RECENT_DAYS
        ):
            return False  # an undated mention in a much later article is more likely another, recent event
        if self.begin is None or r.begin is None:
            return True
        return r.begin <= _known(self.end) and self.begin <= _known(r.end)

    def shared(self, r: Report) -> int:
        """How many of its reports ``r`` may be the same event as (0: none)."""
        if r.begin is not None:
            return sum(1 for m in self.reports if share_participant(m, r))
        if self.begin is not None:  # undated report, dated event: the same thing must be acted on
            return sum(1 for m in self.reports if same_side(m, r, "object" if r.has_object else "actor"))
        # two undated reports: same article, or the same actor doing it to the same object
        return sum(
            1
            for m in self.reports
            if (m.article == r.article and share_participant(m, r))
            or (same_side(m, r, "actor") and same_side(m, r, "object"))
        )

    def add(self, r: Report) -> None:
        self.reports.append(r)
        if r.published is not None:
            self.latest = r.published if self.latest is None else min(self.latest, r.published)
        if r.begin is not None:  # keep the narrowest interval every dated report agrees on
            self.begin = r.begin if self.begin is None else max(self.begin, r.begin)
            self.end = r.end if self.end is None else min(self.end, _known(r.end))


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
    return text_keys(r.actor, r.actor_text, r.object, r.object_text) | entity_keys(r)


def entity_keys(r: Report) -> set[str]:
    """The keys its entities give: their IRIs and the words of their names (which a later article may change)."""
    keys = {x for x in (r.actor, r.object) if x} | {p for p, _ in r.participants}
    for label in (r.actor_label, r.object_label, *(label for _, label in r.participants)):
        if label:
            keys.update(name_words(label))
    return keys


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
    g, node = _EVENTS, event_iri(c)
    reports = sorted(c.reports)
    out = [Quad(node, A, iri(SCHEMA.Event), g)]

    def add(p, o) -> None:
        out.append(Quad(node, iri(p), o, g))

    predicate = _most_common(r.predicate for r in reports)
    assert predicate is not None  # every report has a predicate (read_reports skips those without)
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
        add(SCHEMA.endDate, Literal(_known(c.end).isoformat(), datatype=XSD_DATE))
        # the date as written, from the most precise report that has one
        dated = [r for r in reports if r.time and r.begin is not None]
        if dated:
            best = min(dated, key=lambda r: (_known(r.end) - _known(r.begin), r.article, r.start))
            add(NG.eventTime, iri(best.time))
    for r in reports:
        add(NG.eventMention, iri(r.node))
    for article in sorted({r.node.split("#", 1)[0] for r in reports}):
        add(NG.mentionedIn, iri(article))
    return out


def refresh_events(
    store: GraphStore, articles: Iterable[str] | None = None, entities: Iterable[str] | None = None
) -> int:
    """Recompute the shared events graph from every article's event reports; returns how many events were
    (re)grouped.

    With ``articles`` (ids of the articles written since the last refresh) and ``entities`` (IRIs of the
    entities whose names changed), only the events these can change are regrouped, and only their reports are
    read. Reports of one kind that share a blocking key form components, and a component's grouping depends
    on nothing outside it, so regrouping the components that hold a changed report (and the reports of every
    event that held one) gives the same graph as regrouping everything.
    """
    labels = entity_labels_by_iri(store)
    if articles is None:
        reports = read_reports(store, None, labels)
        save_rows(store, rows_of(reports))
        clusters = group_reports(reports)
        store.replace_graph(_EVENTS, [q for c in clusters for q in cluster_quads(c)])
        return len(clusters)
    rows = load_rows(store)
    if rows is None:  # no index yet: one read of every report makes it
        rows = rows_of(read_reports(store, None, labels))
    written = set(articles) | articles_mentioning(store, entities or ())  # a relinked name rewrote those graphs
    for a in written:
        rows.pop(a, None)
    event = iri(NG.Event)
    nodes = {_node_iri(q) for a in written for q in store.quads_for(None, A, event, article_iri(a))}
    rows.update(rows_of(read_reports(store, nodes, labels)))
    save_rows(store, rows)
    every = reports_of(rows, labels, Report)
    reports, stale = _affected(store, [article_iri(a).value for a in articles], set(entities or ()), labels, every)
    clusters = group_reports(reports)
    store.replace_subjects(_EVENTS, [iri(e) for e in sorted(stale)], [q for c in clusters for q in cluster_quads(c)])
    return len(clusters)


def _affected(
    store, articles: list[str], entities: set[str], labels: dict[str, str], every: dict[str, Report]
) -> tuple[list[Report], set[str]]:
    """The reports to regroup (whole components) and the events of the events graph they replace.

    Starting from the reports of ``articles`` (IRIs), those naming ``entities`` and those of the events these
    articles fed, each report taken brings in every report of its kind that shares a key with it: by the
    ``ng:groupKey`` its text gave, by the entity it names, or by an entity whose name holds the word; and every
    report of an event that held one. ``every`` holds every asserted report by node."""
    named: dict[str, set[str]] = {}  # name word -> entities whose name has it
    for entity, label in labels.items():
        for word in name_words(label):
            named.setdefault(word, set()).add(entity)
    events = EVENTS_GRAPH
    event = iri(NG.Event)
    always = {_node_iri(q) for a in articles for q in store.quads_for(None, A, event, iri(a))}
    always |= {node for node, _ in _naming(store, entities)}
    stale = _nodes(
        store, "SELECT ?s WHERE { %s GRAPH <%s> { ?s ng:mentionedIn ?a } }" % (values_clause("?a", articles), events)
    )
    taken: dict[str, Report] = {}
    wanted: dict[str, set[str]] = {}  # report node -> kinds a key of which it was found by
    keys_done: set[tuple[str, str]] = set()
    events_done: set[str] = set()
    while True:
        fresh_events = stale - events_done
        events_done |= fresh_events
        if fresh_events:  # every report of an event that held a taken report is regrouped with it
            always |= _nodes(
                store,
                "SELECT ?s WHERE { %s GRAPH <%s> { ?e ng:eventMention ?s } }"
                % (values_clause("?e", fresh_events), events),
            )
        new = [
            r
            for n in sorted(always | wanted.keys())
            if n not in taken and (r := every.get(n)) is not None and (n in always or r.kind in wanted[n])
        ]
        if not new and not fresh_events:
            return sorted(taken.values()), stale
        keys: set[tuple[str, str]] = set()
        for r in new:
            taken[r.node] = r
            keys |= {(r.kind, k) for k in _tokens(r)}
        keys -= keys_done
        keys_done |= keys
        stale |= _nodes(
            store,
            "SELECT ?e WHERE { %s GRAPH <%s> { ?e ng:eventMention ?s } }"
            % (values_clause("?s", (r.node for r in new)), events),
        )
        for node, kind in reports_with_keys(store, keys, named):
            wanted.setdefault(node, set()).add(kind)


def _nodes(store, query: str) -> set[str]:
    return {r[0].value for r in store.query(query)}


def reports_with_keys(store, keys: set[tuple[str, str]], named: dict[str, set[str]]) -> list[tuple[str, str]]:
    """(report node, kind) for the reports that may hold one of ``keys`` (kind, key): by their text's group keys,
    and by their entities (the key itself, or the entities whose name holds the word)."""
    if not keys:
        return []
    found = []
    literals = " ".join(str(Literal(group_key(kind, key))) for kind, key in sorted(keys))
    for r in store.query("SELECT ?s ?k WHERE { VALUES ?k { %s } GRAPH ?g { ?s ng:groupKey ?k } }" % literals):
        found.append((r[0].value, r[1].value.split("\t", 1)[0]))
    by_entity: dict[str, set[str]] = {}
    for kind, key in keys:
        for entity in {key} if key.startswith(("http://", "https://")) else named.get(key, ()):
            by_entity.setdefault(entity, set()).add(kind)
    for node, entity in _naming(store, by_entity):
        found.extend((node, kind) for kind in by_entity[entity])
    return found


def _naming(store, entities: Iterable[str]) -> list[tuple[str, str]]:
    """(report node, entity) for the article graphs' reports that name one of ``entities`` (IRIs)."""
    entities = set(entities)
    if not entities:
        return []
    return [
        (r[0].value, r[1].value)
        for r in store.query(
            "SELECT ?s ?x WHERE { %s GRAPH ?g { ?s ng:actor|ng:object|ng:participant ?x } FILTER(?g != <%s>) }"
            % (values_clause("?x", entities), EVENTS_GRAPH)
        )
    ]
