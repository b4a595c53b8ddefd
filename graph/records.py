"""Typed records handed from one pipeline stage to the next.

All are frozen and ordered, so they hash, sort and compare by value: output order never depends on
dict or set iteration. Character offsets are Python ``str`` offsets into ``Article.text``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

ENTITY_TYPES = ("Person", "Organization", "Place", "Policy")
BOUNDS = ("exact", "lower", "upper", "approx")


@dataclass(frozen=True, order=True)
class Article:
    """One news article as read from disk, before any NLP."""

    id: str
    text: str
    date: date | None = None
    title: str | None = None
    publisher: str | None = None
    url: str | None = None
    source: str = ""  # where it was read from: "path" or "path:line"
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Span:
    """A stretch of an article's text: ``text == article.text[start:end]``."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, order=True)
class Mention:
    """A named entity as written in one article.

    ``name`` is the cleaned surface form (titles, leading "the" and possessive "'s" removed);
    ``key`` is a canonical key when a rule or the gazetteer already knows the entity ("doj").
    """

    span: Span
    name: str
    type: str  # one of ENTITY_TYPES
    subtype: str | None = None  # e.g. "GovernmentOrganization"
    key: str | None = None
    wikidata: str | None = None  # "Q11209"


@dataclass(frozen=True, order=True)
class DateMention:
    """A date expression, normalised against the article's date at its own granularity.

    ``value`` is ISO 8601 ("2021-12-16", "2021-W50", "2021-10", "2021-Q3", "2021") or None when it
    cannot be resolved (no article date for a relative expression). ``begin``/``end`` bound it.
    """

    span: Span
    value: str | None
    granularity: str  # day | week | month | quarter | year | decade | unresolved
    begin: date | None = None
    end: date | None = None


@dataclass(frozen=True, order=True)
class Figure:
    """A number stated in the text: a count, an amount of money or a percentage.

    ``span`` covers the figure as written with its qualifier and counted noun
    ("more than 5,600 children"); ``bound`` says how the value limits the truth.
    """

    span: Span
    value: float
    bound: str = "exact"  # one of BOUNDS
    unit: str | None = None  # counted thing ("children") or currency code ("USD") or "percent"
    min_value: float | None = None
    max_value: float | None = None
    variable: str | None = None  # what it measures, normalised: "children separated"
    sentence: Span | None = None
    speaker: Mention | None = None  # who stated it, when the text says
    as_of: DateMention | None = None
    speaker_name: str | None = None  # source as written when no entity mention matches ("court documents")
    measure_key: str | None = None  # comparable "kind:what": "count:killed", "money:stolen" (extract/measures.py)
    scope: tuple[Mention, ...] = ()  # places (for an age, the person) that the figure's clause restricts it to
    scope_date: DateMention | None = None  # the month or year of the event counted, when the clause gives one


@dataclass(frozen=True, order=True)
class Quote:
    """Something a speaker said: a direct quotation or reported speech."""

    span: Span  # the words said, without quotation marks
    speaker: Mention | None = None
    speaker_name: str | None = (
        None  # as written where attributed ("Mr. Clarke", "lawyers for the families"); no pronoun
    )
    verb: str | None = None  # reporting verb lemma: "say", "tell"
    recipient: Mention | None = None  # "told The Associated Press"
    kind: str = "direct"  # direct | reported
    sentence: Span | None = None


@dataclass(frozen=True, order=True)
class Role:
    """A person's role, optionally at an organization: "Lee Gelernt, an ACLU lawyer"."""

    person: Mention
    role: str
    span: Span
    organization: Mention | None = None


@dataclass(frozen=True, order=True)
class Event:
    """Something that happened: a predicate with its actor, object, place and time."""

    span: Span
    predicate: str  # normalised lemma plus particle: "pull out"
    relation: str | None = None  # typed relation where the text states one: "rescinded"
    actor: Mention | None = None
    object: Mention | None = None
    object_text: str | None = None
    place: Mention | None = None
    time: DateMention | None = None
    negated: bool = False
    modality: str | None = None  # "would", "plan", ...
    sentence: Span | None = None
    actor_text: str | None = None  # actor as written ("the federal government"), entity or not
    participants: tuple[Mention, ...] = ()  # entity mentions in the actor and object phrases, possessors aside
    reported_on: date | None = None  # the article's date, when the tense dates the event to the day of the report


@dataclass(frozen=True)
class Extraction:
    """Everything extracted from one article."""

    article: Article
    sentences: tuple[Span, ...] = ()
    mentions: tuple[Mention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    roles: tuple[Role, ...] = ()
    events: tuple[Event, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, order=True)
class Entity:
    """A resolved real-world entity: one IRI across all articles."""

    key: str  # "person/lee-gelernt"
    type: str
    label: str
    subtype: str | None = None
    aliases: tuple[str, ...] = ()
    wikidata: str | None = None


@dataclass(frozen=True)
class Resolution:
    """Which entity each mention denotes, for a batch of extractions."""

    entity_of: dict = field(default_factory=dict)  # Mention -> entity key, per article id: {(article_id, Mention): key}
    entities: dict = field(default_factory=dict)  # key -> Entity
