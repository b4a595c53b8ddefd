"""Claims across sources: find which figure claims measure the same variable, compare them as intervals,
and record agreement, disagreement or an update, with the reason, in one shared named graph.

Every claim stays in its article's graph untouched. The claims graph, recomputed at the end of a build,
holds three things:

- **stories**: articles that report one event, found from the entities they share (rare names weigh
  more than common ones), never from being told;
- **variables** (``ng:MeasuredVariable``, linked by ``ng:storyVariable``): within a story, the claims with
  one measure key ("count:killed", "money:stolen", read from the sentence by ``extract/measures.py``) and
  one scope (the places and the background date their clause names, other than the story's own), with
  subsets ("two women" among "three people" killed) and stated conversions ("2m euros ($2.6m)") sorted out;
- **comparisons** (``ng:Comparison``): every pair of claims of a variable, with ``ng:agreement`` and a reason;
- **own voice**: a claim the article states with no source is ``prov:wasAttributedTo`` the article itself.

Reading a comparison: a claim is an interval, from its bound and how it is written ("more than 5,600" is
(5600, inf), "about 5,500" 5,500 +/- 10 %, a round "5,500" 5,450-5,550, "5,512" a point). Overlapping
intervals ``agree``. Disjoint ones ``disagree``, unless the claims hold at different times (their as-of dates,
which default to the article's date) or one sentence states a change ("lowered to 97 from 115"): then the
later one ``updated`` the earlier. Amounts in different currencies or units are ``undetermined``: comparing
them needs a rate the text does not give.
"""
from __future__ import annotations

import hashlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from pyoxigraph import Literal, NamedNode, Quad, Variable

from .query import named_query, table, text_cell
from .rdf import A, article_iri, iri
from .store import GraphStore
from .vocab import BASE, NG, PREFIXES, PROV, SCHEMA, SKOS

CLAIMS_GRAPH = NamedNode(BASE + "graph/claims")
APPROX_WIDTH = 0.10  # "about 5,500" reads as 5,500 +/- 10 %
ROUNDING_CAP = 0.02  # a round figure ("5,500") is read to half its last place, at most 2 % either way
MAX_PAIRWISE = 50  # claims per variable compared pair by pair; larger groups compare by position
AGREEMENTS = ("agree", "disagree", "undetermined", "updated")
STORY_MIN_SIMILARITY = 0.1  # weighted share of the smaller article's entities that two articles of one story share
STORY_PAIRS_PER_ENTITY = 50  # past this many articles, an entity pairs each article with its next 8 only
STORY_MAX_DAYS = 45  # articles further apart than this are not one story, whatever they share
LEDE_CHARS = 400  # places named this early in an article are where its story happens
MONEY_WHAT = {"stolen": "amount stolen", "loan": "amount lent", "cut": "cuts", "cost": "cost", "earnings": "earnings",
              "value": "value"}
BARE_KEYS = {"count", "money", "percent", "duration", "quantity:angle", "age"}  # "age": unless whose is known
CHANGE_RE = re.compile(r"\b(?:from|to|up|down|after|before|revised|lowered|raised)\b", re.I)
CONVERSION_GAP_RE = re.compile(r"^\s*[(\[;,/]?\s*(?:or|about|around|roughly|some|approximately|nearly|"
                               r"an estimated|almost)?\s*$", re.I)


@dataclass(frozen=True, order=True)
class Claim:
    """One figure claim as read back from the store, with what the grouping needs."""

    variable: str  # the story variable's IRI once grouped; the measure key before
    iri: str
    value: float
    bound: str
    unit: str | None = None
    min_value: float | None = None
    max_value: float | None = None
    source: str | None = None  # the speaker's label, or the source as written, or the article's outlet
    article: str = ""  # article id
    text: str = ""  # the figure as written
    sentence: str | None = None
    as_of: str | None = None  # ISO value (or text) of the as-of date, else the article's date
    as_of_begin: date | None = None
    as_of_end: date | None = None
    key: str = ""  # measure key: "count:killed"
    measure: str | None = None  # the article's own description: "people killed"
    scope: tuple[str, ...] = ()  # entity IRIs
    scope_labels: tuple[str, ...] = ()
    scope_date: str | None = None
    start: int = 0
    end: int = 0
    sentence_start: int | None = None
    published: date | None = None
    own_voice: bool = False  # the article states it with no source: attributed to the article and its outlet


