"""The persistent graph store: an embedded Oxigraph database, one named graph per article.

``GraphStore`` is the only place that talks to pyoxigraph. Writing an article replaces its whole
named graph in one transaction, so a re-build never duplicates and a killed build never leaves half
an article behind.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import settings
from .errors import QueryError, StoreError
from .locks import LOCK_FILE, READERS, acquire, forget_reader, remove_unless_locked
from .rdf import article_iri
from .sparql import has_from
from .vocab import NG, PREFIXES

BUILD_MARK = "newsgraph.building"  # present while a build runs; left behind by a killed one
INDEX_MARK = "newsgraph.indexed"  # every article graph carries the event keys an incremental build looks up
SNAPSHOTS = "snapshots"  # present once a server reads the store: each finished build leaves a snapshot there


class _Shared:
    """A store this process has open for writing: later opens of the same folder share the handle."""

    def __init__(self, db: ox.Store, lock):
        self.db, self.lock, self.users = db, lock, 1


_WRITERS: dict[Path, _Shared] = {}  # by resolved path

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


def snapshots(path: str | Path) -> list[Path]:
    """The finished snapshots of the store at ``path``, oldest first."""
    folder = Path(path) / SNAPSHOTS
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.is_dir() and p.name.isdigit())


def serialize(items: Iterable, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
    """Quads or triples serialised in ``fmt`` (pyoxigraph returns bytes when given no output file)."""
    data = ox.serialize(items, format=fmt, prefixes=prefixes)
    assert data is not None
    return data


class GraphStore:
    """An Oxigraph store on disk (or in memory when ``path`` is None)."""

    def __init__(
        self, path: str | Path | None = settings.STORE, read_only: bool = False, create: bool = True, wait: float = 5.0
    ):
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
                raise StoreError(
                    f"no store at {self.path} (build one first: newsgraph build data/ --store {self.path})"
                )
            try:
                self.path.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                from .files import fix_for

                raise StoreError(
                    f"cannot create the store folder {self.path}: {e.strerror or e} "
                    f"({fix_for(e, self.path / 'x')}; or pass another folder to --store)"
                ) from None
        if not self.path.is_dir():
            raise StoreError(f"{self.path} is a file, not a store folder (pass a folder to --store)")
        if not (self.path / "CURRENT").exists():  # not an Oxigraph folder (yet)
            if any(f.name not in (LOCK_FILE, BUILD_MARK, INDEX_MARK, SNAPSHOTS, READERS) for f in self.path.iterdir()):
                raise StoreError(
                    f"{self.path} is not a newsgraph store: the folder holds other files "
                    f"(choose a new or empty folder for --store)"
                )
            if read_only:
                raise StoreError(
                    f"no store at {self.path} (build one first: newsgraph build data/ --store {self.path})"
                )
        key = self.path.resolve()
        if key in _WRITERS:  # this process already writes it: share that handle rather than open it twice
            self._shared = key
            _WRITERS[key].users += 1
            self._db = _WRITERS[key].db
            return
        self._lock = acquire(self.path, exclusive=not read_only, wait=0.0 if read_only else wait)
        try:
            self._db = ox.Store.read_only(str(self.path)) if read_only else ox.Store(str(self.path))
        except OSError as e:
            self._release()
            msg = str(e)
            if "lock" in msg.lower():
                raise StoreError(
                    f"the store at {self.path} is being written by another process "
                    f"(wait for it to finish, or query a copy)"
                ) from None
            raise StoreError(
                f"cannot open the store at {self.path}: {msg.splitlines()[0]} "
                f"(if it is damaged, delete the folder and build again)"
            ) from None
        if not read_only:
            _WRITERS[key] = _Shared(self._db, self._lock)
            self._shared, self._lock = key, None

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.close()  # closing the file drops the flock; a killed process drops it too
            self._lock = None
            if self.read_only and self.path is not None:
                forget_reader(self.path)

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
            from .files import fix_for

            raise StoreError(
                f"cannot write to the store at {self.path}: {e.strerror or e} ({fix_for(e, mark)})"
            ) from None
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
        """The build finished (derived graphs refreshed): flush, leave a snapshot if a server reads the store,
        then clear the mark."""
        self.flush()
        if self.path is not None:
            if (self.path / SNAPSHOTS).is_dir():
                self.publish_snapshot()
            (self.path / BUILD_MARK).unlink(missing_ok=True)

    # ---- snapshots: servers read one while builds write the store
    def publish_snapshot(self) -> Path:
        """Write a snapshot of the store as it is now and return its folder; older snapshots that no reader holds
        are deleted. A snapshot is a RocksDB checkpoint (hard links to the store's immutable files), so it costs
        milliseconds and little disk, and a server reading it never blocks, nor is blocked by, a build."""
        if self.path is None or self.read_only:
            raise StoreError("only a store open for writing on disk can publish a snapshot")
        folder = self.path / SNAPSHOTS
        name = f"{time.time_ns():020d}"
        try:
            folder.mkdir(exist_ok=True)
            self._db.flush()
            self._db.backup(str(folder / f".{name}.partial"))
            (folder / f".{name}.partial").rename(folder / name)
        except OSError as e:
            from .files import fix_for

            raise StoreError(
                f"cannot write a snapshot in {folder}: {e.strerror or e} ({fix_for(e, folder / name)})"
            ) from None
        for old in snapshots(self.path)[:-1]:
            remove_unless_locked(old)
        return folder / name

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
            triples = serialize((q.triple for q in quads), ox.RdfFormat.N_TRIPLES).decode("utf-8")
            self._db.update(
                f"DROP SILENT GRAPH <{graph.value}> ;\nINSERT DATA {{ GRAPH <{graph.value}> {{\n{triples}}} }}"
            )
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
        self._write_difference(
            {q for s in subjects for q in self._db.quads_for_pattern(s, None, None, graph)}, set(quads)
        )

    def _write_difference(self, old: set[ox.Quad], new: set[ox.Quad]) -> None:
        try:
            for q in old - new:
                self._db.remove(q)
            self._db.extend(sorted(new - old, key=str))
        except OSError as e:
            raise StoreError(f"cannot write to the store at {self.path}: {e} (check free disk space)") from None

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update. Only the derive stage calls this, with text it wrote; user text never reaches it."""
        try:
            self._db.update(sparql)
        except OSError as e:
            raise StoreError(f"cannot write to the store at {self.path}: {e} (check free disk space)") from None

    def quads_for(self, subject=None, predicate=None, obj=None, graph=None) -> list[ox.Quad]:
        """The stored quads matching a pattern (None matches anything)."""
        return list(self._db.quads_for_pattern(subject, predicate, obj, graph))

    def remove_quads(self, quads: Iterable[ox.Quad]) -> None:
        for q in quads:
            self._db.remove(q)

    def drop_graph(self, graph: ox.NamedNode) -> None:
        if self._db.contains_named_graph(graph):
            self._db.remove_graph(graph)

    def replace_articles(self, batch: list[tuple[str, list[ox.Quad]]]) -> None:
        for article_id, quads in batch:
            self.replace_article(article_id, quads)

    def remove_article(self, article_id: str) -> None:
        self._db.update(f"DROP SILENT GRAPH <{article_iri(article_id).value}>")

    def article_hashes(self) -> dict[str, str]:
        """Article id -> content hash of every article in the store."""
        rows = self._db.query(
            "SELECT ?id ?h WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> ; "
            "<http://schema.org/identifier> ?id ; <%s> ?h } }" % NG.contentHash
        )
        assert isinstance(rows, ox.QuerySolutions)
        return {r["id"].value: r["h"].value for r in rows}

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
            return self._db.query(
                sparql, use_default_graph_as_union=not has_from(sparql), prefixes=PREFIXES, substitutions=substitutions
            )
        except SyntaxError as e:  # where, the line with a caret, and a hint (a keyword, a PREFIX line, a brace)
            from .sparql_errors import explain

            raise QueryError(explain(sparql, e)) from None
        except (OSError, RuntimeError, ValueError) as e:
            raise QueryError(f"query failed: {e}") from None

    def select(self, sparql: str, substitutions: dict | None = None) -> list[dict[str, Any]]:
        """A SELECT query's rows as dicts of Python values (str, int, float, bool; None when unbound)."""
        result = self.query(sparql, substitutions)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = [v.value for v in result.variables]
        return [{n: python_value(row[n]) for n in names} for row in result]

    def graph_nquads(self, graph: str) -> bytes:
        """One named graph as sorted N-Quads (empty if the store has no such graph)."""
        data = serialize(self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph)), ox.RdfFormat.N_QUADS)
        return b"".join(sorted(data.splitlines(keepends=True)))

    def graph_ntriples(self, graph: str) -> bytes:
        """One named graph's triples as N-Triples."""
        return serialize(
            (q.triple for q in self._db.quads_for_pattern(None, None, None, ox.NamedNode(graph))),
            ox.RdfFormat.N_TRIPLES,
        )

    def quads(self) -> Iterator[ox.Quad]:
        return iter(self._db)

    def __len__(self) -> int:
        return len(self._db)

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self._db.named_graphs() if isinstance(g, ox.NamedNode))

    def load_quads(self, quads: Iterable[ox.Quad]) -> None:
        self._db.extend(quads)

    def dump(self, fmt: ox.RdfFormat, prefixes: dict[str, str] | None = None) -> bytes:
        """The whole dataset serialised by Oxigraph (graph-aware formats only)."""
        data = self._db.dump(format=fmt, prefixes=prefixes)
        assert data is not None  # no output file given: the bytes come back
        return data

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
