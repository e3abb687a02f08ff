"""Tests for search.speakers: names in text, short mentions resolved to full names, and
one name and id per person across a corpus."""

from __future__ import annotations

import pytest

from search.record import Quote, Source
from search.speakers import (
    NameIndex,
    canonical_words,
    first_name_gender,
    initials,
    is_person_name,
    name_runs,
    speaker_id_for,
    strip_name,
    tokenize,
    unify_speakers,
)


def names_in(text: str) -> list[str]:
    tokens = tokenize(text)
    return [" ".join(t.text for t in tokens[i:j]) for i, j in name_runs(tokens)]


def test_tokens_carry_document_offsets():
    text = "  Anna Berg, 41, said so."
    for tok in tokenize(text):
        assert text[tok.start : tok.end] == tok.text


def test_a_title_keeps_its_period_and_a_sentence_end_does_not():
    words = [t.text for t in tokenize("Sen. Tom Fielding left early.")]
    assert words == ["Sen.", "Tom", "Fielding", "left", "early", "."]
    # A title written in full is a word: its period ends the sentence.
    words = [t.text for t in tokenize("It was said by the mayor. Then the Gov. left.")]
    assert words[5:8] == ["mayor", ".", "Then"]
    assert "Gov." in words


def test_a_number_keeps_its_inner_commas_and_points_but_not_a_trailing_one():
    words = [t.text for t in tokenize("In 1998, 1,000 people paid $3.50 on 9/11.")]
    assert words == ["In", "1998", ",", "1,000", "people", "paid", "$", "3.50", "on", "9", "/"] + [
        "11",
        ".",
    ]


def test_name_runs_allow_titles_particles_and_suffixes():
    text = "Sen. Tom Fielding met Ludwig van Beethoven and Martin Luther King Jr. today."
    assert names_in(text) == ["Sen. Tom Fielding", "Ludwig van Beethoven", "Martin Luther King Jr."]


def test_common_capitalised_words_are_not_names():
    assert names_in("The farm opened in March. During the war, it closed.") == []


def test_a_greeting_or_i_with_a_verb_is_no_part_of_a_name():
    assert names_in("Hey Rick, hey Jo, long-time listener.") == ["Rick", "Jo"]
    assert names_in("Thanks Sarah Lee for the call. I’m Tom Berg.") == ["Sarah Lee", "Tom Berg"]
    assert names_in("Tonight Anna Berg spoke.") == ["Anna Berg"]


def test_someone_who_gave_one_name_only_is_a_person():
    text = "Her grandson, a student who gave his name only as Marcus, was less sure."
    names = NameIndex(text)
    assert "Marcus" in names.people
    assert names.one_name_between(text.index(","), text.index("was")) == "Marcus"


def test_a_plural_title_goes_only_before_a_persons_name():
    assert strip_name(["Writers", "Guild"]) == (["Writers", "Guild"], None)
    assert names_in("Mayor Oh Se-hoon and the actor Sandra Oh spoke.") == [
        "Mayor Oh Se-hoon",
        "Sandra Oh",
    ]


def test_a_mrs_is_no_plural_of_mr():
    assert strip_name(["Mrs", "Anna", "Berg"]) == (["Anna", "Berg"], "f")


def test_strip_name_drops_titles_and_a_possessive_and_reads_gender():
    assert strip_name(["Mr.", "Fielding"]) == (["Fielding"], "m")
    assert strip_name(["Ms.", "Anna", "Berg’s"]) == (["Anna", "Berg"], "f")
    assert strip_name(["Dr.", "Anna", "Berg"]) == (["Anna", "Berg"], None)
    assert canonical_words("Sen. Tom Fielding") == ["Tom", "Fielding"]