@dataclass(frozen=True, order=True)
class Comparison:
    """The result of comparing two claims on one variable."""

    variable: str
    first: Claim
    second: Claim
    agreement: str  # one of AGREEMENTS
    reason: str

    @property
    def iri(self) -> str:
        digest = hashlib.sha256(f"{self.first.iri} {self.second.iri}".encode()).hexdigest()[:20]
        return f"{BASE}id/comparison/{digest}"


@dataclass(frozen=True)
class StoryVariable:
    """A measured variable of one story: its IRI, readable label, key and the articles of its story."""

    iri: str
    label: str
    key: str
    story: tuple[str, ...] = field(default=())  # IRIs of the articles its claims are in


# ---------------------------------------------------------------- reading a claim as an interval

def _place_of_last_digit(text: str, value: float) -> float:
    """How a figure is rounded, from how it is written: "5,500" to hundreds, "2.6 million" to 0.1 million."""
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", text or "")
    if not digits:
        return 0.0
    raw = digits[0].replace(",", "")
    if "." in raw:
        return 0.0 if value == float(raw) else value / float(raw) * 10 ** -len(raw.split(".")[1])
    if float(raw) == 0:
        return 0.0
    scale = value / float(raw) if float(raw) else 1.0
    zeros = len(raw) - len(raw.rstrip("0"))
    if scale >= 1000:  # "2 million": written to the million
        return scale * 10 ** zeros
    return (10 ** zeros if zeros >= 2 else 0.0) * scale if scale >= 1 else 0.0


def interval(c: Claim) -> tuple[float, float]:
    """The claim's values as (low, high), infinite where the bound leaves it open, widened by its rounding."""
    v = c.value
    if c.min_value is not None and c.max_value is not None and c.bound not in ("approx",):
        return c.min_value, c.max_value
    if c.bound == "lower":
        return (c.min_value if c.min_value is not None else v), float("inf")
    if c.bound == "upper":
        return float("-inf"), (c.max_value if c.max_value is not None else v)
    if c.bound == "approx":
        return v - abs(v) * APPROX_WIDTH, v + abs(v) * APPROX_WIDTH
    half = min(_place_of_last_digit(c.text, v) / 2, abs(v) * ROUNDING_CAP)
    return v - half, v + half


def overlap(a: Claim, b: Claim) -> bool:
    (alo, ahi), (blo, bhi) = interval(a), interval(b)
    return max(alo, blo) <= min(ahi, bhi)


def different_times(a: Claim, b: Claim) -> bool:
    """Both claims say (or their articles' dates say) when they hold, and the times differ."""
    if a.as_of is None or b.as_of is None:
        return False
    if a.as_of_begin and a.as_of_end and b.as_of_begin and b.as_of_end:
        return a.as_of_end < b.as_of_begin or b.as_of_end < a.as_of_begin
    return a.as_of.lower() != b.as_of.lower()


def describe(c: Claim) -> str:
    """A claim in a reason: "'3,913 children' [Department of Homeland Security, as of June]"."""
    who = c.source or "unattributed"
    when = f", as of {c.as_of}" if c.as_of else ""
    return f"'{c.text}' [{who}{when}]"


def _currency(c: Claim) -> bool:
    return bool(c.unit) and c.key.startswith("money") and re.fullmatch(r"[A-Z]{3}", c.unit or "") is not None


def _states_a_change(a: Claim, b: Claim) -> bool:
    """One sentence gives both, as a change: "lowered to 97 from 115", "rose 5 % to 111"."""
    if a.article != b.article or a.sentence_start is None or a.sentence_start != b.sentence_start:
        return False
    first, second = sorted((a, b), key=lambda c: c.start)
    gap = (first.sentence or "")[first.end - first.sentence_start:second.start - first.sentence_start] \
        if first.sentence else ""
    return len(gap) < 40 and bool(CHANGE_RE.search(gap))


