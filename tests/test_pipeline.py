"""The whole path with the real model on the sample data: build, query, export, validate, determinism."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli

from .helpers import DATA, ROOT

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    store = tmp_path_factory.mktemp("pipe") / "store"
    result = CliRunner().invoke(cli, ["build", str(DATA), "--store", str(store)])
    assert result.exit_code == 0, result.output
    return store, result


def run(*args):
    return CliRunner().invoke(cli, [str(a) for a in args])


def test_build_summary_names_the_counts(built):
    _, result = built
    assert "built 3 articles, skipped 0" in result.output
    assert "002_95afafe07439b4b3.txt: no date header" in result.output


def test_three_articles_each_in_its_own_graph(built):
    store, _ = built
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "json",
        "SELECT ?id ?g WHERE { GRAPH ?g { ?a a schema:NewsArticle ; schema:identifier ?id } } ORDER BY ?id",
    )
    assert out.exit_code == 0, out.output
    rows = json.loads(out.output)["results"]["bindings"]
    assert [r["id"]["value"] for r in rows] == [
        "articles/000_56a63df888debe6a",
        "articles/001_1f14b88d9ed7f588",
        "articles/002_95afafe07439b4b3",
    ]  # ids: paths under data/
    assert len({r["g"]["value"] for r in rows}) == 3


def test_one_iri_for_lee_gelernt_across_the_three_articles(built):
    store, _ = built
    out = run(
        "query",
        "--store",
        store,
        "--format",
        "json",
        """
        SELECT DISTINCT ?e (COUNT(DISTINCT ?a) AS ?n) WHERE {
          GRAPH ?g { ?m itsrdf:taIdentRef ?e ; nif:referenceContext ?a }
          GRAPH <https://w3id.org/newsgraph/graph/entities> { ?e skos:prefLabel "Lee Gelernt" } } GROUP BY ?e""",
    )
    rows = json.loads(out.output)["results"]["bindings"]
    assert len(rows) == 1 and rows[0]["n"]["value"] == "3"


def test_eval_queries_return_rows_with_the_contract_columns(built):
    store, _ = built
    columns = {
        "entities": {"doc", "entity", "name", "type"},
        "dates": {"doc", "text", "value"},
        "figures": {"doc", "text", "value", "bound"},
        "quotes": {"doc", "speaker", "text"},
    }
    for name, cols in columns.items():
        out = run(
            "query", "--store", store, "--format", "json", "--file", ROOT / "ontology/queries/eval" / f"{name}.rq"
        )
        assert out.exit_code == 0, out.output
        data = json.loads(out.output)
        assert cols <= set(data["head"]["vars"])
        assert data["results"]["bindings"], f"{name}.rq returned no rows"


def test_two_builds_give_identical_sorted_nquads(built, tmp_path):
    store, _ = built
    other = tmp_path / "other"
    assert run("build", DATA, "--store", other).exit_code == 0
    a = run("export", "--store", store, "--format", "nquads")
    b = run("export", "--store", other, "--format", "nquads")
    assert a.exit_code == 0 and a.stdout_bytes == b.stdout_bytes
    lines = a.stdout_bytes.decode().splitlines()
    assert lines == sorted(lines) and len(lines) > 500
    assert "_:" not in a.stdout_bytes.decode()


def test_building_twice_into_one_store_changes_nothing(tmp_path):
    store = tmp_path / "s"
    assert run("build", DATA, "--store", store).exit_code == 0
    first = run("export", "--store", store).stdout_bytes
    again = run("build", DATA, "--store", store)
    assert again.exit_code == 0 and "3 unchanged" in again.output
    forced = run("build", DATA, "--store", store, "--force")
    assert forced.exit_code == 0 and "built 3 articles" in forced.output
    assert run("export", "--store", store).stdout_bytes == first


def test_validate_conforms(built):
    store, _ = built
    out = run("validate", "--store", store)
    assert out.exit_code == 0, out.output
    graphs = json.loads(run("stats", "--store", store, "--format", "json").output)["graphs"]
    assert out.output.startswith(f"conforms: {graphs} graphs")


