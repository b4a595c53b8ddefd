"""``build()``: the one function that composes the stages read -> NLP -> extract -> resolve -> RDF -> store."""
from __future__ import annotations

import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError, NewsgraphError
from .extract import extract
from .ingest import DEFAULT_MAX_BYTES, iter_articles
from .nlp import DEFAULT_MODEL, load_pipeline
from .rdf import article_quads, content_hash
from .records import Article, Extraction
from .resolve import Resolver
from .store import GraphStore


@dataclass
class BuildReport:
    """What a build did, for the summary line and for tests."""

    built: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
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
        parts.append(f"skipped {len(self.skipped)}")
        parts.append(f"{len(self.warnings)} warning{'s' * (len(self.warnings) != 1)}")
        parts.append(f"{self.entities} entities")
        return ", ".join(parts)


def batched(items: Iterable, size: int) -> Iterator[list]:
    it = iter(items)
    while batch := list(itertools.islice(it, size)):
        yield batch


def build(paths: Iterable[str | Path], store: GraphStore, model: str = DEFAULT_MODEL, *,
          force: bool = False, strict: bool = False, batch_size: int = 64, workers: int = 1,
          max_bytes: int = DEFAULT_MAX_BYTES, on_error: Callable[[InputError], None] | None = None,
          progress: Callable[[int], None] | None = None, nlp=None) -> BuildReport:
    """Build (or update) ``store`` from the articles under ``paths``; returns a :class:`BuildReport`.

    Articles whose text is already in the store are skipped without running the model unless
    ``force``. A bad article is reported to ``on_error`` and skipped, or raises with ``strict``.
    """
    report = BuildReport()

    def bad(err: InputError) -> None:
        if strict:
            raise err
        report.skipped.append(str(err))
        if on_error:
            on_error(err)

    known = {} if force else store.article_hashes()
    seen_ids: set[str] = set()

    def fresh(articles: Iterable[Article]) -> Iterator[Article]:
        for art in articles:
            if art.id in seen_ids:
                bad(InputError(art.source, f"duplicate article id {art.id!r}", "give each article its own id"))
                continue
            seen_ids.add(art.id)
            report.warnings.extend(art.warnings)
            if known.get(art.id) == content_hash(art.text):
                report.unchanged.append(art.id)
                if progress:
                    progress(1)
                continue
            yield art

    articles = fresh(iter_articles(paths, max_bytes=max_bytes, on_error=bad))
    if nlp is None:
        nlp = load_pipeline(model)
    resolver = Resolver()
    first = True
    for batch in batched(articles, batch_size):
        if first:
            resolver = Resolver(_known_entities(store))
            first = False
        t = time.perf_counter()
        docs = list(nlp.pipe((a.text for a in batch), n_process=workers, batch_size=batch_size))
        report.add_time("nlp", time.perf_counter() - t)
        t = time.perf_counter()
        extractions: list[Extraction] = []
        for art, doc in zip(batch, docs):
            try:
                extractions.append(extract(doc, art))
            except NewsgraphError:
                raise
            except Exception as e:  # an extractor bug must not cost the whole build
                bad(InputError(art.source, f"extraction failed ({type(e).__name__}: {e})",
                               "report this with the article attached"))
        del docs
        report.add_time("extract", time.perf_counter() - t)
        t = time.perf_counter()
        resolver.learn(extractions)
        keyed = [(ex, resolver.resolve(ex)) for ex in extractions]
        report.add_time("resolve", time.perf_counter() - t)
        t = time.perf_counter()
        quads = [(ex.article.id, article_quads(ex, keys)) for ex, keys in keyed]
        report.add_time("rdf", time.perf_counter() - t)
        t = time.perf_counter()
        store.replace_articles(quads)
        report.add_time("store", time.perf_counter() - t)
        for ex in extractions:
            report.built.append(ex.article.id)
            report.warnings.extend(w for w in ex.warnings if w not in ex.article.warnings)
        if progress:
            progress(len(batch))
    t = time.perf_counter()
    if report.built or not known:
        report.entities = store.refresh_entities()
    else:
        report.entities = len(_known_entities(store))
    store.flush()
    report.add_time("entities", time.perf_counter() - t)
    return report


def _known_entities(store: GraphStore):
    from .rdf import ENTITIES_GRAPH
    from .records import Entity

    rows = store.select(
        "SELECT ?e ?type ?label (GROUP_CONCAT(?alias; separator='\\u0001') AS ?aliases) WHERE { GRAPH <%s> { "
        "?e ng:entityType ?type ; skos:prefLabel ?label OPTIONAL { ?e skos:altLabel ?alias } } } "
        "GROUP BY ?e ?type ?label" % ENTITIES_GRAPH.value)
    base = len("https://w3id.org/newsgraph/id/")
    return [Entity(r["e"][base:], r["type"], r["label"], aliases=tuple(filter(None, (r["aliases"] or "").split("\u0001"))))
            for r in rows]


def count_articles(paths: Iterable[str | Path], max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """How many files a build will read (for a progress bar); None if the paths cannot be listed."""
    from .ingest import discover

    from .ingest import SUFFIXES

    try:
        files = discover(paths)
    except InputError:
        return None
    total = 0
    for f in files:
        if SUFFIXES.get(f.suffix.lower()) == "jsonl" and f.stat().st_size <= 2_000_000_000:
            with open(f, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            total += 1
    return total
