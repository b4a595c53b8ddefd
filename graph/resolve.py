"""Identity across articles: one entity key (and so one IRI) per real-world entity.

Rules, all general:
- a key the extractor already found (gazetteer, acronym definition) wins;
- an organization's key ignores legal and trade designators ("Apple Inc." = "Apple Computer" = "Apple"),
  and "&" reads "and";
- a person named by surname only ("Gelernt") joins the full name with that surname in the same
  article, else the only full name with that surname seen in the corpus; ambiguous surnames stay apart;
- people with different first names never merge (full names are keys); nothing merges on digits;
- an organization's acronym ("ACLU") joins the name whose initials it is ("American Civil Liberties Union"),
  in the same article first, else the only such name in the corpus;
- an organization named without its country ("the Air Force") joins the only entity of the same article that
  has the name with a country before it ("U.S. Air Force", or "USAF" whose gazetteer names include it);
- an acronym keeping the small words in lower case ("BoE", "DoJ") joins the name it abbreviates;
- a clipped name of three or four letters ("the Fed") joins the only organization of the same article whose
  first word it starts ("Federal Reserve");
- a short organization name ("Northrop") joins the only longer one it starts in the same article
  ("Northrop Grumman"), unless the corpus uses the short name on its own more often than the longer
  one ("Boeing" is not "Boeing Commercial Airplanes").
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from .gazetteer import gazetteer_forms, load_gazetteer, lookup
from .names import (
    has_digit,
    initials,
    is_acronym,
    is_mixed_acronym,
    name_key,
    stop_initials,
    strip_designators,
)
from .records import Entity, Extraction, Mention

# ---------------------------------------------------------------- gazetteer


# ---------------------------------------------------------------- resolving


def _surname(name: str) -> str:
    return name.split()[-1].lower()


class Resolver:
    """Assigns entity keys to mentions; remembers full names and acronyms across the articles it saw."""

    def __init__(self, known: Iterable[Entity] = ()):
        self.surnames: dict[str, set[str]] = defaultdict(set)  # "gelernt" -> {"person/lee-gelernt"}
        self.acronyms: dict[str, set[str]] = defaultdict(set)  # "ACLU" -> {"org/american-civil-liberties-union"}
        self.org_docs: Counter = Counter()  # organization name (no designators) -> articles using it
        self.alone: Counter = Counter()  # short name -> articles using it with no longer name it starts
        for e in known:
            for name in (e.label, *e.aliases):
                self._learn(e.type, name, e.key)

    def _learn(self, etype: str, name: str, key: str) -> None:
        if has_digit(name):
            return
        parts = name.split()
        if etype == "Organization" and is_acronym(name) and key != name_key(etype, name):
            self.acronyms[name.replace(".", "")].add(key)  # defined in an article: "Singapore Airlines (SIA)"
        if etype == "Person" and len(parts) >= 2:
            self.surnames[_surname(name)].add(key)
        elif etype in ("Organization", "Policy"):
            acro = initials(name)
            if acro and not is_acronym(strip_designators(name)):
                self.acronyms[acro].add(key)
            if etype == "Organization" and (mixed := stop_initials(name)):
                self.acronyms[mixed].add(key)

    def learn(self, extractions: Iterable[Extraction]) -> None:
        """Remember the full names and acronyms of a batch, before resolving it (so order does not matter)."""
        for ex in extractions:
            for m in ex.mentions:
                self._learn(m.type, m.name, m.key or name_key(m.type, m.name))
            names = {strip_designators(m.name) for m in ex.mentions if m.type == "Organization"}
            self.org_docs.update(names)
            self.alone.update(n for n in names if not any(o.startswith(n + " ") for o in names))

    def resolve(self, ex: Extraction) -> dict[Mention, str]:
        """The entity key of each mention of one article."""
        local_surnames: dict[str, set[str]] = defaultdict(set)
        local_acronyms: dict[str, set[str]] = defaultdict(set)
        orgs: dict[str, set[str]] = defaultdict(set)  # org name without designators -> names written, in this article
        org_keys: dict[str, str] = {}
        for m in ex.mentions:
            key = m.key or name_key(m.type, m.name)
            if has_digit(m.name):
                continue
            if m.type == "Person" and len(m.name.split()) >= 2:
                local_surnames[_surname(m.name)].add(key)
            if m.type == "Organization":
                acro = initials(m.name)
                if acro and not is_acronym(strip_designators(m.name)):
                    local_acronyms[acro].add(key)
                if mixed := stop_initials(m.name):
                    local_acronyms[mixed].add(key)
                orgs[strip_designators(m.name)].add(m.name)
                org_keys[strip_designators(m.name)] = key
        out = {m: m.key or self._key(m, local_surnames, local_acronyms, orgs, org_keys) for m in ex.mentions}
        return {m: _country_qualified(m, out) or k if m.key is None else k for m, k in out.items()}

    def _key(self, m: Mention, local_surnames, local_acronyms, orgs, org_keys) -> str:
        own = name_key(m.type, m.name)
        if has_digit(m.name):
            return own
        parts = m.name.split()
        if m.type == "Person" and len(parts) == 1:
            return _unique(parts[0].lower(), (local_surnames, self.surnames)) or own
        if m.type == "Organization":
            short = strip_designators(m.name)
            if is_acronym(short) or is_mixed_acronym(short):
                return _unique(short.replace(".", ""), (local_acronyms, self.acronyms), exclude=own) or own
            if m.name != short or orgs.get(short, set()) - {m.name}:
                return own  # "Apple" beside "Apple Inc.": already its own name
            longer = {n for n in orgs if n.startswith(short + " ")}
            # "Northrop" beside "Northrop Grumman" is that company; "Boeing" beside "Boeing Commercial
            # Airplanes" is not when the corpus uses "Boeing" on its own more often than the longer name
            if len({org_keys[n] for n in longer}) == 1 and self.alone[short] <= self.org_docs[next(iter(longer))]:
                return org_keys[next(iter(longer))]
            # "the Fed" beside "Federal Reserve": a short word clipping the first word of one longer name here
            clipped = {
                org_keys[n]
                for n in orgs
                if len(parts) == 1
                and 3 <= len(short) <= 4
                and n.split()[0].startswith(short)
                and len(n.split()[0]) >= len(short) + 3
            }
            if len(clipped) == 1:
                return next(iter(clipped))
        return own


def _country_qualified(m: Mention, keys: dict[Mention, str]) -> str | None:
    """The key of the one organization of the article named "<country> <m.name>" ("U.S. Air Force" for "Air
    Force"), by its names here or in the gazetteer; None when there is none or more than one."""
    if m.type != "Organization" or is_acronym(m.name) or has_digit(m.name):
        return None
    names: dict[str, set[str]] = defaultdict(set)
    for other, key in keys.items():
        if other.type == "Organization" and key != keys[m]:
            names[key] |= {other.name, *gazetteer_forms().get(key, ())}
    found = set()
    for key, forms in names.items():
        for form in forms:
            if form.endswith(" " + m.name):
                entry = lookup(form[: -len(m.name) - 1])
                if entry is not None and entry.type == "Place" and entry.subtype == "Country":
                    found.add(key)
    return next(iter(found)) if len(found) == 1 else None


def _unique(name: str, indexes, exclude: str | None = None) -> str | None:
    """The only key ``name`` points to in the first index that knows it; None when unknown or ambiguous."""
    for index in indexes:
        cands = {k for k in index.get(name, set()) if k != exclude}
        if len(cands) == 1:
            return next(iter(cands))
        if len(cands) > 1:
            return None  # ambiguous: never guess
    return None


def surname_links(person_keys: Iterable[str]) -> dict[str, str]:
    """{surname-only key: full-name key} where exactly one full name in the corpus has that surname.

    The same rule as the Resolver's, applied after the fact: an article built before the full name was seen
    (an earlier incremental build, another partition) still joins it. Ambiguous surnames stay apart.
    """
    full: dict[str, set[str]] = defaultdict(set)
    single = []
    for key in person_keys:
        prefix, _, name = key.partition("/")
        if prefix != "person" or not name:
            continue
        parts = name.split("-")
        if len(parts) == 1:
            single.append(key)
        elif not any(c.isdigit() for c in name):
            full[parts[-1]].add(key)
    return {
        key: next(iter(full[key.split("/", 1)[1]])) for key in single if len(full.get(key.split("/", 1)[1], ())) == 1
    }


def choose_label(forms: Counter, etype: str | None = None) -> str:
    """The canonical name among the forms seen (counted once per article).

    The fullest proper name wins; for organizations and places only among the names used in at least half
    as many articles as the commonest one, so "Apple" stays "Apple" when a few articles say "Apple Inc.".
    """
    if etype != "Person":  # only names used in at least half as many articles as the commonest one
        top = max(forms.values())
        forms = Counter({f: n for f, n in forms.items() if 2 * n >= top})
    return max(forms, key=lambda f: (not is_acronym(f), len(f.split()), forms[f], -len(f), f))


def merge_entities(
    rows: Iterable[tuple[str, str, str, str | None]], labels: dict[str, str] | None = None
) -> list[Entity]:
    """Entities from (key, type, name form, wikidata) rows gathered across all articles (one row per article)."""
    forms: dict[str, Counter] = defaultdict(Counter)
    types: dict[str, Counter] = defaultdict(Counter)
    wikidata: dict[str, str] = {}
    for key, etype, name, wd in rows:
        forms[key][name] += 1
        types[key][etype] += 1
        if wd:
            wikidata[key] = wd
    canonical = {e.key: e.name for e in load_gazetteer().values()}
    out = []
    for key in sorted(forms):
        etype = max(types[key], key=lambda t: (types[key][t], t))
        label = (
            (labels or {}).get(key)
            or (canonical[key] if canonical.get(key) in forms[key] else None)
            or choose_label(forms[key], etype)
        )
        aliases = tuple(sorted(f for f in forms[key] if f != label))
        out.append(Entity(key, etype, label, aliases=aliases, wikidata=wikidata.get(key)))
    return out
