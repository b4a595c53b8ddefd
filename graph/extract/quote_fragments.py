"""Quoted fragments inside a sentence: whose words they are, from the speech or characterizing verb, the
"according to", the "as X put it" or the speech noun above them in the parse."""

from __future__ import annotations

from .quote_marks import Segment
from .speakers import Attribution, document_source
from .speech_context import SpeechContext
from .speech_words import COMMISSIVE, NOT_COMPLEMENT, SPEECH_NOUNS
from .verb_speakers import attribute


def _outside_complement(child, verb) -> bool:
    """Whether ``child`` attaches to ``verb`` as something other than what the verb says: its subject, a
    modifier, a fronted or subordinate adverbial clause ("Citing ...", "when ..."), or the infinitive of a
    verb of commitment. An infinitive after the verb that the parser calls adverbial ("tells his supporters
    to go ...") is its complement."""
    if child.dep_ == "advcl":
        return (
            child.i < verb.i
            or any(m.dep_ == "mark" for m in child.children)
            or not any(m.dep_ == "aux" and m.lower_ == "to" for m in child.children)
        )
    if child.dep_ == "xcomp" and verb.lemma_.lower() in COMMISSIVE:
        return True
    return child.dep_ in NOT_COMPLEMENT


def _as_put(verb) -> bool:
    """ "as The Post put it": "put" says something only in an "as" clause."""
    return verb.lemma_.lower() == "put" and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)


def fragment_attribution(ctx: SpeechContext, seg: Segment, quote_toks) -> Attribution | None:
    """A quoted fragment inside a sentence is the words of whoever the nearest speech or characterizing verb
    above it in the parse has as subject ("Cruz called Trump a "pathological liar" who is "utterly amoral"",
    "Fallon noted that the campaign faced a crossroads in May "when ..."), or of the source an "according to"
    or "as X put it" on the clause above it names. Not when the fragment sits in that verb's subject or in an
    adverbial clause of it ("Citing "a safety concern", the airline announced"), nor in the infinitive of a
    verb of commitment ("promised to end the "pothole crisis"": the writer's words for the act)."""
    roots = [t for t in quote_toks if not t.is_punct and not seg.start <= t.head.idx < seg.end]
    if not roots:
        return None
    frag = ctx.tokens.fragment
    sent = roots[0].sent
    lo, hi = sent.start_char, sent.end_char
    child, a = roots[0], roots[0].head
    for _ in range(12):  # a clause or two up at most: deeper, the fragment belongs to an inner clause
        if a.i == child.i:
            return None
        if not ctx.in_quote(a.idx):
            if (
                a.pos_ == "NOUN"
                and a.lemma_.lower() in SPEECH_NOUNS
                and child.dep_ in ("acl", "ccomp", "prep", "appos")
            ):
                # "Donald Trump's claim that there have been "thousands of shootings"": whose claim it is
                source = document_source(ctx, a)
                if source is not None:
                    return Attribution(a.lemma_.lower(), a.idx, source)
            if (
                child.lower_ == "as"
                and child.dep_ == "prep"
                and a.pos_ == "VERB"
                and a.i not in frag
                and not ctx.in_quote(child.idx)
            ):
                # "Trump admires Putin as a "strong leader"": what a person or organization takes someone for
                att = attribute(ctx, a, lo, hi)
                if att.speaker is not None and att.speaker.type in ("Person", "Organization"):
                    return att
            if (a.i in frag or _as_put(a)) and not (
                a.tag_ == "VBN" and not any(c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in a.children)
            ):
                if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                    pass  # the fragment is in what the verb is about, not in what it says: look further up
                elif _outside_complement(child, a):
                    return None
                else:
                    att = attribute(ctx, a, lo, hi)
                    if att.speaker is not None or att.speaker_name is not None:
                        return att
            for c in a.children:
                if c.i == child.i or ctx.in_quote(c.idx):
                    continue
                if c.i in ctx.tokens.according:  # "according to X, the developers engaged in a "scheme""
                    att = attribute(ctx, c, lo, hi)
                    if att.speaker is not None or att.speaker_name is not None:
                        return att
                elif (
                    c.dep_ == "advcl"
                    and (c.i in frag or _as_put(c))
                    and any(m.dep_ == "mark" and m.lower_ == "as" for m in c.children)
                ):  # "as a memo put it"
                    att = attribute(ctx, c, c.sent.start_char, c.sent.end_char)
                    if att.speaker is not None or att.speaker_name is not None:
                        return att
        child, a = a, a.head
    return None
