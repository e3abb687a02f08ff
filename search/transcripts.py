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
from collections.abc import Iterable
from dataclasses import dataclass

from .attribution import CUE_WORDS
from .formats import clock
from .marks import DOUBLE_MARKS
from .speakers import CALENDAR_WORDS, NOT_NAMES, PARTICLES

# A time of a recording: "0:36", "00:03:12".
_TIME = r"\d{1,2}:\d{2}(?::\d{2})?"
# A time stamp before a label: "[00:00:36] NADIA KOVAC: …", "(12:34) Q: …", "0:36 - Anna:"
_STAMP = (
    rf"(?:[ \t]*[\[(]?(?P<stamp>{_TIME})(?:[.,]\d+)?[\])]?[ \t]*"
    r"(?:[-–—][ \t]*)?)?"
)
_QA = re.compile(
    _STAMP
    + r"(?:[ \t\"“*]*\(\s*(?P<role>[QA])\s*(?:[-–—:]\s*(?P<name>[^)\n]{1,40}?))?\s*\)\s*:?[ \t]*"
    r"|[ \t\"“*]*(?P<role2>[QA])(?:\s*:|(?P<dot>\.))(?:\*\*|__)?[ \t]+)"
)
# "Q. How did …": a label with a full stop (court and press-conference transcripts)
# counts only in a document with at least this many such questions.
_Q_DOT = re.compile(r"^[ \t]*Q\.[ \t]+\S", re.M)
# The Congressional Record's labels, sharing their line with the words: "Senator
# HOLLOWAY. Thank you, Mr. Chairman.", "Ms. PRADHAN. …", "The CHAIRMAN. …"; read in a
# document with RECORD_LABELS of them or more.
_RECORD_LABEL = (
    r"[ \t]*(?P<name>(?:Mr|Ms|Mrs|Miss|Dr|Senator|Representative|Chairman|Chairwoman)\.?"
    r"[ \t]+[A-Z][A-Z’'\-]+(?:[ \t]+[A-Z][A-Z’'\-]+)?"
    r"|The[ \t]+(?:CHAIRMAN|CHAIRWOMAN|CHAIR|PRESIDENT|SPEAKER|CLERK|PRESIDING[ \t]+OFFICER))"
    r"\.[ \t]+(?=\S)"
)
_RECORD = re.compile(_RECORD_LABEL)
_RECORD_LINE = re.compile("^" + _RECORD_LABEL, re.M)
RECORD_LABELS = 3
DOT_QUESTIONS = 2
# "NAME: …", also with a note after the name: "CALLER (MAUREEN, DULUTH): …"
# A name: capitalised words, the last perhaps a number ("Speaker 2", "Juror 3").
_NAME_WORDS = r"(?P<name>(?:[A-Z][\w’'.\-]*)(?:[ \t]+[A-Z][\w’'.\-]*){0,3}(?:[ \t]+\d{1,2})?)"
# a role in capitals after a comma, as TV transcripts give it: "GERAINT HOLLOWAY-BAKR,
# MAYOR OF CALDER FORD:"
_ROLE_WORDS = r"(?:,[ \t]+(?P<role_words>[A-Z][A-Z0-9’'.,&\- \t]{1,80}?))?"
_NAME = re.compile(
    _STAMP
    + r"[ \t\"“*]*"
    + _NAME_WORDS
    + r"(?:\*\*|__)?"
    + _ROLE_WORDS
    + r"(?:[ \t]*\((?P<note>[^()\n]{1,60})\))?(?P<colon>:)(?:\*\*|__)?[ \t]+(?=\S)"
)
# A label alone on its line, what is said following on the next lines: "Speaker 1
# (00:03:12):", "ANNA BERG:", "**Anna Berg:**", "Anna Berg -- Chief Executive Officer"
# (earnings calls), "Speaker 2  0:41", and a chat's "Teodor Vance  10:04 AM" (the time of
# day a message was posted, not a time in a recording).
_HEADER = re.compile(
    _STAMP
    + r"[ \t*_]*"
    + _NAME_WORDS
    + r"(?:\*\*|__)?"
    + _ROLE_WORDS
    + rf"(?:[ \t]*[\[(](?P<stamp2>{_TIME})(?:[.,]\d+)?[\])]"
    rf"|[ \t]+(?P<stamp3>{_TIME})|[ \t]+(?P<posted>{_TIME}[ \t]*[AaPp]\.?[Mm]\.?))?"
    r"[ \t]*(?:(?P<colon>:)(?:\*\*|__)?|(?:--|—|–)[ \t]*(?P<title>\S[^\n]{0,100}))?[ \t]*$"
)
# The role of a journalist telling the story ("PALOMA REYES, BYLINE:" in a public-radio
# transcript): their turns are narration, not quotes, and so are the later turns
# labelled with their surname alone ("REYES:"; not "ROBERT LEE:" after "ANNA LEE"). A
# "REPORTER" or "CORRESPONDENT" may be a guest interviewed, so counts only over a
# filmed report: "DEVIN SAKURADA, MNN CORRESPONDENT (voice-over):". The show's own
# "HOST" or "ANCHOR" narrates too ("CORINNE ABERNATHY, HOST:"; but "IRA GLASS, HOST,
# THIS AMERICAN LIFE:" hosts another show, and may be this one's guest).
_NARRATOR = re.compile(r"\bBYLINE\b|\b(?:HOST|CO-HOST|ANCHOR|CO-ANCHOR)[ \t]*$")
_REPORTER = re.compile(r"\b(?:CORRESPONDENT|REPORTER)\b")
_REPORT_NOTE = re.compile(r"(?i)voice[ -]?over|on[ -]camera|v/?o")
_NAMED = frozenset({"name", "narrator"})
# A dialogue line opened by a dash ("— Normal? It was the law of the house."), as
# translated interviews write turns; a document needs this many to be read so.
_DASH_TURN = re.compile(r"[ \t]*[—–―][ \t]+(?=\S)")
DASH_TURNS = 4
# Narration inside a dash turn: "— Sad is not the word — he says, and stops — sad is …"
_DASH_ASIDE = re.compile(r"[ \t][—–―][ \t]+(?P<aside>[^—–―\n]*?)(?:[ \t][—–―][ \t]+|$)")
# Who keeps a call or a hearing going (their turns are not quotes, but end the turn
# before them): "Operator", "THE MODERATOR:", "THE CLERK:".
PROCEDURAL = frozenset({"operator", "moderator", "clerk", "bailiff", "announcer", "marshal"})
# "THE COURT:", "THE WITNESS:": a role in a hearing, resolved to a person by the
# extractor where it can be.
_ROLE_LABEL = re.compile(r"(?:THE|The)[ \t]+[A-Z][A-Za-z]+(?:[ \t]+[A-Z][A-Za-z]+)?")
# Roles that head a transcript's notes, each followed by a name: "Interviewer: Caspian
# Noor (CN)", "Narrator: Hortensia Valdivia-Broome".
NOTE_LABELS = frozenset(
    {"interviewer", "interviewee", "narrator", "host", "guest", "moderator", "transcriber"}
    | {"producer", "editor", "reporter", "speakers", "participants", "present"}
)
# Labels over a list of people, not a turn: "Witnesses: Dr Okonkwo-Hale and Shona Baird."
LIST_LABELS = frozenset(
    {"present", "absent", "attendees", "attending", "participants", "panelists", "panel"}
    | {"witnesses", "guests", "speakers", "staff", "members", "cast", "also present"}
)
# Labels of a record's facts, never a speaker's: "Length: 1:12:40", "Subjects: …",
# "Rights: Copyright held by …" (an archive's page for an oral history or a recording).
DATA_LABELS = frozenset(
    {"length", "duration", "runtime", "date", "dates", "location", "subject", "subjects"}
    | {"topics", "keywords", "tags", "rights", "copyright", "license", "licence", "format"}
    | {"language", "citation", "cite as", "transcribed by", "category", "collection"}
)
# Labels that number people a transcript does not name: "Speaker 2", "Caller 3".
NUMBERED_ROLES = frozenset(
    {"speaker", "caller", "participant", "juror", "guest", "interviewer", "respondent"}
    | {"voice", "person", "student", "member", "audience", "witness", "panelist"}
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
    r"|video(?:[ \t]clip|tape)?|soundbite(?:[ \t]of[ \t]\w+)?|edited)\.?)"
)
_CLOSING_DIRECTION = re.compile(rf"[ \t]+(?:\[{_DIRECTION_WORDS}\]|\({_DIRECTION_WORDS}\))[ \t]*$")
CONTINUATION_WORDS = 5  # a paragraph between two turns this long goes on with the first
# ... and the paragraphs looked through for where such a run ends, from each turn's end
CONTINUED_PARAGRAPHS = 8
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
# The words of a date or a time: "Tue Mar 02, 2021 6:15 pm".
_DATE_WORDS = CALENDAR_WORDS | {"am", "pm", "a.m", "p.m", "gmt", "utc", "bst", "et"}
_NOTES = re.compile(r"\[[^\]\n]*\]")
_PARENTHESES = re.compile(r"\([^()\n]*\)")
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

    # "q", "a", "name", "answer" (unlabelled, after a marked question) or "narrator" (a
    # journalist telling the story: see _NARRATOR)
    role: str
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


