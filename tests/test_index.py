"""Tests for search.index: building, incremental updates, atomic publication, the
write lock and refusing directories the program did not create."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import ALIASES, make_doc, make_quote, sample_corpus
from whoosh.filedb.filestore import FileStorage

from search import index as index_module
from search import query as query_module
from search.index import (
    MARKER,
    IndexBusy,
    IndexCorrupt,
    IndexMissing,
    NotAnIndex,
    QuoteIndex,
    WriteLock,
    default_index_dir,
    index_paths,
    update_index,
)
from search.query import get_quote, search


def ids(ix: QuoteIndex, query: str) -> set[str]:
    return {h.quote.id for h in search(ix, query, limit=100).hits}


# The modules whose code decides what extraction produces: a change to one of them
# marks every index as built by another extractor (and the next update extracts again).
EXTRACTION = {
    "attribution.py",
    "dates.py",
    "descriptions.py",
    "documents.py",
    "extract.py",
    "first_names.py",
    "formats.py",
    "mark_styles.py",
    "marks.py",
    "pipeline.py",
    "posts.py",
    "record.py",
    "speakers.py",
    "topics.py",
    "transcript_names.py",
    "transcripts.py",
    "wrapping.py",
}


def test_every_module_is_either_extraction_or_not():
    """A new module must be put on one side: left off both, it would count as
    extraction, and changing it would make every index look out of date."""
    names = {p.name for p in Path(index_module.__file__).parent.glob("*.py")}
    assert names == EXTRACTION | index_module._NOT_EXTRACTION
    assert not EXTRACTION & index_module._NOT_EXTRACTION


def test_the_fingerprint_reads_the_extraction_modules_only(tmp_path, monkeypatch):
    package = tmp_path / "search"
    package.mkdir()
    for name in ("index.py", "extract.py", "query.py"):
        (package / name).write_text(f"# {name}\n")
    monkeypatch.setattr(index_module, "__file__", str(package / "index.py"))
    before = index_module.extractor_fingerprint()
    (package / "query.py").write_text("# faster searching\n")
    assert index_module.extractor_fingerprint() == before
    (package / "extract.py").write_text("# another rule\n")
    assert index_module.extractor_fingerprint() != before


def test_build_stores_records_texts_and_catalog(index_dir, corpus):
    docs, quotes = corpus
    ix = QuoteIndex(index_dir)
    marker = json.loads((index_dir / MARKER).read_text())
    assert marker["format"] == "quotes-index" and marker["quotes"] == len(quotes)
    # Every record comes back exactly, with the document's absolute path.
    for q in quotes:
        got = get_quote(ix, q.id)
        assert got == q.with_changes(doc=str(Path(q.doc).resolve()))
        assert Path(got.doc).is_absolute() and Path(got.doc).is_file()
    # The index keeps each document's text, so offsets still work if files move.
    for doc in docs:
        assert ix.document_text(doc.sha256) == doc.text
    speakers = ix.catalog["speakers"]
    assert speakers["maria-lopez"]["quotes"] == 3
    assert speakers["tom-baker"]["aliases"] == ["Tommy Baker"]


def test_incremental_update_skips_replaces_and_deletes(tmp_path, corpus):
    docs, quotes = corpus
    path = tmp_path / "ix"
    first = update_index(path, docs, quotes)
    assert len(first.added) == 3 and first.rebuilt

    again = update_index(path, docs, quotes)
    assert (len(again.unchanged), again.added, again.updated, again.removed) == (3, [], [], [])

    garden, music, _city = docs
    changed = make_doc(
        Path(garden.path).parent, "garden.txt", garden.text + "\nThe end.\n", title="Garden"
    )
    new_quote = make_quote(changed, "We planted tomatoes in early spring,", "Maria Lopez")
    kept = [q for q in quotes if q.doc not in (garden.path, music.path)]
    summary = update_index(path, [changed, docs[2]], [*kept, new_quote])
    assert summary.updated == [changed.path]
    assert summary.removed == [str(Path(music.path).resolve())]
    assert summary.unchanged == [docs[2].path]

    ix = QuoteIndex(path)
    assert ids(ix, "music") == set()  # the removed document's quotes are gone
    assert ids(ix, "tomatoes") == {new_quote.id}  # the changed one was replaced
    assert ids(ix, "neighbours") == set()
    assert ix.document_text(music.sha256) is None  # and its stored text too
    assert ix.catalog["documents"][str(Path(changed.path).resolve())]["source"]["title"] == (
        "Garden"
    )


def stored_texts(path: Path) -> set[str]:
    """The shas of the texts in an index's shared folder."""
    return {p.stem for p in (path / "texts").glob("*.txt")}


