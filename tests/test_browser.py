"""The web UI in a real browser: headless Chromium from the system's packages, driven
by Playwright (never a downloaded browser).

It searches, narrows by a speaker facet, opens a quote, copies its citation, checks
the link to the original, checks that markup planted in a document, a speaker's name
and a query is shown as text and never runs, and saves the screenshots of the search
and quote pages that the README shows (docs/search.png, docs/quote.png).

Skipped when /usr/bin/chromium or Playwright is missing (``.ci/run`` installs both).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote as urlquote

import pytest
from web_fixtures import XSS_QUOTE, XSS_SPEAKER, XSS_TITLE, build_tiny_index
from werkzeug.serving import make_server

from search.index import index_paths
from web import create_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DOCS = Path(__file__).resolve().parent.parent / "docs"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs Debian's chromium package"),
]
sync_api = pytest.importorskip("playwright.sync_api")


@contextmanager
def serving(index_dir: Path) -> Iterator[str]:
    """The app for ``index_dir`` on 127.0.0.1 at a free port, in a thread."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = create_app({"QUOTES_INDEX": str(index_dir), "QUOTES_BUILD_MISSING": False})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(5)


@pytest.fixture(scope="module")
def bundled_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    index_dir = tmp_path_factory.mktemp("bundled") / "index"
    index_paths(index_dir)  # the bundled corpus
    with serving(index_dir) as url:
        yield url


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list]]:
    index_dir, quotes = build_tiny_index(tmp_path_factory.mktemp("tiny"))
    with serving(index_dir) as url:
        yield url, quotes


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with sync_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    pg = context.new_page()
    pg.errors = []  # console errors (a CSP violation is one) and uncaught exceptions
    pg.dialogs = []
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))

    def on_dialog(dialog):
        pg.dialogs.append(dialog.message)
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    yield pg
    context.close()


def json_of(page, url: str) -> dict:
    """The JSON envelope of ``url`` fetched by the page (same origin)."""
    return page.evaluate(
        "u => fetch(u, {headers: {Accept: 'application/json'}}).then(r => r.json())", url
    )


def test_search_narrow_open_and_cite(page, bundled_url):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=bundled_url)
    page.goto(bundled_url + "/")
    # A query from the index's own words: its most common topic.
    home = json_of(page, "/search.json")
    word = home["data"]["facets"]["topic"][0][0]

    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "q"
    page.keyboard.type(word)
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=*")
    results = page.locator("ol.results > li")
    assert results.count() > 0
    assert page.locator("ol.results mark").count() > 0
    page.screenshot(path=str(DOCS / "search.png"))

    facet = page.locator("#facet-speaker + ul a").first
    name = facet.locator(".fv-name").inner_text()
    facet.click()
    page.wait_for_load_state()
    assert page.locator("a.chip").count() == 1
    speakers = page.locator("ol.results .byline .speaker").all_inner_texts()
    assert speakers and set(speakers) == {name}

    page.locator("ol.results .actions a").first.click()
    page.wait_for_url("**/quotes/*")
    quote_id = page.url.rsplit("/", 1)[1]
    data = json_of(page, f"/quotes/{quote_id}.json")["data"]
    assert page.locator("figure.big-quote .speaker").inner_text() == name

    original = page.locator("#original-link")
    if data["link"]:
        assert original.get_attribute("href") == data["link"]
        assert "#:~:text=" in data["link"]
    else:
        assert original.count() == 0

    button = page.locator('button[data-copy="cite-apa"]')
    assert button.is_visible()
    button.click()
    page.wait_for_function(
        "() => document.querySelector('button[data-copy=\"cite-apa\"]').textContent === 'Copied'"
    )
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == data["citations"]["apa"]
    assert "copied" in page.locator("#copy-status").inner_text().lower()
    page.screenshot(path=str(DOCS / "quote.png"))
    assert not page.errors and not page.dialogs


def test_planted_scripts_are_shown_as_text_and_never_run(page, tiny):
    url, quotes = tiny
    xss = next(q for q in quotes if q.speaker == XSS_SPEAKER)
    query = "<script>window.__xssQuery = 1</script> typed"
    visits = [
        (f"/quotes/{xss.id}", [XSS_QUOTE, XSS_SPEAKER]),
        (f"/sources/{xss.source.id}", [XSS_TITLE, XSS_QUOTE]),
        (f"/speakers/{xss.speaker_id}", [XSS_SPEAKER]),
        ("/speakers", [XSS_SPEAKER]),
        ("/search?q=" + urlquote(query), [query]),
    ]
    for path, shown in visits:
        page.goto(url + path)
        text = page.locator("body").inner_text()
        for planted in shown:
            assert " ".join(planted.split()) in " ".join(text.split()), (path, planted)
        ran = page.evaluate(
            "[window.__xssQuote, window.__xssSpeaker, window.__xssTitle, window.__xssQuery]"
        )
        assert ran == [None, None, None, None], path
        scripts = page.evaluate("[...document.scripts].map(s => s.getAttribute('src'))")
        assert scripts == ["/static/app.js"], path
        assert page.locator("img").count() == 0, path
    assert not page.dialogs
    assert not page.errors  # not even a script blocked by the CSP: none was there


def test_keyboard_phone_width_and_no_javascript(browser, tiny):
    url, quotes = tiny
    phone = browser.new_context(viewport={"width": 360, "height": 740})
    pg = phone.new_page()
    for path in (
        "/search?q=tomatoes",
        f"/quotes/{quotes[0].id}",
        f"/sources/{quotes[0].source.id}",
    ):
        pg.goto(url + path)
        assert pg.evaluate("document.documentElement.scrollWidth") <= 360, path
    pg.keyboard.press("Tab")
    assert pg.evaluate("document.activeElement.className") == "skip-link"
    outline = pg.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"  # focus is visible
    phone.close()

    no_js = browser.new_context(java_script_enabled=False)
    pg = no_js.new_page()
    pg.goto(url + "/search?q=tomatoes")
    assert pg.locator("ol.results > li").count() > 0
    pg.goto(url + f"/quotes/{quotes[0].id}")
    assert pg.locator("#cite-apa").inner_text().strip()
    assert not pg.locator("button.copy").first.is_visible()  # copying needs the script
    no_js.close()
