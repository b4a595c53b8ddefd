"""The speech verbs of a frame and whom they name: a verb's speaker is its subject, or the agent of a passive,
or the name right after an inverted verb ("said Lee Gelernt"); "according to X" names X; and the recipient it is
said to ("told reporters")."""

from __future__ import annotations

from bisect import bisect_left
from itertools import islice

from ..records import Mention
from .speakers import DEMONSTRATIVES, Attribution, resolve_speaker, written_name
from .speech_context import SpeechContext
from .speech_words import DOCUMENT_NOUNS, OBJECT_PRONOUNS, SPEECH_VERBS


def speech_verbs_in(ctx: SpeechContext, start: int, end: int):
    toks, out = ctx.tokens, []
    inside, found = toks.between(start, end), toks.speech_or_according
    for i in found[bisect_left(found, inside.start) : bisect_left(found, inside.stop)]:
        t = ctx.doc[i]
        if t.is_space:
            continue
        if i in toks.speech:
            if t.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in t.children):
                continue  # "when asked about it": a participle, not an attribution
            out.append(t)
        else:
            out.append(t)  # "according to"
    return out


def attribute(ctx: SpeechContext, verb, start: int, end: int) -> Attribution:
    """Speaker, verb lemma and recipient of a speech verb; ``start``/``end`` bound the frame."""
    doc = ctx.doc
    if verb.lower_ == "according":
        to = doc[verb.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if objs:
            mention, name = resolve_speaker(ctx, objs[0])
            return Attribution("according to", verb.idx, mention, name, written=written_name(ctx, objs[0]))
        return Attribution("according to", verb.idx)
    lemma = verb.lemma_.lower()
    subj = subject_of(ctx, verb, start, end)
    mention, name = resolve_speaker(ctx, subj) if subj is not None else (None, None)
    recipient = recipient_of(ctx, verb, subj) if lemma == "tell" else None
    return Attribution(lemma, verb.idx, mention, name, recipient, written_name(ctx, subj))


def subject_of(ctx: SpeechContext, verb, start: int, end: int):
    def usable(t) -> bool:  # in the frame, outside quotes, in the verb's paragraph
        lo, hi = (t.idx, verb.idx) if t.idx < verb.idx else (verb.idx, t.idx)
        return start <= t.idx < end and not ctx.in_quote(t.idx) and not t.is_punct and "\n" not in ctx.text[lo:hi]

    if any(c.dep_ == "auxpass" for c in verb.children):  # "is claimed to be": the speaker is the agent, if any
        for c in verb.children:
            if c.dep_ == "agent":
                objs = [o for o in c.children if o.dep_ == "pobj" and usable(o)]
                return objs[0] if objs else None
        return None
    v = verb
    for _ in range(4):
        subs = [
            c
            for c in v.children
            if c.dep_ in ("nsubj", "nsubjpass") and usable(c) and not (c.lower_ in DEMONSTRATIVES and v.dep_ != "relcl")
        ]  # "that was not her view": no one
        if subs:
            subj = min(subs, key=lambda t: t.i)
            if subj.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                return _appos_head(v.head)  # "Biden, who said last week that ...": the noun the clause is about
            if (
                subj.tag_ in ("WDT", "WP")
                and subj.i
                and usable(ctx.doc[subj.i - 1])
                and ctx.doc[subj.i - 1].pos_ in ("PROPN", "NOUN")
            ):
                return _np_head(ctx.doc[subj.i - 1], v)  # "the police department which reported": misparsed
            return subj
        if (
            v.dep_ == "acl"
            and v.tag_ == "VBG"
            and usable(v.head)
            and (v.head.lemma_.lower() in DOCUMENT_NOUNS or ctx.mention_at(v.head) is not None)
        ):
            return v.head  # "a statement calling the test ...": the document says it
        if (v.dep_ in ("conj", "xcomp") or v.dep_ in ("advcl", "pcomp") and v.tag_ == "VBG") and v.head.i != v.i:
            v = v.head  # "..., adding that ...", "by saying ...": the subject of the main verb
            while v.pos_ == "ADP" and v.head.i != v.i:
                v = v.head
        else:
            break
    # the parser missed it: the nominal right after an inverted verb ("said Lee Gelernt"), or before
    doc = ctx.doc
    stop = ctx.tokens.between(0, end).stop  # tokens from here on start at or after ``end``
    after = (t for t in (doc[i] for i in range(verb.i + 1, stop)) if usable(t))
    # only a verb of saying inverts ("said Lee Gelernt"); after "proposing" or "dismissed" comes an object
    inverts = verb.tag_ != "VBG" and verb.lemma_.lower() in SPEECH_VERBS
    for t in islice(after, 6 if inverts else 0):
        if t.ent_type_ in ("DATE", "TIME"):
            break  # "said Monday": when, not who
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return _np_head(t, verb)
        if t.pos_ not in ("DET", "ADJ", "PROPN", "NOUN"):
            break
    k = verb.i - 1
    while k >= 0 and doc[k].dep_ in ("advmod", "aux", "neg") and usable(doc[k]):
        k -= 1
    if (
        k >= 0
        and usable(doc[k])
        and doc[k].pos_ in ("PROPN", "NOUN", "PRON")
        and doc[k].dep_ not in ("dobj", "pobj", "dative", "iobj")
        and doc[k].lower_ not in OBJECT_PRONOUNS
    ):
        return _np_head(doc[k], verb)
    return None


def _appos_head(tok):
    """ "McConnell, now the majority leader, who said ...": the name an apposition describes."""
    while tok.dep_ == "appos" and tok.head.i != tok.i:
        tok = tok.head
    return tok


def _np_head(tok, verb):
    """Climb from a token to the head of its noun phrase (stopping at the verb)."""
    t = tok
    while t.head.i != t.i and t.head.i != verb.i and t.dep_ in ("compound", "amod", "det", "poss", "nmod", "case"):
        t = t.head
    return t


def recipient_of(ctx: SpeechContext, verb, subj) -> Mention | None:
    """ "told The Associated Press": the object after "tell" (the parser sometimes calls it a subject)."""
    cands = [
        c
        for c in verb.children
        if c.i > verb.i
        and c.dep_ in ("dative", "dobj", "iobj", "nsubj", "npadvmod")
        and (subj is None or c.i != subj.i)
    ]
    for c in cands:
        m = ctx.mention_at(c)
        if m is not None and m.type in ("Organization", "Person"):
            return ctx.full_name(m)
    nxt = ctx.doc[verb.i + 1 : verb.i + 4]
    for t in nxt:
        m = ctx.mention_at(t)
        if m is not None and m.type in ("Organization", "Person"):
            return ctx.full_name(m)
        if t.pos_ not in ("DET", "PROPN"):
            break
    return None
