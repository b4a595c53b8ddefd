"""RDF writing and the store, with hand-made extractions (no model)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from graph.derive.entities import entity_count, refresh_entities, relink_surnames
from graph.errors import QueryError, StoreError
from graph.outputs.export import export
from graph.rdf import article_iri, article_quads
from graph.records import Article, Extraction, Mention, Span
from graph.store import GraphStore
from graph.vocab import ENTITIES_GRAPH

from .helpers import extraction, keys_for


def test_surname_joins_full_name_in_article():
    ex = extraction()
    keys = keys_for(ex)
    assert set(keys.values()) == {"person/lee-gelernt"}


def test_every_quad_is_in_the_article_graph_and_no_blank_nodes():
    ex = extraction()
    quads = article_quads(ex, keys_for(ex))
    assert quads
    assert {q.graph_name for q in quads} == {article_iri("a1")}
    for q in quads:
        assert not isinstance(q.subject, ox.BlankNode) and not isinstance(q.object, ox.BlankNode)


def test_every_anchor_matches_the_text_at_its_offsets():
    ex = extraction()
    store = GraphStore(None)
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    rows = store.select(
        "SELECT ?b ?e ?anchor ?text WHERE { ?s nif:anchorOf ?anchor ; nif:beginIndex ?b ; "
        "nif:endIndex ?e ; nif:referenceContext ?a . ?a nif:isString ?text }"
    )
    assert len(rows) >= 5
    for r in rows:
        assert r["text"][r["b"] : r["e"]] == r["anchor"]


def test_quads_are_deterministic():
    ex = extraction()
    a = sorted(map(str, article_quads(ex, keys_for(ex))))
    b = sorted(map(str, article_quads(extraction(), keys_for(extraction()))))
    assert a == b


def test_replacing_an_article_does_not_duplicate():
    ex = extraction()
    store = GraphStore(None)
    quads = article_quads(ex, keys_for(ex))
    store.replace_article("a1", quads)
    n = len(store)
    store.replace_article("a1", quads)
    assert len(store) == n == len(set(quads))


def test_replacing_with_changed_text_drops_the_old_statements():
    store = GraphStore(None)
    ex = extraction()
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    short = Extraction(article=Article(id="a1", text="Nothing here.", date=None))
    store.replace_article("a1", article_quads(short, {}))
    assert store.select("SELECT (COUNT(*) AS ?n) WHERE { ?c a ng:FigureClaim }")[0]["n"] == 0
    assert store.select("SELECT ?t WHERE { ?a nif:isString ?t }") == [{"t": "Nothing here."}]


def test_entities_graph_gets_the_fullest_name_as_label():
    ex = extraction()
    store = GraphStore(None)
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    assert refresh_entities(store) == 1
    rows = store.select(
        "SELECT ?label ?type WHERE { GRAPH <%s> { ?e skos:prefLabel ?label ; ng:entityType ?type } }" % ENTITIES_GRAPH
    )
    assert rows == [{"label": "Lee Gelernt", "type": "Person"}]
    aliases = store.select("SELECT ?alias WHERE { GRAPH <%s> { ?e skos:altLabel ?alias } }" % ENTITIES_GRAPH)
    assert aliases == [{"alias": "Gelernt"}]


def test_figure_claim_keeps_value_bound_unit_and_source():
    ex = extraction()
    store = GraphStore(None)
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    rows = store.select("""SELECT ?v ?min ?bound ?unit ?who ?var WHERE {
        ?c a ng:FigureClaim ; ng:quantity ?q ; prov:wasAttributedTo ?who ; schema:appearance ?a .
        ?q schema:value ?v ; schema:minValue ?min ; ng:bound ?bound ; schema:unitText ?unit ; ng:measures ?m .
        ?m skos:prefLabel ?var }""")
    assert rows == [
        {
            "v": 5600,
            "min": 5600,
            "bound": "https://w3id.org/newsgraph/ns#lower",
            "unit": "children",
            "who": "https://w3id.org/newsgraph/id/person/lee-gelernt",
            "var": "children separated",
        }
    ]


def test_article_ids_with_slashes_make_safe_iris():
    assert article_iri("meantime/corpus/../x y").value.endswith("meantime%2Fcorpus%2F..%2Fx%20y")


def test_export_nquads_is_sorted_and_stable():
    ex = extraction()
    store = GraphStore(None)
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    refresh_entities(store)
    data = export(store, "nquads")
    lines = data.decode().splitlines()
    assert lines == sorted(lines)
    other = GraphStore(None)
    other.load_quads(reversed(list(store.quads())))
    assert export(other, "nquads") == data


@pytest.mark.parametrize("fmt", ["trig", "turtle", "jsonld", "nquads"])
def test_every_export_format_parses_back(fmt):
    import rdflib

    ex = extraction()
    store = GraphStore(None)
    store.replace_article("a1", article_quads(ex, keys_for(ex)))
    data = export(store, fmt)
    parser = {"trig": "trig", "turtle": "turtle", "jsonld": "json-ld", "nquads": "nquads"}[fmt]
    ds = rdflib.Dataset()
    ds.parse(data=data.decode(), format=parser)
    assert len(ds) > 0 or sum(1 for _ in ds.quads((None, None, None, None))) > 0


def test_query_syntax_error_is_a_query_error():
    with pytest.raises(QueryError, match="SPARQL syntax error"):
        GraphStore(None).query("SELECT ?x WHERE {")


def test_read_only_store_that_does_not_exist(tmp_path):
    with pytest.raises(StoreError, match="newsgraph build"):
        GraphStore(tmp_path / "nope", read_only=True)


def test_query_with_from_sees_only_that_graph():
    store = GraphStore(None)
    for art in ("a1", "a2"):
        ex = extraction(art_id=art)
        store.replace_article(art, article_quads(ex, keys_for(ex)))
    union = store.select("SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE { ?a a schema:NewsArticle }")
    only = store.select(
        "SELECT (COUNT(DISTINCT ?a) AS ?n) FROM <%s> WHERE { ?a a schema:NewsArticle }" % article_iri("a2").value
    )
    assert (union[0]["n"], only[0]["n"]) == (2, 1)


def test_surname_links_only_unique_full_names():
    from graph.resolve import surname_links

    keys = [
        "person/biden",
        "person/joe-biden",
        "person/trump",
        "person/donald-trump",
        "person/ivanka-trump",
        "org/biden",
        "person/lee-gelernt",
    ]
    assert surname_links(keys) == {"person/biden": "person/joe-biden"}


def test_an_earlier_surname_joins_a_full_name_built_later():
    """Incremental builds: article 1 says only "Gelernt"; article 2, built afterwards, says "Lee Gelernt"."""
    text1 = "Gelernt said the talks ended."
    ex1 = Extraction(
        article=Article(id="first", text=text1), mentions=(Mention(Span(0, 7, "Gelernt"), "Gelernt", "Person"),)
    )
    store = GraphStore(None)
    store.replace_article("first", article_quads(ex1, keys_for(ex1)))
    refresh_entities(store)
    ex2 = extraction(art_id="second")
    store.replace_article("second", article_quads(ex2, keys_for(ex2)))
    moved = relink_surnames(store)
    assert moved == {"person/gelernt", "person/lee-gelernt"}
    refresh_entities(store, moved)
    rows = store.select("SELECT DISTINCT ?e WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?e } }")
    assert rows == [{"e": "https://w3id.org/newsgraph/id/person/lee-gelernt"}]
    assert entity_count(store) == 1
