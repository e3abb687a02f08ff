"""Tests for search.attribution: the cue next to a quote and who it names."""

from __future__ import annotations

import pytest

from search.attribution import (
    attribution_after,
    attribution_before,
    attribution_leading_in,
    colon_subject,
    find_cues,
    sentence_subject,
)


def after(text: str):
    """The attribution in the text after the (first) closing mark of ``text``."""
    close = text.index("”")
    return attribution_after(text, close + 1, len(text))


def before(text: str):
    """The attribution in the text before the (last) opening mark of ``text``."""
    return attribution_before(text, 0, text.rindex("“"))


def who(attribution) -> tuple[str, str, str]:
    """(mention words, mention kind, cue) of an attribution."""
    return attribution.mention.text, attribution.mention.kind, attribution.cue


def test_find_cues_reads_speech_verbs_and_multiword_cues():
    text = "Anna Berg says so, according to friends, and Tom added nothing."
    assert [c.group() for c in find_cues(text, 0, len(text))] == ["says", "according to", "added"]


def test_a_capitalised_cue_word_inside_a_sentence_is_a_name():
    text = "The farmers met Will Price and Tom Post, who says little."
    assert [c.group() for c in find_cues(text, 0, len(text))] == ["says"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Beans,” Anna Berg says.", ("Anna Berg", "name", "says")),
        ("“Beans,” said Anna Berg.", ("Anna Berg", "name", "said")),
        ("“Beans.” Anna Berg laughs.", ("Anna Berg", "name", "laughs")),
        ("“Beans.” Tom Fielding quips.", ("Tom Fielding", "name", "quips")),
        ("“Beans,” she muses.", ("she", "pronoun", "muses")),
        ("“Beans,” a city spokesman said on Monday.", ("a city spokesman", "description", "said")),
        ("“Beans!” beamed Anna Berg of Madison.", ("Anna Berg", "name", "beamed")),
        ("“Beans,” Tom Fielding chuckled.", ("Tom Fielding", "name", "chuckled")),
        ("“Beans,” echoed Anna Berg.", ("Anna Berg", "name", "echoed")),
        ("“Beans,” Tom Fielding fretted.", ("Tom Fielding", "name", "fretted")),
        ("“Beans,” Anna Berg concurred.", ("Anna Berg", "name", "concurred")),
        (
            "“Beans,” the audience gathered there chanted.",
            ("the audience", "description", "chanted"),
        ),
        ("“Beans,” the retired judge said.", ("the retired judge", "description", "said")),
        # A place's name inside a description is not the speaker.
        ("“Beans,” the New Haven mayor said.", ("the New Haven mayor", "description", "said")),
        ("“Beans,” a New Haven Democrat said.", ("a New Haven Democrat", "description", "said")),
        ("“Beans,” said the mayor.\n", ("the mayor", "description", "said")),
        ("“Beans,” the editorial read.", ("the editorial", "description", "read")),
        # a verb before a participle is the cue ("report said" has a noun before it)
        ("“Beans,” she told cheering growers.", ("she", "pronoun", "told")),
        ("“Beans,” Anna Berg reiterated.", ("Anna Berg", "name", "reiterated")),
        ("“Beans,” Anna Berg deadpanned.", ("Anna Berg", "name", "deadpanned")),
        ("“Beans,” Tom Fielding bragged.", ("Tom Fielding", "name", "bragged")),
        # an owner is not the speaker
        (
            "“Beans,” said Berg’s campaign manager.",
            ("Berg’s campaign manager", "description", "said"),
        ),
        ("“Beans,” said Berg’s campaign manager Tom Fielding.", ("Tom Fielding", "name", "said")),
        (
            "“Beans,” said Anna Berg’s campaign manager.",
            ("Anna Berg’s campaign manager", "description", "said"),
        ),
        ("“Beans,” Anna Berg averred.", ("Anna Berg", "name", "averred")),
        (
            "“Beans,” according to Jo Roe’s former farm manager Anna L. Berg, the crop was.",
            ("Anna L. Berg", "name", "according to"),
        ),
        # a noun before a participle is not the cue: the participle is
        (
            "“Beans,” a Berg email asking for donations said.",
            ("a Berg email", "description", "asking"),
        ),
        (
            "“Beans,” a farm source, who was not authorized to speak, told the paper.",
            ("a farm source", "description", "told"),
        ),
    ],
)
def test_attribution_after_the_closing_mark(text, expected):
    assert who(after(text)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“Beans,” added her campaign manager Jane Roe.", ("Jane Roe", "name")),
        ("“Beans,” said an Iowa Democrat.", ("an Iowa Democrat", "description")),
        ("“Beans,” said the Berg campaign.", ("the Berg campaign", "description")),
        # the owner of the role is not the speaker
        ("“Beans,” said Berg spokesman Tom Lind.", ("Tom Lind", "name")),
        ("“Beans,” said Vermont delegate Jane Roe, angered.", ("Jane Roe", "name")),
        ("“Beans,” said Farm Watch President Jane Roe.", ("President Jane Roe", "name")),
        ("“Beans,” said a New Hampshire Democrat.", ("a New Hampshire Democrat", "description")),
        (
            "“Beans,” said Anna Berg’s former campaign manager Jane T. Roe, on Monday.",
            ("Jane T. Roe", "name"),
        ),
    ],
)
def test_a_full_name_after_the_words_of_a_role_is_the_speaker(text, expected):
    assert who(after(text))[:2] == expected


