"""The pages of single records and lists: a quote (with its citations), a source (its
full text with every quote marked), and the lists of speakers and sources.

``/quotes/<id>`` also answers ``.json`` (the page's data), ``.bib``, ``.ris`` and
``.csl.json`` (the citation files).
"""

from __future__ import annotations

import datetime
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for
from markupsafe import Markup

from search import query
from search.cite import STYLES, cite, quote_url

from .links import external, quote_json, quote_view
from .markup import Mark, excerpt, marked
from .respond import page
from .store import Store

bp = Blueprint("records", __name__)

CITATION_FILES = {
    ".csl.json": ("csl-json", "application/vnd.citationstyles.csl+json"),
    ".bib": ("bibtex", "application/x-bibtex; charset=utf-8"),
    ".ris": ("ris", "application/x-research-info-systems; charset=utf-8"),
}
STYLE_LABELS = {
    "text": "Plain text",
    "apa": "APA",
    "mla": "MLA",
    "chicago": "Chicago",
    "bibtex": "BibTeX",
    "ris": "RIS",
    "csl-json": "CSL-JSON",
}
RELATED = 5


def store() -> Store:
    """The app's index store."""
    return current_app.extensions["quotes"]


def _split(name: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """``("id", ".suffix")`` for a path segment such as ``abc.json``."""
    for suffix in suffixes:
        if name.endswith(suffix):
            return name[: -len(suffix)], suffix
    return name, ""


def citations(quote: Any) -> dict[str, str]:
    """The quote in every citation style (rendered once a day per index generation)."""
    today = datetime.date.today()
    key = (quote.id, store().generation, today.isoformat())
    return store().cached_citations(key, lambda: {s: cite(quote, s, today) for s in STYLES})


@bp.get("/quotes/<name>")
def quote(name: str) -> Response:
    """A quote: its words, speaker, context, the surrounding paragraphs, citations and
    related quotes."""
    qid, suffix = _split(name.lower(), (*CITATION_FILES, ".json"))
    found = store().quote(qid)
    if found is None:
        abort(404, description=f"No quote with the id {qid!r}.")
    cites = citations(found)
    if suffix in CITATION_FILES:
        style, mimetype = CITATION_FILES[suffix]
        resp = Response(cites[style] + "\n", mimetype=mimetype)
        resp.headers["Content-Disposition"] = f'inline; filename="{found.id}{suffix}"'
        return resp

    text = store().document_text(found)
    paras = excerpt(text, found.spans) if text else []
    marks = [Mark(a, b, "quote current") for a, b in found.spans]
    if found.speaker_span:
        marks.append(Mark(*found.speaker_span, css="speaker-mention", title="attribution"))
    related = query.related(store().index, found.id, RELATED)
    info = store().source_info(found)
    link = external(quote_url(found))
    data = {
        "quote": quote_json(found),
        "link": link,
        "source": info.to_dict() if info else found.source.to_dict(),
        "excerpt": [{"start": a, "end": b, "text": text[a:b]} for a, b in paras],
        "citations": cites,
        "related": [quote_json(h.quote) for h in related],
    }
    urls = data["quote"]["urls"]
    links = {
        "self": request.path,
        "html": url_for("records.quote", name=found.id),
        "json": url_for("records.quote", name=found.id + ".json"),
        "bibtex": url_for("records.quote", name=found.id + ".bib"),
        "ris": url_for("records.quote", name=found.id + ".ris"),
        "csl-json": url_for("records.quote", name=found.id + ".csl.json"),
        "speaker": urls["speaker"],
        "source": urls["source"],
        "original": link,
    }
    return page(
        "quote.html",
        data,
        links,
        view=quote_view(found),
        excerpt=[marked(text, marks, a, b) for a, b in paras],
        cites=[(s, STYLE_LABELS[s], cites[s]) for s in STYLES],
        related=[quote_view(h.quote) for h in related],
        source_info=info,
    )


@bp.get("/sources")
@bp.get("/sources.json", endpoint="sources_json")
def sources() -> Response:
    """Every source with its quote count."""
    infos = query.list_sources(store().index)
    data = {"sources": [_source_json(i) for i in infos]}
    links = {
        "self": request.path,
        "html": url_for("records.sources"),
        "json": url_for("records.sources_json"),
    }
    return page("sources.html", data, links, sources=infos)


def _source_json(info: query.SourceInfo) -> dict[str, Any]:
    out = info.to_dict()
    out["urls"] = {
        "page": url_for("records.source", name=info.id),
        "json": url_for("records.source", name=info.id + ".json"),
        "original": external(info.source.get("url")),
    }
    return out


@bp.get("/sources/<name>")
def source(name: str) -> Response:
    """A source: its facts and its full text as stored, every quote marked and linked."""
    sid, _suffix = _split(name.lower(), (".json",))
    view = store().source(sid)
    if view is None:
        abort(404, description=f"No source with the id {sid!r}.")
    marks = [
        Mark(
            a,
            b,
            "quote",
            href=url_for("records.quote", name=q.id),
            anchor=f"q-{q.id}",
            title=q.speaker,
        )
        for q in view.quotes
        for a, b in q.spans
    ]
    data = {
        "source": _source_json(view.info),
        "text": view.text,
        "quotes": [quote_json(q) for q in view.quotes],
    }
    links = {
        "self": request.path,
        "html": url_for("records.source", name=view.info.id),
        "json": url_for("records.source", name=view.info.id + ".json"),
        "original": external(view.info.source.get("url")),
    }
    body: Markup = marked(view.text, marks)
    return page(
        "source.html",
        data,
        links,
        info=view.info,
        body=body,
        quotes=[quote_view(q) for q in view.quotes],
    )


@bp.get("/speakers")
@bp.get("/speakers.json", endpoint="speakers_json")
def speakers() -> Response:
    """Every speaker with their quote and document counts."""
    infos = query.list_speakers(store().index)
    data = {
        "speakers": [
            {**s.to_dict(), "urls": {"page": url_for("search.speaker", speaker_id=s.id)}}
            for s in infos
        ]
    }
    links = {
        "self": request.path,
        "html": url_for("records.speakers"),
        "json": url_for("records.speakers_json"),
    }
    return page("speakers.html", data, links, speakers=infos)
