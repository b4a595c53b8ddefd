"""The listing commands name each article by its headline and outlet when the input gives them."""

from __future__ import annotations

import json

import pytest

from graph.outputs.listings import claim_rows, conflict_groups, said_rows
from graph.outputs.tables import article_cell, claims_table, conflicts_table, said_table
from graph.pipeline import build
from graph.store import GraphStore


@pytest.mark.parametrize(
    "row,cell",
    [
        (
            {"article": "a1", "headline": "Floods hit the valley", "outlet": "Valley Times"},
            "Floods hit the valley (Valley Times)",
        ),
        ({"article": "a1", "headline": "Floods hit the valley", "outlet": None}, "Floods hit the valley"),
        ({"article": "a1", "headline": None, "outlet": None}, "a1"),
        (
            {
                "article": "a1",
                "headline": "A very long headline about the floods that hit the valley on Monday",
                "outlet": "Valley Times",
            },
            "A very long headline about the floods...",
        ),
    ],
)
def test_an_article_cell_is_its_headline_and_outlet_else_its_id(row, cell):
    assert article_cell(row) == cell


@pytest.mark.model
def test_tables_show_headlines_and_outlets(tmp_path, real_nlp):
    articles = [
        {
            "id": "x1",
            "date": "2024-03-04",
            "title": "Storm floods the river towns",
            "publisher": "River Post",
            "text": 'Mayor Sarah Thompson said 40 homes were flooded in Millbrook on Monday. "We will rebuild every street," Sarah Thompson told reporters.',
        },
        {
            "id": "x2",
            "date": "2024-03-05",
            "title": "Millbrook counts the damage",
            "publisher": "Hill Herald",
            "text": "Officials in Millbrook said 55 homes were flooded on Monday. Mayor Sarah Thompson said help was coming.",
        },
    ]
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    with GraphStore(tmp_path / "store") as store:
        build([src], store, nlp=real_nlp)
        claims = claims_table(claim_rows(store))
        conflicts = conflicts_table(conflict_groups(store))
        said = said_table(said_rows(store, "Thompson"))
    assert "Storm floods the river towns (River" in claims and "Millbrook counts the damage (Hill" in claims
    assert "Millbrook counts the damage (Hill Herald)" in conflicts
    assert "Storm floods the river towns (River" in said
