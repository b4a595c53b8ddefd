"""One speaker resolver: who a subject phrase or a speech verb names, for quotes and figures alike.

A phrase resolves to an entity mention of the article through pronouns (the nearest earlier speaker or subject
of the right gender), surnames (the full name written elsewhere), names in apposition, the issuers of documents
("a statement from the DOJ") and role descriptions ("the ACLU lawyer", "the department"); a phrase no mention
matches keeps its words. Whom a speech verb names (its subject, a passive's agent, the name after an inverted
verb) is read in :mod:`.verb_speakers`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..records import Extraction, Mention
from .quote_marks import quote_segments
from .roles import ROLE_WORDS
from .speech_context import SpeechContext, np_text, np_tokens
from .speech_words import (
    DOCUMENT_NOUNS,
    GROUP_PRONOUNS,
    ORG_NOUNS,
    PERSONAL,
    ROLE_SYNONYMS,
)


@dataclass(frozen=True)
class Attribution:
    """Who said it, through which verb, to whom."""

    verb: str | None  # None for a quote taken from the narrative sentence before it
    at: int  # offset of the verb, for ordering and pronoun look-back
    speaker: Mention | None = None
    speaker_name: str | None = None
    recipient: Mention | None = None
    written: str | None = None  # the name form or description used here ("Mr. Clarke", "the senator"); no pronoun

    @property
    def shown(self) -> str | None:
        """The speaker's words at this attribution: the form written there, else the unresolved phrase."""
        return self.speaker_name if self.speaker is None else self.written


def written_name(ctx: SpeechContext, head) -> str | None:
    """How the text names the speaker where it attributes the words: the mention there ("Clarke" of "Mr. Clarke"),
    a name in apposition, else the noun phrase ("the senator"); None for a pronoun, which names no one."""
    if head is None or head.pos_ == "PRON" or head.lower_ in PERSONAL or head.lower_ in GROUP_PRONOUNS:
        return None
    if head.lemma_.lower() in DOCUMENT_NOUNS or head.lower_ in DOCUMENT_NOUNS:
        return None  # "the statement said": its issuer, when resolved, names the speaker better
    m = ctx.mention_at(head)
    if m is not None:
        return m.name
    for c in head.children:
        if c.dep_ == "appos":
            named = ctx.mention_at(c)
            if named is not None and named.type in ("Person", "Organization"):
                return named.name
    return np_text(ctx.text, np_tokens(head)) or head.text


DEMONSTRATIVES = frozenset("that this these those".split())


# ---------------------------------------------------------------- speakers


def resolve_speaker(ctx: SpeechContext, head) -> tuple[Mention | None, str | None]:
    """The entity mention a subject phrase denotes, else the phrase as written."""
    low = head.lower_
    if low in PERSONAL or low in GROUP_PRONOUNS:
        ahead = _cataphor(ctx, head) if low in PERSONAL else None
        if ahead is not None:
            return ahead, None
        outer = _clause_antecedent(ctx, head) if low in ("they", "it") else None
        if outer is not None:  # "the campaign contrasts her plan with what they call ...": the campaign
            found = resolve_speaker(ctx, outer)
            if found[0] is not None or found[1] is not None:
                return found
        found = _resolve_pronoun(ctx, low, head.idx)
        return found if found != (None, None) else (None, head.text)
    toks = np_tokens(head)
    m = ctx.mention_at(head)
    if m is not None:
        return ctx.full_name(m), None
    for c in head.children:  # "His former partner, Lawrence Cummings, said": the name in apposition
        if c.dep_ == "appos":
            named = ctx.mention_at(c)
            if named is not None and named.type in ("Person", "Organization"):
                return ctx.full_name(named), None
    # "a statement from the DOJ", "documents released by DHS": the source named inside
    if head.lemma_.lower() in DOCUMENT_NOUNS or low in DOCUMENT_NOUNS:
        for c in head.children:
            if c.dep_ in ("prep", "agent") and c.lower_ in ("from", "by", "of"):
                for t in c.subtree:
                    inner = ctx.mention_at(t)
                    if inner is not None and inner.type in ("Person", "Organization"):
                        return ctx.full_name(inner), None
        source = document_source(ctx, head)
        if source is not None:
            return source, None
    if head.pos_ == "PROPN":  # a surname the entity layer missed
        person = ctx.person_named(head.text)
        if person is not None:
            return person, None
    described = _resolve_description(ctx, head, toks)
    if described is not None:
        return described, None
    name = np_text(ctx.text, toks)
    return None, name or head.text


