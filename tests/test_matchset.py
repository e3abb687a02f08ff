"""Tests for search.matchset: the documents a query matches, from posting lists, must
be exactly the ones Whoosh's own matchers find, across segments and deletions."""

from __future__ import annotations

import json
import time
from collections import Counter
from pathlib import Path

import pytest
from conftest import make_doc, make_quote
from whoosh import collectors
from whoosh import query as wq
from whoosh.reading import SegmentReader

from search import collect, matchset
from search.index import QuoteIndex, update_index
from search.query import SearchRequest, parse_query, search


def _harbour_doc(folder: Path, name: str, n: int, date: str):
    """A document of ``n`` quotes sharing "harbour" (more than one posting block),
    every third by Ida Lund and tagged "ships"."""
    lines = [f'"Line {i} of the harbour log from {name}," said the keeper.' for i in range(n)]
    doc = make_doc(folder, f"{name}.txt", "\n".join(lines), title=name, date=date)
    quotes = [
        make_quote(
            doc,
            f"Line {i} of the harbour log from {name},",
            "Ida Lund" if i % 3 == 0 else "Kai Moe",
            context="Was the lamp lit?" if i % 5 == 0 else "",
            topics=("ships", "weather") if i % 3 == 0 else ("weather",),
        )
        for i in range(n)
    ]
    return doc, quotes


@pytest.fixture(scope="module")
def ix(tmp_path_factory) -> QuoteIndex:
    """Three documents over two segments; the second update drops one document, so
    its quotes are deleted from a segment that stays."""
    folder = tmp_path_factory.mktemp("matchset")
    north, north_q = _harbour_doc(folder, "north", 300, "2020-05-01")
    south, south_q = _harbour_doc(folder, "south", 40, "2021-05-01")
    east, east_q = _harbour_doc(folder, "east", 50, "2022-05-01")
    update_index(folder / "ix", [north, south], north_q + south_q)
    update_index(folder / "ix", [north, east], north_q + east_q)
    index = QuoteIndex(folder / "ix")
    yield index
    index.close()


def whoosh_docs(index: QuoteIndex, q: wq.Query) -> set[int]:
    return set(index.searcher().docs_for_query(q))


def set_docs(index: QuoteIndex, q: wq.Query) -> set[int]:
    found = matchset.match_sets(index.searcher(), q)
    return {m.offset + d for m in found for d in m.docs}


def test_the_fixture_has_segments_and_deletions(ix):
    readers = [r for r, _ in ix.searcher().reader().leaf_readers()]
    assert len(readers) >= 2 and any(r.has_deletions() for r in readers)


@pytest.mark.parametrize(
    "text",
    [
        "harbour",
        "harbour OR lamp",
        "harb*",
        "harbor~",
        "topic:ships",
        "source:east OR source:north",
        "nothingmatchesthis",
        "context:*",  # only the quotes with a context: read from the field's lengths
        "speaker:*",
        "*",
    ],
)
def test_union_sets_are_the_documents_whoosh_matches(ix, text):
    q, _ = parse_query(ix, text)
    assert matchset.is_union(q)
    assert set_docs(ix, q) == whoosh_docs(ix, q)


def test_filters_ranges_and_every_are_unions(ix):
    since = wq.ConstantScoreQuery(wq.NumericRange("date_hi", 20210101, None), 0.0)
    for q in (
        wq.Every(),
        since,
        wq.Or([wq.Term("text", "lamp"), since]),
        wq.DisjunctionMax([wq.Term("text", "lamp"), wq.Term("speaker_id", "ida-lund")]),
        wq.NullQuery,
        wq.Every("topics"),  # not scored, so no lengths: read from its postings
    ):
        assert matchset.is_union(q), q
        assert set_docs(ix, q) == whoosh_docs(ix, q), q
    assert len(set_docs(ix, wq.Every())) == 350  # 300 + 50: the south quotes are gone
    assert len(set_docs(ix, wq.Every("context"))) == 70  # every fifth has a context


