"""Claims across sources: interval comparison, the as-of rule, grouping, the claims graph and the commands."""
from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from graph.claims import (CLAIMS_GRAPH, Claim, compare, compare_all, comparison_quads, conflict_groups,
                          group_claims, claim_rows)
from graph.cli import cli
from graph.vocab import NG


def claim(value, bound="exact", variable="nurses hired", source="A", iri=None, as_of=None, unit="nurses",
          begin=None, end=None, lo=None, hi=None):
    if lo is None and hi is None:
        lo, hi = {"exact": (value, value), "lower": (value, None), "upper": (None, value),
                  "approx": (value * 0.95, value * 1.05)}[bound]
    return Claim(variable, iri or f"https://example.org/c/{value}-{bound}-{source}", float(value), bound, unit, lo, hi,
                 source, "art", f"{value}", None, as_of, begin, end)


# ---------------------------------------------------------------- interval comparison

def test_a_lower_bound_and_a_nearby_point_agree_within_tolerance():
    c = compare(claim(5600, "lower", source="X"), claim(5500, source="Y"))
    assert c.agreement == "agree"
    assert "within 5%" in c.reason and "different sources" in c.reason


def test_an_exact_value_inside_an_upper_bound_agrees():
    c = compare(claim(450000, "exact", unit="USD"), claim(450000, "upper", unit="USD", source="B"))
    assert (c.agreement, c.reason.split(";")[0]) == ("agree", "intervals overlap")


def test_disjoint_intervals_disagree_and_say_why():
    a, b = claim(3913, source="DHS"), claim(5600, "lower", source=None)
    c = compare(a, b)
    assert c.agreement == "disagree"
    assert c.reason.startswith("disjoint intervals") and "DHS" in c.reason and "unattributed" in c.reason
    assert compare(b, a) == c  # order of the pair does not matter


def test_about_reads_as_a_range():
    assert compare(claim(100, "approx"), claim(104)).agreement == "agree"
    assert compare(claim(100, "approx"), claim(130)).agreement == "disagree"


def test_an_upper_bound_below_a_lower_bound_disagrees():
    assert compare(claim(100, "upper"), claim(200, "lower")).agreement == "disagree"


# ---------------------------------------------------------------- the as-of rule

def test_different_as_of_dates_make_a_growing_count_undetermined():
    june = claim(3913, as_of="2021-06", begin=date(2021, 6, 1), end=date(2021, 6, 30), source="DHS")
    october = claim(5600, as_of="2021-10", begin=date(2021, 10, 1), end=date(2021, 10, 31), source="WH")
    c = compare(june, october)
    assert c.agreement == "undetermined"
    assert "different as-of dates" in c.reason and "2021-06" in c.reason


def test_the_same_as_of_date_or_only_one_date_still_disagrees():
    a = claim(10, as_of="2021-06", begin=date(2021, 6, 1), end=date(2021, 6, 30))
    b = claim(50, as_of="2021-06", begin=date(2021, 6, 1), end=date(2021, 6, 30), source="B")
    assert compare(a, b).agreement == "disagree"
    assert compare(a, claim(50, source="B")).agreement == "disagree"


def test_different_units_are_not_compared():
    c = compare(claim(10, unit="USD"), claim(50, unit="EUR"))
    assert (c.agreement, c.reason) == ("undetermined", "different units (USD vs EUR)")


# ---------------------------------------------------------------- grouping and the graph

def test_grouping_keeps_every_claim_and_never_mixes_variables():
    claims = [claim(10, variable="children separated"), claim(12, variable="children separated", source="B"),
              claim(10, variable="families separated"), claim(7, variable=None)]
    groups = group_claims(claims)
    assert sorted(groups) == ["children separated", "families separated"]
    assert len(groups["children separated"]) == 2
    comparisons = compare_all(claims)
    assert len(comparisons) == 1 and comparisons[0].variable == "children separated"


def test_disagreement_is_written_both_ways_with_deterministic_iris():
    a, b = claim(3913, source="DHS"), claim(5600, "lower", source="AP")
    quads = comparison_quads(compare_all([a, b]))
    assert {q.graph_name for q in quads} == {CLAIMS_GRAPH}
    edges = {(q.subject.value, q.object.value) for q in quads if q.predicate.value == str(NG.disagreesWith)}
    assert edges == {(a.iri, b.iri), (b.iri, a.iri)}
    assert quads == comparison_quads(compare_all([b, a]))


# ---------------------------------------------------------------- hand-written articles, real model

ARTICLES = {
    "a1.txt": "The county hospital hired more than 400 nurses this year, the mayor said on Monday.\n",
    "a2.txt": "According to union records, the county hospital hired 410 nurses.\n\n"
              "About 30 families were moved out of the old wing.\n",
    "a3.txt": "Hospital officials said 120 nurses were hired by the county hospital.\n",
    "a4.txt": "As of January, 90 doctors were still missing from the roster.\n",
    "a5.txt": "As of June, 150 doctors were still missing from the roster.\n",
}


