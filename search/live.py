"""Whoosh's posting lists, read faster: deleted quotes dropped inside each block as
it is read, and ``skip_to`` by binary search.

An index update deletes the quotes of the documents it changed, and those stay in
their segments (marked deleted) until a merge rewrites them. Whoosh then wraps every
posting list of such a segment in a ``FilterMatcher`` that tests each posting, and
each call a search makes on it (``is_active``, ``id``, ``next``, ``score``) goes
through one more Python method. After a 1% update that is nearly every segment.
And to skip to a document (as an AND or a phrase does, leapfrogging between its
words' lists) Whoosh steps through a block one posting at a time.

:func:`install` gives a searcher's segments a ``postings`` that reads Whoosh's own
block format through :class:`LiveLeafMatcher`, which removes deleted quotes from a
block when it loads it (only from blocks whose range of document numbers holds one)
and skips by bisecting a block's ids. Everything above the leaf (scoring, phrases,
block quality, which stays an upper bound) sees a plain posting list. A caller that
reads whole blocks and removes deleted quotes itself, once (``search.matchset``'s
``posting_blocks``), turns the filtering off with :meth:`LiveLeafMatcher.keep_deleted`.
A matcher whose term the segment's flat file holds (:mod:`search.flatpostings`, with
as many postings as the segment says) carries that file as ``flat``, for
``posting_blocks`` to read instead of the blocks.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from itertools import accumulate
from typing import Any

from whoosh.codec.whoosh3 import W3LeafMatcher, W3TermsReader
from whoosh.matching import ReadTooFar
from whoosh.reading import SegmentReader

from .flatpostings import FlatSegment


class LiveLeafMatcher(W3LeafMatcher):
    """Whoosh's on-disk posting list with the documents of ``deleted`` (a sorted
    list of document numbers) left out, unless told to keep them; ``deleted_set``
    holds the same numbers."""

    flat: FlatSegment | None = None  # the segment's flat file, when it holds this term

    def __init__(
        self, *args: Any, deleted: list[int], deleted_set: frozenset[int], **kwargs: Any
    ) -> None:
        self._dead = deleted
        self._dead_set = deleted_set
        self._filtering = True
        super().__init__(*args, **kwargs)

    def keep_deleted(self) -> None:
        """Read blocks whole from here on, deleted postings included, for a caller
        that takes whole blocks and removes the deleted documents once itself
        (:func:`search.matchset.posting_blocks`): cheaper than filtering each block."""
        self._filtering = False
        self._pending = False

    def _goto(self, position: int) -> None:
        # The block before this one ended at ``_maxid``; the first block starts at 0.
        low = -1 if position == self._baseoffset else self._maxid
        super()._goto(position)
        if not self._filtering:
            self._pending = False
            return
        while True:
            dead = bisect_right(self._dead, self._maxid) - bisect_right(self._dead, low)
            # Fewer deleted numbers in its range than postings: some posting is live,
            # so the block is filtered only if it is read (skipping passes it unread).
            self._pending = dead > 0
            if dead < self._blocklength or self._drop_deleted():
                return
            if self._lastblock:  # every posting left was deleted
                self._atend = True
                return
            low = self._maxid
            super()._goto(self._nextoffset)

    # A pending block loads its ids, weights and values together, filtered.
    def _read_ids(self) -> None:
        self._load(_read_ids)

    def _read_weights(self) -> None:
        self._load(W3LeafMatcher._read_weights)

    def _read_values(self) -> None:
        self._load(W3LeafMatcher._read_values)

    def _load(self, read: Any) -> None:
        if self._pending:
            self._drop_deleted()
        else:
            read(self)

    def next(self) -> bool:
        if self._pending:  # the position counts live postings only
            self._drop_deleted()
        return super().next()

    def skip_to(self, targetid: int) -> None:
        """Move to the first posting at or after ``targetid``: whole blocks by their
        last id, then a binary search in the block's ids (Whoosh steps through the
        block one posting at a time, a few Python calls each)."""
        if not self.is_active():
            raise ReadTooFar
        if targetid <= self.id():
            return
        while targetid > self._maxid:
            self._next_block()
            if self._atend:
                return
        if self._ids is None:
            self._read_ids()
        i = bisect_left(self._ids, targetid, self._i)
        if i < self._blocklength:
            self._i = i
        else:  # the block's recorded last id was deleted: the next block's are all after
            self._next_block()

    def _drop_deleted(self) -> bool:
        """Load this block with its deleted postings removed; False if none is left."""
        self._pending = False
        _read_ids(self)
        W3LeafMatcher._read_weights(self)
        W3LeafMatcher._read_values(self)
        dead = self._dead_set
        keep = [i for i, docnum in enumerate(self._ids) if docnum not in dead]
        if len(keep) < self._blocklength:
            ids, weights, values = self._ids, self._weights, self._values
            self._ids = tuple(ids[i] for i in keep)
            self._weights = tuple(weights[i] for i in keep)
            self._values = tuple(values[i] for i in keep)
            self._blocklength = len(keep)
        return bool(keep)


def _read_ids(m: W3LeafMatcher) -> None:
    """Whoosh's ``W3LeafMatcher._read_ids``, with the ids' differences summed by
    ``itertools.accumulate`` in C instead of a Python generator (a fifth of the time
    a phrase of two common words takes)."""
    if m._data is None:
        m._read_data()
    ids = m._data[0]
    m._ids = ids if m._byteids else tuple(accumulate(ids))


FlatOf = Callable[[Any], "FlatSegment | None"]  # a segment → its flat file, if any


def _live_postings(reader: SegmentReader, flat_of: FlatOf | None) -> Any:
    """``reader.postings`` for a segment: a :class:`LiveLeafMatcher` for posting
    lists in blocks, Whoosh's own matcher for the rest. ``flat_of`` gives the
    segment's flat file (:mod:`search.flatpostings`), looked up on the first call."""
    whoosh_postings = reader.postings
    deleted_set = reader.deleted_docs_set if reader.has_deletions() else frozenset()
    deleted = sorted(deleted_set)
    flat: list[FlatSegment | None] = []  # [] until looked up

    def postings(fieldname: str, text: Any, scorer: Any = None) -> Any:
        if reader.is_closed or fieldname not in reader.schema:
            return whoosh_postings(fieldname, text, scorer)  # Whoosh raises
        tbytes = reader._text_to_bytes(fieldname, text)
        terminfo = reader._terms.term_info(fieldname, tbytes)
        if terminfo.is_inlined():  # a posting list of one, kept in the term's entry
            return whoosh_postings(fieldname, text, scorer)
        offset, length = terminfo.extent()
        m = LiveLeafMatcher(
            reader._terms._postfile,
            offset,
            length,
            reader.schema[fieldname].format,
            term=(fieldname, tbytes),
            scorer=scorer,
            deleted=deleted,
            deleted_set=deleted_set,
        )
        if not flat:
            flat.append(flat_of(reader.segment()) if flat_of is not None else None)
        # The file is used only if it holds as many postings as the segment says.
        if flat[0] is not None and flat[0].count((fieldname, tbytes)) == terminfo.doc_frequency():
            m.flat = flat[0]
        return m

    return postings


def install(searcher: Any, flat_of: FlatOf | None = None) -> None:
    """Make every segment of ``searcher`` read its postings through
    :class:`LiveLeafMatcher` (segments of other formats are left alone), and let the
    searcher remember each field's total length: Whoosh sums it over the segments
    for every term's scorer in every segment (63 × 63 sums a word and field at a
    million quotes). ``flat_of`` gives a segment's flat file, which
    :func:`search.matchset.posting_blocks` reads instead of Whoosh's blocks."""
    searcher.field_length = functools.cache(searcher.field_length)
    for sub, _ in searcher.leaf_searchers():
        reader = sub.reader()
        if not isinstance(reader, SegmentReader) or type(reader._terms) is not W3TermsReader:
            continue
        reader.postings = _live_postings(reader, flat_of)