def test_strip_name_drops_an_owner_before_the_name():
    assert canonical_words("Valley Radio’s Anna Berg") == ["Anna", "Berg"]
    assert canonical_words("Farm News' Dr. Tom Fielding") == ["Tom", "Fielding"]


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Labor Secretary Anna Berg", ["Anna", "Berg"]),
        ("State Anna Berg", ["Anna", "Berg"]),  # "Secretary of" is not in the name run
        ("Homeland Security Deputy Secretary Anna Berg", ["Anna", "Berg"]),
        ("Texas Sen. Tom Fielding", ["Tom", "Fielding"]),
        ("New Mexico Gov. Tom Fielding", ["Tom", "Fielding"]),
        ("Valley City Mayor Anna Berg", ["Anna", "Berg"]),
        ("Circuit Court Judge Tom Fielding", ["Tom", "Fielding"]),
        ("Farm Bureau Committee Chairman Tom Fielding", ["Tom", "Fielding"]),
        ("State Department", ["State", "Department"]),
        ("Rob Bishop", ["Rob", "Bishop"]),
        ("Anna Judge Berg", ["Anna", "Judge", "Berg"]),
        ("Ranking Member Tom Fielding", ["Tom", "Fielding"]),
        ("Board Member Anna Berg", ["Anna", "Berg"]),
        ("Councilmembers Anna Berg", ["Anna", "Berg"]),  # a roster: "Councilmembers A, B"
        ("Senators Tom Fielding", ["Tom", "Fielding"]),
    ],
)
def test_strip_name_drops_a_title_and_a_place_before_a_title(name, words):
    assert canonical_words(name) == words


def test_person_names_and_other_speakers():
    assert is_person_name("Anna Berg")
    assert is_person_name("Berg")
    assert not is_person_name("a city spokesman")
    assert not is_person_name("the consensus")
    assert not is_person_name("she")


TEXT = (
    "Anna Berg grows beans. Tom Berg, her brother, sells them. "
    "Later Mr. Tom Fielding came, with Ms. Jane Roe."
)


def test_a_surname_resolves_to_the_full_name_used_in_the_document():
    names = NameIndex(TEXT)
    assert names.resolve("Fielding", len(TEXT))[0] == "Tom Fielding"
    assert names.resolve("Roe", len(TEXT)) == ("Jane Roe", "f")


def test_a_first_name_resolves_to_the_full_name():
    names = NameIndex("Jane Roe runs the farm. Later, Jane said it was fine.")
    assert names.resolve("Jane", 40)[0] == "Jane Roe"


def test_an_office_after_a_title_and_of_is_no_part_of_the_name():
    text = "Director of Farm Safety Jane Roe spoke at noon."
    assert NameIndex(text).resolve("Roe", len(text))[0] == "Jane Roe"


def test_titles_are_dropped_from_the_canonical_name():
    assert NameIndex(TEXT).resolve("Mr. Fielding", len(TEXT)) == ("Tom Fielding", "m")


def test_a_surname_with_a_particle_resolves_to_the_full_name():
    text = "Head coach Darlene Van Oosten has seen it all. Van Oosten laughed. Van Oosten said no."
    assert NameIndex(text).resolve("Van Oosten", len(text))[0] == "Darlene Van Oosten"


def test_a_role_we_have_no_list_for_before_a_given_name_is_dropped():
    assert strip_name(["Supervisor", "Gerald", "Pohl"])[0] == ["Gerald", "Pohl"]
    assert strip_name(["Commissioner", "Ana", "Ruiz"])[0] == ["Ana", "Ruiz"]
    # a given name first stays ("Mary Jane Watson"), and two words are a name
    assert strip_name(["Mary", "Jane", "Watson"])[0] == ["Mary", "Jane", "Watson"]
    assert strip_name(["Inspector", "Biden"])[0] == ["Inspector", "Biden"]


def test_an_event_is_no_one_that_he_or_she_may_stand_for():
    text = (
        "Hollis Treadwell resigned at the 2019 Reykjavík Open. The shop was open late. "
        "She flew home on Labor Day, a long day."
    )
    names = NameIndex(text)
    assert [n for _, n, _ in names.recent(len(text))] == ["Hollis Treadwell"]


