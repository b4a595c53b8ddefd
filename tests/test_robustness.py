"""Killed builds, a store shared between processes, and hostile text through the whole pipeline."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.cli import cli
from graph.errors import InputError, StoreError
from graph.outputs.export import export
from graph.pipeline import build
from graph.store import BUILD_MARK, GraphStore

ROOT = Path(__file__).resolve().parents[1]
_SCRIPT = Path(sys.executable).with_name("newsgraph")  # the installed command, as a user runs it
NEWSGRAPH = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "graph.cli"]
COUNT = "SELECT (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }"
PER_ID = (
    "SELECT ?id (COUNT(?a) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
    "<http://schema.org/identifier> ?id } } GROUP BY ?id"
)
NAMES = ["Lee Gelernt", "Maria Lopez", "the Justice Department", "Acme Corp", "Jane Doe", "Mayor Tom Brown"]


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def make_corpus(folder: Path, n: int, sentences: int = 12, seed: int = 7) -> list[str]:
    """``n`` generated articles, each with names, figures, dates and a quote."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        parts = []
        for j in range(sentences):
            who = rng.choice(NAMES)
            parts.append(f"{who} said on Thursday that {rng.randint(2, 9000):,} people were affected in case {i}-{j}.")
            parts.append(f"\u201cWe will appeal,\u201d {who} told reporters.")
        (folder / f"a{i:03d}.txt").write_text("date 2021-12-16\n" + " ".join(parts) + "\n", encoding="utf-8")
    return [f"a{i:03d}" for i in range(n)]


def peek_count(store: Path) -> int | None:
    """Articles in a store another process is writing, read in a throw-away process (Oxigraph read-only)."""
    code = (
        "import pyoxigraph as ox, sys; s = ox.Store.read_only(sys.argv[1]); "
        f"print(next(iter(s.query({COUNT!r})))['n'].value)"
    )
    r = subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, timeout=60)
    return int(r.stdout) if r.returncode == 0 and r.stdout.strip() else None


def per_id(store: Path) -> dict[str, int]:
    with GraphStore(store, read_only=True) as s:
        return {r["id"]: r["n"] for r in s.select(PER_ID)}


# ---- killed builds


