"""Entity mentions: spaCy's named entities plus our own rules, typed Person / Organization / Place / Policy.

The model's spans are cleaned (leading "the", titles, possessives), re-typed where the article itself says
otherwise (a surname tagged ORG, "magazine Der Spiegel" tagged PERSON, a name in the gazetteer, a site named
"X Center", an unknown place that sues, a clipped company name), and completed by rules the model does not
know: "the Biden administration", parties, named policies (``policies.py``), acronym definitions, the city of
a dateline. Products (model numbers, "X Pro", "X laptops"), time zones, photo credits and bylines, and a region
that only qualifies a city ("Mobile, Alabama") are not mentions. Text shapes live in ``entity_shapes.py`` and
word classes in ``lexicons/entity_classes.tsv``; this file (about 500 lines) keeps the candidate pipeline
(propose, clean, retype, choose, key) in one place, since each step reads the previous one's candidates.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from ..gazetteer import lookup
from ..names import is_acronym, name_key, strip_designators
from ..records import Article, Extraction, Mention, Span
from .entity_shapes import (
    credit_spans,
    datelines,
    inside,
    is_time_zone,
    product_after,
    product_lines,
    product_name,
    words_of,
)
from .policies import policy_spans

MODEL_LABELS = ("PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "LAW")
LABEL_TYPES = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
    "LAW": "Policy",
    "NORP": "Organization",
}

# word classes of lexicons/entity_classes.tsv (titles, descriptors, organization words, units, event heads)
TITLES = words_of("title")
PERSON_TITLES = words_of("person_title")
DESCRIPTORS = {
    "Organization": words_of("descriptor_organization"),
    "Person": words_of("descriptor_person"),
    "Place": words_of("descriptor_place"),
}
ORG_WORDS = words_of("org_word")
UNITS = words_of("unit_code")
EVENT_HEADS = words_of("event_head")
QUANTITY_WORDS = words_of("quantity_word")
# a model number: "A380", "787", "737s", "VC-10", "A330-200"
MODEL = re.compile(r"^(?:[A-Z]{1,3}-?)?\d{2,4}(?:-\d{1,4})?[A-Za-z]?s?$")
_GROUP_POSSESSIVE = re.compile(r"\b[Tt]he\s+((?:[A-Z][a-z]+\s)*[A-Z][a-z]+s)[\u2019'](?!s)\s+([A-Za-z]+)")
# (?<!\s): not again from each space of a run (linear on long runs, the same matches)
_ADMIN = re.compile(r"(?:[\u2019']s|(?<!\s))\s+(administration|team)\b")
_ADMIN_OF = re.compile(r"\badministration of\s+(?:(?:former\s+)?President\s+)?$")


@dataclass(frozen=True)
class Candidate:
    """A mention being built: offsets into the article, the cleaned name, type and what proposed it."""

    start: int
    end: int
    name: str
    type: str
    source: str  # spaCy label or rule name
    key: str | None = None
    titled: bool = False  # a person title stood before it ("Sen.", "Mr.")
    weak: bool = False  # a part cut from a longer model span: its type is the longer span's guess


# ---------------------------------------------------------------- cleaning


def clean(text: str, start: int, etype: str = "Person") -> tuple[str, int, int, bool]:
    """Drop a leading "the", titles and a trailing possessive; returns (name, start, end, had_person_title)."""
    titled = False
    while True:
        m = re.match(r"(?:the|The|THE)\s+|[\s\"\u201c\u201d(\[']+", text)
        if m:
            text, start = text[m.end() :], start + m.end()
            continue
        m = re.match(r"([A-Za-z][\w.-]*)\s+", text)
        word = m[1].lower().rstrip(".") if m else ""
        rest = text[m.end() :] if m else ""
        nxt = rest.split()[0].lower().rstrip(".") if rest.split() else ""
        if (
            m
            and word in TITLES
            and (rest[:1].isupper() or nxt in TITLES)
            and (
                etype == "Person"
                or (
                    word in PERSON_TITLES
                    and len(rest.split()) >= 2
                    and not any(w.lower().strip(".,") in ORG_WORDS for w in rest.split())
                )
            )
        ):
            titled = titled or word in PERSON_TITLES
            text, start = rest, start + m.end()
            continue
        break
    while True:  # trailing possessive and punctuation; a final "." stays (Inc., N.V., U.S.)
        m = re.search(r"(?:[\u2019']s|[\u2019']|[\s,;:(\-/\"\u201c\u201d]+)$", text)
        if not m or m.start() == 0:
            break
        text = text[: m.start()]
    return text.strip(), start, start + len(text.strip()), titled


def is_junk(name: str, etype: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2 or len(name) < 2 or name.lower() in UNITS:
        return True
    if etype in ("Organization", "Place") and name.split()[-1].lower() in EVENT_HEADS:
        return True  # "Worldwide Developers Conference", "Paris Air Show": events, not organizations
    if etype != "Policy" and not any(c.isupper() for c in name):
        return True  # a lower-case common noun the model over-tagged
    return False


def is_product(name: str, etype: str) -> bool:
    """Product and model names the model tags ORG/PERSON: "iPod", "Rolls-Royce Trent 900", "320x240"."""
    if etype == "Policy":
        return False
    if re.match(r"^[a-z]{1,2}[A-Z]", name):
        return True
    return any(c.isdigit() for c in name.split()[-1]) or any(
        any(c.isdigit() for c in w) and any(c.isalpha() for c in w) for w in name.split()
    )


# ---------------------------------------------------------------- candidates


def _ent_candidates(doc, text: str) -> list[Candidate]:
    out: list[Candidate] = []
    for ent in doc.ents:
        etype = LABEL_TYPES.get(ent.label_)
        if etype is None:
            continue
        if ent.label_ == "NORP":
            entry = lookup(ent.text)
            if entry is None or entry.subtype != "PoliticalParty":
                continue  # nationalities and groups are not entities here
        parts = _parts(text, ent.start_char, ent.end_char)
        for start, end in parts:
            part = text[start:end]
            if len(parts) > 1 and "/" in text[ent.start_char : ent.end_char] and _looks_like_person(part):
                continue  # "AFP / RODRIGO ARANGUA": the photographer of a caption, not a person of the story
            out.extend(
                dataclasses.replace(c, weak=len(parts) > 1)
                for c in _possessive_split(text, start, end, etype, ent.label_)
            )
    return _possessive_facilities(out, text)


def _possessive_facilities(cands: list[Candidate], text: str) -> list[Candidate]:
    """ "Airbus' Delivery Center", "Boeing's Everett Factory": the owner and its site are one place."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == "Organization"
            and c.name.split()[-1].lower() in words_of("facility_head")
            and re.fullmatch(r"\s?[\u2019']s?\s+", text[prev.end : c.start])
        ):
            out[-1] = Candidate(prev.start, c.end, text[prev.start : c.end], "Place", c.source)
            continue
        out.append(c)
    return out


