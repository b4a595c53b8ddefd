"""Entity mention rules, on hand-built Docs (no model) and a few sentences through the real model."""

from __future__ import annotations

import re

import pytest
from spacy.tokens import Doc

from graph.extract.entities import clean, extract_mentions, is_junk, is_product
from graph.records import Article, Extraction


def doc_of(nlp, text: str, ents: dict[str, str]):
    """A Doc of ``text`` (split on spaces and before punctuation) with every use of the phrases in ``ents`` labelled."""
    words = re.findall(r"'s|\w[\w.\-&]*\w\.?|\w\.?|[^\w\s]", text)
    spaces, pos = [], 0
    for w in words:
        pos = text.index(w, pos) + len(w)
        spaces.append(pos < len(text) and text[pos] == " ")
    doc = Doc(nlp.vocab, words=words, spaces=spaces)
    spans = []
    for phrase, label in sorted(ents.items(), key=lambda pl: -len(pl[0])):  # every use; longer phrases first
        for m in re.finditer(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", doc.text):
            span = doc.char_span(m.start(), m.end(), label=label)
            assert span is not None, phrase
            if all(span.end <= s.start or span.start >= s.end for s in spans):
                spans.append(span)
    doc.ents = sorted(spans)
    return doc


def mentions(nlp, text: str, ents: dict[str, str]):
    doc = doc_of(nlp, text, ents)
    art = Article(id="t", text=doc.text)
    return extract_mentions(doc, art, Extraction(article=art)).mentions


def by_name(ms):
    return {m.name: m for m in ms}


# ---------------------------------------------------------------- cleaning


def test_titles_are_stripped_from_person_names_and_span():
    name, start, end, titled = clean("former President Donald Trump", 10)
    assert (name, end - start, titled) == ("Donald Trump", len("Donald Trump"), True)
    assert clean("Sen. Steve Daines", 0)[0] == "Steve Daines"
    assert clean("deputy director Ann Lee", 0)[0] == "Ann Lee"


def test_leading_the_and_possessive_are_dropped():
    assert clean("the American Civil Liberties Union's", 0, "Organization")[0] == "American Civil Liberties Union"
    assert clean("Airbus'", 0, "Organization")[0] == "Airbus"
    assert clean("Apple Inc.", 0, "Organization")[0] == "Apple Inc."  # the final dot of an abbreviation stays


def test_org_title_words_stay_unless_a_person_title_leads():
    assert clean("General Motors", 0, "Organization")[0] == "General Motors"
    name, _, _, titled = clean("Spokeswoman Sandy Angers", 0, "Organization")
    assert (name, titled) == ("Sandy Angers", True)


def test_junk_and_products():
    assert is_junk("zero", "Organization") and is_junk("X", "Person") and is_junk("1,200", "Place")
    assert is_junk("USD", "Organization") and is_junk("Paris Air Show", "Place")
    assert not is_junk("zero tolerance", "Policy") and not is_junk("ACLU", "Organization")
    assert is_product("iPod", "Organization") and is_product("Rolls-Royce Trent 900", "Organization")
    assert not is_product("Title 42", "Policy") and not is_product("Apple", "Organization")


# ---------------------------------------------------------------- rules on hand-built Docs


def test_mention_span_is_the_cleaned_name(blank_nlp):
    ms = mentions(blank_nlp, "Sen. Steve Daines spoke .", {"Sen. Steve Daines": "PERSON"})
    (m,) = ms
    assert m.name == m.span.text == "Steve Daines" and m.type == "Person"


def test_surname_tagged_org_becomes_person(blank_nlp):
    ms = mentions(blank_nlp, "Donald Trump won . Trump 's aides left .", {"Donald Trump": "PERSON", "Trump 's": "ORG"})
    assert {(m.name, m.type) for m in ms} == {("Donald Trump", "Person"), ("Trump", "Person")}


def test_place_before_a_country_and_descriptor_nouns_fix_types(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "It flew to Toulouse , France . The German magazine Der Spiegel said so .",
            {"Toulouse": "PERSON", "France": "GPE", "Der Spiegel": "PERSON"},
        )
    )
    assert ms["Toulouse"].type == "Place"
    assert ms["Der Spiegel"].type == "Organization"


