"""The map/reduce path for large corpora: partitions built apart and loaded together equal one build."""
from __future__ import annotations

import pytest

from graph.partition import load_partitions, map_partition
from graph.store import GraphStore

from .conftest import DATA

pytestmark = pytest.mark.model


def article_lines(store: GraphStore) -> list[bytes]:
    return [line for line in store.export("nquads").splitlines() if b"/id/article/" in line.rsplit(b"<", 1)[-1]]


def test_partitions_loaded_together_equal_one_build(tmp_path, seeds_store):
    files = sorted((DATA / "articles").glob("*.txt"))
    parts = []
    for i, chunk in enumerate([files[:2], files[2:]]):
        target = tmp_path / f"part-{i}.nq"
        target.write_bytes(map_partition(chunk))
        parts.append(target)
    assert all(b"/graph/" not in p.read_bytes() for p in parts), "shared graphs belong to the reduce step"
    store = GraphStore(tmp_path / "store")
    loaded = load_partitions(store, parts)
    assert loaded == len(article_lines(store))
    assert article_lines(store) == article_lines(seeds_store)
    assert store.entity_count() == seeds_store.entity_count()
    assert store.has_event_index()  # later builds into it may regroup events incrementally
    store.close()


def test_loading_a_partition_twice_replaces_it(tmp_path):
    part = tmp_path / "p.nq"
    part.write_bytes(map_partition([DATA / "articles" / "000_56a63df888debe6a.txt"]))
    store = GraphStore(tmp_path / "store")
    load_partitions(store, [part])
    n = len(store)
    load_partitions(store, [part])
    assert len(store) == n
    store.close()
