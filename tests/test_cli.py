"""CLI behaviour that needs no model: help texts, usage errors, handled errors."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from graph.cli import cli

from .helpers import ROOT


def commands():
    return sorted(cli.commands)


@pytest.mark.parametrize("name", commands())
def test_every_command_has_help_with_an_example_and_is_in_the_readme(name):
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output, f"{name} --help has no Example: block"
    assert f"newsgraph {name}" in (ROOT / "README.md").read_text(), f"README does not mention 'newsgraph {name}'"


def test_query_without_a_store_names_the_fix(tmp_path):
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "none"), "SELECT * WHERE { ?s ?p ?o }"])
    assert result.exit_code == 1
    assert result.output == (
        f"Error: no store at {tmp_path / 'none'} (build one first: newsgraph build data/ --store {tmp_path / 'none'})\n"
    )


def test_query_needs_a_query(tmp_path):
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path)])
    assert result.exit_code == 2
    assert "give exactly one of: a SPARQL query (or - for standard input), --file FILE, --named NAME" in result.output


def test_bad_param_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path), "--param", "no-equals", "ASK {}"])
    assert result.exit_code == 2
    assert "is not NAME=VALUE" in result.output


def test_syntax_error_is_one_message_with_the_line_and_a_caret(tmp_path):
    from graph.store import GraphStore

    GraphStore(tmp_path / "s").close()
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "s"), "SELECT ?x WHERE {"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: SPARQL syntax error at line 1, column 17: this { is never closed")
    assert result.output.count("\n") == 3  # the message, the query's line, the caret


def test_param_is_bound_as_a_literal_not_pasted(tmp_path):
    from graph.store import GraphStore

    GraphStore(tmp_path / "s").close()
    hostile = '" } } DROP ALL ; SELECT * { ?s ?p "'
    result = CliRunner().invoke(
        cli,
        [
            "query",
            "--store",
            str(tmp_path / "s"),
            "--format",
            "csv",
            "--param",
            f"name={hostile}",
            "SELECT ?name WHERE {}",
        ],
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == '""" } } DROP ALL ; SELECT * { ?s ?p """'
    assert len(GraphStore(tmp_path / "s", read_only=True)) == 0


def test_unknown_model_names_the_fix(tmp_path):
    (tmp_path / "a.txt").write_text("date 2021-12-16 Some text about Lee Gelernt.")
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "a.txt"), "--store", str(tmp_path / "s"), "--model", "no_such_model"]
    )
    assert result.exit_code == 1
    assert "cannot load the spaCy model 'no_such_model'" in result.output
    assert "--model NAME" in result.output


def test_help_is_fast_because_heavy_imports_are_lazy():
    import subprocess
    import sys

    code = (
        "import sys, graph.cli; print(','.join(m for m in ('spacy', 'pyshacl', 'pyvis', 'rdflib') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_opening_a_store_loads_no_model_or_extractor_code():
    """`newsgraph query` and `export` open a store: that must not pay for numpy or the extraction rules."""
    import subprocess
    import sys

    code = (
        "import sys, graph.store; print(','.join(m for m in ('spacy', 'numpy', 'graph.extract') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_public_api_names_resolve_lazily():
    import subprocess
    import sys

    code = (
        "import sys, graph; names = [getattr(graph, n) for n in graph.__all__]; "
        "print(len(names), 'spacy' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import graph

    assert out.stdout.split() == [str(len(graph.__all__)), "False"]


@pytest.mark.model
def test_query_runs_a_named_query_or_reads_standard_input(seeds_store_path):
    from click.testing import CliRunner

    from graph.cli import cli

    named = CliRunner().invoke(cli, ["query", "--store", seeds_store_path, "--named", "figures", "--format", "json"])
    assert named.exit_code == 0, named.output
    assert "5,600" in named.output or "5600" in named.output
    piped = CliRunner().invoke(
        cli,
        ["query", "--store", seeds_store_path, "-"],
        input="SELECT (COUNT(*) AS ?n) WHERE { ?a a schema:NewsArticle }",
    )
    assert piped.exit_code == 0 and "3" in piped.output
    unknown = CliRunner().invoke(cli, ["query", "--store", seeds_store_path, "--named", "../store"])
    assert unknown.exit_code == 1 and "no named query" in unknown.output and "known: claims" in unknown.output
    both = CliRunner().invoke(cli, ["query", "--store", seeds_store_path, "--named", "figures", "SELECT * {}"])
    assert both.exit_code == 2


@pytest.mark.model
def test_said_finds_a_speaker_by_last_name_and_entities_lists_name_forms(seeds_store_path):
    import json

    said = CliRunner().invoke(cli, ["said", "gelernt", "--store", seeds_store_path, "--format", "json"])
    assert said.exit_code == 0, said.output
    rows = json.loads(said.output)
    assert rows and {r["speaker"] for r in rows} == {"Lee Gelernt"} and len({r["article"] for r in rows}) >= 2
    nobody = CliRunner().invoke(cli, ["said", "Nobody Atall", "--store", seeds_store_path])
    assert nobody.exit_code == 0 and "(0 rows)" in nobody.output
    people = CliRunner().invoke(cli, ["entities", "--type", "Person", "--store", seeds_store_path, "--format", "json"])
    forms = {r["name"]: r["names"] for r in json.loads(people.output)}
    assert "Trump" in forms["Donald Trump"] and all(
        r == "Person" for r in {x["type"] for x in json.loads(people.output)}
    )
