"""Collecting one parsed query's results: the top N by score or newest first, how
many quotes match, and the facets, within a time limit.

:func:`run` picks the cheapest way the query allows. A word, an AND of words or a
phrase is scored a posting block at a time (:mod:`search.bulk`); any other union of
terms is counted from its posting lists (:mod:`search.matchset`); the rest go through
Whoosh's collectors, made to count every match (:class:`CountingTop`) and to stop at
the time limit (:class:`_Deadline`). Sorted by date, the newest are picked from the
sort columns the index's segment cache keeps (:data:`SORT_COLUMNS`), as are the facet
keys (:data:`FACETS`).

A filter (speaker, source, topic, dates) joins the query as a part that adds nothing
to a score (:func:`with_filter`).
"""

from __future__ import annotations

import time
from array import array
from bisect import bisect_left
from typing import Any

from whoosh import collectors, matching, sorting
from whoosh import query as wq
from whoosh.searching import Results

from . import bulk, matchset
from .index import QuoteIndex

# Facet name → its values and their counts, most first.
Facets = dict[str, list[tuple[str, int]]]


class _Deadline(collectors.TimeLimitCollector):
    """Whoosh's time-limit collector, checking the clock as documents are collected.

    Whoosh's own version runs a timer thread per search and loops over matches in
    ``collect_matches``, which bypasses the filter of an enclosing
    ``FilterCollector``. This one sits innermost (under facets and filters) and reads
    the clock every 64 collected documents, against the search's own ``deadline`` (a
    ``time.monotonic()`` value), so that time spent before Whoosh runs counts.
    """

    def __init__(self, child: collectors.Collector, deadline: float) -> None:
        super().__init__(child, None, use_alarm=False)
        self.deadline = deadline
        self.count_ = 0

    def prepare(self, top_searcher: Any, q: wq.Query, context: Any) -> None:
        self.child.prepare(top_searcher, q, context)
        self.timedout = False
        self.count_ = 0

    def collect_matches(self) -> None:
        for sub_docnum in self.matches():
            self.collect(sub_docnum)

    def collect(self, sub_docnum: int) -> Any:
        self.count_ += 1
        if not self.count_ & 63 and time.monotonic() > self.deadline:
            self.timedout = True
            raise collectors.TimeLimit
        return self.child.collect(sub_docnum)

    def finish(self) -> None:
        self.child.finish()


# The columns that order quotes by date: newest source first, then by document and
# by place in the document.
SORT_COLUMNS = ("date_hi", "path", "seq")
# Facet name → (field, kind of key; see search.matchset.segment_keys).
FACETS = {
    "speaker": ("speaker", "column"),
    "source": ("source", "column"),
    "topic": ("topics", "words"),
}


class _CachedColumn(sorting.FacetType):
    """A sort key whose per-document values are read once per segment and kept in the
    index's segment cache.

    Whoosh's own ``FieldFacet`` opens a column reader per segment on every search (a
    text column's reader rebuilds its offsets with a Python loop over every document
    of the segment: a cost that grows with the index, not with the matches), and fails
    on a segment without the column (one whose quotes were all deleted). ``reverse``
    (numbers only) sorts the highest first.
    """

    def __init__(self, cache: dict[Any, Any], fieldname: str, reverse: bool = False) -> None:
        self.cache = cache
        self.fieldname = fieldname
        self.reverse = reverse

    def categorizer(self, global_searcher: Any) -> sorting.Categorizer:
        field_obj = global_searcher.schema[self.fieldname]
        kind = _NegatedColumnKeys if self.reverse else _ColumnKeys
        return kind(self.cache, self.fieldname, field_obj)


class _ColumnKeys(sorting.Categorizer):
    """A sortable field's column values, by document number, from the index's cache
    (see :func:`search.matchset.segment_keys`)."""

    def __init__(self, cache: dict[Any, Any], fieldname: str, field_obj: Any) -> None:
        self.cache = cache
        self.fieldname = fieldname
        self.field_obj = field_obj
        self.keys: list[Any] = []

    def set_searcher(self, segment_searcher: Any, docoffset: int) -> None:
        reader = segment_searcher.reader()
        self.keys = matchset.segment_keys(self.cache, reader, self.fieldname, "column")

    def key_for(self, matcher: Any, segment_docnum: int) -> Any:
        return self.keys[segment_docnum]

    def key_to_name(self, key: Any) -> Any:
        return self.field_obj.from_column_value(key)