def _parts(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split photo credits, line breaks and dashes: "AFP / RODRIGO ARANGUA", "San Jose - Cisco" -> two parts."""
    out, pos = [], start
    span = text[start:end]
    for m in re.finditer(r"\s*(?:/|\n+|\|)\s*|\s-\s", span):
        if m[0] == " - " and " " not in span[: m.start()] and " " not in span[m.end() :]:
            continue  # "Wal - Mart": one name the tokenizer spaced out
        out.append((pos, start + m.start()))
        pos = start + m.end()
    out.append((pos, end))
    return [(s, e) for s, e in out if e > s]


def _looks_like_person(part: str) -> bool:
    """Two or three capitalised words that name no known entity and no organization: a photographer's credit."""
    words = part.split()
    return (
        2 <= len(words) <= 3
        and all(w[:1].isupper() and w.isalpha() for w in words)
        and lookup(part) is None
        and not {w.lower() for w in words} & ORG_WORDS
    )


def _possessive_split(text: str, start: int, end: int, etype: str, label: str) -> list[Candidate]:
    """ "ACLU's Immigrants' Rights Project" -> ACLU and Immigrants' Rights Project; "Apple's Mac OS" -> Apple."""
    span = text[start:end]
    m = re.search(r"[\u2019']s\s+(?=[A-Z])", span)
    if not m or lookup(span) is not None:
        return [Candidate(start, end, span, etype, label)]
    out = [Candidate(start, start + m.start(), span[: m.start()], etype, label)]
    tail = span[m.end() :]
    if any(w.lower().strip(".,'\u2019") in ORG_WORDS for w in tail.split()[-1:]):
        out.append(Candidate(start + m.end(), end, tail, etype, label))
    return out


def _rule_candidates(text: str, ents: list[Candidate]) -> list[Candidate]:
    out = []
    # "the Biden administration", "the Trump administration's"; "the Biden team" is that administration
    # only where the article also names it so
    admins = {
        c.name.split()[-1]
        for c in ents
        if c.type == "Person" and (m := _ADMIN.match(text, c.end)) and m[1] == "administration"
    }
    for c in ents:
        if c.type != "Person":
            continue
        m = _ADMIN.match(text, c.end)
        if m and (m[1] == "administration" or not m[0].startswith(("'", "\u2019"))):
            surname = c.name.split()[-1]
            kind = "administration" if m[1] == "administration" or surname in admins else "team"
            out.append(
                Candidate(
                    c.start,
                    m.end(),
                    f"{surname} {m[1]}",
                    "Organization",
                    "administration",
                    f"org/{_slug(surname)}-{kind}",
                )
            )
        elif b := _ADMIN_OF.search(text, max(0, c.start - 60), c.start):
            surname = c.name.split()[-1]
            out.append(
                Candidate(
                    b.start(),
                    c.end,
                    f"{surname} administration",
                    "Organization",
                    "administration-of",
                    f"org/{_slug(surname)}-administration",
                )
            )
    # named policies (graph/extract/policies.py)
    out.extend(Candidate(s, e, name, "Policy", source, key) for s, e, name, source, key in policy_spans(text))
    # a group named by a plural with "the", owning something named or described: "the Rolling Stones' label"
    for m in _GROUP_POSSESSIVE.finditer(text):
        entry = lookup(m[1])
        after = m[2].lower()
        if (
            (entry is None or entry.type == "Organization")
            and (m[2][:1].isupper() or after in DESCRIPTORS["Organization"])
            and not any(c.start <= m.start(1) < c.end and c.type == "Place" for c in ents)
        ):
            out.append(Candidate(m.start(1), m.end(1), m[1], "Organization", "group", entry.key if entry else None))
    # acronym definitions the model missed: "Department of Homeland Security (DHS)"
    defined = set()
    for c in ents:
        m = re.match(r"\s*\(\s*([A-Z][A-Za-z&.]{1,7})\s*\)", text[c.end : c.end + 14])
        if m and c.type == "Organization" and is_acronym(m[1]):
            defined.add(m[1])
    for acro in sorted(defined):  # every use of a defined acronym is a mention, tagged or not
        for m in re.finditer(r"(?<![\w.&-])" + re.escape(acro) + r"(?![\w&-])", text):
            out.append(Candidate(m.start(), m.end(), acro, "Organization", "acronym"))
    return out


def _slug(name: str) -> str:
    return name_key("Person", name).split("/", 1)[1]


# ---------------------------------------------------------------- typing


def _followed_by_model(text: str, end: int) -> bool:
    """ "Boeing 787", "Airbus A380": the name of a product line, not the company (but "GM 13 percent" is)."""
    m = re.match(r"[\s-]+(\S+)(?:\s+(\w+))?", text[end : end + 40])
    return (
        m is not None
        and bool(MODEL.match(m[1].rstrip(".,;:'\u2019)")))
        and not re.fullmatch(r"(19|20)\d\d", m[1][:4])
        and (m[2] or "").lower() not in QUANTITY_WORDS
    )


ROLE_HEADS = DESCRIPTORS["Person"] | {
    "officials",
    "official",
    "lawmakers",
    "employees",
    "engineers",
    "workers",
    "staff",
    "members",
    "member",
    "representatives",
    "spokesmen",
    "executives",
    "leaders",
    "lawyers",
    "attorneys",
    "officers",
    "agents",
    "troops",
    "soldiers",
}
AREA_HEADS = {"area", "region", "metro", "suburbs", "border", "coast", "valley", "basin", "peninsula"}


def _modifier(doc, start: int, end: int, etype: str) -> bool:
    """A name used only to qualify a common noun ("US airtanker contract", "Intel processors")."""
    if etype not in ("Organization", "Place") or not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    root = span.root
    head = root.head
    if (
        root.dep_ not in ("compound", "nmod", "amod")
        or head.i < span.end
        or head.pos_ != "NOUN"
        or not head.is_lower
        or head.lower_ in ROLE_HEADS
        or head.lower_ in AREA_HEADS
    ):
        return False
    if head.i + 1 < len(doc) and doc[head.i + 1].text == "-" and not head.whitespace_:
        return False  # "to Sydney non-stop": the head is half of a hyphenated word the parser split
    between = doc[span.end : head.i]
    return all(t.dep_ in ("compound", "amod", "nmod", "punct") and t.head.i <= head.i for t in between)


def _descriptor_type(text: str, start: int) -> str | None:
    m = re.search(r"([A-Za-z][\w.-]*),?\s+$", text[max(0, start - 30) : start])
    if not m:
        return None
    word = m[1].lower()
    for etype, words in DESCRIPTORS.items():
        if word in words:
            return etype
    return None


_IN_REGION = re.compile(r",\s+([A-Z][\w.]*(?:\s[A-Z][\w.]*)?)")


def _fixed_type(c: Candidate, text: str, surnames: set[str]) -> str:
    """The type the article supports for one model span: gazetteer, a descriptor noun before it, an
    organization word inside it, ", Country" after it, or a surname of a person named in full."""
    entry = lookup(c.name)
    desc = _descriptor_type(text, c.start)
    one_word = len(c.name.split()) == 1
    etype = c.type
    if entry is not None and entry.type != "Policy":
        etype = entry.type
    elif desc is not None and not (desc == "Person" and one_word and c.name not in surnames and etype != "Person"):
        etype = desc
    elif c.source == "PERSON" and {w.lower().strip(".,") for w in c.name.split()} & ORG_WORDS:
        etype = "Organization"  # "Douglas Aircraft"; places keep theirs ("West Bank", "Oval Office")
    elif (etype == "Organization" or one_word) and (m := _IN_REGION.match(text, c.end)) and _is_region(m[1]):
        etype = "Place"  # "Toulouse, France", "Mobile, Alabama"
    if c.name in surnames:
        etype = "Person"  # "Trump's" tagged ORG beside "Donald Trump"
    return etype


def _one_type_per_name(cands: list[Candidate]) -> list[Candidate]:
    """One name, one type within an article: the majority, ties to the type seen first. A part cut from a
    longer span votes only where nothing else does; a lone word the model called a person (no one's surname
    here, never titled) yields to any other type the article gives it ("Ryanair" said / the airline Ryanair)."""
    votes: dict[str, Counter] = defaultdict(Counter)
    first: dict[str, str] = {}
    strong = {c.name for c in cands if c.source in MODEL_LABELS and not c.weak}
    surnames = {c.name.split()[-1] for c in cands if c.type == "Person" and len(c.name.split()) >= 2}
    titled = {c.name for c in cands if c.titled}
    for c in cands:
        if c.source in MODEL_LABELS and (not c.weak or c.name not in strong):
            votes[c.name][c.type] += 1
            first.setdefault(c.name, c.type)
    for name, v in votes.items():
        if len(v) > 1 and len(name.split()) == 1 and name not in surnames and name not in titled:
            v.pop("Person", None)
    out = []
    for c in cands:
        if len(votes.get(c.name, ())) > 1 and lookup(c.name) is None:
            c = dataclasses.replace(c, type=max(votes[c.name], key=lambda t: (votes[c.name][t], t == first[c.name])))
        out.append(c)
    return out


def _retype(cands: list[Candidate], text: str) -> list[Candidate]:
    """Fix the model's types with what the article itself says."""
    surnames = {c.name.split()[-1] for c in cands if c.type == "Person" and len(c.name.split()) >= 2}
    fixed = [
        dataclasses.replace(c, type=_fixed_type(c, text, surnames)) if c.source in MODEL_LABELS else c for c in cands
    ]
    return _clipped_orgs(_one_type_per_name(fixed))


def _clipped_orgs(cands: list[Candidate]) -> list[Candidate]:
    """A one-word name the gazetteer does not know, that starts an organization's name in the same article, is
    that organization clipped ("AirTran" beside "AirTran Airways"), not a place. People are left to the surname
    rules ("Trump" beside "Trump administration" is the man)."""
    orgs = {
        c.name.split()[0]
        for c in cands
        if c.type == "Organization" and len(c.name.split()) >= 2 and c.source in MODEL_LABELS
    }
    return [
        dataclasses.replace(c, type="Organization")
        if c.type == "Place"
        and c.source in MODEL_LABELS
        and c.name in orgs
        and len(c.name.split()) == 1
        and lookup(c.name) is None
        else c
        for c in cands
    ]


def _drop_lone_names(cands: list[Candidate]) -> list[Candidate]:
    """A one-word "person" that is no one's surname here and never had a title is mostly a product or a
    word the model misread ("Safari", "Tiger"): news names a person in full before using the surname."""
    surnames = {c.name.split()[-1] for c in cands if c.type == "Person" and len(c.name.split()) >= 2}
    titled = {c.name for c in cands if c.titled}
    return [
        c
        for c in cands
        if not (
            c.type == "Person"
            and len(c.name.split()) == 1
            and c.name not in surnames
            and c.name not in titled
            and lookup(c.name) is None
        )
    ]


def _is_region(name: str) -> bool:
    entry = lookup(name)
    return entry is not None and entry.subtype in ("Country", "State")


# ---------------------------------------------------------------- assembling


def _choose(cands: list[Candidate]) -> list[Candidate]:
    """Rule spans first, then longer spans; a candidate overlapping one already kept is dropped."""
    rank = {"dateline": 0, "administration": 0, "gazetteer": 0, "policy-pattern": 1, "acronym": 2, "group": 2}
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: (rank.get(c.source, 3), -(c.end - c.start), c.start)):
        if c.source == "administration-of" or all(
            c.end <= k.start or c.start >= k.end for k in kept if k.source != "administration-of"
        ):
            kept.append(c)  # "the administration of President Joe Biden" holds the person, so both stay
    return sorted(kept, key=lambda c: (c.start, c.end))


