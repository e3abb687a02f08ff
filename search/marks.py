"""Quote marks: finding the quoted segments of a text.

Only double quote marks delimit quotes (straight ``"``, curly ``“ ”``, ``„`` and
guillemets); single quotes stay inside the segment that holds them, so an apostrophe
(’70s, don’t) never starts or ends anything. Whether a mark opens or closes is read from
its neighbours, as Markdown reads emphasis: a mark followed by a word opens, one that
follows a word closes; a curly mark's own direction breaks ties.

Paragraphs are lines. A segment normally ends in the paragraph it started in; it may run
on into the next line when that line holds its closing mark before any new opening one
(a quote broken by a line break), and a paragraph whose quote never closes continues a
multi-paragraph quote when the next paragraph opens with a quote mark. Anything else
left open is an unbalanced mark and yields nothing. The scan is one linear pass. A quote
of one family of marks nests inside one of the other unless a speech cue (see
:func:`search.attribution.find_cues`) between their closing marks shows the outer marks
to be an excerpt that quotes someone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .attribution import find_cues

OPENERS = "“„«"
CLOSERS = "”»"
STRAIGHT = '"‟'
ALL_MARKS = OPENERS + CLOSERS + STRAIGHT
_MARK_RE = re.compile(f"[{re.escape(ALL_MARKS)}]")
# Double quote marks alone: words in them speak for someone else.
DOUBLE_MARKS = re.compile(r"[\"“”]")
MAX_SEGMENT = 6000  # characters; an "open" quote running longer than this is a stray mark
MAX_PARAGRAPHS = 8  # paragraphs one multi-paragraph quote may span
BOM = "\ufeff"
_OPEN_BEFORE = set(" \t\n([{—–-/>*_\u00a0\u2009\u200a\u2002\u2003'‘’:")


@dataclass(frozen=True, slots=True)
class Segment:
    """The words between one pair of quote marks (offsets exclude the marks).

    ``continued`` is True when this segment carries on an unclosed quote from the
    previous paragraph (the multi-paragraph convention); ``open_mark`` and
    ``close_mark`` are the offsets of the marks themselves (``close_mark`` is ``None``
    for a paragraph whose quote runs on into the next).
    """

    start: int
    end: int
    open_mark: int
    close_mark: int | None
    continued: bool = False


def _direction(text: str, i: int) -> str:
    """'open', 'close', 'either' or 'none' for the mark at ``i``."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else "\n"
    if prev == BOM:
        prev = "\n"  # a byte-order mark opens the file (Windows editors write one)
    nxt = text[i + 1] if i + 1 < len(text) else "\n"
    if prev == "\n" and nxt != "\n":
        return "open"  # a paragraph never starts by closing a quote: ”… he said” is a typo
    can_open = not nxt.isspace() and (prev.isspace() or prev in _OPEN_BEFORE or prev in ALL_MARKS)
    can_close = not prev.isspace()
    if nxt.isalnum() and prev.isalnum():
        can_open = can_close = True
    if ch in OPENERS:
        # a curly opener glued to the punctuation before it: ‘Ryan said,“Look’
        if can_open or not can_close or (prev in ",.:;!?" and nxt.isalnum()):
            return "open" if not nxt.isspace() else "either"
        return "close"
    if ch in CLOSERS:
        if can_close or not can_open:
            return "close" if not prev.isspace() else "either"
        return "open"
    if can_open and not can_close:
        return "open"
    if can_close and not can_open:
        return "close"
    return "either"


def _line_end(text: str, i: int) -> int:
    """The end of the line holding ``i``, looking no further than a segment's length."""
    end = text.find("\n", i, i + MAX_SEGMENT)
    return min(len(text), i + MAX_SEGMENT) if end < 0 else end


