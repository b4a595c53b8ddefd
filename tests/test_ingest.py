"""Reading articles: decoding, dates, JSON Lines line by line, limits and refusals (no model)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from graph.errors import InputError
from graph.ingest import (
    clean_text,
    decode,
    discover,
    iter_articles,
    jsonl_lines,
    parse_date,
    read_file,
    split_date_header,
)
from graph.outputs.export import export

LATIN = "Le pr\u00e9sident a d\u00e9clar\u00e9 jeudi que la soci\u00e9t\u00e9 \u00e9tait pr\u00eate."
CP1252 = "\u201cWe are going back to court,\u201d Gelernt said \u2014 it\u2019s not over. Caf\u00e9 d\u00e9j\u00e0 vu."


def write(tmp_path, name: str, data: str | bytes):
    p = tmp_path / name
    p.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return p


def collect(paths, **kw):
    errors: list[InputError] = []
    arts = list(iter_articles(paths, on_error=errors.append, **kw))
    return arts, errors


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2021-12-16", date(2021, 12, 16)),
        ("2021-12-16T10:30:00Z", date(2021, 12, 16)),
        ("2021/12/16", date(2021, 12, 16)),
        ("December 16, 2021", date(2021, 12, 16)),
        ("Dec. 16, 2021", date(2021, 12, 16)),
        ("16 Dec 2021", date(2021, 12, 16)),
        ("Thursday, December 16, 2021", date(2021, 12, 16)),
        ("Thu, 16 Dec 2021 10:00:00 GMT", date(2021, 12, 16)),
        ("", None),
        (None, None),
    ],
)
def test_parse_date_reads_unambiguous_forms(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize("value", ["12/16/2021", "16/12/2021", "yesterday", "2021-13-45", "2021", "Smarch 3, 2021"])
def test_parse_date_refuses_ambiguous_or_impossible_dates(value):
    with pytest.raises(ValueError, match="not a date"):
        parse_date(value)


def test_bad_date_header_is_a_warning_and_the_text_is_kept():
    text, day, warnings = split_date_header("date 31/31/2021\nThe text.", "a.txt")
    assert (text, day) == ("The text.", None)
    assert warnings and warnings[0].startswith("a.txt:1: ") and "YYYY-MM-DD" in warnings[0]


@pytest.mark.parametrize("text, encoding", [(LATIN, "latin-1"), (CP1252, "cp1252")])
def test_western_encodings_are_read_correctly_with_a_warning(text, encoding):
    decoded, warnings = decode(text.encode(encoding), "old.txt")
    assert decoded == text
    assert len(warnings) == 1 and "old.txt: not UTF-8" in warnings[0]


def test_cyrillic_single_byte_text_is_detected_not_read_as_latin():
    text = (
        "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b, "
        "\u0447\u0442\u043e \u043f\u0440\u0430\u0432\u0438\u0442\u0435\u043b\u044c\u0441\u0442\u0432\u043e "
        "\u0433\u043e\u0442\u043e\u0432\u043e \u043a \u043f\u0435\u0440\u0435\u0433\u043e\u0432\u043e\u0440\u0430\u043c."
    )
    decoded, warnings = decode(text.encode("cp1251"), "ru.txt")
    assert decoded == text and warnings


def test_utf8_needs_no_warning_and_bom_is_dropped():
    assert decode("\ufeffCaf\u00e9".encode("utf-8"), "a.txt") == ("Caf\u00e9", ())


def test_utf16_with_bom_is_read():
    decoded, warnings = decode("\ufeffCaf\u00e9 said hello".encode("utf-16-le"), "w.txt")
    assert decoded == "Caf\u00e9 said hello" and warnings


@pytest.mark.parametrize(
    "data, what",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "PNG"),
        (bytes(range(256)) * 4, "binary"),
    ],
)
def test_binary_files_are_refused_by_name(tmp_path, data, what):
    p = write(tmp_path, "x.txt", data)
    with pytest.raises(InputError, match=what) as e:
        list(read_file(p))
    assert e.value.path == str(p)


@pytest.mark.parametrize(
    "data, problem",
    [(b"", "is empty"), (b" \n\t\r\n  ", "only blank space"), (b"date 2021-12-16\n\n", "article text is empty")],
)
def test_empty_and_blank_files_are_refused(tmp_path, data, problem):
    p = write(tmp_path, "e.txt", data)
    with pytest.raises(InputError, match=problem):
        list(read_file(p))


def test_size_limit_is_checked_before_reading(tmp_path, monkeypatch):
    p = write(tmp_path, "big.txt", "word " * 1000)
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("read the whole file"))
    with pytest.raises(InputError, match="over the 100-byte limit") as e:
        list(read_file(p, max_bytes=100))
    assert "--max-bytes" in str(e.value)


def test_jsonl_reports_each_bad_line_with_its_number_and_keeps_the_rest(tmp_path):
    lines = [
        json.dumps({"id": "a", "text": "First article."}),
        '{"id": "b", "text": "unterminated',
        "[1, 2]",
        '"just a string"',
        json.dumps({"id": "c", "title": "no text"}),
        json.dumps({"id": "d", "text": 42}),
        json.dumps({"id": "e", "text": "   "}),
        "",
        json.dumps({"id": "f", "text": "Last article.", "date": "2021-12-16"}),
    ]
    p = write(tmp_path, "feed.jsonl", "\n".join(lines) + "\n")
    arts, errors = collect([p])
    assert [a.id for a in arts] == ["a", "f"]
    assert [(e.path, e.line) for e in errors] == [(str(p), n) for n in (2, 3, 4, 5, 6, 7)]
    assert "not valid JSON" in errors[0].problem and "list" in errors[1].problem
    assert "str" in errors[2].problem and "no 'text'" in errors[3].problem and "int" in errors[4].problem
    assert arts[1].date == date(2021, 12, 16) and arts[1].source == f"{p}:9"


def test_jsonl_is_read_line_by_line_and_a_long_line_is_skipped(tmp_path, monkeypatch):
    long = json.dumps({"id": "long", "text": "x" * 5000})
    p = write(
        tmp_path,
        "feed.jsonl",
        "\n".join([json.dumps({"id": "a", "text": "Short."}), long, json.dumps({"id": "b", "text": "Also short."})]),
    )
    monkeypatch.setattr("pathlib.Path.read_bytes", lambda self: pytest.fail("read the whole file"))
    monkeypatch.setattr("pathlib.Path.read_text", lambda self, *a, **k: pytest.fail("read the whole file"))
    assert [(n, t is None) for n, t, _ in jsonl_lines(p, 1000)] == [(1, False), (2, True), (3, False)]
    arts, errors = collect([p], max_bytes=1000)
    assert [a.id for a in arts] == ["a", "b"]
    assert errors[0].line == 2 and "1,000-byte limit" in errors[0].problem


def test_jsonl_bad_date_is_a_warning_and_the_article_is_kept(tmp_path):
    p = write(tmp_path, "f.jsonl", json.dumps({"id": "a", "text": "Said Monday.", "date": "16/12/2021"}))
    (art,), errors = collect([p])
    assert not errors and art.date is None
    assert any(w.startswith(f"{p}:1: ") and "kept without a date" in w for w in art.warnings)


def test_jsonl_latin1_line_is_read_with_a_warning_naming_the_line(tmp_path):
    good = json.dumps({"id": "a", "text": "Plain."}).encode()
    latin = ('{"id": "b", "text": "%s"}' % LATIN).encode("latin-1")
    p = write(tmp_path, "f.jsonl", good + b"\n" + latin + b"\n")
    arts, errors = collect([p])
    assert not errors and arts[1].text == LATIN
    assert any(w.startswith(f"{p}:2: not UTF-8") for w in arts[1].warnings)


@pytest.mark.parametrize("bad_id", ["..", ".", ["a"], {"x": 1}, True])
def test_jsonl_ids_that_cannot_name_an_article_are_refused(tmp_path, bad_id):
    p = write(tmp_path, "f.jsonl", json.dumps({"id": bad_id, "text": "Text."}))
    arts, errors = collect([p])
    assert not arts and errors[0].line == 1 and "id" in errors[0].problem


def test_jsonl_non_string_metadata_is_dropped_with_a_warning(tmp_path):
    p = write(tmp_path, "f.jsonl", json.dumps({"id": 7, "text": "Text.", "title": ["a"], "publisher": 12}))
    (art,), _ = collect([p])
    assert (art.id, art.title, art.publisher) == ("7", None, "12")
    assert any("'title' is a JSON list" in w for w in art.warnings)


def test_control_characters_and_lone_surrogates_are_blanked_keeping_offsets():
    text, warnings = clean_text("a\x00b\x1bc\td\ud800e\n", "x:3")
    assert text == "a b c\td\ufffde\n" and len(warnings) == 2 and warnings[0].startswith("x:3: 2 control")


def test_html_scripts_and_styles_never_reach_the_text(tmp_path):
    said = "The chief said <b>no</b> to the plan on Monday, and the council will vote again in a month. " * 2
    page = (
        "<html><head><title>T &amp; \"Q\"</title><style>p{}</style><script>alert('x')</script></head>"
        f"<body><article><p>{said}</p><script>evil()</script></article></body></html>"
    )
    (art,), errors = collect([write(tmp_path, "p.html", page)])
    assert not errors and art.text.startswith("The chief said no to the plan") and art.title == 'T & "Q"'
    assert "alert" not in art.text and "evil" not in art.text and "p{}" not in art.text


def test_missing_path_is_reported_and_the_others_are_read(tmp_path):
    good = write(tmp_path, "a.txt", "date 2021-12-16\nText.")
    errors: list[InputError] = []
    assert discover([tmp_path / "nope", good], on_error=errors.append) == [good]
    assert errors[0].path == str(tmp_path / "nope") and "no such file" in errors[0].problem


def test_file_names_become_safe_ids(tmp_path):
    (art,), _ = collect([write(tmp_path, "..odd name (1)!.txt", "Text.")])
    assert art.id == "odd-name-1"


def test_a_huge_file_never_enters_memory(tmp_path):
    import tracemalloc

    huge_txt = tmp_path / "huge.txt"
    with open(huge_txt, "wb") as f:
        f.truncate(500_000_000)  # 500 MB, sparse: costs no disk
    feed = tmp_path / "feed.jsonl"
    with open(feed, "wb") as f:
        f.write(json.dumps({"id": "a", "text": "Before."}).encode() + b"\n")
        f.write(b'{"id": "big", "text": "' + b"x" * 30_000_000 + b'"}\n')
        f.write(json.dumps({"id": "b", "text": "After."}).encode() + b"\n")
    tracemalloc.start()
    try:
        arts, errors = collect([huge_txt, feed], max_bytes=100_000)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert [a.id for a in arts] == ["a", "b"]
    assert [(e.path, e.line) for e in errors] == [(str(huge_txt), None), (str(feed), 2)]
    assert "500,000,000 bytes" in errors[0].problem
    assert peak < 5_000_000  # 1 MB chunks, not the 30 MB line nor the 500 MB file


# ---- hostile input: a bad byte costs its line, pathological runs are cut, odd files are named


def test_a_nul_byte_in_jsonl_refuses_only_its_line_by_number(tmp_path):
    lines = [json.dumps({"id": f"a{i}", "text": f"Article {i} says hello."}) for i in range(1000)]
    lines[417] = lines[417][:20] + "\x00" + lines[417][20:]
    p = write(tmp_path, "many.jsonl", "\n".join(lines) + "\n")
    arts, errors = collect([p])
    assert len(arts) == 999 and "a417" not in {a.id for a in arts}
    assert len(errors) == 1 and errors[0].line == 418 and "NUL byte at column 21" in str(errors[0])


def test_a_jsonl_file_that_is_binary_is_still_refused_whole(tmp_path):
    p = write(tmp_path, "blob.jsonl", b"\x00\x01\x02\x03" * 20000)
    arts, errors = collect([p])
    assert arts == [] and len(errors) == 1 and "binary" in str(errors[0])


@pytest.mark.parametrize(
    "name,text,says",
    [
        ("dollars.txt", "The plan costs " + "$" * 20000 + " in total.", "1 run of symbols cut to 20 characters"),
        ("word.txt", "The word " + "a" * 100000 + " was long.", "1 word longer than 200 characters split"),
        ("mixed.txt", "It cost " + "$%" * 10000 + " they said.", "1 run of symbols cut to 20 characters"),
        ("letters.txt", "It cost " + "a$" * 10000 + " they said.", "1 word longer than 200 characters split"),
    ],
)
def test_pathological_runs_are_cut_before_the_model_with_a_warning_naming_the_file(tmp_path, name, text, says):
    p = write(tmp_path, name, "date 2021-12-16\n" + text)
    (art,), errors = collect([p])
    assert errors == []
    assert max(len(w) for w in art.text.split()) <= 200
    assert "$" * 21 not in art.text
    assert any(w.startswith(f"{p}: ") and says in w for w in art.warnings), art.warnings
    assert art.text.startswith(text.split()[0]) and art.text.rstrip().endswith(text.split()[-1])


def test_pathological_runs_in_jsonl_are_cut_with_the_line_named(tmp_path):
    p = write(tmp_path, "a.jsonl", json.dumps({"id": "x", "text": "Costs " + "$" * 5000}) + "\n")
    (art,), _ = collect([p])
    assert "$" * 21 not in art.text and any(w.startswith(f"{p}:1: ") for w in art.warnings)


def test_ordinary_text_is_left_alone_by_the_run_cutter(tmp_path):
    text = "He said -- twice -- that it cost $5,000 ... or more!!! See https://example.org/a/b?c=d."
    p = write(tmp_path, "ok.txt", "date 2021-12-16\n" + text)
    (art,), _ = collect([p])
    assert art.text == text and not any("split" in w or "cut" in w for w in art.warnings)


def test_fifos_and_broken_symlinks_are_named_when_skipped(tmp_path):
    import os

    folder = tmp_path / "in"
    folder.mkdir()
    write(folder, "good.txt", "date 2021-12-16\nA good article.")
    os.mkfifo(folder / "pipe.txt")
    (folder / "gone.txt").symlink_to(folder / "nowhere.txt")
    arts, errors = collect([folder])
    assert [a.id for a in arts] == ["good"]
    messages = sorted(str(e) for e in errors)  # errors, not warnings: a named .txt that cannot be read
    assert len(messages) == 2
    assert messages[0].startswith(f"{folder / 'gone.txt'}: is a broken symbolic link")
    assert messages[1].startswith(f"{folder / 'pipe.txt'}: is a FIFO (named pipe)")
    arts, errors = collect([folder / "gone.txt"])
    assert arts == [] and "broken symbolic link" in str(errors[0])


# ---- input a newsroom has (issue 15): feeds, web pages, datelines, headers, ids, what is skipped

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def warned(paths, **kw):
    warnings: list[str] = []
    errors: list[InputError] = []
    arts = list(iter_articles(paths, on_error=errors.append, on_warning=warnings.append, **kw))
    return arts, errors, warnings


def test_rss_entries_are_articles_with_the_feed_title_as_publisher():
    arts, errors, _ = warned([FIXTURES / "harbour.rss"])
    assert not errors and [a.id for a in arts] == ["gazette-2023-0301", "https://gazette.example/2023/02/lighthouse"]
    first, second = arts
    assert (first.title, first.date, first.publisher) == (
        "Ferry fares to rise in spring",
        date(2023, 3, 1),
        "Harbour Gazette & Times",
    )
    assert first.url == "https://gazette.example/2023/03/ferry-fares"
    assert first.text.startswith("The island ferry company said") and "Paulo Reis" in first.text  # content, not teaser
    assert "<" not in first.text and "track()" not in first.text
    assert second.text == "The old lighthouse on the north pier reopened on Tuesday after two years of repairs."


def test_atom_entries_are_articles():
    (art,), errors, _ = warned([FIXTURES / "valley.atom"])
    assert not errors and (art.id, art.publisher, art.date) == (
        "urn:uuid:valley-bridge-0504",
        "Valley Courier",
        date(2023, 5, 4),
    )
    assert art.text == (
        "The county council voted 7 to 2 on Thursday to build a second bridge over the river."
        "\n\nWork is due to start in 2024."
    )


def test_xml_that_is_not_a_feed_is_refused_by_name(tmp_path):
    _, errors, _ = warned([write(tmp_path, "data.xml", "<catalog><book>Text</book></catalog>")])
    assert len(errors) == 1 and "not an RSS or Atom feed" in str(errors[0])  # named by itself: an error


def test_a_page_without_article_tag_gives_its_story_and_metadata_not_its_menus():
    (art,), errors, _ = warned([FIXTURES / "div_layout.html"])
    assert not errors
    assert (art.title, art.publisher, art.date) == (
        "Orchard growers count frost losses",
        "Northern Ledger",
        date(2023, 4, 18),
    )
    assert art.url == "https://ledger.example/farming/frost-losses"
    assert art.text.startswith("Fruit growers in the northern valleys")
    for menu in ("minister resigned", "evacuated", "Sign in", "Most read", "Copyright", "By Mira Castell"):
        assert menu not in art.text


def test_the_byline_of_a_page_is_read():
    from graph.ingest.html import page_article

    assert page_article((FIXTURES / "div_layout.html").read_text(), "p")["byline"] == "Mira Castell"


def test_a_front_page_of_links_is_refused_not_read_as_news():
    arts, errors, _ = warned([FIXTURES / "front_page.html"])
    assert arts == [] and len(errors) == 1 and "holds no article text" in str(errors[0])


@pytest.mark.parametrize(
    "first_line, outlet",
    [
        ("WASHINGTON (AP) \u2014 The Senate passed the bill on Tuesday.", "Associated Press"),
        ("LONDON, Aug 9 (Reuters) - Shares fell on Tuesday.", "Reuters"),
        ("(Reuters) - Shares fell on Tuesday.", "Reuters"),
        ("PARIS \u2014 AFP \u2014 Protesters gathered on Tuesday.", "Agence France-Presse"),
        ("RIO DE JANEIRO (AFP) - Rain fell.", "Agence France-Presse"),
        ("NEW YORK (CNN) \u2014 Stocks rose on Tuesday.", "CNN"),  # not in the table: a dateline all the same
        ("Rain fell in the capital on Tuesday.\n\n\u2014 AFP", "Agence France-Presse"),  # a closing credit line
        ("Advanced Placement (AP) courses grew on Tuesday.", None),  # no dash: not a dateline
        ("The senator (R-Texas) said on Tuesday that he would vote no.", None),
        ("Rain fell in the capital on Tuesday.", None),
    ],
)
def test_the_outlet_is_read_from_the_dateline_without_the_city(tmp_path, first_line, outlet):
    (art,), _, _ = warned([write(tmp_path, "wire.txt", "date 2022-08-09\n" + first_line + "\n")])
    assert art.publisher == outlet


def test_a_given_publisher_wins_over_the_dateline(tmp_path):
    p = write(
        tmp_path,
        "w.jsonl",
        json.dumps({"id": "w", "publisher": "Local Times", "text": "BERLIN (Reuters) - Prices rose."})
        + "\n"
        + json.dumps({"id": "v", "text": "BERLIN (Reuters) - Prices rose."}),
    )
    arts, _, _ = warned([p])
    assert [a.publisher for a in arts] == ["Local Times", "Reuters"]


@pytest.mark.parametrize(
    "header, day, body",
    [
        ("date 2022-08-09\nThe text.", date(2022, 8, 9), "The text."),
        ("date 2022-08-09 The text on the same line.", date(2022, 8, 9), "The text on the same line."),
        ("date: August 9, 2022\nThe text.", date(2022, 8, 9), "The text."),
        ("Date: 9 Aug 2022\nThe text.", date(2022, 8, 9), "The text."),
        ("DATE: Tuesday, August 9, 2022\n\nThe text.", date(2022, 8, 9), "The text."),
        ("Published: Tue, 9 Aug 2022 10:00:00 GMT\nThe text.", date(2022, 8, 9), "The text."),
        ("Dated 2022-08-09T10:30:00Z\nThe text.", date(2022, 8, 9), "The text."),
        ("August 9, 2022\n\nThe text.", date(2022, 8, 9), "The text."),  # a bare date line
        ("  9 August 2022  \nThe text.", date(2022, 8, 9), "The text."),
        ("2022-08-09\nThe text.", date(2022, 8, 9), "The text."),
        ("August 9, 2022 was a hot day.", None, "August 9, 2022 was a hot day."),  # a sentence, not a header
        ("Dated furniture sold well.", None, "Dated furniture sold well."),
    ],
)
def test_date_header_forms(header, day, body):
    text, found, warnings = split_date_header(header, "a.txt")
    assert (found, text, warnings) == (day, body, ())


def test_front_matter_gives_title_date_publisher_and_url(tmp_path):
    page = (
        '---\ntitle: "Harbour wall repaired"\ndate: 2022-08-09\npublisher: Coast Weekly\n'
        "url: https://coast.example/wall\ntags:\n  - harbour\n---\n# A heading\n\nThe wall was repaired.\n"
    )
    (art,), errors, _ = warned([write(tmp_path, "wall.md", page)])
    assert not errors and (art.title, art.date, art.publisher, art.url) == (
        "Harbour wall repaired",
        date(2022, 8, 9),
        "Coast Weekly",
        "https://coast.example/wall",
    )
    assert art.text == "The wall was repaired.\n" and not art.warnings


def test_two_files_with_one_name_in_different_folders_are_two_articles(tmp_path):
    for folder, says in (("politics", "The mayor resigned."), ("sport", "The club won.")):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, "story.txt", "date 2022-08-09\n" + says)
    arts, errors, _ = warned([tmp_path])
    assert not errors and {(a.id, a.text) for a in arts} == {
        ("politics/story", "The mayor resigned."),
        ("sport/story", "The club won."),
    }


def test_a_file_given_by_itself_is_named_by_its_file_name(tmp_path):
    (tmp_path / "deep").mkdir()
    (art,), _, _ = warned([write(tmp_path / "deep", "story.txt", "Text.")])
    assert art.id == "story"


def test_a_different_file_with_a_stored_id_does_not_replace_it_but_the_same_file_does(tmp_path, blank_nlp):
    from graph.pipeline import build
    from graph.store import GraphStore

    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        write(tmp_path / folder, "story.txt", f"date 2022-08-09\nStory from folder {folder}.")
    store = GraphStore(None)
    assert build([tmp_path / "a"], store, nlp=blank_nlp).built == ["story"]
    errors: list[InputError] = []
    report = build([tmp_path / "b"], store, nlp=blank_nlp, on_error=errors.append)
    assert report.built == [] and "already in the store from" in str(errors[0])
    texts = store.select("SELECT ?t WHERE { ?a a schema:NewsArticle ; nif:isString ?t }")
    assert [r["t"] for r in texts] == ["Story from folder a."]
    write(tmp_path / "a", "story.txt", "date 2022-08-09\nStory from folder a, corrected.")
    assert build([tmp_path / "a"], store, nlp=blank_nlp).built == ["story"]  # re-ingest replaces its own graph


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("table.json", '{"text": "x"}', "a JSON file, not JSON Lines"),
        ("table.csv", "id,text\n1,x\n", "a CSV table"),
        ("scan.pdf", b"%PDF-1.7", "a PDF document"),
        ("photo.png", b"\x89PNG", "not an article file type (.png"),
        ("README", "notes", "not an article file type (no suffix"),
        ("graph.html", "<html><body><p>Our page.</p></body></html>", "named like the newsgraph graph page"),
        (
            "view.html",
            '<html><head><meta name="generator" content="newsgraph 0.4"></head></html>',
            '<meta name="generator" content="newsgraph">',
        ),
        ("export.nq", "<a> <b> <c> <g> .\n", "a graph file in N-Quads"),
        ("export.ttl", "<a> <b> <c> .\n", "a graph file in Turtle"),
        ("export.jsonld", "{}", "a graph file in JSON-LD"),
        ("export.trig", "{}", "a graph file in TriG"),
        ("graph.graphml", "<graphml/>", "a graph file in GraphML"),
        ("graph.gexf", "<gexf/>", "a graph file in GEXF"),
        (".hidden.txt", "Text.", "hidden file"),
        ("sitemap.xml", "<urlset><url><loc>https://x.example/</loc></url></urlset>", "XML that is not an RSS or Atom"),
    ],
)
def test_every_file_left_out_is_named_with_the_reason(tmp_path, name, data, says):
    write(tmp_path, "good.txt", "date 2022-08-09\nA good article.")
    write(tmp_path, name, data)
    arts, errors, warnings = warned([tmp_path])
    assert [a.id for a in arts] == ["good"] and not errors
    assert len(warnings) == 1 and warnings[0].startswith(f"{tmp_path / name}: skipped: ") and says in warnings[0]


@pytest.mark.parametrize(
    "name, data, says",
    [
        ("empty.txt", b"", "is empty"),
        ("blank.md", b"  \n", "only blank space"),
        ("bin.txt", bytes(range(256)) * 2, "binary"),
        ("big.txt", b"word " * 300, "over the 1,000-byte limit"),
    ],
)
def test_every_article_file_that_cannot_be_read_is_named_with_the_reason(tmp_path, name, data, says):
    write(tmp_path, name, data)
    arts, errors, _ = warned([tmp_path], max_bytes=1000)
    assert arts == [] and len(errors) == 1 and errors[0].path == str(tmp_path / name) and says in str(errors[0])


def test_pages_and_feeds_are_read_without_any_network(monkeypatch):
    import socket

    def refuse(*args, **kwargs):
        raise AssertionError("ingest tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    arts, errors, _ = warned([FIXTURES])
    assert len(arts) == 4 and len(errors) == 1  # three feed entries and one page; the front page refused


def test_a_folder_holding_our_page_and_exports_builds_as_if_they_were_not_there(tmp_path, blank_nlp):
    from graph.pipeline import build
    from graph.store import GraphStore

    def nquads(folder) -> tuple[bytes, list[str]]:
        store = GraphStore(None)
        report = build([folder], store, nlp=blank_nlp)
        return export(store, "nquads"), report.warnings

    write(tmp_path, "story.txt", "date 2022-08-09\nThe harbour wall was repaired on Monday, the council said.")
    clean, _ = nquads(tmp_path)
    write(
        tmp_path,
        "graph.html",
        '<html><head><meta name="generator" content="newsgraph"></head>'
        "<body><p>Lee Gelernt said the page is ours.</p></body></html>",
    )
    write(tmp_path, "export.nq", clean.decode())
    write(tmp_path, "export.graphml", "<graphml/>")
    again, warnings = nquads(tmp_path)
    assert again == clean
    assert sorted(w.split(": skipped: ")[0] for w in warnings if ": skipped: " in w) == [
        str(tmp_path / n) for n in ("export.graphml", "export.nq", "graph.html")
    ]
