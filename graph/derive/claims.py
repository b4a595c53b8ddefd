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

from collections import defaultdict
from collections.abc import Iterable

from pyoxigraph import Literal, NamedNode, Quad

from ..extract.measures import MONTH_OR_YEAR
from ..rdf import A, article_iri, iri
from ..readback import as_date, as_float, entity_labels_by_iri
from ..store import GraphStore
from ..vocab import CLAIMS_GRAPH, NG, PROV, SCHEMA, SKOS
from .claims_index import ArticleClaims, ClaimsIndex, articles_mentioning, load_index, read_articles, save_index
from .comparisons import Claim, Comparison, compare_all
from .stories import name_stories, stories
from .variables import StoryVariable, assign_variables, key_class

_CLAIMS = NamedNode(CLAIMS_GRAPH)


def claims_graph_quads(
    claims: list[Claim], variables: list[StoryVariable], comparisons: list[Comparison]
) -> list[Quad]:
    """The claims graph: variables, each claim's variable, one ng:Comparison per pair compared, and
    ng:disagreesWith both ways for disagreeing pairs."""
    g = _CLAIMS
    out: list[Quad] = []
    for v in variables:
        node = iri(v.iri)
        out += [
            Quad(node, A, iri(NG.MeasuredVariable), g),
            Quad(node, iri(SKOS.prefLabel), Literal(v.label), g),
            Quad(node, iri(NG.measureKey), Literal(v.key), g),
        ]
        out += [Quad(node, iri(NG.story), iri(a), g) for a in v.story]
    for c in claims:
        out.append(Quad(iri(c.iri), iri(NG.storyVariable), iri(c.variable), g))
        if c.own_voice:  # stated by the article itself: attributed to it (and through it to its publisher)
            out.append(Quad(iri(c.iri), iri(PROV.wasAttributedTo), article_iri(c.article), g))
    for cmp in comparisons:
        node = iri(cmp.iri)
        out += [
            Quad(node, A, iri(NG.Comparison), g),
            Quad(node, iri(SCHEMA.about), iri(cmp.variable), g),
            Quad(node, iri(NG.comparedClaim), iri(cmp.first.iri), g),
            Quad(node, iri(NG.comparedClaim), iri(cmp.second.iri), g),
            Quad(node, iri(NG.agreement), Literal(cmp.agreement), g),
            Quad(node, iri(NG.reason), Literal(cmp.reason), g),
        ]
        if cmp.agreement == "disagree":
            out += [
                Quad(iri(cmp.first.iri), iri(NG.disagreesWith), iri(cmp.second.iri), g),
                Quad(iri(cmp.second.iri), iri(NG.disagreesWith), iri(cmp.first.iri), g),
            ]
    return out


def claim_of(r: dict, x: ArticleClaims, labels: dict[str, str]) -> Claim:
    """One claim from its row, read with the entity labels of now (a renamed speaker is named anew)."""
    published = as_date(r["published"])
    source = labels.get(r["who"]) if r["who"] else None
    source = source or r["said"]
    own = source is None
    if own:  # the article's own voice: attributed to the article and its outlet, never left empty
        source = f"the article {r['article']}" + (f" ({r['publisher']})" if r["publisher"] else "")
    as_of, begin, end = r["iso"] or r["asText"], as_date(r["asOfBegin"]), as_date(r["asOfEnd"])
    if as_of is None and published is not None:
        as_of, begin, end = published.isoformat(), published, published
    when = x.scope_date.get(r["claim"])
    if when and when.startswith("\u0000"):
        when = _month_or_year(when[1:])
    return Claim(
        r["key"] or "",
        r["claim"],
        float(r["value"]),
        r["bound"] or "exact",
        r["unit"],
        as_float(r["min"]),
        as_float(r["max"]),
        source,
        r["article"],
        r["text"],
        r["sentence"],
        as_of,
        begin,
        end,
        r["key"] or "",
        r["measure"],
        tuple(x.scope.get(r["claim"], ())),
        (),
        when,
        int(r["begin"]),
        int(r["end"]),
        int(r["sbegin"]) if r["sbegin"] is not None else None,
        published,
        own,
    )


