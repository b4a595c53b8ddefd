"""Shared fixtures: a blank pipeline for rule tests, the real model and a store built from the seeds."""

from __future__ import annotations

from datetime import date

import pytest

from .helpers import DATA


@pytest.fixture(scope="session")
def blank_nlp():
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


@pytest.fixture(scope="session")
def real_nlp():
    from graph.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def make_article():
    from graph.records import Article

    def make(text: str, day: date | None = date(2021, 12, 16), id: str = "a1", **kw) -> Article:
        return Article(id=id, text=text, date=day, **kw)

    return make


@pytest.fixture(scope="session")
def seeds_store(tmp_path_factory):
    """A store built once from data/ with the real model (read it, do not write it)."""
    from graph.pipeline import build
    from graph.store import GraphStore

    path = tmp_path_factory.mktemp("seeds") / "store"
    store = GraphStore(path)
    build([DATA], store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def seeds_store_path(tmp_path_factory) -> str:
    """The path of a closed store built once from data/, for commands that open it themselves."""
    from graph.pipeline import build
    from graph.store import GraphStore

    path = tmp_path_factory.mktemp("seeds-closed") / "store"
    with GraphStore(path) as store:
        build([DATA], store)
    return str(path)


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/ from the current build instead of comparing with it",
    )


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium, for the browser tests (marked ``browser``; skipped where /usr/bin/chromium is missing)."""
    from playwright.sync_api import sync_playwright

    from .helpers import CHROMIUM, CHROMIUM_ARGS

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
