"""Tests for search.cite: citations of a quote's source in every style, and the
text-fragment links that point at the quoted words."""

from __future__ import annotations

import datetime
import json
import re
from urllib.parse import unquote

import pytest

from search.cite import STYLES, cite, csl_item, fragment_url, parse_date, quote_url
from search.record import Quote, Source

ACCESSED = datetime.date(2031, 3, 9)

# A fictional interview: two quoted segments from one speaker.
DOC = (
    "Quill laughed. “The sea keeps its own hours, and so do I,” she said. "
    "“Nobody - not even my editor - gets a say in that.”"
)
SEG1 = "The sea keeps its own hours, and so do I,"
SEG2 = "Nobody - not even my editor - gets a say in that."

FULL_SOURCE = Source(
    id="src1",
    title="Notes from the Lighthouse",
    publication="The Harbour Review",
    author="Jonas Ebbe",
    date="2019-03-14",
    url="https://harbour.example/features/lighthouse-notes",
)


def span_of(segment: str) -> tuple[int, int]:
    start = DOC.index(segment)
    return (start, start + len(segment))


def make_quote(source: Source = FULL_SOURCE, segments=(SEG1,), speaker="Marta Quill") -> Quote:
    return Quote(
        id="c0ffee00d15ea5e1",
        doc="interviews/2019/quill_lighthouse.txt",
        speaker=speaker,
        speaker_id="marta-quill",
        speaker_span=(0, 5),
        cue="said",
        spans=tuple(span_of(s) for s in segments),
        text=" ".join(segments),
        context=DOC,
        topics=(),
        source=source,
    )


def without(**changes) -> Source:
    """The full source with some facts unknown (or changed)."""
    data = FULL_SOURCE.to_dict() | changes
    return Source.from_dict(data)


def directive(url: str) -> str:
    base, sep, text = url.partition("#:~:text=")
    assert sep, url
    return text


CSL_STYLES = ("apa", "mla", "chicago")


# --- text fragments ----------------------------------------------------------------


def test_short_quote_links_to_its_exact_words_encoded():
    text = "well-known, isn’t it & “true”"
    url = fragment_url("https://ex.example/page", text)
    encoded = directive(url)
    assert url.startswith("https://ex.example/page#:~:text=")
    assert unquote(encoded) == text
    for raw, escaped in ((" ", "%20"), ("-", "%2D"), (",", "%2C"), ("&", "%26")):
        assert raw not in encoded
        assert escaped in encoded


def test_long_quote_links_with_start_and_end_words():
    words = [f"w{i}" for i in range(11)]
    encoded = directive(fragment_url("https://ex.example/p", " ".join(words)))
    start, end = encoded.split(",")
    assert unquote(start) == " ".join(words[:4])
    assert unquote(end) == " ".join(words[-4:])


def test_fragment_collapses_line_breaks_between_words():
    encoded = directive(fragment_url("https://ex.example/p", "keeps\n its   own"))
    assert unquote(encoded) == "keeps its own"


def test_no_url_gives_no_link():
    assert fragment_url(None, "some words") is None
    assert fragment_url("", "some words") is None


def test_existing_fragment_is_replaced():
    for old in ("#section-2", "#:~:text=old%20words", "#intro:~:text=x"):
        url = fragment_url("https://ex.example/p?a=1" + old, "new words")
        assert url == "https://ex.example/p?a=1#:~:text=new%20words"


def test_non_web_url_is_left_alone():
    assert fragment_url("file:///tmp/x.txt", "some words") == "file:///tmp/x.txt"


def test_quote_of_several_segments_links_first_to_last_segment():
    quote = make_quote(segments=(SEG1, SEG2))
    start, end = directive(quote_url(quote)).split(",")
    assert unquote(start) == " ".join(SEG1.split()[:4])
    assert unquote(end) == " ".join(SEG2.split()[-4:])


def test_one_short_segment_links_exactly():
    quote = make_quote(segments=("so do I,",))
    assert unquote(directive(quote_url(quote))) == "so do I,"


# --- the CSL item ------------------------------------------------------------------


@pytest.mark.parametrize(
    "value, parts",
    [
        ("2019-03-14", (2019, 3, 14)),
        ("2019-03", (2019, 3)),
        ("2019", (2019,)),
        ("2019-03-14T09:30:00Z", (2019, 3, 14)),
        ("2019 14", None),
        ("March 14, 2019", (2019, 3, 14)),
        ("Mar. 14 2019", (2019, 3, 14)),
        ("14 March 2019", (2019, 3, 14)),
        ("Sept 2019", (2019, 9)),
        ("2019/03/14", (2019, 3, 14)),
        ("Spring 2019", None),
        ("2019-02-30", None),
        ("around 2019", None),
    ],
)
def test_parse_date_reads_common_forms_and_never_guesses(value, parts):
    assert parse_date(value) == parts


