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
    story = "An earlier paragraph of the story, long enough to be no part of any post. " * 8
    text = (
        f"{story}\n"
        "“We will rebuild the wall before winter,” Mayor Tom Reyes said on Tuesday.\n"
        "Bring back real animals on film sets.\n"
        "— Juno Hartsfield (@junohartsfield) March 3, 2024\n"
    )
    (post,) = find_posts(text)
    assert [text[a:b] for a, b in post.spans] == ["Bring back real animals on film sets."]
    # with no line of the story to stop at, no post
    assert find_posts(f"{story}\n{text.splitlines()[2]}\n{text.splitlines()[3]}\n") == []


def test_an_e_mail_signature_or_a_list_of_handles_is_no_post():
    assert find_posts("Thanks,\n-- John Smith (@jsmith)\n") == []
    text = "Follow our reporters:\n- Jane Doe (@janedoe) 2024\n- John Roe (@johnroe) 2024\n"
    assert find_posts(text) == []


def test_posts_stacked_without_a_blank_line_are_two():
    text = (
        "Reaction poured in overnight.\n\n"
        "The vote was a disgrace and voters will remember it.\n"
        "— Ewan Garvie (@EwanGarvieNews) November 4, 2025\n"
        "Proud of every volunteer who knocked on doors this year.\n"
        "— Kirsty Abernethy MP (@KirstyAMP) November 4, 2025\n"
    )
    posts = find_posts(text)
    assert [(p.name, text[slice(*p.spans[0])][:8]) for p in posts] == [
        ("Ewan Garvie", "The vote"),
        ("Kirsty Abernethy", "Proud of"),
    ]


def test_a_dash_before_a_name_without_a_handle_is_no_post():
    assert find_posts("A poem.\n— Mary Oliver\n") == []
