"""Which quotes a query matches, as a set of document numbers per index segment, and
the facet counts of those quotes.

Whoosh finds matches by stepping a tree of matchers one document at a time in Python,
scoring each: right for the ten best, but about 10 µs a match, and its top-N collector
does not even count them all (it drops the parts of an ``OR`` that can no longer reach
the top N, and the documents only they match go uncounted). Here a query that is a
union of terms (words in several fields, wildcards, ranges) is answered from whole
posting lists, read a block at a time, or as flat arrays from the segment's flat file
(:mod:`search.flatpostings`) for a common word: exact, and far cheaper per match.
A word, an AND of words or a phrase is counted by :mod:`search.bulk` as it scores
them. The matches of any other query (a wildcard in an AND, say) come from its scored
pass itself, kept by :class:`Recorder`.

Facet counts are then a :class:`collections.Counter` over each segment's per-document
keys, read once per segment and kept in the index's cache.
"""

from __future__ import annotations

import heapq
import time
from array import array
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import chain, compress, repeat
from operator import itemgetter, neg
from typing import Any

from whoosh import collectors
from whoosh import query as wq
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, W3LeafMatcher, _lenfield
from whoosh.columns import NumericColumn
from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.util.numeric import length_to_byte

from .flatpostings import FlatSegment
from .live import LiveLeafMatcher


@dataclass
class SegmentMatches:
    """The matching documents of one segment: ``reader`` is the segment's reader,
    ``offset`` its first document number in the whole index, ``docs`` the matching
    document numbers within the segment (deleted documents excluded)."""

    reader: Any
    offset: int
    docs: set[int]


def total(matches: Iterable[SegmentMatches]) -> int:
    """How many documents the segments' matches hold."""
    return sum(len(m.docs) for m in matches)


# ------------------------------------------------------------ postings as sets


def posting_ids(reader: Any, fieldname: str, text: Any) -> list[int]:
    """The document numbers of one term's postings in one segment (``[]`` when the
    segment lacks the term). Deleted documents are among them (see
    :func:`posting_blocks`); callers remove them."""
    if fieldname not in reader.schema or (fieldname, text) not in reader:
        return []
    return _ids(reader.postings(fieldname, text))


def _ids(m: Any) -> list[int]:
    """The ids of a fresh postings matcher, deleted documents possibly included."""
    return [docnum for ids, _, _ in posting_blocks(m) for docnum in ids]


def posting_blocks(
    m: Any, wanted: list[int] | None = None, weights: bool = False, values: bool = False
) -> Any:
    """A fresh postings matcher's ids, a block at a time, as ``(ids, weights, values)``
    (``weights`` and ``values``, the encoded positions, None unless asked for), deleted
    documents included: Whoosh's own postings keep them, and those of
    :mod:`search.live` are told to (``keep_deleted``); callers remove them, once,
    which costs less than filtering each block. With ``wanted`` (sorted document
    numbers), only the blocks whose range of ids holds one of them: the others are
    passed over by their header, undecoded.

    A posting list that its segment's flat file holds (:mod:`search.flatpostings`)
    is read from there unless ``values`` are asked for, in pieces of
    :data:`FLAT_CHUNK` instead of blocks; with ``wanted``, it may give exactly the
    wanted ids that it has. So callers take any ids given beyond ``wanted`` as
    possible extras, never as a block's whole range."""
    if isinstance(m, FilterMatcher):  # the segment's deletions; callers remove them
        m = m.child
    if isinstance(m, LiveLeafMatcher):  # likewise
        if m.flat is not None and not values:
            yield from _flat_postings(m.flat, m.term(), wanted, weights)
            return
        m.keep_deleted()
    if not isinstance(m, W3LeafMatcher):
        ids, tfs, vs = [], [], []
        while m.is_active():
            ids.append(m.id())
            if weights:
                tfs.append(m.weight())
            if values:
                vs.append(m.value())
            m.next()
        yield ids, tfs if weights else None, vs if values else None
        return
    # Whoosh's own ``all_ids`` steps one posting at a time; a block's ids are an array
    # already. (Whoosh 2.7 is no longer developed, so these private names stay put.)
    low = -1  # the previous block's last id
    while m.is_active():
        if wanted is None or _holds(wanted, low, m._maxid):
            if m._ids is None:
                m._read_ids()
            if weights and m._weights is None:
                m._read_weights()
            if values and m._values is None:
                m._read_values()
            i = m._i
            yield m._ids[i:], m._weights[i:] if weights else None, m._values[i:] if values else None
        low = m._maxid
        m._next_block()


