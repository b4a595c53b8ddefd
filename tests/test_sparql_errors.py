"""SPARQL syntax errors say where (line, column, the line with a caret) and how to fix it, in the CLI and the
endpoint alike. The queries are parsed by the real pyoxigraph, so a change in its messages shows here."""

from __future__ import annotations

import io
import json

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.errors import QueryError
from graph.sparql_errors import KEYWORDS, diagnose, edit_distance, explain, nearest
from graph.store import GraphStore
from graph.vocab import PREFIXES


def parser_message(query: str) -> str:
    with pytest.raises(SyntaxError) as info:
        ox.Store().query(query, prefixes=PREFIXES)
    return str(info.value)


@pytest.mark.parametrize(
    "query,line,column,says,hint",
    [
        # misspelt keywords: the parser's place is past the word, and it names another keyword
        ("SELCT ?x WHERE { ?x ?p ?o }", 1, 1, "SELCT is not a SPARQL keyword", "did you mean SELECT?"),
        ("SELECT ?x\nWHRE { ?x ?p ?o }", 2, 1, "WHRE is not a SPARQL keyword", "did you mean WHERE?"),
        ("SELECT * WHERE {\n  ?x ?p ?o .\n  FILTR(?o > 2)\n}", 3, 3, "FILTR", "did you mean FILTER?"),
        ("SELECT * WHERE { ?x ?p ?o } LIMT 10", 1, 29, "LIMT", "did you mean LIMIT?"),
        ("ASK { ?x ?p ?o OPTIONNAL { ?x ?q ?r } }", 1, 16, "OPTIONNAL", "did you mean OPTIONAL?"),
        ('ASK { ?x ?p ?o FILTER(CONTAIN(?o, "a")) }', 1, 23, "CONTAIN", "did you mean CONTAINS?"),
        ("SLECET ?x WHERE { ?x ?p ?o }", 1, 1, "SLECET", "did you mean SELECT?"),
    ],
)
def test_a_misspelt_keyword_is_named_with_the_nearest_one(query, line, column, says, hint):
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column) == (line, column)
    assert says in p.what and p.hint == hint


@pytest.mark.parametrize(
    "query,line,column,hint",
    [
        ("SELECT ?n WHERE {\n  ?x foaf:name ?n\n}", 2, 6, "PREFIX foaf: <IRI>"),
        ("ASK { ?x shema:name ?n }", 1, 10, "did you mean schema:?"),
    ],
)
def test_an_unknown_prefix_gets_the_prefix_line_to_add_and_our_prefixes(query, line, column, hint):
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column) == (line, column)
    assert "is not declared" in p.what and hint in p.hint
    assert all(f"{name}:" in p.hint for name in PREFIXES)  # the predeclared ones are listed


def test_a_prefix_declared_in_the_query_is_not_unknown_but_a_typo_after_it_is():
    query = "PREFIX foaf: <http://xmlns.com/foaf/0.1/>\nSELECT ?n WHERE { ?x foaf:name ?n . ?x foaf:age ?a } ORDR BY ?n"
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column, p.hint) == (2, query.split("\n")[1].index("ORDR") + 1, "did you mean ORDER?")


@pytest.mark.parametrize(
    "query,line,column,says",
    [
        ("SELECT * WHERE { ?x ?p ?o", 1, 16, "this { is never closed"),
        ("SELECT * WHERE {\n  { ?x ?p ?o }\n", 1, 16, "this { is never closed"),
        ("ASK { ?x ?p ?o } }", 1, 18, "this } closes nothing"),
        ("ASK { ?x ?p ?o . FILTER(?o > 1 }", 1, 24, "this ( is not closed before the } at line 1, column 32"),
        ("ASK { ?x ?p ?o ) }", 1, 16, "this ) does not match the { at line 1, column 5"),
        ('ASK { ?x ?p "open }', 1, 13, "this string is never closed"),
    ],
)
def test_unbalanced_braces_point_at_the_one_that_is_alone(query, line, column, says):
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column) == (line, column)
    assert says in p.what and p.hint


