"""The frozen records between the stages: rows read from the store (``Layers``), the nodes and edges assembled
from them (``VizNode``, ``VizEdge``), and the selected graph the outputs draw (``GraphData``)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Evidence:
    """A sentence with the cited words at ``[start, end)``, from one article."""

    text: str
    start: int
    end: int
    article: str | None = None  # article id


@dataclass(frozen=True, order=True)
class VizNode:
    id: str  # the store IRI (or a derived id under VIZ_ID)
    type: str  # a NodeType name
    label: str
    mentions: int = 0
    articles: tuple[str, ...] = ()  # ids of the articles it comes from
    aliases: tuple[str, ...] = ()
    details: tuple[tuple[str, str], ...] = ()  # tooltip lines, in order
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, order=True)
class VizEdge:
    source: str
    target: str
    relation: str  # a Relation name
    label: str = ""  # shown on the edge; the relation name when empty
    details: tuple[tuple[str, str], ...] = ()
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, order=True)
class ArticleInfo:
    id: str
    iri: str
    title: str | None = None
    outlet: str | None = None
    date: str | None = None
    url: str | None = None
    outlet_iri: str | None = None

    def caption(self) -> str:
        return " · ".join(x for x in (self.title or self.id, self.outlet, self.date) if x)


@dataclass(frozen=True)
class GraphData:
    """The graph the page draws, with what was left out and why."""

    nodes: tuple[VizNode, ...]
    edges: tuple[VizEdge, ...]
    articles: tuple[ArticleInfo, ...] = ()
    total_nodes: int = 0  # before the node limit (after type, article and focus selection)
    total_edges: int = 0
    omitted: tuple[tuple[str, int], ...] = ()  # (type, nodes left out by the node limit)
    focus: tuple[str, ...] = ()  # labels of the focus nodes
    depth: int | None = None

    def summary(self) -> str:
        text = f"{len(self.nodes)} nodes, {len(self.edges)} edges"
        if len(self.nodes) < self.total_nodes:
            text += f" (of {self.total_nodes} nodes; the most connected kept)"
        return text


@dataclass(frozen=True)
class Layers:
    """Rows read from the store, one tuple per layer; a layer another stage has not written is empty."""

    articles: tuple[ArticleInfo, ...] = ()
    entities: tuple[tuple[str, str, str, tuple[str, ...]], ...] = ()  # (iri, type, label, aliases)
    mentions: tuple[tuple[str, str, int], ...] = ()  # (entity iri, article id, count)
    claims: tuple[dict, ...] = ()  # figure and quote claims, one dict each
    dates: tuple[tuple[str, str, str | None, str | None], ...] = ()  # (date iri, article id, iso value, text)
    roles: tuple[dict, ...] = ()
    events: tuple[dict, ...] = ()  # each article's event mentions (ng:Event)
    story_events: tuple[dict, ...] = ()  # events across articles (schema:Event in the events graph)
    disagreements: tuple[tuple[str, str, str | None], ...] = ()  # (claim, claim, reason)
    spans: dict = field(default_factory=dict)  # span iri -> (begin, end, text)
