"""Query results for people: tables, CSV/TSV/JSON/XML, named queries and store statistics."""
from __future__ import annotations


import re

import pyoxigraph as ox

from .errors import QueryError
from .store import GraphStore, python_value, results_as
from .vocab import ONTOLOGY_DIR

QUERIES_DIR = ONTOLOGY_DIR / "queries"


def format_result(result, fmt: str = "table") -> str:
    """Render a SELECT/ASK/CONSTRUCT result in ``fmt`` (table, csv, tsv, json, xml)."""
    if isinstance(result, ox.QueryBoolean):
        if fmt in ("json", "xml", "csv", "tsv"):
            return results_as(result, fmt if fmt in ("json", "xml") else "json").decode("utf-8")
        return "true" if bool(result) else "false"
    if not isinstance(result, ox.QuerySolutions):  # CONSTRUCT / DESCRIBE
        return ox.serialize(result, format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
    if fmt != "table":
        out = results_as(result, fmt).decode("utf-8")
        if fmt == "xml":
            from .output import xml_safe

            out = xml_safe(out)  # U+FFFE, U+FFFF and control characters would make it ill-formed
        return out
    names = [v.value for v in result.variables]
    rows = [[_cell(row[n]) for n in names] for row in result]
    return table(names, rows)


def bindings(params) -> dict | None:
    """``["name=Lee Gelernt"]`` -> pyoxigraph substitutions binding ?name to a plain literal."""
    subs = {}
    for p in params:
        name, sep, value = p.partition("=")
        name = name.strip().lstrip("?$")
        if not sep or not name.isidentifier():
            raise ValueError(f"{p!r} is not NAME=VALUE (for example --param name=\"Lee Gelernt\")")
        subs[ox.Variable(name)] = ox.Literal(value)
    return subs or None


def _cell(term) -> str:
    value = python_value(term)
    if value is None:
        return ""
    text = str(value).replace("\n", " ")
    return text if len(text) <= 80 else text[:77] + "..."


def text_cell(v, width: int = 60) -> str:
    """A value as a table cell: whole numbers with thousands separators, text on one line, cut at ``width``."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int):
        return f"{v:,}"
    text = str(v).replace("\n", " ")
    return text if len(text) <= width else text[:width - 3] + "..."


def table(headers: list[str], rows: list[list[str]]) -> str:
    """A plain-text table with a header rule and a row count."""
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(headers), line(["-" * w for w in widths])] + [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' * (len(rows) != 1)})")
    return "\n".join(out) + "\n"


def named_query(name: str) -> str:
    """The text of ``ontology/queries/NAME.rq``; QueryError listing the known names otherwise."""
    path = QUERIES_DIR / f"{name}.rq"
    if not re.fullmatch(r"[\w-]+(?:/[\w-]+)?", name) or not path.is_file():
        known = sorted(p.stem for p in QUERIES_DIR.glob("*.rq"))
        raise QueryError(f"no named query {name!r}; known: {', '.join(known)}")
    return path.read_text(encoding="utf-8")


def store_stats(store: GraphStore) -> dict[str, int]:
    """Counts of what the store holds."""
    q = """SELECT
      (COUNT(DISTINCT ?a) AS ?articles) WHERE { ?a a schema:NewsArticle }"""
    counts = {"articles": store.select(q)[0]["articles"]}
    for label, cls in [("people", "schema:Person"), ("organizations", "schema:Organization"),
                       ("places", "schema:Place"), ("policies", "ng:Policy")]:
        counts[label] = store.select(
            f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <https://w3id.org/newsgraph/graph/entities> "
            f"{{ ?e a {cls} }} }}")[0]["n"]
    for label, cls in [("mentions", "ng:Mention"), ("figures", "ng:FigureClaim"), ("quotes", "ng:QuoteClaim"),
                       ("dates", "ng:DateMention"), ("roles", "org:Membership"), ("events", "ng:Event")]:
        counts[label] = store.select(f"SELECT (COUNT(DISTINCT ?x) AS ?n) WHERE {{ ?x a {cls} }}")[0]["n"]
    counts["graphs"] = len(store.named_graphs())
    counts["quads"] = len(store)
    return counts


def said_rows(store: GraphStore, name: str) -> list[dict]:
    """The quotations of the speaker ``name`` (named query ``said``; the name is a bound parameter)."""
    rows = store.select(named_query("said"), {ox.Variable("name"): ox.Literal(name)})
    return [{k: r[k] for k in ("speaker", "article", "published", "kind", "verb", "text")} for r in rows]


def said_table(rows: list[dict]) -> str:
    cols = ["speaker", "article", "kind", "text"]
    return table(cols, [[text_cell(r.get(c), 80) for c in cols] for r in rows])


def entity_rows(store: GraphStore, entity_type: str | None = None) -> list[dict]:
    """Entities with their type, article count and name forms (named query ``mentions``)."""
    rows = store.select(named_query("mentions"))
    out = []
    for r in rows:
        if entity_type and r["type"] != entity_type:
            continue
        out.append({"name": r["name"], "type": r["type"], "articles": r["articles"],
                    "names": sorted(set((r["aliases"] or "").split(" | ")) - {""})})
    return out


def entity_table(rows: list[dict]) -> str:
    cols = ["name", "type", "articles", "names"]
    return table(cols, [[text_cell(r["name"], 80), r["type"], str(r["articles"]), text_cell(" | ".join(r["names"]), 70)]
                        for r in rows])
