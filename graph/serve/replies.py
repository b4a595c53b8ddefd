"""What every part of the endpoint answers with: a ``Reply`` (status, media type, body) and the error replies."""

from __future__ import annotations

from dataclasses import dataclass

TEXT = "text/plain; charset=utf-8"
HTML = "text/html; charset=utf-8"
JSON = "application/json; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer: status, media type and body."""

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


def error(status: int, message: str, *headers: tuple[str, str]) -> Reply:
    """A plain-text ``Error: ...`` answer (the same words the CLI prints)."""
    return Reply(status, TEXT, f"Error: {message}\n".encode(), headers)


def refused() -> Reply:
    return error(
        403,
        "this endpoint is read-only: SPARQL Update is refused (change the graph with "
        "`newsgraph build`, publish it to a writable store with `newsgraph push`)",
    )
