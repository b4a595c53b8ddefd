"""Figures: counts, amounts of money, percentages and measures, with their bound, counted thing or unit,
measured variable, source and as-of date.

Numbers are found by pattern on the text (spaCy's CARDINAL/MONEY labels miss and mislabel too often; see
:mod:`.numbers` for values, scales, currencies, units and ranges), then read in context with the parse: the
qualifier before ("more than", "as high as") or the end of a range gives the bound, the unit or the noun after
gives what is counted, the predicate gives the measured variable ("children separated"), a reporting verb or
"according to" gives the source, "as of ..." the date it holds for. Durations and ages are figures ("three
years", "aged 24", "a 61-year-old"), unless placed in time ("three years later"). Dates, clock times,
ordinals, phone numbers, years and numbers inside names and codes ("F-35", "iOS 5", "3G") are left out.
"""

from __future__ import annotations

import bisect
import dataclasses
import re

from ..records import Article, DateMention, Extraction, Figure, Mention, Span
from .common import sentence_at, tokens_overlapping
from .lexicon import pairs, rows, tagged
from .measures import measure_class, measure_key, scope_of, words_near
from .numbers import NumberMatch, find_numbers, number_value  # noqa: F401  (number finding lives there)
from .speakers import speaker_resolver

# ---------------------------------------------------------------- patterns

# qualifiers before the number: bound and how they read
QUALIFIERS = [(q, b) for q, b in rows("qualifiers.tsv")]
QUALIFIERS.sort(key=lambda qb: -len(qb[0]))
# each qualifier as a whole word ending the text before a number, and its start there
_QUALIFIER_PATTERNS = [
    (q, re.compile(r"(?:^|[^\w])" + re.escape(q) + r"\s+$"), re.compile(re.escape(q) + r"\s+$"), b)
    for q, b in QUALIFIERS
]
POST_QUALIFIERS = [
    (re.compile(r"^(?:\s+or\s+(?:more|higher|greater|above)|-?plus\b|\+)", re.I), "lower"),
    (re.compile(r"^\s+or\s+(?:fewer|less|lower|below)\b", re.I), "upper"),
    (re.compile(r"^\s+or\s+so\b", re.I), "approx"),
]
APPROX_TOLERANCE = 0.05  # "about 5,500" reads as 5,500 +/- 5 %

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
REPORT_VERBS = tagged("figure_verbs.tsv", "source")
HEDGE_VERBS = tagged("figure_verbs.tsv", "hedge")
# verbs that state the level of their subject: "payments could be as high as $X", "inflation fell to 4.9%"
LEVEL_VERBS = tagged("figure_verbs.tsv", "level")
PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "this", "that", "who", "which"}
AS_OF_BEFORE = re.compile(
    r"\b(?:as\s+of|as\s+at|by|through|until|till|at\s+the\s+(?:end|start|beginning)\s+of|"
    r"by\s+the\s+end\s+of)\s+$",
    re.I,
)
AS_OF_PREPS = {"in", "on", "at", "by", "through", "until", "till", "of", "as"}
PER_RE = re.compile(
    r"^\s*(?:per|a|each|for\s+each)\s+(person|head|child|family|individual|person|parent|"
    r"migrant|victim|worker|employee|household|year|month|week|day|share|student|patient)\b"
    r"(?!\s+(?:earlier|ago|before|later|after|prior))|"
    r"^\s*(?:each|apiece)\b",
    re.I,
)
IRREGULAR_PARTICIPLES = pairs("participles.tsv")
PLURAL_IRREGULAR = tagged("figure_nouns.tsv", "plural")


# ---------------------------------------------------------------- the extractor


def extract_figures(doc, article: Article, so_far: Extraction) -> Extraction:
    """Add the figures of one article to ``so_far``."""
    text = article.text
    masked = masked_ranges(text)
    blocked = blocked_ranges(doc, so_far)
    found: dict[tuple[int, int], Figure] = {}
    for n in find_numbers(text):
        if is_masked(n, text, doc, masked):
            continue
        n = as_age(n, text)
        if not_a_figure(n, text, doc, blocked):
            continue
        fig = read_figure(n, doc, article, so_far)
        if fig is not None:
            found.setdefault((fig.span.start, fig.span.end), fig)
    return dataclasses.replace(so_far, figures=tuple(sorted(found.values())))


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


MONTHS_DAYS = {
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
}


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


