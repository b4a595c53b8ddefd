"""The public API, tested by calling every name in ``graph.__all__`` the way the README and the package
docstring show it."""

from __future__ import annotations

import pytest

import graph

from .helpers import DATA


@pytest.mark.model
def test_every_public_name_works_as_documented(tmp_path):
    from graph import (
        Article,
        GraphStore,
        InputError,
        NewsgraphError,
        QueryError,
        StoreError,
        build,
        claims,
        conflicts,
        extract,
        read_articles,
        timeline,
        to_networkx,
    )

    articles = list(read_articles([DATA]))
    assert len(articles) == 3 and all(isinstance(a, Article) for a in articles)
    with GraphStore(None) as store:  # in memory
        report = build([DATA], store)
        assert len(report.built) == 3
        # the names stay functions after the submodules of the same name have been imported by build()
        assert callable(graph.claims) and callable(graph.timeline) and callable(graph.extract)
        rows = claims(store)
        assert any(r["text"] == "more than 5,600 children" for r in rows)
        [children] = [g for g in conflicts(store) if any(c["value"] == 3913 for c in g["claims"])]
        assert {c["value"] for c in children["claims"]} == {5600, 5500, 3913}
        events = timeline(store)
        assert events and all(e.articles for e in events)
        g = to_networkx(store)
        assert g.number_of_nodes() > 20 and g.number_of_edges() > 20
        with pytest.raises(QueryError):
            store.select("SELCT ?x WHERE { ?x ?y ?z }")
    one = extract("Officials said 40 homes were flooded on Monday.", date="2024-10-30")
    assert [f.value for f in one.figures] == [40.0] and one.figures[0].as_of is not None
    with pytest.raises(InputError):
        extract("text", date="30/10/2024")
    assert issubclass(InputError, NewsgraphError) and issubclass(StoreError, NewsgraphError)
    assert set(graph.__all__) == {
        "Article",
        "GraphStore",
        "InputError",
        "NewsgraphError",
        "QueryError",
        "StoreError",
        "build",
        "claims",
        "conflicts",
        "extract",
        "read_articles",
        "timeline",
        "to_networkx",
    }


def test_submodules_still_import_by_name():
    from graph.derive.comparisons import compare
    from graph.extract import EXTRACTORS

    assert callable(compare) and "figures" in EXTRACTORS