@pytest.mark.parametrize(
    "text",
    [
        "“Beans,” said Jane Roe, a professor at Lakeside College, on Monday.",  # inverted
        "“Beans,” Jane Roe, who has farmed here for twenty years, said.",
        # a role named without an article
        "“Beans,” Jane Roe, founder of the Lakeside Growers Union, said.",
        "“Beans,” Jane Roe, co-founder and chair of the union, said.",
        "Jane Roe, senior fellow at Lakeside College, said: “Beans.”",
        # "said in a statement" is one cue, whatever stands before it
        "“Beans,” Jane Roe, a farmer, said in a statement.",
        "“Beans,” Jane Roe, founder of the union, said in a statement.",
        "Jane Roe, a farmer, said in a statement: “Beans.”",
        # a name after a possessive is not the subject
        "“Beans,” Jane Roe, who is chair of Our Growers Union said.",
    ],
)
def test_the_name_is_found_across_an_appositive(text):
    found = after(text) if text.startswith("“") else before(text)
    assert who(found) == ("Jane Roe", "name", "said")


def test_who_after_a_name_and_its_place_refers_to_the_name():
    found = before("It helped rivals such as Sen. Jane Roe of Vermont, who mused that “beans win.”")
    assert who(found) == ("Sen. Jane Roe", "name", "mused")


@pytest.mark.parametrize(
    "text",
    [
        "Then came a message from Jane Roe, who wrote, “Beans win.”",
        "Among the replies was a tweet from Jane Roe who wrote, “Beans win.”",
    ],
)
def test_who_refers_to_the_name_before_it_even_after_a_preposition(text):
    assert who(before(text)) == ("Jane Roe", "name", "wrote")


@pytest.mark.parametrize(
    "text",
    [
        "Jane Roe, in Vermont, said, “Beans win.”",
        "Jane Roe, D-Vt., said, “Beans win.”",
        "Jane Roe, who identifies as Hispanic, said, “Beans win.”",
    ],
)
def test_an_aside_between_the_name_and_the_cue_is_passed_over(text):
    assert who(before(text)) == ("Jane Roe", "name", "said")


def test_the_subject_of_a_who_clause_that_holds_the_cue_is_the_speaker():
    found = before("Tom Lind, who Jane Roe on Monday called “a bean man.”")
    assert who(found) == ("Jane Roe", "name", "called")


def test_a_capitalised_determiner_opens_a_description_not_a_name():
    assert who(before("Another farmer said, “Beans win.”")) == (
        "Another farmer",
        "description",
        "said",
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“No,” Roe said as the heckler yelled: “Beans!”", ("the heckler", "description")),
        ("“No,” Roe said as Tom Lind yelled: “Beans!”", ("Tom Lind", "name")),
        ("As Roe attacked Lind, the farmers chanted, “Beans!”", ("the farmers", "description")),
        ("As Jane Roe, the chair, put it: “Beans!”", ("Jane Roe", "name")),
        (
            "Workers want an end to what their union called “slavery.”",
            ("their union", "description"),
        ),
        ("Pickers want an end to what the union called “slavery.”", ("the union", "description")),
    ],
)
def test_the_subject_of_a_clause_opened_by_as_or_when_is_its_own(text, expected):
    assert who(before(text))[:2] == expected