def _strip_span(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b


def _next_paragraph_start(text: str, end: int) -> int | None:
    """Offset of the first non-space character of the next non-empty line."""
    m = re.compile(r"\n\s*").match(text, end)
    if not m:
        return None
    return m.end() if m.end() < len(text) else None


def find_segments(text: str) -> list[Segment]:
    """Every quoted segment of ``text``, in order."""
    marks = [(m.start(), _direction(text, m.start())) for m in _MARK_RE.finditer(text)]
    segments: list[Segment] = []
    open_at: int | None = None  # offset of the pending opening mark
    continued = False  # the pending quote continues one from the previous paragraph
    paragraphs = 0
    depth = 0  # curly quotes nested inside the pending one
    k = 0
    while k < len(marks):
        pos, kind = marks[k]
        if open_at is not None:
            # Has the pending quote crossed a line break before this mark?
            line_end = text.find("\n", open_at, pos)
            if line_end >= 0:
                depth = 0
                outcome = _resolve_line_break(text, open_at, line_end, marks, k)
                if outcome == "continue":
                    pass  # closes later in the next line: keep it open
                elif outcome == "multi":
                    a, b = _strip_span(text, open_at + 1, line_end)
                    if b > a:
                        segments.append(Segment(a, b, open_at, None, continued))
                    paragraphs += 1
                    nxt = _next_paragraph_start(text, line_end)
                    # the next paragraph's opening mark re-opens the same quote
                    while k < len(marks) and marks[k][0] < (nxt or 0):
                        k += 1
                    if k < len(marks) and nxt is not None and marks[k][0] == nxt:
                        open_at, continued = nxt, True
                        k += 1
                        if paragraphs > MAX_PARAGRAPHS:
                            open_at, continued, paragraphs = None, False, 0
                    else:
                        open_at, continued = None, False
                    continue
                else:  # stray mark: forget it and look at this mark afresh
                    open_at, continued, paragraphs = None, False, 0
                    continue
            if pos - open_at > MAX_SEGMENT:
                open_at, continued, paragraphs = None, False, 0
                continue
            if kind in ("close", "either") and depth:
                depth -= 1  # closes a quote nested inside this one
            elif kind in ("close", "either"):
                a, b = _strip_span(text, open_at + 1, pos)
                if b > a:
                    segments.append(Segment(a, b, open_at, pos, continued))
                open_at, continued, paragraphs = None, False, 0
            elif kind == "open" and _nests(text, open_at, marks, k):
                depth += 1
            elif kind == "open":
                # two openers in a row: the first was stray, unless this one is really
                # the end of a word followed by punctuation (handled as 'either' above)
                open_at = pos
                continued = False
            k += 1
            continue
        if kind == "open" or (kind == "either" and _looks_like_opening(text, pos)):
            open_at, continued, paragraphs = pos, False, 0
        k += 1
    if open_at is not None:
        line_end = text.find("\n", open_at)
        if line_end < 0 and continued:
            a, b = _strip_span(text, open_at + 1, len(text))
            if b > a:
                segments.append(Segment(a, b, open_at, None, continued))
    return segments


def _nests(text: str, open_at: int, marks: list[tuple[int, str]], k: int) -> bool:
    """An opening mark inside an open quote starts a nested quote when the rest of the
    line closes both: curly in curly (“… what he calls “hell” than …”), or one family
    inside the other ("She said “no” and left," or “She said "no" and left,”). Straight
    marks inside straight ones cannot be told apart from a new quote."""
    outer_straight, inner_straight = text[open_at] in STRAIGHT, text[marks[k][0]] in STRAIGHT
    if outer_straight and inner_straight:
        return False
    if outer_straight != inner_straight:
        return _closes_both(text, marks, k, inner_straight, outer_straight)
    limit = marks[k][0] + MAX_SEGMENT
    closers = 0
    for pos, kind in marks[k + 1 : k + 12]:  # a nested quote closes soon: look a little way
        if pos >= limit or "\n" in text[marks[k][0] : pos]:
            break
        if kind == "open":
            return False
        closers += kind in ("close", "either")
    return closers >= 2


def _closes_both(
    text: str, marks: list[tuple[int, str]], k: int, inner_straight: bool, outer_straight: bool
) -> bool:
    """Whether, on the line of the mark ``marks[k]``, a closing mark of the inner quote's
    family comes, then one of the outer's, before any other opening."""
    start = marks[k][0]
    wanted = [inner_straight, outer_straight]
    inner_end = start
    for pos, kind in marks[k + 1 : k + 12]:
        if pos >= start + MAX_SEGMENT or "\n" in text[start:pos]:
            return False
        straight = text[pos] in STRAIGHT
        if kind in ("close", "either") and straight == wanted[0]:
            wanted.pop(0)
            if not wanted:
                # an attribution between the two closings makes the outer marks an
                # excerpt quoting someone ("“…,” Rubio responded before adding …"):
                # the inner quote is the quote then
                return not find_cues(text, inner_end, pos)
            inner_end = pos
        elif kind == "open":
            return False
    return False


def _looks_like_opening(text: str, pos: int) -> bool:
    """An undecided mark opens when a word follows it, or when it is a curly opener
    standing apart (‘Henry said. “ You know, …”’: its own shape says which it is)."""
    nxt = text[pos + 1] if pos + 1 < len(text) else " "
    if text[pos] in OPENERS and nxt in " \u00a0" and (pos == 0 or text[pos - 1].isspace()):
        return True
    return not nxt.isspace()


def _resolve_line_break(
    text: str, open_at: int, line_end: int, marks: list[tuple[int, str]], k: int
) -> str:
    """What an open quote does at the end of its line.

    'multi': the next paragraph opens with a quote mark of the same family (the quote
    continues there); 'continue': the next line closes it before opening anything (a
    line break inside the quote); 'stray': neither, so the opening mark was unbalanced.
    """
    nxt = _next_paragraph_start(text, line_end)
    if nxt is None:
        return "stray"
    straight_open = text[open_at] in STRAIGHT
    same_family = text[nxt] in ALL_MARKS and (text[nxt] in STRAIGHT) == straight_open
    if same_family and _direction(text, nxt) in ("open", "either"):
        return "multi"  # the next paragraph opens with a real opening mark
    if text.count("\n", line_end, nxt) > 1:
        return "stray"  # a blank line: a new paragraph, not a wrapped line
    next_line_end = _line_end(text, nxt)
    while k < len(marks) and marks[k][0] < next_line_end:
        pos, kind = marks[k]
        if pos >= nxt:
            return "continue" if kind in ("close", "either") else "stray"
        k += 1
    return "stray"
