"""Tests for search.transcripts: question and answer turns in interview transcripts."""

from __future__ import annotations

import pytest

from search.transcripts import find_turns, is_speech


def turns(text: str) -> list[tuple[str, str | None, str, list[str]]]:
    """(role, name, label, [said, ...]) for every turn of ``text``."""
    return [
        (t.role, t.name, text[t.label_start : t.label_end], [text[a:b] for a, b in t.spans])
        for t in find_turns(text)
    ]


def test_parenthesised_question_and_named_answer_labels():
    text = "(Q): How did the winter go?\n(A-Berg): It was hard. Very hard.\n"
    assert turns(text) == [
        ("q", None, "(Q)", ["How did the winter go?"]),
        ("a", "Berg", "(A-Berg)", ["It was hard. Very hard."]),
    ]


def test_answer_label_with_spaces_and_no_colon():
    text = "(Q) And the spring?\n(A - Roe) Better.\n"
    assert [(role, name) for role, name, _, _ in turns(text)] == [("q", None), ("a", "Roe")]


def test_plain_q_and_a_labels():
    text = "Q: How did the winter go?\nA: It was hard.\n"
    assert turns(text) == [
        ("q", None, "Q:", ["How did the winter go?"]),
        ("a", None, "A:", ["It was hard."]),
    ]


def test_lines_after_a_turn_continue_it_until_a_blank_line():
    text = (
        "Q: How did the winter go?\nA: It was hard.\nWe had no heating.\n\nThe farm is fine now.\n"
    )
    answer = turns(text)[1]
    assert answer[3] == ["It was hard.", "We had no heating."]


def test_name_labels_in_mixed_case_or_capitals():
    text = "Tom Fielding: What do you grow?\nANNA BERG: Beans, mostly.\n"
    assert turns(text) == [
        ("name", "Tom Fielding", "Tom Fielding:", ["What do you grow?"]),
        ("name", "ANNA BERG", "ANNA BERG:", ["Beans, mostly."]),
    ]


def test_a_single_name_label_is_not_a_transcript():
    assert turns("Anna Berg: a life in beans\n\nShe has farmed here for years.\n") == []


def test_boilerplate_labels_are_not_speakers():
    text = "Note: this story was corrected.\nUpdate: the market reopened.\nPhoto: Tom.\n"
    assert turns(text) == []


def test_news_kickers_and_credit_lines_are_not_speakers():
    text = (
        "BREAKING: the market reopened.\nExclusive: beans are back.\nContributing: Tom Fielding.\n"
    )
    assert turns(text) == []


def test_an_ordinary_article_has_no_turns():
    text = "Anna Berg said: “Beans need patience.”\n\nThe market opens at dawn.\n"
    assert turns(text) == []


def test_a_label_with_nothing_after_it_is_not_a_turn():
    assert turns("Q:\nA: \nQ: Why beans?\nA: They are easy.\n") == [
        ("q", None, "Q:", ["Why beans?"]),
        ("a", None, "A:", ["They are easy."]),
    ]


def test_a_tally_under_name_labels_is_data_not_turns():
    text = "Delegates so far:\nAnna Berg: 1,769.\nTom Fielding: 1,501.\nTotal: 3,270.\n"
    assert turns(text) == []


def test_a_roster_of_names_is_not_a_turn_but_ends_the_one_before():
    text = (
        "ANNA BERG: We met the growers, and they all came.\n"
        "Growers: Tom Fielding, Jo Diaz, Ed van Dam, Li Wei and Sara Holt.\n"
        "TOM FIELDING: I was one of them.\n"
    )
    assert [(name, said) for _, name, _, said in turns(text)] == [
        ("ANNA BERG", ["We met the growers, and they all came."]),
        ("TOM FIELDING", ["I was one of them."]),
    ]


def test_short_answers_and_lists_in_speech_are_still_turns():
    text = (
        "ANNA BERG: Yes.\n"
        "TOM FIELDING: Beans, peas, leeks, kale: we grow them all.\n"
        "ANNA BERG: No, Tom, Never.\n"
    )
    assert len(turns(text)) == 3


