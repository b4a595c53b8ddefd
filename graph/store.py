"""The persistent graph store: an embedded Oxigraph database, one named graph per article.

``GraphStore`` is the only place that talks to pyoxigraph. Writing an article replaces its whole
named graph in one transaction, so a re-build never duplicates and a killed build never leaves half
an article behind.
"""
from __future__ import annotations

import io
import json
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .rdf import ENTITIES_GRAPH, article_iri, entity_quads
from .resolve import merge_entities
from .vocab import NG, PREFIXES

DEFAULT_STORE = "out/store"

EXPORT_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
                  "jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES}
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


class GraphStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = DEFAULT_STORE, read_only: bool = False, create: bool = True):
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        if self.path is None:
            self._db = ox.Store()
            return
        if not self.path.exists():
            if read_only or not create:
                raise StoreError(f"no store at {self.path} (build one first: newsgraph build data/ --store {self.path})")
            self.path.mkdir(parents=True, exist_ok=True)
        try:
            self._db = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as e:
            msg = str(e)
            if "lock" in msg.lower():
                raise StoreError(f"the store at {self.path} is being written by another process "
                                 f"(wait for it to finish, or query a copy)") from None
            raise StoreError(f"cannot open the store at {self.path}: {msg.splitlines()[0]}") from None

    # ---- writing
    def replace_article(self, article_id: str, quads: list[ox.Quad]) -> None:
        """Replace an article's named graph with ``quads`` in one transaction."""
        graph = article_iri(article_id).value
        triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
        # one SPARQL update is one transaction: no reader and no crash ever sees half an article
        self._db.update(f"DROP SILENT GRAPH <{graph}> ;\nINSERT DATA {{ GRAPH <{graph}> {{\n{triples}}} }}")

    def replace_articles(self, batch: list[tuple[str, list[ox.Quad]]]) -> None:
        for article_id, quads in batch:
            self.replace_article(article_id, quads)

    def remove_article(self, article_id: str) -> None:
        self._db.update(f"DROP SILENT GRAPH <{article_iri(article_id).value}>")

    def article_hashes(self) -> dict[str, str]:
        """Article id -> content hash of every article in the store."""
        rows = self._db.query(
            "SELECT ?id ?h WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
            "<http://schema.org/identifier> ?id ; <%s> ?h } }" % NG.contentHash)
        return {r["id"].value: r["h"].value for r in rows}

    def refresh_entities(self) -> int:
        """Rebuild the shared entities graph from the mentions in every article graph; returns the entity count."""
        rows = self._db.query(
            "SELECT ?e ?type ?name ?wd WHERE { GRAPH ?g { ?e <%s> ?type ; <http://www.w3.org/2004/02/skos/core#altLabel> ?name "
            "OPTIONAL { ?e <http://schema.org/sameAs> ?wd } } FILTER(?g != <%s>) }" % (NG.entityType, ENTITIES_GRAPH.value))
        base = PREFIXES["id"]
        entity_rows = [(r["e"].value[len(base):], r["type"].value, r["name"].value,
                        r["wd"].value.rsplit("/", 1)[-1] if r["wd"] is not None else None) for r in rows]
        subtypes = self._subtypes()
        entities = [e if e.key not in subtypes else _with_subtype(e, subtypes[e.key]) for e in merge_entities(entity_rows)]
        self._db.remove_graph(ENTITIES_GRAPH) if self._db.contains_named_graph(ENTITIES_GRAPH) else None
        self._db.extend(entity_quads(entities))
        return len(entities)

    def _subtypes(self) -> dict[str, str]:
        from .rdf import SUBTYPE_CLASS

        by_class = {str(v): k for k, v in SUBTYPE_CLASS.items()}
        values = " ".join(f"<{c}>" for c in by_class)
        rows = self._db.query("SELECT DISTINCT ?e ?c WHERE { GRAPH ?g { ?e a ?c } VALUES ?c { %s } }" % values)
        base = PREFIXES["id"]
        out: dict[str, str] = {}
        for r in sorted(rows, key=lambda r: (r["e"].value, r["c"].value)):
            out.setdefault(r["e"].value[len(base):], by_class[r["c"].value])
        return out

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            self._db.flush()

    # ---- reading
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all graphs (standard prefixes predeclared)."""
        try:
            return self._db.query(sparql, use_default_graph_as_union=True, prefixes=PREFIXES,
                                  substitutions=substitutions)
        except SyntaxError as e:
            msg = str(e).split("\n")[0]
            if len(msg) > 160:
                msg = msg[:160] + "..."
            raise QueryError(f"SPARQL syntax error: {msg} (check the query; prefixes ng:, schema:, prov:, nif:, "
                             f"skos: and others are predeclared)") from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"query failed: {e}") from None

    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict[str, object]]:
        """A SELECT query's rows as dicts of Python values (str, int, float, bool; None when unbound)."""
        result = self.query(sparql, substitutions)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: python_value(row[n]) for n in names} for row in result]

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._db)

    def __len__(self) -> int:
        return len(self._db)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._db.extend(quads)

    def export(self, fmt: str, output=None) -> bytes | None:
        """Serialise the whole dataset. N-Quads are sorted line by line, so equal stores give equal bytes."""
        if fmt not in EXPORT_FORMATS:
            raise StoreError(f"unknown export format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
        if fmt in ("nquads", "ntriples"):
            if fmt == "nquads":
                data = self._db.dump(format=ox.RdfFormat.N_QUADS)
            else:
                data = ox.serialize((q.triple for q in self._db), format=ox.RdfFormat.N_TRIPLES)
            lines = sorted(set(data.splitlines(keepends=True)))
            data = b"".join(lines)
        elif fmt in ("turtle",):
            data = ox.serialize(sorted({q.triple for q in self._db}, key=str), format=ox.RdfFormat.TURTLE,
                                prefixes=PREFIXES)
        elif fmt == "trig":
            data = self._db.dump(format=ox.RdfFormat.TRIG, prefixes=PREFIXES)
        else:
            data = _jsonld(self._db)
        if output is None:
            return data
        with open(output, "wb") if isinstance(output, (str, Path)) else _nullctx(output) as f:
            f.write(data)
        return None

    def close(self) -> None:
        self.flush()
        del self._db

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _with_subtype(entity, subtype):
    import dataclasses

    return dataclasses.replace(entity, subtype=subtype)


class _nullctx:
    def __init__(self, f):
        self.f = f

    def __enter__(self):
        return self.f

    def __exit__(self, *exc):
        return False


def _jsonld(db: ox.Store) -> bytes:
    """JSON-LD with the project's prefixes as context, one object per named graph."""
    buf = io.BytesIO()
    db.dump(buf, format=ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
    return buf.getvalue()


def python_value(term):
    """A SPARQL result term as a plain Python value."""
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        if dt.endswith(("#integer", "#int", "#long")):
            return int(term.value)
        if dt.endswith(("#decimal", "#double", "#float")):
            return float(term.value)
        if dt.endswith("#boolean"):
            return term.value == "true"
        return term.value
    return term.value


def results_json(result) -> str:
    """SPARQL 1.1 Query Results JSON of a SELECT or ASK result."""
    return result.serialize(format=ox.QueryResultsFormat.JSON).decode("utf-8")


def results_as(result, fmt: str) -> bytes:
    return result.serialize(format=RESULT_FORMATS[fmt])


def json_rows(result) -> list[dict]:
    return json.loads(results_json(result))["results"]["bindings"]