_PICK = 16  # wanted ids are looked up one by one below one per this many postings
FLAT_CHUNK = 16_384  # postings per piece of a flat list: the clock is read between them


def _flat_postings(
    flat: FlatSegment, term: tuple[str, bytes], wanted: list[int] | None, weights: bool
) -> Iterator[tuple[array, array | None, None]]:
    """A term's postings from its segment's flat file, in :func:`posting_blocks`'s
    form, in pieces of :data:`FLAT_CHUNK`. With few ``wanted`` ids against many
    postings, only theirs, each found by bisection."""
    ids, tfs = flat.get(*term, weights=weights)
    if wanted is not None and len(wanted) * _PICK < len(ids):
        n = len(ids)
        found = zip(map(bisect_left, repeat(ids), wanted), wanted, strict=True)
        at = [i for i, docnum in found if i < n and ids[i] == docnum]
        ids = array("I", map(ids.__getitem__, at))
        tfs = array("f", map(tfs.__getitem__, at)) if weights else tfs
    if len(ids) <= FLAT_CHUNK:
        yield ids, tfs if weights else None, None
        return
    for start in range(0, len(ids), FLAT_CHUNK):
        end = start + FLAT_CHUNK
        yield ids[start:end], tfs[start:end] if weights else None, None


def _holds(wanted: list[int], low: int, high: int) -> bool:
    """Whether sorted ``wanted`` has a number in ``(low, high]``."""
    i = bisect_right(wanted, low)
    return i < len(wanted) and wanted[i] <= high


def field_docs(reader: Any, fieldname: str) -> set[int]:
    """The documents of one segment with a word in ``fieldname`` (what Whoosh's
    ``Every(fieldname)`` matches, reading every posting of the field): those of a
    length above 0 when the field keeps lengths."""
    if fieldname not in reader.schema:
        return set()
    if reader.schema[fieldname].scorable:
        return set(compress(range(reader.doc_count_all()), field_lengths(reader, fieldname)))
    return _words_docs(reader, fieldname, reader.lexicon(fieldname))


def _words_docs(reader: Any, fieldname: str, btexts: Iterable[bytes]) -> set[int]:
    """The documents of one segment with one of these words (which it has) in
    ``fieldname``, deleted ones included."""
    out: set[int] = set()
    for btext in btexts:
        out.update(_ids(reader.postings(fieldname, btext)))
    return out


def field_lengths(reader: Any, fieldname: str) -> bytes:
    """Each document's length byte in ``fieldname`` (0: none), by document number: one
    byte a document, read from the segment's lengths column in one slice."""
    n = reader.doc_count_all()
    if not isinstance(reader, SegmentReader):  # e.g. Whoosh's reader of an index with no quotes
        return bytes(length_to_byte(reader.doc_field_length(d, fieldname, 0)) for d in range(n))
    column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if column is None:
        return bytes(n)
    if type(column) is NumericColumn.Reader and column._typecode == "B":
        # One slice of the file instead of a call per document (20 ms per 20,000).
        stored = column._dbfile.get(column._basepos, min(column._count, n))
        return stored + bytes(n - len(stored))  # documents past the end have no length
    return bytes(column[d] for d in range(n))


