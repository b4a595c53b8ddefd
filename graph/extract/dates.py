"""Date expressions normalised against the article's date at their own granularity.

Candidates come from our own patterns (:mod:`.timex`, which spaCy's DATE entities often miss or
mis-bound: "2010\\nJune 8, 2010", "June 17, two days"); spaCy's entities confirm the doubtful ones
("May", a bare "2000") and veto months that are names ("April Ryan"). Relative expressions resolve
against the article's date (or, lacking one, a dateline line at the top of the text), using the tense
of the governing verb for weekdays and months: "said Thursday" is the last Thursday on or before the
article date, "will meet Thursday" the next one. Expressions are read in text order so that those
referring back find what came before: a results story's "a year ago" is its reported quarter a year back
("third-quarter net fell to $5 million from $6 million a year ago"), "that year" the year last named.
"""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from ..records import Article, DateMention, Extraction, Span
from . import timex

# modals and auxiliaries that put the governed verb in the future (relative to the article)
FUTURE_AUX = {"will", "'ll", "shall", "wo", "would", "'d", "could", "may", "might", "should", "must", "can", "ca"}
# verbs whose infinitive complement is still to come: "is set to begin Wednesday", "plans to meet Friday"
FUTURE_HEADS = {
    "set",
    "schedule",
    "plan",
    "expect",
    "due",
    "go",
    "intend",
    "aim",
    "prepare",
    "hope",
    "want",
    "propose",
    "slate",
    "poise",
    "agree",
    "promise",
    "vow",
    "pledge",
    "threaten",
    "try",
    "seek",
}
# prepositions that say which side of the article date an expression lies on when the verb does not
_PREPOSITION = re.compile(r"\b((?i:since|as of|until|till|by))\s+$")
# entity labels that make a bare year part of a number or a name, not a date ("1995 jobs")
NOT_DATES = {"PERSON", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "PRODUCT", "ORDINAL"}


# rules that name a month, quarter or year outright (not counted from the article's date)
NAMING = timex.QUARTER_RULES - {"quarter_rel"} | {"month", "my", "year"}
# a quarter an article reports on has ended, within the year before it (a fiscal quarter may be named late)
REPORTED_WITHIN = timedelta(days=366)
# what a sentence holds, for expressions that refer back (see timex.Context)
_MONEY = re.compile(r"(?:[$£€¥#]|\b[A-Z]{1,2}\$)\s?\d|\d\s+(?:cents|pence|yen|marks|francs|euros|dollars|pounds)\b")
_PERIOD_WORD = re.compile(r"(?i:\bquarter\b|\bperiod\b)")
_COMPARED = re.compile(r"(?i:\b(?:from|compared|comparison|versus|vs\.|than|against)\b)")
_LONGER = re.compile(
    r"(?i:\b(?:nine|six|twelve|12|9|6)[\s-]months?\b|\b(?:full|fiscal|calendar)\s+year\b|"
    r"\bfirst\s+half\b|\bannual\b|\byear[\s-]to[\s-]date\b|\bfor\s+the\s+year\b)"
)


def extract_dates(doc, article: Article, so_far: Extraction) -> Extraction:
    """Every date expression in the article, with its ISO value, granularity and begin/end dates.

    Expressions are resolved in text order, so that those referring back ("that year", "the quarter",
    "the year-ago period") read the dates named before them."""
    anchor = article.date or dateline(article.text)
    ents = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
    found = []
    before = Before(anchor, Sentences(doc))
    for f in timex.scan(article.text):
        over = [(s, e, label) for s, e, label in ents if s < f.end and f.start < e]
        if not keep(f, over, has_ner=bool(ents)):
            continue
        context = before.context(f.start) if f.rule in timex.CONTEXTUAL else None
        tense = tense_for(doc, article.text, f.start, f.end)
        t = timex.resolve(f, anchor, tense, context)
        if t is not None:
            found.append(mention(Span(f.start, f.end, f.text), t))
            before.saw(t, f.rule, tense, f.start)
    return dataclasses.replace(so_far, dates=tuple(sorted(found)))


class Sentences:
    """The sentence (start, end) holding a character of a Doc (the whole text without sentence boundaries)."""

    def __init__(self, doc):
        self.doc, self.has, self.seen = doc, doc.has_annotation("SENT_START"), {}

    def at(self, i: int) -> tuple[int, int]:
        if i not in self.seen:
            span = self.doc.char_span(i, i + 1, alignment_mode="expand") if self.has else None
            sent = span.sent if span is not None and len(span) else None  # one sentence: cheaper than listing all
            self.seen[i] = (sent.start_char, sent.end_char) if sent is not None else (0, len(self.doc.text))
        return self.seen[i]

    def text(self, i: int) -> str:
        b, e = self.at(i)
        return self.doc.text[b:e]