def test_csl_item_holds_the_source_facts():
    item = csl_item(make_quote(), ACCESSED)
    assert item["title"] == FULL_SOURCE.title
    assert item["container-title"] == FULL_SOURCE.publication
    assert item["author"] == [{"family": "Ebbe", "given": "Jonas"}]
    assert item["issued"] == {"date-parts": [[2019, 3, 14]]}
    assert item["accessed"] == {"date-parts": [[2031, 3, 9]]}
    assert item["URL"].startswith(FULL_SOURCE.url + "#:~:text=")
    assert "Marta Quill" in item["note"]
    assert item["type"] in ("webpage", "article-newspaper")


def test_csl_item_keeps_an_organisation_whole():
    item = csl_item(make_quote(without(author="Wikipedia contributors")), ACCESSED)
    assert item["author"] == [{"literal": "Wikipedia contributors"}]


def test_csl_item_splits_several_authors():
    item = csl_item(make_quote(without(author="Ana de la Cruz and Li Wei")), ACCESSED)
    assert item["author"] == [
        {"family": "de la Cruz", "given": "Ana"},
        {"family": "Wei", "given": "Li"},
    ]


def test_csl_json_round_trips():
    out = cite(make_quote(), "csl-json", ACCESSED)
    data = json.loads(out)
    assert data == csl_item(make_quote(), ACCESSED)
    for key in ("id", "type", "title", "container-title", "author", "issued", "URL", "accessed"):
        assert key in data


# --- every style ---------------------------------------------------------------------


def test_unknown_style_is_an_error():
    with pytest.raises(ValueError):
        cite(make_quote(), "harvard-ish")


def test_access_date_defaults_to_today():
    data = json.loads(cite(make_quote(), "csl-json"))
    today = datetime.date.today()
    assert data["accessed"]["date-parts"] == [[today.year, today.month, today.day]]


@pytest.mark.parametrize("style", STYLES)
def test_every_style_credits_the_speaker_and_the_source(style):
    out = cite(make_quote(), style, ACCESSED)
    assert "Marta Quill" in out
    assert "Ebbe" in out
    assert "lighthouse" in out.casefold()
    assert "harbour.example/features/lighthouse-notes" in out


@pytest.mark.parametrize("style", CSL_STYLES + ("text",))
def test_styled_reference_has_every_fact(style):
    out = cite(make_quote(), style, ACCESSED)
    folded = out.casefold()
    assert FULL_SOURCE.title.casefold() in folded
    assert FULL_SOURCE.publication.casefold() in folded
    assert "2019" in out and "n.d." not in out
    assert "2031" in out and ("March" in out or "Mar." in out)  # the access date
    assert quote_url(make_quote()) in out
    assert out.startswith("Marta Quill, quoted in ")


@pytest.mark.parametrize("style", ("apa", "chicago", "text"))
def test_unknown_date_is_nd(style):
    out = cite(make_quote(without(date=None)), style, ACCESSED)
    assert "n.d." in out
    assert "2019" not in out
    assert "2031" in out  # accessed


def test_mla_leaves_an_unknown_date_out_and_gives_the_access_date():
    out = cite(make_quote(without(date=None)), "mla", ACCESSED)
    assert "2019" not in out and "n.d." not in out
    assert "Accessed 9 Mar. 2031." in out


def test_unparseable_date_is_shown_as_stated_not_guessed():
    source = without(date="Spring 2019")
    for style in CSL_STYLES + ("text", "bibtex", "ris"):
        out = cite(make_quote(source), style, ACCESSED)
        assert "Spring 2019" in out, style
    assert json.loads(cite(make_quote(source), "csl-json"))["issued"] == {"literal": "Spring 2019"}
    assert "n.d." in cite(make_quote(source), "apa", ACCESSED)


def test_names_are_written_as_each_style_wants():
    assert "Ebbe, J." in cite(make_quote(), "apa", ACCESSED)
    assert "Ebbe, Jonas." in cite(make_quote(), "mla", ACCESSED)
    assert "Ebbe, Jonas." in cite(make_quote(), "chicago", ACCESSED)


def test_american_styles_put_the_period_inside_closing_quotes():
    for style in ("mla", "chicago"):
        out = cite(make_quote(), style, ACCESSED)
        assert "”." not in out
        assert "Lighthouse.”" in out


# --- missing metadata -----------------------------------------------------------------


@pytest.mark.parametrize("style", STYLES)
def test_unknown_title_uses_the_file_name(style):
    out = cite(make_quote(without(title=None)), style, ACCESSED)
    assert "quill" in out and "lighthouse.txt" in out
    assert "interviews/2019" not in out


@pytest.mark.parametrize("style", STYLES)
@pytest.mark.parametrize("date", [FULL_SOURCE.date, None])
def test_unknown_url_gives_no_link_and_no_access_date(style, date):
    out = cite(make_quote(without(url=None, date=date)), style, ACCESSED)
    assert "http" not in out and ":~:text=" not in out
    if style != "csl-json":  # the item still records when it was read
        assert "2031" not in out


def test_no_url_no_labels_for_missing_fields():
    # a newspaper article without a URL once printed a stray "Edition." label
    out = cite(make_quote(without(url=None)), "chicago", ACCESSED)
    assert "edition" not in out.casefold()


