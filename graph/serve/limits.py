"""What the endpoint refuses before or while doing work: big bodies and results, deep or outbound queries,
foreign Host names; and the server's connection limits."""

from __future__ import annotations

import ipaddress
import re
from typing import BinaryIO

from ..sparql import _bare
from .replies import Reply, error

MAX_QUERY_BYTES = 1_000_000
MAX_NESTING = 64  # brackets, braces and parentheses inside each other; Oxigraph's parser recurses on each
MAX_RESULT_BYTES = 512_000_000
LOCAL_HOST_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
CONNECTION_LIMIT = 1000  # waitress's default, 100, let 150 slow clients lock everyone else out
CHANNEL_TIMEOUT = 30  # seconds a connection may stay idle (waitress's default is 120)

_SERVICE = re.compile(r"(?<![\w?$:.\-])SERVICE\b(?![\w:\-])", re.IGNORECASE)


def query_refusal(query: str) -> Reply | None:
    """An error Reply for a query the endpoint will not run, or None.

    SERVICE is refused: the endpoint makes no outbound request of any kind (it would fetch from any host
    the client names, behind the firewall included, and a SERVICE back to itself holds a worker).
    Nesting deeper than MAX_NESTING is refused before Oxigraph's recursive parser can overflow its stack.
    """
    bare = _bare(query)
    if _SERVICE.search(bare):
        return error(
            400,
            "SERVICE is refused: this endpoint makes no requests to other servers (query "
            "the other endpoint yourself, or load its data into the store with `newsgraph build`)",
        )
    depth = deepest = 0
    for c in bare:
        if c in "{([":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_NESTING:
                    return error(
                        400,
                        f"the query nests more than {MAX_NESTING} levels of brackets, braces or "
                        f"parentheses; flatten it (joins and UNION need no nesting)",
                    )
        elif c in "})]":
            depth = max(depth - 1, 0)
    return None


def read_body(stream: BinaryIO, length: int, limit: int = MAX_QUERY_BYTES) -> bytes | None:
    """Up to ``length`` bytes of the body in 64 kB reads; None as soon as it passes ``limit``."""
    parts, size = [], 0
    while size < length:
        chunk = stream.read(min(65536, length - size))
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            return None
        parts.append(chunk)
    return b"".join(parts)


class ResultTooLarge(Exception):
    pass


class CappedBuffer:
    """A write-only byte buffer that stops the serializer once the result passes ``limit`` bytes."""

    def __init__(self, limit: int):
        self.limit, self.size = limit, 0
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        self.size += len(data)
        if self.size > self.limit:
            raise ResultTooLarge
        self.parts.append(bytes(data))
        return len(data)

    def flush(self) -> None:
        pass

    def getvalue(self) -> bytes:
        return b"".join(self.parts)


def host_name(header: str) -> str:
    """The name in a Host header, without the port, lower-cased: ``[::1]:8000`` -> ``[::1]``."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0].rstrip(".") if header.count(":") == 1 else header.rstrip(".")


def foreign_host(host: str | None, allowed: frozenset[str] | set[str]) -> Reply | None:
    """A 421 for a Host header naming none of ``allowed``, or None (no Host header: HTTP/1.0 clients)."""
    if host is None or host_name(host) in allowed:
        return None
    # a page on another site that rebinds its DNS name to this machine sends its own name here
    return error(
        421,
        f"the Host {host_name(host)!r} is not one this server answers to (a guard against "
        f"DNS rebinding); to serve it, start with --host-name {host_name(host)}",
    )


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False