@pytest.mark.slow
def test_build_killed_partway_then_rerun_has_every_article_exactly_once(tmp_path):
    ids = make_corpus(tmp_path / "corpus", 160)
    store = tmp_path / "store"
    args = [
        *NEWSGRAPH,
        "build",
        str(tmp_path / "corpus"),
        "--store",
        str(store),
        "--model",
        "blank:en",
        "--batch-size",
        "4",
        "--quiet",
    ]
    proc = subprocess.Popen(args, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    seen, query_result = None, None
    deadline = time.monotonic() + 300
    try:
        while time.monotonic() < deadline and proc.poll() is None:
            n = peek_count(store) if (store / "CURRENT").exists() else None
            if n and n < len(ids):
                # while the build holds the store, a query fails with a clear message
                query_result = CliRunner().invoke(cli, ["query", COUNT, "--store", str(store)])
                proc.send_signal(signal.SIGKILL)
                seen = n
                break
            time.sleep(0.05)
    finally:
        proc.kill()
        proc.wait()
    assert seen is not None, "the build finished before it could be killed: make the corpus bigger"
    assert proc.returncode == -signal.SIGKILL
    assert query_result.exit_code == 1 and "being written by another process" in query_result.stderr
    assert "Traceback" not in query_result.output
    # the killed store opens and answers; what it holds are whole articles, each once
    after_kill = per_id(store)
    assert 0 < len(after_kill) < len(ids) and set(after_kill.values()) == {1}
    assert (store / BUILD_MARK).exists()

    r = subprocess.run(args, env=env(), capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    assert f"built {len(ids) - len(after_kill)} articles, {len(after_kill)} unchanged" in r.stderr
    final = per_id(store)
    assert sorted(final) == ids and set(final.values()) == {1}
    with GraphStore(store, read_only=True) as s:
        assert int(s.select(COUNT)[0]["n"]) == len(ids)
    assert not (store / BUILD_MARK).exists()


WRITER = textwrap.dedent("""
    import sys
    import pyoxigraph as ox
    from graph.rdf import article_iri
    from graph.store import GraphStore

    store = GraphStore(sys.argv[1])
    size = int(sys.argv[2])
    p = ox.NamedNode("http://example.org/p")
    i = 0
    while True:  # rewrite graphs g0..g4 forever, until killed
        g = article_iri(f"g{i % 5}")
        store.replace_article(f"g{i % 5}", [ox.Quad(ox.NamedNode(f"http://example.org/s{k}"), p,
                                                    ox.Literal(f"v{i}-{k}"), g) for k in range(size)])
        print(i, flush=True)
        i += 1
""")


@pytest.mark.slow
def test_replace_article_is_atomic_under_sigkill(tmp_path):
    """Kill a writer of big graphs at random moments: every graph is whole (all from one write) or absent."""
    script = tmp_path / "writer.py"
    script.write_text(WRITER)
    size = 20_000
    rng = random.Random(1)
    for round_ in range(4):
        proc = subprocess.Popen(
            [sys.executable, str(script), str(tmp_path / "store"), str(size)],
            env=env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2 + round_):
            proc.stdout.readline()  # a few complete writes, then kill in the middle of a later one
        time.sleep(rng.uniform(0.0, 0.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        with GraphStore(tmp_path / "store") as s:
            rows = s.select(
                "SELECT ?g (COUNT(*) AS ?n) (COUNT(DISTINCT ?write) AS ?w) WHERE { GRAPH ?g { ?s ?p ?o } "
                "BIND(STRBEFORE(STR(?o), '-') AS ?write) } GROUP BY ?g"
            )
        assert rows and all(r["n"] == size and r["w"] == 1 for r in rows), rows


def test_interrupted_build_mark_makes_the_next_build_refresh_everything(tmp_path, blank_nlp, monkeypatch):
    make_corpus(tmp_path / "c", 3, sentences=1)
    with GraphStore(tmp_path / "store") as s:
        build([tmp_path / "c"], s, nlp=blank_nlp)
        assert not (tmp_path / "store" / BUILD_MARK).exists()
        assert s.begin_build() is False  # as a build killed right after it started
    calls = []
    import graph.derive

    real = graph.derive.refresh_entities
    monkeypatch.setattr(
        graph.derive, "refresh_entities", lambda store, keys=None: calls.append(keys) or real(store, keys)
    )
    with GraphStore(tmp_path / "store") as s:
        report = build([tmp_path / "c"], s, nlp=blank_nlp)
    assert report.unchanged and not report.built
    assert calls == [None]  # in full, not only the keys this run touched
    assert not (tmp_path / "store" / BUILD_MARK).exists()


def test_an_extractor_that_loops_costs_only_its_article(tmp_path, blank_nlp, monkeypatch):
    import graph.pipeline

    real = graph.pipeline.extract

    def loops_on_a001(doc, art):
        while art.id == "a001":
            pass
        return real(doc, art)

    monkeypatch.setattr(graph.pipeline, "extract", loops_on_a001)
    make_corpus(tmp_path / "c", 3, sentences=1)
    errors: list = []
    t = time.monotonic()
    with GraphStore(tmp_path / "store") as s:
        report = build([tmp_path / "c"], s, nlp=blank_nlp, on_error=errors.append, article_seconds=0.5)
    assert time.monotonic() - t < 30
    assert report.built == ["a000", "a002"]
    assert len(errors) == 1 and errors[0].path.endswith("a001.txt") and "stopped after" in errors[0].problem


class FailsOn:
    """A blank pipeline that raises on texts containing ``word``, as a model bug would."""

    def __init__(self, nlp, word: str):
        self.nlp, self.word = nlp, word

    def __call__(self, text):
        if self.word in text:
            raise ValueError("model bug")
        return self.nlp(text)

    def pipe(self, texts, batch_size=None):
        for text in texts:
            yield self(text)


@pytest.mark.parametrize("strict", [False, True])
def test_a_model_failure_costs_only_its_article(tmp_path, blank_nlp, strict):
    """The model runs in a background thread: its failure still reaches the caller, in article order."""
    make_corpus(tmp_path / "c", 7, sentences=1)
    for name in ("a002.txt", "a005.txt"):
        path = tmp_path / "c" / name
        path.write_text(path.read_text(encoding="utf-8") + "POISON\n", encoding="utf-8")
    errors: list = []
    with GraphStore(tmp_path / "store") as s:
        if strict:
            with pytest.raises(InputError, match="NLP failed") as info:
                build([tmp_path / "c"], s, nlp=FailsOn(blank_nlp, "POISON"), batch_size=2, strict=True)
            assert info.value.path.endswith("a002.txt")
            return
        report = build([tmp_path / "c"], s, nlp=FailsOn(blank_nlp, "POISON"), batch_size=2, on_error=errors.append)
        assert report.built == ["a000", "a001", "a003", "a004", "a006"]
        assert s.article_hashes().keys() == set(report.built)
    assert [e.path.rsplit("/", 1)[-1] for e in errors] == ["a002.txt", "a005.txt"]
    assert all("NLP failed (ValueError: model bug)" in e.problem for e in errors)


# ---- a store shared between processes

HOLDER = textwrap.dedent("""
    import sys, time
    from graph.store import GraphStore

    s = GraphStore(sys.argv[1], read_only=sys.argv[2] == "read")
    print("open", flush=True)
    time.sleep(60)
""")


@pytest.fixture
def built_store(tmp_path, blank_nlp):
    make_corpus(tmp_path / "c", 2, sentences=1)
    with GraphStore(tmp_path / "store") as s:
        build([tmp_path / "c"], s, nlp=blank_nlp)
    return tmp_path / "store"


def hold(tmp_path, store: Path, mode: str) -> subprocess.Popen:
    script = tmp_path / "holder.py"
    script.write_text(HOLDER)
    proc = subprocess.Popen(
        [sys.executable, str(script), str(store), mode], env=env(), stdout=subprocess.PIPE, text=True
    )
    assert proc.stdout.readline().strip() == "open"
    return proc


@pytest.mark.parametrize(
    "command", [["query", "SELECT * WHERE { ?s ?p ?o } LIMIT 1"], ["export"], ["stats"], ["viz", "-o"]]
)
def test_readers_get_a_clear_message_while_another_process_writes(tmp_path, built_store, command):
    if command[-1] == "-o":
        command = [*command, str(tmp_path / "graph.html")]
    proc = hold(tmp_path, built_store, "write")
    try:
        r = CliRunner().invoke(cli, [*command, "--store", str(built_store)])
        assert r.exit_code == 1
        assert f"the store at {built_store} is being written by another process (pid {proc.pid})" in r.stderr
        assert "Traceback" not in r.output
    finally:
        proc.kill()
        proc.wait()
    r = CliRunner().invoke(cli, [*command, "--store", str(built_store)])  # the writer died: readers work again
    assert r.exit_code == 0, r.stderr


def test_a_second_writer_is_refused_clearly(tmp_path, built_store):
    proc = hold(tmp_path, built_store, "write")
    try:
        with pytest.raises(StoreError, match="in use by another newsgraph process"):
            GraphStore(built_store, wait=0.2)
    finally:
        proc.kill()
        proc.wait()


def test_readers_share_the_store_and_a_writer_waits_for_them(tmp_path, built_store):
    proc = hold(tmp_path, built_store, "read")
    try:
        r = CliRunner().invoke(cli, ["query", COUNT, "--store", str(built_store)])
        assert r.exit_code == 0 and "2" in r.stdout  # two readers at once are fine
        t = time.monotonic()
        with pytest.raises(StoreError, match="wait for it to finish"):
            GraphStore(built_store, wait=0.3)
        assert time.monotonic() - t >= 0.3
    finally:
        proc.kill()
        proc.wait()
    with GraphStore(built_store, wait=0.3) as s:
        assert len(s) > 0


def test_reading_a_store_this_process_is_writing_shares_the_handle(tmp_path, built_store):
    with GraphStore(built_store) as writer:
        writer.replace_article(
            "extra",
            [
                ox.Quad(
                    ox.NamedNode("http://example.org/s"),
                    ox.NamedNode("http://example.org/p"),
                    ox.Literal("o"),
                    ox.NamedNode("http://example.org/g"),
                )
            ],
        )
        with GraphStore(built_store, read_only=True) as reader:
            assert len(reader) == len(writer)
        assert len(writer) > 0  # closing the reader left the writer open
    with GraphStore(built_store) as again:  # and the lock was released at the end
        assert len(again) > 0


# ---- hostile text through the whole pipeline

FRAGMENTS = [
    "<script>alert('x')</script>",
    "<b>",
    "&amp;",
    "&#0;",
    '"',
    "\u201c",
    "\u201d",
    "'",
    "\\",
    "\\u0000",
    "}",
    "{",
    ">",
    "<",
    "\x00",
    "\x07",
    "\x1b[31m",
    "\x7f",
    "\x85",
    "\r\n",
    "\n\n",
    "\t",
    "\u2028",
    "\u200b",
    "\ufeff",
    "\ufffe",
    "\U0001f600",
    "e\u0301",
    "\u202e",
    "Lee Gelernt said",
    " 5,600 children",
    " $1.2 billion",
    " on Thursday",
    "Dec. 16, 2021",
    "DROP ALL ;",
    "@prefix x: <y> .",
    "_:b0",
    "^^<x>",
    '"""',
    "#",
    "%2F",
    "../",
    " ",
    ".",
    "Mr.",
    "U.S.",
    "\u00a0",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=40).map("".join)
IDS = st.one_of(
    st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=20).filter(lambda s: s.strip(".")),
    st.sampled_from(["../../x", "a/b", "<x>", "a b", "%2F", "\\", '"', "}"]),
)
TITLES = st.one_of(st.none(), st.text(max_size=30), st.sampled_from(FRAGMENTS))
ACCEPTED_REFUSALS = (
    "is empty",
    "only blank space",
    "article text is empty",
    "binary file",
    "is not UTF-8",
    "is a ",
    "not valid JSON",
)


def check_rdf(store: GraphStore) -> int:
    """The N-Quads export parses (pyoxigraph and rdflib) and every anchor is the text at its offsets."""
    import rdflib

    data = export(store, "nquads")
    quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
    assert not any(isinstance(t, ox.BlankNode) for q in quads for t in (q.subject, q.object))
    rdflib.Dataset().parse(data=data.decode("utf-8"), format="nquads")
    rows = store.select(
        "SELECT ?a ?b ?e ?t WHERE { ?s nif:anchorOf ?a ; nif:beginIndex ?b ; nif:endIndex ?e ; "
        "nif:referenceContext ?c . ?c nif:isString ?t }"
    )
    for r in rows:
        assert r["t"][r["b"] : r["e"]] == r["a"]
    return len(quads)


def run_pipeline(nlp, text: str, title, kind: str, art_id: str = "a") -> tuple:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / ("a.jsonl" if kind == "jsonl" else "a.txt")
        if kind == "jsonl":
            path.write_text(json.dumps({"id": art_id, "text": text, "title": title}), encoding="utf-8")
        else:
            path.write_bytes(text.encode("utf-8", "surrogatepass"))
        store = GraphStore(None)
        errors: list = []
        report = build([path], store, nlp=nlp, on_error=errors.append, article_seconds=5)
        return report, errors, store


def assert_pipeline_ok(nlp, text, title, kind, art_id="a"):
    report, errors, store = run_pipeline(nlp, text, title, kind, art_id)
    for e in errors:  # only the refusals of unusable input; never an extraction, NLP or RDF failure
        assert e.__cause__ is None, str(e)
        assert any(m in e.problem for m in ACCEPTED_REFUSALS), str(e)
    assert len(report.built) + len(errors) == 1
    if report.built:
        assert check_rdf(store) > 0
        text_in_store = store.select("SELECT ?t WHERE { ?a a schema:NewsArticle ; nif:isString ?t }")[0]["t"]
        assert len(text_in_store) <= len(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS, title=TITLES, kind=st.sampled_from(["jsonl", "txt"]), art_id=IDS)
def test_random_hostile_text_gives_valid_rdf(blank_nlp, text, title, kind, art_id):
    assert_pipeline_ok(blank_nlp, text, title, kind, art_id)


@pytest.mark.model
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXTS.map(lambda t: "Lee Gelernt said on Thursday that 5,600 children were separated. " + t))
def test_random_hostile_text_with_the_real_model(real_nlp, text):
    assert_pipeline_ok(real_nlp, text, None, "jsonl")


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        'Lee Gelernt said "<script>alert(1)</script>" on Thursday, and "}} ; DROP ALL" was typed by him.',
        '\u201cWe will not \\"stop\\",\u201d said Maria Lopez of the Justice Department \x00\x1b[0m on Dec. 16.',
        "The mayor, \u202eTom Brown\u202c, said 1,200 people \U0001f600 left; \"\"\" ''' @prefix x: <y> .",
        "Acme Corp told The Associated Press that \ud800 it had paid $1.2 billion.\n\n\x0cPage 2\x0c",
        "WASHINGTON\n\nDec. 16, 2021.\n\nLee Gelernt said 5,600 children were separated.",  # a bare dateline
    ],
)
def test_hostile_examples_with_the_real_model(real_nlp, text):
    assert_pipeline_ok(real_nlp, text, 'A "title" </title><script>', "jsonl")


