"""Events: who did what to whom, where and when, read from the dependency parse.

One event per content verb: the predicate is its lemma plus particle ("pull out"), the actor its subject
(the agent of a passive), the object its direct object (else the object of its preposition), each resolved
to an entity mention when the phrase's head is one. Time comes from a date expression in the verb's own
clause, else from the article's date when the tense reports the day's news (present perfect), else stays
unknown. Negation ("did not", "never", "no longer", "nobody") and modality ("would have provided", "plans to
write", "seeking") are kept as properties, so nothing hypothetical is asserted; a verb inside a direct quotation
is the speaker's, not the article's (modality "quoted"). Reporting, cognition and light verbs are not events, nor
is "according to". The dateline that opens an article ("LONDON —") places it and is never an actor.
"""

from __future__ import annotations

import dataclasses

from ..records import Article, DateMention, Event, Extraction, Mention, Span
from .common import sentence_at
from .event_keys import predicate_class
from .event_parse import NOT_EVENT_DEPS, Children, clause_verb, dateline, depth_below, negated, same_line, verb_indices
from .lexicon import tagged
from .mention_index import mention_index

# verbs that report or think rather than happen: their content clause carries the event
REPORTING = tagged("verbs.tsv", "event-reporting")
CLAUSE_REPORTING = tagged("verbs.tsv", "event-clause-reporting")  # only with a content clause: "announced that"
LIGHT = frozenset(
    "be have do become seem appear remain get know think believe understand feel mean need "
    "want hope expect let wish look make cite".split()
)
# governors whose infinitive complement is intended, not done: "plans to write", "seeking to", "unable to"
INTENTION = frozenset(
    "plan try seek want intend aim hope attempt propose promise threaten vow expect decide "
    "agree refuse fail offer pledge prepare push move wish need order urge ask call "
    "effort bid proposal threat intention talk negotiation".split()
)
DIRECTIVE = frozenset("order urge ask call push offer".split())  # events themselves: "ordered X to ..."
ASPECTUAL = frozenset("begin start continue keep stop cease resume".split())
# "call an end to X" is "end X"; "take part in X" is "take part"
LIGHT_NOUN = {
    ("call", "end"): "end",
    ("put", "end"): "end",
    ("bring", "end"): "end",
    ("take", "part"): "take part",
    ("file", "lawsuit"): "sue",
    ("file", "suit"): "sue",
    ("take", "action"): "act",
}
PARTICLE_WORDS = frozenset("out up off down back away over in on".split())
OBJECT_PREPS = ("of", "from", "with", "against", "into", "to", "for", "over", "on", "about")
PLACE_PREPS = frozenset("in at near outside inside across throughout".split())
PRONOUNS = frozenset("i you he she it we they who whom which that this these those what".split())
DETERMINERS = ("the ", "a ", "an ")
ATTRIBUTION = frozenset({"accord"})  # "according to X" names a source
DIRECT_DEPTH = 2  # a date modifies its verb directly: "rose Monday" (1 arc), "rose on Monday" (2)

POLICY_NOUNS = frozenset(
    "policy program programme directive rule regulation law order ban mandate measure initiative".split()
)


def extract_events(doc, article: Article, so_far: Extraction) -> Extraction:
    """Add one :class:`Event` per content verb of ``doc``."""
    if not doc.has_annotation("DEP"):
        return so_far
    ctx = _Context(doc, article, so_far)
    events = {e for i in verb_indices(doc) if (e := ctx.event(doc[i])) is not None}
    return dataclasses.replace(so_far, events=tuple(sorted(events)))


