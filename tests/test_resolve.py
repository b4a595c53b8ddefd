"""Identity across articles: keys for mentions, labels for entities, the gazetteer file."""

from __future__ import annotations

from collections import Counter

import pytest

from graph.errors import InputError
from graph.gazetteer import load_gazetteer, lookup
from graph.names import initials, name_key, strip_designators
from graph.records import Article, Entity, Extraction, Mention, Span
from graph.resolve import Resolver, choose_label, merge_entities


def ex(article_id: str, *names: tuple[str, str] | tuple[str, str, str]) -> Extraction:
    """An extraction whose mentions are (name, type[, key]) in that order, at made-up offsets."""
    ms, pos = [], 0
    for item in names:
        name, etype, key = (*item, None)[:3]
        ms.append(Mention(Span(pos, pos + len(name), name), name, etype, key=key))
        pos += len(name) + 1
    return Extraction(article=Article(id=article_id, text=" ".join(n[0] for n in names)), mentions=tuple(ms))


def resolve_all(*extractions: Extraction) -> list[dict[str, str]]:
    r = Resolver()
    r.learn(extractions)
    return [{m.name: k for m, k in r.resolve(e).items()} for e in extractions]


def test_surname_joins_full_name_in_article_and_across_articles():
    a, b = resolve_all(ex("a", ("Lee Gelernt", "Person"), ("Gelernt", "Person")), ex("b", ("Gelernt", "Person")))
    assert a["Gelernt"] == a["Lee Gelernt"] == b["Gelernt"] == "person/lee-gelernt"


def test_different_first_names_never_merge_and_ambiguous_surname_stays_apart():
    a, b, c = resolve_all(
        ex("a", ("Ann Smith", "Person")), ex("b", ("Bob Smith", "Person")), ex("c", ("Smith", "Person"))
    )
    assert a["Ann Smith"] != b["Bob Smith"]
    assert c["Smith"] == "person/smith"


def test_in_article_full_name_beats_the_corpus():
    a, b = resolve_all(ex("a", ("Ann Smith", "Person")), ex("b", ("Bob Smith", "Person"), ("Smith", "Person")))
    assert b["Smith"] == "person/bob-smith"


def test_acronym_joins_its_expansion_in_article_and_corpus():
    a, b = resolve_all(
        ex("a", ("National Widget Board", "Organization"), ("NWB", "Organization")), ex("b", ("NWB", "Organization"))
    )
    assert a["NWB"] == a["National Widget Board"] == b["NWB"] == "org/national-widget-board"


def test_acronym_defined_in_an_article_carries_to_others():
    a, b = resolve_all(
        ex("a", ("Singapore Airlines", "Organization", "org/singapore"), ("SIA", "Organization", "org/singapore")),
        ex("b", ("SIA", "Organization")),
    )
    assert b["SIA"] == "org/singapore"


def test_nothing_merges_on_digits():
    a, b = resolve_all(
        ex("a", ("Terminal 3", "Place"), ("Studio 54 Club", "Organization")),
        ex("b", ("Terminal 5", "Place"), ("SC", "Organization")),
    )
    assert a["Terminal 3"] != b["Terminal 5"]
    assert b["SC"] == "org/sc"  # "Studio 54 Club" is no expansion of SC


def test_designators_do_not_split_a_company():
    assert name_key("Organization", "Acme Inc.") == name_key("Organization", "Acme Corp.") == "org/acme"
    assert name_key("Organization", "Smith & Wesson") == name_key("Organization", "Smith and Wesson")
    assert strip_designators("Inc.") == "Inc."  # never down to nothing
    assert initials("European Aeronautic Defence and Space Company") == "EADS"


