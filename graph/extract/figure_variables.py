"""What a figure counts and measures: the counted noun after the number and the measured variable from the
predicate ("children separated", "the cost of the program")."""

from __future__ import annotations

import re

from .figure_filters import TIME_NOUNS, looks_plural
from .figure_sources import HEDGE_VERBS, LEVEL_VERBS
from .lexicon import pairs
from .numbers import NumberMatch

PER_RE = re.compile(
    r"^\s*(?:per|a|each|for\s+each)\s+(person|head|child|family|individual|person|parent|"
    r"migrant|victim|worker|employee|household|year|month|week|day|share|student|patient)\b"
    r"(?!\s+(?:earlier|ago|before|later|after|prior))|"
    r"^\s*(?:each|apiece)\b",
    re.I,
)
IRREGULAR_PARTICIPLES = pairs("participles.tsv")


def counted_noun(doc, tokens, text: str, n: NumberMatch):
    """The noun a count counts ("5,600 children"), the noun money pays for ("$450,000 payments"), or the whole
    after "of" ("thousands of minors", "5 percent of voters")."""
    if not tokens:
        return None
    last = tokens[-1]
    head = last.head
    while head.dep_ == "compound" and head.tag_ == "NN" and head.head.i > head.i and head.head.i - last.i <= 4:
        head = head.head  # "3 bank employees": the compound's head is counted
    if (
        last.dep_ in ("nummod", "compound", "amod", "quantmod", "nmod", "npadvmod")
        and head.i > last.i
        and (head.pos_ == "NOUN" or head.tag_ == "NNPS")
        and head.i - last.i <= 4
        and not _crosses_punct(doc, last.i, head.i)
    ):
        return head if head.lower_ not in TIME_NOUNS else None
    nxt = last.i + 1
    if nxt < len(doc) and doc[nxt].lower_ == "of" and (n.vague or n.percent):
        obj = [c for c in doc[nxt].children if c.dep_ == "pobj"]
        return obj[0] if obj and obj[0].pos_ in ("NOUN", "PROPN") else None
    # no parse (blank pipeline) or a flat reading: the next plural noun right after the number
    i = nxt
    while (
        i < len(doc)
        and i - nxt < 3
        and (doc[i].pos_ in ("ADJ",) or doc[i].tag_ in ("JJ", "VBN") or re.fullmatch(r"[A-Z]+-?\d+", doc[i].text))
    ):
        i += 1  # "7 AK-47 rifles": a model name between the count and the counted
    if (
        i < len(doc)
        and not doc[i].is_punct
        and doc[i].lower_ not in TIME_NOUNS
        and (doc[i].tag_ in ("NNS", "NNPS") or (not doc[i].tag_ and looks_plural(doc[i].lower_, None, 0)))
    ):
        return doc[i]
    return None


def _crosses_punct(doc, i: int, j: int) -> bool:
    return any(doc[k].is_punct for k in range(i + 1, j))


# ---------------------------------------------------------------- what it measures


def participle(tok) -> str:
    """The past participle of a verb token: "were separated" -> "separated", "died" -> "died"."""
    if tok.tag_ == "VBN" or (tok.tag_ == "VBD" and tok.lower_.endswith("ed")):
        return tok.lower_
    lemma = tok.lemma_.lower() or tok.lower_
    if lemma in IRREGULAR_PARTICIPLES:
        return IRREGULAR_PARTICIPLES[lemma]
    if tok.pos_ == "ADJ" or tok.dep_ in ("acomp", "attr") or tok.tag_ == "VBG":
        return tok.lower_  # "are still missing", "were unaccounted"
    if lemma.endswith("e"):
        return lemma + "d"
    if re.search(r"[^aeiou]y$", lemma):
        return lemma[:-1] + "ied"
    return lemma + "ed"


