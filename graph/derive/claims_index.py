"""What the claims graph was derived from, kept beside the store so that a build re-reads only what it wrote.

For every article that holds figure claims the index keeps the rows its graph gave (the claims, their scopes,
the entities it names and the places of its lede) and the story it was put in, with each story's name. An
incremental refresh reads only the written articles' graphs, recomputes stories from the index (cheap: plain
Python over a few sets per article) and redoes the variables and comparisons of the stories that changed.

It lives in ``newsgraph.claims.json`` in the store folder (in memory for an in-memory store). A missing or
unreadable index, or one of another version, makes the next refresh recompute the claims graph in full.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import unquote

from pyoxigraph import NamedNode

from ..rdf import article_iri
from ..store import GraphStore

INDEX_FILE = "newsgraph.claims.json"
VERSION = 1
READ_ONE_BY_ONE = 64  # articles to read graph by graph; more are read in one scan of every graph
LEDE_CHARS = 400  # places named this early in an article are where its story happens

CLAIMS_INPUT = """
SELECT ?claim ?article ?value ?bound ?unit ?min ?max ?said ?who ?text ?key ?measure ?begin ?end ?sbegin ?sentence
       ?iso ?asText ?asOfBegin ?asOfEnd ?published ?publisher
WHERE {
  GRAPH %(g)s {
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
SELECT ?claim ?scope ?iso ?text WHERE { GRAPH %(g)s {
  { ?claim a ng:FigureClaim ; ng:scope ?scope }
  UNION { ?claim a ng:FigureClaim ; ng:scopeDate ?d . OPTIONAL { ?d ng:isoValue ?iso }
          ?d prov:wasDerivedFrom/nif:anchorOf ?text } } }
"""
ARTICLE_ENTITIES = """
SELECT ?article ?e ?type (MIN(?at) AS ?begin) WHERE { GRAPH %(g)s {
  %(g)s schema:identifier ?article . ?m itsrdf:taIdentRef ?e ; nif:beginIndex ?at . ?e ng:entityType ?type } }
GROUP BY ?article ?e ?type
"""


@dataclass
class ArticleClaims:
    """What one article's graph gives the claims graph: claim rows (one per claim), scopes, entities, ledes."""

    rows: list[dict] = field(default_factory=list)
    scope: dict[str, list[str]] = field(default_factory=dict)  # claim IRI -> place IRIs
    scope_date: dict[str, str] = field(default_factory=dict)  # claim IRI -> the raw (iso or text) date
    entities: list[str] = field(default_factory=list)
    ledes: list[str] = field(default_factory=list)


@dataclass
class ClaimsIndex:
    articles: dict[str, ArticleClaims] = field(default_factory=dict)
    stories: dict[str, str] = field(default_factory=dict)  # article id -> story root, as last derived
    names: dict[str, str] | None = None  # story root -> name, as last derived (None: one story, unnamed)

    def to_json(self) -> dict:
        return {
            "version": VERSION,
            "stories": self.stories,
            "names": self.names,
            "articles": {
                a: [x.rows, x.scope, x.scope_date, x.entities, x.ledes] for a, x in sorted(self.articles.items())
            },
        }

    @classmethod
    def from_json(cls, data: dict) -> ClaimsIndex:
        arts = {a: ArticleClaims(*parts) for a, parts in data["articles"].items()}
        return cls(arts, dict(data["stories"]), data["names"])


def _row_key(r: dict) -> tuple:
    return tuple((v is None, str(v)) for v in r.values())


def read_articles(store: GraphStore, ids: Iterable[str] | None = None) -> dict[str, ArticleClaims]:
    """The claim rows of the articles ``ids`` (all if None), read from their graphs; articles without a figure
    claim are left out. Where an optional part matches twice, the least row is kept, whatever order the store
    gives them in, so reading one article or all gives the same."""
    wanted = None if ids is None else set(ids)
    if wanted is not None and len(wanted) <= READ_ONE_BY_ONE:  # one graph at a time: index lookups, no scan
        out: dict[str, ArticleClaims] = {}
        for a in sorted(wanted):
            out.update(_read(store, f"<{article_iri(a).value}>"))
        return out
    return {a: x for a, x in _read(store, "?g").items() if wanted is None or a in wanted}


def _read(store: GraphStore, graph: str) -> dict[str, ArticleClaims]:
    best: dict[str, dict] = {}
    for r in store.select(CLAIMS_INPUT % {"g": graph}):
        old = best.get(r["claim"])
        if old is None or _row_key(r) < _row_key(old):
            best[r["claim"]] = r
    out: dict[str, ArticleClaims] = defaultdict(ArticleClaims)
    owner = {}
    for claim, r in sorted(best.items()):
        out[r["article"]].rows.append(r)
        owner[claim] = r["article"]
    dates: dict[str, str] = {}
    for r in store.select(SCOPE_INPUT % {"g": graph}):
        art = owner.get(r["claim"])
        if art is None:
            continue
        if r["scope"]:
            out[art].scope.setdefault(r["claim"], []).append(r["scope"])
        elif r["text"]:
            raw = r["iso"] or "\u0000" + r["text"]  # the text is read as a month or year where it is used
            dates[r["claim"]] = min(raw, dates.get(r["claim"], raw))
    for claim, raw in dates.items():
        out[owner[claim]].scope_date[claim] = raw
    entities: dict[str, set[str]] = defaultdict(set)
    ledes: dict[str, set[str]] = defaultdict(set)
    for r in store.select(ARTICLE_ENTITIES % {"g": graph}):
        if r["article"] not in out:
            continue
        entities[r["article"]].add(r["e"])
        if r["type"] == "Place" and int(r["begin"]) < LEDE_CHARS:
            ledes[r["article"]].add(r["e"])
    for art, x in out.items():
        x.scope = {c: sorted(set(ps)) for c, ps in x.scope.items()}
        x.entities, x.ledes = sorted(entities.get(art, ())), sorted(ledes.get(art, ()))
    return dict(out)


def articles_mentioning(store: GraphStore, iris: Iterable[str]) -> set[str]:
    """Ids of the articles whose graphs hold one of ``iris`` as an object (a renamed entity, say)."""
    prefix = article_iri("").value
    graphs = {
        q.graph_name.value
        for x in iris
        for q in store.quads_for(None, None, NamedNode(x), None)
        if isinstance(q.graph_name, NamedNode)
    }
    return {unquote(g[len(prefix) :]) for g in graphs if g.startswith(prefix)}


def load_index(store: GraphStore) -> ClaimsIndex | None:
    """The stored index, or None when there is none that this version can trust."""
    data = load_sidecar(store, INDEX_FILE)
    try:
        return ClaimsIndex.from_json(data) if data is not None and data.get("version") == VERSION else None
    except (KeyError, TypeError, AttributeError):
        return None


def save_index(store: GraphStore, index: ClaimsIndex) -> None:
    save_sidecar(store, INDEX_FILE, index.to_json())


def load_sidecar(store: GraphStore, name: str):
    """The JSON kept in the store folder as ``name`` (None if missing or unreadable). For an in-memory store it
    is kept on the store, and taken, not shared: a refresh that fails half-way leaves none, so the next is full."""
    if store.path is None:
        return getattr(store, "_sidecars", {}).pop(name, None)
    try:
        return json.loads((store.path / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def save_sidecar(store: GraphStore, name: str, data) -> None:
    """Write it whole, atomically (a temporary file renamed over the old one)."""
    if store.path is None:
        store.__dict__.setdefault("_sidecars", {})[name] = data
        return
    target = store.path / name
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    os.replace(tmp, target)
