"""Tests for search.flatpostings: each segment's common terms kept as flat arrays,
written with the segment, read instead of Whoosh's blocks, and never needed: a missing
or damaged file means Whoosh's blocks are read, with the same results."""

from __future__ import annotations

import os
import pickle
import struct
from pathlib import Path

import pytest
from conftest import make_doc, make_quote
from whoosh import fields
from whoosh.codec.whoosh3 import W3LeafMatcher
from whoosh.index import create_in

from search import flatpostings, matchset
from search import index as index_module
from search.index import QuoteIndex, update_index
from search.query import SearchRequest, search


def _whoosh_postings(reader, fieldname: str, btext: bytes) -> tuple[list, list, list]:
    """A term's document numbers, term frequencies and positions, stepped by Whoosh."""
    m = reader.postings(fieldname, btext)
    ids, tfs, positions = [], [], []
    while m.is_active():
        ids.append(m.id())
        tfs.append(m.weight())
        if m.supports("positions"):
            positions.append(m.value_as("positions"))
        m.next()
    return ids, tfs, positions


def _line_quotes(
    folder: Path, lines: list[str], speaker=lambda i: "Kai Moe", name: str = "log.txt"
):
    """A document of ``lines``, one a line, written into ``folder``, and a quote of each
    whole line, the i-th by ``speaker(i)``."""
    folder.mkdir(exist_ok=True)
    doc = make_doc(folder, name, "\n".join(lines))
    return doc, [make_quote(doc, line, speaker(i)) for i, line in enumerate(lines)]


@pytest.fixture
def plain(tmp_path):
    """A Whoosh index of one segment: "common" in 1,000 documents (twice in every
    seventh), "rare" in 10, and a spelling twin field."""
    schema = fields.Schema(body=fields.TEXT(spelling=True), tag=fields.ID)
    ix = create_in(str(tmp_path), schema, indexname="quotes")
    with ix.writer() as w:
        for i in range(1000):
            words = "common word common" if i % 7 == 0 else "a common"
            w.add_document(body=words + (" rare" if i % 100 == 0 else ""), tag="t")
    return ix


def test_a_segments_common_terms_are_written_as_whooshs_postings(plain, tmp_path):
    assert flatpostings.write_missing(tmp_path, "quotes") == []
    (path,) = tmp_path.glob("*.flat")
    written = path.stat().st_mtime_ns
    with plain.reader() as reader:
        ((leaf, _),) = reader.leaf_readers()
        flat = flatpostings.open_segment(tmp_path / flatpostings.file_name(leaf.segment()))
        assert flat is not None
        ids, tfs, positions = _whoosh_postings(leaf, "body", b"common")
        flat_ids, flat_tfs = flat.get("body", b"common")
        assert (list(flat_ids), list(flat_tfs)) == (ids, tfs) and 2.0 in tfs
        starts, flat_positions = flat.positions("body", b"common")
        assert len(starts) == len(ids) + 1 and [0, 2] in positions
        spans = zip(starts, starts[1:], strict=False)
        assert [list(flat_positions[a:b]) for a, b in spans] == positions
        assert list(flat.get("tag", b"t")[0]) == _whoosh_postings(leaf, "tag", b"t")[0]
        assert flat.positions("tag", b"t") is None  # an ID field has no positions
        assert flat.count(("body", b"rare")) == -1  # 10 postings: read from Whoosh's block
        assert flat.count(("spell_body", b"common")) == -1  # spelling: postings never read
    assert flatpostings.write_missing(tmp_path, "quotes") == []
    assert path.stat().st_mtime_ns == written  # the segment had its file: not written again
    path.write_bytes(b"QFLAT0 an older format")
    assert flatpostings.write_missing(tmp_path, "quotes") == []
    assert flatpostings.open_segment(path) is not None  # an unreadable file is replaced


def _overstate_a_count(path: Path) -> None:
    """Rewrite a flat file's table so that a term claims more postings than it has."""
    data = path.read_bytes()
    (start,) = struct.unpack("<Q", data[-8:])
    table = pickle.loads(data[start:-8])
    key = next(iter(table))
    offset, count, positions = table[key]
    table[key] = (offset, count * 1000, positions)
    path.write_bytes(data[:start] + pickle.dumps(table) + data[-8:])


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.unlink(),
        lambda p: p.write_bytes(b""),
        lambda p: p.write_bytes(p.read_bytes()[:-3]),
        lambda p: p.write_bytes(b"XFLAT1" + p.read_bytes()[6:]),
        lambda p: _overstate_a_count(p),
    ],
    ids=["missing", "empty", "truncated", "another format", "postings cut out"],
)
def test_a_missing_or_damaged_file_is_not_opened(plain, tmp_path, damage):
    flatpostings.write_missing(tmp_path, "quotes")
    (path,) = tmp_path.glob("*.flat")
    damage(path)
    assert flatpostings.open_segment(path) is None


