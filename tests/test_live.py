"""Tests for search.live: a segment with deleted documents must match, score and skip
exactly as Whoosh's own wrapped postings do, without the wrapper."""

from __future__ import annotations

import pytest
from conftest import make_doc, make_quote
from whoosh import collectors, fields
from whoosh import query as wq
from whoosh.index import create_in
from whoosh.matching.wrappers import FilterMatcher

from search import live
from search.index import QuoteIndex, update_index
from search.query import search

N = 1000  # documents; "common" is in all, several blocks of 128 postings


def _text(i: int) -> str:
    words = ["common", "even" if i % 2 == 0 else "odd", f"n{i % 7}"]
    if i % 10 == 0:
        words += ["tenth", "common"]  # a second "common": another weight
    if i >= N - 40:
        words.append("tail")  # only in the last block of "common"
    if i < 5:
        words.append("first")  # one block, whose only deleted document is document 0
    return " ".join(words)


@pytest.fixture(scope="module")
def ix(tmp_path_factory):
    """One segment of N documents, with deletions: document 0, a scatter, every
    document of the second block of "common" (ids 128–255), and every "tail" one."""
    schema = fields.Schema(n=fields.NUMERIC(stored=True, unique=True), body=fields.TEXT)
    index = create_in(str(tmp_path_factory.mktemp("live")), schema)
    with index.writer() as w:
        for i in range(N):
            w.add_document(n=i, body=_text(i))
    dead = {0} | {i for i in range(N) if i % 13 == 5} | set(range(128, 256)) | set(range(N - 40, N))
    with index.writer() as w:
        for i in sorted(dead):
            w.delete_by_term("n", i)
    return index


def _pair(ix):
    """Two searchers on the index: Whoosh's own, and one with :func:`live.install`."""
    plain, patched = ix.searcher(), ix.searcher()
    live.install(patched)
    return plain, patched


def test_install_replaces_every_segments_postings(ix, tmp_path):
    plain, patched = _pair(ix)
    assert isinstance(plain.reader().postings("body", "common"), FilterMatcher)
    assert isinstance(patched.reader().postings("body", "common"), live.LiveLeafMatcher)
    clean = create_in(str(tmp_path), fields.Schema(body=fields.TEXT))
    with clean.writer() as w:
        w.add_document(body="nothing deleted here")
        w.add_document(body="nothing at all")
    searcher = clean.searcher()
    live.install(searcher)
    assert list(searcher.reader().postings("body", "nothing").all_ids()) == [0, 1]


WORDS = ["common", "even", "odd", "n3", "tenth", "tail", "first", "absent"]


@pytest.mark.parametrize("word", WORDS)
def test_the_same_documents_as_whoosh(ix, word):
    plain, patched = _pair(ix)
    if ("body", word) not in plain.reader():
        return
    want = list(plain.reader().postings("body", word).all_ids())
    got = list(patched.reader().postings("body", word).all_ids())
    assert got == want
    assert not set(got) & plain.reader().deleted_docs_set


def test_a_list_whose_every_posting_was_deleted_is_empty_at_once(ix):
    _, patched = _pair(ix)
    m = patched.reader().postings("body", "tail")
    assert not m.is_active()


def test_skip_to_crosses_a_fully_deleted_block(ix):
    plain, patched = _pair(ix)
    for target in (100, 128, 200, 256, 300, N - 41, N - 1):
        a = plain.reader().postings("body", "common")
        b = patched.reader().postings("body", "common")
        a.skip_to(target)
        b.skip_to(target)
        assert b.is_active() == a.is_active()
        if a.is_active():
            assert b.id() == a.id()


def test_skipping_forward_lands_where_whoosh_does(ix):
    """One matcher skipped forward again and again, as an AND's leapfrog does."""
    plain, patched = _pair(ix)
    for word, step in (("common", 37), ("odd", 5), ("n3", 101), ("first", 1)):
        a = plain.reader().postings("body", word)
        b = patched.reader().postings("body", word)
        for target in range(0, N + step, step):
            if not a.is_active():
                break
            a.skip_to(target)
            b.skip_to(target)
            assert b.is_active() == a.is_active()
            if a.is_active():
                assert b.id() == a.id()
        assert not b.is_active()  # every target up to past the last document


