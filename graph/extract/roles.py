"""Roles: who holds which position where, from the phrases news uses to introduce people.

Three patterns, read off the parse around each person mention:

- an apposition: "Lee Gelernt, an ACLU lawyer", "Gelernt, deputy director of the ACLU's Immigrants'
  Rights Project" (and the reverse, "the ACLU's lawyer, Lee Gelernt");
- a title before the name: "President Joe Biden", "Sen. Steve Daines", "ACLU lawyer Lee Gelernt";
- a copula: "Gelernt is the deputy director of ...".

The role label is lower-case with abbreviations spelled out ("Sen." -> "senator"); the organization is
an entity mention inside the role phrase ("of the ACLU", "ACLU lawyer").
"""

from __future__ import annotations

import dataclasses
import re

from ..records import Article, Extraction, Mention, Role, Span
from .common import tokens_overlapping
from .mention_index import mention_index

ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "lt": "lieutenant",
    "gen": "general",
    "adm": "admiral",
    "col": "colonel",
    "sgt": "sergeant",
    "capt": "captain",
    "maj": "major",
    "cmdr": "commander",
    "supt": "superintendent",
    "atty": "attorney",
    "pres": "president",
    "sec": "secretary",
    "amb": "ambassador",
    "rev": "reverend",
}
# Nouns that name a position or occupation (heads of role phrases).
ROLE_WORDS = frozenset(
    """
president senator representative congressman congresswoman governor mayor judge justice secretary minister
chancellor ambassador commissioner director chairman chairwoman chair chairperson chief head leader
spokesman spokeswoman spokesperson lawyer attorney counsel official officer adviser advisor aide analyst
professor economist strategist lawmaker legislator member founder cofounder co-founder executive ceo cfo
manager administrator deputy general admiral colonel lieutenant sergeant captain sheriff prosecutor
reporter correspondent editor researcher scientist fellow activist advocate organizer candidate nominee
delegate envoy diplomat negotiator superintendent inspector auditor treasurer clerk speaker whip partner
owner coordinator consultant expert historian physician doctor nurse teacher pastor reverend pope king
queen prince premier commander agent detective investigator economist pollster lobbyist trustee
""".split()
)
# Modifiers that are part of a role's name ("deputy director", "press secretary").
ROLE_MODIFIERS = frozenset(
    """
deputy senior chief vice assistant associate acting executive general managing principal special lead top
press legal national policy communications majority minority ranking attorney prime interim co
""".split()
)
DROP_MODIFIERS = frozenset("former then late ex longtime veteran".split())
NOT_ROLES = frozenset(
    "order number border matter center centre water letter paper power error sector factor "
    "major minor member's meter monitor".split()
)
ROLE_SUFFIXES = ("er", "or", "ist", "ian")
PARTY_WORDS = frozenset("republican democrat democratic independent libertarian".split())
PERSON_TITLE_SKIP = frozenset("mr mrs ms miss dr the a an".split())


def is_role_word(tok) -> bool:
    w = tok.lower_.rstrip(".")
    w = ABBREVIATIONS.get(w, w)
    if w in ROLE_WORDS:
        return True
    return tok.pos_ == "NOUN" and tok.is_lower and w.endswith(ROLE_SUFFIXES) and w not in NOT_ROLES and len(w) > 4


def _word(tok) -> str:
    w = tok.lower_.rstrip(".")
    return ABBREVIATIONS.get(w, w)


class _Mentions:
    """The article's mention index, asked by token."""

    def __init__(self, doc, mentions):
        self.index = mention_index(doc, mentions)
        self.all = self.index.mentions

    def at(self, tok) -> Mention | None:
        return self.index.at(tok.idx)


def _head_of(doc, m: Mention):
    """The syntactic head of a mention's tokens."""
    toks = [t for t in tokens_overlapping(doc, m.span.start, m.span.end) if m.span.start <= t.idx < m.span.end]
    if not toks:
        return None
    inside = {t.i for t in toks}
    heads = [t for t in toks if t.head.i not in inside or t.head.i == t.i]
    return heads[0] if heads else toks[-1]


