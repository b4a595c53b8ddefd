"""Read articles from files: plain text, Markdown, JSON Lines and HTML.

``read_articles(paths)`` yields one :class:`Article` per article, in a stable order (files sorted,
JSON Lines in line order). A file that cannot be read raises :class:`InputError` naming the file
and line; ``iter_articles`` reports such errors through a callback instead, so that one bad article
does not stop a build.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from .errors import InputError
from .records import Article

SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".jsonl": "jsonl",
            ".ndjson": "jsonl", ".html": "html", ".htm": "html"}
DEFAULT_MAX_BYTES = 20_000_000

# "date 2021-12-16" at the very start, possibly followed by the text on the same line
_DATE_HEADER = re.compile(r"\A\s*date[ \t]*:?[ \t]*(\S*\d\S*)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")


def parse_date(value: str | None) -> date | None:
    """An ISO ``YYYY-MM-DD`` date (a longer ISO timestamp is cut to its day); ValueError otherwise."""
    if value is None or str(value).strip() == "":
        return None
    s = str(value).strip()
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])", s)
    if not m:
        raise ValueError(f"date {s!r} is not YYYY-MM-DD")
    return date(int(m[1]), int(m[2]), int(m[3]))


def article_id_for(path: Path) -> str:
    """A file's article id: its name without the suffix, made safe for an IRI."""
    return _ID_UNSAFE.sub("-", path.stem).strip("-") or hashlib.sha256(str(path).encode()).hexdigest()[:16]


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """Every readable article file under ``paths`` (folders recursively), sorted, without duplicates."""
    found: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES
                                and not any(part.startswith(".") for part in f.relative_to(p).parts)))
        elif p.is_file():
            found.append(p)
        else:
            raise InputError(str(p), "no such file or folder", "check the path")
    seen: set[Path] = set()
    unique = []
    for f in found:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique


