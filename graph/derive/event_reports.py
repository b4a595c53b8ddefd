"""One article's asserted report of an event (:class:`Report`), and reading every report back from the article
graphs; ``events.py`` groups them into the shared events graph."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import cast

from pyoxigraph import BlankNode, Literal, NamedNode

from ..extract.event_keys import head_key, head_keys, name_words, predicate_class
from ..readback import as_date, entity_labels_by_iri, pairs, scan, values_clause
from ..store import GraphStore
from ..vocab import EVENTS_GRAPH

Term = NamedNode | BlankNode | Literal  # an object the article graphs hold (no RDF-star triples)


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

    def keys(self) -> frozenset[str]:
        """What identifies its participants: entity IRIs and, for a plain-noun object, its head noun."""
        return self._keys

    @cached_property  # grouping asks for these again and again: compute once per report
    def _keys(self) -> frozenset[str]:
        keys = {iri for iri, _ in self.participants} | {k for k in (self.actor, self.object) if k}
        return frozenset(keys | head_keys(self.actor, self.actor_text, self.object, self.object_text))

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
        entity, label, text = (
            (self.actor, self.actor_label, self.actor_text)
            if which == "actor"
            else (self.object, self.object_label, self.object_text)
        )
        names = {w for w in (name_words(x) for x in (label, text) if x) if w}
        return entity, names, head_key(text) if text and not entity else None

    def names(self) -> list[frozenset[str]]:
        return self._names

    @cached_property
    def _names(self) -> list[frozenset[str]]:
        labels = [label for _, label in self.participants] + [x for x in (self.actor_label, self.object_label) if x]
        return [w for w in (name_words(label) for label in labels) if w]


# ---- reading reports back from the article graphs
_EVENT_PROPERTIES = {
    "predicate": "ng:predicate",
    "article": "ng:mentionedIn",
    "span": "prov:wasDerivedFrom",
    "negated": "ng:negated",
    "modality": "ng:modality",
    "relation": "ng:relation",
    "actor": "ng:actor",
    "actor_text": "ng:actorText",
    "object": "ng:object",
    "object_text": "ng:objectText",
    "begin": "schema:startDate",
    "end": "schema:endDate",
    "time": "ng:eventTime",
}


def _scan(store: GraphStore, prop: str, subjects: Iterable[str] | None = None) -> dict[str, Term]:
    # scan() types the object terms of its SELECT as object; they are pyoxigraph terms
    return cast(dict[str, Term], scan(store, prop, subjects, exclude_graph=EVENTS_GRAPH))


def read_reports(store, nodes: Iterable[str] | None = None, labels: dict[str, str] | None = None) -> list[Report]:
    """Every asserted event report (not negated, no modality, with an actor or an object) in the store, or
    those of ``nodes`` (event mention IRIs) only."""
    labels = entity_labels_by_iri(store) if labels is None else labels
    nodes = None if nodes is None else set(nodes)
    if nodes is not None and not nodes:
        return []
    parts: dict[str, set[tuple[str, str]]] = {}
    for node, entity in pairs(store, "ng:participant", nodes, exclude_graph=EVENTS_GRAPH):
        assert isinstance(entity, NamedNode), f"participant is not an IRI: {entity}"  # rdf.py links entity IRIs
        parts.setdefault(node, set()).add((entity.value, labels.get(entity.value, "")))
    events = [
        r[0].value
        for r in store.query(
            "SELECT ?s WHERE { %s GRAPH ?g { ?s a ng:Event } FILTER(?g != <%s>) }"
            % (values_clause("?s", nodes), EVENTS_GRAPH)
        )
    ]
    f = {name: _scan(store, prop, nodes) for name, prop in _EVENT_PROPERTIES.items()}
    spans = None if nodes is None else {t.value for t in f["span"].values()}
    articles = None if nodes is None else {t.value for t in f["article"].values()}
    starts = _scan(store, "nif:beginIndex", spans)
    docs, published = (_scan(store, p, articles) for p in ("schema:identifier", "schema:datePublished"))

    def value(name: str, e: str) -> str | None:
        term = f[name].get(e)
        return None if term is None else term.value

    reports = set()
    for e in events:
        article, span, predicate = value("article", e), value("span", e), value("predicate", e)
        if (
            predicate is None
            or article is None  # not in docs either
            or article not in docs
            or span is None
            or span not in starts
            or e in f["modality"]
            or value("negated", e) != "false"
        ):
            continue
        actor, actor_text, obj, object_text = (value(k, e) for k in ("actor", "actor_text", "object", "object_text"))
        if not (actor or actor_text or obj or object_text):
            continue
        dated = e in f["begin"] and e in f["end"]
        reports.add(
            Report(
                article=docs[article].value,
                start=int(starts[span].value),
                node=e,
                predicate=predicate,
                relation=value("relation", e),
                actor=actor,
                actor_label=labels.get(actor) if actor is not None else None,
                actor_text=actor_text,
                object=obj,
                object_label=labels.get(obj) if obj is not None else None,
                object_text=object_text,
                begin=as_date(value("begin", e) if dated else None),
                end=as_date(value("end", e) if dated else None),
                time=value("time", e),
                published=as_date(published[article].value if article in published else None),
                participants=tuple(sorted(parts.get(e, ()))),
            )
        )
    return sorted(reports)