STEPPED = ["harbour log", "harbour NOT lamp", "lamp -north", '"harbour log" OR lamp']


@pytest.mark.parametrize("text", STEPPED)
def test_intersections_and_phrases_are_not_unions(ix, text):
    q, _ = parse_query(ix, text)
    assert not matchset.is_union(q)


def test_match_sets_stop_at_the_deadline(ix):
    q, _ = parse_query(ix, "harbour")
    with pytest.raises(collectors.TimeLimit):
        matchset.match_sets(ix.searcher(), q, deadline=time.monotonic() - 1)
    assert matchset.total(matchset.match_sets(ix.searcher(), q, time.monotonic() + 60)) == 350
    first, late = matchset.match_sets_until(ix.searcher(), q, time.monotonic() - 1)
    assert late and len(first) == 1 and 0 < matchset.total(first) < 350  # one segment read


def test_posting_ids_reads_every_block(ix):
    readers = [r for r, _ in ix.searcher().reader().leaf_readers()]
    for reader in readers:
        ids = matchset.posting_ids(reader, "text", "harbour")  # may list deleted ones
        live = [i for i in ids if not reader.is_deleted(i)]
        whoosh_own = SegmentReader.postings(reader, "text", "harbour")  # not search.live's
        assert live == list(whoosh_own.all_ids())
        assert matchset.posting_ids(reader, "text", "nothingmatchesthis") == []
        assert matchset.posting_ids(reader, "nosuchfield", "harbour") == []
    # North's 300 quotes and south's 40 deleted ones: whole blocks are read, from
    # search.live's postings (which the index installs) as from Whoosh's own, and the
    # deleted quotes are removed once by the caller (cheaper than block by block).
    assert max(len(matchset.posting_ids(r, "text", "harbour")) for r in readers) == 340
    whoosh_ids = [matchset._ids(SegmentReader.postings(r, "text", "harbour")) for r in readers]
    assert max(len(ids) for ids in whoosh_ids) == 340


@pytest.mark.parametrize("text", STEPPED)
def test_recorder_keeps_every_match_of_a_stepped_query(ix, text):
    q, _ = parse_query(ix, text)
    top = collectors.TopCollector(1, usequality=False)
    top.replace = 0
    recorder = matchset.Recorder(top)
    ix.searcher().search_with_collector(q, recorder)
    recorded = {m.offset + d for m in recorder.matched for d in m.docs}
    assert recorded == whoosh_docs(ix, q) and recorded
    assert len(recorder.results().top_n) == 1


def test_facet_counts_are_the_stored_values_of_the_matches(ix):
    q, _ = parse_query(ix, "harbour OR lamp")
    found = matchset.match_sets(ix.searcher(), q)
    cache: dict = {}
    facets = {"speaker": ("speaker", "column"), "topic": ("topics", "words")}
    counts = matchset.count_facets(cache, found, facets)
    searcher = ix.searcher()
    stored = [searcher.stored_fields(m.offset + d)["record"] for m in found for d in m.docs]
    records = [json.loads(r) for r in stored]
    speakers = Counter(r["speaker"] for r in records)
    assert counts["speaker"] == speakers and set(speakers) == {"Ida Lund", "Kai Moe"}
    topics = Counter(t for r in records for t in r["topics"])
    assert counts["topic"] == topics and topics["weather"] == matchset.total(found)
    assert matchset.count_facets(cache, found, facets) == counts  # now from the cache
    assert cache and all(key[0] in ("column", "words") for key in cache)


@pytest.mark.parametrize("positions", [set(), {2}, [2], [3, 0, 3], {0, 1, 4}])
def test_picked_reads_the_items_at_the_positions_in_their_order(positions):
    # Items that are tuples: one picked must come back as a tuple of one item, as
    # chain.from_iterable over a match's topics needs.
    items = [("a",), ("b", "c"), ("d",), (), ("e",)]
    assert matchset.picked(items, positions) == tuple(items[i] for i in positions)


