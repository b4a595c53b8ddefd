"""The extractor registry: each extractor declares what it needs and adds, and a chosen few must bring their needs."""

from __future__ import annotations

import pytest
import spacy

from graph.errors import NewsgraphError
from graph.extract import EXTRACTORS, REGISTRY, ExtractorSpec, check_order, extract, plan
from graph.records import Article, Extraction


def test_every_need_is_added_by_an_earlier_extractor():
    have = {"sentences"}
    for spec in REGISTRY:
        assert set(spec.needs) <= have, spec.name
        have |= set(spec.adds)
    assert set(EXTRACTORS) == {"entities", "dates", "roles", "quotes", "figures", "events"}


def test_every_added_layer_is_a_field_of_the_extraction():
    fields = set(Extraction.__dataclass_fields__)
    for spec in REGISTRY:
        assert set(spec.needs) | set(spec.adds) <= fields, spec.name


@pytest.mark.parametrize(
    "only,names",
    [
        (None, ["entities", "dates", "roles", "quotes", "figures", "events"]),
        (["roles", "entities"], ["entities", "roles"]),  # registry order, whatever order they are named in
        (["figures", "quotes", "roles", "dates", "entities"], ["entities", "dates", "roles", "quotes", "figures"]),
    ],
)
def test_plan_runs_the_chosen_extractors_in_registry_order(only, names):
    assert [spec.name for spec in plan(only)] == names


@pytest.mark.parametrize(
    "only,message",
    [
        (["figures"], "needs mentions, dates, quotes: add 'entities', 'dates', 'quotes'"),
        (["entities", "roles", "quotes", "figures"], "needs dates: add 'dates'"),
        (["entities", "quotes"], "'quotes' needs roles: add 'roles'"),
        (["events"], "add 'entities', 'dates'"),
        (["entities", "speakers"], "unknown extractor 'speakers'"),
    ],
)
def test_a_choice_missing_a_need_is_refused_with_what_to_add(only, message):
    with pytest.raises(NewsgraphError, match=message.replace("(", r"\(")):
        plan(only)


def test_a_registry_with_a_need_before_its_provider_is_refused():
    first = ExtractorSpec("uses", lambda doc, art, ex: ex, needs=("mentions",), adds=("quotes",))
    then = ExtractorSpec("provides", lambda doc, art, ex: ex, needs=(), adds=("mentions",))
    with pytest.raises(NewsgraphError, match="'uses' needs mentions"):
        check_order([first, then])
    check_order([then, first])


def test_extract_with_a_blank_model_fills_only_the_chosen_layers():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    text = "Officials met on Monday. They said nothing."
    ex = extract(nlp(text), Article(id="a", text=text), only=["entities", "roles"])
    assert len(ex.sentences) == 2 and ex.quotes == () and ex.figures == () and ex.events == ()