@pytest.mark.parametrize("noun", ["email", "emails"])
def test_a_noun_after_a_subordinate_subject_is_no_verb(noun):
    found = before(f"The story grew when the private server {noun} surfaced: “No.”")
    assert found is None or found.mention is None or found.mention.text != "the private server"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jane Roe after the vote said: “Beans win.”", "Jane Roe"),
        ("Jane Roe as mayor said: “Beans win.”", "Jane Roe"),
        ("Jane Roe in her first speech as the chairwoman said: “Beans win.”", "Jane Roe"),
        ("As farm leader Jane Roe, the chair, put it: “Beans win.”", "Jane Roe"),
        ("Sen. Jane Roe, D-Vt., on Tuesday said: “Beans win.”", "Sen. Jane Roe"),
    ],
)
def test_a_preposition_or_a_party_tag_after_the_name_leaves_the_name_the_speaker(text, expected):
    assert who(before(text))[0] == expected


def test_who_after_of_and_a_place_is_not_the_place():
    text = "It came in a message from the mayor of Burlington, who wrote: “No wall!”"
    found = attribution_leading_in(text, 0, text.rindex("“"))
    assert found is None or found.mention is None or found.mention.text != "Burlington"


def test_a_name_beside_another_after_an_inverted_cue_is_the_first():
    assert who(after("“Beans,” said Roe alongside Tom Lind."))[0] == "Roe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Secretary of Farms Jane T. Roe said, “Beans win.”", "Jane T. Roe"),
        ("“Beans win,” Secretary of Farms Jane Roe said.", "Jane Roe"),
        ("“Beans win,” said former Director of Farm Safety Jane Roe.", "Jane Roe"),
        ("Speaker of the House Jane Roe said, “Beans win.”", "Jane Roe"),
    ],
)
def test_the_person_after_a_title_with_of_is_the_speaker(text, expected):
    found = after(text) if text.startswith("“") else before(text)
    assert who(found)[:2] == (expected, "name")


@pytest.mark.parametrize(
    "text",
    [
        "“Beans win,” the Secretary of Farms said.",
        "“Beans win,” Jane Roe, founder of the Farm Safety Council, said.",
    ],
)
def test_an_office_alone_or_a_role_of_an_organisation_names_no_person_after_it(text):
    assert after(text).mention.text not in {"Farms", "Farm Safety Council"}


def test_a_role_of_an_organisation_after_a_name_leaves_the_name():
    text = "“Beans win,” Jane Roe, founder of the Farm Safety Council, said."
    assert who(after(text))[0] == "Jane Roe"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Roe supporters chanted, “Beans!”", ("Roe supporters", "description")),
        ("Roe always says, “Beans!”", ("Roe", "name")),
    ],
)
def test_a_name_before_a_plural_noun_qualifies_a_group(text, expected):
    assert who(before(text))[:2] == expected


@pytest.mark.parametrize(
    "opening",
    ["Weighing in on the debate", "Reached by phone", "Early in the day", "Given his record"],
)
def test_a_participle_or_adverb_opening_is_not_the_subject_of_a_participle(opening):
    found = before(f"{opening}, Jane Roe agreed, calling it “a fine bean.”")
    assert who(found) == ("Jane Roe", "name", "calling")


@pytest.mark.parametrize(
    "text",
    [
        "“Beans,” Jane Roe, deputy farm safety advisor, said on a call.",
        "“Beans,” Jane Roe, however, said.",
    ],
)
def test_a_lower_case_role_between_the_name_and_the_cue_is_passed_over(text):
    assert who(after(text)) == ("Jane Roe", "name", "said")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Biden in a speech attacked the bank, calling it “a fraud.”", "Biden"),
        ("Biden on the farm bill: “Beans win.”", "Biden"),
        ("Jane Roe sometimes says, “Beans win.”", "Jane Roe"),
        ("The crowd cheered for Jane Roe, who said: “Beans win.”", "Jane Roe"),
        ("At the ceremony, D-Day veteran Tom Lind said: “Beans win.”", "Tom Lind"),
        ("Former Secretary of Farms Jane Roe said, “Beans win.”", "Jane Roe"),
    ],
)
def test_names_that_look_like_other_words_stay_names(text, expected):
    assert who(attribution_leading_in(text, 0, text.rindex("“")))[0] == expected


def test_a_plural_subject_after_an_opening_phrase_is_no_role():
    found = before("In a meeting with Jane Roe, officials said: “Beans win.”")
    assert found is None or found.mention is None or found.mention.text != "Jane Roe"