def test_is_speech_tells_words_from_numbers_and_rosters():
    assert is_speech("It was hard.")
    assert not is_speech("1,769.")
    assert not is_speech("Tim Berg, Jo Diaz, Ed Lund, Ana Roe and Li Wei")
    assert is_speech("Tim, Jo, Ed and Ana all said no")
    assert not is_speech("Berg 1,204, Roe 998.")  # a tally of names and numbers
    assert not is_speech("Berg 51% (1,204), Roe 49%.")
    assert is_speech("Berg won by 206 votes.")
    assert is_speech("‘It Is Not A Radical Idea’ To Ask For A $15 Wage.")  # a headline
    assert not is_speech("Caspian Noor (CN)", "Interviewer")
    assert not is_speech("What Actors Really Keep From Set")  # a headline
    # an all-caps transcript, a day: speech
    assert is_speech("WE ARE LIVE FROM THE BORDER TONIGHT", "ANDERSON")
    assert is_speech("Sunday.") and is_speech("March")
    assert not is_speech("Tue Mar 02, 2021 6:15 pm")  # "Joined: …" in a forum post
    assert not is_speech("Oscars 2025 predictions • Box office • Every Marvel movie")
    assert is_speech("May I ask a question?")
    assert is_speech("Yes.") and is_speech("No") and is_speech("Thank You All.")


def test_a_long_line_of_names_and_numbers_that_is_no_tally_is_read_at_once():
    # the tally pattern has one way to match each part: no backtracking blow-up
    line = ", ".join(f"Berg{n} 1,204" for n in range(60)) + ", with all precincts in."
    assert is_speech(line)


def test_a_dateline_and_a_tally_make_no_transcript():
    text = "Vote results\n\nResults: Berg 1,204, Roe 998.\n\nLAKESIDE: The council met.\n"
    assert turns(text) == []


def test_a_time_stamp_before_a_label_is_kept_as_the_turns_time():
    text = (
        "[00:00:14] NADIA KOVAC: Good to have you here.\n"
        "\n"
        "[00:01:05] ILUNGA: Thank you, Nadia.\n"
        "\n"
        "(1:02:03) Q: And then?\n"
    )
    found = find_turns(text)
    assert turns(text) == [
        ("name", "NADIA KOVAC", "NADIA KOVAC:", ["Good to have you here."]),
        ("name", "ILUNGA", "ILUNGA:", ["Thank you, Nadia."]),
        ("q", None, "Q:", ["And then?"]),
    ]
    assert [t.at for t in found] == ["0:14", "1:05", "1:02:03"]


def test_a_note_after_a_label_names_the_caller():
    text = (
        "HOST: We have a caller.\n"
        "\n"
        "CALLER (MAUREEN, DULUTH): I loved the book.\n"
        "\n"
        "ILUNGA (laughing): Thank you.\n"
    )
    assert [(name, label) for _, name, label, _ in turns(text)] == [
        ("HOST", "HOST:"),
        ("MAUREEN", "CALLER (MAUREEN, DULUTH):"),
        ("ILUNGA", "ILUNGA (laughing):"),
    ]
    text = "HOST: Go ahead.\n\nGUEST (NASDAQ: ACME): Thanks.\n\nHOST: Sure.\n"
    assert turns(text)[1][:3] == ("name", "GUEST", "GUEST (NASDAQ: ACME):")


@pytest.mark.parametrize(
    "direction",
    ["[Laughter.]", "[SOUNDBITE OF MUSIC]", "(END VIDEO CLIP)", "[clears throat]", "(Applause.)"],
)
def test_the_words_of_a_direction_ending_a_turn_are_known(direction):
    text = f"Q: Is that true?\n\nA: He exaggerates. {direction}\n"
    assert turns(text)[1][3] == ["He exaggerates."]
    assert turns("Q: And?\n\nA: He said so [laughs)\n")[1][3] == ["He said so [laughs)"]


def test_a_stage_direction_opening_or_ending_a_turn_is_not_said():
    text = "Q: Is that true?\n\nA: [laughs] He exaggerates. [PAUSE] A bit. (LAUGHTER)\n"
    assert turns(text)[1][3] == ["He exaggerates. [PAUSE] A bit."]
    for said in ("I voted for the farm bill (the one from May)", "I called the WHO (WHO)"):
        assert turns(f"Q: Which bill?\n\nA: {said}\n")[1][3] == [said]
    said = "We talked [about the bill]"
    assert turns(f"Q: And?\n\nA: {said}\n")[1][3] == [said]