def _label(text: str, a: int, b: int, dots: bool = False, record: bool = False) -> _Label | None:
    """(role, name, label start, label end, body start, time stamp) for a labelled line.

    ``dots``: whether "Q." and "A." are labels in this document (see :data:`DOT_QUESTIONS`);
    ``record``: whether the Congressional Record's are (see :data:`RECORD_LABELS`).
    """
    m = _RECORD.match(text, a, b) if record else None
    if m:
        name = " ".join(m.group("name").split())
        return "name", name, m.start("name"), m.end("name") + 1, m.end(), None
    m = _QA.match(text, a, b)
    if m and (dots or not m.group("dot")):
        role = (m.group("role") or m.group("role2")).lower()
        name = (m.group("name") or "").strip() or None
        if m.group("role"):
            label_start = text.rfind("(", a, m.start("role"))
            label_end = text.rfind(")", a, m.end()) + 1 or m.end()
        else:
            label_start, label_end = m.start("role2"), _strip(text, m.start(), m.end())[1]
        return role, name, label_start, label_end, m.end(), _stamp(m)
    m = _NAME.match(text, a, b)
    if m:
        name = _name_of(m.group("name"))
        if name is None or (m.group("role_words") and len(name.split()) < 2):
            return None  # "PARIS, FRANCE: Protests …" is a dateline, not a name and a role
        note, at = m.group("note"), _stamp(m)
        if note and _CLOCK.fullmatch(note.strip()):
            at = at or clock(note.strip())  # "Speaker 1 (00:03:12): …"
        elif note and name.lower() in _ROLE_LABELS and ":" not in note:
            name = note.split(",")[0].strip()  # "CALLER (MAUREEN, DULUTH)": Maureen
        role = _role_of(m.group("role_words"), note)
        numbered = _QUESTION_NUMBER.match(name)  # "Q42 Chair": the committee's chair
        name = name[numbered.end() :] if numbered else name
        return role, name, m.start("name"), _strip(text, m.start(), m.end())[1], m.end(), at
    return None


