"""Tests for search.documents: reading files into text, their sources from a
``sources.toml`` manifest, aliases, and the problems reported on the way."""

from __future__ import annotations

import hashlib
import os
import shutil
import time
import tomllib
from pathlib import Path

import pytest

from search import documents
from search.documents import (
    FileStamp,
    Manifest,
    Problem,
    bundled_corpus_dir,
    decode,
    expand_paths,
    load_aliases,
    load_document,
    read_documents,
    source_id,
)
from search.record import Source


def no_source(sha: str) -> Source:
    return Source(id=source_id(sha))


def read_all(paths: list[str]) -> tuple[list[documents.Document], list[Problem]]:
    problems: list[Problem] = []
    return list(read_documents(paths, problems.append)), problems


# ------------------------------------------------------------------- decoding


def test_decode_reads_utf8_with_universal_newlines():
    text, warning = decode("“Beans,” she said.\r\nNext line.\rLast.".encode())
    assert text == "“Beans,” she said.\nNext line.\nLast."
    assert warning is None


def test_decode_replaces_invalid_utf8_and_says_where():
    text, warning = decode(b"Beans \xff\xfe and peas")
    assert text == "Beans \ufffd\ufffd and peas"
    assert "invalid UTF-8" in warning and "offset 6" in warning


def test_decode_agrees_with_read_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes("one\r\ntwo\rthree ’70s\n".encode())
    assert decode(path.read_bytes())[0] == path.read_text(encoding="utf-8")


# ------------------------------------------------------------ loading documents


def test_load_document_hashes_the_raw_bytes():
    data = "Anna Berg said, “Beans.”\r\n".encode()
    doc, problems = load_document("a.txt", data, no_source)
    assert problems == []
    assert doc.sha256 == hashlib.sha256(data).hexdigest()
    assert doc.id == doc.sha256[:12]
    assert doc.text.endswith("\n") and "\r" not in doc.text


def test_a_binary_file_is_skipped():
    doc, problems = load_document("img.txt", b"\x89PNG\r\n\x00\x00\x00IHDR", no_source)
    assert doc is None
    assert [p.fatal for p in problems] == [True]
    assert "binary" in problems[0].message


def test_an_empty_file_is_read_with_a_warning():
    doc, problems = load_document("empty.txt", b"", no_source)
    assert doc is not None and doc.text == ""
    assert [p.fatal for p in problems] == [False]
    assert "empty" in problems[0].message


def test_invalid_utf8_is_read_with_a_warning():
    doc, problems = load_document("bad.txt", b"Beans \xff peas", no_source)
    assert doc.text == "Beans \ufffd peas"
    assert [p.fatal for p in problems] == [False]


def test_an_oversized_file_is_skipped(monkeypatch):
    monkeypatch.setattr(documents, "MAX_BYTES", 10)
    doc, problems = load_document("big.txt", b"x" * 11, no_source)
    assert doc is None and "larger than" in problems[0].message


def test_a_problem_names_its_file():
    assert str(Problem("a.txt", "no such file or folder")) == "a.txt: no such file or folder"


# ---------------------------------------------------------------------- paths


def test_a_folder_expands_to_its_text_files_recursively_and_sorted(tmp_path):
    for name in ["b.txt", "a.txt", "sub/c.txt", "notes.md", ".hidden.txt", ".git/d.txt"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    problems: list[Problem] = []
    shown = [s for s, _, _ in expand_paths([str(tmp_path)], problems.append)]
    assert shown == [str(tmp_path / n) for n in ["a.txt", "b.txt", "sub/c.txt"]]
    assert problems == []


def test_a_missing_path_is_reported_and_dash_means_standard_input(tmp_path):
    problems: list[Problem] = []
    missing = str(tmp_path / "nope.txt")
    assert list(expand_paths([missing, "-"], problems.append)) == [("-", None, None)]
    assert [str(p) for p in problems] == [f"{missing}: no such file or folder"]


def test_a_link_to_a_folder_inside_a_folder_is_reported_once_and_not_followed(tmp_path):
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "far.txt").write_text("x")
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "near.txt").write_text("x")
    (tmp_path / "corpus" / "link").symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    (tmp_path / "corpus" / "up").symlink_to(tmp_path, target_is_directory=True)
    problems: list[Problem] = []
    shown = [s for s, _, _ in expand_paths([str(tmp_path / "corpus")], problems.append)]
    assert [Path(s).name for s in shown] == ["near.txt"]
    assert sorted(Path(p.path).name for p in problems) == ["link", "up"]
    assert all(p.fatal and "not followed" in p.message for p in problems)
    assert "loop" in next(p.message for p in problems if p.path.endswith("up"))
    # Named on the command line, the linked folder is read.
    linked = [s for s, _, _ in expand_paths([str(tmp_path / "corpus" / "link")], problems.append)]
    assert [Path(s).name for s in linked] == ["far.txt"]


