"""Direct quotes: each quotation-mark segment attributed through the speech verb in the text around it (its
frame), a credit line closing the paragraph, a colon introducing it, the subject of the sentence before, or the
quote it continues; a quoted fragment inside a sentence through ``quote_fragments``."""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from ..records import Quote, Span
from .common import sentence_at, span_of
from .quote_fragments import fragment_attribution
from .quote_marks import Segment
from .speakers import Attribution, resolve_speaker, written_name
from .speech_context import SpeechContext, np_text, tokens_between
from .speech_words import NOT_COMPLEMENT
from .verb_speakers import attribute, speech_verbs_in, subject_of

SENTENCE_END = re.compile(r"\n|[.!?](?=\s|$|[\u201c\u201d\"])")
NEAR_TOKENS = 8  # a speech verb this close to the quote attributes it even when the parse disagrees
MIN_FRAGMENT_WORDS = 2  # a one-word quoted fragment inside a sentence is a scare quote


def _frame_after(ctx: SpeechContext, seg: Segment, nxt: Segment | None) -> tuple[int, int]:
    """Text after the closing mark up to the sentence end or the next quote."""
    text = ctx.text
    if seg.runs_on:
        return seg.close_at, seg.close_at
    i = seg.close_at + 1
    inner = text[seg.start : seg.end].rstrip()
    rest = text[i:]
    nxt_char = rest.lstrip(" \t")[:1]
    if inner[-1:] in ".!?" and (
        not nxt_char
        or nxt_char == "\n"
        or nxt_char.isupper()
        and not _starts_with_attribution(rest)
        and not _speech_verb_follows(ctx, i)
    ):
        return i, i
    stop = len(text) if nxt is None else nxt.open_at
    m = SENTENCE_END.search(text, i, stop)
    end = stop if m is None else m.start()
    # "Sen." and "Gov." are not sentence ends: the model's tokens know abbreviations
    while m is not None and text[m.start()] == "." and _is_abbrev(ctx, m.start()):
        m = SENTENCE_END.search(text, m.end(), stop)
        end = stop if m is None else m.start()
    return i, end


def _starts_with_attribution(rest: str) -> bool:
    """ "Xyz said" / "said Xyz" right after a closing quote that ended in a full stop."""
    head = rest.lstrip()[:80]
    return bool(
        re.match(r"(?:[A-Z][\w.'\u2019-]*\s){1,4}(?:said|says|told|added|asked|wrote|stated|explained)\b", head)
        or re.match(r"(?:said|says|told|added|asked|wrote)\b", head)
    )


def _speech_verb_follows(ctx: SpeechContext, offset: int) -> bool:
    """ "...?" Ellen Pike demanded.": a speech verb after a name or a noun phrase right after the closing mark."""
    toks = ctx.tokens.between(offset, offset + 80)
    for k in toks:
        if k in ctx.tokens.speech:
            return True
        if ctx.doc[k].pos_ not in ("PROPN", "NOUN", "DET", "ADJ", "SPACE"):
            return False
    return False


def _is_abbrev(ctx: SpeechContext, offset: int) -> bool:
    """Whether the full stop at ``offset`` ends an abbreviation ("Sen.", "N.Y.") by the model's tokens:
    a token longer than the stop ends there."""
    k = bisect_right(ctx.tokens.idx, offset) - 1  # the only token that can end at ``offset``
    if k < 0:
        return False
    t = ctx.doc[k]
    return len(t) > 1 and t.idx + len(t) - 1 == offset and t.text.endswith(".")


def _frame_before(ctx: SpeechContext, seg: Segment, prev: Segment | None) -> tuple[int, int]:
    """Text from the sentence start (or the previous quote) up to the opening mark."""
    text = ctx.text
    stop = 0 if prev is None else prev.close_at + 1
    j = seg.open_at
    k = j
    while k > stop:
        c = text[k - 1]
        if c == "\n" or (c in ".!?" and k - 1 > stop and not _is_abbrev(ctx, k - 1)):
            break
        k -= 1
    return k, j