def is_qualifier_word(word: str) -> bool:
    w = word.lower().strip(",")
    return any(q.split()[-1] == w for q, _ in QUALIFIERS) or w in ("of", "and", "to", "than", "as")


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


# ---------------------------------------------------------------- reading a number in context


def read_figure(n: NumberMatch, doc, article: Article, so_far: Extraction) -> Figure | None:
    text = article.text
    bound, qstart = qualifier_before(text, n.start)
    post_end = n.end
    for rx, b in POST_QUALIFIERS:
        m = rx.match(text[n.end :])
        if m:
            bound, post_end = (b if bound == "exact" else bound), n.end + m.end()
            break
    if n.vague and bound == "exact":
        bound = "lower"  # "hundreds of thousands": at least one hundred thousand
    if n.range_bound and bound == "exact":
        bound = n.range_bound  # "10-20 years": at least 10, at most 20
    tokens = tokens_in(doc, n.start, n.end)
    noun = counted_noun(doc, tokens, text, n)
    unit = n.currency or n.percent or n.measure
    if (
        noun is not None
        and not unit
        and n.value != 1
        and noun.tag_ == "NN"
        and noun.lower_ not in PLURAL_IRREGULAR
        and not (n.scaled and text[n.end : n.end + 1] == "-")
    ):
        noun = None  # "the 737 airliner", "a 2020 report": a singular noun is named, not counted ("million-member" is)
    end = post_end
    casualty = CASUALTY_AFTER.match(text, n.end) if unit is None and noun is None else None
    if casualty:
        unit, end = casualty[1].lower(), casualty.end()  # "3 dead after ...": people killed
    elif (
        unit is None
        and noun is None
        and tokens
        and tokens[-1].i + 1 < len(doc)
        and doc[tokens[-1].i + 1].ent_type_ == "NORP"
        and doc[tokens[-1].i + 1].ent_iob_ == "B"
    ):
        nat = doc[tokens[-1].i + 1]  # "seizing 12 Somali and 11 Yemeni nationals": people of a nationality
        unit, end = nat.lower_, nat.idx + len(nat.text)
    if noun is not None and unit is None:
        unit = noun.text.lower()
        if not any(t.like_num for t in doc[tokens[-1].i + 1 : noun.i]):  # "200 and 300 people": stop at 200
            end = max(end, noun.idx + len(noun.text))
    elif (
        unit is None
        and not n.vague
        and not n.scaled
        and not re.search(r"[,.]", text[n.start : n.end])
        and not n.range_bound
        and not (qstart is not None and not n.worded)
        and not stands_alone(n, tokens, text)
    ):
        outcome = (
            measure_class(words_near(tokens, None, None), "count")
            if doc is not None and doc.has_annotation("DEP")
            else None
        )
        if outcome is None:
            return None  # a bare small number that counts nothing named: a list item, a vote tally, a code
        unit = "people " + outcome  # "Three killed", "police arrested 12": the outcome names what is counted
    start = qstart if qstart is not None else n.start
    lo, hi = interval(n.value, bound, n.vague)
    sentence = sentence_at(so_far.sentences, n.start)
    speaker, speaker_name = source_of(doc, tokens, n, so_far, text, sentence)
    variable = variable_of(doc, tokens, noun, n, text)
    as_of = as_of_of(doc, tokens, text, so_far, sentence)
    key, scope_date = None, None
    scope: tuple[Mention, ...] = ()
    if tokens and tokens[0].doc.has_annotation("DEP"):
        pred = predicate_of(noun) if noun is not None else None
        thing = variable.split(" per ")[0] if variable else None
        key = measure_key(tokens, noun, pred, unit, bool(n.currency), bool(n.percent), thing)
        scope, scope_date = scope_of(tokens, so_far, start, end, as_of, person_first=key == "age")
    return Figure(
        Span(start, end, text[start:end]),
        n.value,
        bound,
        unit,
        lo,
        hi,
        variable,
        sentence,
        speaker,
        as_of,
        speaker_name,
        key,
        scope,
        scope_date,
    )


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


def qualifier_before(text: str, start: int) -> tuple[str, int | None]:
    before = text[max(0, start - 40) : start].lower()
    for q, as_word, at_end, b in _QUALIFIER_PATTERNS:
        at = at_end.search(before) if q in before and as_word.search(before) else None  # substring test first
        if at is not None:
            return b, start - (len(before) - at.start())
    return "exact", None


