"""HTML built from document text: highlighted matches, marked quotes, excerpts.

Every piece of text that comes from a document, a query or the index is escaped here
(``markupsafe.escape``); the only markup added is our own ``<mark>``, ``<a>`` and
``<span>`` tags around escaped text, built from offsets. Raw text is never marked safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from search.query import Fragment

ELLIPSIS = "…"


def highlighted(fragments: Sequence[Fragment], whole_length: int) -> Markup:
    """Highlight fragments as HTML: escaped text with each match in ``<mark>``, an
    ellipsis where a fragment was cut from a longer field, fragments joined by one."""
    parts = []
    for frag in fragments:
        out: list[str] = []
        pos = 0
        for a, b in frag.matches:
            if a < pos or b > len(frag.text) or a >= b:
                continue  # malformed or overlapping match: leave the text unmarked
            out.append(escape(frag.text[pos:a]))
            out.append(Markup("<mark>%s</mark>") % frag.text[a:b])
            pos = b
        out.append(escape(frag.text[pos:]))
        body = Markup("").join(out)
        if frag.start > 0:
            body = ELLIPSIS + body
        if frag.start + len(frag.text) < whole_length:
            body = body + ELLIPSIS
        parts.append(body)
    return Markup(" ").join(parts)


@dataclass(frozen=True)
class Mark:
    """A range of a text to mark: ``css`` is its class; ``href`` makes it a link;
    ``anchor`` gives its first piece an ``id``; ``title`` a tooltip."""

    start: int
    end: int
    css: str = "quote"
    href: str | None = None
    anchor: str | None = None
    title: str | None = None


def marked(text: str, marks: Iterable[Mark], start: int = 0, end: int | None = None) -> Markup:
    """``text[start:end]`` as HTML with ``marks`` (offsets into ``text``) wrapped in
    ``<mark>`` (or ``<a><mark>`` for a link).

    Marks may overlap or nest (a quote reported inside another): the text is cut at
    every mark boundary and each piece takes the classes of all the marks covering it
    and the link of the innermost one.
    """
    end = len(text) if end is None else end
    spans = [m for m in marks if m.start < m.end and m.end > start and m.start < end]
    cuts = {start, end}
    for m in spans:
        cuts.update(x for x in (m.start, m.end) if start < x < end)
    points = sorted(cuts)
    out: list[Markup] = []
    anchored: set[str] = set()
    for a, b in zip(points, points[1:], strict=False):
        covering = [m for m in spans if m.start <= a and m.end >= b]
        piece = text[a:b]
        if not covering:
            out.append(escape(piece))
            continue
        inner = min(covering, key=lambda m: (m.end - m.start, -m.start))
        css = " ".join(dict.fromkeys(m.css for m in covering))
        attrs = Markup(' class="%s"') % css
        anchors = [m.anchor for m in covering if m.anchor and m.anchor not in anchored]
        if anchors:
            anchored.add(anchors[0])
            attrs += Markup(' id="%s"') % anchors[0]
        if inner.title:
            attrs += Markup(' title="%s"') % inner.title
        html = Markup("<mark%s>%s</mark>") % (attrs, piece)
        if inner.href:
            html = Markup('<a href="%s">%s</a>') % (inner.href, html)
        out.append(html)
    return Markup("").join(out)


_BLANK_LINE = re.compile(r"\n[ \t\f\v]*\n\s*")
LONG_BLOCK = 3000  # a block longer than this (no blank lines) is split at line breaks


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The ``(start, end)`` offsets of the text's paragraphs: blocks between blank
    lines, or single lines when a block is very long (text without blank lines)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_BLANK_LINE.finditer(text), None]:
        stop = m.start() if m else len(text)
        _add_block(text, pos, stop, out)
        if m:
            pos = m.end()
    return out


def _add_block(text: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    if b - a > LONG_BLOCK and "\n" in text[a:b]:
        for m in re.finditer(r"[^\n]+", text[a:b]):
            _add_block(text, a + m.start(), a + m.end(), out)
        return
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    if a < b:
        out.append((a, b))


def excerpt(
    text: str, spans: Sequence[Sequence[int]], around: int = 1, max_chars: int = 6000
) -> list[tuple[int, int]]:
    """The paragraphs that hold the spans, plus ``around`` paragraphs on each side,
    as ``(start, end)`` ranges; neighbours are dropped once ``max_chars`` is reached."""
    if not spans:
        return []
    paras = paragraphs(text)
    first, last = spans[0][0], spans[-1][1]
    inside = [i for i, (a, b) in enumerate(paras) if b > first and a < last]
    if not inside:
        return []
    lo, hi = inside[0], inside[-1]
    size = sum(b - a for a, b in paras[lo : hi + 1])
    for _ in range(around):
        for i in (lo - 1, hi + 1):
            if 0 <= i < len(paras) and size + paras[i][1] - paras[i][0] <= max_chars:
                size += paras[i][1] - paras[i][0]
                lo, hi = min(lo, i), max(hi, i)
    return paras[lo : hi + 1]
