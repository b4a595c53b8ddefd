"""Quotations and reported speech, each attributed to a speaker.

Direct quotes are found from the quotation marks, then attributed through the speech verb in the text
around them (the *frame*: "..., he told AFP." / "said Lee Gelernt: ..."), by a credit line closing the
paragraph ("..." \u2015 Ana Diaz), by the subject of the narrative sentence just before a quote standing
alone, or inherited from the quote before when a quote runs on over sentences or paragraphs. A quoted
fragment inside a sentence belongs to the subject of the nearest speech or characterizing verb above it
in the parse ("called Trump a "pathological liar"", "described it as ..."), to the source of an "according
to" or "as X put it" on its clause, or to whose claim or statement it is in; with no such verb it is a
scare quote or a name ("zero tolerance"), not a quotation, and so is any one-word fragment. Reported
speech is the clause a reporting verb takes ("DHS said in June that it had identified ..."). Speakers are
resolved to entity mentions through pronouns, surnames, names in apposition, documents' issuers and role
descriptions ("the ACLU lawyer", "the Ohio congressman"); a speaker no mention matches keeps its words.
"""

from __future__ import annotations

import dataclasses

from ..records import Article, Extraction
from .direct_quotes import direct_quotes
from .quote_marks import Segment, quote_segments
from .reported_speech import reported_quotes
from .speech_context import SpeechContext

__all__ = ["Segment", "extract_quotes", "quote_segments"]


def extract_quotes(doc, article: Article, so_far: Extraction) -> Extraction:
    """Direct quotes and reported speech; needs the ``entities`` and ``roles`` layers in ``so_far``."""
    ctx = SpeechContext(doc, article, so_far, quote_segments(article.text))
    # reported speakers first, so a direct quote's "he said" can refer back to them; then the reported
    # clauses again, now seeing the direct quotes' speakers
    reported_quotes(ctx, [])
    first = {id(att) for _, att in ctx.history}
    direct = direct_quotes(ctx)
    ctx.history = [(pos, att) for pos, att in ctx.history if id(att) not in first]
    reported = reported_quotes(ctx, direct)
    return dataclasses.replace(so_far, quotes=tuple(sorted(set(direct + reported))))
