"""Who gives a figure (a reporting verb, "according to", a headline's "... : media") and the date it holds
for ("as of March 3")."""

from __future__ import annotations

import re

from ..records import DateMention, Extraction, Mention, Span
from .common import tokens_overlapping
from .lexicon import tagged
from .mention_index import mention_index
from .numbers import NumberMatch
from .speakers import speaker_resolver

REPORT_VERBS = tagged("verbs.tsv", "source")
HEDGE_VERBS = tagged("verbs.tsv", "hedge")
# verbs that state the level of their subject: "payments could be as high as $X", "inflation fell to 4.9%"
LEVEL_VERBS = tagged("verbs.tsv", "level")
PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "who", "which"}
AS_OF_BEFORE = re.compile(
    r"\b(?:as\s+of|as\s+at|by|through|until|till|at\s+the\s+(?:end|start|beginning)\s+of|"
    r"by\s+the\s+end\s+of)\s+$",
    re.I,
)
AS_OF_PREPS = {"in", "on", "at", "by", "through", "until", "till", "of", "as"}


# ---------------------------------------------------------------- who says so, and as of when


def source_of(
    doc, tokens, n: NumberMatch, so_far: Extraction, text: str, sentence: Span | None
) -> tuple[Mention | None, str | None]:
    """Who states a figure: the speaker of the quote holding it, or the subject of the reporting verb over it
    ("DHS said ... 3,913", "..., the White House said"), or what "according to" names; resolved by the speaker
    rules quotes use (``speakers``), so "he said" and "the senator said" name whom they name for a quote."""
    parsed = bool(tokens) and doc.has_annotation("DEP")
    verbs = reporting_verbs(tokens[-1]) if parsed else []
    for verb in verbs:
        quoted = _quoted_as_saying(verb)
        if quoted is not None:
            return _speaker(quoted, doc, so_far, text)  # "the agency quoted the governor as saying ...": the governor
    for q in so_far.quotes:
        if q.span.start <= n.start < q.span.end and (q.speaker is not None or q.speaker_name):
            return q.speaker, q.speaker_name
    if not parsed:
        return None, None
    tok = tokens[-1]
    sent = tok.sent
    for t in sent:
        if t.lower_ == "according" and t.i + 1 < len(doc) and doc[t.i + 1].lower_ == "to":
            objs = [c for c in doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return _speaker(objs[0], doc, so_far, text)
    for verb in verbs:
        subj = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
        agent = [g for c in verb.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
        for s in agent + subj:
            if any(t in s.subtree for t in tokens):  # "1 in 4 Americans say"
                continue
            if s.lower_ in PRONOUNS:
                if s.lower_ in ("he", "she", "they", "it", "we", "i") and verb.lemma_ != "quote":
                    resolver = speaker_resolver(doc, so_far)
                    mention, name = resolver.phrase(s)  # "..., he added": as for a quote
                    if mention is not None or (name and name.lower() not in PRONOUNS):
                        return mention, name
                    earlier = resolver.last_speaker_before(n.start) if s.lower_ != "it" else None
                    if earlier is not None:
                        return earlier
                continue
            if s.dep_ == "nsubjpass" and not agent:
                continue
            return _speaker(s, doc, so_far, text)
    headline = HEADLINE_SOURCE_RE.search(sentence.text) if sentence is not None and "\n" not in sentence.text else None
    if headline and sentence is not None and sentence.start + headline.start(1) > n.end:
        return None, headline[1]  # "Quake hits island, five hurt: media"
    return None, None


HEADLINE_SOURCE_RE = re.compile(
    r":\s*((?:[A-Z][\w.&'-]*|the|state|local|official|news|media|police)"
    r"(?:\s+[\w.&'-]+){0,3})\s*$",
    re.I,
)


def _quoted_as_saying(verb):
    """The object of "quoted X as saying": the one who said it."""
    if verb.lemma_ != "quote" or verb.pos_ != "VERB":
        return None
    objs = [c for c in verb.children if c.dep_ == "dobj"]
    return objs[0] if objs else None


def _speaker(tok, doc, so_far: Extraction, text: str) -> tuple[Mention | None, str | None]:
    """The entity a source phrase names by the speaker rules ("Gelernt", "the senator", "a statement from DHS"),
    else a mention inside it ("officials at DHS"), else the phrase as written."""
    mention, _ = speaker_resolver(doc, so_far).phrase(tok)
    return (mention, None) if mention is not None else named(tok, so_far, text)


def reporting_verbs(tok):
    """Reporting verbs over a token, nearest first: its ancestors, then a parenthetical "officials said"
    attached to one of them."""
    ancestors = list(tok.ancestors)
    out = [a for a in ancestors if a.lemma_ in REPORT_VERBS and a.pos_ in ("VERB", "AUX")]
    for a in ancestors:
        for c in a.children:
            if (
                c.dep_ in ("parataxis", "advcl", "ccomp")
                and c.lemma_ in REPORT_VERBS
                and c not in out
                and tok not in c.subtree
            ):
                out.append(c)
    return out


def named(tok, so_far: Extraction, text: str) -> tuple[Mention | None, str | None]:
    """The entity mention a subject token denotes, or its noun phrase as written ("court documents")."""
    sub = list(tok.subtree)
    start, end = sub[0].idx, sub[-1].idx + len(sub[-1].text)
    index = mention_index(tok.doc, so_far.mentions)
    inside = index.covering(tok.idx) or index.within(start, end)
    if inside:
        return sorted(inside, key=lambda m: (m.span.start, -m.span.end))[0], None
    words = [t for t in sub if t.dep_ not in ("det", "punct") or t.i != sub[0].i]
    phrase = text[words[0].idx : end] if words else text[start:end]
    return None, re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I).strip() or None


def as_of_of(doc, tokens, text: str, so_far: Extraction, sentence: Span | None) -> DateMention | None:
    """The date a figure holds for: "as of late October", "by June", or a date on its predicate or on the
    reporting verb over it ("DHS said in June that ..."). Dates on other nouns ("the policy in 2018") are not."""
    if sentence is None or not tokens:
        return None
    dates = [d for d in so_far.dates if sentence.start <= d.span.start < sentence.end]
    if doc is not None and doc.has_annotation("ENT_IOB"):
        known = {(d.span.start, d.span.end) for d in dates}
        for ent in doc.ents:
            if (
                ent.label_ == "DATE"
                and sentence.start <= ent.start_char < sentence.end
                and not any(d.span.start <= ent.start_char < d.span.end for d in dates)
                and (ent.start_char, ent.end_char) not in known
            ):
                dates.append(DateMention(Span(ent.start_char, ent.end_char, ent.text), None, "unresolved"))
    if not dates:
        return None
    for d in dates:
        if AS_OF_BEFORE.search(text[max(sentence.start, d.span.start - 30) : d.span.start]):
            return d
    if not doc.has_annotation("DEP"):
        return None
    tok = tokens[-1]
    anchors = {a.i for a in tok.ancestors if a.pos_ in ("VERB", "AUX")}
    for d in sorted(dates):
        dt = [t for t in tokens_overlapping(doc, d.span.start, d.span.end) if d.span.start <= t.idx < d.span.end]
        if not dt:
            continue
        root = min(dt, key=lambda t: len(list(t.ancestors)))
        if root.dep_ == "pobj" and root.head.lower_ not in AS_OF_PREPS:
            continue  # "over 10 years", "since March": a period, not the date the figure holds for
        head = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
        if root.dep_ in ("pobj", "npadvmod", "tmod") and head.i in anchors:
            return d
    return None