def test_texts_are_shared_by_generations_and_removed_when_no_generation_names_them(
    tmp_path, corpus
):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    assert stored_texts(path) == {d.sha256 for d in docs}
    gen = json.loads((path / MARKER).read_text())["current"]
    assert not (path / gen / "texts").exists()  # no per-generation copy
    removed = docs[1]
    kept = [q for q in quotes if q.doc != removed.path]
    update_index(path, [docs[0], docs[2]], kept)
    assert QuoteIndex(path).document_text(removed.sha256) is None  # not in this index
    # ... but its text stays for a reader still on the previous generation, one round.
    assert removed.sha256 in stored_texts(path)
    update_index(path, [docs[0], docs[2]], kept)
    assert stored_texts(path) == {docs[0].sha256, docs[2].sha256}


def test_an_index_with_texts_in_its_generation_is_read_and_updated(tmp_path, corpus):
    """Generations written before the shared folder kept their own texts."""
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    gen = json.loads((path / MARKER).read_text())["current"]
    (path / "texts").rename(path / gen / "texts")
    assert QuoteIndex(path).document_text(docs[0].sha256) == docs[0].text
    summary = update_index(path, docs, quotes)
    assert len(summary.unchanged) == 3  # the old texts count: nothing is rewritten
    assert stored_texts(path) == {d.sha256 for d in docs}
    assert all(QuoteIndex(path).document_text(d.sha256) == d.text for d in docs)


def test_a_rebuild_keeps_the_texts_of_the_generation_readers_may_still_be_on(tmp_path, corpus):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    removed = docs[1]
    kept = [q for q in quotes if q.doc != removed.path]
    update_index(path, [docs[0], docs[2]], kept, rebuild=True)
    assert removed.sha256 in stored_texts(path)
    update_index(path, [docs[0], docs[2]], kept, rebuild=True)
    assert removed.sha256 not in stored_texts(path)


def test_a_text_file_the_live_index_does_not_name_is_written_again(tmp_path, corpus):
    """A crashed run may leave a truncated text behind: never taken as complete."""
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs[:2], [q for q in quotes if q.doc != docs[2].path])
    (path / "texts" / f"{docs[2].sha256}.txt").write_text("trunc")
    update_index(path, docs, quotes)
    assert QuoteIndex(path).document_text(docs[2].sha256) == docs[2].text


def test_a_half_written_text_of_a_killed_run_is_removed(tmp_path, corpus):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    leftover = path / "texts" / f".{docs[0].sha256}.12345.tmp"
    leftover.write_text("half")
    update_index(path, docs, quotes)
    assert not leftover.exists()


def test_identical_documents_are_indexed_once(tmp_path, corpus):
    docs, quotes = corpus
    copy = make_doc(tmp_path, "copy.txt", docs[0].text)
    summary = update_index(tmp_path / "ix", [*docs, copy], quotes)
    assert summary.documents == 3
    assert any("same content" in p.message for p in summary.problems)


