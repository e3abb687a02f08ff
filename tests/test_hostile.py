"""A hostile corpus indexed together with good documents (``hostile_corpus``): the
good documents are all searchable afterwards, each bad file is reported (and the run
goes on), and whatever was read keeps valid offsets.

The run time of the same corpus with a 50 MB file is printed by
``benchmarks/hostile.py``; here the big file is 5 MB.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hostile_corpus import (
    write_file_loop,
    write_good,
    write_hostile,
    write_unreadable,
)

from search.index import QuoteIndex, index_paths
from search.query import search
from search.record import joined_text


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory):
    """The good and bad files in one folder, indexed once: ``(bad files, summary,
    reported problems, open index)``."""
    root = tmp_path_factory.mktemp("hostile")
    corpus = root / "corpus"
    write_good(corpus)
    bad = write_hostile(corpus)
    reported: list = []
    summary = index_paths(root / "index", [str(corpus)], report=reported.append)
    index = QuoteIndex(root / "index")
    yield bad, summary, reported, index
    index.close()


def problems_for(reported: list, path: Path) -> list:
    return [p for p in reported if Path(p.path).name == path.name]


def test_good_documents_are_all_searchable(hostile):
    from hostile_corpus import GOOD

    _bad, _summary, _reported, index = hostile
    for name, (text, speaker, word) in GOOD.items():
        hits = search(index, word).hits
        assert [h.quote.speaker for h in hits] == [speaker], name
        assert hits[0].quote.text in text
        assert search(index, "", speakers=(speaker,)).total == 1


@pytest.mark.parametrize("kind", ["binary", "nul"])
def test_binary_files_are_reported_and_skipped(hostile, kind):
    bad, summary, reported, index = hostile
    found = problems_for(reported, bad[kind])
    assert found and all(p.fatal for p in found), reported
    assert "binary" in found[0].message
    assert not any(Path(p).name == bad[kind].name for p in index.catalog["documents"])
    assert found[0] in summary.problems


def test_invalid_utf8_is_reported_and_still_searchable(hostile):
    bad, _summary, reported, index = hostile
    found = problems_for(reported, bad["invalid_utf8"])
    assert found and not any(p.fatal for p in found)
    assert "UTF-8" in found[0].message
    hits = search(index, "kettle").hits
    assert [h.quote.speaker for h in hits] == ["Ada Quill"]
    assert "\ufffd" in hits[0].quote.text  # the bad byte, replaced where it stood


@pytest.mark.parametrize("kind", ["big", "marks", "nested", "one_mark", "empty"])
def test_odd_but_readable_files_are_indexed_with_valid_offsets(hostile, kind):
    bad, _summary, reported, index = hostile
    assert not any(p.fatal for p in problems_for(reported, bad[kind]))
    docs = index.catalog["documents"]
    key = next(p for p in docs if Path(p).name == bad[kind].name)
    text = index.document_text(docs[key]["sha256"])
    assert text is not None and len(text) == len(bad[kind].read_bytes().decode())
    quotes = search(index, "", source=docs[key]["source"]["id"], limit=100).hits
    assert len(quotes) == docs[key]["quotes"]
    for hit in quotes:
        assert all(0 <= a < b <= len(text) for a, b in hit.quote.spans)
        assert hit.quote.text == joined_text(text, hit.quote.spans)


def test_a_folder_link_loop_does_not_trap_the_walk(hostile):
    bad, summary, _reported, index = hostile
    loop = bad["dir_loop"]
    # Every document is indexed once, never again under loop/loop/...
    names = [Path(p).name for p in index.catalog["documents"]]
    assert len(names) == len(set(names)) == summary.documents
    assert not any(loop.name in Path(p).parts for p in index.catalog["documents"])


def test_a_folder_link_loop_is_reported(hostile):
    bad, _summary, reported, _index = hostile
    found = problems_for(reported, bad["dir_loop"])
    assert len(found) == 1 and "loop" in found[0].message, reported


def test_a_file_link_loop_is_reported_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    write_good(corpus)
    link = write_file_loop(corpus)
    reported: list = []
    summary = index_paths(tmp_path / "index", [str(corpus)], report=reported.append)
    found = problems_for(reported, link)
    assert found and "loop" in found[0].message, reported
    assert summary.documents == 3


def test_an_unreadable_file_is_reported_and_the_rest_indexed(tmp_path):
    corpus = tmp_path / "corpus"
    write_good(corpus)
    locked = write_unreadable(corpus)
    if locked is None:
        pytest.skip("running as root: a mode-000 file is still readable, so it is not bad input")
    try:
        reported: list = []
        summary = index_paths(tmp_path / "index", [str(corpus)], report=reported.append)
        found = problems_for(reported, locked)
        assert found and found[0].fatal and "cannot read" in found[0].message
        assert summary.documents == 3
    finally:
        locked.chmod(0o644)


# ------------------------------------------------------------------ hostile queries

SYLLABLES = ["ba", "ce", "di", "fo", "gu", "la", "me", "ni", "po", "ru"]


@pytest.fixture(scope="module")
def wordy_index(tmp_path_factory: pytest.TempPathFactory):
    """An index whose quotes hold a thousand distinct made-up words, so wildcards and
    fuzzy terms can stand for hundreds of them."""
    from itertools import product

    from conftest import make_doc, make_quote

    from search.index import update_index

    words = ["".join(p) for p in product(SYLLABLES, repeat=3)]
    lines = [" ".join(words[i : i + 10]).capitalize() + "." for i in range(0, len(words), 10)]
    root = tmp_path_factory.mktemp("wordy")
    doc = make_doc(root, "wordy.txt", "\n".join(f'"{line}" Kai Moe said.' for line in lines))
    quotes = [make_quote(doc, line, "Kai Moe") for line in lines]
    update_index(root / "index", [doc], quotes)
    index = QuoteIndex(root / "index")
    yield index, words
    index.close()


@pytest.mark.parametrize("q", ["*a*", "*i*", "text:*e*", "b*a OR *ni* OR d?f*"])
def test_wildcards_that_stand_for_too_many_words_are_capped_with_a_note(wordy_index, q):
    from search.query import MAX_EXPANSION

    index, _words = wordy_index
    resp = search(index, q)
    assert any(f"the {MAX_EXPANSION} most common" in n for n in resp.notes), resp.notes
    assert resp.total > 0


def test_many_fuzzy_terms_and_long_or_chains_are_answered(wordy_index):
    from search.query import MAX_QUERY_CHARS, QueryError

    index, words = wordy_index
    fuzzy = " ".join(f"{w}~2" for w in words[:60])
    assert search(index, fuzzy, limit=5).total > 0
    chain = " OR ".join(words)
    short = chain[: MAX_QUERY_CHARS - 10].rsplit(" OR ", 1)[0]
    assert search(index, short).total > 0
    with pytest.raises(QueryError, match="limit"):
        search(index, chain)


def test_a_search_that_runs_out_of_time_says_its_results_are_incomplete(wordy_index):
    from search.query import SearchRequest

    index, _words = wordy_index
    resp = search(index, SearchRequest("*a* OR *e*", time_limit=1e-9))
    assert resp.timed_out
    assert any("results are incomplete" in n for n in resp.notes)


# ------------------------------------------------------------------ hostile clients


def test_the_server_keeps_serving_after_clients_disconnect_mid_response(tmp_path):
    import http.client
    import socket
    import struct
    import threading

    import waitress
    from web_fixtures import build_tiny_index

    from web import create_app

    index_dir, quotes = build_tiny_index(tmp_path)
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=2)
    port = server.effective_port
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    paths = ["/search?q=tomatoes", f"/sources/{quotes[0].source.id}", "/search.csv?q=tomatoes"]
    try:
        for i in range(30):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(f"GET {paths[i % 3]} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            if i % 2:
                s.recv(64)  # the response has begun
            # Reset the connection (no orderly close) with the response unread.
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            s.close()
        half = socket.create_connection(("127.0.0.1", port), timeout=5)
        half.sendall(b"GET /search?q=tom")  # a request that never ends
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        for path in paths:
            conn.request("GET", path)
            resp = conn.getresponse()
            assert resp.status == 200 and resp.read()
        half.close()
        conn.close()
    finally:
        # Closed from the server's own loop (closing its socket from this thread races
        # with the loop's select); the loop ends once every connection is gone.
        server.trigger.pull_trigger(lambda: (server.close(), server.trigger.close()))
        thread.join(10)
    assert not thread.is_alive()


TRAVERSALS = [
    "/quotes/..%2F..%2Fetc%2Fpasswd.bib",
    "/quotes/..%2F..%2Fetc%2Fpasswd.json",
    "/sources/..%252F..%252Fetc%252Fpasswd",
    "/sources/....%2F%2F....%2F%2Fetc%2Fpasswd.json",
    "/speakers/%2e%2e",
    "/speakers/..%5C..%5Cetc",
    "/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/static//etc/passwd",
    "/static/..%5C..%5Cpyproject.toml",
    "/api/..%2F..%2Fpyproject.toml",
    "/search/..%2F..%2Fpyproject.toml",
]


@pytest.fixture(scope="module")
def web_client(tmp_path_factory: pytest.TempPathFactory):
    from web_fixtures import build_tiny_index

    from web import create_app

    index_dir, _ = build_tiny_index(tmp_path_factory.mktemp("traversal"))
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    return app.test_client()


@pytest.mark.parametrize("url", TRAVERSALS)
def test_more_path_traversal_spellings_get_404(web_client, url):
    # A doubled slash is first redirected to its single-slash form, which is a 404.
    resp = web_client.get(url, follow_redirects=True)
    assert resp.status_code == 404, (url, resp.status_code)
    assert b"root:" not in resp.data and b"[project]" not in resp.data
