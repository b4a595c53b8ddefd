"""Markdown: YAML front matter (``---`` title/date/publisher/url ``---``) and a leading ``# Title``.

Front matter is read as flat ``key: value`` lines (quotes stripped), the subset news front matter uses;
nested YAML is ignored with no error. Patterns are anchored with bounded repeats: linear time.
"""

from __future__ import annotations

import re

_FENCE = re.compile(r"\A\ufeff?[ \t]*---[ \t]*\r?\n")
_END = re.compile(r"^[ \t]*(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
_KEY = re.compile(r"[ \t]{0,8}([A-Za-z_][\w-]{0,40})[ \t]*:[ \t]*(.*)")
_TITLE = re.compile(r"#[ \t]+([^\n]+)")
FIELDS = {
    "title": "title",
    "headline": "title",
    "date": "date",
    "published": "date",
    "pubdate": "date",
    "date_published": "date",
    "publisher": "publisher",
    "source": "publisher",
    "outlet": "publisher",
    "site": "publisher",
    "site_name": "publisher",
    "url": "url",
    "link": "url",
    "canonical_url": "url",
    "canonical": "url",
    "permalink": "url",
}
MAX_LINES = 200  # front matter longer than this is not front matter


def split_front_matter(text: str) -> tuple[dict[str, str], str]:
    """(fields, text after the front matter); no front matter gives ({}, text). Keys are our field names."""
    m = _FENCE.match(text)
    if not m:
        return {}, text
    end = _END.search(text, m.end())
    if not end or text.count("\n", m.end(), end.start()) > MAX_LINES:
        return {}, text
    fields: dict[str, str] = {}
    for line in text[m.end() : end.start()].splitlines():
        kv = _KEY.fullmatch(line.rstrip())
        if not kv:
            continue
        key = FIELDS.get(kv[1].lower())
        value = kv[2].strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if key and value and key not in fields:
            fields[key] = value
    return fields, text[end.end() :].lstrip("\r\n")


def markdown_title(text: str) -> tuple[str | None, str]:
    """A leading ``# Title`` line and the text after it; (None, text) when there is none."""
    m = _TITLE.match(text)
    if not m:
        return None, text
    title = m[1].strip().rstrip("#").rstrip()
    return title or None, text[m.end() :].lstrip("\n")
