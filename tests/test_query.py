"""Tests for search.query: the query language, filters, facets, highlights,
did-you-mean, pagination, cost limits and the record/list functions."""

from __future__ import annotations

import shutil
import time
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import make_doc, make_quote

from search import bulk, flatpostings, matchset
from search import query as query_module
from search.index import QuoteIndex, update_index
from search.query import (
    MAX_PAGE_SIZE,
    MAX_QUERY_CHARS,
    QueryError,
    ResponseCache,
    SearchRequest,
    UnknownSpeaker,
    cache_clear,
    cache_info,
    get_quote,
    get_source,
    list_sources,
    list_speakers,
    prepare_query,
    related,
    resolve_speakers,
    search,
    surrounding_text,
)


def speakers_of(ix: QuoteIndex, query: str = "", **options) -> list[str]:
    return [h.quote.speaker for h in search(ix, query, limit=100, **options).hits]


def texts_of(ix: QuoteIndex, query: str, **options) -> list[str]:
    return [h.quote.text for h in search(ix, query, limit=100, **options).hits]


# ----------------------------------------------------------------- the language


def test_stemming_finds_other_forms(index):
    found = texts_of(index, "collaborate")
    assert len(found) == 2
    assert all("collaborat" in t.lower() for t in found)


def test_plain_words_are_all_required(index):
    assert texts_of(index, "garden neighbours") == [
        "Collaborating with neighbours made the garden grow faster."
    ]
    resp = search(index, "tomatoes audience")  # no quote has both
    assert resp.total == 2
    assert any("any of them" in n for n in resp.notes)


def test_phrases_with_straight_and_curly_quotes(index):
    straight = texts_of(index, '"small towns"')
    assert straight == ["I was surprised by the audience in the small towns,"]
    assert texts_of(index, "“small towns”") == straight
    assert texts_of(index, '"towns small"') == []


def test_boolean_operators(index):
    both = set(texts_of(index, "collaborative OR tomatoes"))
    assert len(both) == 3
    assert texts_of(index, "collaborate NOT music") == texts_of(index, "collaborate -music")
    assert all("Music" not in t for t in texts_of(index, "collaborate NOT music"))


def test_field_queries(index):
    assert set(speakers_of(index, "speaker:baker")) == {"Tom Baker"}
    assert set(speakers_of(index, "Speaker:BAKER")) == {"Tom Baker"}
    assert set(speakers_of(index, 'speaker:"nina park"')) == {"Nina Park"}
    assert set(speakers_of(index, "topic:garden")) == {"Maria Lopez"}
    assert len(texts_of(index, "source:sound")) == 3
    assert speakers_of(index, "speaker:lopez rain") == ["Maria Lopez"]


def test_unknown_field_is_searched_as_words(index):
    resp = search(index, "colour:garden")
    assert any("unknown field" in n and "colour" in n for n in resp.notes)
    as_words = search(index, "colour garden")
    assert [h.quote.id for h in resp.hits] == [h.quote.id for h in as_words.hits]
    assert resp.total > 0


def test_wildcards_and_fuzzy_terms(index):
    assert len(texts_of(index, "collab*")) == 2
    assert texts_of(index, "tomatos~") == texts_of(index, "tomatoes")


@pytest.mark.parametrize(
    "query", ['"small towns', "(garden OR rain", "garden)", "AND", "OR OR", '"', "((("]
)
def test_malformed_queries_never_fail(index, query):
    resp = search(index, query)
    assert isinstance(resp.total, int)


def test_unbalanced_marks_are_searched_as_words_with_a_note(index):
    resp = search(index, '"small towns')
    assert resp.total == 1
    assert any("unbalanced" in n for n in resp.notes)


def test_prepare_query():
    text, notes, plain = prepare_query("“mutual respect” Who:Jo -x foo:bar")
    assert text == '"mutual respect" speaker_names:Jo NOT x foo bar'
    assert not plain and len(notes) == 1


def test_context_is_searchable_and_highlighted(index):
    resp = search(index, "greenhouse")
    assert [h.quote.kind for h in resp.hits] == ["transcript"]
    frag = resp.hits[0].highlights[0]
    assert frag.field == "context"
    assert [frag.text[a:b] for a, b in frag.matches] == ["greenhouse"]


