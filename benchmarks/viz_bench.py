"""How the graph page scales: HTML size, time to write it, and time until the page is stable in Chromium.

Generates stores of about 500, 5,000 and 20,000 graph nodes (synthetic articles with people, organizations,
places, quotes, figures, roles and dates, written through the real RDF writer, no NLP), writes each page with
every node drawn (``--max-nodes`` set above the size), then opens it in headless Chromium with every non-file
request aborted and waits until the page reports it is stable (layout done, physics off, first frame drawn).

Run:  python benchmarks/viz_bench.py [--sizes 500,5000,20000] [--out /tmp/viz-bench] [--no-browser]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from graph.derive.entities import refresh_entities  # noqa: E402
from graph.rdf import article_quads  # noqa: E402
from graph.records import Article, DateMention, Extraction, Figure, Mention, Quote, Role, Span  # noqa: E402
from graph.store import GraphStore  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
UNITS = [
    ("children", "children separated"),
    ("families", "families separated"),
    ("USD", "payments per person"),
    ("people", "people detained"),
    ("percent", "approval rating"),
]
OUTLETS = ["Daily Ledger", "Morning Post", "Evening Star", "Wire Service", "City Herald"]


class _Text:
    """Builds an article's text sentence by sentence, handing out spans with exact offsets."""

    def __init__(self):
        self.parts: list[str] = []
        self.length = 0

    def sentence(self, *pieces: str) -> tuple[Span, list[Span]]:
        start, spans = self.length, []
        for piece in pieces:
            if piece.startswith("@"):  # a piece whose span the caller wants
                piece = piece[1:]
                spans.append(Span(self.length, self.length + len(piece), piece))
            self.parts.append(piece)
            self.length += len(piece)
        sent = Span(start, self.length, "".join(self.parts)[start : self.length])
        self.parts.append(" ")
        self.length += 1
        return sent, spans

    def text(self) -> str:
        return "".join(self.parts)


