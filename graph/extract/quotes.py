"""Quotations and reported speech, each attributed to a speaker.

Direct quotes are found from the quotation marks, then attributed through the speech verb in the text
around them (the *frame*: "..., he told AFP." / "said Lee Gelernt: ..."), by a credit line closing the
paragraph ("..." \u2015 Ana Diaz), by the subject of the narrative sentence just before a quote standing
alone, or inherited from the quote before when a quote runs on over sentences or paragraphs. A quoted
fragment inside a sentence belongs to the subject of the nearest speech or characterizing verb above it
in the parse ("called Trump a "pathological liar"", "described it as ..."), to the source of an "according
to" or "as X put it" on its clause, or to whose claim or statement it is in; with no such verb it is a
scare quote or a name ("zero tolerance"), not a quotation, and so is any one-word fragment. Reported
speech is the clause a reporting verb takes ("DHS said in June that it had identified ..."). Speakers are
resolved to entity mentions through pronouns, surnames, names in apposition, documents' issuers and role
descriptions ("the ACLU lawyer", "the Ohio congressman"); a speaker no mention matches keeps its words.
"""
from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import cached_property
from itertools import islice


from ..records import Article, Extraction, Mention, Quote, Role, Span
from .common import sentence_at, span_of
from .roles import ROLE_WORDS, find_roles


# Verbs that attribute a direct quote (lemmas).
SPEECH_VERBS = frozenset("""
say tell add announce state write explain note argue insist warn acknowledge admit confirm deny testify
declare assert contend claim ask reply respond answer continue tweet post recall remark observe stress
emphasize emphasise complain concede joke quip shout yell predict promise vow caution lament suggest
agree counter comment report conclude urge plead whisper scream exclaim boast
""".split())
# Verbs whose clausal complement is reported speech: narrower, since "suggest", "ask", "continue" and
# the like take clauses that are not someone's statement.
REPORT_VERBS = frozenset("""
say tell announce state write explain note argue insist warn acknowledge admit confirm deny testify
declare assert contend claim report allege predict promise vow stress emphasize emphasise concede
""".split())
# Verbs that quote a phrase as the subject's words without reporting a statement: "Cruz called Trump a
# "pathological liar"", "described the test as "provocative"", "accused him of "fanatic recklessness"".
# They attribute quoted fragments only, never a quote standing as a clause.
FRAGMENT_VERBS = frozenset("""
call describe label brand dub term deride liken compare dismiss hail praise laud condemn denounce decry blast
slam criticize criticise attack accuse charge exhort demand characterize characterise portray mock ridicule
lambaste lambast proclaim tout rate chant
""".split())
# Verbs of commitment: the infinitive they take is the writer's account of an intended act ("promised to "fix"
# the roads"), so a fragment inside it is not attributed through them.
COMMISSIVE = frozenset("promise vow pledge".split())
QUOTE_CHARS = "\u201c\u201d\""
QUOTE_MARK = re.compile(f"[{QUOTE_CHARS}]")
PERSONAL = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"they", "it", "we"}
OBJECT_PRONOUNS = {"him", "her", "them", "us", "me"}
TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
# Speaker phrases headed by these are documents: the source is the entity they come "from" or "by".
DOCUMENT_NOUNS = frozenset("statement report filing document documents record records letter memo email "
                           "post tweet release data study survey poll transcript article piece editorial ad "
                           "book video".split())
# Nouns for something said: a quoted fragment in what they say is the words of whose they are
SPEECH_NOUNS = frozenset("claim statement remark comment message warning promise prediction pledge assertion "
                         "accusation description argument suggestion insistence vow threat demand allegation "
                         "contention complaint".split())
NP_LEFT_DEPS = frozenset("det amod compound poss nmod nummod quantmod case advmod".split())
NP_RIGHT_PREPS = frozenset("of for at from with in".split())
NOT_COMPLEMENT = frozenset("advcl nsubj nsubjpass csubj relcl acl appos npadvmod".split())
# "the department said": an organization named earlier, by the kind of organization it is
ORG_NOUNS = frozenset("company firm agency department ministry office committee commission council court "
                      "union party campaign group organization organisation network newspaper paper "
                      "government administration board bureau center centre institute foundation".split())
# role nouns that name the same office ("Rep. Adam Schiff" ... "the California congressman")
ROLE_SYNONYMS = {w: {"representative", "congressman", "congresswoman", "lawmaker"}
                 for w in ("representative", "congressman", "congresswoman")}
ROLE_SYNONYMS["lawmaker"] = {"representative", "congressman", "congresswoman", "senator", "lawmaker", "legislator"}
SENTENCE_END = re.compile(r"\n|[.!?](?=\s|$|[\u201c\u201d\"])")
NEAR_TOKENS = 8  # a speech verb this close to the quote attributes it even when the parse disagrees
MIN_FRAGMENT_WORDS = 2  # a one-word quoted fragment inside a sentence is a scare quote


