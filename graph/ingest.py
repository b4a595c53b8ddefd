"""Read articles from files: plain text, Markdown, JSON Lines and HTML.

``read_articles(paths)`` yields one :class:`Article` per article, in a stable order (files sorted,
JSON Lines in line order). A file that cannot be read raises :class:`InputError` naming the file
and line; ``iter_articles`` reports such errors through a callback instead, so that one bad article
does not stop a build.

Untrusted input is the norm here: sizes are checked before reading, JSON Lines are read one line at a
time, bytes that are not UTF-8 are decoded by detection (with a warning), binary files are refused by
name, and control characters are blanked so that every text can go into RDF and HTML.
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
SAMPLE = 65536  # bytes looked at to tell text from binary

# "date 2021-12-16" at the very start, possibly followed by the text on the same line
_DATE_HEADER = re.compile(r"\A\s*date[ \t]*:?[ \t]*(\S*\d\S*)[ \t]*(?:\r?\n)?", re.IGNORECASE)
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
# C0 controls other than tab, newline and carriage return: not allowed in XML/HTML, meaningless in news
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_BOMS = ((b"\x00\x00\xfe\xff", "utf-32-be"), (b"\xff\xfe\x00\x00", "utf-32-le"),
         (b"\xfe\xff", "utf-16-be"), (b"\xff\xfe", "utf-16-le"))
_MAGIC = ((b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or .docx, .xlsx, .epub)"),
          (b"\x1f\x8b", "gzip-compressed"), (b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"),
          (b"GIF8", "a GIF image"), (b"\x7fELF", "a program"), (b"SQLite format 3", "an SQLite database"),
          (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"), (b"{\\rtf", "an RTF document"))
_MONTHS = {m: i for i, names in enumerate(
    [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
     ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
     ("dec", "december")], 1) for m in names}
_DATE_FIX = "write it as YYYY-MM-DD"
# Text the NLP model spends minutes on: spaCy's tokenizer re-scans a token once per prefix or suffix it
# strips, so one long token of symbols or letters costs time quadratic in its length. Cut before spaCy.
MAX_RUN = 20  # symbols (not letters, digits or spaces) more than this in a row: the rest of the run becomes spaces
MAX_WORD = 200  # characters without a space: longer "words" get a space inserted every MAX_WORD characters
_LONG_RUN = re.compile(r"[^\w\s]{%d,}" % (MAX_RUN + 1))
_LONG_WORD = re.compile(r"\S{%d,}" % (MAX_WORD + 1))


# ---- dates

def parse_date(value: str | None) -> date | None:
    """A publication date from an unambiguous form; None for no value; ValueError otherwise.

    Accepted: ISO ``2021-12-16`` (a longer ISO timestamp is cut to its day), ``2021/12/16``,
    ``December 16, 2021``, ``16 Dec 2021`` (weekday allowed), and RFC 2822 (``Thu, 16 Dec 2021 10:00:00 GMT``).
    Numeric day/month orders (``12/16/2021``) are ambiguous and refused.
    """
    if value is None or str(value).strip() == "":
        return None
    s = str(value).strip()
    try:
        m = re.match(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:$|[T ])", s)
        if m:
            return date(int(m[1]), int(m[2]), int(m[3]))
        words = re.sub(r"^[A-Za-z]+day,?\s+", "", s, flags=re.IGNORECASE)  # "Thursday, ..."
        m = (re.match(r"^(?P<mon>[A-Za-z]+)\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})\b", words)
             or re.match(r"^(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?P<mon>[A-Za-z]+)\.?,?\s+(?P<year>\d{4})\b", words))
        if m and m["mon"].lower() in _MONTHS:
            return date(int(m["year"]), _MONTHS[m["mon"].lower()], int(m["day"]))
        from email.utils import parsedate_to_datetime

        return parsedate_to_datetime(s).date()
    except (ValueError, TypeError, IndexError, OverflowError):
        pass
    raise ValueError(f"date {s[:60]!r} is not a date we can read")


def split_date_header(text: str, path: str) -> tuple[str, date | None, tuple[str, ...]]:
    """Strip an optional ``date YYYY-MM-DD`` header; returns (text, date, warnings)."""
    m = _DATE_HEADER.match(text)
    if not m:
        return text, None, ()
    body = text[m.end():].lstrip(" \t\r\n")
    try:
        return body, parse_date(m[1]), ()
    except ValueError as e:
        return body, None, (f"{path}:1: {e}; article kept without a date ({_DATE_FIX})",)


# ---- files and ids

def article_id_for(path: Path) -> str:
    """A file's article id: its name without the suffix, made safe for an IRI."""
    return _ID_UNSAFE.sub("-", path.stem).strip("-.") or hashlib.sha256(str(path).encode()).hexdigest()[:16]


