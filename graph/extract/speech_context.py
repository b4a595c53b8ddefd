"""The article index the quote and speaker rules share: the parse's token arrays, the mentions by offset,
which characters are quoted, the speakers attributed so far and the person and organization subjects."""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

from ..records import Article, Extraction, Mention, Role
from .mention_index import mention_index
from .quote_marks import Segment
from .speech_words import FRAGMENT_VERBS, NP_LEFT_DEPS, NP_RIGHT_PREPS, REPORT_VERBS, SPEECH_VERBS, TITLE_GENDER

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from .speakers import Attribution


class SpeechContext:
    """The article's parse, mentions and quote segments, with look-ups the rules share."""

    def __init__(self, doc, article: Article, so_far: Extraction, segments: list[Segment]):
        self.doc = doc
        self.article = article
        self.text = article.text
        self.so_far = so_far
        self.segments = segments
        self.closes = [s.close_at for s in segments]  # in text order, as the segments are
        self.mention_index = mention_index(doc, so_far.mentions)  # shared with roles, figures and events
        self.mentions = self.mention_index.mentions  # in text order
        self.history: list[tuple[int, Attribution]] = []  # attributed speakers so far, in text order
        self.gender: dict[str, str] = {}  # person name -> "m" | "f", where the text shows it
        self._subjects: list[tuple[int, Mention]] | None = None
        self._org_subjects: list[tuple[int, Mention]] | None = None
        self.reporting_cache: list | None = None  # filled by reported_speech.reporting
        # whether each character offset is inside a quote: one look-up instead of a scan of the segments
        self._quoted = bytearray(len(self.text))
        for s in segments:
            self._quoted[s.start : s.end] = b"\x01" * (s.end - s.start)
        self.tokens = TokenIndex(doc)
        for m in self.mentions:
            if m.type == "Person":
                before = self.text[max(0, m.span.start - 6) : m.span.start].split()
                if before and before[-1].lower() in TITLE_GENDER:
                    self.gender.setdefault(m.name, TITLE_GENDER[before[-1].lower()])

    @property
    def roles(self) -> tuple[Role, ...]:
        """The roles the article states: the ``roles`` layer, which runs before quotes."""
        return self.so_far.roles

    def in_quote(self, offset: int) -> bool:
        return 0 <= offset < len(self._quoted) and self._quoted[offset] == 1

    def quoted_count(self, offsets: list[int]) -> int:
        """How many of ``offsets`` are inside quotes."""
        quoted, n = self._quoted, len(self._quoted)
        return sum([quoted[o] for o in offsets if 0 <= o < n])

    def mention_at(self, tok) -> Mention | None:
        return self.mention_index.at(tok.idx)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        return self.mention_index.within(start, end)

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

    def full_name(self, m: Mention) -> Mention:
        """A surname-only person mention stands for the full name written elsewhere in the article."""
        if m.type != "Person" or " " in m.name:
            return m
        fuller = [o for o in self.mentions if o.type == "Person" and o.name.split()[-1] == m.name and " " in o.name]
        names = {o.name for o in fuller}
        return fuller[0] if len(names) == 1 else m


class TokenIndex:
    """Token offsets, and the indices of the tokens the rules look for, found once per article from the Doc's
    arrays: indexing the Doc builds a new Token object each time, too slow for a test of every token."""

    def __init__(self, doc: Doc) -> None:
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
        # verbs that may attribute a direct quote: the VBN test is left to speech_verbs_in
        self.speech = {i for i, lem in zip(verbs, lemmas, strict=True) if lem in SPEECH_VERBS}
        # verbs that may attribute a quoted fragment: speech verbs and verbs that characterize
        self.fragment = self.speech | {i for i, lem in zip(verbs, lemmas, strict=True) if lem in FRAGMENT_VERBS}
        self.speech_or_according = sorted(self.speech | self.according)
        # verbs that may take reported speech
        finite = among(pos, "VERB") & ~among(dep, "acl")
        report = {i for i, lem in zip(verbs, lemmas, strict=True) if lem in REPORT_VERBS and finite[i]}
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
        toks = toks[breaks[-1] + 1 :]
    while toks and toks[-1].is_punct:
        toks.pop()
    return toks


def np_text(text: str, toks) -> str:
    return text[toks[0].idx : toks[-1].idx + len(toks[-1])] if toks else ""


def tokens_between(ctx: SpeechContext, start: int, end: int):
    inside = ctx.tokens.between(start, end)
    return [t for t in ctx.doc[inside.start : inside.stop] if not t.is_space] if inside else []