def compare(a: Claim, b: Claim) -> Comparison:
    """Compare two claims on one variable; the reason says why they agree, disagree or cannot be judged."""
    first, second = sorted((a, b), key=lambda c: c.iri)
    same_source = (a.source or "") == (b.source or "") and bool(a.source)
    sources = "same source" if same_source else "different sources"
    if _currency(a) and _currency(b) and a.unit != b.unit:
        return Comparison(a.variable, first, second, "undetermined",
                          f"different currencies ({first.unit} vs {second.unit}): comparing them needs an exchange "
                          f"rate the text does not give; {describe(first)} vs {describe(second)}")
    if a.key.startswith("quantity") and a.unit and b.unit and a.unit != b.unit:
        return Comparison(a.variable, first, second, "undetermined",
                          f"different units ({first.unit} vs {second.unit}); {describe(first)} vs {describe(second)}")
    if overlap(a, b):
        return Comparison(a.variable, first, second, "agree", f"intervals overlap; {sources}")
    earlier, later = sorted((a, b), key=lambda c: (c.as_of_begin or date.min, c.as_of or "", c.start))
    if _states_a_change(a, b):
        return Comparison(a.variable, first, second, "updated",
                          f"one sentence states a change: {describe(earlier)} then {describe(later)}")
    if different_times(a, b):
        what = "revised by the same source" if same_source else "a count reported at different times"
        return Comparison(a.variable, first, second, "updated",
                          f"{what}: {describe(earlier)} then {describe(later)}")
    return Comparison(a.variable, first, second, "disagree",
                      f"disjoint intervals: {describe(first)} vs {describe(second)}; {sources}")


def compare_all(claims: list[Claim]) -> list[Comparison]:
    """Pairs of claims on the same variable, compared.

    Small groups compare every pair. A large group (a figure repeated by many outlets) would make the graph
    quadratic, so its claims are first gathered into positions (same value, bound, unit, source and as-of
    date: they compare alike): claims of one position are chained, and one claim per position is compared
    with one of every other position (neighbours by value when even the positions are too many).
    """
    out = []
    for _, group in sorted(group_claims(claims).items()):
        out.extend(compare(a, b) for a, b in _pairs(group))
    return sorted(out, key=lambda c: (c.variable, c.first.iri, c.second.iri))