@pytest.fixture(scope="module")
def small_store(tmp_path_factory):
    from graph.build import build
    from graph.store import GraphStore

    root = tmp_path_factory.mktemp("claims")
    for name, text in ARTICLES.items():
        (root / "articles" / name).parent.mkdir(exist_ok=True)
        (root / "articles" / name).write_text(" date 2023-07-20 " + text, encoding="utf-8")
    path = root / "store"
    with GraphStore(path) as store:
        build([root / "articles"], store)
    return path


@pytest.mark.model
def test_conflicts_on_hand_written_articles(small_store):
    from graph.store import GraphStore

    with GraphStore(small_store, read_only=True) as store:
        groups = conflict_groups(store)
        rows = claim_rows(store, about="nurses")
    [nurses] = groups  # doctors missing differ by as-of date; families are alone
    assert nurses["variable"] == "nurses hired"
    values = {c["value"]: c for c in nurses["claims"]}
    assert set(values) == {400, 410, 120}
    assert len(values[120]["disagrees_with"]) == 2 and len(values[400]["disagrees_with"]) == 1
    assert values[410]["source"] == "union records"
    assert "disjoint intervals" in nurses["reason"]
    assert {r["value"] for r in rows} == {400, 410, 120}


@pytest.mark.model
def test_the_conflicts_command_prints_json_groups(small_store):
    result = CliRunner().invoke(cli, ["conflicts", "--store", str(small_store), "--format", "json"])
    assert result.exit_code == 0, result.output
    groups = json.loads(result.output)
    assert [g["variable"] for g in groups] == ["nurses hired"]
    for c in groups[0]["claims"]:
        assert {"value", "bound", "source", "article", "text"} <= set(c)
    as_of = CliRunner().invoke(cli, ["claims", "--store", str(small_store), "--about", "doctors"])
    assert as_of.exit_code == 0 and "(2 rows)" in as_of.output


@pytest.mark.model
def test_the_as_of_pair_is_recorded_as_undetermined(small_store):
    from graph.store import GraphStore

    with GraphStore(small_store, read_only=True) as store:
        rows = store.select("SELECT DISTINCT ?a ?r ?l WHERE { GRAPH <%s> { ?c ng:agreement ?a ; ng:reason ?r ; "
                            "schema:about ?v } ?v skos:prefLabel ?l FILTER(CONTAINS(?l, 'doctors')) }"
                            % CLAIMS_GRAPH.value)
    assert [(r["a"], r["l"]) for r in rows] == [("undetermined", "doctors still missing")]
    assert "different as-of dates" in rows[0]["r"]


def test_claims_about_text_is_a_bound_parameter_not_pasted(tmp_path):
    from graph.store import GraphStore

    GraphStore(tmp_path / "s").close()
    result = CliRunner().invoke(cli, ["claims", "--store", str(tmp_path / "s"), "--about", "x\") } DROP ALL #"])
    assert result.exit_code == 0 and "(0 rows)" in result.output


# ---------------------------------------------------------------- the seeds

@pytest.mark.model
def test_seeds_children_separated_conflict_and_payments_agree(seeds_store):
    groups = {g["variable"]: g for g in conflict_groups(seeds_store)}
    children = groups["children separated"]
    by_value = {c["value"]: c for c in children["claims"]}
    assert set(by_value) == {5600, 5500, 3913}
    assert by_value[5600]["bound"] == "lower"
    assert len(by_value[3913]["disagrees_with"]) == 2
    assert by_value[3913]["source"] == "Department of Homeland Security"
    assert by_value[5500]["source"] == "court documents"
    assert "payments" not in groups
    rows = claim_rows(seeds_store)
    payments = [r for r in rows if r["variable"] == "payments"]
    assert sorted(r["bound"] for r in payments) == ["exact", "upper"]
    for r in rows:
        if r["unit"] in ("families", "parents", "minors"):
            assert "children" not in (r["variable"] or "")


def test_a_large_group_is_compared_by_position_not_pair_by_pair():
    from graph.claims import MAX_PAIRWISE, Claim, compare_all

    claims = [Claim("children separated", f"urn:c{i:04d}", value, bound, "children", source=src)
              for i, (value, bound, src) in enumerate([(5600.0, "lower", "AP"), (3913.0, "exact", "DHS"),
                                                        (5500.0, "exact", "court")] * 40)]
    assert len(claims) > MAX_PAIRWISE
    comparisons = compare_all(claims)
    assert len(comparisons) == (40 - 1) * 3 + 3  # chains inside the three positions, then the three positions
    compared = {c.first.iri for c in comparisons} | {c.second.iri for c in comparisons}
    assert compared == {c.iri for c in claims}  # no claim is left out
    disagreeing = {(c.first.value, c.second.value) for c in comparisons if c.agreement == "disagree"}
    assert {tuple(sorted(p)) for p in disagreeing} == {(3913.0, 5500.0), (3913.0, 5600.0)}
