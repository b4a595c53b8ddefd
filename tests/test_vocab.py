"""Every ng: term in graph.vocab is declared in ontology/newsgraph.ttl, and every term declared there is in vocab."""

from __future__ import annotations

import rdflib

from graph.vocab import NG

from .helpers import ROOT


def declared_terms() -> set[str]:
    g = rdflib.Graph().parse(ROOT / "ontology" / "newsgraph.ttl", format="turtle")
    ns = str(NG._NS)
    return {str(s) for s in g.subjects() if str(s).startswith(ns) and str(s) != ns}


def vocab_terms() -> set[str]:
    return {str(NG[name]) for name in NG.__annotations__}


def test_every_vocab_term_is_declared_in_the_ontology():
    missing = vocab_terms() - declared_terms()
    assert not missing, f"declare these in ontology/newsgraph.ttl: {sorted(missing)}"


def test_every_ontology_term_is_in_vocab():
    extra = declared_terms() - vocab_terms()
    assert not extra, f"add these to graph/vocab.py NG: {sorted(extra)}"


def test_unknown_term_fails():
    import pytest

    with pytest.raises(AttributeError):
        NG.notATerm  # noqa: B018