_CLOCK = re.compile(rf"{_TIME}(?:[.,]\d+)?")
# The number a select committee's transcript puts before the member who asks: "Q42 Chair:".
_QUESTION_NUMBER = re.compile(r"Q\d{1,4}[ \t]+(?=\S)")


def _name_of(label: str) -> str | None:
    """The name a label gives, or ``None`` when the words are no one's ("Note:",
    "Related Stories:"); "THE COURT" and such roles are kept as they are."""
    if _ROLE_LABEL.fullmatch(label):
        return label
    words = label.split()
    if any(w.rstrip(".").lower() in NOT_LABELS for w in words):
        return None
    if not all(w[:1].isupper() or w.isdigit() for w in words):
        return None
    if words[-1].isdigit() and (len(words) != 2 or words[0].lower() not in NUMBERED_ROLES):
        return None  # "Speaker 2", not "Step 1", "Day 1" or "Arsenal 2"
    return label


def _header(text: str, a: int, b: int) -> tuple[_Label, str] | None:
    """A label alone on its line (see :data:`_HEADER`), as a label whose body starts on
    the next line, with its kind ("stamp", "posted", "title", "colon" or "role");
    ``None`` for a line that is no such label. Only a label with a colon, a time stamp,
    a time of day or a title after it counts, or a :data:`PROCEDURAL` role alone
    ("Operator"): a line of capitalised words alone is a heading."""
    m = _HEADER.match(text, a, b)
    if not m:
        return None
    name = _name_of(m.group("name"))
    if name is None:
        return None
    role_words = m.group("role_words")
    if role_words and (len(name.split()) < 2 or not m.group("colon")):
        return None  # "PARIS, FRANCE:" is a dateline
    stamp = m.group("stamp") or m.group("stamp2") or m.group("stamp3")
    if m.group("stamp") and not m.group("colon"):
        return None  # "14:32 GMT", a live blog's entry, is no label: "[00:01:02] Anna:" is
    marked = m.group("colon") or m.group("title") or stamp or m.group("posted")
    if not marked and name.lower() not in PROCEDURAL:
        return None
    if m.group("title") and len(name.split()) < 2:
        return None  # "Operator -- ", "Chapter 1 -- …": a title follows a full name
    end = _strip(text, a, b)[1]
    if stamp:
        kind = "stamp"
    elif m.group("posted"):
        kind = "posted"
    elif m.group("title"):
        kind = "title"
    else:
        kind = "colon" if marked else "role"
    role = _role_of(role_words)
    return (role, name, m.start("name"), end, b, clock(stamp) if stamp else None), kind


def _role_of(role_words: str | None, note: str | None = None) -> str:
    """A named label's role: "narrator" for a journalist's (a BYLINE, the show's own
    HOST or ANCHOR, a correspondent over a filmed report: see :data:`_NARRATOR`), else
    "name"."""
    role_words = role_words or ""
    if _NARRATOR.search(role_words) or (
        _REPORTER.search(role_words) and note and _REPORT_NOTE.fullmatch(note.strip())
    ):
        return "narrator"
    return "name"


def _stamp(m: re.Match[str]) -> str | None:
    """The time stamp before a matched label, as quote records give it (see
    :func:`search.formats.clock`)."""
    return clock(m.group("stamp")) if m.group("stamp") else None


