"""Figures: counts, amounts of money, percentages and measures, with their bound, counted thing or unit,
measured variable, source and as-of date.

Numbers are found by pattern on the text (spaCy's CARDINAL/MONEY labels miss and mislabel too often; see
:mod:`.numbers` for values, scales, currencies, units and ranges), then read in context with the parse: the
qualifier before ("more than", "as high as") or the end of a range gives the bound, the unit or the noun after
gives what is counted, the predicate gives the measured variable ("children separated"), a reporting verb or
"according to" gives the source, "as of ..." the date it holds for. Durations and ages are figures ("three
years", "aged 24", "a 61-year-old"), unless placed in time ("three years later"). Dates, clock times,
ordinals, phone numbers, years and numbers inside names and codes ("F-35", "iOS 5", "3G") are left out.
"""

from __future__ import annotations

import dataclasses
import re

from ..records import Article, Extraction, Figure, Mention, Span
from .common import sentence_at
from .figure_bounds import POST_QUALIFIERS, interval, qualifier_before
from .figure_filters import (
    CASUALTY_AFTER,
    PLURAL_IRREGULAR,
    as_age,
    blocked_ranges,
    is_masked,
    masked_ranges,
    not_a_figure,
    stands_alone,
    tokens_in,
)
from .figure_sources import as_of_of, source_of
from .figure_variables import counted_noun, predicate_of, variable_of
from .measures import measure_class, measure_key, scope_of, words_near
from .numbers import NumberMatch, find_numbers

# ---------------------------------------------------------------- the extractor


def extract_figures(doc, article: Article, so_far: Extraction) -> Extraction:
    """Add the figures of one article to ``so_far``."""
    text = article.text
    masked = masked_ranges(text)
    blocked = blocked_ranges(doc, so_far)
    found: dict[tuple[int, int], Figure] = {}
    for n in find_numbers(text):
        if is_masked(n, text, doc, masked):
            continue
        n = as_age(n, text)
        if not_a_figure(n, text, doc, blocked):
            continue
        fig = read_figure(n, doc, article, so_far)
        if fig is not None:
            found.setdefault((fig.span.start, fig.span.end), fig)
    return dataclasses.replace(so_far, figures=tuple(sorted(found.values())))


# ---------------------------------------------------------------- reading a number in context


def read_figure(n: NumberMatch, doc, article: Article, so_far: Extraction) -> Figure | None:
    text = article.text
    bound, qstart = qualifier_before(text, n.start)
    post_end = n.end
    for rx, b in POST_QUALIFIERS:
        m = rx.match(text[n.end :])
        if m:
            bound, post_end = (b if bound == "exact" else bound), n.end + m.end()
            break
    if n.vague and bound == "exact":
        bound = "lower"  # "hundreds of thousands": at least one hundred thousand
    if n.range_bound and bound == "exact":
        bound = n.range_bound  # "10-20 years": at least 10, at most 20
    tokens = tokens_in(doc, n.start, n.end)
    noun = counted_noun(doc, tokens, text, n)
    unit = n.currency or n.percent or n.measure
    if (
        noun is not None
        and not unit
        and n.value != 1
        and noun.tag_ == "NN"
        and noun.lower_ not in PLURAL_IRREGULAR
        and not (n.scaled and text[n.end : n.end + 1] == "-")
    ):
        noun = None  # "the 737 airliner", "a 2020 report": a singular noun is named, not counted ("million-member" is)
    end = post_end
    casualty = CASUALTY_AFTER.match(text, n.end) if unit is None and noun is None else None
    if casualty:
        unit, end = casualty[1].lower(), casualty.end()  # "3 dead after ...": people killed
    elif (
        unit is None
        and noun is None
        and tokens
        and tokens[-1].i + 1 < len(doc)
        and doc[tokens[-1].i + 1].ent_type_ == "NORP"
        and doc[tokens[-1].i + 1].ent_iob_ == "B"
    ):
        nat = doc[tokens[-1].i + 1]  # "seizing 12 Somali and 11 Yemeni nationals": people of a nationality
        unit, end = nat.lower_, nat.idx + len(nat.text)
    if noun is not None and unit is None:
        unit = noun.text.lower()
        if not any(t.like_num for t in doc[tokens[-1].i + 1 : noun.i]):  # "200 and 300 people": stop at 200
            end = max(end, noun.idx + len(noun.text))
    elif (
        unit is None
        and not n.vague
        and not n.scaled
        and not re.search(r"[,.]", text[n.start : n.end])
        and not n.range_bound
        and not (qstart is not None and not n.worded)
        and not stands_alone(n, tokens, text)
    ):
        outcome = (
            measure_class(words_near(tokens, None, None), "count")
            if doc is not None and doc.has_annotation("DEP")
            else None
        )
        if outcome is None:
            return None  # a bare small number that counts nothing named: a list item, a vote tally, a code
        unit = "people " + outcome  # "Three killed", "police arrested 12": the outcome names what is counted
    start = qstart if qstart is not None else n.start
    lo, hi = interval(n.value, bound, n.vague)
    sentence = sentence_at(so_far.sentences, n.start)
    speaker, speaker_name = source_of(doc, tokens, n, so_far, text, sentence)
    variable = variable_of(doc, tokens, noun, n, text)
    as_of = as_of_of(doc, tokens, text, so_far, sentence)
    key, scope_date = None, None
    scope: tuple[Mention, ...] = ()
    if tokens and tokens[0].doc.has_annotation("DEP"):
        pred = predicate_of(noun) if noun is not None else None
        thing = variable.split(" per ")[0] if variable else None
        key = measure_key(tokens, noun, pred, unit, bool(n.currency), bool(n.percent), thing)
        scope, scope_date = scope_of(tokens, so_far, start, end, as_of, person_first=key == "age")
    return Figure(
        Span(start, end, text[start:end]),
        n.value,
        bound,
        unit,
        lo,
        hi,
        variable,
        sentence,
        speaker,
        as_of,
        speaker_name,
        key,
        scope,
        scope_date,
    )
