"""Identity across articles: one entity key (and so one IRI) per real-world entity.

Rules, all general:
- a key the extractor already found (gazetteer, acronym definition) wins;
- a person named by surname only ("Gelernt") joins the full name with that surname in the same
  article, else the only full name with that surname seen in the corpus; ambiguous surnames stay apart;
- people with different first names never merge; nothing merges on digits;
- an organization's acronym ("ACLU") joins the name whose initials it is ("American Civil Liberties Union").
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable

from .records import Entity, Extraction, Mention

_STOP_INITIALS = {"of", "the", "and", "for", "on", "in", "&", "to", "a", "an"}


def slug(text: str) -> str:
    """Lower-case ASCII words joined by '-': the stable part of an IRI."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"[\u2019']", "", s)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-") or "x"


def type_prefix(etype: str) -> str:
    return {"Person": "person", "Organization": "org", "Place": "place", "Policy": "policy"}.get(etype, "thing")


def name_key(etype: str, name: str) -> str:
    return f"{type_prefix(etype)}/{slug(name)}"


def initials(name: str) -> str:
    words = [w for w in re.findall(r"[A-Za-z][\w'-]*", name) if w.lower() not in _STOP_INITIALS]
    return "".join(w[0] for w in words).upper() if len(words) >= 2 else ""


def is_acronym(name: str) -> bool:
    letters = name.replace(".", "")
    return 2 <= len(letters) <= 6 and letters.isalpha() and letters.isupper()


class Resolver:
    """Assigns entity keys to mentions; remembers full names and acronyms across the articles it saw."""

    def __init__(self, known: Iterable[Entity] = ()):
        self.surnames: dict[str, set[str]] = defaultdict(set)  # "gelernt" -> {"person/lee-gelernt"}
        self.acronyms: dict[str, set[str]] = defaultdict(set)  # "ACLU" -> {"org/american-civil-liberties-union"}
        for e in known:
            for name in (e.label, *e.aliases):
                self._learn(e.type, name, e.key)

    def _learn(self, etype: str, name: str, key: str) -> None:
        parts = name.split()
        if etype == "Person" and len(parts) >= 2:
            self.surnames[parts[-1].lower()].add(key)
        elif etype in ("Organization", "Policy"):
            acro = initials(name)
            if acro:
                self.acronyms[acro].add(key)
            if is_acronym(name):
                self.acronyms[name.replace(".", "")].add(key)

    def learn(self, extractions: Iterable[Extraction]) -> None:
        """Remember the full names and acronyms of a batch, before resolving it (so order does not matter)."""
        for ex in extractions:
            for m in ex.mentions:
                self._learn(m.type, m.name, m.key or name_key(m.type, m.name))

    def resolve(self, ex: Extraction) -> dict[Mention, str]:
        """The entity key of each mention of one article."""
        keys: dict[Mention, str] = {}
        local_surnames: dict[str, set[str]] = defaultdict(set)
        local_acronyms: dict[str, set[str]] = defaultdict(set)
        for m in ex.mentions:
            key = m.key or name_key(m.type, m.name)
            parts = m.name.split()
            if m.type == "Person" and len(parts) >= 2:
                local_surnames[parts[-1].lower()].add(key)
            if m.type == "Organization":
                acro = initials(m.name)
                if acro:
                    local_acronyms[acro].add(key)
        for m in ex.mentions:
            keys[m] = m.key or self._key(m, local_surnames, local_acronyms)
        return keys

    def _key(self, m: Mention, local_surnames, local_acronyms) -> str:
        parts = m.name.split()
        if m.type == "Person" and len(parts) == 1:
            for index in (local_surnames, self.surnames):
                cands = index.get(parts[0].lower(), set())
                if len(cands) == 1:
                    return next(iter(cands))
                if len(cands) > 1:
                    break  # ambiguous: never guess
        if m.type == "Organization" and is_acronym(m.name):
            acro = m.name.replace(".", "")
            for index in (local_acronyms, self.acronyms):
                cands = {k for k in index.get(acro, set()) if k != name_key(m.type, m.name)}
                if len(cands) == 1:
                    return next(iter(cands))
                if len(cands) > 1:
                    break
        return name_key(m.type, m.name)


def choose_label(forms: Counter) -> str:
    """The canonical name among the forms seen: the fullest non-acronym, then the most frequent."""
    return max(forms, key=lambda f: (not is_acronym(f), len(f.split()), forms[f], -len(f), f))


def merge_entities(rows: Iterable[tuple[str, str, str, str | None]], labels: dict[str, str] | None = None) -> list[Entity]:
    """Entities from (key, type, name form, wikidata) rows gathered across all articles."""
    forms: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    wikidata: dict[str, str] = {}
    for key, etype, name, wd in rows:
        forms[key][name] += 1
        types[key][etype] += 1
        if wd:
            wikidata[key] = wd
    out = []
    for key in sorted(forms):
        label = (labels or {}).get(key) or choose_label(forms[key])
        etype = max(types[key], key=lambda t: (types[key][t], t))
        aliases = tuple(sorted(f for f in forms[key] if f != label))
        out.append(Entity(key, etype, label, aliases=aliases, wikidata=wikidata.get(key)))
    return out