@dataclass(frozen=True, order=True)
class Segment:
    """Text between quotation marks; ``start``/``end`` exclude the marks."""

    start: int
    end: int
    open_at: int  # offset of the opening mark
    close_at: int  # offset of the closing mark, or the paragraph end when the quote runs on
    runs_on: bool = False  # unclosed at a paragraph end, continued by the next paragraph's quote
    continues: bool = False  # this paragraph's quote continues the previous paragraph's


@dataclass(frozen=True)
class Attribution:
    """Who said it, through which verb, to whom."""

    verb: str
    at: int  # offset of the verb, for ordering and pronoun look-back
    speaker: Mention | None = None
    speaker_name: str | None = None
    recipient: Mention | None = None


# ---------------------------------------------------------------- quotation marks

def _is_opening_straight(text: str, i: int) -> bool:
    """A straight mark opens unless it reads as a closer: glued to the word before, free after."""
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not (not before.isspace() and before not in "([{\u2014-/" and (after.isspace() or after in ".,;:!?)"))


def quote_segments(text: str) -> list[Segment]:
    """Pair quotation marks paragraph by paragraph; an unclosed quote that the next paragraph reopens
    runs on (the newswire convention for multi-paragraph quotes)."""
    paras = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    out: list[Segment] = []
    carry = False
    for p_start, p_end in paras:
        open_at = None
        opened_here: list[Segment] = []
        lead = p_start + len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        was_carry, carry = carry, False
        for mark in QUOTE_MARK.finditer(text, p_start, p_end):
            i, c = mark.start(), mark.group()
            if c == '"' and i and text[i - 1].isdigit() and open_at is None:
                continue  # inches: 5'10"
            opening = c == "\u201c" or (c == '"' and open_at is None and _is_opening_straight(text, i))
            if open_at is None and opening:
                open_at = i
            elif open_at is not None and c != "\u201c":
                cont = was_carry and open_at == lead
                opened_here.append(Segment(open_at + 1, i, open_at, i, continues=cont))
                open_at = None
            elif open_at is not None and c == "\u201c":
                open_at = i  # an unclosed mark followed by a new opening: keep the newer
        if open_at is not None:
            nxt = next(((s, e) for s, e in paras if s >= p_end), None)
            # the next paragraph reopens with the same kind of mark: a straight-quoted excerpt followed by a
            # paragraph that opens a curly quote is two things, not one quote running on
            if nxt and text[nxt[0]:nxt[1]].lstrip()[:1] == text[open_at]:
                cont = was_carry and open_at == lead
                opened_here.append(Segment(open_at + 1, p_end, open_at, p_end, runs_on=True, continues=cont))
                carry = True
        out.extend(opened_here)
    return [s for s in out if text[s.start:s.end].strip()]


# ---------------------------------------------------------------- helpers on the parse