def group_claims(claims: list[Claim]) -> dict[str, list[Claim]]:
    """Claims by variable; claims without one are left alone (never compared, never dropped)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    for c in sorted(claims, key=lambda c: (c.variable or "", c.iri)):
        if c.variable:
            groups[c.variable].append(c)
    return dict(groups)


def _all_pairs(items: list) -> list[tuple]:
    return [(items[i], items[j]) for i in range(len(items)) for j in range(i + 1, len(items))]


def _pairs(group: list[Claim]) -> list[tuple[Claim, Claim]]:
    if len(group) <= MAX_PAIRWISE:
        return _all_pairs(group)
    positions: dict[tuple, list[Claim]] = defaultdict(list)
    for c in group:
        positions[(c.value, c.bound, c.unit, c.min_value, c.max_value, c.source, c.as_of, c.as_of_begin,
                   c.as_of_end)].append(c)
    pairs = []
    for members in positions.values():
        members.sort(key=lambda c: c.iri)
        pairs.extend(zip(members, members[1:]))
    reps = sorted((m[0] for m in positions.values()), key=lambda c: (c.value, c.iri))
    pairs.extend(_all_pairs(reps) if len(reps) <= MAX_PAIRWISE else zip(reps, reps[1:]))
    return pairs


# ---------------------------------------------------------------- stories

class _Sets:
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


def stories(entities: dict[str, set[str]], dates: dict[str, date | None],
            tallies: dict[str, set[tuple]] | None = None) -> dict[str, str]:
    """Article id -> the id of its story's first article: articles are one story when they share enough of
    their entities, rare ones weighing more (a name in every article says little), or share a name and give
    the same tally of the same outcome ("3 killed"), and are not far apart in time."""
    n = len(entities)
    df = Counter(e for es in entities.values() for e in es)
    weight = {e: math.log(1 + n / k) for e, k in df.items()}
    sets = _Sets(entities)
    by_entity: dict[str, list[str]] = defaultdict(list)
    for art in sorted(entities):
        for e in entities[art]:
            by_entity[e].append(art)
    candidates = set()
    for arts in by_entity.values():  # an entity in many articles pairs each with its next few: linear, and
        window = len(arts) if len(arts) <= STORY_PAIRS_PER_ENTITY else 8  # links still chain through a story
        candidates.update((a, b) for i, a in enumerate(arts) for b in arts[i + 1:i + 1 + window])
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


# ---------------------------------------------------------------- variables

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


def _noun(c: Claim) -> str:
    words = (c.unit or "").lower().split()
    return _lemma_noun(words[-1]) if words else ""


def _count_class(c: Claim) -> str | None:
    parts = c.key.split(":")
    return parts[1] if parts[0] == "count" and len(parts) == 2 else None


def assign_variables(claims: list[Claim], story_of: dict[str, str], lede_places: dict[str, set[str]],
                     labels: dict[str, str], story_names: dict[str, str] | None = None
                     ) -> tuple[list[Claim], list[StoryVariable]]:
    """Give every claim its story variable (see the module docstring); returns the claims and the variables.
    ``story_names`` (story -> a name) ends each variable's label, where a store holds several stories."""
    by_story: dict[str, list[Claim]] = defaultdict(list)
    for c in claims:
        by_story[story_of.get(c.article, c.article)].append(c)
    out, variables = [], []
    for story in sorted(by_story):
        group = sorted(by_story[story], key=lambda c: c.iri)
        arts = sorted({c.article for c in group} | {a for a, s in story_of.items() if s == story})
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
        sets = _Sets(c.iri for c in group)
        first: dict[tuple, str] = {}
        for c in group:
            k = (base[c.iri], scoped[c.iri])
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


def _scope_signature(c: Claim, main: set[str]) -> tuple:
    if c.key.startswith("quantity") and not c.key.startswith("quantity:length"):
        places: tuple = ()  # where an earthquake hit is not a population: a magnitude is the event's own
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
            cls = _count_class(o)
            if cls:
                self.largest[(o.article, cls)].append((o.value, _noun(o)))
                self.classed_by_noun[_noun(o)].add(o.key)
            parts = o.key.split(":")
            if parts[0] == "count" and len(parts) == 3:
                self.verbs_by_noun[parts[1]].add(o.key)


def _base_key(c: Claim, index: _StoryIndex) -> str:
    """The measure key, with subsets and bare nouns sorted out against the other claims of the story."""
    cls = _count_class(c)
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


def _join_conversions(group: list[Claim], sets: _Sets) -> None:
    """"2m euros (£1.7m; $2.6m)": amounts stated as conversions of the one before measure the same thing."""
    by_sentence: dict[tuple, list[Claim]] = defaultdict(list)
    for c in group:
        if c.key.startswith("money") and c.sentence_start is not None:
            by_sentence[(c.article, c.sentence_start)].append(c)
    for (_, s0), cs in by_sentence.items():
        cs.sort(key=lambda c: c.start)
        for a, b in zip(cs, cs[1:]):
            gap = (a.sentence or "")[a.end - s0:b.start - s0]
            if CONVERSION_GAP_RE.match(gap) and a.unit != b.unit:
                sets.union(a.iri, b.iri)


def _variable(story: str, members: list[Claim], scope: tuple, labels: dict[str, str], arts: list[str],
              story_name: str | None = None) -> StoryVariable:
    keys = Counter(c.key for c in members)
    key = sorted(keys, key=lambda k: (-keys[k], k))[0]
    places, when = scope
    digest = hashlib.sha256(f"{story}\t{key}\t{places}\t{when}\t{min(c.iri for c in members)}".encode()) \
        .hexdigest()[:16]
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
    cls = _count_class(members[0]) if all(c.key == members[0].key for c in members) else None
    if cls:
        what = f"people {cls}" if all(_noun(c) in ("people", "person", "") for c in members) else what
    where = ", ".join(labels.get(p, p.rsplit("/", 1)[-1]) for p in places)
    label = what + (f" in {where}" if where else "") + (f", {when}" if when else "")
    if story_name:
        label += f" ({story_name} story)"
    return StoryVariable(f"{BASE}id/variable/{digest}", label, key,
                         tuple(sorted({article_iri(a).value for a in {c.article for c in members}})))


