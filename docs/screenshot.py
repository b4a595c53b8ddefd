#!/usr/bin/env python3
"""Regenerate docs/graph.png: the page of the sample story with one figure's tooltip open.

    newsgraph build data/ && newsgraph viz -o out/graph.html && python docs/screenshot.py out/graph.html
Needs Chromium at /usr/bin/chromium and the playwright package (the test extra); makes no network request.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main(page_path: str, label: str = "3,913 children", out: str = "docs/graph.png") -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        page.goto(Path(page_path).resolve().as_uri())
        page.wait_for_selector("body[data-state=stable]", timeout=60_000)
        x, y = page.evaluate(
            """label => { const n = newsgraph.network;
            const id = n.body.data.nodes.get().find(d => d.label === label).id;
            const p = n.canvasToDOM(n.getPosition(id));
            const r = document.getElementById('graph').getBoundingClientRect();
            return [r.left + p.x, r.top + p.y]; }""",
            label,
        )
        page.mouse.move(x - 30, y - 30)
        page.mouse.move(x, y, steps=4)
        page.wait_for_selector("#tooltip:not([hidden])", timeout=5000)
        page.screenshot(path=out)
        browser.close()


if __name__ == "__main__":
    main(*sys.argv[1:])
