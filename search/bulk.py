"""The top results of a search for one word (in several fields), for all of a few
words, or for a phrase, scored a posting block at a time instead of one match at a
time.

Whoosh scores a union of terms by stepping a tree of matchers, one document at a time,
about ten Python calls a match; at a million quotes a common word has a hundred
thousand matches. Here each term's posting list is read whole, as flat arrays of ids
and term frequencies (from the segment's flat file, :mod:`search.flatpostings`, for a
common word; else a block of Whoosh's at a time), each posting is scored with
Whoosh's own BM25F formula and statistics (the same scorer objects, the same ``bm25``
function), the scores of a quote's fields are summed, and the top N are taken with a
heap. The
matches, kept as a set per segment, give the exact total and the facets.

For all of several words (an AND), each word's postings are read into a dictionary of
term frequencies (in C), the words' sets of quotes are intersected, and only the
quotes in every word's set are scored: Whoosh steps and scores each posting of every
word in Python. Each word after the rarest reads only the postings (the blocks, for a
word not in a flat file) that may hold a quote the words before it left. A phrase is
read the same way, then its words' positions are checked for the quotes that have
every word: taken from the flat file, or decoded from the blocks read.

The one difference from Whoosh: it sums a quote's field scores, and an AND's word
scores, in the query's order, Whoosh in the order of a tree it builds per segment from
the terms' sizes. Floating point addition is not associative, so a score may differ
from Whoosh's in its last bit, and quotes that tie in one may not in the other. Quotes
that tie here (the same fields and lengths) keep Whoosh's order (the lower document
number first).
"""

from __future__ import annotations

import heapq
import time
from bisect import bisect_left
from collections.abc import Sequence
from typing import Any, NamedTuple

from whoosh import query as wq
from whoosh import scoring
from whoosh.reading import SegmentReader
from whoosh.searching import Results
from whoosh.util.numeric import byte_to_length

from .flatpostings import FlatSegment
from .matchset import SegmentMatches, field_lengths, posting_blocks, segment_docs

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


def words_of(q: wq.Query) -> list[list[wq.Term]] | None:
    """The words of ``q``, each as the terms of :func:`terms_of`, when ``q`` is one
    word or an ``And`` of words with no boost of its own; else None."""
    terms = terms_of(q)
    if terms is not None:
        return [terms]
    if type(q) is not wq.And or q.boost != 1.0 or len(q.subqueries) < 2:
        return None
    words = [terms_of(c) for c in q.subqueries]
    return words if all(w is not None for w in words) else None  # type: ignore[misc]


def phrases_of(q: wq.Query) -> list[wq.Phrase] | None:
    """The phrases of ``q`` when it is a phrase of two words or more, or an ``Or`` of
    such phrases (a phrase searched in several fields, or several phrases) with no
    boost, scale or minimum of its own; else None."""
    if type(q) is wq.Phrase:
        phrases = [q]
    elif type(q) is wq.Or and q.boost == 1.0 and not q.scale and not q.minmatch:
        phrases = list(q.subqueries)
    else:
        return None
    ok = all(type(p) is wq.Phrase and len(p.words) > 1 and p.slop >= 1 for p in phrases)
    return phrases if phrases and ok else None


def parts_of(q: wq.Query) -> list[list[wq.Term]] | list[wq.Phrase] | None:
    """What :func:`top` scores ``q`` by: its words (:func:`words_of`) or its phrases
    (:func:`phrases_of`); None when it is neither (Whoosh then runs it)."""
    return words_of(q) or phrases_of(q)


