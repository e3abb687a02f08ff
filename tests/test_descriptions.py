"""Tests for search.descriptions: who "the company", "the source" or "the 28-year-old"
stands for, read through extraction (the description stays the mention)."""

from __future__ import annotations

from extract_helpers import mention, quotes_in


def who(text: str) -> list[tuple[str, str | None]]:
    """Each quote's speaker and the words of the text that name it."""
    return [(q.speaker, mention(q, text)) for q in quotes_in(text)]


def test_the_company_is_the_organisation_the_sentence_before_calls_it():
    text = (
        "MILLBROOK — Halvorsen Textiles will close its weaving mill by September, the "
        "company announced Thursday.\n\n"
        "“This was the hardest decision in our history,” the company said.\n"
    )
    assert who(text) == [("Halvorsen Textiles", "the company")]


def test_a_person_is_not_the_company():
    text = (
        "Maria Lopez founded the bakery chain in 2009 and sold her stake last year.\n\n"
        "“We are growing faster than ever,” the company said.\n"
    )
    assert who(text) == [("the company", "the company")]


def test_the_department_is_the_name_that_carries_the_noun():
    text = (
        "The state Department of Labor said it would send a team next week. “Our "
        "priority is the workers,” the department said.\n"
    )
    assert who(text) == [("Department of Labor", "the department")]


def test_a_body_the_text_does_not_name_stays_as_it_is():
    text = (
        "One of them, UnitedHealth Group, has threatened to leave.\n\n"
        "This week, the trade group for the insurers spelled out its concerns. “The risk "
        "pool is out of balance,” the group wrote.\n"
    )
    assert who(text) == [("the group", "the group")]


def test_an_acronym_is_spelled_out_where_the_text_defines_it():
    text = (
        "Governor Eduardo Villaruz of Bangko Sentral ng Pilipinas (BSP) spoke on Monday.\n\n"
        "The BSP does not comment on its market operations.\n\n"
        "“We remain in the market to ensure orderly conditions,” the central bank said.\n"
    )
    assert who(text)[-1] == ("Bangko Sentral ng Pilipinas", "the central bank")


def test_the_statement_speaks_for_whoever_issued_it():
    text = (
        "Kivuli Blooms said in a statement that talks with workers were underway.\n\n"
        "“The health of our workers is our highest priority,” the statement said.\n"
    )
    assert who(text) == [("Kivuli Blooms", "the statement")]


def test_a_statement_only_referred_to_has_no_issuer_there():
    text = (
        "According to the statement, Kelly met with Trump to discuss a special.\n\n"
        "“The results of that meeting will be revealed tonight,” the statement read.\n"
    )
    assert who(text) == [("the statement", "the statement")]


def test_the_source_is_the_source_introduced_before():
    text = (
        "A source told The Sun: “Kayleigh was in bits.”\n\n"
        "“She feels totally betrayed,” the source added.\n"
    )
    assert [s for s, _ in who(text)] == ["a source", "a source"]


def test_the_official_keeps_the_words_that_introduced_him():
    text = (
        "A senior official at the state agency said regulators had relied on the "
        "utility's figures.\n\n"
        "“We take inventories at face value,” the official said.\n"
    )
    assert who(text) == [("a senior official at the state agency", "the official")]


def test_the_28_year_old_is_the_person_given_that_age():
    text = (
        "Captain Kofi Adjei-Barnes, 28, scored one and made another.\n\n"
        "Manager Tom Hale praised the defence.\n\n"
        "“There wasn't any shouting,” the 28-year-old said.\n"
    )
    assert who(text) == [("Kofi Adjei-Barnes", "the 28-year-old")]


def test_the_28_year_old_is_else_the_person_the_sentence_before_is_about():
    text = (
        "Captain Kofi Adjei-Barnes scored one and made another.\n\n"
        "Adjei-Barnes, who has scored nine goals this season, said the room was quiet.\n\n"
        "“There wasn't any shouting,” the 28-year-old said.\n"
    )
    assert who(text) == [("Kofi Adjei-Barnes", "the 28-year-old")]


