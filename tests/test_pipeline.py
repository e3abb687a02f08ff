"""Tests for search.pipeline: extraction on several processes gives the same quotes as
in one, in reading order, and a document whose extraction fails costs only itself."""

from __future__ import annotations

import os
import random
import time
from pathlib import Path

import pytest

from search import pipeline
from search.documents import Problem, read_documents
from search.pipeline import PARALLEL_FROM, extract_corpus, extract_each
from search.topics import TopicModel

PEOPLE = ["Jane Doe", "Omar Quist", "Lena Marsh", "Pavel Ortiz", "Ruth Bello", "Kenji Sato"]
SUBJECTS = ["The harbour", "Our bakery", "The ferry", "The old library", "This garden"]
VERBS = ["needs", "deserves", "will bring", "could use", "has lost"]
OBJECTS = [
    "more volunteers on weekends",
    "a new roof before winter",
    "fresh bread for the fishermen",
    "music in the square",
    "patient funding from the council",
    "children reading in the evenings",
]


def write_corpus(folder: Path, n: int, seed: int = 7) -> list[str]:
    """``n`` short articles of attributed quotes ("...," said Jane Doe.), some
    attributed by surname only; returns their paths in name order."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        lines = [f"Town notes {i}", ""]
        for _ in range(rng.randint(2, 4)):
            person = rng.choice(PEOPLE)
            words = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            cue = f"said {person}" if rng.random() < 0.7 else f"{person.split()[-1]} said"
            lines += [f'"{words}," {cue}.', ""]
        path = folder / f"notes-{i:03d}.txt"
        path.write_text("\n".join(lines), encoding="utf-8")
        paths.append(str(path))
    return paths


@pytest.fixture
def paths(tmp_path: Path) -> list[str]:
    """Enough documents for extraction to go to worker processes."""
    return write_corpus(tmp_path / "docs", PARALLEL_FROM + 12)


def map_calls(monkeypatch) -> list[tuple[str, int]]:
    """Note each call of ``ordered_map`` by the pipeline: the function's name and the
    number of workers."""
    calls: list[tuple[str, int]] = []
    real_map = pipeline.ordered_map

    def spy(func, items, workers, **options):
        calls.append((func.__name__, workers))
        return real_map(func, items, workers, **options)

    monkeypatch.setattr(pipeline, "ordered_map", spy)
    return calls


def test_several_workers_give_the_same_quotes_as_one(paths, monkeypatch):
    calls = map_calls(monkeypatch)
    problems: list[Problem] = []
    docs1, quotes1 = extract_corpus(paths, problems.append, workers=1)
    assert max((w for _, w in calls), default=1) == 1
    docs2, quotes2 = extract_corpus(paths, problems.append, workers=2)
    assert max(w for _, w in calls) == 2  # the second run really used two processes
    assert problems == []
    assert [d.path for d in docs1] == [d.path for d in docs2] == paths
    assert len(quotes1) >= 2 * len(paths)
    assert [q.to_dict() for q in quotes1] == [q.to_dict() for q in quotes2]
    # Names are settled across the corpus: a surname alone becomes the full name.
    assert {q.speaker for q in quotes2} <= set(PEOPLE)


def test_extract_each_yields_documents_in_reading_order(paths):
    docs = list(read_documents(paths, lambda p: None))
    pairs = list(extract_each(iter(docs), lambda p: None, workers=2))
    assert [d.path for d, _ in pairs] == paths
    for doc, quotes in pairs:
        assert quotes and {q.doc for q in quotes} == {doc.path}


def slow_extraction(monkeypatch, seconds: float = 0.02) -> None:
    """Make each document's extraction take ``seconds`` at least (patched before the
    workers fork, so they inherit it): this process then has time of its own."""
    real = pipeline.extract_document

    def slow(doc):
        time.sleep(seconds)
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", slow)


def test_the_model_is_fitted_and_quotes_labelled_while_the_workers_extract(paths, monkeypatch):
    slow_extraction(monkeypatch)
    stream = pipeline.CorpusStream(pipeline.MemorySpill(), {}, workers=2)
    stream.extract(read_documents(paths, lambda p: None), lambda p: None)
    # Every document was counted and the model fitted before the last came back, and
    # label candidates were found for the quotes already extracted.
    assert stream.fitter is None and stream.model is not None
    assert stream.labelled > 0
    settled = [q.to_dict() for _, qs in stream.settle() for q in qs]
    _, quotes = extract_corpus(paths, lambda p: None, workers=1)
    assert settled == [q.to_dict() for q in quotes]


def test_with_a_saved_model_quotes_are_labelled_from_the_start(paths, monkeypatch):
    # An index update labels in the index's vocabulary: nothing to count or read ahead.
    model = TopicModel.fit(d.text for d in read_documents(paths, lambda p: None))
    expected = pipeline.CorpusStream(pipeline.MemorySpill(), {}, workers=1, model=model)
    expected.extract(read_documents(paths, lambda p: None), lambda p: None)
    slow_extraction(monkeypatch)
    stream = pipeline.CorpusStream(pipeline.MemorySpill(), {}, workers=2, model=model)
    stream.extract(read_documents(paths, lambda p: None), lambda p: None)
    assert stream.labelled > 0
    assert [q.to_dict() for _, qs in stream.settle() for q in qs] == [
        q.to_dict() for _, qs in expected.settle() for q in qs
    ]


def test_with_one_worker_counting_and_labelling_wait_for_settling(paths):
    stream = pipeline.CorpusStream(pipeline.MemorySpill(), {}, workers=1)
    stream.extract(read_documents(paths, lambda p: None), lambda p: None)
    assert stream.model is None and stream.labelled == 0
    assert len(list(stream.settle())) == len(paths)
    assert stream.labelled == len(paths)


def test_documents_read_far_ahead_are_sent_from_the_spill(paths, tmp_path, monkeypatch):
    # This process reads ahead while the workers extract; beyond the few it keeps at
    # hand, a document is sent as read back from the spill, with the same result.
    expected = extract_corpus(paths, lambda p: None, workers=1)
    slow_extraction(monkeypatch)
    monkeypatch.setattr(pipeline.CorpusStream, "AHEAD", 1)
    spill = pipeline.Spill(tmp_path / "spill")
    stream = pipeline.CorpusStream(spill, {}, workers=2)
    fetched: list[int] = []
    real_get = spill.get

    def get(kind, number):
        if kind == "docs":
            fetched.append(number)
        return real_get(kind, number)

    monkeypatch.setattr(spill, "get", get)
    stream.extract(read_documents(paths, lambda p: None), lambda p: None)
    assert fetched  # some documents were read ahead beyond the one kept at hand
    settled = list(stream.settle())
    assert [d.path for d, _ in settled] == paths
    assert [stream.text(i) for i in range(len(paths))] == [d.text for d in expected[0]]
    assert [q.to_dict() for _, qs in settled for q in qs] == [q.to_dict() for q in expected[1]]
    spill.close()


def test_a_failing_document_is_reported_and_the_others_kept(paths, monkeypatch):
    _, expected = extract_corpus(paths, lambda p: None, workers=1)
    bad = paths[5]
    real = pipeline.extract_document

    def fragile(doc):
        if doc.path == bad:
            raise ValueError("cannot parse this one")
        return real(doc)

    # Patched before the pool forks, so the workers inherit it.
    monkeypatch.setattr(pipeline, "extract_document", fragile)
    for workers in (1, 2):
        problems: list[Problem] = []
        docs, quotes = extract_corpus(paths, problems.append, workers=workers)
        assert [p.path for p in problems] == [bad]
        assert "ValueError" in problems[0].message and "cannot parse" in problems[0].message
        assert [d.path for d in docs] == paths  # the document is still read
        assert {q.id for q in quotes} == {q.id for q in expected if q.doc != bad}


def test_a_few_documents_are_extracted_in_this_process(tmp_path, monkeypatch):
    few = write_corpus(tmp_path / "few", PARALLEL_FROM - 1)
    pids: list[int] = []
    real = pipeline.extract_document

    def noting(doc):
        pids.append(os.getpid())  # seen here only if called in this process
        return real(doc)

    monkeypatch.setattr(pipeline, "extract_document", noting)
    _, quotes = extract_corpus(few, lambda p: None, workers=2)
    assert quotes and pids == [os.getpid()] * len(few)


def test_streaming_gives_what_extraction_in_memory_gives(paths, tmp_path, monkeypatch):
    monkeypatch.setenv("TMPDIR", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)  # TMPDIR is read again
    docs, quotes = extract_corpus(paths, lambda p: None, workers=2)
    streamed = list(pipeline.stream_corpus(paths, lambda p: None, workers=2))
    assert [d.path for d, _ in streamed] == [d.path for d in docs]
    assert all(d.text == "" for d, _ in streamed)  # texts wait in the spill, not in memory
    assert [q.to_dict() for _, qs in streamed for q in qs] == [q.to_dict() for q in quotes]
    assert list((tmp_path / "tmp").iterdir()) == []  # the scratch folder is gone


def test_workers_that_are_not_forks_are_sent_each_document_to_label(paths, monkeypatch):
    # Forked workers read quotes and texts from the stream they share; workers started
    # afresh (the "spawn" start method) are sent them, with the same labels as a result.
    forked = extract_corpus(paths, lambda p: None, workers=2)
    monkeypatch.setattr(pipeline, "forks", lambda: False)
    # Nothing labelled while extracting, so that settling has every document to label.
    monkeypatch.setattr(pipeline.CorpusStream, "_ahead", lambda self: False)
    calls = map_calls(monkeypatch)
    sent = list(pipeline.stream_corpus(paths, lambda p: None, workers=2))
    assert ("group_candidates", 2) in calls
    assert [q.to_dict() for _, qs in sent for q in qs] == [q.to_dict() for q in forked[1]]


def test_forked_workers_label_what_extraction_left(paths, monkeypatch):
    expected = extract_corpus(paths, lambda p: None, workers=1)
    monkeypatch.setattr(pipeline.CorpusStream, "_ahead", lambda self: False)
    calls = map_calls(monkeypatch)
    docs, quotes = extract_corpus(paths, lambda p: None, workers=2)
    assert ("_candidates_of", 2) in calls
    assert [q.to_dict() for q in quotes] == [q.to_dict() for q in expected[1]]


def test_the_topic_counts_are_let_go_once_the_model_is_fitted(paths):
    # The fitter's counts are tens of MB for a large corpus; the index is written after.
    stream = pipeline.CorpusStream(pipeline.MemorySpill(), {}, workers=1)
    stream.extract(read_documents(paths, lambda p: None), lambda p: None)
    assert stream.fitter is not None and stream.fitter.offered == len(paths)
    assert stream.model is None  # counted, with one worker, only now
    settled = stream.settle()
    next(settled)
    assert stream.fitter is None and stream.model is not None
    assert len(list(settled)) == len(paths) - 1