def top(
    searcher: Any,
    q: wq.Query,
    parts: list[list[wq.Term]] | list[wq.Phrase],
    depth: int,
    cache: dict[Any, Any],
    deadline: float | None = None,
    within: wq.Query | None = None,
) -> tuple[Results, list[SegmentMatches], bool] | None:
    """Whoosh ``Results`` holding the ``depth`` best quotes for ``q`` (whose words or
    phrases are ``parts``, see :func:`parts_of`), the matches of every segment
    searched, and whether ``deadline`` (a ``time.monotonic()`` value) passed first.
    For one word the clock is read after each posting block (or piece of a flat
    posting list, see :data:`search.matchset.FLAT_CHUNK`) once some quote has been
    scored; a search cut short keeps what it scored (a quote may then miss a field's
    share of its score, as its response says it is incomplete). For several words or
    a phrase it is read after each block or piece too, once some segment has been
    scored, and a segment left unfinished is dropped whole.

    ``within``, a filter that :func:`matchset.is_union`, keeps the quotes it matches
    (``q`` is then ``search.collect.with_filter``'s, whose filter adds nothing to a
    score).

    None when a field is not scored by BM25F (found before anything is read), or when a
    segment is not of Whoosh's own format or a phrase's field has no positions (found
    at that segment): the caller lets Whoosh run the query."""
    weighting = searcher.weighting
    schema = searcher.schema
    leaves = [leaf for part in parts for leaf in (part if isinstance(part, list) else [part])]
    fieldnames = {leaf.fieldname for leaf in leaves}
    if type(weighting) is not scoring.BM25F or not all(
        f in schema and schema[f].scorable for f in fieldnames
    ):
        return None
    if isinstance(parts[0], wq.Phrase):
        segment_scores, what = _segment_phrase_scores, parts
    elif len(parts) == 1:
        segment_scores, what = _segment_scores, parts[0]  # type: ignore[assignment]
    else:
        segment_scores, what = _segment_and_scores, parts  # type: ignore[assignment]
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
        scores = segment_scores(sub, reader, what, weighting, cache, allowed, clock)
        if scores is None:
            return None
        if reader.has_deletions():  # whole blocks were read, deleted quotes and all
            for docnum in reader.deleted_docs_set.intersection(scores):
                del scores[docnum]
        matched.append(SegmentMatches(reader, offset, set(scores)))
        items = scores.items()
        if heap and len(heap) == depth:
            # Only a score above the N-th best can get in. A tie cannot, as in Whoosh's
            # TopCollector: segments come in order of their offsets, so this one's
            # document numbers are all higher than those in the heap.
            floor = heap[0][0]
            items = [(d, s) for d, s in items if s > floor]  # type: ignore[assignment]
        for item in heapq.nlargest(depth, ((s, -d - offset) for d, s in items)):
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
    """Each document's score for one word in one segment (deleted ones possibly
    included), only the ``allowed`` ones if given; None for a segment or term this
    module cannot score as Whoosh would."""
    found = _postings(sub, reader, terms, weighting)
    if found is None:
        return None
    scores: dict[int, float] = {}
    get = scores.get
    in_order = None if allowed is None else sorted(allowed)
    for term, scorer, postings, _ in found:
        lengths = lengths_of(cache, reader, term.fieldname)
        by_length = _TermScores(scorer, term.boost)
        for ids, weights, _ in posting_blocks(postings, in_order, weights=True):
            for docnum, tf in zip(ids, weights, strict=True):
                if allowed is not None and docnum not in allowed:
                    continue
                # by_length(tf, ...) written out: this loop runs once a posting
                lb = lengths[docnum]
                score = by_length[lb] if tf == 1.0 else by_length[tf, lb]
                scores[docnum] = get(docnum, 0.0) + score  # 0.0 + score is score exactly
            clock.scored = clock.scored or bool(scores)
            if clock.expired():
                return scores
    return scores


class _TermScores(dict):
    """A term's BM25F score for one occurrence, by the document's length byte, and for
    more, by ``(term frequency, length byte)``; each worked out by Whoosh's ``bm25``
    the first time it is asked for (a field has few distinct length bytes, and most
    postings are one occurrence or a few). Calling it gives the score for any term
    frequency. Boosted as the query's term is, in the same order of operations."""

    def __init__(self, scorer: Any, boost: float) -> None:
        super().__init__()
        self.args = (scorer.idf, scorer.avgfl, scorer.B, scorer.K1)
        self.boost = boost

    def score(self, tf: float, length_byte: int) -> float:
        idf, avgfl, b, k1 = self.args
        score = scoring.bm25(idf, tf, _LENGTH[length_byte], avgfl, b, k1)
        return score * self.boost if self.boost != 1.0 else score

    def __missing__(self, key: int | tuple[float, int]) -> float:
        score = self[key] = self.score(*key) if isinstance(key, tuple) else self.score(1.0, key)
        return score

    def __call__(self, tf: float, length_byte: int) -> float:
        return self[length_byte] if tf == 1.0 else self[tf, length_byte]


