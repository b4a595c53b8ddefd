"""Reading the store back: everything the graph shows, as ``Layers`` rows, with a handful of SPARQL queries."""

from __future__ import annotations

from collections import Counter, defaultdict

from ...vocab import ENTITIES_GRAPH, EVENTS_GRAPH
from .records import ArticleInfo, Layers
from .styles import NG_NS


def read_layers(store) -> Layers:
    """Everything the page shows, read with a handful of SPARQL queries."""
    articles = _read_articles(store)
    art_id = {a.iri: a.id for a in articles}
    return Layers(
        articles=articles,
        entities=_read_entities(store),
        mentions=_read_mentions(store),
        claims=_read_claims(store, art_id),
        dates=_read_dates(store, art_id),
        roles=_read_roles(store, art_id),
        events=_read_events(store, art_id),
        story_events=_read_story_events(store, art_id),
        disagreements=_read_disagreements(store),
        spans=_read_spans(store),
    )


def _read_articles(store) -> tuple[ArticleInfo, ...]:
    # joins inside one graph: an outlet's name repeats in each of its articles' graphs, and a join over the
    # union would pair every copy with every article
    rows = store.select("""SELECT DISTINCT ?a ?id ?title ?date ?url ?pub WHERE { GRAPH ?g {
        ?a a schema:NewsArticle ; schema:identifier ?id .
        OPTIONAL { ?a schema:headline ?title } OPTIONAL { ?a schema:datePublished ?date }
        OPTIONAL { ?a schema:url ?url } OPTIONAL { ?a schema:publisher ?pub } } }""")
    names = {
        r["p"]: r["name"]
        for r in store.select(
            "SELECT DISTINCT ?p ?name WHERE { GRAPH ?g { ?x schema:publisher ?p . ?p schema:name ?name } }"
        )
    }
    out: dict[str, ArticleInfo] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        outlet = names.get(r["pub"]) or (r["pub"].rsplit("/", 1)[-1] if r["pub"] else None)
        out.setdefault(
            r["a"],
            ArticleInfo(
                str(r["id"]), r["a"], _str(r["title"]), _str(outlet), _str(r["date"]), _str(r["url"]), r["pub"]
            ),
        )
    return tuple(sorted(out.values()))


def _read_entities(store) -> tuple:
    types: dict[str, Counter] = defaultdict(Counter)
    for r in store.select("SELECT ?e ?type ?g WHERE { GRAPH ?g { ?e ng:entityType ?type } }"):
        # the resolved entities graph decides; article graphs vote when it is missing
        types[r["e"]][r["type"]] += 1000 if r["g"] == ENTITIES_GRAPH else 1
    labels = {
        r["e"]: r["label"]
        for r in store.select("SELECT ?e ?label WHERE { GRAPH <" + ENTITIES_GRAPH + "> { ?e skos:prefLabel ?label } }")
    }
    aliases: dict[str, Counter] = defaultdict(Counter)
    for r in store.select(
        "SELECT ?e ?alias (COUNT(?g) AS ?n) WHERE { GRAPH ?g { ?e ng:entityType ?t ; "
        "skos:altLabel ?alias } } GROUP BY ?e ?alias"
    ):
        aliases[r["e"]][str(r["alias"])] += r["n"]
    out = []
    for e in sorted(types):
        etype = max(types[e], key=lambda t: (types[e][t], t))
        forms = aliases.get(e, Counter())
        label = labels.get(e) or (max(forms, key=lambda f: (forms[f], len(f), f)) if forms else e.rsplit("/", 1)[-1])
        out.append((e, etype, str(label), tuple(sorted(f for f in forms if f != label))))
    return tuple(out)


def _read_mentions(store) -> tuple:
    rows = store.select("""SELECT ?e ?id (COUNT(DISTINCT ?m) AS ?n) WHERE {
        ?m a ng:Mention ; itsrdf:taIdentRef ?e ; nif:referenceContext ?a . ?a schema:identifier ?id }
        GROUP BY ?e ?id""")
    return tuple(sorted((r["e"], str(r["id"]), int(r["n"])) for r in rows))


