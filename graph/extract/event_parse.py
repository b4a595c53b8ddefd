"""Reading the dependency parse for events: the candidate verbs, each token's children, the verb a clause
belongs to, the dateline at the top of an article, and the words that negate a verb.

Index-based where a Doc has many tokens (most are not verbs): arrays are read once per article instead of
building a Token for every word.
"""

from __future__ import annotations

NOT_EVENT_DEPS = ("amod", "aux", "auxpass")  # verbs used as adjectives or auxiliaries
# a dateline ends with a dash: "LONDON —", "PARIS (Reuters) -", "TOKYO, March 9 (AP) --"
DATELINE_DASHES = frozenset({"\u2014", "\u2013", "-", "--"})
DATELINE_MAX_TOKENS = 12  # "SAN JUAN, Puerto Rico, Oct. 5 (AP) —" and no longer
DATELINE_LINES = 3  # a headline, a byline or a date line may come first
# subjects that say nobody did it: "Nobody signed", "none of the firms paid"
NEGATIVE_SUBJECTS = frozenset({"nobody", "none", "nothing", "neither", "no one"})


def verb_indices(doc) -> list[int]:
    """The tokens that may head an event (verbs not used as adjectives or auxiliaries), picked by their integer
    tags before any Token is built."""
    import numpy  # here, not at import: commands that only read the store import this package too

    pos, dep = doc.to_array(["POS", "DEP"]).T
    keep = pos == doc.vocab.strings["VERB"]  # the string store gives a symbol its fixed id
    for label in NOT_EVENT_DEPS:
        keep &= dep != doc.vocab.strings[label]
    return numpy.flatnonzero(keep).tolist()


class Children:
    """Each token's children in text order, as ``Token.children`` gives them, read off the head array
    instead of walking the token's whole subtree on every call."""

    def __init__(self, doc) -> None:
        import numpy

        self.doc = doc
        heads = doc.to_array("HEAD").view(numpy.int64) + numpy.arange(len(doc))  # relative heads, stored unsigned
        heads[heads == numpy.arange(len(doc))] = len(doc)  # roots head no one
        self.order = numpy.argsort(heads, kind="stable").tolist()  # by head, then by index
        self.first = numpy.searchsorted(heads, numpy.arange(len(doc) + 1), sorter=self.order).tolist()

    def of(self, i: int) -> list:
        """The children of token ``i``."""
        return [self.doc[c] for c in self.order[self.first[i] : self.first[i + 1]]]


def dateline(doc) -> range:
    """The tokens of the dateline that opens the article ("LONDON —", "PARIS (Reuters) -"), dash included, or
    an empty range. It places the story; it never takes part in an event."""
    line_starts = [0]
    for t in doc:  # the first lines only: a Token for every word of a long article costs
        if len(line_starts) > DATELINE_LINES:
            break
        if "\n" in t.text_with_ws and t.i + 1 < len(doc):
            line_starts.append(t.i + 1)
    for start in line_starts:
        while start < len(doc) and doc[start].is_space:
            start += 1
        if start >= len(doc) or not doc[start].text[:1].isupper():
            continue
        for i in range(start + 1, min(start + DATELINE_MAX_TOKENS, len(doc))):
            tok = doc[i]
            if tok.text in DATELINE_DASHES and i + 1 < len(doc) and "\n" not in doc[i - 1].text_with_ws:
                # a place in capitals, or any place with its agency: not a headline's "Apple - sales rise"
                if doc[start].text.isupper() or any(t.text == "(" for t in doc[start:i]):
                    return range(start, i + 1)
                break
            if "\n" in tok.text_with_ws or not (tok.text[:1].isupper() or tok.is_punct or tok.like_num):
                break  # a lower-case word: a sentence, not a place and an agency
    return range(0)


def clause_verb(tok):
    """The verb whose clause ``tok`` belongs to (the first verb above it), or None."""
    t = tok
    while t.head.i != t.i:
        t = t.head
        if t.pos_ in ("VERB", "AUX") and t.dep_ not in NOT_EVENT_DEPS:
            return t
    return t if t.pos_ in ("VERB", "AUX") else None


def depth_below(tok, verb) -> int:
    """How many arcs lead from ``tok`` up to ``verb`` (a large number when ``verb`` is not above it)."""
    t, n = tok, 0
    while t.i != verb.i and t.head.i != t.i:
        t, n = t.head, n + 1
    return n if t.i == verb.i else 1 << 16


def negated(children: list) -> bool:
    """Whether a verb's own words deny it: "did not sign", "never paid", "no longer forecasts" (the "no" of
    "longer"), or a subject that names no one ("Nobody signed", "No agreement was reached")."""
    for c in children:
        if c.dep_ == "neg" or c.lower_ == "never":
            return True
        if c.dep_ == "advmod" and any(g.dep_ == "neg" for g in c.children):
            return True  # "no longer", "not yet"
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.lower_ in NEGATIVE_SUBJECTS or (c.lower_ == "one" and c.i > 0 and c.nbor(-1).lower_ == "no"):
                return True
            if any(g.dep_ == "det" and g.lower_ == "no" for g in c.children):
                return True
    return False


def same_line(doc, head: int, start: int, end: int) -> tuple[int, int]:
    """Keep a phrase on its head's line: a headline's parse often runs into the dateline below it."""
    for i in range(head - 1, start - 1, -1):
        if "\n" in doc[i].text_with_ws:
            return same_line(doc, head, i + 1, end)
    for i in range(head, end - 1):
        if "\n" in doc[i].text_with_ws:
            return start, i + 1
    return start, end
