"""What a figure measures, in a form that can be compared across articles: a measure key and a scope.

The key says what kind of quantity it is and what happened to what is counted: ``count:killed`` for
"three dead", "three people were killed" and "a toll of three" alike (the classes are data, in
``lexicons/measure_classes.tsv``), ``money:stolen``, ``percent:unemployment``, ``quantity:length``,
``age``. The scope is what the figure's own clause restricts it to: the places it names ("in Syria" vs
"in Turkey") and the time of the event it counts ("in July", for an earlier theft given as background).
Claims are grouped into variables across articles from these (``graph/claims.py``); the sentence's reporting
verb ("officials said in June") dates the statement, not the event, so it gives no scope.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ..records import DateMention, Extraction, Mention
from .common import tokens_overlapping
from .lexicon import rows, tagged

REPORT_LEMMAS = tagged("verbs.tsv", "measure-stop")
# units of physical quantities, by what they measure
DIMENSIONS = {
    "length": "km kilometre kilometer kilometres kilometers mile miles metre meter metres meters m cm mm foot feet ft "
    "inch inches yard yards nautical-mile".split(),
    "area": "acre acres hectare hectares sq km2 square".split(),
    "mass": "kg kilogram kilograms kilogramme gram grams g ton tons tonne tonnes pound-mass lb lbs ounce ounces "
    "microgram micrograms milligram milligrams".split(),
    "magnitude": "magnitude richter".split(),
    "temperature": "celsius fahrenheit centigrade kelvin".split(),
    "speed": "km/h kph mph knots knot".split(),
    "power": "horsepower hp kw kilowatt kilowatts megawatt megawatts mw".split(),
    "volume": "litre litres liter liters gallon gallons barrel barrels cubic".split(),
    "angle": "degree degrees".split(),
}
UNIT_DIMENSION = {u: d for d, us in DIMENSIONS.items() for u in us}
LEVEL_LEMMAS = tagged("verbs.tsv", "measure-level")
GENERIC_NOUNS = {"people", "person", "persons", "individual", "one", "other", "adult", "resident"}
TIME_UNITS = {"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"}
MONTH_OR_YEAR = re.compile(  # a month, a year or a season named in a date's text
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:1[89]|20)\d\d\b"
    r"|\b(?:spring|summer|autumn|fall|winter)\b",
    re.I,
)


@lru_cache(maxsize=1)
def measure_classes() -> dict[str, tuple[str, str]]:
    """Lemma (or "verb particle") -> (class, kind), from the lexicon file, read once."""
    out: dict[str, tuple[str, str]] = {}
    for cls, kind, lemmas in rows("measure_classes.tsv", columns=3):
        for lemma in lemmas.split(","):
            out.setdefault(f"{kind}:{lemma.strip()}", (cls, kind))
    return out


def kind_of(unit: str | None, currency: bool, percent: bool) -> str:
    """money | percent | age | duration | quantity:<dimension> | count."""
    if currency:
        return "money"
    if percent:
        return "percent"
    u = (unit or "").lower()
    if "year-old" in u or u.startswith("years old") or u in ("age", "years of age") or "of age" in u:
        return "age"
    words = re.findall(r"[a-z/0-9-]+", u)
    for w in words:
        if w in UNIT_DIMENSION:
            return "quantity:" + UNIT_DIMENSION[w]
    if words and (words[-1].rstrip("s") in TIME_UNITS or words[0].rstrip("s") in TIME_UNITS):
        return "duration"
    return "count"


def _lemma(tok) -> str:
    lemma = (tok.lemma_ or tok.lower_).lower()
    particles = [c.lower_ for c in tok.children if c.dep_ == "prt"]
    return f"{lemma} {particles[0]}" if particles else lemma


def words_near(tokens, noun, pred):
    """Candidate words, nearest to the figure first: the counted noun and its predicate, the words right
    after the number ("3 dead"), then the heads above the figure up to (not across) a reporting verb."""
    out = []
    if pred is not None:  # what happened to them first: "12 protesters were arrested" counts arrests
        out.append(pred)
        out.extend(g for c in pred.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pobj")
    if noun is not None:
        out.append(noun)
    if not tokens:
        return out
    doc = tokens[0].doc
    last = tokens[-1]
    for k in range(last.i + 1, min(last.i + 3, len(doc))):
        if doc[k].is_punct:
            break
        out.append(doc[k])
    if noun is not None:
        out.extend(c for c in noun.children if c.dep_ in ("amod", "acl", "relcl", "compound"))
    node = noun if noun is not None else last
    for _ in range(6):
        if node.head.i == node.i:
            break
        node = node.head
        if node.lemma_.lower() in REPORT_LEMMAS and node.pos_ in ("VERB", "AUX"):
            break
        out.append(node)
        if node.pos_ in ("NOUN",):
            out.extend(c for c in node.children if c.dep_ in ("compound",))
        elif node.pos_ in ("VERB", "AUX"):
            if node.lemma_ in LEVEL_LEMMAS:  # "the payments could be as high as $450,000", "the toll rose to 9"
                out.extend(c for c in node.children if c.dep_ in ("nsubj", "nsubjpass"))
            # "drove into the store and grabbed jewellery worth $2m": the coordinated action says what it was
            out.extend(c for c in node.children if c.dep_ == "conj" and c.pos_ == "VERB")
    return out


def measure_class(words, kind: str) -> str | None:
    """The first measure class among ``words`` for figures of ``kind``; "value" ("worth") only if no other."""
    classes = measure_classes()
    fallback = None
    if kind == "count" and any(t.lower_ == "death" and t.i > 0 and t.doc[t.i - 1].lower_ == "to" for t in words):
        return "killed"  # "burnt to death", "stabbed to death": whatever the verb, the outcome is a death
    for tok in words:
        for lemma in (_lemma(tok), (tok.lemma_ or tok.lower_).lower(), tok.lower_):
            hit = classes.get(f"{kind}:{lemma}")
            if hit is None and lemma.endswith("s"):
                hit = classes.get(f"{kind}:{lemma[:-1]}")
            if hit is None:
                continue
            if hit[0] == "value":
                fallback = fallback or hit[0]
                continue
            return hit[0]
    if kind == "count" and any(t.lower_ == "death" or t.lemma_ == "death" for t in words):
        return "killed"
    return fallback


def measure_key(tokens, noun, pred, unit: str | None, currency: bool, percent: bool, thing: str | None) -> str:
    """``kind:what``: the comparable description of what a figure measures (see the module docstring)."""
    kind = kind_of(unit, currency, percent)
    if kind == "age" or (kind == "duration" and is_age(tokens)):
        return "age"
    base = kind.split(":")[0]
    if base in ("quantity", "duration"):
        # a measurement is of the thing it is said of: "a loan over three years", not the words of its sentence
        head = _measured_head(tokens)
        return f"{kind}:{head}" if kind == "duration" and head else kind
    cls = (
        measure_class(words_near(tokens, noun, pred), "money" if base == "money" else "count")
        if base in ("count", "money")
        else None
    )
    if not cls and thing and base in ("count", "money"):
        classes = measure_classes()
        kind_word = "money" if base == "money" else "count"
        hits = [classes.get(f"{kind_word}:{w}") or classes.get(f"{kind_word}:{w.rstrip('s')}") for w in thing.split()]
        cls = next((h[0] for h in hits if h and h[0] != "value"), None) or next((h[0] for h in hits if h), None)
    if cls:
        return f"{kind}:{cls}"
    if kind == "count":
        head = noun.lemma_.lower() if noun is not None else ""
        # a specific noun says what is counted ("four robbers", whatever they did); "people" needs its verb
        verb = pred.lemma_.lower() if pred is not None and head in GENERIC_NOUNS else ""
        return ":".join(x for x in (kind, head, verb) if x) if head else kind
    if thing:
        return f"{kind}:{thing}"
    return kind


AGE_BEFORE = re.compile(r"\b(?:aged?|ages)\s*$", re.I)


def is_age(tokens) -> bool:
    """ "aged 24", "a 61-year-old", "Robert Pitman, 24,": a person's age, not a stretch of time."""
    if not tokens:
        return False
    doc, first, last = tokens[0].doc, tokens[0], tokens[-1]
    around = doc[first.i : last.i + 5].text.lower()
    before = doc[max(0, first.i - 2) : first.i].text
    if re.match(r"^\S*?\d\s*-?\s*(?:year|month)s?\s*-?\s*old", around) or AGE_BEFORE.search(before):
        return True
    prev = doc[first.i - 1] if first.i > 0 else None
    return (
        prev is not None
        and prev.text == ","
        and (last.dep_ == "appos" or last.head.ent_type_ == "PERSON")
        and last.head.pos_ == "PROPN"
    )


