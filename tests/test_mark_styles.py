"""Quote marks in other styles: two apostrophes for a double mark, and documents
quoted in single marks (British style)."""

from __future__ import annotations

import random

from extract_helpers import quotes_in, said

from search.mark_styles import quote_view

BRITISH = (
    "Ashby Town 2 Felling 1\n"
    "\n"
    "Ashby’s manager, Gwenllian Price, said she had not raised her voice at half-time.\n"
    "\n"
    "‘I didn’t need to,’ Price said. ‘They knew. We’d spent the first half being polite.’\n"
    "\n"
    "‘Honestly, I didn’t see it go in,’ said Zinnia Okafor. ‘I just thought, “Don’t be "
    "the one who misses it.” Then everyone was on top of me.’\n"
    "\n"
    "Felling’s coach, Tom Hale, said his players had ‘switched off’ after the break.\n"
    "\n"
    "‘The players’ legs went in the last ten minutes,’ Hale said.\n"
)


def test_two_apostrophes_are_a_double_mark():
    text = "''This is not tax reform,'' said Douglas Holtz. ''It is anti-reform.''\n"
    assert said(text) == [("Douglas Holtz", ["This is not tax reform,", "It is anti-reform."])]


def test_a_document_quoted_in_single_marks_is_read_in_them():
    assert said(BRITISH) == [
        (
            "Gwenllian Price",
            ["I didn’t need to,", "They knew. We’d spent the first half being polite."],
        ),
        (
            "Zinnia Okafor",
            [
                "Honestly, I didn’t see it go in,",
                "I just thought, “Don’t be the one who misses it.” Then everyone was on top of me.",
            ],
        ),
        ("Tom Hale", ["The players’ legs went in the last ten minutes,"]),
    ]


def test_a_quote_keeps_the_documents_own_marks_and_context():
    okafor = quotes_in(BRITISH)[1]
    assert "“Don’t be the one who misses it.”" in okafor.text
    text = (
        "Tom Hale called the pitch ‘a bog’. ‘We were tired in the end,’ he said.\n"
        "\n"
        "‘They were much quicker than us,’ Hale said.\n"
    )
    tired = next(q for q in quotes_in(text) if q.text.startswith("We were tired"))
    assert tired.context == "Tom Hale called the pitch ‘a bog’."


def test_the_view_keeps_every_offset():
    rng = random.Random(7)
    pieces = ["‘", "’", "'", "''", "“", "”", '"', "\n", "\n\n", " ", "ab", "s", ",", "."]
    made = ["".join(rng.choice(pieces) for _ in range(60)) for _ in range(300)]
    for text in [BRITISH, "''A,'' he said.\n", "Plain text, no quotes.\n", *made]:
        view = quote_view(text)
        assert len(view) == len(text)
        assert [i for i, c in enumerate(view) if c == "\n"] == [
            i for i, c in enumerate(text) if c == "\n"
        ]


def test_single_marks_in_a_document_quoted_in_double_marks_stay_inside():
    # titles and a quote within a quote in single marks do not make a British document
    text = (
        "'Little Miss Sunshine' directors return for 'Ruby Sparks'\n"
        "\n"
        "“We wanted the film to feel ‘handmade’ from the start,” Jonathan Dayton said.\n"
        "\n"
        "“It was a long road,” Valerie Faris said. “Nobody said ‘yes’ for years.”\n"
    )
    assert quote_view(text) == text
    assert [speaker for speaker, _ in said(text)] == ["Jonathan Dayton", "Valerie Faris"]


def test_an_elision_opens_no_quote():
    # an elision may be typed with an opening mark or a straight one
    text = (
        "‘We grew up on ‘80s records and rock 'n' roll,’ Anna Berg said.\n"
        "\n"
        "‘It’s where the band’s sound comes from,’ she said. ‘Nothing else matters.’\n"
    )
    assert said(text) == [
        ("Anna Berg", ["We grew up on ‘80s records and rock 'n' roll,"]),
        ("Anna Berg", ["It’s where the band’s sound comes from,", "Nothing else matters."]),
    ]


def test_a_stray_opening_mark_gives_way_to_the_next():
    text = (
        "Tom Hale gave a ‘sort of answer, then said ‘We will go back to the drawing "
        "board,’ and left.\n"
        "\n"
        "‘It will not work in the winter months,’ Anna Berg said.\n"
        "\n"
        "‘Nobody asked the growers what they think,’ she said.\n"
    )
    assert said(text)[0] == ("Tom Hale", ["We will go back to the drawing board,"])


def test_the_context_of_a_quote_in_two_apostrophes_has_no_stray_mark():
    text = "Mr. Burman explained his view. ''It is anti-reform,'' said Mr. Burman.\n"
    (quote,) = quotes_in(text)
    assert quote.context == "Mr. Burman explained his view."
    text = "He went on NBC's ''Meet the Press.'' ''We will win,'' said Mr. Burman.\n"
    assert quotes_in(text)[-1].context == "He went on NBC's ''Meet the Press.''"