def test_short_name_joins_the_longer_one_unless_used_on_its_own():
    a, b = resolve_all(
        ex("a", ("Northwind Grumbly", "Organization"), ("Northwind", "Organization")),
        ex("b", ("Northwind Grumbly", "Organization")),
    )
    assert a["Northwind"] == "org/northwind-grumbly"
    arts = [ex("c", ("Widgetco", "Organization"), ("Widgetco Commercial Parts", "Organization"))] + [
        ex(f"d{i}", ("Widgetco", "Organization")) for i in range(3)
    ]
    assert resolve_all(*arts)[0]["Widgetco"] == "org/widgetco"


def test_known_entities_seed_the_resolver():
    r = Resolver([Entity("person/lee-gelernt", "Person", "Lee Gelernt", aliases=("Gelernt",))])
    e = ex("z", ("Gelernt", "Person"))
    r.learn([e])
    assert set(r.resolve(e).values()) == {"person/lee-gelernt"}


def test_labels_fullest_person_and_most_used_org():
    assert choose_label(Counter({"Trump": 3, "Donald Trump": 2}), "Person") == "Donald Trump"
    assert choose_label(Counter({"Apple": 20, "Apple Inc.": 5, "Apple Computer": 6}), "Organization") == "Apple"
    assert choose_label(Counter({"Lockheed": 3, "Lockheed Martin": 2}), "Organization") == "Lockheed Martin"
    assert (
        choose_label(Counter({"ACLU": 3, "American Civil Liberties Union": 3}), "Organization")
        == "American Civil Liberties Union"
    )


def test_merge_entities_prefers_the_gazetteer_name_when_seen():
    rows = [
        ("org/department-of-justice", "Organization", "DOJ", None),
        ("org/department-of-justice", "Organization", "Justice Department", None),
        ("org/department-of-justice", "Organization", "Department of Justice", None),
        ("place/united-states", "Place", "US", "Q30"),
    ]
    ents = {e.key: e for e in merge_entities(rows)}
    assert ents["org/department-of-justice"].label == "Department of Justice"
    assert set(ents["org/department-of-justice"].aliases) == {"DOJ", "Justice Department"}
    assert ents["place/united-states"].label == "US" and ents["place/united-states"].wikidata == "Q30"


def test_gazetteer_lookup():
    assert lookup("the Justice Department").key == "org/department-of-justice"
    assert lookup("US").key == "place/united-states" and lookup("us") is None  # acronyms match as written
    assert lookup("WASHINGTON").key == "place/washington-dc"


