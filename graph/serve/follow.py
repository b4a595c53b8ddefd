"""Following the builds: when a build leaves a newer snapshot of the store, the server switches to it.

The server reads a snapshot (``graph/store.py``), never the store a build writes. After each request it looks,
at most once a second, for a newer snapshot; if there is one, it opens it with a new worker pool in the
background and swaps it in when ready. The old pool is closed after the longest a query may run, so queries
in flight finish; closing its snapshot lets the next build delete it.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..store import GraphStore, snapshots

log = logging.getLogger("newsgraph.serve")
CHECK_EVERY = 1.0  # seconds between looks at the snapshots folder


class SnapshotFollower:
    """Swaps ``app``'s store and worker pool for the newest snapshot of ``root`` when a build leaves one."""

    def __init__(self, root: str | Path, app: Any, make_pool: Callable[[GraphStore], Any], grace: float):
        self.root, self.app, self.make_pool, self.grace = Path(root), app, make_pool, grace
        self._checked = 0.0
        self._busy = threading.Lock()
        self.switches = 0

    def check(self) -> None:
        """Start switching if a newer snapshot exists (cheap: a folder listing, at most once a second)."""
        now = time.monotonic()
        if now - self._checked < CHECK_EVERY or self._busy.locked():
            return
        self._checked = now
        newest = snapshots(self.root)[-1:]
        current = getattr(self.app.store, "path", None)
        if not newest or newest[0] == current or (current is not None and newest[0].name <= Path(current).name):
            return
        if self._busy.acquire(blocking=False):
            threading.Thread(target=self._switch, args=(newest[0],), daemon=True, name="newsgraph-follow").start()

    def _switch(self, snapshot: Path) -> None:
        try:
            try:
                store = GraphStore(snapshot, read_only=True)
            except Exception as e:  # deleted meanwhile, or unreadable: keep serving the current one
                log.warning("could not open the new snapshot %s: %s", snapshot, e)
                return
            try:
                pool = self.make_pool(store)
            except Exception as e:
                store.close()
                log.warning("could not start workers on the new snapshot %s: %s", snapshot, e)
                return
            old_store, old_pool = self.app.swap(store, pool)
            self.switches += 1
            log.info("now serving %s", snapshot)

            def retire() -> None:
                time.sleep(self.grace)  # queries in flight on the old pool finish first
                old_pool.close()
                if old_store is not None and old_store is not self.app.original_store:
                    old_store.close()

            threading.Thread(target=retire, daemon=True, name="newsgraph-retire").start()
        finally:
            self._busy.release()
