"""SHACL validation of the store against ``ontology/shapes.ttl``, one graph at a time (pyshacl is slow on
whole stores)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .store import GraphStore
from .vocab import ENTITIES_GRAPH, ONTOLOGY_DIR

SHAPES = ONTOLOGY_DIR / "shapes.ttl"
ONTOLOGY = ONTOLOGY_DIR / "newsgraph.ttl"


@dataclass
class ValidationReport:
    conforms: bool = True
    graphs: int = 0
    quads: int = 0
    problems: list[str] = field(default_factory=list)

    def text(self) -> str:
        head = f"{len(self.problems)} violation{'s' * (len(self.problems) != 1)} in {self.graphs} graphs:"
        return "\n".join([head] + [f"  {p}" for p in self.problems])


def validate_store(store: GraphStore, shapes_path: Path = SHAPES) -> ValidationReport:
    """Validate each named graph (with the entities graph beside it, for types of linked entities)."""
    import rdflib
    from pyshacl import validate

    shapes = rdflib.Graph().parse(shapes_path, format="turtle")
    report = ValidationReport()
    entities_iri = ENTITIES_GRAPH

    def graph_of(name: str) -> rdflib.Graph:
        data = store.graph_ntriples(name)
        g = rdflib.Graph()
        g.parse(data=data.decode("utf-8"), format="nt")
        return g

    entities = graph_of(entities_iri)
    for name in store.named_graphs():
        g = graph_of(name)
        report.graphs += 1
        report.quads += len(g)
        if name != entities_iri:
            g += entities
        conforms, results, _ = validate(g, shacl_graph=shapes, inference="none", allow_warnings=True)
        if conforms:
            continue
        report.conforms = False
        for r in results.subjects(rdflib.RDF.type, rdflib.URIRef("http://www.w3.org/ns/shacl#ValidationResult")):
            sh = rdflib.Namespace("http://www.w3.org/ns/shacl#")
            focus = results.value(r, sh.focusNode)
            path = results.value(r, sh.resultPath)
            msg = results.value(r, sh.resultMessage)
            report.problems.append(f"<{name}> {focus} {path}: {msg}")
    report.problems = sorted(set(report.problems))
    return report