def _acronym_keys(cands: list[Candidate], text: str) -> dict[int, str]:
    """ "Name (ACR)": both get the key of the name (the gazetteer's if it knows either)."""
    keys: dict[int, str] = {}
    for i, c in enumerate(cands):
        if c.type != "Organization" or i + 1 >= len(cands) or is_acronym(strip_designators(c.name)):
            continue
        nxt = cands[i + 1]
        if (
            is_acronym(nxt.name)
            and re.fullmatch(r"\s*\(\s*", text[c.end : nxt.start])
            and re.match(r"\s*\)", text[nxt.end :])
        ):
            entry = lookup(c.name) or lookup(nxt.name)
            key = entry.key if entry else (c.key or name_key("Organization", c.name))
            keys[i] = keys[i + 1] = key
    by_name = {cands[i].name: k for i, k in keys.items()}
    for i, c in enumerate(cands):  # later mentions of the acronym or the name share the key
        if i not in keys and c.name in by_name and c.type == "Organization":
            keys[i] = by_name[c.name]
    return keys


RULE_SOURCES = ("administration", "administration-of", "gazetteer", "policy-pattern", "acronym", "dateline", "group")
_TITLE_BEFORE = re.compile(r"\b(?:" + "|".join(sorted(PERSON_TITLES)) + r")\.?\s+$", re.I)


