"""Tests for search.bulk: a word searched in several fields, an AND of such words, or a
phrase, scored a posting block at a time, must find, count and rank what Whoosh's own
matchers do."""

from __future__ import annotations

import time

import pytest
from conftest import make_doc, make_quote
from whoosh import collectors, fields, scoring
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import create_in

from search import bulk, flatpostings, matchset
from search.collect import CountingTop, with_filter
from search.index import QuoteIndex, update_index
from search.query import parse_query


@pytest.fixture(autouse=True, params=["flat", "flat in pieces", "blocks"])
def postings(request, monkeypatch):
    """Every test runs three ways: common words' postings read from the segments' flat
    files (search.flatpostings), read from them in small pieces, and read from
    Whoosh's blocks alone."""
    if request.param == "flat in pieces":
        monkeypatch.setattr(matchset, "FLAT_CHUNK", 50)
    elif request.param == "blocks":
        monkeypatch.setattr(flatpostings.FlatSegment, "count", lambda self, key: -1)
    return request.param


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """Two segments, one with deleted quotes; quotes of different lengths, some with
    the word twice, in the text and in the speaker's name or the question."""
    folder = tmp_path_factory.mktemp("bulk")

    def doc(name: str, n: int):
        lines, quotes = [], []
        for i in range(n):
            words = "harbour " * (1 + i % 3) + "lamp " * (i % 7)
            lines.append(f'"{words.strip()} from {name}," said the keeper.')
        d = make_doc(folder, f"{name}.txt", "\n".join(lines), title=name)
        for i in range(n):
            words = "harbour " * (1 + i % 3) + "lamp " * (i % 7)
            speaker = "Harbour Master" if i % 5 == 0 else "Kai Moe"
            context = "Was the harbour lamp lit?" if i % 4 == 0 else ""
            quotes.append(make_quote(d, f"{words.strip()} from {name},", speaker, context=context))
        return d, quotes

    north, north_q = doc("north", 300)
    south, south_q = doc("south", 40)
    east, east_q = doc("east", 90)
    update_index(folder / "ix", [north, south], north_q + south_q)
    update_index(folder / "ix", [north, east], north_q + east_q)  # south's quotes deleted
    index = QuoteIndex(folder / "ix")
    yield index
    index.close()


def test_the_fixture_has_segments_and_deletions(ix):
    readers = [r for r, _ in ix.searcher().reader().leaf_readers()]
    assert len(readers) == 2 and any(r.has_deletions() for r in readers)


def _as_whoosh(searcher, q, depth, exact=False):
    """Search ``q`` through search.bulk and through Whoosh's stepped matchers, check
    that both find, count and rank the same quotes (with Whoosh's very scores if
    ``exact``, else equal to the last bits), and return bulk's results."""
    results, matched, timed_out = bulk.top(searcher, q, bulk.parts_of(q), depth, {})
    whoosh = CountingTop(depth, usequality=False)  # sees every match
    searcher.search_with_collector(q, whoosh)
    want = whoosh.results()
    assert not timed_out and whoosh.count() == matchset.total(matched)
    assert {m.offset + d for m in matched for d in m.docs} == set(searcher.docs_for_query(q))
    assert [d for _, d in results.top_n] == [d for _, d in want.top_n]
    if exact:
        assert results.top_n == want.top_n
    else:
        assert [s for s, _ in results.top_n] == pytest.approx([s for s, _ in want.top_n], rel=1e-12)
    return results


def test_the_flat_modes_read_the_flat_files(ix, postings, monkeypatch):
    reads = []
    get = flatpostings.FlatSegment.get
    monkeypatch.setattr(
        flatpostings.FlatSegment, "get", lambda *a, **k: reads.append(1) or get(*a, **k)
    )
    q, _ = parse_query(ix, "harbour")
    bulk.top(ix.searcher(), q, bulk.parts_of(q), 10, {})
    assert bool(reads) == (postings != "blocks")