def test_places_with_org_words_stay_places_and_quantities_are_no_models(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "In the West Bank , Acme 13 percent fell , and Acme 737 jets flew .",
            {"West Bank": "GPE", "Acme": "ORG"},
        )
    )
    assert ms["West Bank"].type == "Place"
    assert [
        m.span.start for m in mentions(blank_nlp, "Acme 13 percent fell ; Acme 737 jets flew .", {"Acme": "ORG"})
    ] == [0]


def test_tokenizer_splits_are_mended_and_based_places_dropped(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "Michael O ' Leary of Wal - Mart , a Texas - based firm , spoke .",
            {"Michael O": "PERSON", "Leary": "GPE", "Wal - Mart": "ORG", "Texas": "GPE"},
        )
    )
    assert set(ms) == {"Michael O'Leary", "Wal-Mart"}


def test_lone_one_word_person_without_support_is_dropped(blank_nlp):
    ms = by_name(
        mentions(blank_nlp, "Safari is fast . President Biden spoke .", {"Safari": "PERSON", "Biden": "PERSON"})
    )
    assert "Safari" not in ms and ms["Biden"].type == "Person"  # a title supports "Biden"


def test_photo_credit_is_split_and_the_photographer_dropped(blank_nlp):
    ms = by_name(mentions(blank_nlp, "Photo : AFP / RODRIGO ARANGUA", {"AFP / RODRIGO ARANGUA": "ORG"}))
    assert ms["AFP"].key == "org/afp" and ms["AFP"].subtype == "NewsMediaOrganization"
    assert "RODRIGO ARANGUA" not in ms  # who took the picture is not a person of the story


def test_administration_is_an_organization(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "The Biden administration and the Trump administration 's policy differ .",
            {"Biden": "PERSON", "Trump": "PERSON"},
        )
    )
    assert ms["Biden administration"].type == "Organization"
    assert ms["Biden administration"].key == "org/biden-administration"
    assert ms["Trump administration"].key == "org/trump-administration"
    assert "Biden" not in ms
    team = by_name(mentions(blank_nlp, "The Biden administration and the Biden team agree .", {"Biden": "PERSON"}))
    assert team["Biden team"].key == "org/biden-administration"
    of = mentions(blank_nlp, "The administration of President Joe Biden spoke .", {"Joe Biden": "PERSON"})
    assert {(m.name, m.key) for m in of} == {("Biden administration", "org/biden-administration"), ("Joe Biden", None)}
    other = by_name(mentions(blank_nlp, "Ann Lee and the Lee team won .", {"Ann Lee": "PERSON", "Lee": "PERSON"}))
    assert other["Lee team"].key == "org/lee-team"


def test_parties_from_norp_but_not_nationalities(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "Republicans , a Republican senator and Mexican officials met .",
            {"Republicans": "NORP", "Republican": "NORP", "Mexican": "NORP"},
        )
    )
    assert ms["Republicans"].type == "Organization" and ms["Republicans"].key == "org/republican-party"
    assert ms["Republicans"].subtype == "PoliticalParty"
    assert "Mexican" not in ms and "Republican" not in ms  # adjectives and nationalities are not the party


def test_gazetteer_unites_names_of_one_agency(blank_nlp):
    ms = mentions(
        blank_nlp,
        "DOJ , the Justice Department and the U.S. Department of Justice agreed .",
        {"DOJ": "ORG", "the Justice Department": "ORG", "the U.S. Department of Justice": "ORG"},
    )
    assert {m.key for m in ms} == {"org/department-of-justice"}
    assert {m.subtype for m in ms} == {"GovernmentOrganization"}


def test_gazetteer_type_and_wikidata(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp, "Republicans on Capitol Hill met in Washington .", {"Capitol Hill": "ORG", "Washington": "GPE"}
        )
    )
    assert ms["Capitol Hill"].type == "Place"
    assert ms["Washington"].wikidata == "Q61"


def test_acronym_definition_joins_name_and_later_uses(blank_nlp):
    text = "The Federal Widget Council ( FWC ) met . Later FWC left ."
    ms = mentions(blank_nlp, text, {"The Federal Widget Council": "ORG"})
    keys = {m.name: m.key for m in ms}
    assert keys["Federal Widget Council"] == "org/federal-widget-council"
    assert {m.key for m in ms if m.name == "FWC"} == {"org/federal-widget-council"}
    assert sum(m.name == "FWC" for m in ms) == 2


