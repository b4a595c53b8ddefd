"""The story's timeline: events in time order, read from the shared events graph (``graph/derive/events.py``)
through the named query ``ontology/queries/timeline.rq``."""

from __future__ import annotations

from dataclasses import dataclass

from pyoxigraph import Literal, Variable

from ..named_queries import named_query
from ..rdf import XSD_BOOLEAN
from ..store import GraphStore


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
        return {
            "date": self.date,
            "begin": self.begin,
            "end": self.end,
            "actor": self.actor,
            "predicate": self.predicate,
            "object": self.object,
            "relation": self.relation,
            "articles": list(self.articles),
            "event": self.event,
        }


def timeline(store: GraphStore, about: str | None = None, undated: bool = False) -> list[TimelineEvent]:
    """Events in time order; ``about`` keeps those whose actor, object or participants' names contain it.

    The text goes to the query as a bound parameter, never pasted into it.
    """
    subs = {Variable("undated"): Literal("true" if undated else "false", datatype=XSD_BOOLEAN)}
    if about:
        subs[Variable("about")] = Literal(about)
    rows = store.select(named_query("timeline"), substitutions=subs)
    return [
        TimelineEvent(
            event=r["event"],
            date=r["date"],
            begin=r["begin"],
            end=r["end"],
            actor=r["actor"],
            predicate=r["predicate"],
            object=r["object"],
            relation=r["relation"],
            articles=tuple(sorted(set(filter(None, (r["articles"] or "").split(", "))))),
        )
        for r in rows
    ]
