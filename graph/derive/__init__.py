"""The derive stage: the shared graphs (entities, claims, events), recomputed from the article graphs.

Every build path (a local build, a Dask build) ends with ``refresh(store, changes)``. ``changes`` says what
the build wrote, so that an incremental build redoes only what that can change:

- **entities** (``entities.py``): the entities the written articles mention, now or before;
- **claims** (``claims.py``): when a written article held or holds a figure, or an entity was renamed, stories
  are found again from an index of every claim-holding article, and the stories that changed are redone;
- **events** (``events.py``): the event groups the written articles' reports can join or leave.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..rdf import article_iri
from ..readback import entity_labels
from ..store import GraphStore
from ..vocab import NG, PREFIXES
from .claims import refresh_claims
from .entities import entity_count, entity_keys_of, refresh_entities, relink_surnames
from .events import refresh_events

__all__ = ["Changes", "before_writing", "entity_count", "refresh"]


@dataclass(frozen=True)
class Changes:
    """What a build wrote since the shared graphs were last derived."""

    articles: tuple[str, ...] | None  # ids of the articles written; None: recompute everything
    entities: frozenset[str] = frozenset()  # keys of the entities whose evidence changed
    figures: bool = True  # whether a written article held or holds a figure claim

    @classmethod
    def everything(cls) -> Changes:
        return cls(None)


def before_writing(store: GraphStore, article_ids: Iterable[str]) -> tuple[set[str], bool]:
    """What replacing these stored articles changes, read before they are replaced: the keys of the entities
    they mention, and whether any of them holds a figure claim."""
    ids = list(article_ids)
    figures = any(store.query("ASK { GRAPH <%s> { ?c a <%s> } }" % (article_iri(a).value, NG.FigureClaim)) for a in ids)
    return entity_keys_of(store, ids), figures


def refresh(store: GraphStore, changes: Changes) -> int:
    """Bring the shared graphs up to date after a build; returns the entity count."""
    relinked = relink_surnames(store)  # an earlier article's "Biden" joins a "Joe Biden" seen only now
    if changes.articles is None:
        count = refresh_entities(store)
        refresh_claims(store)
        refresh_events(store)
        return count
    touched = set(changes.entities) | relinked
    before = entity_labels(store, touched)
    count = refresh_entities(store, touched)
    # claims and events read entity names: what other articles say about a renamed entity is redone too
    after = entity_labels(store, touched)
    renamed = {PREFIXES["id"] + k for k in touched if k in relinked or before.get(k) != after.get(k)}
    if changes.figures or renamed:  # stories are found from the articles that hold claims, sources by name
        refresh_claims(store, changes.articles, renamed)
    refresh_events(store, list(changes.articles), renamed)
    return count