# ---- ingest: mixed encodings, long URL-like tokens, the length limit, linear-time patterns (issue 14)


def _read(tmp_path, name: str, data: bytes, **kw):
    from graph.ingest import iter_articles

    p = tmp_path / name
    p.write_bytes(data)
    errors: list = []
    return p, list(iter_articles([p], on_error=errors.append, **kw)), errors


def test_a_file_mixing_utf8_and_cp1252_lines_is_repaired_line_by_line(tmp_path):
    lines = [
        b"date 2022-08-09",
        "\u201cWe agreed,\u201d said the Z\u00fcrich delegate.".encode(),
        "The caf\u00e9 owner \u2014 a witness \u2014 disagreed.".encode("cp1252"),
        "Prices rose 5\u202f% in M\u00fcnchen.".encode(),
    ]
    p, (art,), errors = _read(tmp_path, "mixed.txt", b"\n".join(lines) + b"\n")
    assert not errors
    assert art.text == (
        "\u201cWe agreed,\u201d said the Z\u00fcrich delegate.\n"
        "The caf\u00e9 owner \u2014 a witness \u2014 disagreed.\n"
        "Prices rose 5\u202f% in M\u00fcnchen.\n"
    )
    assert any(w.startswith(f"{p}: line 3 not UTF-8") and "windows-1252" in w for w in art.warnings), art.warnings


