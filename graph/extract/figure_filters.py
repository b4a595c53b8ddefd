"""Which numbers are no figures: dates, clock times, codes, phone numbers, ordinals, years, numbers inside
names ("F-35", "iOS 5", "3G"), durations placed in time, and spelled-out numbers that count nothing; and the
tokens around a number."""

from __future__ import annotations

import bisect
import dataclasses
import re

from ..records import Extraction
from .common import tokens_overlapping
from .figure_bounds import is_qualifier_word
from .lexicon import rows, tagged
from .numbers import NumberMatch

TIME_NOUNS = tagged("figure_nouns.tsv", "time")
CODE_BEFORE = re.compile(r"(?:\bNo\.\s*|#\s*|\bnumber\s+|\bNos?\.\s*)$", re.I)
ORDINAL_AFTER = re.compile(r"^\s?(?:st|nd|rd|th)\b", re.I)
COMPOUND_AFTER = re.compile(r"^-[a-z]", re.I)  # "zero-tolerance", "one-time": a modifier, unless of a unit
# a duration placed in time is a date expression, not a figure: "three years later", "two days ago"
RELATIVE_AFTER = re.compile(r"^\s*(?:ago|later|earlier|from\s+now|hence)\b", re.I)
# numbers that are parts of codes: 2021-12-16, 10:30, 555-1234, COVID-19, F-35, 3-2
# "AB-12" is read from the first letter only: from each letter of a long word it would rescan the word
MASK_RE = re.compile(
    r"\(?\b\d+\)?(?:[-/:.]\d+){2,}\b|\b\d{1,2}:\d{2}\b|\b\d+[-/]\d+\b|(?<![A-Za-z])[A-Za-z]+-\d+\b|\b\d+[A-Za-z]+\d*\b|"
    r"\(\d{3}\)\s*\d{3}-\d{4}"
)
NAME_LABELS = {"PERSON", "ORG", "GPE", "LOC", "FAC", "PRODUCT", "WORK_OF_ART", "LAW", "EVENT", "NORP", "LANGUAGE"}
TIME_LABELS = {"DATE", "TIME"}
PLURAL_IRREGULAR = tagged("figure_nouns.tsv", "plural")


def is_masked(n: NumberMatch, text: str, doc, masked) -> bool:
    """A number inside a code, a date or a clock time; not one whose own unit makes the code-like look
    ("24703m2", "magnitude-5.2"), nor one end of a range of something ("10-20 years", "3-5 children")."""
    for s, e in masked:
        if not s <= n.start < e:
            continue
        if n.start <= s and e <= n.end and (n.measure or n.currency or n.percent):
            continue
        if (
            n.hyphen_range
            and re.fullmatch(r"\d+(?:\.\d+)?-\d+(?:\.\d+)?", text[s:e])
            and (n.measure or n.currency or n.percent or looks_plural(next_word(text[e : e + 40]), doc, e))
        ):
            continue
        return True
    return False


def as_age(n: NumberMatch, text: str) -> NumberMatch:
    """ "Maria Lopez, 45, said": a bare number set off by commas after a name is an age in years."""
    if (
        n.measure
        or n.currency
        or n.percent
        or n.scaled
        or n.worded
        or not float(n.value).is_integer()
        or not 0 < n.value < 120
    ):
        return n
    before, after = text[max(0, n.start - 40) : n.start], text[n.end : n.end + 3]
    if re.search(r"[A-Z][\w'-]+,\s$", before) and re.match(r"^(?:,|\s[\u2015\u2014\u2013-]\s)", after):
        return dataclasses.replace(n, measure="year", kind="age")
    return n