def interval(value: float, bound: str, vague: bool = False) -> tuple[float | None, float | None]:
    """The values the truth may take, as (min, max); None is unbounded."""
    if vague:
        return value, value * 10
    if bound == "lower":
        return value, None
    if bound == "upper":
        return None, value
    if bound == "approx":
        return value * (1 - APPROX_TOLERANCE), value * (1 + APPROX_TOLERANCE)
    return value, value


def tokens_in(doc, start: int, end: int) -> list:
    if doc is None:
        return []
    return [t for t in tokens_overlapping(doc, start, end) if t.idx < end and t.idx + len(t.text) > start]


def counted_noun(doc, tokens, text: str, n: NumberMatch):
    """The noun a count counts ("5,600 children"), the noun money pays for ("$450,000 payments"), or the whole
    after "of" ("thousands of minors", "5 percent of voters")."""
    if not tokens:
        return None
    last = tokens[-1]
    head = last.head
    while head.dep_ == "compound" and head.tag_ == "NN" and head.head.i > head.i and head.head.i - last.i <= 4:
        head = head.head  # "3 bank employees": the compound's head is counted
    if (
        last.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod", "npadvmod")
        and head.i > last.i
        and (head.pos_ == "NOUN" or head.tag_ == "NNPS")
        and head.i - last.i <= 4
        and not _crosses_punct(doc, last.i, head.i)
    ):
        return head if head.lower_ not in TIME_NOUNS else None
    nxt = last.i + 1
    if nxt < len(doc) and doc[nxt].lower_ == "of" and (n.vague or n.percent):
        obj = [c for c in doc[nxt].children if c.dep_ == "pobj"]
        return obj[0] if obj and obj[0].pos_ in ("NOUN", "PROPN") else None
    # no parse (blank pipeline) or a flat reading: the next plural noun right after the number
    i = nxt
    while (
        i < len(doc)
        and i - nxt < 3
        and (doc[i].pos_ in ("ADJ",) or doc[i].tag_ in ("JJ", "VBN") or re.fullmatch(r"[A-Z]+-?\d+", doc[i].text))
    ):
        i += 1  # "7 AK-47 rifles": a model name between the count and the counted
    if (
        i < len(doc)
        and not doc[i].is_punct
        and doc[i].lower_ not in TIME_NOUNS
        and (doc[i].tag_ in ("NNS", "NNPS") or (not doc[i].tag_ and looks_plural(doc[i].lower_, None, 0)))
    ):
        return doc[i]
    return None


def _crosses_punct(doc, i: int, j: int) -> bool:
    return any(doc[k].is_punct for k in range(i + 1, j))


# ---------------------------------------------------------------- what it measures


def participle(tok) -> str:
    """The past participle of a verb token: "were separated" -> "separated", "died" -> "died"."""
    if tok.tag_ == "VBN" or (tok.tag_ == "VBD" and tok.lower_.endswith("ed")):
        return tok.lower_
    lemma = tok.lemma_.lower() or tok.lower_
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if tok.pos_ == "ADJ" or tok.dep_ in ("acomp", "attr") or tok.tag_ == "VBG":
        return tok.lower_  # "are still missing", "were unaccounted"
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def predicate_of(noun):
    """The predicate telling what happened to a counted noun: its participle modifier ("children separated
    from"), the verb it is subject or object of, through hedges ("were estimated to be separated") and
    copulas ("are missing")."""
    for c in noun.children:
        if c.dep_ == "acl" and c.tag_ in ("VBN", "VBG"):
            return c
    for c in noun.children:
        if c.dep_ == "relcl" and any(
            g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("who", "that", "which") for g in c.children
        ):
            return c  # "3,000 people who died"
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and noun.head.i != noun.i:
        # "4,500 new cases and 37 deaths" were both reported; a misparsed conjunct keeps its own verb group
        return verb_group_after(noun) or predicate_of(noun.head)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("VERB", "AUX"):
        verb = noun.head.head
    else:
        return verb_group_after(noun)
    for _ in range(3):
        xcomp = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX", "ADJ")]
        if verb.lemma_ in HEDGE_VERBS and noun.dep_ in ("nsubjpass", "nsubj") and xcomp:
            verb = xcomp[0]
            continue
        if verb.lemma_ == "be":
            comp = [c for c in verb.children if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "VERB")]
            if comp:
                verb = comp[0]
            elif noun.dep_ == "nsubj" and any(c.dep_ == "prep" for c in verb.children):
                return None
        break
    if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.lemma_ in ("be", "have"):
        return None
    return verb


