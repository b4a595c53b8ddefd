"""Publication dates: the unambiguous written forms, and the date header at the top of a text file.

Header forms read (any case, optional colon): ``date 2022-08-09``, ``date: August 9, 2022``,
``Date: 9 Aug 2022``, ``Published: Tue, 9 Aug 2022 10:00:00 GMT``, and a line holding only a date as the
first line. Numeric day/month orders (``08/09/2022``) are ambiguous and refused. Every pattern is anchored
with bounded repeats: linear time.
"""

from __future__ import annotations

import re
from datetime import date

DATE_FIX = "write it as YYYY-MM-DD"
_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        1,
    )
    for m in names
}
_TIME = (
    r"(?:,?[ \t]{0,3}(?:at[ \t]{1,3})?\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]?[AaPp]\.?[Mm]\.?)?"
    r"(?:[ \t]{1,3}(?:[A-Z]{2,5}|[+-]\d{4}))?)?"
)
_ISO = re.compile(
    r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"
    r"(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
)
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]{0,6}\.?,?[ \t]{1,3})?"
_MDY = re.compile(
    _WEEKDAY + r"(?P<mon>[A-Za-z]{3,9})\.?[ \t]{1,3}(?P<day>\d{1,2})(?:st|nd|rd|th)?,?[ \t]{1,3}"
    r"(?P<year>\d{4})\b" + _TIME,
    re.IGNORECASE,
)
_DMY = re.compile(
    _WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?[ \t]{1,3}(?P<mon>[A-Za-z]{3,9})\.?,?[ \t]{1,3}"
    r"(?P<year>\d{4})\b" + _TIME,
    re.IGNORECASE,
)
# "date 2021-12-16", "Date: 9 Aug 2022", "Published: ..." at the start of the (stripped) first line
_HEADER = re.compile(r"(?P<key>date|dated|published|posted|updated|publication date)\b[ \t]*[:=]?[ \t]*", re.IGNORECASE)


def date_at_start(s: str) -> tuple[date, int] | None:
    """The date written at the start of ``s`` and where it ends, or None (also for impossible dates)."""
    try:
        m = _ISO.match(s)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3])), m.end()
        for pattern in (_MDY, _DMY):
            m = pattern.match(s)
            if m and m["mon"].lower() in _MONTHS:
                return date(int(m["year"]), _MONTHS[m["mon"].lower()], int(m["day"])), m.end()
    except ValueError:
        return None
    return None


def parse_date(value: str | None) -> date | None:
    """A publication date from an unambiguous form; None for no value; ValueError otherwise.

    Accepted: ISO ``2021-12-16`` (a longer ISO timestamp is cut to its day), ``2021/12/16``,
    ``December 16, 2021``, ``16 Dec 2021`` (weekday allowed), and RFC 2822 (``Thu, 16 Dec 2021 10:00:00 GMT``).
    Numeric day/month orders (``12/16/2021``) are ambiguous and refused.
    """
    if value is None or str(value).strip() == "":
        return None
    s = str(value).strip()
    found = date_at_start(s)
    if found:
        return found[0]
    try:
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        pass
    raise ValueError(f"date {s[:60]!r} is not a date we can read")


def split_date_header(text: str, path: str) -> tuple[str, date | None, tuple[str, ...]]:
    """Strip a date header (see the module docstring) from the top of ``text``; returns (text, date, warnings).

    The header may be followed by the article on the same line. A ``date`` header that cannot be read is
    dropped with a warning and the article is kept without a date.
    """
    start = len(text) - len(text.lstrip(" \t\r\n"))
    end = text.find("\n", start)
    line = text[start:] if end < 0 else text[start:end]
    rest = "" if end < 0 else text[end + 1 :]
    m = _HEADER.match(line)
    if m:
        after = line[m.end() :]
        found = date_at_start(after)
        if found:
            return (after[found[1] :].lstrip(" \t\r") + ("\n" + rest if rest else "")).lstrip(" \t\r\n"), found[0], ()
        token = after.split(maxsplit=1)
        if m["key"].lower() == "date" and token and any(c.isdigit() for c in token[0]):
            body = (after[len(token[0]) :].lstrip(" \t\r") + ("\n" + rest if rest else "")).lstrip(" \t\r\n")
            return (
                body,
                None,
                (
                    f"{path}:1: date {token[0][:60]!r} is not a date we can read; "
                    f"article kept without a date ({DATE_FIX})",
                ),
            )
        return text, None, ()
    found = date_at_start(line)
    if found and not line[found[1] :].strip():
        return rest.lstrip(" \t\r\n"), found[0], ()
    return text, None, ()
