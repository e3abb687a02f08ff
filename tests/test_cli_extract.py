"""Tests for ``quotes extract``: the JSON Lines contract, the text output, sources and
speakers settled across documents, bad input, and an end-to-end run on the bundled
corpus."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.documents import bundled_corpus_dir, decode

KEYS = {
    "id",
    "doc",
    "speaker",
    "speaker_id",
    "speaker_span",
    "cue",
    "spans",
    "text",
    "context",
    "topics",
    "source",
}
SOURCE_KEYS = {"title", "publication", "author", "date", "url"}

BEANS = (
    "Growing beans in the north\n"
    "\n"
    "Anna Berg has farmed beans near the lake for twenty years.\n"
    "\n"
    "“Beans need patience and a warm spring,” Berg says. “Frost is the enemy of beans.”\n"
    "\n"
    "Tom Fielding, who runs the market, agrees. “Farmers sell out of beans by noon,” he said.\n"
)
MARKET = (
    "The market in winter\n"
    "\n"
    "“Winter markets are quiet, but the regulars still come for bread,” said Tom Fielding, "
    "the market manager.\n"
    "\n"
    "The farmer sells preserved beans there. “A jar of beans in January tastes like summer,” "
    "Berg said.\n"
)


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, input: str | bytes | None = None):
        return runner.invoke(cli, ["extract", *args], input=input, catch_exceptions=False)

    return invoke


def records(output: str) -> list[dict]:
    return [json.loads(line) for line in output.splitlines()]


def write(folder: Path, name: str, content: str | bytes) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def assert_valid(record: dict) -> None:
    """The record's offsets and text agree with its file as the engine reads it."""
    text = decode(Path(record["doc"]).read_bytes())[0]
    for a, b in record["spans"]:
        assert 0 <= a < b <= len(text)
    assert record["text"] == " ".join(text[a:b] for a, b in record["spans"])
    if record["speaker_span"]:
        a, b = record["speaker_span"]
        assert 0 <= a < b <= len(text)


# ------------------------------------------------------------------ the contract


def test_jsonl_records_keep_the_contract(run, tmp_path):
    path = write(tmp_path, "beans.txt", BEANS)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""
    found = records(result.stdout)
    assert [(r["speaker"], r["text"]) for r in found] == [
        ("Anna Berg", "Beans need patience and a warm spring, Frost is the enemy of beans."),
        ("Tom Fielding", "Farmers sell out of beans by noon,"),
    ]
    for r in found:
        assert set(r) >= KEYS
        assert set(r["source"]) >= SOURCE_KEYS
        assert r["doc"] == str(path)
        assert_valid(r)
    assert BEANS[slice(*found[0]["speaker_span"])] == "Berg"
    assert found[0]["cue"] == "says" and len(found[0]["spans"]) == 2


def test_text_output_is_for_people(run, tmp_path):
    long_quote = "We plant in May, we weed in June, and we pray all summer long. " * 3
    write(tmp_path, "beans.txt", BEANS + f"\n“{long_quote.strip()}” Berg adds.\n")
    write(tmp_path, "sources.toml", '["beans.txt"]\ntitle = "Growing beans"\ndate = "2021"\n')
    result = run(str(tmp_path / "beans.txt"))
    assert result.exit_code == 0
    blocks = result.stdout.strip("\n").split("\n\n")
    assert [b.splitlines()[0] for b in blocks] == ["Anna Berg:", "Tom Fielding:", "Anna Berg:"]
    assert [b.splitlines()[-1].strip() for b in blocks] == ["— Growing beans, 2021"] * 3
    assert "Beans need patience" in blocks[0]
    wrapped = blocks[2].splitlines()[1:-1]
    assert len(wrapped) > 1 and all(len(line) <= 78 for line in wrapped)
    assert " ".join(line.strip() for line in wrapped) == f"“{long_quote.strip()}”"


def test_python_dash_m_search_extract_works(tmp_path):
    path = write(tmp_path, "beans.txt", BEANS)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "search", "extract", str(path), "--format", "jsonl"],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert [r["speaker"] for r in records(done.stdout)] == ["Anna Berg", "Tom Fielding"]


# ----------------------------------------------------- sources, topics, speakers


