"""Snapshots for servers: a server reads the newest snapshot a build left, so builds never wait for it.

A snapshot is a RocksDB checkpoint of the store (``GraphStore.publish_snapshot``): hard links to its immutable
files, made in milliseconds. Builds leave one when they end, once a server has asked for snapshots (the
``snapshots/`` folder exists); an older snapshot is deleted when no reader holds it.
"""

from __future__ import annotations

import time
from pathlib import Path

from .errors import StoreError
from .store import SNAPSHOTS, GraphStore, snapshots


def open_snapshot(path: str | Path) -> GraphStore | None:
    """The newest snapshot of the store at ``path``, open read-only (None if it has none yet). While it is open,
    no build deletes it."""
    for snapshot in reversed(snapshots(path)):
        try:
            return GraphStore(snapshot, read_only=True)
        except StoreError:
            continue  # deleted between listing and opening: try the one before
    return None


def serving_snapshot(path: str | Path, wait: float = 3600.0, on_wait=None) -> GraphStore:
    """A store for a server to read at ``path``: its newest snapshot, made now if there is none. Asking for one
    makes every later build leave a fresh snapshot when it ends, so a build never waits for the server.

    While a build runs and no snapshot exists yet, this waits (up to ``wait`` seconds) for that build to leave
    one, calling ``on_wait()`` once. A store folder we cannot write to is read directly, as before."""
    root = Path(path)
    if not (root / "CURRENT").exists():
        raise StoreError(f"no store at {root} (build one first: newsgraph build data/ --store {root})")
    try:
        (root / SNAPSHOTS).mkdir(exist_ok=True)
    except OSError:
        return GraphStore(root, read_only=True)
    deadline = time.monotonic() + wait
    told = False
    while True:
        store = open_snapshot(root)
        if store is not None:
            return store
        try:
            with GraphStore(root, wait=0.0) as writer:
                writer.publish_snapshot()
            continue
        except StoreError:
            if time.monotonic() >= deadline:
                raise StoreError(
                    f"the store at {root} is being built and has no snapshot yet; wait for the build "
                    f"to finish and start the server again"
                ) from None
        if not told and on_wait is not None:
            on_wait()
            told = True
        time.sleep(0.5)