def is_union(q: wq.Query) -> bool:
    """True when ``q`` matches the union of whole posting lists: terms, wildcards and
    fuzzy terms, ranges, ORs of them, constant-score wrappers (filters), every quote
    (``*``) and every quote with a word in a field (``speaker:*``, read from the field's
    lengths). Its matches are then read from postings, at about a tenth of the cost of
    scoring them.

    An intersection (AND, a filter on a speaker) is not, nor is anything that needs
    positions (phrases): their matches are counted as they are scored."""
    if isinstance(q, wq.Every):
        return True
    if isinstance(q, (wq.Term, wq.MultiTerm, wq.NumericRange)) or q is wq.NullQuery:
        return True
    if isinstance(q, (wq.Or, wq.DisjunctionMax, wq.ConstantScoreQuery)):
        return all(is_union(c) for c in q.children())
    return False


def segment_docs(q: wq.Query, reader: Any) -> set[int]:
    """The documents of one segment that ``q`` (:func:`is_union`) matches, deleted
    ones possibly included."""
    if q is wq.NullQuery:
        return set()
    if isinstance(q, wq.Every):
        if q.fieldname in (None, "", "*"):
            return set(range(reader.doc_count_all()))
        return field_docs(reader, q.fieldname)
    if isinstance(q, wq.Term):
        return set(posting_ids(reader, q.fieldname, q.text))
    if isinstance(q, wq.NumericRange):
        return segment_docs(q.simplify(reader), reader)
    if isinstance(q, wq.MultiTerm):
        if q.fieldname not in reader.schema:
            return set()
        return _words_docs(reader, q.fieldname, q._btexts(reader))  # words the segment has
    if isinstance(q, wq.ConstantScoreQuery):
        return segment_docs(q.child, reader)
    return set().union(*(segment_docs(c, reader) for c in q.children()))


def match_sets(searcher: Any, q: wq.Query, deadline: float | None = None) -> list[SegmentMatches]:
    """The documents ``q`` matches, per segment of ``searcher``'s index, for a query
    that :func:`is_union`. Raises Whoosh's ``TimeLimit`` when ``deadline`` (a
    ``time.monotonic()`` value) passes, checked before each segment."""
    out = []
    for sub, offset in searcher.leaf_searchers():
        if deadline is not None and time.monotonic() > deadline:
            raise collectors.TimeLimit
        out.append(_segment_matches(q, sub.reader(), offset))
    return out


def match_sets_until(
    searcher: Any, q: wq.Query, deadline: float | None
) -> tuple[list[SegmentMatches], bool]:
    """:func:`match_sets`, but when ``deadline`` passes, the segments read before it
    (at least one, so that a search cut short still finds something) and True."""
    out: list[SegmentMatches] = []
    for sub, offset in searcher.leaf_searchers():
        if out and deadline is not None and time.monotonic() > deadline:
            return out, True
        out.append(_segment_matches(q, sub.reader(), offset))
    return out, False


def _segment_matches(q: wq.Query, reader: Any, offset: int) -> SegmentMatches:
    docs = segment_docs(q, reader)
    if reader.has_deletions():
        docs -= reader.deleted_docs_set
    return SegmentMatches(reader, offset, docs)


class Recorder(collectors.WrappingCollector):
    """Wraps a collector and keeps every document it is given, per segment: the match
    sets of a stepped query, from the same pass that scores it. The collector it wraps
    must see every match (not drop the parts of the query that cannot reach its top N,
    as Whoosh's ``TopCollector`` does: see ``search.collect.CountingTop``), or the sets
    would miss documents."""

    def prepare(self, top_searcher: Any, q: wq.Query, context: Any) -> None:
        super().prepare(top_searcher, q, context)
        self.matched: list[SegmentMatches] = []

    def set_subsearcher(self, subsearcher: Any, offset: int) -> None:
        super().set_subsearcher(subsearcher, offset)
        self.matched.append(SegmentMatches(subsearcher.reader(), offset, set()))
        self._add = self.matched[-1].docs.add

    def collect(self, sub_docnum: int) -> Any:
        self._add(sub_docnum)
        return self.child.collect(sub_docnum)


# -------------------------------------------------------------------- keys, facets


