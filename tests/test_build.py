"""Tests for search.build through ``index_paths``: an update extracts only the documents
whose bytes or metadata changed, settles speaker names and topic labels against the live
generation, keeps the catalog's counts right and leaves no scratch files behind."""

from __future__ import annotations

import json
import pickle
from collections import defaultdict
from pathlib import Path

import pytest

from search import documents, pipeline
from search.index import MARKER, SCRATCH_PREFIX, STATE, QuoteIndex, index_paths, update_index
from search.pipeline import PARALLEL_FROM, extract_corpus
from search.query import search

PEOPLE = ["Jane Doe", "Omar Quist", "Lena Marsh"]
THINGS = ["lanterns", "ropes", "benches", "kayaks", "murals", "pianos", "sails", "kites"]


def article(i: int) -> str:
    """Article ``i``: three quotes by two people, one attributed by surname only; each
    quote holds a word found in no other article (``THINGS[i]`` and two variants)."""
    one, two = PEOPLE[i % 3], PEOPLE[(i + 1) % 3]
    thing = THINGS[i]
    return (
        f"Harbour notes {i}\n\n"
        f'"The harbour needs new {thing} before the winter storms," said {one}.\n\n'
        f'"Volunteers painted the {thing}shed by the ferry pier," said {two}.\n\n'
        f'"Nobody in the harbour council asked about {thing}yard repairs," '
        f"{one.split()[-1]} said.\n"
    )


def manifest(titles: dict[str, str]) -> str:
    """A sources.toml giving each file its title."""
    return "".join(
        f'["{name}"]\npublication = "Island Weekly"\ntitle = "{title}"\n\n'
        for name, title in titles.items()
    )