def test_a_nickname_given_in_the_sentence_stands_for_its_person():
    text = (
        "Jerome Okereke, who has been called Jet since he was eight, leads the team. "
        "Mikael Lindgren, a Swede known to fans as Moose, keeps goal. Jet scored."
    )
    names = NameIndex(text)
    assert names.resolve("Jet", len(text))[0] == "Jerome Okereke"
    assert names.resolve("Moose", len(text))[0] == "Mikael Lindgren"
    # a word the text also writes in lower case is no nickname ("called it fair")
    assert NameIndex("Anna Berg called Fair a good horse. It was fair.").resolve("Fair", 40)[0] == (
        "Fair"
    )


def test_the_mayor_is_the_one_person_named_mayor_not_long_before():
    text = "Sen. Ted Cruz and Sen. Jo Lind came. Mayor Corinne Ashdown opened the meeting."
    names = NameIndex(text)
    assert names.by_role("the mayor", len(text)) == "Corinne Ashdown"
    assert names.by_role("the senator", len(text)) is None  # two senators
    assert names.by_role("the mayor", 0) is None  # not named yet
    assert names.resolve("Mayor", len(text))[0] == "Corinne Ashdown"  # "the Mayor said"
    # someone else named since: "the mayor" may be another
    later = text + " Feliks Nowakowski spoke."
    assert NameIndex(later).by_role("the mayor", len(later)) is None
    far = text + " The beans grow slowly in the cold." * 40
    assert NameIndex(far).by_role("the mayor", len(far)) is None


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("District Magistrate Shri A. K. Tripathi met them.", "A. K. Tripathi"),
        ("It was said by Smt. Ramkali Devi, 58, on Monday.", "Ramkali Devi"),
        ("The motion came from Cr Philippa Brosnan on Monday.", "Philippa Brosnan"),
        ("It rained. Singer Kezia Blackwood-Asante was frank.", "Kezia Blackwood-Asante"),
        ("was frank.’\n\nGuitarist Rhodri Penhallow, who", "Rhodri Penhallow"),
        ("widely reproduced.[5] Novelist Sigrun Ballantyne chaired it", "Sigrun Ballantyne"),
    ],
)
def test_honorifics_initials_and_a_trade_opening_a_sentence(text, name):
    assert name in NameIndex(text).people


def test_name_rules_leave_ordinary_words_and_names_alone():
    # "Plan A." is no initial; a clinic called Haven is no nickname
    assert "Plan A. Johnson" not in NameIndex("The board backed Plan A. Johnson said no.").people
    text = "Dr. Ana Ruiz founded a clinic called Haven. Haven grew fast."
    assert NameIndex(text).resolve("Haven", len(text))[0] == "Haven"
    # given names shaped like trades stay: Taylor, Parker, Fletcher
    assert strip_name(["Taylor", "Anne", "Smith"])[0] == ["Taylor", "Anne", "Smith"]
    assert strip_name(["Fletcher", "Anne", "Smith"])[0] == ["Fletcher", "Anne", "Smith"]
    # a person whose surname is a common word is still someone "he" may be
    bush = "Chidi Bush planted it. Every bush on the hill grew."
    assert [n for _, n, _ in NameIndex(bush).recent(len(bush))] == ["Chidi Bush"]


def test_a_vice_president_is_not_the_president():
    text = "Vice President Kamala Harris spoke."
    assert NameIndex(text).by_role("the president", len(text)) is None


def test_the_mayor_is_named_by_a_whole_word():
    text = "Mayor Tom Lee opened the fair." + " The beans grew slowly." * 60
    text += " In Leeds, the mayor said so."
    assert NameIndex(text).by_role("the mayor", len(text)) is None


def test_a_shared_surname_goes_to_the_person_named_just_before():
    names = NameIndex(TEXT)
    anna_only = TEXT.index("Tom Berg") - 1  # before Tom Berg is named
    assert names.resolve("Berg", anna_only)[0] == "Anna Berg"
    assert names.resolve("Berg", len(TEXT))[0] == "Tom Berg"


