"""Bytes to clean text: binary refused by name, encodings detected (per line when a file mixes them), control
characters blanked, and the runs that make the NLP model slow (symbol runs, giant words, long URLs) cut.

Every pattern here is a single character class with a bounded or simple repeat: each runs in linear time.
"""

from __future__ import annotations

import re

from .. import settings
from ..errors import InputError

SAMPLE = 65536  # bytes looked at to tell text from binary
# C0 controls other than tab, newline and carriage return: not allowed in XML/HTML, meaningless in news
CONTROL = re.compile(r"[\x00-\x08\x0b-\x0c\x0e-\x1f\x7f]")
SURROGATE = re.compile(r"[\ud800-\udfff]")
BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (or .docx, .xlsx, .epub)"),
    (b"\x1f\x8b", "gzip-compressed"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3", "an SQLite database"),
    (b"\xd0\xcf\x11\xe0", "a Microsoft Office document"),
    (b"{\\rtf", "an RTF document"),
)
# Text the NLP model spends minutes on: spaCy's tokenizer re-scans a token once per prefix or suffix it
# strips, so one long token of symbols or letters costs time quadratic in its length. Cut before spaCy.
MAX_RUN = 20  # symbols (not letters, digits or spaces) more than this in a row: the rest of the run becomes spaces
MAX_WORD = 200  # characters without a space: longer "words" get a space inserted every MAX_WORD characters
MAX_URL = 40  # a URL-like token longer than this keeps its first MAX_URL characters; the rest become spaces
DEFAULT_MAX_CHARS = settings.MAX_CHARS
_LONG_RUN = re.compile(rf"[^\w\s]{{{MAX_RUN + 1},}}")
_LONG_WORD = re.compile(rf"\S{{{MAX_WORD + 1},}}")
_LONG_TOKEN = re.compile(rf"\S{{{MAX_URL + 1},}}")
_URL_SIGNS = ("://", "www.", "%2", "?", "&", "=", "/")


def sniff_binary(head: bytes, path: str) -> None:
    """Refuse known binary formats and byte soup, by name. ``head`` is the start of the file."""
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(path, f"is {what}, not text", "extract its text into a .txt file, or leave it out")
    if any(head.startswith(bom) for bom, _ in BOMS):
        return
    controls = sum(1 for b in head if b < 32 and b not in b"\t\n\r\f\x1b")
    if b"\x00" in head or controls > len(head) * 0.05:
        raise InputError(path, "looks like a binary file, not text", "convert it to UTF-8 text or leave it out")


def latin_text(raw: bytes) -> str | None:
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


def _lines_named(numbers: list[int]) -> str:
    shown = ", ".join(map(str, numbers[:10])) + (f" and {len(numbers) - 10} more" if len(numbers) > 10 else "")
    return f"line{'s' * (len(numbers) != 1)} {shown}"


def decode(raw: bytes, path: str) -> tuple[str, tuple[str, ...]]:
    """Bytes to text: UTF-8 first, then per line when a file mixes UTF-8 with another encoding, else the
    detected encoding of the whole file (with a warning). Refuses binary data."""
    sniff_binary(raw[:SAMPLE], path)
    for bom, enc in BOMS:
        if raw.startswith(bom):
            try:
                return raw[len(bom) :].decode(enc), (
                    f"{path}: {enc.upper()} text read as such (save it as UTF-8 to avoid this)",
                )
            except UnicodeDecodeError:
                raise InputError(
                    path, f"starts like {enc.upper()} text but does not decode as it", "save it as UTF-8"
                ) from None
    try:
        return repair_mojibake(raw.decode("utf-8-sig"), path)
    except UnicodeDecodeError as e:
        first_error = e
    mixed = decode_lines(raw, path)
    if mixed is not None:
        return mixed
    text, enc = latin_text(raw), "windows-1252"
    if text is None:
        from charset_normalizer import from_bytes

        best = from_bytes(raw).best()
        if best is None:
            raise InputError(
                path,
                f"is not UTF-8 text ({first_error.reason} at byte {first_error.start}) "
                f"and its encoding cannot be detected",
                "save it as UTF-8",
            )
        text, enc = str(best), best.encoding
    return text, (f"{path}: not UTF-8; read as {enc} (save it as UTF-8 to avoid this)",)


def decode_lines(raw: bytes, path: str) -> tuple[str, tuple[str, ...]] | None:
    """A file that mixes UTF-8 lines with lines in another encoding, decoded line by line; None when no line
    is non-ASCII UTF-8 (then the file is in one legacy encoding, better detected as a whole).

    A line that is neither UTF-8 nor Windows-1252 text is left out (blanked), by number.
    """
    lines = raw.split(b"\n")
    out: list[str] = []
    legacy: list[int] = []
    refused: list[int] = []
    utf8 = 0
    for n, line in enumerate(lines, 1):
        try:
            text = line.decode("utf-8-sig" if n == 1 else "utf-8")
            utf8 += not line.isascii()
        except UnicodeDecodeError:
            latin = latin_text(line)
            if latin is None:
                refused.append(n)
                text = ""
            else:
                legacy.append(n)
                text = latin
        out.append(text)
    if not utf8:
        return None
    warnings = []
    if legacy:
        warnings.append(
            f"{path}: {_lines_named(legacy)} not UTF-8 (the others are); read as windows-1252 "
            f"(save the file as UTF-8 to avoid this)"
        )
    if refused:
        warnings.append(
            f"{path}: {_lines_named(refused)} neither UTF-8 nor windows-1252 text; left out (save the file as UTF-8)"
        )
    return "\n".join(out), tuple(warnings)