def test_posting_blocks_reads_the_flat_file_instead_of_decoding_blocks(tmp_path, monkeypatch):
    doc, quotes = _line_quotes(tmp_path / "docs", [f"Entry {i} of the log." for i in range(300)])
    update_index(tmp_path / "ix", [doc], quotes)
    ix = QuoteIndex(tmp_path / "ix")
    ((reader, _),) = ix.searcher().reader().leaf_readers()
    decoded = []
    read_data = W3LeafMatcher._read_data
    monkeypatch.setattr(W3LeafMatcher, "_read_data", lambda m: decoded.append(1) or read_data(m))

    blocks = list(matchset.posting_blocks(reader.postings("text", b"log"), weights=True))
    assert [len(ids) for ids, _, _ in blocks] == [300] and not decoded
    wanted = list(matchset.posting_blocks(reader.postings("text", b"log"), [5, 7, 299]))
    assert [list(ids) for ids, _, _ in wanted] == [[5, 7, 299]] and not decoded
    # Encoded positions, as posting_blocks gives them, come from Whoosh's 3 blocks.
    with_positions = list(matchset.posting_blocks(reader.postings("text", b"log"), values=True))
    assert sum(len(ids) for ids, _, _ in with_positions) == 300 and len(decoded) == 3
    ix.close()


def _flat_files(path: Path) -> dict[str, int]:
    """The live generation's flat files, by name, with their inode numbers."""
    gen = path / index_module.read_marker(path)["current"]
    return {p.name: p.stat().st_ino for p in gen.glob("*" + flatpostings.SUFFIX)}


def test_updates_write_files_for_new_segments_and_drop_merged_ones(tmp_path, monkeypatch):
    monkeypatch.setattr(flatpostings, "MIN_POSTINGS", 1)
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 100)
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 2)
    folder, path = tmp_path / "docs", tmp_path / "ix"
    folder.mkdir()
    docs = [make_doc(folder, "big.txt", " ".join(f"Line {i}." for i in range(40)))]
    quotes = [make_quote(docs[0], f"Line {i}.", "Maria Lopez") for i in range(40)]
    update_index(path, docs, quotes)
    (first,) = _flat_files(path).items()
    for k in range(4):  # small updates: new segments, merged in pairs
        docs.append(make_doc(folder, f"small-{k}.txt", f"Note {k} is short."))
        quotes.append(make_quote(docs[-1], f"Note {k} is short.", "Tom Baker"))
        update_index(path, docs, quotes)
        files = _flat_files(path)
        segments = {s.segment_id() for s in QuoteIndex(path)._ix._segments()}
        assert set(files) == {s + flatpostings.SUFFIX for s in segments}
        assert first in files.items()  # the large segment's file is linked, not rewritten
    assert len(segments) < 5  # some small segments were merged, their files removed
    ix = QuoteIndex(path)
    assert search(ix, SearchRequest("short"), cache=False).total == 4
    ix.close()


def test_an_index_without_flat_files_answers_the_same(tmp_path):
    lines = [f"The harbour lamp {i} is lit." for i in range(400)]
    doc, quotes = _line_quotes(
        tmp_path / "docs", lines, lambda i: "Kai Moe" if i % 3 else "Ida Lund"
    )
    update_index(tmp_path / "ix", [doc], quotes)
    texts = ("harbour", "harbour lit", '"harbour lamp"', "lamp is")
    requests = [SearchRequest(t, facets=True) for t in texts]
    with_flat = QuoteIndex(tmp_path / "ix")
    before = [search(with_flat, r, cache=False) for r in requests]
    assert [k for k in with_flat.segment_cache if k[0] == "flat"]  # the file was read
    with_flat.close()
    removed = list((tmp_path / "ix").glob("gen-*/*" + flatpostings.SUFFIX))
    for p in removed:
        os.remove(p)
    without = QuoteIndex(tmp_path / "ix")
    after = [search(without, r, cache=False) for r in requests]
    assert removed and not [k for k in without.segment_cache if k[0] == "flat"]
    assert [b.total for b in before] == [400, 400, 400, 400]
    for b, a in zip(before, after, strict=True):
        assert (a.total, a.facets) == (b.total, b.facets)
        assert [(h.quote.id, h.score) for h in a.hits] == [(h.quote.id, h.score) for h in b.hits]
    without.close()


@pytest.mark.parametrize("flat", [True, False])
def test_a_phrase_reads_positions_from_the_flat_files_decoding_no_block(
    tmp_path, monkeypatch, flat
):
    """The word "harbour" is in quotes 0-399, "log" in 350-749: 50 quotes have both.
    With flat files, the phrase reads its words' ids and positions there and decodes
    no block; without, it decodes the rarer word's every block (four), then the other
    word's blocks that hold one of its quotes (one)."""
    if not flat:
        monkeypatch.setattr(flatpostings.FlatSegment, "count", lambda self, key: -1)
    lines = [
        " ".join(["Entry", str(i)] + ["harbour"] * (i < 400) + ["log"] * (350 <= i < 750)) + "."
        for i in range(750)
    ]
    doc, quotes = _line_quotes(tmp_path / "docs", lines)
    update_index(tmp_path / "ix", [doc], quotes)
    ix = QuoteIndex(tmp_path / "ix")
    decoded = []
    read_data = W3LeafMatcher._read_data
    monkeypatch.setattr(W3LeafMatcher, "_read_data", lambda m: decoded.append(1) or read_data(m))
    resp = search(ix, SearchRequest('"harbour log"'), cache=False)
    assert resp.total == 50 and len(decoded) == (0 if flat else 5)
    ix.close()


