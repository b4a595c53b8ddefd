"""Word lists of speech and attribution: the verbs that introduce quotes and reported speech, pronouns, and
the nouns of documents, statements and organizations that speaker phrases are headed by."""

from __future__ import annotations

# Verbs that attribute a direct quote (lemmas).
SPEECH_VERBS = frozenset(
    """
say tell add announce state write explain note argue insist warn acknowledge admit confirm deny testify
declare assert contend claim ask reply respond answer continue tweet post recall remark observe stress
emphasize emphasise complain concede joke quip shout yell predict promise vow caution lament suggest
agree counter comment report conclude urge plead whisper scream exclaim boast demand wonder
""".split()
)
# Verbs whose clausal complement is reported speech: narrower, since "suggest", "ask", "continue" and
# the like take clauses that are not someone's statement.
REPORT_VERBS = frozenset(
    """
say tell announce state write explain note argue insist warn acknowledge admit confirm deny testify
declare assert contend claim report allege predict promise vow stress emphasize emphasise concede
""".split()
)
# Verbs that quote a phrase as the subject's words without reporting a statement: "Cruz called Trump a
# "pathological liar"", "described the test as "provocative"", "accused him of "fanatic recklessness"".
# They attribute quoted fragments only, never a quote standing as a clause.
FRAGMENT_VERBS = frozenset(
    """
call describe label brand dub term deride liken compare dismiss hail praise laud condemn denounce decry blast
slam criticize criticise attack accuse charge exhort demand characterize characterise portray mock ridicule
lambaste lambast proclaim tout rate chant
""".split()
)
# Verbs of commitment: the infinitive they take is the writer's account of an intended act ("promised to "fix"
# the roads"), so a fragment inside it is not attributed through them.
COMMISSIVE = frozenset("promise vow pledge".split())

PERSONAL = {"he": "m", "him": "m", "she": "f", "her": "f"}
GROUP_PRONOUNS = {"they", "it", "we"}
OBJECT_PRONOUNS = {"him", "her", "them", "us", "me"}
TITLE_GENDER = {"mr.": "m", "mr": "m", "mrs.": "f", "mrs": "f", "ms.": "f", "ms": "f"}
# Speaker phrases headed by these are documents: the source is the entity they come "from" or "by".
DOCUMENT_NOUNS = frozenset(
    "statement report filing document documents record records letter memo email "
    "post tweet release data study survey poll transcript article piece editorial ad "
    "book video".split()
)
# Nouns for something said: a quoted fragment in what they say is the words of whose they are
SPEECH_NOUNS = frozenset(
    "claim statement remark comment message warning promise prediction pledge assertion "
    "accusation description argument suggestion insistence vow threat demand allegation "
    "contention complaint".split()
)
NP_LEFT_DEPS = frozenset("det amod compound poss nmod nummod quantmod case advmod".split())
NP_RIGHT_PREPS = frozenset("of for at from with in".split())
NOT_COMPLEMENT = frozenset("advcl nsubj nsubjpass csubj relcl acl appos npadvmod".split())
# "the department said": an organization named earlier, by the kind of organization it is
ORG_NOUNS = frozenset(
    "company firm agency department ministry office committee commission council court "
    "union party campaign group organization organisation network newspaper paper "
    "government administration board bureau center centre institute foundation".split()
)
# role nouns that name the same office ("Rep. Adam Schiff" ... "the California congressman")
ROLE_SYNONYMS = {
    w: {"representative", "congressman", "congresswoman", "lawmaker"}
    for w in ("representative", "congressman", "congresswoman")
}
ROLE_SYNONYMS["lawmaker"] = {"representative", "congressman", "congresswoman", "senator", "lawmaker", "legislator"}