def _clause_antecedent(ctx: SpeechContext, pron):
    """The subject of a clause above "they"/"it" in its sentence, written before it and outside quotes: the
    organization or group the pronoun stands for ("The union says it will strike"), if a noun heads it."""
    for a in pron.ancestors:
        for c in a.children:
            if (
                c.dep_ in ("nsubj", "nsubjpass")
                and c.i < pron.i
                and c.pos_ in ("NOUN", "PROPN")
                and not ctx.in_quote(c.idx)
                and not (pron.lower_ == "it" and c.tag_ in ("NNS", "NNPS"))
            ):
                # only a subject that can speak: a named entity or an organization noun ("the union")
                return c if ctx.mention_at(c) is not None or c.lemma_.lower() in ORG_NOUNS else None
    return None


def _cataphor(ctx: SpeechContext, pron) -> Mention | None:
    """ "Though she called it "outrageous", Clinton ...": a pronoun in an adverbial clause fronted before its
    main clause stands for the person the main clause is about."""
    a = pron.head
    while a.head.i != a.i and a.dep_ != "advcl":
        a = a.head
    if a.dep_ != "advcl" or a.i > a.head.i:
        return None
    main = a.head
    for c in main.children:
        if c.dep_ in ("nsubj", "nsubjpass") and c.i > a.i:
            m = ctx.mention_at(c)
            if m is not None and m.type == "Person":
                return ctx.full_name(m)
            if m is None and c.pos_ == "PROPN":
                return ctx.person_named(c.text)
    return None


def document_source(ctx: SpeechContext, head) -> Mention | None:
    """Whose document it is: the possessor ("Ivana Trump's brief said"), or the subject of the verb that
    issued it ("the Security Council issued a statement calling the test ...")."""
    for c in head.children:
        if c.dep_ == "poss":
            m = ctx.mention_at(c)
            if m is not None and m.type in ("Person", "Organization"):
                return ctx.full_name(m)
    if head.dep_ == "dobj" and head.head.pos_ == "VERB":
        for c in head.head.children:
            if c.dep_ == "nsubj":
                m = ctx.mention_at(c)
                if m is not None and m.type in ("Person", "Organization"):
                    return ctx.full_name(m)
    if any(c.dep_ == "det" and c.lower_ in ("the", "this", "that") for c in head.children):
        # "the statement said": the statement issued earlier ("The commission issued a statement ..."), nearest first
        lemma, doc = head.lemma_.lower(), ctx.doc
        for k in range(head.i - 1, max(head.i - 300, 0) - 1, -1):
            t = doc[k]
            if t.lemma_.lower() == lemma and t.dep_ == "dobj":
                return document_source(ctx, t)
    return None


