"""Hard-wrapped documents read as whole paragraphs, offset for offset."""

from __future__ import annotations

import textwrap

from search.wrapping import unwrapped, wrap_width

PARAGRAPHS = [
    "Judge Marguerite Solberg of the county court imposed the maximum sentence allowed "
    "under the plea agreement, rejecting a request from the defense for eight years.",
    '"There is no number I can write on this piece of paper that will make this right," '
    'Solberg said from the bench. "I want the family to understand that. I also want the '
    'defendant to understand that the number is not arbitrary."',
    "Prosecutors had asked for the full 14 years. Assistant District Attorney Kevin Trask "
    "told the judge that the defendant had been warned by two friends not to drive.",
]
WRAPPED = "\n\n".join(textwrap.fill(p, 70) for p in PARAGRAPHS) + "\n"


def test_a_hard_wrapped_document_has_a_width_and_a_web_page_none():
    assert wrap_width(WRAPPED) == 70  # the longest lines' length
    assert wrap_width("\n\n".join(PARAGRAPHS)) is None


def test_unwrapping_joins_the_lines_of_a_paragraph_and_keeps_every_offset():
    plain = unwrapped(WRAPPED)
    assert len(plain) == len(WRAPPED)
    assert plain.rstrip("\n").split("\n\n") == PARAGRAPHS
    # every character but the joined line breaks is the document's own
    assert all(a == b or (a == "\n" and b == " ") for a, b in zip(WRAPPED, plain, strict=True))


def test_a_line_that_starts_a_turn_or_an_item_is_never_joined():
    lines = [
        "Q. Were you at the crossing on the night of July 9 when it happened there?",
        "A. I was, and I saw the car come over the hill much too fast for that road.",
    ] * 5
    text = "\n".join(lines) + "\n"
    assert unwrapped(text) == text


def test_a_label_in_any_case_or_an_indented_line_starts_its_own_line():
    answer = "We rented a garage in Oakland and bought two sewing machines with it all"
    lines = ["Interviewer: How did it start, all those years ago in Oakland?", answer] * 5
    text = "\n".join(lines) + "\n"
    assert "\nInterviewer:" in unwrapped(text)
    record = "\n".join(
        [
            "  Mr. ASHWORTH. Mr. President, I rise today to speak about the farm bill and",
            "the families who depend on it in every county of my State, from the rivers.",
        ]
        * 5
    )
    assert unwrapped(record).count("\n  Mr. ASHWORTH.") == 4


def test_verse_is_no_wrapped_prose():
    stanza = [
        "The bread is warm, the supper on the board,",
        "The lamp is lit, the door is on the latch;",
        "Come home, my mother called across the ford,",
        "Come home before the night comes down to catch.",
    ]
    text = "\n\n".join(["\n".join(stanza)] * 4) + "\n"
    assert wrap_width(text) is None


def test_a_short_document_is_read_as_it_is():
    text = "A line.\nAnother line.\n"
    assert unwrapped(text) == text