class _Context:
    """The article's parse, mentions and quote segments, with look-ups the rules share."""

    def __init__(self, doc, article: Article, so_far: Extraction, segments: list[Segment]):
        self.doc = doc
        self.article = article
        self.text = article.text
        self.so_far = so_far
        self.segments = segments
        self.closes = [s.close_at for s in segments]  # in text order, as the segments are
        self.mentions = sorted(so_far.mentions, key=lambda m: m.span.start)
        self.history: list[tuple[int, Attribution]] = []  # attributed speakers so far, in text order
        self.gender: dict[str, str] = {}  # person name -> "m" | "f", where the text shows it
        self._subjects: list[tuple[int, Mention]] | None = None
        self._org_subjects: list[tuple[int, Mention]] | None = None
        self._reporting: list | None = None
        # whether each character offset is inside a quote: one look-up instead of a scan of the segments
        self._quoted = bytearray(len(self.text))
        for s in segments:
            self._quoted[s.start:s.end] = b"\x01" * (s.end - s.start)
        self.tokens = _Tokens(doc)
        for m in self.mentions:
            if m.type == "Person":
                before = self.text[max(0, m.span.start - 6):m.span.start].split()
                if before and before[-1].lower() in TITLE_GENDER:
                    self.gender.setdefault(m.name, TITLE_GENDER[before[-1].lower()])

    @cached_property
    def roles(self) -> list[Role]:
        """The roles the article states: only a few articles' speakers need them, so found on first use."""
        return find_roles(self.doc, self.article, self.so_far.mentions)

    def in_quote(self, offset: int) -> bool:
        return 0 <= offset < len(self._quoted) and self._quoted[offset] == 1

    def quoted_count(self, offsets: list[int]) -> int:
        """How many of ``offsets`` are inside quotes."""
        quoted, n = self._quoted, len(self._quoted)
        return sum([quoted[o] for o in offsets if 0 <= o < n])

    def mention_at(self, tok) -> Mention | None:
        for m in self.mentions:
            if m.span.start <= tok.idx < m.span.end:
                return m
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return [m for m in self.mentions if start <= m.span.start and m.span.end <= end]

    def person_named(self, surname: str) -> Mention | None:
        """The one person mention whose name ends in ``surname``, preferring full names."""
        same = [o for o in self.mentions if o.type == "Person" and o.name.split()[-1] == surname]
        full = [o for o in same if " " in o.name]
        for group in (full, same):
            if group and len({o.name for o in group}) == 1:
                return group[0]
        return None

    def subjects(self) -> list[tuple[int, Mention]]:
        """Persons that are the subject of a clause outside quotes: the salient antecedents of "he"/"she"."""
        if self._subjects is None:
            self._subjects = []
            for t in self._clause_subjects():
                m = self.mention_at(t)
                if m is not None and m.type == "Person":
                    self._subjects.append((t.idx, self.full_name(m)))
                elif m is None and t.pos_ == "PROPN":
                    p = self.person_named(t.text)
                    if p is not None:
                        self._subjects.append((t.idx, p))
        return self._subjects

    def org_subjects(self) -> list[tuple[int, Mention]]:
        """Organizations that are the subject of a clause outside quotes, in text order."""
        if self._org_subjects is None:
            self._org_subjects = []
            for t in self._clause_subjects():
                m = self.mention_at(t)
                if m is not None and m.type == "Organization":
                    self._org_subjects.append((t.idx, m))
        return self._org_subjects

    def _clause_subjects(self) -> list:
        """Subject tokens outside quotes, in text order."""
        return [self.doc[i] for i in self.tokens.subjects if not self.in_quote(self.tokens.idx[i])]

    def reporting(self) -> list:
        """(verb, clause) for each reporting verb outside quotes, in text order: clause is None for "according
        to", else what ``_reported_clause`` found; worked out once, as both passes over reported speech ask."""
        if self._reporting is None:
            self._reporting = []
            toks = self.tokens
            for i in toks.report_or_according:
                if self.in_quote(toks.idx[i]):
                    continue
                if i in toks.according:
                    self._reporting.append((self.doc[i], None))
                else:
                    v = self.doc[i]
                    clause = _reported_clause(self, v)
                    if clause is not None:
                        self._reporting.append((v, clause))
        return self._reporting

    def full_name(self, m: Mention) -> Mention:
        """A surname-only person mention stands for the full name written elsewhere in the article."""
        if m.type != "Person" or " " in m.name:
            return m
        fuller = [o for o in self.mentions if o.type == "Person" and o.name.split()[-1] == m.name and " " in o.name]
        names = {o.name for o in fuller}
        return fuller[0] if len(names) == 1 else m


class _Tokens:
    """Token offsets, and the indices of the tokens the rules look for, found once per article from the Doc's
    arrays: indexing the Doc builds a new Token object each time, too slow for a test of every token."""

    def __init__(self, doc):
        strings = doc.vocab.strings
        idx, pos, dep, lower, lemma = doc.to_array(["IDX", "POS", "DEP", "LOWER", "LEMMA"]).T

        def among(col, *labels):  # mask of the tokens whose ``col`` holds one of ``labels`` (as hashes)
            mask = col != col
            for label in labels:
                mask |= col == col.dtype.type(strings[label])
            return mask
        self.idx: list[int] = idx.tolist()
        self.subjects: list[int] = among(dep, "nsubj", "nsubjpass").nonzero()[0].tolist()
        according = among(lower, "according")
        according[:-1] &= among(lower[1:], "to")
        according[-1:] = False
        self.according: set[int] = set(according.nonzero()[0].tolist())
        verbs = (among(pos, "VERB", "AUX") & ~among(dep, "amod")).nonzero()[0].tolist()
        lemma_hashes = lemma[verbs].tolist()
        lemma_of = {h: strings[h].lower() for h in set(lemma_hashes)}
        lemmas = [lemma_of[h] for h in lemma_hashes]
        # verbs that may attribute a direct quote: the VBN test is left to _speech_verbs
        self.speech = {i for i, lem in zip(verbs, lemmas) if lem in SPEECH_VERBS}
        # verbs that may attribute a quoted fragment: speech verbs and verbs that characterize
        self.fragment = self.speech | {i for i, lem in zip(verbs, lemmas) if lem in FRAGMENT_VERBS}
        self.speech_or_according = sorted(self.speech | self.according)
        # verbs that may take reported speech
        finite = among(pos, "VERB") & ~among(dep, "acl")
        report = {i for i, lem in zip(verbs, lemmas) if lem in REPORT_VERBS and finite[i]}
        self.report_or_according = sorted(report | self.according)

    def between(self, start: int, end: int) -> range:
        """The indices of the tokens starting in ``[start, end)``."""
        return range(bisect_left(self.idx, start), bisect_left(self.idx, end))