def predicate_of(noun):
    """The predicate telling what happened to a counted noun: its participle modifier ("children separated
    from"), the verb it is subject or object of, through hedges ("were estimated to be separated") and
    copulas ("are missing")."""
    for c in noun.children:
        if c.dep_ == "acl" and c.tag_ in ("VBN", "VBG"):
            return c
    for c in noun.children:
        if c.dep_ == "relcl" and any(
            g.dep_ in ("nsubj", "nsubjpass") and g.lower_ in ("who", "that", "which") for g in c.children
        ):
            return c  # "3,000 people who died"
    if noun.dep_ == "conj" and noun.head.pos_ == "NOUN" and noun.head.i != noun.i:
        # "4,500 new cases and 37 deaths" were both reported; a misparsed conjunct keeps its own verb group
        return verb_group_after(noun) or predicate_of(noun.head)
    if noun.dep_ in ("nsubj", "nsubjpass", "dobj", "attr"):
        verb = noun.head
    elif noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("VERB", "AUX"):
        verb = noun.head.head
    else:
        return verb_group_after(noun)
    for _ in range(3):
        xcomp = [c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX", "ADJ")]
        if verb.lemma_ in HEDGE_VERBS and noun.dep_ in ("nsubjpass", "nsubj") and xcomp:
            verb = xcomp[0]
            continue
        if verb.lemma_ == "be":
            comp = [c for c in verb.children if c.dep_ in ("acomp", "attr") and c.pos_ in ("ADJ", "VERB")]
            if comp:
                verb = comp[0]
            elif noun.dep_ == "nsubj" and any(c.dep_ == "prep" for c in verb.children):
                return None
        break
    if verb.pos_ not in ("VERB", "AUX", "ADJ") or verb.lemma_ in ("be", "have"):
        return None
    return verb


def verb_group_after(noun):
    """When the parser attached a subject elsewhere ("..., and a pilot program in 2017, more than 5,600 children
    were separated" read as a conjunct), the verb group right after the noun: "were separated"."""
    doc = noun.doc
    i = noun.i + 1
    while i < len(doc) and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod") and i - noun.i <= 4:
        i += 1
    if i < len(doc) and i > noun.i + 1 and doc[i].pos_ == "VERB" and doc[i].tag_ in ("VBN", "VBG"):
        return doc[i]
    if i == noun.i + 1 and i < len(doc) and doc[i].pos_ == "VERB" and doc[i].tag_ in ("VBD", "VBZ", "VBP"):
        return doc[i]
    return None


def modifiers_of(verb) -> str:
    """ "still" and "not" on the predicate or its auxiliaries: they change what is counted."""
    words = []
    for c in list(verb.children) + ([verb.head] if verb.dep_ == "xcomp" else []):
        if c.dep_ == "advmod" and c.lower_ in ("still", "already", "never"):
            words.append(c.lower_)
    if any(c.dep_ == "neg" for c in verb.children):
        words.append("not")
    return " ".join(dict.fromkeys(words))


def noun_phrase(noun) -> str:
    """The counted thing with its noun compounds: "court cases", "task force members"; adjectives dropped."""
    parts = [c.lower_ for c in noun.lefts if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return " ".join(parts + [noun.lower_])


def variable_of(doc, tokens, noun, n: NumberMatch, text: str) -> str | None:
    """A normalised name for what a figure measures, such as "children separated" or "payments"."""
    if not tokens or not tokens[0].doc.has_annotation("DEP"):
        return noun.lower_ if noun is not None else None
    per = PER_RE.match(text[n.end : n.end + 30]) if noun is None else PER_RE.match(text[noun.idx + len(noun) :][:30])
    suffix = f" per {(per[1] or 'person').lower()}" if per else ""
    if n.currency:
        thing = money_thing(tokens, noun)
        return (thing + suffix) if thing else None
    if n.percent:
        if noun is not None:
            pred = predicate_of(tokens[-1].head) if tokens[-1].head.pos_ == "NOUN" else None
            return f"share of {noun_phrase(noun)}" + (f" {participle(pred)}" if pred is not None else "")
        subject = copula_subject(tokens[-1])
        return noun_phrase(subject) if subject is not None else None
    if noun is None:
        return None
    pred = predicate_of(noun)
    thing = noun_phrase(noun)
    if pred is None:
        return thing + suffix
    mods = modifiers_of(pred)
    particle = " ".join(c.lower_ for c in pred.children if c.dep_ == "prt")  # "laid off", not "laid"
    return " ".join(filter(None, [thing, mods, participle(pred), particle])) + suffix


def money_thing(tokens, noun) -> str | None:
    """What an amount of money is: the noun it modifies ("$450,000 payments"), the subject it is said of
    ("the payments could be as high as $450,000"), or the amount of a verb ("amount paid")."""
    if noun is not None:
        return noun_phrase(noun)
    last = tokens[-1]
    if last.dep_ == "pobj" and last.head.lower_ == "of" and last.head.head.pos_ == "NOUN":
        return noun_phrase(last.head.head)  # "revenue of $4.2 billion", "payments of $450,000"
    subject = copula_subject(last)
    if subject is not None:
        return noun_phrase(subject)
    head = tokens[-1].head
    if tokens[-1].dep_ in ("dobj", "pobj", "attr") and head.pos_ == "VERB":
        return f"amount {participle(head)}"
    return None


def copula_subject(tok):
    """For a number predicated of a subject ("payments could be as high as $X", "unemployment rose to 5%"),
    that subject."""
    node = tok
    for _ in range(5):
        if node.head.i == node.i:
            break
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            if node.lemma_ not in LEVEL_VERBS:
                return None
            subj = [
                c
                for c in node.children
                if c.dep_ in ("nsubj", "nsubjpass")
                and c.pos_ in ("NOUN", "PROPN")
                and c.ent_type_ not in ("PERSON", "ORG", "GPE", "NORP")
            ]
            return subj[0] if subj else None
    return None