# ---------------------------------------------------------------- the claims graph

def claims_graph_quads(claims: list[Claim], variables: list[StoryVariable], comparisons: list[Comparison]) -> list[Quad]:
    """The claims graph: variables, each claim's variable, one ng:Comparison per pair compared, and
    ng:disagreesWith both ways for disagreeing pairs."""
    g = CLAIMS_GRAPH
    out = []
    for v in variables:
        node = iri(v.iri)
        out += [Quad(node, A, iri(NG.MeasuredVariable), g), Quad(node, iri(SKOS.prefLabel), Literal(v.label), g),
                Quad(node, iri(NG.measureKey), Literal(v.key), g)]
        out += [Quad(node, iri(NG.story), iri(a), g) for a in v.story]
    for c in claims:
        out.append(Quad(iri(c.iri), iri(NG.storyVariable), iri(c.variable), g))
        if c.own_voice:  # stated by the article itself: attributed to it (and through it to its publisher)
            out.append(Quad(iri(c.iri), iri(PROV.wasAttributedTo), article_iri(c.article), g))
    for c in comparisons:
        node = iri(c.iri)
        out += [Quad(node, A, iri(NG.Comparison), g),
                Quad(node, iri(SCHEMA.about), iri(c.variable), g),
                Quad(node, iri(NG.comparedClaim), iri(c.first.iri), g),
                Quad(node, iri(NG.comparedClaim), iri(c.second.iri), g),
                Quad(node, iri(NG.agreement), Literal(c.agreement), g),
                Quad(node, iri(NG.reason), Literal(c.reason), g)]
        if c.agreement == "disagree":
            out += [Quad(iri(c.first.iri), iri(NG.disagreesWith), iri(c.second.iri), g),
                    Quad(iri(c.second.iri), iri(NG.disagreesWith), iri(c.first.iri), g)]
    return out


CLAIMS_INPUT = """
SELECT ?claim ?article ?value ?bound ?unit ?min ?max ?said ?who ?text ?key ?measure ?begin ?end ?sbegin ?sentence
       ?iso ?asText ?asOfBegin ?asOfEnd ?published ?publisher
WHERE {
  GRAPH ?g {
    ?claim a ng:FigureClaim ; ng:quantity ?q ; schema:appearance ?a ; schema:text ?text ; prov:wasDerivedFrom ?span .
    ?span nif:beginIndex ?begin ; nif:endIndex ?end .
    ?a schema:identifier ?article .
    ?q schema:value ?value ; ng:bound ?b .
    OPTIONAL { ?q ng:measureKey ?key }
    OPTIONAL { ?q ng:measures/skos:prefLabel ?measure }
    OPTIONAL { ?q schema:unitText ?unit }
    OPTIONAL { ?q schema:minValue ?min }
    OPTIONAL { ?q schema:maxValue ?max }
    OPTIONAL { ?claim ng:speakerText ?said }
    OPTIONAL { ?claim prov:wasAttributedTo ?who }
    OPTIONAL { ?claim ng:sentence ?s . ?s nif:beginIndex ?sbegin ; nif:anchorOf ?sentence }
    OPTIONAL { ?claim ng:asOf ?d . OPTIONAL { ?d ng:isoValue ?iso } OPTIONAL { ?d schema:startDate ?asOfBegin }
               OPTIONAL { ?d schema:endDate ?asOfEnd } OPTIONAL { ?d prov:wasDerivedFrom/nif:anchorOf ?asText } }
    OPTIONAL { ?a schema:datePublished ?published }
    OPTIONAL { ?a schema:publisher/schema:name ?publisher }
  }
  BIND(STRAFTER(STR(?b), "#") AS ?bound)
}
"""
SCOPE_INPUT = """
SELECT ?claim ?scope ?iso ?text WHERE { GRAPH ?g {
  { ?claim a ng:FigureClaim ; ng:scope ?scope }
  UNION { ?claim a ng:FigureClaim ; ng:scopeDate ?d . OPTIONAL { ?d ng:isoValue ?iso }
          ?d prov:wasDerivedFrom/nif:anchorOf ?text } } }
"""
ARTICLE_ENTITIES = """
SELECT ?article ?e ?type (MIN(?at) AS ?begin) WHERE { GRAPH ?g {
  ?g schema:identifier ?article . ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?at . ?e ng:entityType ?type } }
GROUP BY ?article ?e ?type
"""