def synthetic_extractions(n_nodes: int, seed: int = 1) -> tuple[list[Extraction], dict]:
    """Extractions whose graph has about ``n_nodes`` nodes; returns them with the mention -> entity key map."""
    rng = random.Random(seed)
    per_article = 8  # claim nodes (quotes and figures) per article, about
    n_articles = max(3, n_nodes // 14)
    n_people, n_orgs, n_places = int(n_nodes * 0.22), int(n_nodes * 0.1), int(n_nodes * 0.05)
    people = [f"Person {i:05d} Smith" for i in range(n_people)]
    orgs = [f"Agency {i:05d}" for i in range(n_orgs)]
    places = [f"Town {i:05d}" for i in range(n_places)]

    def zipf(items):  # a few entities are everywhere (heavy tail), most appear once or twice
        if rng.random() < 0.3:
            return items[min(len(items) - 1, int(rng.paretovariate(1.2)) - 1)]
        return items[rng.randrange(len(items))]

    keys: dict = {}
    out = []
    day0 = date(2021, 1, 1)
    for a in range(n_articles):
        t = _Text()
        mentions, quotes, figures, roles, dates = [], [], [], [], []

        def mention(span, etype, name, mentions=mentions):
            m = Mention(span, name, etype)
            keys[m] = {"Person": "person/", "Organization": "org/", "Place": "place/"}[etype] + name.lower().replace(
                " ", "-"
            )
            mentions.append(m)
            return m

        for _ in range(per_article // 2):
            p, o, pl = zipf(people), zipf(orgs), zipf(places)
            words = f"We will keep working on case {rng.randrange(10**6)} in {pl}"
            sent, (qs, ps, os_, pls) = t.sentence(
                "\u201c", f"@{words}", "\u201d said ", f"@{p}", ", a lawyer at ", f"@{o}", ", in ", f"@{pl}", "."
            )
            pm = mention(ps, "Person", p)
            om = mention(os_, "Organization", o)
            mention(pls, "Place", pl)
            quotes.append(Quote(qs, speaker=pm, verb="say", sentence=sent))
            roles.append(Role(pm, "lawyer", Span(ps.start, os_.end, t.text()[ps.start : os_.end]), om))
        for _ in range(per_article // 2):
            o = zipf(orgs)
            unit, variable = UNITS[rng.randrange(len(UNITS))]
            value = rng.randrange(100, 10_000)
            sent, (os_, fs) = t.sentence(
                f"@{o}", " said that ", f"@more than {value:,} {unit}", " were counted last year."
            )
            om = mention(os_, "Organization", o)
            figures.append(Figure(fs, float(value), "lower", unit, variable=variable, sentence=sent, speaker=om))
        d = day0 + timedelta(days=rng.randrange(60))
        sent, (ds,) = t.sentence("It happened on ", f"@{d:%B} {d.day}", ".")
        dates.append(DateMention(ds, d.isoformat(), "day", d, d))
        art = Article(
            id=f"a{a:05d}",
            text=t.text(),
            date=day0 + timedelta(days=60 + a % 300),
            title=f"Report {a} on the case",
            publisher=OUTLETS[a % len(OUTLETS)],
        )
        out.append(
            Extraction(
                art,
                mentions=tuple(mentions),
                dates=tuple(dates),
                figures=tuple(figures),
                quotes=tuple(quotes),
                roles=tuple(roles),
            )
        )
    return out, keys


def synthetic_store(n_nodes: int, seed: int = 1) -> GraphStore:
    """An in-memory store filled with :func:`synthetic_extractions`."""
    store = GraphStore(None)
    extractions, keys = synthetic_extractions(n_nodes, seed)
    for ex in extractions:
        store.load_quads(article_quads(ex, keys))
    refresh_entities(store)
    return store


def time_in_browser(path: Path, timeout_s: float = 300) -> tuple[float, int, int, list[str]]:
    """Seconds from navigation until the page says it is stable; nodes drawn; page errors; blocked requests."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors, blocked = [], []
        page.on("pageerror", lambda e: errors.append(str(e)))

        def route(r):
            if r.request.url.startswith("file:"):
                r.continue_()
            else:
                blocked.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        t0 = time.perf_counter()
        page.goto(path.resolve().as_uri(), timeout=timeout_s * 1000)
        page.wait_for_selector("body[data-state=stable]", timeout=timeout_s * 1000)
        seconds = time.perf_counter() - t0
        drawn = page.evaluate("newsgraph.visibleCount()")
        browser.close()
    return seconds, drawn, len(errors), blocked


def main(argv=None) -> int:
    from graph.outputs.viz import graph_data, render_html

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="500,5000,20000")
    ap.add_argument("--out", default=None, help="folder for the pages (default: a temporary folder)")
    ap.add_argument("--no-browser", action="store_true", help="skip the Chromium timing")
    args = ap.parse_args(argv)
    out = Path(args.out or tempfile.mkdtemp(prefix="viz-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    print(f"{'target':>7} {'nodes':>7} {'edges':>7} {'html MB':>8} {'write s':>8} {'browser s':>10}  notes")
    for n in (int(s) for s in args.sizes.split(",")):
        store = synthetic_store(n)
        # every node drawn, then (for big stores) the page as `newsgraph viz` writes it by default
        for limit in (n * 2, 500) if n > 500 else (n * 2,):
            path = out / f"graph-{n}-{limit}.html"
            t0 = time.perf_counter()
            graph = graph_data(store, max_nodes=limit)
            path.write_text(render_html(graph=graph), encoding="utf-8")
            write_s = time.perf_counter() - t0
            size_mb = path.stat().st_size / 1e6
            notes, browser_s = ("default --max-nodes 500; " if limit == 500 else ""), "-"
            if not args.no_browser and Path(CHROMIUM).exists():
                seconds, drawn, errors, blocked = time_in_browser(path)
                browser_s = f"{seconds:.1f}"
                notes += f"drawn {drawn}, page errors {errors}, network requests {len(blocked)}"
            print(
                f"{n:>7} {len(graph.nodes):>7} {len(graph.edges):>7} {size_mb:>8.1f} {write_s:>8.1f} "
                f"{browser_s:>10}  {notes}",
                flush=True,
            )
    print(f"pages in {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