def is_speech(said: str, label: str = "") -> bool:
    """Whether the text after a ``NAME:`` label reads as something said, not data: it
    has words, and is none of these: a tally ("Berg 1,204, Roe 998."), a date with its
    numbers ("Joined: Tue Mar 02, 2021 6:15 pm"), a menu of items set off by "•" or
    "|", capitalised words with no sentence (a name or a headline: "Interviewer:
    Caspian Noor (CN)"; in capitals only after a role of :data:`NOTE_LABELS`), or a
    list of names (any number after a label of :data:`LIST_LABELS`, else at least
    :data:`ROSTER_ITEMS` items between commas, or three between semicolons, with no
    lower-case word but those of :data:`NAME_LINKS`, notes in brackets aside), or a
    record's fact after a label of :data:`DATA_LABELS`."""
    words = _WORDS.findall(said)
    if not words:
        return False
    if _TALLY.fullmatch(said.strip()):
        return False  # "Results: Okafor 1,204, Patel 998."
    if any(c.isdigit() for c in said) and all(w.lower() in _DATE_WORDS for w in words):
        return False  # "Joined: Tue Mar 02, 2021 6:15 pm" (a forum's profile line)
    if said.count(" • ") >= 2 or said.count(" | ") >= 2:
        return False  # "Trending: Oscars 2025 • Box office weekend • …" (a menu)
    listed = _NOTES.sub("", said)
    key = " ".join(label.lower().split())
    if key in DATA_LABELS:
        return False  # "Length: 1:12:40 (excerpt)"
    if key in LIST_LABELS and not any(
        w.islower() and w not in NAME_LINKS for w in _WORDS.findall(listed)
    ):
        return False  # "Witnesses: Dr Okonkwo-Hale, Professor Tregarthen and Shona Baird."
    named = _WORDS.findall(_PARENTHESES.sub("", said))  # "Bea Kowalczyk (b. 1938)"
    if (
        len(named) >= 2
        and not said.rstrip().endswith((".", "!", "?", "…"))
        and not any(w.islower() and w not in NAME_LINKS for w in named)
        and (label.lower() in NOTE_LABELS or not said.isupper())
    ):
        # a name or a headline in capitalised words, no sentence: "Interviewer: Caspian
        # Noor (CN)", "Words: Hattie Lowther-Quinn" (but a closed caption's capitals
        # are speech: "ANDERSON: WE ARE LIVE FROM THE BORDER")
        return False
    # a roster's notes do not count: "Senators Ashworth [presiding], Dekker, …"
    commas = sum(1 for item in re.split(r"[,;]", listed) if item.strip())
    semicolons = sum(1 for item in listed.split(";") if item.strip())
    if (commas < ROSTER_ITEMS and semicolons < 3) or said.isupper():
        return True  # few items, or a caption in capitals ("WE WAIT; WE WATCH; WE HOPE.")
    return any(w.islower() and w not in NAME_LINKS for w in _WORDS.findall(listed))


def opens_turn(line: str) -> bool:
    """Whether a line opens with a transcript's label of any kind: "Q:", "(A-Faris):",
    "ANNA BERG:", "Jane Hollis:", "**Q:**", "Senator HOLLOWAY."."""
    return bool(_QA.match(line) or _NAME.match(line) or _RECORD.match(line))


def find_turns(text: str) -> list[Turn]:
    """The transcript turns of a document, in order (empty for ordinary articles)."""
    lines = _lines(text)
    dots = len(_Q_DOT.findall(text)) >= DOT_QUESTIONS
    record = len(_RECORD_LINE.findall(text)) >= RECORD_LABELS
    labelled: dict[int, _Label] = {}
    heads: dict[int, tuple[_Label, str]] = {}
    for k, (a, b) in enumerate(lines):
        found = _label(text, a, b, dots, record)
        if found and text[found[4] : b].strip():
            labelled[k] = found
        elif (head := _header(text, a, b)) is not None:
            heads[k] = head
    # A data line under a name label is no turn, but it still ends the turn before it.
    data = {
        k
        for k, (role, name, _, _, body, _) in labelled.items()
        if role in _NAMED and not is_speech(text[body : lines[k][1]], name or "")
    }
    if sum(1 for k, v in labelled.items() if v[0] in _NAMED and k not in data) < 2:
        labelled = {k: v for k, v in labelled.items() if v[0] not in _NAMED}
    marked = _marked_questions(text, lines, labelled)
    labelled.update(marked)
    headers = _headers(text, lines, heads, labelled)
    labelled.update(headers)
    labelled.update(_dash_turns(text, lines, labelled))
    _hosts(text, lines, labelled, data)
    _narrators(labelled)
    turns: list[Turn] = []
    last = max(labelled, default=-1)
    for k in sorted(labelled):
        if k in data:
            continue
        role, name, ls, le, body, at = labelled[k]
        dashed = False
        if k in headers:
            spans, j = _header_body(text, lines, labelled, k + 1)
        elif k in marked:  # the question's line alone, without the marks closing it
            end = body + len(text[body : lines[k][1]].rstrip().rstrip("*_"))
            spans, j = [(body, end)], k + 1
        else:
            spans = [_strip(text, *_past_direction(text, body, lines[k][1]))]
            # a paragraph after a question is its answer (see _unlabelled_answer), and in
            # a dialogue of dashes each turn opens with its own
            dashed = le - ls == 1 and bool(_DASH_TURN.match(text, *lines[k]))
            j = _run_on(
                text,
                lines,
                labelled,
                data,
                k + 1,
                spans,
                paragraphs=role != "q" and not dashed,
                speaker=name,
                last=last,
            )
        if spans and dashed:
            spans = [part for span in spans for part in _without_asides(text, *span)]
        if spans:
            turns.append(Turn(role, name, ls, le, _trimmed(text, spans), at))
        if role == "q":
            answer = _unlabelled_answer(text, lines, labelled, data, j, last)
            if answer:
                role = "answer" if k in marked else "a"
                turns.append(Turn(role, None, answer[0][0], answer[0][0], _trimmed(text, answer)))
    if marked and not _first_person(text, [t for t in turns if t.role == "answer"]):
        # an FAQ set in bold ("**How do I apply?**"): its answers are no one's words
        turns = [t for t in turns if t.role != "answer"]
    return [t for t in turns if t.spans]