class _NegatedColumnKeys(_ColumnKeys):
    """A numeric column's values, negated: the highest sorts first."""

    def key_for(self, matcher: Any, segment_docnum: int) -> Any:
        return -self.keys[segment_docnum]


def with_filter(q: wq.Query, filt: wq.Query | None) -> wq.Query:
    """``q`` restricted to the documents of ``filt``, scored as ``q`` alone.

    The filter becomes a required part of the query with a score of zero, rather than
    Whoosh's ``filter=`` argument: Whoosh then skips through both posting lists
    together (fast for a selective filter such as one speaker), and counting the
    results counts filtered matches (with ``filter=`` and a top-N collector, Whoosh
    2.7 counts either every unfiltered match or, testing each against the filter set
    in Python, very slowly).
    """
    if filt is None:
        return q
    unscored = Unscored(filt)
    return unscored if isinstance(q, wq.Every) else wq.And([q, unscored])


class Unscored(wq.ConstantScoreQuery):
    """A filter in a query: what ``child`` matches, adding 0.0 to a match's score.

    Whoosh's own ``ConstantScoreQuery(child, 0.0)`` adds 1.0 (its list matcher reads
    a constant weight of 0.0 as none given), or its child's own score when the search
    needs the current match.
    """

    def __init__(self, child: wq.Query) -> None:
        super().__init__(child, 0.0)

    def _rewrap(self, child: wq.Query) -> Unscored:
        return Unscored(child)

    def matcher(self, searcher: Any, context: Any = None) -> Any:
        m = self.child.matcher(searcher, context)
        if isinstance(m, matching.NullMatcherClass):
            return m
        return _ZeroScores(array("I", m.all_ids()), term=m.term())


class _ZeroScores(matching.ListMatcher):
    """Matches that add nothing to a score (and so are never dropped for being unable
    to lift one above the top N's lowest)."""

    def weight(self) -> float:
        return 0.0

    def score(self) -> float:
        return 0.0

    def max_quality(self) -> float:
        return 0.0

    def block_quality(self) -> float:
        return 0.0

    def replace(self, minquality: float = 0) -> Any:
        return self if self.is_active() else matching.NullMatcher()

    def skip_to(self, docnum: int) -> None:
        """By binary search: a filter is skipped through at every match of an AND."""
        if not self.is_active():
            raise matching.ReadTooFar
        self._i = bisect_left(self._ids, docnum, self._i)


class CountingTop(collectors.TopCollector):
    """Whoosh's top-N collector, made to see every match.

    Whoosh's own drops, as the top N fills, the parts of an OR whose best score cannot
    reach it, and never counts the documents only they match. Keeping its minimum
    score at zero still lets it drop exhausted parts (its ``replace``), but no match.
    """

    def _collect(self, global_docnum: int, score: float) -> Any:
        key = super()._collect(global_docnum, score)
        self.minscore = 0
        return key


def sorted_by_date(q: wq.Query, by_date: bool) -> bool:
    """Whether ``q``'s results come newest first, unscored: when ``by_date`` is asked
    for, and always for a query for every quote (``Every``: all of them score alike)."""
    return by_date or isinstance(q, wq.Every)