def _cleaned(doc, text: str, c: Candidate) -> Candidate | None:
    """A model span cleaned and mended, or None when it is junk, a product, an event or a mere modifier."""
    name, start, end, titled = clean(text[c.start : c.end], c.start, c.type)
    if c.type == "Person" and (
        _descriptor_type(text, start) == "Person" or _TITLE_BEFORE.search(text[max(0, start - 16) : start])
    ):
        titled = True  # "President Trump", "GM chief Wagoner": the model's span is the name alone
    etype = "Person" if titled and c.type != "Person" else c.type
    flight = re.match(r"(.+?)\s+Flight\s+\d+$", name) or (
        re.match(r"(.+?)\s+Flight$", name) if re.match(r"\s+\d", text[end : end + 4]) else None
    )
    if flight:
        name, end = flight[1], start + len(flight[1])  # "Adam Air Flight 574" -> the airline
    irish = re.match(r"\s?[\u2019']\s?([A-Z][a-z]+)", text[end : end + 20]) if re.search(r"\b[OD]$", name) else None
    if etype == "Person" and irish:  # "Michael O' Leary" split by the tokenizer
        name, end = name + "'" + irish[1], end + irish.end()
    name = re.sub(r"\b(\w+) - (\w+)\b", r"\1-\2", name)  # "Wal - Mart"
    if (
        is_junk(name, etype)
        or is_product(name, etype)
        or (etype == "Organization" and _followed_by_model(text, end))
        or _modifier(doc, start, end, etype)
        or (etype == "Place" and re.match(r"\s?-?\s?based\b", text[end : end + 8]))
    ):  # "Los Angeles based X"
        return None
    if etype != "Place" and (
        product_after(text, end) or product_name(name) or is_time_zone(name) or _defined_as_modifier(doc, text, end)
    ):
        return None  # "Mac OS X", "Intel-based", "MacBook Pro", "10:00 GMT", "... Overhaul (MRO) operations"
    if etype == "Organization" and _brand_of_product(doc, end):
        return None  # "Lockheed Tristar", "Orbix Zentra": the maker's name on a product
    if etype == "Place" and _acts_as_company(doc, start, end, name):
        etype = "Organization"  # "Korvex sued the city": a place does not sue
    last = name.split()[-1].lower()
    if etype != "Place" and last in words_of("facility_head"):
        etype = "Place"  # "Moscone Center", "Delivery Center": a site, whatever the model said
    elif etype == "Person" and last in words_of("not_person_head"):
        return None  # "App Store", "Music Store": no person's name ends so
    if etype == "Person" and re.search(r"\b[Tt]he\s+$", text[max(0, start - 4) : start]) and name.endswith("s"):
        etype = "Organization"  # "the Beatles": people do not take an article
    return Candidate(start, end, name, etype, c.source, titled=titled)


