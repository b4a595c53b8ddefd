"""``build()``: the one function that composes the stages read -> NLP -> extract -> resolve -> RDF -> store."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from . import settings
from .articles import BuildReport, fresh_articles, prune_gone, skipper, stored_sources, until_stopped
from .derive import Changes, before_writing, entity_count, refresh
from .errors import InputError, NewsgraphError
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, iter_articles
from .nlp import DEFAULT_MODEL, load_pipeline
from .parsing import internal_error, parsed_batches, time_limit
from .rdf import article_quads
from .records import Article, Extraction
from .resolve import Resolver
from .store import GraphStore
from .vocab import ENTITIES_GRAPH, PREFIXES


def extract(doc, article: Article) -> Extraction:
    """Run every extractor on one parsed article (the extractors, and numpy with them, load only when an
    article is parsed: an unchanged re-build never needs them)."""
    from .extract import extract as run_extractors

    return run_extractors(doc, article)


def build(
    paths: Iterable[str | Path],
    store: GraphStore,
    model: str = DEFAULT_MODEL,
    *,
    force: bool = False,
    strict: bool = False,
    batch_size: int = settings.BATCH_SIZE,
    workers: int = settings.WORKERS,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_error: Callable[[InputError], None] | None = None,
    progress: Callable[[int], None] | None = None,
    nlp=None,
    article_seconds: float | None = settings.ARTICLE_SECONDS,
    articles: Iterable[Article] | None = None,
    shared: bool = True,
    max_chars: int = DEFAULT_MAX_CHARS,
    prune: bool = False,
) -> BuildReport:
    """Build (or update) ``store`` from the articles under ``paths``; returns a :class:`BuildReport`.

    Extraction of one article is stopped after ``article_seconds`` (plus one per 10 kB of text), so a rule
    that loops on some text costs that article, not the build.

    Articles whose text is already in the store are skipped without running the model unless
    ``force``. A bad article is reported to ``on_error`` and skipped, or raises with ``strict``.

    ``articles`` (records already read) are built instead of reading ``paths``; ``shared=False`` leaves the
    shared graphs (entities, claims, events) alone, for a partition whose store is merged elsewhere.
    ``prune`` drops the stored articles whose files under ``paths`` are gone.
    """
    paths = list(paths)
    prune = prune and articles is None  # records given: no files to miss
    report = BuildReport()
    bad = skipper(report, strict, on_error)
    interrupted = store.begin_build()  # a killed build left derived graphs stale: recompute them in full
    stored = store.article_hashes()
    known = {} if force else stored
    if not stored:
        store.mark_event_index()  # every article graph will be written by this version
    stopped: list[InputError] = []  # --strict: the bad article reading stopped at
    source = (
        iter(articles)
        if articles is not None
        else iter_articles(
            paths, max_bytes=max_bytes, on_error=bad, on_warning=report.warnings.append, max_chars=max_chars
        )
    )
    sources = stored_sources(store) if stored else {}
    articles = until_stopped(fresh_articles(source, known, report, bad, progress, sources), stopped)
    head = next(articles, None)  # every article hashed and compared before the model is loaded
    articles = itertools.chain([head], articles) if head is not None else iter(())
    if nlp is None and head is not None:
        nlp = load_pipeline(model)  # an unchanged re-build never loads (or imports) spaCy
    resolver = Resolver()
    touched: set[str] = set()  # entity keys whose evidence changed: only they are recomputed
    figures_changed = False  # whether any article written held (or holds) a figure: else the claims stand
    first = True
    batches = parsed_batches(nlp, articles, workers, batch_size, bad, report) if head is not None else iter(())
    for batch in batches:
        if first:
            resolver = Resolver(_known_entities(store))
            first = False
        t = time.perf_counter()
        extractions: list[Extraction] = []
        for art, doc in batch:
            try:
                with time_limit(article_seconds and article_seconds + len(art.text) / 10_000):
                    extractions.append(extract(doc, art))
            except NewsgraphError:
                raise
            except Exception as e:  # an extractor bug must not cost the whole build
                bad(internal_error(art, "extraction", e))
        del batch
        report.add_time("extract", time.perf_counter() - t)
        t = time.perf_counter()
        resolver.learn(extractions)
        keyed = [(ex, resolver.resolve(ex)) for ex in extractions]
        report.add_time("resolve", time.perf_counter() - t)
        t = time.perf_counter()
        quads, keyed = article_graphs(keyed, bad)
        extractions = [ex for ex, _ in keyed]
        report.add_time("rdf", time.perf_counter() - t)
        t = time.perf_counter()
        entities_before, figures_before = before_writing(
            store, [ex.article.id for ex in extractions if ex.article.id in known]
        )
        touched.update(entities_before)
        figures_changed = figures_changed or figures_before or any(ex.figures for ex in extractions)
        touched.update(k for _, keys in keyed for k in keys.values())
        store.replace_articles(quads)
        store.flush()  # RocksDB memtables otherwise grow with the corpus: flushing keeps memory flat
        report.add_time("store", time.perf_counter() - t)
        for ex in extractions:
            report.built.append(ex.article.id)
            report.warnings.extend(w for w in ex.warnings if w not in ex.article.warnings)
        if progress:
            progress(len(extractions))
    t = time.perf_counter()
    if prune and not stopped:
        touched_, figures_ = prune_gone(store, paths, report)
        touched |= touched_
        figures_changed = figures_changed or figures_
    if shared and (report.built or report.removed or interrupted or not known):  # a partition's: where merged
        report.entities = refresh_after(store, report, known, interrupted, touched, figures_changed)
    else:
        report.entities = entity_count(store)  # nothing changed: the shared graphs are up to date
    if not store.has_event_index() and set(stored) <= set(report.built):
        store.mark_event_index()  # an old store, every article of which this build wrote again
    store.end_build()
    report.add_time("entities", time.perf_counter() - t)
    if stopped:
        raise stopped[0]
    return report


def refresh_after(
    store: GraphStore, report: BuildReport, known: dict, interrupted: bool, touched: set[str], figures: bool
) -> int:
    """Refresh the shared graphs after a build wrote ``report.built`` and dropped ``report.removed``: only where
    those reach, unless a killed build or an old store makes everything stale."""
    incremental = bool(known) and not interrupted and store.has_event_index()
    if known and not store.has_event_index():
        report.warnings.append(
            f"{store.path}: built by an older newsgraph, so every build regroups all events; "
            f"build it once with --force to make later builds incremental"
        )
    written = tuple(report.built + report.removed)
    return refresh(store, Changes(written, frozenset(touched), figures) if incremental else Changes.everything())


def article_graphs(keyed: list, bad: Callable[[InputError], None]) -> tuple[list, list]:
    """Each article's quads; an article whose graph cannot be made is reported and left out."""
    quads, ok = [], []
    for ex, keys in keyed:
        try:
            quads.append((ex.article.id, article_quads(ex, keys)))
            ok.append((ex, keys))
        except NewsgraphError:
            raise
        except Exception as e:
            bad(internal_error(ex.article, "RDF", e))
    return quads, ok


def _known_entities(store: GraphStore):
    from .records import Entity

    rows = store.select(
        "SELECT ?e ?type ?label (GROUP_CONCAT(?alias; separator='\\u0001') AS ?aliases) WHERE { GRAPH <%s> { "
        "?e ng:entityType ?type ; skos:prefLabel ?label OPTIONAL { ?e skos:altLabel ?alias } } } "
        "GROUP BY ?e ?type ?label" % ENTITIES_GRAPH
    )
    base = len(PREFIXES["id"])
    return [
        Entity(r["e"][base:], r["type"], r["label"], aliases=tuple(filter(None, (r["aliases"] or "").split("\u0001"))))
        for r in rows
    ]
