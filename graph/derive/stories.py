"""Stories: which articles report one event, found from the entities they share, never from being told.

Rare names weigh more than common ones (a name in every article says little); articles that share a name and give
the same tally of the same outcome ("3 killed") are one story; articles far apart in time never are.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date

STORY_MIN_SIMILARITY = 0.1  # weighted share of the smaller article's entities that two articles of one story share
STORY_PAIRS_PER_ENTITY = 50  # past this many articles, an entity pairs each article with its next 8 only
STORY_MAX_DAYS = 45  # articles further apart than this are not one story, whatever they share


class DisjointSets:
    """Union-find over hashable items, with deterministic representatives (the smallest item)."""

    def __init__(self, items: Iterable):
        self.parent = {x: x for x in items}

    def find(self, x):
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            lo, hi = sorted((ra, rb))
            self.parent[hi] = lo

    def groups(self) -> dict:
        out: dict = defaultdict(list)
        for x in sorted(self.parent):
            out[self.find(x)].append(x)
        return dict(out)


def stories(
    entities: dict[str, set[str]], dates: dict[str, date | None], tallies: dict[str, set[tuple]] | None = None
) -> dict[str, str]:
    """Article id -> the id of its story's first article: articles are one story when they share enough of
    their entities, rare ones weighing more (a name in every article says little), or share a name and give
    the same tally of the same outcome ("3 killed"), and are not far apart in time."""
    n = len(entities)
    df = Counter(e for es in entities.values() for e in es)
    weight = {e: math.log(1 + n / k) for e, k in df.items()}
    sets = DisjointSets(entities)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for art in sorted(entities):
        for e in entities[art]:
            by_entity[e].append(art)
    candidates: set[tuple[str, str]] = set()
    for arts in by_entity.values():  # an entity in many articles pairs each with its next few: linear, and
        window = len(arts) if len(arts) <= STORY_PAIRS_PER_ENTITY else 8  # links still chain through a story
        candidates.update((a, b) for i, a in enumerate(arts) for b in arts[i + 1 : i + 1 + window])
    total = {a: sum(weight[e] for e in es) for a, es in entities.items()}
    for a, b in sorted(candidates):
        da, db = dates.get(a), dates.get(b)
        if da and db and abs((da - db).days) > STORY_MAX_DAYS:
            continue
        shared = entities[a] & entities[b]
        if tallies and tallies.get(a, set()) & tallies.get(b, set()):
            sets.union(a, b)
            continue
        sim = sum(weight[e] for e in shared) / max(min(total[a], total[b]), 1e-9)
        if len(shared) < 2 and not (sim >= 0.5 and max(len(entities[a]), len(entities[b])) <= 3):
            continue  # one shared name links only short pieces that name little else
        if sim >= STORY_MIN_SIMILARITY:
            sets.union(a, b)
    return {a: root for root, members in sets.groups().items() for a in members}


def name_stories(story_of: dict[str, str], entities: dict[str, set[str]], labels: dict[str, str]) -> dict[str, str]:
    """A short name for each story: the entity most of its articles name, the rarer in the corpus the better."""
    members: dict[str, list[str]] = defaultdict(list)
    for art, story in story_of.items():
        members[story].append(art)
    df = Counter(e for es in entities.values() for e in es)
    out = {}
    for story, arts in members.items():
        inside = Counter(e for a in arts for e in entities.get(a, ()) if e in labels)
        if inside:
            best = min(inside, key=lambda e: (-inside[e], df[e], labels[e], e))
            out[story] = labels[best]
    return out
