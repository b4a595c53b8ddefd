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

Comparing is in ``comparisons.py``, stories in ``stories.py``, variables in ``variables.py``; this module reads
the claims back, composes those steps and writes the graph.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from ..rdf import A, article_iri, iri
from ..readback import as_date, as_float, entity_labels_by_iri
from ..store import GraphStore
from ..vocab import CLAIMS_GRAPH, NG, PROV, SCHEMA, SKOS
from .comparisons import Claim, Comparison, compare_all
from .stories import name_stories, stories
from .variables import LEDE_CHARS, StoryVariable, assign_variables, count_class

_CLAIMS = NamedNode(CLAIMS_GRAPH)


def claims_graph_quads(claims: list[Claim], variables: list[StoryVariable], comparisons: list[Comparison]) -> list[Quad]:
    """The claims graph: variables, each claim's variable, one ng:Comparison per pair compared, and
    ng:disagreesWith both ways for disagreeing pairs."""
    g = _CLAIMS
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
    labels = entity_labels_by_iri(store)
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
        published = as_date(r["published"])
        source = labels.get(r["who"]) if r["who"] else None
        source = source or r["said"]
        own = source is None
        if own:  # the article's own voice: attributed to the article and its outlet, never left empty
            source = f"the article {r['article']}" + (f" ({r['publisher']})" if r["publisher"] else "")
        as_of, begin, end = r["iso"] or r["asText"], as_date(r["asOfBegin"]), as_date(r["asOfEnd"])
        if as_of is None and published is not None:
            as_of, begin, end = published.isoformat(), published, published
        c = Claim(r["key"] or "", r["claim"], float(r["value"]), r["bound"] or "exact", r["unit"], as_float(r["min"]),
                  as_float(r["max"]), source, r["article"], r["text"], r["sentence"], as_of, begin, end,
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
        if count_class(c) and c.value >= 1:
            tallies[c.article].add((c.key, c.value))
    story_of = stories(entities, dates, tallies)
    names = name_stories(story_of, entities, labels) if len(set(story_of.values())) > 1 else None
    grouped, variables_ = assign_variables(claims, story_of, ledes, labels, names)
    comparisons = compare_all(grouped)
    store.replace_graph(_CLAIMS, claims_graph_quads(grouped, variables_, comparisons))
    return sum(c.agreement == "disagree" for c in comparisons)


def _month_or_year(text: str) -> str:
    m = re.search(r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:1[89]|20)\d\d\b"
                  r"|\b(?:spring|summer|autumn|fall|winter)\b", text, re.I)
    return m[0].lower()[:3] if m else text.lower()
