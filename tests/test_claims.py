"""Claims across sources: reading a claim as an interval, comparing, stories, variables, the claims graph and
the commands. Sentences are our own, written for each rule family."""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner
from pyoxigraph import NamedNode

from graph.cli import cli
from graph.derive.claims import claims_graph_quads
from graph.derive.comparisons import Claim, compare, compare_all, group_claims, interval
from graph.derive.stories import stories
from graph.derive.variables import assign_variables
from graph.outputs.listings import claim_rows, conflict_groups
from graph.vocab import CLAIMS_GRAPH, NG


def claim(
    value,
    bound="exact",
    variable="count:hired",
    source="A",
    iri=None,
    as_of=None,
    unit="nurses",
    begin=None,
    end=None,
    text=None,
    article="art",
    key=None,
    scope=(),
    scope_date=None,
    start=0,
    sentence=None,
    sentence_start=None,
    published=None,
):
    text = text if text is not None else f"{value:g}"
    return Claim(
        variable,
        iri or f"https://example.org/c/{article}/{value}-{bound}-{source}-{start}",
        float(value),
        bound,
        unit,
        None,
        None,
        source,
        article,
        text,
        sentence,
        as_of,
        begin,
        end,
        key or variable,
        None,
        tuple(scope),
        (),
        scope_date,
        start,
        start + len(text),
        sentence_start,
        published,
    )


# ---------------------------------------------------------------- a claim as an interval


@pytest.mark.parametrize(
    "text, value, bound, low, high",
    [
        ("5,512", 5512, "exact", 5512, 5512),  # every digit written: a point
        ("5,500", 5500, "exact", 5450, 5550),  # round to hundreds: half a hundred either way
        ("about 5,500", 5500, "approx", 4950, 6050),  # "about" is wider than a round figure
        ("more than 5,600", 5600, "lower", 5600, float("inf")),
        ("up to 80", 80, "upper", float("-inf"), 80),
        ("2 million", 2e6, "exact", 2e6 - 4e4, 2e6 + 4e4),  # rounding is capped at 2 %: 2 million is not 2.5 million
    ],
)
def test_how_a_figure_is_written_sets_its_interval(text, value, bound, low, high):
    lo, hi = interval(claim(value, bound, text=text))
    assert (lo, hi) == pytest.approx((low, high))


def test_two_exact_figures_that_differ_are_surfaced_not_called_close_enough():
    c = compare(claim(5500, text="5,500", source="court"), claim(5600, "lower", text="more than 5,600", source="AP"))
    assert c.agreement == "disagree"
    assert c.reason.startswith("disjoint intervals") and "court" in c.reason and "AP" in c.reason


def test_an_exact_value_inside_an_upper_bound_agrees():
    c = compare(
        claim(450000, unit="USD", key="money:cost"), claim(450000, "upper", unit="USD", source="B", key="money:cost")
    )
    assert (c.agreement, c.reason.split(";")[0]) == ("agree", "intervals overlap")


def test_about_reads_as_a_range_and_order_does_not_matter():
    assert compare(claim(100, "approx"), claim(104)).agreement == "agree"
    a, b = claim(100, "approx"), claim(130)
    assert compare(a, b).agreement == "disagree" and compare(a, b) == compare(b, a)


def test_an_upper_bound_below_a_lower_bound_disagrees():
    assert compare(claim(100, "upper"), claim(200, "lower")).agreement == "disagree"


def test_amounts_in_different_currencies_need_a_rate_the_text_does_not_give():
    c = compare(claim(2e6, unit="EUR", key="money:stolen"), claim(2.6e6, unit="USD", key="money:stolen", source="B"))
    assert c.agreement == "undetermined" and "exchange rate" in c.reason


# ---------------------------------------------------------------- when: series, revisions


def test_counts_reported_on_different_days_are_a_series_not_a_contradiction():
    monday = claim(23, as_of="2024-10-28", begin=date(2024, 10, 28), end=date(2024, 10, 28), source="police")
    friday = claim(95, as_of="2024-11-01", begin=date(2024, 11, 1), end=date(2024, 11, 1), source="officials")
    c = compare(monday, friday)
    assert c.agreement == "updated"
    assert c.reason.index("'23'") < c.reason.index("'95'")  # earlier, then later


