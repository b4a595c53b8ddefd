"""Named policies: the gazetteer's policy names (a lower-case one only where the article calls it a policy),
"Quoted" names before "policy", Capitalised ... Act/Program names, and "X's hyphen-ated policy"."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..gazetteer import GazetteerEntry, gazetteer_names
from ..names import is_acronym

POLICY_HEADS = r"(?:policy|policies|program|programme|plan|initiative|doctrine|act|law|strategy|protocols?)"
_QUOTED_POLICY = re.compile(r"[\"\u201c]([A-Z][^\"\u201c\u201d\n]{2,60}?)[\"\u201d]\s+" + POLICY_HEADS + r"\b")
# a word is read up to 80 characters past its capital: from each capital of a long hyphenated run it would
# rescan the run (no real name has such a word)
_NAMED_POLICY = re.compile(
    r"\b((?:[A-Z][\w'-]{0,80}\s+(?:(?:of|for|and|the|in|to)\s+)*){1,6}"
    r"(?:Act|Program|Programme|Plan|Initiative|Doctrine|Policy|Protocols))\b"
)
_POSSESSIVE_POLICY = re.compile(
    r"[\u2019']s\s+(?:(?:new|former|controversial|signature|so-called|proposed)\s+)?"
    r"([a-z]+(?:-[a-z]+)+|[\"\u201c][^\"\u201d\n]{3,40}[\"\u201d])\s+(?:[a-z]+\s+)?" + POLICY_HEADS + r"\b"
)


def policy_spans(text: str) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, name, source, gazetteer key) of every policy name the rules find in ``text``."""
    out: list[tuple[int, int, str, str, str | None]] = []
    # named policies: the gazetteer's, "Quoted" policy, Capitalised ... Act/Program, X's hyphen-ated policy
    lowered = None if _FOLDS_ONTO_ASCII.search(text) else text.lower()
    for form in _policy_patterns():
        if lowered is not None and not all(word in lowered for word in form.words):
            continue  # neither the name nor its cue can match: spares two scans of the text per form
        # a lower-case name ("zero tolerance") is a policy only where the article once calls it one
        cued = form.cue is None or form.cue.search(text)
        for m in form.pattern.finditer(text) if cued else ():
            out.append((m.start(), m.end(), m[0], "gazetteer", form.entry.key))
    for rx in (_QUOTED_POLICY, _POSSESSIVE_POLICY):
        for m in rx.finditer(text):
            s, e = m.span(1)
            name = m[1].strip('"\u201c\u201d')
            s += len(m[1]) - len(m[1].lstrip('"\u201c'))
            out.append((s, s + len(name), name, "policy-pattern", None))
    for m in _NAMED_POLICY.finditer(text):
        name = re.sub(r"^(?:The|A|An|In|On|Under|This|That)\s+", "", m[1])
        if len(name.split()) >= 2:
            out.append((m.end(1) - len(name), m.end(1), name, "policy-pattern", None))
    return out


def _policy_forms() -> list[tuple[str, GazetteerEntry]]:
    """Policy names of the gazetteer, longest first (acronyms are left to the model)."""
    forms = {(form, e) for form, e in gazetteer_names() if e.type == "Policy" and not is_acronym(form)}
    return sorted(forms, key=lambda fe: (-len(fe[0]), fe[0]))


@dataclass(frozen=True)
class _PolicyForm:
    """A gazetteer policy name as patterns: the name itself and, for a lower-case one, the cue that makes
    it a policy ("X's zero tolerance", "zero tolerance policy")."""

    words: tuple[str, ...]  # lower-cased: no match without each of them
    pattern: re.Pattern
    cue: re.Pattern | None
    entry: GazetteerEntry


_POLICY_PATTERNS: list = [None, []]  # the gazetteer_names() they were made from, and the patterns
# the letters beyond ASCII that (?i) matches with ASCII ones: where the text has one, lower() may not find a name
_FOLDS_ONTO_ASCII = re.compile("[\u0130\u0131\u017f\u212a]")


def _policy_patterns() -> list[_PolicyForm]:
    """:func:`_policy_forms` compiled, once per gazetteer."""
    names = gazetteer_names()
    if _POLICY_PATTERNS[0] is not names:
        forms = []
        for form, entry in _policy_forms():
            words = re.split(r"[\s-]+", form)
            pattern = r"\b" + r"[\s-]+".join(map(re.escape, words)) + r"\b"
            cue = (
                re.compile(
                    r"(?:[\u2019']s\s+)" + pattern + "|" + pattern + r"(?:\s+[a-z]+)?\s+" + POLICY_HEADS + r"\b", re.I
                )
                if not form[:1].isupper()
                else None
            )
            needed = tuple(w.lower() for w in words) if form.isascii() else ()  # beyond ASCII, case is subtler
            forms.append(_PolicyForm(needed, re.compile(pattern, 0 if cue is None else re.I), cue, entry))
        _POLICY_PATTERNS[:] = [names, forms]
    return _POLICY_PATTERNS[1]