# A question set apart by its type alone, in bold or italics ("**Where did the title
# come from?**", "*When did you know?*"): an interviewer's, in a document with
# MARKED_QUESTIONS of them or more. (Questions after a dash are a dialogue's: see
# _dash_turns.)
_MARKED_QUESTION = re.compile(r"(\*\*|__|\*|_)(?=\S)(.+?\?)\1")
MARKED_QUESTIONS = 3
# A sentence in bold, not a heading: it has a word in lower case and ends as a sentence.
_MARKED_PROMPT = re.compile(r"(\*\*|__)(?=\S)(?=[^*_]*\b[a-z])([^*_]+?[.…!])\1")
_DASH_QUESTION = re.compile(r"[—–―][ \t]*(\S.*\?)")
_I = re.compile(r"\b(?:I|I'm|I’m|I've|I’ve|I'd|I’d|[Mm]e|[Mm]y|[Mm]yself|[Ww]e|[Oo]ur|[Uu]s)\b")
# Words in quotation marks, which speak for someone else: "Tom Reyes said, “It will hurt
# my shop.”" is no answer in the first person.
_IN_MARKS = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def _marked_questions(
    text: str, lines: list[tuple[int, int]], labelled: dict[int, _Label]
) -> dict[int, _Label]:
    """The lines that are only an interviewer's question, marked as such (see
    :data:`_MARKED_QUESTION`), as "q" labels; none if fewer than
    :data:`MARKED_QUESTIONS`."""
    found: dict[int, _Label] = {}
    dashed: dict[int, _Label] = {}
    prompts: dict[int, _Label] = {}
    for k, (a, b) in enumerate(lines):
        line = text[a:b]
        start = a + len(line) - len(line.lstrip())
        if k in labelled:
            continue
        m = _MARKED_QUESTION.fullmatch(line.strip())
        if m is not None:
            body = start + m.start(2)
            found[k] = ("q", None, start, body, body, None)
        elif (d := _DASH_QUESTION.fullmatch(line.strip())) is not None:
            body = start + d.start(1)
            dashed[k] = ("q", None, start, body, body, None)
        elif (p := _MARKED_PROMPT.fullmatch(line.strip())) is not None:
            body = start + p.start(2)
            prompts[k] = ("q", None, start, body, body, None)
    if len(found) < MARKED_QUESTIONS:
        return {}
    # among questions in bold or italics, one after a dash is asked too ("— How did you
    # fund it?"; dashes alone are a dialogue's: see _dash_turns), and a sentence in bold
    # between them prompts an answer too ("**A lot of people took it personally.**"; not
    # an editor's note before or after them)
    first, last = min(found), max(found)
    return found | dashed | {k: v for k, v in prompts.items() if first < k < last}


def _first_person(text: str, answers: list[Turn]) -> bool:
    """Whether most ``answers`` speak in the first person (singular or plural, outside
    quotation marks), as an interviewee does ("It was my grandmother's phrase"), not as
    an FAQ ("You can apply online") or an article under questions set as headings."""
    said = sum(
        1 for t in answers if any(_I.search(_IN_MARKS.sub("", text[a:b])) for a, b in t.spans)
    )
    return 2 * said >= len(answers) > 0


# A show's opening words: "Hello and welcome to Sound Science", "you're listening to The
# Weekend Plate" (not "welcome to my kitchen").
_WELCOME = re.compile(
    r"(?i:\bwelcome(?:[ \t]+back)?[ \t]+to|\byou[’']re[ \t]+listening[ \t]+to)"
    r"[ \t]+(?:the[ \t]+)?[A-Z]"
)
HOST_OPENING = 300  # characters of a show's first turns that may introduce its hosts
HOST_SHARE = 0.6  # a host's turns are at most this long, on average, beside a guest's


