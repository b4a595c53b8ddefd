"""Plain-text and Markdown articles: front matter, the date header, the title and the dateline's outlet."""

from __future__ import annotations

from pathlib import Path

from ..records import Article
from .cleaning import check_text, clean_text, decode, defuse
from .datelines import outlet_from_dateline
from .dates import DATE_FIX, parse_date, split_date_header
from .files import article_id_for, shown
from .markdown import markdown_title, split_front_matter


def read_text_file(path: Path, raw: bytes, markdown: bool = False, root: Path | None = None) -> Article:
    """One article from a ``.txt`` or ``.md`` file's bytes."""
    where = str(path)
    text, warnings = decode(raw, where)
    text, cleaned = clean_text(text, where)
    text, defused = defuse(text, where)
    meta, text = split_front_matter(text)
    notes: tuple[str, ...] = ()
    day = None
    if "date" in meta:
        try:
            day = parse_date(meta["date"])
        except ValueError as e:
            notes += (f"{where}: front matter {e}; article kept without a date ({DATE_FIX})",)
    if day is None:
        text, day, more = split_date_header(text, where)
        notes += more
    title = meta.get("title")
    if markdown:
        heading, text = markdown_title(text)
        title = title or heading
    check_text(text, where)
    if day is None and not notes:
        notes = (f"{path}: no date header; relative dates stay unresolved (add 'date YYYY-MM-DD' as the first line)",)
    publisher = meta.get("publisher") or outlet_from_dateline(text)
    return Article(
        id=article_id_for(path, root),
        text=text,
        date=day,
        title=title,
        publisher=publisher,
        url=meta.get("url"),
        source=shown(path),
        warnings=warnings + cleaned + defused + notes,
    )