def _measured_head(tokens) -> str:
    """The first noun or verb above a measurement that is not itself a unit of time."""
    if not tokens:
        return ""
    node = tokens[-1]
    for _ in range(5):
        if node.head.i == node.i:
            return ""
        node = node.head
        lemma = (node.lemma_ or node.lower_).lower()
        if node.pos_ in ("NOUN", "VERB") and lemma.rstrip("s") not in TIME_UNITS and lemma not in REPORT_LEMMAS:
            return lemma
    return ""


def figure_clause(tokens):
    """The tokens of the clause a figure belongs to: the subtree of its highest head below a reporting verb."""
    if not tokens:
        return None
    node = tokens[-1]
    for _ in range(12):
        head = node.head
        if head.i == node.i or (head.lemma_.lower() in REPORT_LEMMAS and head.pos_ in ("VERB", "AUX")):
            break
        node = head
    sub = list(node.subtree)
    return sub[0].idx, sub[-1].idx + len(sub[-1].text)


SCOPE_PREPS = {"in", "across", "throughout", "inside", "within", "of", "for", "among"}


def _governing_prep(tok, stop: int, end: int):
    """The preposition a token hangs from, walking up through nouns ("the hotel in Cannes": "in"); None when it
    hangs from no preposition inside the clause."""
    node = tok
    for _ in range(6):
        if node.dep_ == "pobj":
            return node.head
        head = node.head
        if head.i == node.i or not (stop <= head.idx < end) or head.pos_ not in ("PROPN", "NOUN", "ADJ", "NUM", "DET"):
            return None
        node = head
    return None


