"""How the app answers: one page as HTML or JSON, the JSON envelope, errors, and the
security headers on every response.

The JSON envelope (the same for every endpoint, errors included)::

    {"ok": true,  "data": {...}, "error": null, "links": {"self": "...", "html": "..."}}
    {"ok": false, "data": null, "error": {"status": 404, "code": "not_found",
                                           "message": "..."}, "links": {...}}

A page is JSON when its path ends in ``.json`` or the request prefers
``application/json`` (``Accept``); everything else is HTML.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, render_template, request
from werkzeug.exceptions import HTTPException

from search.index import IndexUnavailable
from search.query import QueryError, UnknownSpeaker

from .params import BadParameter

log = logging.getLogger(__name__)

JSON_TYPE = "application/json"
TEXT_SUFFIXES = (".csv", ".bib", ".ris")

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": (
        "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
        "interest-cohort=(), clipboard-write=(self)"
    ),
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}

ERROR_CODES = {
    400: "bad_request",
    404: "not_found",
    405: "method_not_allowed",
    413: "too_large",
    414: "uri_too_long",
    500: "internal_error",
    503: "index_unavailable",
}


def wants_json() -> bool:
    """True when this request asks for JSON (a ``.json`` path or ``Accept``)."""
    if request.path.endswith(".json"):
        return True
    accept = request.accept_mimetypes
    best = accept.best_match(["text/html", JSON_TYPE])
    return best == JSON_TYPE and accept[JSON_TYPE] > accept["text/html"]


def envelope(
    data: Any, links: Mapping[str, str | None] | None = None, status: int = 200
) -> Response:
    """A JSON response in the envelope."""
    body = {
        "ok": True,
        "data": data,
        "error": None,
        "links": {k: v for k, v in (links or {}).items() if v},
    }
    return json_response(body, status)


def json_response(body: Any, status: int = 200) -> Response:
    """A JSON response (UTF-8, not ASCII-escaped; compact, since indenting turns off
    the json module's C encoder)."""
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    return Response(text + "\n", status=status, mimetype=JSON_TYPE)


def page(
    template: str,
    data: Any,
    links: Mapping[str, str | None] | None = None,
    status: int = 200,
    **context: Any,
) -> Response:
    """One page: ``data`` in the JSON envelope when JSON is wanted, else the template
    rendered with ``links`` and ``context``."""
    if wants_json():
        return envelope(data, links, status)
    html = render_template(template, links=links or {}, **context)
    return Response(html, status=status, mimetype="text/html")


def error_response(status: int, message: str, extra: Mapping[str, Any] | None = None) -> Response:
    """An error in the format the request asked for: the JSON envelope, plain text for
    the CSV, BibTeX and RIS downloads, or an HTML page."""
    code = ERROR_CODES.get(status, "error")
    if wants_json():
        error = {"status": status, "code": code, "message": message, **(extra or {})}
        body = {"ok": False, "data": None, "error": error, "links": {"self": _self_url()}}
        return json_response(body, status)
    if request.path.endswith(TEXT_SUFFIXES):
        return Response(message + "\n", status=status, mimetype="text/plain")
    try:
        html = render_template(
            "error.html", status=status, code=code, message=message, extra=extra or {}
        )
    except Exception:  # the error page itself failed: fall back to plain text
        log.exception("cannot render the error page")
        return Response(message + "\n", status=status, mimetype="text/plain")
    return Response(html, status=status, mimetype="text/html")


def _self_url() -> str:
    path = request.full_path
    return path[:-1] if path.endswith("?") else path


def add_security_headers(response: Response) -> Response:
    """The security headers, on every response (``Vary: Accept`` since a URL may
    answer HTML or JSON)."""
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.vary.add("Accept")
    return response


def register_error_handlers(app: Flask) -> None:
    """Every failure becomes a plain message with the right status: 400 for a bad
    parameter, 404 for an unknown id or page, 503 when the index is unusable, and 500,
    never a traceback, for anything unexpected."""

    @app.errorhandler(BadParameter)
    def bad_parameter(err: BadParameter) -> Response:
        # the same page without the bad parameter keeps the rest of the search
        rest = [(k, v) for k, v in request.args.items(multi=True) if k != err.name]
        without = request.script_root + request.path + ("?" + urlencode(rest) if rest else "")
        return error_response(400, str(err), {"parameter": err.name, "without_url": without})

    @app.errorhandler(UnknownSpeaker)
    def unknown_speaker(err: UnknownSpeaker) -> Response:
        extra = {"parameter": "speaker", "suggestions": err.suggestions}
        return error_response(400, str(err), extra)

    @app.errorhandler(QueryError)
    def query_error(err: QueryError) -> Response:
        return error_response(400, str(err))

    @app.errorhandler(IndexUnavailable)
    def index_unavailable(err: IndexUnavailable) -> Response:
        log.error("index unavailable: %s", err)
        extra = {"fix": err.fix or "quotes index"}
        return error_response(503, f"The quote index cannot be used: {err}", extra)

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException) -> Response:
        status = err.code or 500
        response = error_response(status, err.description or err.name)
        if status == 405 and getattr(err, "valid_methods", None):
            response.headers["Allow"] = ", ".join(err.valid_methods or ())
        return response

    @app.errorhandler(Exception)
    def unexpected(err: Exception) -> Response:
        log.exception("unexpected error on %s", request.path)
        return error_response(500, "Something went wrong on our side; the error was logged.")