def load_claims(store: GraphStore) -> tuple[list[Claim], dict[str, set[str]], dict[str, set[str]], dict]:
    """Every figure claim, with the entities of the articles that hold claims and the places of their ledes."""
    labels = {PREFIXES["id"] + key: label for key, label in store.labels().items()}
    scope: dict[str, list[str]] = defaultdict(list)
    scope_date: dict[str, str] = {}
    for r in store.select(SCOPE_INPUT):
        if r["scope"]:
            scope[r["claim"]].append(r["scope"])
        elif r["text"]:
            scope_date[r["claim"]] = r["iso"] or _month_or_year(r["text"])
    claims = {}
    for r in store.select(CLAIMS_INPUT):
        if r["claim"] in claims:
            continue  # one row per claim even if an optional part matched twice
        published = _date(r["published"])
        source = labels.get(r["who"]) if r["who"] else None
        source = source or r["said"]
        own = source is None
        if own:  # the article's own voice: attributed to the article and its outlet, never left empty
            source = f"the article {r['article']}" + (f" ({r['publisher']})" if r["publisher"] else "")
        as_of, begin, end = r["iso"] or r["asText"], _date(r["asOfBegin"]), _date(r["asOfEnd"])
        if as_of is None and published is not None:
            as_of, begin, end = published.isoformat(), published, published
        c = Claim(r["key"] or "", r["claim"], float(r["value"]), r["bound"] or "exact", r["unit"], _float(r["min"]),
                  _float(r["max"]), source, r["article"], r["text"], r["sentence"], as_of, begin, end,
                  r["key"] or "", r["measure"], tuple(sorted(set(scope.get(r["claim"], ())))), (),
                  scope_date.get(r["claim"]), int(r["begin"]), int(r["end"]),
                  int(r["sbegin"]) if r["sbegin"] is not None else None, published, own)
        claims[c.iri] = c
    arts = {c.article for c in claims.values()}
    entities: dict[str, set[str]] = defaultdict(set)
    ledes: dict[str, set[str]] = defaultdict(set)
    for r in store.select(ARTICLE_ENTITIES):
        if r["article"] not in arts:
            continue
        entities[r["article"]].add(r["e"])
        if r["type"] == "Place" and int(r["begin"]) < LEDE_CHARS:
            ledes[r["article"]].add(r["e"])
    for a in arts:
        entities.setdefault(a, set())
    return sorted(claims.values(), key=lambda c: c.iri), dict(entities), dict(ledes), labels


def refresh_claims(store: GraphStore, variables: Iterable[str] | None = None) -> int:
    """Recompute the claims graph from every article's figures; returns the number of disagreeing pairs.

    Stories and variables depend on every article, so the graph is recomputed whole (written as a diff);
    ``variables`` is accepted for callers that know what changed and is not needed."""
    claims, entities, ledes, labels = load_claims(store)
    dates = {c.article: c.published for c in claims}
    tallies: dict[str, set[tuple]] = defaultdict(set)
    for c in claims:
        if _count_class(c) and c.value >= 1:
            tallies[c.article].add((c.key, c.value))
    story_of = stories(entities, dates, tallies)
    names = name_stories(story_of, entities, labels) if len(set(story_of.values())) > 1 else None
    grouped, variables_ = assign_variables(claims, story_of, ledes, labels, names)
    comparisons = compare_all(grouped)
    store.replace_graph(CLAIMS_GRAPH, claims_graph_quads(grouped, variables_, comparisons))
    return sum(c.agreement == "disagree" for c in comparisons)


