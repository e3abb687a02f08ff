"""Tests for search.formats and the formats as read by search.documents: the same
interview saved as a web page, plain text, Markdown, a ``NAME:`` transcript, WebVTT,
SRT and JSON Lines gives the same quotes and speakers; each bad input is reported with
its file (and line) while the rest is still read."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from search.cite import cite
from search.documents import Problem, read_documents
from search.formats import (
    convert,
    convert_captions,
    convert_html,
    convert_jsonl,
    format_of,
    split_front_matter,
    time_at,
)
from search.pipeline import extract_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
SAME_INTERVIEW = [
    "interview.html",
    "interview.txt",
    "interview.md",
    "interview.vtt",
    "interview.srt",
]


def read(paths: list[str | Path]) -> tuple[list, list[Problem]]:
    problems: list[Problem] = []
    return list(read_documents([str(p) for p in paths], problems.append)), problems


def quotes_by_file(paths: list[Path]) -> dict[str, list[tuple[str, str, str]]]:
    problems: list[Problem] = []
    docs, quotes = extract_corpus([str(p) for p in paths], problems.append)
    assert [p for p in problems if p.fatal] == []
    out: dict[str, list[tuple[str, str, str]]] = {Path(d.path).name: [] for d in docs}
    for q in quotes:
        out[Path(q.doc).name].append((q.speaker, q.speaker_id, q.text))
    return out


# -------------------------------------------------------------- same interview


def test_every_format_of_one_interview_gives_the_same_quotes_and_speakers():
    found = quotes_by_file([FIXTURES / name for name in SAME_INTERVIEW])
    assert set(found) == set(SAME_INTERVIEW)
    reference = found["interview.txt"]
    assert len(reference) >= 3
    assert {speaker for speaker, _, _ in reference} >= {"Mara Lindqvist"}
    for name in SAME_INTERVIEW:
        assert found[name] == reference, name


def test_quote_offsets_point_into_the_stored_text_of_every_format():
    problems: list[Problem] = []
    docs, quotes = extract_corpus([str(FIXTURES / n) for n in SAME_INTERVIEW], problems.append)
    text_of = {d.path: d.text for d in docs}
    for q in quotes:
        assert q.text == " ".join(text_of[q.doc][a:b] for a, b in q.spans)


def test_jsonl_records_are_documents_named_by_line_with_their_own_metadata():
    docs, problems = read([FIXTURES / "bulk.jsonl"])
    assert [d.path.rsplit("/", 1)[-1] for d in docs] == ["bulk.jsonl#1", "bulk.jsonl#2"]
    first, second = docs
    assert first.source.title == "The Lighthouse Record"
    assert first.source.extra["record_id"] == "a1"
    assert first.format == "jsonl" and first.original_path.endswith("bulk.jsonl")
    # the second record's date does not parse: reported with its line, the record kept
    assert second.source.date is None
    assert second.source.extra["date_as_given"] == "sometime last spring"
    assert [(p.message, p.fatal) for p in problems] == [
        ("line 2: date 'sometime last spring' does not parse; ignored", False)
    ]


def test_a_jsonl_record_gives_the_quotes_its_text_has():
    found = quotes_by_file([FIXTURES / "bulk.jsonl"])
    reference = quotes_by_file([FIXTURES / "interview.txt"])["interview.txt"]
    assert found["bulk.jsonl#1"] == reference[:2]
    assert [s for s, _, _ in found["bulk.jsonl#2"]] == ["Mara Lindqvist"]


# ----------------------------------------------------------------------- html


def test_html_keeps_the_article_and_drops_navigation_ads_and_comments():
    (part,), issues = convert_html((FIXTURES / "interview.html").read_text("utf-8"))
    assert issues == []
    assert "every one of them" in part.text
    for boilerplate in ("Subscribe", "BUY NOW", "Related stories", "SEA FAN", "dataLayer"):
        assert boilerplate not in part.text
    assert "\n\nTOBIAS REED: Did that shape" in part.text  # paragraphs: blank lines


def test_html_metadata_comes_from_the_page():
    (part,), _ = convert_html((FIXTURES / "interview.html").read_text("utf-8"))
    assert part.meta == {
        "title": "The Lighthouse Record",
        "author": "Tobias Reed",
        "date": "2023-04-18",
        "publication": "Harbour Review",
        "url": "https://example.org/lighthouse-record",
    }


def test_the_manifest_wins_over_front_matter_and_page_metadata(tmp_path):
    for name in ("interview.html", "interview.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "sources.toml").write_text(
        '["interview.html"]\ntitle = "From the manifest"\n\n'
        '["interview.md"]\nauthor = "Manifest Author"\n',
        encoding="utf-8",
    )
    docs, _ = read([tmp_path])
    by_name = {Path(d.path).name: d.source for d in docs}
    assert by_name["interview.html"].title == "From the manifest"
    assert by_name["interview.html"].author == "Tobias Reed"  # the page fills the rest
    assert by_name["interview.md"].author == "Manifest Author"
    assert by_name["interview.md"].title == "The Lighthouse Record"


def test_a_folder_picks_up_every_format(tmp_path):
    for name in [*SAME_INTERVIEW, "bulk.jsonl"]:
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / "picture.png").write_bytes(b"\x89PNG")
    docs, _ = read([tmp_path])
    assert sorted({d.format for d in docs}) == ["html", "jsonl", "md", "srt", "txt", "vtt"]


# ------------------------------------------------------------------- markdown


def test_front_matter_is_metadata_and_the_body_is_the_text():
    raw = (FIXTURES / "interview.md").read_text("utf-8")
    meta, body, issues = split_front_matter(raw)
    assert issues == []
    assert meta["title"] == "The Lighthouse Record"  # quotes around the value removed
    assert meta["publication"] == "Harbour Review"
    assert raw.endswith(body) and not body.startswith("---")


def test_markdown_without_front_matter_is_kept_whole():
    text = "# Notes\n\nKey: value in running text.\n"
    assert split_front_matter(text) == ({}, text, [])


def test_unclosed_front_matter_is_reported_and_read_as_text():
    text = "---\ntitle: Lost\n\nBody.\n"
    meta, body, issues = split_front_matter(text)
    assert (meta, body) == ({}, text)
    assert [i.line for i in issues] == [1]


# ------------------------------------------------------------------- captions


def test_vtt_voice_tags_become_name_turns_with_cue_times():
    (part,), issues = convert_captions((FIXTURES / "interview.vtt").read_text("utf-8"))
    assert issues == []
    assert part.text.startswith("Mara Lindqvist: I grew up next to a lighthouse, so the sea")
    assert "<i>" not in part.text and "<v" not in part.text
    at = part.text.index("We did")
    assert time_at(part.times, at) == "12:34"
    assert time_at(part.times, part.text.index("but the reverb")) == "12:38"
    assert time_at(part.times, 0) is None


def test_a_timed_quote_can_be_placed_in_the_recording():
    docs, _ = read([FIXTURES / "interview.srt"])
    (doc,) = docs
    assert doc.time_at(doc.text.index("Did that shape")) == "0:08"


def test_srt_without_labels_carries_the_speaker_on():
    srt = "1\n00:00:01,000 --> 00:00:02,000\nANA: One.\n\n2\n00:00:02,000 --> 00:00:03,000\nTwo.\n"
    (part,), _ = convert_captions(srt)
    assert part.text == "ANA: One. Two.\n"


def test_hours_are_shown_only_when_there_are_some():
    vtt = "WEBVTT\n\n01:02:03.500 --> 01:02:05.000\n<v Ana>Late words.\n"
    (part,), _ = convert_captions(vtt)
    assert part.times == [(len("Ana: "), "1:02:03")]


# ---------------------------------------------------------------- format names


@pytest.mark.parametrize(
    ("name", "fmt"),
    [("a.HTM", "html"), ("b.markdown", "md"), ("c.vtt", "vtt"), ("d.jsonl", "jsonl"), ("e", "txt")],
)
def test_the_file_name_says_the_format(name, fmt):
    assert format_of(name) == fmt


# ------------------------------------------------------------------ bad input


def test_truncated_html_is_reported_with_its_last_line_and_still_read():
    html = (FIXTURES / "interview.html").read_text("utf-8")
    cut = html[: html.index("</article>")]
    (part,), issues = convert_html(cut)
    assert "every one of them" in part.text
    assert [(i.line, "truncated" in i.message, i.fatal) for i in issues] == [
        (cut.count("\n") + 1, True, False)
    ]


def test_html_full_of_scripts_gives_no_document_and_says_why():
    html = "<html><head>" + "<script>var a = 1;</script>" * 500 + "</head><body></body></html>"
    parts, issues = convert_html(html)
    assert parts == []
    assert [(("scripts" in i.message), i.fatal) for i in issues] == [(True, True)]


def test_scripts_around_an_article_are_left_out():
    html = (FIXTURES / "interview.html").read_text("utf-8")
    noisy = html.replace("<main>", "<main>" + "<script>track('x');</script>" * 200)
    (part,), _ = convert_html(noisy)
    assert "track(" not in part.text and "every one of them" in part.text


def test_a_page_with_no_article_text_is_reported(tmp_path):
    (tmp_path / "empty.html").write_text(
        "<html><body><nav><a href='/'>Home</a></nav></body></html>", encoding="utf-8"
    )
    shutil.copy(FIXTURES / "interview.txt", tmp_path / "interview.txt")
    docs, problems = read([tmp_path])
    assert [Path(d.path).name for d in docs] == ["interview.txt"]
    assert [(Path(p.path).name, "no article text" in p.message, p.fatal) for p in problems] == [
        ("empty.html", True, True)
    ]


def test_a_vtt_with_no_cues_is_reported(tmp_path):
    (tmp_path / "none.vtt").write_text("WEBVTT\n\nNOTE nothing here\n", encoding="utf-8")
    shutil.copy(FIXTURES / "interview.vtt", tmp_path / "interview.vtt")
    docs, problems = read([tmp_path])
    assert [Path(d.path).name for d in docs] == ["interview.vtt"]
    assert [(Path(p.path).name, p.message, p.fatal) for p in problems] == [
        ("none.vtt", "no caption cues found", True)
    ]


def test_a_bad_cue_timing_is_reported_with_its_line():
    vtt = "WEBVTT\n\n00:01 --> soon\n<v Ana>Lost.\n\n00:00:03.000 --> 00:00:04.000\n<v Ana>Kept.\n"
    (part,), issues = convert_captions(vtt)
    assert part.text == "Ana: Kept.\n"
    assert [(i.line, i.fatal) for i in issues] == [(3, False)]


def test_a_jsonl_line_that_is_not_json_is_reported_with_its_line_and_the_rest_read(tmp_path):
    good = (FIXTURES / "bulk.jsonl").read_text("utf-8").split("\n")[0]
    path = tmp_path / "mixed.jsonl"
    path.write_text(good + "\n{not json\n[1, 2]\n" + good.replace("a1", "a4") + "\n", "utf-8")
    docs, problems = read([path])
    assert [d.path for d in docs] == [f"{path}#1", f"{path}#4"]
    assert [(p.path, p.message.split(":")[0], p.fatal) for p in problems] == [
        (str(path), "line 2", True),
        (str(path), "line 3", True),
    ]


def test_a_date_that_does_not_parse_is_reported_with_its_line_and_the_document_kept():
    md = "---\ntitle: Dated\ndate: the day after tomorrow\n---\nBody text.\n"
    (part,), issues = convert("md", md)
    assert part.text == "Body text.\n"
    assert "date" not in part.meta and part.meta["title"] == "Dated"
    assert [(i.line, i.fatal) for i in issues] == [(3, False)]


def test_an_empty_jsonl_file_is_reported():
    parts, issues = convert_jsonl("\n\n")
    assert parts == [] and [i.fatal for i in issues] == [True]


# ----------------------------------------------------------------- quotes add


def test_quotes_add_writes_the_manifest_and_adds_to_the_index(tmp_path):
    import json

    from click.testing import CliRunner

    from search.cli import cli

    folder = tmp_path / "mine"
    folder.mkdir()
    for name in ("interview.html", "interview.vtt"):
        shutil.copy(FIXTURES / name, folder / name)
    index = str(tmp_path / "ix")
    runner = CliRunner()
    args = ["add", str(folder / "interview.html"), "--title", "Given", "--index", index]
    first = runner.invoke(cli, [*args, "--date", "2023-05-01"])
    assert first.exit_code == 0, first.output
    assert '["interview.html"]\ntitle = "Given"\ndate = "2023-05-01"' in (
        (folder / "sources.toml").read_text("utf-8")
    )
    second = runner.invoke(cli, ["add", str(folder / "interview.vtt"), "--index", index])
    assert second.exit_code == 0, second.output
    assert f"no title or url: {folder / 'interview.vtt'}" in second.output
    found = runner.invoke(cli, ["search", "boathouse", "--index", index, "--format", "json"])
    sources = {r["source"].get("title") for r in json.loads(found.output)["results"]}
    assert sources == {"Given", None}  # both files, the page's own title overridden
    bad = runner.invoke(cli, ["add", str(folder / "interview.vtt"), "--date", "soon"])
    assert bad.exit_code == 2 and "not a date" in bad.output


def test_a_quote_from_a_timed_transcript_keeps_its_start_time_and_cites_it():
    _, quotes = extract_corpus([str(FIXTURES / "interview.vtt")], lambda p: None)
    late = next(q for q in quotes if q.text.startswith("We did, and the damp"))
    assert late.at == "12:34"
    assert late.to_dict()["at"] == "12:34"
    assert cite(late, "text").startswith("Mara Lindqvist (at 12:34), quoted in")


def test_the_interviewer_of_a_timed_transcript_is_context_not_a_quote():
    _, quotes = extract_corpus([str(FIXTURES / "interview.vtt")], lambda p: None)
    assert {q.speaker for q in quotes} == {"Mara Lindqvist"}
    answer = next(q for q in quotes if q.text.startswith("Completely."))
    assert answer.context == "Did that shape the new record?"


BOM = "\ufeff"  # what Windows editors and Word exports put at a file's start


def test_a_byte_order_mark_changes_nothing_in_any_format(tmp_path):
    said = "“Tides keep time,” said Ann Lee.\n"
    (tmp_path / "plain.txt").write_text(BOM + said, encoding="utf-8")
    (tmp_path / "notes.md").write_text(BOM + "---\ntitle: Tides\n---\n" + said, encoding="utf-8")
    record = '{"text": "\\"Tides turn,\\" said Bo Lee.", "title": "Bulk"}\n'
    (tmp_path / "bulk.jsonl").write_text(BOM + record, encoding="utf-8")
    manifest = '["plain.txt"]\ntitle = "Plain tides"\n'
    (tmp_path / "sources.toml").write_text(BOM + manifest, encoding="utf-8")
    problems: list[Problem] = []
    docs, quotes = extract_corpus([str(tmp_path)], problems.append)
    assert problems == []
    titles = {Path(d.path).name.split("#")[0]: d.source.title for d in docs}
    assert titles == {"plain.txt": "Plain tides", "notes.md": "Tides", "bulk.jsonl": "Bulk"}
    assert sorted(q.speaker for q in quotes) == ["Ann Lee", "Ann Lee", "Bo Lee"]
    plain = next(d for d in docs if d.path.endswith("plain.txt"))
    assert plain.text == (tmp_path / "plain.txt").read_text(encoding="utf-8")  # BOM kept
    quote = next(q for q in quotes if q.doc == plain.path)
    assert [plain.text[a:b] for a, b in quote.spans] == ["Tides keep time,"]
    assert BOM not in quote.context
