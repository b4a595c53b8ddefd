"""How each kind of node and relation looks on the page, and the names the rest of the package uses for them."""

from __future__ import annotations

from dataclasses import dataclass

from ...vocab import BASE, PREFIXES

NG_NS = PREFIXES["ng"]
VIZ_ID = BASE + "viz/"  # ids of nodes the page derives (one date node per ISO value); never written to the store


@dataclass(frozen=True)
class NodeType:
    """How one kind of node looks: vis-network shape, colour, and size as a function of mentions."""

    name: str
    plural: str
    color: str
    shape: str
    size: int = 10
    grow: float = 0.0  # extra size per square root of the mention count
    word: str = ""  # its --types word when not the plural ("measured variables" -> "variables")

    @property
    def option(self) -> str:
        return self.word or self.plural


NODE_TYPES = (
    NodeType("Person", "people", "#4e79a7", "dot", 10, 4.0),
    NodeType("Organization", "organizations", "#f28e2b", "square", 10, 4.0),
    NodeType("Place", "places", "#59a14f", "triangle", 10, 4.0),
    NodeType("Policy", "policies", "#b07aa1", "hexagon", 10, 4.0),
    NodeType("Figure", "figures", "#e15759", "diamond", 9),
    NodeType("Quote", "quotes", "#c9a227", "star", 9),
    NodeType("Article", "articles", "#9c755f", "box", 12),
    NodeType("Date", "dates", "#76b7b2", "triangleDown", 7, 2.0),
    NodeType("Variable", "measured variables", "#ff9da7", "ellipse", 10, word="variables"),
    # one node per event across its reports (the shared events graph); size grows with the reporting articles
    NodeType("Event", "events", "#5b3f8c", "diamond", 10, 3.0),
    NodeType("UndatedEvent", "undated events", "#b3a4d4", "diamond", 8, 2.0, word="undated-events"),
    NodeType("EventMention", "event mentions", "#8c8c8c", "dot", 7, word="event-mentions"),
)
TYPE_BY_NAME = {t.name: t for t in NODE_TYPES}
ENTITY_TYPES = ("Person", "Organization", "Place", "Policy")
# dated events are the story's timeline and few; undated ones and each article's event mentions are many
# (one per reported predicate) and would bury the attribution graph: drawn on request
DEFAULT_TYPES = tuple(t.name for t in NODE_TYPES if t.name not in ("UndatedEvent", "EventMention"))


@dataclass(frozen=True)
class Relation:
    name: str
    color: str
    width: float = 1.0
    dashes: bool = False


SAID, SAID_TO, REPORTED_BY, PUBLISHED_BY = "said", "said to", "reported by", "published by"
MENTIONED_IN = "mentioned in"
MEASURES, AS_OF, DISAGREES, ROLE_AT, MEMBER_OF = "measures", "as of", "disagrees with", "role at", "member of"
DID, DONE_TO, WHEN, WHERE, REPORTED_AS = "did", "done to", "when", "where", "reported as"
RELATIONS = (
    Relation(SAID, "#3b3b3b", 1.5),
    Relation(SAID_TO, "#7f7f7f"),
    Relation(ROLE_AT, "#4e79a7", 1.5),
    Relation(MEMBER_OF, "#4e79a7", 1.5),
    Relation(MEASURES, "#ff9da7"),
    Relation(DISAGREES, "#d62728", 3.0, True),
    Relation(AS_OF, "#76b7b2"),
    Relation(REPORTED_BY, "#b9a496"),
    Relation(PUBLISHED_BY, "#9c755f"),
    Relation(MENTIONED_IN, "#d9d9d9", 0.5),
    Relation(DID, "#8c8c8c"),
    Relation(DONE_TO, "#8c8c8c"),
    Relation(WHEN, "#76b7b2"),
    Relation(WHERE, "#59a14f"),
    Relation(REPORTED_AS, "#b3a4d4", 0.5),
)
REL_INDEX = {r.name: i for i, r in enumerate(RELATIONS)}

FORMATS = ("html", "graphml", "gexf")
