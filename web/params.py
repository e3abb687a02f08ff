"""Search parameters from the URL: checked, bounded, and turned back into URLs.

All of a search's state lives in its query string (``q``, ``speaker`` (repeatable),
``source``, ``topic``, ``since``, ``until``, ``sort``, ``page``, ``limit``), so every view
can be bookmarked. :class:`SearchParams` parses it (a bad value raises
:class:`BadParameter`, which the app answers with a 400), builds the query layer's
request, and makes the query strings of the links that toggle a filter or turn a page.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from werkzeug.datastructures import MultiDict

from search import query
from search.dates import date_range

MAX_QUERY_CHARS = query.MAX_QUERY_CHARS
MAX_VALUE_CHARS = 200  # any other parameter
MAX_SPEAKERS = 10
MAX_PAGE = 1000
MAX_LIMIT = query.MAX_PAGE_SIZE
FILTERS = ("speaker", "source", "topic", "since", "until")


class BadParameter(ValueError):
    """A query-string parameter that cannot be used; ``name`` says which one."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def _text(args: Mapping[str, Any], name: str, limit: int = MAX_VALUE_CHARS) -> str:
    value = args.get(name) or ""
    if len(value) > limit:
        raise BadParameter(name, f"{name} is {len(value)} characters long; the limit is {limit}")
    if any(ord(c) < 32 and c not in "\t\n\r" for c in value):
        raise BadParameter(name, f"{name} contains control characters")
    return value.strip()


def _int(args: Mapping[str, Any], name: str, default: int, low: int, high: int) -> int:
    raw = (args.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or len(raw) > 6:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    value = int(raw)
    if not low <= value <= high:
        raise BadParameter(name, f"{name} must be a whole number from {low} to {high}")
    return value


@dataclass(frozen=True)
class SearchParams:
    """One search as the URL states it."""

    q: str = ""
    speakers: tuple[str, ...] = ()
    source: str = ""
    topic: str = ""
    since: str = ""
    until: str = ""
    sort: str = "relevance"
    page: int = 1
    limit: int = 20
    default_limit: int = 20

    @classmethod
    def from_args(cls, args: MultiDict[str, str], default_limit: int = 20) -> SearchParams:
        """Parse a query string; raises :class:`BadParameter` for a bad value."""
        speakers = args.getlist("speaker")
        if len(speakers) > MAX_SPEAKERS:
            raise BadParameter("speaker", f"at most {MAX_SPEAKERS} speaker filters at once")
        names: list[str] = []
        for value in speakers:
            name = _text({"speaker": value}, "speaker")
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        params = cls(
            q=_text(args, "q", MAX_QUERY_CHARS),
            speakers=tuple(names),
            source=_text(args, "source"),
            topic=_text(args, "topic"),
            since=_text(args, "since"),
            until=_text(args, "until"),
            sort=_text(args, "sort") or "relevance",
            page=_int(args, "page", 1, 1, MAX_PAGE),
            limit=_int(args, "limit", default_limit, 1, MAX_LIMIT),
            default_limit=default_limit,
        )
        if params.sort not in query.SORTS:
            raise BadParameter("sort", f"sort must be one of: {', '.join(query.SORTS)}")
        for name in ("since", "until"):
            value = getattr(params, name)
            if value and date_range(value) is None:
                raise BadParameter(
                    name, f"{name} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)"
                )
        return params

    def request(self, **overrides: Any) -> query.SearchRequest:
        """The query layer's request for these parameters."""
        fields = {
            "query": self.q,
            "speakers": self.speakers,
            "source": self.source or None,
            "topic": self.topic or None,
            "since": self.since or None,
            "until": self.until or None,
            "sort": self.sort,
            "limit": self.limit,
            "page": self.page,
        }
        fields.update(overrides)
        return query.SearchRequest(**fields)

    def args(self) -> dict[str, Any]:
        """The query-string arguments that state these parameters (defaults left out)."""
        out: dict[str, Any] = {}
        if self.q:
            out["q"] = self.q
        if self.speakers:
            out["speaker"] = list(self.speakers)
        for name in ("source", "topic", "since", "until"):
            if getattr(self, name):
                out[name] = getattr(self, name)
        if self.sort != "relevance":
            out["sort"] = self.sort
        if self.limit != self.default_limit:
            out["limit"] = self.limit
        if self.page != 1:
            out["page"] = self.page
        return out

    def to_dict(self) -> dict[str, Any]:
        """The parameters in JSON form (every field, defaults included)."""
        return {
            "q": self.q,
            "speaker": list(self.speakers),
            "source": self.source or None,
            "topic": self.topic or None,
            "since": self.since or None,
            "until": self.until or None,
            "sort": self.sort,
            "page": self.page,
            "limit": self.limit,
        }

    @property
    def filtered(self) -> bool:
        """True when any filter is set."""
        return bool(self.speakers or self.source or self.topic or self.since or self.until)

    def at_page(self, page: int) -> SearchParams:
        """The same search at another page."""
        return replace(self, page=page)

    def with_query(self, q: str) -> SearchParams:
        """The same filters with another query, from the first page."""
        return replace(self, q=q, page=1)

    def without(self, name: str, value: str | None = None) -> SearchParams:
        """These parameters with a filter removed (one speaker when ``value`` is given),
        from the first page."""
        if name == "speaker":
            keep = tuple(s for s in self.speakers if value is not None and s != value)
            return replace(self, speakers=keep, page=1)
        return replace(self, page=1, **{name: ""})

    def toggled(
        self, facet: str, value: str, active: bool, aliases: tuple[str, ...] = ()
    ) -> SearchParams:
        """The link of a facet value: adds the filter, or removes it when it is
        ``active``. For a speaker, ``aliases`` are the filter values (a surname, an id)
        that stand for the same person and go too."""
        if facet == "speaker":
            if active:
                drop = {value.casefold(), *(a.casefold() for a in aliases)}
                keep = tuple(s for s in self.speakers if s.casefold() not in drop)
                return replace(self, speakers=keep, page=1)
            return replace(self, speakers=(*self.speakers, value), page=1)
        return replace(self, page=1, **{facet: "" if active else value})
