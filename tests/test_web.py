"""The web app through Flask's test client: every route in every format, bad
parameters, unknown ids, escaping and the security headers.

The corpus is the tiny one of ``web_fixtures`` (indexed once per module)."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner
from web_fixtures import XSS_QUOTE, XSS_SPEAKER, XSS_TITLE, Page, build_tiny_index

from search import query
from search.cite import cite, quote_url
from search.query import Fragment
from web import create_app
from web.markup import Mark, excerpt, highlighted, marked, paragraphs
from web.respond import SECURITY_HEADERS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory):
    return build_tiny_index(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def app(corpus):
    index_dir, _quotes = corpus
    return create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture(scope="module")
def quotes(corpus):
    return corpus[1]


def by_speaker(quotes, name):
    return [q for q in quotes if q.speaker == name]


def get_json(client, url, status=200, **kw):
    resp = client.get(url, **kw)
    assert resp.status_code == status, resp.data[:500]
    assert resp.mimetype == "application/json"
    return resp.get_json()


def page_of(client, url, status=200):
    resp = client.get(url)
    assert resp.status_code == status, resp.data[:500]
    assert resp.mimetype == "text/html"
    return Page(resp.get_data(as_text=True)), resp


def html_pages(quotes):
    q = quotes[0]
    return [
        "/",
        "/search?q=tomatoes",
        "/search?q=tomatoes&speaker=Okafor&sort=date",
        f"/quotes/{q.id}",
        f"/sources/{q.source.id}",
        "/sources",
        "/speakers",
        f"/speakers/{q.speaker_id}",
        "/api",
        "/quotes/ffffffffffffffff",
        "/search?page=nope",
    ]


# ------------------------------------------------------------------ search page


def test_search_highlights_matches_and_shows_attribution(client, quotes):
    page, _ = page_of(client, "/search?q=tomatoes")
    html = client.get("/search?q=tomatoes").get_data(as_text=True)
    assert "<mark>Tomatoes</mark>" in html or "<mark>tomatoes</mark>" in html
    expected = [q for q in quotes if "tomatoes" in q.text.lower()]
    links = {h for h in page.hrefs() if h.startswith("/quotes/")}
    assert {f"/quotes/{q.id}" for q in expected} <= links
    assert f"/speakers/{expected[0].speaker_id}" in page.hrefs()
    assert f"/sources/{expected[0].source.id}" in page.hrefs()
    assert f"of {len(expected)} quotes" in page.text


def test_home_lists_the_newest_quotes_and_every_facet(client, quotes):
    page, _ = page_of(client, "/")
    assert len(page.all("blockquote")) == min(len(quotes), 20)
    assert {"facet-speaker", "facet-source", "facet-topic"} <= {
        a.get("id") for _, a in page.elements
    }
    assert page.all("input", id="q")  # the query box


def test_search_json_is_the_same_data_in_the_envelope(client, quotes):
    body = get_json(client, "/search.json?q=tomatoes")
    assert body["ok"] is True and body["error"] is None
    data = body["data"]
    assert data["total"] == len(data["results"]) > 0
    for result in data["results"]:
        assert result["urls"]["page"] == f"/quotes/{result['id']}"
        assert result["highlights"], "every hit of a word query has highlights"
    assert body["links"]["html"].startswith("/search?")
    assert body["links"]["csv"].startswith("/search.csv?")
    assert set(data["facets"]) == {"speaker", "source", "topic"}


def test_accept_header_selects_json_on_any_page(client, quotes):
    for url in ("/", "/speakers", f"/quotes/{quotes[0].id}", "/no/such/page"):
        resp = client.get(url, headers={"Accept": "application/json"})
        assert resp.mimetype == "application/json", url
        assert "ok" in resp.get_json()
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    assert client.get("/", headers={"Accept": browser_accept}).mimetype == "text/html"
    assert "Accept" in client.get("/").headers.get("Vary", "")


def test_speaker_facet_toggles_the_filter_on_and_off(client, quotes):
    page, _ = page_of(client, "/search?q=tomatoes OR water")
    facet_links = [h for h in page.hrefs() if "speaker=" in h]
    reyes = next(h for h in facet_links if "Reyes" in h)
    narrowed = get_json(client, reyes.replace("/search?", "/search.json?"))
    assert narrowed["data"]["total"] >= 1
    assert {r["speaker"] for r in narrowed["data"]["results"]} == {"Tom Reyes"}
    page2, _ = page_of(client, reyes)
    active = page2.all("a", class_="active")
    assert len(active) == 1
    off = parse_qs(urlsplit(active[0]["href"]).query)
    assert "speaker" not in off and off["q"] == ["tomatoes OR water"]


def test_surname_filter_marks_the_full_name_active_and_is_removable(client):
    page, _ = page_of(client, "/search?speaker=okafor")
    assert "Mira Okafor" in page.text
    chips = page.all("a", class_="chip")
    assert len(chips) == 1 and "speaker" not in parse_qs(urlsplit(chips[0]["href"]).query)
    active = page.all("a", class_="active")
    assert any("speaker" not in parse_qs(urlsplit(a["href"]).query) for a in active)


def test_filters_are_kept_in_the_search_form(client):
    page, _ = page_of(client, "/search?q=water&topic=watering&source=Balcony")
    hidden = {(a["name"], a["value"]) for a in page.all("input", type="hidden")}
    assert {("topic", "watering"), ("source", "Balcony")} <= hidden


def test_pagination_links_every_page_and_a_page_past_the_end_is_empty(client, quotes):
    n = len(by_speaker(quotes, "Mira Okafor"))
    page, _ = page_of(client, "/search?speaker=Mira+Okafor&limit=2")
    nexts = page.all("a", rel="next")
    assert nexts and "page=2" in nexts[0]["href"]
    last = get_json(client, f"/search.json?speaker=Mira+Okafor&limit=2&page={(n + 1) // 2}")
    assert last["links"].get("next") is None and last["links"]["prev"]
    past = get_json(client, "/search.json?speaker=Mira+Okafor&limit=2&page=50")
    assert past["data"]["results"] == [] and past["data"]["total"] == n
    page, _ = page_of(client, "/search?speaker=Mira+Okafor&limit=2&page=50")
    assert "past the end" in page.text


def test_did_you_mean_links_to_the_corrected_query(client):
    body = get_json(client, "/search.json?q=admision")
    suggestion = body["data"]["suggestion"]
    assert suggestion
    page, _ = page_of(client, "/search?q=admision")
    link = [h for h in page.hrefs() if parse_qs(urlsplit(h).query).get("q") == [suggestion]]
    assert link
    assert get_json(client, link[0].replace("/search?", "/search.json?"))["data"]["total"] > 0


def test_no_results_page_offers_to_drop_each_filter(client):
    page, _ = page_of(client, "/search?q=aphids&speaker=Reyes&topic=pests")
    assert "No quotes found" in page.text
    drops = [h for h in page.hrefs() if "aphids" in h and h.startswith("/search?")]
    assert any("speaker" not in parse_qs(urlsplit(h).query) for h in drops)
    assert any("topic" not in parse_qs(urlsplit(h).query) for h in drops)
    without = [h for h in drops if "speaker" not in parse_qs(urlsplit(h).query)]
    assert get_json(client, without[0].replace("/search?", "/search.json?"))["data"]["total"] > 0


def test_date_filters_and_sort(client, quotes):
    recent = get_json(client, "/search.json?since=2020")["data"]
    assert recent["total"] == len([q for q in quotes if (q.source.date or "") >= "2020"])
    older = get_json(client, "/search.json?until=2020-01-01&sort=date")["data"]
    assert {r["source"]["date"] for r in older["results"]} == {"2019-08-20"}


# ------------------------------------------------------------------ bad input


BAD = [
    ("page=abc", "page"),
    ("page=0", "page"),
    ("page=1000000", "page"),
    ("limit=0", "limit"),
    ("limit=5000", "limit"),
    ("sort=sideways", "sort"),
    ("since=yesterday", "since"),
    ("until=2020-13-45", "until"),
    ("topic=" + "x" * 500, "topic"),
    ("q=" + "word " * 500, None),
    ("q=a%00b", "q"),
    ("speaker=" + "&speaker=".join(f"s{i}" for i in range(20)), "speaker"),
]


@pytest.mark.parametrize(("query_string", "parameter"), BAD)
def test_bad_parameters_get_400_with_a_message(client, query_string, parameter):
    page, _ = page_of(client, "/search?" + query_string, status=400)
    assert page.all("p", class_="error-message")
    body = get_json(client, "/search.json?" + query_string, status=400)
    assert body["ok"] is False and body["data"] is None
    assert body["error"]["status"] == 400 and body["error"]["message"]
    if parameter:
        assert body["error"]["parameter"] == parameter
    resp = client.get("/search.csv?" + query_string)
    assert resp.status_code == 400 and resp.mimetype == "text/plain"


def test_unknown_speaker_gets_400_with_the_closest_names_in_the_same_search(client):
    body = get_json(client, "/search.json?q=sun&speaker=Okafer", status=400)
    assert "Mira Okafor" in body["error"]["suggestions"]
    page, _ = page_of(client, "/search?q=sun&speaker=Okafer", status=400)
    fixed = [h for h in page.hrefs() if "Okafor" in h]
    assert fixed and parse_qs(urlsplit(fixed[0]).query) == {
        "q": ["sun"],
        "speaker": ["Mira Okafor"],
    }
    assert get_json(client, fixed[0].replace("/search?", "/search.json?"))["data"]["total"] > 0


def test_an_oversized_query_string_gets_414(client):
    resp = client.get("/search?q=" + "x" * 20000)
    assert resp.status_code == 414
    assert client.get("/search.json?q=" + "x" * 20000).get_json()["error"]["status"] == 414


def test_odd_but_valid_queries_are_answered(client):
    for q in ('"unbalanced', "speaker:", "tomat*", "tomatoes~", "NOT", "((", "zz:yy", "💡", "-"):
        body = get_json(client, "/search.json?q=" + q.replace("(", "%28"))
        assert body["ok"] is True, q


@pytest.mark.parametrize(
    "url",
    [
        "/quotes/ffffffffffffffff",
        "/quotes/not-an-id",
        "/quotes/ffffffffffffffff.bib",
        "/sources/ffffffffffff",
        "/sources/nope",
        "/speakers/nobody-at-all",
        "/speakers/Nobody!",
        "/no/such/page",
    ],
)
def test_unknown_ids_get_404_in_every_format(client, url):
    if url.endswith(".bib"):  # a download: the error is plain text
        resp = client.get(url)
        assert resp.status_code == 404 and resp.mimetype == "text/plain"
    else:
        page, _ = page_of(client, url, status=404)
        assert page.all("p", class_="error-message")
    base = url.removesuffix(".bib")
    body = get_json(client, base + ".json", status=404)
    assert body["error"]["code"] == "not_found"


def test_path_traversal_never_reaches_a_file(client, corpus):
    index_dir, quotes = corpus
    doc_path = quotes[0].doc  # a real file the index knows
    for url in [
        "/sources/..%2F..%2F..%2Fetc%2Fpasswd",
        "/sources/%2Fetc%2Fpasswd",
        "/sources/" + doc_path.replace("/", "%2F"),
        "/quotes/..%2F..%2Fetc%2Fpasswd",
        "/static/../web/__init__.py",
        "/static/%2e%2e/__init__.py",
        "/static/..%2F__init__.py",
        "/speakers/..%2F..%2Fetc",
    ]:
        resp = client.get(url)
        assert resp.status_code == 404, url
        assert b"root:" not in resp.data and b"create_app" not in resp.data


def test_writes_are_refused(client):
    for method in ("post", "put", "delete", "patch"):
        resp = getattr(client, method)("/search?q=x")
        assert resp.status_code == 405
        assert "GET" in resp.headers["Allow"]


def test_an_unexpected_error_is_a_plain_500(client, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(query, "search", broken)
    for url in ("/search?q=x", "/search.json?q=x"):
        resp = client.get(url)
        assert resp.status_code == 500
        assert b"secret internal detail" not in resp.data and b"Traceback" not in resp.data
    assert client.get("/search.json").get_json()["error"]["code"] == "internal_error"


def test_a_missing_index_gets_503_with_the_fix(tmp_path):
    app = create_app({"QUOTES_INDEX": str(tmp_path / "none"), "QUOTES_BUILD_MISSING": False})
    client = app.test_client()
    page, _ = page_of(client, "/search?q=x", status=503)
    assert "quotes index" in page.text
    body = get_json(client, "/search.json", status=503)
    assert body["error"]["fix"]


# ------------------------------------------------------------------ quote page


def test_quote_page_has_the_quote_speaker_context_excerpt_and_link(client, quotes):
    quote = quotes[0]
    page, resp = page_of(client, f"/quotes/{quote.id}")
    html = resp.get_data(as_text=True)
    assert page.all("blockquote", cite=quote_url(quote))
    assert f"/speakers/{quote.speaker_id}" in page.hrefs()
    assert quote.context in page.text
    original = page.all("a", id="original-link")
    assert original[0]["href"] == quote_url(quote) and "#:~:text=" in original[0]["href"]
    assert '<mark class="quote current">' in html  # the quote inside its paragraphs
    related = [h for h in page.hrefs() if h.startswith("/quotes/") and quote.id not in h]
    assert related


def test_cite_box_has_every_style_with_copy_buttons(client, quotes):
    quote = quotes[0]
    page, _ = page_of(client, f"/quotes/{quote.id}")
    today = datetime.date.today()
    for style in ("text", "apa", "mla", "chicago", "bibtex", "ris", "csl-json"):
        assert page.all("pre", id=f"cite-{style}"), style
        assert page.all("button", **{"data-copy": f"cite-{style}"}), style
    data = get_json(client, f"/quotes/{quote.id}.json")["data"]
    assert data["citations"]["apa"] == cite(quote, "apa", today)
    assert " ".join(data["citations"]["mla"].split()) in page.text


def test_citation_files(client, quotes):
    quote = quotes[0]
    today = datetime.date.today()
    bib = client.get(f"/quotes/{quote.id}.bib")
    assert bib.mimetype == "application/x-bibtex"
    assert bib.get_data(as_text=True).strip() == cite(quote, "bibtex", today)
    ris = client.get(f"/quotes/{quote.id}.ris")
    assert ris.mimetype == "application/x-research-info-systems"
    assert ris.get_data(as_text=True).startswith("TY  - ")
    csl = client.get(f"/quotes/{quote.id}.csl.json")
    assert csl.mimetype == "application/vnd.citationstyles.csl+json"
    assert json.loads(csl.data)["id"] == quote.id
    assert client.get(f"/quotes/{quote.id.upper()}.ris").status_code == 200


def test_quote_json_has_the_record_excerpt_and_related(client, quotes):
    quote = quotes[0]
    body = get_json(client, f"/quotes/{quote.id}.json")
    data = body["data"]
    assert data["quote"]["text"] == quote.text and data["link"] == quote_url(quote)
    assert any(quote.text in p["text"] for p in data["excerpt"])
    assert all(r["id"] != quote.id for r in data["related"])
    assert body["links"]["bibtex"] == f"/quotes/{quote.id}.bib"


# ------------------------------------------------------------------ sources, speakers


def test_source_page_marks_and_links_every_quote(client, quotes):
    quote = quotes[0]
    mine = [q for q in quotes if q.source.id == quote.source.id]
    page, _ = page_of(client, f"/sources/{quote.source.id}")
    assert {f"/quotes/{q.id}" for q in mine} <= set(page.hrefs())
    assert {f"q-{q.id}" for q in mine} <= {a.get("id") for _, a in page.elements}
    data = get_json(client, f"/sources/{quote.source.id}.json")["data"]
    assert len(data["quotes"]) == len(mine)
    assert all(data["text"][a:b] in data["text"] for q in data["quotes"] for a, b in q["spans"])
    assert "Growing tomatoes on a balcony" in page.text  # the raw text, title line included


def test_sources_and_speakers_lists(client, quotes):
    sources = get_json(client, "/sources.json")["data"]["sources"]
    assert {s["id"] for s in sources} == {q.source.id for q in quotes}
    page, _ = page_of(client, "/sources")
    assert {f"/sources/{s['id']}" for s in sources} <= set(page.hrefs())
    speakers = get_json(client, "/speakers.json")["data"]["speakers"]
    counts = {s["name"]: s["quotes"] for s in speakers}
    assert counts == {name: len(by_speaker(quotes, name)) for name in counts}
    page, _ = page_of(client, "/speakers")
    assert {f"/speakers/{s['id']}" for s in speakers} <= set(page.hrefs())


def test_speaker_page_lists_only_their_quotes_with_source_and_topic_facets(client, quotes):
    reyes = by_speaker(quotes, "Tom Reyes")
    body = get_json(client, f"/speakers/{reyes[0].speaker_id}.json")
    data = body["data"]
    assert data["speaker"]["name"] == "Tom Reyes"
    assert {r["id"] for r in data["results"]} == {q.id for q in reyes}
    page, _ = page_of(client, f"/speakers/{reyes[0].speaker_id}")
    assert {a.get("id") for _, a in page.elements} >= {"facet-source", "facet-topic"}
    assert "facet-speaker" not in {a.get("id") for _, a in page.elements}
    topic_link = next(h for h in page.hrefs() if "topic=" in h and h.startswith("/speakers/"))
    narrowed = get_json(
        client, topic_link.replace(reyes[0].speaker_id, reyes[0].speaker_id + ".json", 1)
    )
    assert 0 < narrowed["data"]["total"] <= len(reyes)


# ------------------------------------------------------------------ CSV, OpenAPI


def test_csv_has_a_header_and_one_row_per_quote_without_formulas(client, quotes):
    import csv

    resp = client.get("/search.csv?q=harvest OR water")
    assert resp.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(resp.get_data(as_text=True))))
    total = get_json(client, "/search.json?q=harvest OR water")["data"]["total"]
    assert rows[0][:3] == ["id", "speaker", "speaker_id"] and len(rows) == total + 1
    texts = [r[rows[0].index("text")] for r in rows[1:]]
    assert not any(t[:1] in "=+-@" for t in texts if t)
    assert any(t.startswith("'=") for t in texts)


def test_openapi_describes_every_json_route(app, client, quotes):
    spec = get_json(client, "/api/openapi.json")
    assert spec["openapi"].startswith("3.1")
    adapter = app.url_map.bind("localhost")
    samples = {"{id}": quotes[0].id}
    for path in spec["paths"]:
        concrete = path
        if path.startswith("/sources/"):
            concrete = path.replace("{id}", quotes[0].source.id)
        elif path.startswith("/speakers/"):
            concrete = path.replace("{id}", quotes[0].speaker_id)
        for k, v in samples.items():
            concrete = concrete.replace(k, v)
        adapter.match(concrete)  # raises NotFound if the spec names a route we lack
        assert client.get(concrete).status_code == 200, concrete
    json_rules = {r.rule for r in app.url_map.iter_rules() if r.rule.endswith(".json")}
    assert json_rules <= set(spec["paths"])
    refs = json.dumps(spec).split('"$ref": "#/components/')[1:]
    for ref in refs:
        kind, name = ref.split('"')[0].split("/")
        assert name in spec["components"][kind], name


# ------------------------------------------------------------------ safety


def test_planted_markup_is_escaped_everywhere(client, quotes):
    xss = next(q for q in quotes if q.speaker == XSS_SPEAKER)
    urls = [
        f"/quotes/{xss.id}",
        f"/sources/{xss.source.id}",
        f"/speakers/{xss.speaker_id}",
        "/speakers",
        "/sources",
        "/search?q=typed",
        "/search?q=%3Cscript%3Ewindow.__xssQuery%3D1%3C%2Fscript%3E",
        "/search?speaker=%3Cscript%3Ex%3C%2Fscript%3E",
    ]
    for url in urls:
        resp = client.get(url)
        html = resp.get_data(as_text=True)
        page = Page(html)
        assert not page.script_bodies, url
        assert all(a.get("src", "").startswith("/static/") for a in page.all("script")), url
        assert "<script>window" not in html and "<img src=x" not in html, url
        assert not any(h.lower().startswith("javascript:") for h in page.hrefs()), url
    text = Page(client.get(f"/quotes/{xss.id}").get_data(as_text=True)).text
    assert XSS_QUOTE in text and XSS_SPEAKER in text
    assert XSS_TITLE in Page(client.get(f"/sources/{xss.source.id}").get_data(as_text=True)).text


def test_no_inline_scripts_styles_or_event_handlers(client, quotes):
    for url in html_pages(quotes):
        page = Page(client.get(url).get_data(as_text=True))
        assert not page.script_bodies, url
        assert not page.all("style"), url
        for _tag, attrs in page.elements:
            assert "style" not in attrs, url
            assert not any(name.startswith("on") for name in attrs), url


def test_security_headers_on_every_kind_of_response(client, quotes):
    for url in [*html_pages(quotes), "/search.json", "/search.csv", "/static/style.css", "/nope"]:
        resp = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert resp.headers.get(name) == value, (url, name)
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_pages_are_accessible_in_structure(client, quotes):
    for url in html_pages(quotes):
        page = Page(client.get(url).get_data(as_text=True))
        assert page.all("html", lang="en"), url
        assert len(page.all("h1")) == 1, url
        assert page.all("main"), url
        ids = [a["id"] for _, a in page.elements if "id" in a]
        assert len(ids) == len(set(ids)), url
        labelled = {a["for"] for a in page.all("label") if "for" in a}
        fields = [a for t, a in page.elements if t in ("input", "select")]
        for field in fields:
            if field.get("type") != "hidden":
                assert field.get("id") in labelled, (url, field)
        assert labelled <= set(ids), url


def test_static_script_is_served(client):
    resp = client.get("/static/app.js")
    assert resp.status_code == 200 and b"data-copy" in resp.data


# ------------------------------------------------------------------ markup helpers


def test_highlighted_escapes_text_and_marks_only_matches():
    frag = Fragment("text", "<b>bold</b> & tomatoes", 4, [[14, 22]])
    html = highlighted([frag], whole_length=40)
    assert html == "…&lt;b&gt;bold&lt;/b&gt; &amp; <mark>tomatoes</mark>…"


def test_marked_handles_nested_marks_and_escapes():
    text = "say <i>this</i> and that"
    marks = [
        Mark(0, len(text), "outer", href="/q/1"),
        Mark(4, 15, "inner", href="/q/2", anchor="a2"),
    ]
    html = str(marked(text, marks))
    assert "<i>" not in html and "&lt;i&gt;this&lt;/i&gt;" in html
    assert '<a href="/q/2"><mark class="outer inner" id="a2">' in html
    assert html.count('href="/q/1"') == 2  # the outer quote on both sides of the inner one


def test_paragraphs_and_excerpt():
    text = "One.\n\nTwo two.\n\n\nThree.\n\nFour."
    paras = paragraphs(text)
    assert [text[a:b] for a, b in paras] == ["One.", "Two two.", "Three.", "Four."]
    start = text.index("Three")
    assert [text[a:b] for a, b in excerpt(text, [(start, start + 5)])] == [
        "Two two.",
        "Three.",
        "Four.",
    ]
    long_lines = "\n".join(f"line {i} " + "x" * 100 for i in range(60))
    assert len(paragraphs(long_lines)) == 60


# ------------------------------------------------------------------ serve


def test_serve_prints_the_url_and_runs_waitress(corpus, monkeypatch):
    from web import serve as serve_module

    ran = {}

    class FakeServer:
        effective_port = 8123

        def run(self):
            ran["run"] = True

    def fake_create_server(app, **kwargs):
        ran.update(kwargs)
        ran["app"] = app
        return FakeServer()

    monkeypatch.setattr(serve_module.waitress, "create_server", fake_create_server)
    index_dir, _ = corpus
    result = CliRunner().invoke(serve_module.serve, ["--index", str(index_dir), "--port", "0"])
    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8123/" in result.output
    assert ran["run"] and ran["host"] == "127.0.0.1" and not ran["app"].debug


def test_serve_refuses_a_folder_that_is_not_an_index(tmp_path):
    from web import serve as serve_module

    (tmp_path / "stuff.txt").write_text("not an index")
    result = CliRunner().invoke(serve_module.serve, ["--index", str(tmp_path)])
    assert result.exit_code != 0 and "not a quote index" in result.output


def test_ensure_index_builds_only_when_missing(tmp_path, corpus):
    from web.store import ensure_index

    assert ensure_index(corpus[0]) is None
    summary = ensure_index(tmp_path / "fresh")
    assert summary is not None and summary.documents > 0
    assert Path(tmp_path / "fresh" / "quotes-index.json").is_file()


def test_the_server_reads_facet_keys_in_the_background(corpus, tmp_path):
    from web.store import Store

    store = Store(corpus[0])
    store.warm_in_background().join(timeout=30)
    assert store.index.segment_cache  # ready before any search
    told: list = []
    broken = Store(tmp_path / "missing")
    broken.warm_in_background(told.append).join(timeout=30)  # logged, not raised
    assert told == [None]
    store.index.close()


def test_quotes_serve_says_when_it_has_read_its_facet_keys(corpus):
    import re
    import subprocess
    import sys
    import urllib.request

    cmd = [sys.executable, "-m", "web.serve", "--port", "0", "--index", str(corpus[0])]
    root = Path(__file__).resolve().parent.parent
    proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        lines = [proc.stdout.readline() for _ in range(3)]
        url = re.search(r"http://\S+", lines[0]).group(0).rstrip("/")
        assert "ready." in lines[2]
        with urllib.request.urlopen(f"{url}/search.json?q=tomatoes", timeout=10) as response:
            assert json.load(response)["data"]["total"] > 0
    finally:
        proc.terminate()
        proc.wait(10)


# ------------------------------------------------------------------ facets and links


def test_every_facet_link_finds_as_many_quotes_as_its_count(client):
    # a source without metadata is labelled by its file name; a topic label ("pests")
    # is also a word of another label ("garden pests") and must not pull it in
    body = get_json(client, "/search.json")
    labels = {value for value, _ in body["data"]["facets"]["source"]}
    assert "notes.txt" in labels
    assert {"pests", "garden pests"} <= {value for value, _ in body["data"]["facets"]["topic"]}
    for name in ("speaker", "source", "topic"):
        for value, count in body["data"]["facets"][name]:
            found = get_json(client, "/search.json", query_string={name: value})
            assert found["data"]["total"] == count, (name, value)


def test_a_surname_standing_for_several_speakers_narrows_to_the_one_clicked(tmp_path):
    from conftest import make_quote

    from search.documents import read_documents
    from search.index import update_index

    doc = tmp_path / "corpus" / "farm.txt"
    doc.parent.mkdir()
    doc.write_text('"Sow early," said Ann Berg.\n\n"Sow late," said Bo Berg.\n', encoding="utf-8")
    documents = list(read_documents([str(doc.parent)], print))
    quotes = [
        make_quote(documents[0], "Sow early,", "Ann Berg"),
        make_quote(documents[0], "Sow late,", "Bo Berg"),
    ]
    update_index(tmp_path / "index", documents, quotes, roots=[str(doc.parent)])
    app = create_app({"QUOTES_INDEX": str(tmp_path / "index"), "QUOTES_BUILD_MISSING": False})
    page, _ = page_of(app.test_client(), "/search?speaker=Berg")
    link = next(a["href"] for a in page.all("a") if "speaker=Ann" in a.get("href", ""))
    assert parse_qs(urlsplit(link).query)["speaker"] == ["Ann Berg"]


def test_json_pages_link_to_json_pages(client):
    body = get_json(client, "/search.json?limit=1&page=2")
    assert urlsplit(body["links"]["next"]).path == "/search.json"
    assert urlsplit(body["links"]["prev"]).path == "/search.json"
    html = client.get("/search?limit=1&page=2").get_data(as_text=True)
    assert 'href="/search?limit=1&amp;page=3"' in html  # the page's own links stay HTML


def test_the_csv_link_holds_the_rows_of_the_page(corpus):
    import csv

    index_dir, _ = corpus  # pages of 2 by default, fewer than the CSV's own default
    app = create_app(
        {"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False, "QUOTES_PER_PAGE": 2}
    )
    client = app.test_client()
    page, _ = page_of(client, "/search?page=2")
    csv_link = next(h for h in page.hrefs() if h.startswith("/search.csv"))
    shown = [h for h in page.hrefs() if h.startswith("/quotes/")]
    rows = list(csv.DictReader(io.StringIO(client.get(csv_link).get_data(as_text=True))))
    assert [f"/quotes/{r['id']}" for r in rows] == list(dict.fromkeys(shown))


def test_the_api_page_has_a_json_twin_and_citation_files_say_their_charset(client, quotes):
    assert get_json(client, "/api.json")["data"]["openapi"].startswith("3.1")
    resp = client.get(f"/quotes/{quotes[0].id}.bib")
    assert resp.mimetype_params.get("charset") == "utf-8"


def test_json_notes_name_the_pages_parameters_not_the_cli_options(client):
    body = get_json(client, "/search.json?since=2000")
    assert body["data"]["notes"] and not any("--" in n for n in body["data"]["notes"])


def test_a_bad_parameter_offers_the_same_search_without_it(client):
    page, resp = page_of(client, "/search?q=water&speaker=Reyes&since=yesterday", status=400)
    link = next(h for h in page.hrefs() if "q=water" in h)
    assert parse_qs(urlsplit(link).query) == {"q": ["water"], "speaker": ["Reyes"]}
    assert client.get(link).status_code == 200
    body = get_json(client, "/search.json?q=water&page=nope", status=400)
    assert body["error"]["without_url"] == "/search.json?q=water"


def test_facet_counts_read_as_words_in_the_right_number(client):
    text = page_of(client, "/search")[0].text
    assert "1 quote " in text + " " and "1 quotes" not in text


def test_a_trailing_slash_finds_the_same_page(client):
    assert client.get("/search/?q=water").status_code == 200
    assert client.get("/speakers/").status_code == 200


def test_with_a_speaker_chosen_the_facet_offers_the_others_to_add(client):
    page, _ = page_of(client, "/search?speaker=Reyes")
    add = next(a["href"] for a in page.all("a") if "speaker=Mira" in a.get("href", ""))
    assert parse_qs(urlsplit(add).query)["speaker"] == ["Reyes", "Mira Okafor"]
    both = get_json(client, add.replace("/search?", "/search.json?"))
    assert {r["speaker"] for r in both["data"]["results"]} == {"Tom Reyes", "Mira Okafor"}
