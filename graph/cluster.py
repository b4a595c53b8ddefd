"""Building on a Dask cluster: the parse and extract stages run on the workers, the store stays here.

``build_on_cluster`` reads and hashes every article first (no model, so unchanged articles are never sent),
cuts the fresh ones into partitions and maps ``extract_partition`` over them on the cluster. A worker loads
the spaCy pipeline once (``load_pipeline`` is cached per process) and returns each article's graph as
sorted N-Quads; each is written here as it arrives, as one atomic replacement of that article's graph, so a
partition that Dask runs again after a worker died writes the same graphs again and every article is stored
exactly once. Identity, claims and events across articles are derived once at the end, as in a local build.

Dask (``dask`` and ``distributed``) is the engine: it brings the scheduler, the dashboard, retries when a
worker dies, and worker management; we only describe the work.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import InputError, SchedulerError
from .ingest import DEFAULT_MAX_BYTES, iter_articles
from .nlp import DEFAULT_MODEL
from .rdf import article_iri, content_hash
from .records import Article
from .store import GraphStore

PARTITION_SIZE = 16  # articles per task: enough to keep a worker's model busy, small enough to lose little


def extract_partition(articles: list[Article], model: str = DEFAULT_MODEL) -> tuple[list[tuple[str, bytes]], list[str]]:
    """On a worker: build ``articles`` in memory and return each article's graph as sorted N-Quads, and the
    errors of the articles left out."""
    from .pipeline import build

    errors: list[str] = []
    store = GraphStore(None)
    build([], store, model, articles=articles, shared=False, on_error=lambda e: errors.append(str(e)))
    out = []
    for art in articles:
        graph = article_iri(art.id).value
        data = store.graph_nquads(graph)
        if data:
            out.append((art.id, data))
    return out, errors


def connect(scheduler: str):
    """A Dask client for ``scheduler``: ``tcp://HOST:PORT`` (an existing cluster) or ``local:N`` (a
    ``LocalCluster`` of N worker processes on this machine). Returns (client, cluster or None)."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:  # pragma: no cover - the dependency is pinned
        raise SchedulerError("Dask is not installed (pip install 'dask[distributed]')") from None
    if scheduler.startswith("local:"):
        try:
            n = int(scheduler.split(":", 1)[1])
        except ValueError:
            raise SchedulerError(
                f"--scheduler {scheduler!r}: give local:N with N worker processes, e.g. local:2"
            ) from None
        cluster = LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None)
        return Client(cluster), cluster
    try:
        return Client(scheduler, timeout="5s"), None
    except (OSError, TimeoutError) as e:
        raise SchedulerError(
            f"cannot reach the Dask scheduler at {scheduler} ({e.__class__.__name__}: {e}); "
            f"start one with 'dask scheduler' and 'dask worker {scheduler}', or use "
            f"--scheduler local:N"
        ) from None


def build_on_cluster(
    paths: Iterable[str | Path],
    store: GraphStore,
    scheduler: str,
    model: str = DEFAULT_MODEL,
    *,
    force: bool = False,
    strict: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    partition_size: int = PARTITION_SIZE,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[int], None] | None = None,
    client=None,
    prune: bool = False,
):
    """Build ``store`` from the articles under ``paths`` with the parse and extract stages on a Dask cluster
    (see the module docstring); returns a ``BuildReport`` as ``build()`` does. ``client``, if given, is used
    instead of connecting to ``scheduler``. ``prune`` drops the stored articles whose files are gone."""
    from .articles import BuildReport, fresh_articles, prune_gone, skipper
    from .derive import entity_count
    from .pipeline import refresh_after

    report = BuildReport()
    bad = skipper(report, strict, on_error)
    t = time.perf_counter()
    interrupted = store.begin_build()
    stored = store.article_hashes()
    known = {} if force else stored
    if not stored:
        store.mark_event_index()
    paths = list(paths)
    fresh = list(
        fresh_articles(
            iter_articles(paths, max_bytes=max_bytes, on_error=bad, on_warning=report.warnings.append),
            known,
            report,
            bad,
            progress,
        )
    )
    report.add_time("read", time.perf_counter() - t)
    touched: set[str] = set()  # what the shared graphs' refresh must redo, as in a local build
    figures = False
    if fresh:
        own = client is None
        cluster = None
        if own:
            client, cluster = connect(scheduler)
        try:
            touched, figures = _run(client, fresh, model, partition_size, store, report, progress, known)
        finally:
            if own:
                client.close()
                if cluster is not None:
                    cluster.close()
    t = time.perf_counter()
    if prune:
        touched_, figures_ = prune_gone(store, paths, report)
        touched, figures = touched | touched_, figures or figures_
    if report.built or report.removed or interrupted or not known:
        report.entities = refresh_after(store, report, known, interrupted, touched, figures)
    else:
        report.entities = entity_count(store)
    store.end_build()
    report.add_time("entities", time.perf_counter() - t)
    return report


def _run(
    client, fresh: list[Article], model: str, size: int, store: GraphStore, report, progress, known: dict[str, str]
) -> tuple[set[str], bool]:
    """Map the partitions over the cluster and store each article's graph as it arrives; returns the keys of
    the entities the written articles mention (now or before) and whether any holds (or held) a figure."""
    import pyoxigraph as ox
    from dask.distributed import as_completed

    from .derive import before_writing

    touched: set[str] = set()
    figures = False

    parts = [fresh[i : i + size] for i in range(0, len(fresh), size)]
    # deterministic task keys: the same partition is the same task, which Dask re-runs if a worker dies
    keys = [
        "newsgraph-"
        + hashlib.sha256("\n".join(a.id + "\t" + content_hash(a.text) for a in p).encode()).hexdigest()[:24]
        for p in parts
    ]
    futures = client.map(extract_partition, parts, model=model, key=keys)
    for future in as_completed(futures):
        graphs, errors = future.result()
        t = time.perf_counter()
        ids = [art_id for art_id, _ in graphs]
        entities, held = before_writing(store, [i for i in ids if i in known])
        for art_id, data in graphs:
            quads = list(ox.parse(data, format=ox.RdfFormat.N_QUADS))
            store.replace_article(art_id, quads)
            report.built.append(art_id)
        now, holds = before_writing(store, ids)  # what the written graphs mention now
        touched |= entities | now
        figures = figures or held or holds
        report.skipped.extend(errors)
        store.flush()
        report.add_time("store", time.perf_counter() - t)
        future.release()  # the client keeps nothing it has stored: memory stays bounded
        if progress:
            progress(len(graphs) + len(errors))
    report.built.sort()
    return touched, figures
