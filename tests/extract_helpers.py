"""Helpers shared by the extraction tests: run the extractor on a string and look at
what came out in a form that reads well in an assertion."""

from __future__ import annotations

import hashlib

from search.documents import Document
from search.extract import extract_document
from search.record import Quote, Source, joined_text


def doc_of(text: str, path: str = "doc.txt", **source: str) -> Document:
    """A document made from ``text`` (never written to disk) with ``source`` facts."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return Document(path, text, sha, Source(id=sha[:12], **source))


def quotes_in(text: str, path: str = "doc.txt", **source: str) -> list[Quote]:
    """The quotes the extractor finds in ``text``; each is checked against the text."""
    quotes = extract_document(doc_of(text, path, **source))
    for q in quotes:
        check_record(q, text)
    return quotes


def said(text: str, **source: str) -> list[tuple[str, list[str]]]:
    """``(speaker, [segment, ...])`` for every quote in ``text``, in order."""
    return [(q.speaker, segments(q, text)) for q in quotes_in(text, **source)]


def segments(quote: Quote, text: str) -> list[str]:
    """The words of each segment of ``quote``, sliced from ``text``."""
    return [text[a:b] for a, b in quote.spans]


def mention(quote: Quote, text: str) -> str | None:
    """The words of the mention that attributes ``quote``."""
    if quote.speaker_span is None:
        return None
    a, b = quote.speaker_span
    return text[a:b]


def check_record(quote: Quote, text: str) -> None:
    """The invariants every quote record keeps, whatever the input."""
    assert quote.spans, quote
    for a, b in quote.spans:
        assert 0 <= a < b <= len(text), (a, b, len(text))
    starts = [a for a, _ in quote.spans]
    assert starts == sorted(starts)
    assert quote.text == joined_text(text, quote.spans)
    assert quote.speaker.strip()
    assert quote.speaker_id.strip()
    if quote.speaker_span is not None:
        a, b = quote.speaker_span
        assert 0 <= a < b <= len(text)