def test_a_first_person_paragraph_between_two_turns_goes_on_with_the_answer():
    text = (
        "Q: Why a church hall?\n"
        "\n"
        "A: Partly because it was cheap.\n"
        "\n"
        "The piano was out of tune, so I wrote around it.\n"
        "\n"
        "Q: And the next record?\n"
        "\n"
        "A: Sleep first.\n"
        "\n"
        "The record is out now on Copper Kettle Records, and the tour starts in May.\n"
        "\n"
        "Q: Anything else?\n"
        "\n"
        "A: No.\n"
        "\n"
        "My thanks to the band for their time.\n"
    )
    answers = [said for role, _, _, said in turns(text) if role == "a"]
    # a third-person paragraph is narrative, even with "US" in it
    us = "The US economy grew in the summer of that year, then it fell.\n\nQ: Why?\n"
    assert turns("Q: When?\n\nA: In May.\n\n" + us + "\nA: Rates.\n")[1][3] == ["In May."]
    assert answers == [
        ["Partly because it was cheap.", "The piano was out of tune, so I wrote around it."],
        ["Sleep first."],  # narrative, in the third person
        ["No."],  # after the last turn: the writer's words
    ]


@pytest.mark.parametrize(
    "between",
    [
        "“We left for the coast the next morning,” she says, and I believe her.",  # a writer's
        "QYou and I both know it was more than that, don't we all agree.",  # a lost Q label
        "[Photo: I stand by the piano in the church hall we rented.]",  # a caption
        "Was it the hall I rented, or the piano we borrowed from my aunt?",  # a question
    ],
)
def test_a_paragraph_between_turns_that_is_no_answer_stays_out(between):
    text = f"Q: Why?\n\nA: It was cheap.\n\n{between}\n\nQ: And then?\n\nA: We left.\n"
    assert turns(text)[1][3] == ["It was cheap."]


def test_markdown_bold_labels():
    text = "**Q:** How did the winter go?\n\n**Anna Berg:** Hard. Very hard.\n\n**Tom:** Why?\n"
    assert [(role, name, said) for role, name, _, said in turns(text)] == [
        ("q", None, ["How did the winter go?"]),
        ("name", "Anna Berg", ["Hard. Very hard."]),
        ("name", "Tom", ["Why?"]),
    ]


def test_q_and_a_with_full_stops_in_a_document_of_such_questions():
    text = (
        "     Q.   Where were you that night?\n\n     A.   At home.\n\n"
        "     Q.   Alone?\n\n     A.   With my sister.\n"
    )
    assert [(role, said) for role, _, _, said in turns(text)] == [
        ("q", ["Where were you that night?"]),
        ("a", ["At home."]),
        ("q", ["Alone?"]),
        ("a", ["With my sister."]),
    ]
    # one line starting "A. " is a name's initial, not a label
    assert turns("A. Philip Randolph spoke first.\n\nHe was brief.\n") == []


def test_an_answer_without_a_label_after_a_question():
    text = (
        "Q. Coach, was that by design?\n\nNecessity, mostly. (Laughter.) They did.\n\n"
        "Q. Does this one feel different?\n\nIt feels like relief.\n\n(Laughter.)\n"
    )
    assert [(role, name, said) for role, name, _, said in turns(text)] == [
        ("q", None, ["Coach, was that by design?"]),
        ("a", None, ["Necessity, mostly. (Laughter.) They did."]),
        ("q", None, ["Does this one feel different?"]),
        ("a", None, ["It feels like relief."]),
    ]


def test_labels_alone_on_their_line_with_time_stamps():
    text = (
        "Speaker 1 (00:00:03):\nWelcome back. Kwame, welcome.\n\n"
        "Speaker 2 (00:00:14):\n[laughs] Thanks, Bea. I ignored three emails.\n\n"
        "[End of transcript]\n"
    )
    found = find_turns(text)
    assert [(t.name, t.at) for t in found] == [("Speaker 1", "0:03"), ("Speaker 2", "0:14")]
    assert [text[a:b] for a, b in found[1].spans] == ["Thanks, Bea. I ignored three emails."]


def test_earnings_call_headers_and_the_operator():
    text = (
        "Prepared Remarks:\n\nOperator\n\nWelcome to the call.\n\n"
        "Tobias Renwick -- Chief Executive Officer\n\nThanks. A hard quarter.\n\n"
        "Revenue grew 4%.\n\n"
        "Solveig Marchbanks -- Chief Financial Officer\n\nMargins fell.\n\n"
        "Call participants:\n\nTobias Renwick -- Chief Executive Officer\n"
    )
    assert [(name, said) for _, name, _, said in turns(text)] == [
        ("Operator", ["Welcome to the call."]),
        ("Tobias Renwick", ["Thanks. A hard quarter.", "Revenue grew 4%."]),
        ("Solveig Marchbanks", ["Margins fell."]),
    ]