def masked_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of codes, ISO dates, clock times, phone numbers and alphanumeric names."""
    return [(m.start(), m.end()) for m in MASK_RE.finditer(text)]


def blocked_ranges(doc, so_far: Extraction) -> list[tuple[int, int, str]]:
    """Spans that a figure cannot start in: dates and times, and names (with their entity label)."""
    out = [(d.span.start, d.span.end, "DATE") for d in so_far.dates]
    out += [(m.span.start, m.span.end, "NAME") for m in so_far.mentions]
    for ent in getattr(doc, "ents", ()):
        if ent.label_ in TIME_LABELS:
            out.append((ent.start_char, ent.end_char, "DATE"))
        elif ent.label_ in NAME_LABELS:
            out.append((ent.start_char, ent.end_char, "NAME"))
    return out


def not_a_figure(n: NumberMatch, text: str, doc, blocked) -> bool:
    """True for dates, years, ordinals, times, names and number words that count nothing. Durations and ages
    are figures ("three years", "aged 24"), unless placed in time ("three years later")."""
    money_or_pct = bool(n.currency or n.percent)
    measured = bool(n.measure)
    before, after = text[max(0, n.start - 40) : n.start], text[n.end : n.end + 40]
    if n.kind in ("time", "age") and RELATIVE_AFTER.match(after):
        return True
    for s, e, kind in blocked:
        if s <= n.start < e or s < n.end <= e:
            if (
                kind == "DATE"
                and not money_or_pct
                and not (measured and s <= n.start and n.end <= e + 1 and n.kind in ("time", "age", "unit"))
            ):
                return True
            if kind == "NAME" and not money_or_pct and not n.vague and not measured:
                return True
    if (
        CODE_BEFORE.search(before)
        or ORDINAL_AFTER.search(after)
        or (COMPOUND_AFTER.search(after) and not (measured or money_or_pct))
    ):
        return True
    if re.match(r"^\s*(?:a\.\s?m\.|p\.\s?m\.|am\b|pm\b|o'clock)", after, re.I):
        return True
    raw = text[n.start : n.end]
    if n.measure == "hour" and re.fullmatch(r"[0-2]\d[0-5]0\s*(?:hrs|hours)", raw, re.I):
        return True  # "1100 hrs": a clock time
    if re.fullmatch(r"1[6-9]\d\d|20\d\d|21\d\d", raw):  # a bare four-digit number in year range is a year
        return True
    if not n.range_bound and (
        (re.search(r"\d\s*$", before) and text[n.start].isdigit() and not (measured or money_or_pct))
        or re.match(r"^\s*-\s*\d", after)
    ):
        return True
    if measured or money_or_pct:
        return False
    if re.search(r"[A-Z][\w'-]+,\s$", before) and re.match(r"^,", after) and n.value < 120 and not n.scaled:
        return True  # "Maria Lopez, 45, said" when not read as an age
    noun = next_word(after)
    if noun in TIME_NOUNS:
        return True
    if n.worded and not (n.scaled or n.vague or n.range_bound):
        # a spelled-out number is a figure only when it counts something: "three children", not "one of",
        # "zero tolerance"; "one" with the noun it counts is: "one man died"
        if n.value == 1 and counts_one(n, doc) or n.value >= 2 and CASUALTY_AFTER.match(text, n.end):
            return False
        if n.value < 2 or not looks_plural(noun, doc, n.end):
            return True
    return not n.vague and not n.range_bound and part_of_name(n, text, doc, before)


# full month and weekday names ("May 5", "Monday 3"): a number after one is a date, not a figure
MONTHS_DAYS = frozenset(row[1] for row in rows("months.tsv") if row[0] in ("month", "weekday"))

ONE_NOT_COUNTING = tagged("figure_nouns.tsv", "not-counted")


def counts_one(n: NumberMatch, doc) -> bool:
    """ "one man died", "one protester threw ...": "one" as the count of the noun it modifies, with a parse."""
    toks = tokens_in(doc, n.start, n.end)
    if len(toks) != 1 or toks[0].lower_ != "one" or not toks[0].doc.has_annotation("DEP"):
        return False
    tok = toks[0]
    head = tok.head
    while head.dep_ == "compound" and head.head.i > head.i:
        head = head.head
    return (
        tok.dep_ == "nummod"
        and head.pos_ == "NOUN"
        and head.tag_ == "NN"
        and head.i > tok.i
        and head.lower_ not in ONE_NOT_COUNTING
        and not (tok.i > 0 and tok.doc[tok.i - 1].lower_ in ("no", "the"))
    )


def part_of_name(n: NumberMatch, text: str, doc, before: str) -> bool:
    """ "Title 42", "Apollo 11", "Boeing's 737 Max": a number next to a proper name that counts nothing."""
    toks = tokens_in(doc, n.start, n.end)
    if toks and toks[0].doc.has_annotation("TAG"):
        first, last = toks[0], toks[-1]
        prev = first.doc[first.i - 1] if first.i > 0 else None
        nxt = last.doc[last.i + 1] if last.i + 1 < len(last.doc) else None
        counts = nxt is not None and (nxt.tag_ in ("NNS", "NNPS") or looks_plural(nxt.lower_, doc, n.end))
        if (
            prev is not None
            and prev.pos_ == "PROPN"
            and prev.lower_ not in MONTHS_DAYS
            and not counts
            and not is_qualifier_word(prev.text)
        ):
            return True
        if (
            nxt is not None
            and nxt.pos_ == "PROPN"
            and nxt.tag_ != "NNPS"
            and nxt.is_title
            and "," not in first.text
            and nxt.ent_type_ != "NORP"
        ):
            return True
        return False
    if re.search(r"(?:^|\s)[A-Z][\w.&'-]*\s$", before) and not re.search(r"(?:^|[.!?\"\u201c]\s*)\S+\s$", before):
        return not is_qualifier_word(before.split()[-1])
    return False


def next_word(after: str) -> str:
    m = re.match(r"^[\s\-]*([A-Za-z][\w.']*)", after)
    return m[1].lower().rstrip(".") if m else ""


def looks_plural(word: str, doc, offset: int) -> bool:
    tok = token_after(doc, offset)
    if tok is not None and re.fullmatch(r"[A-Z]+-?\d+", tok.text) and tok.i + 1 < len(tok.doc):
        tok = tok.doc[tok.i + 1]  # "seven AK-47 rifles"
        word = tok.lower_
    if tok is not None and tok.tag_:
        if tok.tag_ in ("JJ", "VBN", "NN") and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].tag_ == "NNS":
            return True
        return tok.tag_ in ("NNS", "NNPS") or tok.lower_ in PLURAL_IRREGULAR
    return word in PLURAL_IRREGULAR or (len(word) > 2 and word.endswith("s") and not word.endswith("ss"))


_STARTS: tuple = (None, [])  # the last doc and its token start offsets, for bisecting; replaced whole


def token_after(doc, offset: int):
    """The first non-space token starting at or after a character offset."""
    global _STARTS
    if doc is None:
        return None
    cached = _STARTS
    if cached[0] is not doc:
        cached = _STARTS = (doc, [t.idx for t in doc])
    i = bisect.bisect_left(cached[1], offset)
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


CASUALTY_AFTER = re.compile(r"(?<!\s)\s+(dead|killed|injured|wounded|hurt|missing|arrested|detained)\b", re.I)
PARTITIVE_AFTER = re.compile(r"^\s+of\s+(?:us|them|those|these|whom|which|the|its|their|our|his|her)\b", re.I)
STANDALONE_PREPS = {"to", "from", "by"}


def stands_alone(n: NumberMatch, tokens, text: str) -> bool:
    """A bare count that is an argument by itself: "15 of them", "injuring 40", "the toll rose to 111",
    "32 is the quantity". Not a single digit in a list, a score or a code."""
    if n.worded or not float(n.value).is_integer() or n.value < 2:
        return False
    if PARTITIVE_AFTER.match(text[n.end : n.end + 20]):
        return True
    if re.match(r"\s*(?:to|-|:)\s*\d", text[n.end : n.end + 6]):
        return False  # "split 4 to 1", "won 3-1": a tally
    if not tokens or not tokens[0].doc.has_annotation("DEP"):
        return False
    tok = tokens[-1]
    head = tok.head
    if tok.i > 0 and (tok.doc[tok.i - 1].dep_ == "det" or tok.doc[tok.i - 1].pos_ in ("NOUN", "PROPN")):
        return False  # "the 486 is ...", "iOS 5", "Flight 200": a name
    if tok.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX") and head.i != tok.i:
        return True
    return tok.dep_ == "pobj" and head.lower_ in STANDALONE_PREPS and head.head.pos_ == "VERB"


def tokens_in(doc, start: int, end: int) -> list:
    if doc is None:
        return []
    return [t for t in tokens_overlapping(doc, start, end) if t.idx < end and t.idx + len(t.text) > start]