def test_quote_text_outranks_context(tmp_path):
    text = "Q: Is the harbour busy?\nA: Ships come and go.\nBusy harbour."
    doc = make_doc(tmp_path, "t.txt", text)
    in_context = make_quote(doc, "Ships come and go.", "Ann Lee", context="Is the harbour busy?")
    in_text = make_quote(doc, "Busy harbour.", "Bo Kim")
    update_index(tmp_path / "ix", [doc], [in_context, in_text])
    found = texts_of(QuoteIndex(tmp_path / "ix"), "harbour")
    assert found == ["Busy harbour.", "Ships come and go."]


def test_highlights_mark_the_matched_words(index):
    hit = search(index, "planted spring").hits[0]
    frag = hit.highlights[0]
    assert frag.field == "text"
    assert [frag.text[a:b] for a, b in frag.matches] == ["planted", "spring"]
    assert frag.render("[", "]") == "We [planted] tomatoes in early [spring],"


def test_no_highlights_requested(index):
    resp = search(index, SearchRequest("garden", highlights=False))
    assert resp.hits and all(h.highlights == [] for h in resp.hits)


# -------------------------------------------------------------------- filters


@pytest.mark.parametrize("name", ["Tom Baker", "baker", "TOM", "tom-baker", "tommy baker"])
def test_speaker_filter_accepts_names_surnames_ids_and_aliases(index, name):
    assert set(speakers_of(index, speakers=(name,))) == {"Tom Baker"}


def test_a_surname_finds_a_one_word_speaker_and_full_names_and_hyphens_count(tmp_path):
    text = '"Yes," said Clinton.\n"No," said Bo Clinton.\n"Maybe," said Ann O\'Brien-Smith.\n'
    text += '"Never," said Cy Bo Lind.\n'
    doc = make_doc(tmp_path, "talk.txt", text)
    said = [("Yes,", "Clinton"), ("No,", "Bo Clinton"), ("Maybe,", "Ann O'Brien-Smith")]
    said.append(("Never,", "Cy Bo Lind"))
    update_index(tmp_path / "ix", [doc], [make_quote(doc, w, who) for w, who in said])
    ix = QuoteIndex(tmp_path / "ix")
    assert sorted(speakers_of(ix, speakers=("clinton",))) == ["Bo Clinton", "Clinton"]
    assert speakers_of(ix, speakers=("Bo Clinton",)) == ["Bo Clinton"]
    for name in ("O'Brien-Smith", "Smith", "ann o'brien-smith"):
        assert speakers_of(ix, speakers=(name,)) == ["Ann O'Brien-Smith"], name
    with pytest.raises(UnknownSpeaker):  # a middle name and a surname are no surname
        speakers_of(ix, speakers=("Bo Lind",))


def test_several_speakers_are_or_ed(index):
    found = speakers_of(index, speakers=("park", "baker"))
    assert sorted(found) == ["Nina Park", "Tom Baker", "Tom Baker"]


def test_unknown_speaker_suggests_close_names(index):
    with pytest.raises(UnknownSpeaker) as err:
        search(index, "garden", speakers=("Lopes",))
    assert err.value.suggestions == ["Maria Lopez"]
    with pytest.raises(UnknownSpeaker):
        resolve_speakers(index, ["zzzz"])


def test_source_and_topic_filters(index):
    assert set(speakers_of(index, source="Sound Daily")) == {"Tom Baker", "Nina Park"}
    assert set(speakers_of(index, source="weekly garden")) == {"Maria Lopez"}
    assert speakers_of(index, source="city") == ["the mayor"]  # the file name
    assert texts_of(index, "", topic="music videos") == [
        "Music videos are a lot of work, but making them is a collaborative art."
    ]
    assert len(texts_of(index, "", topic="garden")) == 2


def test_date_filters_use_the_dates_a_source_covers(index):
    assert set(speakers_of(index, since="2021-11-15")) == {"Tom Baker", "Nina Park"}
    assert set(speakers_of(index, until="2020")) == {"Maria Lopez"}
    resp = search(index, "", since="2000")  # the undated source is left out, and said so
    assert "the mayor" not in [h.quote.speaker for h in resp.hits]
    assert any("no known date" in n for n in resp.notes)
    with pytest.raises(QueryError, match="not a date"):
        search(index, "", since="last week")
    crossed = search(index, "", since="2022", until="2020")
    assert crossed.total == 0 and any("no date is in both" in n for n in crossed.notes)