def test_one_label_alone_on_its_line_is_a_heading():
    text = "Contents:\n\nWhat we found in the archive.\n\nThe archive was large.\n"
    assert turns(text) == []


def test_a_dialogue_of_dashes_with_narration_set_off_inside_a_turn():
    text = (
        "— You started at eleven. Was that normal?\n\n"
        "— Normal? It was the law of the house.\n\n"
        "— How do you feel about the closures?\n\n"
        "— Sad is not the right word — he says, and stops to think — sad is for things "
        "you cannot change.\n\n"
        "Later, we visit the office.\n\n"
        "— Will you ever stop?\n\n"
        "— When the furnace stops.\n"
    )
    assert [(role, said) for role, _, _, said in turns(text)] == [
        ("q", ["You started at eleven. Was that normal?"]),
        ("a", ["Normal? It was the law of the house."]),
        ("q", ["How do you feel about the closures?"]),
        ("a", ["Sad is not the right word", "sad is for things you cannot change."]),
        ("q", ["Will you ever stop?"]),
        ("a", ["When the furnace stops."]),
    ]


def test_a_list_of_dashed_items_is_no_dialogue():
    text = (
        "The winners:\n\n– Carol Lee of the Journal.\n\n– Matt Viser of the Globe.\n\n"
        "– Norah O'Donnell of CBS News.\n\n– Terrence McCoy of The Post.\n"
    )
    assert turns(text) == []


def test_tv_transcript_labels_with_a_role_in_capitals():
    text = (
        "RENATA OKONKWO-HALE, MNN ANCHOR: Good evening.\n\n"
        "BRODY STAVROS, MNN CORRESPONDENT (voice-over): Front Street was a canal.\n\n"
        "GERAINT HOLLOWAY-BAKR, MAYOR OF CALDER FORD: The levee is holding.\n"
    )
    assert [(name, said) for _, name, _, said in turns(text)] == [
        ("RENATA OKONKWO-HALE", ["Good evening."]),
        ("BRODY STAVROS", ["Front Street was a canal."]),
        ("GERAINT HOLLOWAY-BAKR", ["The levee is holding."]),
    ]
    # a description in lower case after a name is prose: "Tom Berg, a farmer: …"
    assert turns("Tom Berg, a farmer: beans.\nAnna Roe, a baker: bread.\n") == []


def test_a_live_blogs_times_are_no_labels():
    text = (
        "14:32 GMT\nBridge closed as river tops record\n\n"
        "14:10 GMT\nRest centres open\n\n13:55 GMT\nMet Office extends warning\n"
    )
    assert turns(text) == []


@pytest.mark.parametrize(
    "text",
    [
        # a heading used twice is no conversation
        "Background:\nThe council met.\n\nBackground:\nThe vote was close.\n",
        # steps, days and scores are no numbered speakers
        "Step 1: Mix the flour and the water.\nStep 2: Leave it overnight.\n",
        "Day 1: We arrived late.\n\nDay 2: We climbed the hill.\n",
        "Arsenal 2 – 1 Chelsea\n\nThe home side won.\n\nLeeds 0 – 3 Hull\n\nHull won.\n",
        # datelines are no name and role
        "PARIS, FRANCE: Protests spread.\n\nBERLIN, GERMANY: Talks stalled.\n",
    ],
)
def test_ordinary_articles_make_no_turns(text):
    assert turns(text) == []


def test_one_q_line_makes_no_q_and_a_labels():
    text = "Q. What now?\n\nA. Philip Randolph spoke first.\n\nHe was brief.\n"
    assert turns(text) == []


def test_a_dash_aside_without_a_speech_verb_stays_in_the_turn():
    text = (
        "— Was it hard?\n\n— It was the law — the old law — of the house.\n\n"
        "— And now?\n\n— Now it is mine.\n\n— And later?\n\n— Later, Chiara's.\n"
    )
    assert turns(text)[1][3] == ["It was the law — the old law — of the house."]


def test_what_follows_a_question_is_no_answer_when_it_is_a_heading_or_a_question():
    text = (
        "Q. Coach, a word?\n\nHEAD COACH ROSALIE TRAN-MACKENZIE\n\n"
        "Q. And the game?\n\nWas it hard?\n\nQ. Anything else?\n\nNo.\n"
    )
    assert [role for role, _, _, _ in turns(text)] == ["q", "q", "q"]


