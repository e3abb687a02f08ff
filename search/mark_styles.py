"""Quote-mark styles the quote finder does not read as they are, and a view of the text
in the style it does read.

The quote finder (:mod:`search.marks`) reads double marks. Two other styles are common:

- two apostrophes for each double mark (''It's anti-reform,'' said Mr. Burman), as in
  newspaper archive text;
- quotes in single marks, British and Irish style (‘I didn’t need to,’ Price said),
  where double marks only nest inside a quote.

:func:`quote_view` gives the text with such marks rewritten as double ones: a pair of
apostrophes becomes two double marks, and in a document quoted in single marks the
single marks that open and close quotes become double ones while the double marks
become single ones (so they stay inside the quote that holds them). Every character
keeps its offset, so spans found in the view point at the same words in the document
itself, which is what a quote's words are always read from.

The hard part of single marks is the apostrophe, which is the same character as the
closing mark (’). A mark between two letters (didn’t, Gwen’s) is never a quote mark;
an opening mark follows a space or a bracket and comes before a word, but not before an
elision (’70s, ’em, rock ’n’ roll); a closing mark follows the quote's last word or
punctuation and comes before a space or punctuation. A plural possessive (the players’
kit) looks like a closing mark: it closes only when no later mark on the line does.
"""

from __future__ import annotations

import re

from .marks import find_segments

_OPEN_SINGLE = "‘'"
_CLOSE_SINGLE = "’'"
_OPEN_BEFORE = frozenset(' \t\n\u00a0([{—–-/“"')
# Elisions that start with an apostrophe: ’70s, ’90, ’em, ’til, ’cause, ’tis, rock ’n’ roll
_ELISION = re.compile(r"['‘’](?:\d0s\b|\d\d\b|em\b|til\b|cause\b|tis\b|twas\b|n['’])", re.I)
_SWAP = {"“": "‘", "”": "’", '"': "'", "„": "‚"}
_SINGLE_MARK = re.compile(r"['‘’]")
_LONG = 4  # words: a quote this long is speech, not a title or a scare quote


def _opens(text: str, i: int) -> bool:
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    return prev in _OPEN_BEFORE and not nxt.isspace() and not _ELISION.match(text, i)


def _closes(text: str, i: int) -> bool:
    prev = text[i - 1] if i else "\n"
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if re.match(r"['‘’]n['’]", text[max(0, i - 2) : i + 1]):
        return False  # rock ’n’ roll
    return not prev.isspace() and prev not in "([{" and not nxt.isalnum()


def _possessive(text: str, i: int) -> bool:
    """A closing-shaped mark that may be a plural possessive: "the players’ kit"."""
    return (
        text[i - 1 : i] in ("s", "S")
        and text[i + 1 : i + 2] == " "
        and text[i + 2 : i + 3].islower()
    )


def single_pairs(text: str) -> list[tuple[int, int | None]]:
    """The (opening, closing) offsets of every quote in single marks, line by line; the
    closing offset is None for a quote that runs on into the next paragraph."""
    pairs: list[tuple[int, int | None]] = []
    for line in re.finditer(r"[^\n]+", text):
        marks = [line.start() + m.start() for m in _SINGLE_MARK.finditer(line.group())]
        closing = [text[i] in _CLOSE_SINGLE and _closes(text, i) for i in marks]
        # is there a closing mark that is no possessive after the n-th mark of the line?
        later = [False] * (len(marks) + 1)
        for n in range(len(marks) - 1, -1, -1):
            later[n] = later[n + 1] or (closing[n] and not _possessive(text, marks[n]))
        open_at: int | None = None
        for n, i in enumerate(marks):
            ch = text[i]
            if open_at is None:
                if ch in _OPEN_SINGLE and _opens(text, i):
                    open_at = i
            elif closing[n]:
                if _possessive(text, i) and later[n + 1]:
                    continue  # "‘The players’ kit was wet,’": the later mark closes
                pairs.append((open_at, i))
                open_at = None
            elif ch == "‘" and _opens(text, i):
                open_at = i  # the first opening mark was stray
        # a quote left open runs on into the next paragraph, unless its mark was a
        # straight one in running prose (more likely an apostrophe)
        if open_at is not None and (
            text[open_at] == "‘" or not text[line.start() : open_at].strip()
        ):
            pairs.append((open_at, None))
    return pairs


def _words(text: str, a: int, b: int) -> int:
    return len(text[a:b].split())


def quotes_in_single_marks(text: str, pairs: list[tuple[int, int | None]]) -> bool:
    """Whether single marks, not double ones, hold the document's quotes: at least two
    quotes of :data:`_LONG` words or more stand in single marks outside any
    double-marked quote, and more than twice as many as stand in double marks."""
    doubles = [s for s in find_segments(text) if _words(text, s.start, s.end) >= _LONG]
    # the double-marked quotes, in text order and apart: one pointer walks them
    inside = [(s.open_mark, s.close_mark or s.end) for s in doubles]
    singles = k = 0
    for a, b in pairs:
        while k < len(inside) and inside[k][1] <= a:
            k += 1
        if b is None or _words(text, a + 1, b) < _LONG:
            continue
        if not (k < len(inside) and inside[k][0] < a):
            singles += 1
    return singles >= 2 and singles > 2 * len(doubles)


_BEFORE_A_WORD = re.compile(r"['‘]\w")


def _opens_twice(text: str) -> bool:
    """Whether two single marks or more could open a quote (a cheap first test)."""
    seen = 0
    for m in _BEFORE_A_WORD.finditer(text):
        i = m.start()
        if i == 0 or text[i - 1] in _OPEN_BEFORE:
            seen += 1
            if seen == 2:
                return True
    return False


_TWO_APOSTROPHES = re.compile(r"(?<!['‘’])''(?!['‘’])")


def _double_apostrophes(text: str) -> str:
    """``text`` with each pair of apostrophes standing for a double mark written as a
    double mark and a space, on the side away from the words: ''A,'' → " “A,” "."""
    if "''" not in text:
        return text
    chars = list(text)
    for m in _TWO_APOSTROPHES.finditer(text):
        i = m.start()
        before = text[i - 1] if i else "\n"
        if before.isspace() or before in _OPEN_BEFORE:
            chars[i], chars[i + 1] = " ", "“"
        else:
            chars[i], chars[i + 1] = "”", " "
    return "".join(chars)


def quote_view(text: str) -> str:
    """The text as the quote finder should read it: ``text`` itself for a document in
    double marks, else the same text, offset for offset, with its quote marks written
    as double ones (see the module's docstring)."""
    view = _double_apostrophes(text)
    if not _opens_twice(view):
        return view  # the quick answer for most documents
    pairs = single_pairs(view)
    if not quotes_in_single_marks(view, pairs):
        return view
    chars = [_SWAP.get(c, c) for c in view]
    for a, b in pairs:
        chars[a] = "“"
        if b is not None:
            chars[b] = "”"
    return "".join(chars)