_STARTS: list = [None, {}]  # the last Doc seen and its {character offset: token index}


def _token_starts(doc) -> dict[int, int]:
    if _STARTS[0] is not doc:
        _STARTS[:] = [doc, {t.idx: t.i for t in doc}]
    return _STARTS[1]


def _brand_of_product(doc, end: int) -> bool:
    """The word right after the name is a capitalised product name the model tagged PRODUCT."""
    i = _token_starts(doc).get(end + 1) if doc.text[end : end + 1] == " " else None
    if i is None:
        return False
    tok = doc[i]
    return tok.ent_type_ == "PRODUCT" and tok.ent_iob_ == "B" and tok.is_alpha and tok.text[:1].isupper()


def _acts_as_company(doc, start: int, end: int, name: str) -> bool:
    """A name the gazetteer does not know as a place, the subject of a verb a company does ("sue", "unveil")."""
    entry = lookup(name)
    if (entry is not None and entry.type == "Place") or not doc.has_annotation("DEP"):
        return False
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and span.root.dep_ == "nsubj" and span.root.head.lemma_.lower() in words_of("agent_verb")


def _defined_as_modifier(doc, text: str, end: int) -> bool:
    """ "Maintenance, Repair and Overhaul (MRO) operations": a name defined as an acronym that qualifies a
    common noun is a concept, not an organization (but "(DHS) officials" are the department's)."""
    m = re.match(r"\s*\(\s*[A-Z][A-Za-z&.]{1,7}\s*\)\s+([a-z]+)\b", text[end : end + 40])
    if not m or m[1] in ROLE_HEADS or not doc.has_annotation("TAG"):
        return False
    token = doc.char_span(end + m.start(1), end + m.end(1))
    return token is not None and token[0].pos_ == "NOUN"