def shown(path: Path) -> str:
    """A path as text that can go into RDF: undecodable bytes of a file name become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def discover(paths: Iterable[str | Path], on_error: Callable[[InputError], None] | None = None) -> list[Path]:
    """Every readable article file under ``paths`` (folders recursively), sorted, without duplicates.

    A missing path raises, or goes to ``on_error`` when given (the other paths are still read).
    """
    found: list[Path] = []

    def report(err: InputError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    for p in map(Path, paths):
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.suffix.lower() not in SUFFIXES or any(part.startswith(".") for part in f.relative_to(p).parts):
                    continue
                if f.is_file():
                    found.append(f)
                elif not f.is_dir():
                    report(_not_regular(f))
        elif p.is_file():
            found.append(p)
        elif p.exists() or p.is_symlink():
            report(_not_regular(p))
        else:
            err = InputError(str(p), "no such file or folder", "check the path")
            if on_error is None:
                raise err
            on_error(err)
    seen: set[Path] = set()
    unique = []
    for f in found:
        r = f.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique


def _not_regular(p: Path) -> InputError:
    """Why ``p`` is skipped: a broken link, a FIFO, a socket or a device is not an article file."""
    import stat

    if p.is_symlink() and not p.exists():
        try:
            target = f" (to {shown(Path(p.readlink()))})"
        except OSError:
            target = ""
        return InputError(shown(p), f"is a broken symbolic link{target}; skipped", "fix or remove the link")
    try:
        mode = p.stat().st_mode
    except OSError as e:
        return InputError(shown(p), f"cannot be read ({e.strerror or e}); skipped", "check that it is readable")
    what = ("a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode)
            else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
    return InputError(shown(p), f"is {what}, not a regular file; skipped", "pass article files or folders")


# ---- bytes to clean text

def sniff_binary(head: bytes, path: str) -> None:
    """Refuse known binary formats and byte soup, by name. ``head`` is the start of the file."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(path, f"is {what}, not text", "extract its text into a .txt file, or leave it out")
    if any(head.startswith(bom) for bom, _ in _BOMS):
        return
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\x1b")
    if b"\x00" in head or controls > len(head) * 0.05:
        raise InputError(path, "looks like a binary file, not text",
                         "convert it to UTF-8 text or leave it out")


def _latin_text(raw: bytes) -> str | None:
    """``raw`` as Windows-1252 if that reads as Western text: accented letters inside mostly-ASCII words.

    Cyrillic or Greek bytes read as 1252 give words made only of accented letters, so they fail this test.
    """
    text = raw.decode("cp1252", errors="replace")
    if "\ufffd" in text:
        text = raw.decode("latin-1")
        if any("\x80" <= c <= "\x9f" for c in text):
            return None
    letters = [c for c in text if c.isalpha()]
    non_ascii = sum(1 for c in letters if c > "\x7f")
    return text if letters and non_ascii <= 0.3 * len(letters) else None


