"""The quote record: the one structure that flows from extraction to the index, the
search results, the command line, the web pages and the JSON API.

A quote points into its raw document by character offsets (Python ``str`` indices of
the text read as UTF-8 with universal newlines); ``text`` is always the segments'
slices joined by a space, so a record can be checked against its source at any time.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field, fields, replace
from typing import Any

SOURCE_FIELDS = ("title", "publication", "author", "date", "url")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a document comes from: the facts a citation needs.

    Unknown facts stay ``None``; ``extra`` keeps what a manifest adds beyond the
    citation fields (licence, subtitle, notes on an unknown date).
    """

    id: str
    title: str | None = None
    publication: str | None = None
    author: str | None = None
    date: str | None = None
    url: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: the five citation fields, the source id, then any extras."""
        out: dict[str, Any] = {name: getattr(self, name) for name in SOURCE_FIELDS}
        out["id"] = self.id
        out.update({k: v for k, v in self.extra.items() if k not in out})
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Source:
        """Rebuild a source from :meth:`to_dict` output."""
        known = {name: data.get(name) for name in SOURCE_FIELDS}
        extra = {k: str(v) for k, v in data.items() if k not in SOURCE_FIELDS and k != "id"}
        return cls(id=data.get("id") or "", extra=extra, **known)


@dataclass(frozen=True, slots=True)
class Quote:
    """One attributed quote.

    ``spans`` holds one ``(start, end)`` pair per segment (the words between the quote
    marks, or a transcript answer); ``speaker_span`` is the mention in the text that
    attributes it (a name, a pronoun, a transcript label; for a continuation paragraph,
    the mention in the paragraph it continues), or ``None`` when there is none in the
    text (an answer attributed to the interviewee of an unlabelled ``A:`` turn).
    """

    id: str
    doc: str
    speaker: str
    speaker_id: str
    speaker_span: tuple[int, int] | None
    cue: str
    spans: tuple[tuple[int, int], ...]
    text: str
    context: str
    topics: tuple[str, ...]
    source: Source
    kind: str = "direct"
    at: str | None = None  # start time in a timed transcript ("12:34"), else None

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines contract of ``quotes extract`` (extend it, never break it)."""
        return {
            "id": self.id,
            "doc": self.doc,
            "speaker": self.speaker,
            "speaker_id": self.speaker_id,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "cue": self.cue,
            "spans": [list(s) for s in self.spans],
            "text": self.text,
            "context": self.context,
            "topics": list(self.topics),
            "source": self.source.to_dict(),
            "kind": self.kind,
            "at": self.at,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        """Rebuild a quote from :meth:`to_dict` output (extra keys are ignored)."""
        span = data.get("speaker_span")
        return cls(
            id=data["id"],
            doc=data["doc"],
            speaker=data["speaker"],
            speaker_id=data["speaker_id"],
            speaker_span=tuple(span) if span else None,
            cue=data.get("cue") or "",
            spans=tuple(tuple(s) for s in data["spans"]),
            text=data["text"],
            context=data.get("context") or "",
            topics=tuple(data.get("topics") or ()),
            source=Source.from_dict(data.get("source") or {}),
            kind=data.get("kind") or "direct",
            at=data.get("at"),
        )

    def with_changes(self, **changes: Any) -> Quote:
        """A copy with some fields replaced."""
        return replace(self, **changes)


QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def quote_id(doc_sha256: str, spans: tuple[tuple[int, int], ...]) -> str:
    """A quote's stable id: the same document bytes and spans give the same id anywhere."""
    key = doc_sha256 + ":" + ";".join(f"{a}-{b}" for a, b in spans)
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def joined_text(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """The record's ``text``: the segments' slices joined by a single space."""
    return " ".join(text[a:b] for a, b in spans)


def slugify(name: str) -> str:
    """A readable, stable id for a name: lower-case ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if slug:
        return slug[:80]
    return "x" + hashlib.sha256(name.encode()).hexdigest()[:10]
