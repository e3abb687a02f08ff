"""Tests for the ``quotes index``, ``search``, ``show``, ``speakers`` and ``sources``
commands, through click's runner: output formats, exit codes and bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from search.cli import cli
from search.csvout import CSV_COLUMNS
from search.index import MARKER
from search.query import MAX_QUERY_CHARS


@pytest.fixture
def sample_dir(sample) -> Path:
    """The shared read-only sample index."""
    return sample[2]


@pytest.fixture
def run():
    runner = CliRunner()

    def invoke(*args: str, env: dict[str, str] | None = None):
        return runner.invoke(cli, list(args), env=env, catch_exceptions=False)

    return invoke


# ---------------------------------------------------------------------- index


def test_index_command_is_incremental(run, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text("A short note with nothing quoted.\n")
    (folder / "b.txt").write_text("Another note.\n")
    ix = str(tmp_path / "ix")
    first = run("index", str(folder), "--index", ix)
    assert first.exit_code == 0
    assert "2 added" in first.stdout and "2 documents" in first.stdout
    (folder / "b.txt").write_text("Another note, edited.\n")
    (folder / "c.txt").write_text("A third note.\n")
    (folder / "a.txt").unlink()
    second = run("index", "--index", ix, "--format", "json")  # the recorded folder
    summary = json.loads(second.stdout)
    assert [len(summary[k]) for k in ("added", "updated", "unchanged", "removed")] == [1, 1, 0, 1]
    assert summary["documents"] == 2


def _note_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "texts"
    folder.mkdir()
    (folder / "a.txt").write_text('"Rain again," said Ada Lind.\n', encoding="utf-8")
    return folder


def test_a_missing_folder_the_index_was_built_from_changes_nothing(run, tmp_path):
    folder, ix = _note_folder(tmp_path), str(tmp_path / "ix")
    assert run("index", str(folder), "--index", ix).exit_code == 0
    folder.rename(tmp_path / "away")  # an unmounted disk, a renamed folder
    result = run("index", "--index", ix)
    assert result.exit_code == 1 and "is missing; nothing was changed" in result.stderr
    found = run("search", "rain", "--index", ix, "--format", "jsonl")
    assert [json.loads(line)["speaker"] for line in found.stdout.splitlines()] == ["Ada Lind"]


def test_an_index_that_forgot_its_folders_is_not_rebuilt_from_the_bundled_corpus(run, tmp_path):
    folder, ix = _note_folder(tmp_path), tmp_path / "ix"
    assert run("index", str(folder), "--index", str(ix)).exit_code == 0
    (ix / "quotes-index.json").write_text("{garbled", encoding="utf-8")
    result = run("index", "--index", str(ix), "--rebuild")
    assert result.exit_code == 1 and "name them" in result.stderr
    assert run("index", str(folder), "--index", str(ix), "--rebuild").exit_code == 0


def test_an_index_that_never_recorded_its_folders_asks_for_them(run, tmp_path):
    from search.documents import read_documents
    from search.index import update_index

    folder, ix = _note_folder(tmp_path), str(tmp_path / "ix")
    update_index(ix, list(read_documents([str(folder)], print)), [])  # no roots recorded
    result = run("index", "--index", ix)
    assert result.exit_code == 1 and "name them" in result.stderr


def test_add_to_a_new_index_holds_the_files_added_only(run, tmp_path):
    folder, ix = _note_folder(tmp_path), str(tmp_path / "ix")
    result = run("add", str(folder / "a.txt"), "--index", ix)
    assert result.exit_code == 0 and result.stdout.startswith("1 document, ")


def test_index_reports_unreadable_paths_and_keeps_the_index(run, tmp_path, index_dir):
    result = run("index", str(tmp_path / "missing"), "--index", str(index_dir))
    assert result.exit_code == 1
    assert "no such file" in result.stderr and "left unchanged" in result.stderr
    assert run("search", "garden", "--index", str(index_dir)).exit_code == 0
    assert run("index", "-", "--index", str(index_dir)).exit_code == 2


# --------------------------------------------------------------------- search


def test_search_text_output(run, sample_dir):
    result = run("search", "collaborate", "--index", str(sample_dir))
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("2 quotes")
    assert "Tom Baker" in out and "Maria Lopez" in out
    assert "Sound Daily" in out and "https://example.org/band#:~:text=" in out
    assert "\x1b[" not in out  # no ANSI codes when stdout is not a terminal


def test_search_jsonl_is_records_with_score_and_highlights(run, sample_dir):
    result = run("search", "garden", "--format", "jsonl", "--index", str(sample_dir))
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and result.exit_code == 0
    for row in rows:
        assert {"id", "doc", "spans", "speaker", "source", "score", "highlights"} <= set(row)
        text = Path(row["doc"]).read_text(encoding="utf-8")  # an absolute, existing path
        assert " ".join(text[a:b] for a, b in row["spans"]) == row["text"]


def test_search_json_has_facets_suggestion_and_notes(run, sample_dir):
    result = run("search", "gardn", "tomatoes", "--format", "json", "--index", str(sample_dir))
    data = json.loads(result.stdout)
    assert set(data) >= {"query", "total", "page", "results", "facets", "suggestion", "notes"}
    assert data["query"] == "gardn tomatoes"
    assert data["suggestion"] == "garden tomatoes"
    assert any("any of them" in n for n in data["notes"])
    assert all(isinstance(v, list) and len(v) == 2 for v in data["facets"]["speaker"])


def test_search_csv(run, sample_dir):
    result = run("search", "", "--format", "csv", "--limit", "100", "--index", str(sample_dir))
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == 1 + 7


def test_search_filters_and_speaker_flag(run, sample_dir):
    result = run(
        "search", "", "--speaker", "baker", "--speaker", "PARK", "--format", "jsonl",
        "--index", str(sample_dir),
    )  # fmt: skip
    speakers = {json.loads(line)["speaker"] for line in result.stdout.splitlines()}
    assert speakers == {"Tom Baker", "Nina Park"}


@pytest.mark.parametrize(
    "args, code, message",
    [
        (["qqqqq"], 1, ""),
        (["garden", "--speaker", "Lopes"], 2, "Maria Lopez"),
        (["x" * 10_000], 2, str(MAX_QUERY_CHARS)),
        (["garden", "--since", "someday"], 2, "not a date"),
        (["garden", "--limit", "0"], 2, ""),
        (["garden", "--limit", "1000"], 2, ""),
        (["garden", "--sort", "random"], 2, ""),
        (["garden", "--page", "40"], 1, ""),
    ],
)
def test_search_exit_codes(run, sample_dir, args, code, message):
    result = run("search", *args, "--index", str(sample_dir))
    assert result.exit_code == code
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_page_past_the_end_is_an_empty_page(run, sample_dir):
    result = run("search", "garden", "--page", "40", "--format", "json", "--index", str(sample_dir))
    data = json.loads(result.stdout)
    assert data["results"] == [] and data["total"] > 0 and data["page"] == 40


def test_empty_query_and_unknown_field(run, sample_dir):
    empty = run("search", "--index", str(sample_dir))
    assert empty.exit_code == 0 and "newest" in empty.stdout
    unknown = run("search", "mood:garden", "--index", str(sample_dir))
    assert unknown.exit_code == 0 and "unknown field 'mood'" in unknown.stdout


def test_missing_foreign_and_corrupt_indexes_give_the_fix(run, tmp_path, index_dir):
    missing = run("search", "garden", "--index", str(tmp_path / "none"))
    assert missing.exit_code == 2 and "quotes index --index" in missing.stderr
    foreign = tmp_path / "mine"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    refused = run("search", "garden", "--index", str(foreign))
    assert refused.exit_code == 2 and "not a quote index" in refused.stderr
    (index_dir / MARKER).write_text("garbage")
    corrupt = run("search", "garden", "--index", str(index_dir))
    assert corrupt.exit_code == 2 and "--rebuild" in corrupt.stderr
    assert "Traceback" not in missing.output + refused.output + corrupt.output


def test_search_builds_the_bundled_corpus_index_on_first_use(run, tmp_path):
    where = tmp_path / "default"
    result = run("search", "the", "--format", "jsonl", env={"QUOTES_INDEX": str(where)})
    assert result.exit_code in (0, 1)
    assert "building one from the bundled corpus" in result.stderr
    assert (where / MARKER).is_file()


# ------------------------------------------------------------ show and lists


def test_show_prints_the_quote_context_and_citation(run, sample_dir, sample):
    _docs, quotes, _ = sample
    quote = quotes[2]  # the transcript answer, with its question as context
    result = run("show", quote.id, "--index", str(sample_dir))
    assert result.exit_code == 0
    assert quote.text in result.stdout.replace("\n   ", " ")
    assert "Did the new greenhouse change anything?" in result.stdout
    assert "Citation (text):" in result.stdout and "Maria Lopez" in result.stdout
    data = json.loads(run("show", quote.id, "--cite", "bibtex", "--format", "json",
                          "--index", str(sample_dir)).stdout)  # fmt: skip
    assert data["citation"]["style"] == "bibtex"
    assert data["citation"]["text"].startswith("@")
    assert "#:~:text=" in data["link"]


def test_show_unknown_id(run, sample_dir):
    result = run("show", "0123456789abcdef", "--index", str(sample_dir))
    assert result.exit_code == 1 and "no quote" in result.stderr


def test_speakers_and_sources(run, sample_dir):
    speakers = run("speakers", "--index", str(sample_dir))
    assert speakers.exit_code == 0
    lines = speakers.stdout.splitlines()
    assert "Maria Lopez" in lines[1] and lines[1].split()[0] == "3"
    data = json.loads(run("speakers", "--format", "json", "--index", str(sample_dir)).stdout)
    assert {s["name"]: s["quotes"] for s in data}["Tom Baker"] == 2
    sources = json.loads(run("sources", "--format", "json", "--index", str(sample_dir)).stdout)
    assert sorted(s["quotes"] for s in sources) == [1, 3, 3]
    assert "Weekly Garden" in run("sources", "--index", str(sample_dir)).stdout


def test_index_lists_ten_documents_without_a_title_and_counts_the_rest(run, tmp_path):
    folder = tmp_path / "texts"
    folder.mkdir()
    for n in range(12):
        (folder / f"{n:02}.txt").write_text(f'"Rain {n}," said Ada Lind.\n', encoding="utf-8")
    result = run("index", str(folder), "--index", str(tmp_path / "ix"))
    assert result.stdout.startswith("12 documents, 12 quotes, 1 speaker in ")
    assert result.stdout.count("no title or url:") == 10
    assert "… and 2 more documents without a title or url" in result.stdout