def _hosts(
    text: str, lines: list[tuple[int, int]], labelled: dict[int, _Label], data: set[int]
) -> None:
    """Make "narrator" (introductions and questions, not quotes) the hosts who open a
    show without a role in their labels: the speaker of the first turn when it welcomes
    the audience to a show or introduces themself ("I'm Priya Raman"), and of the turn
    after it when they introduce themself too ("MEL: … I'm Mel— JONNO: —and I'm
    Jonno"), if their turns are shorter on average than :data:`HOST_SHARE` of another
    speaker's, as an interviewer's are beside a guest's (not a storyteller's, "I'm
    Maria Lopez, I'm 67 years old, and …")."""
    named = [k for k in sorted(labelled) if k not in data and labelled[k][0] in _NAMED]
    if not named:
        return
    key_of = _speaker_keys([labelled[k][1] for k in named])
    candidates: set[str] = set()
    for n, k in enumerate(named[:2]):
        _, name, *_, body, _ = labelled[k]
        opening = text[body : body + HOST_OPENING]
        given = (name or "").split()[:1]
        introduced = bool(given) and re.search(
            rf"\bI(?:[’']m|[ \t]+am)[ \t]+{re.escape(given[0].title())}\b", opening
        )
        if not (introduced or (n == 0 and _WELCOME.search(opening))):
            break
        candidates.add(key_of[name])
    if not candidates:
        return
    lengths: dict[str, list[int]] = {}
    for k, nxt in zip(named, [*named[1:], len(lines)], strict=True):
        end = lines[nxt][0] if nxt < len(lines) else len(text)
        # the turn's first paragraph (what follows the last turn may be the page's)
        said = text[labelled[k][4] : end].strip().split("\n\n")[0]
        lengths.setdefault(key_of[labelled[k][1]], []).append(len(said.split()))
    mean = {key: sum(v) / len(v) for key, v in lengths.items()}
    for k in named:
        role, name, *rest = labelled[k]
        key = key_of[name]
        if key in candidates:
            others = [m for other, m in mean.items() if other != key]
            if others and mean[key] < HOST_SHARE * max(others):
                labelled[k] = ("narrator", name, *rest)


def _speaker_keys(names: Iterable[str | None]) -> dict[str | None, str]:
    """One key for each speaker of a transcript's labels: the full name in capitals,
    which a surname alone stands for when it is one person's ("CORINNE ABERNATHY",
    "ABERNATHY"; not when MARY LEE and JOHN LEE both speak)."""
    full: dict[str, set[str]] = {}
    for name in names:
        if name and len(name.split()) > 1:
            full.setdefault(name.split()[-1].upper(), set()).add(name.upper())
    keys: dict[str | None, str] = {}
    for name in names:
        upper = (name or "").upper()
        owners = full.get(upper, set()) if name and len(name.split()) == 1 else set()
        keys[name] = next(iter(owners)) if len(owners) == 1 else upper
    return keys


def _narrators(labelled: dict[int, _Label]) -> None:
    """Make "narrator" the labels that name a journalist telling the story by surname
    alone ("REYES:" after "PALOMA REYES, BYLINE:")."""
    narrators = {v[1] for v in labelled.values() if v[0] == "narrator" and v[1]}
    surnames = {name.split()[-1] for name in narrators}
    for k, v in labelled.items():
        if v[0] == "name" and v[1] and (v[1] in narrators or v[1] in surnames):
            labelled[k] = ("narrator", *v[1:])


