"""The functions a notebook calls: one article without a store, and readings of a built store.

Each is a thin wrapper over the stage it names, so that ``from graph import ...`` gives a function, never a
module, and the heavy libraries load only when called.
"""

from __future__ import annotations

from datetime import date as Date

from .records import Article, Extraction


def extract(
    text: str,
    date: Date | str | None = None,
    *,
    id: str = "article",
    title: str | None = None,
    publisher: str | None = None,
    model: str | None = None,
) -> Extraction:
    """Everything newsgraph reads from one article's text (entities, dates, quotes, figures, roles, events),
    without a store. ``date`` is the publication date (a ``date`` or ``"YYYY-MM-DD"``): relative dates and
    the figures' as-of dates resolve against it."""
    from .errors import InputError
    from .extract import extract as run_extractors
    from .nlp import DEFAULT_MODEL, load_pipeline

    if isinstance(date, str):
        try:
            date = Date.fromisoformat(date)
        except ValueError:
            raise InputError(id, f"date {date!r} is not YYYY-MM-DD", "pass e.g. date='2021-12-16'") from None
    nlp = load_pipeline(model or DEFAULT_MODEL)
    article = Article(id=id, text=text, date=date, title=title, publisher=publisher)
    return run_extractors(nlp(text), article)


def claims(store, about: str | None = None) -> list[dict]:
    """Every figure claim in ``store``: its variable, value, bound, unit, source, article, date and sentence."""
    from .outputs.listings import claim_rows

    return claim_rows(store, about)


def conflicts(store) -> list[dict]:
    """Each measured variable whose claims differ, with every differing pair and the reason."""
    from .outputs.listings import conflict_groups

    return conflict_groups(store)


def timeline(store, about: str | None = None, undated: bool = False) -> list:
    """The story's events in time order (``TimelineEvent`` records)."""
    from .outputs.timeline import timeline as read_timeline

    return read_timeline(store, about=about, undated=undated)


def to_networkx(store, *, focus: str | None = None, depth: int = 2, max_nodes: int | None = None):
    """The graph of ``store`` (entities, claims, articles and their links) as a networkx ``MultiDiGraph``;
    ``focus`` keeps the neighbourhood of one name, ``max_nodes`` caps it (all nodes by default)."""
    from .outputs.viz import graph_data
    from .outputs.viz import to_networkx as as_networkx

    limit = max_nodes if max_nodes is not None else 10**9  # all nodes
    return as_networkx(graph_data(store, focus=focus, depth=depth, max_nodes=limit))