def _qualifiers_dropped(cands: list[Candidate], text: str) -> list[Candidate]:
    """ "Mobile, Alabama", "Toulouse, France": the state or country after a city only says which city it is; the
    article mentions the city, not the region (a region named on its own elsewhere is still a mention there)."""
    out: list[Candidate] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == c.type == "Place"
            and re.fullmatch(r"\s?,\s+", text[prev.end : c.start])
            and _is_region(c.name)
            and not _is_region(prev.name)
        ):
            continue
        out.append(c)
    return out


def _dateline_candidates(text: str) -> list[Candidate]:
    """The city of a dateline ("HONOLULU (AP) —") is a place of the story, never a name of the agency."""
    return [
        Candidate(s, e, name, "Place", "dateline")
        for s, e, name in datelines(text)
        if (entry := lookup(text[s:e]) or lookup(name)) is None or entry.type == "Place"
    ]  # "NASA —": the agency


def _to_mention(c: Candidate, text: str, acronym_key: str | None) -> Mention:
    """The record, with the gazetteer's key, subtype and Wikidata id when it knows the name for this type."""
    entry = lookup(c.name)
    if entry is not None and entry.type != c.type:
        entry = None
    if (
        entry is not None
        and entry.subtype == "City"
        and re.search(r"[A-Z][\w.]*,\s*$", text[max(0, c.start - 30) : c.start])
    ):
        entry = None  # "Everett, Washington": the state, not the capital
    return Mention(
        Span(c.start, c.end, text[c.start : c.end]),
        c.name,
        c.type,
        subtype=entry.subtype if entry else None,
        key=acronym_key or (entry.key if entry else c.key),
        wikidata=entry.wikidata if entry else None,
    )


