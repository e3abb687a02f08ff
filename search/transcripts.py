"""Interview transcripts: question and answer turns in running text.

Recognised turn labels at the start of a line: ``(Q):`` / ``(A-Faris):`` (also without
the colon or with a space after the dash), ``Q:`` / ``A:``, and ``NAME: text`` where
NAME is a person's name or surname (capitalised or in capitals). A ``NAME:`` label counts
only when the document has at least two such turns, so a stray "Warning: …" line is not
a transcript, and only when its line reads as speech: "Anna Berg: 1,769." and
"Results: Berg 1,204, Roe 998." (tallies) and "Growers: Tom Fielding, Jo Diaz, …" (a
roster) are data, not turns. Lines that follow a turn directly, with no blank line and
no label of their own, continue it, and so does a paragraph of its own between two turns
when it speaks in the first person and quotes no one (an answer of two paragraphs).

A time stamp may come before a label (``[00:00:36] NADIA KOVAC:``, ``(12:34) Q:``): the
turn keeps it. A note may follow a name (``ILUNGA (laughing):``); after a role such as
``CALLER`` it names the speaker (``CALLER (MAUREEN, DULUTH):``). A stage direction that
opens or ends a turn (``[laughs]``) is not part of what is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .formats import clock
from .speakers import NOT_NAMES, PARTICLES

# A time stamp before a label: "[00:00:36] NADIA KOVAC: …", "(12:34) Q: …", "0:36 - Anna:"
_STAMP = (
    r"(?:[ \t]*[\[(]?(?P<stamp>\d{1,2}:\d{2}(?::\d{2})?)(?:[.,]\d+)?[\])]?[ \t]*"
    r"(?:[-–—][ \t]*)?)?"
)
_QA = re.compile(
    _STAMP
    + r"(?:[ \t\"“]*\(\s*(?P<role>[QA])\s*(?:[-–—:]\s*(?P<name>[^)\n]{1,40}?))?\s*\)\s*:?[ \t]*"
    r"|[ \t\"“]*(?P<role2>[QA])\s*:[ \t]+)"
)
# "NAME: …", also with a note after the name: "CALLER (MAUREEN, DULUTH): …"
_NAME = re.compile(
    _STAMP + r"[ \t\"“]*(?P<name>(?:[A-Z][\w’'.\-]*)(?:[ \t]+[A-Z][\w’'.\-]*){0,3})"
    r"(?:[ \t]*\((?P<note>[^()\n]{1,60})\))?(?P<colon>:)[ \t]+(?=\S)"
)
# Labels that say what someone is, not who: the note after them names the person.
_ROLE_LABELS = frozenset({"caller", "guest", "listener", "viewer", "reader", "participant"})
# A stage direction that opens a turn: "[laughs]", "(LAUGHTER)", "[PAPER RUSTLING]".
_DIRECTION = re.compile(r"[\[(][^\[\]()\n]{1,40}[\])][ \t]+(?=\S)")
# At the end of a turn only the words of a direction are taken for one ("[LAUGHTER]",
# "(laughs)"), not an editor's words or an acronym: "we talked [about the bill]",
# "the World Health Organization (WHO)".
_DIRECTION_WORDS = (
    r"(?i:(?:\w+[ \t]){0,3}(?:laugh\w*|applause|cheer\w*|paus\w*|sigh\w*|chuckl\w*|cough\w*"
    r"|crosstalk|inaudible|unintelligible|indiscernible|music|clears[ \t]throat"
    r"|video(?:[ \t]clip|tape)?|soundbite(?:[ \t]of[ \t]\w+)?)\.?)"
)
_CLOSING_DIRECTION = re.compile(rf"[ \t]+(?:\[{_DIRECTION_WORDS}\]|\({_DIRECTION_WORDS}\))[ \t]*$")
CONTINUATION_WORDS = 5  # a paragraph between two turns this long goes on with the first
_DOUBLE_MARKS = re.compile(r"[\"“”]")
# (case matters: "the US economy" is no "us")
_SPEAKING = re.compile(r"\b(?:I|I[’']\w+|[Mm]e|[Mm]y|[Ww]e|[Ww]e[’']\w+|us|[Oo]ur)\b")
_GLUED_Q = re.compile(r"Q[A-Z][a-z]")  # a question whose "Q" label lost its colon: "QWhy?"
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
    """One transcript turn: who speaks (label and name), the spans of what is said and
    the time stamp before its label, if any ("0:36")."""

    role: str  # "q", "a" or "name"
    name: str | None
    label_start: int
    label_end: int
    spans: tuple[tuple[int, int], ...]
    at: str | None = None


def _lines(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_Label = tuple[str, str | None, int, int, int, str | None]


def _label(text: str, a: int, b: int) -> _Label | None:
    """(role, name, label start, label end, body start, time stamp) for a labelled line."""
    m = _QA.match(text, a, b)
    if m:
        role = (m.group("role") or m.group("role2")).lower()
        name = (m.group("name") or "").strip() or None
        label_start = m.start("role") if m.group("role") else m.start("role2")
        if m.group("role"):
            label_start = text.rfind("(", a, label_start)
        label_end = text.rfind(")", a, m.end()) + 1 or m.end()
        if m.group("role2"):
            label_end = text.find(":", label_start, m.end()) + 1
        return role, name, label_start, label_end, m.end(), _stamp(m)
    m = _NAME.match(text, a, b)
    if m:
        name = m.group("name")
        words = name.split()
        if any(w.rstrip(".").lower() in NOT_LABELS for w in words):
            return None
        if not all(w[:1].isupper() for w in words):
            return None
        note = m.group("note")
        if note and name.lower() in _ROLE_LABELS and ":" not in note:
            name = note.split(",")[0].strip()  # "CALLER (MAUREEN, DULUTH)": Maureen
        return "name", name, m.start("name"), m.end("colon"), m.end(), _stamp(m)
    return None


def _stamp(m: re.Match[str]) -> str | None:
    """The time stamp before a matched label, as quote records give it (see
    :func:`search.formats.clock`)."""
    return clock(m.group("stamp")) if m.group("stamp") else None


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
    labelled: dict[int, _Label] = {}
    for k, (a, b) in enumerate(lines):
        found = _label(text, a, b)
        if found and text[found[4] : b].strip():
            labelled[k] = found
    # A data line under a name label is no turn, but it still ends the turn before it.
    data = {
        k
        for k, (role, _, _, _, body, _) in labelled.items()
        if role == "name" and not is_speech(text[body : lines[k][1]])
    }
    if sum(1 for k, v in labelled.items() if v[0] == "name" and k not in data) < 2:
        labelled = {k: v for k, v in labelled.items() if v[0] != "name"}
    turns: list[Turn] = []
    for k in sorted(labelled):
        if k in data:
            continue
        role, name, ls, le, body, at = labelled[k]
        spans = [_strip(text, *_past_direction(text, body, lines[k][1]))]
        j = k + 1
        while True:
            while j < len(lines) and j not in labelled and text[slice(*lines[j])].strip():
                spans.append(_strip(text, *lines[j]))
                j += 1
            j = _continuation(text, lines, labelled, data, j)
            if j is None:
                break
        spans[-1] = _strip(text, *_before_direction(text, *spans[-1]))
        turns.append(Turn(role, name, ls, le, tuple(s for s in spans if s[1] > s[0]), at))
    return [t for t in turns if t.spans]


def _blank(text: str, line: tuple[int, int]) -> bool:
    return not text[line[0] : line[1]].strip()


def _continuation(
    text: str,
    lines: list[tuple[int, int]],
    labelled: dict[int, _Label],
    data: set[int],
    j: int,
) -> int | None:
    """Where a paragraph starts that goes on with the turn ending before line ``j``: a
    paragraph of its own with no label, when the next one is a turn again (an answer
    that runs to a second paragraph); ``None`` when there is none."""
    n = j
    while n < len(lines) and _blank(text, lines[n]):
        n += 1
    if n == j or n >= len(lines) or n in labelled:
        return None
    m = n
    while m < len(lines) and m not in labelled and not _blank(text, lines[m]):
        m += 1
    paragraph = text[lines[n][0] : lines[m - 1][1]].strip()
    if (
        paragraph[:1] in "[("
        or len(paragraph.split()) < CONTINUATION_WORDS
        or paragraph.endswith("?")
        or _GLUED_Q.match(paragraph)
        or _DOUBLE_MARKS.search(paragraph)
        or not _SPEAKING.search(paragraph)
    ):
        # a caption, a stage direction, a heading, a question, or narrative: the words
        # of a turn speak in the first person and quote no one
        return None
    while m < len(lines) and _blank(text, lines[m]):
        m += 1
    return n if m in labelled and m not in data else None


def _past_direction(text: str, a: int, b: int) -> tuple[int, int]:
    """The body of a turn without the stage direction that opens it: "[laughs] He
    exaggerates." → "He exaggerates."."""
    m = _DIRECTION.match(text, a, b)
    return (m.end(), b) if m else (a, b)


def _before_direction(text: str, a: int, b: int) -> tuple[int, int]:
    """A turn's last line without the stage direction that ends it: "You can have it.
    [LAUGHS]" → "You can have it."."""
    m = _CLOSING_DIRECTION.search(text, a, b)
    return (a, m.start()) if m and text[a : m.start()].strip() else (a, b)


def _strip(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
