"""The persistent graph store: an embedded Oxigraph database, one named graph per article.

``GraphStore`` is the only place that talks to pyoxigraph. Writing an article replaces its whole
named graph in one transaction, so a re-build never duplicates and a killed build never leaves half
an article behind.
"""
from __future__ import annotations

import contextlib
import json
import re
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path

import pyoxigraph as ox

from .errors import QueryError, StoreError
from .rdf import ENTITIES_GRAPH, article_iri, entity_quads
from .resolve import merge_entities
from .vocab import NG, PREFIXES

DEFAULT_STORE = "out/store"
LOCK_FILE = "newsgraph.lock"
SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
BUILD_MARK = "newsgraph.building"  # present while a build runs; left behind by a killed one
INDEX_MARK = "newsgraph.indexed"  # every article graph carries the event keys an incremental build looks up


class _Shared:
    """A store this process has open for writing: later opens of the same folder share the handle."""

    def __init__(self, db: ox.Store, lock):
        self.db, self.lock, self.users = db, lock, 1


_WRITERS: dict[Path, _Shared] = {}  # by resolved path

EXPORT_FORMATS = {"nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG, "turtle": ox.RdfFormat.TURTLE,
                  "jsonld": ox.RdfFormat.JSON_LD, "ntriples": ox.RdfFormat.N_TRIPLES}
RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
SPARQL_PREFIXES = "".join(f"PREFIX {k}: <{v}>\n" for k, v in PREFIXES.items())


UPDATE_KEYWORDS = r"INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"
_TOKENS = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                     r'|<[^<>"{}|^`\\\s]*>|#[^\n]*')


def _bare(sparql: str) -> str:
    """The query with strings, IRIs and comments blanked, so keywords inside them are not seen."""
    return _TOKENS.sub(" ", sparql)


def is_update(sparql: str) -> bool:
    """True when the text is a SPARQL Update (its first keyword after the prologue is an update verb)."""
    return re.match(rf"\s*(?:(?:PREFIX\s+[^\s:]*:|BASE)\s*)*(?:{UPDATE_KEYWORDS})\b", _bare(sparql),
                    re.IGNORECASE) is not None


def has_from(sparql: str) -> bool:
    """True when the query names its own default graph with FROM (not FROM NAMED)."""
    return re.search(r"\bFROM\s+(?!NAMED\b)", _bare(sparql), re.IGNORECASE) is not None


class GraphStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(self, path: str | Path | None = DEFAULT_STORE, read_only: bool = False, create: bool = True,
                 wait: float = 5.0):
        """Open (or create) the store. A writer locks it exclusively, readers share it: a reader never opens a
        store while a build writes it (Oxigraph's read-only mode is undefined then). ``wait`` is how many
        seconds a writer waits for readers to finish."""
        self.path = None if path is None else Path(path)
        self.read_only = read_only
        self._lock = None
        self._shared: Path | None = None
        self._indexed = False
        if self.path is None:
            self._db = ox.Store()
            return
        if not self.path.exists():
            if read_only or not create:
                raise StoreError(f"no store at {self.path} (build one first: newsgraph build data/ --store {self.path})")
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                from .output import fix_for

                raise StoreError(f"cannot create the store folder {self.path}: {e.strerror or e} "
                                 f"({fix_for(e, self.path / 'x')}; or pass another folder to --store)") from None
        if not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder (pass a folder to --store)")
        if not (self.path / "CURRENT").exists():  # not an Oxigraph folder (yet)
            if any(f.name not in (LOCK_FILE, BUILD_MARK, INDEX_MARK) for f in self.path.iterdir()):
                raise StoreError(f"{self.path} is not a newsgraph store: the folder holds other files "
                                 f"(choose a new or empty folder for --store)")
            if read_only:
                raise StoreError(f"no store at {self.path} (build one first: newsgraph build data/ --store {self.path})")
        key = self.path.resolve()
        if key in _WRITERS:  # this process already writes it: share that handle rather than open it twice
            self._shared = key
            _WRITERS[key].users += 1
            self._db = _WRITERS[key].db
            return
        self._lock = _acquire(self.path, exclusive=not read_only, wait=0.0 if read_only else wait)
        try:
            self._db = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as e:
            self._release()
            msg = str(e)
            if "lock" in msg.lower():
                raise StoreError(f"the store at {self.path} is being written by another process "
                                 f"(wait for it to finish, or query a copy)") from None
            raise StoreError(f"cannot open the store at {self.path}: {msg.splitlines()[0]} "
                             f"(if it is damaged, delete the folder and build again)") from None
        if not read_only:
            _WRITERS[key] = _Shared(self._db, self._lock)
            self._shared, self._lock = key, None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file drops the flock; a killed process drops it too
            self._lock = None

    # ---- interrupted builds
    def begin_build(self) -> bool:
        """Mark the store as being built; True if a previous build stopped before finishing (killed)."""
        if self.path is None:
            return False
        mark = self.path / BUILD_MARK
        interrupted = mark.exists()
        try:
            mark.write_text(f"{os.getpid()}\n", encoding="ascii")
        except OSError as e:
            from .output import fix_for

            raise StoreError(f"cannot write to the store at {self.path}: {e.strerror or e} "
                             f"({fix_for(e, mark)})") from None
        return interrupted

    def has_event_index(self) -> bool:
        """Whether every article graph carries its event reports' group keys (stores built before they existed
        do not: their events are regrouped in full until every article is built again)."""
        return self._indexed if self.path is None else (self.path / INDEX_MARK).exists()

    def mark_event_index(self) -> None:
        if self.path is None:
            self._indexed = True
        else:
            (self.path / INDEX_MARK).write_text("1\n", encoding="ascii")

    def end_build(self) -> None:
        """The build finished (derived graphs refreshed): flush, then clear the mark."""
        self.flush()
        if self.path is not None:
            (self.path / BUILD_MARK).unlink(missing_ok=True)

    # ---- writing
    def replace_article(self, article_id: str, quads: list[ox.Quad]) -> None:
        """Replace an article's named graph with ``quads`` in one transaction."""
        self._replace_graph(article_iri(article_id), quads)

    def _replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Write ``graph`` in one transaction, so no reader and no crash ever sees half a graph: a new graph with
        one atomic ``extend``, an existing one with DROP + INSERT DATA as one SPARQL update (terms go through the
        N-Triples serialiser, so text is escaped, never pasted)."""
        try:
            if not self._db.contains_named_graph(graph):
                self._db.extend(quads)  # a new graph: one transaction, and faster than parsing an update
                return
            triples = ox.serialize((q.triple for q in quads), format=ox.RdfFormat.N_TRIPLES).decode("utf-8")
            self._db.update(f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{triples}}} }}")
        except OSError as e:
            raise StoreError(f"cannot write to the store at {self.path}: {e} (check free disk space)") from None

    def replace_graph(self, graph: ox.NamedNode, quads: Iterable[ox.Quad]) -> None:
        """Make a derived named graph (claims, events) hold exactly ``quads``, writing only the difference.

        A new article changes few derived statements, so this is far cheaper than rewriting the graph. It is
        not one transaction, and need not be: a killed build leaves its marker, and the next build recomputes
        every derived graph in full.
        """
        self._write_difference(set(self._db.quads_for_pattern(None, None, None, graph)), set(quads))

    def replace_subjects(self, graph: ox.NamedNode, subjects: Iterable[ox.NamedNode], quads: Iterable[ox.Quad]) -> None:
        """Replace what ``graph`` says about ``subjects`` with ``quads`` (about those or other subjects), writing
        only the difference; the rest of the graph is left as it is. Like ``replace_graph``, not one transaction."""
        self._write_difference({q for s in subjects for q in self._db.quads_for_pattern(s, None, None, graph)},
                               set(quads))

    def _write_difference(self, old: set[ox.Quad], new: set[ox.Quad]) -> None:
        try:
            for q in old - new:
                self._db.remove(q)
            self._db.extend(sorted(new - old, key=str))
        except OSError as e:
            raise StoreError(f"cannot write to the store at {self.path}: {e} (check free disk space)") from None

    def replace_articles(self, batch: list[tuple[str, list[ox.Quad]]]) -> None:
        for article_id, quads in batch:
            self.replace_article(article_id, quads)

    def remove_article(self, article_id: str) -> None:
        self._db.update(f"DROP SILENT GRAPH <{article_iri(article_id).value}>")

    def has_figures(self, article_ids) -> bool:
        """Whether any of these articles' graphs (as stored now) holds a figure claim."""
        return any(self._db.query("ASK { GRAPH <%s> { ?c a <%s> } }" % (article_iri(a).value, NG.FigureClaim))
                   for a in article_ids)

    def article_hashes(self) -> dict[str, str]:
        """Article id -> content hash of every article in the store."""
        rows = self._db.query(
            "SELECT ?id ?h WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
            "<http://schema.org/identifier> ?id ; <%s> ?h } }" % NG.contentHash)
        return {r["id"].value: r["h"].value for r in rows}

    def refresh_entities(self, keys: set[str] | None = None) -> int:
        """Rebuild the shared entities graph from the mentions in the article graphs; returns the entity count.

        With ``keys``, only those entities are recomputed (an incremental build touches few entities).
        """
        base = PREFIXES["id"]
        values = "" if keys is None else "VALUES ?e { %s }" % " ".join(f"<{base}{k}>" for k in sorted(keys))
        if keys is not None and not keys:
            return self.entity_count()
        rows = self._db.query(
            "SELECT ?e ?type ?name ?wd WHERE { %s GRAPH ?g { ?e <%s> ?type ; "
            "<http://www.w3.org/2004/02/skos/core#altLabel> ?name OPTIONAL { ?e <http://schema.org/sameAs> ?wd } } "
            "FILTER(?g != <%s>) }" % (values, NG.entityType, ENTITIES_GRAPH.value))
        entity_rows = [(r["e"].value[len(base):], r["type"].value, r["name"].value,
                        r["wd"].value.rsplit("/", 1)[-1] if r["wd"] is not None else None) for r in rows]
        subtypes = self._subtypes(values)
        entities = [e if e.key not in subtypes else _with_subtype(e, subtypes[e.key]) for e in merge_entities(entity_rows)]
        if keys is None:
            self._db.remove_graph(ENTITIES_GRAPH) if self._db.contains_named_graph(ENTITIES_GRAPH) else None
        else:
            for key in keys:
                node = ox.NamedNode(base + key)
                for q in list(self._db.quads_for_pattern(node, None, None, ENTITIES_GRAPH)):
                    self._db.remove(q)
        self._db.extend(entity_quads(entities))
        return self.entity_count()

    def relink_surnames(self) -> set[str]:
        """Point surname-only person entities at the one full name with that surname (see resolve.surname_links);
        returns the keys whose evidence moved."""
        from .resolve import surname_links

        base = PREFIXES["id"]
        rows = self._db.query("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e <%s> \"Person\" } FILTER(?g != <%s>) }"
                              % (NG.entityType, ENTITIES_GRAPH.value))
        links = surname_links(r["e"].value[len(base):] for r in rows)
        for old, new in sorted(links.items()):
            o, n = f"<{base}{old}>", f"<{base}{new}>"
            self._db.update(f"DELETE {{ GRAPH ?g {{ ?s ?p {o} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {n} }} }} "
                            f"WHERE {{ GRAPH ?g {{ ?s ?p {o} }} }} ;\n"
                            f"DELETE {{ GRAPH ?g {{ {o} ?p ?x }} }} INSERT {{ GRAPH ?g {{ {n} ?p ?x }} }} "
                            f"WHERE {{ GRAPH ?g {{ {o} ?p ?x }} }}")
        return set(links) | set(links.values())

    def entity_count(self) -> int:
        rows = self._db.query("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <%s> { ?e <%s> ?t } }"
                              % (ENTITIES_GRAPH.value, NG.entityType))
        return int(next(iter(rows))["n"].value)

    def entity_keys_of(self, article_ids) -> set[str]:
        """Keys of the entities the given articles' graphs mention now (before they are replaced)."""
        base = PREFIXES["id"]
        keys: set[str] = set()
        for art in article_ids:
            rows = self._db.query("SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> ?e } }"
                                  % article_iri(art).value)
            keys.update(r["e"].value[len(base):] for r in rows)
        return keys

    def labels(self, keys=None) -> dict[str, str]:
        """Entity key -> preferred label in the shared entities graph, for those of ``keys`` (all if None)."""
        base = PREFIXES["id"]
        if keys is not None and not keys:
            return {}
        values = "" if keys is None else "VALUES ?e { %s }" % " ".join(f"<{base}{k}>" for k in sorted(keys))
        rows = self._db.query("SELECT ?e ?label WHERE { %s GRAPH <%s> { ?e <%s> ?label } }"
                              % (values, ENTITIES_GRAPH.value, SKOS_PREF_LABEL))
        return {r["e"].value[len(base):]: r["label"].value for r in rows}

    def _subtypes(self, values: str = "") -> dict[str, str]:
        from .rdf import SUBTYPE_CLASS

        by_class = {str(v): k for k, v in SUBTYPE_CLASS.items()}
        classes = " ".join(f"<{c}>" for c in by_class)
        rows = self._db.query("SELECT DISTINCT ?e ?c WHERE { %s GRAPH ?g { ?e a ?c } VALUES ?c { %s } }" % (values, classes))
        base = PREFIXES["id"]
        out: dict[str, str] = {}
        for r in sorted(rows, key=lambda r: (r["e"].value, r["c"].value)):
            out.setdefault(r["e"].value[len(base):], by_class[r["c"].value])
        return out

    def flush(self) -> None:
        if not self.read_only and self.path is not None:
            try:
                self._db.flush()
            except OSError as e:
                raise StoreError(f"cannot write to the store at {self.path}: {e} (check free disk space)") from None

    # ---- reading
    def query(self, sparql: str, substitutions: dict | None = None):
        """Run a SPARQL query over the union of all graphs, unless it says FROM (standard prefixes predeclared)."""
        try:
            # a query with FROM names its own default graph; otherwise it sees the union of all graphs
            return self._db.query(sparql, use_default_graph_as_union=not has_from(sparql), prefixes=PREFIXES,
                                  substitutions=substitutions)
        except SyntaxError as e:  # where, the line with a caret, and a hint (a keyword, a PREFIX line, a brace)
            from .sparql_errors import explain

            raise QueryError(explain(sparql, e)) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"query failed: {e}") from None

    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict[str, object]]:
        """A SELECT query's rows as dicts of Python values (str, int, float, bool; None when unbound)."""
        result = self.query(sparql, substitutions)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: python_value(row[n]) for n in names} for row in result]

    def graph_nquads(self, graph: str) -> bytes:
        """One named graph as sorted N-Quads (empty if the store has no such graph)."""
        data = ox.serialize(self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph)),
                            format=ox.RdfFormat.N_QUADS)
        return b"".join(sorted(data.splitlines(keepends=True)))

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph's triples as N-Triples."""
        return ox.serialize((q.triple for q in self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph))),
                            format=ox.RdfFormat.N_TRIPLES)

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
            data = self._db.dump(format=ox.RdfFormat.JSON_LD, prefixes=PREFIXES)
        if output is None:
            return data
        if isinstance(output, (str, Path)):
            from .output import atomic_write

            atomic_write(output, data)  # whole or not at all; OS errors name the path and the fix
        else:
            output.write(data)
        return None

    def close(self) -> None:
        if not hasattr(self, "_db"):
            return
        try:
            self.flush()
        finally:
            self._close()

    def _close(self) -> None:
        del self._db
        if self._shared is not None:
            shared = _WRITERS[self._shared]
            shared.users -= 1
            if shared.users == 0:  # the last user: close the database, then drop the lock
                del _WRITERS[self._shared]
                self._lock = shared.lock
                del shared
        self._release()

    def __enter__(self) -> GraphStore:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
            return
        try:
            self.close()
        except (StoreError, OSError):
            pass  # report the first error: a second one from close() (the disk is still full) would hide it


