"""JSON Lines: one article object per line, read one line at a time; a bad line costs only that line."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import settings
from ..errors import InputError
from ..records import Article
from .cleaning import (
    BOMS,
    CONTROL,
    SAMPLE,
    SURROGATE,
    check_text,
    clean_text,
    defuse,
    latin_text,
    opt_str,
    sniff_binary,
)
from .datelines import outlet_from_dateline
from .dates import DATE_FIX, parse_date
from .files import shown

DEFAULT_MAX_BYTES = settings.MAX_BYTES


def jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str | InputError | None, tuple[str, ...]]]:
    """(line number, text, warnings) of each non-blank line, read one line at a time (never the whole file).

    A line over ``max_bytes`` comes back with text None; it is skipped without being held in memory.
    A line with a NUL byte comes back as the InputError that refuses it (the other lines are still read).
    """
    where = str(path)
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE)
        if any(head.startswith(bom) for bom, _ in BOMS):
            raise InputError(where, "is UTF-16 or UTF-32 text; JSON Lines must be UTF-8", "save it as UTF-8")
        if b"\n" in head.rstrip(b"\r\n") or len(head) < SAMPLE:
            # lines to read one by one: a stray NUL or control byte costs only its line (checked per line)
            sniff_binary(head.replace(b"\x00", b"").translate(None, bytes(range(32))) or b" ", where)
        else:
            sniff_binary(head, where)
        fh.seek(0)
        lineno = 0
        while True:
            raw = fh.readline(max_bytes + 1)
            if not raw:
                return
            lineno += 1
            if len(raw) > max_bytes and not raw.endswith(b"\n"):
                while raw and not raw.endswith(b"\n"):  # skip the rest of the long line in chunks
                    raw = fh.readline(1 << 20)
                yield lineno, None, ()
                continue
            if not raw.strip():
                continue
            if lineno == 1 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            raw = raw.rstrip(b"\r\n")
            if b"\x00" in raw:
                column = raw.index(b"\x00") + 1
                yield (
                    lineno,
                    InputError(
                        where,
                        f"NUL byte at column {column}: the line is damaged or binary",
                        "fix or remove the line; the other lines are read",
                        lineno,
                    ),
                    (),
                )
                continue
            try:
                yield lineno, raw.decode("utf-8"), ()
            except UnicodeDecodeError:
                text = latin_text(raw) or raw.decode("latin-1")
                yield lineno, text, (f"{where}:{lineno}: not UTF-8; read as windows-1252 (save the file as UTF-8)",)


def read_jsonl(
    path: Path, max_bytes: int = DEFAULT_MAX_BYTES, on_error: Callable[[InputError], None] | None = None
) -> Iterator[Article]:
    """One article per line: a JSON object with ``text`` and optionally id, date, title, publisher, url.

    A bad line raises, or goes to ``on_error`` when given and the other lines are still read.
    """
    any_line = False
    for lineno, line, warnings in jsonl_lines(path, max_bytes):
        any_line = True
        try:
            if line is None:
                raise InputError(
                    str(path),
                    f"line is over the {max_bytes:,}-byte limit per article",
                    "split the article or raise --max-bytes",
                    lineno,
                )
            if isinstance(line, InputError):
                raise line
            yield jsonl_article(path, lineno, line, warnings)
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)
    if not any_line:
        raise InputError(str(path), "is empty", "add one JSON object per line, or leave the file out")


def jsonl_article(path: Path, lineno: int, line: str, warnings: tuple[str, ...] = ()) -> Article:
    """The article of one JSON Lines line; its ``id`` field is kept as given."""
    where, at = str(path), f"{shown(path)}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(
            where, f"not valid JSON ({e.msg} at column {e.colno})", "fix the line: one JSON object per line", lineno
        ) from None
    except RecursionError:
        raise InputError(
            where, "JSON nested too deeply", "fix the line: one flat JSON object per line", lineno
        ) from None
    if not isinstance(obj, dict):
        raise InputError(
            where,
            f"a JSON {type(obj).__name__} where an object was expected",
            'make the line an object such as {"id": "a1", "text": "..."}',
            lineno,
        )
    body = obj.get("text")
    if body is None:
        raise InputError(where, "no 'text' field", 'add the article\'s text as "text": "..."', lineno)
    if not isinstance(body, str):
        raise InputError(
            where,
            f"'text' is a JSON {type(body).__name__}, not a string",
            "give the article's text as one string",
            lineno,
        )
    body, cleaned = clean_text(body, at)
    body, defused = defuse(body, at)
    cleaned += defused
    check_text(body, where, lineno)
    art_id = obj.get("id")
    if isinstance(art_id, bool) or not isinstance(art_id, (str, int, type(None))):
        raise InputError(where, f"'id' is a JSON {type(art_id).__name__}", "make the id a string or a number", lineno)
    art_id = None if art_id is None else str(art_id).strip()
    if not art_id:
        art_id = hashlib.sha256(body.encode()).hexdigest()[:16]
    elif set(art_id) <= {"."} or CONTROL.search(art_id) or SURROGATE.search(art_id):
        raise InputError(
            where,
            f"id {art_id[:40]!r} cannot name an article",
            "use letters, digits and punctuation, not only dots or control characters",
            lineno,
        )
    warnings = tuple(warnings) + cleaned
    try:
        day = parse_date(obj.get("date") if not isinstance(obj.get("date"), (dict, list)) else repr(obj["date"]))
    except ValueError as e:
        day = None
        warnings += (f"{at}: {e}; article kept without a date ({DATE_FIX})",)
    if day is None and "date" not in obj:
        warnings += (f'{at}: no date; relative dates stay unresolved (add "date": "YYYY-MM-DD")',)
    meta: dict[str, str | None] = {}
    for key in ("title", "publisher", "url"):
        meta[key], more = opt_str(obj.get(key), key, at)
        warnings += more
    meta["publisher"] = meta["publisher"] or outlet_from_dateline(body)
    return Article(id=art_id, text=body, date=day, source=at, warnings=warnings, **meta)
