"""Measured variables: within a story, the claims with one measure key and one scope measure the same thing.

The measure key ("count:killed", "money:stolen") is read from the sentence by ``graph/extract/measures.py``; the
scope is the places and the background date a claim's clause names, other than the story's own (its lede
places). Subsets ("two women" among "three people" killed) become their own variables, and stated conversions
("2m euros ($2.6m)") join the amount they convert.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace

from ..rdf import article_iri
from ..vocab import BASE
from .comparisons import Claim
from .stories import DisjointSets

MONEY_WHAT = {
    "stolen": "amount stolen",
    "loan": "amount lent",
    "cut": "cuts",
    "cost": "cost",
    "earnings": "earnings",
    "value": "value",
}
Scope = tuple[tuple[str, ...], str | None]  # the places a claim's clause names, and its background date
BARE_KEYS = {"count", "money", "percent", "duration", "quantity:angle", "age"}  # "age": unless whose is known
CONVERSION_GAP_RE = re.compile(
    r"^\s*[(\[;,/]?\s*(?:or|about|around|roughly|some|approximately|nearly|"
    r"an estimated|almost)?\s*$",
    re.I,
)


@dataclass(frozen=True)
class StoryVariable:
    """A measured variable of one story: its IRI, readable label, key and the articles of its story."""

    iri: str
    label: str
    key: str
    story: tuple[str, ...] = field(default=())  # IRIs of the articles its claims are in


def _noun(c: Claim) -> str:
    words = (c.unit or "").lower().split()
    return _lemma_noun(words[-1]) if words else ""


def count_class(c: Claim) -> str | None:
    return key_class(c.key)


def key_class(key: str) -> str | None:
    """The outcome class of a two-part count key ("count:killed" -> "killed"), else None."""
    parts = key.split(":")
    return parts[1] if parts[0] == "count" and len(parts) == 2 else None


def assign_variables(
    claims: list[Claim],
    story_of: dict[str, str],
    lede_places: dict[str, set[str]],
    labels: dict[str, str],
    story_names: dict[str, str] | None = None,
) -> tuple[list[Claim], list[StoryVariable]]:
    """Give every claim its story variable (see the module docstring); returns the claims and the variables.
    ``story_names`` (story -> a name) ends each variable's label, where a store holds several stories."""
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_story[story_of.get(c.article, c.article)].append(c)
    members: dict[str, set[str]] = defaultdict(set)
    for a, s in story_of.items():
        members[s].add(a)
    out: list[Claim] = []
    variables: list[StoryVariable] = []
    for story in sorted(by_story):
        group = sorted(by_story[story], key=lambda c: c.iri)
        arts = sorted({c.article for c in group} | members.get(story, set()))
        main = set().union(*(lede_places.get(a, set()) for a in arts)) if arts else set()
        index = _StoryIndex(group)
        base = {c.iri: _base_key(c, index) for c in group}
        scoped = {c.iri: _scope_signature(c, main) for c in group}
        # a background year alone splits a variable only when the story gives two such dates for it: one claim
        # "in 2018" among undated ones is more often the same count with its period said; a month names an event
        dated: dict[str, set] = defaultdict(set)
        for c in group:
            places, when = scoped[c.iri]
            if when and not places:
                dated[base[c.iri]].add(when)
        for c in group:
            places, when = scoped[c.iri]
            if when and not places and len(dated[base[c.iri]]) < 2 and re.fullmatch(r"\d{4}", when):
                scoped[c.iri] = (places, None)
        sets = DisjointSets(c.iri for c in group)
        first: dict[tuple[str, Scope] | tuple[str], str] = {}
        for c in group:
            k: tuple[str, Scope] | tuple[str] = (base[c.iri], scoped[c.iri])
            if base[c.iri] in BARE_KEYS and not (base[c.iri] == "age" and c.scope):
                k = (c.iri,)  # a number whose sentence says nothing of what it counts is compared with nothing
            if k in first:
                sets.union(first[k], c.iri)
            else:
                first[k] = c.iri
        _join_conversions(group, sets)
        members = sets.groups()
        by_iri = {c.iri: c for c in group}
        for root in sorted(members):
            mem = [by_iri[i] for i in members[root]]
            var = _variable(story, mem, scoped[root], labels, arts, (story_names or {}).get(story))
            variables.append(var)
            out.extend(replace(c, variable=var.iri) for c in mem)
    return sorted(out, key=lambda c: c.iri), variables


def _scope_signature(c: Claim, main: set[str]) -> Scope:
    if c.key.startswith("quantity") and not c.key.startswith("quantity:length"):
        places: tuple[str, ...] = ()  # where an earthquake hit is not a population: a magnitude is the event's own
    elif c.key == "age":
        places = tuple(sorted(c.scope))  # whose age
    else:
        places = tuple(sorted(p for p in c.scope if p not in main))
    when = None
    if c.scope_date:
        when = c.scope_date.lower()
        if c.published and re.fullmatch(r"\d{4}(?:-\d\d)?", when) and c.published.isoformat().startswith(when):
            when = None  # the month or year the article itself is in: this event, not an earlier one
    return places, when