def _frames(ctx: SpeechContext, verb, seg: Segment, quote_toks, nearest, start: int, end: int) -> bool:
    """Whether a speech verb in a quote's frame attributes the quote: the sentence's main verb, the
    verb taking the quote, or one near the quote ("..., he said"), not "... as Trump said goodbye"."""
    if verb.dep_ == "ROOT" or _governs(verb, quote_toks) or verb.lower_ == "according":
        return True
    toks = [t for t in tokens_between(ctx, start, end) if not t.is_punct]
    near = toks[:NEAR_TOKENS] if start >= seg.end else toks[-NEAR_TOKENS:]
    return any(t.i == verb.i for t in near) and any(v.i == verb.i for v in nearest)


def _governs(verb, toks) -> bool:
    """Whether a quoted fragment sits in the speech verb's complement (not in its subject or in an
    adverbial clause: "Citing "a precautionary measure", Airbus announced ...")."""
    for t in toks:
        if t.is_punct or t.is_space:
            continue
        a = t
        while a.head.i != a.i:
            if a.dep_ in NOT_COMPLEMENT:
                break
            a = a.head
            if a.i == verb.i:
                return True
    return False


def _is_label(toks, inner_text: str) -> bool:
    """A quoted name or label rather than words said: a pre-modifier ("the "zero tolerance" policy")
    or a title-case phrase ("the book "Fire and Fury")."""
    words = [t for t in toks if t.is_alpha]
    if not words:
        return True
    inside = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in inside and not t.is_punct]
    if roots and all(r.head.i > r.i and r.dep_ in ("compound", "amod", "nmod", "nummod", "poss") for r in roots):
        return True
    return len(words) > 1 and all(w.text[:1].isupper() for w in words if len(w) > 3) and inner_text[-1:] not in ".!?"


def _inner(text: str, seg: Segment) -> Span:
    """The words said: the segment without a trailing comma or stop before the closing mark."""
    start, end = seg.start, seg.end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end > start and text[end - 1] == "." and not text[start : end - 1].rstrip().endswith("."):
        end -= 1
    return span_of(text, start, end)


def direct_quotes(ctx: SpeechContext) -> list[Quote]:
    """Every quotation-mark segment that a speech verb attributes, or that continues an attributed one."""
    segs = ctx.segments
    out: list[Quote] = []
    last: tuple[Segment, Attribution] | None = None
    for k, seg in enumerate(segs):
        prev = segs[k - 1] if k else None
        nxt = segs[k + 1] if k + 1 < len(segs) else None
        att = _attribution_of(ctx, seg, prev, nxt, last)
        if att is None and seg.continues and last is not None:
            att = last[1]
        span = _inner(ctx.text, seg)
        if att is None or (att.speaker is None and att.speaker_name is None) or not span.text:
            continue
        out.append(
            Quote(
                span,
                att.speaker,
                att.shown,
                att.verb,
                att.recipient,
                "direct",
                sentence_at(ctx.so_far.sentences, seg.start),
            )
        )
        ctx.history.append((att.at, att))
        ctx.history.sort(key=lambda p: p[0])
        last = (seg, att)
    return out


