"""The query worker processes: each opens the store and answers QueryRequests; a query past its time is
stopped by killing its worker, whose successor starts in the background.

pyoxigraph cannot interrupt a running query from Python, so the only way to stop one is to end its process.
"""

from __future__ import annotations

import logging
import multiprocessing
import queue
import threading
from dataclasses import dataclass
from typing import Any, cast

from .. import settings
from ..errors import NewsgraphError
from .execute import QueryRequest, run_query
from .limits import MAX_RESULT_BYTES
from .replies import Reply, error

log = logging.getLogger("newsgraph.serve")

DEFAULT_TIMEOUT = settings.SERVE_TIMEOUT
DEFAULT_WORKERS = settings.SERVE_WORKERS


def _open_db(source: tuple[str, object]) -> Any:
    import pyoxigraph as ox

    kind, value = source
    if kind == "path":
        return ox.Store.read_only(str(value))
    db = ox.Store()
    db.load(cast(bytes, value), format=ox.RdfFormat.N_QUADS)
    return db


def _worker_main(conn: Any, source: tuple[str, object], max_bytes: int) -> None:
    """A query worker: open the store, say ready, then answer QueryRequests until the pipe closes."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C reaches the whole process group: the parent stops us
    try:
        db = _open_db(source)
    except Exception as e:  # reported to the parent, which raises a NewsgraphError
        conn.send(("failed", f"{type(e).__name__}: {e}"))
        return
    conn.send(("ready", None))
    while True:
        try:
            req = conn.recv()
        except (EOFError, OSError):
            return
        try:
            reply = run_query(db, req, max_bytes)
        except Exception as e:  # one bad query must not end the worker
            reply = error(500, f"the query failed: {type(e).__name__}: {e}")
        conn.send(reply)


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Any


class WorkerPool:
    """Query worker processes; a query past ``timeout`` seconds is stopped by killing its worker."""

    def __init__(
        self,
        source: tuple[str, object],
        size: int = DEFAULT_WORKERS,
        timeout: float = DEFAULT_TIMEOUT,
        max_bytes: int = MAX_RESULT_BYTES,
        start_timeout: float = 120.0,
    ):
        # spawn, not fork: the server is multi-threaded, and a forked child could inherit a held lock
        self._ctx = multiprocessing.get_context("spawn")
        self.source, self.size, self.timeout, self.max_bytes = source, size, timeout, max_bytes
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._live: dict[int, _Worker] = {}  # every started worker, idle or busy, to stop them all on close
        self._lock = threading.Lock()
        self._closed = False
        self.restarts = 0
        self.failure: str | None = None  # why the last replacement worker could not start, until one does
        starting = [self._spawn() for _ in range(size)]
        try:
            for w in starting:
                self._await_ready(w)
        except NewsgraphError:
            for w in starting:
                self._kill(w)
            raise
        for w in starting:
            self._idle.put(w)

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        p = self._ctx.Process(
            target=_worker_main, args=(child, self.source, self.max_bytes), daemon=True, name="newsgraph-query"
        )
        p.start()
        child.close()
        w = _Worker(p, parent)
        with self._lock:
            self._live[id(p)] = w
        return w

    def _await_ready(self, w: _Worker) -> None:
        if not w.conn.poll(self.start_timeout):
            raise NewsgraphError(f"a query worker did not open the store within {self.start_timeout:g} s")
        try:
            status, detail = w.conn.recv()
        except EOFError:
            status, detail = "failed", f"the worker exited with code {w.process.exitcode}"
        if status != "ready":
            raise NewsgraphError(f"a query worker could not open the store: {detail}")

    def _kill(self, w: _Worker) -> None:
        with self._lock:
            self._live.pop(id(w.process), None)
        w.process.kill()
        w.process.join(5)
        w.conn.close()

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` now; a background thread starts its successor, so the reply is not held up."""
        self._kill(w)
        with self._lock:
            self.restarts += 1
        self._start_one()

    def _start_one(self) -> None:
        def start() -> None:
            if self._closed:
                return
            new = None
            try:
                new = self._spawn()
                self._await_ready(new)
            except (NewsgraphError, OSError) as e:  # the pool runs one worker short; the log says why
                self.failure = str(e)
                if not self._closed:
                    log.error("could not replace a query worker: %s", e)
                if new is not None:
                    self._kill(new)
                return
            self.failure = None
            if self._closed:
                self._kill(new)
            else:
                self._idle.put(new)

        threading.Thread(target=start, daemon=True, name="newsgraph-respawn").start()

    def pids(self) -> list[int]:
        """The process ids of the workers now running (for monitoring, and tests that kill one)."""
        with self._lock:
            return [w.process.pid for w in self._live.values() if w.process.pid is not None]

    def _live_count(self) -> int:
        with self._lock:
            return len(self._live)

    def _no_workers(self) -> Reply:
        return error(
            503,
            f"no query worker is running: {self.failure} (check that the store folder is still "
            f"there and readable, then restart `newsgraph serve`)",
            ("Retry-After", "5"),
        )

    def _take(self) -> _Worker | Reply:
        """A live idle worker, replacing dead ones met on the way; an error Reply when none comes in time."""
        import time

        deadline = time.monotonic() + self.timeout
        while True:
            if self._live_count() < self.size and self.failure is not None:
                if self._live_count() == 0:
                    self._start_one()  # try again: the store may be back
                    return self._no_workers()
            left = deadline - time.monotonic()
            if left <= 0:
                return error(503, f"all {self.size} query workers are busy; try again shortly", ("Retry-After", "5"))
            try:
                w = self._idle.get(timeout=min(left, 0.5))
            except queue.Empty:
                continue
            if w.process.is_alive():
                return w
            self._replace(w)  # it died while idle (killed, out of memory)

    def run(self, req: QueryRequest) -> Reply:
        """Answer ``req`` in a free worker, or an error reply when none is free or it runs too long."""
        w = self._take()
        if isinstance(w, Reply):
            return w
        try:
            w.conn.send(req)
            if w.conn.poll(self.timeout):
                reply = w.conn.recv()
                self._idle.put(w)
                return reply
        except (EOFError, OSError):
            code = w.process.exitcode
            self._replace(w)
            return error(
                500,
                f"the query worker stopped (exit code {code}: out of memory, or a crash on this "
                f"query?); the query was not answered, and a new worker is starting",
            )
        self._replace(w)
        return error(
            503,
            f"query stopped after {self.timeout:g} s (the server's --timeout); add LIMIT, "
            f"narrow the patterns, or raise --timeout",
        )

    def close(self) -> None:
        """Stop every worker, busy or starting ones included."""
        self._closed = True
        with self._lock:
            workers = list(self._live.values())
        for w in workers:
            self._kill(w)
