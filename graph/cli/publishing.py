"""Commands that show or publish the graph: the page (viz), the endpoint (serve) and push."""

from __future__ import annotations

from pathlib import Path

import click

from .. import settings
from .common import (
    cli,
    handle_errors,
    open_store,
    parse_node_types,
    publish_with_progress,
    remote_from_options,
    store_option,
)


@cli.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    help="File to write  [default: out/graph.html, .graphml or .gexf by --format]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "graphml", "gexf"]),
    default="html",
    show_default=True,
    help="html: the interactive page; graphml and gexf for Gephi or Cytoscape.",
)
@click.option(
    "--focus",
    metavar="NAME",
    help="Draw only the neighbourhood of the entity NAME (any of its names or "
    "its last name, any case, as `said` matches), or of the node with that label.",
)
@click.option(
    "--depth", default=settings.VIZ_DEPTH, show_default=True, type=click.IntRange(0, 20), help="Hops around --focus."
)
@click.option(
    "--max-nodes",
    default=settings.VIZ_MAX_NODES,
    show_default=True,
    type=click.IntRange(1),
    help="Keep at most this many nodes, the most connected; the page says what was left out.",
)
@click.option(
    "--types",
    callback=parse_node_types,
    metavar="LIST",
    help="Node types to draw, comma-separated: people, organizations, places, policies, figures, "
    "quotes, articles, dates, variables, events (the story's dated events, one node across "
    "its reports), undated-events, event-mentions (each article's)  "
    "[default: all but undated-events and event-mentions]",
)
@click.option("--article", metavar="ID", help="Draw only what one article (id or headline) holds.")
@store_option
@handle_errors
def viz(output, fmt, focus, depth, max_nodes, types, article, store_path) -> None:
    """Write the graph as a self-contained interactive HTML page (opens from disk, no network), or GraphML/GEXF.

    \b
    Example:
      newsgraph viz -o out/graph.html
      newsgraph viz --focus "Lee Gelernt" --depth 2 -o out/gelernt.html
      newsgraph viz --types people,organizations,figures --max-nodes 200
      newsgraph viz --format gexf -o out/graph.gexf
    """
    from ..outputs.viz import write

    output = output or f"out/graph.{fmt}"
    with open_store(store_path, read_only=True) as store:
        info = write(store, output, fmt, focus=focus, depth=depth, max_nodes=max_nodes, types=types, article=article)
    click.echo(f"wrote {output} ({info})", err=True)


@cli.command()
@store_option
@click.option(
    "--host",
    default=settings.SERVE_HOST,
    show_default=True,
    help="Address to listen on; the default lets only this machine in.",
)
@click.option("--port", default=settings.SERVE_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--timeout",
    default=settings.SERVE_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=0.1),
    help="Seconds a query may run before it is stopped with an error.",
)
@click.option(
    "--workers",
    default=settings.SERVE_WORKERS,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query processes: how many queries run at once.",
)
@click.option("--cors", is_flag=True, help="Let web pages from other sites (YASGUI) query the endpoint.")
@click.option(
    "--host-name",
    "host_names",
    multiple=True,
    metavar="NAME",
    help="Also answer requests for this Host name (repeatable); localhost names always are, others get 421.",
)
@handle_errors
def serve(store_path, host, port, timeout, workers, cors, host_names) -> None:
    """Serve the store: a read-only SPARQL 1.1 endpoint at /sparql, a SPARQL workbench at /query, the graph at /.

    Results come as JSON, XML, CSV or TSV (Accept header or format=), CONSTRUCT as Turtle or N-Triples.
    Updates are refused. Ctrl+C stops the server.

    \b
    Example:
      newsgraph serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from ..serve import is_loopback
    from ..serve import serve as run_server

    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    from ..snapshots import serving_snapshot

    # the server reads a snapshot, so builds can write the store meanwhile; each finished build leaves a new one
    with serving_snapshot(
        store_path,
        on_wait=lambda: click.echo(f"{store_path}: a build is running; serving starts when it ends", err=True),
    ) as store:
        run_server(
            store,
            host=host,
            port=port,
            timeout=timeout,
            workers=workers,
            cors=cors,
            host_names=host_names,
            follow=store_path if store.path != Path(store_path) else None,
            on_ready=lambda url: click.echo(
                f"serving {store_path} at {url} (SPARQL endpoint {url}sparql, workbench {url}query); Ctrl+C stops",
                err=True,
            ),
        )


@cli.command()
@click.option("--endpoint", help="SPARQL 1.1 Update endpoint, used when there is no --graph-store.")
@click.option("--graph-store", help="Graph Store HTTP Protocol URL: each graph is replaced there with a PUT.")
@click.option("--user", envvar="NEWSGRAPH_USER", help="User for HTTP Basic auth (or NEWSGRAPH_USER).")
@click.option(
    "--password",
    envvar="NEWSGRAPH_PASSWORD",
    help="Password for HTTP Basic auth (better: the NEWSGRAPH_PASSWORD environment variable).",
)
@click.option(
    "--token-env",
    default=settings.PUSH_TOKEN_ENV,
    show_default=True,
    metavar="NAME",
    help="Environment variable holding a bearer token, used when set and there is no --user.",
)
@click.option(
    "--retries",
    default=settings.PUSH_RETRIES,
    show_default=True,
    type=click.IntRange(0, 20),
    help="Retries per graph on transient errors (refused connection, time-out, 5xx), with backoff.",
)
@click.option(
    "--timeout",
    default=settings.PUSH_TIMEOUT,
    show_default=True,
    type=click.FloatRange(min=1),
    help="Seconds per request.",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@store_option
@handle_errors
def push(endpoint, graph_store, user, password, token_env, retries, timeout, quiet, store_path) -> None:
    """Publish every named graph (articles, then shared graphs) to a SPARQL 1.1 server, replacing each.

    Pushing twice leaves the same remote data. A failure names the graph; push again to resume.

    \b
    Example:
      newsgraph push --graph-store http://localhost:7878/store
      NEWSGRAPH_PASSWORD=secret newsgraph push --user admin --graph-store http://localhost:3030/news/data
      newsgraph push --endpoint http://localhost:7200/repositories/news/statements
    """
    from ..push import graphs_to_push

    if not (endpoint or graph_store):
        raise click.UsageError("give --graph-store URL (Graph Store Protocol) or --endpoint URL (SPARQL Update)")
    remote = remote_from_options(endpoint, graph_store, user, password, token_env, retries, timeout)
    with open_store(store_path, read_only=True) as store:
        publish_with_progress(store, remote, graphs_to_push(store), quiet)
