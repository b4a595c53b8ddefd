"""Finding article files under the paths given, skipping (with a reason) what is not news, and naming articles.

An article's id is its path relative to the input root given on the command line, without the suffix
(``build news/`` reads ``news/a/story.txt`` as ``a/story``): two files in different folders never share an
id, and building the same root again replaces each file's own graph. A file given by itself is named by its
file name alone.
"""

from __future__ import annotations

import hashlib
import re
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError

SUFFIXES = {
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".html": "html",
    ".htm": "html",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}
# What we write ourselves (exports, the graph page): never read back as news
OUR_EXPORTS = {
    ".nq": "N-Quads",
    ".trig": "TriG",
    ".ttl": "Turtle",
    ".jsonld": "JSON-LD",
    ".graphml": "GraphML",
    ".gexf": "GEXF",
    ".nt": "N-Triples",
    ".rdf": "RDF/XML",
    ".owl": "OWL",
}
OUR_PAGE_NAMES = ("graph.html",)  # the default name of `newsgraph viz`
# The marker the graph page carries in its <head>: <meta name="generator" content="newsgraph ...">
_GENERATOR = re.compile(
    rb"""<meta\s[^>]{0,200}?name\s*=\s*["']?generator["']?[^>]{0,200}?"""
    rb"""content\s*=\s*["']?newsgraph""",
    re.IGNORECASE,
)
_GENERATOR_REVERSED = re.compile(
    rb"""<meta\s[^>]{0,200}?content\s*=\s*["']?newsgraph[^>]{0,200}?"""
    rb"""name\s*=\s*["']?generator""",
    re.IGNORECASE,
)
_WHY_NOT = {
    ".json": "a JSON file, not JSON Lines (write one article object per line into a .jsonl file)",
    ".csv": "a CSV table, not an article (write one article per line into a .jsonl file)",
    ".tsv": "a TSV table, not an article (write one article per line into a .jsonl file)",
    ".pdf": "a PDF document (extract its text into a .txt file)",
    ".docx": "a Word document (save it as .txt or .html)",
    ".doc": "a Word document (save it as .txt)",
}
_ID_UNSAFE = re.compile(r"[^A-Za-z0-9._~-]+")
FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF)[\s>]")  # an RSS, Atom or RDF feed's root element


@dataclass(frozen=True)
class Found:
    """An article file and the input root it was found under (None: the file was given by itself)."""

    path: Path
    root: Path | None = None


def shown(path: Path) -> str:
    """A path as text that can go into RDF: undecodable bytes of a file name become U+FFFD."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def article_id_for(path: Path, root: Path | None = None) -> str:
    """A file's article id: its path under ``root`` (else its name) without the suffix, made safe for an IRI."""
    try:
        rel = path.relative_to(root) if root is not None else Path(path.name)
    except ValueError:
        rel = Path(path.name)
    parts = [*rel.parts[:-1], rel.stem]
    safe = [_ID_UNSAFE.sub("-", p).strip("-.") for p in parts]
    return "/".join(p for p in safe if p) or hashlib.sha256(str(path).encode()).hexdigest()[:16]


def own_output(path: Path, head: bytes | None = None) -> str | None:
    """Why ``path`` is one of our own outputs (an export or the graph page), or None if it is not."""
    suffix = path.suffix.lower()
    if suffix in OUR_EXPORTS:
        return f"a graph file in {OUR_EXPORTS[suffix]} (what newsgraph exports), not an article"
    if suffix in (".html", ".htm"):
        if head is None:
            try:
                with open(path, "rb") as fh:
                    head = fh.read(16384)
            except OSError:
                return None
        if _GENERATOR.search(head) or _GENERATOR_REVERSED.search(head):
            return 'the newsgraph graph page (<meta name="generator" content="newsgraph">), not an article'
        if path.name.lower() in OUR_PAGE_NAMES:
            return "named like the newsgraph graph page (newsgraph viz writes graph.html), not an article"
    return None


def skip_reason(path: Path) -> str | None:
    """Why a file found in a folder is not read as news, or None to read it."""
    own = own_output(path)
    if own:
        return own
    suffix = path.suffix.lower()
    if suffix == ".xml":  # sitemaps and other XML are not news; feeds are
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError:
            return None  # reading it will name the error
        return None if FEED_ROOT.search(head) else "XML that is not an RSS or Atom feed"
    if suffix in SUFFIXES:
        return None
    if suffix in _WHY_NOT:
        return _WHY_NOT[suffix]
    return f"not an article file type ({suffix or 'no suffix'}; read are {', '.join(sorted(set(SUFFIXES)))})"


def find_files(
    paths: Iterable[str | Path],
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> list[Found]:
    """Every article file under ``paths`` (folders recursively), sorted, without duplicates, with its root.

    A missing or non-regular path raises, or goes to ``on_error`` when given (the other paths are still read).
    Every other file left out is named with the reason to ``on_warning``; a hidden file or folder (``.git``)
    is named once, not each file inside it.
    """
    found: list[Found] = []

    def report(err: InputError) -> None:
        if on_error is None:
            raise err
        on_error(err)

    def skipped(p: Path, why: str) -> None:
        if on_warning is not None:
            on_warning(f"{shown(p)}: skipped: {why}")

    for p in map(Path, paths):
        if p.is_dir():
            hidden: list[Path] = []
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p).parts
                if any(part.startswith(".") for part in rel):
                    if rel[-1].startswith(".") and not any(part.startswith(".") for part in rel[:-1]):
                        hidden.append(f)
                    continue
                if f.is_dir() and not f.is_symlink():
                    continue
                if f.is_file():
                    why = skip_reason(f)
                    if why:
                        skipped(f, why)
                    else:
                        found.append(Found(f, p))
                elif not f.is_dir():
                    report(_not_regular(f))
            for h in hidden:
                skipped(h, f"hidden {'folder' if h.is_dir() else 'file'} (a name starting with '.')")
        elif p.is_file():
            why = own_output(p)
            if why:
                skipped(p, why)
            else:
                found.append(Found(p, None))
        elif p.exists() or p.is_symlink():
            report(_not_regular(p))
        else:
            report(InputError(str(p), "no such file or folder", "check the path"))
    seen: set[Path] = set()
    unique = []
    for item in found:
        r = item.path.resolve()
        if r not in seen:
            seen.add(r)
            unique.append(item)
    return unique


def discover(
    paths: Iterable[str | Path],
    on_error: Callable[[InputError], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
) -> list[Path]:
    """The article files :func:`find_files` finds, without their roots."""
    return [f.path for f in find_files(paths, on_error, on_warning)]


def _not_regular(p: Path) -> InputError:
    """Why ``p`` is skipped: a broken link, a FIFO, a socket or a device is not an article file."""
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
    what = (
        "a FIFO (named pipe)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return InputError(shown(p), f"is {what}, not a regular file; skipped", "pass article files or folders")


def other_file(stored_source: str, new_source: str) -> bool:
    """Whether an article stored from ``stored_source`` would be replaced by a *different* file's article.

    Only whole files are compared (a JSON Lines line or a feed entry keeps the id it was given). A stored file
    that is gone or moved is not a different file: its article is replaced, as a re-ingest should.
    """
    if not stored_source or not new_source or stored_source == new_source:
        return False
    old, new = Path(stored_source), Path(new_source)
    if SUFFIXES.get(old.suffix.lower()) in (None, "jsonl", "feed") or SUFFIXES.get(new.suffix.lower()) in (
        None,
        "jsonl",
        "feed",
    ):
        return False
    try:
        return old.is_file() and new.is_file() and not old.samefile(new)
    except OSError:
        return False