class _Context:
    """One article's parse plus the layers already extracted, indexed by token."""

    def __init__(self, doc, article: Article, so_far: Extraction):
        self.doc, self.article, self.so_far = doc, article, so_far
        self._children = Children(doc)
        self._children_seen: dict[int, list] = {}  # for the verb being read only: see event()
        self.mention_at: dict[int, Mention] = mention_index(doc, so_far.mentions).by_token()
        # clause verb index -> its date expressions, with how far below the verb each hangs
        self.dates_of: dict[int, list[tuple[int, DateMention]]] = {}
        for d in so_far.dates:
            span = doc.char_span(d.span.start, d.span.end, alignment_mode="expand")
            if span is not None and len(span):
                verb = clause_verb(span.root)
                if verb is not None:
                    self.dates_of.setdefault(verb.i, []).append((depth_below(span.root, verb), d))
        self.dateline = dateline(doc)  # "LONDON —": never an actor
        # the article's text between quotation marks: the speaker's words, not what the article asserts
        self.quoted = sorted((q.span.start, q.span.end) for q in so_far.quotes if q.kind == "direct")

    def children(self, tok) -> list:
        """``list(tok.children)``, made once per verb read (the helpers ask for the same ones again)."""
        kids = self._children_seen.get(tok.i)
        if kids is None:
            kids = self._children_seen[tok.i] = self._children.of(tok.i)
        return kids

    # ---- one verb
    def event(self, tok) -> Event | None:
        self._children_seen = {}  # kept for the whole Doc, its Tokens would pile up for the garbage collector
        if tok.pos_ != "VERB" or tok.dep_ in NOT_EVENT_DEPS or not tok.lemma_.isalpha():
            return None
        lemma = tok.lemma_.lower()
        if lemma in REPORTING or (lemma in LIGHT and self._light_noun(tok) is None):
            return None
        children = self.children(tok)
        if lemma in ATTRIBUTION and any(c.dep_ == "prep" and c.lower_ == "to" for c in children):
            return None  # "according to the report": who says it, not something that happened
        if lemma in CLAUSE_REPORTING and any(c.dep_ == "ccomp" for c in children):
            return None
        if lemma in INTENTION and lemma not in DIRECTIVE and any(c.dep_ == "xcomp" for c in children):
            return None  # the intended act (its xcomp) is the event, with this verb as its modality
        if lemma in ASPECTUAL and any(c.dep_ == "xcomp" for c in children):
            return None
        particle = self._particle(tok)
        predicate, light_obj = self._predicate(tok, particle)
        actor_tok, object_tok = self._arguments(tok, light_obj, particle)
        actor_tok, object_tok = self._referent(actor_tok), self._referent(object_tok)
        actor, actor_text, actor_parts = self._phrase(actor_tok)
        obj, object_text, object_parts = self._phrase(object_tok)
        if actor_text is None and object_text is None:
            return None  # "leading to ...": nothing to say who or what
        negated = self._negated(tok)
        modality = self._modality(tok) or ("quoted" if self._in_quote(tok) else None)
        time = self._time(tok)
        reported_on = None
        if time is None and not negated and modality is None and self.article.date and self._reports_the_day(tok):
            reported_on = self.article.date
        span = self._span(tok, light_obj, particle)
        return Event(
            span=span,
            predicate=predicate,
            relation=self._relation(predicate, obj, object_tok, tok),
            actor=actor,
            object=obj,
            object_text=object_text,
            place=self._place(tok),
            time=time,
            negated=negated,
            modality=modality,
            sentence=sentence_at(self.so_far.sentences, span.start),
            actor_text=actor_text,
            participants=tuple(sorted(set(actor_parts) | set(object_parts))),
            reported_on=reported_on,
        )

    def _light_noun(self, tok) -> str | None:
        for c in self.children(tok):
            if c.dep_ == "dobj" and (tok.lemma_.lower(), c.lemma_.lower()) in LIGHT_NOUN:
                return LIGHT_NOUN[(tok.lemma_.lower(), c.lemma_.lower())]
        return None

    def _predicate(self, tok, particle):
        """The normalised predicate and, for "call an end to X", the light noun ("end")."""
        lemma = tok.lemma_.lower()
        for c in self.children(tok):
            if c.dep_ == "dobj" and (lemma, c.lemma_.lower()) in LIGHT_NOUN:
                return LIGHT_NOUN[(lemma, c.lemma_.lower())], c
        return (f"{lemma} {particle.lower_}" if particle is not None else lemma), None

    def _arguments(self, tok, light_obj, particle):
        children = self.children(tok)
        deps = {c.dep_: c for c in reversed(children) if c.i not in self.dateline}  # first child of each kind wins
        passive = "nsubjpass" in deps or "auxpass" in deps
        actor = deps.get("nsubj")
        obj = None
        if passive:
            agent = deps.get("agent")
            actor = next((g for g in self.children(agent) if g.dep_ == "pobj"), None) if agent is not None else None
            obj = deps.get("nsubjpass")
            if obj is None and tok.dep_ in ("acl", "relcl") and tok.head.pos_ in ("NOUN", "PROPN"):
                obj = tok.head  # "families separated at the border"
        elif light_obj is not None:
            obj = self._prep_object(light_obj, ("to", "in", "against", "on", "of")) or self._prep_object(
                tok, ("to", "in", "against", "on", "of")
            )
        else:
            obj = deps.get("dobj")
            if obj is None:
                obj = self._prep_object(particle, OBJECT_PREPS) if particle is not None else None
            if tok.lemma_.lower() == "negotiate":
                obj = self._prep_object(tok, ("with",)) or obj
            if obj is None:
                obj = self._prep_argument(tok)
            if actor is None and tok.dep_ == "acl" and tok.tag_ == "VBG":
                actor = tok.head  # "lawyers representing families"
        if actor is None:
            actor = self._inherited_subject(tok)
        return actor, obj

    def _prep_argument(self, tok):
        """The object of a preposition that is not a time or a place: "pulled out of negotiations"."""
        for c in self.children(tok):
            if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS:
                pobj = next((g for g in self.children(c) if g.dep_ == "pobj"), None)
                if pobj is None or pobj.ent_type_ in ("DATE", "TIME"):
                    continue
                m = self.mention_at.get(pobj.i)
                if m is not None and m.type == "Place":
                    continue
                return pobj
        return None

    def _referent(self, tok):
        """What an argument refers to: a relative pronoun's noun; nothing for other pronouns (no coreference)."""
        if tok is None:
            return None
        antecedent = self._antecedent(tok)
        if antecedent is not None:
            return antecedent
        return None if tok.lower_ in PRONOUNS or tok.ent_type_ in ("DATE", "TIME") else tok

    def _antecedent(self, tok):
        """The noun a relative pronoun stands for: "That directive, which ... had suspended"."""
        if tok.tag_ not in ("WDT", "WP"):
            return None
        verb = tok.head
        while verb.dep_ != "relcl" and verb.pos_ in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head
        return verb.head if verb.dep_ == "relcl" else None

    def _phrase(self, tok) -> tuple[Mention | None, str | None, list[Mention]]:
        """(mention at the head, the core noun phrase as written, every entity mention in it but possessors)."""
        if tok is None:
            return None, None, []
        head_mention = self.mention_at.get(tok.i)
        start, end = tok.i, tok.i + 1
        lefts = [c for c in self.children(tok) if c.i < tok.i]
        rights = [c for c in self.children(tok) if c.i > tok.i]
        for c in lefts:
            if c.dep_ in ("det", "amod", "compound", "nmod", "poss", "nummod", "quantmod", "punct", "case") and not any(
                t.ent_type_ in ("DATE", "TIME") for t in c.subtree
            ):
                start = min(start, c.left_edge.i)
        for c in rights:
            if c.dep_ in ("compound", "flat", "case") or (c.dep_ == "punct" and c.text in "\"”’'"):
                end = max(end, c.right_edge.i + 1)
        if head_mention is not None:
            span = self.doc.char_span(head_mention.span.start, head_mention.span.end, alignment_mode="expand")
            if span is not None:
                start, end = min(start, span.start), max(end, span.end)
        start, end = same_line(self.doc, tok.i, start, end)
        if start < self.dateline.stop <= tok.i:
            start = self.dateline.stop  # "PARIS (Reuters) - Renault": Renault
        last = self.doc[end - 1]
        text = self.article.text[self.doc[start].idx : last.idx + len(last.text)]  # doc[start:end].text, as in _span
        text = " ".join(text.split()).strip(" ,")
        while text.lower().startswith(DETERMINERS):
            text = text.split(" ", 1)[1].lstrip()
        parts = {
            self.mention_at[t.i] for t in self._name_tokens(tok) if t.i in self.mention_at and t.i not in self.dateline
        }
        return head_mention, text or None, sorted(parts)

    def _time(self, tok) -> DateMention | None:
        """The date expression that governs the verb: one that modifies it directly ("rose Monday", "rose on
        Monday") before one deeper in its clause, resolved ones first, the finest of them ("rose on Monday this
        week": Monday), then the first."""
        found = self.dates_of.get(tok.i, [])
        if not found:
            return None
        resolved = [(depth, d) for depth, d in found if d.begin is not None] or found
        return min(resolved, key=lambda o: (o[0] > DIRECT_DEPTH, _span_days(o[1]), o[0], o[1].span.start))[1]

    def _place(self, tok) -> Mention | None:
        for c in self.children(tok):
            if c.dep_ == "prep" and c.lower_ in PLACE_PREPS:
                for g in self.children(c):
                    if g.dep_ == "pobj":
                        for t in g.subtree:
                            m = self.mention_at.get(t.i)
                            if m is not None and m.type == "Place":
                                return m
        return None

    def _span(self, tok, light_obj, particle) -> Span:
        """The predicate as written: the verb with its particle or light noun ("called an end")."""
        words = [tok] + [t for t in (particle, light_obj) if t is not None]
        start = min(t.idx for t in words)
        end = max(t.idx + len(t.text) for t in words)
        return Span(start, end, self.article.text[start:end])  # Doc.text re-joins every token: never per call

    def _name_tokens(self, tok):
        """The head and the names it is built from ("Biden" in "the Biden administration"), not its possessor
        ("Trump's policy" is about the policy) nor its adjectives."""
        out = [tok]
        for c in self.children(tok):
            if c.dep_ in ("compound", "nmod", "flat", "appos"):
                out.extend(self._name_tokens(c))
        return out

    def _particle(self, tok):
        """A verb particle: spaCy tags "out" in "pulled out of" as prt or as a preposition with its own object."""
        children = self.children(tok)
        for c in children:
            if c.dep_ == "prt":
                return c
        for c in children:
            if (
                c.dep_ in ("prep", "advmod")
                and c.lower_ in PARTICLE_WORDS
                and c.i == tok.i + 1
                and any(g.dep_ == "prep" for g in self.children(c))
            ):
                return c
        return None

    def _prep_object(self, tok, preps):
        """The object of ``tok``'s first preposition among ``preps``."""
        if tok is None:
            return None
        for prep in preps:  # in the order given: "an end to the practice" before "in June"
            for c in self.children(tok):
                if c.dep_ == "prep" and c.lower_ == prep:
                    for g in self.children(c):
                        if g.dep_ == "pobj":
                            return g
        return None

    def _inherited_subject(self, tok):
        """The subject of a verb that has none of its own: a conjunct's or a controlled infinitive's governor."""
        t = tok
        while t.dep_ in ("conj", "xcomp", "advcl") and t.head.i != t.i:
            t = t.head
            for c in self.children(t):
                if c.dep_ in ("nsubj",):
                    return c
            if t.dep_ == "advcl":
                break
        return None

    def _negated(self, tok) -> bool:
        return negated(self.children(tok))

    def _in_quote(self, tok) -> bool:
        return any(start <= tok.idx < end for start, end in self.quoted)

    def _modality(self, tok) -> str | None:
        """What keeps the event from being a fact: a modal verb, a condition, or an intention above it."""
        for c in self.children(tok):
            if c.tag_ == "MD" and c.dep_ == "aux":
                return c.lemma_.lower()
            if c.dep_ == "mark" and c.lower_ in ("if", "unless", "whether"):
                return c.lower_
        if tok.lemma_.lower() in ("seek", "try", "want", "plan", "attempt", "intend"):
            return tok.lemma_.lower()  # "seeking compensation": sought, not obtained
        t = tok
        while any(c.dep_ == "aux" and c.tag_ == "TO" for c in self.children(t)) and t.head.i != t.i:
            gov = t.head
            lemma = gov.lemma_.lower()
            if t.dep_ == "advcl":
                return "purpose"  # "to try to amp up pressure"
            if gov.pos_ == "ADJ":
                return lemma  # "unable to reach", "unwilling to use"
            if lemma in ASPECTUAL:
                t = gov
                continue
            if gov.pos_ in ("VERB", "NOUN") and lemma not in ASPECTUAL:
                return lemma if lemma in INTENTION or gov.pos_ == "NOUN" else "to"
            break
        return None

    def _reports_the_day(self, tok) -> bool:
        """Present perfect in a main or reported clause ("has pulled out", "X has ended, lawyers said")."""
        if tok.tag_ != "VBN" or tok.dep_ not in ("ROOT", "ccomp", "conj"):
            return False
        aux = [c for c in self.children(tok) if c.dep_ == "aux"]
        return any(c.lemma_.lower() == "have" and c.tag_ in ("VBZ", "VBP") for c in aux)

    def _relation(self, predicate: str, obj: Mention | None, object_tok, tok) -> str | None:
        """A typed relation where the text states one; None leaves the open predicate."""
        cls = predicate_class(predicate)
        head = object_tok.lemma_.lower() if object_tok is not None else ""
        policy = (obj is not None and obj.type == "Policy") or head in POLICY_NOUNS
        org = obj is not None and obj.type == "Organization"
        if policy and cls in ("enact", "launch"):
            return "enacted"
        if policy and cls == "rescind":
            return "rescinded"
        if policy and cls == "suspend":
            return "suspended"
        if cls == "sue" and object_tok is not None:
            return "sues"
        if cls == "negotiate" and self._prep_object(tok, ("with",)) is not None:
            return "negotiates with"
        if cls == "join" and org:
            return "member of"
        if cls == "lead" and org:
            return "role at"
        return None


def _span_days(d: DateMention) -> int:
    """How many days a date covers (unresolved ones count as longest)."""
    return (d.end - d.begin).days if d.begin is not None and d.end is not None else 1 << 16
