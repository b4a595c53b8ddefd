"""The gazetteer (``ontology/gazetteer.tsv``): known entities by name form, with their type, key and Wikidata id.

Read once. Extraction looks names up in it, and resolution reads its name forms.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .errors import InputError
from .names import is_acronym
from .records import ENTITY_TYPES
from .vocab import ONTOLOGY_DIR

GAZETTEER = ONTOLOGY_DIR / "gazetteer.tsv"


@dataclass(frozen=True)
class GazetteerEntry:
    """A well-known entity from ``ontology/gazetteer.tsv``."""

    key: str
    type: str
    name: str
    subtype: str | None = None
    wikidata: str | None = None


def gazetteer_form(name: str) -> str:
    """How a name is looked up: acronyms as written, other names lower-cased; no leading "the", straight quotes."""
    name = re.sub(r"\s+", " ", name.replace("\u2019", "'")).strip()
    name = re.sub(r"^(?:the|The|THE)\s+", "", name)
    return name if is_acronym(name) else name.lower()


@lru_cache(maxsize=4)
def load_gazetteer(path: Path = GAZETTEER) -> dict[str, GazetteerEntry]:
    """Lookup form -> entry, read once. A malformed line raises InputError naming the line."""
    entries: dict[str, GazetteerEntry] = {}
    for form, entry in gazetteer_names(path):
        entries.setdefault(gazetteer_form(form), entry)
    return entries


@lru_cache(maxsize=4)
def gazetteer_names(path: Path = GAZETTEER) -> tuple[tuple[str, GazetteerEntry], ...]:
    """Every (name or alias as written, entry) of the gazetteer file, in file order."""
    out: list[tuple[str, GazetteerEntry]] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise InputError(
            str(path), f"cannot read the gazetteer ({e.strerror})", "restore ontology/gazetteer.tsv"
        ) from None
    rows = [(n, line) for n, line in enumerate(lines, 1) if line.strip() and not line.startswith("#")]
    parsed = csv.reader((line for _, line in rows[1:]), delimiter="\t")
    for n, row in zip((n for n, _ in rows[1:]), parsed, strict=False):
        if len(row) != 6:
            raise InputError(
                str(path),
                f"expected 6 tab-separated fields, found {len(row)}",
                "write key, type, subtype, wikidata, name, aliases",
                n,
            )
        key, etype, subtype, qid, name, aliases = row
        if etype not in ENTITY_TYPES or not re.fullmatch(r"[a-z]+/[a-z0-9-]+", key):
            raise InputError(
                str(path),
                f"bad key {key!r} or type {etype!r}",
                f"use a key like org/some-name and a type among {', '.join(ENTITY_TYPES)}",
                n,
            )
        if qid and not re.fullmatch(r"Q\d+", qid):
            raise InputError(str(path), f"bad Wikidata id {qid!r}", "write Q followed by digits, or leave it empty", n)
        entry = GazetteerEntry(key, etype, name, subtype or None, qid or None)
        out.extend((form, entry) for form in (name, *filter(None, aliases.split("|"))))
    return tuple(out)


def lookup(name: str) -> GazetteerEntry | None:
    """The gazetteer entry whose name or alias is ``name``, if any."""
    return load_gazetteer().get(gazetteer_form(name))


@lru_cache(maxsize=4)
def gazetteer_forms(path: Path = GAZETTEER) -> dict[str, frozenset[str]]:
    """Entity key -> every name and alias the gazetteer gives it."""
    forms: dict[str, set[str]] = defaultdict(set)
    for form, entry in gazetteer_names(path):
        forms[entry.key].add(form)
    return {k: frozenset(v) for k, v in forms.items()}
