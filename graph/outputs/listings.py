"""What the listing commands read from the store (stats, said, entities, claims, conflicts), as plain rows.

Each reads a named query from ``ontology/queries/``; text from the user goes in as a bound parameter.
"""

from __future__ import annotations

import pyoxigraph as ox

from ..named_queries import named_query
from ..store import GraphStore
from ..vocab import ENTITIES_GRAPH


def store_stats(store: GraphStore) -> dict[str, int]:
    """Counts of what the store holds."""
    q = """SELECT
      (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a schema:NewsArticle }"""
    counts = {"articles": store.select(q)[0]["articles"]}
    for label, cls in [
        ("people", "schema:Person"),
        ("organizations", "schema:Organization"),
        ("places", "schema:Place"),
        ("policies", "ng:Policy"),
    ]:
        counts[label] = store.select(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a {cls} }} }}"
        )[0]["n"]
    for label, cls in [
        ("mentions", "ng:Mention"),
        ("figures", "ng:FigureClaim"),
        ("quotes", "ng:QuoteClaim"),
        ("dates", "ng:DateMention"),
        ("roles", "org:Membership"),
        ("events", "ng:Event"),
    ]:
        counts[label] = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")[0]["n"]
    counts["graphs"] = len(store.named_graphs())
    counts["quads"] = len(store)
    return counts


def said_rows(store: GraphStore, name: str) -> list[dict]:
    """The quotations of the speaker ``name`` (named query ``said``; the name is a bound parameter)."""
    rows = store.select(named_query("said"), {ox.Variable("name"): ox.Literal(name)})
    return [
        {k: r[k] for k in ("speaker", "article", "headline", "outlet", "published", "kind", "verb", "text")}
        for r in rows
    ]


def entity_rows(store: GraphStore, entity_type: str | None = None) -> list[dict]:
    """Entities with their type, article count and name forms (named query ``mentions``)."""
    rows = store.select(named_query("mentions"))
    out = []
    for r in rows:
        if entity_type and r["type"] != entity_type:
            continue
        out.append(
            {
                "name": r["name"],
                "type": r["type"],
                "articles": r["articles"],
                "names": sorted(set((r["aliases"] or "").split(" | ")) - {""}),
            }
        )
    return out


def claim_rows(store: GraphStore, about: str | None = None) -> list[dict]:
    """Each figure claim: variable, value, bound, unit, source, article, date and sentence (named query
    ``claims``). ``about`` keeps the claims whose variable, text or sentence contains it (a bound parameter)."""
    subs = {ox.Variable("about"): ox.Literal(about)} if about else None
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
        claim = g["claims"].setdefault(
            r["claim"],
            {
                "claim": r["claim"],
                "value": r["value"],
                "bound": r["bound"],
                "unit": r["unit"],
                "source": r["source"],
                "article": r["article"],
                "headline": r["headline"],
                "outlet": r["outlet"],
                "text": r["text"],
                "as_of": r["asOf"],
                "sentence": (r["sentence"] or "").strip(),
            },
        )
        d = g["differences"].setdefault(
            r["comparison"], {"agreement": r["agreement"], "reason": r["reason"], "claims": []}
        )
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
            first, second = (
                sorted(d["claims"], key=order.__getitem__)[:2]
                if len(d["claims"]) > 1
                else (d["claims"][0], d["claims"][0])
            )
            diffs.append({"agreement": d["agreement"], "reason": d["reason"], "first": first, "second": second})
        diffs.sort(key=lambda d: (order[d["first"]], order[d["second"]], d["agreement"]))
        out.append({"variable": var, "differences": diffs, "claims": claims})
    return out
