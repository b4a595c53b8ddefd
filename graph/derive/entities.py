"""The shared entities graph: one node per entity, merged from the mentions in every article graph.

Each article graph holds its mentions and the entity keys they resolve to (``itsrdf:taIdentRef``) with the name
forms and type seen there. ``refresh_entities`` merges those into the entities graph (label, type, every name
form, Wikidata link); ``relink_surnames`` points a surname-only person at the one full name that carries it.
The merging rules themselves are pure functions in ``graph/resolve.py``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

import pyoxigraph as ox

from ..rdf import SUBTYPE_CLASS, article_iri, entity_quads
from ..readback import values_clause
from ..records import Entity
from ..resolve import merge_entities, surname_links
from ..store import GraphStore
from ..vocab import ENTITIES_GRAPH, NG, PREFIXES

_ENTITIES = ox.NamedNode(ENTITIES_GRAPH)


def _keys_clause(keys: Iterable[str] | None) -> str:
    return "" if keys is None else values_clause("?e", (PREFIXES["id"] + k for k in keys))


def refresh_entities(store: GraphStore, keys: set[str] | None = None) -> int:
    """Rebuild the shared entities graph from the mentions in the article graphs; returns the entity count.

    With ``keys``, only those entities are recomputed (an incremental build touches few entities).
    """
    base = PREFIXES["id"]
    if keys is not None and not keys:
        return entity_count(store)
    values = _keys_clause(keys)
    rows = store.query(
        "SELECT ?e ?type ?name ?wd WHERE { %s GRAPH ?g { ?e <%s> ?type ; "
        "<http://www.w3.org/2004/02/skos/core#altLabel> ?name OPTIONAL { ?e <http://schema.org/sameAs> ?wd } } "
        "FILTER(?g != <%s>) }" % (values, NG.entityType, ENTITIES_GRAPH)
    )
    entity_rows = [
        (
            r["e"].value[len(base) :],
            r["type"].value,
            r["name"].value,
            r["wd"].value.rsplit("/", 1)[-1] if r["wd"] is not None else None,
        )
        for r in rows
    ]
    subtypes = _subtypes(store, values)
    entities = [e if e.key not in subtypes else _with_subtype(e, subtypes[e.key]) for e in merge_entities(entity_rows)]
    if keys is None:
        store.drop_graph(_ENTITIES)
    else:
        for key in keys:
            store.remove_quads(store.quads_for(ox.NamedNode(base + key), None, None, _ENTITIES))
    store.load_quads(entity_quads(entities))
    return entity_count(store)


def relink_surnames(store: GraphStore) -> set[str]:
    """Point surname-only person entities at the one full name with that surname (see resolve.surname_links);
    returns the keys whose evidence moved."""
    base = PREFIXES["id"]
    rows = store.query(
        'SELECT DISTINCT ?e WHERE { GRAPH ?g { ?e <%s> "Person" } FILTER(?g != <%s>) }'
        % (NG.entityType, ENTITIES_GRAPH)
    )
    links = surname_links(r["e"].value[len(base) :] for r in rows)
    for old, new in sorted(links.items()):
        o, n = f"<{base}{old}>", f"<{base}{new}>"
        store.update(
            f"DELETE {{ GRAPH ?g {{ ?s ?p {o} }} }} INSERT {{ GRAPH ?g {{ ?s ?p {n} }} }} "
            f"WHERE {{ GRAPH ?g {{ ?s ?p {o} }} }} ;\n"
            f"DELETE {{ GRAPH ?g {{ {o} ?p ?x }} }} INSERT {{ GRAPH ?g {{ {n} ?p ?x }} }} "
            f"WHERE {{ GRAPH ?g {{ {o} ?p ?x }} }}"
        )
    return set(links) | set(links.values())


def entity_count(store: GraphStore) -> int:
    rows = store.query(
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <%s> { ?e <%s> ?t } }" % (ENTITIES_GRAPH, NG.entityType)
    )
    return int(next(iter(rows))["n"].value)


def entity_keys_of(store: GraphStore, article_ids: Iterable[str]) -> set[str]:
    """Keys of the entities the given articles' graphs mention now (before they are replaced)."""
    base = PREFIXES["id"]
    keys: set[str] = set()
    for art in article_ids:
        rows = store.query(
            "SELECT DISTINCT ?e WHERE { GRAPH <%s> { ?m <http://www.w3.org/2005/11/its/rdf#taIdentRef> "
            "?e } }" % article_iri(art).value
        )
        keys.update(r["e"].value[len(base) :] for r in rows)
    return keys


def _subtypes(store: GraphStore, values: str = "") -> dict[str, str]:
    by_class = {str(v): k for k, v in SUBTYPE_CLASS.items()}
    classes = " ".join(f"<{c}>" for c in by_class)
    rows = store.query("SELECT DISTINCT ?e ?c WHERE { %s GRAPH ?g { ?e a ?c } VALUES ?c { %s } }" % (values, classes))
    base = PREFIXES["id"]
    out: dict[str, str] = {}
    for r in sorted(rows, key=lambda r: (r["e"].value, r["c"].value)):
        out.setdefault(r["e"].value[len(base) :], by_class[r["c"].value])
    return out


def _with_subtype(entity: Entity, subtype: str) -> Entity:
    return dataclasses.replace(entity, subtype=subtype)