def np_tokens(head):
    """The noun phrase headed by ``head``: its modifiers and "of/for ..." attachments, not appositions
    or relative clauses."""
    toks = [head]
    for c in head.children:
        if c.i < head.i and c.dep_ in NP_LEFT_DEPS:
            toks.extend(c.subtree)
        elif c.i > head.i and c.dep_ == "prep" and c.lower_ in NP_RIGHT_PREPS:
            toks.extend(t for t in c.subtree if not t.is_space)
        elif c.i > head.i and c.dep_ in ("compound", "case"):
            toks.extend(c.subtree)
    toks.sort(key=lambda t: t.i)
    breaks = [k for k, t in enumerate(toks) if "\n" in t.text_with_ws and t.i < head.i]
    if breaks:  # a noun phrase never runs over a paragraph break ("5:45 p.m.\n\nThe governor's doctor")
        toks = toks[breaks[-1] + 1:]
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks


def _np_text(text: str, toks) -> str:
    return text[toks[0].idx:toks[-1].idx + len(toks[-1])] if toks else ""


# ---------------------------------------------------------------- speakers

def resolve_speaker(ctx: _Context, head) -> tuple[Mention | None, str | None]:
    """The entity mention a subject phrase denotes, else the phrase as written."""
    low = head.lower_
    if low in PERSONAL or low in GROUP_PRONOUNS:
        ahead = _cataphor(ctx, head) if low in PERSONAL else None
        if ahead is not None:
            return ahead, None
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
        source = _document_source(ctx, head)
        if source is not None:
            return source, None
    if head.pos_ == "PROPN":  # a surname the entity layer missed
        person = ctx.person_named(head.text)
        if person is not None:
            return person, None
    described = _resolve_description(ctx, head, toks)
    if described is not None:
        return described, None
    name = _np_text(ctx.text, toks)
    return None, name or head.text


def _cataphor(ctx: _Context, pron) -> Mention | None:
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


def _document_source(ctx: _Context, head) -> Mention | None:
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
    return None


def _resolve_pronoun(ctx: _Context, pronoun: str, at: int) -> tuple[Mention | None, str | None]:
    """he/she: the nearest preceding person speaker, else person mention (gender where known);
    it/they: the nearest preceding organization speaker, else (it) organization mention."""
    window = at - 1200  # about three paragraphs: beyond that a pronoun starts a new topic
    recent = [att for pos, att in sorted(ctx.history, key=lambda p: p[0], reverse=True) if window < pos < at]
    if pronoun in PERSONAL:
        want = PERSONAL[pronoun]

        def fits(m: Mention) -> bool:
            return m.type == "Person" and ctx.gender.get(m.name, want) == want
        cands = [(pos, att.speaker, None) for pos, att in ctx.history if window < pos < at and att.speaker is not None]
        cands += [(pos, None, att.speaker_name) for pos, att in ctx.history if window < pos < at
                  and att.speaker is None and att.speaker_name and _looks_like_name(att.speaker_name)]
        cands += [(pos, m, None) for pos, m in ctx.subjects() if window < pos < at]
        for pos, m, name in sorted(cands, key=lambda c: c[0], reverse=True):
            if m is not None and fits(m):
                ctx.gender.setdefault(m.name, want)
                return m, None
            if m is None and ctx.gender.get(name, want) == want:
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


def _resolve_description(ctx: _Context, head, toks) -> Mention | None:
    """ "the ACLU lawyer", "the West Virginia senator": the person an earlier role phrase gave that role
    (the latest, among those whose role phrase names the same organization or place); "the department":
    the earlier organization whose name ends in that noun."""
    if head.pos_ != "NOUN" or not toks or toks[0].lower_ not in ("the", "this", "that") or head.tag_ == "NNS":
        return None
    lemma = head.lemma_.lower()
    named = {m.name for m in ctx.mentions_in(toks[0].idx, toks[-1].idx + len(toks[-1]))
             if m.type in ("Organization", "Place")}
    same = ROLE_SYNONYMS.get(lemma, {lemma})
    holders = [r for r in ctx.roles if r.span.start < head.idx and r.role.split()[-1] in same]
    if named:
        holders = [r for r in holders if any(n in r.span.text for n in named)
                   or (r.organization is not None and r.organization.name in named)]
    if holders:
        return ctx.full_name(max(holders, key=lambda r: r.span.start).person)
    if lemma in ROLE_WORDS:
        # "the Vermont senator said" with no role phrase to match: the person who spoke last, within a few
        # paragraphs, when only one person has spoken there
        recent = {att.speaker for pos, att in ctx.history if head.idx - 1200 < pos < head.idx
                  and att.speaker is not None and att.speaker.type == "Person"}
        if len(recent) == 1:
            return recent.pop()
    if not named and len(toks) == 2:
        orgs = [m for m in ctx.mentions if m.type == "Organization" and m.span.start < head.idx
                and m.name.split()[-1].lower() == head.lower_]
        if orgs:
            return orgs[-1]
        if lemma in ORG_NOUNS:  # the latest organization that spoke or acted, within a few paragraphs
            acting = [m for pos, m in ctx.org_subjects() if head.idx - 1200 < pos < head.idx]
            if acting:
                return acting[-1]
    return None


