"""The command group, the options several commands share, and how our errors become ``Error:`` lines."""

from __future__ import annotations

import functools
import sys

import click

from .. import settings
from ..errors import NewsgraphError

store_option = click.option(
    "--store",
    "store_path",
    default=settings.STORE,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of the Oxigraph store.",
)


def handle_errors(fn):
    """Turn our own errors into 'Error: ...' and exit code 1; --debug on the group shows the traceback."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except NewsgraphError as e:
            if click.get_current_context().find_root().params.get("debug"):
                raise
            raise click.ClickException(str(e)) from None

    return wrapper


def open_store(path: str, read_only: bool = False):
    from ..store import GraphStore

    return GraphStore(path, read_only=read_only, create=not read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show Python tracebacks for errors.")
@click.version_option(package_name="newsgraph")
def cli(debug: bool) -> None:
    """Build a knowledge graph of who said what from news articles, then query and explore it.

    \b
    Typical session:
      newsgraph build data/             # read articles, extract, resolve, store in out/store
      newsgraph query "SELECT ..."      # SPARQL over all article graphs
      newsgraph viz                     # out/graph.html, an interactive offline page
      newsgraph export --format nquads -o out/graph.nq
    """


def remote_from_options(
    endpoint,
    graph_store,
    user=None,
    password=None,
    token_env=settings.PUSH_TOKEN_ENV,
    retries=settings.PUSH_RETRIES,
    timeout=settings.PUSH_TIMEOUT,
):
    import os

    from ..push import Remote

    if user is None:
        user, password = os.environ.get("NEWSGRAPH_USER"), os.environ.get("NEWSGRAPH_PASSWORD")
    token = None if user else os.environ.get(token_env) or None
    return Remote(
        endpoint=endpoint,
        graph_store=graph_store,
        user=user,
        password=password,
        token=token,
        retries=retries,
        timeout=timeout,
    )


def publish_with_progress(store, remote, graphs: list[str], quiet: bool) -> None:
    from ..push import push as run_push

    show = not quiet and sys.stderr.isatty() and graphs
    with click.progressbar(length=len(graphs), label="Pushing", file=sys.stderr, show_pos=True, hidden=not show) as bar:
        report = run_push(store, remote, graphs, progress=bar.update)
    click.echo(f"{report.summary()} -> {remote.graph_store or remote.endpoint} ({remote.method})", err=True)


def parse_node_types(ctx, param, value):
    """--types as a tuple of node type names; a bad word is a usage error (exit 2)."""
    if value is None:
        return None
    from ..errors import QueryError
    from ..outputs.viz import parse_types

    try:
        return parse_types(value)
    except QueryError as e:
        raise click.BadParameter(str(e)) from None