def test_a_source_correcting_its_own_figure_is_a_revision():
    a = claim(115, as_of="2024-03-01", begin=date(2024, 3, 1), end=date(2024, 3, 1), source="ministry")
    b = claim(97, as_of="2024-03-04", begin=date(2024, 3, 4), end=date(2024, 3, 4), source="ministry")
    c = compare(a, b)
    assert c.agreement == "updated" and "revised by the same source" in c.reason


def test_a_change_stated_in_one_sentence_is_an_update():
    sentence = "The ministry lowered the toll to 97 from 115 on Tuesday."
    low = claim(97, sentence=sentence, sentence_start=0, start=sentence.index("97"), source="ministry")
    high = claim(115, sentence=sentence, sentence_start=0, start=sentence.index("115"), source="ministry")
    c = compare(low, high)
    assert c.agreement == "updated" and "states a change" in c.reason


def test_the_same_as_of_date_still_disagrees():
    a = claim(10, as_of="2021-06", begin=date(2021, 6, 1), end=date(2021, 6, 30))
    b = claim(50, as_of="2021-06", begin=date(2021, 6, 1), end=date(2021, 6, 30), source="B")
    assert compare(a, b).agreement == "disagree"
    assert compare(a, claim(50, source="B")).agreement == "disagree"


# ---------------------------------------------------------------- stories


def test_articles_sharing_rare_entities_are_one_story_and_others_are_not():
    flood = {"e/valencia", "e/aemet", "e/spain", "e/mazon"}
    entities = {
        "f1": flood,
        "f2": flood - {"e/mazon"} | {"e/red-cross"},
        "q1": {"e/spain", "e/madrid", "e/psoe"},
        "q2": {"e/madrid", "e/psoe", "e/sanchez"},
    }
    story = stories(entities, {})
    assert story["f1"] == story["f2"] and story["q1"] == story["q2"] and story["f1"] != story["q1"]


def test_articles_far_apart_in_time_are_not_one_story():
    shared = {"e/a", "e/b", "e/c"}
    story = stories({"x": shared, "y": shared}, {"x": date(2020, 1, 1), "y": date(2023, 1, 1)})
    assert story["x"] != story["y"]


def test_a_short_article_joins_its_story_through_a_shared_tally():
    entities = {"long": {"e/athens", "e/greece", "e/marfin", "e/gsee", "e/pasok"}, "short": {"e/greece"}}
    tallies = {"long": {("count:killed", 3.0)}, "short": {("count:killed", 3.0)}}
    assert stories(entities, {})["short"] != stories(entities, {})["long"]
    assert stories(entities, {}, tallies)["short"] == stories(entities, {}, tallies)["long"]


# ---------------------------------------------------------------- variables


def _variables(claims, story=None, ledes=None):
    story = story or {c.article: "s" for c in claims}
    grouped, variables = assign_variables(claims, story, ledes or {}, {})
    by = {}
    for c in grouped:
        by.setdefault(c.variable, set()).add(c.text)
    return sorted(by.values(), key=sorted), variables


def test_one_variable_across_two_differently_worded_reports():
    # "the toll stood at 23" and "at least 20 were killed": both count:killed, about the same flood
    groups, _ = _variables(
        [
            claim(23, key="count:killed", unit="toll", text="23", article="a"),
            claim(20, "lower", key="count:killed", unit="people killed", text="at least 20", article="b"),
        ]
    )
    assert groups == [{"23", "at least 20"}]


def test_deaths_injuries_and_missing_are_different_variables():
    groups, _ = _variables(
        [
            claim(12, key="count:killed", text="12 dead"),
            claim(40, key="count:injured", text="40 injured"),
            claim(3, key="count:missing", text="3 missing"),
        ]
    )
    assert len(groups) == 3


def test_places_named_in_the_clause_keep_variables_apart_but_the_story_place_does_not():
    claims = [
        claim(3000, key="count:killed", text="3,000 in Turkey", scope=("e/turkey",), article="a"),
        claim(2900, key="count:killed", text="2,900", article="b"),
        claim(800, key="count:killed", text="800 in Syria", scope=("e/syria",), article="a"),
    ]
    groups, _ = _variables(claims, ledes={"a": {"e/turkey"}})
    assert groups == [{"2,900", "3,000 in Turkey"}, {"800 in Syria"}]


def test_a_subset_of_the_dead_is_its_own_variable():
    claims = [
        claim(4, key="count:killed", unit="firefighters", text="four firefighters"),
        claim(23, key="count:killed", unit="people", text="23 people"),
        claim(23, key="count:killed", unit="people killed", text="23 killed", article="other"),
    ]
    groups, _ = _variables(claims)
    assert groups == [{"23 killed", "23 people"}, {"four firefighters"}]