def load_claims(store: GraphStore) -> tuple[list[Claim], dict[str, set[str]], dict[str, set[str]], dict]:
    """Every figure claim, with the entities of the articles that hold claims and the places of their ledes."""
    labels = entity_labels_by_iri(store)
    arts = read_articles(store)
    claims = sorted((claim_of(r, x, labels) for x in arts.values() for r in x.rows), key=lambda c: c.iri)
    return (claims, {a: set(x.entities) for a, x in arts.items()}, {a: set(x.ledes) for a, x in arts.items()}, labels)


def refresh_claims(store: GraphStore, written: Iterable[str] | None = None, renamed: Iterable[str] = ()) -> int:
    """Bring the claims graph up to date; returns the number of disagreeing pairs it now holds for the stories
    it redid.

    ``written`` (ids of the articles written or removed since the last refresh) and ``renamed`` (IRIs of the
    entities whose names changed) make it incremental: only those articles' graphs are read (the others come
    from the index), stories are found again over every article, and only the stories that gained, lost or
    changed an article, or changed name, get their variables and comparisons redone (a story's depend on
    nothing outside it). Without them, or without a usable index, everything is recomputed: the same graph.
    """
    index = None if written is None else load_index(store)
    labels = entity_labels_by_iri(store)
    reread: set[str] | None = None
    if index is None or written is None:
        index = ClaimsIndex(read_articles(store))
    else:
        reread = set(written) | articles_mentioning(store, renamed)
        for a in reread:
            index.articles.pop(a, None)
        index.articles.update(read_articles(store, reread))
    arts = index.articles
    dates = {a: as_date(x.rows[-1]["published"]) for a, x in arts.items()}
    tallies = {
        a: {(r["key"] or "", float(r["value"])) for r in x.rows if key_class(r["key"] or "") and float(r["value"]) >= 1}
        for a, x in arts.items()
    }
    entities = {a: set(x.entities) for a, x in arts.items()}
    story_of = stories(entities, dates, tallies)
    names = name_stories(story_of, entities, labels) if len(set(story_of.values())) > 1 else None
    members = _members(story_of)
    if reread is None or (names is None) != (index.names is None):
        dirty = set(members)
    else:
        old = _members(index.stories)
        dirty = {
            root
            for root, arts_ in members.items()
            if old.get(root) != arts_
            or reread.intersection(arts_)
            or (names or {}).get(root) != (index.names or {}).get(root)
        }
    redo = {a: root for root in dirty for a in members[root]}
    claims = sorted((claim_of(r, arts[a], labels) for a in redo for r in arts[a].rows), key=lambda c: c.iri)
    grouped, variables_ = assign_variables(claims, redo, {a: set(arts[a].ledes) for a in redo}, labels, names)
    comparisons = compare_all(grouped)
    quads = claims_graph_quads(grouped, variables_, comparisons)
    if reread is None:
        store.replace_graph(_CLAIMS, quads)
    else:  # what the redone stories (and the articles that left them) said before
        store.replace_subjects(_CLAIMS, _subjects_of(store, set(redo) | reread), quads)
    index.stories, index.names = story_of, names
    save_index(store, index)
    return sum(c.agreement == "disagree" for c in comparisons)


def _members(story_of: dict[str, str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    for a in sorted(story_of):
        out[story_of[a]].append(a)
    return dict(out)


def _subjects_of(store: GraphStore, articles: set[str]) -> list[NamedNode]:
    """The claims graph's subjects about these articles' claims: their variables, claims and comparisons (read
    by index lookups: a SPARQL join here scans the whole graph)."""
    story, of, about = iri(NG.story), iri(NG.storyVariable), iri(SCHEMA.about)
    variables = _named_subjects(q for a in articles for q in store.quads_for(None, story, article_iri(a), _CLAIMS))
    return sorted(
        variables
        | _named_subjects(q for v in variables for p in (of, about) for q in store.quads_for(None, p, v, _CLAIMS)),
        key=str,
    )


def _named_subjects(quads: Iterable[Quad]) -> set[NamedNode]:
    """The subjects of claims-graph quads, all IRIs: ``claims_graph_quads`` writes no other."""
    out: set[NamedNode] = set()
    for q in quads:
        assert isinstance(q.subject, NamedNode), f"claims graph subject is not an IRI: {q.subject}"
        out.add(q.subject)
    return out


def _month_or_year(text: str) -> str:
    m = MONTH_OR_YEAR.search(text)
    return m[0].lower()[:3] if m else text.lower()
