"""Word lists as data: the tab-separated files in ``lexicons/``, read once.

Each file starts with ``#`` comments saying what its columns mean. Keeping the lists here, not in code, lets a
reader see every word a rule depends on, and keeps lists shared by several rules from drifting apart.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICONS = Path(__file__).with_name("lexicons")


@cache
def rows(name: str, columns: int | None = None) -> tuple[tuple[str, ...], ...]:
    """The rows of ``lexicons/NAME``, each a tuple of its tab-separated fields, comments and blank lines left out.
    With ``columns``, a row with another number of fields is a ValueError naming the file and line."""
    out = []
    for n, line in enumerate((LEXICONS / name).read_text(encoding="utf-8").splitlines(), 1):
        if line.strip() and not line.startswith("#"):
            cells = tuple(line.split("\t"))
            if columns is not None and len(cells) != columns:
                raise ValueError(f"lexicons/{name} line {n}: expected {columns} tab-separated fields, got {line!r}")
            out.append(cells)
    return tuple(out)


def tagged(name: str, tag: str) -> frozenset[str]:
    """The words of a two-column ``word<TAB>tag,tag`` file that carry ``tag``."""
    return frozenset(row[0] for row in rows(name) if tag in row[1].split(","))


def pairs(name: str) -> dict[str, str]:
    """A two-column file as a mapping from the first column to the second, in file order."""
    return {row[0]: row[1] for row in rows(name)}