def _read_claims(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    claims: dict[str, dict] = {}
    rows = store.select("""SELECT DISTINCT ?c ?kind ?a ?text ?speaker ?speakerText ?sent ?span ?verb ?qkind ?recipient
        WHERE {
        VALUES ?kind { ng:FigureClaim ng:QuoteClaim } ?c a ?kind .
        OPTIONAL { ?c schema:appearance ?a } OPTIONAL { ?c schema:text ?text }
        OPTIONAL { ?c prov:wasAttributedTo ?speaker } OPTIONAL { ?c ng:speakerText ?speakerText }
        OPTIONAL { ?c ng:sentence ?sent } OPTIONAL { ?c prov:wasDerivedFrom ?span }
        OPTIONAL { ?c ng:reportingVerb ?verb } OPTIONAL { ?c ng:quoteKind ?qkind }
        OPTIONAL { ?c ng:recipient ?recipient } }""")
    for r in rows:
        kind = "Figure" if r["kind"].endswith("FigureClaim") else "Quote"
        c = claims.setdefault(
            r["c"], {"iri": r["c"], "kind": kind, "speakers": set(), "recipients": set(), "articles": set()}
        )
        for key in ("text", "speakerText", "sent", "span", "verb", "qkind"):
            if r[key] is not None and c.get(key) is None:
                c[key] = str(r[key])
        if r["a"] in art_id:
            c["articles"].add(art_id[r["a"]])
        if r["speaker"]:
            c["speakers"].add(r["speaker"])
        if r["recipient"]:
            c["recipients"].add(r["recipient"])
    # a variable's label repeats in every article graph: join inside one graph, not over the union
    var_labels = {
        r["var"]: r["label"]
        for r in store.select(
            "SELECT DISTINCT ?var ?label WHERE { GRAPH ?g { ?var a ng:MeasuredVariable ; skos:prefLabel ?label } }"
        )
    }
    for r in store.select("""SELECT DISTINCT ?c ?value ?bound ?unit ?min ?max ?var WHERE {
        ?c a ng:FigureClaim ; ng:quantity ?q .
        OPTIONAL { ?q schema:value ?value } OPTIONAL { ?q ng:bound ?bound } OPTIONAL { ?q schema:unitText ?unit }
        OPTIONAL { ?q schema:minValue ?min } OPTIONAL { ?q schema:maxValue ?max }
        OPTIONAL { ?q ng:measures ?var } }"""):
        r["varlabel"] = var_labels.get(r["var"])
        claim = claims.get(r["c"])
        if claim is not None:
            for key in ("value", "bound", "unit", "min", "max", "var", "varlabel"):
                if r[key] is not None and claim.get(key) is None:
                    claim[key] = r[key]
    for r in store.select("SELECT ?c ?d WHERE { ?c a ng:FigureClaim ; ng:asOf ?d }"):
        if r["c"] in claims:
            claims[r["c"]].setdefault("asof", set()).add(r["d"])
    return tuple(_frozen_dict(claims[k]) for k in sorted(claims))


def _read_dates(store, art_id: dict[str, str]) -> tuple:
    rows = store.select("""SELECT DISTINCT ?d ?a ?iso ?text WHERE { ?d a ng:DateMention .
        OPTIONAL { ?d schema:appearance ?a } OPTIONAL { ?d ng:isoValue ?iso }
        OPTIONAL { ?d prov:wasDerivedFrom/nif:anchorOf ?text } }""")
    out = {(r["d"], art_id.get(r["a"], ""), _str(r["iso"]), _str(r["text"])) for r in rows}
    return tuple(sorted(out, key=lambda t: tuple(x or "" for x in t)))


def _read_roles(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    rows = store.select("""SELECT DISTINCT ?r ?g ?person ?org ?role ?span WHERE { GRAPH ?g {
        ?r a org:Membership ; org:member ?person .
        OPTIONAL { ?r org:organization ?org } OPTIONAL { ?r org:role/skos:prefLabel ?role }
        OPTIONAL { ?r prov:wasDerivedFrom ?span } } }""")
    out: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        out.setdefault(
            r["r"],
            {
                "iri": r["r"],
                "article": art_id.get(r["g"]),
                "person": r["person"],
                "org": r["org"],
                "role": _str(r["role"]),
                "span": r["span"],
            },
        )
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_events(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    rows = store.select("""SELECT DISTINCT ?ev ?a ?pred ?rel ?actor ?obj ?objText ?place ?time ?neg ?sent ?span WHERE {
        ?ev a ng:Event . OPTIONAL { ?ev ng:mentionedIn ?a } OPTIONAL { ?ev ng:predicate ?pred }
        OPTIONAL { ?ev ng:relation ?rel } OPTIONAL { ?ev ng:actor ?actor } OPTIONAL { ?ev ng:object ?obj }
        OPTIONAL { ?ev ng:objectText ?objText } OPTIONAL { ?ev schema:location ?place }
        OPTIONAL { ?ev ng:eventTime ?time } OPTIONAL { ?ev ng:negated ?neg }
        OPTIONAL { ?ev ng:sentence ?sent } OPTIONAL { ?ev prov:wasDerivedFrom ?span } }""")
    out: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        e = out.setdefault(r["ev"], {"iri": r["ev"], "articles": set()})
        if r["a"] in art_id:
            e["articles"].add(art_id[r["a"]])
        for key in ("pred", "rel", "actor", "obj", "objText", "place", "time", "neg", "sent", "span"):
            if r[key] is not None and e.get(key) is None:
                e[key] = r[key]
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_story_events(store, art_id: dict[str, str]) -> tuple[dict, ...]:
    # single values in one query, links (several actors, reports, articles) in another: no cross product
    rows = store.select(
        """SELECT ?ev ?pred ?rel ?actorText ?objText ?begin ?end ?time WHERE { GRAPH <%s> {
        ?ev a schema:Event ; ng:predicate ?pred . OPTIONAL { ?ev ng:relation ?rel }
        OPTIONAL { ?ev ng:actorText ?actorText } OPTIONAL { ?ev ng:objectText ?objText }
        OPTIONAL { ?ev schema:startDate ?begin ; schema:endDate ?end }
        OPTIONAL { ?ev ng:eventTime ?time } } }""".replace("<%s>", f"<{EVENTS_GRAPH}>")
    )
    out: dict[str, dict] = {}
    for r in sorted(rows, key=lambda r: tuple(str(v) for v in r.values())):
        e = out.setdefault(
            r["ev"], {"iri": r["ev"], "actors": set(), "objects": set(), "reports": set(), "articles": set()}
        )
        for key in ("pred", "rel", "actorText", "objText", "begin", "end", "time"):
            if r[key] is not None and e.get(key) is None:
                e[key] = r[key] if key == "time" else str(r[key])
    links = {NG_NS + "actor": "actors", NG_NS + "object": "objects", NG_NS + "eventMention": "reports"}
    for r in store.select(
        """SELECT ?ev ?p ?o WHERE { GRAPH <%s> { ?ev a schema:Event ; ?p ?o
            FILTER(?p IN (ng:actor, ng:object, ng:eventMention, ng:mentionedIn)) } }""".replace(
            "<%s>", f"<{EVENTS_GRAPH}>"
        )
    ):
        event = out.get(r["ev"])
        if event is None:
            continue
        if r["p"] in links:
            event[links[r["p"]]].add(r["o"])
        elif r["o"] in art_id:
            event["articles"].add(art_id[r["o"]])
    return tuple(_frozen_dict(out[k]) for k in sorted(out))


def _read_disagreements(store) -> tuple:
    pairs = {
        tuple(sorted((r["x"], r["y"])))
        for r in store.select("SELECT DISTINCT ?x ?y WHERE { ?x ng:disagreesWith ?y FILTER(?x != ?y) }")
    }
    # the reason, when the claims layer recorded a comparison of the two claims
    compared: dict[str, set] = defaultdict(set)
    reasons: dict[str, str] = {}
    for r in store.select("""SELECT DISTINCT ?cmp ?claim ?reason WHERE {
            ?cmp a ng:Comparison ; ng:comparedClaim ?claim . OPTIONAL { ?cmp ng:reason ?reason } }"""):
        compared[r["cmp"]].add(r["claim"])
        if r["reason"] is not None:
            reasons[r["cmp"]] = str(r["reason"])
    reason_of: dict[tuple, str] = {}
    for cmp in sorted(reasons):
        claims = sorted(compared[cmp])
        for i, x in enumerate(claims):
            for y in claims[i + 1 :]:
                reason_of.setdefault((x, y), reasons[cmp])
    return tuple((x, y, reason_of.get((x, y))) for x, y in sorted(pairs))


def _read_spans(store) -> dict:
    rows = store.select("""SELECT DISTINCT ?s ?b ?e ?t WHERE { ?x ng:sentence|prov:wasDerivedFrom ?s .
        ?s nif:beginIndex ?b ; nif:endIndex ?e ; nif:anchorOf ?t }""")
    return {r["s"]: (int(r["b"]), int(r["e"]), str(r["t"])) for r in rows}


def _str(v) -> str | None:
    return None if v is None else str(v)


def _frozen_dict(d: dict) -> dict:
    return {k: tuple(sorted(v)) if isinstance(v, set) else v for k, v in d.items()}