@pytest.mark.parametrize("named", [False, True], ids=["in a folder", "named"])
def test_file_link_loops_and_broken_links_are_reported_and_the_rest_read(tmp_path, named):
    (tmp_path / "good.txt").write_text("Anna Berg said, “Beans.”\n")
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    (tmp_path / "broken.txt").symlink_to("missing.txt")
    bad = ["a.txt", "broken.txt"] if named else ["a.txt", "b.txt", "broken.txt"]
    paths = [str(tmp_path / n) for n in [*bad, "good.txt"]] if named else [str(tmp_path)]
    docs, problems = read_all(paths)
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    found = {Path(p.path).name: p.message for p in problems}
    assert sorted(found) == bad and all(p.fatal for p in problems)
    assert "loop" in found["a.txt"] and "broken link" in found["broken.txt"]


def test_a_named_pipe_in_a_folder_is_skipped_not_waited_on(tmp_path):
    (tmp_path / "good.txt").write_text("Anna Berg said, “Beans.”\n")
    os.mkfifo(tmp_path / "fifo.txt")  # opening it would wait for a writer forever
    docs, problems = read_all([str(tmp_path)])
    assert [Path(d.path).name for d in docs] == ["good.txt"]
    assert [(Path(p.path).name, p.message) for p in problems] == [
        ("fifo.txt", "not a regular file; skipped")
    ]


def test_a_folders_readme_and_license_are_skipped_with_a_warning_unless_named(tmp_path):
    quoted = 'Ana Silva said, "Every tape has a story."\n'
    notes = ["CHANGELOG.md", "CONTRIBUTING.md", "LICENSE.txt", "README.md", "readme.txt"]
    documents = ["interview.txt", "license-plates.txt", "readmes.md"]
    for name in [*notes, *documents, "LICENSE"]:
        (tmp_path / name).write_text(quoted)
    docs, problems = read_all([str(tmp_path)])
    assert sorted(Path(d.path).name for d in docs) == documents
    assert sorted(Path(p.path).name for p in problems) == notes  # LICENSE: never a document
    assert not any(p.fatal for p in problems)
    named, problems = read_all([str(tmp_path / "README.md")])
    assert [Path(d.path).name for d in named] == ["README.md"] and problems == []


def test_read_documents_goes_on_after_a_bad_file(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02 binary")
    (tmp_path / "b.txt").write_text("Anna Berg said, “Beans.”\n")
    docs, problems = read_all([str(tmp_path), str(tmp_path / "missing.txt")])
    assert [Path(d.path).name for d in docs] == ["b.txt"]
    assert [(Path(p.path).name, p.fatal) for p in problems] == [
        ("a.txt", True),
        ("missing.txt", True),
    ]


# ------------------------------------------------------------------- manifests

MANIFEST = """
["news.txt"]
title = "Beans by the lake"
publication = "Lake Weekly"
date = "2021-04-02"
licence = "CC BY"

["sub/old.txt"]
author = "Sam Writer"
"""


def test_sources_come_from_the_manifest_beside_the_files(tmp_path):
    (tmp_path / "sources.toml").write_text(MANIFEST)
    (tmp_path / "news.txt").write_text("Beans.\n")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "old.txt").write_text("Peas.\n")
    (tmp_path / "other.txt").write_text("Corn.\n")
    docs, problems = read_all([str(tmp_path)])
    sources = {Path(d.path).name: d.source.to_dict() for d in docs}
    assert problems == []
    assert sources["news.txt"] | {"id": None} == {
        "title": "Beans by the lake",
        "publication": "Lake Weekly",
        "author": None,
        "date": "2021-04-02",
        "url": None,
        "id": None,
        "licence": "CC BY",
    }
    assert sources["old.txt"]["author"] == "Sam Writer"
    assert sources["old.txt"]["title"] is None
    assert {k: v for k, v in sources["other.txt"].items() if k != "id"} == dict.fromkeys(
        ["title", "publication", "author", "date", "url"]
    )


def test_a_manifest_entry_with_a_hash_finds_a_copy_of_the_file_anywhere(tmp_path):
    data = b"Beans.\n"
    manifest = tmp_path / "corpus" / "sources.toml"
    manifest.parent.mkdir()
    sha = hashlib.sha256(data).hexdigest()
    manifest.write_text(f'["news.txt"]\ntitle = "Beans"\nsha256 = "{sha}"\n')
    known = Manifest()
    known.load(manifest)
    assert known.source_for(tmp_path / "elsewhere.txt", sha).title == "Beans"
    assert "sha256" not in known.source_for(None, sha).extra