def _acquire(path: Path, exclusive: bool, wait: float):
    """An advisory lock on ``path/newsgraph.lock``: exclusive for the writer, shared for readers."""
    try:
        import fcntl
    except ImportError:  # not POSIX: rely on Oxigraph's own writer lock
        return None
    try:
        f = open(path / LOCK_FILE, "a+", encoding="ascii")
    except OSError:
        if exclusive:
            raise StoreError(f"cannot write to the store at {path} (check the folder's permissions)") from None
        return None  # a read-only folder: nobody can be writing it through us either
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(f, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
            break
        except OSError:
            if time.monotonic() >= deadline:
                f.seek(0)
                holder = f.read().strip()
                f.close()
                if exclusive:
                    raise StoreError(f"the store at {path} is in use by another newsgraph process "
                                     f"(a build writing it, or a query, export, viz or serve reading it); wait for it to "
                                     f"finish and run this again") from None
                raise StoreError(f"the store at {path} is being written by another process"
                                 f"{f' (pid {holder})' if holder.isdigit() else ''}; wait for the build to finish "
                                 f"and run this again") from None
            time.sleep(0.1)
    if exclusive:
        try:
            f.seek(0)
            f.truncate()
            f.write(f"{os.getpid()}")
            f.flush()
        except OSError as e:  # a full disk at the very start
            try:
                f.close()
            except OSError:
                pass  # closing flushes the same bytes again
            from .output import fix_for

            raise StoreError(f"cannot write to the store at {path}: {e.strerror or e} "
                             f"({fix_for(e, path / LOCK_FILE)})") from None
    return f


def _with_subtype(entity, subtype):
    import dataclasses

    return dataclasses.replace(entity, subtype=subtype)


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