def test_products_events_and_model_numbers_are_dropped(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "Boeing 787 jets , the iPod and the Widget Developers Conference ( WDC ) .",
            {"Boeing": "ORG", "iPod": "ORG", "Widget Developers Conference": "ORG", "WDC": "ORG"},
        )
    )
    assert ms == {}


def test_policy_patterns(blank_nlp):
    text = (
        'Trump \u2019s zero-tolerance border policy and the "Stay Home" policy and the Clean Water Restoration Act '
        "and Smith \u2019s cash-for-clunkers program ."
    )
    ms = [m for m in mentions(blank_nlp, text, {}) if m.type == "Policy"]
    names = {m.name: m.key for m in ms}
    assert names["zero-tolerance"] == "policy/zero-tolerance"
    assert {"Stay Home", "Clean Water Restoration Act", "cash-for-clunkers"} <= set(names)
    assert all(m.span.text == m.name for m in ms)


def test_lower_case_policy_name_needs_the_article_to_call_it_a_policy(blank_nlp):
    assert mentions(blank_nlp, "The firm has zero tolerance for fraud .", {}) == ()
    ms = mentions(blank_nlp, "Under the zero tolerance policy families split . Zero tolerance ended .", {})
    assert [m.key for m in ms] == ["policy/zero-tolerance"] * 2


def test_policy_names_in_any_case_and_with_letters_that_fold_onto_ascii(blank_nlp):
    ms = mentions(blank_nlp, "The ZERO TOLERANCE policy began . The Fed \u2019s quant\u0131tative easing ended .", {})
    assert [(m.name, m.key) for m in ms] == [
        ("ZERO TOLERANCE", "policy/zero-tolerance"),
        ("quant\u0131tative easing", "policy/quantitative-easing"),
    ]


def test_the_letters_that_fold_onto_ascii_are_all_known():
    from graph.extract.policies import _FOLDS_ONTO_ASCII

    every_char = "".join(map(chr, range(0x80, 0x110000)))
    assert all(_FOLDS_ONTO_ASCII.match(c) for c in set(re.findall(r"(?i)[\x00-\x7f]", every_char)))


def test_no_letters_no_mention(blank_nlp):
    assert mentions(blank_nlp, "In 1,200 cases .", {"1,200": "ORG"}) == ()


# ---------------------------------------------------------------- the real model


@pytest.mark.model
def test_real_model_sentences(real_nlp):
    text = (
        "Sen. Maria Delgado, a Nevada Republican, criticized the Justice Department on Monday. "
        "Delgado said the Department of Homeland Security (DHS) had failed. "
        "The Biden administration did not comment, and DHS declined to answer."
    )
    doc = real_nlp(text)
    art = Article(id="m", text=text)
    ms = extract_mentions(doc, art, Extraction(article=art)).mentions
    got = {(m.name, m.type) for m in ms}
    assert ("Maria Delgado", "Person") in got
    assert {m.key for m in ms if m.name in ("Justice Department",)} == {"org/department-of-justice"}
    assert {m.key for m in ms if m.name in ("DHS", "Department of Homeland Security")} == {
        "org/department-of-homeland-security"
    }
    assert ("Biden administration", "Organization") in got
    assert all(m.span.text == text[m.span.start : m.span.end] for m in ms)


# ---------------------------------------------------------------- products, time zones, sites, credits, datelines


def text_mentions(nlp, text: str, ents: dict[str, str]):
    """Mentions of ``text`` as written (line breaks kept), with the first use of each phrase labelled."""
    doc = nlp.make_doc(text)
    doc.ents = sorted(doc.char_span(text.index(p), text.index(p) + len(p), label=lab) for p, lab in ents.items())
    art = Article(id="t", text=text)
    return extract_mentions(doc, art, Extraction(article=art)).mentions


