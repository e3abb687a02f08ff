"""Tests for search.marks: which stretches of a text stand between quote marks."""

from __future__ import annotations

from search.marks import find_segments


def quoted(text: str) -> list[str]:
    """The words of every segment found in ``text``."""
    return [text[s.start : s.end] for s in find_segments(text)]


def test_straight_double_quotes_delimit_a_segment_without_the_marks():
    text = 'Anna Berg said, "The beans are ready." Then she left.\n'
    (seg,) = find_segments(text)
    assert text[seg.start : seg.end] == "The beans are ready."
    assert text[seg.open_mark] == '"' and text[seg.close_mark] == '"'


def test_curly_double_quotes_delimit_a_segment():
    assert quoted("“We start at dawn,” Tom Fielding says.\n") == ["We start at dawn,"]


def test_several_segments_on_one_line_come_in_order():
    text = "“First,” she says. “Second.” And “third” too.\n"
    assert quoted(text) == ["First,", "Second.", "third"]


def test_single_quotes_stay_inside_the_segment_that_holds_them():
    text = "“Tom told us, ‘Keep it simple,’ and we did,” Anna Berg said.\n"
    assert quoted(text) == ["Tom told us, ‘Keep it simple,’ and we did,"]


def test_apostrophes_are_not_quote_marks():
    text = "In the ’70s we didn’t sell much; Berg’s beans came later. It’s fine.\n"
    assert quoted(text) == []


def test_apostrophes_inside_a_quote_do_not_end_it():
    text = "“I don’t miss the ’70s or Dayton’s old barn,” Anna Berg said.\n"
    assert quoted(text) == ["I don’t miss the ’70s or Dayton’s old barn,"]


def test_a_curly_quote_nested_in_another_stays_inside_it():
    text = "“When we started, Tom said “keep it simple” and we did,” Anna Berg said.\n"
    assert quoted(text) == ["When we started, Tom said “keep it simple” and we did,"]


def test_a_quote_broken_by_a_line_break_is_one_segment():
    text = "“We had no heating\nand little food,” Anna Berg said.\n"
    (seg,) = find_segments(text)
    assert text[seg.start : seg.end] == "We had no heating\nand little food,"


def test_a_multi_paragraph_quote_continues_where_the_next_paragraph_opens_again():
    text = "Anna Berg said: “The first winter was hard.\n\n“The second was better.”\n"
    first, second = find_segments(text)
    assert text[first.start : first.end] == "The first winter was hard."
    assert first.close_mark is None and not first.continued
    assert text[second.start : second.end] == "The second was better."
    assert second.continued


def test_an_unbalanced_opening_mark_yields_nothing():
    text = 'Anna Berg said "the beans and left early.\n\nThe market closed at noon.\n'
    assert quoted(text) == []


def test_a_stray_mark_does_not_swallow_the_next_good_quote():
    text = 'A stray " mark here.\n\n"The beans are ready," Anna Berg said.\n'
    assert quoted(text) == ["The beans are ready,"]


def test_empty_quotes_give_no_segment():
    assert quoted('He wrote "" and “ ” on the board.\n') == []


def test_thousands_of_marks_give_valid_segments():
    text = '"' * 3000 + " “a” " * 2000 + "”" * 3000 + "\n" + '" x' * 2000
    for seg in find_segments(text):
        assert 0 <= seg.open_mark < seg.start < seg.end <= len(text)
        assert seg.close_mark is None or seg.end <= seg.close_mark


def test_a_curly_opener_glued_to_a_comma_still_opens():
    assert quoted("Anna Berg said,“Keep it simple.”\n") == ["Keep it simple."]


def test_a_curly_opener_followed_by_a_space_still_opens():
    text = "“We start at dawn,” Tom said. “ You know, it is cold.”\n"
    assert quoted(text) == ["We start at dawn,", "You know, it is cold."]


def test_a_straight_mark_between_spaces_opens_nothing():
    assert quoted('The score was 5 " 3 at the end.\n') == []


def test_two_openers_without_a_closer_give_nothing():
    assert quoted("“We will win,“Trump said, and left.\n") == []


def test_a_quote_of_one_family_nests_inside_the_other():
    assert quoted('"She said “no” and left," Roe said.') == ["She said “no” and left,"]
    assert quoted('“She said "no" and left,” Roe said.') == ['She said "no" and left,']


def test_an_excerpt_in_straight_marks_keeps_the_quote_attributed_inside_it():
    text = '"“We will win,” Roe said before adding more."'
    assert quoted(text) == ["We will win,"]