def test_terms_of_accepts_one_word_in_several_fields_only():
    a, b = wq.Term("text", "harbour", boost=4.0), wq.Term("context", "harbour")
    assert bulk.terms_of(a) == [a]
    assert bulk.terms_of(wq.Or([a, b])) == [a, b]
    assert bulk.terms_of(wq.And([a, b])) is None
    assert bulk.terms_of(wq.Or([a, wq.Or([b])])) is None
    assert bulk.terms_of(wq.Or([a, b], scale=0.9)) is None
    assert bulk.terms_of(wq.Or([a, b], boost=2.0)) is None
    assert bulk.terms_of(wq.Prefix("text", "harb")) is None


def test_words_of_accepts_one_word_or_an_and_of_words():
    a, b = wq.Term("text", "harbour", boost=4.0), wq.Term("context", "harbour")
    c = wq.Term("text", "lamp")
    assert bulk.words_of(wq.Or([a, b])) == [[a, b]]
    assert bulk.words_of(wq.And([wq.Or([a, b]), c])) == [[a, b], [c]]
    assert bulk.words_of(wq.And([wq.Or([a, b])])) is None  # Whoosh's own shape for one
    assert bulk.words_of(wq.And([a, c], boost=2.0)) is None
    assert bulk.words_of(wq.And([a, wq.Prefix("text", "la")])) is None
    assert bulk.words_of(wq.And([a, wq.Phrase("text", ["harbour", "lamp"])])) is None
    assert bulk.words_of(wq.Or([wq.And([a, c]), b])) is None


@pytest.mark.parametrize("word", ["harbour", "lamp", "master", "lit", "nowhere"])
@pytest.mark.parametrize("depth", [1, 10, 500])
def test_the_same_matches_and_ranking_as_whoosh(ix, word, depth):
    q, _ = parse_query(ix, word)
    assert bulk.terms_of(q), q
    _as_whoosh(ix.searcher(), q, depth)


@pytest.mark.parametrize(
    "text", ["harbour lamp", "lamp master", "lit lamp harbour", "lamp nowhere"]
)
@pytest.mark.parametrize("depth", [1, 10, 500])
def test_an_and_of_words_matches_and_ranks_as_whoosh(ix, text, depth):
    q, _ = parse_query(ix, text)
    words = bulk.words_of(q)
    assert words and len(words) > 1, q
    _as_whoosh(ix.searcher(), q, depth)


@pytest.mark.parametrize("text", ["harbour lamp", '"harbour lamp"'])
def test_out_of_time_inside_a_segment_drops_that_segment(ix, monkeypatch, text):
    """The clock runs out after the second segment's first posting block: the first
    segment's matches are kept whole, the second's none (never a part of its AND)."""
    q, _ = parse_query(ix, text)
    searcher = ix.searcher()
    whole, _, _ = bulk.top(searcher, q, bulk.parts_of(q), 500, {})
    readings = iter([0.0])  # the check before the second segment; then past the deadline
    monkeypatch.setattr(bulk.time, "monotonic", lambda: next(readings, 100.0))
    results, matched, timed_out = bulk.top(searcher, q, bulk.parts_of(q), 10, {}, deadline=1.0)
    assert timed_out and [len(m.docs) > 0 for m in matched] == [True, False]
    assert matched[0].docs == {d for d in searcher.docs_for_query(q) if d < matched[1].offset}
    assert results.top_n == [(s, d) for s, d in whole.top_n if d < matched[1].offset][:10]


def test_an_and_cut_short_keeps_the_segments_it_finished(ix):
    """Each segment's words are intersected before any is scored: out of time, the
    search keeps the first segment whole (so it always has something) and stops."""
    q, _ = parse_query(ix, "harbour lamp")
    searcher = ix.searcher()
    past = time.monotonic() - 1
    results, matched, timed_out = bulk.top(searcher, q, bulk.parts_of(q), 10, {}, past)
    every = set(searcher.docs_for_query(q))
    first = {matched[0].offset + d for d in matched[0].docs}
    assert timed_out and len(results.top_n) == 10
    assert first and first < every and matchset.total(matched) == len(first)