def test_an_earlier_event_given_by_its_month_is_background():
    claims = [
        claim(2e6, key="money:stolen", unit="EUR", text="2m euros"),
        claim(103e6, key="money:stolen", unit="EUR", text="103m euros", scope_date="2013-07"),
        claim(2.6e6, key="money:stolen", unit="USD", text="$2.6m", article="b"),
    ]
    groups, _ = _variables(claims)
    assert groups == [{"$2.6m", "2m euros"}, {"103m euros"}]


def test_a_lone_year_among_undated_claims_is_the_same_count_with_its_period_said():
    claims = [
        claim(5600, "lower", key="count:child:separate", text="more than 5,600", scope_date="2018"),
        claim(5500, key="count:child:separate", text="5,500", article="b"),
    ]
    assert len(_variables(claims)[0]) == 1


def test_a_stated_conversion_joins_the_amount_it_converts():
    sentence = "They took 2m euros (£1.7m) in gems, and a 50,000 euro reward was offered."
    a = claim(
        2e6,
        key="money:stolen",
        unit="EUR",
        text="2m euros",
        sentence=sentence,
        sentence_start=0,
        start=sentence.index("2m"),
    )
    b = claim(
        1.7e6,
        key="money:value",
        unit="GBP",
        text="£1.7m",
        sentence=sentence,
        sentence_start=0,
        start=sentence.index("£1.7m"),
    )
    c = claim(
        5e4,
        key="money:cost",
        unit="EUR",
        text="50,000 euro",
        sentence=sentence,
        sentence_start=0,
        start=sentence.index("50,000"),
    )
    groups, _ = _variables([a, b, c])
    assert groups == [{"2m euros", "£1.7m"}, {"50,000 euro"}]


def test_claims_in_different_stories_never_share_a_variable():
    claims = [
        claim(3, key="count:killed", text="3 dead", article="a"),
        claim(3, key="count:killed", text="three killed", article="b"),
    ]
    groups, variables = _variables(claims, story={"a": "a", "b": "b"})
    assert len(groups) == 2 and len({v.iri for v in variables}) == 2


def test_the_claims_graph_is_deterministic_and_writes_disagreement_both_ways():
    a = claim(3913, source="DHS", text="3,913", article="x")
    b = claim(5600, "lower", source="AP", text="more than 5,600", article="y")
    grouped, variables = assign_variables([a, b], {"x": "x", "y": "x"}, {}, {})
    quads = claims_graph_quads(grouped, variables, compare_all(grouped))
    assert {q.graph_name for q in quads} == {NamedNode(CLAIMS_GRAPH)}
    edges = {(q.subject.value, q.object.value) for q in quads if q.predicate.value == str(NG.disagreesWith)}
    assert edges == {(a.iri, b.iri), (b.iri, a.iri)}
    again, variables2 = assign_variables([b, a], {"x": "x", "y": "x"}, {}, {})
    assert quads == claims_graph_quads(again, variables2, compare_all(again))


def test_grouping_keeps_every_claim_and_never_mixes_variables():
    claims = [
        claim(10, variable="v1"),
        claim(12, variable="v1", source="B"),
        claim(10, variable="v2"),
        claim(7, variable=""),
    ]
    groups = group_claims(claims)
    assert sorted(groups) == ["v1", "v2"] and len(groups["v1"]) == 2
    assert [c.variable for c in compare_all(claims)] == ["v1"]


def test_a_large_group_is_compared_by_position_not_pair_by_pair():
    from graph.derive.comparisons import MAX_PAIRWISE

    claims = [
        Claim("v", f"urn:c{i:04d}", value, bound, "children", source=src, text=text)
        for i, (value, bound, src, text) in enumerate(
            [
                (5600.0, "lower", "AP", "more than 5,600"),
                (3913.0, "exact", "DHS", "3,913"),
                (5500.0, "exact", "court", "5,500"),
            ]
            * 40
        )
    ]
    assert len(claims) > MAX_PAIRWISE
    comparisons = compare_all(claims)
    assert len(comparisons) == (40 - 1) * 3 + 3  # chains inside the three positions, then the three positions
    compared = {c.first.iri for c in comparisons} | {c.second.iri for c in comparisons}
    assert compared == {c.iri for c in claims}  # no claim is left out
    differing = {tuple(sorted((c.first.value, c.second.value))) for c in comparisons if c.agreement != "agree"}
    assert differing == {(3913.0, 5500.0), (3913.0, 5600.0), (5500.0, 5600.0)}


