"""Read articles from files: plain text, Markdown, JSON Lines, HTML pages and RSS/Atom feeds.

``iter_articles(paths)`` yields one :class:`~graph.records.Article` per article, in a stable order (files
sorted, JSON Lines in line order, feed entries in feed order). A file that cannot be read raises
:class:`~graph.errors.InputError` naming the file and line; with ``on_error`` such errors are reported and the
build goes on, and with ``on_warning`` every file left out is named with the reason.

Where things are:
- ``files``: finding files, what is skipped and why (our own exports and graph page too), article ids;
- ``cleaning``: bytes to text (encodings, per line when mixed), control characters, pathological runs,
  the per-article length limit;
- ``dates``: date forms and date headers; ``datelines``: the outlet in "(AP) —" datelines;
- ``text``, ``markdown``, ``jsonl``, ``html``, ``feeds``: one reader per format; ``read``: the dispatcher.

Untrusted input is the norm: sizes are checked before reading, JSON Lines are read a line at a time, binary
files are refused by name, and every text is made safe for RDF and HTML.
"""

from __future__ import annotations

from .cleaning import DEFAULT_MAX_CHARS, MAX_RUN, MAX_URL, MAX_WORD, cap, clean_text, decode, defuse, sniff_binary
from .datelines import outlet_from_dateline
from .dates import parse_date, split_date_header
from .feeds import read_feed
from .files import SUFFIXES, article_id_for, discover, find_files, other_file, own_output, shown, skip_reason
from .html import read_html
from .jsonl import DEFAULT_MAX_BYTES, jsonl_article, jsonl_lines, read_jsonl
from .markdown import split_front_matter
from .read import iter_articles, read_articles, read_file
from .text import read_text_file

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_CHARS",
    "MAX_RUN",
    "MAX_URL",
    "MAX_WORD",
    "SUFFIXES",
    "article_id_for",
    "cap",
    "clean_text",
    "decode",
    "defuse",
    "discover",
    "find_files",
    "iter_articles",
    "jsonl_article",
    "jsonl_lines",
    "other_file",
    "outlet_from_dateline",
    "own_output",
    "parse_date",
    "read_articles",
    "read_feed",
    "read_file",
    "read_html",
    "read_jsonl",
    "read_text_file",
    "shown",
    "skip_reason",
    "sniff_binary",
    "split_date_header",
    "split_front_matter",
]