def test_a_photo_credit_is_no_one_the_text_is_about():
    text = (
        "Comedian Peter Serafinowicz posted the clip to YouTube on Thursday and it spread.\n\n"
        "Neilson Barnard via Getty Images.\n\n"
        "“What if he had elocution lessons?” the 43-year-old asked.\n"
    )
    assert who(text) == [("Peter Serafinowicz", "the 43-year-old")]


def test_a_one_word_company_is_the_company_when_it_is_called_it():
    text = (
        "In a press release, Brightwater said it would open fewer stores next year.\n\n"
        "“We are taking decisive steps,” the company said in the release.\n"
    )
    assert who(text)[-1] == ("Brightwater", "the company")


def test_the_person_keeps_what_the_introduction_says_of_them():
    text = (
        "Brightwater will cut 400 jobs, according to a person familiar with the matter, "
        "who spoke on condition of anonymity.\n\n"
        "“The list has been drawn up for weeks,” the person said.\n"
    )
    assert who(text) == [("a person familiar with the matter", "the person")]


def test_a_statement_from_a_union_local_keeps_its_number():
    text = (
        "The union representing the operators, Crowhaven Transit Workers Union Local 17, "
        "said in a statement that it supported the purchase.\n\n"
        '"New trains are good news," the statement said.\n'
    )
    assert who(text) == [("Crowhaven Transit Workers Union Local 17", "the statement")]


def test_a_user_named_after_the_description_is_that_handle():
    text = (
        "“Mine unlocked itself twice,” wrote a user named nightowl_42.\n\n"
        "“It is the best app I've used,” a user posting as KettlebellKat wrote.\n\n"
        "A reporter for the agency called it “absolute chaos.”\n"
    )
    assert [s for s, _ in who(text)] == [
        "nightowl_42",
        "KettlebellKat",
        "a reporter for the agency",
    ]


def test_a_common_word_or_another_kind_of_body_is_not_the_company():
    text = (
        "Analysts said it was the worst quarter in a decade.\n\n"
        "“We are cutting routes,” the airline said.\n\n"
        "The Federal Trade Commission said it had opened a formal inquiry.\n\n"
        "“We will cooperate fully,” the company said.\n"
    )
    assert [s for s, _ in who(text)] == ["the airline", "the company"]


def test_a_publication_is_no_introduced_description():
    text = (
        "The figures came from an economist at Barclays.\n\n"
        "“Growth is stalling,” The Economist wrote.\n"
    )
    assert who(text)[0][0] != "an economist at Barclays"


def test_a_release_date_or_a_statement_asked_for_is_no_issuing():
    text = (
        "Borealis Studios has not set a release date for the film.\n\n"
        "“The film is finished,” the statement said.\n"
    )
    assert who(text) == [("the statement", "the statement")]


def test_an_age_given_after_the_quote_is_not_the_speaker():
    text = (
        "Kofi Mensah scored twice on Saturday in the win at home.\n\n"
        "“We kept going,” the 24-year-old said.\n\n"
        "Fan Dana Whitfield, 24, watched from the stand.\n"
    )
    assert who(text)[0][0] == "Kofi Mensah"


def test_a_clause_after_the_introduction_is_not_part_of_it():
    text = (
        "Nobody stood down, said a second officer at the base that evening, who asked "
        "not to be named.\n\n"
        "“We were ready,” the officer said.\n"
    )
    assert who(text)[-1] == ("a second officer", "the officer")


def test_a_union_local_named_as_speaker_keeps_its_number():
    text = '"Trains are old," said Crowhaven Transit Workers Union Local 17.\n'
    assert who(text) == [
        ("Crowhaven Transit Workers Union Local 17", "Crowhaven Transit Workers Union Local 17")
    ]