def test_fuzzy_terms_take_at_most_two_edits(index):
    far = search(index, "tomatos~5")
    assert [h.quote.id for h in far.hits] == [h.quote.id for h in search(index, "tomatos~2").hits]
    assert [n for n in far.notes if "edits" in n] == ["a fuzzy term takes at most 2 edits (~2)"]


def test_sort_by_date_and_empty_query_show_newest_first(index):
    dates = [h.quote.source.date for h in search(index, "", limit=100).hits]
    assert dates == sorted(dates, key=lambda d: d or "", reverse=True)
    assert dates[-1] is None
    resp = search(index, "collaborate", sort="date")
    assert [h.quote.source.date for h in resp.hits] == ["2021-11", "2019-05-02"]
    assert all(h.score is None for h in resp.hits)
    assert any("empty query" in n for n in search(index, "").notes)


def test_a_star_is_every_quote_newest_first(index):
    # Not an OR of every field's words: Whoosh would read every posting of each field.
    assert query_module.parse_query(index, "*")[0] == query_module.wq.Every()
    inside = query_module.parse_query(index, "* -garden")[0]
    assert query_module.wq.Every() in inside.subqueries
    star, empty = search(index, "*", limit=100), search(index, "", limit=100)
    assert [h.quote.id for h in star.hits] == [h.quote.id for h in empty.hits]
    assert star.total == empty.total == 7 and all(h.score is None for h in star.hits)


# --------------------------------------------------------- pages, facets, limits


def test_pages_do_not_overlap_and_past_the_end_is_empty(index):
    first = search(index, "", limit=3, page=1)
    second = search(index, "", limit=3, page=2)
    assert first.total == second.total == 7 and first.pages == 3
    assert not {h.quote.id for h in first.hits} & {h.quote.id for h in second.hits}
    past = search(index, "", limit=3, page=9)
    assert past.hits == [] and past.total == 7
    assert any("past the end" in n for n in past.notes)


def test_facets_count_all_matches(index):
    resp = search(index, "", limit=1)
    facets = resp.facets
    assert dict(facets["speaker"]) == {
        "Maria Lopez": 3,
        "Tom Baker": 2,
        "Nina Park": 1,
        "the mayor": 1,
    }
    assert dict(facets["source"]) == {"Weekly Garden": 3, "Sound Daily": 3, "city.txt": 1}
    assert dict(facets["topic"])["garden"] == 2
    assert sum(c for _, c in facets["speaker"]) == resp.total


def test_warm_reads_every_facet_and_sort_key_ahead(sample, monkeypatch):
    ix = QuoteIndex(sample[2])
    assert query_module.warm(ix) >= 0
    # (Flat postings files, opened when a search first reads a segment, are memos too.)
    assert {key[:2] for key in ix.segment_cache if key[0] != "flat"} == {
        ("column", "speaker"),
        ("column", "source"),
        ("words", "topics"),
        ("column", "path"),
        ("column", "date_hi"),
        ("column", "seq"),
        *(("lengths", name) for name in query_module.FIELD_BOOSTS),
    }

    def read_again(*args):
        raise AssertionError("keys read again")

    monkeypatch.setattr(matchset, "_read_keys", read_again)
    monkeypatch.setattr(bulk, "field_lengths", read_again)
    for text in ("garden", "garden neighbours", '"small towns"', ""):
        search(ix, text, facets=True, cache=False)
    search(ix, "garden", sort="date", cache=False)
    ix.close()


def test_cost_limits(index):
    with pytest.raises(QueryError, match="characters"):
        search(index, "a" * (MAX_QUERY_CHARS + 1))
    with pytest.raises(QueryError):
        search(index, "garden", limit=MAX_PAGE_SIZE + 1)
    with pytest.raises(QueryError):
        search(index, "garden", page=0)


def test_wildcard_expansion_is_capped(index, monkeypatch):
    monkeypatch.setattr(query_module, "MAX_EXPANSION", 2)
    resp = search(index, "t*")
    assert any("too many words" in n for n in resp.notes)
    assert resp.total >= 1


