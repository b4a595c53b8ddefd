"""Assembling nodes and edges of every type from the rows read (``Layers`` -> ``VizNode``/``VizEdge``)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from urllib.parse import quote

from .records import ArticleInfo, Evidence, Layers, VizEdge, VizNode
from .styles import (
    AS_OF,
    DID,
    DISAGREES,
    DONE_TO,
    MEASURES,
    MEMBER_OF,
    MENTIONED_IN,
    PUBLISHED_BY,
    REPORTED_AS,
    REPORTED_BY,
    ROLE_AT,
    SAID,
    SAID_TO,
    VIZ_ID,
    WHEN,
    WHERE,
)


class _Builder:
    """Accumulates nodes and edges; merges repeats of one edge, keeping all their evidence."""

    def __init__(self, articles: tuple[ArticleInfo, ...]):
        self.nodes: dict[str, VizNode] = {}
        self.edges: dict[tuple[str, str, str, str], VizEdge] = {}
        self.article_of = {a.iri: a for a in articles}

    def node(self, n: VizNode) -> None:
        old = self.nodes.get(n.id)
        if old is None:
            self.nodes[n.id] = n
        else:
            self.nodes[n.id] = replace(old, articles=tuple(sorted(set(old.articles) | set(n.articles))))

    def edge(
        self,
        source: str | None,
        target: str | None,
        relation: str,
        label: str = "",
        details: tuple = (),
        evidence: tuple = (),
    ) -> None:
        if not source or not target or source == target:
            return
        key = (source, target, relation, label)
        old = self.edges.get(key)
        if old is None:
            self.edges[key] = VizEdge(source, target, relation, label, details, evidence)
        else:
            self.edges[key] = replace(old, evidence=tuple(sorted(set(old.evidence) | set(evidence))))


def assemble(layers: Layers) -> tuple[tuple[VizNode, ...], tuple[VizEdge, ...]]:
    """Nodes and edges of every type from the rows read; edges only between nodes that exist."""
    b = _Builder(layers.articles)
    _add_articles(b, layers)
    _add_entities(b, layers)
    _add_claims(b, layers)
    date_node = _add_dates(b, layers)
    _add_roles(b, layers)
    _add_events(b, layers, date_node)
    _add_story_events(b, layers, date_node)
    _add_disagreements(b, layers)
    nodes = tuple(sorted(b.nodes.values()))
    edges = tuple(sorted(e for e in b.edges.values() if e.source in b.nodes and e.target in b.nodes))
    return nodes, edges


def _add_articles(b: _Builder, layers: Layers) -> None:
    for a in layers.articles:
        details = tuple(
            (k, v)
            for k, v in (
                ("Headline", a.title),
                ("Outlet", a.outlet),
                ("Published", a.date),
                ("Id", a.id),
                ("URL", a.url),
            )
            if v
        )
        b.node(VizNode(a.iri, "Article", _short(a.title or a.id, 40), articles=(a.id,), details=details))


def _add_entities(b: _Builder, layers: Layers) -> None:
    per_article: dict[str, dict[str, int]] = defaultdict(dict)
    for e, art, n in layers.mentions:
        per_article[e][art] = n
    by_id = {a.id: a for a in layers.articles}
    for iri, etype, label, aliases in layers.entities:
        counts = per_article.get(iri, {})
        details = [("Type", etype), ("Mentions", str(sum(counts.values())))]
        if aliases:
            details.append(("Also written", ", ".join(aliases)))
        for art in sorted(counts):
            caption = by_id[art].caption() if art in by_id else art
            details.append(("In", f"{caption} ({counts[art]}x)"))
        b.node(VizNode(iri, etype, label, sum(counts.values()), tuple(sorted(counts)), aliases, tuple(details)))
        for art in sorted(counts):
            if art in by_id:
                b.edge(iri, by_id[art].iri, MENTIONED_IN, details=(("Mentions", str(counts[art])),))
    # outlets: the publisher of an article is an organization even when the text never names it
    published: dict[str, list[ArticleInfo]] = defaultdict(list)
    for a in layers.articles:
        if a.outlet_iri:
            published[a.outlet_iri].append(a)
    for pub, arts in sorted(published.items()):
        ids = tuple(a.id for a in arts)
        old = b.nodes.get(pub)
        if old is None:
            b.node(
                VizNode(
                    pub,
                    "Organization",
                    arts[0].outlet or pub.rsplit("/", 1)[-1],
                    articles=ids,
                    details=(("Type", "news outlet"), ("Articles", str(len(arts)))),
                )
            )
        else:
            b.nodes[pub] = replace(old, articles=tuple(sorted(set(old.articles) | set(ids))))
        for a in arts:
            b.edge(a.iri, pub, PUBLISHED_BY)


def _evidence(spans: dict, sentence: str | None, cited: str | None, article: str | None) -> Evidence | None:
    """The sentence with the cited words marked; the cited words alone when the sentence is unknown."""
    sent, span = spans.get(sentence), spans.get(cited)
    if sent is None:
        return None if span is None else Evidence(span[2], 0, len(span[2]), article)
    text = sent[2].strip()
    lead = len(sent[2]) - len(sent[2].lstrip())
    if span is None:
        return Evidence(text, 0, 0, article)
    start = max(0, min(len(text), span[0] - sent[0] - lead))
    end = max(start, min(len(text), span[1] - sent[0] - lead))
    return Evidence(text, start, end, article)


def _number(v) -> str:
    if v is None:
        return "?"
    v = float(v)
    return f"{int(v):,}" if v.is_integer() else f"{v:,.2f}"


BOUND_WORDS = {"lower": "at least", "upper": "at most", "approx": "about", "exact": "exactly"}


def _add_claims(b: _Builder, layers: Layers) -> None:
    labels = {iri: label for iri, _, label, _ in layers.entities}
    art_iri = {a.id: a.iri for a in layers.articles}
    variables: dict[str, tuple[set, set, list]] = defaultdict(lambda: (set(), set(), []))
    for c in layers.claims:
        art = c["articles"][0] if c["articles"] else None
        ev = _evidence(layers.spans, c.get("sent"), c.get("span"), art)
        text = c.get("text") or (layers.spans[c["span"]][2] if c.get("span") in layers.spans else "")
        speakers = [labels.get(s, s.rsplit("/", 1)[-1]) for s in c["speakers"]]
        who = ", ".join(speakers) or c.get("speakerText") or ""
        details: list[tuple[str, str]] = []
        if c["kind"] == "Figure":
            bound = str(c.get("bound") or "").rsplit("#", 1)[-1]
            value = _number(c.get("value"))
            lo, hi = c.get("min"), c.get("max")
            if (lo is not None or hi is not None) and not (lo == hi == c.get("value")):
                value += f" (range {_number(lo)} to {_number(hi)})"
            details += [("Value", value), ("Bound", BOUND_WORDS.get(bound, bound or "unknown"))]
            if c.get("unit"):
                details.append(("Unit", str(c["unit"])))
            if c.get("varlabel"):
                details.append(("Measures", str(c["varlabel"])))
            label = _short(text or value, 40)
        else:
            details.append(("Kind", c.get("qkind") or "quote"))
            label = "\u201c" + _short(text, 38) + "\u201d"
        details.insert(0, ("Stated by", who or "not attributed"))
        node = VizNode(
            c["iri"],
            c["kind"],
            label,
            articles=tuple(c["articles"]),
            details=tuple(details),
            evidence=(ev,) if ev else (),
        )
        b.node(node)
        said = (ev,) if ev else ()
        for s in c["speakers"]:
            b.edge(s, c["iri"], SAID, evidence=said)
        for r in c["recipients"]:
            b.edge(c["iri"], r, SAID_TO)
        for a in c["articles"]:
            b.edge(c["iri"], art_iri.get(a), REPORTED_BY)
        if c.get("var"):
            var = str(c["var"])
            variables[var][0].add(str(c.get("varlabel") or var.rsplit("/", 1)[-1]))
            variables[var][1].update(c["articles"])
            variables[var][2].append(c["iri"])
            b.edge(c["iri"], var, MEASURES)
    # a variable's size is the number of figures measuring it
    for var, (names, arts, figures) in sorted(variables.items()):
        b.node(
            VizNode(
                var,
                "Variable",
                min(names),
                len(figures),
                tuple(sorted(arts)),
                details=(("Figures", str(len(figures))), ("Articles", str(len(arts)))),
            )
        )


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "\u2026"


def _date_id(iso: str | None, text: str | None) -> str:
    return VIZ_ID + "date/" + quote(iso if iso else "unresolved:" + (text or "?"), safe="")


def _add_dates(b: _Builder, layers: Layers) -> dict[str, str]:
    """One node per date value (mentions of "June 2018" in three articles meet); returns date IRI -> node id."""
    arts = {a.id: a.iri for a in layers.articles}
    by_node: dict[str, list] = defaultdict(list)
    for d, art, iso, text in layers.dates:
        by_node[_date_id(iso, text)].append((d, art, iso, text))
    for nid, rows in sorted(by_node.items()):
        iso, text = rows[0][2], rows[0][3]
        written = sorted({r[3] for r in rows if r[3]})
        details = (("Value", iso or "unresolved"), ("Written", "; ".join(written)), ("Mentions", str(len(rows))))
        b.node(
            VizNode(
                nid,
                "Date",
                iso or f"{text} (unresolved)",
                len(rows),
                tuple(sorted({r[1] for r in rows if r[1]})),
                details=details,
            )
        )
        for art in sorted({r[1] for r in rows if r[1] in arts}):
            b.edge(nid, arts[art], MENTIONED_IN)
    date_node = {d: _date_id(iso, text) for d, _, iso, text in layers.dates}
    for c in layers.claims:
        for d in c.get("asof", ()):
            b.edge(c["iri"], date_node.get(d), AS_OF)
    return date_node


def _add_roles(b: _Builder, layers: Layers) -> None:
    for r in layers.roles:
        span = layers.spans.get(r["span"])
        ev = (Evidence(span[2], 0, len(span[2]), r["article"]),) if span else ()
        role = r["role"] or "member"
        if r["person"] in b.nodes:
            old = b.nodes[r["person"]]
            if ("Role", role) not in old.details:
                b.nodes[r["person"]] = replace(old, details=old.details + (("Role", role),))
        rel = MEMBER_OF if role.lower() in ("member", "members") else ROLE_AT
        b.edge(r["person"], r["org"], rel, "" if rel == MEMBER_OF else f"{role} at", (("Role", role),), ev)


def _add_events(b: _Builder, layers: Layers, date_node: dict) -> None:
    arts = {a.id: a.iri for a in layers.articles}
    for e in layers.events:
        art = e["articles"][0] if e["articles"] else None
        ev = _evidence(layers.spans, e.get("sent"), e.get("span"), art)
        pred = str(e.get("rel") or e.get("pred") or "event")
        label = ("not " if e.get("neg") is True else "") + pred
        details = [("Predicate", str(e.get("pred") or "")), ("Negated", "yes" if e.get("neg") is True else "no")]
        if e.get("objText"):
            details.append(("Object", str(e["objText"])))
        b.node(
            VizNode(
                e["iri"],
                "EventMention",
                label,
                articles=tuple(e["articles"]),
                details=tuple(details),
                evidence=(ev,) if ev else (),
            )
        )
        b.edge(e.get("actor"), e["iri"], DID)
        b.edge(e["iri"], e.get("obj"), DONE_TO)
        b.edge(e["iri"], e.get("place"), WHERE)
        b.edge(e["iri"], date_node.get(e.get("time")), WHEN)
        for a in e["articles"]:
            b.edge(e["iri"], arts.get(a), REPORTED_BY)


def _event_date(e: dict, iso_of: dict) -> tuple[str | None, str | None]:
    """(ISO value, tooltip text) of a story event: the date as written, else its interval; (None, None) undated."""
    begin, end = e.get("begin"), e.get("end")
    if begin is None:
        return None, None
    iso = iso_of.get(e.get("time")) or (begin if begin == end else f"{begin}/{end}")
    return iso, iso if begin == end == iso else f"{iso} ({begin}..{end})"


def _add_story_events(b: _Builder, layers: Layers, date_node: dict) -> None:
    """One node per event across its reports, linked to its actor, object, date, articles and mentions."""
    labels = {iri: label for iri, _, label, _ in layers.entities}
    iso_of = {d: iso for d, _, iso, _ in layers.dates}
    by_id = {a.id: a for a in layers.articles}
    mentions = {m["iri"]: m for m in layers.events}
    for e in layers.story_events:
        iso, when = _event_date(e, iso_of)
        pred = str(e.get("pred") or "event")
        # its reports' sentences, in article order, the predicate marked
        reports = sorted(
            (mentions[m] for m in e["reports"] if m in mentions),
            key=lambda m: (m["articles"][:1], layers.spans.get(m.get("span"), (0,))[0], m["iri"]),
        )
        evidence: dict[str | None, list[Evidence]] = defaultdict(list)
        for m in reports:
            art = m["articles"][0] if m["articles"] else None
            ev = _evidence(layers.spans, m.get("sent"), m.get("span"), art)
            if ev is not None and ev not in evidence[art]:
                evidence[art].append(ev)
        actor = e.get("actorText") or " / ".join(sorted(labels.get(a, a.rsplit("/", 1)[-1]) for a in e["actors"]))
        obj = e.get("objText") or " / ".join(sorted(labels.get(o, o.rsplit("/", 1)[-1]) for o in e["objects"]))
        details = [("Date", when or "not given"), ("Actor", actor or "unknown"), ("Predicate", pred)]
        if e.get("rel"):
            details.append(("Relation", str(e["rel"])))
        details.append(("Object", obj or "none"))
        details += [("Reported by", by_id[a].caption() if a in by_id else a) for a in e["articles"]]
        b.node(
            VizNode(
                e["iri"],
                "Event" if iso else "UndatedEvent",
                f"{pred} \u00b7 {iso}" if iso else pred,
                len(e["articles"]),
                tuple(e["articles"]),
                details=tuple(details),
                evidence=tuple(ev for a in sorted(evidence, key=str) for ev in evidence[a]),
            )
        )
        for a in sorted(e["actors"]):
            b.edge(a, e["iri"], DID)
        for o in sorted(e["objects"]):
            b.edge(e["iri"], o, DONE_TO)
        if iso:
            b.edge(
                e["iri"],
                date_node.get(e.get("time")) or _event_date_node(b, iso, e["articles"]),
                WHEN,
                details=(("Date", when),),
            )
        for a in e["articles"]:
            if a in by_id:
                b.edge(e["iri"], by_id[a].iri, REPORTED_BY, evidence=tuple(evidence.get(a, ())))
        for m in reports:
            b.edge(e["iri"], m["iri"], REPORTED_AS)


def _event_date_node(b: _Builder, iso: str, articles: tuple[str, ...]) -> str:
    """The node of an event's date value; made when no article wrote it (dated by the day of its reports)."""
    nid = _date_id(iso, None)
    b.node(
        VizNode(
            nid,
            "Date",
            iso,
            0,
            tuple(articles),
            details=(("Value", iso), ("Written", "not written: the day of the reports")),
        )
    )
    return nid


def _add_disagreements(b: _Builder, layers: Layers) -> None:
    for x, y, reason in layers.disagreements:
        b.edge(x, y, DISAGREES, details=(("Reason", reason),) if reason else ())
        for one, other in ((x, y), (y, x)):  # the figure's own tooltip names what contradicts it
            if one in b.nodes and other in b.nodes:
                node = b.nodes[one]
                b.nodes[one] = replace(node, details=node.details + (("Disagrees with", b.nodes[other].label),))
