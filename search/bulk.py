"""The top results of a search for one word (in several fields), scored a posting
block at a time instead of one match at a time.

Whoosh scores a union of terms by stepping a tree of matchers, one document at a time,
about ten Python calls a match; at a million quotes a common word has a hundred
thousand matches. Here each term's posting list is read in blocks (their ids and term
frequencies are arrays already), each posting is scored with Whoosh's own BM25F
formula and statistics (the same scorer objects, the same ``bm25`` function), the
scores of a quote's fields are summed, and the top N are taken with a heap. The
matches, kept as a set per segment, give the exact total and the facets.

The one difference from Whoosh: it sums a quote's field scores in the query's order,
Whoosh in the order of a tree it builds per segment from the terms' sizes. Floating
point addition is not associative, so a score may differ from Whoosh's in its last bit.
Quotes that tie (the same fields and lengths) get the same score and keep Whoosh's
order (the lower document number first).
"""

from __future__ import annotations

import heapq
import time
from typing import Any

from whoosh import query as wq
from whoosh import scoring
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.columns import NumericColumn
from whoosh.reading import SegmentReader
from whoosh.searching import Results
from whoosh.util.numeric import byte_to_length

from .matchset import SegmentMatches, posting_blocks, segment_docs

_LENGTH = [byte_to_length(b) for b in range(256)]  # Whoosh's length byte → length


def terms_of(q: wq.Query) -> list[wq.Term] | None:
    """The terms of ``q`` when it is a word searched in several fields (a ``Term``, or
    an ``Or`` of ``Term``\\ s with no boost, scale or minimum of its own), else None."""
    if isinstance(q, wq.Term):
        return [q]
    if type(q) is not wq.Or or q.boost != 1.0 or q.scale or q.minmatch:
        return None
    terms = list(q.subqueries)
    return terms if terms and all(type(t) is wq.Term for t in terms) else None


def top(
    searcher: Any,
    q: wq.Query,
    terms: list[wq.Term],
    depth: int,
    cache: dict[Any, Any],
    deadline: float | None = None,
    within: wq.Query | None = None,
) -> tuple[Results, list[SegmentMatches], bool] | None:
    """Whoosh ``Results`` holding the ``depth`` best quotes for ``q`` (whose terms are
    ``terms``, see :func:`terms_of`), the matches of every segment searched, and
    whether ``deadline`` (a ``time.monotonic()`` value) passed first. The clock is
    read after each posting block once some quote has been scored; a search cut short
    keeps what it scored (a quote may then miss a field's share of its score, as its
    response says it is incomplete). ``within``, a filter that :func:`matchset.is_union`,
    keeps the quotes it matches (``q`` is then ``search.query.with_filter``'s, whose
    filter adds nothing to a score).
    None when a term is not scored by BM25F: the caller lets Whoosh run it."""
    weighting = searcher.weighting
    schema = searcher.schema
    if type(weighting) is not scoring.BM25F or not all(
        t.fieldname in schema and schema[t.fieldname].scorable for t in terms
    ):
        return None
    heap: list[tuple[float, int]] = []
    matched: list[SegmentMatches] = []
    clock = _Clock(deadline)
    for sub, offset in searcher.leaf_searchers():
        if clock.expired():
            break
        reader = sub.reader()
        allowed = None if within is None else segment_docs(within, reader)
        if allowed is not None and not allowed:  # e.g. a speaker this segment lacks
            matched.append(SegmentMatches(reader, offset, set()))
            continue
        scores = _segment_scores(sub, reader, terms, weighting, cache, allowed, clock)
        if scores is None:
            return None
        if reader.has_deletions():  # search.live drops them already; Whoosh's postings do not
            for docnum in reader.deleted_docs_set.intersection(scores):
                del scores[docnum]
        matched.append(SegmentMatches(reader, offset, set(scores)))
        for item in heapq.nlargest(depth, ((s, -d - offset) for d, s in scores.items())):
            if len(heap) < depth:
                heapq.heappush(heap, item)
            else:
                heapq.heappushpop(heap, item)
    items = sorted(heap, reverse=True)  # as Whoosh's TopCollector: best first, ties by docnum
    return Results(searcher, q, [(s, -d) for s, d in items]), matched, clock.timed_out


class _Clock:
    """The time limit of one search: expired once ``deadline`` has passed, but never
    before some posting has been scored (so a search always returns something)."""

    def __init__(self, deadline: float | None) -> None:
        self.deadline = deadline
        self.scored = False
        self.timed_out = False

    def expired(self) -> bool:
        if self.deadline is not None and self.scored and time.monotonic() > self.deadline:
            self.timed_out = True
        return self.timed_out


def _segment_scores(
    sub: Any,
    reader: Any,
    terms: list[wq.Term],
    weighting: Any,
    cache: dict[Any, Any],
    allowed: set[int] | None,
    clock: _Clock,
) -> dict[int, float] | None:
    """Each matching document's score in one segment (deleted ones possibly included),
    only the ``allowed`` ones if given; None for a segment or term this module cannot
    score as Whoosh would."""
    if not isinstance(reader, SegmentReader):
        return None
    scores: dict[int, float] = {}
    get = scores.get
    in_order = None if allowed is None else sorted(allowed)
    bm25 = scoring.bm25
    for term in terms:
        fieldname = term.fieldname
        if fieldname not in reader.schema:
            continue
        try:
            btext = reader.schema[fieldname].to_bytes(term.text)
        except ValueError:
            continue
        if (fieldname, btext) not in reader:
            continue
        scorer = weighting.scorer(sub, fieldname, btext)
        if type(scorer) is not scoring.BM25FScorer:
            return None
        idf, avgfl, b, k1 = scorer.idf, scorer.avgfl, scorer.B, scorer.K1
        lengths = lengths_of(cache, reader, fieldname)
        boost = term.boost
        postings = reader.postings(fieldname, btext)
        for ids, weights in posting_blocks(postings, in_order, weights=True):
            for docnum, tf in zip(ids, weights, strict=True):
                if allowed is not None and docnum not in allowed:
                    continue
                score = bm25(idf, tf, _LENGTH[lengths[docnum]], avgfl, b, k1)
                if boost != 1.0:
                    score = score * boost
                before = get(docnum)
                scores[docnum] = score if before is None else before + score
            clock.scored = clock.scored or bool(scores)
            if clock.expired():
                return scores
    return scores


def lengths_of(cache: dict[Any, Any], reader: SegmentReader, fieldname: str) -> bytes:
    """Each document's length byte in ``fieldname`` (0: none), by document number,
    read once per segment and kept in ``cache``: one byte a quote."""
    key = ("lengths", fieldname, reader.segment().segment_id())
    lengths = cache.get(key)
    if lengths is None:
        column = reader._perdoc._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
        lengths = cache[key] = _column_bytes(column, reader.doc_count_all())
    return lengths


def _column_bytes(column: Any, n: int) -> bytes:
    """The ``n`` values of a column of one unsigned byte a document, as bytes."""
    if column is None:
        return bytes(n)
    if type(column) is NumericColumn.Reader and column._typecode == "B":
        # One slice of the file instead of a call per document (20 ms per 20,000).
        stored = column._dbfile.get(column._basepos, min(column._count, n))
        return stored + bytes(n - len(stored))  # documents past the end have no length
    return bytes(column[d] for d in range(n))