@pytest.fixture(scope="module")
def harbour(tmp_path_factory) -> QuoteIndex:
    """300 quotes with one shared word, by two speakers (enough for Whoosh's block
    skipping and for the time limit's clock checks)."""
    folder = tmp_path_factory.mktemp("harbour")
    lines = [f'"Line {i} of the harbour log," said the keeper.' for i in range(300)]
    doc = make_doc(folder, "log.txt", "\n".join(lines))
    quotes = [
        make_quote(doc, f"Line {i} of the harbour log,", "Kai Moe" if i % 3 else "Ida Lund")
        for i in range(300)
    ]
    update_index(folder / "ix", [doc], quotes)
    return QuoteIndex(folder / "ix")


def test_time_limit_stops_a_search_with_a_note(harbour):
    resp = search(harbour, SearchRequest("harbour lo*", time_limit=1e-9))
    assert resp.timed_out and any("incomplete" in n for n in resp.notes)
    assert search(harbour, "harbour").total == 300


@pytest.mark.parametrize("facets", [False, True])
@pytest.mark.parametrize(
    "query, speakers",
    [("harbour lo*", ()), ('"harbour log" lo*', ()), ("harbour lo*", ("Kai Moe",)), ("harb*", ())],
)
def test_a_search_cut_short_counts_the_matches_it_saw(harbour, query, speakers, facets):
    # The clock is read every 64 matches: 63 are seen before the first reading.
    req = SearchRequest(query, speakers=speakers, time_limit=1e-9, facets=facets)
    resp = search(harbour, req, cache=False)
    assert resp.timed_out and resp.total == 63 and resp.pages == 7
    assert resp.facets == {}


def test_time_spent_before_whoosh_runs_the_query_counts(harbour, monkeypatch):
    """bulk.top can give a query up to Whoosh after reading some segments (one of
    another format): Whoosh then has only what is left of the search's time."""

    def slow_then_none(*args, **kwargs):
        time.sleep(0.05)
        return None

    monkeypatch.setattr(bulk, "top", slow_then_none)
    resp = search(harbour, SearchRequest("harbour", time_limit=0.04), cache=False)
    assert resp.timed_out and resp.total == 63


@pytest.mark.parametrize(
    "text, speakers, by_blocks",
    [
        ("harbour", (), True),
        ("harbour log", (), True),
        ('"harbour log"', (), True),
        ("harbour log", ("Kai Moe",), True),
        ("harbour lo*", (), False),  # a wildcard: Whoosh's matchers
    ],
)
def test_words_ands_and_phrases_are_scored_a_block_at_a_time(
    harbour, monkeypatch, text, speakers, by_blocks
):
    answers = []
    whole_blocks = bulk.top

    def top(*args, **kwargs):
        answers.append(whole_blocks(*args, **kwargs))
        return answers[-1]

    monkeypatch.setattr(bulk, "top", top)
    resp = search(harbour, SearchRequest(text, speakers=speakers), cache=False)
    assert (bool(answers) and answers[0] is not None) == by_blocks
    assert resp.total == (200 if speakers else 300)


@pytest.mark.parametrize("postings", ["flat", "blocks"])
def test_a_one_word_search_cut_short_keeps_what_it_scored(harbour, monkeypatch, postings):
    """Scored a block at a time (search.bulk), a word's search reads the clock after
    each posting block, once it has scored something: here after the first 128 (a
    piece of a flat posting list, or one of Whoosh's blocks)."""
    monkeypatch.setattr(matchset, "FLAT_CHUNK", 128)
    if postings == "blocks":
        monkeypatch.setattr(flatpostings.FlatSegment, "count", lambda self, key: -1)
    resp = search(harbour, SearchRequest("harbour", time_limit=1e-9, facets=True), cache=False)
    assert resp.timed_out and 0 < resp.total < 300 and resp.hits
    assert resp.facets == {}
    assert search(harbour, SearchRequest("harbour", facets=True), cache=False).total == 300


@pytest.mark.parametrize("facets", [False, True])
def test_filtered_totals_and_ranking(harbour, facets):
    every = search(harbour, SearchRequest("harbour log", limit=100, facets=facets))
    for name, count in (("Ida Lund", 100), ("Kai Moe", 200)):
        resp = search(harbour, SearchRequest("harbour log", speakers=(name,), facets=facets))
        assert resp.total == count and resp.pages == count // 10
        ranked = [h.quote.id for h in every.hits if h.quote.speaker == name][:10]
        assert [h.quote.id for h in resp.hits] == ranked


