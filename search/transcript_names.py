"""Who a transcript's labels stand for: a label as a name ("ANNA BERG" → Anna Berg,
initials, "MR. HALLORAN" completed from the capitals "DESMOND J. HALLORAN", "Speaker 1"
as the notes name them, "THE COURT" as the judge), and the person a heading in capitals
names for the answers under it ("DIRECT EXAMINATION OF DR. PRIYA VENKAT").

Each document's tables (numbered speakers, headings, names in capitals) are read once,
and only when a transcript asks for them: see :class:`LabelNames`.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from .speakers import NOT_NAMES, NameIndex, first_name_gender, strip_name
from .transcripts import PROCEDURAL


class LabelNames:
    """The names that one document's transcript labels and headings give, each worked
    out once (a long transcript repeats its labels)."""

    def __init__(self, text: str, names: NameIndex) -> None:
        self.text = text
        self.names = names
        self.interviewee = names.most_mentioned()  # for "A:" with no heading above
        self._numbered = _numbered_speakers(text)
        self._named: dict[str, str] = {}
        self._headings: list[tuple[int, str, int, int]] | None = None
        self._capitals: dict[str, str] | None = None
        self._introduced: str | None = None  # see introduced

    def label(self, label: str) -> str:
        """A label as the document's notes name it: "Speaker 1" → "Beatrix Lind" for
        "host Beatrix Lind (Speaker 1)"; any other label as it is."""
        return self._numbered.get(label, label)

    def name_of(self, label: str) -> str:
        """The name a label stands for: the judge for "THE COURT", else see
        :func:`label_name`."""
        if label not in self._named:
            if label.upper() == "THE COURT":
                self._named[label] = _judge(self.text) or label.title()
            elif label.upper() in _THE_CHAIR:  # the one person titled so before it speaks
                first = max(0, self.text.find(label))
                chair = self.names.titled(label.split()[-1], first)
                heading = None if chair else self.heading_before(first)
                if heading and first - heading[2] <= HEADING_REACH:
                    # a member's statement right above: "OPENING STATEMENT OF HON.
                    # ROLAND ASHWORTH" (not a witness's: "TESTIMONY OF MARGARET ELLISON")
                    line = self.text[self.text.rfind("\n", 0, heading[1]) + 1 : heading[2]]
                    chair = heading[0] if _A_MEMBER.search(line) else None
                self._named[label] = chair or label.title()
            else:
                if self._capitals is None:
                    self._capitals = _capitals_names(self.text)
                self._named[label] = label_name(label, self.names, self._capitals)
        return self._named[label]

    def introduced(self, first_question: int) -> str:
        """Who answers an interview's questions in bold: the person named most before
        the first question (the headline and introduction), not the writer of the
        byline ("By Ana Cole"); "" if no one."""
        if self._introduced is None:
            writers = {
                self.names.resolve(m.group(1), m.start(1))[0]
                for m in _BYLINE.finditer(self.text, 0, first_question)
            }
            found = self.names.most_mentioned(before=first_question, besides=writers)
            self._introduced = found or ""
        return self._introduced

    def heading_before(self, position: int) -> tuple[str, int, int] | None:
        """The person the nearest heading above ``position`` names (see
        :func:`_heading_people`), with the span of the name; ``None`` if none."""
        if self._headings is None:
            self._headings = _heading_people(self.text, self.names)
        k = bisect_right(self._headings, (position,))
        return self._headings[k - 1][1:] if k else None


# A byline: "By Ana Cole", the writer, who asks the questions.
_BYLINE = re.compile(r"^[ \t]*[Bb]y[ \t]+([A-Z][\w’'.-]+(?:[ \t]+[A-Z][\w’'.-]+){1,3})", re.M)
_THE_CHAIR = frozenset({"THE CHAIRMAN", "THE CHAIRWOMAN", "THE CHAIR"})
HEADING_REACH = 200  # characters from a heading to the chair's first words it names
# A heading that names a member of the committee, not a witness.
_A_MEMBER = re.compile(r"\b(?:HON|HONORABLE|SENATOR|REPRESENTATIVE|CHAIR\w*|OPENING)\b")


def is_procedural(label: str) -> bool:
    """Whether a label is one of the :data:`~search.transcripts.PROCEDURAL` roles
    ("Operator", "THE CLERK"): its turns keep the proceedings going, they are no quotes."""
    words = label.lower().split()
    return " ".join(words[1:] if words[0] == "the" else words) in PROCEDURAL


# "host Anna Berg (Speaker 1)": who an automatic transcript's "Speaker 1" is
_NUMBERED = re.compile(
    r"([A-Z][\w’'.\-]*(?:[ \t]+[A-Z][\w’'.\-]*){0,3})[ \t]*\((Speaker[ \t]+\d{1,2})\)"
)


def _numbered_speakers(text: str) -> dict[str, str]:
    """The names that a document gives its transcript's numbered speakers."""
    return {m.group(2): m.group(1) for m in _NUMBERED.finditer(text)}


