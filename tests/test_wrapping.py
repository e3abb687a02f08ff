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


def test_a_short_document_is_read_as_it_is():
    text = "A line.\nAnother line.\n"
    assert unwrapped(text) == text