@pytest.mark.parametrize("text", ["harbour log", "harbour", '"harbour log"'])
def test_a_filter_adds_nothing_to_a_score(harbour, text):
    every = {h.quote.id: h.score for h in search(harbour, text, limit=100, cache=False).hits}
    filtered = search(harbour, text, speakers=("Ida Lund",), limit=50, cache=False).hits
    assert filtered and all(h.score == every[h.quote.id] for h in filtered if h.quote.id in every)


@pytest.fixture(scope="module")
def lighthouse(tmp_path_factory) -> QuoteIndex:
    """60 quotes with "lighthouse" in their words and 60 with it only in their context
    (where it weighs less than in a quote's words), by two speakers. The quotes' lengths
    differ, so do their scores."""
    folder = tmp_path_factory.mktemp("lighthouse")
    said = [f"Lamp {i} of the lighthouse shines{' bright' * (6 - i % 7)}," for i in range(60)]
    lines = [f'"{words}" said Ann Lee.' for words in said]
    lines += [f'"Lamp {i} is lit," said Bo Chan.' for i in range(60)]
    doc = make_doc(folder, "lamps.txt", "\n".join(lines))
    quotes = [make_quote(doc, words, "Ann Lee") for words in said]
    quotes += [
        make_quote(doc, f"Lamp {i} is lit,", "Bo Chan", context="Is the lighthouse lamp lit?")
        for i in range(60)
    ]
    update_index(folder / "ix", [doc], quotes)
    return QuoteIndex(folder / "ix")


