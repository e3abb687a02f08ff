"""Tests for search.catalog: a generation's catalog on disk, read as mappings, saved
into a generation without touching the file it replaces, and read from the JSON of
older indexes."""

from __future__ import annotations

import json
import os
import pickle
from pathlib import Path

import pytest

from search import catalog as catalog_module
from search.catalog import CATALOG, Catalog, CatalogError


def entry(path: str, sha: str, quotes: int, source_id: str = "") -> dict:
    return {
        "path": path,
        "shown": Path(path).name,
        "sha256": sha,
        "source": {"id": source_id, "title": f"Title of {Path(path).stem}"},
        "quotes": quotes,
        "quotes_hash": f"h-{sha}",
    }


def stats(*speakers: str, topic: str = "harbour") -> dict:
    return {"speakers": dict.fromkeys(speakers, 1), "topics": {topic: len(speakers)}}


def speakers_of(counts) -> dict:
    """Quotes and documents per speaker, as the index sums them."""
    out: dict = {}
    for info in counts:
        for sid, n in info["speakers"].items():
            sp = out.setdefault(sid, {"id": sid, "quotes": 0, "documents": 0})
            sp["quotes"] += n
            sp["documents"] += 1
    return out


@pytest.fixture
def filled() -> Catalog:
    """A scratch catalog of five documents; the third has the first one's bytes."""
    cat = Catalog.create()
    for i, sha in enumerate(["aa", "bb", "aa", "cc", "dd"]):
        path = f"/corpus/doc-{i}.txt"
        cat.put(path, entry(path, sha, i, f"src-{i}"), stats=stats("ana", f"p{i}"), stamp=(i, 7))
    return cat


def test_documents_read_as_a_mapping_in_the_order_added(filled, monkeypatch):
    monkeypatch.setattr(catalog_module, "_BATCH", 2)  # iteration crosses batches
    docs = filled.documents
    paths = [f"/corpus/doc-{i}.txt" for i in range(5)]
    assert list(docs) == paths
    assert [p for p, _ in docs.items()] == paths
    assert [d["quotes"] for d in docs.values()] == [0, 1, 2, 3, 4]
    assert len(docs) == 5 and "/corpus/doc-3.txt" in docs and "/corpus/nope.txt" not in docs
    assert docs["/corpus/doc-1.txt"]["sha256"] == "bb"
    assert docs.get("/corpus/nope.txt") is None
    with pytest.raises(KeyError):
        docs["/corpus/nope.txt"]
    assert docs.total_quotes() == 10


def test_lookups_by_hash_and_source_id(filled):
    docs = filled.documents
    assert docs.with_sha("aa")["path"] == "/corpus/doc-0.txt"  # the first with it
    assert docs.has_sha("dd") and not docs.has_sha("ee") and docs.with_sha("ee") is None
    assert docs.path_of_source("src-3") == "/corpus/doc-3.txt"
    assert docs.path_of_source("src-9") is None


def test_a_row_keeps_counts_and_stamp_and_a_new_put_keeps_the_stamp(filled):
    docs = filled.documents
    row = docs.row("/corpus/doc-2.txt")
    assert row.stats == stats("ana", "p2") and row.stamp == (2, 7) and row.records is None
    filled.put("/corpus/doc-2.txt", entry("/corpus/doc-2.txt", "ee", 9), records=4)
    row = docs.row("/corpus/doc-2.txt")
    assert row.entry["sha256"] == "ee" and row.stamp == (2, 7) and row.records == 4
    assert row.stats is None
    assert list(docs)[2] == "/corpus/doc-2.txt"  # still in its place
    assert docs.row("/corpus/nope.txt") is None


def test_saved_catalog_sums_speakers_and_topics(filled, tmp_path):
    saved = filled.save(tmp_path, {"version": 3, "roots": ["/corpus"]}, speakers_of)
    assert (tmp_path / CATALOG).is_file()
    assert saved["roots"] == ["/corpus"] and saved.get("fingerprint") is None
    assert saved["speakers"]["ana"] == {"id": "ana", "quotes": 5, "documents": 5}
    assert saved["speakers"]["p4"]["documents"] == 1
    assert saved["topics"] == {"harbour": 10}
    assert list(saved["documents"]) == list(filled.documents)
    again = Catalog.open(tmp_path)  # a reader opening the file
    assert dict(again["documents"].items()) == dict(filled.documents.items())


