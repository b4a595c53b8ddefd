"""Servers read snapshots, so a build can write the store while a server answers from it."""

from __future__ import annotations

import threading

import pyoxigraph as ox
import pytest

from graph.errors import StoreError
from graph.snapshots import open_snapshot, serving_snapshot
from graph.store import GraphStore, snapshots


def quad(n: int) -> ox.Quad:
    return ox.Quad(
        ox.NamedNode(f"http://ex/s{n}"), ox.NamedNode("http://ex/p"), ox.Literal(str(n)), ox.NamedNode("http://ex/g")
    )


def build_with(path, *numbers: int) -> None:
    """Write quads as a build does: begin, write, end (which leaves a snapshot once a server asked for one)."""
    with GraphStore(path, wait=0.0) as store:
        store.begin_build()
        store.load_quads([quad(n) for n in numbers])
        store.end_build()


def test_a_build_writes_while_a_server_reads_and_the_server_sees_it_on_the_next_snapshot(tmp_path):
    path = tmp_path / "store"
    build_with(path, 1)
    with serving_snapshot(path) as served:
        assert len(served) == 1
        build_with(path, 2)  # no wait for the reader, no "in use" error
        assert len(served) == 1  # the open snapshot is the store as it was
        with open_snapshot(path) as newer:
            assert len(newer) == 2
    with GraphStore(path, read_only=True) as store:
        assert len(store) == 2


def test_builds_leave_no_snapshots_until_a_server_asks_for_one(tmp_path):
    path = tmp_path / "store"
    build_with(path, 1)
    build_with(path, 2)
    assert snapshots(path) == []
    serving_snapshot(path).close()
    build_with(path, 3)
    assert len(snapshots(path)) == 1  # the new one; the first, unread, is gone


def test_a_snapshot_being_read_is_kept_and_deleted_by_a_later_build_once_released(tmp_path):
    path = tmp_path / "store"
    build_with(path, 1)
    first = serving_snapshot(path)
    build_with(path, 2)
    held = first.path
    assert held in snapshots(path) and len(snapshots(path)) == 2
    first.close()
    build_with(path, 3)
    assert held not in snapshots(path) and len(snapshots(path)) == 1


BUILDER = """
import sys, time, pathlib
import pyoxigraph as ox
from graph.store import GraphStore
path, go = sys.argv[1], pathlib.Path(sys.argv[2])
with GraphStore(path) as store:
    store.begin_build()
    print("building", flush=True)
    while not go.exists():
        time.sleep(0.05)
    store.load_quads([ox.Quad(ox.NamedNode("http://ex/s2"), ox.NamedNode("http://ex/p"), ox.Literal("2"),
                              ox.NamedNode("http://ex/g"))])
    store.end_build()
"""


def test_a_server_started_during_a_build_waits_for_that_build_to_leave_a_snapshot(tmp_path):
    import subprocess
    import sys

    path, go = tmp_path / "store", tmp_path / "go"
    build_with(path, 1)
    builder = subprocess.Popen([sys.executable, "-c", BUILDER, str(path), str(go)], stdout=subprocess.PIPE, text=True)
    try:
        assert builder.stdout.readline().strip() == "building"
        waited = threading.Event()
        got: list[GraphStore] = []
        t = threading.Thread(target=lambda: got.append(serving_snapshot(path, wait=30, on_wait=waited.set)))
        t.start()
        assert waited.wait(10)  # told that a build runs
        go.touch()
        t.join(30)
        assert builder.wait(30) == 0
        assert len(got[0]) == 2  # the snapshot the build left when it ended
        got[0].close()
    finally:
        builder.kill()


def test_no_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="no store at .* newsgraph build data/"):
        serving_snapshot(tmp_path / "missing")


def articles_served(url: str) -> int:
    import json
    import urllib.parse
    import urllib.request

    query = urllib.parse.urlencode({"query": "SELECT (COUNT(?a) AS ?n) WHERE { ?a a schema:NewsArticle }"})
    request = urllib.request.Request(f"{url}sparql?{query}", headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        return int(json.load(reply)["results"]["bindings"][0]["n"]["value"])


@pytest.mark.model
def test_newsgraph_build_succeeds_while_newsgraph_serve_runs_and_the_server_then_sees_the_new_article(
    tmp_path, seeds_store_path
):
    import re
    import shutil
    import subprocess
    import sys
    import time

    store = tmp_path / "store"
    shutil.copytree(seeds_store_path, store)
    server = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--store", str(store), "--port", "0", "--workers", "1"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready = server.stderr.readline()
        url = re.search(r"at (http://\S+/) ", ready)[1]
        assert articles_served(url) == 3
        (tmp_path / "new").mkdir()
        (tmp_path / "new" / "story.txt").write_text("date 2022-01-05\n\nThe mayor said 40 homes were flooded.\n")
        build = subprocess.run(
            [sys.executable, "-m", "graph.cli", "build", str(tmp_path / "new"), "--store", str(store), "-q"],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert build.returncode == 0, build.stderr  # the server never blocks a build
        deadline = time.monotonic() + 60
        while articles_served(url) != 4:  # the server switches to the build's snapshot in the background
            assert time.monotonic() < deadline, "the server never served the new snapshot"
            time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(10)


def test_a_build_blocked_by_a_reader_names_the_reader_pid(tmp_path):
    import subprocess
    import sys

    path = tmp_path / "store"
    build_with(path, 1)
    reader = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time\nfrom graph.store import GraphStore\n"
            "s = GraphStore(sys.argv[1], read_only=True)\nprint('reading', flush=True)\n"
            "time.sleep(30)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout.readline().strip() == "reading"
        with pytest.raises(StoreError, match=rf"in use by another newsgraph process \(pid {reader.pid}\)"):
            GraphStore(path, wait=0.2)
    finally:
        reader.kill()
        reader.wait()
    GraphStore(path, wait=5).close()  # the lock went with the process