def test_braces_and_words_inside_strings_iris_and_comments_are_only_text():
    query = (
        "# FILTR { here\nSELECT ?x WHERE { ?x <http://example.org/SELCT#a> \"SELCT }\" ; ?p '''a\n{''' . "
        "?x ?q ?o } GROUP ?x"
    )
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column) == (3, 27)  # the parser's own place: GROUP wants BY
    assert p.hint == "expected BY here"


def test_explain_shows_the_line_with_a_caret_under_the_mistake():
    query = "SELECT ?x WHERE {\n\t?x ?p ?o .\n\tFILTR(?o)\n}"
    text = explain(query, parser_message(query))
    head, shown, caret = text.split("\n")
    assert head == ("SPARQL syntax error at line 3, column 2: FILTR is not a SPARQL keyword; did you mean FILTER?")
    assert shown == "  3 |  FILTR(?o)"
    assert caret == "    |  ^^^^^"
    assert caret.index("^") == shown.index("F")


def test_a_query_that_ends_early_says_so_at_its_end():
    query = "SELECT * WHERE { ?x ?p ?o } GROUP ?x"
    p = diagnose(query, parser_message(query))
    assert (p.line, p.column) == (1, 37) and p.what == "the query ends too early" and p.hint == "expected BY here"


def test_edit_distance_and_nearest():
    assert edit_distance("SELCT", "SELECT") == 1
    assert edit_distance("SLEECT", "SELECT") == 1  # a swap is one edit
    assert edit_distance("", "ASK") == 3
    assert nearest("optinal", KEYWORDS) == "OPTIONAL"
    assert nearest("xy", KEYWORDS) is None  # too short to guess from
    assert nearest("BANANA", KEYWORDS) is None


# ---- the same words from the store, the CLI and the endpoint

TYPO = "SELECT ?x WHERE {\n  ?x ?p ?o .\n  FILTR(?o > 1)\n}"


def test_graphstore_query_raises_the_explained_error():
    with pytest.raises(QueryError) as info:
        GraphStore(None).query(TYPO)
    assert str(info.value) == explain(TYPO, parser_message(TYPO))
    assert str(info.value).startswith("SPARQL syntax error at line 3, column 3: ")


def test_cli_prints_error_with_line_column_and_hint_and_exits_1(tmp_path):
    GraphStore(tmp_path / "s").close()
    result = CliRunner().invoke(cli, ["query", "--store", str(tmp_path / "s"), "-"], input=TYPO)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == (
        "Error: SPARQL syntax error at line 3, column 3: FILTR is not a SPARQL keyword; did you mean FILTER?"
    )
    assert lines[1:] == ["  3 |   FILTR(?o > 1)", "    |   ^^^^^"]
    assert "Traceback" not in result.output


def test_endpoint_answers_400_with_the_same_text(tmp_path):
    from wsgiref.util import setup_testing_defaults

    from graph.serve import make_app

    store = GraphStore(None)
    app = make_app(store, workers=1, timeout=10)
    try:
        environ = {
            "REQUEST_METHOD": "POST",
            "PATH_INFO": "/sparql",
            "CONTENT_TYPE": "application/sparql-query",
            "wsgi.input": io.BytesIO(TYPO.encode()),
            "CONTENT_LENGTH": str(len(TYPO.encode())),
        }
        setup_testing_defaults(environ)
        seen = {}
        body = b"".join(app(environ, lambda status, headers: seen.update(status=status)))
        assert seen["status"].startswith("400")
        assert body.decode() == f"Error: {explain(TYPO, parser_message(TYPO))}\n"
        ok = b"".join(
            app(
                {**environ, "wsgi.input": io.BytesIO(b"ASK {}"), "CONTENT_LENGTH": "6"},
                lambda status, headers: seen.update(status=status),
            )
        )
        assert seen["status"].startswith("200") and json.loads(ok) == {"head": {}, "boolean": True}
    finally:
        app.close()
        store.close()
