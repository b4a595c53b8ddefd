"""The NLP stage of a build: articles parsed by spaCy in batches, the next batch parsed in a background thread
while this one is extracted, and a time limit on each article's extraction."""

from __future__ import annotations

import contextlib
import itertools
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING

from .errors import InputError, NewsgraphError
from .records import Article

if TYPE_CHECKING:
    from .articles import BuildReport


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


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


def internal_error(art: Article, stage: str, e: Exception) -> InputError:
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
                bad(internal_error(art, "NLP", e))
                docs.append(None)
        return docs
