"""The web app's access to the quote index: open it once, build the bundled corpus's
index when there is none yet, and look up the things pages need by id.

The app only ever reads the index. Ids from URLs are checked against their shape
before they reach the query layer, so a URL can never name a file on disk.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from search import query
from search.index import (
    IndexMissing,
    IndexSummary,
    IndexUnavailable,
    QuoteIndex,
    default_index_dir,
    index_paths,
    read_marker,
    source_label,
)
from search.record import Quote

log = logging.getLogger(__name__)

QUOTE_ID = re.compile(r"[0-9a-f]{16}")
SOURCE_ID = re.compile(r"[0-9a-f]{12}")
SPEAKER_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,120}")


def ensure_index(index_dir: str | Path) -> IndexSummary | None:
    """Build the index of the bundled corpus at ``index_dir`` if no index is there yet;
    returns the build's summary, or None when an index already existed."""
    try:
        read_marker(Path(index_dir))
        return None
    except IndexMissing:
        return index_paths(index_dir)


class Store:
    """The app's one open index (opened on first use, so a server starts even while
    the index is being built) and the lookups the pages need."""

    def __init__(self, index_dir: str | Path | None = None) -> None:
        self.path = Path(index_dir) if index_dir else default_index_dir()
        self._index: QuoteIndex | None = None
        self._lock = threading.Lock()
        self._citations: dict[tuple[str, ...], dict[str, str]] = {}

    @property
    def index(self) -> QuoteIndex:
        """The open index (raises :class:`IndexUnavailable` with the fixing command)."""
        if self._index is None:
            with self._lock:
                if self._index is None:
                    self._index = QuoteIndex.open(self.path)
        return self._index

    def warm_in_background(
        self, done: Callable[[float | None], None] | None = None
    ) -> threading.Thread:
        """Read the index's facet and sort keys in a background thread, so that the
        first faceted search does not wait for them (see :func:`search.query.warm`).
        ``done`` is called with the seconds it took, or None when it could not (an
        unusable index: the pages say so themselves)."""

        def warm() -> None:
            took = None
            try:
                took = query.warm(self.index)
            except Exception as err:
                log.warning("could not read the facet keys ahead: %s", err)
            finally:
                if done is not None:
                    done(took)

        thread = threading.Thread(target=warm, name="quotes-warm", daemon=True)
        thread.start()
        return thread

    @property
    def generation(self) -> str:
        """The live generation's name: a cache key that changes when the index does."""
        return str(self.index.marker.get("current", ""))

    def quote(self, quote_id: str) -> Quote | None:
        """The quote with this id, or None (also for anything not shaped like an id)."""
        if not QUOTE_ID.fullmatch(quote_id):
            return None
        return query.get_quote(self.index, quote_id)

    def source(self, source_id: str) -> query.SourceView | None:
        """A source by its id (never by path), with its text and quotes; or None."""
        if not SOURCE_ID.fullmatch(source_id):
            return None
        return query.get_source(self.index, source_id)

    def source_info(self, quote: Quote) -> query.SourceInfo | None:
        """The catalog entry of the document a quote comes from."""
        doc = self.index.catalog.get("documents", {}).get(quote.doc)
        if not doc:
            return None
        src = doc.get("source") or {}
        return query.SourceInfo(
            id=src.get("id") or "",
            label=source_label(src, quote.doc),
            path=quote.doc,
            sha256=doc.get("sha256") or "",
            quotes=int(doc.get("quotes") or 0),
            source=src,
        )

    def document_text(self, quote: Quote) -> str:
        """The stored text of the quote's document ("" when it is missing)."""
        info = self.source_info(quote)
        return (self.index.document_text(info.sha256) or "") if info else ""

    def speaker(self, speaker_id: str) -> query.SpeakerInfo | None:
        """A speaker by id, or None."""
        if not SPEAKER_ID.fullmatch(speaker_id):
            return None
        sp: dict[str, Any] | None = self.index.catalog.get("speakers", {}).get(speaker_id)
        if sp is None:
            return None
        return query.SpeakerInfo(
            id=speaker_id,
            name=sp.get("name") or speaker_id,
            aliases=list(sp.get("aliases") or []),
            quotes=int(sp.get("quotes") or 0),
            documents=int(sp.get("documents") or 0),
        )

    def speaker_names(self, names: tuple[str, ...]) -> dict[str, list[str]]:
        """For each speaker filter value, the names of the speakers it stands for (a
        value that matches nobody is left out)."""
        speakers = self.index.catalog.get("speakers", {})
        out: dict[str, list[str]] = {}
        for name in names:
            try:
                ids = query.resolve_speakers(self.index, [name])
            except query.UnknownSpeaker:
                continue
            out[name] = [(speakers.get(i) or {}).get("name") or i for i in ids]
        return out

    def cached_citations(self, key: tuple[str, ...], make: Any) -> dict[str, str]:
        """Citations are slow to render (citeproc-py); keep the recent ones."""
        found = self._citations.get(key)
        if found is None:
            found = make()
            if len(self._citations) > 512:
                self._citations.clear()
            self._citations[key] = found
        return found


__all__ = ["IndexUnavailable", "Store", "ensure_index"]