def _resolve_pronoun(ctx: SpeechContext, pronoun: str, at: int) -> tuple[Mention | None, str | None]:
    """he/she: the nearest preceding person speaker, else person mention (gender where known);
    it/they: the nearest preceding organization speaker, else (it) organization mention."""
    window = at - 1200  # about three paragraphs: beyond that a pronoun starts a new topic
    recent = [att for pos, att in sorted(ctx.history, key=lambda p: p[0], reverse=True) if window < pos < at]
    if pronoun in PERSONAL:
        want = PERSONAL[pronoun]

        def fits(m: Mention) -> bool:
            return m.type == "Person" and ctx.gender.get(m.name, want) == want

        cands: list[tuple[int, Mention | None, str | None]]
        cands = [(pos, att.speaker, None) for pos, att in ctx.history if window < pos < at and att.speaker is not None]
        cands += [
            (pos, None, att.speaker_name)
            for pos, att in ctx.history
            if window < pos < at and att.speaker is None and att.speaker_name and _looks_like_name(att.speaker_name)
        ]
        cands += [(pos, m, None) for pos, m in ctx.subjects() if window < pos < at]
        for _pos, m, name in sorted(cands, key=lambda c: c[0], reverse=True):
            if m is not None and fits(m):
                ctx.gender.setdefault(m.name, want)
                return m, None
            if m is None and name is not None and ctx.gender.get(name, want) == want:
                return None, name  # a person the entity layer missed
        for m in reversed(ctx.mentions):
            if m.span.start < at and not ctx.in_quote(m.span.start) and fits(m):
                full = ctx.full_name(m)
                ctx.gender.setdefault(full.name, want)
                return full, None
        return None, None
    if pronoun == "we":
        return None, None
    if recent:
        att = recent[0]
        if att.speaker is not None and att.speaker.type == "Organization":
            return att.speaker, None
        if pronoun == "they" and att.speaker is None and att.speaker_name:
            return None, att.speaker_name
    if pronoun == "it":
        for m in reversed(ctx.mentions):
            if window < m.span.start < at and m.type == "Organization" and not ctx.in_quote(m.span.start):
                return m, None
    return None, None


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _resolve_description(ctx: SpeechContext, head, toks) -> Mention | None:
    """ "the ACLU lawyer", "the West Virginia senator": the person an earlier role phrase gave that role
    (the latest, among those whose role phrase names the same organization or place); "the department":
    the earlier organization whose name ends in that noun."""
    noun = head.pos_ == "NOUN" or head.pos_ == "PROPN" and head.is_lower  # the model tags "the senator" PROPN
    if not noun or not toks or toks[0].lower_ not in ("the", "this", "that") or head.tag_ == "NNS":
        return None
    lemma = head.lemma_.lower()
    named = {
        m.name
        for m in ctx.mentions_in(toks[0].idx, toks[-1].idx + len(toks[-1]))
        if m.type in ("Organization", "Place")
    }
    same = ROLE_SYNONYMS.get(lemma, {lemma})
    holders = [r for r in ctx.roles if r.span.start < head.idx and r.role.split()[-1] in same]
    if named:
        holders = [
            r
            for r in holders
            if any(n in r.span.text for n in named) or (r.organization is not None and r.organization.name in named)
        ]
    if holders:
        return ctx.full_name(max(holders, key=lambda r: r.span.start).person)
    if lemma in ROLE_WORDS:
        # "the Vermont senator said" with no role phrase to match: the person who spoke last, within a few
        # paragraphs, when only one person has spoken there
        recent = {
            att.speaker
            for pos, att in ctx.history
            if head.idx - 1200 < pos < head.idx and att.speaker is not None and att.speaker.type == "Person"
        }
        if len(recent) == 1:
            return recent.pop()
    if not named and len(toks) == 2:
        orgs = [
            m
            for m in ctx.mentions
            if m.type == "Organization" and m.span.start < head.idx and m.name.split()[-1].lower() == head.lower_
        ]
        if orgs:
            return orgs[-1]
        if lemma in ORG_NOUNS:  # the latest organization that spoke or acted, within a few paragraphs
            acting = [m for pos, m in ctx.org_subjects() if head.idx - 1200 < pos < head.idx]
            if acting:
                return acting[-1]
    return None


# ---------------------------------------------------------------- for extractors after quotes


class SpeakerResolver:
    """The speaker rules for an extractor that runs after quotes (figures): an article's phrases resolve as a
    quote's speaker would, with the quotes' speakers as the earlier speakers a pronoun can refer back to."""

    def __init__(self, doc, so_far: Extraction):
        self.ctx = SpeechContext(doc, so_far.article, so_far, quote_segments(so_far.article.text))
        for q in so_far.quotes:
            if q.speaker is not None or q.speaker_name:
                unresolved = q.speaker_name if q.speaker is None else None
                self.ctx.history.append((q.span.end, Attribution(q.verb or "say", q.span.end, q.speaker, unresolved)))
        self.ctx.history.sort(key=lambda p: p[0])

    def phrase(self, head) -> tuple[Mention | None, str | None]:
        """Who a subject (or "according to" object) token names: a mention, else the phrase as written."""
        return resolve_speaker(self.ctx, head)

    def last_speaker_before(self, offset: int) -> tuple[Mention | None, str | None] | None:
        """The speaker of the last quote ending before ``offset``: whom "we said" or "I said" there continues."""
        earlier = [att for pos, att in self.ctx.history if pos <= offset]
        return (earlier[-1].speaker, earlier[-1].speaker_name) if earlier else None


_LAST: tuple[object, Extraction, SpeakerResolver] | None = None


def speaker_resolver(doc, so_far: Extraction) -> SpeakerResolver:
    """The resolver of one article, built once for all the figures of the article (the last one is kept)."""
    global _LAST
    last = _LAST  # read once: another thread may replace it
    if last is None or last[0] is not doc or last[1] is not so_far:
        last = _LAST = (doc, so_far, SpeakerResolver(doc, so_far))
    return last[2]