def test_phrases_of_accepts_a_phrase_in_several_fields():
    a = wq.Phrase("text", ["harbour", "lamp"], boost=4.0)
    b = wq.Phrase("context", ["harbour", "lamp"])
    assert bulk.phrases_of(a) == [a]
    assert bulk.phrases_of(wq.Or([a, b])) == [a, b]
    other = wq.Phrase("text", ["lamp", "lit"])
    assert bulk.phrases_of(wq.Or([a, other])) == [a, other]  # several phrases too
    assert bulk.phrases_of(wq.Or([a, b], boost=2.0)) is None
    assert bulk.phrases_of(wq.Or([a, wq.Term("text", "lamp")])) is None
    assert bulk.phrases_of(wq.Phrase("text", ["harbour"])) is None
    assert bulk.phrases_of(wq.Phrase("text", ["harbour", "lamp"], slop=0)) is None
    assert bulk.parts_of(a) == [a] and bulk.parts_of(wq.Term("text", "lamp")) == [
        [wq.Term("text", "lamp")]
    ]


@pytest.mark.parametrize(
    "words, slop",
    [
        (["harbour", "lamp"], 1),
        (["lamp", "harbour"], 1),  # never in this order
        (["harbour", "harbour", "lamp"], 1),
        (["harbour", "lamp"], 3),  # up to two words between
        (["lamp", "lamp", "lamp"], 2),
        (["harbour", "nowhere"], 1),
        (["harbour", "north"], 1),  # "from" between them takes no position
        (["harbour", "north"], 3),  # and up to two "lamp"s more
        (["lamp", "east"], 4),
        (["north", "south"], 1),  # both in one segment, never in one quote
    ],
)
@pytest.mark.parametrize("fields", [["text"], ["text", "context"]])
def test_a_phrase_matches_and_ranks_as_whoosh(ix, words, slop, fields):
    boosts = {"text": 4.0, "context": 1.0}
    phrases = [wq.Phrase(f, words, slop=slop, boost=boosts[f]) for f in fields]
    q = phrases[0] if len(phrases) == 1 else wq.Or(phrases)
    # In one field nothing is summed across fields: Whoosh's very numbers.
    _as_whoosh(ix.searcher(), q, 500, exact=len(fields) == 1)


def test_several_phrases_match_and_rank_as_whoosh(ix):
    north = wq.Phrase("text", ["harbour", "north"], boost=4.0)
    q = wq.Or([north, wq.Phrase("text", ["lamp", "east"])])
    assert len(_as_whoosh(ix.searcher(), q, 500).top_n) > 100


@pytest.mark.parametrize("fieldname", ["text", "context"])
def test_a_word_in_one_field_scores_as_whoosh_bit_for_bit(ix, fieldname):
    q = wq.Term(fieldname, "lamp", boost=4.0)
    assert len(_as_whoosh(ix.searcher(), q, 500, exact=True).top_n) > 90


def test_a_terms_score_is_worked_out_once_per_frequency_and_length(monkeypatch):
    calls = []
    bm25 = scoring.bm25
    monkeypatch.setattr(scoring, "bm25", lambda *a: calls.append(a) or bm25(*a))
    scorer = type("Scorer", (), {"idf": 1.5, "avgfl": 10.0, "B": 0.75, "K1": 1.2})()
    scores = bulk._TermScores(scorer, 2.0)
    for tf, length_byte in [(1.0, 20), (3.0, 20), (1.0, 20), (3.0, 20), (3.0, 40)]:
        assert scores(tf, length_byte) == 2.0 * bm25(
            1.5, tf, bulk._LENGTH[length_byte], 10.0, 0.75, 1.2
        )
    assert [(a[1], a[2]) for a in calls] == [
        (1.0, bulk._LENGTH[20]),
        (3.0, bulk._LENGTH[20]),
        (3.0, bulk._LENGTH[40]),
    ]


@pytest.mark.parametrize(
    "positions, slop, expected",
    [
        ([[0], [1]], 1, True),
        ([[1], [0]], 1, False),  # in order only
        ([[0], [2]], 1, False),
        ([[0], [2]], 2, True),
        ([[0, 5], [6], [7]], 1, True),
        ([[0, 5], [1], [7]], 1, False),  # each word after the one before, not the first
        ([[3], [3]], 1, False),  # the same position is no distance
        ([[0], [10**6]], 10**12, True),  # any slop, at no more cost
        ([[5], [3]], 10**12, False),
    ],
)
def test_words_in_order_within_the_slop(positions, slop, expected):
    assert bulk._in_order(positions, slop) is expected


