"""One exception tree: every error newsgraph raises on purpose derives from NewsgraphError."""

from __future__ import annotations


class NewsgraphError(Exception):
    """Root of newsgraph's own errors; the CLI turns these into a one-line message and exit code 1."""


class InputError(NewsgraphError):
    """An article that cannot be read. Carries the file and, where known, the line."""

    def __init__(self, path: str, problem: str, fix: str = "", line: int | None = None):
        self.path, self.problem, self.fix, self.line = str(path), problem, fix, line
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {problem}" + (f" ({fix})" if fix else ""))


class QueryError(NewsgraphError):
    """A SPARQL query that failed to parse or run."""


class StoreError(NewsgraphError):
    """The store cannot be opened or written."""


class ModelError(NewsgraphError):
    """The spaCy pipeline cannot be loaded."""


class SchedulerError(NewsgraphError):
    """The Dask scheduler of a distributed build cannot be reached or started."""


class PushError(StoreError):
    """A push that stopped part-way: ``written`` of ``total`` graphs reached the remote before it."""

    def __init__(self, message: str, written: int = 0, total: int = 0):
        super().__init__(message)
        self.written, self.total = written, total


class OutputError(NewsgraphError):
    """A file or folder that cannot be written; the message names the path and the fix."""

    def __init__(self, message: str, path: str = ""):
        super().__init__(message)
        self.path = path