def write_folder(folder: Path, n: int = 6) -> list[Path]:
    """``n`` articles and their manifest in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        path = folder / f"notes-{i}.txt"
        path.write_text(article(i), encoding="utf-8")
        paths.append(path)
    titles = {p.name: f"Harbour notes number {i}" for i, p in enumerate(paths)}
    (folder / "sources.toml").write_text(manifest(titles), encoding="utf-8")
    return paths


@pytest.fixture
def extracted(monkeypatch) -> list[str]:
    """The absolute paths of the documents extracted (with ``workers=1``) from now on."""
    seen: list[str] = []
    real = pipeline._extract_one

    def counting(doc):
        seen.append(str(Path(doc.path).resolve()))
        return real(doc)

    monkeypatch.setattr(pipeline, "_extract_one", counting)
    return seen


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, list[Path], Path]:
    """``(folder, its documents, index)``: the folder indexed once."""
    folder = tmp_path / "docs"
    paths = write_folder(folder)
    ix = tmp_path / "ix"
    first = index_paths(ix, [str(folder)], workers=1)
    assert len(first.added) == len(paths) and first.problems == []
    return folder, paths, ix


def update(ix: Path, folder: Path, **options):
    """Index ``folder`` again into ``ix`` on one process."""
    return index_paths(ix, [str(folder)], workers=1, **options)


def absolute(paths) -> list[str]:
    return sorted(str(Path(p).resolve()) for p in paths)


def hits(ix: Path, query: str) -> list:
    """Every quote found for ``query``."""
    return [h.quote for h in search(QuoteIndex(ix), query, limit=100, cache=False).hits]


def records(ix: Path) -> list[dict]:
    """Every quote record the index holds."""
    return [json.loads(f["record"]) for f in QuoteIndex(ix).searcher().all_stored_fields()]


def speaker_counts_of(recs: list[dict]) -> dict[str, tuple[int, int]]:
    """Quotes and documents per speaker id, counted from quote records."""
    quotes: dict[str, int] = defaultdict(int)
    docs: dict[str, set[str]] = defaultdict(set)
    for rec in recs:
        quotes[rec["speaker_id"]] += 1
        docs[rec["speaker_id"]].add(rec["doc"])
    return {sid: (quotes[sid], len(docs[sid])) for sid in quotes}


def catalog_counts(ix: Path) -> dict[str, tuple[int, int]]:
    speakers = QuoteIndex(ix).catalog["speakers"]
    return {sid: (sp["quotes"], sp["documents"]) for sid, sp in speakers.items()}


def assert_speakers_right(ix: Path, folder: Path, scratch: Path) -> None:
    """The catalog counts what the index holds, and what a fresh build would."""
    assert catalog_counts(ix) == speaker_counts_of(records(ix))
    fresh = scratch / f"fresh-{len(list(scratch.glob('fresh-*')))}"
    index_paths(fresh, [str(folder)], workers=1)
    assert catalog_counts(ix) == catalog_counts(fresh)


def live_state(ix: Path) -> dict:
    """The build state saved with the live generation."""
    gen = json.loads((ix / MARKER).read_text())["current"]
    with open(ix / gen / STATE, "rb") as f:
        return pickle.load(f)


# ------------------------------------------------------------------ incremental


def test_nothing_changed_nothing_extracted(built, extracted):
    folder, paths, ix = built
    summary = update(ix, folder)
    assert extracted == []
    assert absolute(summary.unchanged) == absolute(paths)
    assert (summary.added, summary.updated, summary.removed) == ([], [], [])


def test_a_changed_document_alone_is_extracted(built, extracted, tmp_path):
    folder, paths, ix = built
    changed = paths[2]
    old_word = f"{THINGS[2]}shed"
    changed.write_text(changed.read_text().replace(old_word, "zeppelin hangar"))
    summary = update(ix, folder)
    assert extracted == absolute([changed])
    assert absolute(summary.updated) == absolute([changed])
    assert len(summary.unchanged) == len(paths) - 1
    new = hits(ix, "zeppelin")
    assert [q.doc for q in new] == absolute([changed])
    assert hits(ix, old_word) == []
    for i, path in enumerate(paths):  # every other document's quotes are still there
        if path != changed:
            assert {q.doc for q in hits(ix, f"{THINGS[i]}shed")} == {str(path.resolve())}
    assert_speakers_right(ix, folder, tmp_path)


def test_a_deleted_document_is_removed(built, extracted, tmp_path):
    folder, paths, ix = built
    before = catalog_counts(ix)
    gone = paths[1]
    gone_speakers = speaker_counts_of([r for r in records(ix) if r["doc"] == str(gone.resolve())])
    gone.unlink()
    summary = update(ix, folder)
    assert extracted == []
    assert summary.removed == absolute([gone])
    assert hits(ix, THINGS[1]) == []
    after = catalog_counts(ix)
    for sid, (quotes, docs) in before.items():
        lost_quotes, lost_docs = gone_speakers.get(sid, (0, 0))
        assert after.get(sid, (0, 0)) == (quotes - lost_quotes, docs - lost_docs)
    assert_speakers_right(ix, folder, tmp_path)


def test_an_added_document_is_extracted_and_its_names_settled(built, extracted, tmp_path):
    folder, paths, ix = built
    new = folder / "notes-extra.txt"
    new.write_text(
        "Late news\n\n"
        '"The kites over the harbour drew a crowd," said Pia Nord.\n\n'
        '"We will need more harbour lanterns soon," Quist said.\n'
    )
    summary = update(ix, folder)
    assert extracted == absolute([new])
    assert absolute(summary.added) == absolute([new])
    found = {q.speaker for q in hits(ix, "kites OR soon") if q.doc == str(new.resolve())}
    # A surname alone takes the full name known from the documents already indexed.
    assert found == {"Pia Nord", "Omar Quist"}
    assert_speakers_right(ix, folder, tmp_path)


def test_a_removed_documents_names_do_not_settle_new_quotes(built, tmp_path):
    folder, paths, ix = built
    (folder / "notes-pia.txt").write_text('Pia\n\n"The kites are back," said Pia Nord.\n')
    update(ix, folder)
    (folder / "notes-pia.txt").unlink()
    (folder / "notes-later.txt").write_text('Later\n\n"The kites left again," Nord said.\n')
    update(ix, folder)
    assert_speakers_right(ix, folder, tmp_path)


def test_changed_metadata_reextracts_the_document_and_shows_the_new_title(built, extracted):
    folder, paths, ix = built
    titles = {p.name: f"Harbour notes number {i}" for i, p in enumerate(paths)}
    titles[paths[3].name] = "A quite different headline"
    (folder / "sources.toml").write_text(manifest(titles))
    summary = update(ix, folder)
    assert extracted == absolute([paths[3]])
    assert absolute(summary.updated) == absolute([paths[3]])
    sources = {q.source.title for q in hits(ix, THINGS[3])}
    assert sources == {"A quite different headline"}


@pytest.fixture
def aged(tmp_path: Path, monkeypatch) -> tuple[Path, list[Path], Path]:
    """Like ``built``, for files written long before they are read: a file written
    within RACY_NS of being read is always read again (see FileStamp), and the tests
    cannot wait for that or set a file's change time back."""
    monkeypatch.setattr(documents, "RACY_NS", 0)
    folder = tmp_path / "docs"
    paths = write_folder(folder)
    ix = tmp_path / "ix"
    index_paths(ix, [str(folder)], workers=1)
    return folder, paths, ix


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """The names of the document files read from now on."""
    seen: list[str] = []
    real = documents.read_bytes

    def counting(path):
        seen.append(path.name)
        return real(path)

    monkeypatch.setattr(documents, "read_bytes", counting)
    return seen


