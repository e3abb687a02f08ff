"""Tests for search.transcript_names: who a transcript's labels and headings name."""

from __future__ import annotations

from search.speakers import NameIndex
from search.transcript_names import LabelNames, is_procedural, label_name


def names_in(text: str) -> LabelNames:
    return LabelNames(text, NameIndex(text))


def test_a_label_in_capitals_is_written_as_a_name():
    assert label_name("OKAFOR-LINDE", NameIndex("")) == "Okafor-Linde"
    assert label_name("O'BRIEN", NameIndex("")) == "O'Brien"


def test_a_surname_label_takes_the_full_name_given_in_capitals():
    text = "For the Plaintiff: DESMOND J. HALLORAN\n\nBY MR. HALLORAN:\n"
    assert names_in(text).name_of("MR. HALLORAN") == "Desmond J. Halloran"


def test_the_court_is_the_judge_and_speaker_1_the_host():
    text = (
        "BEFORE THE HONORABLE ROSALIND ACHESON-TRAVERS\n\n"
        "Notes: host Beatrix Lind (Speaker 1) talks with a guest.\n"
    )
    who = names_in(text)
    assert who.name_of("THE COURT") == "Rosalind Acheson-Travers"
    assert who.label("Speaker 1") == "Beatrix Lind"
    assert who.label("Speaker 2") == "Speaker 2"


def test_the_heading_above_names_the_answerer():
    text = "DIRECT EXAMINATION OF DR. PRIYA VENKAT\n\nQ. Who are you?\n\nA. A pathologist.\n"
    name, start, _ = names_in(text).heading_before(text.index("A. A"))
    assert (name, text[start : start + 12]) == ("Priya Venkat", "PRIYA VENKAT")
    assert names_in(text).heading_before(0) is None


def test_the_chair_is_the_one_the_heading_right_above_names():
    text = (
        "OPENING STATEMENT OF HON. ROLAND ASHWORTH, U.S. SENATOR\n\n"
        "The CHAIRMAN. Good morning. The Committee will come to order.\n"
    )
    assert names_in(text).name_of("The CHAIRMAN") == "Roland Ashworth"
    far = "STATEMENT OF HON. ROLAND ASHWORTH\n\n" + "Paul Dekker spoke. " * 20 + text[57:]
    assert names_in(far).name_of("The CHAIRMAN") == "The Chairman"


def test_a_witness_heading_above_the_chairs_first_words_names_no_chair():
    text = "TESTIMONY OF MARGARET ELLISON\n\nTHE CHAIRMAN: Mrs. Ellison, welcome.\n"
    assert names_in(text).name_of("THE CHAIRMAN") == "The Chairman"


def test_procedural_roles():
    assert is_procedural("Operator") and is_procedural("THE CLERK")
    assert not is_procedural("THE WITNESS")


def test_the_chairman_is_the_one_person_titled_so():
    text = "Present: Chairman Roland Ashworth presiding.\n\nThe CHAIRMAN. Good morning.\n"
    assert names_in(text).name_of("The CHAIRMAN") == "Roland Ashworth"
    assert names_in("The CHAIRMAN. Good morning.\n").name_of("The CHAIRMAN") == "The Chairman"


def test_a_witness_titled_chairman_later_is_not_the_chair():
    text = (
        "The CHAIRMAN. Good morning. Our witness today is Federal Reserve Chairman Jerome Powell.\n"
    )
    assert names_in(text).name_of("The CHAIRMAN") == "The Chairman"