BOLD_INTERVIEW = (
    "“The sea is the villain”: Mara Quell on The Salt Orchard\n\n"
    "Zsófi Halloran stars. Mara Quell spent six years on the film.\n\n"
    "**Where did the title come from?**\n\n"
    "It was my grandmother's phrase.\n\n"
    "I heard it from her every summer when we went to the coast.\n\n"
    "**Was the estuary a character from the start?**\n\n"
    "Completely. I wanted the sea to be the villain.\n\n"
    "*What's next?*\n\n"
    "A comedy, if you can believe it. I shouldn't say more.\n"
)


def test_a_sentence_in_bold_among_bold_questions_prompts_an_answer_too():
    text = BOLD_INTERVIEW + (
        "\n**A lot of people took it personally.**\n\n"
        "I know. I've gotten letters, and I have read every one.\n\n"
        "**And after that?**\n\n"
        "I will rest, I think, for a long while.\n\n"
        "**The Early Years**\n\n"
        "She grew up by the sea.\n\n"
        "**This interview has been edited for length and clarity.**\n"
    )
    turns = find_turns(text)
    asked = [text[slice(*t.spans[0])] for t in turns if t.role == "q"]
    answers = [text[slice(*t.spans[0])] for t in turns if t.role == "answer"]
    assert "A lot of people took it personally." in asked
    assert "I know. I've gotten letters, and I have read every one." in answers
    assert "The Early Years" not in asked  # a heading in bold asks nothing
    # nor does an editor's note after the last question
    assert "This interview has been edited for length and clarity." not in asked


def test_questions_in_bold_are_asked_and_the_paragraphs_after_are_answers():
    turns = find_turns(BOLD_INTERVIEW)
    asked = [BOLD_INTERVIEW[slice(*t.spans[0])] for t in turns if t.role == "q"]
    assert asked[0] == "Where did the title come from?"
    assert len(asked) == 3
    answers = [t for t in turns if t.role == "answer"]
    assert [len(t.spans) for t in answers] == [2, 1, 1]


def test_two_bold_questions_make_no_interview():
    text = BOLD_INTERVIEW.replace("*What's next?*", "What's next.")
    assert not [t for t in find_turns(text) if t.role in ("q", "answer")]


def test_an_faq_in_bold_has_no_answers():
    text = (
        "**How do I apply?**\n\nFill in the form online before the deadline.\n\n"
        "**Can I bring a dog?**\n\nDogs on leads are welcome in the gardens.\n\n"
        "**Is there parking?**\n\nThere is a car park behind the station.\n"
    )
    assert not [t for t in find_turns(text) if t.role == "answer"]


RADIO = (
    "INÉS ARROYO, HOST:\n\nThe hospital delivered its last baby in January.\n\n"
    "PALOMA REYES, BYLINE:\n\nThe birthing suite still looks ready for a patient.\n\n"
    "GLENDA SOWERBY:\n\nWe had a little party on the last day.\n\n"
    "REYES:\n\nSowerby worked in this unit for 22 years.\n\n"
    "WARREN TALBOT-KING:\n\nWe lose money on every baby we deliver.\n\n"
    "REYES:\n\nThe crowd did not take it quietly.\n\n"
    "ARROYO:\n\nThat was Paloma Reyes.\n\n"
    "SOWERBY:\n\nYour hands forget.\n\n"
    "ARROYO:\n\nAnd now the weather.\n"
)


def test_a_name_heading_one_turn_is_a_label_once_others_head_two():
    names = [t.name for t in find_turns(RADIO)]
    assert "GLENDA SOWERBY" in names and "WARREN TALBOT-KING" in names


def test_a_reporters_turns_are_narration():
    roles = {(t.name, t.role) for t in find_turns(RADIO)}
    assert ("PALOMA REYES", "narrator") in roles and ("REYES", "narrator") in roles
    assert ("SOWERBY", "name") in roles


RECORD = (
    "Present: Senators Ashworth, Dekker, Holloway, Oduya.\n\n"
    "    The CHAIRMAN. Good morning. The Committee will come to order.\n\n"
    "    Senator DEKKER. Thank you, Mr. Chairman, for calling this hearing.\n\n"
    "    Ms. PRADHAN. Thank you for having me.\n\n"
    "    Senator DEKKER. How many cars remain in service?\n"
)


def test_congressional_record_labels_share_their_line_with_the_words():
    turns = [(t.name, RECORD[slice(*t.spans[0])]) for t in find_turns(RECORD)]
    assert ("The CHAIRMAN", "Good morning. The Committee will come to order.") in turns
    assert ("Ms. PRADHAN", "Thank you for having me.") in turns


