"""The description of the JSON API: ``/api/openapi.json`` (OpenAPI 3.1) and ``/api``,
the same description as a page for people."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response

from search import query

from . import __version__
from .params import MAX_PAGE, MAX_SPEAKERS, MAX_VALUE_CHARS
from .respond import json_response, page

bp = Blueprint("api", __name__)


def _param(name: str, description: str, schema: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "description": description, "schema": schema, **more}


_TEXT = {"type": "string", "maxLength": MAX_VALUE_CHARS}
SEARCH_PARAMS = [
    _param(
        "q",
        'The query: words (all required), "phrases", AND/OR/NOT, field:value '
        "(speaker, topic, source, context), wildcards (collab*), fuzzy (term~). "
        "Empty: the newest quotes.",
        {"type": "string", "maxLength": query.MAX_QUERY_CHARS},
    ),
    _param(
        "speaker",
        "Only quotes by this speaker (full name, surname, alias or id); repeat to allow several.",
        {"type": "array", "items": _TEXT, "maxItems": MAX_SPEAKERS},
        style="form",
        explode=True,
    ),
    _param("source", "Only quotes from this source (publication, title or id).", _TEXT),
    _param("topic", "Only quotes with this topic.", _TEXT),
    _param("since", "Only sources dated on or after this date (YYYY[-MM[-DD]]).", _TEXT),
    _param("until", "Only sources dated on or before this date (YYYY[-MM[-DD]]).", _TEXT),
    _param(
        "sort",
        "Order of the results.",
        {"type": "string", "enum": list(query.SORTS), "default": "relevance"},
    ),
    _param("page", "Page number.", {"type": "integer", "minimum": 1, "maximum": MAX_PAGE}),
    _param(
        "limit",
        "Results per page.",
        {"type": "integer", "minimum": 1, "maximum": query.MAX_PAGE_SIZE, "default": 20},
    ),
]


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _envelope_of(schema: dict[str, Any]) -> dict[str, Any]:
    return {"allOf": [_ref("Envelope"), {"properties": {"data": schema}}]}


def _json_response(description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
    "503": {"$ref": "#/components/responses/Unavailable"},
}


def _get(summary: str, ok: dict[str, Any], params: list[Any] | None = None) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": summary, "responses": {"200": ok, **ERRORS}}
    if params:
        op["parameters"] = params
    return {"get": op}


_ID = {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}


def spec() -> dict[str, Any]:
    """The OpenAPI 3.1 description of the JSON API."""
    search_ok = _json_response("Search results.", _envelope_of(_ref("SearchData")))
    text_file = {"schema": {"type": "string"}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Interview quote search",
            "version": __version__,
            "description": (
                "Every HTML page of the site is also JSON: add `.json` to its path or send "
                "`Accept: application/json`. Every JSON answer, errors included, is one "
                "envelope: `{ok, data, error, links}`. The API only reads."
            ),
        },
        "paths": {
            "/search.json": _get("Search quotes.", search_ok, SEARCH_PARAMS),
            "/search.csv": {
                "get": {
                    "summary": "Search results as CSV (one page, up to 100 rows).",
                    "parameters": SEARCH_PARAMS,
                    "responses": {
                        "200": {
                            "description": "CSV with a header row.",
                            "content": {"text/csv": text_file},
                        },
                        "400": {"description": "Bad parameter (plain text message)."},
                    },
                }
            },
            "/quotes/{id}.json": _get(
                "One quote with its context, citations and related quotes.",
                _json_response("The quote page.", _envelope_of(_ref("QuoteData"))),
                [_ID],
            ),
            "/quotes/{id}.bib": _citation_file("BibTeX (biblatex @online)", "application/x-bibtex"),
            "/quotes/{id}.ris": _citation_file("RIS", "application/x-research-info-systems"),
            "/quotes/{id}.csl.json": _citation_file(
                "CSL-JSON (one item; not enveloped)", "application/vnd.citationstyles.csl+json"
            ),
            "/sources.json": _get(
                "Every source with its quote count.",
                _json_response(
                    "Sources.",
                    _envelope_of(_object({"sources": _array(_ref("SourceInfo"))})),
                ),
            ),
            "/sources/{id}.json": _get(
                "One source: its facts, its full text and its quotes.",
                _json_response(
                    "The source page.",
                    _envelope_of(
                        _object(
                            {
                                "source": _ref("SourceInfo"),
                                "text": {"type": "string"},
                                "quotes": _array(_ref("Quote")),
                            }
                        )
                    ),
                ),
                [_ID],
            ),
            "/speakers.json": _get(
                "Every speaker with quote and document counts, most quoted first.",
                _json_response(
                    "Speakers.", _envelope_of(_object({"speakers": _array(_ref("Speaker"))}))
                ),
            ),
            "/speakers/{id}.json": _get(
                "One speaker's quotes (a search restricted to them).",
                _json_response(
                    "The speaker page.",
                    _envelope_of(
                        {"allOf": [_ref("SearchData"), _object({"speaker": _ref("Speaker")})]}
                    ),
                ),
                [_ID, *[p for p in SEARCH_PARAMS if p["name"] != "speaker"]],
            ),
            "/api/openapi.json": {
                "get": {
                    "summary": "This description.",
                    "responses": {"200": {"description": "OpenAPI 3.1 document."}},
                }
            },
            "/api.json": {
                "get": {
                    "summary": "This description in the envelope (the API page's twin).",
                    "responses": {"200": {"description": "OpenAPI 3.1 document as data."}},
                }
            },
        },
        "components": {"schemas": SCHEMAS, "responses": _error_responses()},
    }


def _citation_file(what: str, mimetype: str) -> dict[str, Any]:
    return {
        "get": {
            "summary": f"The quote's citation as {what}.",
            "parameters": [_ID],
            "responses": {
                "200": {"description": what, "content": {mimetype: {"schema": {"type": "string"}}}},
                "404": {"description": "Unknown quote id (plain text or JSON error)."},
            },
        }
    }


def _object(props: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    return out


def _array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def _nullable(kind: str) -> dict[str, Any]:
    return {"type": [kind, "null"]}


def _error_responses() -> dict[str, Any]:
    schema = {"allOf": [_ref("Envelope"), _object({"ok": {"const": False}})]}
    return {
        name: _json_response(text, schema)
        for name, text in (
            ("BadRequest", "A parameter is malformed, too long or out of range."),
            ("NotFound", "No record with this id."),
            ("Unavailable", "The index is missing or damaged; `error.fix` says how to fix it."),
        )
    }


_STR = {"type": "string"}
_SPAN = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2}
SCHEMAS: dict[str, Any] = {
    "Envelope": _object(
        {
            "ok": {"type": "boolean"},
            "data": {"description": "The page's data; null on error."},
            "error": {"oneOf": [{"type": "null"}, _ref("Error")]},
            "links": {
                "type": "object",
                "description": "Related URLs: self, html, json, next, prev, csv, ...",
                "additionalProperties": _STR,
            },
        },
        ["ok", "data", "error", "links"],
    ),
    "Error": _object(
        {
            "status": {"type": "integer"},
            "code": _STR,
            "message": _STR,
            "parameter": {"type": "string", "description": "The bad parameter, if any."},
            "suggestions": _array(_STR),
            "fix": {"type": "string", "description": "A command that repairs the index."},
        },
        ["status", "code", "message"],
    ),
    "Source": _object(
        {
            "id": _STR,
            "title": _nullable("string"),
            "publication": _nullable("string"),
            "author": _nullable("string"),
            "date": _nullable("string"),
            "url": _nullable("string"),
        }
    ),
    "Quote": _object(
        {
            "id": _STR,
            "doc": _STR,
            "speaker": _STR,
            "speaker_id": _STR,
            "speaker_span": {"oneOf": [{"type": "null"}, _SPAN]},
            "cue": _STR,
            "spans": _array(_SPAN),
            "text": _STR,
            "context": _STR,
            "topics": _array(_STR),
            "source": _ref("Source"),
            "kind": _STR,
            "urls": _object(
                {k: _nullable("string") for k in ("page", "json", "speaker", "source", "original")}
            ),
        },
        ["id", "speaker", "speaker_id", "spans", "text", "source"],
    ),
    "Fragment": _object(
        {
            "field": _STR,
            "text": _STR,
            "start": {"type": "integer"},
            "matches": _array(_SPAN),
        }
    ),
    "Hit": {
        "allOf": [
            _ref("Quote"),
            _object({"score": _nullable("number"), "highlights": _array(_ref("Fragment"))}),
        ]
    },
    "Facet": _array({"type": "array", "prefixItems": [_STR, {"type": "integer"}], "minItems": 2}),
    "SearchData": _object(
        {
            "query": _STR,
            "total": {"type": "integer"},
            "page": {"type": "integer"},
            "pages": {"type": "integer"},
            "limit": {"type": "integer"},
            "results": _array(_ref("Hit")),
            "facets": {
                **_object(
                    {"speaker": _ref("Facet"), "source": _ref("Facet"), "topic": _ref("Facet")}
                ),
                "description": "Counts over the matching quotes; with a speaker filter, the "
                "speaker counts are over the quotes matching without it (speakers are OR-ed).",
            },
            "suggestion": _nullable("string"),
            "notes": _array(_STR),
            "params": {"type": "object"},
        },
        ["query", "total", "page", "results", "facets"],
    ),
    "QuoteData": _object(
        {
            "quote": _ref("Quote"),
            "link": _nullable("string"),
            "source": _ref("SourceInfo"),
            "excerpt": _array(
                _object({"start": {"type": "integer"}, "end": {"type": "integer"}, "text": _STR})
            ),
            "citations": _object(
                {s: _STR for s in ("text", "apa", "mla", "chicago", "bibtex", "ris", "csl-json")}
            ),
            "related": _array(_ref("Quote")),
        }
    ),
    "SourceInfo": _object(
        {
            "id": _STR,
            "label": _STR,
            "path": _STR,
            "sha256": _STR,
            "quotes": {"type": "integer"},
            "source": _ref("Source"),
        }
    ),
    "Speaker": _object(
        {
            "id": _STR,
            "name": _STR,
            "aliases": _array(_STR),
            "quotes": {"type": "integer"},
            "documents": {"type": "integer"},
        }
    ),
}


@bp.get("/api/openapi.json")
def openapi() -> Response:
    """The OpenAPI document (itself, not enveloped)."""
    return json_response(spec())


@bp.get("/api")
@bp.get("/api.json")
def api_page() -> Response:
    """The API described for people."""
    description = spec()
    return page("api.html", description, {"openapi": "/api/openapi.json"}, api=description)
