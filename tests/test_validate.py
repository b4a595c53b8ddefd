"""SHACL validation through the CLI: a clean store conforms, a broken one is reported and exits 1."""

from __future__ import annotations

import pyoxigraph as ox
from click.testing import CliRunner

from graph.cli import cli
from graph.derive.entities import refresh_entities
from graph.rdf import article_iri, article_quads
from graph.store import GraphStore

from .helpers import extraction, keys_for


def make_store(path, extra=()):
    store = GraphStore(path)
    ex = extraction()
    store.replace_article("a1", article_quads(ex, keys_for(ex)) + list(extra))
    refresh_entities(store)
    store.close()


def test_clean_store_conforms(tmp_path):
    make_store(tmp_path / "s")
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert result.output.startswith("conforms: 2 graphs")


def test_violations_are_reported_with_graph_node_and_path(tmp_path):
    g = article_iri("a1")
    bad_value = ox.NamedNode(g.value + "#figure-17-41-value")
    extra = [
        ox.Quad(
            bad_value,
            ox.NamedNode("https://w3id.org/newsgraph/ns#bound"),
            ox.NamedNode("https://w3id.org/newsgraph/ns#roughly"),
            g,
        ),
        ox.Quad(
            ox.NamedNode(g.value + "#char=0,11"),
            ox.NamedNode("http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#beginIndex"),
            ox.Literal("zero"),
            g,
        ),
    ]
    make_store(tmp_path / "s", extra)
    result = CliRunner().invoke(cli, ["validate", "--store", str(tmp_path / "s")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == f"{len(lines) - 1} violations in 2 graphs:", result.output
    assert len(lines) - 1 >= 3  # two on the bound (count and value), one on the begin index
    assert any("#figure-17-41-value" in line and "bound" in line for line in lines[1:])
    assert any("#char=0,11" in line and "beginIndex" in line for line in lines[1:])