HEARING = (
    "            OPENING STATEMENT OF HON. ROLAND ASHWORTH, U.S. SENATOR\n\n"
    "    The CHAIRMAN. Good morning. The Committee will come to order.\n\n"
    "    The cars that ruptured were legacy tank cars. Today I want to understand why.\n\n"
    "    I now turn to the Ranking Member, Senator Dekker, for his statement.\n\n"
    "             STATEMENT OF HON. PAUL DEKKER, U.S. SENATOR\n\n"
    "    Senator DEKKER. Thank you, Mr. Chairman, for calling this hearing.\n\n"
    "    Ms. PRADHAN. Thank you for having me.\n"
)


def test_a_statement_goes_on_over_its_paragraphs_up_to_the_next_heading():
    chair = find_turns(HEARING)[0]
    said = [HEARING[a:b] for a, b in chair.spans]
    assert said[0] == "Good morning. The Committee will come to order."
    assert said[-1] == "I now turn to the Ranking Member, Senator Dekker, for his statement."
    assert len(said) == 3


def test_two_record_labels_make_no_record():
    text = "    Mr. SMITH. Hello there.\n\n    Ms. JONES. Good morning to you.\n"
    assert find_turns(text) == []


def test_a_roster_between_semicolons_or_with_notes_is_no_speech():
    assert not is_speech("City Manager Howard Lisk; City Attorney Beatrix Nunley; Clerk Ana Roe.")
    assert not is_speech("Senators Ashworth [presiding], Dekker, Holloway, and Oduya.")
    assert is_speech("We lose money, every day, on every baby, and every mother.")


def test_a_list_label_heads_names_even_a_few_ending_a_sentence():
    assert not is_speech("Dr Okonkwo-Hale, Professor Tregarthen and Shona Baird.", "Witnesses")
    assert not is_speech("Senators Ashworth [presiding], Dekker,", "Present")
    # the same words under a speaker's label are what they said
    assert is_speech("Dr Okonkwo-Hale, Professor Tregarthen and Shona Baird.", "Chair")
    # and a list label over a sentence is a turn after all
    assert is_speech("I was there the night it happened.", "Witnesses")


def test_an_anchor_and_a_correspondent_over_their_report_narrate():
    text = (
        "CORINNE ABERNATHY, HOST: Good evening. Our correspondent has been there all day.\n\n"
        "DEVIN SAKURADA, MNN CORRESPONDENT (voice-over): The water came fast.\n\n"
        "MARGARET ELLISON, RESIDENT: I heard it before I saw it.\n\n"
        "SAKURADA (on camera): Repairs never started.\n\n"
        "ABERNATHY: Joining me now is a hydrologist.\n\n"
        "FELIX ARRIAGA, HYDROLOGIST: Nobody listened.\n"
    )
    roles = {(t.name, t.role) for t in find_turns(text)}
    assert ("CORINNE ABERNATHY", "narrator") in roles and ("ABERNATHY", "narrator") in roles
    assert ("DEVIN SAKURADA", "narrator") in roles and ("SAKURADA", "narrator") in roles
    assert ("MARGARET ELLISON", "name") in roles and ("FELIX ARRIAGA", "name") in roles


def test_hosts_who_open_a_show_narrate():
    text = (
        "MEL: Good morning, you're listening to The Weekend Plate, I'm Mel—\n\n"
        "JONNO: —and I'm Jonno, and I have been up since six.\n\n"
        "MEL: Please welcome Ayo Brightwater.\n\n"
        "AYO: Thank you! It's very early for a chef, I'll be honest with you. Normally at "
        "this time I'm asleep with my shoes still on, dreaming about the jollof.\n\n"
        "JONNO: So what's cooking?\n"
    )
    roles = {(t.name, t.role) for t in find_turns(text)}
    assert roles == {("MEL", "narrator"), ("JONNO", "narrator"), ("AYO", "name")}


def test_an_interviewee_introducing_themself_second_is_no_host():
    text = (
        "ANNA BERG: Tell us who you are.\n\n"
        "TOM LUND: I'm Tom Lund, and I run the bakery on Dock Street.\n\n"
        "ANNA BERG: And business?\n\n"
        "TOM LUND: Slow, but we're still here.\n"
    )
    assert {t.role for t in find_turns(text)} == {"name"}