# ---------------------------------------------------------------- measure keys, real model


def _figures(real_nlp, text, day=date(2024, 10, 30)):
    from graph.extract import extract
    from graph.records import Article

    return extract(real_nlp(text), Article("t", text, day)).figures


@pytest.mark.model
@pytest.mark.parametrize(
    "text, key",
    [
        ("Three people were killed when the bridge collapsed.", "count:killed"),
        ("At least 20 people died in the flooding.", "count:killed"),
        ("Rescuers said 15 people were injured in the blast.", "count:injured"),
        ("Police arrested 12 protesters outside the ministry.", "count:arrested"),
        ("Two guards were burnt to death in the warehouse.", "count:killed"),
        ("Four miners suffocated after the shaft collapsed.", "count:killed"),
        ("Nine suspects surrendered to the police on Sunday.", "count:arrested"),
        ("Thieves stole jewellery worth $3 million from the shop.", "money:stolen"),
        ("The lenders agreed a loan of $40 billion for the country.", "money:loan"),
    ],
)
def test_what_a_figure_measures_is_read_from_its_predicate(real_nlp, text, key):
    keys = {f.measure_key for f in _figures(real_nlp, text)}
    assert key in keys, keys


@pytest.mark.model
def test_a_place_in_the_clause_scopes_a_figure_and_a_place_at_a_border_does_not(real_nlp):
    [syria] = _figures(real_nlp, "More than 800 people were killed in Syria, the monitor said.")
    assert [m.name for m in syria.scope] == ["Syria"]
    [border] = _figures(real_nlp, "Officials said 300 children were separated at the Mexico border.")
    assert border.scope == ()


# ---------------------------------------------------------------- hand-written articles, real model

ARTICLES = {
    "a1.txt": "date 2023-07-20\nThe Riverside County hospital hired more than 400 nurses this year, "
    "Mayor Ellen Park said.\n",
    "a2.txt": "date 2023-07-20\nAccording to union records, the Riverside County hospital hired 410 nurses "
    "under Mayor Ellen Park.\n\nAbout 30 families were moved out of the old wing.\n",
    "a3.txt": "date 2023-07-20\nRiverside County hospital officials told Mayor Ellen Park that 120 nurses "
    "were hired.\n",
}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from graph.pipeline import build
    from graph.store import GraphStore

    root = tmp_path_factory.mktemp("claims")
    (root / "articles").mkdir()
    for name, text in ARTICLES.items():
        (root / "articles" / name).write_text(text, encoding="utf-8")
    path = root / "store"
    with GraphStore(path) as store:
        build([root / "articles"], store)
    return path


@pytest.mark.model
def test_conflicts_name_which_claim_differs_from_which_and_why(small_store):
    from graph.store import GraphStore

    with GraphStore(small_store, read_only=True) as store:
        groups = conflict_groups(store)
        rows = claim_rows(store, about="nurses")
    [nurses] = groups  # the families are alone
    values = {c["value"]: c for c in nurses["claims"]}
    assert set(values) == {400, 410, 120}
    assert values[410]["source"] == "union records"
    pairs = {frozenset((d["first"], d["second"])) for d in nurses["differences"]}
    assert pairs == {
        frozenset((values[120]["claim"], values[400]["claim"])),
        frozenset((values[120]["claim"], values[410]["claim"])),
    }
    assert all(d["agreement"] == "disagree" and "disjoint intervals" in d["reason"] for d in nurses["differences"])
    assert {r["value"] for r in rows} == {400, 410, 120}