@pytest.mark.parametrize("style", CSL_STYLES + ("text",))
def test_unknown_author_uses_the_no_author_form(style):
    out = cite(make_quote(without(author=None)), style, ACCESSED)
    folded = out.casefold()
    assert "unknown" not in folded and "anon" not in folded
    assert "ebbe" not in folded
    # each fact once: the title or publication moved to the front is not repeated
    assert folded.count(FULL_SOURCE.title.casefold()) == 1
    assert folded.count(FULL_SOURCE.publication.casefold()) == 1


def test_unknown_author_leaves_author_out_of_data_formats():
    source = without(author=None)
    assert "author" not in csl_item(make_quote(source), ACCESSED)
    assert "author =" not in cite(make_quote(source), "bibtex", ACCESSED)
    assert "\nAU  - " not in cite(make_quote(source), "ris", ACCESSED)


@pytest.mark.parametrize("style", CSL_STYLES + ("text",))
def test_unknown_speaker_is_not_credited(style):
    out = cite(make_quote(speaker=""), style, ACCESSED)
    assert "quoted in" not in out
    assert FULL_SOURCE.title.casefold() in out.casefold()


@pytest.mark.parametrize("style", STYLES)
def test_licence_is_shown(style):
    source = without(license="CC BY-SA")
    assert "Licensed CC BY-SA" in cite(make_quote(source), style, ACCESSED)
    assert "Licensed" not in cite(make_quote(), style, ACCESSED)


# --- BibTeX -----------------------------------------------------------------------------


def braces_balance(text: str) -> bool:
    depth = 0
    for match in re.finditer(r"\\.|[{}]", text):
        if match[0] in "{}":
            depth += 1 if match[0] == "{" else -1
            if depth < 0:
                return False
    return depth == 0


def test_bibtex_entry_is_well_formed():
    out = cite(make_quote(), "bibtex", ACCESSED)
    assert re.match(r"@online\{[A-Za-z0-9_:-]+,\n", out)
    assert out.endswith("}")
    assert braces_balance(out)
    fields = dict(re.findall(r"^  (\w+) = \{(.*)\},$", out, re.M))
    assert fields["title"] == FULL_SOURCE.title
    assert fields["author"] == "Ebbe, Jonas"
    assert fields["organization"] == FULL_SOURCE.publication
    assert fields["date"] == "2019-03-14" and fields["year"] == "2019"
    assert fields["url"] == quote_url(make_quote())
    assert fields["urldate"] == "2031-03-09"
    assert fields["note"].startswith("Quoted: Marta Quill")


def test_bibtex_key_is_stable_and_readable():
    first = cite(make_quote(), "bibtex", ACCESSED).split(",", 1)[0]
    again = cite(make_quote(), "bibtex", datetime.date(2040, 1, 1)).split(",", 1)[0]
    assert first == again == "@online{quill2019-c0ffee00"
    undated = cite(make_quote(without(date=None)), "bibtex", ACCESSED)
    assert undated.startswith("@online{quillnd-")


def test_bibtex_escapes_special_characters():
    title = "Profit & loss: 100% of $5_#1 {draft} ~ ^ back\\slash"
    out = cite(make_quote(without(title=title)), "bibtex", ACCESSED)
    assert braces_balance(out)
    line = next(x for x in out.splitlines() if x.startswith("  title = "))
    value = line[len("  title = {") : -len("},")]
    unescaped = re.sub(
        r"\\(textbackslash|textasciitilde|textasciicircum)\{\}|\\[&%$#_{}]", "", value
    )
    assert not re.search(r"[\\{}&%$#_~^]", unescaped)
    for word in ("Profit", "loss", "100", "draft", "slash"):
        assert word in value


# --- RIS ------------------------------------------------------------------------------


def test_ris_record_follows_the_format():
    out = cite(make_quote(), "ris", ACCESSED)
    lines = out.split("\r\n")
    assert "\n" not in out.replace("\r\n", "")  # one line ending throughout
    assert all(re.match(r"^[A-Z][A-Z0-9]  - ", line) for line in lines)
    assert lines[0] == "TY  - ELEC"
    assert lines[-1] == "ER  - "
    tags = dict(line.split("  - ", 1) for line in lines)
    assert tags["AU"] == "Ebbe, Jonas"
    assert tags["TI"] == FULL_SOURCE.title
    assert tags["T2"] == FULL_SOURCE.publication
    assert tags["PY"] == "2019" and tags["DA"] == "2019/03/14"
    assert tags["UR"] == quote_url(make_quote())
    assert tags["Y2"] == "2031/03/09"
    assert "Marta Quill" in tags["N1"] and SEG1 in tags["N1"]


def test_ris_keeps_line_breaks_out_of_values():
    quote = make_quote(without(title="Notes\nfrom the\r\nLighthouse"))
    lines = cite(quote, "ris", ACCESSED).split("\r\n")
    assert "TI  - Notes from the Lighthouse" in lines