def _segment_and_scores(
    sub: Any,
    reader: Any,
    words: list[list[wq.Term]],
    weighting: Any,
    cache: dict[Any, Any],
    allowed: set[int] | None,
    clock: _Clock,
) -> dict[int, float] | None:
    """Each score in one segment of the documents that have every word (deleted ones
    possibly included), only the ``allowed`` ones if given; ``{}`` when the clock ran
    out first, None as :func:`_segment_scores`. The clock is read as postings are
    read, not while the few documents left are scored."""
    found = [_postings(sub, reader, terms, weighting) for terms in words]
    if any(f is None for f in found):
        return None
    got = _intersect(reader, found, allowed, clock)  # type: ignore[arg-type]
    if got is None:
        return {}
    docs, read = got
    scores = dict.fromkeys(docs, 0.0)
    for word in read:  # summed in the query's order, as for one word
        sums: dict[int, float] = {}
        for term, scorer, tfs, _ in word:
            lengths = lengths_of(cache, reader, term.fieldname)
            by_length = _TermScores(scorer, term.boost)
            for docnum in scores.keys() & tfs.keys():
                sums[docnum] = sums.get(docnum, 0.0) + by_length(tfs[docnum], lengths[docnum])
        for docnum, score in sums.items():
            scores[docnum] += score
    clock.scored = clock.scored or bool(scores)
    return scores


def _segment_phrase_scores(
    sub: Any,
    reader: Any,
    phrases: list[wq.Phrase],
    weighting: Any,
    cache: dict[Any, Any],
    allowed: set[int] | None,
    clock: _Clock,
) -> dict[int, float] | None:
    """Each score in one segment of the documents that have one of the phrases, as
    :func:`_segment_and_scores` gives them. A phrase matches as Whoosh's does (its
    ``SpanNear2``, in order): each word 1 to ``slop`` positions after the one before.
    Its score is its words' scores, summed as Whoosh's tree of matchers sums them,
    times its boost. The words' documents are intersected first (:func:`_intersect`),
    then their positions are checked for the documents with every word: taken from
    the segment's flat file (:mod:`search.flatpostings`) for a common word, else
    decoded from what the intersection read of Whoosh's blocks."""
    scores: dict[int, float] = {}
    for phrase in phrases:
        if phrase.fieldname not in reader.schema:
            continue
        field = reader.schema[phrase.fieldname]
        if not field.format or not field.format.supports("positions"):
            return None  # Whoosh raises its error
        terms = [wq.Term(phrase.fieldname, word) for word in phrase.words]
        found = _postings(sub, reader, terms, weighting)
        if found is None:
            return None
        if len(found) < len(terms):  # a word the segment lacks: no match, as in Whoosh
            continue
        got = _intersect(reader, [[f] for f in found], allowed, clock, values=True)
        if got is None:
            return {}
        docs, read = got
        if not docs:  # (the words after an empty intersection were not read)
            continue
        words = [word for (word,) in read]  # one term each, in the phrase's order
        decode, in_order = field.format.decoder("positions"), sorted(docs)
        positions = [_positions(f, w, in_order, decode) for f, w in zip(found, words, strict=True)]
        by_length = [_TermScores(w.scorer, 1.0) for w in words]  # boosted as a phrase, below
        lengths = lengths_of(cache, reader, phrase.fieldname)
        for docnum in docs:
            if not _in_order([p[docnum] for p in positions], phrase.slop):
                continue
            lb = lengths[docnum]
            parts = [by(w.tfs[docnum], lb) for w, by in zip(words, by_length, strict=True)]
            score = _tree_sum(parts)
            if phrase.boost != 1.0:
                score = score * phrase.boost
            scores[docnum] = scores.get(docnum, 0.0) + score
    clock.scored = clock.scored or bool(scores)
    return scores


class _Postings(NamedTuple):
    """One term of a word in one segment, from :func:`_postings`: its BM25F scorer,
    its posting list (unread) and how many postings it has."""

    term: wq.Term
    scorer: Any
    postings: Any
    size: int


class _Read(NamedTuple):
    """One term's postings in one segment, read by :func:`_intersect`: its term
    frequencies and (when asked for, and not in a flat file) encoded positions, by
    document number."""

    term: wq.Term
    scorer: Any
    tfs: dict[int, float]
    values: dict[int, bytes]