@pytest.mark.model
def test_the_conflicts_command_prints_both_sources_and_sentences(small_store):
    result = CliRunner().invoke(cli, ["conflicts", "--store", str(small_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    [group] = json.loads(result.output)
    for c in group["claims"]:
        assert {"value", "bound", "source", "article", "text", "sentence"} <= set(c) and c["source"]
    table = CliRunner().invoke(cli, ["conflicts", "--store", str(small_store)])
    assert table.exit_code == 0 and " vs #" in table.output and "union records" in table.output


def test_claims_about_text_is_a_bound_parameter_not_pasted(tmp_path):
    from graph.store import GraphStore

    GraphStore(tmp_path / "s").close()
    result = CliRunner().invoke(cli, ["claims", "--store", str(tmp_path / "s"), "--about", 'x") } DROP ALL #'])
    assert result.exit_code == 0 and "(0 rows)" in result.output


# ---------------------------------------------------------------- the seeds


@pytest.mark.model
def test_seeds_children_separated_differ_with_their_sources(seeds_store):
    [children] = [g for g in conflict_groups(seeds_store) if {c["value"] for c in g["claims"]} >= {5600, 5500}]
    by_value = {c["value"]: c for c in children["claims"]}
    assert set(by_value) == {5600, 5500, 3913}
    assert by_value[5600]["bound"] == "lower"
    assert by_value[5600]["source"].startswith("the article articles/001_")  # in the article's own voice (id: path)
    assert by_value[3913]["source"] == "Department of Homeland Security"
    assert by_value[5500]["source"] == "court documents"
    assert len(children["differences"]) == 3
    rows = claim_rows(seeds_store)
    payments = [r for r in rows if "450,000" in r["text"]]
    assert len({r["variable"] for r in payments}) == 1 and sorted(r["bound"] for r in payments) == ["exact", "upper"]
    assert not any("450,000" in c["text"] for g in conflict_groups(seeds_store) for c in g["claims"])


def test_numbers_whose_sentence_says_nothing_of_what_they_count_are_compared_with_nothing():
    groups, _ = _variables(
        [
            claim(110e9, key="count", text="110 billion"),
            claim(22.4e9, key="count", text="22.4bn"),
            claim(20000, key="count", text="20,000", article="b"),
        ]
    )
    assert len(groups) == 3


# ---------------------------------------------------------------- who states a figure, real model


@pytest.mark.model
@pytest.mark.parametrize(
    "text, source",
    [
        ("The broadcaster quoted the mayor as saying 40 homes were flooded.", "mayor"),
        (
            'The fire chief spoke to reporters. "It is bad," Chief Dana Ruiz said. Twelve homes burned, she added.',
            "Dana Ruiz",
        ),
        ("Storm floods town, 12 homes lost: officials", "officials"),
        ("According to the coast guard, 31 sailors were rescued.", "coast guard"),
    ],
)
def test_the_stated_source_of_a_figure(real_nlp, text, source):
    figures = _figures(real_nlp, text)
    assert figures, text
    who = figures[-1].speaker.name if figures[-1].speaker is not None else figures[-1].speaker_name
    assert who is not None and source in who


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Maria Lopez, 45, was charged on Friday.",
        "The driver, aged 45, was unhurt.",
        "A 45-year-old teacher was named as the victim.",
    ],
)
def test_an_age_is_an_age_not_a_duration(real_nlp, text):
    [age] = [f for f in _figures(real_nlp, text) if f.value == 45]
    assert age.measure_key == "age"


@pytest.mark.model
def test_a_different_population_is_a_different_key(real_nlp):
    children = _figures(real_nlp, "Officials said 300 children were separated from their families.")
    parents = _figures(real_nlp, "Officials said 120 parents were separated from their children.")
    assert children[0].measure_key != parents[0].measure_key


@pytest.mark.model
def test_a_claim_without_an_as_of_date_holds_as_of_its_article_date(small_store):
    from graph.derive.claims import load_claims
    from graph.store import GraphStore

    with GraphStore(small_store, read_only=True) as store:
        claims = load_claims(store)[0]
    as_of = {c.article: (c.as_of, c.as_of_begin) for c in claims}
    assert as_of["a3"] == ("2023-07-20", date(2023, 7, 20))  # the text gives no date: the article's
    assert as_of["a1"][0] == "2023"  # "hired ... this year": the text's own date wins


@pytest.mark.model
def test_an_article_without_figures_leaves_the_claims_graph_as_a_fresh_build_has_it(tmp_path):
    import shutil

    from graph.pipeline import build
    from graph.store import GraphStore

    from .helpers import DATA

    folder = tmp_path / "in"
    shutil.copytree(DATA, folder)
    with GraphStore(tmp_path / "inc") as store:
        build([folder], store)
        before = store.graph_nquads(CLAIMS_GRAPH)
        (folder / "articles" / "zzz.txt").write_text(
            "date 2021-12-17\nLee Gelernt spoke to reporters in Washington on Friday about the talks.\n",
            encoding="utf-8",
        )
        report = build([folder], store)
        assert report.built == ["zzz"] or len(report.built) == 1
        assert store.graph_nquads(CLAIMS_GRAPH) == before
    with GraphStore(tmp_path / "fresh") as fresh:
        build([folder], fresh)
        assert fresh.graph_nquads(CLAIMS_GRAPH) == before