def test_stats(built):
    store, _ = built
    out = run("stats", "--store", store, "--format", "json")
    counts = json.loads(out.output)
    assert counts["articles"] == 3 and counts["graphs"] >= 4 and counts["people"] >= 3


def test_export_to_file(built, tmp_path):
    store, _ = built
    for fmt in ("turtle", "trig", "jsonld"):
        target = tmp_path / f"g.{fmt}"
        out = run("export", "--store", store, "--format", fmt, "-o", target)
        assert out.exit_code == 0 and target.stat().st_size > 1000


def test_adding_and_changing_articles_gives_the_graph_of_a_fresh_build(tmp_path):
    """Shared graphs (entities, claims, events) are refreshed only where new or changed articles reach, and the
    result equals building the same articles into an empty store."""
    folder = tmp_path / "articles"
    folder.mkdir()
    files = sorted(DATA.rglob("*.txt"))

    def same_as_fresh(name: str) -> bytes:
        fresh = tmp_path / name
        assert run("build", folder, "--store", fresh, "-q").exit_code == 0
        expected = run("export", "--store", fresh).stdout_bytes
        assert run("export", "--store", tmp_path / "s").stdout_bytes == expected
        return expected

    for f in files[:2]:
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("build", folder, "--store", tmp_path / "s", "-q").exit_code == 0
    (folder / files[2].name).write_text(files[2].read_text(encoding="utf-8"), encoding="utf-8")
    added = run("build", folder, "--store", tmp_path / "s", "-q")
    assert added.exit_code == 0 and "built 1 article, 2 unchanged" in added.output
    before = same_as_fresh("fresh-added")

    # the third article loses its last paragraphs: its reports leave the events they had joined
    text = files[2].read_text(encoding="utf-8")
    (folder / files[2].name).write_text(text[: len(text) // 2], encoding="utf-8")
    changed = run("build", folder, "--store", tmp_path / "s", "-q")
    assert changed.exit_code == 0 and "built 1 article, 2 unchanged" in changed.output
    assert same_as_fresh("fresh-changed") != before


def test_a_store_without_the_event_index_is_regrouped_in_full_until_built_again(tmp_path):
    from graph.store import INDEX_MARK, GraphStore

    folder = tmp_path / "articles"
    folder.mkdir()
    files = sorted(DATA.rglob("*.txt"))
    for f in files[:2]:
        (folder / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    assert run("build", folder, "--store", tmp_path / "s", "-q").exit_code == 0
    with GraphStore(tmp_path / "s") as s:  # as a store written before the group keys existed
        s.update("DELETE WHERE { GRAPH ?g { ?e <https://w3id.org/newsgraph/ns#groupKey> ?k } }")
    (tmp_path / "s" / INDEX_MARK).unlink()
    (folder / files[2].name).write_text(files[2].read_text(encoding="utf-8"), encoding="utf-8")
    added = run("build", folder, "--store", tmp_path / "s")
    assert added.exit_code == 0 and "built by an older newsgraph" in added.output and "--force" in added.output
    assert run("build", folder, "--store", tmp_path / "fresh", "-q").exit_code == 0

    def events(store) -> list[str]:
        lines = run("export", "--store", store).stdout_bytes.decode().splitlines()
        return [line for line in lines if line.endswith("<https://w3id.org/newsgraph/graph/events> .")]

    assert events(tmp_path / "s") == events(tmp_path / "fresh") and events(tmp_path / "fresh")
    assert not (tmp_path / "s" / INDEX_MARK).exists()
    forced = run("build", folder, "--store", tmp_path / "s", "--force")
    assert forced.exit_code == 0 and "older newsgraph" not in forced.output
    assert (tmp_path / "s" / INDEX_MARK).exists()
    assert (
        run("export", "--store", tmp_path / "s").stdout_bytes
        == run("export", "--store", tmp_path / "fresh").stdout_bytes
    )