def test_sources_come_from_the_manifest_and_unknown_fields_are_null(run, tmp_path):
    write(tmp_path, "beans.txt", BEANS)
    write(tmp_path, "market.txt", MARKET)
    write(
        tmp_path,
        "sources.toml",
        '["beans.txt"]\ntitle = "Growing beans in the north"\npublication = "Lake Weekly"\n'
        'author = "Sam Writer"\ndate = "2021-04-02"\n',
    )
    result = run(str(tmp_path), "--format", "jsonl")
    by_doc = {Path(r["doc"]).name: r["source"] for r in records(result.stdout)}
    assert {k: by_doc["beans.txt"][k] for k in SOURCE_KEYS} == {
        "title": "Growing beans in the north",
        "publication": "Lake Weekly",
        "author": "Sam Writer",
        "date": "2021-04-02",
        "url": None,
    }
    assert {k: by_doc["market.txt"][k] for k in SOURCE_KEYS} == dict.fromkeys(SOURCE_KEYS)


def test_every_quote_gets_one_to_three_topics(run, tmp_path):
    write(tmp_path, "beans.txt", BEANS)
    write(tmp_path, "market.txt", MARKET)
    found = records(run(str(tmp_path), "--format", "jsonl").stdout)
    assert len(found) == 4
    for r in found:
        assert 1 <= len(r["topics"]) <= 3
        assert all(isinstance(t, str) and t.strip() for t in r["topics"])


def test_one_person_has_one_name_and_id_across_documents(run, tmp_path):
    write(tmp_path, "beans.txt", BEANS)
    write(tmp_path, "market.txt", MARKET)  # says only "Berg"
    found = records(run(str(tmp_path), "--format", "jsonl").stdout)
    people = {(r["speaker"], r["speaker_id"]) for r in found}
    assert people == {("Anna Berg", "anna-berg"), ("Tom Fielding", "tom-fielding")}


def test_an_aliases_file_merges_a_nickname(run, tmp_path):
    write(tmp_path, "beans.txt", BEANS)
    write(tmp_path, "fair.txt", "The fair\n\nThe fair opened.\n\n“Bring jars,” Annie said.\n")
    write(tmp_path, "aliases.toml", '["Anna Berg"]\naliases = ["Annie"]\n')
    found = records(run(str(tmp_path), "--format", "jsonl").stdout)
    fair = [r for r in found if r["doc"].endswith("fair.txt")]
    assert [(r["speaker"], r["speaker_id"]) for r in fair] == [("Anna Berg", "anna-berg")]


def test_a_name_in_capitals_in_a_transcript_joins_the_same_person_elsewhere(run, tmp_path):
    write(tmp_path, "beans.txt", BEANS)
    write(
        tmp_path,
        "radio.txt",
        "Radio hour\n\nHOST: What do you grow?\nANNA BERG: Beans, mostly.\n"
        "HOST: Why beans?\nANNA BERG: They forgive every mistake.\n",
    )
    found = records(run(str(tmp_path), "--format", "jsonl").stdout)
    names = {r["speaker"] for r in found if r["speaker_id"] == "anna-berg"}
    assert names == {"Anna Berg"}


def test_ids_are_the_same_on_every_run_and_for_a_copy_elsewhere(run, tmp_path):
    first = write(tmp_path / "one", "beans.txt", BEANS)
    copy = write(tmp_path / "two", "renamed.txt", BEANS)

    def ids(path: Path) -> list[str]:
        return [r["id"] for r in records(run(str(path), "--format", "jsonl").stdout)]

    assert ids(first) == ids(first) == ids(copy)
    assert len(set(ids(first))) == 2


# ------------------------------------------------------------------- bad input


def test_an_empty_file_is_reported_and_not_an_error(run, tmp_path):
    path = write(tmp_path, "empty.txt", "")
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0 and result.stdout == ""
    assert f"{path}: empty document" in result.stderr


