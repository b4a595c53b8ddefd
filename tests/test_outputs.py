"""Writers under bad luck: atomic files, OS errors as one-line errors naming the path, XML-safe text."""

from __future__ import annotations

import dataclasses
import os
import resource
import signal
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner
from pyoxigraph import Literal, NamedNode, Quad

from graph.cli import cli
from graph.files import atomic_write, xml_safe
from graph.outputs import viz
from graph.store import GraphStore

from .viz_corpus import corpus, make_store

BAD = "\ufffe\uffff\x01\x1b"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def bad_store():
    exs, keys = corpus()
    art = exs[0].article
    exs[0] = dataclasses.replace(exs[0], article=dataclasses.replace(art, title=f"Families{BAD} go back"))
    extra = [
        Quad(
            NamedNode("https://w3id.org/newsgraph/id/x"),
            NamedNode("http://schema.org/name"),
            Literal(f"odd{BAD}name"),
            NamedNode("https://w3id.org/newsgraph/graph/test-extra"),
        )
    ]
    return make_store(exs, keys, extra)


def test_xml_safe_drops_only_what_xml_forbids():
    assert xml_safe(f"a{BAD}b\t\n\r\u00e9\U0001f600\ufffd") == "ab\t\n\r\u00e9\U0001f600\ufffd"


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_graphml_and_gexf_are_well_formed_with_forbidden_characters(bad_store, tmp_path, fmt):
    out = tmp_path / f"g.{fmt}"
    viz.write(bad_store, out, fmt)
    text = out.read_text(encoding="utf-8")
    ET.fromstring(text.encode("utf-8"))  # raises on ill-formed XML
    assert "Familiesgo back" in text or "Families go back" in text.replace("Familiesgo", "Families go")


def test_xml_query_results_are_well_formed_with_forbidden_characters(bad_store):
    from graph.outputs.tables import format_result

    out = format_result(bad_store.query("SELECT ?n WHERE { GRAPH ?g { ?s <http://schema.org/name> ?n } }"), "xml")
    ET.fromstring(out.encode("utf-8"))
    assert "oddname" in out


def test_xml_results_from_the_endpoint_are_well_formed(bad_store):
    import pyoxigraph as ox

    from graph.serve import QueryRequest, run_query

    db = ox.Store()  # what a query worker holds: a pyoxigraph store
    db.extend(bad_store.quads())
    reply = run_query(db, QueryRequest("SELECT ?n WHERE { GRAPH ?g { ?s <http://schema.org/name> ?n } }", fmt="xml"))
    assert reply.status == 200
    ET.fromstring(reply.body)


def test_atomic_write_replaces_whole_or_leaves_the_old_file(tmp_path):
    out = tmp_path / "a.txt"
    atomic_write(out, "first")
    atomic_write(out, "second")
    assert out.read_text() == "second" and [p.name for p in tmp_path.iterdir()] == ["a.txt"]


def store_on_disk(tmp_path, source) -> Path:
    path = tmp_path / "store"
    with GraphStore(path) as s:
        s.load_quads(source.quads())
    return path


def test_export_to_an_unwritable_path_is_an_error_naming_it(bad_store, tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    target = blocker / "out.nq"
    result = CliRunner().invoke(cli, ["export", "--store", str(store_on_disk(tmp_path, bad_store)), "-o", str(target)])
    assert result.exit_code == 1
    assert result.output.startswith(f"Error: cannot write {target}: ")
    assert f"{blocker} is a file, not a folder: pick another path" in result.output


def test_a_store_folder_that_cannot_be_created_is_an_error_naming_it(tmp_path):
    blocker = tmp_path / "afile"
    blocker.write_text("x")
    (tmp_path / "a.txt").write_text("date 2021-12-16\nMayor Jane Smith said the bridge opens in May.")
    result = CliRunner().invoke(
        cli, ["build", str(tmp_path / "a.txt"), "--store", str(blocker / "store"), "-q", "--model", "blank:en"]
    )
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: cannot create the store folder {blocker / 'store'}: ")
    assert f"{blocker} is a file, not a folder" in result.output
    assert "--store" in result.output


def _limit_file_size():
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead of killing us
    resource.setrlimit(resource.RLIMIT_FSIZE, (4_000, 4_000))


@pytest.mark.parametrize(
    "command,name",
    [
        (["viz"], "graph.html"),
        (["export", "--format", "nquads"], "graph.nq"),
        (["viz", "--format", "graphml"], "graph.graphml"),
    ],
)
def test_a_full_disk_leaves_the_old_file_and_says_so(bad_store, tmp_path, command, name):
    store = store_on_disk(tmp_path, bad_store)
    out = tmp_path / name
    out.write_text("the previous version\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", *command, "--store", str(store), "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.startswith(f"Error: cannot write {out}: File too large"), proc.stderr
    assert "disk is full" in proc.stderr and "Traceback" not in proc.stderr
    assert out.read_text() == "the previous version\n"  # not a truncated page
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([name, "store"])  # no temp file left


@pytest.mark.parametrize("limit", [0, 100_000])  # full at the start; full part-way through the build
def test_a_full_disk_during_a_build_is_one_error_line_naming_the_store(tmp_path, limit):
    from .helpers import DATA

    def full_disk():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    store = tmp_path / "store"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", str(DATA), "--store", str(store), "-q", "--model", "blank:en"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        preexec_fn=full_disk,
    )
    assert proc.returncode == 1, proc.stderr[-2000:]
    assert proc.stderr.startswith(f"Error: cannot write to the store at {store}: "), proc.stderr[-2000:]
    assert "File too large" in proc.stderr and ("free" in proc.stderr) and "Traceback" not in proc.stderr


def test_long_labels_are_cut_where_drawn_and_kept_whole_for_the_tooltip():
    exs, keys = corpus()
    graph = viz.graph_data(make_store(exs, keys))
    long_name = "Lee " + "Gelernt" * 1500  # a 10k-character label
    nodes = list(graph.nodes)
    who = next(i for i, n in enumerate(nodes) if n.label == "Lee Gelernt")
    nodes[who] = dataclasses.replace(nodes[who], label=long_name)
    edges = list(graph.edges)
    edges[0] = dataclasses.replace(edges[0], label="x" * 5000)
    cut = dataclasses.replace(graph, nodes=nodes, edges=edges)
    data, net = viz.page_data(cut), viz.network(cut)
    assert data["nodes"][who]["l"] == long_name and data["edges"][0]["l"] == "x" * 5000  # tooltip and search
    drawn = net.nodes[who]["label"]  # what vis-network draws
    assert len(drawn) <= viz.MAX_LABEL and drawn.startswith("Lee Gelernt") and drawn.endswith("\u2026")
    assert all(d["label"] == n.label for d, n in zip(net.nodes, nodes, strict=True) if len(n.label) <= viz.MAX_LABEL)
    assert len(net.edges[0]["label"]) <= viz.MAX_LABEL
