"""Social-media posts embedded in a page: a post's words copied with the signature line
that embedding gives them ("— Ewan Garvie (@EwanGarvieNews) November 4, 2025"), as live
blogs and news stories quote them. The words are the author's, with no quote marks and
no "said"."""

from __future__ import annotations

import re
from dataclasses import dataclass

# "— Name (@handle) date": a dash, the author's name, the handle in brackets, perhaps a
# date or a link after it.
_SIGNATURE = re.compile(
    r"^[ \t]*(?:—|–|-{1,2})[ \t]*(?P<name>[A-Z][^\n()@]{1,60}?)[ \t]*"
    r"\((?P<handle>@\w{1,30})\)[^\n]{0,60}$",
    re.MULTILINE,
)
# The header an embedded post may open with: "Juno Hartsfield @junohartsfield".
_HEADER = re.compile(r"[ \t]*(?:[A-Z][^\n@]{0,60}[ \t]+)?\(?@\w{1,30}\)?[ \t]*")
POST_CHARACTERS = 500  # a post is short: the lines above a signature it may take
# Letters after a name that are no part of it: "Kirsty Abernethy MP", "Ann Lee OBE".
_POST_NOMINAL = re.compile(r"(?:[ \t,]+(?:[A-Z]{2,4}|PhD))+$")


@dataclass(frozen=True)
class Post:
    """An embedded post: the spans of its lines, its author's name as signed (without
    letters after it) and where that name stands."""

    spans: tuple[tuple[int, int], ...]
    name: str
    name_start: int
    name_end: int


def find_posts(text: str) -> list[Post]:
    """The embedded posts of a document, in order: for each signature line, the lines
    right above it, up to a blank line, the post's header ("Juno Hartsfield @juno") or
    :data:`POST_CHARACTERS` (a page whose paragraphs are single lines goes on above)."""
    posts = []
    for m in _SIGNATURE.finditer(text):
        spans: list[tuple[int, int]] = []
        end = m.start() - 1  # the line break before the signature
        while end > 0:
            start = text.rfind("\n", 0, end) + 1
            line = text[start:end]
            if not line.strip() or _HEADER.fullmatch(line):
                break
            if spans and m.start() - start > POST_CHARACTERS:
                break
            spans.append((start + len(line) - len(line.lstrip()), start + len(line.rstrip())))
            end = start - 1
        name = _POST_NOMINAL.sub("", m.group("name").strip())
        if spans and len(name.split()) >= 1:
            name_start = m.start("name")
            posts.append(Post(tuple(reversed(spans)), name, name_start, name_start + len(name)))
    return posts