def verb_group_after(noun):
    """When the parser attached a subject elsewhere ("..., and a pilot program in 2017, more than 5,600 children
    were separated" read as a conjunct), the verb group right after the noun: "were separated"."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and i - noun.i <= 4:
        i += 1
    if i < len(doc) and i > noun.i + 1 and doc[i].pos_ == "VERB" and doc[i].tag_ in ("VBN", "VBG"):
        return doc[i]
    if i == noun.i + 1 and i < len(doc) and doc[i].pos_ == "VERB" and doc[i].tag_ in ("VBD", "VBZ", "VBP"):
        return doc[i]
    return None


def modifiers_of(verb) -> str:
    """ "still" and "not" on the predicate or its auxiliaries: they change what is counted."""
    words = []
    for c in list(verb.children) + ([verb.head] if verb.dep_ == "xcomp" else []):
        if c.dep_ == "advmod" and c.lower_ in ("still", "already", "never"):
            words.append(c.lower_)
    if any(c.dep_ == "neg" for c in verb.children):
        words.append("not")
    return " ".join(dict.fromkeys(words))


def noun_phrase(noun) -> str:
    """The counted thing with its noun compounds: "court cases", "task force members"; adjectives dropped."""
    parts = [c.lower_ for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join(parts + [noun.lower_])


def variable_of(doc, tokens, noun, n: NumberMatch, text: str) -> str | None:
    """A normalised name for what a figure measures, such as "children separated" or "payments"."""
    if not tokens or not tokens[0].doc.has_annotation("DEP"):
        return noun.lower_ if noun is not None else None
    per = PER_RE.match(text[n.end : n.end + 30]) if noun is None else PER_RE.match(text[noun.idx + len(noun) :][:30])
    suffix = f" per {(per[1] or 'person').lower()}" if per else ""
    if n.currency:
        thing = money_thing(tokens, noun)
        return (thing + suffix) if thing else None
    if n.percent:
        if noun is not None:
            pred = predicate_of(tokens[-1].head) if tokens[-1].head.pos_ == "NOUN" else None
            return f"share of {noun_phrase(noun)}" + (f" {participle(pred)}" if pred is not None else "")
        subject = copula_subject(tokens[-1])
        return noun_phrase(subject) if subject is not None else None
    if noun is None:
        return None
    pred = predicate_of(noun)
    thing = noun_phrase(noun)
    if pred is None:
        return thing + suffix
    mods = modifiers_of(pred)
    particle = " ".join(c.lower_ for c in pred.children if c.dep_ == "prt")  # "laid off", not "laid"
    return " ".join(filter(None, [thing, mods, participle(pred), particle])) + suffix


def money_thing(tokens, noun) -> str | None:
    """What an amount of money is: the noun it modifies ("$450,000 payments"), the subject it is said of
    ("the payments could be as high as $450,000"), or the amount of a verb ("amount paid")."""
    if noun is not None:
        return noun_phrase(noun)
    last = tokens[-1]
    if last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.pos_ == "NOUN":
        return noun_phrase(last.head.head)  # "revenue of $4.2 billion", "payments of $450,000"
    subject = copula_subject(last)
    if subject is not None:
        return noun_phrase(subject)
    head = tokens[-1].head
    if tokens[-1].dep_ in ("dobj", "pobj", "attr") and head.pos_ == "VERB":
        return f"amount {participle(head)}"
    return None


def copula_subject(tok):
    """For a number predicated of a subject ("payments could be as high as $X", "unemployment rose to 5%"),
    that subject."""
    node = tok
    for _ in range(5):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            if node.lemma_ not in LEVEL_VERBS:
                return None
            subj = [
                c
                for c in node.children
                if c.dep_ in ("nsubj", "nsubjpass")
                and c.pos_ in ("NOUN", "PROPN")
                and c.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
            ]
            return subj[0] if subj else None
    return None


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
    inside = [m for m in so_far.mentions if m.span.start <= tok.idx < m.span.end]
    if not inside:
        inside = [m for m in so_far.mentions if start <= m.span.start and m.span.end <= end]
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
