"""Dropping articles from a store: ``newsgraph remove ID...`` and ``build --prune``.

An article is its named graph, so dropping one drops that graph; the shared graphs (entities, claims, events)
are then refreshed only where the dropped articles reached, exactly as a build refreshes them after writing.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .derive import Changes, before_writing, refresh
from .errors import NewsgraphError
from .store import GraphStore
from .vocab import NG

LIST_IDS = 'newsgraph query "SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }"'
_SOURCES = (
    "SELECT ?id ?source WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id ; <%s> ?source } }"
    % NG.sourceFile
)


def remove(store: GraphStore, ids: Iterable[str]) -> int:
    """Drop the articles ``ids`` and refresh the shared graphs; returns the entity count after. An id that is
    not in the store raises before anything is dropped."""
    ids = list(dict.fromkeys(ids))
    stored = store.article_hashes()
    unknown = [i for i in ids if i not in stored]
    if unknown:
        where = f" at {store.path}" if store.path else ""
        raise NewsgraphError(
            f"no article {', '.join(map(repr, unknown))} in the store{where} (list the ids with: {LIST_IDS})"
        )
    interrupted = store.begin_build()
    entities, figures = drop(store, ids)
    incremental = not interrupted and store.has_event_index()
    count = refresh(store, Changes(tuple(ids), frozenset(entities), figures) if incremental else Changes.everything())
    store.end_build()
    return count


def drop(store: GraphStore, ids: list[str]) -> tuple[set[str], bool]:
    """Drop these articles' graphs; returns what a refresh needs to know: the keys of the entities they
    mentioned and whether any held a figure claim."""
    entities, figures = before_writing(store, ids)
    for i in ids:
        store.remove_article(i)
    store.flush()
    return entities, figures


def gone(store: GraphStore, paths: Iterable[str | Path], seen: Iterable[str]) -> list[str]:
    """Ids of the stored articles read from a file under ``paths`` that no longer exists (and not read by
    this build, ``seen``): what ``build --prune`` drops. An article of a file that is still there is kept."""
    roots = [Path(p).resolve() for p in paths if Path(p).exists()]  # a mistyped input prunes nothing
    seen = set(seen)
    out = []
    for r in store.select(_SOURCES):
        if r["id"] in seen:
            continue
        path = _source_path(str(r["source"]))
        if path.exists():
            continue
        resolved = path.resolve()
        if any(resolved == root or root in resolved.parents for root in roots):
            out.append(str(r["id"]))
    return sorted(set(out))


def _source_path(source: str) -> Path:
    """The file of a source: "folder/a.txt", or "feed.jsonl:12" (line 12 of a JSON Lines file)."""
    m = re.fullmatch(r"(.+):(\d+)", source)
    if m and not Path(source).exists():
        return Path(m[1])
    return Path(source)
