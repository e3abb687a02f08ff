"""Social-media posts embedded in a page: a post's words copied with the signature line
that embedding gives them ("— Ewan Garvie (@EwanGarvieNews) November 4, 2025"), as live
blogs and news stories quote them. The words are the author's, with no quote marks and
no "said"."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from .marks import DOUBLE_MARKS

# "— Name (@handle) date": a dash, the author's name, the handle in brackets, then the
# date or a link (an e-mail's "-- John Smith (@jsmith)" has neither).
_SIGNATURE = re.compile(
    r"^[ \t]*(?:—|–|-{1,2})[ \t]*(?P<name>[A-Z][^\n()@]{1,60}?)[ \t]*"
    r"\((?P<handle>@\w{1,30})\)[ \t]+(?=[^\n]*(?:\d|http|pic\.))[^\n]{1,60}$",
    re.MULTILINE,
)
# The header an embedded post may open with: "Juno Hartsfield @junohartsfield".
_HEADER = re.compile(r"[ \t]*(?:[A-Z][\w’'.-]*[ \t]+){1,4}\(?@\w{1,30}\)?[ \t]*")
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
    of the post above it (see :func:`_post_lines`)."""
    posts = []
    signatures = list(_SIGNATURE.finditer(text))
    listed = set()  # signatures on consecutive lines: a list of people's handles
    for m, n in itertools.pairwise(signatures):
        if n.start() == m.end() + 1:
            listed |= {m.start(), n.start()}
    for m in signatures:
        spans = () if m.start() in listed else _post_lines(text, m.start())
        if spans:
            name = _POST_NOMINAL.sub("", m.group("name").strip())
            start = m.start("name")
            posts.append(Post(spans, name, start, start + len(name)))
    return posts


def _post_lines(text: str, signature: int) -> tuple[tuple[int, int], ...]:
    """The spans of the lines right above a signature line that starts at
    ``signature``, up to a blank line, the post's header ("Juno Hartsfield @juno") or
    the signature of a post above, within :data:`POST_CHARACTERS`. Where no such line
    ends the block (a page whose paragraphs are single lines, the top of the page), the
    post is the lines below the nearest one holding quote marks (a story's quote, with
    a speaker of its own), or there is none."""
    spans: list[tuple[int, int]] = []
    quoted = None  # how many lines were taken below the nearest line with quote marks
    end = signature - 1  # the line break before the signature
    while end > 0:
        start = text.rfind("\n", 0, end) + 1
        line = text[start:end]
        if not line.strip() or (spans and _HEADER.fullmatch(line)) or _SIGNATURE.fullmatch(line):
            return tuple(reversed(spans))  # the block ends here
        if signature - start > POST_CHARACTERS:
            break
        if quoted is None and DOUBLE_MARKS.search(line):
            quoted = len(spans)
        spans.append((start + len(line) - len(line.lstrip()), start + len(line.rstrip())))
        end = start - 1
    # no line ended the block
    return tuple(reversed(spans[:quoted])) if quoted is not None else ()