def test_saving_replaces_a_linked_catalog_without_writing_into_it(filled, tmp_path):
    live, new = tmp_path / "gen-1", tmp_path / "gen-2"
    live.mkdir()
    new.mkdir()
    old = Catalog.create()
    old.put("/corpus/old.txt", entry("/corpus/old.txt", "00", 1))
    old.save(live, {"version": 3}, speakers_of)
    os.link(live / CATALOG, new / CATALOG)  # an update's generation starts as links
    before = (live / CATALOG).read_bytes()
    filled.save(new, {"version": 3}, speakers_of)
    assert (live / CATALOG).read_bytes() == before
    assert list(Catalog.open(live)["documents"]) == ["/corpus/old.txt"]
    assert len(Catalog.open(new)["documents"]) == 5


def test_a_version_2_catalog_is_read_from_its_json_and_state(tmp_path):
    path = "/corpus/a.txt"
    data = {
        "version": 2,
        "fingerprint": "f1",
        "roots": ["/corpus"],
        "documents": {path: entry(path, "aa", 2)},
        "speakers": {"ana": {"id": "ana", "name": "Ana", "quotes": 2, "documents": 1}},
        "topics": {"harbour": 2},
    }
    (tmp_path / "catalog.json").write_text(json.dumps(data), encoding="utf-8")
    state = {"stats": {path: stats("ana")}, "stamps": {path: (1, 2, 3)}}
    (tmp_path / "state.pickle").write_bytes(pickle.dumps(state))
    cat = Catalog.open(tmp_path)
    assert cat["fingerprint"] == "f1" and cat["topics"] == {"harbour": 2}
    assert dict(cat["speakers"].items()) == data["speakers"]
    assert dict(cat["documents"].items()) == data["documents"]
    row = cat["documents"].row(path)
    assert row.stats == stats("ana") and row.stamp == (1, 2, 3)


def test_an_unreadable_catalog_is_an_error(tmp_path):
    (tmp_path / CATALOG).write_bytes(b"not a database at all, " * 100)
    with pytest.raises(CatalogError):
        Catalog.open(tmp_path)
    (tmp_path / CATALOG).unlink()
    with pytest.raises(CatalogError):  # neither file
        Catalog.open(tmp_path)


def test_a_row_carried_over_is_stored_as_it_was_unless_shown_elsewhere(filled):
    row = filled.documents.row("/corpus/doc-1.txt")
    assert row.shown == "doc-1.txt" and row.sha256 == "bb" and row.quotes == 1
    nxt = Catalog.create()
    nxt.carry("/corpus/doc-1.txt", row, "doc-1.txt", (9, 9))
    nxt.carry("/corpus/doc-4.txt", filled.documents.row("/corpus/doc-4.txt"), "new/doc-4.txt", None)
    kept = nxt.documents.row("/corpus/doc-1.txt")
    assert kept.raw_entry == row.raw_entry and kept.raw_stats == row.raw_stats
    assert kept.stamp == (9, 9)
    moved = nxt.documents.row("/corpus/doc-4.txt")
    assert moved.entry["shown"] == "new/doc-4.txt" and moved.stamp == (4, 7)
    assert moved.entry["quotes_hash"] == "h-dd" and moved.stats == stats("ana", "p4")
    brief = list(nxt.documents.briefly())
    assert [(path, shown, sha, quotes) for _, path, shown, sha, quotes, _ in brief] == [
        ("/corpus/doc-1.txt", "doc-1.txt", "bb", 1),
        ("/corpus/doc-4.txt", "new/doc-4.txt", "dd", 4),
    ]
    number = brief[1][0]
    assert nxt.documents.at(number) == ("/corpus/doc-4.txt", moved.entry)
    assert nxt.documents.stored_entry("/corpus/doc-1.txt") == ("bb", row.raw_entry)
    assert nxt.documents.stored_entry("/corpus/nope.txt") is None