def _attribution_of(
    ctx: SpeechContext,
    seg: Segment,
    prev: Segment | None,
    nxt: Segment | None,
    last: tuple[Segment, Attribution] | None,
) -> Attribution | None:
    """A quote standing as a clause ("X," he said) is attributed by the speech verb in its frame; a
    fragment inside a sentence only when a speech verb takes it as its complement."""
    text = ctx.text
    a_start, a_end = _frame_after(ctx, seg, nxt)
    b_start, b_end = _frame_before(ctx, seg, prev)
    before = text[b_start:b_end].strip()
    after = text[a_start:a_end].strip()
    inner_text = text[seg.start : seg.end].strip()
    if before[-1:] in ".!?" and inner_text[:1].isupper():
        before, b_end = "", b_start  # "..., D-N.Y. "People are hurting."": a new sentence
    credit = _dash_credit(ctx, a_start, a_end) or _paragraph_credit(ctx, seg)
    if credit is not None:
        return credit
    clause = (not before or before[-1] in ",:\u2014") and (
        not after or inner_text[-1:] in ",.!?" or after[0] in ",\u2014"
    )
    verbs_after = speech_verbs_in(ctx, a_start, a_end) if after else []
    verbs_before = speech_verbs_in(ctx, b_start, b_end) if before else []
    quote_toks = tokens_between(ctx, seg.start, seg.end)
    if clause:
        # the speech verb nearest the quote that names a speaker
        tries = [
            (v, a_start, a_end)
            for v in verbs_after
            if _frames(ctx, v, seg, quote_toks, verbs_after[:1], a_start, a_end)
        ]
        tries += [
            (v, b_start, b_end)
            for v in reversed(verbs_before)
            if _frames(ctx, v, seg, quote_toks, verbs_before[-1:], b_start, b_end)
        ]
        if tries:
            return next(
                (
                    a
                    for a in (attribute(ctx, v, lo, hi) for v, lo, hi in tries)
                    if a.speaker is not None or a.speaker_name is not None
                ),
                None,
            )
        if not before and not after:
            return _colon_attribution(ctx, seg) or _previous_subject(ctx, seg, last) or _inherited(ctx, seg, last)
        if before.endswith(":") and not verbs_before:
            introduced = _colon_subject(ctx, b_start, b_end)
            if introduced is not None:
                return introduced
        if not after and before.endswith(","):  # split quote: "X," he said, "Y."
            inherited = _inherited(ctx, seg, last)
            if inherited is not None:
                return inherited
        if not inner_text[:1].islower():
            return None
        # a lower-case phrase after a comma is a fragment of the sentence: "seen, as one paper put it, "the ...""
    if len(inner_text.split()) < MIN_FRAGMENT_WORDS or _is_label(quote_toks, inner_text):
        return None  # one word, hyphens and all ("cross-sell"): a scare quote
    return fragment_attribution(ctx, seg, quote_toks)


# spaces before the dash are read from the first of them only (linear on a long run of spaces)
CREDIT_DASH = re.compile(r"(?<!\s)\s*[\u2015\u2014\u2013]\s*|[\u2015\u2014\u2013]\s*|(?<!\s)\s+-{1,2}\s+")


def _dash_credit(ctx: SpeechContext, start: int, end: int) -> Attribution | None:
    """ "... ." \u2015 Ana Diaz": a name after a dash closing the paragraph credits the quote before it."""
    text = ctx.text
    m = CREDIT_DASH.match(text, start, end)
    if m is None:
        return None
    para_end = text.find("\n", start)
    para_end = len(text) if para_end < 0 else para_end
    if text[end:para_end].strip(" .\t"):
        return None  # the paragraph goes on: an aside, not a credit line
    toks = [t for t in tokens_between(ctx, m.end(), end) if not t.is_space]
    while toks and toks[-1].is_punct:
        toks.pop()
    if (
        not toks
        or len(toks) > 5
        or not toks[0].text[:1].isupper()
        or not all(t.text[:1].isupper() or t.is_punct for t in toks)
    ):
        return None
    m0 = ctx.mention_at(toks[0])
    if m0 is not None and m0.type in ("Person", "Organization"):
        return Attribution("say", toks[0].idx, ctx.full_name(m0), written=m0.name)
    if not any(t.pos_ == "PROPN" for t in toks):
        return None
    return Attribution("say", toks[0].idx, None, np_text(text, toks))


