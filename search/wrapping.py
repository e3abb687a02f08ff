"""Hard-wrapped text: documents whose paragraphs were broken into lines of a fixed width
(wire copy, court filings, e-mail, the Congressional Record), read as whole paragraphs.

The extractor reads a paragraph as a line, so a quote, its attribution or a transcript
turn that runs over several wrapped lines would be cut at each break. :func:`unwrapped`
gives the same text with each break inside a wrapped paragraph written as a space: offset
for offset the same, so that quotes found in it point into the document itself, and
what they say is still sliced from the document (with its line breaks).
"""

from __future__ import annotations

import re

from .transcripts import opens_turn

MAX_WIDTH = 100  # a hard wrap is narrower than this; wider lines are paragraphs
MIN_WIDTH = 40
FULL_LINES = 0.4  # the share of lines that must come near the width
NEAR_WIDTH = 15  # characters short of the width that still count as a full line
MIN_BREAKS = 5  # a document needs this many wrapped breaks to be read as wrapped
# ... and most of them go on with a word in lower case: a sentence broken mid-way, not
# a line of verse ("Forgive me, I have paid a heavy price, / And …")
LOWER_AFTER_BREAK = 0.5
TYPICAL_LINE = 0.9  # the share of lines no longer than the width taken as the wrap's
# A line that starts something of its own, never the rest of a wrapped one: a bullet, a
# numbered item, Markdown (a heading, a quote, a table row, bold) or a transcript label
# (see search.transcripts.opens_turn).
_OWN_START = re.compile(r"[ \t]*(?:[•*\-–—][ \t]|\d{1,3}[.)][ \t]|[#>|]|\*\*|__)")


def wrap_width(text: str) -> int | None:
    """The width a hard-wrapped document's lines were broken at, or ``None`` for a
    document whose lines are paragraphs (most of the web): see :func:`_wrap`."""
    found = _wrap(text.split("\n"))
    return found[0] if found else None


def unwrapped(text: str) -> str:
    """``text`` with the line breaks inside its wrapped paragraphs written as spaces
    (the same length, offset for offset); ``text`` itself if it is not hard-wrapped."""
    lines = text.split("\n")
    found = _wrap(lines)
    if found is None:
        return text
    joined = set(found[1])
    return "".join(line + (" " if n in joined else "\n") for n, line in enumerate(lines))[:-1]


def _wrap(lines: list[str]) -> tuple[int, list[int]] | None:
    """The width the ``lines`` were wrapped at and the lines that go on in the next
    one, or ``None`` if they are not hard-wrapped. Wrapped, most lines come within
    :data:`NEAR_WIDTH` of one width (that of the longest lines but a tenth), at least
    :data:`MIN_BREAKS` lines end where the next line's first word would not have fitted,
    and most of those go on in lower case."""
    bare = [line.rstrip() for line in lines]
    lengths = sorted(len(line) for line in bare if line.strip())
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * TYPICAL_LINE)]
    if not MIN_WIDTH <= width <= MAX_WIDTH:
        return None
    full = sum(1 for n in lengths if width - NEAR_WIDTH <= n <= width)
    if full < FULL_LINES * len(lengths):
        return None
    breaks = [n for n in range(len(bare) - 1) if _wrapped(bare[n], bare[n + 1], width)]
    lower = sum(1 for n in breaks if bare[n + 1].lstrip()[:1].islower())
    if len(breaks) < MIN_BREAKS or lower < LOWER_AFTER_BREAK * len(breaks):
        return None
    return width, breaks


def _wrapped(line: str, following: str, width: int) -> bool:
    """Whether ``following`` goes on with ``line``: both have text, the first word of
    ``following`` would not have fitted at the end of ``line``, and ``following``
    starts nothing of its own (see :data:`_OWN_START`), by a label or by an indent."""
    if not line.strip() or not following.strip():
        return False
    word = following.split()[0]
    indent = len(following) - len(following.lstrip())
    return (
        len(line) + 1 + len(word) > width
        and indent <= len(line) - len(line.lstrip())
        and not _OWN_START.match(following)
        and not opens_turn(following)
    )