def _trimmed(text: str, spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """A turn's spans without the stage directions that open and end it, and without
    empty ones."""
    spans = [*spans]
    spans[0] = _strip(text, *_past_direction(text, *spans[0]))
    spans[-1] = _strip(text, *_before_direction(text, *spans[-1]))
    return tuple(s for s in spans if s[1] > s[0])


def _run_on(
    text: str,
    lines: list[tuple[int, int]],
    labelled: dict[int, _Label],
    data: set[int],
    j: int,
    spans: list[tuple[int, int]],
    paragraphs: bool = True,
    speaker: str | None = None,
    last: int = -1,
) -> int:
    """Add to ``spans`` the lines from ``j`` that go on with a turn (of ``speaker``, if
    the label names one): those right below, and with ``paragraphs`` the paragraphs that
    continue it (see :func:`_continuation`; ``last``: the last labelled line); where the
    turn ends."""
    while True:
        while j < len(lines) and j not in labelled and text[slice(*lines[j])].strip():
            spans.append(_strip(text, *lines[j]))
            j += 1
        n = _continuation(text, lines, labelled, data, j, speaker, last) if paragraphs else None
        if n is None:
            return j
        j = n


def _headers(
    text: str,
    lines: list[tuple[int, int]],
    heads: dict[int, tuple[_Label, str]],
    labelled: dict[int, _Label],
) -> dict[int, _Label]:
    """The label lines that are a transcript's turns: each followed by words of its own,
    and of a kind the document uses more than once (two time-stamped labels, two
    "Name -- Title" lines, or a name heading two turns with a colon), so that one
    "Contents:" or "Prepared Remarks:" line makes no turn, and two names at least (a
    heading used twice, "Background:", is no conversation). A procedural role alone
    ("Operator") counts in a document with such turns."""
    spoken = {}
    first_lines: list[str] = []  # of the messages under a time of day
    for k, head in heads.items():
        n = k + 1
        while n < len(lines) and _blank(text, lines[n]):
            n += 1
        if n < len(lines) and n not in labelled and n not in heads:
            spoken[k] = head
            if head[1] == "posted":
                first_lines.append(text[slice(*lines[n])])
    # messages under a time of day are a chat if someone asks and someone says "I"; a
    # live blog's bylined entries ("Jane Doe  10:04 AM") are the writers' reports
    if not (
        any("?" in line for line in first_lines)
        and any(_SPEAKING.search(line) for line in first_lines)
    ):
        spoken = {k: head for k, head in spoken.items() if head[1] != "posted"}
    kinds: dict[str, int] = {}
    colons: dict[str, int] = {}
    for label, kind in spoken.values():
        kinds[kind] = kinds.get(kind, 0) + 1
        if kind == "colon":
            colons[label[1] or ""] = colons.get(label[1] or "", 0) + 1
    # once two names head two turns each, a name heading one turn is a label too
    established = sum(1 for n in colons.values() if n >= 2) >= 2
    found = {
        k: label
        for k, (label, kind) in spoken.items()
        if (kind in ("stamp", "title", "posted") and kinds[kind] >= 2)
        or (kind == "colon" and colons[label[1] or ""] >= 2)
        # a name in capitals, not "Further Reading:"
        or (kind == "colon" and established and (label[1] or "").isupper())
    }
    # a conversation has two voices at least: "Background:" twice is a heading
    if len({label[1] for label in found.values()}) < 2:
        return {}
    return found | {k: label for k, (label, kind) in spoken.items() if kind == "role"}


def _dash_turns(
    text: str, lines: list[tuple[int, int]], labelled: dict[int, _Label]
) -> dict[int, _Label]:
    """Dialogue lines opened by a dash, in a document with at least :data:`DASH_TURNS`
    of them, at least two and a quarter of them questions, and three questions
    answered by the line after them: a question (ending with "?") is the interviewer's,
    any other line an answer, whose speaker is left to the extractor."""
    found: dict[int, _Label] = {}
    for k, (a, b) in enumerate(lines):
        m = _DASH_TURN.match(text, a, b)
        if m and k not in labelled:
            dash = _strip(text, a, b)[0]
            said = text[m.end() : b].rstrip().rstrip('"”’»)')
            role = "q" if said.endswith("?") else "a"
            found[k] = (role, None, dash, dash + 1, m.end(), None)
    # a dialogue asks: a list of dashed items ("– Carol Lee of the Journal, winner of …")
    # has no questions
    asked = sum(1 for label in found.values() if label[0] == "q")
    # and questions are answered: a question followed by an answer, three times at least
    roles = [found[k][0] for k in sorted(found)]
    answered = sum(1 for a, b in zip(roles, roles[1:], strict=False) if (a, b) == ("q", "a"))
    if len(found) < DASH_TURNS or asked < 2 or 4 * asked < len(found) or answered < 3:
        return {}
    return found


def _without_asides(text: str, a: int, b: int) -> list[tuple[int, int]]:
    """A dash turn's span without the narration set off by dashes inside it ("— he
    says, and stops to think —"): an aside that names who speaks with a cue."""
    out, start = [], a
    for m in _DASH_ASIDE.finditer(text, a, b):
        aside = m.group("aside")
        words = aside.split()
        if len(words) >= 2 and words[1].rstrip(",.") in CUE_WORDS:
            out.append((start, m.start()))
            start = m.end()
    out.append((start, b))
    return [_strip(text, x, y) for x, y in out if text[x:y].strip()]


def _header_body(
    text: str, lines: list[tuple[int, int]], labelled: dict[int, _Label], j: int
) -> tuple[list[tuple[int, int]], int]:
    """The lines said after a label alone on its line, from line ``j``: its paragraphs up
    to the next label, short of a stage direction, a heading (a line ending with a colon,
    a Markdown "#" heading) or a note such as "[End of transcript]" after the first, or
    a rule ("—"); without a chat's reaction lines ("😅 4") and "(edited)" marks."""
    spans: list[tuple[int, int]] = []
    while True:
        while j < len(lines) and _blank(text, lines[j]):
            j += 1
        if j >= len(lines) or j in labelled:
            return spans, j
        first = text[slice(*lines[j])].strip()
        if spans and (first[:1] in "[(#" or first.endswith(":")):
            return spans, j
        while j < len(lines) and j not in labelled and not _blank(text, lines[j]):
            line = text[slice(*lines[j])]
            if not _WORDS.search(line):
                if not any(c.isdigit() for c in line):
                    return spans, j  # a rule ("—", "* * *") ends the conversation
                j += 1  # a chat's reactions ("😅 4")
                continue
            spans.append(_before_direction(text, *_strip(text, *lines[j])))
            j += 1


def _unlabelled_answer(
    text: str,
    lines: list[tuple[int, int]],
    labelled: dict[int, _Label],
    data: set[int],
    j: int,
    last: int = -1,
) -> list[tuple[int, int]]:
    """The lines of the answer to a question turn that ends before line ``j``, when it
    has no label of its own: the next paragraph, unless it is a label's, a stage
    direction, a heading (in capitals, or ending with a colon) or another question
    (empty if none). Its speaker is left to the extractor (role "a", no name)."""
    while j < len(lines) and _blank(text, lines[j]):
        j += 1
    if j >= len(lines) or j in labelled:
        return []
    first = text[slice(*_past_direction(text, *lines[j]))].strip()  # "[laughs] Because …"
    if (
        first[:1] in "[(#*>"
        or not any(c.islower() for c in first)
        or first.endswith((":", "?"))
        or len(first.split()) < 2
    ):
        return []
    spans = [_strip(text, *lines[j])]
    _run_on(text, lines, labelled, data, j + 1, spans, last=last)
    return spans


def _blank(text: str, line: tuple[int, int]) -> bool:
    return not text[line[0] : line[1]].strip()


def _continuation(
    text: str,
    lines: list[tuple[int, int]],
    labelled: dict[int, _Label],
    data: set[int],
    j: int,
    speaker: str | None = None,
    last: int = -1,
) -> int | None:
    """Where a paragraph starts that goes on with the turn ending before line ``j``: a
    paragraph of its own with no label that speaks (see :func:`_speaks_on`) and does
    not name the turn's ``speaker`` (the writer's: "I met Whitlock again …"), followed
    by a turn again (an answer that runs to a second paragraph), or by more such
    paragraphs and then a turn, a heading in capitals or a note in brackets (a
    statement of several paragraphs in a hearing); ``None`` when there is none."""
    n = _after_blanks(text, lines, j)
    if n == j or n >= len(lines) or n in labelled:
        return None
    k = n
    for _ in range(CONTINUED_PARAGRAPHS):
        m = k
        while m < len(lines) and m not in labelled and not _blank(text, lines[m]):
            m += 1
        paragraph = text[lines[k][0] : lines[m - 1][1]].strip()
        if not _speaks_on(paragraph) or _names(paragraph, speaker):
            return None
        k = _after_blanks(text, lines, m)
        if k in labelled:
            return n if k not in data else None
        if k >= len(lines):
            return None
        following = text[slice(*lines[k])].strip()
        if following[:1] in "[(" or (following.isupper() and len(following.split()) <= 20):
            # a heading ("STATEMENT OF JEROME CASTELLANOS") or a note ("[Recess.]") in
            # the transcript, with turns after it (not the page's "RELATED COVERAGE"
            # after the ``last`` labelled line)
            return n if k < last else None
    return None


def _names(paragraph: str, speaker: str | None) -> bool:
    """Whether a paragraph names a speaker by their last name ("I met Whitlock again")."""
    if not speaker:
        return False
    surname = speaker.split()[-1].title()
    return surname in paragraph or surname.upper() in paragraph


def _after_blanks(text: str, lines: list[tuple[int, int]], j: int) -> int:
    """The first line from ``j`` with text (``len(lines)`` if none)."""
    while j < len(lines) and _blank(text, lines[j]):
        j += 1
    return j


def _speaks_on(paragraph: str) -> bool:
    """Whether a paragraph with no label may be a turn's next one: it speaks in the
    first person (outside any quotation marks), and is no caption, stage direction,
    heading or question. It may quote someone (`My father said, “The river doesn’t get
    to decide …”`, `when I hear "fast-track," I get nervous`), but not as a writer does,
    with "he" or "she" after the quote (`“…,” she says.`)."""
    if DOUBLE_MARKS.search(paragraph):
        if _QUOTE_THEN_PRONOUN.search(paragraph):
            return False  # a writer's words
        paragraph = _IN_MARKS.sub(" ", paragraph)
    return not (
        paragraph[:1] in "[("
        or len(paragraph.split()) < CONTINUATION_WORDS
        or paragraph.endswith("?")
        or _GLUED_Q.match(paragraph)
        or DOUBLE_MARKS.search(paragraph)
        or not _SPEAKING.search(paragraph)
    )


_QUOTE_THEN_PRONOUN = re.compile(r"[”\"],?[ \t]+(?:he|she|they)[ \t]+[a-z]+", re.I)


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
