"""Input formats: turning a saved web page, a Markdown file, a caption file or a JSON
Lines dump into plain text, the file's own metadata and the problems found.

Every converter takes the file's decoded text and returns :class:`Converted` parts
(one per document; a JSON Lines file gives one per line). The text a part carries is
what quote offsets point into, and the index stores it beside the original file:

- ``.txt``: unchanged (read by :mod:`search.documents` exactly as before).
- ``.md`` / ``.markdown``: the file minus its ``---`` front matter block, whose flat
  ``key: value`` lines are metadata. The rest is kept character for character.
- ``.html`` / ``.htm``: the article's main text found by trafilatura (navigation, ads,
  comments and related links left out), one paragraph per block, separated by blank
  lines; metadata from the page (title, author, date, site name, canonical URL).
- ``.vtt`` / ``.srt``: one ``Name: words`` turn per run of cues by one speaker (from
  ``<v Name>`` voice tags, or a ``NAME:`` label in the cue), so transcript extraction
  attributes them; ``times`` maps the offset where each cue's words start to its start
  time.
- ``.jsonl``: one document per line, ``{"text": ..., "title", "author", "date", "url",
  "publication", "id"}``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from .dates import date_range

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".vtt", ".srt", ".jsonl")
META_FIELDS = ("title", "author", "date", "url", "publication")
MIN_ARTICLE_WORDS = 8  # fewer extracted words than this: the page has no article text


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem in one file: its line (1-based, when known), what is wrong, and
    whether the document (or JSON Lines record) was skipped because of it."""

    line: int | None
    message: str
    fatal: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}" if self.line else self.message


@dataclass(slots=True)
class Converted:
    """One document made from a file: its text, its own metadata, cue times
    (``(offset, "m:ss")`` pairs, sorted) and, for a JSON Lines record, its line."""

    text: str
    meta: dict[str, str] = field(default_factory=dict)
    times: list[tuple[int, str]] = field(default_factory=list)
    line: int | None = None


def format_of(name: str) -> str:
    """The format a file name says: ``txt``, ``md``, ``html``, ``vtt``, ``srt`` or
    ``jsonl`` (anything else is read as plain text)."""
    lower = name.lower()
    for suffix, fmt in (
        (".markdown", "md"),
        (".md", "md"),
        (".html", "html"),
        (".htm", "html"),
        (".vtt", "vtt"),
        (".srt", "srt"),
        (".jsonl", "jsonl"),
    ):
        if lower.endswith(suffix):
            return fmt
    return "txt"


def convert(fmt: str, text: str) -> tuple[list[Converted], list[Issue]]:
    """The documents in a file of format ``fmt`` (see :func:`format_of`), decoded to
    ``text``, and the problems found. A problem with ``fatal`` set means a document or
    record was left out; the others are warnings."""
    converter = {
        "md": convert_markdown,
        "html": convert_html,
        "vtt": convert_captions,
        "srt": convert_captions,
        "jsonl": convert_jsonl,
    }.get(fmt)
    if converter is None:
        return [Converted(text)], []
    parts, issues = converter(text)
    for part in parts:
        issues.extend(check_date(part.meta, part.line))
    return parts, issues


# ----------------------------------------------------------------------- dates


def check_date(meta: dict[str, str], line: int | None = None) -> list[Issue]:
    """Move a date that does not parse out of ``meta["date"]`` (into ``date_as_given``,
    so citations say "n.d." rather than print it) and report it."""
    given_line = meta.pop("_date_line", None)
    value = meta.get("date")
    if not value or date_range(value) is not None:
        return []
    meta["date_as_given"] = meta.pop("date")
    where = int(given_line) if given_line else line
    return [Issue(where, f"date {value!r} does not parse; ignored")]


# -------------------------------------------------------------------- markdown

_FENCE = re.compile(r"---[ \t]*\n")
_KEY = re.compile(r"([A-Za-z_][\w-]*)[ \t]*:[ \t]*(.*)")


def split_front_matter(text: str) -> tuple[dict[str, str], str, list[Issue]]:
    """``(metadata, body, problems)`` of a Markdown file: a leading ``---`` block of
    flat ``key: value`` lines (quotes around a value removed) and the text after it.
    Without a closed block, everything is body. A byte-order mark is dropped."""
    text = text.removeprefix("\ufeff")
    if not _FENCE.match(text):
        return {}, text, []
    end = re.search(r"^---[ \t]*$\n?", text[4:], re.MULTILINE)
    if end is None:
        return {}, text, [Issue(1, "front matter is not closed by a '---' line; read as text")]
    block, body = text[4 : 4 + end.start()], text[4 + end.end() :]
    meta: dict[str, str] = {}
    issues: list[Issue] = []
    for n, line in enumerate(block.split("\n"), start=2):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        m = _KEY.fullmatch(line.rstrip())
        if not m or line[:1].isspace():
            issues.append(Issue(n, f"front matter line is not 'key: value': {line.strip()!r}"))
            continue
        key, value = m.group(1).lower(), m.group(2).strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        if value:
            meta[key] = value
            if key == "date":
                meta["_date_line"] = str(n)
    return meta, body, issues


def convert_markdown(text: str) -> tuple[list[Converted], list[Issue]]:
    """A Markdown file: its body as text, its front matter as metadata."""
    meta, body, issues = split_front_matter(text)
    return [Converted(body, meta)], issues


# ------------------------------------------------------------------------ html


