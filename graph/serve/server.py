"""Binding the app to a socket with waitress: ``newsgraph serve``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import NewsgraphError
from .app import SparqlApp, make_app
from .limits import CHANNEL_TIMEOUT, CONNECTION_LIMIT, MAX_QUERY_BYTES
from .workers import DEFAULT_TIMEOUT, DEFAULT_WORKERS


def make_server(app: SparqlApp, host: str = "127.0.0.1", port: int = 8000, threads: int = 8) -> Any:
    """A waitress server for ``app`` that refuses a body past MAX_QUERY_BYTES while it arrives (not after
    buffering it), holds many slow connections without locking others out, and drops idle ones."""
    from waitress.server import create_server

    return create_server(
        app,
        host=host,
        port=port,
        threads=threads,
        ident="newsgraph",
        max_request_body_size=MAX_QUERY_BYTES,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT,
    )


def serve(
    store: Any,
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    timeout: float = DEFAULT_TIMEOUT,
    workers: int = DEFAULT_WORKERS,
    threads: int = 8,
    cors: bool = False,
    on_ready: Callable[[str], None] | None = None,
    host_names: tuple[str, ...] = (),
    follow: str | None = None,
) -> None:
    """Serve ``make_app(store)`` with waitress until interrupted; ``on_ready(url)`` is called once listening.

    Requests whose Host is not a localhost name, one of ``host_names`` or the address listened on are refused.
    With ``follow`` (the store folder ``store`` is a snapshot of), each newer snapshot a build leaves is served.
    """
    names = tuple(host_names) + ((host,) if host not in ("0.0.0.0", "::", "") else ())
    app = make_app(
        store,
        timeout=timeout,
        workers=workers,
        cors=cors,
        follow=follow,
        host_names=tuple(f"[{n}]" if ":" in n and not n.startswith("[") else n for n in names),
    )
    try:
        try:
            server = make_server(app, host=host, port=port, threads=threads)
        except OSError as e:
            raise NewsgraphError(
                f"cannot listen on {host}:{port}: {e.strerror or e} (pick another --port, or stop what is using it)"
            ) from None
        if on_ready:
            shown = f"[{host}]" if ":" in host else host
            on_ready(f"http://{shown}:{server.effective_port}/")
        try:
            server.run()
        except KeyboardInterrupt:
            pass
        finally:
            server.task_dispatcher.shutdown()
            server.close()
    finally:
        app.close()
