"""Interview transcripts: question and answer turns in running text.

Recognised turn labels at the start of a line: ``(Q):`` / ``(A-Faris):`` (also without
the colon or with a space after the dash), ``Q:`` / ``A:``, and ``NAME: text`` where
NAME is a person's name or surname (capitalised or in capitals). A ``NAME:`` label counts
only when the document has at least two such turns, so a stray "Warning: …" line is not
a transcript, and only when its line reads as speech: "Anna Berg: 1,769." and
"Results: Berg 1,204, Roe 998." (tallies) and "Growers: Tom Fielding, Jo Diaz, …" (a
roster) are data, not turns. Lines that follow a turn directly, with no blank line and
no label of their own, continue it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .speakers import NOT_NAMES, PARTICLES

_QA = re.compile(
    r"[ \t\"“]*\(\s*(?P<role>[QA])\s*(?:[-–—:]\s*(?P<name>[^)\n]{1,40}?))?\s*\)\s*:?[ \t]*"
    r"|[ \t\"“]*(?P<role2>[QA])\s*:[ \t]+"
)
_NAME = re.compile(
    r"[ \t\"“]*(?P<name>(?:[A-Z][\w’'.\-]*)(?:[ \t]+[A-Z][\w’'.\-]*){0,3}):[ \t]+(?=\S)"
)
_WORDS = re.compile(r"[^\W\d_]+")
# Names each followed by a number: a tally ("Okafor 1,204, Patel 998 (45%)."). Each
# part has one way to match (a number's commas come in threes), so a long line that is
# no tally fails fast.
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?%?"
_TALLY_ITEM = rf"[^\W\d_][\w’'.\-]*(?:\s+[^\W\d_][\w’'.\-]*)*\s+{_NUMBER}(?:\s*\({_NUMBER}\))?"
_TALLY = re.compile(rf"{_TALLY_ITEM}(?:[,;]\s*{_TALLY_ITEM})*\.?")
ROSTER_ITEMS = 4  # comma-separated names from which a line with no common word is a list
# Lower-case words that a list of names may have ("Ed van Dam, ... and Jo Diaz").
NAME_LINKS = frozenset(PARTICLES | {"and"})
NOT_LABELS = NOT_NAMES | {
    "note",
    "update",
    "updated",
    "photo",
    "photos",
    "source",
    "sources",
    "correction",
    "related",
    "watch",
    "read",
    "posted",
    "by",
    "credit",
    "image",
    "video",
    "caption",
    "warning",
    "disclaimer",
    "transcript",
    "tags",
    "filed",
    "topics",
    "see",
    "also",
    "listen",
    "subscribe",
    "email",
    "phone",
    "address",
    "website",
    "location",
    "date",
    "time",
    "price",
    "cast",
    "director",
    "directed",
    "written",
    "runtime",
    "rated",
    "genre",
    "starring",
    "producer",
    "music",
    "country",
    "language",
    "budget",
    "box",
    "office",
    "release",
    "running",
    "edited",
    "cinematography",
    "distributed",
    "produced",
    "question",
    "answer",
    "editor's",
    "editors",
    "full",
    "movie",
    "trailer",
    "more",
    "bottom",
    "line",
    "verdict",
    "score",
    "rating",
    "pros",
    "cons",
    "summary",
    # kickers and credit lines of news stories: "BREAKING: …", "Contributing: …"
    "contributing",
    "contributors",
    "breaking",
    "exclusive",
    "revealed",
    "analysis",
    "opinion",
    "editorial",
    "name",
}


@dataclass(frozen=True, slots=True)
class Turn:
    """One transcript turn: who speaks (label and name) and the spans of what is said."""

    role: str  # "q", "a" or "name"
    name: str | None
    label_start: int
    label_end: int
    spans: tuple[tuple[int, int], ...]


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


def _label(text: str, a: int, b: int) -> tuple[str, str | None, int, int, int] | None:
    """(role, name, label start, label end, body start) for a labelled line."""
    m = _QA.match(text, a, b)
    if m:
        role = (m.group("role") or m.group("role2")).lower()
        name = (m.group("name") or "").strip() or None
        label_start = a + len(text[a : m.end()]) - len(text[a : m.end()].lstrip(' \t"“'))
        label_end = text.rfind(")", a, m.end()) + 1 or m.end()
        if m.group("role2"):
            label_end = text.find(":", a, m.end()) + 1
        return role, name, label_start, label_end, m.end()
    m = _NAME.match(text, a, b)
    if m:
        words = m.group("name").split()
        if any(w.rstrip(".").lower() in NOT_LABELS for w in words):
            return None
        if not all(w[:1].isupper() for w in words):
            return None
        return "name", m.group("name"), m.start("name"), m.end("name") + 1, m.end()
    return None


def is_speech(said: str) -> bool:
    """Whether the text after a ``NAME:`` label reads as something said, not data: it
    has words, and is not a list of names (at least :data:`ROSTER_ITEMS` items between
    commas with no lower-case word but those of :data:`NAME_LINKS`)."""
    words = _WORDS.findall(said)
    if not words:
        return False
    if _TALLY.fullmatch(said.strip()):
        return False  # "Results: Okafor 1,204, Patel 998."
    if sum(1 for item in said.split(",") if item.strip()) < ROSTER_ITEMS:
        return True
    return any(w.islower() and w not in NAME_LINKS for w in words)


def find_turns(text: str) -> list[Turn]:
    """The transcript turns of a document, in order (empty for ordinary articles)."""
    lines = _lines(text)
    labelled: dict[int, tuple[str, str | None, int, int, int]] = {}
    for k, (a, b) in enumerate(lines):
        found = _label(text, a, b)
        if found and text[found[4] : b].strip():
            labelled[k] = found
    # A data line under a name label is no turn, but it still ends the turn before it.
    data = {
        k
        for k, (role, _, _, _, body) in labelled.items()
        if role == "name" and not is_speech(text[body : lines[k][1]])
    }
    if sum(1 for k, v in labelled.items() if v[0] == "name" and k not in data) < 2:
        labelled = {k: v for k, v in labelled.items() if v[0] != "name"}
    turns: list[Turn] = []
    for k in sorted(labelled):
        if k in data:
            continue
        role, name, ls, le, body = labelled[k]
        spans = [_strip(text, body, lines[k][1])]
        j = k + 1
        while j < len(lines) and j not in labelled:
            a, b = lines[j]
            if not text[a:b].strip():
                break
            spans.append(_strip(text, a, b))
            j += 1
        turns.append(Turn(role, name, ls, le, tuple(s for s in spans if s[1] > s[0])))
    return [t for t in turns if t.spans]


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