def test_who_after_a_place_leaves_the_subject_before_it():
    text = "Protesters at Farm Tower who chanted: “No wall!”"
    found = attribution_leading_in(text, 0, text.rindex("“"))
    assert who(found)[0] == "Protesters"


def test_a_title_stays_in_the_mention():
    found = after("“Beans,” Sen. Tom Fielding said.")
    assert found.mention.text == "Sen. Tom Fielding"


@pytest.mark.parametrize(
    "text",
    [
        "The crowd booed the mayor, who said “beans.”",  # the crowd is not the speaker
        "His biggest gripe: “Beans.”",  # a noun, not a cue
        "The sign on the barn read “Beans.”",  # a sign, not a speaker
    ],
)
def test_no_speaker_before_these_quotes(text):
    found = before(text)
    assert found is None or found.mention is None or found.mention.kind != "description"


def test_no_description_speaker_from_a_clause_before_who():
    text = "“Beans,” the poll has bad news for Berg, who says voters “do not care.”"
    assert after(text) is None


def test_no_attribution_when_another_clause_comes_first():
    assert after("“Beans,” and then the rain stopped and Anna Berg said nothing.") is None


def test_no_attribution_without_a_cue():
    assert after("“Beans” is the title of her second book.") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Anna Berg said, “", ("Anna Berg", "name", "said")),
        ("According to Anna Berg, “", ("Anna Berg", "name", "According to")),
        ("Tom Fielding called it “", ("Tom Fielding", "name", "called")),
        ("Tom Fielding described it as “", ("Tom Fielding", "name", "described")),
        ("The consensus reads: “", ("The consensus", "description", "reads")),
        ("Anna Berg explains she wanted to explore “", ("Anna Berg", "name", "explains")),
        ("Said Anna Berg: “", ("Anna Berg", "name", "Said")),
        (
            "Soon after the attacks, the mayor issued a statement, “",
            ("the mayor", "description", "issued a statement"),
        ),
        ("Anna Berg released a statement: “", ("Anna Berg", "name", "released a statement")),
        ("Anna Berg, on her way to Denver, said: “", ("Anna Berg", "name", "said")),
        ("Anna Berg, a close adviser to Tom Fielding, said: “", ("Anna Berg", "name", "said")),
    ],
)
def test_attribution_before_the_opening_mark(text, expected):
    assert who(before(text)) == expected


@pytest.mark.parametrize(
    "text",
    ["Said Anna Berg, who grew up on the farm, “", "Added Anna Berg, a neighbour, “"],
)
def test_an_inverted_cue_may_have_an_appositive_before_the_quote(text):
    assert who(before(text))[:2] == ("Anna Berg", "name")


def test_an_appositive_after_an_inverted_cue_must_be_all_that_stands_there():
    assert before("Said Anna Berg, who left. Then the farm, “") is None


def test_a_participle_with_no_subject_carries_the_speaker_over():
    found = before("After a long pause, adding, “")
    assert found.cue == "adding" and found.mention is None


def test_the_subject_of_a_participle_is_the_mention():
    assert who(before("Berg pauses before adding, “")) == ("Berg", "name", "adding")


def test_a_pronoun_subject_of_a_participle_is_the_mention():
    assert who(before("She pauses before adding, “")) == ("She", "pronoun", "adding")


@pytest.mark.parametrize(
    "opening", ["Amid the protests", "Citing the report", "Minutes later", "Two days ago"]
)
def test_an_opening_adverbial_is_not_the_subject_of_a_participle(opening):
    text = f"{opening}, she sent a letter to the council, saying, “"
    assert who(before(text)) == ("she", "pronoun", "saying")


def test_a_subject_whose_clause_ends_in_a_time_word_is_still_the_subject():
    text = "Anna Berg wrote to the growers a week earlier, adding, “"
    assert who(before(text)) == ("Anna Berg", "name", "adding")


def test_no_attribution_before_a_quote_far_from_its_cue():
    text = (
        "Anna Berg said that the farm, which her grandmother bought before the war when "
        "land was cheap and the lake was clean, still grows the crop known as “"
    )
    assert before(text) is None


def test_no_attribution_before_a_quote_without_a_cue():
    assert before("The barn was painted red and “") is None


def test_a_noun_that_looks_like_a_cue_stays_in_the_description():
    assert who(after("“Rain by noon,” the weather report said.")) == (
        "the weather report",
        "description",
        "said",
    )