def role_phrase(head, mentions: _Mentions):
    """(label, organization, tokens) of the role phrase headed by ``head``, or None when it is not one."""
    if not is_role_word(head) or mentions.at(head) is not None:
        return None
    words = [head]
    org = None
    toks = [head]
    for c in head.children:
        if c.i < head.i and c.dep_ in ("compound", "amod", "nmod", "poss", "det", "nummod"):
            toks.extend(c.subtree)
            m = mentions.at(c)
            if m is not None and m.type == "Organization" and org is None:
                org = m
            elif (
                c.dep_ in ("compound", "amod")
                and m is None
                and (_word(c) in ROLE_MODIFIERS or (c.pos_ == "NOUN" and c.is_lower) or is_role_word(c))
                and _word(c) not in DROP_MODIFIERS
            ):
                words.append(c)
        elif c.i > head.i and c.dep_ == "prep" and c.lower_ in ("of", "for", "at", "with", "to", "in"):
            objs = [o for o in c.children if o.dep_ == "pobj"]
            if not objs:
                continue
            toks.extend(c.subtree)
            found = [mentions.at(t) for t in objs[0].subtree]
            orgs = [m for m in found if m is not None and m.type == "Organization"]
            if orgs:
                # the organization the object names: the one holding its head, else the first
                at_head = mentions.at(objs[0])
                org = at_head if at_head in orgs else orgs[0]
            elif (
                c.lower_ == "of"
                and not any(t.dep_ == "det" for t in objs[0].subtree)
                and not any(m is not None and m.type == "Person" for m in map(mentions.at, objs[0].subtree))
            ):
                words.extend([c] + [t for t in objs[0].subtree if not t.is_punct])  # "secretary of state"
    words.sort(key=lambda t: t.i)
    label = " ".join(_word(t) for t in words)
    toks.sort(key=lambda t: t.i)
    return re.sub(r"\s+", " ", label).strip(), org, toks


def _span(text: str, start: int, end: int) -> Span:
    while end > start and text[end - 1] in " ,;:\n":
        end -= 1
    return Span(start, end, text[start:end])


def _title_role(doc, text: str, person: Mention, head, mentions: _Mentions) -> Role | None:
    """ "Sen. Steve Daines", "former President Donald Trump", "ACLU lawyer Lee Gelernt"."""
    before = [t for t in head.subtree if t.idx < person.span.start and not t.is_space]
    # keep only the run of tokens that ends right before the name
    run: list = []
    for t in reversed(before):
        if run and t.i != run[-1].i - 1:
            break
        run.append(t)
    run.reverse()
    if not run or not all(t.idx < person.span.start for t in run):
        return None
    org = None
    words: list = []
    for t in run:
        m = mentions.at(t)
        if m is not None:
            if m.type == "Organization" and org is None:
                org = m
            continue
        w = _word(t)
        if t.is_punct or w in PERSON_TITLE_SKIP or w in DROP_MODIFIERS or t.pos_ in ("DET", "PART") or t.dep_ == "poss":
            words = [] if t.dep_ == "poss" else words
            continue
        words.append(t)
    # the role ends with a role word; anything after it ("President Biden's") is not part of it
    while words and not is_role_word(words[-1]):
        words.pop()
    if not words:
        return None
    keep = [t for t in words if is_role_word(t) or _word(t) in ROLE_MODIFIERS or (t.pos_ == "NOUN" and t.is_lower)]
    label = " ".join(_word(t) for t in keep)
    start = min([words[0].idx] + ([org.span.start] if org else []))
    return Role(person, label, _span(text, start, person.span.end), org)


def _with_party(text: str, role: Role | None, head, mentions: _Mentions) -> Role | None:
    """ "Sen. Steve Daines, Montana Republican": the party in apposition is the title's organization,
    when the entity layer knows it as one."""
    if role is None or role.organization is not None:
        return role
    for c in head.children:
        if c.dep_ == "appos" and c.lower_ in PARTY_WORDS:
            m = mentions.at(c)
            if m is not None and m.type == "Organization":
                return dataclasses.replace(role, organization=m, span=_span(text, role.span.start, c.idx + len(c)))
    return role


def find_roles(doc, article: Article, mentions) -> list[Role]:
    """Every role the article states for a person mention."""
    text = article.text
    ms = _Mentions(doc, mentions)
    found: dict[tuple, Role] = {}

    def add(r: Role | None) -> None:
        if r is not None and r.role:
            found.setdefault((r.person.span, r.role), r)

    for person in ms.all:
        if person.type != "Person":
            continue
        head = _head_of(doc, person)
        if head is None:
            continue
        add(_with_party(text, _title_role(doc, text, person, head, ms), head, ms))
        # apposition after the name
        for c in head.children:
            if c.dep_ == "appos" and c.i > head.i:
                got = role_phrase(c, ms)
                if got:
                    label, org, toks = got
                    add(Role(person, label, _span(text, person.span.start, toks[-1].idx + len(toks[-1])), org))
        # the name in apposition to a role: "the ACLU's lawyer, Lee Gelernt"
        if head.dep_ == "appos" and head.head.i < head.i:
            got = role_phrase(head.head, ms)
            if got:
                label, org, toks = got
                add(Role(person, label, _span(text, toks[0].idx, person.span.end), org))
        # copula: "Gelernt is the deputy director of ..."
        if head.dep_ == "nsubj" and head.head.lemma_ == "be":
            for c in head.head.children:
                if c.dep_ == "attr" and c.i > head.i:
                    got = role_phrase(c, ms)
                    if got:
                        label, org, toks = got
                        add(Role(person, label, _span(text, person.span.start, toks[-1].idx + len(toks[-1])), org))
    return sorted(found.values())


def extract_roles(doc, article: Article, so_far: Extraction) -> Extraction:
    return dataclasses.replace(so_far, roles=tuple(find_roles(doc, article, so_far.mentions)))
