"""The web UI and JSON API of the quote search engine (Flask).

``create_app(config)`` makes the app; ``quotes serve`` runs it under waitress, and
``flask --app web run`` runs it for development. Configuration keys:

- ``QUOTES_INDEX``: the index directory (default: ``$QUOTES_INDEX`` or the per-user
  data directory, as for the command line);
- ``QUOTES_BUILD_MISSING``: build the bundled corpus's index at start-up when there is
  no index yet (default True);
- ``QUOTES_PER_PAGE``: results per page (default 20);
- ``QUOTES_MAX_QUERY_STRING``: the longest query string accepted, in bytes (default
  16384; longer gets 414).

The app only reads the index. Pages are server-rendered and complete without
JavaScript; ``static/app.js`` only adds copy buttons and the ``/`` shortcut.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from flask import Flask, Response, request
from werkzeug.exceptions import RequestURITooLarge

from search import __version__

from .store import IndexUnavailable, Store, ensure_index

log = logging.getLogger(__name__)

DEFAULTS: dict[str, Any] = {
    "QUOTES_INDEX": None,
    "QUOTES_BUILD_MISSING": True,
    "QUOTES_PER_PAGE": 20,
    "QUOTES_MAX_QUERY_STRING": 16384,
    "MAX_CONTENT_LENGTH": 64 * 1024,  # there is nothing to upload
    "JSON_AS_ASCII": False,
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Make the web app. ``config`` overrides :data:`DEFAULTS` (and Flask's own keys)."""
    from . import api, record_pages, search_pages  # imported here: `quotes` starts faster
    from .links import href
    from .respond import add_security_headers, register_error_handlers

    app = Flask(__name__)
    app.url_map.strict_slashes = False  # "/search/" and "/speakers/" answer too
    app.config.update(DEFAULTS)
    app.config.update(config or {})
    app.config["DEBUG"] = False
    app.config["PROPAGATE_EXCEPTIONS"] = False  # errors are answered, never re-raised

    store = Store(app.config["QUOTES_INDEX"])
    if app.config["QUOTES_BUILD_MISSING"]:
        try:
            if ensure_index(store.path) is not None:
                log.warning("built the bundled corpus's index at %s", store.path)
        except IndexUnavailable as err:  # pages will say so (503) with the fix
            log.error("cannot build the index at %s: %s", store.path, err)
    app.extensions["quotes"] = store

    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.globals["version"] = __version__
    app.jinja_env.globals["href"] = href

    @app.before_request
    def limit_query_string() -> None:
        if len(request.query_string) > app.config["QUOTES_MAX_QUERY_STRING"]:
            raise RequestURITooLarge(
                f"The query string is longer than {app.config['QUOTES_MAX_QUERY_STRING']} bytes."
            )

    @app.after_request
    def headers(response: Response) -> Response:
        return add_security_headers(response)

    app.register_blueprint(search_pages.bp)
    app.register_blueprint(record_pages.bp)
    app.register_blueprint(api.bp)
    register_error_handlers(app)
    return app


__all__ = ["__version__", "create_app"]
