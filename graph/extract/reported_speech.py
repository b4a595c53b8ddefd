"""Reported speech: the clause a reporting verb takes ("DHS said in June that it had identified ..."), and the
rest of a clause an "according to" sources."""

from __future__ import annotations

from ..records import Quote, Span
from .common import sentence_at, span_of
from .speakers import Attribution, resolve_speaker, written_name
from .speech_context import SpeechContext
from .verb_speakers import recipient_of, subject_of


def reporting(ctx: SpeechContext) -> list:
    """(verb, clause) for each reporting verb outside quotes, in text order: clause is None for "according
    to", else what ``reported_clause`` found; worked out once, as both passes over reported speech ask."""
    if ctx.reporting_cache is None:
        ctx.reporting_cache = []
        toks = ctx.tokens
        for i in toks.report_or_according:
            if ctx.in_quote(toks.idx[i]):
                continue
            if i in toks.according:
                ctx.reporting_cache.append((ctx.doc[i], None))
            else:
                v = ctx.doc[i]
                clause = reported_clause(ctx, v)
                if clause is not None:
                    ctx.reporting_cache.append((v, clause))
    return ctx.reporting_cache


# ---------------------------------------------------------------- reported speech


def reported_quotes(ctx: SpeechContext, direct: list[Quote]) -> list[Quote]:
    """The clause a reporting verb takes, when it is not itself quoted."""
    out = []
    for v, clause in reporting(ctx):
        if clause is None:
            q = _according_to(ctx, v)
            if q is not None:
                out.append(q)
            continue
        lemma, start, end, subj = clause
        if any(q.span.start < end and start < q.span.end for q in direct):
            continue  # a partial quote: the direct quote stands for it
        mention, name = resolve_speaker(ctx, subj)
        if mention is None and name is None:
            continue
        span = _trim(ctx.text, start, end)
        att = Attribution(
            lemma,
            v.idx,
            mention,
            name if mention is None else None,
            recipient_of(ctx, v, subj) if lemma == "tell" else None,
            written_name(ctx, subj),
        )
        ctx.history.append((v.idx, att))
        ctx.history.sort(key=lambda p: p[0])
        out.append(
            Quote(
                span, att.speaker, att.shown, lemma, att.recipient, "reported", sentence_at(ctx.so_far.sentences, v.idx)
            )
        )
    return out


def reported_clause(ctx: SpeechContext, v) -> tuple[str, int, int, object] | None:
    """(lemma, start, end, subject) of the clause reporting verb ``v`` takes, or None: the part of
    reported speech that does not depend on the speakers found so far."""
    if any(c.dep_ == "neg" for c in v.children):
        return None
    comps = [
        c
        for c in v.children
        if c.pos_ in ("VERB", "AUX")
        and (
            c.dep_ == "ccomp"
            or
            # "As of October, 1,000 families were separated, the White House said": a fronted clause
            c.dep_ in ("advcl", "parataxis")
            and c.i < v.i
            and not any(m.dep_ == "mark" for m in c.children)
        )
    ]
    if not comps:
        return None
    comps.sort(key=lambda c: (c.i < v.i, c.i))  # the complement after the verb first
    toks = [t for t in comps[0].subtree if not t.is_space]
    if toks and toks[0].dep_ == "mark" and toks[0].head.i == comps[0].i:
        toks = toks[1:]
    toks = _drop_dateline(toks)
    if len(toks) < 3 or toks[0].tag_ in ("WDT", "WP", "WRB"):
        return None
    offsets = [t.idx for t in toks]
    para_start, para_end = _paragraph(ctx.text, v.idx)
    if min(offsets) < para_start or max(offsets) >= para_end:
        return None  # the parse ran over a paragraph break
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    if ctx.in_quote(start) or ctx.quoted_count(offsets) * 2 > len(toks):
        return None  # mostly words in quotation marks: a direct quote, attributed or not
    sent = v.sent
    subj = subject_of(ctx, v, sent.start_char, sent.end_char)
    if subj is None or subj.i in range(toks[0].i, toks[-1].i + 1):
        return None
    return v.lemma_.lower(), start, end, subj


def _paragraph(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end < 0 else end


def _drop_dateline(toks):
    """ "WASHINGTON (AP) — The administration ...": the dateline is not part of what was said."""
    for k, t in enumerate(toks[:8]):
        if (
            t.text in ("\u2014", "\u2013", "--", "-")
            and k
            and all(x.is_upper or x.is_punct or x.is_space for x in toks[:k] if x.is_alpha or x.is_punct)
        ):
            return toks[k + 1 :]
    return toks


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.\u2014"):
        end -= 1
    return span_of(text, start, end)


def _according_to(ctx: SpeechContext, v) -> Quote | None:
    """ "according to court records, more than 300 parents ...": the rest of the clause, sourced."""
    to = ctx.doc[v.i + 1]
    objs = [c for c in to.children if c.dep_ == "pobj"]
    clause = v.head
    if not objs or clause.i == v.i:
        return None
    mention, name = resolve_speaker(ctx, objs[0])
    own = {t.i for t in v.subtree}
    toks = [t for t in clause.subtree if t.i not in own and not t.is_space]
    side = [t for t in toks if t.i > v.i] if v.i < clause.i else [t for t in toks if t.i < v.i]
    while side and (side[0].is_punct or side[0].dep_ == "cc"):
        side = side[1:]
    if len(side) < 3:
        return None
    start, end = side[0].idx, side[-1].idx + len(side[-1])
    if any(ctx.in_quote(t.idx) for t in side):
        return None
    shown = name if mention is None else written_name(ctx, objs[0])
    return Quote(
        _trim(ctx.text, start, end),
        mention,
        shown,
        "according to",
        None,
        "reported",
        sentence_at(ctx.so_far.sentences, v.idx),
    )
