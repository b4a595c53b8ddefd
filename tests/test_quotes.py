"""Quotes and attribution: quotation marks, speech-verb frames, speakers, reported speech, scare quotes."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from graph.extract import extract
from graph.extract.quotes import quote_segments


def quotes_of(nlp, make_article, text):
    art = make_article(text)
    return extract(nlp(text), art, only=["entities", "dates", "roles", "quotes"]).quotes


def speaker(q):
    return q.speaker.name if q.speaker is not None else q.speaker_name


# ---------------------------------------------------------------- quotation marks, no model


def test_curly_and_straight_marks_pair_within_a_paragraph():
    text = 'He said “one thing” and then "another thing" too.'
    segs = quote_segments(text)
    assert [text[s.start : s.end] for s in segs] == ["one thing", "another thing"]


def test_a_quote_reopened_in_the_next_paragraph_runs_on():
    text = "She said:\n\n“First part.\n\n“Second part.”\n\nAfter."
    segs = quote_segments(text)
    assert [text[s.start : s.end] for s in segs] == ["First part.", "Second part."]
    assert segs[0].runs_on and segs[1].continues


def test_an_unclosed_mark_not_reopened_is_dropped_and_inch_marks_are_ignored():
    text = "The 6'2\" guard said “nothing more.\n\nThe end."
    assert quote_segments(text) == []


# ---------------------------------------------------------------- hand-built parse, no model


def test_attribution_after_the_quote_from_a_hand_built_parse(blank_nlp, make_article):
    words = ["\u201c", "We", "won", ",", "\u201d", "Ana", "Diaz", "said", "."]
    spaces = [False, True, False, False, True, True, True, False, False]
    doc = Doc(
        blank_nlp.vocab,
        words=words,
        spaces=spaces,
        heads=[7, 2, 7, 7, 7, 6, 7, 7, 7],
        deps=["punct", "nsubj", "ccomp", "punct", "punct", "compound", "nsubj", "ROOT", "punct"],
        pos=["PUNCT", "PRON", "VERB", "PUNCT", "PUNCT", "PROPN", "PROPN", "VERB", "PUNCT"],
        lemmas=["\u201c", "we", "win", ",", "\u201d", "Ana", "Diaz", "say", "."],
        ents=["O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"],
    )
    ex = extract(doc, make_article(doc.text), only=["entities", "roles", "quotes"])
    [q] = ex.quotes
    assert (q.span.text, q.kind, q.verb, speaker(q)) == ("We won", "direct", "say", "Ana Diaz")
    assert q.span.text == doc.text[q.span.start : q.span.end]
    assert q.speaker in ex.mentions


def test_quoted_phrases_without_a_speech_verb_are_not_quotes(blank_nlp, make_article):
    text = "The mayor vowed to \u201cfix\u201d the roads under the \u201czero tolerance\u201d plan."
    assert extract(blank_nlp(text), make_article(text), only=["entities", "roles", "quotes"]).quotes == ()


def hand_doc(vocab, rows):
    """A Doc from rows of (word, head index, dep, pos, lemma, entity tag); a space follows a word unless
    punctuation comes next or the word opens a quote."""
    words = [r[0] for r in rows]
    spaces = [
        i + 1 < len(words) and words[i] != "\u201c" and words[i + 1] not in (",", ".", "\u201d")
        for i in range(len(words))
    ]
    return Doc(
        vocab,
        words=words,
        spaces=spaces,
        heads=[r[1] for r in rows],
        deps=[r[2] for r in rows],
        pos=[r[3] for r in rows],
        lemmas=[r[4] for r in rows],
        ents=[r[5] for r in rows],
    )


def _q(open_, verb, tail):
    """Rows for "\u201cWe won,\u201d <tail>" where ``verb`` is the index of the speech verb in the whole Doc."""
    return [
        ("\u201c", verb, "punct", "PUNCT", "\u201c", "O"),
        ("We", open_ + 2, "nsubj", "PRON", "we", "O"),
        ("won", verb, "ccomp", "VERB", "win", "O"),
        (",", verb, "punct", "PUNCT", ",", "O"),
        ("\u201d", verb, "punct", "PUNCT", "\u201d", "O"),
    ] + tail


HAND_BUILT = {
    # the speaker after the quote, verb first ("..., said Ana Diaz")
    "inverted": (
        _q(
            0,
            5,
            [
                ("said", 5, "ROOT", "VERB", "say", "O"),
                ("Ana", 7, "compound", "PROPN", "Ana", "B-PERSON"),
                ("Diaz", 5, "nsubj", "PROPN", "Diaz", "I-PERSON"),
                (".", 5, "punct", "PUNCT", ".", "O"),
            ],
        ),
        [("We won", "Ana Diaz", "Ana Diaz")],
    ),
    # a surname after the full name, then a pronoun: one entity, the form written where each quote is attributed
    "surname then pronoun": (
        [
            ("Ana", 1, "compound", "PROPN", "Ana", "B-PERSON"),
            ("Diaz", 2, "nsubj", "PROPN", "Diaz", "I-PERSON"),
            ("spoke", 2, "ROOT", "VERB", "speak", "O"),
            (".", 2, "punct", "PUNCT", ".", "O"),
        ]
        + _q(
            4,
            10,
            [
                ("Diaz", 10, "nsubj", "PROPN", "Diaz", "B-PERSON"),
                ("said", 10, "ROOT", "VERB", "say", "O"),
                (".", 10, "punct", "PUNCT", ".", "O"),
            ],
        )
        + _q(
            12,
            18,
            [
                ("she", 18, "nsubj", "PRON", "she", "O"),
                ("said", 18, "ROOT", "VERB", "say", "O"),
                (".", 18, "punct", "PUNCT", ".", "O"),
            ],
        ),
        [("We won", "Ana Diaz", "Diaz"), ("We won", "Ana Diaz", None)],
    ),
    # no entity: the speaker keeps its words, unresolved
    "unresolved": (
        _q(
            0,
            7,
            [
                ("the", 6, "det", "DET", "the", "O"),
                ("crowd", 7, "nsubj", "NOUN", "crowd", "O"),
                ("said", 7, "ROOT", "VERB", "say", "O"),
                (".", 7, "punct", "PUNCT", ".", "O"),
            ],
        ),
        [("We won", None, "the crowd")],
    ),
}


@pytest.mark.parametrize("case", sorted(HAND_BUILT))
def test_speaker_rules_on_hand_built_parses(blank_nlp, make_article, case):
    rows, want = HAND_BUILT[case]
    doc = hand_doc(blank_nlp.vocab, rows)
    ex = extract(doc, make_article(doc.text), only=["entities", "roles", "quotes"])
    got = [
        (q.span.text, q.speaker.name if q.speaker is not None else None, q.speaker_name)
        for q in ex.quotes
        if q.kind == "direct"
    ]
    assert got == want


# ---------------------------------------------------------------- real model, hand-written sentences


@pytest.mark.model
def test_attribution_after_with_inverted_verb(real_nlp, make_article):
    text = "\u201cWe will appeal the ruling,\u201d said Maria Lopez, a lawyer for the city."
    [q] = quotes_of(real_nlp, make_article, text)
    assert (q.span.text, speaker(q), q.verb, q.kind) == ("We will appeal the ruling", "Maria Lopez", "say", "direct")
    assert q.sentence is not None and q.sentence.start == 0


@pytest.mark.model
def test_split_quote_gives_both_halves_to_the_speaker(real_nlp, make_article):
    text = (
        "Carlos Martinez spoke after the vote. \u201cThe vote was close,\u201d Martinez said, "
        "\u201cbut we had the numbers.\u201d"
    )
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.span.text, speaker(q)) for q in qs] == [
        ("The vote was close", "Carlos Martinez"),
        ("but we had the numbers", "Carlos Martinez"),
    ]


@pytest.mark.model
def test_multi_sentence_quote_with_pronoun_speaker_and_recipient(real_nlp, make_article):
    text = "Anna Ortiz spoke to reporters on Monday. \u201cThe plan failed. We need a new one,\u201d she told Reuters."
    [q] = quotes_of(real_nlp, make_article, text)
    assert q.span.text == "The plan failed. We need a new one"
    assert (speaker(q), q.verb, q.recipient.name) == ("Anna Ortiz", "tell", "Reuters")


@pytest.mark.model
def test_attribution_before_with_colon_and_multi_paragraph_quote(real_nlp, make_article):
    text = (
        "Governor Tom Walsh said in a statement:\n\n\u201cNobody will be left behind. Every family will get help."
        "\n\n\u201cWe start tomorrow.\u201d\n"
    )
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.span.text, speaker(q)) for q in qs] == [
        ("Nobody will be left behind. Every family will get help", "Tom Walsh"),
        ("We start tomorrow", "Tom Walsh"),
    ]


@pytest.mark.model
def test_straight_quotes_and_a_following_unattributed_sentence(real_nlp, make_article):
    text = '"We are not done yet," Gov. Kathy Hochul said. "There is more work to do."'
    qs = quotes_of(real_nlp, make_article, text)
    assert [speaker(q) for q in qs] == ["Kathy Hochul", "Kathy Hochul"]


@pytest.mark.model
def test_pronoun_respects_gender_shown_by_titles(real_nlp, make_article):
    text = "Mr. David Park introduced Ms. Mary Chen at the meeting. \u201cIt went well,\u201d she said."
    [q] = quotes_of(real_nlp, make_article, text)
    assert speaker(q) == "Mary Chen"


@pytest.mark.model
def test_surname_only_speaker_resolves_to_the_full_name(real_nlp, make_article):
    text = "Senator Julia Brandt opposed the bill on Tuesday. \u201cIt is a mistake,\u201d Brandt said."
    [q] = quotes_of(real_nlp, make_article, text)
    assert speaker(q) == "Julia Brandt"


@pytest.mark.model
def test_role_description_speaker_resolves_to_the_person(real_nlp, make_article):
    text = (
        "Lee Harmon, a union lawyer, filed the suit in March. \u201cWe will keep fighting,\u201d the union lawyer said."
    )
    [q] = quotes_of(real_nlp, make_article, text)
    assert speaker(q) == "Lee Harmon"


@pytest.mark.model
def test_recipient_from_told(real_nlp, make_article):
    text = "Ortiz ran the campaign. \u201cThe numbers do not add up,\u201d Ortiz told The New York Times."
    [q] = quotes_of(real_nlp, make_article, text)
    assert q.verb == "tell" and q.recipient is not None and q.recipient.name == "New York Times"


@pytest.mark.model
def test_reported_speech_is_the_clause_said(real_nlp, make_article):
    text = "The Department of Labor said on Friday that it had hired 400 new inspectors."
    [q] = quotes_of(real_nlp, make_article, text)
    assert (q.kind, q.verb, speaker(q), q.span.text) == (
        "reported",
        "say",
        "Department of Labor",
        "it had hired 400 new inspectors",
    )


@pytest.mark.model
def test_reported_speech_speaker_without_a_mention_is_kept_as_written(real_nlp, make_article):
    text = "The city has run out of shelter beds, advocates for the homeless said Monday."
    [q] = quotes_of(real_nlp, make_article, text)
    assert (q.kind, q.speaker, q.speaker_name, q.span.text) == (
        "reported",
        None,
        "advocates for the homeless",
        "The city has run out of shelter beds",
    )


@pytest.mark.model
def test_scare_quotes_and_quoted_names_are_not_quotes(real_nlp, make_article):
    text = (
        "The mayor promised to \u201cfix\u201d the roads and to end the \u201cpothole crisis\u201d by summer. "
        "Critics of the \u201cSafe Streets Act\u201d protested outside City Hall."
    )
    assert quotes_of(real_nlp, make_article, text) == ()


@pytest.mark.model
def test_partial_quote_governed_by_a_speech_verb_is_a_quote(real_nlp, make_article):
    text = "Nina Reyes said that the agency \u201cwill have to answer for every one of these cases.\u201d"
    [q] = quotes_of(real_nlp, make_article, text)
    assert (q.kind, speaker(q), q.span.text) == (
        "direct",
        "Nina Reyes",
        "will have to answer for every one of these cases",
    )


@pytest.mark.model
def test_split_quote_around_a_participle_clause_keeps_the_speaker(real_nlp, make_article):
    text = "\u201cI do not know,\u201d Mayor Ana Ruiz said when asked about the audit, \u201cbut I will find out.\u201d"
    qs = quotes_of(real_nlp, make_article, text)
    assert [q.span.text for q in qs] == ["I do not know", "but I will find out"]
    assert len({speaker(q) for q in qs}) == 1 and "Ana Ruiz" in speaker(qs[0])


@pytest.mark.model
def test_the_paper_said_refers_to_the_newspaper_named_before(real_nlp, make_article):
    text = "The Boston Globe reported on Monday that the mayor would resign. The paper said the decision was final."
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.kind, q.verb, speaker(q)) for q in qs] == [
        ("reported", "report", "Boston Globe"),
        ("reported", "say", "Boston Globe"),
    ]


@pytest.mark.model
def test_a_quoted_phrase_in_an_adverbial_clause_is_not_the_speakers_quote(real_nlp, make_article):
    text = (
        "Citing \u201ca serious safety concern,\u201d the airline announced on Monday that it would ground its fleet."
    )
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.kind, q.span.text) for q in qs] == [("reported", "it would ground its fleet")]


@pytest.mark.model
def test_reported_speech_in_a_relative_clause_belongs_to_its_noun(real_nlp, make_article):
    text = "Senator Mark Kelly, who said last week that he would oppose the nomination, voted for it on Tuesday."
    [q] = quotes_of(real_nlp, make_article, text)
    assert (q.kind, speaker(q), q.span.text) == ("reported", "Mark Kelly", "he would oppose the nomination")


@pytest.mark.model
def test_a_standalone_quote_paragraph_continues_the_previous_speaker(real_nlp, make_article):
    text = "\u201cWe expected this outcome,\u201d Paul Novak said.\n\n\u201cNow the real work begins.\u201d\n"
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.span.text, speaker(q)) for q in qs] == [
        ("We expected this outcome", "Paul Novak"),
        ("Now the real work begins", "Paul Novak"),
    ]


@pytest.mark.model
def test_passive_speech_verb_without_agent_names_no_speaker(real_nlp, make_article):
    text = "The new phone is claimed to be \u201cthe fastest phone on the market today.\u201d"
    assert quotes_of(real_nlp, make_article, text) == ()


# ---------------------------------------------------------------- quoted fragments, credit lines (real model)

FRAGMENTS = [
    # (sentence, fragment, speaker)
    ("Senator Ruth Abel called the plan a \u201creckless gamble\u201d on Tuesday.", "reckless gamble", "Ruth Abel"),
    (
        "Governor Tom Reyes described the storm as \u201cthe worst in a century.\u201d",
        "the worst in a century",
        "Tom Reyes",
    ),
    (
        "Mayor Lena Ortiz accused the council of \u201cplaying games with people's lives.\u201d",
        "playing games with people's lives",
        "Lena Ortiz",
    ),
    (
        "Carla Nunez noted that the deal collapsed in May \u201cwhen the banks walked away.\u201d",
        "when the banks walked away",
        "Carla Nunez",
    ),
    (
        "According to the Audit Commission, the agency wasted \u201cmillions of dollars every year.\u201d",
        "millions of dollars every year",
        "Audit Commission",
    ),
    (
        "The mayor is seen, as the Boston Globe put it in an editorial, \u201cthe last honest man in town.\u201d",
        "the last honest man in town",
        "Boston Globe",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,fragment,who", FRAGMENTS)
def test_a_quoted_fragment_belongs_to_the_subject_of_the_verb_above_it(real_nlp, make_article, text, fragment, who):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == [(fragment, who)]


@pytest.mark.model
def test_fragments_in_a_relative_clause_under_a_characterizing_verb(real_nlp, make_article):
    text = "Nadia Fox called her rival a \u201cserial liar\u201d who is \u201cutterly unfit for office.\u201d"
    qs = quotes_of(real_nlp, make_article, text)
    assert [(q.span.text, speaker(q)) for q in qs] == [
        ("serial liar", "Nadia Fox"),
        ("utterly unfit for office", "Nadia Fox"),
    ]


CREDITS = [
    (
        "\u201cWe have waited long enough.\u201d \u2015 Maria Gomez\n\u201cNobody listens to us.\u201d \u2014 Tom Baker\n",
        [("We have waited long enough", "Maria Gomez"), ("Nobody listens to us", "Tom Baker")],
    ),
    ("\u201cThe bridge is finally open.\u201d -- Ravi Patel\n", [("The bridge is finally open", "Ravi Patel")]),
    # a dash inside the paragraph is an aside, not a credit line
    ("\u201cIt works\u201d \u2014 the slogan on every poster \u2014 was seen all over Leeds.\n", []),
]


@pytest.mark.model
@pytest.mark.parametrize("text,expected", CREDITS)
def test_a_name_after_a_dash_closing_the_paragraph_credits_the_quote(real_nlp, make_article, text, expected):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == expected


@pytest.mark.model
def test_a_weekday_after_the_verb_is_not_the_speaker(real_nlp, make_article):
    text = (
        "\u201cWe will find who did this,\u201d Police Chief Dana Cole said Monday. "
        "\u201cNobody is above the law.\u201d"
    )
    qs = quotes_of(real_nlp, make_article, text)
    assert [speaker(q) for q in qs] == ["Dana Cole", "Dana Cole"]


SPEAKER_PHRASES = [
    # a noun phrase never runs over a paragraph break: the time stamp of a live blog is not the speaker
    ("9:10 a.m.\n\nSenator Ruth Abel is calling the bill \u201ca reckless gamble with our money.\u201d", "Ruth Abel"),
    # a document's source: the one who issued it
    (
        "The Harbor Authority issued a statement calling the spill \u201ca disaster for the whole coast.\u201d",
        "Harbor Authority",
    ),
    # a relative clause on an apposition speaks for the name described
    (
        "Talks stalled with Omar Reyes, now the party leader, who said the vote was "
        "\u201ca waste of everyone's time.\u201d",
        "Omar Reyes",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,who", SPEAKER_PHRASES)
def test_speaker_phrase_boundaries(real_nlp, make_article, text, who):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [speaker(q) for q in qs] == [who]


CONTEXT_SPEAKERS = [
    # a quote standing alone after a sentence of narrative: that sentence's subject
    (
        "Mayor Lena Ortiz rejected the budget on Friday.\n\n\u201cWe cannot cut the schools again.\u201d\n",
        [("We cannot cut the schools again", "Lena Ortiz")],
    ),
    # a pronoun in a fronted adverbial clause stands for the main clause's subject
    (
        "Although she called the deal \u201ca step in the right direction,\u201d Senator Ruth Abel voted against it.",
        [("a step in the right direction", "Ruth Abel")],
    ),
    # a speaker phrase with a name in apposition
    (
        "\u201cThe numbers speak for themselves,\u201d his campaign manager, Dana Whitfield, said.",
        [("The numbers speak for themselves", "Dana Whitfield")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,expected", CONTEXT_SPEAKERS)
def test_speakers_from_the_context(real_nlp, make_article, text, expected):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == expected


DESCRIPTIONS = [
    # an office named by a synonym of the role phrase's title
    (
        "Rep. Adam Kole, a member of the panel, spoke first. \u201cWe need answers,\u201d the Ohio congressman said.",
        "Adam Kole",
    ),
    # an office no role phrase gives: the one person who spoke just before
    (
        "\u201cThe bill is dead,\u201d Mara Quist said on Monday. \u201cWe will try again,\u201d the senator added.",
        "Mara Quist",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,who", DESCRIPTIONS)
def test_a_title_description_resolves_to_the_person(real_nlp, make_article, text, who):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert speaker(qs[-1]) == who


@pytest.mark.model
def test_a_title_description_stays_as_written_when_two_people_spoke(real_nlp, make_article):
    text = (
        "\u201cThe bill is dead,\u201d Mara Quist said. \u201cNo, it is not,\u201d Lev Ortega said. "
        "\u201cWe will try again,\u201d the senator added."
    )
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert (qs[-1].speaker, qs[-1].speaker_name) == (None, "the senator")


@pytest.mark.model
def test_a_fragment_in_the_subject_of_an_inner_clause_belongs_to_the_outer_speaker(real_nlp, make_article):
    text = "Judge Ada Mills wrote that the filing \u201cplainly and repeatedly\u201d misstates the record."
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == [("plainly and repeatedly", "Ada Mills")]


AS_PHRASES = [
    (
        "Mayor Lena Ortiz sees the stadium as a \u201cmonument to wasted money.\u201d",
        "monument to wasted money",
        "Lena Ortiz",
    ),
    # "as" inside the quote: the speech verb above decides
    (
        "Ruth Abel said the council had used the report \u201cas a fig leaf for cuts.\u201d",
        "as a fig leaf for cuts",
        "Ruth Abel",
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,fragment,who", AS_PHRASES)
def test_what_a_person_takes_something_as(real_nlp, make_article, text, fragment, who):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == [(fragment, who)]


@pytest.mark.model
def test_a_fragment_in_what_a_persons_claim_says_is_theirs(real_nlp, make_article):
    text = (
        "Senator Maria Lopez spoke in Denver on Monday. Reporters later checked Lopez's claim that crime had "
        "fallen \u201cto the lowest level in decades.\u201d"
    )
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == [("to the lowest level in decades", "Maria Lopez")]


@pytest.mark.model
def test_a_credit_line_closing_the_paragraph_credits_every_quote_in_it(real_nlp, make_article):
    text = (
        "\u201cThe rent doubled in a year.\u201d And then, \u201cwe had to move out.\u201d \u2015 Ines Navarro\n"
        "\u201cNobody warned us.\u201d \u2015 Tom Baker\n"
    )
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [speaker(q) for q in qs] == ["Ines Navarro", "Ines Navarro", "Tom Baker"]


def test_a_paragraph_reopening_with_another_kind_of_mark_does_not_continue_the_quote():
    text = '"The excerpt starts here.\n\n\u201cA new quote,\u201d she said.\n\nAfter.'
    segs = quote_segments(text)
    assert [(text[s.start : s.end], s.runs_on, s.continues) for s in segs] == [("A new quote,", False, False)]


COLON_INTROS = [
    ("The campaign's new ad ends with one line from Senator Ruth Abel: \u201cWe will not back down.\u201d", []),
    (
        "Governor Tom Reyes closed the rally on a defiant note: \u201cWe will not back down.\u201d",
        [("We will not back down", "Tom Reyes")],
    ),
]


@pytest.mark.model
@pytest.mark.parametrize("text,expected", COLON_INTROS)
def test_a_clause_introducing_a_quote_with_a_colon_introduces_its_subjects_words(
    real_nlp, make_article, text, expected
):
    qs = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert [(q.span.text, speaker(q)) for q in qs] == expected


# ---------------------------------------------------------------- one speaker resolver for quotes and figures


@pytest.mark.model
@pytest.mark.parametrize(
    "text,who",
    [
        # a pronoun after a narrative sentence: the figure's "she said" is whom a quote's "she said" would name
        (
            "Mayor Dana Whitfield toured the flooded district on Tuesday. She said 4,000 homes had been damaged.",
            "Dana Whitfield",
        ),
        # a surname only, after the full name
        (
            "Rep. Arturo Delgado chairs the budget panel. Delgado said the plan would cost $12 million.",
            "Arturo Delgado",
        ),
    ],
)
def test_a_figure_source_resolves_as_a_quote_speaker(real_nlp, make_article, text, who):
    doc = real_nlp(text)
    ex = extract(doc, make_article(text), only=["entities", "dates", "roles", "quotes", "figures"])
    [fig] = [f for f in ex.figures if f.value > 100]
    assert fig.speaker is not None and fig.speaker.name == who


@pytest.mark.model
@pytest.mark.parametrize(
    "text,written,label",
    [
        (
            "Tom Brennan founded the fund in 2010. \u201cWe were early,\u201d Mr. Brennan said.",
            "Brennan",
            "Tom Brennan",
        ),
        (
            "Sen. Carla Mendes, a Democrat from Oregon, spoke first. \u201cThis bill is a start,\u201d the senator said.",
            "the senator",
            "Carla Mendes",
        ),
    ],
)
def test_a_quote_keeps_the_form_the_article_names_its_speaker_by(real_nlp, make_article, text, written, label):
    [q] = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert q.speaker is not None and q.speaker.name == label
    assert q.speaker_name == written


@pytest.mark.model
def test_after_a_pronoun_no_written_form_is_kept(real_nlp, make_article):
    text = "Tom Brennan founded the fund in 2010. \u201cWe were early,\u201d he said."
    [q] = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert (q.speaker.name if q.speaker else None, q.speaker_name) == ("Tom Brennan", None)


@pytest.mark.model
@pytest.mark.parametrize(
    "text,who,shown",
    [
        # a document's issuer names the speaker, not the document
        (
            "The Harbor Commission issued a statement on Monday. \u201cThe port will reopen soon,\u201d the statement said.",
            "Harbor Commission",
            None,
        ),
        # "demanded" after a question attributes it, not the speaker of the quote before
        (
            "\u201cWe expected more,\u201d Jon Reyes said. \u201cWhere is the money?\u201d Ellen Pike demanded.",
            "Ellen Pike",
            "Ellen Pike",
        ),
        # the object of a participle is not its speaker ("proposing a few topics")
        (
            "Maria Lopez chairs the panel. \u201cWe should talk about jobs,\u201d Lopez said, proposing a few topics, "
            "including, \u201cWhy are wages flat?\u201d",
            "Maria Lopez",
            "Lopez",
        ),
    ],
)
def test_failure_classes_of_speakers(real_nlp, make_article, text, who, shown):
    q = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"][-1]
    assert (q.speaker.name if q.speaker is not None else None, q.speaker_name) == (who, shown)


@pytest.mark.model
def test_they_stands_for_the_subject_of_the_clause_above(real_nlp, make_article):
    text = (
        "The airline said fares would rise. The Teamsters union is fighting what they call a "
        "\u201crace to the bottom\u201d on wages."
    )
    [q] = [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"]
    assert q.speaker_name == "The Teamsters union"


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "Residents call the stretch of road \u201cdeadly\u201d and want it closed.",  # one word: a scare quote
        "The council read the novel \u201cThe Silent Harbor Years\u201d aloud.",  # a title of a work
        "The city adopted a \u201czero waste\u201d plan last spring.",  # a label before a noun
    ],
)
def test_quotation_marks_that_are_not_quotes(real_nlp, make_article, text):
    assert [q for q in quotes_of(real_nlp, make_article, text) if q.kind == "direct"] == []