class _StoryIndex:
    """What ``_base_key`` asks of the other claims of a story, indexed once (a story may hold thousands)."""

    def __init__(self, group: list[Claim]):
        self.largest: dict[tuple, list[tuple[float, str]]] = defaultdict(list)  # (article, class) -> (value, noun)
        self.classed_by_noun: dict[str, set[str]] = defaultdict(set)
        self.verbs_by_noun: dict[str, set[str]] = defaultdict(set)
        for o in group:
            cls = count_class(o)
            if cls:
                self.largest[(o.article, cls)].append((o.value, _noun(o)))
                self.classed_by_noun[_noun(o)].add(o.key)
            parts = o.key.split(":")
            if parts[0] == "count" and len(parts) == 3:
                self.verbs_by_noun[parts[1]].add(o.key)


def _base_key(c: Claim, index: _StoryIndex) -> str:
    """The measure key, with subsets and bare nouns sorted out against the other claims of the story."""
    cls = count_class(c)
    if cls is not None:
        bigger = any(v > c.value and noun != _noun(c) for v, noun in index.largest[(c.article, cls)])
        if bigger and _noun(c) not in ("people", "person", "", "dead", "victim") and c.bound == "exact":
            return f"{c.key}:{_noun(c)}"  # "two women" of "three people" killed: a subset, its own variable
        return c.key
    parts = c.key.split(":")
    if parts[0] == "count" and len(parts) >= 2:
        noun = parts[1]
        classed = index.classed_by_noun.get(_lemma_noun(noun), set())
        if len(classed) == 1:
            return next(iter(classed))  # "23 pirates" beside "23 pirates were captured"
        verbs = index.verbs_by_noun.get(noun, set())
        if len(parts) == 2 and len(verbs) == 1:
            return next(iter(verbs))
    return c.key


def _lemma_noun(noun: str) -> str:
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


def _join_conversions(group: list[Claim], sets: DisjointSets) -> None:
    """ "2m euros (£1.7m; $2.6m)": amounts stated as conversions of the one before measure the same thing."""
    by_sentence: dict[tuple, list[Claim]] = defaultdict(list)
    for c in group:
        if c.key.startswith("money") and c.sentence_start is not None:
            by_sentence[(c.article, c.sentence_start)].append(c)
    for (_, s0), cs in by_sentence.items():
        cs.sort(key=lambda c: c.start)
        for a, b in zip(cs, cs[1:], strict=False):
            gap = (a.sentence or "")[a.end - s0 : b.start - s0]
            if CONVERSION_GAP_RE.match(gap) and a.unit != b.unit:
                sets.union(a.iri, b.iri)


def _variable(
    story: str,
    members: list[Claim],
    scope: Scope,
    labels: dict[str, str],
    arts: list[str],
    story_name: str | None = None,
) -> StoryVariable:
    keys = Counter(c.key for c in members)
    key = sorted(keys, key=lambda k: (-keys[k], k))[0]
    places, when = scope
    digest = hashlib.sha256(f"{story}\t{key}\t{places}\t{when}\t{min(c.iri for c in members)}".encode()).hexdigest()[
        :16
    ]
    measures = Counter(c.measure for c in members if c.measure)
    what = sorted(measures, key=lambda m: (-measures[m], m))[0] if measures else key.replace(":", " ")
    kind, _, what_of = key.partition(":")
    if kind == "quantity":
        what = {"length": "distance", "angle": "angle"}.get(what_of, what_of or "quantity")
    elif kind == "duration" and what_of:
        what = f"duration of {what_of}"
    elif kind == "money" and what_of in MONEY_WHAT and not measures:
        what = MONEY_WHAT[what_of]
    elif kind == "age":
        what = "age" + (f" of {labels.get(places[0], '')}" if places else "")
        places = ()
    if key in BARE_KEYS and len(members) == 1 and key != "age":
        what = f"what '{members[0].text}' counts is not said"
    cls = count_class(members[0]) if all(c.key == members[0].key for c in members) else None
    if cls:
        what = f"people {cls}" if all(_noun(c) in ("people", "person", "") for c in members) else what
    where = ", ".join(labels.get(p, p.rsplit("/", 1)[-1]) for p in places)
    label = what + (f" in {where}" if where else "") + (f", {when}" if when else "")
    if story_name:
        label += f" ({story_name} story)"
    return StoryVariable(
        f"{BASE}id/variable/{digest}",
        label,
        key,
        tuple(sorted({article_iri(a).value for a in {c.article for c in members}})),
    )