def test_a_storyteller_who_introduces_themself_first_is_no_host():
    long = " and then we walked to the fields every morning before the sun came up" * 3
    text = (
        f"MARIA LOPEZ: I'm Maria Lopez, I'm 67 years old{long}.\n\n"
        "SOFIA LOPEZ: What was it like?\n\n"
        f"MARIA LOPEZ: Hard work{long}.\n\n"
        "SOFIA LOPEZ: Did you miss it?\n"
    )
    assert ("MARIA LOPEZ", "name") in {(t.name, t.role) for t in find_turns(text)}


def test_the_host_of_another_show_is_a_guest_here():
    text = (
        "ANA COLE: Today we talk about radio with a man who has made a career of it.\n\n"
        "IRA GLASS, HOST, THIS AMERICAN LIFE: I think radio will outlive all of us.\n\n"
        "ANA COLE: And podcasts?\n\n"
        "GLASS: Podcasts are radio. I have said that for twenty years.\n"
    )
    assert ("IRA GLASS", "name") in {(t.name, t.role) for t in find_turns(text)}


def test_a_page_after_the_last_turn_is_no_part_of_it():
    text = (
        "JO ROE: Where were you when the river rose?\n\n"
        "RUTH BELL: On the roof. It emptied the town. I lost everything I had.\n\n"
        "I drove out to see the river myself the next week, and I met the mayor there.\n\n"
        "RELATED COVERAGE\n"
    )
    bell = [t for t in find_turns(text) if t.name == "RUTH BELL"][0]
    assert len(bell.spans) == 1


def test_a_host_is_told_from_a_guest_who_shares_her_surname():
    long = " and every one of those years the slugs have won the first round" * 2
    text = (
        "MARY LEE: Welcome to Garden Hour. I'm Mary Lee, here with John Lee.\n\n"
        "JOHN LEE: Good to be here, I have been in the garden all week.\n\n"
        f"ADA OKAFOR: Thank you both. I have grown vegetables for thirty years{long}.\n\n"
        "MARY LEE: What do you do about them?\n\n"
        f"ADA OKAFOR: Copper tape and beer traps{long}.\n\n"
        "JOHN LEE: I lost all my lettuces to them in May.\n"
    )
    roles = {(t.name, t.role) for t in find_turns(text)}
    assert ("MARY LEE", "narrator") in roles and ("JOHN LEE", "name") in roles


def test_a_paragraph_naming_the_speaker_is_the_writers_not_theirs():
    text = (
        "JO ROE: When did you start painting?\n\n"
        "DANA WHITLOCK: When I was nine. My aunt gave me a box of paints.\n\n"
        "I met Whitlock again a week later at her studio, and I left with paint on me.\n\n"
        "ON LEAVING HOME\n\n"
        "JO ROE: Why did you leave?\n"
    )
    whitlock = [t for t in find_turns(text) if t.name == "DANA WHITLOCK"][0]
    assert len(whitlock.spans) == 1


def test_a_correspondent_answering_the_anchor_live_is_a_speaker():
    text = (
        "ANNA BERG, ANCHOR: What are you hearing there?\n\n"
        "TOM FIELD, CORRESPONDENT: The talks have stalled, officials tell me.\n\n"
        "BERG: Thank you, Tom.\n"
    )
    roles = {(t.name, t.role) for t in find_turns(text)}
    assert ("TOM FIELD", "name") in roles and ("BERG", "narrator") in roles


def test_an_answer_may_open_with_a_stage_direction_and_a_dash_question_is_asked_too():
    text = BOLD_INTERVIEW + (
        "\n— And the money?\n\n[laughs] Badly. I borrowed it from my brother.\n"
    )
    turns = find_turns(text)
    asked = [text[slice(*t.spans[0])] for t in turns if t.role == "q"]
    answers = [text[slice(*t.spans[0])] for t in turns if t.role == "answer"]
    assert "And the money?" in asked
    assert "Badly. I borrowed it from my brother." in answers


def test_a_committee_question_number_is_not_part_of_the_name():
    text = (
        "Q38 Chair: Good morning. What went wrong?\n\n"
        "Dr Okonkwo-Hale: The numbers stopped adding up some time ago.\n\n"
        "Q39 Tomasz Breyer: Is recruitment the bigger constraint?\n\n"
        "Shona Baird: It is the same constraint wearing a different hat.\n"
    )
    assert [t.name for t in find_turns(text)] == [
        "Chair",
        "Dr Okonkwo-Hale",
        "Tomasz Breyer",
        "Shona Baird",
    ]