# Two-part ORs: on an index this small Whoosh joins longer ones another way.
@pytest.mark.parametrize(
    "query",
    [
        "text:lighthouse OR context:lighthouse",
        "(text:lighthouse OR context:lighthouse) lamp",
        'text:"the lighthouse" OR context:"the lighthouse"',  # positions: stepped
    ],
)
@pytest.mark.parametrize("facets", [False, True])
def test_totals_count_matches_that_cannot_reach_the_page(lighthouse, query, facets):
    # Whoosh's top-N collector stops following the parts of an OR that can no longer
    # reach the top N, and does not count the quotes only they match.
    expected = 120
    for limit in (1, 10, 100):
        resp = search(lighthouse, SearchRequest(query, limit=limit, facets=facets), cache=False)
        assert resp.total == expected and resp.pages == -(-expected // limit)
        if facets:
            assert sum(n for _, n in resp.facets["speaker"]) == expected


# ----------------------------------------------------------------- did you mean


def test_did_you_mean_uses_the_index_words(index):
    resp = search(index, "gardn tomatoes")
    assert resp.suggestion == "garden tomatoes"
    assert search(index, "Neighbors").suggestion == "Neighbours"
    assert search(index, "garden").suggestion is None  # found: nothing to correct
    assert search(index, "qqqqzz").suggestion is None


# ------------------------------------------------------- records and listings


def test_get_quote_and_surrounding_text(index, sample):
    docs, quotes, _ = sample
    q = get_quote(index, quotes[1].id)
    assert q.text == "We planted tomatoes in early spring," and Path(q.doc).is_absolute()
    before, after = surrounding_text(index, q, 20)
    text = docs[0].text
    start, end = q.spans[0]
    assert before == text[start - 20 : start] and after == text[end : end + 20]
    assert get_quote(index, "0000000000000000") is None


def test_get_source_returns_text_and_quotes_in_order(index, sample):
    docs, quotes, _ = sample
    view = get_source(index, docs[0].source.id)
    assert view.text == docs[0].text
    assert [q.id for q in view.quotes] == [q.id for q in quotes[:3]]
    assert view.info.label == "Weekly Garden" and view.info.quotes == 3
    assert get_source(index, docs[0].path).info.id == docs[0].source.id
    assert get_source(index, "nope") is None


def test_lists_of_speakers_and_sources(index):
    speakers = list_speakers(index)
    assert [(s.name, s.quotes) for s in speakers][:2] == [("Maria Lopez", 3), ("Tom Baker", 2)]
    sources = list_sources(index)
    assert sorted(s.quotes for s in sources) == [1, 3, 3]
    assert {s.label for s in sources} == {"Weekly Garden", "Sound Daily", "city.txt"}


def test_related_quotes(index, sample):
    _docs, quotes, _ = sample
    hits = related(index, quotes[0].id, 3)
    assert hits and quotes[0].id not in {h.quote.id for h in hits}
    assert "collaborative" in hits[0].quote.text
    assert related(index, "0000000000000000") == []


def test_a_repeat_of_the_same_words_is_not_a_related_quote(tmp_path):
    text = '"Rivers carve the valley slowly," said Ida Lund. "Rivers carve the valley slowly," '
    text += 'she repeated.\n"Rivers flood the valley in spring," said Kai Moe.\n'
    doc = make_doc(tmp_path, "valley.txt", text)
    first = make_quote(doc, "Rivers carve the valley slowly,", "Ida Lund")
    again = make_quote(doc, "Rivers carve the valley slowly,", "Ida Lund", nth=1)
    other = make_quote(doc, "Rivers flood the valley in spring,", "Kai Moe")
    update_index(tmp_path / "ix", [doc], [first, again, other])
    hits = related(QuoteIndex(tmp_path / "ix"), first.id)
    assert [h.quote.id for h in hits] == [other.id]


def test_hit_json_is_the_record_plus_score_and_highlights(index):
    hit = search(index, "bridge").hits[0]
    data = hit.to_dict()
    assert set(data) == set(hit.quote.to_dict()) | {"score", "highlights"}
    assert data["highlights"][0]["matches"] and data["score"] > 0


# ------------------------------------------------------------------- the cache


@pytest.fixture
def cache() -> ResponseCache:
    """A response cache of this test's own (the module's cache is shared)."""
    return ResponseCache(maxsize=8)


def test_a_repeated_search_is_served_from_the_cache(index):
    cache_clear()
    first = search(index, "tomatoes", speakers=("lopez",))
    again = search(index, "tomatoes", speakers=("lopez",))
    assert again.to_dict() == first.to_dict() and again.hits
    info = cache_info()
    assert (info.hits, info.misses, info.currsize) == (1, 1, 1)


@pytest.mark.parametrize(
    "changes",
    [
        {"page": 2},
        {"limit": 1},
        {"speakers": ("baker",)},
        {"topic": "garden"},
        {"since": "2020"},
        {"sort": "date"},
        {"highlights": False},
        {"facets": False},
        {"query": "collaborative"},
    ],
)
def test_a_different_page_filter_or_option_is_a_miss(index, cache, changes):
    base = SearchRequest("collaborate", limit=2)
    search(index, base, cache=cache)
    other = search(index, replace(base, **changes), cache=cache)
    assert cache.info().hits == 0 and cache.info().misses == 2
    assert other.to_dict() == search(index, replace(base, **changes), cache=False).to_dict()


def test_callers_cannot_change_what_the_cache_holds(index, cache):
    first = search(index, "planted spring", cache=cache)
    expected = first.to_dict()
    first.hits[0].highlights[0].matches.clear()
    first.hits.clear()
    first.notes.append("changed")
    first.facets.clear()
    again = search(index, "planted spring", cache=cache)
    assert cache.info().hits == 1 and again.to_dict() == expected
    again.hits.pop()
    assert search(index, "planted spring", cache=cache).to_dict() == expected


def test_a_reindexed_index_never_serves_old_results(tmp_path, cache):
    def build(speaker: str) -> None:
        doc = make_doc(tmp_path, "log.txt", f"The harbour is busy today, said {speaker}.")
        update_index(tmp_path / "ix", [doc], [make_quote(doc, "The harbour is busy", speaker)])

    build("Ann Lee")
    ix = QuoteIndex(tmp_path / "ix")
    speakers = [h.quote.speaker for h in search(ix, "harbour", cache=cache).hits]
    assert speakers == ["Ann Lee"]
    search(ix, "harbour", cache=cache)
    assert cache.info().hits == 1
    build("Bo Kim")  # a new generation of the same index directory
    ix.refresh()
    assert [h.quote.speaker for h in search(ix, "harbour", cache=cache).hits] == ["Bo Kim"]
    assert cache.info().hits == 1
    assert cache.info().currsize == 1  # the old generation's entry was dropped


def test_an_index_deleted_and_built_again_never_serves_old_results(tmp_path, cache):
    def build(speaker: str) -> QuoteIndex:
        doc = make_doc(tmp_path, "log.txt", f"The harbour is busy today, said {speaker}.")
        update_index(tmp_path / "ix", [doc], [make_quote(doc, "The harbour is busy", speaker)])
        return QuoteIndex(tmp_path / "ix")

    first = build("Ann Lee")
    assert [h.quote.speaker for h in search(first, "harbour", cache=cache).hits] == ["Ann Lee"]
    shutil.rmtree(tmp_path / "ix")  # built again, it starts again at the same generation name
    second = build("Bo Kim")
    assert second.generation_dir.name == first.generation_dir.name
    assert [h.quote.speaker for h in search(second, "harbour", cache=cache).hits] == ["Bo Kim"]
    assert cache.info().hits == 0


def test_the_cache_keeps_the_most_recently_used_within_its_bound(index):
    cache = ResponseCache(maxsize=3)
    words = ["garden", "tomatoes", "music", "bridge", "stage"]
    for word in words:
        search(index, word, cache=cache)
        assert cache.info().currsize <= 3
    search(index, words[-1], cache=cache)
    assert cache.info().hits == 1
    search(index, words[0], cache=cache)  # evicted: searched again
    assert cache.info().hits == 1 and cache.info().currsize == 3
    off = ResponseCache(maxsize=0)
    search(index, "garden", cache=off)
    search(index, "garden", cache=off)
    assert off.info().hits == 0 and off.info().currsize == 0


def test_a_search_that_ran_out_of_time_is_cached_only_briefly(harbour):
    now = [1000.0]
    cache = ResponseCache(clock=lambda: now[0])
    slow = SearchRequest("harbour lo*", time_limit=1e-9)
    assert search(harbour, slow, cache=cache).timed_out
    again = search(harbour, slow, cache=cache)  # the same partial answer, at once
    assert again.timed_out and cache.info().hits == 1
    now[0] += query_module.PARTIAL_TTL
    assert search(harbour, slow, cache=cache).timed_out  # expired: searched again
    assert cache.info().hits == 1 and cache.info().misses == 2


def test_date_order_on_an_index_whose_quotes_were_all_deleted(tmp_path):
    doc = make_doc(tmp_path, "a.txt", "“We talked about harbours,” Ann Lee said.\n")
    update_index(tmp_path / "ix", [doc], [make_quote(doc, "We talked about harbours,", "Ann Lee")])
    quiet = make_doc(tmp_path, "b.txt", "Nothing quoted here.\n")
    update_index(tmp_path / "ix", [quiet], [])  # the first segment stays, all deleted
    ix = QuoteIndex(tmp_path / "ix")
    for text in ("", "harbours"):
        resp = search(ix, text, sort="date", cache=False)
        assert resp.total == 0 and resp.hits == []
    ix.close()


def test_every_quote_on_an_index_without_quotes(tmp_path):
    quiet = make_doc(tmp_path, "b.txt", "Nothing quoted here.\n")
    update_index(tmp_path / "ix", [quiet], [])  # no segment at all
    ix = QuoteIndex(tmp_path / "ix")
    for text in ("", "*", "speaker:*", "context:*"):
        resp = search(ix, text, facets=True, cache=False)
        assert resp.total == 0 and resp.hits == [], text
    ix.close()


def test_facets_and_date_order_stay_right_across_segments_and_updates(tmp_path):
    # Speaker and source facets read each segment's values once and keep them per
    # index generation; a new generation (a new segment, a deleted document) must not
    # count from stale values.
    def doc(name: str, speaker: str, date: str):
        d = make_doc(tmp_path, name, f"“We talked about harbours in {name}”", title=name, date=date)
        return d, make_quote(d, f"We talked about harbours in {name}", speaker)

    a, b, c = (
        doc("a.txt", "Ann Lee", "2020-01-01"),
        doc("b.txt", "Bo Chan", "2021-01-01"),
        doc("c.txt", "Ann Lee", "2022-01-01"),
    )
    ix_dir = tmp_path / "ix"
    update_index(ix_dir, [a[0], b[0]], [a[1], b[1]])
    ix = QuoteIndex.open(ix_dir)
    assert dict(search(ix, "harbours").facets["speaker"]) == {"Ann Lee": 1, "Bo Chan": 1}
    update_index(ix_dir, [a[0], c[0]], [a[1], c[1]])
    resp = search(ix, "harbours")
    assert dict(resp.facets["speaker"]) == {"Ann Lee": 2}
    assert dict(resp.facets["source"]) == {"a.txt": 1, "c.txt": 1}
    newest_first = [h.quote.doc for h in search(ix, "harbours", sort="date").hits]
    assert newest_first == [c[0].path, a[0].path]
    ix.close()
