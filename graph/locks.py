"""Advisory locks on a store folder: one writer or many readers, and who holds them.

A writer takes ``newsgraph.lock`` exclusively and writes its pid there; readers share it and each leaves an
empty file named by its pid in ``readers/``, so a build that cannot get the lock names who holds it. The lock is
an ``flock``, dropped by the kernel when its process ends, killed or not. (``fasteners``' reader-writer lock
has the same semantics but no way to tell who holds it, which the messages need.)
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from pathlib import Path

from .errors import StoreError

LOCK_FILE = "newsgraph.lock"
READERS = "readers"  # one empty file per reading process, named by its pid, so a blocked build can name them


def acquire(path: Path, exclusive: bool, wait: float):
    """An advisory lock on ``path/newsgraph.lock``: exclusive for the writer, shared for readers."""
    try:
        import fcntl
    except ImportError:  # not POSIX: rely on Oxigraph's own writer lock
        return None
    try:
        f = open(path / LOCK_FILE, "a+", encoding="ascii")
    except OSError:
        if exclusive:
            raise StoreError(f"cannot write to the store at {path} (check the folder's permissions)") from None
        return None  # a read-only folder: nobody can be writing it through us either
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(f, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() >= deadline:
                f.seek(0)
                holder = f.read().strip()
                f.close()
                if exclusive:
                    who = holder if holder.isdigit() and not readers(path) else ", ".join(readers(path))
                    raise StoreError(
                        f"the store at {path} is in use by another newsgraph process"
                        f"{f' (pid {who})' if who else ''}: a build writing it, or a query, export or viz "
                        f"reading it; wait for it to finish and run this again"
                    ) from None
                raise StoreError(
                    f"the store at {path} is being written by another process"
                    f"{f' (pid {holder})' if holder.isdigit() else ''}; wait for the build to finish "
                    f"and run this again"
                ) from None
            time.sleep(0.1)
    if not exclusive:
        note_reader(path)
    if exclusive:
        try:
            f.seek(0)
            f.truncate()
            f.write(f"{os.getpid()}")
            f.flush()
        except OSError as e:  # a full disk at the very start
            try:
                f.close()
            except OSError:
                pass  # closing flushes the same bytes again
            from .files import fix_for

            raise StoreError(
                f"cannot write to the store at {path}: {e.strerror or e} ({fix_for(e, path / LOCK_FILE)})"
            ) from None
    return f


def note_reader(path: Path) -> None:
    try:
        (path / READERS).mkdir(exist_ok=True)
        (path / READERS / str(os.getpid())).touch()
    except OSError:
        pass  # a read-only folder: a blocked build then names no pid


def forget_reader(path: Path) -> None:
    with contextlib.suppress(OSError):
        (path / READERS / str(os.getpid())).unlink()


def readers(path: Path) -> list[str]:
    """Pids of the processes reading the store now (a killed reader's file stays: its pid is gone, so skipped)."""
    try:
        pids = sorted((p.name for p in (path / READERS).iterdir() if p.name.isdigit()), key=int)
    except OSError:
        return []
    return [pid for pid in pids if Path(f"/proc/{pid}").exists() or not Path("/proc").is_dir()]


def remove_unless_locked(snapshot: Path) -> None:
    try:
        lock = acquire(snapshot, exclusive=True, wait=0.0)
    except StoreError:
        return  # a reader still holds it: try again later
    try:
        shutil.rmtree(snapshot, ignore_errors=True)
    finally:
        if lock is not None:
            lock.close()
