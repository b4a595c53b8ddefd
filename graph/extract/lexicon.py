"""Word lists as data: the tab-separated files in ``lexicons/``, read once.

Each file starts with ``#`` comments saying what its columns mean. Keeping the lists here, not in code, lets a
reader see every word a rule depends on, and keeps lists shared by several rules from drifting apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICONS = Path(__file__).with_name("lexicons")


@cache
def rows(name: str) -> tuple[tuple[str, ...], ...]:
    """The rows of ``lexicons/NAME``, each a tuple of its tab-separated fields, comments and blank lines left out."""
    out = []
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out.append(tuple(line.split("\t")))
    return tuple(out)


def tagged(name: str, tag: str) -> frozenset[str]:
    """The words of a two-column ``word<TAB>tag,tag`` file that carry ``tag``."""
    return frozenset(row[0] for row in rows(name) if tag in row[1].split(","))


def pairs(name: str) -> dict[str, str]:
    """A two-column file as a mapping from the first column to the second, in file order."""
    return {row[0]: row[1] for row in rows(name)}