def test_scores_are_summed_as_whooshs_tree_of_matchers():
    assert bulk._tree_sum([1.0]) == 1.0
    assert bulk._tree_sum([0.1, 0.2, 0.3]) == 0.1 + (0.2 + 0.3) != (0.1 + 0.2) + 0.3


@pytest.mark.parametrize("word", ["harbour", "lamp"])
def test_whooshs_own_postings_keep_deleted_quotes_and_bulk_drops_them(ix, word):
    q, _ = parse_query(ix, word)
    plain = ix._ix.searcher()  # no search.live: deleted quotes are in the posting lists
    assert any(r.has_deletions() for r, _ in plain.reader().leaf_readers())
    results, matched, _ = bulk.top(plain, q, bulk.parts_of(q), 500, {})
    assert {m.offset + d for m in matched for d in m.docs} == set(plain.docs_for_query(q))
    whoosh = collectors.TopCollector(500, usequality=False)
    plain.search_with_collector(q, whoosh)
    assert [d for _, d in results.top_n] == [d for _, d in whoosh.results().top_n]
    plain.close()


@pytest.mark.parametrize(
    "filt",
    [
        wq.Term("speaker_names", "master"),
        wq.Or([wq.Term("speaker_names", "kai"), wq.Term("source_names", "east")]),
        wq.Term("speaker_names", "nobody"),
    ],
    ids=repr,
)
@pytest.mark.parametrize("text", ["harbour", "harbour lamp", '"harbour lamp"'])
def test_a_filtered_search_matches_and_ranks_as_whoosh(ix, filt, text):
    q, _ = parse_query(ix, text)
    searcher = ix.searcher()
    filtered = with_filter(q, filt)
    results, matched, _ = bulk.top(searcher, filtered, bulk.parts_of(q), 20, {}, within=filt)
    whoosh = CountingTop(20, usequality=False)  # the stepped search's: sees every match
    searcher.search_with_collector(filtered, whoosh)
    assert {m.offset + d for m in matched for d in m.docs} == set(searcher.docs_for_query(filtered))
    assert results.top_n == whoosh.results().top_n


def test_another_weighting_is_left_to_whoosh(ix):
    q, _ = parse_query(ix, "harbour")
    searcher = ix._ix.searcher(weighting=scoring.TF_IDF())
    assert bulk.top(searcher, q, bulk.parts_of(q), 10, {}) is None
    searcher.close()


def test_a_segment_the_filter_misses_is_not_read(ix, monkeypatch):
    q, _ = parse_query(ix, "harbour")
    searcher = ix.searcher()
    east = wq.Term("source_names", "east")  # only in the second segment
    read = []
    scores = bulk._segment_scores
    monkeypatch.setattr(bulk, "_segment_scores", lambda *a: read.append(a[1]) or scores(*a))
    _, matched, _ = bulk.top(searcher, with_filter(q, east), bulk.parts_of(q), 10, {}, within=east)
    assert [len(m.docs) for m in matched] == [0, 90]
    assert read == [matched[1].reader]


def test_blocks_without_a_wanted_document_are_passed_over(tmp_path, monkeypatch):
    schema = fields.Schema(body=fields.TEXT)
    plain = create_in(str(tmp_path), schema)
    with plain.writer() as w:
        for _ in range(1000):  # ids 0-999, in blocks of 128
            w.add_document(body="common")
    reader = plain.reader()
    every = list(matchset.posting_blocks(reader.postings("body", "common"), weights=True))
    assert len(every) == 8 and [d for ids, _, _ in every for d in ids] == list(range(1000))
    decoded = []
    read_data = W3LeafMatcher._read_data
    monkeypatch.setattr(W3LeafMatcher, "_read_data", lambda m: decoded.append(1) or read_data(m))
    some = list(matchset.posting_blocks(reader.postings("body", "common"), [5, 700], weights=True))
    assert [(ids[0], ids[-1]) for ids, _, _ in some] == [(0, 127), (640, 767)]
    assert len(decoded) == 2  # the other six passed over by their headers
    assert list(matchset.posting_blocks(reader.postings("body", "common"), [], weights=True)) == []
    reader.close()
