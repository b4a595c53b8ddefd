"""`newsgraph build` on bad input, through the CLI: exit codes, FILE[:LINE] messages, good articles kept."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from graph.cli import cli
from graph.store import BUILD_MARK, GraphStore

from .helpers import DATA

GOOD = "date 2021-12-16\nLee Gelernt, a lawyer, said on Thursday that more than 5,600 children were separated.\n"


def run(*args: str):
    return CliRunner().invoke(cli, [*args[:1], *args[1:]], catch_exceptions=False)


def build(store, *inputs, extra=()):
    return run("build", *map(str, inputs), "--store", str(store), "--model", "blank:en", *extra)


def article_ids(store) -> list[str]:
    with GraphStore(store, read_only=True) as s:
        rows = s.select("SELECT ?id WHERE { ?a a schema:NewsArticle ; schema:identifier ?id }")
    return sorted(r["id"] for r in rows)


@pytest.fixture
def corpus(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    (d / "good.txt").write_text(GOOD, encoding="utf-8")
    (d / "second.md").write_text("date 2021-12-17\n# A title\n\nThe mayor said the budget grew.\n", encoding="utf-8")
    return d


def test_good_corpus_builds_and_exits_0(tmp_path, corpus):
    r = build(tmp_path / "store", corpus)
    assert r.exit_code == 0, r.stderr
    assert "built 2 articles" in r.stderr and "skipped 0" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("empty.txt", b"", "empty.txt: is empty ("),
        ("blank.txt", b"  \n\t\n", "blank.txt: holds only blank space ("),
        ("scan.txt", b"%PDF-1.4\n\x00\x01\x02binary", "scan.txt: is a PDF document, not text ("),
        ("noise.txt", bytes(range(256)) * 8, "noise.txt: looks like a binary file, not text ("),
        ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "image.html: is a PNG image, not text ("),
        ("only-date.txt", b"date 2021-12-16\n\n", "only-date.txt: article text is empty ("),
    ],
)
def test_each_bad_file_is_named_skipped_and_the_rest_built(tmp_path, corpus, name, data, message):
    (corpus / name).write_bytes(data)
    r = build(tmp_path / "store", corpus)
    assert r.exit_code == 1
    assert f"{corpus / name}" in r.stderr and message in r.stderr
    assert "Traceback" not in r.output
    assert "built 2 articles" in r.stderr and "skipped 1" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]


def test_broken_jsonl_lines_are_named_with_their_line_and_the_others_built(tmp_path):
    feed = tmp_path / "feed.jsonl"
    feed.write_text(
        "\n".join(
            [
                json.dumps({"id": "j1", "text": "The mayor said the budget grew.", "date": "2021-12-16"}),
                '{"id": "j2", "text": "a line cut in the midd',
                "[1, 2, 3]",
                json.dumps({"id": "j4", "title": "no text"}),
                json.dumps({"id": "j5", "text": "Officials spoke on Monday.", "date": "next Tuesday-ish"}),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    r = build(tmp_path / "store", feed)
    assert r.exit_code == 1
    assert f"{feed}:2: not valid JSON" in r.stderr
    assert f"{feed}:3: a JSON list where an object was expected" in r.stderr
    assert f"{feed}:4: no 'text' field" in r.stderr
    # a bad date is only a warning: the article is built without a date
    assert f"warning: {feed}:5: date 'next Tuesday-ish'" in r.stderr
    assert "built 2 articles, skipped 3" in r.stderr
    assert article_ids(tmp_path / "store") == ["j1", "j5"]
    with GraphStore(tmp_path / "store", read_only=True) as s:
        assert not s.select("SELECT ?d WHERE { ?a schema:identifier 'j5' ; schema:datePublished ?d }")


def test_latin1_file_is_read_correctly_with_a_warning(tmp_path):
    f = tmp_path / "old.txt"
    f.write_bytes("date 2021-12-16\nLe pr\u00e9sident a d\u00e9clar\u00e9 \u201coui\u201d jeudi.\n".encode("cp1252"))
    r = build(tmp_path / "store", f)
    assert r.exit_code == 0
    assert f"warning: {f}: not UTF-8; read as windows-1252" in r.stderr
    with GraphStore(tmp_path / "store", read_only=True) as s:
        (row,) = s.select("SELECT ?t WHERE { ?a a schema:NewsArticle ; nif:isString ?t }")
    assert row["t"] == "Le pr\u00e9sident a d\u00e9clar\u00e9 \u201coui\u201d jeudi.\n"


def test_max_bytes_names_the_file_and_the_option(tmp_path, corpus):
    (corpus / "huge.txt").write_text("word " * 2000, encoding="utf-8")
    r = build(tmp_path / "store", corpus, extra=("--max-bytes", "5000"))
    assert r.exit_code == 1
    assert f"{corpus / 'huge.txt'}: is 10,000 bytes, over the 5,000-byte limit per article" in r.stderr
    assert "--max-bytes" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]


def test_missing_input_is_reported_and_the_others_built(tmp_path, corpus):
    r = build(tmp_path / "store", tmp_path / "nope.txt", corpus)
    assert r.exit_code == 1 and f"{tmp_path / 'nope.txt'}: no such file or folder" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]


def test_strict_stops_at_the_first_bad_article(tmp_path, corpus):
    (corpus / "bad.txt").write_bytes(b"")  # sorts first: nothing may be built
    r = build(tmp_path / "store", corpus, extra=("--strict",))
    assert r.exit_code == 1
    assert f"Error: {corpus / 'bad.txt'}: is empty" in r.stderr and "Traceback" not in r.output
    assert "built" not in r.stderr
    assert article_ids(tmp_path / "store") == []


def test_strict_leaves_only_whole_articles(tmp_path, corpus):
    (corpus / "zz-bad.txt").write_bytes(b"\x00\x01\x02")  # sorts last: the good ones before it are complete
    r = build(tmp_path / "store", corpus, extra=("--strict", "--batch-size", "1"))
    assert r.exit_code == 1 and "zz-bad.txt: looks like a binary file" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]
    assert not (tmp_path / "store" / BUILD_MARK).exists()  # the shared graphs were refreshed before stopping
    assert build(tmp_path / "store", corpus / "good.txt", corpus / "second.md").exit_code == 0


def test_a_bug_on_one_article_skips_it_and_debug_shows_the_traceback(tmp_path, corpus, monkeypatch):
    import graph.pipeline

    real = graph.pipeline.extract

    def flaky(doc, art):
        if art.id == "good":
            raise ZeroDivisionError("boom")
        return real(doc, art)

    monkeypatch.setattr(graph.pipeline, "extract", flaky)
    r = build(tmp_path / "s1", corpus)
    assert r.exit_code == 1
    assert f"{corpus / 'good.txt'}: extraction failed (ZeroDivisionError: boom)" in r.stderr
    assert "Traceback" not in r.output
    assert article_ids(tmp_path / "s1") == ["second"]
    r = run("--debug", "build", str(corpus), "--store", str(tmp_path / "s2"), "--model", "blank:en")
    assert r.exit_code == 1 and "Traceback" in r.stderr and "ZeroDivisionError: boom" in r.stderr


def test_debug_shows_the_traceback_of_an_input_error(tmp_path):
    (tmp_path / "e.txt").write_bytes(b"")
    with pytest.raises(Exception, match="is empty"):
        run(
            "--debug",
            "build",
            str(tmp_path / "e.txt"),
            "--store",
            str(tmp_path / "s"),
            "--model",
            "blank:en",
            "--strict",
        )


def test_rebuilding_skips_unchanged_articles_and_still_reports_bad_ones(tmp_path, corpus):
    (corpus / "empty.txt").write_bytes(b"")
    assert build(tmp_path / "store", corpus).exit_code == 1
    r = build(tmp_path / "store", corpus)
    assert r.exit_code == 1 and "built 0 articles, 2 unchanged, skipped 1" in r.stderr
    assert article_ids(tmp_path / "store") == ["good", "second"]


def test_duplicate_ids_are_reported_with_their_line(tmp_path):
    feed = tmp_path / "f.jsonl"
    feed.write_text(json.dumps({"id": "a", "text": "One."}) + "\n" + json.dumps({"id": "a", "text": "Two."}) + "\n")
    r = build(tmp_path / "store", feed)
    assert r.exit_code == 1 and f"{feed}:2: duplicate article id 'a'" in r.stderr
    assert article_ids(tmp_path / "store") == ["a"]


def test_hostile_ids_and_titles_stay_data(tmp_path):
    feed = tmp_path / "f.jsonl"
    rows = [
        {"id": "../../escape", "text": 'He said "}} ; DROP ALL ; <x>".', "title": "Q\"'> } DROP ALL"},
        {"id": "a/b\\c", "text": "Text with ''' and \"\"\" and \\ backslash."},
        {"id": "<script>", "text": "<script>alert(1)</script> said nobody.", "url": "javascript:alert(1)"},
    ]
    feed.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    store = tmp_path / "deep" / "store"
    r = build(store, feed)
    assert r.exit_code == 0, r.stderr
    assert article_ids(store) == sorted(r["id"] for r in rows)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["deep", "f.jsonl"]  # no file made from an id
    with GraphStore(store, read_only=True) as s:
        got = {
            r["id"]: (r["t"], r["h"])
            for r in s.select(
                "SELECT ?id ?t ?h WHERE { ?a schema:identifier ?id ; nif:isString ?t OPTIONAL { ?a schema:headline ?h } }"
            )
        }
        graphs = s.named_graphs()
    assert got["../../escape"] == (rows[0]["text"], rows[0]["title"])
    assert got["a/b\\c"][0] == rows[1]["text"]
    # no dot-segment and no unescaped character: the IRI cannot climb out of id/article/
    assert all(not {".", ".."} & set(g.split("/")) and "<" not in g and "\\" not in g for g in graphs)


def test_store_folder_that_is_not_a_store_is_refused(tmp_path, corpus):
    r = build(corpus, corpus)  # --store pointing at the articles themselves
    assert r.exit_code == 1 and "is not a newsgraph store" in r.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["good.txt", "second.md"]


def test_query_on_a_missing_store_fails_clearly(tmp_path):
    r = run("query", "SELECT * WHERE { ?s ?p ?o }", "--store", str(tmp_path / "none"))
    assert r.exit_code == 1 and "no store at" in r.stderr and "newsgraph build" in r.stderr


def test_file_names_that_are_not_utf8_or_hold_markup_are_data(tmp_path):
    import os

    d = tmp_path / "in"
    d.mkdir()
    (d / os.fsdecode(b'caf\xe9 "x" <y>.txt')).write_text(GOOD, encoding="utf-8")
    r = build(tmp_path / "store", d)
    assert r.exit_code == 0, r.stderr
    with GraphStore(tmp_path / "store", read_only=True) as s:
        (row,) = s.select("SELECT ?id ?src WHERE { ?a ng:sourceFile ?src ; schema:identifier ?id }")
    assert row["id"] == "caf-x-y" and row["src"].endswith('caf\ufffd "x" <y>.txt')


@pytest.mark.model
def test_an_unchanged_rebuild_never_imports_spacy(tmp_path):
    import subprocess
    import sys

    store = tmp_path / "store"
    from graph.pipeline import build
    from graph.store import GraphStore

    with GraphStore(store) as s:
        build([DATA], s)
    code = (
        "import sys; from graph.cli import cli\n"
        "try:\n    cli(['build', %r, '--store', %r])\nexcept SystemExit as e:\n    code = e.code\n"
        "print(code, 'spacy' in sys.modules)" % (str(DATA), str(store))
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split()[-2:] == ["0", "False"], out.stdout + out.stderr
    assert "3 unchanged" in out.stderr


def test_remove_drops_an_article_and_an_unknown_id_says_how_to_list_ids(tmp_path, corpus):
    assert build(tmp_path / "s", corpus).exit_code == 0
    ids = article_ids(tmp_path / "s")
    unknown = run("remove", "no-such-id", ids[0], "--store", str(tmp_path / "s"))
    assert unknown.exit_code == 1 and "'no-such-id'" in unknown.output and "newsgraph query" in unknown.output
    assert article_ids(tmp_path / "s") == ids  # nothing dropped
    removed = run("remove", ids[0], "--store", str(tmp_path / "s"))
    assert removed.exit_code == 0 and "removed 1 article" in removed.output
    assert article_ids(tmp_path / "s") == ids[1:]
    assert run("remove", ids[0], "--store", str(tmp_path / "nowhere")).exit_code == 1
    assert not (tmp_path / "nowhere").exists()


def test_prune_drops_the_articles_whose_files_are_gone_as_a_fresh_build_has_it(tmp_path, corpus):
    assert build(tmp_path / "s", corpus).exit_code == 0
    (corpus / "second.md").unlink()
    kept = build(tmp_path / "s", corpus)
    assert kept.exit_code == 0 and len(article_ids(tmp_path / "s")) == 2  # without --prune nothing is dropped
    pruned = build(tmp_path / "s", corpus, extra=("--prune",))
    assert pruned.exit_code == 0 and "removed 1 whose file is gone" in pruned.output
    assert build(tmp_path / "fresh", corpus).exit_code == 0
    assert article_ids(tmp_path / "s") == article_ids(tmp_path / "fresh")
    assert (
        run("export", "--store", str(tmp_path / "s")).stdout_bytes
        == run("export", "--store", str(tmp_path / "fresh")).stdout_bytes
    )
    missing = build(tmp_path / "s", tmp_path / "typo", extra=("--prune",))  # a mistyped input prunes nothing
    assert missing.exit_code == 1 and article_ids(tmp_path / "s") == article_ids(tmp_path / "fresh")