def test_a_listicle_of_bodies_is_no_congressional_record():
    text = (
        "The NHS. Day-to-day funding rises by 3 percent.\n\n"
        "The BBC. The licence fee is frozen.\n\n"
        "The ARMY. Spending stays flat.\n"
    )
    assert find_turns(text) == []


def test_a_heading_in_title_case_is_no_once_used_label():
    text = RADIO + "\nFurther Reading:\n\nA history of the hospital, in three parts.\n"
    assert "Further Reading" not in [t.name for t in find_turns(text)]


def test_speech_in_capitals_or_with_a_stage_direction_is_speech():
    assert is_speech("WE WAIT; WE WATCH; WE HOPE.")
    assert is_speech("Yes (laughs), Yes, Yes, Yes.")


CHAT = (
    "A Slack chat with Teo Vance\n\n"
    "Noor Halberg  10:02 AM\n"
    "ok we're live! thanks for doing this\n"
    "first question: did you expect it to do this well?\n\n"
    "Teo Vance  10:04 AM\n"
    "absolutely not lol\n"
    "we hit 20k in the first 36 hours and i mostly felt sick (edited)\n"
    "😅 4\n\n"
    "Noor Halberg  10:05 PM\n"
    "what's next?\n\n"
    "Teo Vance  10:07 PM\n"
    "a long nap\n\n"
    "—\n\n"
    "Tidewater Post is out now for PC and consoles.\n"
)


def test_a_chats_name_and_time_of_day_head_each_message():
    found = turns(CHAT)
    assert [t[1] for t in found] == ["Noor Halberg", "Teo Vance", "Noor Halberg", "Teo Vance"]
    # the reactions and the "(edited)" mark are no part of what was said
    assert found[1][3] == [
        "absolutely not lol",
        "we hit 20k in the first 36 hours and i mostly felt sick",
    ]


def test_a_rule_ends_a_chats_last_message():
    assert turns(CHAT)[-1][3] == ["a long nap"]


def test_a_time_of_day_is_no_time_in_a_recording():
    assert all(t.at is None for t in find_turns(CHAT))


def test_an_archives_facts_are_no_turns():
    text = (
        "Interviewee: Beatrice Kowalczyk (b. 1938)\n"
        "Length: 1:12:40 (excerpt below)\n"
        "Subjects: Hartwell Woolen Mill; strike of 1961\n\n"
        "JT: Where were you born?\n\n"
        "BK: Right here, in the house two doors down.\n\n"
        "JT: And your parents?\n\n"
        "BK: My father fixed looms at the mill.\n\n"
        "Rights: Copyright held by the Millrace Valley Historical Society.\n"
    )
    assert [t[2] for t in turns(text)] == ["JT:", "BK:", "JT:", "BK:"]


def test_an_answer_goes_on_in_a_first_person_paragraph_with_a_word_in_quotes():
    text = (
        "Q: Why?\n\nA: It was cheap.\n\n"
        "I said “no” to them, and we left the next morning.\n\n"
        "Q: And then?\n\nA: We left.\n"
    )
    assert len(turns(text)[1][3]) == 2


def test_an_answer_goes_on_in_a_paragraph_that_quotes_someone_in_the_first_person():
    text = (
        "JT: What happened in the flood?\n\n"
        "BK: The river came up in one night. We went to bed and woke up in the water.\n\n"
        "We stayed. My father said, “The river doesn’t get to decide where we live.” "
        "That was the kind of man he was.\n\n"
        "JT: And then the strike?\n\n"
        "BK: The strike. I was twenty-three.\n"
    )
    said = turns(text)[1][3]
    assert len(said) == 2 and said[1].startswith("We stayed.")


def test_a_writers_paragraph_quoting_with_she_says_is_no_part_of_the_answer():
    text = (
        "Q: What happened in the flood?\n\n"
        "A: The river came up in one night. We went to bed and woke up in the water.\n\n"
        "I asked about it later. “We just stayed, all of us,” she says, smiling.\n\n"
        "Q: And then the strike?\n\n"
        "A: The strike. I was twenty-three.\n"
    )
    assert len(turns(text)[1][3]) == 1


def test_a_live_blogs_bylined_entries_are_no_chat():
    text = (
        "Storm live updates\n\n"
        "Jane Doe  10:04 AM\nThe river has crested at 12 feet, officials said.\n\n"
        "Tom Roe  10:15 AM\nPower is out for 30,000 homes in the county.\n\n"
        "Jane Doe  10:30 AM\nSchools will stay closed on Friday.\n"
    )
    assert turns(text) == []