@pytest.mark.parametrize(
    "text, ents, gone, kept",
    [
        # a brand before a product-line word or a product noun is the product, not the company
        ("Orbix unveiled the Zentra Pro , a laptop .", {"Orbix": "ORG", "Zentra": "ORG"}, "Zentra", "Orbix"),
        ("Orbix said Zentra OS runs on Zentra machines .", {"Orbix": "ORG", "Zentra": "ORG"}, "Zentra", "Orbix"),
        ("Orbix ships Kelvar laptops to schools .", {"Orbix": "ORG", "Kelvar": "ORG"}, "Kelvar", "Orbix"),
        ("Orbix showed the new Zentra . The Zentra costs more .", {"Orbix": "ORG", "Zentra": "ORG"}, "Zentra", "Orbix"),
        # a name no person's name ends in is not a person
        ("Orbix opened the Tune Store today .", {"Orbix": "ORG", "Tune Store": "PERSON"}, "Tune Store", "Orbix"),
        # time zones are not organizations
        ("Orbix landed at 9:40 ( GMT +8 ) .", {"Orbix": "ORG", "GMT": "ORG"}, "GMT", "Orbix"),
        ("Orbix opens at 10 a.m. EST daily .", {"Orbix": "ORG", "EST": "ORG"}, "EST", "Orbix"),
    ],
)
def test_products_time_zones_and_concepts_are_not_organizations(blank_nlp, text, ents, gone, kept):
    ms = by_name(mentions(blank_nlp, text, ents))
    assert gone not in ms and kept in ms


@pytest.mark.parametrize(
    "text, ents",
    [
        ("Orbix Airways Flight 12 landed .", {"Orbix Airways Flight": "ORG"}),  # the model cut the flight number off
        ("Orbix sells Kelvar parts . Orbix said Kelvar grew .", {"Orbix": "ORG", "Kelvar": "ORG"}),  # "new Airbus jets"
    ],
)
def test_names_that_stay_organizations(blank_nlp, text, ents):
    ms = mentions(blank_nlp, text, ents)
    assert {m.type for m in ms} == {"Organization"} and ms


def test_a_site_is_a_place_and_its_owner_joins_it(blank_nlp):
    ms = by_name(
        mentions(
            blank_nlp,
            "The jet flew from Orbix ' Assembly Center to Toulouse .",
            {"Orbix": "ORG", "Assembly Center": "ORG", "Toulouse": "GPE"},
        )
    )
    assert ms["Orbix ' Assembly Center"].type == "Place" and "Orbix" not in ms


@pytest.mark.parametrize(
    "text, ents, etype",
    [
        # a lone word the model calls a person yields to the organization the article also calls it
        ("Zumair grew . Zumair said so . Zumair flies .", {"Zumair": "PERSON"}, None),
        ("The airline, Zumair, grew . Zumair said so . Zumair flies .", {"Zumair": "PERSON"}, "Organization"),
        # a clipped company name is that company, not a place
        (
            "Zumair Airways grew . Flights to Zumair were full .",
            {"Zumair Airways": "ORG", "Zumair": "GPE"},
            "Organization",
        ),
        # a name cut out of a longer span takes the type the article gives it elsewhere
        ("based in Velmont - Korvex . Korvex sued .", {"Velmont - Korvex": "GPE", "Korvex": "ORG"}, "Organization"),
    ],
)
def test_one_type_per_name(blank_nlp, text, ents, etype):
    ms = [m for m in mentions(blank_nlp, text, ents) if m.name.startswith(("Zumair", "Korvex"))]
    assert {m.type for m in ms} == ({etype} if etype else set())


@pytest.mark.parametrize(
    "text, ents",
    [
        ("By Jane Kowalski\n\nOrbix grew .", {"Jane Kowalski": "PERSON", "Orbix": "ORG"}),
        ("Orbix grew .\nPhoto : Jane Kowalski / Orbix", {"Jane Kowalski": "PERSON", "Orbix": "ORG"}),
        ("Orbix grew ( Photo by Jane Kowalski ) .", {"Jane Kowalski": "PERSON", "Orbix": "ORG"}),
    ],
)
def test_photo_credits_and_bylines_are_not_people_of_the_story(blank_nlp, text, ents):
    assert "Jane Kowalski" not in by_name(text_mentions(blank_nlp, text, ents))


def test_by_opening_a_sentence_is_not_a_byline(blank_nlp):
    ms = by_name(
        text_mentions(
            blank_nlp,
            "By March Jane Kowalski had left Orbix .",
            {"Jane Kowalski": "PERSON", "Orbix": "ORG", "March": "DATE"},
        )
    )
    assert ms["Jane Kowalski"].type == "Person"


