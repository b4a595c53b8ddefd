"""Which articles a build writes, and what it reports: the fresh articles (text not in the store yet, no
duplicate id, no other file under a stored id), the stored ones whose files are gone (``--prune``), a count for
the progress bar, and the :class:`BuildReport`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .errors import InputError
from .ingest import DEFAULT_MAX_BYTES, other_file
from .rdf import content_hash
from .records import Article
from .store import GraphStore
from .vocab import PREFIXES


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


def stored_sources(store: GraphStore) -> dict[str, str]:
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


def until_stopped(articles: Iterator[Article], stopped: list[InputError]) -> Iterator[Article]:
    """The articles until reading raises (--strict); the articles already written then still get the shared
    graphs refreshed."""
    try:
        yield from articles
    except InputError as e:
        stopped.append(e)


def prune_gone(store: GraphStore, paths: list, report: BuildReport) -> tuple[set[str], bool]:
    """Drop the stored articles whose files under ``paths`` are gone (not read by this build); returns the
    entity keys they mentioned and whether they held figures."""
    from .remove import drop, gone

    report.removed = gone(store, paths, report.built + report.unchanged)
    return drop(store, report.removed) if report.removed else (set(), False)


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
