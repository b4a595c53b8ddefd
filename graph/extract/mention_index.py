"""One article's entity mentions, indexed once and shared by the extractors that ask "which mention is here?"
(quotes and their speakers, roles, figures' sources, events): by character offset, by character range, or by
token of the parse."""

from __future__ import annotations

from collections.abc import Sequence

from ..records import Mention

_CACHE_KEY = "newsgraph.mention_index"


class MentionIndex:
    """The mentions in text order, with the lookups the extractors need."""

    def __init__(self, doc, mentions: Sequence[Mention]):
        self.doc, self.given = doc, tuple(mentions)
        self.mentions = tuple(sorted(self.given, key=lambda m: m.span.start))
        self._by_token: dict[int, Mention] | None = None

    def covering(self, offset: int) -> list[Mention]:
        """The mentions whose text holds the character at ``offset``, in text order."""
        out = []
        for m in self.mentions:
            if m.span.start > offset:
                break
            if offset < m.span.end:
                out.append(m)
        return out

    def at(self, offset: int) -> Mention | None:
        """The first mention, in text order, holding the character at ``offset``."""
        found = self.covering(offset)
        return found[0] if found else None

    def within(self, start: int, end: int) -> list[Mention]:
        """The mentions wholly inside ``[start, end)``, in text order."""
        return [m for m in self.mentions if start <= m.span.start and m.span.end <= end]

    def by_token(self) -> dict[int, Mention]:
        """Token index -> the mention its token is part of (a token a mention only partly covers counts), the
        first given when mentions share a token."""
        if self._by_token is None:
            self._by_token = {}
            for m in self.given:
                span = self.doc.char_span(m.span.start, m.span.end, alignment_mode="expand")
                for i in range(span.start, span.end) if span is not None else ():
                    self._by_token.setdefault(i, m)
        return self._by_token


def mention_index(doc, mentions: Sequence[Mention]) -> MentionIndex:
    """The index of ``mentions`` in ``doc``, built on first use and kept with the Doc for the other extractors."""
    cached = doc.user_data.get(_CACHE_KEY)
    given = tuple(mentions)  # the same tuple object for every extractor of one article: compared by identity first
    if cached is None or (cached.given is not given and cached.given != given):
        cached = MentionIndex(doc, given)
        doc.user_data[_CACHE_KEY] = cached
    return cached
