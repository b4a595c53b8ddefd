"""Commands that read the store: query, export, validate, stats and the listings (claims, said, entities,
conflicts, timeline)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .common import cli, handle_errors, open_store, store_option


@cli.command()
@click.argument("sparql", required=False)
@click.option(
    "--file",
    "-f",
    "query_file",
    type=click.Path(exists=True, dir_okay=False, allow_dash=True),
    help="Read the query from a file instead ('-' for standard input).",
)
@click.option(
    "--named",
    "named",
    metavar="NAME",
    help="Run a named query shipped with newsgraph (figures, claims, conflicts, said, mentions, timeline).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "xml"]),
    default="table",
    show_default=True,
    help="json is the SPARQL 1.1 Query Results JSON format.",
)
@click.option(
    "--param",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind ?NAME to the string VALUE (safely, as a literal; never pasted into the query). Repeatable.",
)
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
    from ..named_queries import bindings, named_query
    from ..outputs.tables import format_result

    if sum(x is not None for x in (sparql, query_file, named)) != 1:
        raise click.UsageError(
            "give exactly one of: a SPARQL query (or - for standard input), --file FILE, --named NAME"
        )
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["nquads", "trig", "turtle", "jsonld", "ntriples"]),
    default="nquads",
    show_default=True,
    help="Turtle and N-Triples merge all graphs into one.",
)
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
    from ..outputs.export import export as export_store

    with open_store(store_path, read_only=True) as store:
        if output:
            export_store(store, fmt, output)
            click.echo(f"wrote {output}", err=True)
        else:
            sys.stdout.buffer.write(export_store(store, fmt) or b"")


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
    from ..validate import validate_store

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

    from ..outputs.listings import store_stats

    with open_store(store_path, read_only=True) as store:
        counts = store_stats(store)
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
    else:
        width = max(map(len, counts))
        for k, v in counts.items():
            click.echo(f"{k:<{width}}  {v:>8}")


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

    from ..outputs.listings import claim_rows
    from ..outputs.tables import claims_table

    with open_store(store_path, read_only=True) as store:
        rows = claim_rows(store, about)
    click.echo(
        json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else claims_table(rows), nl=fmt == "json"
    )


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

    from ..outputs.listings import said_rows
    from ..outputs.tables import said_table

    with open_store(store_path, read_only=True) as store:
        rows = said_rows(store, name)
    click.echo(json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else said_table(rows), nl=fmt == "json")


@cli.command()
@click.option(
    "--type",
    "entity_type",
    type=click.Choice(["Person", "Organization", "Place", "Policy"]),
    help="Only entities of this type.",
)
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

    from ..outputs.listings import entity_rows
    from ..outputs.tables import entity_table

    with open_store(store_path, read_only=True) as store:
        rows = entity_rows(store, entity_type)
    click.echo(
        json.dumps(rows, indent=2, ensure_ascii=False) if fmt == "json" else entity_table(rows), nl=fmt == "json"
    )


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

    from ..outputs.listings import conflict_groups
    from ..outputs.tables import conflicts_table

    with open_store(store_path, read_only=True) as store:
        groups = conflict_groups(store)
    click.echo(
        json.dumps(groups, indent=2, ensure_ascii=False) if fmt == "json" else conflicts_table(groups), nl=fmt == "json"
    )


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

    from ..outputs.tables import timeline_table
    from ..outputs.timeline import timeline as read_timeline

    with open_store(store_path, read_only=True) as store:
        events = read_timeline(store, about=about, undated=undated)
    if fmt == "json":
        click.echo(json.dumps([e.as_dict() for e in events], indent=2, ensure_ascii=False))
    else:
        click.echo(timeline_table(events), nl=False)
