"""Text-shape signals for entity mentions: word classes read from ``lexicons/entity_classes.tsv``, datelines,
photo credits and bylines, and the words after a name that make it a product.

Each signal is a general pattern of news text, not a list of names: a dateline "CITY (Agency) —" opens a
paragraph; a credit line starts with "Photo:" or "By"; a brand followed by "Pro", "OS" or "laptops" is a product.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .lexicon import rows

CLASSES = (
    "product_suffix",
    "product_next",
    "product_noun",
    "facility_head",
    "not_person_head",
    "time_zone",
    "agent_verb",
    "story_label",
    "credit_cue",
    "title",
    "person_title",
    "descriptor_organization",
    "descriptor_person",
    "descriptor_place",
    "org_word",
    "unit_code",
    "event_head",
    "quantity_word",
)


@lru_cache(maxsize=1)
def _classes() -> dict[str, frozenset[str]]:
    out: dict[str, set[str]] = {c: set() for c in CLASSES}
    for cls, word in rows("entity_classes.tsv", columns=2):
        if cls not in out or not word.strip():
            raise ValueError(
                f"lexicons/entity_classes.tsv: expected one of {', '.join(CLASSES)}, a tab and a lower-case word; "
                f"found {cls!r} and {word!r}"
            )
        out[cls].add(word.strip())
    return {c: frozenset(ws) for c, ws in out.items()}


def words_of(cls: str) -> frozenset[str]:
    """The lower-case words of one class of ``lexicons/entity_classes.tsv``."""
    return _classes()[cls]


# ---------------------------------------------------------------- datelines

# "HONOLULU (AP) —", "LONDON, England (Reuters) -", "WASHINGTON —": a city in capitals (or in title case when an
# agency in parentheses follows) opening a paragraph, then a dash
_CAPS_CITY = r"[A-Z][A-Z.'-]+(?:[ -][A-Z][A-Z.'-]+){0,3}"
_TITLE_CITY = r"[A-Z][a-z.'-]+(?:[ -][A-Z][a-z.'-]+){0,3}"
_REGION = r"(?:,\s+[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?"
_DATELINE = re.compile(
    r"(?m)^[ \t]*(?:(?P<c1>"
    + _CAPS_CITY
    + r"|"
    + _TITLE_CITY
    + r")"
    + _REGION
    + r"\s*\((?P<agency>[A-Z][\w.&' -]{0,30}?)\)|(?P<c2>"
    + _CAPS_CITY
    + r")"
    + _REGION
    + r")\s*(?:--?|\u2013|\u2014)\s"
)


def datelines(text: str) -> list[tuple[int, int, str]]:
    """(start, end, name) of each dateline city; an all-capital city is named in title case ("Honolulu")."""
    out = []
    for m in _DATELINE.finditer(text):
        group = "c1" if m["c1"] else "c2"
        name = m[group]
        if name.lower() in words_of("story_label") or len(name) < 3:
            continue  # "BREAKING —", "UPDATE —": a label, not a city
        if name.isupper():
            name = re.sub(r"[A-Za-z]+", lambda w: w[0].capitalize(), name)
        out.append((m.start(group), m.end(group), name))
    return out


# ---------------------------------------------------------------- credits and bylines


def credit_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of photo credits and bylines: a line opening with "Photo:", "By Name", "(Photo by ...)",
    and the "AGENCY / NAME" that closes a caption. People named there are not people of the story."""
    cues = "|".join(sorted(words_of("credit_cue")))
    out = []
    line_cue = re.compile(r"(?mi)^[ \t(]*(?:" + cues + r")(?:\s+by)?\s*(?::|\s(?=[A-Z]))[^\n]{0,80}$")
    for m in line_cue.finditer(text):
        if m[0].strip().lower().startswith("by") and not re.match(
            r"(?i)\s*\(?by\s+[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+)"
            r"{0,3}\s*(?:[,/|(\n-]|$)",
            m[0],
        ):
            continue  # "By the end of the year ..." opens a sentence, not a byline
        out.append(m.span())
    for m in re.finditer(r"\(\s*(?:[Pp]hoto|[Pp]icture|[Ii]mage)s?(?:\s+by|:)[^)\n]{1,80}\)", text):
        out.append(m.span())
    for m in re.finditer(r"[A-Z][\w.&-]+\s*/\s*[A-Z][\w.'-]+(?:\s+[A-Z][\w.'-]+){0,3}[ \t]*$", text, re.M):
        out.append(m.span())
    return out


def inside(spans: list[tuple[int, int]], start: int) -> bool:
    return any(s <= start < e for s, e in spans)


# ---------------------------------------------------------------- products


def next_word(text: str, end: int) -> tuple[str, str]:
    """The word right after ``end`` (one space or a hyphen away) and the separator before it."""
    m = re.match(r"([ \t]|-)([A-Za-z][\w]*)", text[end : end + 30])
    return (m[2], m[1]) if m else ("", "")


def product_after(text: str, end: int) -> bool:
    """A name followed by a product-line word ("X Pro", "X OS"), a product noun ("X laptops") or "-based"."""
    word, sep = next_word(text, end)
    low = word.lower()
    if sep == "-":
        return low == "based"
    if word[:1].isupper() and low in words_of("product_suffix") | words_of("product_next"):
        return True
    return word.islower() and low in words_of("product_noun")


def product_name(name: str) -> bool:
    """A name that ends in a product-line word ("X Pro", "X OS") or is only such words ("SDK")."""
    words = [w.lower().strip(".,") for w in name.split()]
    return bool(words) and words[-1] in words_of("product_suffix")


def product_lines(names: set[str], text: str) -> set[str]:
    """The one-word names the article itself shows to be product lines wherever they occur: written before a
    product-line word ("MacBook Pro", "Mac OS") or after "new"/"latest" as the head of its phrase ("the new
    Intel-based Mac."; not "new Airbus jets", where the name qualifies a noun)."""
    suffixes = "|".join(sorted(words_of("product_suffix")))
    out = set()
    for name in names:
        if len(name.split()) != 1 or not name[:1].isupper() or is_acronym_like(name):
            continue
        n = re.escape(name)
        if re.search(r"(?<![\w-])" + n + r"\s+(?i:" + suffixes + r")\b(?![\w-])", text) or re.search(
            r"\b(?:new|newest|latest)\s+(?:[\w]+-[a-z]+\s+)?" + n + r"(?=\s*(?:[.,;:!?)]|$))", text, re.M
        ):
            out.add(name)
    return out


def is_acronym_like(name: str) -> bool:
    return name.isupper()


def is_time_zone(name: str) -> bool:
    """ "GMT", "EST", "UTC+8": a time zone, not an organization."""
    return re.sub(r"[+\u2212-]\d{1,2}(?::?\d\d)?$", "", name.replace(" ", "")).lower() in words_of("time_zone")
