"""``build()``: the one function that composes the stages read -> NLP -> extract -> resolve -> RDF -> store."""

from __future__ import annotations

import contextlib
import itertools
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import settings
from .derive import Changes, before_writing, entity_count, refresh
from .errors import InputError, NewsgraphError
from .ingest import DEFAULT_MAX_BYTES, DEFAULT_MAX_CHARS, iter_articles, other_file
from .nlp import DEFAULT_MODEL, load_pipeline
from .rdf import article_quads, content_hash
from .records import Article, Extraction
from .resolve import Resolver
from .store import GraphStore
from .vocab import ENTITIES_GRAPH, PREFIXES


def extract(doc, article: Article) -> Extraction:
    """Run every extractor on one parsed article (the extractors, and numpy with them, load only when an
    article is parsed: an unchanged re-build never needs them)."""
    from .extract import extract as run_extractors

    return run_extractors(doc, article)


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # --prune: stored articles whose files are gone
    skipped: list[str] = field(default_factory=list)  # error messages of articles left out
    warnings: list[str] = field(default_factory=list)
    entities: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def add_time(self, stage: str, seconds: float) -> None:
        self.seconds[stage] = self.seconds.get(stage, 0.0) + seconds

    def summary(self) -> str:
        parts = [f"built {len(self.built)} article{'s' * (len(self.built) != 1)}"]
        if self.unchanged:
            parts.append(f"{len(self.unchanged)} unchanged")
        if self.removed:
            parts.append(
                f"removed {len(self.removed)} whose file{'s' * (len(self.removed) != 1)} "
                f"{'are' if len(self.removed) != 1 else 'is'} gone"
            )
        parts.append(f"skipped {len(self.skipped)}")
        parts.append(f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        parts.append(f"{self.entities} entities")
        return ", ".join(parts)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


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
    sources = _sources(store) if stored else {}
    articles = _until_stopped(fresh_articles(source, known, report, bad, progress, sources), stopped)
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
                bad(_internal(art, "extraction", e))
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


def prune_gone(store: GraphStore, paths: list, report: BuildReport) -> tuple[set[str], bool]:
    """Drop the stored articles whose files under ``paths`` are gone (not read by this build); returns the
    entity keys they mentioned and whether they held figures."""
    from .remove import drop, gone

    report.removed = gone(store, paths, report.built + report.unchanged)
    return drop(store, report.removed) if report.removed else (set(), False)


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


def skipper(
    report: BuildReport, strict: bool, on_error: Callable[[InputError], None] | None
) -> Callable[[InputError], None]:
    """What a build does with a bad article: raise it (``strict``), or note it in ``report`` and tell ``on_error``."""

    def bad(err: InputError) -> None:
        if strict:
            raise err
        report.skipped.append(str(err))
        if on_error:
            on_error(err)

    return bad


def _sources(store: GraphStore) -> dict[str, str]:
    """Article id -> the file it was read from, for every article in the store."""
    rows = store.select(
        "SELECT ?id ?src WHERE { GRAPH ?g { ?a <http://schema.org/identifier> ?id ; "
        "<%ssourceFile> ?src } }" % PREFIXES["ng"]
    )
    return {str(r["id"]): str(r["src"]) for r in rows}


def fresh_articles(
    articles: Iterable[Article],
    known: dict[str, str],
    report: BuildReport,
    bad: Callable[[InputError], None],
    progress: Callable[[int], None] | None,
    sources: dict[str, str] | None = None,
) -> Iterator[Article]:
    """The articles whose text is not in the store yet (``known``: id -> content hash); an unchanged one is
    counted in ``report``, a second article with an id already seen is reported to ``bad``."""
    seen: set[str] = set()
    for art in articles:
        if art.id in seen:
            bad(InputError(art.source, f"duplicate article id {art.id!r}", "give each article its own id"))
            continue
        seen.add(art.id)
        if sources and art.id in sources and other_file(sources[art.id], art.source):  # same name, other file
            bad(
                InputError(
                    art.source,
                    f"article id {art.id!r} is already in the store from "
                    f"{sources[art.id]}, a different file; not replaced",
                    "build both from one common folder so that each gets its own id",
                )
            )
            continue
        report.warnings.extend(art.warnings)
        if known.get(art.id) == content_hash(art.text):
            report.unchanged.append(art.id)
            if progress:
                progress(1)
            continue
        yield art


def _until_stopped(articles: Iterator[Article], stopped: list[InputError]) -> Iterator[Article]:
    """The articles until reading raises (--strict); the articles already written then still get the shared
    graphs refreshed."""
    try:
        yield from articles
    except InputError as e:
        stopped.append(e)


def parsed_batches(
    nlp,
    articles: Iterable[Article],
    workers: int,
    batch_size: int,
    bad: Callable[[InputError], None],
    report: BuildReport,
) -> Iterator[list[tuple[Article, object]]]:
    """Batches of (article, Doc), streamed: never more than two batches of Docs in memory.

    With one worker the next batch is parsed in a background thread while the caller extracts and stores
    this one: the model spends much of its time in matrix code that releases the GIL, so our own work runs
    meanwhile. A batch that fails is parsed again article by article, so only the bad article is lost.
    With several workers, one long-lived ``nlp.pipe`` feeds the worker processes (starting them per batch
    would cost more than it saves).
    """
    if workers > 1:
        parsed = batched(
            nlp.pipe(((a.text, a) for a in articles), as_tuples=True, n_process=workers, batch_size=batch_size),
            batch_size,
        )
        while True:
            t = time.perf_counter()
            batch = next(parsed, None)
            report.add_time("nlp", time.perf_counter() - t)
            if batch is None:
                return
            yield [(art, doc) for doc, art in batch]

    from concurrent.futures import Future, ThreadPoolExecutor

    def collect(batch: list[Article], job: Future) -> list[tuple[Article, object]]:
        t = time.perf_counter()
        docs, errors, seconds = job.result()
        report.add_time("nlp", seconds)
        report.add_time("nlp wait", time.perf_counter() - t)
        for err in errors:  # reported here, in the calling thread, in article order
            bad(err)
        return [(art, doc) for art, doc in zip(batch, docs, strict=True) if doc is not None]

    # one thread, so one parse at a time (a pipeline is not thread-safe); an interrupted build exits once the
    # parse under way ends (the model's matrix library aborts the process if Python exits under it)
    with ThreadPoolExecutor(1, thread_name_prefix="newsgraph-nlp") as pool:
        pending = None
        for batch in batched(articles, batch_size):
            job = pool.submit(_parse_timed, nlp, batch)
            if pending is not None:
                yield collect(*pending)
            pending = batch, job
        if pending is not None:
            yield collect(*pending)


def _parse_timed(nlp, batch: list[Article]) -> tuple[list, list[InputError], float]:
    t = time.perf_counter()
    errors: list[InputError] = []
    docs = parse_batch(nlp, batch, errors.append)
    return docs, errors, time.perf_counter() - t


class ArticleTimeout(Exception):
    """Raised inside an extractor that ran past the per-article time limit."""


@contextlib.contextmanager
def time_limit(seconds: float | None):
    """Raise :class:`ArticleTimeout` after ``seconds`` (main thread on POSIX only; elsewhere no limit)."""
    if not seconds or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def on_alarm(signum, frame):
        raise ArticleTimeout(f"stopped after {seconds:.0f} s: a rule loops or is too slow on this text")

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _internal(art: Article, stage: str, e: Exception) -> InputError:
    """A bug met on one article, reported as that article's problem; --debug shows the traceback (the cause)."""
    err = InputError(
        art.source or art.id,
        f"{stage} failed ({type(e).__name__}: {str(e)[:200]})",
        "report this with the article attached; run with --debug for the traceback",
    )
    err.__cause__ = e
    return err


def parse_batch(nlp, batch: list[Article], bad: Callable[[InputError], None]) -> list:
    """The spaCy Docs of a batch; if the batch fails, each article alone, so only the bad one is lost (None)."""
    try:
        return list(nlp.pipe((a.text for a in batch), batch_size=len(batch)))
    except NewsgraphError:
        raise
    except Exception:
        docs = []
        for art in batch:
            try:
                docs.append(nlp(art.text))
            except Exception as e:
                bad(_internal(art, "NLP", e))
                docs.append(None)
        return docs


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
            bad(_internal(ex.article, "RDF", e))
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


def count_articles(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """How many files a build will read (for a progress bar); None if the paths cannot be listed."""
    from .ingest import SUFFIXES, discover

    try:
        files = discover(paths)
    except InputError:
        return None
    total = 0
    for f in files:
        if SUFFIXES.get(f.suffix.lower()) == "jsonl":
            total += _count_lines(f)
        else:
            total += 1
    return total


def _count_lines(path: Path) -> int:
    """Lines in a file, counted in 1 MB chunks: a huge single-line file is never held whole."""
    n, last = 0, b"\n"
    try:
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 20):
                n += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 0
    return n + (last != b"\n")