def segment_keys(cache: dict[Any, Any], reader: Any, fieldname: str, kind: str) -> list[Any]:
    """Each document's key in one segment, by document number, read once per segment
    and kept in ``cache``: ``kind`` "column" is a sortable field's column value (one
    shared object per distinct value), "words" a keyword field's tuple of words."""
    segment = reader.segment()
    if segment is None:  # an index without quotes has no segment
        return []
    key = (kind, fieldname, segment.segment_id())
    keys = cache.get(key)
    if keys is None:
        keys = cache[key] = _read_keys(reader, fieldname, kind)
    return keys


def _read_keys(reader: Any, fieldname: str, kind: str) -> list[Any]:
    if kind == "column":
        shared: dict[Any, Any] = {}
        column = reader.column_reader(fieldname, translate=False)
        return [shared.setdefault(v, v) for v in column]
    field_obj = reader.schema[fieldname]
    lists: list[list[str]] = [[] for _ in range(reader.doc_count_all())]
    for btext in reader.lexicon(fieldname):
        word = field_obj.from_bytes(btext)
        for docid in _ids(reader.postings(fieldname, btext)):
            lists[docid].append(word)
    empty = ()
    return [tuple(words) if words else empty for words in lists]


def picked(items: list[Any], positions: Collection[int]) -> tuple[Any, ...]:
    """The items at ``positions``, in their order: ``operator.itemgetter`` reads them in
    C, two or three times as fast as a ``map`` calling ``items.__getitem__``, which
    counts at a million quotes (every match's facet keys are read)."""
    if len(positions) == 1:  # itemgetter of one position gives the item, not a tuple
        return (items[next(iter(positions))],)
    return itemgetter(*positions)(items) if positions else ()


def first_by_columns(
    cache: dict[Any, Any], matches: list[SegmentMatches], depth: int, columns: tuple[str, ...]
) -> list[tuple[tuple[Any, ...], int]]:
    """The first ``depth`` matching documents in the order of their sortable
    ``columns`` (the first numeric, highest first; the others lowest first; ties by
    document number), as ``(key, global document number)`` pairs.

    These are the items of Whoosh's ``SortingCollector`` with the same keys, picked by
    ``heapq`` from the cached key columns: Whoosh makes a key with several Python calls
    per match and sorts every match (over 6 s for the newest of a million quotes).
    Cheap next to finding the matches, so it has no time limit of its own: a search
    cut short still shows the newest of what it found."""
    best: list[tuple[tuple[Any, ...], int]] = []
    if depth <= 0:
        return best
    for m in matches:
        if not m.docs:
            continue
        first, *rest = (segment_keys(cache, m.reader, name, "column") for name in columns)
        docs = list(m.docs)
        firsts = picked(first, docs)
        if len(docs) > depth:
            # Only a document at least as high in the first column as the segment's
            # depth-th can be among the first: keys are made for those alone.
            floor = heapq.nlargest(depth, firsts)[-1]
            keep = [value >= floor for value in firsts]
            docs, firsts = list(compress(docs, keep)), list(compress(firsts, keep))
        others = (picked(column, docs) for column in rest)
        keys = zip(map(neg, firsts), *others, strict=True)
        found = zip(keys, map(m.offset.__add__, docs), strict=True)
        best = heapq.nsmallest(depth, chain(best, found))
    return best


def count_facets(
    cache: dict[Any, Any], matches: list[SegmentMatches], facets: dict[str, tuple[str, str]]
) -> dict[str, Counter[str]]:
    """How many matching documents have each value, per facet. ``facets`` maps a facet's
    name to its field and kind of key (see :func:`segment_keys`)."""
    out: dict[str, Counter[str]] = {}
    for name, (fieldname, kind) in facets.items():
        counts: Counter[Any] = Counter()
        for m in matches:
            if not m.docs:
                continue
            keys = segment_keys(cache, m.reader, fieldname, kind)
            found = picked(keys, m.docs)
            counts.update(chain.from_iterable(found) if kind == "words" else found)
        if kind == "column" and counts:
            field_obj = matches[0].reader.schema[fieldname]
            named: Counter[str] = Counter()
            for key, n in counts.items():
                named[field_obj.from_column_value(key)] += n
            counts = named
        out[name] = counts
    return out
