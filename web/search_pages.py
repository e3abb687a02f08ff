"""The pages built on a search: ``/`` and ``/search`` (HTML, ``.json``, ``.csv``) and
one speaker's page, ``/speakers/<id>``, which is a search of that speaker's quotes.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from flask import Blueprint, Response, abort, current_app, request, url_for

from search import csvout, query

from .links import external, hit_json, href, quote_view
from .params import MAX_PAGE, SearchParams
from .respond import envelope, error_response, page, wants_json
from .store import Store

bp = Blueprint("search", __name__)

FACET_LABELS = {"speaker": "Speaker", "source": "Source", "topic": "Topic"}
FILTER_LABELS = {
    "speaker": "Speaker",
    "source": "Source",
    "topic": "Topic",
    "since": "Since",
    "until": "Until",
}
CSV_LIMIT = 100
# The server's file paths (doc) and document offsets stay out of a download.
CSV_COLUMNS = tuple(c for c in csvout.CSV_COLUMNS if c not in ("doc", "spans"))
Link = Callable[[SearchParams], str]


def store() -> Store:
    """The app's index store."""
    return current_app.extensions["quotes"]


def _params() -> SearchParams:
    return SearchParams.from_args(request.args, current_app.config["QUOTES_PER_PAGE"])


@dataclass
class FacetValue:
    """One value of a facet with its count and the link that toggles it."""

    value: str
    count: int
    active: bool
    href: str


@dataclass
class Facet:
    """A facet (speaker, source or topic) as shown beside the results."""

    name: str
    label: str
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class ActiveFilter:
    """A filter in force, shown with the link that removes it."""

    name: str
    label: str
    value: str
    shown: str
    href: str


def _facets(
    params: SearchParams, response: query.SearchResponse, link: Link, names: tuple[str, ...]
) -> list[Facet]:
    resolved = store().speaker_names(params.speakers) if params.speakers else {}
    out = []
    for name in names:
        facet = Facet(name, FACET_LABELS[name])
        for value, count in response.facets.get(name, []):
            if name == "speaker":
                aliases = tuple(k for k, v in resolved.items() if value in v)
                active = value.casefold() in {s.casefold() for s in params.speakers} or any(
                    len(resolved[a]) == 1 for a in aliases
                )
                if aliases and not active:
                    # "Trump" stands for several speakers: this value narrows it to one
                    target = params.toggled(name, value, True, aliases)
                    target = target.toggled(name, value, False)
                else:
                    target = params.toggled(name, value, active, aliases)
            else:
                active = getattr(params, name).casefold() == value.casefold()
                target = params.toggled(name, value, active)
            facet.values.append(FacetValue(value, count, active, link(target)))
        if facet.values:
            out.append(facet)
    return out


def _active_filters(params: SearchParams, link: Link) -> list[ActiveFilter]:
    resolved = store().speaker_names(params.speakers) if params.speakers else {}
    out = []
    for name in params.speakers:
        shown = ", ".join(resolved.get(name) or [name])
        href = link(params.without("speaker", name))
        out.append(ActiveFilter("speaker", "Speaker", name, shown, href))
    for name in ("source", "topic", "since", "until"):
        value = getattr(params, name)
        if value:
            out.append(
                ActiveFilter(name, FILTER_LABELS[name], value, value, link(params.without(name)))
            )
    return out