def _intersect(
    reader: Any,
    words: list[list[_Postings]],
    allowed: set[int] | None,
    clock: _Clock,
    values: bool = False,
) -> tuple[set[int], list[list[_Read]]] | None:
    """The documents of one segment that have every word (each the list of
    :func:`_postings` gives), ``allowed`` ones only if given, and what was read of each
    word's terms, in the words' order; None when the clock ran out first. With
    ``values``, the encoded positions of the terms that are read from Whoosh's blocks
    (not from a flat file, which has its own) are kept too.

    Words are read rarest first, each after the first reading only the postings (or
    the blocks, for a term not in a flat file) that may hold a document every word
    before it has."""
    read: list[list[_Read]] = [[] for _ in words]
    docs = allowed

    for i in sorted(range(len(words)), key=lambda i: sum(p.size for p in words[i])):
        in_order = None if docs is None else sorted(docs)
        has: set[int] = set()
        for term, scorer, postings, _ in words[i]:
            tfs: dict[int, float] = {}
            vals: dict[int, bytes] = {}
            keep = values and _flat_positions(postings) is None
            for ids, weights, vs in posting_blocks(postings, in_order, True, keep):
                tfs.update(zip(ids, weights, strict=True))  # in C, not a loop in Python
                if keep:
                    vals.update(zip(ids, vs, strict=True))
                if clock.expired():
                    return None
            has.update(tfs)
            read[i].append(_Read(term, scorer, tfs, vals))
        docs = has if docs is None else docs & has
        if not docs:
            break
    return docs or set(), read


def _flat_positions(postings: Any) -> FlatSegment | None:
    """The flat file that holds the positions of a term's ``postings`` (a matcher from
    :func:`_postings`), or None: they are then decoded from Whoosh's blocks."""
    flat = getattr(postings, "flat", None)
    return flat if flat is not None and flat.has_positions(postings.term()) else None


def _positions(
    word: _Postings, read: _Read, docs: list[int], decode: Any
) -> dict[int, Sequence[int]]:
    """The positions of one word in each of ``docs`` (sorted, each one of the
    word's): from the segment's flat file when it holds them, else decoded from the
    encoded positions :func:`_intersect` kept."""
    flat = _flat_positions(word.postings)
    if flat is None:
        return {docnum: decode(read.values[docnum]) for docnum in docs}
    fieldname, btext = word.postings.term()
    ids, _ = flat.get(fieldname, btext, weights=False)
    starts, positions = flat.positions(fieldname, btext)  # type: ignore[misc]
    found: dict[int, Sequence[int]] = {}
    i = 0
    for docnum in docs:
        i = bisect_left(ids, docnum, i)
        found[docnum] = positions[starts[i] : starts[i + 1]]
    return found


def _in_order(positions: list[Sequence[int]], slop: int) -> bool:
    """Whether each word has a position 1 to ``slop`` after one of the word before's
    (``positions``: each word's, ascending, in the phrase's order). Bisection: the cost
    does not depend on the slop, which a query may set as high as it likes."""
    ends = positions[0]
    for later in positions[1:]:
        kept = []
        for p in later:
            i = bisect_left(ends, p - slop)  # the first end at most ``slop`` before p
            if i < len(ends) and ends[i] < p:
                kept.append(p)
        if not kept:
            return False
        ends = kept
    return True


def _tree_sum(values: list[float]) -> float:
    """The sum of ``values`` added as Whoosh's binary tree of intersection matchers
    adds its halves (floating point addition is not associative)."""
    if len(values) == 1:
        return values[0]
    half = len(values) // 2
    return _tree_sum(values[:half]) + _tree_sum(values[half:])


def _postings(
    sub: Any, reader: Any, terms: list[wq.Term], weighting: Any
) -> list[_Postings] | None:
    """Each term of one word that the segment has, with its BM25F scorer, postings and
    their number; None for a segment or term this module cannot score as Whoosh
    would."""
    if not isinstance(reader, SegmentReader):
        return None
    found = []
    for term in terms:
        fieldname = term.fieldname
        if fieldname not in reader.schema:
            continue
        try:
            btext = reader.schema[fieldname].to_bytes(term.text)
        except ValueError:
            continue
        size = reader.doc_frequency(fieldname, btext)  # 0: the segment lacks it
        if not size:
            continue
        scorer = weighting.scorer(sub, fieldname, btext)
        if type(scorer) is not scoring.BM25FScorer:
            return None
        found.append(_Postings(term, scorer, reader.postings(fieldname, btext), size))
    return found


def lengths_of(cache: dict[Any, Any], reader: SegmentReader, fieldname: str) -> bytes:
    """Each document's length byte in ``fieldname`` (:func:`matchset.field_lengths`),
    read once per segment and kept in ``cache``."""
    key = ("lengths", fieldname, reader.segment().segment_id())
    lengths = cache.get(key)
    if lengths is None:
        lengths = cache[key] = field_lengths(reader, fieldname)
    return lengths
