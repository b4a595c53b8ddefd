"""Roles: appositions, titles before names and copulas, with the organization where stated."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from graph.extract import extract


def roles_of(nlp, make_article, text):
    return extract(nlp(text), make_article(text), only=["entities", "roles"])


def triples(ex):
    return [(r.person.name, r.role, r.organization.name if r.organization else None) for r in ex.roles]


def test_apposition_from_a_hand_built_parse(blank_nlp, make_article):
    # "Ana Diaz, an ACLU lawyer, spoke."
    words = ["Ana", "Diaz", ",", "an", "ACLU", "lawyer", ",", "spoke", "."]
    spaces = [True, False, True, True, True, False, True, False, False]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[1, 7, 1, 5, 5, 1, 1, 7, 7],
        deps=["compound", "nsubj", "punct", "det", "compound", "appos", "punct", "ROOT", "punct"],
        pos=["PROPN", "PROPN", "PUNCT", "DET", "PROPN", "NOUN", "PUNCT", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "O", "O", "O", "O"],
    )
    ex = extract(doc, make_article(doc.text), only=["entities", "roles"])
    assert triples(ex) == [("Ana Diaz", "lawyer", "ACLU")]
    [r] = ex.roles
    assert r.span.text == "Ana Diaz, an ACLU lawyer"
    assert r.person in ex.mentions and r.organization in ex.mentions


def test_no_role_without_a_role_noun(blank_nlp, make_article):
    # "Ana Diaz, 42, spoke." : an age in apposition is not a role
    words = ["Ana", "Diaz", ",", "42", ",", "spoke", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[True, False, True, False, True, False, False],
        heads=[1, 5, 1, 1, 1, 5, 5],
        deps=["compound", "nsubj", "punct", "appos", "punct", "ROOT", "punct"],
        pos=["PROPN", "PROPN", "PUNCT", "NUM", "PUNCT", "VERB", "PUNCT"],
        ents=["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"],
    )
    assert extract(doc, make_article(doc.text), only=["entities", "roles"]).roles == ()


@pytest.mark.model
def test_apposition_with_organization_after_of_at(real_nlp, make_article):
    ex = roles_of(
        real_nlp, make_article, "Dana Wills, the chief economist at the Federal Reserve, spoke first on Monday."
    )
    assert triples(ex) == [("Dana Wills", "chief economist", "Federal Reserve")]


@pytest.mark.model
def test_apposition_without_organization(real_nlp, make_article):
    ex = roles_of(real_nlp, make_article, "Maria Lopez, a lawyer for the city, filed the appeal.")
    assert triples(ex) == [("Maria Lopez", "lawyer", None)]


@pytest.mark.model
def test_titles_before_names_are_spelled_out_and_lower_cased(real_nlp, make_article):
    ex = roles_of(
        real_nlp,
        make_article,
        "President Joe Biden met Sen. Susan Collins and former President Barack Obama in Washington.",
    )
    assert sorted(triples(ex)) == [
        ("Barack Obama", "president", None),
        ("Joe Biden", "president", None),
        ("Susan Collins", "senator", None),
    ]


@pytest.mark.model
def test_copula_role_with_organization(real_nlp, make_article):
    ex = roles_of(real_nlp, make_article, "Rachel Moss is the deputy director of the Urban Institute.")
    assert triples(ex) == [("Rachel Moss", "deputy director", "Urban Institute")]
    assert ex.roles[0].span.text == "Rachel Moss is the deputy director of the Urban Institute"


def test_title_role_takes_the_party_in_apposition_as_organization(blank_nlp, make_article):
    # "Sen. Ana Diaz, Ohio Republican, spoke." with the party known to the entity layer
    words = ["Sen.", "Ana", "Diaz", ",", "Ohio", "Republican", ",", "spoke", "."]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=[True, True, False, True, True, False, True, False, False],
        heads=[2, 2, 7, 2, 5, 2, 2, 7, 7],
        deps=["compound", "compound", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "punct"],
        pos=["PROPN", "PROPN", "PROPN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"],
        ents=["O", "B-PERSON", "I-PERSON", "O", "B-GPE", "B-ORG", "O", "O", "O"],
    )
    ex = extract(doc, make_article(doc.text), only=["entities", "roles"])
    assert triples(ex) == [("Ana Diaz", "senator", "Republican")]
    assert ex.roles[0].span.text == "Sen. Ana Diaz, Ohio Republican"