# ---------------------------------------------------------------- direct quotes

def _tokens_between(ctx: _Context, start: int, end: int):
    inside = ctx.tokens.between(start, end)
    return [t for t in ctx.doc[inside.start:inside.stop] if not t.is_space] if inside else []


def _frame_after(ctx: _Context, seg: Segment, nxt: Segment | None) -> tuple[int, int]:
    """Text after the closing mark up to the sentence end or the next quote."""
    text = ctx.text
    if seg.runs_on:
        return seg.close_at, seg.close_at
    i = seg.close_at + 1
    inner = text[seg.start:seg.end].rstrip()
    rest = text[i:]
    nxt_char = rest.lstrip(" \t")[:1]
    if inner[-1:] in ".!?" and (not nxt_char or nxt_char == "\n" or nxt_char.isupper() and not _starts_with_attribution(rest)):
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
    return bool(re.match(r"(?:[A-Z][\w.'\u2019-]*\s){1,4}(?:said|says|told|added|asked|wrote|stated|explained)\b", head)
                or re.match(r"(?:said|says|told|added|asked|wrote)\b", head))


def _is_abbrev(ctx: _Context, offset: int) -> bool:
    """Whether the full stop at ``offset`` ends an abbreviation ("Sen.", "N.Y.") by the model's tokens:
    a token longer than the stop ends there."""
    k = bisect_right(ctx.tokens.idx, offset) - 1  # the only token that can end at ``offset``
    if k < 0:
        return False
    t = ctx.doc[k]
    return len(t) > 1 and t.idx + len(t) - 1 == offset and t.text.endswith(".")


def _frame_before(ctx: _Context, seg: Segment, prev: Segment | None) -> tuple[int, int]:
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


def _speech_verbs(ctx: _Context, start: int, end: int):
    toks, out = ctx.tokens, []
    inside, found = toks.between(start, end), toks.speech_or_according
    for i in found[bisect_left(found, inside.start):bisect_left(found, inside.stop)]:
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


def attribute(ctx: _Context, verb, start: int, end: int) -> Attribution:
    """Speaker, verb lemma and recipient of a speech verb; ``start``/``end`` bound the frame."""
    doc = ctx.doc
    if verb.lower_ == "according":
        to = doc[verb.i + 1]
        objs = [c for c in to.children if c.dep_ == "pobj"]
        if objs:
            mention, name = resolve_speaker(ctx, objs[0])
            return Attribution("according to", verb.idx, mention, name)
        return Attribution("according to", verb.idx)
    lemma = verb.lemma_.lower()
    subj = _subject(ctx, verb, start, end)
    mention, name = resolve_speaker(ctx, subj) if subj is not None else (None, None)
    recipient = _recipient(ctx, verb, subj) if lemma == "tell" else None
    return Attribution(lemma, verb.idx, mention, name, recipient)


def _subject(ctx: _Context, verb, start: int, end: int):
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
        subs = [c for c in v.children if c.dep_ in ("nsubj", "nsubjpass") and usable(c)]
        if subs:
            subj = min(subs, key=lambda t: t.i)
            if subj.lower_ in ("who", "that", "which") and v.dep_ == "relcl":
                return _appos_head(v.head)  # "Biden, who said last week that ...": the noun the clause is about
            if subj.tag_ in ("WDT", "WP") and subj.i and usable(ctx.doc[subj.i - 1]) and \
                    ctx.doc[subj.i - 1].pos_ in ("PROPN", "NOUN"):
                return _np_head(ctx.doc[subj.i - 1], v)  # "the police department which reported": misparsed
            return subj
        if v.dep_ == "acl" and v.tag_ == "VBG" and usable(v.head) and (
                v.head.lemma_.lower() in DOCUMENT_NOUNS or ctx.mention_at(v.head) is not None):
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
    for t in islice(after, 6):
        if t.ent_type_ in ("DATE", "TIME"):
            break  # "said Monday": when, not who
        if t.pos_ in ("PROPN", "NOUN", "PRON"):
            return _np_head(t, verb)
        if t.pos_ not in ("DET", "ADJ", "PROPN", "NOUN"):
            break
    k = verb.i - 1
    while k >= 0 and doc[k].dep_ in ("advmod", "aux", "neg") and usable(doc[k]):
        k -= 1
    if k >= 0 and usable(doc[k]) and doc[k].pos_ in ("PROPN", "NOUN", "PRON") \
            and doc[k].dep_ not in ("dobj", "pobj", "dative", "iobj") and doc[k].lower_ not in OBJECT_PRONOUNS:
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