def _pages(params: SearchParams, response: query.SearchResponse, link: Link) -> dict[str, Any]:
    """Pagination: previous/next links and a window of page numbers (``None`` marks a
    gap)."""
    last = min(response.pages, MAX_PAGE, max(1, query.MAX_DEPTH // params.limit))
    current = params.page
    numbers: list[int | None] = []
    for n in range(1, last + 1):
        if n in (1, last) or abs(n - current) <= 2:
            numbers.append(n)
        elif numbers and numbers[-1] is not None:
            numbers.append(None)
    return {
        "current": current,
        "last": last,
        "numbers": [(n, link(params.at_page(n)) if n else None) for n in numbers],
        "prev": link(params.at_page(current - 1)) if 1 < current <= last + 1 else None,
        "next": link(params.at_page(current + 1)) if current < last else None,
    }


def shown_notes(params: SearchParams, response: query.SearchResponse) -> list[str]:
    """The query layer's notes as the page shows them: the one about an empty query is
    left out (the page's heading says it) and option names are the page's own."""
    notes = [n for n in response.notes if not (not params.q and n.startswith("empty query"))]
    return [_web_words(n) for n in notes]


def _web_words(note: str) -> str:
    """A query note in the words of the web pages' parameters, not the CLI's options."""
    return (
        note.replace("--since/--until", "the date filters")
        .replace("--since", "since")
        .replace("--until", "until")
    )


def search_data(params: SearchParams, response: query.SearchResponse) -> dict[str, Any]:
    """The JSON ``data`` of a search page."""
    data = response.to_dict()
    data["notes"] = [_web_words(n) for n in data.get("notes") or ()]
    data["results"] = [hit_json(h) for h in response.hits]
    data["params"] = params.to_dict()
    return data


def _render_search(
    template: str,
    params: SearchParams,
    response: query.SearchResponse,
    link: Link,
    json_link: Link,
    facet_names: tuple[str, ...],
    extra_data: dict[str, Any] | None = None,
    **context: Any,
) -> Response:
    """A search as JSON (the data) or as a page (results, facets, filters, pages).
    ``link`` makes the page's URL for other parameters, ``json_link`` its JSON twin's
    (what the JSON's ``next`` and ``prev`` follow)."""
    as_json = wants_json()
    pages = _pages(params, response, json_link if as_json else link)
    links = {"self": link(params), "html": link(params), **context.pop("links", {})}
    links.update(next=pages["next"], prev=pages["prev"])
    if as_json:
        return envelope({**(extra_data or {}), **search_data(params, response)}, links)
    suggestion = response.suggestion
    return page(
        template,
        None,
        links,
        params=params,
        response=response,
        results=[quote_view(h.quote, h) for h in response.hits],
        facets=_facets(params, response, link, facet_names),
        filters=_active_filters(params, link),
        pages=pages,
        suggestion_href=link(params.with_query(suggestion)) if suggestion else None,
        notes=shown_notes(params, response),
        **context,
    )


@bp.get("/")
@bp.get("/search")
def search() -> Response:
    """The search page: query box, results, facets, filters, pages."""
    params = _params()

    def link(p: SearchParams) -> str:
        return href("search", **p.args())

    def json_link(p: SearchParams) -> str:
        return href("search.json", **p.args())

    try:
        response = query.search(store().index, params.request())
    except query.UnknownSpeaker as err:
        return _unknown_speaker(err, params, json_link if wants_json() else link)
    if params.speakers:
        response = _with_other_speakers(params, response)

    args = params.args()
    links = {
        "json": href("search.json", **args),
        # the same rows as the page: its limit stated, since the CSV's default is larger
        "csv": href("search.csv", **{**args, "limit": params.limit}),
        "html": href("search", **args),
        "self": request.full_path.rstrip("?"),
    }
    return _render_search(
        "search.html",
        params,
        response,
        link,
        json_link,
        ("speaker", "source", "topic"),
        links=links,
        home=request.path == "/",
    )


def _with_other_speakers(
    params: SearchParams, response: query.SearchResponse
) -> query.SearchResponse:
    """The response with its speaker facet counted as if no speaker were chosen: the
    speakers filtered on are OR-ed, so every other speaker is one more to add."""
    everyone = query.search(
        store().index,
        params.request(speakers=(), page=1, limit=1, highlights=False, suggest=False),
    )
    facets = {**response.facets, "speaker": everyone.facets.get("speaker", [])}
    return replace(response, facets=facets)


def _unknown_speaker(err: query.UnknownSpeaker, params: SearchParams, link: Link) -> Response:
    """A 400 whose suggestions are the same search with the closest names instead."""
    others = tuple(s for s in params.speakers if s != err.name)
    urls = [link(replace(params, speakers=(*others, name), page=1)) for name in err.suggestions]
    extra = {"parameter": "speaker", "suggestions": err.suggestions, "suggestion_urls": urls}
    return error_response(400, str(err), extra)


# The ``.json`` form of the same view, under its own name for ``url_for``.
bp.add_url_rule("/search.json", "search_json", search)


@bp.get("/search.csv")
def search_csv() -> Response:
    """Search results as CSV: a header row and one quote per row (one page, up to 100
    quotes; ``page`` and ``limit`` as on the search page)."""
    params = SearchParams.from_args(request.args, CSV_LIMIT)
    response = query.search(
        store().index, params.request(facets=False, highlights=False, suggest=False)
    )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csvout.csv_rows(response.hits, CSV_COLUMNS, external, _csv_cell))
    resp = Response(out.getvalue(), mimetype="text/csv")
    resp.headers["Content-Disposition"] = 'attachment; filename="quotes.csv"'
    return resp


def _csv_cell(value: Any) -> str:
    """A cell that a spreadsheet will not run as a formula (OWASP CSV injection)."""
    text = csvout.plain_cell(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@bp.get("/speakers/<speaker_id>")
def speaker(speaker_id: str) -> Response:
    """One speaker: their quotes (newest first unless a query ranks them), with source
    and topic facets; ``.json`` for the data."""
    as_json = speaker_id.endswith(".json")
    sid = speaker_id[: -len(".json")] if as_json else speaker_id
    info = store().speaker(sid)
    if info is None:
        abort(404, description=f"No speaker with the id {sid!r}.")
    params = replace(_params(), speakers=())
    response = query.search(store().index, params.request(speakers=(info.id,)))

    def link(p: SearchParams) -> str:
        return href("speakers", info.id, **replace(p, speakers=()).args())

    def json_link(p: SearchParams) -> str:
        return href("speakers", info.id + ".json", **replace(p, speakers=()).args())

    args = params.args()
    links = {
        "self": request.full_path.rstrip("?"),
        "html": url_for("search.speaker", speaker_id=info.id, **args),
        "json": url_for("search.speaker", speaker_id=info.id + ".json", **args),
        "speakers": url_for("records.speakers"),
        "search": url_for("search.search", speaker=info.name),
    }
    return _render_search(
        "speaker.html",
        params,
        response,
        link,
        json_link,
        ("source", "topic"),
        extra_data={"speaker": info.to_dict()},
        links=links,
        speaker=info,
    )
