"""Searching the quote index: the Python API behind ``quotes search`` and the web app.
It reads a request (the query language, filters, pages, limits), answers repeats from
its cache, and pages and highlights what :mod:`search.collect` found, with a spelling
suggestion when little is; it also looks up quotes, sources and speakers.

Nothing here prints. Every function takes an open :class:`~search.index.QuoteIndex`
and returns plain dataclasses (each with ``to_dict()`` for JSON)::

    index = open_index(default_index_dir())
    response = search(index, SearchRequest("collaborate", speakers=("faris",)))
    for hit in response.hits:
        print(hit.score, hit.quote.speaker, hit.quote.text)

The query language (Whoosh's parser with our settings):

- plain words are all required; when no quote has all of them, any word will do and
  ``notes`` says so;
- ``"a phrase"`` (curly quotes too), ``AND`` / ``OR`` / ``NOT`` (and ``-word``),
  parentheses, ``field:value`` for ``speaker`` (full name, surname, alias or id),
  ``topic``, ``source`` (also ``publication``, ``title``, ``author``), ``context``
  (also ``question``), ``text`` and ``id``; wildcards ``collab*`` and fuzzy ``term~``;
- a field name we do not know is searched as words, and a malformed query (an
  unbalanced quote mark or parenthesis, anything the parser rejects) is searched as
  plain words; ``notes`` says so and the search never fails.

Costs are bounded: queries longer than :data:`MAX_QUERY_CHARS` and pages larger than
:data:`MAX_PAGE_SIZE` are refused (:class:`QueryError`), results are served only down
to :data:`MAX_DEPTH`, a wildcard or fuzzy term expands to at most :data:`MAX_EXPANSION`
words, and a search stops after ``time_limit`` seconds with what it found so far.

Repeated searches are answered from a bounded LRU cache of responses
(:data:`CACHE_SIZE`, :func:`cache_info`), keyed by the index generation a search would
read and every field of the request, so a re-indexed index never serves old results.
A search that ran out of time is kept only :data:`PARTIAL_TTL` seconds.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import threading
import time
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from whoosh import highlight, qparser
from whoosh import query as wq
from whoosh.support.levenshtein import damerau_levenshtein

from . import bulk, collect, matchset
from .dates import date_range
from .index import QuoteIndex, source_label
from .record import Quote

MAX_QUERY_CHARS = 2000
MAX_PAGE_SIZE = 100
MAX_DEPTH = 10_000  # deepest result served (page × page size)
MAX_EXPANSION = 256  # words one wildcard or fuzzy term may stand for
TIME_LIMIT = 5.0  # seconds per search
FEW_RESULTS = 3  # fewer results than this: look for a spelling correction
FACET_SIZE = 20  # values listed per facet
CACHE_SIZE = 256  # search responses kept by the default cache
# A search that ran out of time is kept this long: its results are partial (and may not
# be next time, on a less busy machine), but asking again at once would cost the whole
# time limit again for the same partial answer; broad searches asked by many clients
# at once would keep a server busy with nothing else.
PARTIAL_TTL = 60.0  # seconds

# Default fields and their weights: the quote's own words count most.
FIELD_BOOSTS = {"text": 4.0, "speaker_names": 2.0, "topic_words": 1.0, "context": 1.0}
# Field names of the query language → schema fields.
FIELD_ALIASES = {
    "speaker": "speaker_names",
    "by": "speaker_names",
    "who": "speaker_names",
    "topic": "topic_words",
    "topics": "topic_words",
    "source": "source_names",
    "publication": "source_names",
    "title": "source_names",
    "author": "source_names",
    "text": "text",
    "quote": "text",
    "context": "context",
    "question": "context",
    "id": "id",
    "kind": "kind",
}
SORTS = ("relevance", "date")
_CURLY = str.maketrans({c: '"' for c in "“”„‟«»〝〞＂"} | {c: "'" for c in "‘’‚‛"})


class QueryError(ValueError):
    """A request that cannot be served as given (a usage error: exit status 2)."""


class UnknownSpeaker(QueryError):
    """No speaker in the index matches ``name``; ``suggestions`` are the closest."""

    def __init__(self, name: str, suggestions: list[str]) -> None:
        close = f" Closest: {', '.join(suggestions)}." if suggestions else ""
        super().__init__(f"no speaker called {name!r} in the index.{close}")
        self.name = name
        self.suggestions = suggestions


# ------------------------------------------------------------------ data types


@dataclass(frozen=True)
class SearchRequest:
    """One search. ``speakers`` are OR-ed; all filters are AND-ed with the query."""

    query: str = ""
    speakers: tuple[str, ...] = ()
    source: str | None = None
    topic: str | None = None
    since: str | None = None
    until: str | None = None
    sort: str = "relevance"  # or "date" (newest first)
    limit: int = 10
    page: int = 1
    facets: bool = True
    highlights: bool = True
    suggest: bool = True
    time_limit: float | None = TIME_LIMIT


@dataclass
class Fragment:
    """A highlighted piece of a quote's ``text`` (or ``context``): ``matches`` are
    ``[start, end]`` offsets into ``text``; ``start`` is where it begins in the field."""

    field: str
    text: str
    start: int
    matches: list[list[int]]

    def render(self, before: str, after: str, whole_length: int | None = None) -> str:
        """The fragment with each match wrapped in ``before``/``after`` and an ellipsis
        where it was cut from a longer field."""
        out, pos = [], 0
        for a, b in self.matches:
            out += [self.text[pos:a], before, self.text[a:b], after]
            pos = b
        out.append(self.text[pos:])
        body = "".join(out)
        if self.start > 0:
            body = "…" + body
        if whole_length is not None and self.start + len(self.text) < whole_length:
            body += "…"
        return body


@dataclass
class Hit:
    """One result: the quote (its ``doc`` is the document's absolute path), its score
    (``None`` when sorted by date) and highlighted fragments."""

    quote: Quote
    score: float | None
    highlights: list[Fragment] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The quote record plus ``score`` and ``highlights`` (the JSON Lines form)."""
        out = self.quote.to_dict()
        out["score"] = round(self.score, 4) if self.score is not None else None
        out["highlights"] = [asdict(f) for f in self.highlights]
        return out


@dataclass
class SearchResponse:
    """The answer to a :class:`SearchRequest`."""

    query: str
    total: int
    page: int
    pages: int
    limit: int
    hits: list[Hit]
    facets: collect.Facets = field(default_factory=dict)
    suggestion: str | None = None
    notes: list[str] = field(default_factory=list)
    timed_out: bool = False

    def to_dict(self) -> dict[str, Any]:
        """``{query, total, page, pages, limit, results, facets, suggestion, notes}``."""
        return {
            "query": self.query,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "limit": self.limit,
            "results": [h.to_dict() for h in self.hits],
            "facets": {k: [list(v) for v in vals] for k, vals in self.facets.items()},
            "suggestion": self.suggestion,
            "notes": list(self.notes),
        }


@dataclass
class SpeakerInfo:
    """A speaker of the index with how many quotes and documents they have."""

    id: str
    name: str
    aliases: list[str]
    quotes: int
    documents: int

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass
class SourceInfo:
    """A document of the index: its source facts, where it was read from, its quotes."""

    id: str
    label: str
    path: str
    sha256: str
    quotes: int
    source: dict[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return asdict(self)


@dataclass
class SourceView:
    """A document with its full stored text and its quotes in text order."""

    info: SourceInfo
    text: str
    quotes: list[Quote]


# ------------------------------------------------------------------ the parser


def _parser(index: QuoteIndex, group: type) -> qparser.QueryParser:
    key = ("parser", group)
    cache = index.cache
    if key not in cache:
        p = qparser.MultifieldParser(
            list(FIELD_BOOSTS), index.schema, fieldboosts=FIELD_BOOSTS, group=group
        )
        p.remove_plugin_class(qparser.SingleQuotePlugin)  # apostrophes are not quotes
        p.remove_plugin_class(qparser.RangePlugin)
        p.add_plugin(qparser.FuzzyTermPlugin())
        cache[key] = p
    return cache[key]


_FIELD_SPEC = re.compile(r"(?<![\w\\])([A-Za-z_]\w*):(?=\S)")
_LEADING_MINUS = re.compile(r"(?:(?<=\s)|(?<=\()|^)-(?=[\w\"(])")
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}


def prepare_query(text: str) -> tuple[str, list[str], bool]:
    """Normalise a query string for the parser.

    Returns ``(query, notes, plain)``: curly quotes made straight, field names mapped
    to the schema (an unknown one becomes words), ``-word`` made ``NOT word``, and an
    unbalanced quote mark or parenthesis removed (``plain`` is then True: the query is
    searched as plain words).
    """
    notes: list[str] = []
    q = unicodedata.normalize("NFC", text).translate(_CURLY).strip()

    def field_spec(m: re.Match[str]) -> str:
        name = m.group(1).lower()
        if name in FIELD_ALIASES:
            return FIELD_ALIASES[name] + ":"
        notes.append(f"unknown field {m.group(1)!r}: searched as words")
        return m.group(1) + " "

    q = _FIELD_SPEC.sub(field_spec, q)
    q = _LEADING_MINUS.sub("NOT ", q)
    plain = False
    if q.count('"') % 2:
        q = q.replace('"', " ")
        notes.append("unbalanced quote mark: searched as plain words")
        plain = True
    if q.count("(") != q.count(")"):
        q = q.replace("(", " ").replace(")", " ")
        notes.append("unbalanced parenthesis: searched as plain words")
        plain = True
    return q, notes, plain


def _plain_words(q: str) -> str:
    """A query reduced to its words (no operators or syntax)."""
    words = re.findall(r"[\w'’]+", q)
    return " ".join(w for w in words if w not in _OPERATORS)


def parse_query(index: QuoteIndex, text: str, any_word: bool = False) -> tuple[wq.Query, list[str]]:
    """Parse a user query into a Whoosh query and the notes about how it was read."""
    q, notes, plain = prepare_query(text)
    group = qparser.OrGroup if any_word else qparser.AndGroup
    parser = _parser(index, group)
    if plain:
        q = _plain_words(q)
    try:
        parsed = parser.parse(q)
    except Exception:  # the parser is lenient; anything it still rejects is words
        notes.append("the query could not be parsed: searched as plain words")
        parsed = parser.parse(_plain_words(q))
    return _every_quote(_cap_expansions(index, parsed, notes)), notes


def _every_quote(q: wq.Query) -> wq.Query:
    """``q`` with each ``*`` (the parser's OR of ``Every`` over the searched fields)
    made Whoosh's ``Every()``, every quote: Whoosh would read every posting of each
    field (26 s at 124,167 quotes) to find the quotes with a word in one of them,
    which is nearly all of them."""
    if isinstance(q, wq.Or) and all(type(c) is wq.Every for c in q.subqueries):
        searched = {c.fieldname for c in q.subqueries}
        if searched == set(FIELD_BOOSTS):
            return wq.Every()
    return q if q.is_leaf() else q.apply(_every_quote)


# A fuzzy term's edits at most: "trump~5" would match most short words of the index.
MAX_EDITS = 2


class _FieldFuzzyTerm(wq.FuzzyTerm):
    """A fuzzy term matched against the field's own (stemmed) words.

    Whoosh matches fuzzy terms against a field's spelling words when it has them:
    unstemmed forms, which never equal the stemmed query text. The first letter must
    match, which keeps the scan of the word list short.
    """

    def _btexts(self, ixreader: Any) -> Any:
        field_obj = ixreader.schema[self.fieldname]
        prefix = self.text[: max(1, self.prefixlength)]
        for btext in ixreader.expand_prefix(self.fieldname, prefix):
            word = field_obj.from_bytes(btext)
            if damerau_levenshtein(word, self.text, self.maxdist + 1) <= self.maxdist:
                yield btext


def _cap_expansions(index: QuoteIndex, q: wq.Query, notes: list[str]) -> wq.Query:
    """Replace each wildcard/fuzzy/prefix term by its most frequent expansions when it
    stands for more than :data:`MAX_EXPANSION` words (fuzzy terms are first made to
    match the field's own words)."""
    reader = index.searcher().reader()

    def cap(node: wq.Query) -> wq.Query:
        if isinstance(node, wq.FuzzyTerm) and not isinstance(node, _FieldFuzzyTerm):
            maxdist = min(node.maxdist, MAX_EDITS)
            note = f"a fuzzy term takes at most {MAX_EDITS} edits (~{MAX_EDITS})"
            if maxdist < node.maxdist and note not in notes:
                notes.append(note)
            node = _FieldFuzzyTerm(
                node.fieldname, node.text, node.boost, maxdist, node.prefixlength
            )
        if isinstance(node, wq.MultiTerm) and not isinstance(node, wq.Every):
            words = []
            for i, btext in enumerate(node._btexts(reader)):
                if i >= MAX_EXPANSION * 8:
                    break
                words.append(btext)
            if len(words) > MAX_EXPANSION:
                fname = node.fieldname
                words.sort(key=lambda b: -reader.doc_frequency(fname, b))
                kept = words[:MAX_EXPANSION]
                note = (
                    f"{node!s} matches too many words: searched for the {MAX_EXPANSION} most common"
                )
                if note not in notes:
                    notes.append(note)
                field_obj = index.schema[fname]
                return wq.Or(
                    [wq.Term(fname, field_obj.from_bytes(b)) for b in kept], boost=node.boost
                )
            return node
        if node.is_leaf():
            return node
        return node.apply(cap)

    return cap(q)


# --------------------------------------------------------------------- filters


def _norm(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(re.findall(r"[a-z0-9]+", s))


def _speaker_table(index: QuoteIndex) -> tuple[dict[str, dict[str, set[str]]], dict[str, str]]:
    """Per match level (exact, surname, first name) a map of normalised name → speaker
    ids; plus every known name form → the speaker's display name (for suggestions)."""
    key = "speakers"
    if key not in index.cache:
        levels: dict[str, dict[str, set[str]]] = {"exact": {}, "surname": {}, "given": {}}
        display: dict[str, str] = {}
        for sid, sp in index.catalog.get("speakers", {}).items():
            name = sp.get("name") or sid
            forms = [name, sid, *sp.get("aliases", [])]
            for form in forms:
                n = _norm(form.replace("-", " "))
                if n:
                    levels["exact"].setdefault(n, set()).add(sid)
                    display[n] = name
            tokens = _norm(name).split()
            if len(tokens) > 1:
                # the surname, and a hyphenated or apostrophe surname's parts ("Ann
                # O'Brien-Smith": "o brien smith", "brien smith", "smith")
                last = _norm(name.split()[-1]).split() or tokens[-1:]
                for k in range(len(last)):
                    levels["surname"].setdefault(" ".join(last[k:]), set()).add(sid)
                levels["given"].setdefault(tokens[0], set()).add(sid)
                display.setdefault(tokens[-1], name)
        index.cache[key] = (levels, display)
    return index.cache[key]


def resolve_speakers(index: QuoteIndex, names: tuple[str, ...] | list[str]) -> list[str]:
    """Speaker ids for names given as a full name, surname, alias or id, in any case.

    A name matches at the first level that knows it: the full name, id or an alias;
    else a surname or the end of a hyphenated one (every speaker with it); else a first
    name. A one-word name matches a speaker of that name and everyone with it as
    surname ("Clinton": a speaker known only as "Clinton", and Hillary Clinton). Raises
    :class:`UnknownSpeaker` (with the closest names) when one matches nobody.
    """
    levels, display = _speaker_table(index)
    ids: list[str] = []
    for name in names:
        n = _norm(name.replace("-", " "))
        found = None
        for level in ("exact", "surname", "given"):
            found = levels[level].get(n)
            if found:
                break
        if found and level == "exact" and " " not in n:
            # a one-word speaker ("Clinton", a mention never resolved to a full name)
            # does not hide the full names with that surname
            found = found | levels["surname"].get(n, set())
        if not found:
            close = difflib.get_close_matches(n, list(display), n=6, cutoff=0.6)
            raise UnknownSpeaker(name, list(dict.fromkeys(display[c] for c in close))[:3])
        ids.extend(sorted(found - set(ids)))
    return ids


def _text_query(index: QuoteIndex, fieldname: str, text: str) -> wq.Query | None:
    words = list(index.schema[fieldname].process_text(text, mode="query"))
    if not words:
        return None
    if len(words) == 1:
        return wq.Term(fieldname, words[0])
    return wq.Phrase(fieldname, words)


def _filters(index: QuoteIndex, req: SearchRequest, notes: list[str]) -> wq.Query | None:
    parts: list[wq.Query] = []
    if req.speakers:
        ids = resolve_speakers(index, req.speakers)
        parts.append(wq.Or([wq.Term("speaker_id", i) for i in ids]))
    if req.source:
        s = req.source.strip()
        # a facet's value is the source's label exactly (a file name for a document
        # without metadata: "interview.txt")
        alts: list[wq.Query] = [wq.Term("source_id", s.lower()), wq.Term("source", s)]
        if Path(s).is_file():
            alts.append(wq.Term("path", str(Path(s).resolve())))
        q = _text_query(index, "source_names", s)
        if q is not None:
            alts.append(q)
        parts.append(wq.Or(alts))
    if req.topic:
        label = req.topic.strip().lower()
        alts = [wq.Term("topics", label)]
        # a label of the index is taken exactly, as its facet counts it; other words
        # match the labels that hold them ("immigrant": "illegal immigration")
        q = (
            None
            if label in index.catalog.get("topics", {})
            else _text_query(index, "topic_words", req.topic)
        )
        if q is not None:
            alts.append(q)
        parts.append(wq.Or(alts))
    since, until = date_range(req.since), date_range(req.until)
    for value, name, rng in ((req.since, "since", since), (req.until, "until", until)):
        if value and rng is None:
            raise QueryError(f"--{name} {value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
    if since:
        parts.append(wq.NumericRange("date_hi", since[0], None))
    if until:
        parts.append(wq.NumericRange("date_lo", None, until[1]))
    if req.since or req.until:
        notes.append("quotes whose source has no known date are left out by --since/--until")
    if since and until and since[0] > until[1]:
        notes.append(f"--since {req.since} is after --until {req.until}: no date is in both")
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else wq.And(parts)


# ---------------------------------------------------------------------- search


def search(
    index: QuoteIndex,
    request: SearchRequest | str,
    *,
    cache: ResponseCache | bool = True,
    **options: Any,
) -> SearchResponse:
    """Search the index. ``request`` is a :class:`SearchRequest` (or a query string,
    with the request's other fields as keyword arguments).

    Raises :class:`QueryError` for a request that cannot be served (query too long,
    bad page or page size, bad date, unknown speaker); anything about the query text
    itself is answered, with ``notes`` saying how it was read.

    ``cache`` is the module's response cache (True), none (False) or another
    :class:`ResponseCache`. The response is the caller's own: changing it changes
    nothing the cache holds.
    """
    req = SearchRequest(request, **options) if isinstance(request, str) else request
    _check_request(req)
    store = RESPONSE_CACHE if cache is True else cache or None
    if store is None or store.maxsize <= 0:
        return _search(index, req)
    where, generation = _generation(index)
    key = _request_key(req)
    cached = store.get(where, generation, key)
    if cached is not None:
        return cached
    response = _search(index, req)
    # Not cached when the index switched generations during the search (the results
    # may come from the newer one); briefly when it ran out of time (see PARTIAL_TTL).
    if _generation(index) == (where, generation):
        ttl = PARTIAL_TTL if response.timed_out else None
        store.put(where, generation, key, response, ttl=ttl)
    return response


def warm(index: QuoteIndex) -> float:
    """Read every segment's facet and sort keys, and the field lengths that
    :mod:`search.bulk` scores with, into the index's cache now, so that no search pays
    for it (seconds at a million quotes; a new generation keeps what its segments
    already had). Returns the seconds it took. ``quotes serve`` calls it in the
    background at start."""
    started = time.perf_counter()
    keys = [*collect.FACETS.values(), *((name, "column") for name in collect.SORT_COLUMNS)]
    for sub, _ in index.searcher().leaf_searchers():
        for fieldname, kind in keys:
            matchset.segment_keys(index.segment_cache, sub.reader(), fieldname, kind)
        if sub.reader().segment() is not None:
            for fieldname in FIELD_BOOSTS:  # the lengths a one-word search scores with
                bulk.lengths_of(index.segment_cache, sub.reader(), fieldname)
    return time.perf_counter() - started


def _check_request(req: SearchRequest) -> None:
    """Raise :class:`QueryError` for a request outside the cost limits."""
    if len(req.query) > MAX_QUERY_CHARS:
        raise QueryError(
            f"the query is {len(req.query)} characters long; the limit is {MAX_QUERY_CHARS}"
        )
    if not 1 <= req.limit <= MAX_PAGE_SIZE:
        raise QueryError(f"the page size must be between 1 and {MAX_PAGE_SIZE}")
    if req.page < 1:
        raise QueryError("the page number must be 1 or more")
    if req.sort not in SORTS:
        raise QueryError(f"sort must be one of {', '.join(SORTS)}")


def _search(index: QuoteIndex, req: SearchRequest) -> SearchResponse:
    """Run a checked request against the index (no cache)."""
    notes: list[str] = []
    filt = _filters(index, req, notes)
    depth = min(req.page * req.limit, MAX_DEPTH)
    if (req.page - 1) * req.limit >= MAX_DEPTH:
        notes.append(f"results are served down to number {MAX_DEPTH}; narrow the query")
    text = req.query.strip()
    if text:
        q, qnotes = parse_query(index, text)
        notes.extend(qnotes)
    else:
        q = wq.Every()
        notes.append(
            "empty query: showing the newest quotes" + (" that match the filters" if filt else "")
        )
    if q is wq.NullQuery:
        notes.append("the query has no searchable words (only very common words or syntax)")

    def run(query: wq.Query) -> tuple[Any, int, collect.Facets, bool]:
        by_date, size = req.sort == "date", FACET_SIZE if req.facets else 0
        return collect.run(
            index, query, filt, depth, by_date=by_date, time_limit=req.time_limit, facets=size
        )

    results, total, facets, timed_out = run(q)
    all_words_total = total
    if total == 0 and text and not timed_out and _is_plain(text):
        q_any, _ = parse_query(index, text, any_word=True)
        if q_any != q:
            results2, total2, facets2, timed_out = run(q_any)
            if total2:
                q, results, total, facets = q_any, results2, total2, facets2
                notes.append("no quote has all of the words: showing quotes with any of them")
    if timed_out:
        notes.append(f"the search took longer than {req.time_limit:g} s: results are incomplete")
    start = (req.page - 1) * req.limit
    page_hits = results[start:depth] if start < depth else []
    terms = _highlight_terms(index, q) if req.highlights and text else {}
    # A query for every quote (``*``, ``speaker:*``) is sorted by date: no scores.
    scored = bool(text) and not collect.sorted_by_date(q, req.sort == "date")
    hits = [_hit(index, h, terms, scored=scored) for h in page_hits]
    pages = (total + req.limit - 1) // req.limit
    if req.page > pages and total:
        in_pages = f"{pages} page" + ("s" if pages != 1 else "")
        notes.append(f"page {req.page} is past the end: {total} results in {in_pages}")
    suggestion = None
    if req.suggest and text and total < FEW_RESULTS:
        suggestion = suggest(index, text, filt, all_words_total)
    return SearchResponse(
        query=req.query,
        total=total,
        page=req.page,
        pages=pages,
        limit=req.limit,
        hits=hits,
        facets=facets,
        suggestion=suggestion,
        notes=notes,
        timed_out=timed_out,
    )


# ------------------------------------------------------------------- the cache


@dataclass(frozen=True)
class CacheInfo:
    """A cache's counters, like :func:`functools.lru_cache`'s ``cache_info()``."""

    hits: int
    misses: int
    maxsize: int
    currsize: int


class ResponseCache:
    """A thread-safe LRU cache of search responses, at most ``maxsize`` (0: off).

    Entries are keyed by ``(where, generation, request)``: ``where`` names the index
    directory, ``generation`` what it held when searched. Storing an entry of a new
    generation drops the entries of the directory's other generations. Each
    :meth:`get` returns a fresh copy, so callers may change what they receive.
    """

    def __init__(
        self, maxsize: int = CACHE_SIZE, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.maxsize = maxsize
        self._clock = clock  # for expiry (see PARTIAL_TTL)
        # key → (response, expiry on the monotonic clock or None)
        self._entries: OrderedDict[tuple[Any, ...], tuple[SearchResponse, float | None]] = (
            OrderedDict()
        )
        self._latest: dict[str, Any] = {}  # index directory → its newest generation
        self._lock = threading.Lock()
        self._hits = self._misses = 0

    def get(self, where: str, generation: Any, request: tuple[Any, ...]) -> SearchResponse | None:
        """A copy of the stored response, or None (counted as a hit or a miss)."""
        key = (where, generation, request)
        with self._lock:
            found = self._entries.get(key)
            if found is not None and found[1] is not None and self._clock() >= found[1]:
                del self._entries[key]  # a partial response, expired
                found = None
            if found is None:
                self._misses += 1
                return None
            self._entries.move_to_end(key)
            self._hits += 1
        return _copy_response(found[0])

    def put(
        self,
        where: str,
        generation: Any,
        request: tuple[Any, ...],
        response: SearchResponse,
        ttl: float | None = None,
    ) -> None:
        """Store a copy of ``response`` (for ``ttl`` seconds, or until evicted),
        evicting the least recently used beyond ``maxsize``."""
        if self.maxsize <= 0:
            return
        expires = None if ttl is None else self._clock() + ttl
        kept = (_copy_response(response), expires)
        with self._lock:
            if self._latest.get(where, generation) != generation:
                for key in [k for k in self._entries if k[0] == where and k[1] != generation]:
                    del self._entries[key]
            self._latest[where] = generation
            self._entries[(where, generation, request)] = kept
            self._entries.move_to_end((where, generation, request))
            while len(self._entries) > self.maxsize:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        """Drop every entry and reset the counters."""
        with self._lock:
            self._entries.clear()
            self._latest.clear()
            self._hits = self._misses = 0

    def info(self) -> CacheInfo:
        """Hits, misses, bound and current size."""
        with self._lock:
            return CacheInfo(self._hits, self._misses, self.maxsize, len(self._entries))


RESPONSE_CACHE = ResponseCache()


def cache_info() -> CacheInfo:
    """The counters of the module's response cache (what :func:`search` uses)."""
    return RESPONSE_CACHE.info()


def cache_clear() -> None:
    """Empty the module's response cache and reset its counters."""
    RESPONSE_CACHE.clear()


def _generation(index: QuoteIndex) -> tuple[str, tuple[str, ...]]:
    """``(index directory, generation)`` of what a search would read now.

    The generation is the live generation's name and the ids of the Whoosh segments
    this thread's searcher reads. Segment ids are random, so an index deleted and
    built again (which starts again at ``gen-000001``) is never taken for the old one.
    """
    reader = index.searcher().reader()  # switches to a newly published generation
    segments = tuple(
        seg.segment_id() for r, _ in reader.leaf_readers() if (seg := r.segment()) is not None
    )
    return os.fspath(index.path), (index.generation_dir.name, *segments)


def _request_key(req: SearchRequest) -> tuple[Any, ...]:
    """Every field of the request, the limits that shape results, and what a
    ``source`` naming a file resolves to (it depends on the working directory)."""
    values = tuple(
        tuple(v) if isinstance(v, list) else v for v in (getattr(req, f.name) for f in fields(req))
    )
    source_file = None
    if req.source and Path(req.source.strip()).is_file():
        source_file = str(Path(req.source.strip()).resolve())
    limits = (MAX_DEPTH, MAX_EXPANSION, FEW_RESULTS, FACET_SIZE)
    return values, source_file, limits


def _copy_response(resp: SearchResponse) -> SearchResponse:
    """A copy whose lists and dicts are its own (quotes are frozen and shared)."""
    hits = [
        replace(
            h,
            highlights=[replace(f, matches=[list(m) for m in f.matches]) for f in h.highlights],
        )
        for h in resp.hits
    ]
    facets = {name: list(values) for name, values in resp.facets.items()}
    return replace(resp, hits=hits, facets=facets, notes=list(resp.notes))


def _is_plain(text: str) -> bool:
    """True for a query of plain words only (no operators, fields, phrases or
    wildcards): only those fall back to "any word" when nothing has them all."""
    prepared = prepare_query(text)[0]
    words = prepared.split()
    return (
        len(words) > 1
        and not any(w in _OPERATORS or w.startswith("-") for w in words)
        and re.fullmatch(r"[\w\s'’.,-]+", prepared) is not None
    )


def _record(stored: dict[str, Any]) -> Quote:
    return Quote.from_dict(json.loads(stored["record"]))


def _hit(index: QuoteIndex, hit: Any, terms: dict[str, frozenset[str]], scored: bool) -> Hit:
    quote = _record(hit.fields())
    return Hit(quote, float(hit.score) if scored else None, highlight_quote(index, quote, terms))


# ------------------------------------------------------------------- highlights


class _SpanFormatter(highlight.Formatter):
    """A Whoosh formatter that returns fragments as data rather than marked-up text,
    so each front end marks matches its own way (ANSI bold, HTML, nothing)."""

    def __init__(self, fieldname: str) -> None:
        self.fieldname = fieldname

    def format_fragment(self, fragment: highlight.Fragment, replace: bool = False) -> Fragment:
        a, b = fragment.startchar, fragment.endchar
        matches = [
            [t.startchar - a, t.endchar - a]
            for t in fragment.matches
            if a <= t.startchar and t.endchar <= b
        ]
        return Fragment(self.fieldname, fragment.text[a:b], a, matches)

    def format(self, fragments: list[highlight.Fragment], replace: bool = False) -> list[Fragment]:
        return [self.format_fragment(f) for f in fragments]


def _highlight_terms(index: QuoteIndex, q: wq.Query) -> dict[str, frozenset[str]]:
    """The query's words (wildcards and fuzzy terms expanded) that exist in the index,
    by field: what to mark in a quote."""
    # Not Query.existing_terms: in Whoosh 2.7 its loop variable shadows its
    # ``fieldname`` argument, so it skips the leaves of every field after the first.
    reader = index.searcher().reader()
    schema = index.schema
    out: dict[str, set[str]] = {"text": set(), "context": set()}
    for leaf in q.leaves():
        if leaf.field() not in out:
            continue
        try:
            terms = leaf.expanded_terms(reader, phrases=True)
        except Exception:  # an exotic query node: highlight nothing rather than fail
            continue
        for fname, word in terms:
            if fname in out and (fname, schema[fname].to_bytes(word)) in reader:
                out[fname].add(word if isinstance(word, str) else schema[fname].from_bytes(word))
    return {k: frozenset(v) for k, v in out.items() if v}


def highlight_quote(
    index: QuoteIndex, quote: Quote, terms: dict[str, frozenset[str]], top: int = 2
) -> list[Fragment]:
    """Fragments of the quote's text with the matched words; when only its context
    matched (e.g. the question of an interview), fragments of the context."""
    for fname, value in (("text", quote.text), ("context", quote.context)):
        words = terms.get(fname)
        if not words or not value:
            continue
        if len(value) <= 320:
            fragmenter = highlight.WholeFragmenter()
        else:
            fragmenter = highlight.ContextFragmenter(maxchars=240, surround=60)
        frags = highlight.highlight(
            value,
            words,
            index.schema[fname].analyzer,
            fragmenter,
            _SpanFormatter(fname),
            top=top,
        )
        frags = [f for f in frags if f.matches]
        if frags:
            return sorted(frags, key=lambda f: f.start)
    return []


# --------------------------------------------------------------- did you mean


def suggest(
    index: QuoteIndex, text: str, filt: wq.Query | None = None, total: int = 0
) -> str | None:
    """A corrected query built from the index's own words, or None.

    Each word that matches nothing is replaced by the closest word of the quotes'
    text or speaker names (Whoosh's spelling words: edit distance 1, then 2; ties go
    to the more frequent word). The correction is offered only when it finds more
    quotes than the original.
    """
    reader = index.searcher().reader()
    schema = index.schema
    fields_ = ("text", "speaker_names")
    q, _notes, _plain = prepare_query(text)
    pieces: list[tuple[int, int, str]] = []
    for m in re.finditer(r"(?<![\w:*?~])([^\W\d_]{3,})(?![\w:*?~])", q):
        word = m.group(1)
        if word in _OPERATORS:
            continue
        known = False
        for f in fields_:
            tokens = list(schema[f].process_text(word, mode="query"))
            if not tokens or any((f, t) in reader for t in tokens):
                known = True
                break
        if known:
            continue
        best = _closest(reader, schema, word.lower(), fields_)
        if best:
            pieces.append((m.start(1), m.end(1), best.capitalize() if word[0].isupper() else best))
    if not pieces:
        return None
    out, pos = [], 0
    for a, b, rep in pieces:
        out += [q[pos:a], rep]
        pos = b
    corrected = "".join(out) + q[pos:]
    cq, _ = parse_query(index, corrected)
    n = len(index.searcher().search(collect.with_filter(cq, filt), limit=1))
    return corrected if n > total else None


def _closest(reader: Any, schema: Any, word: str, fields_: tuple[str, ...]) -> str | None:
    for maxdist in (1, 2):
        scored: dict[str, tuple[int, int]] = {}
        for f in fields_:
            spell = schema[f].spelling_fieldname(f)
            for sug in reader.terms_within(f, word, maxdist, prefix=1):
                if sug == word or len(sug) < 3:
                    continue
                dist = damerau_levenshtein(word, sug)
                freq = reader.doc_frequency(spell, sug)
                prev = scored.get(sug, (9, 0))
                scored[sug] = (min(prev[0], dist), prev[1] + freq)
        if scored:
            return min(scored, key=lambda s: (scored[s][0], -scored[s][1], s))
    return None


# ------------------------------------------------------------ records & lists


def get_quote(index: QuoteIndex, quote_id: str) -> Quote | None:
    """The quote with this id (its ``doc`` is the document's absolute path), or None."""
    stored = index.searcher().document(id=quote_id.strip().lower())
    return _record(stored) if stored else None


def related(index: QuoteIndex, quote_id: str, n: int = 5) -> list[Hit]:
    """Up to ``n`` quotes most like this one (Whoosh's more-like-this on the key terms
    of its text); [] for an unknown id."""
    searcher = index.searcher()
    docnum = searcher.document_number(id=quote_id.strip().lower())
    if docnum is None:
        return []
    quote = _record(searcher.stored_fields(docnum))
    results = searcher.more_like(docnum, "text", text=quote.text, top=3 * n + 3, numterms=12)
    # the same words again (a pull quote, a story repeating itself) are not related
    seen = {_norm(quote.text)}
    hits = []
    for h in results:
        hit = Hit(_record(h.fields()), float(h.score))
        words = _norm(hit.quote.text)
        if h.docnum != docnum and words not in seen:
            seen.add(words)
            hits.append(hit)
    return hits[:n]


def _source_info(path: str, doc: dict[str, Any]) -> SourceInfo:
    src = doc.get("source") or {}
    return SourceInfo(
        id=src.get("id") or "",
        label=source_label(src, path),
        path=path,
        sha256=doc.get("sha256") or "",
        quotes=int(doc.get("quotes") or 0),
        source=src,
    )


def list_sources(index: QuoteIndex) -> list[SourceInfo]:
    """Every document of the index with its quote count, by label then path."""
    docs = index.catalog.get("documents", {})
    infos = [_source_info(p, d) for p, d in docs.items()]
    return sorted(infos, key=lambda s: (s.label.casefold(), s.path))


def list_speakers(index: QuoteIndex) -> list[SpeakerInfo]:
    """Every speaker of the index, most quoted first."""
    out = [
        SpeakerInfo(
            id=sid,
            name=sp.get("name") or sid,
            aliases=list(sp.get("aliases") or []),
            quotes=int(sp.get("quotes") or 0),
            documents=int(sp.get("documents") or 0),
        )
        for sid, sp in index.catalog.get("speakers", {}).items()
    ]
    return sorted(out, key=lambda s: (-s.quotes, s.name.casefold()))


def get_source(index: QuoteIndex, key: str) -> SourceView | None:
    """A document by source id (or its path), with its stored text and its quotes."""
    docs = index.catalog.documents
    path = key if key in docs else docs.path_of_source(key)
    if path is None and key and Path(key).exists():
        resolved = str(Path(key).resolve())
        path = resolved if resolved in docs else None
    if path is None:
        return None
    info = _source_info(path, docs[path])
    text = index.document_text(info.sha256) or ""
    searcher = index.searcher()
    results = searcher.search(wq.Term("path", path), limit=None, sortedby="seq")
    return SourceView(info, text, [_record(h.fields()) for h in results])


def surrounding_text(index: QuoteIndex, quote: Quote, chars: int = 300) -> tuple[str, str]:
    """Up to ``chars`` characters of the document before and after the quote."""
    doc = index.catalog.documents.get(quote.doc) or {}
    text = index.document_text(doc.get("sha256") or "") or ""
    if not text or not quote.spans:
        return "", ""
    a, b = quote.spans[0][0], quote.spans[-1][1]
    return text[max(0, a - chars) : a], text[b : b + chars]