def run(
    index: QuoteIndex,
    q: wq.Query,
    filt: wq.Query | None,
    depth: int,
    *,
    by_date: bool = False,
    time_limit: float | None = None,
    facets: int = 0,
) -> tuple[Any, int, Facets, bool]:
    """Run one query, restricted to ``filt``'s quotes: returns Whoosh's results (the
    top ``depth``, by score or, ``by_date``, newest first; a query for every quote is
    always newest first), how many quotes match (those seen, if it ran out of
    ``time_limit`` seconds), the ``facets`` most frequent values of each facet when
    asked for (a number above 0; 0 for none) and known, and whether it ran out of time.

    A word searched in several fields, an AND of such words, or a phrase searched in
    several fields, filtered or not, is scored a posting block at a time
    (:mod:`search.bulk`), which also gives its matches. Any other union of terms is
    counted from its posting lists (:mod:`search.matchset`); its scored pass may then
    skip what cannot reach the top.
    Sorted by date, a union of terms (unfiltered), or a word, an AND or a phrase
    (filtered by a union or not) is ranked from its match sets and the cached sort
    columns (:func:`_newest`).
    Any other query is counted, and its matches kept, as its one scored pass sees them.
    """
    searcher = index.searcher()
    cache = index.segment_cache  # the one of the searcher's generation (or a newer one)
    deadline = time.monotonic() + time_limit if time_limit else None
    by_date = sorted_by_date(q, by_date)
    parts = bulk.parts_of(q)  # a word, an AND or a phrase
    if filt is not None and not matchset.is_union(filt):
        parts = None
    q = with_filter(q, filt)  # scored as before: the filter adds 0.0
    scored = None if by_date else parts
    found = bulk.top(searcher, q, scored, depth, cache, deadline, filt) if scored else None
    if found is not None:  # a word, an AND or a phrase: scored a posting block at a time
        results, matched, timed_out = found
        ranked = _facets(cache, matched, facets) if facets and not timed_out else {}
        return results, matchset.total(matched), ranked, timed_out
    union = matchset.is_union(q)
    if by_date and (union or parts):
        # A union's matches cost least from its postings; a word's, AND's or phrase's
        # come from bulk.
        newest = _newest(
            searcher, q, filt, None if union else parts, depth, cache, deadline, facets
        )
        if newest is not None:
            return newest
    if by_date:
        newest_first, *then = SORT_COLUMNS
        sortedby = sorting.MultiFacet(
            [_CachedColumn(cache, newest_first, reverse=True)]
            + [_CachedColumn(cache, name) for name in then]
        )
        collector: Any = collectors.SortingCollector(sortedby, limit=depth)
    elif union:
        # No block-quality skipping: it saves nothing measurable here.
        collector = collectors.TopCollector(depth, usequality=False)
    else:
        collector = CountingTop(depth, usequality=False)
    counter = collector  # counts what the scored pass sees
    if deadline is not None:
        collector = _Deadline(collector, deadline)
    if facets and not union:
        collector = matchset.Recorder(collector)
    timed_out = False
    try:
        searcher.search_with_collector(q, collector)
    except collectors.TimeLimit:
        timed_out = True
    results = collector.results()
    matched: list[matchset.SegmentMatches] | None = None
    if union:  # about a tenth of the scored pass's cost, within the same time limit
        try:
            matched = matchset.match_sets(searcher, q, deadline)
        except collectors.TimeLimit:
            timed_out = True
    elif facets and not timed_out:
        matched = collector.matched
    # Every match when known; else those the scored pass saw before the time limit.
    total = matchset.total(matched) if matched is not None else counter.count()
    ranked = _facets(cache, matched, facets) if facets and matched is not None else {}
    return results, total, ranked, timed_out


def _newest(
    searcher: Any,
    q: wq.Query,
    filt: wq.Query | None,
    parts: list[list[wq.Term]] | list[wq.Phrase] | None,
    depth: int,
    cache: dict[Any, Any],
    deadline: float | None,
    facets: int,
) -> tuple[Any, int, Facets, bool] | None:
    """:func:`run` for a search sorted by date whose matches can be read from posting
    lists: a union of terms (``*`` too) from :func:`matchset.match_sets_until`, or a
    word, an AND or a phrase (``parts``) from :func:`bulk.top`, asked for no top of
    its own. The newest ``depth`` are then picked from the cached sort columns. None
    when :func:`bulk.top` cannot read the query (Whoosh then runs it)."""
    if parts:
        found = bulk.top(searcher, q, parts, 0, cache, deadline, filt)
        if found is None:
            return None
        _, matched, timed_out = found
    else:
        matched, timed_out = matchset.match_sets_until(searcher, q, deadline)
    # Cut short, it shows the newest of what it found, and (as any search) no facets.
    items = matchset.first_by_columns(cache, matched, depth, SORT_COLUMNS)
    ranked = _facets(cache, matched, facets) if facets and not timed_out else {}
    return Results(searcher, q, items), matchset.total(matched), ranked, timed_out


def _facets(cache: dict[Any, Any], matched: list[matchset.SegmentMatches], size: int) -> Facets:
    """The ``size`` most frequent values of each facet among ``matched``, with their
    counts (most first, then by name); empty values are left out."""
    out = {}
    for name, counts in matchset.count_facets(cache, matched, FACETS).items():
        ranked = sorted(
            ((str(k), int(v)) for k, v in counts.items() if k not in (None, "")),
            key=lambda kv: (-kv[1], kv[0].casefold()),
        )
        out[name] = ranked[:size]
    return out