@pytest.mark.parametrize(
    "q",
    [
        wq.Term("body", "common"),
        wq.Or([wq.Term("body", "tenth", boost=3.0), wq.Term("body", "n3")]),
        wq.And([wq.Term("body", "even"), wq.Term("body", "n5")]),
        wq.Phrase("body", ["common", "even"]),
        wq.Phrase("body", ["tenth", "common"]),
    ],
    ids=repr,
)
def test_searches_score_and_rank_as_whoosh_does(ix, q):
    plain, patched = _pair(ix)
    for usequality in (False, True):
        want, got = (collectors.TopCollector(50, usequality=usequality) for _ in "ab")
        plain.search_with_collector(q, want)
        patched.search_with_collector(q, got)
        assert got.results().top_n == want.results().top_n
        assert len(got.results()) == len(want.results())


def test_an_updated_quote_index_searches_without_the_wrapper(tmp_path):
    """After an update deletes a document's quotes, the project's searcher reads the
    segment through search.live and finds what Whoosh's own searcher finds."""
    docs = {}
    for name in ("north", "south"):
        lines = [f'"Harbour line {i} from {name}," said Ida Lund.' for i in range(200)]
        docs[name] = make_doc(tmp_path, f"{name}.txt", "\n".join(lines), title=name)
    quotes = {
        name: [make_quote(doc, f"Harbour line {i} from {name},", "Ida Lund") for i in range(200)]
        for name, doc in docs.items()
    }
    update_index(tmp_path / "ix", list(docs.values()), quotes["north"] + quotes["south"])
    update_index(tmp_path / "ix", [docs["north"]], quotes["north"])  # south's deleted
    index = QuoteIndex(tmp_path / "ix")
    try:
        reader = index.searcher().reader()
        assert reader.has_deletions() and "postings" in vars(reader)
        response = search(index, "harbour", limit=5, cache=False)
        whoosh_own = index._ix.searcher()
        assert response.total == len(whoosh_own.search(wq.Term("text", "harbour"), limit=None))
        assert response.total == 200
        whoosh_own.close()
    finally:
        index.close()


def test_the_searcher_sums_each_fields_length_once(tmp_path):
    """Whoosh's BM25F scorers ask the searcher for a field's total length for every
    term in every segment; with search.live installed it is summed once a field."""
    index = create_in(str(tmp_path), fields.Schema(body=fields.TEXT, title=fields.TEXT))
    for part in range(3):  # three segments
        with index.writer() as w:
            for i in range(20):
                w.add_document(body=f"common word{i} part{part}", title=f"common {i}")
    searcher = index.searcher()
    assert len(searcher.leaf_searchers()) == 3
    live.install(searcher)
    q = wq.Or([wq.Term("body", "common"), wq.Term("title", "common"), wq.Term("body", "part1")])
    searcher.search(q, limit=5)
    searcher.search(q, limit=5)
    info = searcher.field_length.cache_info()
    assert info.misses == 2 and info.hits > 2 * 3  # two fields, asked for again and again
    assert searcher.field_length("body") == index.searcher().field_length("body")


@pytest.mark.parametrize("steps", [3, 126, 130, 300])
def test_stepping_before_reading_counts_live_postings(ix, steps):
    plain, patched = _pair(ix)
    a = plain.reader().postings("body", "common")
    b = patched.reader().postings("body", "common")
    for _ in range(steps):  # next() with no id() read in between
        a.next()
        b.next()
    assert b.id() == a.id()


def test_a_list_told_to_keep_deleted_postings_reads_whole_blocks(ix):
    """Whole blocks, deleted postings and all (blocks of every deleted one too), for a
    caller that removes the deleted documents once itself."""
    _, patched = _pair(ix)
    m = patched.reader().postings("body", "common")
    m.keep_deleted()  # after the first block was positioned, its document 0 deleted
    assert list(m.all_ids()) == list(range(N))
    assert list(patched.reader().postings("body", "common").all_ids())[:2] == [1, 2]