class Before:
    """The dates an article has named so far: the quarter it reports on (the last ended one it named
    itself, not one it reached by counting back: "a year ago"), the last year and month, the first period
    named in the sentence read last."""

    def __init__(self, anchor: date | None, sentences: Sentences):
        self.anchor, self.sentences = anchor, sentences
        self.quarter: timex.Timex | None = None
        self.year: int | None = None
        self.month: timex.Timex | None = None
        self.named: tuple[int, timex.Timex] | None = None  # the first period its sentence named, and where

    def saw(self, t: timex.Timex, rule: str, tense: str | None = None, start: int = 0) -> None:
        if t.value is None or t.begin is None or t.end is None:  # every Timex sets begin and end together
            return
        if rule in NAMING and t.granularity in ("month", "quarter", "year") and not self._same_sentence(start):
            self.named = (start, t)  # the first period a sentence names is what it reports on: "sales in May rose
            # from April and from a year earlier"
        if (
            rule in timex.QUARTER_RULES
            and self.anchor is not None
            and (timedelta(0) <= self.anchor - t.end <= REPORTED_WITHIN or tense == "past" and t.begin <= self.anchor)
        ):  # "reported fourth-quarter earnings": a fiscal quarter
            self.quarter = t
        if t.granularity in ("day", "month", "quarter", "half", "season", "year"):
            self.year = t.begin.year
        if t.granularity in ("day", "month"):
            self.month = timex.month(t.begin.year, t.begin.month)

    def _same_sentence(self, start: int) -> bool:
        return self.named is not None and self.sentences.at(self.named[0]) == self.sentences.at(start)

    def context(self, start: int) -> timex.Context:
        """The context of an expression at ``start``."""
        sentence = self.sentences.text(start)
        period = bool(_PERIOD_WORD.search(sentence))
        named = self.named[1] if self.named is not None and self._same_sentence(start) else None
        return timex.Context(
            self.quarter,
            self.year,
            self.month,
            results=period or bool(_MONEY.search(sentence)),
            compared=bool(_COMPARED.search(sentence)),
            period=period,
            longer=bool(_LONGER.search(sentence)),
            named=named,
        )


def mention(span: Span, t: timex.Timex) -> DateMention:
    """A DateMention; times of day ("Friday morning") keep their day as begin/end but no ISO date value."""
    if t.granularity == "time":
        return DateMention(span, None, "day", t.begin, t.end)
    return DateMention(span, t.value, t.granularity, t.begin, t.end)


def keep(f: timex.Found, over: list[tuple[int, int, str]], has_ner: bool) -> bool:
    """Whether a candidate is a date, given the entities ``(start, end, label)`` over it: doubtful ones
    need a DATE entity; none may be a piece of a longer name ("Monday Night Football")."""
    labels = {label for _, _, label in over}
    if f.doubt:
        return has_ner and "DATE" in labels and "PERSON" not in labels
    if f.rule == "year":  # years inside names still count ("WWDC 2005"), inside numbers not
        return not (labels & NOT_DATES and "DATE" not in labels)
    return not any(
        label not in ("DATE", "TIME") and s <= f.start and f.end <= e and (s, e) != (f.start, f.end)
        for s, e, label in over
    )


def dateline(text: str) -> date | None:
    """The date of a line at the top of the text holding nothing but a full date (a Wikinews dateline)."""
    lines = [ln.strip() for ln in text.split("\n")[:4] if ln.strip()]
    for line in lines[:3]:
        hit = timex.match(line)
        if hit and hit[0] in ("mdy", "dmy", "iso"):
            t = timex.normalise(line, None)
            if t is not None and t.granularity == "day":
                return t.begin
    return None


def tense_for(doc, text: str, start: int, end: int) -> str | None:
    """The tense that places ``text[start:end]``: the governing verb's, or when that is present or
    unknown, the preposition's ("since June" looks back, "until June" ahead)."""
    tense = tense_at(doc, start, end)
    if tense in (None, "present"):
        prep = _PREPOSITION.search(text[max(0, start - 20) : start])
        if prep:
            return "past" if prep[1].lower() in ("since", "as of") else "future"
    return tense


def tense_at(doc, start: int, end: int) -> str | None:
    """ "past", "present" or "future" of the verb governing ``doc.text[start:end]``; None without a parse."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    t = span.root
    while not _verbal(t) and t.head.i != t.i:
        t = t.head
    for _ in range(8):
        if not _verbal(t):
            return None
        aux = [c for c in t.children if c.dep_ in ("aux", "auxpass")]
        words = {a.lower_ for a in aux}
        if words & FUTURE_AUX:
            return "past" if t.tag_ == "VBN" and words & {"have", "'ve"} else "future"
        if "to" in words or (t.tag_ == "VB" and not aux):  # an infinitive: its governor decides
            if t.head.i == t.i:
                return None
            if t.head.lemma_.lower() in FUTURE_HEADS or ("to" in words and not _verbal(t.head)):
                return "future"  # "is set to begin Friday", "an event to be held on October 12"
            t = t.head
            continue
        if t.tag_ == "VBD" or any(a.tag_ == "VBD" for a in aux):
            return "past"
        if t.tag_ == "VBN" and (words & {"has", "have", "'ve", "having"} or not aux):
            return "past"
        if t.tag_ in ("VBZ", "VBP") or any(a.tag_ in ("VBZ", "VBP") for a in aux):
            return "present"
        if t.head.i == t.i:
            return None
        t = t.head
    return None


def _verbal(tok) -> bool:
    return (
        tok.pos_ in ("VERB", "AUX")
        or tok.tag_.startswith("VB")
        or any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
    )