def test_manifests_in_every_folder_are_kept_apart_and_a_later_entry_wins(tmp_path):
    for folder, title in (("a", "First"), ("b", "Second")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "sources.toml").write_text(f'["x.txt"]\ntitle = "{title}"\n')
        (tmp_path / folder / "x.txt").write_text(f"{title} text.\n")
    docs, problems = read_all([str(tmp_path)])
    assert problems == []
    assert {Path(d.path).parent.name: d.source.title for d in docs} == {
        "a": "First",
        "b": "Second",
    }
    # A manifest nearer the root naming the same file: the one loaded last wins.
    (tmp_path / "sources.toml").write_text('["a/x.txt"]\ntitle = "From the root"\n')
    known = Manifest()
    known.load(tmp_path / "a" / "sources.toml")
    known.load(tmp_path / "sources.toml")
    assert known.source_for(tmp_path / "a" / "x.txt", "0" * 64).title == "From the root"
    known.close()


def test_a_manifest_entry_finds_a_file_read_through_a_link(tmp_path):
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "real.txt").write_text("Beans.\n")
    (tmp_path / "store" / "sources.toml").write_text('["real.txt"]\ntitle = "Stored"\n')
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "link.txt").symlink_to(tmp_path / "store" / "real.txt")
    (tmp_path / "docs" / "sources.toml").write_text('["link.txt"]\ntitle = "Linked"\n')
    known = Manifest()
    known.load(tmp_path / "docs" / "sources.toml")
    # The entry naming the link, then (not loaded here) the target's own.
    assert known.source_for(tmp_path / "docs" / "link.txt", "0" * 64).title == "Linked"
    other = Manifest()
    other.load(tmp_path / "store" / "sources.toml")
    assert other.source_for(tmp_path / "docs" / "link.txt", "0" * 64).title == "Stored"


def test_a_broken_manifest_is_reported_and_the_files_still_read(tmp_path):
    (tmp_path / "sources.toml").write_text("this is [not toml\n")
    (tmp_path / "a.txt").write_text("Beans.\n")
    docs, problems = read_all([str(tmp_path)])
    assert len(docs) == 1 and docs[0].source.title is None
    assert [p.fatal for p in problems] == [False]
    assert "manifest" in problems[0].message


def test_the_bundled_corpus_is_found_with_its_manifest():
    folder = bundled_corpus_dir()
    assert (folder / "sources.toml").is_file()
    assert list(folder.glob("*.txt"))


def test_a_copy_of_a_bundled_document_keeps_its_source(tmp_path):
    folder = bundled_corpus_dir()
    manifest = tomllib.loads((folder / "sources.toml").read_text(encoding="utf-8"))
    name, entry = next(iter(manifest.items()))
    shutil.copy(folder / name, tmp_path / "renamed.txt")
    (doc,), _ = read_all([str(tmp_path / "renamed.txt")])
    assert doc.source.title == entry["title"]


# --------------------------------------------------------------------- aliases


def test_aliases_are_read_beside_the_given_paths(tmp_path):
    (tmp_path / "aliases.toml").write_text(
        '["Anna Berg"]\naliases = ["Annie", "A. Berg"]\n\n["Tom Fielding"]\naliases = "Tommy"\n'
    )
    aliases = load_aliases([str(tmp_path)])
    assert {k: aliases[k] for k in ["Annie", "A. Berg", "Tommy"]} == {
        "Annie": "Anna Berg",
        "A. Berg": "Anna Berg",
        "Tommy": "Tom Fielding",
    }
    assert load_aliases([str(tmp_path / "a.txt")])["Annie"] == "Anna Berg"


@pytest.mark.parametrize("given", ["-", "missing-folder/x.txt"])
def test_no_aliases_file_means_only_the_bundled_ones(given):
    assert load_aliases([given]) == load_aliases([])


def test_a_file_stamp_vouches_only_for_a_file_untouched_since_and_not_just_written(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("One.")
    later = time.time_ns() + 2 * documents.RACY_NS  # as if stamped well after the write
    earlier = FileStamp.of(path)._replace(seen_ns=later)
    assert FileStamp.of(path).unchanged_since(list(earlier))  # as read back from a state
    path.write_text("Two.")
    assert not FileStamp.of(path).unchanged_since(earlier)
    # Written just before the stamp: a second write in the same clock tick could keep
    # size and times, so the stamp is not trusted.
    fresh = FileStamp.of(path)
    assert not FileStamp.of(path).unchanged_since(fresh)


def test_a_manifest_date_that_does_not_parse_is_reported_and_left_out(tmp_path):
    (tmp_path / "a.txt").write_text("Anna Berg said, “Beans.”\n")
    (tmp_path / "sources.toml").write_text('["a.txt"]\ntitle = "A"\ndate = "yesterday"\n')
    docs, problems = read_all([str(tmp_path)])
    assert docs[0].source.date is None and docs[0].source.title == "A"
    assert [p.message for p in problems] == ["[a.txt] date 'yesterday' does not parse; ignored"]
    assert not problems[0].fatal
