"""Web pages: the main text and its metadata (title, date, publisher, byline, URL) through trafilatura.

trafilatura tells an article's text from menus, teasers, comments and footers on any layout, with or
without ``<article>``; a page where it finds no article (a front page, a list of links) is refused by name
rather than read as news. The date comes from the page's metadata only (htmldate without its extensive
search): a copyright year in the footer is not a publication date. Nothing is fetched.
"""

from __future__ import annotations

import logging
from functools import cache
from pathlib import Path

from ..errors import InputError
from ..records import Article
from .cleaning import check_text, clean_text, decode, defuse
from .datelines import outlet_from_dateline
from .dates import DATE_FIX, parse_date
from .files import article_id_for, shown

MIN_TEXT = 150  # characters: less is a teaser or a navigation line, not an article


@cache
def _config():
    from trafilatura.settings import use_config

    for name in ("trafilatura", "htmldate", "courlan", "justext"):  # our reasons are the warnings we give
        logging.getLogger(name).setLevel(logging.CRITICAL)
    config = use_config()
    config.set("DEFAULT", "min_output_size", str(MIN_TEXT))
    config.set("DEFAULT", "extensive_date_search", "off")
    config.set("DEFAULT", "extraction_timeout", "0")  # no signal handlers: ingest may run in a thread
    return config


def page_article(html: str, where: str) -> dict[str, str | None] | None:
    """The main text and metadata of a page (keys text, title, date, publisher, byline, url); None if the page
    holds no article text."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        favor_precision=True,
        config=_config(),
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is not None and not isinstance(doc, dict):
        doc = doc.as_dict()
    if not isinstance(doc, dict) or not str(doc.get("text") or "").strip():
        return None
    title = str(doc.get("title") or "").strip() or None
    paragraphs = [p.strip() for p in str(doc["text"]).split("\n") if p.strip()]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the headline is the title, not the first sentence
    return {
        "text": "\n\n".join(paragraphs),
        "title": title,
        "date": doc.get("date"),
        "publisher": doc.get("sitename"),
        "byline": doc.get("author"),
        "url": doc.get("url"),
    }


def read_html(path: Path, raw: bytes, root: Path | None = None) -> Article:
    """The article of a web page; a page without article text is refused."""
    where = str(path)
    html, warnings = decode(raw, where)
    found = page_article(html, where)
    if found is None or len(found["text"] or "") < MIN_TEXT:
        raise InputError(
            where,
            "holds no article text (it looks like a front page, a list of links or a menu)",
            "save the article's own page, or leave the file out",
        )
    body, cleaned = clean_text(found["text"] or "", where)
    body, defused = defuse(body, where)
    check_text(body, where)
    title, url, publisher = (
        clean_text(v, where)[0] if isinstance(v, str) and v.strip() else None
        for v in (found["title"], found["url"], found["publisher"])
    )
    day = None
    if found["date"]:
        try:
            day = parse_date(found["date"])
        except ValueError as e:
            warnings += (f"{where}: published {e}; article kept without a date ({DATE_FIX})",)
    return Article(
        id=article_id_for(path, root),
        text=body,
        date=day,
        title=title,
        publisher=publisher or outlet_from_dateline(body),
        url=url,
        source=shown(path),
        warnings=warnings + cleaned + defused,
    )
