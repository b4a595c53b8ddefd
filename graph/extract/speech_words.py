"""Word lists of speech and attribution: the verbs that introduce quotes and reported speech, pronouns, and
the nouns of documents, statements and organizations that speaker phrases are headed by."""

from __future__ import annotations

from .lexicon import tagged

# The verbs are in lexicons/verbs.tsv, with every other rule's verbs: see the roles described there.
SPEECH_VERBS = tagged("verbs.tsv", "quote")  # attribute a direct quote
REPORT_VERBS = tagged("verbs.tsv", "reported-speech")  # narrower: "suggest", "ask" take clauses that are no statement
FRAGMENT_VERBS = tagged("verbs.tsv", "fragment")  # quote a phrase as the subject's words: "called it "a disgrace""
COMMISSIVE = tagged("verbs.tsv", "commissive")  # "promised to "fix" the roads": the writer's account

PERSONAL = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"they", "it", "we"}
OBJECT_PRONOUNS = {"him", "her", "them", "us", "me"}
TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
# Speaker phrases headed by these are documents: the source is the entity they come "from" or "by".
DOCUMENT_NOUNS = tagged("speech_nouns.tsv", "document")
# Nouns for something said: a quoted fragment in what they say is the words of whose they are
SPEECH_NOUNS = tagged("speech_nouns.tsv", "speech")
NP_LEFT_DEPS = frozenset("det amod compound poss nmod nummod quantmod case advmod".split())
NP_RIGHT_PREPS = frozenset("of for at from with in".split())
NOT_COMPLEMENT = frozenset("advcl nsubj nsubjpass csubj relcl acl appos npadvmod".split())
# "the department said": an organization named earlier, by the kind of organization it is
ORG_NOUNS = tagged("speech_nouns.tsv", "organization")
# role nouns that name the same office ("Rep. Adam Schiff" ... "the California congressman")
ROLE_SYNONYMS = {
    w: {"representative", "congressman", "congresswoman", "lawmaker"}
    for w in ("representative", "congressman", "congresswoman")
}
ROLE_SYNONYMS["lawmaker"] = {"representative", "congressman", "congresswoman", "senator", "lawmaker", "legislator"}