_JUDGE = re.compile(
    r"\b(?:HONORABLE|Honorable|Hon\.|JUDGE|Judge)[ \t]+"
    r"((?:[A-Z][\w’'\-]*\.?[ \t]+){1,3}[A-Z][\w’'\-]+)"
)


def _judge(text: str) -> str | None:
    """The judge of a hearing ("BEFORE THE HONORABLE ROSALIND M. ACHESON-TRAVERS"),
    for its "THE COURT:" turns."""
    m = _JUDGE.search(text)
    if not m:
        return None
    words, _ = strip_name([_capitalised(w) for w in m.group(1).split()])
    return " ".join(words) if len(words) >= 2 else None


def _heading_people(text: str, names: NameIndex) -> list[tuple[int, str, int, int]]:
    """The people named by heading lines (in capitals, no sentence): "DIRECT EXAMINATION
    OF DR. PRIYA VENKAT", "HEAD COACH ROSALIE TRAN-MACKENZIE", as (line start, name,
    name start, line end), in text order. A heading counts when it introduces the
    name with OF, a title or a role, or when the name is a person's (named in running
    text too, or opening with a known given name), so that a section heading ("EARLY
    YEARS") or a headline is not taken for a speaker."""
    found = []
    for m in _CAPS_HEADING.finditer(text):
        line = m.group(1)
        tail = re.split(r"\bOF\b", line)[-1].split()
        words, _ = strip_name([_capitalised(w) for w in tail])
        if not 2 <= len(words) <= 4 or any(w.lower() in NOT_NAMES for w in words):
            continue
        a = m.start()
        name = names.resolve(" ".join(words), a)[0]
        introduced = len(tail) < len(line.split())  # "… EXAMINATION OF DR. PRIYA VENKAT"
        titled = len(words) < len(tail)  # "HEAD COACH ROSALIE TRAN-MACKENZIE"
        person = name in names.people or first_name_gender(words[0]) is not None
        if introduced or titled or person:
            found.append((a, name, text.index(tail[-len(words)], a), m.end(1)))
    return found


# A heading line: a few words of capitals, no digits, no sentence or list punctuation,
# perhaps a role after a comma ("STATEMENT OF HON. PAUL DEKKER, U.S. SENATOR").
_CAPS_HEADING = re.compile(
    r"^[ \t]*([A-Z][A-Z’'.\-]*(?:[ \t]+[A-Z][A-Z’'.\-]*){1,9})"
    r"(?:,(?:[ \t]+[A-Z][A-Z’'.\-]*){0,6})?[ \t]*$",
    re.MULTILINE,
)
_INITIALS = re.compile(r"(?:[A-Z]\.?){2,3}")


def _capitalised(word: str) -> str:
    """A word in capitals as a name is written: "OKAFOR-LINDE" → "Okafor-Linde",
    "O'BRIEN" → "O'Brien"; other words as they are."""
    if not word.isupper() or len(word) < 2:
        return word
    out = "-".join(part.capitalize() for part in word.split("-"))
    return re.sub(r"\b([A-Z])(['’])([a-z])", lambda m: m[1] + m[2] + m[3].upper(), out)


def label_name(name: str, names: NameIndex, capitals: dict[str, str] | None = None) -> str:
    """A transcript label as a name: "ANNA BERG" → "Anna Berg" (then resolved like any
    mention, so "PENCE" becomes the full name the document uses); initials ("AB:",
    "A.B.:") stand for the person of the document whose name they begin, the one named
    most if several. A surname no one of the document bears in running text ("MR.
    HALLORAN:") is completed from a name in capitals (``capitals``: see
    :func:`_capitals_names`)."""
    if _INITIALS.fullmatch(name) and not names.has_surname(name):  # "LI:" for Lucy Li
        letters = name.replace(".", "")
        person = names.by_initials(letters)
        if person:
            return person
    words = [_capitalised(w) for w in name.split()]
    bare, _ = strip_name(words)
    if len(bare) == 1 and capitals and not names.has_surname(bare[0]):
        full = capitals.get(bare[0].upper())
        if full:
            return full
    return " ".join(words)


# A name in capitals, each of its places tried ("BEFORE THE HONORABLE ROSALIND M. …").
_CAPITALS_NAME = re.compile(r"(?=\b([A-Z][A-Z’'\-]+[ \t]+(?:[A-Z]\.[ \t]+)?([A-Z][A-Z’'\-]+)\b))")


def _capitals_names(text: str) -> dict[str, str]:
    """The full names the text gives in capitals, by surname: "HALLORAN" → "Desmond J.
    Halloran" for "DESMOND J. HALLORAN" (the first such name for each surname), as a
    name is written; not a title or role before a surname ("MR. HALLORAN", "COACH
    TRAN-MACKENZIE"). Read once per document, however many labels ask."""
    found: dict[str, str] = {}
    for m in _CAPITALS_NAME.finditer(text):
        surname = m.group(2)
        if surname in found:
            continue
        words = [_capitalised(w) for w in m.group(1).split()]
        bare, _ = strip_name(words)
        if bare == words and words[0].lower() not in NOT_NAMES:
            found[surname] = " ".join(words)
    return found