def test_failed_build_leaves_previous_index_searchable(tmp_path, corpus, monkeypatch):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    ix = QuoteIndex(path)
    before = ids(ix, "garden")

    def explode(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(index_module, "_make_catalog", explode)
    extra = make_doc(tmp_path, "extra.txt", 'The garden is lovely, "Sam Ray" said.\n')
    with pytest.raises(RuntimeError):
        update_index(path, [*docs, extra], quotes, rebuild=True)
    ix.refresh()
    assert ids(ix, "garden") == before
    assert ids(QuoteIndex(path), "garden") == before
    assert sorted(p.name for p in path.glob("gen-*")) == [ix.marker["current"]]


WRITER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from conftest import sample_corpus
    from search import index
    stage = {stage!r}
    if stage == "publish":
        real = index._write_marker
        def hang(*args):  # everything written, nothing published yet
            print("ready", flush=True); time.sleep(60)
        index._write_marker = hang
    else:
        real = index._store_text
        def hang(*args):  # in the middle of adding documents
            print("ready", flush=True); time.sleep(60)
        index._store_text = hang
    docs, quotes = sample_corpus(Path({folder!r}))
    index.update_index({path!r}, docs, quotes[:2], rebuild=True)
    """
)


@pytest.mark.parametrize("stage", ["publish", "write"])
def test_killed_writer_leaves_previous_index_and_no_lock(tmp_path, corpus, stage):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    script = WRITER.format(
        tests=str(Path(__file__).parent), stage=stage, folder=str(tmp_path / "docs"), path=str(path)
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout.readline().strip() == "ready"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    # The previous generation still answers, with all of its quotes and texts.
    assert len(search(QuoteIndex(path), "", limit=100).hits) == len(quotes)
    assert all(QuoteIndex(path).document_text(d.sha256) == d.text for d in docs)
    # The dead writer's lock does not block the next one, which cleans up after it.
    summary = update_index(path, docs, quotes[:3], wait=0)
    assert summary.stale_lock_pid == proc.pid
    assert len(search(QuoteIndex(path), "", limit=100).hits) == 3
    assert len(list(path.glob("gen-*"))) <= 2


PARALLEL_WRITER = textwrap.dedent(
    """
    import multiprocessing, sys, time
    sys.path.insert(0, {tests!r})
    from pathlib import Path
    from conftest import sample_corpus
    from search import index
    index.PARALLEL_FROM = 1  # the multi-process writer even for a small corpus
    init = index._SafeMpWriter.__init__
    def small_batches(self, ix, **kwargs):
        init(self, ix, batchsize=1, **kwargs)
    index._SafeMpWriter.__init__ = small_batches
    store, calls = index._store_text, []
    def hang(*args):  # workers running, documents half added
        calls.append(1)
        if len(calls) == 3:
            pids = [p.pid for p in multiprocessing.active_children()]
            print(" ".join(map(str, pids)), flush=True)
            time.sleep(60)
        store(*args)
    index._store_text = hang
    docs, quotes = sample_corpus(Path({folder!r}))
    index.update_index({path!r}, docs, quotes[:2], rebuild=True)
    """
)


def test_killed_parallel_writer_leaves_no_workers_and_no_lock(tmp_path, corpus):
    docs, quotes = corpus
    path = tmp_path / "ix"
    update_index(path, docs, quotes)
    script = PARALLEL_WRITER.format(
        tests=str(Path(__file__).parent), folder=str(tmp_path / "docs"), path=str(path)
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    try:
        workers = [int(p) for p in proc.stdout.readline().split()]
        assert workers
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(10)
    with WriteLock(path, wait=1):  # free: the workers dropped their copies when forked
        pass
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers)
    assert len(search(QuoteIndex(path), "", limit=100).hits) == len(quotes)
    assert all(QuoteIndex(path).document_text(d.sha256) == d.text for d in docs)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_second_writer_waits_then_says_indexing_is_in_progress(index_dir, corpus):
    docs, quotes = corpus
    with WriteLock(index_dir):
        start = time.monotonic()
        with pytest.raises(IndexBusy, match=f"in progress.*{os.getpid()}"):
            update_index(index_dir, docs, quotes, wait=0.3)
        assert time.monotonic() - start >= 0.3
    update_index(index_dir, docs, quotes, wait=0)  # free again


def test_reader_follows_new_generations(index_dir, corpus, tmp_path):
    docs, quotes = corpus
    ix = QuoteIndex(index_dir)
    assert ids(ix, "kettle") == set()
    extra = make_doc(tmp_path / "docs", "kettle.txt", '"The kettle sings," Ada Stone said.\n')
    kettle = make_quote(extra, "The kettle sings,", "Ada Stone")
    update_index(index_dir, [*docs, extra], [*quotes, kettle])
    assert ids(ix, "kettle") == {kettle.id}  # same object, no reopening by the caller


def test_the_schema_is_read_once_per_generation(index_dir, corpus, tmp_path, monkeypatch):
    # Whoosh reads its table of contents (every segment's entry, the schema pickled
    # with its analyzers) each time an index's schema is asked for.
    from whoosh.index import FileIndex

    docs, quotes = corpus
    ix = QuoteIndex(index_dir)
    search(ix, "garden", cache=False)
    reads = []
    real = FileIndex._read_toc
    monkeypatch.setattr(FileIndex, "_read_toc", lambda self: reads.append(1) or real(self))
    search(ix, "garden", cache=False)
    assert reads == []
    before = ix.schema
    extra = make_doc(tmp_path / "docs", "kettle.txt", '"The kettle sings," Ada Stone said.\n')
    kettle = make_quote(extra, "The kettle sings,", "Ada Stone")
    update_index(index_dir, [*docs, extra], [*quotes, kettle])
    assert ids(ix, "kettle") == {kettle.id}
    assert ix.schema is not before  # the new generation's own


def test_segment_keys_are_kept_for_the_segments_a_new_generation_keeps(index_dir, corpus, tmp_path):
    docs, quotes = corpus
    ix = QuoteIndex(index_dir)
    query_module.warm(ix)
    first = dict(ix.segment_cache)
    assert first and len({key[-1] for key in first}) == 1  # one segment, four keys
    extra = make_doc(tmp_path / "docs", "kettle.txt", '"The kettle sings," Ada Stone said.\n')
    kettle = make_quote(extra, "The kettle sings,", "Ada Stone")
    update_index(index_dir, [*docs, extra], [*quotes, kettle])
    assert ix.refresh()
    assert all(ix.segment_cache[key] is keys for key, keys in first.items())  # not read again
    facets = search(ix, "kettle OR garden", facets=True, cache=False).facets
    assert ("Ada Stone", 1) in facets["speaker"]
    assert len({key[-1] for key in ix.segment_cache}) == 2
    update_index(index_dir, [*docs, extra], [*quotes, kettle], rebuild=True)
    assert ix.refresh() and not set(ix.segment_cache) & set(first)  # new segments only


def test_missing_foreign_and_damaged_directories(tmp_path, corpus):
    with pytest.raises(IndexMissing):
        QuoteIndex(tmp_path / "nothing")
    foreign = tmp_path / "photos"
    foreign.mkdir()
    (foreign / "cat.jpg").write_bytes(b"\xff\xd8")
    with pytest.raises(NotAnIndex):
        QuoteIndex(foreign)
    docs, quotes = corpus
    with pytest.raises(NotAnIndex):
        update_index(foreign, docs, quotes)
    assert sorted(os.listdir(foreign)) == ["cat.jpg"]  # nothing written into it

    damaged = tmp_path / "damaged"
    update_index(damaged, docs, quotes)
    (damaged / MARKER).write_text("{not json")
    with pytest.raises(IndexCorrupt):
        QuoteIndex(damaged)
    summary = update_index(damaged, docs, quotes)  # a damaged index is rebuilt whole
    assert summary.rebuilt and len(search(QuoteIndex(damaged), "", limit=100).hits) == 7


def test_damaged_segments_are_rebuilt_not_built_upon(index_dir, corpus):
    docs, quotes = corpus
    gen = QuoteIndex(index_dir).generation_dir
    for seg in gen.glob("*.seg"):
        seg.write_bytes(seg.read_bytes()[:100])  # a fresh inode: the old one is shared
    with pytest.raises(IndexCorrupt):
        search(QuoteIndex(index_dir), "garden")
    summary = update_index(index_dir, docs, quotes)
    assert summary.rebuilt and any("rebuilt" in p.message for p in summary.problems)
    assert ids(QuoteIndex(index_dir), "garden")


def test_index_paths_keeps_index_when_nothing_can_be_read(tmp_path, index_dir):
    with pytest.raises(index_module.NothingToIndex):
        index_paths(index_dir, [str(tmp_path / "no-such-folder")], report=lambda p: None)
    assert len(search(QuoteIndex(index_dir), "", limit=100).hits) == 7
    with pytest.raises(ValueError, match="standard input"):
        index_paths(index_dir, ["-"])


def test_index_paths_remembers_its_roots(tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing quoted here at all.\n")
    first = index_paths(tmp_path / "ix", [str(folder)])
    assert first.documents == 1
    (folder / "b.txt").write_text("Still nothing quoted.\n")
    second = index_paths(tmp_path / "ix")  # no paths: the recorded ones
    assert second.documents == 2 and len(second.added) == 1 and len(second.unchanged) == 1


def test_aliases_are_searchable_speaker_names(tmp_path):
    docs, quotes = sample_corpus(tmp_path / "d")
    update_index(tmp_path / "ix", docs, quotes, aliases=ALIASES)
    ix = QuoteIndex(tmp_path / "ix")
    assert {get_quote(ix, i).speaker for i in ids(ix, "speaker:tommy")} == {"Tom Baker"}


def test_default_index_dir(monkeypatch, tmp_path):
    monkeypatch.setenv("QUOTES_INDEX", str(tmp_path / "here"))
    assert default_index_dir() == tmp_path / "here"
    monkeypatch.delenv("QUOTES_INDEX")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert default_index_dir() == tmp_path / "data" / "quotes" / "index"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_index_dir() == tmp_path / "home" / ".local" / "share" / "quotes" / "index"


def _segment_sizes(path: Path) -> dict[str, int]:
    ix = QuoteIndex(path)
    return {seg.segment_id(): seg.doc_count_all() for seg in ix._ix._segments()}


@pytest.mark.parametrize("small", [3, 100])  # 100: "small" is then a tenth of the index
def test_updates_merge_small_segments_and_never_rewrite_large_ones(tmp_path, monkeypatch, small):
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", small)
    monkeypatch.setattr(index_module, "MERGE_FACTOR", 2)
    folder, path = tmp_path / "docs", tmp_path / "ix"
    folder.mkdir()
    big = make_doc(folder, "big.txt", " ".join(f"Line {i}." for i in range(40)))
    big_quotes = [make_quote(big, f"Line {i}.", "Maria Lopez") for i in range(40)]
    update_index(path, [big], big_quotes)
    (large,) = _segment_sizes(path)
    docs, quotes = [big], list(big_quotes)
    for k in range(8):  # eight small updates, one quote each
        doc = make_doc(folder, f"small-{k}.txt", f"Note {k} is short.")
        docs.append(doc)
        quotes.append(make_quote(doc, f"Note {k} is short.", "Tom Baker"))
        update_index(path, docs, quotes)
        sizes = _segment_sizes(path)
        assert sizes[large] == 40  # the large segment is kept as it is, never merged
        if k == 0:
            (first_small,) = set(sizes) - {large}
        if k == 1:  # alone in its size tier, the first small segment was not merged
            assert first_small in sizes
    # Small segments of one size are merged once there are MERGE_FACTOR (2) of them,
    # so eight one-quote updates leave about log2(8) segments, not eight.
    small_sizes = [n for seg, n in sizes.items() if seg != large]
    assert sum(small_sizes) == 8 and len(small_sizes) <= 4
    assert ids(QuoteIndex(path), "short") == {q.id for q in quotes[40:]}


def test_an_update_that_would_split_into_small_segments_is_written_by_one_process(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(index_module, "PARALLEL_FROM", 1)
    monkeypatch.setattr(index_module.os, "cpu_count", lambda: 2)
    folder = tmp_path / "docs"
    folder.mkdir()
    big = make_doc(folder, "big.txt", " ".join(f"Line {i}." for i in range(100)))
    update_index(
        tmp_path / "ix", [big], [make_quote(big, f"Line {i}.", "Ann Lee") for i in range(100)]
    )
    gen = json.loads((tmp_path / "ix" / MARKER).read_text())["current"]
    whoosh_index = FileStorage(str(tmp_path / "ix" / gen)).open_index("quotes")
    # 10 more quotes: two segments of 5 would be small next to 110 (limit 11).
    writer = index_module._writer(whoosh_index, 10, 32)
    assert not isinstance(writer, index_module.MpWriter)
    writer.cancel()
    writer = index_module._writer(whoosh_index, 100, 32)  # two of 50: worth splitting
    assert isinstance(writer, index_module.MpWriter)
    writer.cancel()


def test_chunk_size_cuts_equal_chunks_with_no_small_one_at_the_end():
    assert index_module.chunk_size(10) == 10
    assert index_module.chunk_size(index_module.CHUNK) == index_module.CHUNK
    size = index_module.chunk_size(1_011_329)
    assert size <= index_module.CHUNK
    chunks = -(-1_011_329 // size)
    assert chunks == 26 and 1_011_329 - (chunks - 1) * size > 0.9 * size


def test_a_large_build_is_committed_in_equal_segments(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "CHUNK", 10)
    folder = tmp_path / "docs"
    folder.mkdir()
    docs, quotes = [], []
    for k in range(22):  # in chunks of 10 the last segment would hold 2 quotes
        doc = make_doc(folder, f"doc-{k:02}.txt", f"Point {k} stands.")
        docs.append(doc)
        quotes.append(make_quote(doc, f"Point {k} stands.", "Ann Lee"))
    update_index(tmp_path / "ix", docs, quotes)
    assert sorted(_segment_sizes(tmp_path / "ix").values()) == [7, 7, 8]


def test_a_segment_mostly_of_deleted_quotes_is_rewritten(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "SMALL_SEGMENT", 3)
    folder, path = tmp_path / "docs", tmp_path / "ix"
    folder.mkdir()
    docs = [
        make_doc(folder, f"d{k}.txt", " ".join(f"Line {k} {i}." for i in range(10)))
        for k in range(4)
    ]
    quotes = [
        make_quote(d, f"Line {k} {i}.", "Maria Lopez")
        for k, d in enumerate(docs)
        for i in range(10)
    ]
    update_index(path, docs, quotes)
    (first,) = _segment_sizes(path)
    update_index(path, docs[:3], quotes[:30])  # a quarter deleted: the segment stays
    assert _segment_sizes(path) == {first: 40}
    update_index(path, docs[:1], quotes[:10])  # three quarters deleted: rewritten
    sizes = _segment_sizes(path)
    assert first not in sizes and sum(sizes.values()) == 10
    assert len(ids(QuoteIndex(path), "line")) == 10