def test_far_from_both_a_shared_surname_goes_to_the_person_named_most():
    text = (
        "Anna Berg farms beans. Anna Berg sells them at the market. Her brother, Tom "
        "Berg, built her first tractor. " + "The beans grow slowly in the cold. " * 20
    )
    assert NameIndex(text).resolve("Berg", len(text))[0] == "Anna Berg"


def test_places_groups_and_titles_in_a_description_or_in_quotes_are_not_people():
    text = (
        "Anna Berg met the Iowa Farm Bureau chair, a Des Moines Register reporter and "
        "the Rev. Tom Fielding. That’s Rita Holm, on ABC’s “Good Morning America” today, "
        "and on “Good Morning America,” the New Hampshire Sen. Jo Pike."
    )
    people = ["Anna Berg", "Jo Pike", "Rita Holm", "Tom Fielding"]
    assert sorted(NameIndex(text).people) == people


def test_a_common_word_opening_a_parenthesis_is_not_a_first_name():
    text = "Tom Fielding spoke. (See Fielding’s notes below.) We will see."
    assert list(NameIndex(text).people) == ["Tom Fielding"]


def test_a_place_is_not_the_person_most_mentioned():
    text = "Anna Berg farms in South Dakota. Rain fell in South Dakota and in South Dakota."
    assert NameIndex(text).most_mentioned() == "Anna Berg"


def test_a_quoted_word_or_a_headline_verb_does_not_join_a_name():
    text = (
        'Imam Ali never saw Omar Mateen "interact" with anyone. The editorial, "Mr. '
        'Bernie Sanders Is Not a Brave Man," ran on Friday.'
    )
    assert sorted(NameIndex(text).people) == ["Bernie Sanders", "Omar Mateen"]


def test_an_unknown_name_stays_as_written_without_its_title():
    assert NameIndex(TEXT).resolve("Dr. Smith", 10)[0] == "Smith"


def test_most_mentioned_person():
    names = NameIndex("Jane Roe met Tom Fielding. Jane Roe left. Jane Roe came back.")
    assert names.most_mentioned() == "Jane Roe"
    assert NameIndex("no names here at all.").most_mentioned() is None


def test_a_person_has_one_id_everywhere_and_a_description_is_scoped_to_its_source():
    assert speaker_id_for("Anna Berg", "source1") == speaker_id_for("Anna Berg", "source2")
    assert speaker_id_for("Anna Berg", "source1") == "anna-berg"
    spokesman = speaker_id_for("a city spokesman", "source1")
    assert spokesman != speaker_id_for("a city spokesman", "source2")
    assert spokesman.startswith("a-city-spokesman")


def quote(speaker: str, source_id: str) -> Quote:
    """A quote by ``speaker`` in the document with ``source_id`` (text is irrelevant)."""
    return Quote(
        id=f"{speaker}-{source_id}",
        doc=f"{source_id}.txt",
        speaker=speaker,
        speaker_id=speaker_id_for(speaker, source_id),
        speaker_span=None,
        cue="said",
        spans=((0, 5),),
        text="Beans",
        context="",
        topics=(),
        source=Source(id=source_id),
    )


def test_unify_gives_a_bare_surname_the_full_name_used_elsewhere():
    quotes = unify_speakers([quote("Anna Berg", "one"), quote("Berg", "two")], {})
    assert {(q.speaker, q.speaker_id) for q in quotes} == {("Anna Berg", "anna-berg")}


def test_unify_leaves_an_ambiguous_surname_alone():
    quotes = [quote("Anna Berg", "one"), quote("Tom Berg", "two"), quote("Berg", "three")]
    assert [q.speaker for q in unify_speakers(quotes, {})] == ["Anna Berg", "Tom Berg", "Berg"]


def test_unify_applies_aliases_case_insensitively():
    quotes = [quote("Anna Berg", "one"), quote("ANNIE", "two")]
    unified = unify_speakers(quotes, {"Annie": "Anna Berg"})
    assert [(q.speaker, q.speaker_id) for q in unified] == [("Anna Berg", "anna-berg")] * 2