# ------------------------------------------------------------- newest first


@pytest.fixture(scope="module")
def dated(tmp_path_factory) -> QuoteIndex:
    """Quotes over two segments whose documents share a date (so the path, then the
    place in the document, decide), and a document with no date at all."""
    folder = tmp_path_factory.mktemp("dated")
    docs, quotes = [], []
    for name, date in (("b-log", "2021-03-01"), ("a-log", "2021-03-01"), ("undated", None)):
        doc, found = _harbour_doc(folder, name, 20, date)
        docs.append(doc)
        quotes += found
    update_index(folder / "ix", docs[:1], quotes[:20])
    update_index(folder / "ix", docs, quotes)
    index = QuoteIndex(folder / "ix")
    yield index
    index.close()


DATE_ORDERED = [
    ("", ()),
    ("*", ()),
    ("", ("Ida Lund",)),
    ("speaker:*", ()),
    ("context:*", ()),
    ("harbour", ()),
    ("harbour", ("Kai Moe",)),
    ("harbour log", ()),
    ('"harbour log"', ()),
    ("harb*", ()),
    ("topic:ships", ()),
    ("lamp OR nothingmatchesthis", ()),
]


@pytest.mark.parametrize("text, speakers", DATE_ORDERED)
@pytest.mark.parametrize("fixture", ["ix", "dated"])
def test_date_order_from_match_sets_is_whooshs_sorting_collector(
    request, monkeypatch, fixture, text, speakers
):
    index = request.getfixturevalue(fixture)
    # Page 2 of 30 of "ix" runs from the newest document's quotes into an older one's;
    # page 1 of "dated" from one of two documents of the same date into the other.
    page = 2 if fixture == "ix" else 1
    req = SearchRequest(
        text, speakers=speakers, sort="date", limit=30, page=page, facets=True, time_limit=None
    )
    fast = search(index, req, cache=False).to_dict()
    monkeypatch.setattr(collect, "_newest", lambda *args: None)  # Whoosh's collector
    assert fast == search(index, req, cache=False).to_dict() and fast["results"]


def test_date_order_of_unions_words_ands_and_phrases_uses_no_sorting_collector(ix, monkeypatch):
    monkeypatch.setattr(collectors, "SortingCollector", None)  # calling it would fail
    for text in ("", "*", "speaker:*", "harbour", "harbour log", '"harbour log"', "harb*"):
        hits = search(ix, text, sort="date", limit=60, cache=False).hits
        paths = [h.quote.doc for h in hits]
        assert paths[0].endswith("east.txt") and paths[-1].endswith("north.txt")


@pytest.mark.parametrize("text", ["", "harb*", "harbour log", '"harbour log"'])
def test_a_date_ordered_search_cut_short_shows_the_newest_it_found(ix, text):
    resp = search(ix, SearchRequest(text, sort="date", time_limit=1e-9), cache=False)
    assert resp.timed_out and resp.hits and 0 < resp.total < 350
    assert resp.facets == {}  # counts of some segments only would mislead


def test_first_by_columns_newest_first_then_path_then_place(dated):
    searcher = dated.searcher()
    matched = matchset.match_sets(searcher, wq.Every())
    columns = ("date_hi", "path", "seq")
    items = matchset.first_by_columns(dated.segment_cache, matched, 45, columns)
    quotes = [json.loads(searcher.stored_fields(d)["record"]) for _, d in items]
    names = [Path(q["doc"]).stem for q in quotes]
    assert names == ["a-log"] * 20 + ["b-log"] * 20 + ["undated"] * 5
    assert [q["spans"][0][0] for q in quotes[:20]] == sorted(q["spans"][0][0] for q in quotes[:20])
    assert matchset.first_by_columns(dated.segment_cache, matched, 0, columns) == []