def test_a_line_in_no_readable_encoding_is_left_out_by_number(tmp_path):
    data = "Caf\u00e9 one.\n".encode() + b"\x81\x8d\x8f\x90\x9d bad\n" + "Caf\u00e9 three.\n".encode()
    p, (art,), _ = _read(tmp_path, "bad.txt", data)
    assert art.text == "Caf\u00e9 one.\n\nCaf\u00e9 three.\n"
    assert any(w.startswith(f"{p}: line 2 neither UTF-8 nor windows-1252") for w in art.warnings)


def test_mojibake_lines_are_repaired_and_named(tmp_path):
    clean = "It\u2019s the caf\u00e9\u2019s last day, the owner said."
    broken = clean.encode("utf-8").decode("cp1252")  # read once as the wrong encoding, then saved as UTF-8
    p, (art,), _ = _read(tmp_path, "moji.txt", f"First line is fine.\n{broken}\n".encode())
    assert art.text == f"First line is fine.\n{clean}\n"
    assert any(w.startswith(f"{p}: line 2 held mis-decoded characters") for w in art.warnings)


def _hostile_url(rng: random.Random) -> str:
    s = "https://tracking.example.com/"
    while len(s) < 113:
        s += rng.choice("abcdefghij-_=&?/.%0123456789")
    return s[:113]