def _paragraph_credit(ctx: SpeechContext, seg: Segment) -> Attribution | None:
    """A paragraph that opens with a quote and closes with a credit line ("... ." More. "..." \u2015 Ana Diaz)
    credits every quote in it."""
    text = ctx.text
    para_start = text.rfind("\n", 0, seg.open_at) + 1
    if text[para_start : seg.open_at].strip():
        return None
    para_end = text.find("\n", seg.close_at)
    para_end = len(text) if para_end < 0 else para_end
    closes = ctx.closes
    k = bisect_left(closes, para_end)
    if k == 0 or closes[k - 1] <= seg.close_at:
        return None  # no later quote in the paragraph
    return _dash_credit(ctx, closes[k - 1] + 1, para_end)


def _colon_subject(ctx: SpeechContext, start: int, end: int) -> Attribution | None:
    """ "Reyes closed the rally on a defiant note: "..."": a clause with no speech verb introducing a quote with
    a colon introduces its subject's words, when the subject is a person or organization."""
    toks = [t for t in tokens_between(ctx, start, end) if not t.is_punct]
    if not toks:
        return None
    root = toks[-1].sent.root
    if not start <= root.idx < end:
        return None
    subj = subject_of(ctx, root, start, end)
    if subj is None:
        return None
    mention, _ = resolve_speaker(ctx, subj)
    if mention is not None and mention.type in ("Person", "Organization"):
        return Attribution(root.lemma_.lower(), root.idx, mention, written=written_name(ctx, subj))
    return None  # "The ad ends with a line from Abel: ...": not the ad's words, and not surely Abel's


def _colon_attribution(ctx: SpeechContext, seg: Segment) -> Attribution | None:
    """ "Gelernt said in a statement:" closing the paragraph before a quote."""
    text = ctx.text
    before = text[: seg.open_at].rstrip()
    if not before.endswith(":"):
        return None
    start = max(before.rfind("\n"), 0)
    verbs = speech_verbs_in(ctx, start, len(before))
    return attribute(ctx, verbs[-1], start, len(before)) if verbs else None


def _previous_subject(ctx: SpeechContext, seg: Segment, last) -> Attribution | None:
    """A quote standing alone after a sentence of narrative is the words of that sentence's subject, when
    it is a person or organization ("Lena Ortiz called the plan a gamble. "It will fail.""): the sentence right
    before, in the same paragraph or ending the paragraph before, and not itself holding the last quote."""
    doc, text = ctx.doc, ctx.text
    k = ctx.tokens.between(0, seg.open_at).stop - 1
    while k >= 0 and (doc[k].is_space or doc[k].is_quote):
        k -= 1
    if k < 0:
        return None
    sent = doc[k].sent
    if last is not None and last[0].close_at >= sent.start_char:
        return None  # the sentence before is the last quote's frame: the quote continues it
    gap = text[doc[k].idx + len(doc[k]) : seg.open_at]
    if gap.strip(' \t\n\u201c\u201d"') or gap.count("\n") > 2 or ctx.in_quote(sent.root.idx):
        return None
    subj = subject_of(ctx, sent.root, sent.start_char, sent.end_char)
    if subj is None:
        return None
    mention, _ = resolve_speaker(ctx, subj)
    if mention is None or mention.type not in ("Person", "Organization"):
        return None
    return Attribution(
        sent.root.lemma_.lower() if sent.root.i in ctx.tokens.speech else None,
        sent.root.idx,
        mention,
        written=written_name(ctx, subj),
    )


def _inherited(ctx: SpeechContext, seg: Segment, last) -> Attribution | None:
    """A quote standing alone right after another quote (next sentence or paragraph) continues it."""
    if last is None:
        return None
    prev_seg, att = last
    gap = ctx.text[prev_seg.close_at + 1 : seg.open_at]
    if gap.count("\n\n") > 1 or len(gap) > 200 or ctx.text.count("\n", prev_seg.close_at, seg.open_at) > 2:
        return None
    return att