def scope_of(
    tokens,
    so_far: Extraction,
    figure_start: int,
    figure_end: int,
    as_of: DateMention | None,
    person_first: bool = False,
) -> tuple[tuple[Mention, ...], DateMention | None]:
    """The places (or, for an age, the person) a figure's clause restricts it to, and the date of the event
    it counts when that date is a month, a season or a year (a background event), never its as-of date.

    A place counts when it hangs from "in", "across", "of"... ("deaths in Syria", "a hotel in Cannes") or
    modifies the counted thing ("Syria's toll"), not from "at", "from" or "near" ("at the border"). A date counts
    when it hangs from a verb the figure depends on ("in July, a man made off with $2m"), not from another noun
    ("the policy in 2018")."""
    clause = figure_clause(tokens)
    if clause is None:
        return (), None
    start, end = clause
    doc = tokens[0].doc
    if person_first:
        people = [
            m
            for m in so_far.mentions
            if m.type == "Person" and start <= m.span.start < end and m.span.end <= figure_start + 2
        ]
        return (tuple(people[-1:]), None)
    places = []
    for m in so_far.mentions:
        if m.type != "Place" or not (start <= m.span.start < end) or figure_start <= m.span.start < figure_end:
            continue
        root = _root_in(doc, m.span.start, m.span.end)
        prep = _governing_prep(root, start, end) if root is not None else None
        if prep is None or prep.lower_ in SCOPE_PREPS:
            places.append(m)
    ancestors = {a.i for a in tokens[-1].ancestors if start <= a.idx < end} | {t.i for t in tokens}
    when = None
    for d in so_far.dates:
        if not (start <= d.span.start < end):
            continue
        if as_of is not None and d.span == as_of.span and _AS_OF_WORDS.search(_text_before(doc, d.span.start)):
            continue  # "as of June": when the count holds, not when its event happened
        if not (
            d.granularity in ("month", "year", "quarter", "season", "decade")
            or (d.granularity == "unresolved" and MONTH_OR_YEAR.search(d.span.text))
        ):
            continue
        root = _root_in(doc, d.span.start, d.span.end)
        if root is None:
            continue
        head = root.head.head if root.dep_ == "pobj" else root.head
        if head.i in ancestors or head.head.i in ancestors and head.dep_ == "prep":
            when = d
            break
    return tuple(places), when


_AS_OF_WORDS = re.compile(r"\b(?:as\s+of|as\s+at|by|through|until|till|since)\s+(?:the\s+)?(?:end\s+of\s+)?$", re.I)


def _text_before(doc, offset: int) -> str:
    toks = [t for t in tokens_overlapping(doc, max(0, offset - 24), offset) if t.idx < offset]
    return "".join(t.text_with_ws for t in toks)


def _root_in(doc, start: int, end: int):
    toks = [t for t in tokens_overlapping(doc, start, end) if start <= t.idx < end]
    return min(toks, key=lambda t: len(list(t.ancestors))) if toks else None
