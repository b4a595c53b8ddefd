"""Extraction: from a parsed spaCy ``Doc`` of one article to an :class:`Extraction`.

Each extractor is a function ``(doc, article, so_far) -> Extraction`` that adds one layer, declared the way
spaCy declares a component: the layers it ``needs`` (fields of :class:`Extraction` set before it runs) and
the ones it ``adds``. ``EXTRACTORS`` is the registry, in an order where every need comes first;
``extract(doc, article, only=[...])`` runs all of them or a chosen few, and refuses a choice that leaves out
a layer one of them needs. ``sentences`` is set before any extractor runs.

A new extractor: write the function in its own module, add an ``ExtractorSpec`` here after the extractors it
needs, map its layer in ``graph/rdf.py``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import import_module

from ..errors import NewsgraphError
from ..records import Article, Extraction, Span

Extractor = Callable[[object, Article, Extraction], Extraction]
BASE_LAYERS = ("sentences",)  # set by ``extract`` itself


@dataclass(frozen=True)
class ExtractorSpec:
    """One extractor: its name, its function (or ``"module:function"`` in this package, imported when first
    run, so that importing one helper module of the package loads no extractor), the layers it reads and the
    layers it writes."""

    name: str
    function: Extractor | str
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def run(self, doc, article: Article, so_far: Extraction) -> Extraction:
        return _resolved(self.function)(doc, article, so_far)


def _resolved(function: Extractor | str) -> Extractor:
    if not isinstance(function, str):
        return function
    module, _, name = function.partition(":")
    extractor: Extractor = getattr(import_module(f"{__name__}.{module}"), name)
    return extractor


REGISTRY: tuple[ExtractorSpec, ...] = (
    ExtractorSpec("entities", "entities:extract_mentions", needs=(), adds=("mentions",)),
    ExtractorSpec("dates", "dates:extract_dates", needs=(), adds=("dates",)),
    ExtractorSpec("roles", "roles:extract_roles", needs=("mentions",), adds=("roles",)),
    # speakers described by role ("the senator") are found through the roles layer
    ExtractorSpec("quotes", "quotes:extract_quotes", needs=("mentions", "roles", "sentences"), adds=("quotes",)),
    ExtractorSpec(
        "figures", "figures:extract_figures", needs=("mentions", "dates", "quotes", "sentences"), adds=("figures",)
    ),
    ExtractorSpec("events", "events:extract_events", needs=("mentions", "dates", "sentences"), adds=("events",)),
)
EXTRACTORS: dict[str, ExtractorSpec] = {spec.name: spec for spec in REGISTRY}


def check_order(registry: Sequence[ExtractorSpec]) -> None:
    """Raise if an extractor needs a layer that no extractor before it adds (a registry mistake)."""
    have = set(BASE_LAYERS)
    for spec in registry:
        missing = [layer for layer in spec.needs if layer not in have]
        if missing:
            raise NewsgraphError(
                f"extractor {spec.name!r} needs {', '.join(missing)}, which no extractor before it "
                f"adds (move it after the one that adds it)"
            )
        have.update(spec.adds)


check_order(REGISTRY)


def plan(only: Sequence[str] | None = None) -> list[ExtractorSpec]:
    """The extractors to run for ``only`` (all when None), in registry order, with every need met."""
    names = list(EXTRACTORS) if only is None else list(only)
    unknown = [n for n in names if n not in EXTRACTORS]
    if unknown:
        raise NewsgraphError(f"unknown extractor {unknown[0]!r}; known: {', '.join(EXTRACTORS)}")
    chosen = [spec for spec in REGISTRY if spec.name in names]
    have = set(BASE_LAYERS).union(*(spec.adds for spec in chosen))
    for spec in chosen:
        missing = [layer for layer in spec.needs if layer not in have]
        if missing:
            providers = [s.name for s in REGISTRY if set(s.adds) & set(missing)]
            raise NewsgraphError(
                f"extractor {spec.name!r} needs {', '.join(missing)}: add "
                f"{', '.join(repr(p) for p in providers)} to only=[...]"
            )
    return chosen


def sentences_of(doc) -> tuple[Span, ...]:
    return (
        tuple(Span(s.start_char, s.end_char, s.text) for s in doc.sents)
        if doc.has_annotation("SENT_START")
        else (Span(0, len(doc.text), doc.text),)
    )


def extract(doc, article: Article, only: Sequence[str] | None = None) -> Extraction:
    """Run the extractors named in ``only`` (default: all) on one article's Doc, in registry order."""
    result = Extraction(article=article, sentences=sentences_of(doc), warnings=article.warnings)
    for spec in plan(only):
        result = spec.run(doc, article, result)
    return result


__all__ = ["EXTRACTORS", "REGISTRY", "ExtractorSpec", "extract", "plan", "sentences_of"]
