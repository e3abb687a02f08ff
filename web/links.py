"""Links between pages, and the views of quotes that every page lists.

A quote shown anywhere links to its own page, its speaker's page, its source's page
and (when the source has a web address) the original page with a text fragment that
lands on the quoted words. The same links go into the JSON as ``urls``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from flask import request
from markupsafe import Markup, escape

from search.cite import quote_url
from search.index import source_label
from search.query import Hit
from search.record import Quote

from .markup import highlighted


def external(url: str | None) -> str | None:
    """``url`` if it is an http(s) address, else None: a ``javascript:`` or ``data:``
    address from a document's metadata never becomes a link."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def href(*segments: str, **args: Any) -> str:
    """A link to one of our pages: ``href("quotes", id)`` is ``/quotes/<id>``, keyword
    arguments make the query string (lists repeat). Cheaper than ``url_for``, which
    matters on a page of results with hundreds of links; it keeps the app's mount
    point (``SCRIPT_NAME``)."""
    path = "/" + "/".join(quote(s, safe="") for s in segments)
    query = urlencode({k: v for k, v in args.items() if v not in (None, "")}, doseq=True)
    return request.script_root + path + ("?" + query if query else "")


def quote_urls(q: Quote) -> dict[str, str | None]:
    """The links of a quote: its page, its JSON, its speaker, its source and the
    original with a text fragment."""
    return {
        "page": href("quotes", q.id),
        "json": href("quotes", q.id + ".json"),
        "speaker": href("speakers", q.speaker_id) if q.speaker_id else None,
        "source": href("sources", q.source.id) if q.source.id else None,
        "original": external(quote_url(q)),
    }


def quote_json(quote: Quote, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The quote record plus its ``urls``."""
    out = quote.to_dict()
    if extra:
        out.update(extra)
    out["urls"] = quote_urls(quote)
    return out


def hit_json(hit: Hit) -> dict[str, Any]:
    """A search result: the record, ``score``, ``highlights`` and ``urls``."""
    out = hit.to_dict()
    out["urls"] = quote_urls(hit.quote)
    return out


@dataclass
class QuoteView:
    """What a template needs to show one quote in a list."""

    quote: Quote
    text: Markup
    context: Markup
    source_label: str
    urls: dict[str, str | None]
    score: float | None = None

    @property
    def source(self) -> dict[str, Any]:
        """The source's facts."""
        return self.quote.source.to_dict()


def quote_view(quote: Quote, hit: Hit | None = None) -> QuoteView:
    """A quote for a list, with its matched words highlighted when it is a hit."""
    text: Markup = escape(quote.text)
    context: Markup = escape(quote.context)
    if hit is not None:
        text_frags = [f for f in hit.highlights if f.field == "text"]
        context_frags = [f for f in hit.highlights if f.field == "context"]
        if text_frags:
            text = highlighted(text_frags, len(quote.text))
        if context_frags:
            context = highlighted(context_frags, len(quote.context))
    return QuoteView(
        quote=quote,
        text=text,
        context=context,
        source_label=source_label(quote.source.to_dict(), quote.doc),
        urls=quote_urls(quote),
        score=hit.score if hit is not None else None,
    )