def test_a_binary_file_is_skipped_and_reported(run, tmp_path):
    path = write(tmp_path, "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 1 and result.stdout == ""
    assert f"skipped: {path}: binary file" in result.stderr


def test_invalid_utf8_is_replaced_reported_and_offsets_stay_valid(run, tmp_path):
    raw = b"Bad byte: \xff\xfe here.\n\n" + "“Beans, ça va,” Anna Berg said.\n".encode()
    path = write(tmp_path, "bad.txt", raw)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    assert "invalid UTF-8" in result.stderr and str(path) in result.stderr
    (record,) = records(result.stdout)
    assert record["text"] == "Beans, ça va,"
    assert_valid(record)


def test_unbalanced_quote_marks_give_only_the_good_quotes(run, tmp_path):
    text = (
        "A stray “ mark opens here and never closes.\n"
        "\n"
        "“Beans need patience,” Anna Berg said.\n"
        "\n"
        "Another ” closes nothing, and one more “ opens nothing.\n"
    )
    path = write(tmp_path, "odd.txt", text)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    assert [(r["speaker"], r["text"]) for r in records(result.stdout)] == [
        ("Anna Berg", "Beans need patience,")
    ]


def test_a_huge_single_line_file_finishes_with_valid_offsets(run, tmp_path):
    # 2 MB rather than 10 MB keeps the suite fast (see the report); still one line.
    prose = "Rain fell on the quiet lake while the market stayed open late. " * 25
    unit = prose + "“The beans are fine,” Anna Berg said. "
    path = write(tmp_path, "huge.txt", (unit * (2_000_000 // len(unit) + 1))[:2_000_000])
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    found = records(result.stdout)
    assert len(found) >= 2_000_000 // len(unit)
    for r in found[:: max(1, len(found) // 50)]:
        assert_valid(r)


def test_thousands_of_quote_marks_finish(run, tmp_path):
    noise = ['"' * 5000, "“" * 3000 + "”" * 3000, '“Beans,” Anna Berg said. "' * 2000]
    text = "\n".join(noise) + "\n\n“Frost is the enemy,” Tom Fielding said.\n"
    path = write(tmp_path, "marks.txt", text)
    result = run(str(path), "--format", "jsonl")
    assert result.exit_code == 0
    found = records(result.stdout)
    for r in found:
        assert_valid(r)
    assert ("Tom Fielding", "Frost is the enemy,") in [(r["speaker"], r["text"]) for r in found]


def test_a_folder_with_good_and_bad_files_extracts_the_good_ones(run, tmp_path):
    write(tmp_path, "good.txt", BEANS)
    write(tmp_path, "empty.txt", "")
    write(tmp_path, "binary.txt", b"\x00\x01\x02\x03" * 100)
    write(tmp_path, "latin1.txt", "“Café au lait,” Anna Berg said.\n".encode("cp1252"))
    result = run(str(tmp_path), str(tmp_path / "missing.txt"), "--format", "jsonl")
    assert result.exit_code == 0
    assert {Path(r["doc"]).name for r in records(result.stdout)} >= {"good.txt"}
    problems = result.stderr.splitlines()
    for name in ["empty.txt", "binary.txt", "latin1.txt", "missing.txt"]:
        assert sum(name in line for line in problems) == 1, (name, problems)


def test_nothing_readable_is_a_failure(run, tmp_path):
    write(tmp_path, "binary.txt", b"\x00\x01\x02\x03" * 100)
    result = run(str(tmp_path), "--format", "jsonl")
    assert result.exit_code != 0
    assert "binary" in result.stderr and "no document could be read" in result.stderr


def test_a_missing_path_is_a_failure(run, tmp_path):
    result = run(str(tmp_path / "nope.txt"))
    assert result.exit_code != 0
    assert f"{tmp_path / 'nope.txt'}: no such file or folder" in result.stderr


def test_dash_reads_standard_input(run):
    result = run("-", "--format", "jsonl", input=BEANS.encode())
    assert result.exit_code == 0
    found = records(result.stdout)
    assert [r["speaker"] for r in found] == ["Anna Berg", "Tom Fielding"]
    assert {r["doc"] for r in found} == {"-"}
    for r in found:
        assert r["text"] == " ".join(BEANS[a:b] for a, b in r["spans"])


def test_no_path_is_a_usage_error(run):
    assert run().exit_code == 2


# ------------------------------------------------------------------ end to end


def test_extract_on_the_bundled_corpus(run):
    corpus = bundled_corpus_dir()
    result = run(str(corpus), "--format", "jsonl")
    assert result.exit_code == 0 and result.stderr == ""
    found = records(result.stdout)
    assert len(found) >= 2 * len(list(corpus.glob("*.txt")))
    assert len({r["id"] for r in found}) == len(found)
    for r in found:
        assert set(r) >= KEYS
        assert_valid(r)
        assert r["source"]["title"]  # every bundled document is in the manifest
        assert r["context"]
        assert 1 <= len(r["topics"]) <= 3
        assert r["speaker"].lower() not in {"he", "she", "they", "i", "we"}
    speakers = {}
    for r in found:
        speakers.setdefault(r["speaker_id"], set()).add(r["speaker"])
    assert all(len(names) == 1 for names in speakers.values()), speakers