def repair_mojibake(text: str, path: str) -> tuple[str, tuple[str, ...]]:
    """Lines of UTF-8 that were once read as Windows-1252 and saved again ("itâ€™s") repaired, by line."""
    from ftfy import fix_encoding
    from ftfy.badness import is_bad

    if text.isascii() or not is_bad(text):
        return text, ()
    lines = text.split("\n")
    fixed = []
    for n, line in enumerate(lines, 1):
        if not line.isascii() and is_bad(line):
            new = fix_encoding(line)
            if new != line:
                lines[n - 1] = new
                fixed.append(n)
    if not fixed:
        return text, ()
    return "\n".join(lines), (
        f"{path}: {_lines_named(fixed)} held mis-decoded characters (mojibake such as "
        f"'\u00e2\u20ac\u2122'); repaired (save the file as UTF-8 once, not twice)",
    )


def clean_text(text: str, where: str) -> tuple[str, tuple[str, ...]]:
    """Blank control characters and replace broken surrogates, keeping every offset; returns (text, warnings).

    Both would make invalid XML/HTML and some RDF tools choke on them; one character for one keeps
    the text the same length as what was read.
    """
    warnings = []
    n = len(CONTROL.findall(text))
    if n:
        text = CONTROL.sub(" ", text)
        warnings.append(f"{where}: {n} control character{'s' * (n != 1)} replaced by spaces")
    n = len(SURROGATE.findall(text))
    if n:
        text = SURROGATE.sub("\ufffd", text)
        warnings.append(f"{where}: {n} invalid character{'s' * (n != 1)} (lone surrogates) replaced by \ufffd")
    return text, tuple(warnings)


def _url_like(token: str) -> bool:
    return "://" in token or token.lower().startswith("www.") or sum(token.count(s) for s in _URL_SIGNS) >= 3


def defuse(text: str, where: str) -> tuple[str, tuple[str, ...]]:
    """Cut runs of symbols to MAX_RUN, shorten URL-like tokens to MAX_URL and split words over MAX_WORD
    characters; returns (text, warnings).

    All are noise in news text (ASCII art, tracking links, base64, minified code) and make the NLP model's
    cost grow with their length: 20 kB of ``$`` took minutes. Cut characters become spaces, so every
    offset into the text stays where it was. The warning names where it happened.
    """
    runs = words = urls = 0

    def cut(m: re.Match) -> str:
        nonlocal runs
        runs += 1
        return m[0][:MAX_RUN] + " " * (len(m[0]) - MAX_RUN)

    def shorten(m: re.Match) -> str:
        nonlocal urls
        token = m[0]
        if not _url_like(token):
            return token
        urls += 1
        return token[:MAX_URL] + " " * (len(token) - MAX_URL)

    def split(m: re.Match) -> str:
        nonlocal words
        words += 1
        w = m[0]
        return " ".join(w[i : i + MAX_WORD] for i in range(0, len(w), MAX_WORD))

    text = _LONG_RUN.sub(cut, text)
    text = _LONG_TOKEN.sub(shorten, text)
    text = _LONG_WORD.sub(split, text)
    warnings = []
    if runs:
        warnings.append(
            f"{where}: {runs} run{'s' * (runs != 1)} of symbols cut to {MAX_RUN} characters "
            f"(such runs make the NLP model take minutes)"
        )
    if urls:
        warnings.append(
            f"{where}: {urls} URL-like token{'s' * (urls != 1)} longer than {MAX_URL} characters "
            f"cut to {MAX_URL} (the rest blanked; such tokens make the NLP model slow)"
        )
    if words:
        warnings.append(
            f"{where}: {words} word{'s' * (words != 1)} longer than {MAX_WORD} characters split "
            f"with spaces (such words make the NLP model take minutes)"
        )
    return text, tuple(warnings)


def cap(text: str, where: str, max_chars: int = DEFAULT_MAX_CHARS) -> tuple[str, tuple[str, ...]]:
    """``text`` cut to at most ``max_chars`` characters, at the last paragraph (else line, else space) break."""
    if len(text) <= max_chars:
        return text, ()
    head = text[:max_chars]
    for sep in ("\n\n", "\n", " "):
        at = head.rfind(sep)
        if at > max_chars // 2:
            head = head[:at]
            break
    return head, (
        f"{where}: article is {len(text):,} characters; cut to the first {len(head):,} "
        f"(the limit per article bounds the NLP model's time; raise it with --max-chars)",
    )


def check_text(text: str, path: str, line: int | None = None) -> None:
    if not text.strip():
        raise InputError(path, "article text is empty", "add the article's text or leave the file out", line)


def opt_str(v: object, what: str, where: str) -> tuple[str | None, tuple[str, ...]]:
    """An optional metadata string: numbers become strings, other JSON values are dropped with a warning."""
    if v is None or isinstance(v, bool) or (isinstance(v, str) and not v.strip()):
        return None, ()
    if isinstance(v, (int, float)):
        v = str(v)
    if not isinstance(v, str):
        return None, (f"{where}: '{what}' is a JSON {type(v).__name__}, not a string; ignored",)
    return clean_text(v.strip(), where)