def _month_or_year(text: str) -> str:
    m = re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:1[89]|20)\d\d\b"
                  r"|\b(?:spring|summer|autumn|fall|winter)\b", text, re.I)
    return m[0].lower()[:3] if m else text.lower()


def _float(x) -> float | None:
    return None if x is None else float(x)


def _date(x) -> date | None:
    try:
        return None if x is None else date.fromisoformat(str(x)[:10])
    except ValueError:
        return None


# ---------------------------------------------------------------- reading for people (the CLI)

def claim_rows(store: GraphStore, about: str | None = None) -> list[dict]:
    """Each figure claim: variable, value, bound, unit, source, article, date and sentence (named query
    ``claims``). ``about`` keeps the claims whose variable, text or sentence contains it (a bound parameter)."""
    subs = {Variable("about"): Literal(about)} if about else None
    rows = store.select(named_query("claims"), subs)
    for r in rows:
        r.pop("about", None)
        r["sentence"] = (r.get("sentence") or "").strip() or None
    return rows


def conflict_groups(store: GraphStore) -> list[dict]:
    """The variables whose claims differ (named query ``conflicts``): for each, every pair that does not
    agree (which claim differs from which, how, and why) and the claims taking part, each with its source,
    article and sentence."""
    rows = store.select(named_query("conflicts"))
    groups: dict[str, dict] = {}
    pairs: dict[tuple[str, str], dict] = {}
    for r in rows:
        g = groups.setdefault(r["variable"], {"variable": r["variable"], "claims": {}, "differences": {}})
        claim = g["claims"].setdefault(r["claim"], {
            "claim": r["claim"], "value": r["value"], "bound": r["bound"], "unit": r["unit"], "source": r["source"],
            "article": r["article"], "text": r["text"], "as_of": r["asOf"], "sentence": (r["sentence"] or "").strip()})
        d = g["differences"].setdefault(r["comparison"], {"agreement": r["agreement"], "reason": r["reason"],
                                                          "claims": []})
        if claim["claim"] not in d["claims"]:
            d["claims"].append(claim["claim"])
        pairs[(r["variable"], r["comparison"])] = d
    out = []
    for var in sorted(groups):
        g = groups[var]
        claims = sorted(g["claims"].values(), key=lambda c: (c["article"], c["text"], c["claim"]))
        order = {c["claim"]: i for i, c in enumerate(claims)}
        diffs = []
        for d in g["differences"].values():
            first, second = sorted(d["claims"], key=order.__getitem__)[:2] if len(d["claims"]) > 1 \
                else (d["claims"][0], d["claims"][0])
            diffs.append({"agreement": d["agreement"], "reason": d["reason"], "first": first, "second": second})
        diffs.sort(key=lambda d: (order[d["first"]], order[d["second"]], d["agreement"]))
        out.append({"variable": var, "differences": diffs, "claims": claims})
    return out


def conflicts_table(groups: list[dict]) -> str:
    """Each variable, its claims numbered, then each difference: which claims, how they differ and why."""
    out = []
    for g in groups:
        out.append(f"{g['variable']}:")
        number = {c["claim"]: i for i, c in enumerate(g["claims"], 1)}
        out.append(table(["#", "value", "bound", "source", "article", "as of", "text"],
                         [[str(number[c["claim"]]), text_cell(c["value"]), c["bound"] or "", text_cell(c["source"]),
                           c["article"], c["as_of"] or "", c["text"]] for c in g["claims"]]).rstrip("\n"))
        for d in g["differences"]:
            out.append(f"  #{number[d['first']]} vs #{number[d['second']]}: {d['agreement']}: {d['reason']}")
        for c in g["claims"]:
            if c["sentence"]:
                out.append(f"  #{number[c['claim']]} {c['article']}: {text_cell(c['sentence'], 160)}")
        out.append("")
    return "\n".join(out) if out else "no conflicts\n"


def claims_table(rows: list[dict]) -> str:
    cols = ["variable", "value", "bound", "unit", "source", "article", "date", "text"]
    return table(cols, [[text_cell(r.get(c)) for c in cols] for r in rows])
