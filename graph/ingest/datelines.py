"""The outlet named in a wire dateline: ``WASHINGTON (AP) —``, ``LONDON, Aug 9 (Reuters) -``, ``(Reuters) -``,
``PARIS — AFP —``, or a closing ``— AFP`` line. The city is not part of the outlet.

Agency forms and their full names are data (``data/wire_agencies.tsv``). A parenthesised name followed by a
dash at the top of the text is read as the outlet even when the table does not know it (``(CNN) —``).
Patterns are anchored with bounded repeats over disjoint classes: linear time.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

_DASH = r"(?:-{1,2}|\u2014|\u2013|:)"
_CITY = r"(?:[A-Z][\w.'\u2019-]{0,25}(?:[ ,\t]{1,2}[\w.'\u2019/-]{1,25}){0,6}[ \t]{0,3})?"
_PAREN = re.compile(
    _CITY + r"\((?P<outlet>[A-Za-z][\w&'\u2019.-]{0,24}(?: [\w&'\u2019.-]{1,24}){0,3})\)"
    r"[ \t]{0,3}(?P<dash>" + _DASH + r")?"
)
_AFTER_CITY = re.compile(
    _CITY + _DASH + r"[ \t]{0,3}(?P<outlet>[A-Za-z][\w&.-]{0,24}(?: [\w&.-]{1,24}){0,3})"
    r"[ \t]{0,3}" + _DASH
)
_NAME = r"[A-Za-z][\w&.-]{0,24}(?: [\w&.-]{1,24}){0,3}"
_CLOSING = re.compile(
    r"[ \t]{0,3}(?:" + _DASH + r"[ \t]{0,3}(?P<a>" + _NAME + r")|\((?P<b>" + _NAME + r")\))"
    r"[ \t]{0,3}"
)


@cache
def agencies() -> dict[str, str]:
    """Wire-agency forms (lower-cased) -> the publisher's name."""
    table = {}
    text = files("graph.ingest").joinpath("data/wire_agencies.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            form, name = line.split("\t")
            table[form.strip().lower()] = name.strip()
    return table


def outlet_from_dateline(text: str) -> str | None:
    """The outlet the text's dateline (or closing credit line) names, or None."""
    table = agencies()
    first = text.lstrip()[:300].split("\n", 1)[0]
    m = _PAREN.match(first)
    if m and m["dash"]:  # "(AP) courses" is not a dateline: the dash is what makes it one
        name = m["outlet"]
        if name.lower() in table:
            return table[name.lower()]
        if name[0].isupper():
            return name
    m = _AFTER_CITY.match(first)
    if m and m["outlet"].lower() in table:
        return table[m["outlet"].lower()]
    last = text.rstrip()[-120:].rsplit("\n", 1)[-1]
    m = _CLOSING.fullmatch(last)
    if m and (m["a"] or m["b"]).lower() in table:
        return table[(m["a"] or m["b"]).lower()]
    return None