def test_gazetteer_errors_name_the_line(tmp_path):
    bad = tmp_path / "g.tsv"
    bad.write_text(
        "key\ttype\tsubtype\twikidata\tname\taliases\norg/x\tOrganization\t\tQ1\tX\t\norg/y\tOrganisation\t\t\tY\t\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as err:
        load_gazetteer(bad)
    assert err.value.line == 3 and "Organisation" in str(err.value)
    with pytest.raises(InputError):
        load_gazetteer(tmp_path / "missing.tsv")


@pytest.mark.model
def test_seed_articles_resolve_to_one_iri_per_entity(seeds_store):
    rows = seeds_store.select(
        "SELECT ?e ?label (COUNT(DISTINCT ?g) AS ?articles) WHERE { GRAPH ?g { ?m itsrdf:taIdentRef ?e } "
        "GRAPH <https://w3id.org/newsgraph/graph/entities> { ?e skos:prefLabel ?label } } GROUP BY ?e ?label"
    )
    by_label = {r["label"]: r for r in rows}
    base = "https://w3id.org/newsgraph/id/"
    # surname, title and acronym forms joined the full names, across all three reports
    assert by_label["Lee Gelernt"]["articles"] == 3 and by_label["Donald Trump"]["articles"] == 3
    assert by_label["American Civil Liberties Union"]["e"] == base + "org/aclu"
    assert by_label["Department of Justice"]["e"] == base + "org/department-of-justice"
    assert by_label["Department of Justice"]["articles"] == 3
    assert "Gelernt" not in by_label and "DOJ" not in by_label and "Justice Department" not in by_label
    same_as = seeds_store.select(
        "SELECT ?w WHERE { GRAPH <https://w3id.org/newsgraph/graph/entities> { "
        f"<{base}org/associated-press> schema:sameAs ?w }} }}"
    )
    assert [r["w"] for r in same_as] == ["http://www.wikidata.org/entity/Q40469"]


def test_two_people_sharing_a_surname_stay_two_entities_across_articles():
    a, b, c = resolve_all(
        ex("a", ("Marta Lindqvist", "Person"), ("Lindqvist", "Person")),
        ex("b", ("Oskar Lindqvist", "Person"), ("Lindqvist", "Person")),
        ex("c", ("Lindqvist", "Person")),
    )
    assert a["Lindqvist"] == a["Marta Lindqvist"] != b["Oskar Lindqvist"] == b["Lindqvist"]
    assert c["Lindqvist"] not in (a["Marta Lindqvist"], b["Oskar Lindqvist"])  # ambiguous: never guessed


@pytest.mark.parametrize(
    "names, joined",
    [
        ((("U.S. Air Force", "Organization", "org/us-air-force"), ("Air Force", "Organization")), True),
        ((("USAF", "Organization", "org/us-air-force"), ("Air Force", "Organization")), True),  # gazetteer names
        ((("Air Force", "Organization"),), False),  # nothing to join
        ((("Royal Air Force", "Organization"), ("Air Force", "Organization")), False),  # "Royal" is no country
    ],
)
def test_a_name_without_its_country_joins_the_qualified_one(names, joined):
    (keys,) = resolve_all(ex("a", *names))
    assert (keys["Air Force"] == keys[names[0][0]] and len(names) > 1) == joined


def test_mixed_case_acronym_joins_its_name_in_and_across_articles():
    a, b = resolve_all(
        ex("a", ("Bank of Ruritania", "Organization"), ("BoR", "Organization")), ex("b", ("BoR", "Organization"))
    )
    assert a["BoR"] == a["Bank of Ruritania"] == b["BoR"]


@pytest.mark.parametrize(
    "names, joined",
    [
        ((("Amalgamated Weavers Union", "Organization"), ("Amal", "Organization")), True),
        ((("Amalgamated Weavers Union", "Organization"), ("Amalgamated", "Organization")), True),  # the first word
        ((("Amalgamated Weavers Union", "Organization"), ("Am", "Organization")), False),  # too short to tell
        (
            (("Amalgamated Weavers", "Organization"), ("Amalric Traders", "Organization"), ("Amal", "Organization")),
            False,
        ),  # two candidates: never guess
    ],
)
def test_a_clipped_name_joins_the_one_name_it_clips(names, joined):
    (keys,) = resolve_all(ex("a", *names))
    assert (keys[names[-1][0]] == keys[names[0][0]]) == joined


@pytest.mark.model
def test_real_model_short_forms_join_and_namesakes_stay_apart(real_nlp):
    from graph.extract.entities import extract_mentions

    texts = {
        "a": "The Bank of Ruritania raised rates on Monday. The BoR said inflation was too high. "
        "Governor Elsa Marwick said more was needed, and Marwick warned of risks.",
        "b": "The U.S. Navy ordered ships. The Navy said the Marwick yard in Ohio would build them. "
        "Its chief, Tomas Marwick, said Marwick family firms had built ships for decades.",
    }
    exs = []
    for aid, text in texts.items():
        art = Article(id=aid, text=text)
        exs.append(extract_mentions(real_nlp(text), art, Extraction(article=art)))
    r = Resolver()
    r.learn(exs)
    a, b = ({m.name: k for m, k in r.resolve(e).items()} for e in exs)
    assert a["BoR"] == a["Bank of Ruritania"]
    assert b["Navy"] == b["U.S. Navy"]
    assert a["Elsa Marwick"] != b["Tomas Marwick"] and a.get("Marwick", a["Elsa Marwick"]) == a["Elsa Marwick"]