def test_long_url_like_tokens_are_shortened_in_place_with_a_warning(tmp_path):
    rng = random.Random(3)
    urls = [_hostile_url(rng) for _ in range(100)]
    body = " ".join(f"The mayor said {u} was the link." for u in urls)
    p, (art,), _ = _read(tmp_path, "links.txt", ("date 2022-08-09\n" + body).encode())
    assert len(art.text) == len(body)  # same length: every offset stays where it was in the file
    assert all(len(tok) <= 40 for tok in art.text.split())
    assert art.text.startswith("The mayor said https://tracking.example.com/")
    assert any(w.startswith(f"{p}: 100 URL-like tokens longer than 40") for w in art.warnings)
    short = "See https://example.org/a/b?c=d for details."
    _, (art,), _ = _read(tmp_path, "short.txt", short.encode())
    assert art.text == short


def test_an_article_past_the_length_limit_is_cut_at_a_paragraph_with_a_warning(tmp_path):
    paragraph = "The council met on Tuesday and agreed the budget for the coming year. " * 10
    body = "\n\n".join([paragraph] * 50)
    p, (art,), _ = _read(tmp_path, "long.txt", ("date 2022-08-09\n" + body).encode(), max_chars=10_000)
    assert 5_000 < len(art.text) <= 10_000 and body.startswith(art.text) and body[len(art.text) :].startswith("\n\n")
    assert any(
        w.startswith(f"{p}: article is {len(body):,} characters; cut") and "--max-chars" in w for w in art.warnings
    )
    _, (whole,), _ = _read(tmp_path, "long2.txt", ("date 2022-08-09\n" + body).encode(), max_chars=100_000)
    assert whole.text == body