def decode(raw: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: UTF-8 first, then the detected encoding (with a warning). Refuses binary data."""
    sniff_binary(raw[:SAMPLE], path)
    for bom, enc in _BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom):].decode(enc), (f"{path}: {enc.upper()} text read as such (save it as UTF-8 to avoid this)",)
            except UnicodeDecodeError:
                raise InputError(path, f"starts like {enc.upper()} text but does not decode as it",
                                 "save it as UTF-8") from None
    try:
        return raw.decode("utf-8-sig"), ()
    except UnicodeDecodeError as e:
        first_error = e
    text, enc = _latin_text(raw), "windows-1252"
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise InputError(path, f"is not UTF-8 text ({first_error.reason} at byte {first_error.start}) "
                                   f"and its encoding cannot be detected", "save it as UTF-8")
        text, enc = str(best), best.encoding
    return text, (f"{path}: not UTF-8; read as {enc} (save it as UTF-8 to avoid this)",)


def clean_text(text: str, where: str) -> tuple[str, tuple[str, ...]]:
    """Blank control characters and replace broken surrogates, keeping every offset; returns (text, warnings).

    Both would make invalid XML/HTML and some RDF tools choke on them; one character for one keeps
    the text the same length as what was read.
    """
    warnings = []
    n = len(_CONTROL.findall(text))
    if n:
        text = _CONTROL.sub(" ", text)
        warnings.append(f"{where}: {n} control character{'s' * (n != 1)} replaced by spaces")
    n = len(_SURROGATE.findall(text))
    if n:
        text = _SURROGATE.sub("\ufffd", text)
        warnings.append(f"{where}: {n} invalid character{'s' * (n != 1)} (lone surrogates) replaced by \ufffd")
    return text, tuple(warnings)


def defuse(text: str, where: str) -> tuple[str, tuple[str, ...]]:
    """Cut runs of symbols to MAX_RUN and split words over MAX_WORD characters; returns (text, warnings).

    Both are noise in news text (ASCII art, base64, minified code) and make the NLP model's cost grow with
    the square of their length: 20 kB of ``$`` took minutes. The warning names where it happened.
    """
    runs = words = 0

    def cut(m: re.Match) -> str:
        nonlocal runs
        runs += 1
        return m[0][:MAX_RUN] + " " * (len(m[0]) - MAX_RUN)

    def split(m: re.Match) -> str:
        nonlocal words
        words += 1
        w = m[0]
        return " ".join(w[i:i + MAX_WORD] for i in range(0, len(w), MAX_WORD))

    text = _LONG_RUN.sub(cut, text)
    text = _LONG_WORD.sub(split, text)
    warnings = []
    if runs:
        warnings.append(f"{where}: {runs} run{'s' * (runs != 1)} of symbols cut to {MAX_RUN} characters "
                        f"(such runs make the NLP model take minutes)")
    if words:
        warnings.append(f"{where}: {words} word{'s' * (words != 1)} longer than {MAX_WORD} characters split "
                        f"with spaces (such words make the NLP model take minutes)")
    return text, tuple(warnings)


def _check_text(text: str, path: str, line: int | None = None) -> None:
    if not text.strip():
        raise InputError(path, "article text is empty", "add the article's text or leave the file out", line)


def _opt_str(v, what: str, where: str) -> tuple[str | None, tuple[str, ...]]:
    """An optional metadata string: numbers become strings, other JSON values are dropped with a warning."""
    if v is None or isinstance(v, bool) or (isinstance(v, str) and not v.strip()):
        return None, ()
    if isinstance(v, (int, float)):
        v = str(v)
    if not isinstance(v, str):
        return None, (f"{where}: '{what}' is a JSON {type(v).__name__}, not a string; ignored",)
    v, warnings = clean_text(v.strip(), where)
    return v, warnings


# ---- the formats

def _markdown_title(text: str) -> tuple[str | None, str]:
    m = re.match(r"\A#\s+(.+?)\s*#*\s*(?:\n|\Z)", text)
    if not m:
        return None, text
    return m[1], text[m.end():].lstrip("\n")


def read_text_file(path: Path, raw: bytes, markdown: bool = False) -> Article:
    text, warnings = decode(raw, str(path))
    text, cleaned = clean_text(text, str(path))
    text, defused = defuse(text, str(path))
    cleaned += defused
    text, day, more = split_date_header(text, str(path))
    title = None
    if markdown:
        title, text = _markdown_title(text)
    _check_text(text, str(path))
    if day is None and not more:
        more = (f"{path}: no date header; relative dates stay unresolved (add 'date YYYY-MM-DD' as the first line)",)
    return Article(id=article_id_for(path), text=text, date=day, title=title, source=shown(path),
                   warnings=warnings + cleaned + more)


def jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str | InputError | None, tuple[str, ...]]]:
    """(line number, text, warnings) of each non-blank line, read one line at a time (never the whole file).

    A line over ``max_bytes`` comes back with text None; it is skipped without being held in memory.
    A line with a NUL byte comes back as the InputError that refuses it (the other lines are still read).
    """
    where = str(path)
    with open(path, "rb") as fh:
        head = fh.read(SAMPLE)
        if any(head.startswith(bom) for bom, _ in _BOMS):
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
                yield lineno, InputError(where, f"NUL byte at column {column}: the line is damaged or binary",
                                         "fix or remove the line; the other lines are read", lineno), ()
                continue
            try:
                yield lineno, raw.decode("utf-8"), ()
            except UnicodeDecodeError:
                text = _latin_text(raw) or raw.decode("latin-1")
                yield lineno, text, (f"{where}:{lineno}: not UTF-8; read as windows-1252 (save the file as UTF-8)",)


def read_jsonl(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
               on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    """One article per line: a JSON object with ``text`` and optionally id, date, title, publisher, url.

    A bad line raises, or goes to ``on_error`` when given and the other lines are still read.
    """
    any_line = False
    for lineno, line, warnings in jsonl_lines(path, max_bytes):
        any_line = True
        try:
            if line is None:
                raise InputError(str(path), f"line is over the {max_bytes:,}-byte limit per article",
                                 "split the article or raise --max-bytes", lineno)
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
    where, at = str(path), f"{shown(path)}:{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        raise InputError(where, f"not valid JSON ({e.msg} at column {e.colno})",
                         "fix the line: one JSON object per line", lineno) from None
    except RecursionError:
        raise InputError(where, "JSON nested too deeply", "fix the line: one flat JSON object per line",
                         lineno) from None
    if not isinstance(obj, dict):
        raise InputError(where, f"a JSON {type(obj).__name__} where an object was expected",
                         'make the line an object such as {"id": "a1", "text": "..."}', lineno)
    body = obj.get("text")
    if body is None:
        raise InputError(where, "no 'text' field", "add the article's text as \"text\": \"...\"", lineno)
    if not isinstance(body, str):
        raise InputError(where, f"'text' is a JSON {type(body).__name__}, not a string",
                         "give the article's text as one string", lineno)
    body, cleaned = clean_text(body, at)
    body, defused = defuse(body, at)
    cleaned += defused
    _check_text(body, where, lineno)
    art_id = obj.get("id")
    if isinstance(art_id, bool) or not isinstance(art_id, (str, int, type(None))):
        raise InputError(where, f"'id' is a JSON {type(art_id).__name__}", "make the id a string or a number",
                         lineno)
    art_id = None if art_id is None else str(art_id).strip()
    if not art_id:
        art_id = hashlib.sha256(body.encode()).hexdigest()[:16]
    elif set(art_id) <= {"."} or _CONTROL.search(art_id) or _SURROGATE.search(art_id):
        raise InputError(where, f"id {art_id[:40]!r} cannot name an article",
                         "use letters, digits and punctuation, not only dots or control characters", lineno)
    warnings = tuple(warnings) + cleaned
    try:
        day = parse_date(obj.get("date") if not isinstance(obj.get("date"), (dict, list)) else repr(obj["date"]))
    except ValueError as e:
        day = None
        warnings += (f"{at}: {e}; article kept without a date ({_DATE_FIX})",)
    if day is None and "date" not in obj:
        warnings += (f"{at}: no date; relative dates stay unresolved (add \"date\": \"YYYY-MM-DD\")",)
    meta = {}
    for key in ("title", "publisher", "url"):
        meta[key], more = _opt_str(obj.get(key), key, at)
        warnings += more
    return Article(id=art_id, text=body, date=day, source=at, warnings=warnings, **meta)


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
        if isinstance(key, str) and isinstance(tag.get("content"), str):
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
    body, cleaned = clean_text(body, str(path))
    body, defused = defuse(body, str(path))
    cleaned += defused
    _check_text(body, str(path))
    title, url, publisher = (clean_text(v, str(path))[0] if isinstance(v, str) and v.strip() else None
                             for v in (title, url, publisher))
    day = None
    raw_date = meta.get("article:published_time") or meta.get("datepublished") or meta.get("date")
    if raw_date:
        try:
            day = parse_date(raw_date)
        except ValueError as e:
            warnings += (f"{path}: published {e}; article kept without a date ({_DATE_FIX})",)
    return Article(id=article_id_for(path), text=body, date=day, title=title, publisher=publisher, url=url,
                   source=shown(path), warnings=warnings + cleaned)


def read_file(path: Path, max_bytes: int = DEFAULT_MAX_BYTES,
              on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    """The articles of one file. JSON Lines errors go to ``on_error`` per line when it is given.

    The size is checked before anything is read; JSON Lines are streamed, so only the line limit applies.
    """
    kind = SUFFIXES.get(path.suffix.lower(), "text")
    try:
        if kind == "jsonl":
            yield from read_jsonl(path, max_bytes, on_error)
            return
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(str(path), f"is {size:,} bytes, over the {max_bytes:,}-byte limit per article",
                             "split it, or raise --max-bytes")
        with open(path, "rb") as fh:
            raw = fh.read(max_bytes + 1)  # a file that grew since stat() still cannot exceed the limit
    except OSError as e:
        raise InputError(str(path), f"cannot be read ({e.strerror or e})", "check that it exists and is readable") from None
    if len(raw) > max_bytes:
        raise InputError(str(path), f"is over the {max_bytes:,}-byte limit per article", "split it, or raise --max-bytes")
    if not raw:
        raise InputError(str(path), "is empty", "add the article's text or leave the file out")
    if not raw.strip():
        raise InputError(str(path), "holds only blank space", "add the article's text or leave the file out")
    if kind == "html":
        yield read_html(path, raw)
    else:
        yield read_text_file(path, raw, markdown=(kind == "markdown"))


def iter_articles(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES,
                  on_error: Callable[[InputError], None] | None = None) -> Iterator[Article]:
    """Every article under ``paths``. Errors raise unless ``on_error`` takes them (then the article is skipped)."""
    for path in discover(paths, on_error):
        try:
            yield from read_file(path, max_bytes, on_error)
        except InputError as e:
            if on_error is None:
                raise
            on_error(e)


read_articles = iter_articles