@pytest.mark.parametrize(
    "text, ents, city",
    [
        ("PORTVALE (AP) \u2014 The council met.", {"PORTVALE": "ORG", "AP": "ORG"}, "Portvale"),
        ("PORTVALE, Oregon (Reuters) - The council met.", {"PORTVALE": "PERSON"}, "Portvale"),
        ("Intro line\nNORTH BAY \u2014 The council met .", {}, "North Bay"),
    ],
)
def test_dateline_city_is_a_place_never_the_agency(blank_nlp, text, ents, city):
    ms = by_name(text_mentions(blank_nlp, text, ents))
    assert ms[city].type == "Place"
    assert all(m.key != ms[city].key for m in ms.values() if m.name != city)


def test_real_model_failure_classes(real_nlp):
    text = (
        "WELLINGTON (AP) \u2014 Quorvian Motors said Tuesday its new Quorvian Pro sedan will ship in June. "
        "The Quorvian Pro and older Quorvian sedans share parts, the carmaker said at 10:00 GMT. "
        "Its Delvex-based chips passed Safety, Emissions and Noise (SEN) checks.\n"
        "By Margaret Ellwood\n"
        "Photo: Dennis Harlow/Reuters"
    )
    doc = real_nlp(text)
    art = Article(id="t", text=text)
    ms = extract_mentions(doc, art, Extraction(article=art)).mentions
    names = {m.name: m.type for m in ms}
    assert names.get("Wellington") == "Place"
    assert "GMT" not in names and "Margaret Ellwood" not in names and "Dennis Harlow" not in names
    assert "Quorvian" not in names and "Quorvian Pro" not in names
    assert "Delvex" not in names and "SEN" not in names


@pytest.mark.parametrize(
    "text, ents, gone, kept",
    [
        ("The plant in Ravensby , Ohio closed .", {"Ravensby": "GPE", "Ohio": "GPE"}, "Ohio", "Ravensby"),
        ("Ohio voted . The plant in Ravensby , Ohio closed .", {"Ravensby": "GPE", "Ohio": "GPE"}, None, "Ohio"),
        ("Trade between France , Germany and Spain grew .", {"France": "GPE", "Germany": "GPE"}, None, "Germany"),
    ],
)
def test_a_region_after_a_city_only_qualifies_it(blank_nlp, text, ents, gone, kept):
    ms = mentions(blank_nlp, text, ents)
    names = [m.name for m in ms]
    assert kept in names and (gone is None or gone not in names)


def test_real_model_an_unknown_place_that_sues_is_a_company(real_nlp):
    text = "Korvex sued Orbix on Monday. Korvex said the trademark was its own."
    doc = real_nlp(text)
    art = Article(id="t", text=text)
    ms = extract_mentions(doc, art, Extraction(article=art)).mentions
    assert {m.type for m in ms if m.name == "Korvex"} <= {"Organization"}


@pytest.mark.parametrize(
    "text, ents, group",
    [
        ("The Quillers' label Orbix Records grew .", {"Orbix Records": "ORG"}, "Quillers"),
        ("The Quillers' Orbix Records grew .", {"Orbix Records": "ORG"}, "Quillers"),
        ("The Quillers' house burned .", {}, None),  # a family's house: no organization
    ],
)
def test_a_group_named_by_a_plural_owning_something(blank_nlp, text, ents, group):
    orgs = {m.name for m in mentions(blank_nlp, text, ents) if m.type == "Organization"}
    assert (group in orgs) == (group is not None)


@pytest.mark.parametrize(
    "text, ents, kept",
    [
        ("They flew the Orbix Zentra and sold it .", {"Orbix": "ORG", "Zentra": "PRODUCT"}, False),
        ("They flew with Orbix and Zentra .", {"Orbix": "ORG", "Zentra": "PRODUCT"}, True),
    ],
)
def test_the_makers_name_on_a_product_is_not_a_mention(blank_nlp, text, ents, kept):
    assert ("Orbix" in by_name(mentions(blank_nlp, text, ents))) == kept


@pytest.mark.parametrize("text", ["BREAKING \u2014 The council met.", "NASA \u2014 The agency launched a probe."])
def test_a_label_or_a_known_organization_opening_a_paragraph_is_no_dateline(blank_nlp, text):
    assert all(m.type != "Place" for m in text_mentions(blank_nlp, text, {}))