@pytest.mark.parametrize(
    ("lead", "expected"),
    [
        ("Anna Berg then turned to the crowd:", ("Anna Berg", "name", ":")),
        ("After the vote, she addressed her supporters again:", ("she", "pronoun", ":")),
        ("Berg:", ("Berg", "name", ":")),  # a name alone labels the quote
        ("FARMS ARE BACK - Anna Berg:", ("Anna Berg", "name", ":")),  # headline - source
        ("Anna Berg - who seldom talks - spoke up:", ("Anna Berg", "name", ":")),
        (
            "Berg’s first three callers ranged from wary to hostile:",
            ("Berg’s first three callers", "description", ":"),
        ),
        ("Polls got it right—Anna Berg:", ("Anna Berg", "name", ":")),  # an unspaced dash
        ("Anna Berg - who seldom talks - turned to Tom Fielding:", ("Anna Berg", "name", ":")),
        # a role of several words between the names: its holder, not its owner
        ("Berg senior communications adviser Tom Lind wrote:", ("Tom Lind", "name", ":")),
        ("Berg campaign manager Tom Lind wrote:", ("Tom Lind", "name", ":")),
        # a verb that ends like a role: the subject before it
        ("Berg supporters want Tom Lind to say it plainly:", ("Berg", "name", ":")),
    ],
)
def test_a_colon_leads_into_a_quote_from_the_sentence_subject(lead, expected):
    text = lead + " “Beans.”"
    assert who(colon_subject(text, 0, text.rindex("“"))) == expected


@pytest.mark.parametrize(
    "lead",
    [
        "The headline:",
        "Then there was the most obvious change of all:",
        "Anna Berg said so.",
        "The results were stark:",  # a state, not a speaker
        "Consider this line from the speech:",  # an imperative
    ],
)
def test_no_colon_lead_without_a_subject_and_a_colon(lead):
    text = lead + " “Beans.”"
    assert colon_subject(text, 0, text.rindex("“")) is None


def test_a_colon_subject_wins_over_an_earlier_cue_only_when_it_acts():
    fired = "When Anna Berg suggested it, Tom Fielding fired back: “No.”"
    assert who(attribution_leading_in(fired, 0, fired.rindex("“")))[0] == "Tom Fielding"
    state = "As Anna Berg said, Vermont is broken: “No.”"
    assert who(attribution_leading_in(state, 0, state.rindex("“")))[0] == "Anna Berg"


def test_a_group_named_without_an_article_is_not_a_role():
    assert before("After meeting Jane Roe, members of the board said: “Beans.”") is None


def test_who_after_a_group_and_its_place_is_not_the_group():
    found = before("Protesters from Growers United in Lakeside, who chanted that “beans win.”")
    assert found is None or found.mention.text != "Growers United"


def test_a_cue_word_opening_a_line_is_a_cue():
    text = "Berg was not done\nContinued Berg: “Peas.”"
    found = attribution_before(text, text.index("Continued"), text.rindex("“"))
    assert who(found) == ("Berg", "name", "Continued")


def leading_in(text: str):
    """The attribution of the sentence before the (last) opening mark of ``text``."""
    return attribution_leading_in(text, 0, text.rindex("“"))


@pytest.mark.parametrize(
    "lead, expected",
    [
        # a role, a title or a group's name before the person who opens the sentence
        ("Farm Party mayoral candidate Anna Berg took to the radio, saying:", "Anna Berg"),
        ("Former Secretary of Agriculture Tom Fielding took the stage, saying:", "Tom Fielding"),
        ("Growers Union spokesman Will Price wrote on his blog, saying:", "Will Price"),
        ("A Valley Times reporter Jane Roe wrote back, saying:", "Jane Roe"),
        ("County Board Chairman Tom Fielding, D-Ore., sent a message to Berg:", "Tom Fielding"),
        # one role word between them, and a one-word name after a person's role
        ("Council member Tom Fielding voted for it, saying:", "Tom Fielding"),
        ("Band member Flea shared the news last week, writing", "Flea"),
        (
            "Fourteen-year-old Juniper Castellano, an eighth grader, wrote back, saying:",
            "Juniper Castellano",
        ),
    ],
)
def test_a_sentence_opened_by_a_titled_name_is_that_persons(lead, expected):
    # the mention may keep its title ("Chairman Tom Fielding"): speakers.strip_name drops it
    assert who(leading_in(lead + " “Beans.”"))[0].endswith(expected)