def test_unify_keeps_descriptions_apart():
    quotes = [quote("a city spokesman", "one"), quote("a city spokesman", "two")]
    ids = {q.speaker_id for q in unify_speakers(quotes, {})}
    assert len(ids) == 2


@pytest.mark.parametrize(
    ("word", "gender"),
    [("Anna", "f"), ("Tom", "m"), ("Jordan", None), ("Virginia", None), ("Fielding", None)],
)
def test_a_given_name_tells_a_gender_only_when_it_is_clear(word, gender):
    assert first_name_gender(word) == gender


def test_a_title_picks_the_person_of_its_gender_among_those_sharing_a_surname():
    names = NameIndex("Tom Roe spoke before Anna Roe did. Then Mr. Roe left.")
    assert names.resolve("Mr. Roe", 40) == ("Tom Roe", "m")
    assert names.resolve("Ms. Roe", 40) == ("Anna Roe", "f")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Later the Canadian Mary Smith spoke.", "Mary Smith"),
        ("Pastor Joseph Brown prayed.", "Joseph Brown"),
        ("Journalist Laura Reyes asked.", "Laura Reyes"),
        # a given name in the middle is no sign that the first word describes
        ("Norbert Leo Butz sang.", "Norbert Leo Butz"),
        ("Sebastiano Maria Vian wrote.", "Sebastiano Maria Vian"),
        ("Mahamat Saleh Oumar wrote.", "Mahamat Saleh Oumar"),
        ("Democrat Elijah Cummings wrote.", "Elijah Cummings"),
    ],
)
def test_a_nationality_or_a_trade_before_a_given_name_is_no_part_of_the_name(text, name):
    assert list(NameIndex(text).people) == [name]


def test_initials_of_a_name_with_a_middle_name_or_a_double_surname():
    assert initials("Kwabena Asante-Lowe") == {"KA", "KAL"}
    assert initials("John Fitzgerald Kennedy") == {"JK", "JFK"}


@pytest.mark.parametrize(
    ("text", "gender"),
    [
        ("Her husband and co-director, Robin Vale, winces.", "m"),
        ("Robin Vale, his wife, laughs.", "f"),
        ("The actress Robin Vale came.", "f"),
        # the role is someone else's
        ("She met the wife of Robin Vale.", None),
        ("Robin Vale, whose husband works there, laughs.", None),
    ],
)
def test_a_family_role_next_to_a_name_tells_the_persons_gender(text, gender):
    assert NameIndex(text).people["Robin Vale"].gender == gender


def test_accents_do_not_hide_a_given_name():
    assert (first_name_gender("José"), first_name_gender("Zoë")) == ("m", "f")


def test_a_british_councillor_is_a_title():
    assert canonical_words("Cllr Ian Moss") == ["Ian", "Moss"]


def test_a_person_named_by_one_name_only_is_a_person():
    text = (
        "Teodora, 34, who asked that only her first name be used, was diagnosed last year.\n"
        "A neighbour who gave only her first name, Dot, watched the fire.\n"
    )
    names = NameIndex(text)
    assert {"Teodora", "Dot"} <= set(names.people)
    assert "Barnes" not in NameIndex("Kofi Adjei-Barnes, 28, scored.").people


def test_local_government_roles_are_not_part_of_a_name():
    text = (
        "City Councilmember Mina Rhee spoke first. Staff: City Manager Howard Lisk.\n"
        "Deputy Administrator for Field Operations Kofi Brandt took questions.\n"
    )
    names = NameIndex(text)
    assert {"Mina Rhee", "Howard Lisk", "Kofi Brandt"} <= set(names.people)
    assert names.resolve("Councilmember Rhee", len(text))[0] == "Mina Rhee"
    assert names.resolve("Administrator Brandt", len(text))[0] == "Kofi Brandt"


def test_not_people_by_one_name_or_a_member_title():
    assert not NameIndex("Police, who did not release the first name, said so.").people
    assert not NameIndex("Liverpool, 82, Arsenal, 80, Chelsea, 79.").people
    assert NameIndex("the Member States said").resolve("Member States", 0)[0] == "Member States"