def _recipient(ctx: _Context, verb, subj) -> Mention | None:
    """ "told The Associated Press": the object after "tell" (the parser sometimes calls it a subject)."""
    cands = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dative", "dobj", "iobj", "nsubj", "npadvmod")
             and (subj is None or c.i != subj.i)]
    for c in cands:
        m = ctx.mention_at(c)
        if m is not None and m.type in ("Organization", "Person"):
            return ctx.full_name(m)
    nxt = ctx.doc[verb.i + 1:verb.i + 4]
    for t in nxt:
        m = ctx.mention_at(t)
        if m is not None and m.type in ("Organization", "Person"):
            return ctx.full_name(m)
        if t.pos_ not in ("DET", "PROPN"):
            break
    return None


def _frames(ctx: _Context, verb, seg: Segment, quote_toks, nearest, start: int, end: int) -> bool:
    """Whether a speech verb in a quote's frame attributes the quote: the sentence's main verb, the
    verb taking the quote, or one near the quote ("..., he said"), not "... as Trump said goodbye"."""
    if verb.dep_ == "ROOT" or _governs(verb, quote_toks) or verb.lower_ == "according":
        return True
    toks = [t for t in _tokens_between(ctx, start, end) if not t.is_punct]
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
    return len(words) > 1 and all(w.text[:1].isupper() for w in words if len(w) > 3) and not inner_text[-1:] in ".!?"


def _inner(text: str, seg: Segment) -> Span:
    """The words said: the segment without a trailing comma or stop before the closing mark."""
    start, end = seg.start, seg.end
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    if end > start and text[end - 1] == "." and not text[start:end - 1].rstrip().endswith("."):
        end -= 1
    return span_of(text, start, end)


def direct_quotes(ctx: _Context) -> list[Quote]:
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
        out.append(Quote(span, att.speaker, att.speaker_name if att.speaker is None else None, att.verb,
                         att.recipient, "direct", sentence_at(ctx.so_far.sentences, seg.start)))
        ctx.history.append((att.at, att))
        ctx.history.sort(key=lambda p: p[0])
        last = (seg, att)
    return out


def _attribution_of(ctx: _Context, seg: Segment, prev: Segment | None, nxt: Segment | None,
                    last: tuple[Segment, Attribution] | None) -> Attribution | None:
    """A quote standing as a clause ("X," he said) is attributed by the speech verb in its frame; a
    fragment inside a sentence only when a speech verb takes it as its complement."""
    text = ctx.text
    a_start, a_end = _frame_after(ctx, seg, nxt)
    b_start, b_end = _frame_before(ctx, seg, prev)
    before = text[b_start:b_end].strip()
    after = text[a_start:a_end].strip()
    inner_text = text[seg.start:seg.end].strip()
    if before[-1:] in ".!?" and inner_text[:1].isupper():
        before, b_end = "", b_start  # "..., D-N.Y. "People are hurting."": a new sentence
    credit = _dash_credit(ctx, a_start, a_end) or _paragraph_credit(ctx, seg)
    if credit is not None:
        return credit
    clause = (not before or before[-1] in ",:\u2014") and \
        (not after or inner_text[-1:] in ",.!?" or after[0] in ",\u2014")
    verbs_after = _speech_verbs(ctx, a_start, a_end) if after else []
    verbs_before = _speech_verbs(ctx, b_start, b_end) if before else []
    quote_toks = _tokens_between(ctx, seg.start, seg.end)
    if clause:
        # the speech verb nearest the quote that names a speaker
        tries = [(v, a_start, a_end) for v in verbs_after
                 if _frames(ctx, v, seg, quote_toks, verbs_after[:1], a_start, a_end)]
        tries += [(v, b_start, b_end) for v in reversed(verbs_before)
                  if _frames(ctx, v, seg, quote_toks, verbs_before[-1:], b_start, b_end)]
        if tries:
            return next((a for a in (attribute(ctx, v, lo, hi) for v, lo, hi in tries)
                         if a.speaker is not None or a.speaker_name is not None), None)
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
    return _fragment_attribution(ctx, seg, quote_toks)


def _outside_complement(child, verb) -> bool:
    """Whether ``child`` attaches to ``verb`` as something other than what the verb says: its subject, a
    modifier, a fronted or subordinate adverbial clause ("Citing ...", "when ..."), or the infinitive of a
    verb of commitment. An infinitive after the verb that the parser calls adverbial ("tells his supporters
    to go ...") is its complement."""
    if child.dep_ == "advcl":
        return child.i < verb.i or any(m.dep_ == "mark" for m in child.children) or \
            not any(m.dep_ == "aux" and m.lower_ == "to" for m in child.children)
    if child.dep_ == "xcomp" and verb.lemma_.lower() in COMMISSIVE:
        return True
    return child.dep_ in NOT_COMPLEMENT


def _as_put(verb) -> bool:
    """ "as The Post put it": "put" says something only in an "as" clause."""
    return verb.lemma_.lower() == "put" and any(m.dep_ == "mark" and m.lower_ == "as" for m in verb.children)