def convert_html(text: str) -> tuple[list[Converted], list[Issue]]:
    """A saved web page: the article's text and metadata (trafilatura)."""
    import trafilatura  # loaded only when a page is read

    issues: list[Issue] = []
    lower = text.lower()
    if "</html>" not in lower[-4096:] and "</body>" not in lower[-4096:]:
        last = text.count("\n") + 1
        issues.append(Issue(last, "the page looks truncated (no closing </body> or </html>)"))
    try:
        doc = trafilatura.bare_extraction(
            text, with_metadata=True, include_comments=False, include_images=False
        )
    except Exception as err:  # lxml and trafilatura raise many kinds on broken markup
        return [], [*issues, Issue(None, f"the page cannot be parsed ({err})", fatal=True)]
    body = (getattr(doc, "text", None) or "").strip()
    if len(body.split()) < MIN_ARTICLE_WORDS:
        scripts = sum(len(s) for s in re.findall(r"<script\b.*?</script>", text, re.I | re.S))
        why = " (the page is mostly scripts)" if scripts > len(text) / 2 else ""
        return [], [*issues, Issue(None, f"no article text found{why}", fatal=True)]
    paragraphs = [" ".join(p.split()) for p in body.split("\n")]
    meta = {
        "title": getattr(doc, "title", None),
        "author": getattr(doc, "author", None),
        "date": getattr(doc, "date", None),
        "publication": getattr(doc, "sitename", None),
        "url": getattr(doc, "url", None),
    }
    meta = {k: " ".join(v.split()) for k, v in meta.items() if v and v.strip()}
    return [Converted("\n\n".join(p for p in paragraphs if p) + "\n", meta)], issues


# -------------------------------------------------------------------- captions

_TIMING = re.compile(
    r"^\s*((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})"
)
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?\s+([^>]+)>")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>|<\d[\d:.]*>")
_LABEL = re.compile(r"^((?:[A-Z][\w’'.\-]*)(?:[ \t]+[A-Z][\w’'.\-]*){0,3}):[ \t]+")
_ENTITIES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&nbsp;": " ", "&lrm;": "", "&rlm;": ""}


def clock(stamp: str) -> str:
    """A time stamp as quote records give it, without its fraction of a second:
    ``00:12:34.000`` → ``12:34``; ``01:02:03,5`` → ``1:02:03``; ``00:00:36`` → ``0:36``."""
    parts = [int(p) for p in re.split(r"[.,]", stamp)[0].split(":")]
    h, m, s = ([0] * (3 - len(parts)) + parts)[-3:]
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


def _cues(text: str) -> tuple[list[tuple[int, str, list[str]]], list[Issue]]:
    """``(line, start time, payload lines)`` of each cue."""
    cues: list[tuple[int, str, list[str]]] = []
    issues: list[Issue] = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _TIMING.match(lines[i])
        if not m:
            if "-->" in lines[i]:
                issues.append(Issue(i + 1, f"cue timing does not parse: {lines[i].strip()!r}"))
            i += 1
            continue
        start, payload = i + 1, []
        i += 1
        while i < len(lines) and lines[i].strip():
            payload.append(lines[i])
            i += 1
        cues.append((start, m.group(1), payload))
    return cues, issues


def _plain(line: str) -> str:
    line = _TAG.sub("", line)
    for entity, char in _ENTITIES.items():
        line = line.replace(entity, char)
    return " ".join(line.split())


def convert_captions(text: str) -> tuple[list[Converted], list[Issue]]:
    """WebVTT or SRT captions as a ``Name: words`` transcript with cue times."""
    text = text.lstrip("\ufeff")
    cues, issues = _cues(text)
    if not cues:
        return [], [*issues, Issue(None, "no caption cues found", fatal=True)]
    turns: list[tuple[str | None, list[tuple[str, str]]]] = []  # speaker, (time, words)
    speaker: str | None = None
    for _line, start, payload in cues:
        voice = next((m.group(1).strip() for p in payload if (m := _VOICE.search(p))), None)
        words = _plain(" ".join(payload))
        label = _LABEL.match(words) if voice is None else None
        if label:
            voice, words = label.group(1), words[label.end() :]
        if not words:
            continue
        if (voice and voice != speaker) or not turns:
            speaker = voice or speaker
            turns.append((speaker, []))
        turns[-1][1].append((clock(start), words))
    out: list[str] = []
    times: list[tuple[int, str]] = []
    pos = 0
    for who, pieces in turns:
        line = f"{who}: " if who else ""
        for k, (at, words) in enumerate(pieces):
            line += " " if k else ""
            times.append((pos + len(line), at))
            line += words
        out.append(line)
        pos += len(line) + 2
    return [Converted("\n\n".join(out) + "\n", {}, times)], issues


def time_at(times: list[tuple[int, str]], offset: int) -> str | None:
    """The start time of the cue that holds ``offset`` (``None`` before the first)."""
    found = None
    for start, at in times:
        if start > offset:
            break
        found = at
    return found


# ----------------------------------------------------------------- json lines


def convert_jsonl(text: str) -> tuple[list[Converted], list[Issue]]:
    """One document per JSON object line; bad lines are reported and skipped."""
    parts: list[Converted] = []
    issues: list[Issue] = []
    for n, line in enumerate(text.removeprefix("\ufeff").split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except ValueError as err:
            issues.append(Issue(n, f"not JSON ({err.args[0].split(':')[0]})", True))
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            issues.append(Issue(n, 'not an object with a "text" string', True))
            continue
        if not record["text"].strip():
            issues.append(Issue(n, "empty text", True))
            continue
        meta = {k: str(record[k]) for k in META_FIELDS if record.get(k) not in (None, "")}
        if record.get("id") not in (None, ""):
            meta["record_id"] = str(record["id"])
        parts.append(Converted(record["text"].replace("\r\n", "\n"), meta, line=n))
    if not parts and not issues:
        issues.append(Issue(None, "no records", fatal=True))
    return parts, issues
