"""Blocking keys of event reports: two reports may be one event only if they are of one kind (synonym class of
the predicate: "abandon" and "pull out" are both "withdraw") and share a key.

A key is an entity IRI (actor, object, participant), the head noun of a plain actor or object phrase
("head:negotiation"), or a word of an actor's, object's or participant's name. Grouping (``timeline``) uses
them to compare a report only with the events it could join; the words that come from the text are also
written into each article graph (``ng:groupKey``), so that an incremental build can find the reports a new
one may join by index instead of reading every report.
"""

from __future__ import annotations

import re

from .lexicon import rows

_STOP = frozenset("the a an of and for to in on at by with from".split())


def _read_classes() -> dict[str, str]:
    return {predicate: cls for predicate, cls in rows("event_predicates.tsv", columns=2)}


# predicate classes: synonyms that report one kind of event ("pull out" of talks = "abandon" them)
PREDICATE_CLASS: dict[str, str] = _read_classes()


def predicate_class(predicate: str) -> str:
    """The synonym class of a normalised predicate: "abandon" and "pull out" are both "withdraw"."""
    return PREDICATE_CLASS.get(predicate, predicate)


def head_key(text: str) -> str:
    """A plain noun phrase's head word, singular and lower-cased: "the negotiations" -> "negotiation".

    Our suffix rule, not the parse's ``lemma_`` nor ``lemminflect``: the keys are recomputed from stored text
    where no parse exists (``timeline``), and a dictionary lemmatiser gives other keys for irregular plurals
    ("children" -> "child", "series"), which would change the stored ``ng:groupKey`` literals."""
    words = re.findall(r"[A-Za-z][\w-]*", text.lower())
    word = words[-1] if words else text.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def name_words(label: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", label.lower()) if w not in _STOP)


def text_keys(actor: str | None, actor_text: str | None, object: str | None, object_text: str | None) -> set[str]:
    """The keys a report's own words give (not its entities' names, which can change): head nouns of the
    phrases that name no entity, and every name word of the phrases. ``actor``/``object``: entity or None."""
    keys = head_keys(actor, actor_text, object, object_text)
    for entity, text in ((actor, actor_text), (object, object_text)):
        if text:
            if not entity:
                keys.add("head:" + head_key(text))
            keys.update(name_words(text))
    return keys


def head_keys(actor, actor_text: str | None, object, object_text: str | None) -> set[str]:
    """What a report is done to, when no entity names it: the object's head noun, else (no object at all) the
    actor's ("the talks have ended": the subject undergoes it)."""
    if object is None and object_text:
        return {"head:" + head_key(object_text)}
    if object is None and not object_text and actor is None and actor_text:
        return {"head:" + head_key(actor_text)}
    return set()


def group_key(kind: str, key: str) -> str:
    """The literal stored for a key: the kind of event and the key (kinds are lemmas, never with a tab)."""
    return f"{kind}\t{key}"