def test_files_unchanged_since_they_were_read_are_not_read_again(aged, reads, extracted):
    folder, paths, ix = aged
    summary = update(ix, folder)
    assert reads == [] and extracted == []
    assert absolute(summary.unchanged) == absolute(paths)


def test_files_written_just_before_they_were_read_are_read_again(built, reads, extracted):
    folder, paths, ix = built
    summary = update(ix, folder)
    assert sorted(reads) == sorted(p.name for p in paths)  # none vouched for by its stamp
    assert extracted == [] and absolute(summary.unchanged) == absolute(paths)


def test_a_rewritten_file_is_read_again_even_at_the_same_size(aged, reads, extracted):
    folder, paths, ix = aged
    changed = paths[1]
    text = changed.read_text()
    changed.write_text(text.replace("winter", "summer"))  # same length
    assert changed.stat().st_size == len(text.encode())
    summary = update(ix, folder)
    assert reads == [changed.name]
    assert absolute(summary.updated) == absolute([changed])
    assert {q.doc for q in hits(ix, "summer")} == {str(changed.resolve())}


def test_a_file_unread_by_its_stamp_is_read_when_its_metadata_changed(aged, reads, extracted):
    folder, paths, ix = aged
    titles = {p.name: f"Harbour notes number {i}" for i, p in enumerate(paths)}
    titles[paths[4].name] = "Another headline"
    (folder / "sources.toml").write_text(manifest(titles))
    summary = update(ix, folder)
    assert reads == [paths[4].name] and extracted == absolute([paths[4]])
    assert absolute(summary.updated) == absolute([paths[4]])
    assert {q.source.title for q in hits(ix, THINGS[4])} == {"Another headline"}


def as_version_2(ix: Path) -> str:
    """Rewrite the live generation as index format 2 wrote it: the catalog as JSON,
    each document's counts and stamp in the build state. Returns its name."""
    marker = json.loads((ix / MARKER).read_text())
    gen = ix / marker["current"]
    cat = QuoteIndex(ix).catalog
    docs = cat["documents"]
    rows = {path: docs.row(path) for path in docs}
    data = {k: v for k, v in cat.items() if k not in ("documents", "speakers")}
    data["documents"] = {
        p: {k: v for k, v in r.entry.items() if k != "shown"} for p, r in rows.items()
    }
    data["speakers"] = dict(cat["speakers"].items())
    state = {**live_state(ix), "stats": {p: r.stats for p, r in rows.items()}}
    state["stamps"] = {p: r.stamp for p, r in rows.items()}
    (gen / "catalog.json").write_text(json.dumps(data), encoding="utf-8")
    (gen / "catalog.sqlite").unlink()
    (gen / STATE).unlink()
    (gen / STATE).write_bytes(pickle.dumps(state))
    (ix / MARKER).write_text(json.dumps({**marker, "version": 2}))
    return marker["current"]


def test_a_version_2_index_is_updated_without_reading_its_files_again(aged, reads, extracted):
    folder, paths, ix = aged
    before = catalog_counts(ix)
    old = as_version_2(ix)
    assert catalog_counts(ix) == before  # read from the JSON
    summary = update(ix, folder)
    assert reads == [] and extracted == []
    assert absolute(summary.unchanged) == absolute(paths)
    marker = json.loads((ix / MARKER).read_text())
    assert marker["current"] != old and marker["version"] == 3
    assert (ix / marker["current"] / "catalog.sqlite").is_file()
    assert not (ix / marker["current"] / "catalog.json").exists()
    assert catalog_counts(ix) == before