@pytest.mark.parametrize("from_blocks", [(), ("harbour",), ("log",), ("harbour", "log")])
def test_a_phrase_in_a_segment_whose_first_block_was_deleted(tmp_path, monkeypatch, from_blocks):
    """The flat files keep deleted quotes (as Whoosh's blocks do), but a block of
    only deleted quotes is passed over when Whoosh's blocks are read: a phrase whose
    words come from either, or both, must not look for those quotes' positions."""
    count = flatpostings.FlatSegment.count
    monkeypatch.setattr(
        flatpostings.FlatSegment,
        "count",
        lambda self, key: -1 if key[1].decode() in from_blocks else count(self, key),
    )
    docs, quotes = [], []
    for name in ("a", "b"):
        lines = [f"Entry {i} of the harbour log from {name}." for i in range(200)]
        doc, doc_quotes = _line_quotes(tmp_path / "docs", lines, name=f"{name}.txt")
        docs.append(doc)
        quotes.append(doc_quotes)
    update_index(tmp_path / "ix", docs, quotes[0] + quotes[1])
    update_index(tmp_path / "ix", docs[1:], quotes[1])  # a's 200 quotes deleted
    ix = QuoteIndex(tmp_path / "ix")
    ((reader, _),) = ix.searcher().reader().leaf_readers()
    assert reader.has_deletions() and reader.doc_count() == 200
    assert search(ix, SearchRequest('"harbour log"'), cache=False).total == 200
    ix.close()


def test_an_update_whose_flat_file_cannot_be_written_warns_and_keeps_going(tmp_path, monkeypatch):
    lines = [f"The harbour lamp {i} is lit." for i in range(200)]
    doc, quotes = _line_quotes(tmp_path / "docs", lines)

    def disk_full(reader, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(flatpostings, "write", disk_full)
    summary = update_index(tmp_path / "ix", [doc], quotes)
    assert [p.fatal for p in summary.problems] == [False]
    assert "No space left" in summary.problems[0].message
    assert _flat_files(tmp_path / "ix") == {}
    ix = QuoteIndex(tmp_path / "ix")
    assert search(ix, SearchRequest("harbour"), cache=False).total == 200  # from the blocks
    monkeypatch.undo()
    update_index(tmp_path / "ix", [doc], quotes)  # nothing changed: the file is written now
    assert len(_flat_files(tmp_path / "ix")) == 1
    ix.close()


def test_a_running_index_uses_a_flat_file_a_later_generation_wrote(tmp_path, monkeypatch):
    """An index written before flat files existed gets them at its next update; a
    server that searched it before then uses them after."""
    doc, quotes = _line_quotes(tmp_path / "docs", [f"Entry {i} of the log." for i in range(200)])
    docs = [doc]
    written = flatpostings.write
    monkeypatch.setattr(flatpostings, "write", lambda reader, path: None)  # an older version
    update_index(tmp_path / "ix", docs, quotes)
    ix = QuoteIndex(tmp_path / "ix")
    assert search(ix, SearchRequest("log"), cache=False).total == 200
    assert not [k for k in ix.segment_cache if k[0] == "flat"]
    monkeypatch.setattr(flatpostings, "write", written)
    note, note_quotes = _line_quotes(tmp_path / "docs", ["A note."], name="note.txt")
    docs.append(note)
    quotes += note_quotes
    update_index(tmp_path / "ix", docs, quotes)  # writes the old segment's file too
    assert search(ix, SearchRequest("log"), cache=False).total == 200
    assert [k for k in ix.segment_cache if k[0] == "flat"]
    ix.close()


def test_a_term_whose_count_differs_from_the_segments_is_read_from_the_blocks(tmp_path):
    doc, quotes = _line_quotes(tmp_path / "docs", [f"Entry {i} of the log." for i in range(300)])
    update_index(tmp_path / "ix", [doc], quotes)
    (path,) = (tmp_path / "ix").glob("gen-*/*" + flatpostings.SUFFIX)
    data = path.read_bytes()
    (start,) = struct.unpack("<Q", data[-8:])
    table = pickle.loads(data[start:-8])
    offset, count, positions = table["text", b"log"]
    table["text", b"log"] = (offset, count - 1, -1)  # within the file: it still opens
    path.write_bytes(data[:start] + pickle.dumps(table) + struct.pack("<Q", start))
    ix = QuoteIndex(tmp_path / "ix")
    ((reader, _),) = ix.searcher().reader().leaf_readers()
    assert reader.postings("text", b"log").flat is None  # 299 against 300: not used
    assert reader.postings("text", b"entri").flat is not None
    assert search(ix, SearchRequest("log"), cache=False).total == 300
    ix.close()
