"""Search results as CSV rows: the one list of columns and the one way to fill them,
for ``quotes search --format csv`` and the web app's ``/search.csv``.

The caller writes the rows with :mod:`csv` (its own line ending) and chooses the
columns and how strict to be: the web app leaves out server file paths, drops links
that are not http(s) and defuses cells a spreadsheet would run as formulas.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence

from .cite import quote_url
from .query import Hit

CSV_COLUMNS = (
    "id",
    "speaker",
    "speaker_id",
    "text",
    "context",
    "topics",
    "title",
    "publication",
    "author",
    "date",
    "url",
    "link",
    "doc",
    "spans",
    "score",
)


def _as_is(url: str | None) -> str | None:
    return url


def plain_cell(value: object) -> str:
    """A cell's text: ``None`` is empty, anything else its ``str``."""
    return "" if value is None else str(value)


def csv_record(hit: Hit, url: Callable[[str | None], str | None] = _as_is) -> dict[str, object]:
    """Every column of :data:`CSV_COLUMNS` for one result (``None`` where unknown);
    ``url`` filters the two addresses (the source's and the quote's link into it)."""
    q, src = hit.quote, hit.quote.source
    return {
        "id": q.id,
        "speaker": q.speaker,
        "speaker_id": q.speaker_id,
        "text": q.text,
        "context": q.context,
        "topics": "; ".join(q.topics),
        "title": src.title,
        "publication": src.publication,
        "author": src.author,
        "date": src.date,
        "url": url(src.url),
        "link": url(quote_url(q)),
        "doc": q.doc,
        "spans": json.dumps([list(s) for s in q.spans]),
        "score": None if hit.score is None else f"{hit.score:.4f}",
    }


def csv_rows(
    hits: Iterable[Hit],
    columns: Sequence[str] = CSV_COLUMNS,
    url: Callable[[str | None], str | None] = _as_is,
    cell: Callable[[object], str] = plain_cell,
) -> Iterator[list[str]]:
    """One row per result with the given ``columns`` (the header row is ``columns``
    itself); ``url`` filters addresses and ``cell`` turns each value into text."""
    for hit in hits:
        record = csv_record(hit, url)
        yield [cell(record[name]) for name in columns]