def test_the_default_length_limit_bounds_an_article_and_the_cli_can_raise_it(tmp_path):
    from graph.ingest import DEFAULT_MAX_CHARS

    assert DEFAULT_MAX_CHARS <= 200_000  # about 40 s of parsing; 20 MB (the old bound) is over an hour
    result = CliRunner().invoke(cli, ["build", "--help"])
    assert "--max-chars" in result.output


def _ingest_patterns() -> list:
    import importlib
    import pkgutil
    import re

    import graph.ingest

    found = []
    for info in pkgutil.iter_modules(graph.ingest.__path__):
        module = importlib.import_module(f"graph.ingest.{info.name}")
        found += [(f"{info.name}.{k}", v) for k, v in vars(module).items() if isinstance(v, re.Pattern)]
    return found


HOSTILE = [
    "a" * 50_000,
    "$" * 50_000,
    "a$" * 25_000,
    "1" * 50_000,
    " " * 50_000,
    "A " * 25_000,
    "(" * 50_000,
    "date " * 10_000,
    "1-" * 25_000,
    "Aug 9 " * 8_000,
    "---\n" * 12_000,
    "ab/" * 16_000,
    "<meta " * 8_000,
    "\u2014 " * 25_000,
    "A." * 25_000,
    "a" * 49_999 + "\n",
]


@pytest.mark.parametrize("name, pattern", _ingest_patterns())
def test_every_ingest_pattern_runs_in_linear_time_on_hostile_text(name, pattern):
    for text in HOSTILE:
        subject = text.encode() if isinstance(pattern.pattern, bytes) else text
        t = time.perf_counter()
        list(pattern.finditer(subject))
        pattern.match(subject)
        assert time.perf_counter() - t < 1.0, (name, text[:10])  # a quadratic pattern takes minutes here