def test_changed_aliases_reextract_every_document(built, extracted):
    folder, paths, ix = built
    (folder / "aliases.toml").write_text('["Omar Quist"]\naliases = ["Captain Quist"]\n')
    update(ix, folder)
    assert sorted(extracted) == absolute(paths)
    assert QuoteIndex(ix).catalog["speakers"]["omar-quist"]["aliases"] == ["Captain Quist"]
    extracted.clear()
    update(ix, folder)
    assert extracted == []  # the new aliases are saved with the generation


def test_rebuild_extracts_every_document(built, extracted):
    folder, paths, ix = built
    summary = update(ix, folder, rebuild=True)
    assert sorted(extracted) == absolute(paths)
    assert summary.rebuilt and summary.documents == len(paths)


def test_an_index_written_from_records_is_updated_by_full_extraction(tmp_path, extracted):
    folder = tmp_path / "docs"
    paths = write_folder(folder)
    docs, quotes = extract_corpus([str(folder)], lambda p: None, workers=1)
    ix = tmp_path / "ix"
    update_index(ix, docs, quotes)  # no build state saved with it
    extracted.clear()
    summary = update(ix, folder)
    assert sorted(extracted) == absolute(paths)
    assert summary.documents == len(paths) and summary.problems == []
    assert {q.doc for q in hits(ix, THINGS[0])} == {str(paths[0].resolve())}
    extracted.clear()
    update(ix, folder)
    assert extracted == []  # from now on it is incremental


# ------------------------------------------------------- scratch space and topics


def test_scratch_folder_is_used_then_removed(built, monkeypatch):
    folder, paths, ix = built
    during: list[list[str]] = []
    real = pipeline._extract_one

    def looking(doc):
        during.append([p.name for p in ix.glob(f"{SCRATCH_PREFIX}*")])
        return real(doc)

    monkeypatch.setattr(pipeline, "_extract_one", looking)
    paths[0].write_text(paths[0].read_text() + '\n"One more thing," said Lena Marsh.\n')
    update(ix, folder)
    assert during and all(len(names) == 1 for names in during)  # it was there
    assert list(ix.glob(f"{SCRATCH_PREFIX}*")) == []


def test_a_dead_runs_scratch_folder_is_removed_by_the_next_run(built):
    folder, paths, ix = built
    stale = ix / f"{SCRATCH_PREFIX}99999"
    stale.mkdir()
    (stale / "quotes").write_bytes(b"half-written")
    update(ix, folder)
    assert not stale.exists()


def test_new_quotes_are_labelled_from_the_saved_vocabulary(built, extracted):
    folder, paths, ix = built
    saved = live_state(ix)["model"]
    vocabulary = set(saved.label_of.values())
    before = {r["id"]: r for r in records(ix)}
    new = folder / "notes-extra.txt"
    new.write_text(
        "Zeppelins\n\n"
        '"A zeppelin over the harbour would bring visitors," said Jane Doe.\n\n'
        '"The zeppelin hangar needs volunteers and winter repairs," said Lena Marsh.\n\n'
        '"Zeppelin tours could fund the council," said Omar Quist.\n'
    )
    update(ix, folder)
    assert extracted == absolute([new])
    added = [r for r in records(ix) if r["doc"] == str(new.resolve())]
    assert len(added) == 3
    for rec in added:
        assert rec["topics"] and set(rec["topics"]) <= vocabulary
    # The model is kept, and the quotes of unchanged documents keep their labels.
    assert set(live_state(ix)["model"].label_of.values()) == vocabulary
    assert all(before[r["id"]] == r for r in records(ix) if r["id"] in before)


def test_many_documents_on_two_processes_index_as_on_one(tmp_path):
    folder = tmp_path / "docs"
    write_folder(folder, n=len(THINGS))
    for i in range(PARALLEL_FROM + 4):
        (folder / f"more-{i}.txt").write_text(article(i % len(THINGS)).replace("notes", f"n{i}"))
    index_paths(tmp_path / "one", [str(folder)], workers=1)
    index_paths(tmp_path / "two", [str(folder)], workers=2)
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(records(tmp_path / "one"), key=key) == sorted(records(tmp_path / "two"), key=key)
    assert catalog_counts(tmp_path / "one") == catalog_counts(tmp_path / "two")
