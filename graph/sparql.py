"""SPARQL text checks made before a query runs: is it an update, does it name its own default graph.

Strings, IRIs and comments are blanked first, so a keyword inside them is never seen.
"""

from __future__ import annotations

import re

from .vocab import PREFIXES

PROLOGUE = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())  # the prefixes every query may use

UPDATE_KEYWORDS = r"INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"
_TOKENS = re.compile(
    r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
    r'|<[^<>"{}|^`\\\s]*>|#[^\n]*'
)


def _bare(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords inside them are not seen."""
    return _TOKENS.sub(" ", sparql)


def is_update(sparql: str) -> bool:
    """True when the text is a SPARQL Update (its first keyword after the prologue is an update verb)."""
    return (
        re.match(rf"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*(?:{UPDATE_KEYWORDS})\b", _bare(sparql), re.IGNORECASE)
        is not None
    )


def has_from(sparql: str) -> bool:
    """True when the query names its own default graph with FROM (not FROM NAMED)."""
    return re.search(r"\bFROM\s+(?!NAMED\b)", _bare(sparql), re.IGNORECASE) is not None