def decode(raw: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: UTF-8 first, then the detected encoding (with a warning). Refuses binary data."""
    if b"\x00" in raw[:8192]:
        raise InputError(path, "looks like a binary file, not text", "convert it to UTF-8 text or leave it out")
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as e:
        first_error = e
    from charset_normalizer import from_bytes

    best = from_bytes(raw).best()
    if best is None:
        raise InputError(path, f"is not UTF-8 text ({first_error.reason} at byte {first_error.start})",
                         "save it as UTF-8")
    enc = best.encoding
    if enc in ("ascii", "latin_1", "iso8859_1"):
        enc = "cp1252"  # cp1252 is latin-1 plus the curly quotes news text is full of
    try:
        text = raw.decode(enc)
    except UnicodeDecodeError:
        text = raw.decode(best.encoding)
        enc = best.encoding
    return text, (f"{path}: not UTF-8; read as {enc}",)


def _check_text(text: str, path: str, line: int | None = None) -> None:
    if not text.strip():
        raise InputError(path, "article text is empty", "add the article's text or leave the file out", line)


def split_date_header(text: str, path: str) -> tuple[str, date | None, tuple[str, ...]]:
    """Strip an optional ``date YYYY-MM-DD`` header; returns (text, date, warnings)."""
    m = _DATE_HEADER.match(text)
    if not m:
        return text, None, ()
    body = text[m.end():].lstrip(" \t\r\n")
    try:
        return body, parse_date(m[1]), ()
    except ValueError:
        return body, None, (f"{path}:1: date header {m[1]!r} is not YYYY-MM-DD; article kept without a date",)


def _markdown_title(text: str) -> tuple[str | None, str]:
    m = re.match(r"\A#\s+(.+?)\s*#*\s*(?:\n|\Z)", text)
    if not m:
        return None, text
    return m[1], text[m.end():].lstrip("\n")


def read_text_file(path: Path, raw: bytes, markdown: bool = False) -> Article:
    text, warnings = decode(raw, str(path))
    text, day, more = split_date_header(text, str(path))
    title = None
    if markdown:
        title, text = _markdown_title(text)
    _check_text(text, str(path))
    if day is None and not more:
        more = (f"{path}: no date header; relative dates stay unresolved (add 'date YYYY-MM-DD' as the first line)",)
    return Article(id=article_id_for(path), text=text, date=day, title=title, source=str(path),
                   warnings=warnings + more)


def read_jsonl(path: Path, raw: bytes, on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    text, warnings = decode(raw, str(path))
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield _jsonl_article(path, lineno, line, warnings if lineno == 1 else ())
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)


def _jsonl_article(path: Path, lineno: int, line: str, warnings: tuple[str, ...]) -> Article:
    where = str(path)
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"not valid JSON ({e.msg} at column {e.colno})", "fix the line", lineno) from None
    if not isinstance(obj, dict):
        raise InputError(where, "a line must be a JSON object with at least a 'text' field", "fix the line", lineno)
    body = obj.get("text")
    if not isinstance(body, str):
        raise InputError(where, "missing 'text' field (a string)", "add the article's text", lineno)
    _check_text(body, where, lineno)
    art_id = obj.get("id")
    if art_id is None or str(art_id).strip() == "":
        art_id = hashlib.sha256(body.encode()).hexdigest()[:16]
    warnings = tuple(warnings)
    try:
        day = parse_date(obj.get("date"))
    except ValueError as e:
        day = None
        warnings += (f"{where}:{lineno}: {e}; article kept without a date",)
    if day is None and not warnings:
        warnings += (f"{where}:{lineno}: no date; relative dates stay unresolved",)
    return Article(id=str(art_id), text=body, date=day,
                   title=_opt_str(obj.get("title")), publisher=_opt_str(obj.get("publisher")),
                   url=_opt_str(obj.get("url")), source=f"{where}:{lineno}", warnings=warnings)


def _opt_str(v) -> str | None:
    return None if v is None or str(v).strip() == "" else str(v)


_HTML_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe", "svg",
              "button", "figure", "template")


def read_html(path: Path, raw: bytes) -> Article:
    """The main text of a web page: paragraphs of <article> (or <main>, or <body>), boilerplate dropped."""
    from bs4 import BeautifulSoup

    text, warnings = decode(raw, str(path))
    soup = BeautifulSoup(text, "html.parser")
    meta = {}
    for tag in soup.find_all("meta"):
        key = tag.get("property") or tag.get("name") or tag.get("itemprop")
        if key and tag.get("content"):
            meta.setdefault(key.lower(), tag["content"].strip())
    title = meta.get("og:title") or (soup.title.get_text(" ", strip=True) if soup.title else None)
    publisher = meta.get("og:site_name")
    url = meta.get("og:url")
    if url is None:
        link = soup.find("link", rel="canonical")
        url = link.get("href") if link else None
    for tag in soup.find_all(_HTML_DROP):
        tag.decompose()
    root = soup.find("article") or soup.find("main") or soup.body or soup
    blocks = [b.get_text(" ", strip=True) for b in root.find_all(["h1", "h2", "h3", "p", "li", "blockquote"])]
    blocks = [re.sub(r"\s+", " ", b) for b in blocks if b]
    if title and blocks and blocks[0] == title:
        blocks = blocks[1:]
    body = "\n\n".join(blocks) if blocks else re.sub(r"[ \t]+", " ", root.get_text("\n", strip=True))
    _check_text(body, str(path))
    day = None
    raw_date = meta.get("article:published_time") or meta.get("datepublished") or meta.get("date")
    if raw_date:
        try:
            day = parse_date(raw_date)
        except ValueError:
            warnings += (f"{path}: published date {raw_date!r} is not ISO; article kept without a date",)
    return Article(id=article_id_for(path), text=body, date=day, title=title, publisher=publisher, url=url,
                   source=str(path), warnings=warnings)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    """The articles of one file. JSON Lines errors go to ``on_error`` per line when it is given."""
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    try:
        size = path.stat().st_size
        if size > max_bytes and kind != "jsonl":
            raise InputError(str(path), f"is {size:,} bytes, over the {max_bytes:,}-byte limit per article",
                             "split it or raise --max-bytes")
        raw = path.read_bytes()
    except OSError as e:
        raise InputError(str(path), f"cannot be read ({e.strerror})", "check its permissions") from None
    if not raw.strip():
        raise InputError(str(path), "is empty", "add the article's text or leave the file out")
    if kind == "jsonl":
        for art in read_jsonl(path, raw, on_error):
            if len(art.text.encode()) > max_bytes:
                err = InputError(str(path), f"article text is over the {max_bytes:,}-byte limit",
                                 "split it or raise --max-bytes", int(art.source.rsplit(":", 1)[1]))
                if on_error is None:
                    raise err
                on_error(err)
                continue
            yield art
    elif kind == "html":
        yield read_html(path, raw)
    else:
        yield read_text_file(path, raw, markdown=(kind == "markdown"))


def iter_articles(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                  on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    """Every article under ``paths``. Errors raise unless ``on_error`` takes them (then the article is skipped)."""
    for path in discover(paths):
        try:
            yield from read_file(path, max_bytes, on_error)
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)