def extract_mentions(doc, article: Article, so_far: Extraction) -> Extraction:
    """Add the article's entity mentions: model spans cleaned and re-typed, plus the rule spans."""
    text = article.text
    raw = _ent_candidates(doc, text)
    cands, dropped = [], []
    credits = credit_spans(text)
    for c in raw + _rule_candidates(text, raw) + _dateline_candidates(text):
        kept = c if c.source in RULE_SOURCES else _cleaned(doc, text, c)
        if kept is not None and kept.type == "Person" and inside(credits, kept.start):
            kept = None  # a photographer or a byline's writer, not a person of the story
        if kept is None:
            dropped.append(c.end)
        else:
            cands.append(kept)
    # the acronym of something dropped goes too: "Worldwide Developers Conference (WWDC)"
    gone = {m[1] for m in (re.match(r"\s*\(\s*([^()\s]{2,8})\s*\)", text[e : e + 14]) for e in dropped) if m}
    gone |= {
        m[1] for m in (re.search(r"\(\s*([A-Z][A-Za-z&.]{1,7})$", text[max(0, e - 10) : e]) for e in dropped) if m
    }  # the model's span took the "(ACR" in
    products = product_lines({c.name for c in cands if c.type != "Place" and c.source in MODEL_LABELS}, text)
    cands = [c for c in cands if c.name not in gone and not (c.name in products and c.source in MODEL_LABELS)]
    cands = _qualifiers_dropped(_choose(_drop_lone_names(_retype(cands, text))), text)
    acro = _acronym_keys(cands, text)
    mentions = {_to_mention(c, text, acro.get(i)) for i, c in enumerate(cands)}
    return dataclasses.replace(so_far, mentions=tuple(sorted(mentions)))
