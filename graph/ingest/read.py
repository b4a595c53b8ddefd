"""One file to its articles, and every article under the paths given: sizes checked before reading, each
format to its reader, each article's text bounded."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..errors import InputError
from ..records import Article
from .cleaning import DEFAULT_MAX_CHARS, cap
from .feeds import read_feed
from .files import SUFFIXES, find_files
from .html import read_html
from .jsonl import DEFAULT_MAX_BYTES, read_jsonl
from .text import read_text_file


def read_file(
    path: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[InputError], None] | None = None,
    root: Path | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article]:
    """The articles of one file. JSON Lines and feed errors go to ``on_error`` per line/entry when it is given.

    The size is checked before anything is read; JSON Lines are streamed, so only the line limit applies.
    Each article's text is cut to ``max_chars`` characters with a warning.
    """
    for art in _read_file(path, max_bytes, on_error, root):
        text, cut = cap(art.text, art.source or str(path), max_chars)
        yield dataclasses.replace(art, text=text, warnings=art.warnings + cut) if cut else art


def _read_file(
    path: Path, max_bytes: int, on_error: Callable[[InputError], None] | None, root: Path | None
) -> Iterator[Article]:
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, max_bytes, on_error)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                str(path),
                f"is {size:,} bytes, over the {max_bytes:,}-byte limit per article",
                "split it, or raise --max-bytes",
            )
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)  # a file that grew since stat() still cannot exceed the limit
    except OSError as e:
        raise InputError(
            str(path), f"cannot be read ({e.strerror or e})", "check that it exists and is readable"
        ) from None
    if len(raw) > max_bytes:
        raise InputError(
            str(path), f"is over the {max_bytes:,}-byte limit per article", "split it, or raise --max-bytes"
        )
    if not raw:
        raise InputError(str(path), "is empty", "add the article's text or leave the file out")
    if not raw.strip():
        raise InputError(str(path), "holds only blank space", "add the article's text or leave the file out")
    if kind == "html":
        yield read_html(path, raw, root)
    elif kind == "feed":
        yield from read_feed(path, raw, root, on_error)
    else:
        yield read_text_file(path, raw, markdown=(kind == "markdown"), root=root)


def iter_articles(
    paths: Iterable[str | Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    max_chars: int = DEFAULT_MAX_CHARS,
) -> Iterator[Article]:
    """Every article under ``paths``. Errors raise unless ``on_error`` takes them (then the article is skipped);
    files left out (not article types, our own outputs, hidden) are named to ``on_warning`` with the reason."""
    for found in find_files(paths, on_error, on_warning):
        try:
            yield from read_file(found.path, max_bytes, on_error, found.root, max_chars)
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)


read_articles = iter_articles