def _fragment_attribution(ctx: _Context, seg: Segment, quote_toks) -> Attribution | None:
    """A quoted fragment inside a sentence is the words of whoever the nearest speech or characterizing verb
    above it in the parse has as subject ("Cruz called Trump a "pathological liar" who is "utterly amoral"",
    "Fallon noted that the campaign faced a crossroads in May "when ..."), or of the source an "according to"
    or "as X put it" on the clause above it names. Not when the fragment sits in that verb's subject or in an
    adverbial clause of it ("Citing "a safety concern", the airline announced"), nor in the infinitive of a
    verb of commitment ("promised to end the "pothole crisis"": the writer's words for the act)."""
    roots = [t for t in quote_toks if not t.is_punct and not seg.start <= t.head.idx < seg.end]
    if not roots:
        return None
    doc, frag = ctx.doc, ctx.tokens.fragment
    sent = roots[0].sent
    lo, hi = sent.start_char, sent.end_char
    child, a = roots[0], roots[0].head
    for _ in range(12):  # a clause or two up at most: deeper, the fragment belongs to an inner clause
        if a.i == child.i:
            return None
        if not ctx.in_quote(a.idx):
            if a.pos_ == "NOUN" and a.lemma_.lower() in SPEECH_NOUNS and child.dep_ in ("acl", "ccomp", "prep", "appos"):
                # "Donald Trump's claim that there have been "thousands of shootings"": whose claim it is
                source = _document_source(ctx, a)
                if source is not None:
                    return Attribution(a.lemma_.lower(), a.idx, source)
            if child.lower_ == "as" and child.dep_ == "prep" and a.pos_ == "VERB" and a.i not in frag and \
                    not ctx.in_quote(child.idx):
                # "Trump admires Putin as a "strong leader"": what a person or organization takes someone for
                att = attribute(ctx, a, lo, hi)
                if att.speaker is not None and att.speaker.type in ("Person", "Organization"):
                    return att
            if (a.i in frag or _as_put(a)) and not (a.tag_ == "VBN" and not any(
                    c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass") for c in a.children)):
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
                elif c.dep_ == "advcl" and (c.i in frag or _as_put(c)) and any(
                        m.dep_ == "mark" and m.lower_ == "as" for m in c.children):  # "as a memo put it"
                    att = attribute(ctx, c, c.sent.start_char, c.sent.end_char)
                    if att.speaker is not None or att.speaker_name is not None:
                        return att
        child, a = a, a.head
    return None


CREDIT_DASH = re.compile(r"\s*[\u2015\u2014\u2013]\s*|\s+-{1,2}\s+")


def _dash_credit(ctx: _Context, start: int, end: int) -> Attribution | None:
    """ "... ." \u2015 Ana Diaz": a name after a dash closing the paragraph credits the quote before it."""
    text = ctx.text
    m = CREDIT_DASH.match(text, start, end)
    if m is None:
        return None
    para_end = text.find("\n", start)
    para_end = len(text) if para_end < 0 else para_end
    if text[end:para_end].strip(" .\t"):
        return None  # the paragraph goes on: an aside, not a credit line
    toks = [t for t in _tokens_between(ctx, m.end(), end) if not t.is_space]
    while toks and toks[-1].is_punct:
        toks.pop()
    if not toks or len(toks) > 5 or not toks[0].text[:1].isupper() or \
            not all(t.text[:1].isupper() or t.is_punct for t in toks):
        return None
    m0 = ctx.mention_at(toks[0])
    if m0 is not None and m0.type in ("Person", "Organization"):
        return Attribution("say", toks[0].idx, ctx.full_name(m0))
    if not any(t.pos_ == "PROPN" for t in toks):
        return None
    return Attribution("say", toks[0].idx, None, _np_text(text, toks))


def _paragraph_credit(ctx: _Context, seg: Segment) -> Attribution | None:
    """A paragraph that opens with a quote and closes with a credit line ("... ." More. "..." \u2015 Ana Diaz)
    credits every quote in it."""
    text = ctx.text
    para_start = text.rfind("\n", 0, seg.open_at) + 1
    if text[para_start:seg.open_at].strip():
        return None
    para_end = text.find("\n", seg.close_at)
    para_end = len(text) if para_end < 0 else para_end
    closes = ctx.closes
    k = bisect_left(closes, para_end)
    if k == 0 or closes[k - 1] <= seg.close_at:
        return None  # no later quote in the paragraph
    return _dash_credit(ctx, closes[k - 1] + 1, para_end)


def _colon_subject(ctx: _Context, start: int, end: int) -> Attribution | None:
    """ "Reyes closed the rally on a defiant note: "..."": a clause with no speech verb introducing a quote with
    a colon introduces its subject's words, when the subject is a person or organization."""
    toks = [t for t in _tokens_between(ctx, start, end) if not t.is_punct]
    if not toks:
        return None
    root = toks[-1].sent.root
    if not start <= root.idx < end:
        return None
    subj = _subject(ctx, root, start, end)
    if subj is None:
        return None
    mention, _ = resolve_speaker(ctx, subj)
    if mention is not None and mention.type in ("Person", "Organization"):
        return Attribution(root.lemma_.lower(), root.idx, mention)
    return None  # "The ad ends with a line from Abel: ...": not the ad's words, and not surely Abel's


def _colon_attribution(ctx: _Context, seg: Segment) -> Attribution | None:
    """ "Gelernt said in a statement:" closing the paragraph before a quote."""
    text = ctx.text
    before = text[:seg.open_at].rstrip()
    if not before.endswith(":"):
        return None
    start = max(before.rfind("\n"), 0)
    verbs = _speech_verbs(ctx, start, len(before))
    return attribute(ctx, verbs[-1], start, len(before)) if verbs else None


def _previous_subject(ctx: _Context, seg: Segment, last) -> Attribution | None:
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
    gap = text[doc[k].idx + len(doc[k]):seg.open_at]
    if gap.strip(" \t\n\u201c\u201d\"") or gap.count("\n") > 2 or ctx.in_quote(sent.root.idx):
        return None
    subj = _subject(ctx, sent.root, sent.start_char, sent.end_char)
    if subj is None:
        return None
    mention, _ = resolve_speaker(ctx, subj)
    if mention is None or mention.type not in ("Person", "Organization"):
        return None
    return Attribution(sent.root.lemma_.lower() if sent.root.i in ctx.tokens.speech else None, sent.root.idx,
                       mention)


def _inherited(ctx: _Context, seg: Segment, last) -> Attribution | None:
    """A quote standing alone right after another quote (next sentence or paragraph) continues it."""
    if last is None:
        return None
    prev_seg, att = last
    gap = ctx.text[prev_seg.close_at + 1:seg.open_at]
    if gap.count("\n\n") > 1 or len(gap) > 200 or ctx.text.count("\n", prev_seg.close_at, seg.open_at) > 2:
        return None
    return att


# ---------------------------------------------------------------- reported speech

def reported_quotes(ctx: _Context, direct: list[Quote]) -> list[Quote]:
    """The clause a reporting verb takes, when it is not itself quoted."""
    out = []
    for v, clause in ctx.reporting():
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
        att = Attribution(lemma, v.idx, mention, name if mention is None else None,
                          _recipient(ctx, v, subj) if lemma == "tell" else None)
        ctx.history.append((v.idx, att))
        ctx.history.sort(key=lambda p: p[0])
        out.append(Quote(span, att.speaker, att.speaker_name, lemma, att.recipient, "reported",
                         sentence_at(ctx.so_far.sentences, v.idx)))
    return out


def _reported_clause(ctx: _Context, v) -> tuple[str, int, int, object] | None:
    """(lemma, start, end, subject) of the clause reporting verb ``v`` takes, or None: the part of
    reported speech that does not depend on the speakers found so far."""
    if any(c.dep_ == "neg" for c in v.children):
        return None
    comps = [c for c in v.children if c.pos_ in ("VERB", "AUX") and (
        c.dep_ == "ccomp" or
        # "As of October, 1,000 families were separated, the White House said": a fronted clause
        c.dep_ in ("advcl", "parataxis") and c.i < v.i and not any(m.dep_ == "mark" for m in c.children))]
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
    subj = _subject(ctx, v, sent.start_char, sent.end_char)
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
        if t.text in ("\u2014", "\u2013", "--", "-") and k and \
                all(x.is_upper or x.is_punct or x.is_space for x in toks[:k] if x.is_alpha or x.is_punct):
            return toks[k + 1:]
    return toks


def _trim(text: str, start: int, end: int) -> Span:
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:.\u2014"):
        end -= 1
    return span_of(text, start, end)


def _according_to(ctx: _Context, v) -> Quote | None:
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
    return Quote(_trim(ctx.text, start, end), mention, name if mention is None else None, "according to",
                 None, "reported", sentence_at(ctx.so_far.sentences, v.idx))


# ---------------------------------------------------------------- the extractor

def extract_quotes(doc, article: Article, so_far: Extraction) -> Extraction:
    ctx = _Context(doc, article, so_far, quote_segments(article.text))
    # reported speakers first, so a direct quote's "he said" can refer back to them; then the reported
    # clauses again, now seeing the direct quotes' speakers
    reported_quotes(ctx, [])
    first = {id(att) for _, att in ctx.history}
    direct = direct_quotes(ctx)
    ctx.history = [(pos, att) for pos, att in ctx.history if id(att) not in first]
    reported = reported_quotes(ctx, direct)
    return dataclasses.replace(so_far, quotes=tuple(sorted(set(direct + reported))))
