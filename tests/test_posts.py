"""Social-media posts embedded in a page, found by their signature lines."""

from __future__ import annotations

from search.posts import find_posts

LIVE_BLOG = (
    "15:40 GMT\n"
    "Flooding in Kilbrack\n\n"
    "Shore Street in Kilbrack right now. Water knee-deep and still rising. #StormOrla\n"
    "— Ewan Garvie (@EwanGarvieNews) November 4, 2025\n\n"
    "The MP has been posting from the promenade:\n\n"
    "Juno Hartsfield @junohartsfield\n"
    "Please stay away from the seafront.\n"
    "The wall is not a viewing platform.\n"
    "— Kirsty Abernethy MP (@KAbernethyMP) November 4, 2025\n"
)


def test_a_post_is_the_lines_above_its_signature_by_the_name_signed():
    posts = find_posts(LIVE_BLOG)
    assert [p.name for p in posts] == ["Ewan Garvie", "Kirsty Abernethy"]
    first = posts[0]
    assert [LIVE_BLOG[a:b] for a, b in first.spans] == [
        "Shore Street in Kilbrack right now. Water knee-deep and still rising. #StormOrla"
    ]
    assert LIVE_BLOG[first.name_start : first.name_end] == "Ewan Garvie"


def test_a_posts_header_and_letters_after_the_name_are_left_out():
    second = find_posts(LIVE_BLOG)[1]
    assert [LIVE_BLOG[a:b] for a, b in second.spans] == [
        "Please stay away from the seafront.",
        "The wall is not a viewing platform.",
    ]


def test_a_page_of_single_line_paragraphs_gives_a_post_its_own_lines_only():
    text = ("An earlier paragraph of the story, long enough to be no part of any post. " * 8) + (
        "\nBring back real animals on film sets.\n— Juno Hartsfield (@junohartsfield) March 3\n"
    )
    (post,) = find_posts(text)
    assert [text[a:b] for a, b in post.spans] == ["Bring back real animals on film sets."]


def test_a_dash_before_a_name_without_a_handle_is_no_post():
    assert find_posts("A poem.\n— Mary Oliver\n") == []