@pytest.mark.parametrize(
    "lead",
    [
        "Voters love Senator Anna Berg, saying:",  # a verb, not a role, before the name
        "Since Senator Anna Berg spoke, the farmers chanted:",  # an opening clause
    ],
)
def test_a_titled_name_after_a_verb_or_an_opening_clause_is_not_the_subject(lead):
    assert who(leading_in(lead + " “Beans.”"))[0] != "Senator Anna Berg"


@pytest.mark.parametrize(
    ("lead", "subject"),
    [
        # a past tense that ends like a role ("-ent") between two names is a verb
        ("Tom Lind sent Anna Berg to the rally, saying:", "Tom Lind"),
        ("Mayor Jo Diaz lent Flea her van, saying:", "Mayor Jo Diaz"),
    ],
)
def test_a_verb_between_two_names_is_no_role(lead, subject):
    assert who(leading_in(lead + " “Beans.”"))[0] == subject


def test_from_before_a_full_name_names_a_participles_subject_unless_it_is_a_place():
    assert who(before("It was no different from Anna G. Berg calling it “a mess.”"))[0] == (
        "Anna G. Berg"
    )
    farmer = before("Jo Diaz spoke, with a farmer from North Fork calling it “a mess.”")
    assert farmer is None or farmer.mention.text != "North Fork"


@pytest.mark.parametrize("cue", ["told her", "told the crowd", "said simply"])
def test_who_speaks_for_a_description_even_before_a_colon(cue):
    text = f"Anna Berg met a farmer who {cue}: “Beans are up.”"
    assert who(leading_in(text))[:2] == ("a farmer", "description")


def test_a_name_after_a_cue_and_to_is_the_cues_object_not_an_inverted_subject():
    # "Said Ellis:" is inverted, "a message to Berg:" is not; "a message from Berg:" is hers
    found = before("Chairman Tom Fielding, D-Ore., delivered a message to Anna Berg: “Beans.”")
    assert found is None or found.mention.text != "Anna Berg"
    assert who(before("Then came a message from Anna Berg: “Beans.”"))[0] == "Anna Berg"
    assert who(before("Then came a message from his aide Anna Berg: “Beans.”"))[0] == "Anna Berg"


def test_who_after_a_description_speaks_for_it():
    text = "Berg disowned remarks made by a campaign volunteer who said farmers should “eat less.”"
    assert who(before(text))[:2] == ("a campaign volunteer", "description")


def test_a_colon_subject_wins_over_a_cue_with_an_object_of_its_own():
    text = (
        "Farm reporter Jane Roe wrote back at Berg, noting the irony of it coming from a "
        "grower who promised lower prices: “Beans.”"
    )
    assert who(leading_in(text))[0] == "Jane Roe"


def test_a_title_inside_an_object_opens_no_sentence():
    # a lower-case clause is no subject, though a titled name is in it
    text = "The message, sent to Berg Chief of Staff Will Price and forwarded, called it “vital.”"
    assert before(text) is None  # not "Will Price"
    assert who(before("Berg Chief of Staff Will Price called it “vital.”"))[0] == "Will Price"


@pytest.mark.parametrize(
    ("sentence", "subject"),
    [
        ("Her former bandmate Shay Kilbride, with whom she toured, is blunter.", "Shay Kilbride"),
        (
            "Her vocal coach of fifteen years, Giles Fairbanks, says that is not true.",
            "Giles Fairbanks",
        ),
        ("Her producer, Dan Whitcomb, says so.", "Dan Whitcomb"),
        ("Her hometown, Dayton, is small.", "Her hometown"),  # a place, not a person
        ("Veteran co-star Maureen Tate, 68, spoke out in support.", "Maureen Tate"),
        ("Voters love Senator Warren.", "Voters"),  # a verb, not a role, before the name
    ],
)
def test_a_person_named_after_a_word_for_their_relation_is_the_subject(sentence, subject):
    assert sentence_subject(sentence, 0, len(sentence)).text == subject


def test_a_name_joined_by_and_after_an_article_is_one_organisation():
    text = (
        "Gordon McVitty, regional organiser for the Transport and Logistics Workers' Union, "
        "said members were “safe”"
    )
    assert who(before(text)) == ("Gordon McVitty", "name", "said")


def test_two_names_joined_by_and_still_end_at_the_cue():
    assert who(before("Smith and Jones said “no”"))[0] == "Jones"


def test_a_passive_cue_gives_way_to_the_speech_verb_before_it():
    text = "Stanhope said affected employees would be offered transfers “wherever”"
    assert who(before(text)) == ("Stanhope", "name", "said")
