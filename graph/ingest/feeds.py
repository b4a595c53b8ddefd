"""RSS and Atom feeds through feedparser: each entry is an article (title, date, link, the feed's title as
publisher, the text from its content or summary with the HTML stripped).

feedparser reads every RSS version, Atom and RDF feeds, their date formats and their encodings; it is
given bytes, so it fetches nothing. An entry's id is its ``<guid>``/``<id>`` as given (else its link):
the same story read again from a later copy of the feed replaces its own graph.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

from ..errors import InputError
from ..records import Article
from .cleaning import CONTROL, check_text, clean_text, defuse
from .datelines import outlet_from_dateline
from .files import FEED_ROOT, article_id_for, shown

_BLOCKS = ("p", "div", "li", "blockquote", "h1", "h2", "h3", "h4", "br", "tr")


def is_feed(head: bytes) -> bool:
    """Whether the start of an XML file is an RSS, Atom or RDF feed."""
    return bool(FEED_ROOT.search(head[:4096]))


def strip_html(fragment: str) -> str:
    """The text of an HTML fragment, a paragraph per block element, scripts and styles dropped."""
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(fragment, "html.parser")
    for tag in soup.find_all(["script", "style", "noscript", "iframe", "svg", "template"]):
        tag.decompose()
    for tag in soup.find_all(_BLOCKS):
        tag.insert_before("\n\n")
        tag.insert_after("\n\n")
    paragraphs = (" ".join(p.split()) for p in soup.get_text().split("\n\n"))
    return "\n\n".join(p for p in paragraphs if p)


def _entry_date(entry) -> date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                return date(t.tm_year, t.tm_mon, t.tm_mday)
            except (ValueError, AttributeError):
                continue
    return None


def read_feed(
    path: Path, raw: bytes, root: Path | None = None, on_error: Callable[[InputError], None] | None = None
) -> Iterator[Article]:
    """One article per feed entry; an entry without text goes to ``on_error`` (or raises) by its number."""
    import feedparser

    where = str(path)
    if not is_feed(raw):
        raise InputError(where, "is XML but not an RSS or Atom feed", "give feeds as .rss, .atom or .xml files")
    parsed = feedparser.parse(raw, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries:
        problem = f"is not a readable feed ({parsed.bozo_exception})" if parsed.get("bozo") else "has no entries"
        raise InputError(where, problem, "check the feed file")
    feed_title = strip_html(parsed.feed.get("title", "")) or None
    base = article_id_for(path, root)
    for n, entry in enumerate(parsed.entries, 1):
        at = f"{shown(path)}#{n}"
        try:
            content = entry.get("content") or []
            html = max((c.get("value", "") for c in content), key=len, default="") or entry.get("summary", "")
            body, cleaned = clean_text(strip_html(html), at)
            body, defused = defuse(body, at)
            check_text(body, where, n)
            ident = (entry.get("id") or entry.get("link") or "").strip()
            if not ident or CONTROL.search(ident):
                ident = f"{base}/{n}"
            title = strip_html(entry.get("title", "")) or None
            day = _entry_date(entry)
            warnings = cleaned + defused
            if day is None:
                warnings += (f"{at}: entry has no date; relative dates stay unresolved",)
            yield Article(
                id=ident,
                text=body,
                date=day,
                title=title,
                publisher=feed_title or outlet_from_dateline(body),
                url=entry.get("link") or None,
                source=at,
                warnings=warnings,
            )
        except InputError as e:
            if on_error is None:
                raise
            on_error(InputError(where, f"entry {n}: {e.problem}", e.fix))
