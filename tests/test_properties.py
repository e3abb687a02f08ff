"""Properties that hold for any input (hypothesis).

- Extraction on any text raises nothing; every span lies inside the text, ``text`` is
  the joined slices, ids are the record's own hash and the same on a second run; the
  corpus-wide steps (speaker names, topics) keep those promises.
- The search API answers any query string: results with notes, or a
  :class:`~search.query.QueryError` with a message; never another exception.
- The web app answers any query string and any parameter value without a 500.

Examples are kept few (``max_examples``) so the file runs in seconds; the text
strategy is biased towards the characters extraction and the query parser care
about (quote marks, colons, names, cue words, operators) so short runs reach them.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from urllib.parse import quote, quote_from_bytes

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from web_fixtures import build_tiny_index

from search.documents import Document
from search.extract import extract_document
from search.query import MAX_QUERY_CHARS, QueryError, SearchRequest, search
from search.record import Source, joined_text, quote_id
from search.speakers import unify_speakers
from search.topics import assign_topics
from web import create_app

FAST = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)

# Pieces of prose that exercise the extractor: quote marks of every kind, transcript
# labels, names, cue verbs, pronouns, paragraph breaks.
PIECES = [
    '"',
    "“",
    "”",
    "‘",
    "’",
    "'",
    "«",
    "»",
    "„",
    "\n",
    "\n\n",
    "\r\n",
    " ",
    ", ",
    ". ",
    ",” ",
    ".” ",
    " said ",
    " says ",
    " explains, ",
    " according to ",
    "Q: ",
    "A: ",
    "(A-Faris): ",
    "(Q): ",
    "MARIA LOPEZ: ",
    "Maria Lopez",
    "Lopez",
    "Mr. Baker",
    "she",
    "He",
    "the mayor",
    "Is there a trick?",
    "don’t",
    "’70s",
    "\u00a0",
    "\t",
    "\x00",
    "\ufffd",
    "é",
    "🙂",
]
prose = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=60).map("".join)
any_text = st.one_of(st.text(max_size=300), prose)


def document(text: str) -> Document:
    sha = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return Document("doc.txt", text, sha, Source(id=sha[:12], title="T"))


def check_quotes(quotes: list, text: str, sha: str) -> None:
    for q in quotes:
        assert q.spans
        for a, b in q.spans:
            assert 0 <= a < b <= len(text), (a, b, len(text))
        assert [a for a, _ in q.spans] == sorted(a for a, _ in q.spans)
        assert q.text == joined_text(text, q.spans)
        assert q.id == quote_id(sha, q.spans)
        assert q.speaker.strip() and q.speaker_id.strip()
        if q.speaker_span is not None:
            a, b = q.speaker_span
            assert 0 <= a < b <= len(text)
    assert len({q.id for q in quotes}) == len(quotes)


# ------------------------------------------------------------------ extraction


@FAST
@given(any_text)
def test_extraction_on_any_text_keeps_its_promises(text):
    doc = document(text)
    first = extract_document(doc)
    check_quotes(first, text, doc.sha256)
    again = extract_document(document(text))
    assert [q.to_dict() for q in again] == [q.to_dict() for q in first]


@FAST
@given(st.lists(any_text, min_size=1, max_size=3))
def test_corpus_steps_keep_offsets_and_ids(texts):
    docs = [document(t + f"\n{i}") for i, t in enumerate(texts)]
    docs = [Document(f"doc{i}.txt", d.text, d.sha256, d.source) for i, d in enumerate(docs)]
    quotes = [q for d in docs for q in extract_document(d)]
    final = assign_topics(unify_speakers(quotes, {}), docs)
    by_path = {d.path: d for d in docs}
    assert sorted(q.id for q in final) == sorted(q.id for q in quotes)
    for q in final:
        d = by_path[q.doc]
        check_quotes([q], d.text, d.sha256)
        assert len(q.topics) <= 3 and all(t.strip() for t in q.topics)


# ------------------------------------------------------------------ search API

QUERY_PIECES = [
    '"',
    "“",
    "”",
    "(",
    ")",
    "*",
    "?",
    "~",
    "~2",
    "^",
    ":",
    "-",
    "+",
    "\\",
    "[",
    "]",
    "{",
    "}",
    " AND ",
    " OR ",
    " NOT ",
    " TO ",
    "speaker:",
    "topic:",
    "date:",
    "id:",
    "zz:",
    "garden",
    "tomatoes",
    "collab",
    "Lopez",
    " ",
    "\x00",
    "\n",
]
queries = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(QUERY_PIECES) | st.text(max_size=6), max_size=40).map("".join),
)


@pytest.fixture(scope="module")
def sample_index(sample):
    from search.index import QuoteIndex

    ix = QuoteIndex(sample[2])
    yield ix
    ix.close()


@FAST
@given(q=queries, sort=st.sampled_from(["relevance", "date"]), page=st.integers(1, 3))
@example(q="SPEAKER:*", sort="relevance", page=1)  # once failed: every quote, unscored
def test_search_answers_any_query(sample_index, q, sort, page):
    try:
        resp = search(sample_index, SearchRequest(q, sort=sort, page=page, limit=3))
    except QueryError as err:
        assert str(err)
        return
    assert resp.total >= len(resp.hits)
    assert all(isinstance(n, str) and n for n in resp.notes)
    for hit in resp.hits:
        assert hit.quote.id and hit.quote.text
        for frag in hit.highlights:
            assert all(0 <= a < b <= len(frag.text) for a, b in frag.matches)
    resp.to_dict()  # serialisable


def test_an_overlong_query_is_a_clear_error(sample_index):
    with pytest.raises(QueryError, match="limit"):
        search(sample_index, "x" * (MAX_QUERY_CHARS + 1))


# ------------------------------------------------------------------ web


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory):
    index_dir, _ = build_tiny_index(Path(tmp_path_factory.mktemp("props")))
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    return app.test_client()


PARAMS = ["q", "speaker", "source", "topic", "since", "until", "sort", "page", "limit"]


@FAST
@given(
    values=st.dictionaries(st.sampled_from(PARAMS), queries, max_size=4),
    path=st.sampled_from(["/search", "/search.json", "/search.csv", "/"]),
)
def test_web_answers_any_parameters_without_a_500(client, values, path):
    resp = client.get(path, query_string=values)
    assert resp.status_code < 500, (values, resp.status_code)
    assert resp.status_code in (200, 400, 414)


@FAST
@given(raw=st.binary(max_size=300))
def test_web_answers_any_raw_query_string_without_a_500(client, raw):
    # Percent-encoded, so any byte (invalid UTF-8, NUL, stray % and &) reaches the app.
    resp = client.get("/search.json?" + quote_from_bytes(raw, safe="=&%+;"))
    assert resp.status_code in (200, 400, 414), (raw, resp.status_code)
    assert resp.get_json()["ok"] is (resp.status_code == 200)


@FAST
@given(segment=st.text(min_size=1, max_size=40))
def test_web_record_routes_answer_any_id_without_a_500(client, segment):
    for route in ("/quotes/", "/sources/", "/speakers/"):
        resp = client.get(route + quote(segment, safe=""))
        assert resp.status_code in (200, 301, 308, 404), (route, segment, resp.status_code)
