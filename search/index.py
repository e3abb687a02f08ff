"""The quote index on disk: its schema, where it lives, and building it safely.

Layout of an index directory (only directories laid out like this are ever opened,
because Whoosh stores its schema as a pickle)::

    DIR/quotes-index.json   the marker: format version and the live generation's name
    DIR/.lock               held (flock) by the one process writing; holds its pid
    DIR/texts/<sha256>.txt  each document's text (what quote offsets point into), by
                            content hash: shared by the generations, never rewritten
    DIR/gen-000007/         one generation: a Whoosh index named "quotes",
        catalog.sqlite      per-document entries (source, counts, file stamp), speakers,
                            topics, roots, extractor fingerprint (see search.catalog)
        state.pickle        what the next incremental update reuses (topic model and
                            label counts)

Writes never touch the live generation. A writer takes the lock, fills a new
generation directory (a hard-linked copy of the live one for an incremental update:
Whoosh never rewrites a file it has written, and our own files are replaced, never
edited), then publishes it by atomically replacing the marker (``os.replace``). A run
killed at any point, even with ``kill -9``, leaves the marker naming the previous
generation, which stays searchable; its leftovers are removed by the next writer. The
previous generation is kept one more round so a long-running reader that has not yet
noticed the switch can still finish its search. Texts are added to the shared folder
atomically (write, then rename) and removed only once no kept generation names them,
so an update costs the documents it changes, not a link per document of the corpus.

Indexing is incremental per document. ``index_paths`` (the ``quotes index`` command)
extracts only documents whose bytes or metadata changed, and reuses the topic model
saved with the live generation (:mod:`search.build`); ``update_index`` takes quotes
extracted elsewhere. Either way each document's final records are compared (content
hash, source metadata and a hash of its quote records) with what the index holds, and
only documents that changed are rewritten. The index holds exactly the documents found
under the paths of the latest run; the paths are remembered, so ``quotes index`` with
no path refreshes them.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import os
import pickle
import re
import shutil
import sys
import threading
import time
from array import array
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from whoosh import analysis, columns, fields
from whoosh.filedb.filestore import FileStorage
from whoosh.lang import porter2
from whoosh.multiproc import MpWriter, SubWriterTask
from whoosh.support.charset import accent_map

from . import flatpostings, live, mmapfile
from .catalog import Catalog, CatalogError, DocumentRow, Documents
from .dates import date_range
from .documents import Document, Problem, Reporter, bundled_corpus_dir, real_path
from .record import Quote, slugify
from .workers import exit_with_parent

mmapfile.install()  # searchers read segments in place (see search/mmapfile.py)

MARKER = "quotes-index.json"
MARKER_FORMAT = "quotes-index"
# 3: the catalog in SQLite; 2: texts in one shared folder (1: a texts folder per
# generation). Older versions are read, and migrated by their next update.
SCHEMA_VERSION = 3
READABLE_VERSIONS = (1, 2, 3)
INDEX_NAME = "quotes"
TEXTS = "texts"
STATE = "state.pickle"  # what the next incremental update reuses (see search.build)
SCRATCH_PREFIX = ".build-"  # a writer's scratch space, inside the index directory
LOCK_FILE = ".lock"
LOCK_WAIT = 30.0  # seconds a second writer waits before giving up
FIX_COMMAND = "quotes index --rebuild"
# Modules that do not affect what extraction produces (all others do).
_NOT_EXTRACTION = {
    "__init__.py",
    "__main__.py",
    "build.py",
    "bulk.py",
    "catalog.py",
    "cli.py",
    "cite.py",
    "collect.py",
    "csvout.py",
    "flatpostings.py",
    "index.py",
    "live.py",
    "matchset.py",
    "mmapfile.py",
    "query.py",
    "spill.py",
    "workers.py",
}
UNKNOWN_DATE = (99999999, 0)  # (lo, hi): never inside a --since/--until range


# --------------------------------------------------------------------------- errors


class IndexUnavailable(Exception):
    """The index cannot be used; ``fix`` is the command that repairs it."""

    def __init__(self, message: str, fix: str | None = FIX_COMMAND) -> None:
        super().__init__(message)
        self.fix = fix


class IndexMissing(IndexUnavailable):
    """No index has been built at this location yet."""


class IndexCorrupt(IndexUnavailable):
    """The marker or the live generation cannot be read."""


class NotAnIndex(IndexUnavailable):
    """The directory exists but was not created by this program."""


class IndexBusy(IndexUnavailable):
    """Another process holds the write lock for longer than we were willing to wait."""


class NothingToIndex(Exception):
    """Nothing was indexed and the index was left as it was: no document could be read
    from the given paths, or the paths it was built from cannot be known."""


# ------------------------------------------------------------------------ location


def default_index_dir() -> Path:
    """Where the index lives unless ``--index`` says otherwise: ``$QUOTES_INDEX``, else
    ``$XDG_DATA_HOME/quotes/index``, else ``~/.local/share/quotes/index``."""
    env = os.environ.get("QUOTES_INDEX")
    if env:
        return Path(env).expanduser()
    data = os.environ.get("XDG_DATA_HOME") or os.path.join("~", ".local", "share")
    return Path(data).expanduser() / "quotes" / "index"


def extractor_fingerprint() -> str:
    """A hash of the extraction code, so an index built by other code can be noticed."""
    here = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(here.glob("*.py")):
        if path.name not in _NOT_EXTRACTION:
            with contextlib.suppress(OSError):
                h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


# -------------------------------------------------------------------------- schema

# Snowball English (Porter2): the original Porter stemmer in Whoosh leaves
# "collaborating" as "collaborat" but "collaborate" as "collabor".
_STEM = analysis.StemmingAnalyzer(stemfn=porter2.stem)
# Names: no stemming, accents folded, stop words dropped like the text fields drop them
# (so a plain query word such as "to" never becomes a required name token).
_NAMES = (
    analysis.RegexTokenizer()
    | analysis.LowercaseFilter()
    | analysis.CharsetFilter(accent_map)
    | analysis.StopFilter()
)


def make_schema() -> fields.Schema:
    """The quote schema.

    Searchable: ``text`` (stemmed, positions for phrases, unstemmed spelling words for
    did-you-mean), ``context`` (the question or introducing sentence; lower weight at
    query time),
    ``speaker_names`` (full name, surname, aliases, id), ``topic_words``,
    ``source_names`` (publication, title, author, file name, source id).
    Facets and filters: ``speaker``, ``speaker_id``, ``source``, ``source_id``,
    ``topics``, ``date_lo``/``date_hi``; ``path`` keys a document's quotes and ``seq``
    orders them. ``record`` stores the quote's JSON. Every field and posting costs
    indexing time (Whoosh writes in pure Python), so nothing is indexed that no
    query needs.
    """
    return fields.Schema(
        id=fields.ID(stored=True, unique=True),
        path=fields.ID(sortable=True),
        seq=fields.COLUMN(columns.NumericColumn("I")),  # order in the document
        text=fields.TEXT(analyzer=_STEM, phrase=True, spelling=True),
        context=fields.TEXT(analyzer=_STEM, phrase=True),
        speaker=fields.ID(sortable=True),
        speaker_id=fields.ID(sortable=True),
        speaker_names=fields.TEXT(analyzer=_NAMES, phrase=True),
        topics=fields.KEYWORD(commas=True, lowercase=True),
        topic_words=fields.TEXT(analyzer=_STEM, phrase=True),
        source=fields.ID(sortable=True),
        source_id=fields.ID,
        source_names=fields.TEXT(analyzer=_NAMES, phrase=True),
        # Coarse trie steps: 4 terms per date instead of 8 (dates are only range-filtered).
        date_lo=fields.NUMERIC(int, bits=32, shift_step=8, sortable=True),
        date_hi=fields.NUMERIC(int, bits=32, shift_step=8, sortable=True),
        kind=fields.ID,
        record=fields.STORED,
    )


# ------------------------------------------------------------------- the lock


class WriteLock:
    """The index's single-writer lock: ``flock`` on ``DIR/.lock``, which holds the
    writer's pid for messages.

    The kernel releases an ``flock`` when its process dies, so the lock of a killed
    writer is never stale: the next writer takes it at once (and says whose it was).
    A second writer polls for ``wait`` seconds, then raises :class:`IndexBusy`.
    """

    def __init__(self, index_dir: Path, wait: float = LOCK_WAIT) -> None:
        self.path = Path(index_dir) / LOCK_FILE
        self.wait = wait
        self.stale_pid: int | None = None
        self._fd: int | None = None

    def __enter__(self) -> WriteLock:
        import fcntl

        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = _read_pid(fd)
                    os.close(fd)
                    who = f" (process {holder})" if holder else ""
                    raise IndexBusy(
                        f"indexing is in progress{who} in {self.path.parent}; "
                        f"waited {self.wait:g} s. Try again when it has finished.",
                        fix=None,
                    ) from None
                time.sleep(0.1)
        old = _read_pid(fd)
        if old and old != os.getpid():
            self.stale_pid = old  # its process died holding the lock: cleared
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        self._fd = fd
        _HELD_LOCKS.add(fd)
        return self

    def __exit__(self, *exc: object) -> None:
        import fcntl

        if self._fd is not None:
            _HELD_LOCKS.discard(self._fd)
            os.ftruncate(self._fd, 0)
            fcntl.flock(self._fd, fcntl.LOCK_UN)
            os.close(self._fd)
            self._fd = None


# Descriptors of the write locks this process holds. A forked child (an index worker
# of the multi-process writer) closes its copies first thing: an flock belongs to the
# open file, so a child keeping a copy would keep the lock after our death.
_HELD_LOCKS: set[int] = set()


def _drop_inherited_locks() -> None:
    for fd in list(_HELD_LOCKS):
        with contextlib.suppress(OSError):
            os.close(fd)
    _HELD_LOCKS.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_drop_inherited_locks)


def _read_pid(fd: int) -> int | None:
    try:
        return int(os.pread(fd, 32, 0).decode().strip() or 0) or None
    except (OSError, ValueError):
        return None


# ------------------------------------------------------------------- the marker


def _marker_data(marker: Path) -> dict[str, Any]:
    """The JSON object a marker file holds, unchecked (raises :class:`IndexCorrupt`)."""
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise IndexCorrupt(f"the index marker {marker} cannot be read ({err})") from None
    if not isinstance(data, dict):
        raise IndexCorrupt(f"{marker} is not a quote index marker")
    return data


def read_marker(index_dir: Path) -> dict[str, Any]:
    """The marker of an index directory, checked.

    Raises :class:`IndexMissing` when there is no index, :class:`NotAnIndex` for a
    directory this program did not create, :class:`IndexCorrupt` for a damaged one.
    """
    index_dir = Path(index_dir)
    marker = index_dir / MARKER
    if not marker.is_file():
        if not index_dir.exists() or (index_dir.is_dir() and not _foreign_entries(index_dir)):
            raise IndexMissing(f"no quote index at {index_dir}", fix=None)
        raise NotAnIndex(
            f"{index_dir} is not a quote index (it has no {MARKER}); refusing to open it",
            fix="quotes index --index NEW_EMPTY_DIR",
        )
    data = _marker_data(marker)
    if data.get("format") != MARKER_FORMAT:
        raise IndexCorrupt(f"{marker} is not a quote index marker")
    if data.get("version") not in READABLE_VERSIONS:
        raise IndexCorrupt(
            f"the index at {index_dir} has format version {data.get('version')!r}; "
            f"this program reads version {SCHEMA_VERSION}"
        )
    gen = data.get("current")
    if not isinstance(gen, str) or not re.fullmatch(r"gen-\d{6,}", gen):
        raise IndexCorrupt(f"{marker} names no valid generation")
    if not (index_dir / gen).is_dir():
        raise IndexCorrupt(f"the index's live generation {index_dir / gen} is missing")
    return data


def _foreign_entries(index_dir: Path) -> list[str]:
    """Entries of a directory other than the ones an index writer leaves behind."""
    ours = re.compile(
        r"^(gen-\d{6,}|texts|\.lock|\.marker-\S+|\.build-\S+|" + re.escape(MARKER) + r")$"
    )
    return [n for n in os.listdir(index_dir) if not ours.match(n)]


def _write_marker(index_dir: Path, data: dict[str, Any]) -> None:
    tmp = index_dir / f".marker-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=1, ensure_ascii=False)
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, index_dir / MARKER)
    _fsync_dir(index_dir)


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ------------------------------------------------------------------- reading side


class QuoteIndex:
    """An open index: the live generation's Whoosh index and catalog, followed as the
    index changes.

    Every accessor first checks (one ``stat``) whether the marker was replaced, and if
    so switches to the new generation, so a long-running server keeps answering from
    the newest published index. Searchers are per thread (Whoosh searchers are not
    meant to be shared between threads).
    """

    def __init__(self, index_dir: str | os.PathLike[str]) -> None:
        self.path = Path(index_dir)
        self._mutex = threading.Lock()
        self._local = threading.local()
        self._stamp: tuple[int, int, int] | None = None
        self._gen: str | None = None
        self._ix: Any = None
        self._catalog: tuple[str, Catalog] | None = None  # (generation, catalog)
        self._schema: tuple[Any, fields.Schema] | None = None  # (Whoosh index, its schema)
        self.marker: dict[str, Any] = {}
        # Per-generation memo for callers (parsers, speaker tables); emptied on switch.
        self.cache: dict[Any, Any] = {}
        # Per-segment memo (facet and sort keys), keyed by tuples ending with a segment
        # id: a segment never changes, so what a new generation keeps is kept too.
        self.segment_cache: dict[tuple[Any, ...], Any] = {}
        self.refresh()

    @classmethod
    def open(cls, index_dir: str | os.PathLike[str]) -> QuoteIndex:
        """Open the index at ``index_dir`` (raises :class:`IndexUnavailable`)."""
        return cls(index_dir)

    # -- generation tracking

    def _marker_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path / MARKER)
        except OSError:
            return None
        return st.st_ino, st.st_mtime_ns, st.st_size

    def refresh(self) -> bool:
        """Switch to the newest published generation if it changed; True if it did."""
        stamp = self._marker_stamp()
        if stamp is not None and stamp == self._stamp:
            return False
        with self._mutex:
            for attempt in range(5):
                stamp = self._marker_stamp()
                marker = read_marker(self.path)
                if marker["current"] == self._gen:
                    self._stamp, self.marker = stamp, marker
                    return False
                try:
                    ix = _open_whoosh(self.path / marker["current"])
                    break
                except IndexCorrupt:
                    # A writer may have published and cleaned up between our two
                    # reads; read the marker again before calling the index damaged.
                    if attempt == 4 or read_marker(self.path)["current"] == marker["current"]:
                        raise
            self._ix, self._gen, self._stamp, self.marker = ix, marker["current"], stamp, marker
            self._catalog = None
            self.cache = {}
            live = {segment.segment_id() for segment in ix._segments()}
            held = list(self.segment_cache.items())  # one step: searches may add to it
            self.segment_cache = {k: v for k, v in held if k[-1] in live}
            return True

    @property
    def generation_dir(self) -> Path:
        """The live generation's directory."""
        self.refresh()
        return self.path / str(self._gen)

    def searcher(self) -> Any:
        """This thread's Whoosh searcher on the live generation.

        When the generation changes, the thread's previous searcher is retired, not
        closed: a search that began on it (its results, their stored fields) finishes
        on it. It is closed at the thread's next switch.
        """
        self.refresh()
        local = self._local
        if getattr(local, "gen", None) != self._gen:
            try:
                fresh = self._ix.searcher()
            except Exception as err:  # Whoosh raises many kinds on damaged files
                raise IndexCorrupt(f"the index at {self.path} is damaged ({err})") from None
            # Deleted quotes dropped as blocks load; skips bisect; flat postings.
            live.install(fresh, functools.partial(self._flat_of, self.path / str(self._gen)))
            retired = getattr(local, "retired", None)
            if retired is not None:
                retired.close()
            local.retired = getattr(local, "searcher", None)
            local.searcher, local.gen = fresh, self._gen
        return local.searcher

    def _flat_of(self, gen_dir: Path, segment: Any) -> flatpostings.FlatSegment | None:
        """A segment's flat postings file (:mod:`search.flatpostings`) in the
        generation ``gen_dir``, opened once and kept with the segment's other memos.
        A missing file is not remembered: a later update may write it."""
        key = ("flat", segment.segment_id())
        cache = self.segment_cache  # one dict: refresh() may replace the attribute
        flat = cache.get(key)
        if flat is None:
            flat = flatpostings.open_segment(gen_dir / flatpostings.file_name(segment))
            if flat is not None:
                cache[key] = flat
        return flat

    @property
    def schema(self) -> fields.Schema:
        """The Whoosh schema of the live generation."""
        self.refresh()
        # Whoosh reads its table of contents (every segment's entry) to answer this;
        # a search asks about ten times, so it is kept for the open index.
        ix, held = self._ix, self._schema
        if held is None or held[0] is not ix:
            held = self._schema = (ix, ix.schema)
        return held[1]

    @property
    def catalog(self) -> Catalog:
        """The live generation's catalog (a read-only mapping, see
        :mod:`search.catalog`): ``documents`` (by absolute path), ``speakers`` (by id),
        ``topics``, ``roots``, ``fingerprint``."""
        self.refresh()
        gen, held = self._gen, self._catalog
        if held is not None and held[0] == gen:
            return held[1]
        try:
            catalog = Catalog.open(self.path / str(gen))
        except CatalogError as err:
            raise IndexCorrupt(f"the index catalog cannot be read ({err})") from None
        with self._mutex:
            if self._gen == gen:  # not switched meanwhile by another thread
                self._catalog = (gen, catalog)
        return catalog

    def document_text(self, sha256: str) -> str | None:
        """The stored text of a document of this generation (by content hash), or
        None. (The shared folder may still hold texts of removed documents for readers
        of the previous generation.)"""
        if not self.catalog.documents.has_sha(sha256):
            return None
        # A version-1 generation keeps its own texts (read first: the shared folder may
        # be filling from it by an update under way).
        for folder in (self.generation_dir / TEXTS, self.path / TEXTS):
            try:
                return (folder / f"{sha256}.txt").read_bytes().decode("utf-8")
            except OSError:
                pass
        return None

    def is_stale(self) -> bool:
        """True when the index was built by different extraction code."""
        return self.catalog.get("fingerprint") != extractor_fingerprint()

    def close(self) -> None:
        """Close this thread's searchers."""
        for name in ("searcher", "retired"):
            s = getattr(self._local, name, None)
            if s is not None:
                s.close()
            setattr(self._local, name, None)
        self._local.gen = None


def _open_whoosh(gen_dir: Path) -> Any:
    try:
        return FileStorage(str(gen_dir), readonly=True).open_index(INDEX_NAME)
    except Exception as err:  # EmptyIndexError, unpickling and struct errors, OSError
        raise IndexCorrupt(f"the index in {gen_dir} cannot be opened ({err})") from None


# ------------------------------------------------------------------- writing side


@dataclass
class IndexSummary:
    """What an indexing run did."""

    index_dir: str
    generation: str = ""
    documents: int = 0
    quotes: int = 0
    speakers: int = 0
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    rebuilt: bool = False
    stale_lock_pid: int | None = None
    seconds: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON form (problems as ``{"path", "message", "skipped"}``)."""
        out = {k: getattr(self, k) for k in self.__dataclass_fields__ if k != "problems"}
        out["problems"] = [
            {"path": p.path, "message": p.message, "skipped": p.fatal} for p in self.problems
        ]
        return out


Progress = Callable[[int, int], None]


def index_paths(
    index_dir: str | os.PathLike[str],
    paths: Sequence[str] = (),
    *,
    rebuild: bool = False,
    report: Reporter | None = None,
    progress: Progress | None = None,
    wait: float = LOCK_WAIT,
    workers: int | None = None,
) -> IndexSummary:
    """Make the index hold exactly the documents under ``paths``, extracting only
    the documents that changed since the live generation (see :mod:`search.build`).

    With no ``paths``: the paths the index was last built from, or the bundled corpus
    for a new index (see :func:`recorded_roots`, which raises :class:`NothingToIndex`
    when they are missing or unknown). Standard input (``-``) cannot be indexed (it has
    no stable path).
    ``workers``: extraction processes (None: one per core).
    """
    index_dir = Path(index_dir)
    problems: list[Problem] = []

    def collect(problem: Problem) -> None:
        problems.append(problem)
        if report:
            report(problem)

    if not paths:
        paths = recorded_roots(index_dir)
    if "-" in paths:
        raise ValueError("standard input cannot be indexed; save it to a file first")
    from .build import plan_files  # the extractor is imported only to write

    def make(live: LiveState, warn: Warn) -> Plan:
        return plan_files(list(paths), live, index_dir, warn, collect, workers)

    summary = publish(
        index_dir, make, rebuild=rebuild, progress=progress, wait=wait, report=collect
    )
    summary.problems = problems
    return summary


def recorded_roots(index_dir: str | os.PathLike[str]) -> list[str]:
    """The paths an index was last built from, to index again when none are given (the
    bundled corpus for a new index).

    Raises :class:`NothingToIndex` rather than guess: when one of them is missing (an
    unmounted disk, a renamed folder) its documents would silently leave the index, and
    when the marker that records them cannot be read, the bundled corpus would replace
    the user's documents.
    """
    index_dir = Path(index_dir)
    marker = index_dir / MARKER
    if not marker.is_file():
        return [str(bundled_corpus_dir())]
    try:
        # not read_marker: the roots are wanted even when the live generation is lost
        roots = _marker_data(marker).get("roots")
    except IndexCorrupt:
        roots = None
    if not roots or not isinstance(roots, list) or not all(isinstance(r, str) for r in roots):
        raise NothingToIndex(
            f"the index at {index_dir} does not say which paths it was built from; "
            f"name them: quotes index PATH... --index {index_dir} --rebuild"
        )
    missing = [r for r in roots if not Path(r).exists()]
    if missing:
        raise NothingToIndex(
            f"{missing[0]}, which this index was built from, is missing; nothing was "
            "changed (to leave its documents out, name the paths to keep: "
            f"quotes index PATH... --index {index_dir})"
        )
    return roots


def update_index(
    index_dir: str | os.PathLike[str],
    documents: Sequence[Document],
    quotes: Iterable[Quote],
    *,
    aliases: dict[str, str] | None = None,
    roots: Sequence[str] = (),
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = LOCK_WAIT,
    report: Reporter | None = None,
    limitmb: int = 384,
) -> IndexSummary:
    """Make the index hold exactly ``documents`` and their ``quotes``, writing only
    what changed, and publish the result atomically.

    ``quotes`` may come from anywhere (the pipeline, a test, a benchmark); each quote's
    ``doc`` must be the ``path`` of one of ``documents``. Documents are keyed by their
    absolute path; a second document with the same bytes as an earlier one is skipped
    (reported), since its quotes would have the same ids. If the live generation cannot
    be updated (a damaged index), the new one is built from scratch instead.
    """
    quotes = list(quotes)

    def make(live: LiveState, warn: Warn) -> Plan:
        return Plan.from_records(documents, quotes, aliases or {}, roots, warn)

    return publish(
        index_dir,
        make,
        rebuild=rebuild,
        progress=progress,
        wait=wait,
        report=report,
        limitmb=limitmb,
    )


Warn = Callable[[str, str], None]


@dataclass
class LiveState:
    """What the live generation holds, as a writer needs it: its name (None for a new
    index), its catalog (None when rebuilding or unreadable), and the build state saved
    with it."""

    gen: str | None = None
    catalog: Catalog | None = None
    state: dict[str, Any] | None = None

    @property
    def docs(self) -> Mapping[str, dict[str, Any]]:
        """The catalog's documents (empty without a catalog)."""
        return self.catalog.documents if self.catalog is not None else {}

    @property
    def speakers(self) -> Mapping[str, dict[str, Any]]:
        """The catalog's speakers (empty without a catalog)."""
        return self.catalog.speakers if self.catalog is not None else {}

    def row(self, path: str) -> DocumentRow | None:
        """All the live catalog keeps about a document, or None."""
        return self.catalog.documents.row(path) if self.catalog is not None else None

    def saved_state(self, index_dir: Path) -> dict[str, Any] | None:
        """The build state pickled with the live generation (see :data:`STATE`), or
        None. Only generations this program wrote are ever read (the marker says so)."""
        if self.state is None and self.gen is not None and self.docs:
            try:
                with open(index_dir / self.gen / STATE, "rb") as f:
                    self.state = pickle.load(f)
            except Exception:  # missing, or written by other code: nothing to reuse
                self.state = {}
        return self.state or None


def publish(
    index_dir: str | os.PathLike[str],
    make_plan: Callable[[LiveState, Warn], Plan],
    *,
    rebuild: bool = False,
    progress: Progress | None = None,
    wait: float = LOCK_WAIT,
    report: Reporter | None = None,
    limitmb: int = 384,
) -> IndexSummary:
    """Take the write lock, plan the update against the live generation with
    ``make_plan``, write a new generation and publish it.

    If the live generation cannot be updated (a damaged index), the new one is
    planned and built again from scratch.
    """
    started = time.monotonic()
    index_dir = Path(index_dir)
    summary = IndexSummary(index_dir=str(index_dir))

    def warn(path: str, message: str, fatal: bool = True) -> None:
        problem = Problem(path, message, fatal)
        summary.problems.append(problem)
        if report:
            report(problem)

    if index_dir.exists() and not index_dir.is_dir():
        raise NotAnIndex(f"{index_dir} is a file, not an index directory", fix=None)
    with contextlib.suppress(IndexMissing, IndexCorrupt):
        read_marker(index_dir)  # raises NotAnIndex before anything is written into it
    index_dir.mkdir(parents=True, exist_ok=True)
    with WriteLock(index_dir, wait) as lock:
        summary.stale_lock_pid = lock.stale_pid
        live = _live_state(index_dir, rebuild)
        _remove_leftovers(index_dir, keep=_published(index_dir, live.gen))
        plan = make_plan(live, warn)
        try:
            try:
                gen, catalog = _write_generation(
                    index_dir, live, plan, summary, progress, limitmb, warn
                )
            except Exception as err:
                if live.gen is None or not len(live.docs):
                    raise
                warn(str(index_dir), f"the index could not be updated ({err}); rebuilt it", False)
                summary.added, summary.updated, summary.unchanged = [], [], []
                summary.removed = []
                fresh = LiveState()
                if plan.partial:
                    plan.cleanup()
                    plan = make_plan(fresh, warn)
                gen, catalog = _write_generation(
                    index_dir, fresh, plan, summary, progress, limitmb, warn
                )
        finally:
            plan.cleanup()
        _write_marker(
            index_dir,
            {
                "format": MARKER_FORMAT,
                "version": SCHEMA_VERSION,
                "current": gen,
                "updated": datetime.now(UTC).isoformat(timespec="seconds"),
                "roots": list(plan.roots),
                "fingerprint": catalog["fingerprint"],
                "documents": len(catalog.documents),
                "quotes": catalog.documents.total_quotes(),
                "speakers": len(catalog["speakers"]),
            },
        )
        _remove_leftovers(index_dir, keep={gen, live.gen} - {None})
        _remove_unused_texts(index_dir, catalog, live)
    summary.generation = gen
    summary.documents = len(catalog.documents)
    summary.quotes = catalog.documents.total_quotes()
    summary.speakers = len(catalog["speakers"])
    summary.seconds = time.monotonic() - started
    return summary


@dataclass
class Plan:
    """What the index should hold after an update.

    ``catalog``: the next generation's catalog, filled but for its speakers and topics:
    per document (by absolute path) its entry (``shown`` is the path as given) and its
    quotes per speaker id and per topic label, which the speakers and topics are summed
    from. ``names``: each speaker id's name. ``records(path)`` and ``text(path)`` give
    a changed document's quote records (in text order) and text. ``partial``: some
    documents were carried over from the live generation without being read, so the
    plan cannot build an index from scratch. ``state`` is saved with the generation
    for the next incremental update.
    """

    catalog: Catalog
    names: dict[str, str]
    aliases: dict[str, str]
    roots: Sequence[str]
    records: Callable[[str], list[dict[str, Any]]]
    text: Callable[[str], str]
    partial: bool = False
    state: dict[str, Any] | None = None
    cleanup: Callable[[], None] = lambda: None

    @property
    def docs(self) -> Documents:
        """The documents' entries, by absolute path."""
        return self.catalog.documents

    @classmethod
    def from_records(
        cls,
        documents: Sequence[Document],
        quotes: Iterable[Quote],
        aliases: dict[str, str],
        roots: Sequence[str],
        warn: Warn,
    ) -> Plan:
        """A plan for documents and quotes held in memory."""
        by_shown: dict[str, Document] = {}
        seen_sha: dict[str, str] = {}
        for doc in documents:
            if doc.path == "-" or doc.path in by_shown:
                continue
            if doc.sha256 in seen_sha:
                warn(doc.path, f"same content as {seen_sha[doc.sha256]}; skipped")
                continue
            seen_sha[doc.sha256] = doc.path
            by_shown[doc.path] = doc
        records: dict[str, list[dict[str, Any]]] = {}
        abs_of = {shown: _abspath(shown) for shown in by_shown}
        for shown in by_shown:
            records[abs_of[shown]] = []
        for quote in quotes:
            if quote.doc in by_shown:
                rec = quote.to_dict()
                rec["doc"] = abs_of[quote.doc]
                records[rec["doc"]].append(rec)
        catalog = Catalog.create()
        names: dict[str, str] = {}
        for shown, doc in by_shown.items():
            path = abs_of[shown]
            recs = records[path]
            entry = doc_entry(path, shown, doc.sha256, doc.source.to_dict(), recs)
            catalog.put(path, entry, stats=record_stats(recs, names))
        texts = {abs_of[s]: d.text for s, d in by_shown.items()}
        return cls(
            catalog,
            names,
            aliases,
            roots,
            records.__getitem__,
            texts.__getitem__,
            cleanup=catalog.close,
        )


def doc_entry(
    path: str, shown: str, sha256: str, source: dict[str, Any], recs: list[dict[str, Any]]
) -> dict[str, Any]:
    """A document's catalog entry; sorts ``recs`` into text order."""
    recs.sort(key=lambda r: (r["spans"][0][0] if r["spans"] else 0, r["id"]))
    return {
        "path": path,
        "shown": shown,
        "sha256": sha256,
        "source": source,
        "quotes": len(recs),
        "quotes_hash": _hash_records(recs),
    }


def record_stats(recs: list[dict[str, Any]], names: dict[str, str]) -> dict[str, dict[str, int]]:
    """A document's quotes per speaker id and per topic label (lower case); notes each
    speaker's name in ``names``."""
    speakers: Counter[str] = Counter()
    topics: Counter[str] = Counter()
    for rec in recs:
        sid = rec.get("speaker_id") or slugify(rec.get("speaker") or "")
        speakers[sys.intern(sid)] += 1
        names.setdefault(sid, rec.get("speaker") or sid)
        # Interned: a large corpus's stats repeat the same few thousand labels and ids.
        topics.update(sys.intern(t.lower()) for t in rec.get("topics") or ())
    return {"speakers": dict(speakers), "topics": dict(topics)}


def _live_state(index_dir: Path, rebuild: bool) -> LiveState:
    """The live generation (None: build afresh) and, unless rebuilding, its catalog."""
    try:
        marker = read_marker(index_dir)
    except IndexMissing:
        return LiveState()
    except IndexCorrupt:
        return LiveState()  # a damaged marker: the index is replaced whole
    if rebuild:
        return LiveState(marker["current"])
    try:
        return LiveState(marker["current"], Catalog.open(index_dir / marker["current"]))
    except CatalogError:
        return LiveState(marker["current"])


def _write_generation(
    index_dir: Path,
    live: LiveState,
    plan: Plan,
    summary: IndexSummary,
    progress: Progress | None,
    limitmb: int,
    warn: Callable[..., None],
) -> tuple[str, Catalog]:
    """Fill a new generation directory (removed again on any failure); returns its
    name and catalog. Incremental from the live generation when its documents are
    known. A segment's flat postings file that cannot be written is a warning, not a
    failure: searches read that segment's blocks, and the next update tries again."""
    gen = _next_generation(index_dir)
    gen_dir = index_dir / gen
    old_docs = live.catalog.documents if live.gen is not None and live.catalog else None
    fresh = old_docs is None or not len(old_docs)
    summary.rebuilt = fresh
    try:
        (index_dir / TEXTS).mkdir(exist_ok=True)
        if fresh:
            gen_dir.mkdir()
            ix = FileStorage(str(gen_dir)).create_index(make_schema(), indexname=INDEX_NAME)
        else:
            _link_tree(index_dir / str(live.gen), gen_dir)
            _share_old_texts(index_dir / str(live.gen) / TEXTS, index_dir / TEXTS)
            ix = FileStorage(str(gen_dir)).open_index(INDEX_NAME)
            _check_readable(ix, old_docs.total_quotes() if old_docs is not None else 0)
        _apply_changes(
            ix, index_dir / TEXTS, None if fresh else old_docs, plan, summary, progress, limitmb
        )
        for segment, err in flatpostings.write_missing(gen_dir, INDEX_NAME):
            warn(str(gen_dir), f"no flat postings file for segment {segment} ({err})", False)
        catalog = _make_catalog(plan, gen_dir)
        state_file = gen_dir / STATE
        with contextlib.suppress(FileNotFoundError):
            state_file.unlink()  # a hard link to the live generation's: never written into
        if plan.state is not None:
            with open(state_file, "wb") as f:
                pickle.dump(plan.state, f, pickle.HIGHEST_PROTOCOL)
        _flush_to_disk()
    except BaseException:
        shutil.rmtree(gen_dir, ignore_errors=True)
        raise
    return gen, catalog


def _abspath(shown: str) -> str:
    return real_path(shown)


def _hash_records(recs: list[dict[str, Any]]) -> str:
    blob = json.dumps(recs, sort_keys=True, ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()


def _apply_changes(
    ix: Any,
    texts: Path,
    old_docs: Documents | None,
    plan: Plan,
    summary: IndexSummary,
    progress: Progress | None,
    limitmb: int,
) -> None:
    """Delete removed and changed documents' quotes, then add new and changed ones.

    Additions are committed in equal chunks of at most :data:`CHUNK` quotes, each its
    own segment: Whoosh sorts postings in memory up to ``limitmb`` and merges runs
    spilled beyond it in pure Python, which halves the speed of a large build. (Equal,
    so that no small chunk is left at the end: see :func:`chunk_size`.) Nothing here is
    visible to readers until the generation is published, so the intermediate
    commits are not a consistency concern.
    """
    names_of = _speaker_names(plan.aliases)

    def same(old: tuple[str, str] | None, new: str) -> bool:
        """Whether the live catalog's (sha256, entry) and an entry of the plan (as
        stored) hold the same document, source and quotes: most often the entries are
        the very same string."""
        if old is None or old[1] == new:
            return old is not None
        a, b = json.loads(old[1]), json.loads(new)
        return all(a.get(k) == b.get(k) for k in ("sha256", "source", "quotes_hash"))

    def stored(sha: str, old: tuple[str, str] | None) -> bool:
        """Whether the text of a document is stored, given the live catalog's (sha256,
        entry) for its path. Texts the live generation names were flushed to disk
        before it was published; any other file may be a crashed run's and is written
        again."""
        if old_docs is None or not (old_docs.has_sha(sha) if old is None else old[0] == sha):
            return False
        return (texts / f"{sha}.txt").is_file()

    # Two passes: over the plan's documents (read from disk) to find what changed and
    # count its quotes, then over the changed ones, by row number, to write them.
    left = 0
    to_write = array("q")
    replaced: list[str] = []
    for number, path, shown, sha, quotes, entry in plan.docs.briefly():
        old = old_docs.stored_entry(path) if old_docs is not None else None
        if same(old, entry) and stored(sha, old):
            summary.unchanged.append(shown)
            continue
        to_write.append(number)
        if old is not None:
            summary.updated.append(shown)
            replaced.append(path)
        else:
            summary.added.append(shown)
        left += quotes
    if old_docs is not None:
        summary.removed.extend(sorted(p for p in old_docs if p not in plan.docs))
    stale = summary.removed + replaced
    if stale:
        writer = ix.writer(limitmb=limitmb)
        for path in stale:
            writer.delete_by_term("path", path)
        # When nothing is added, this is the commit that tidies the segments.
        writer.commit(**({"merge": False} if to_write else {"mergetype": merge_small_segments}))
    chunked = left > CHUNK
    writer, in_writer, per_chunk = None, 0, 0
    try:
        for done, number in enumerate(to_write, 1):
            path, info = plan.docs.at(number)
            old = old_docs.stored_entry(path) if old_docs is not None else None
            if not stored(info["sha256"], old):
                _store_text(texts, info["sha256"], plan.text(path))
            if writer is None:
                per_chunk = chunk_size(left)
                writer = _writer(ix, per_chunk, limitmb)
            recs = plan.records(path)
            for seq, rec in enumerate(recs):
                writer.add_document(**_fields(rec, seq, names_of))
            in_writer += len(recs)
            left -= len(recs)
            if in_writer >= per_chunk and left:
                writer.commit(merge=False)
                writer, in_writer = None, 0
            if progress:
                progress(done, len(to_write))
        if writer is not None:
            if chunked:
                writer.commit(merge=False)
            else:
                writer.commit(mergetype=merge_small_segments)
            writer = None
    except BaseException:
        if writer is not None:
            writer.cancel()
        raise
    if progress and not to_write:
        progress(1, 1)


CHUNK = 40_000  # quotes per commit in a large build (fewer segments: faster queries)
SMALL_SEGMENT = 10_000  # quotes: segments below this are merged with others of their size
MERGE_FACTOR = 4  # this many small segments of one size tier are merged into one


def chunk_size(quotes: int) -> int:
    """The quotes per commit when adding ``quotes``: as many equal chunks of at most
    :data:`CHUNK` as needed.

    A build cut in full chunks would end with a small one (11,329 quotes of a
    million), too small for the multi-process writer (see :func:`_writer`): this
    process would then sort its postings itself, growing by some 160 MB it keeps.
    """
    chunks = max(1, -(-quotes // CHUNK))
    return -(-quotes // chunks)


def merge_small_segments(writer: Any, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy for updates: an update costs what it adds, not a rewrite
    of the index. (Whoosh's own ``MERGE_SMALL`` merges a million-quote index of equal
    chunks whole.)

    Segments of fewer than :data:`SMALL_SEGMENT` quotes and a tenth of the index (those
    of earlier small updates) are grouped in tiers by size, a tier being a factor of
    :data:`MERGE_FACTOR`; a tier that holds that many segments is merged into the
    segment being written, so small segments never pile up and a quote is rewritten
    about once per tier, not on every update. A large segment is never merged unless
    more than half of it is deleted quotes (old versions of updated documents), which
    bounds what deletions cost searches and disk."""
    from whoosh.reading import SegmentReader

    limit = _small_limit(sum(s.doc_count_all() for s in segments))
    tiers: defaultdict[int, list[Any]] = defaultdict(list)
    worn = []
    for seg in segments:
        if seg.doc_count_all() < limit:
            tiers[_tier(seg.doc_count())].append(seg)
        elif seg.deleted_count() * 2 > seg.doc_count_all():
            worn.append(seg)
    chosen = worn + [s for tier in tiers.values() if len(tier) >= MERGE_FACTOR for s in tier]
    for seg in chosen:
        reader = SegmentReader(writer.storage, writer.schema, seg)
        writer.add_reader(reader)
        reader.close()
    return [s for s in segments if s not in chosen]


def _small_limit(quotes: int) -> int:
    """Segments below this many quotes, in an index of ``quotes``, are small: small in
    absolute terms, and next to the index (a 10,000-quote index is itself made of
    segments below SMALL_SEGMENT)."""
    return min(SMALL_SEGMENT, quotes // 10)


def _tier(quotes: int) -> int:
    """The size tier of a segment: the floor of log base MERGE_FACTOR of its quotes."""
    tier = 0
    while quotes >= MERGE_FACTOR:
        quotes //= MERGE_FACTOR
        tier += 1
    return tier


PARALLEL_FROM = 5_000  # quotes: from this many, several processes write


def _writer(ix: Any, quotes: int, limitmb: int) -> Any:
    """A Whoosh writer for a chunk of ``quotes`` more quotes, with room to sort it in
    memory (about 20 KB a quote; spilled runs are merged slowly, in Python). Many
    quotes on several cores: Whoosh's multi-process writer (one segment per process,
    about 1.7 times faster on two cores), with workers that cannot outlive us."""
    procs = min(os.cpu_count() or 1, 4)
    # Each process writes a segment of its own. Segments below the small-segment limit
    # are merged again (in Python) by later updates, which costs more than the second
    # core saves: an update of 1% of a million quotes is written by one process.
    share = quotes // procs
    if procs > 1 and quotes >= PARALLEL_FROM and share >= _small_limit(ix.doc_count_all() + quotes):
        per_proc = max(limitmb, 20 * quotes // procs // 1000)
        return _SafeMpWriter(ix, procs=procs, limitmb=per_proc, multisegment=True)
    return ix.writer(limitmb=max(limitmb, 20 * quotes // 1000))


class _SafeSubWriterTask(SubWriterTask):
    """A Whoosh index worker that gives up our write lock and exits with us.

    A forked worker shares our lock's open file, so without this a ``kill -9`` of
    this process would leave the lock held and the worker blocked forever on its
    job queue. The worker's copy of the lock is closed as it is forked, and it
    watches its parent, exiting within half a second of the parent's death.
    """

    def __init__(self, *args: Any, parent: int) -> None:
        super().__init__(*args)
        self.parent = parent

    def run(self) -> None:
        _drop_inherited_locks()  # done at fork already; again for other start methods
        exit_with_parent(self.parent)
        super().run()


class _SafeMpWriter(MpWriter):
    """Whoosh's multi-process writer with :class:`_SafeSubWriterTask` workers."""

    def _new_task(self) -> SubWriterTask:
        task = _SafeSubWriterTask(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
            parent=os.getpid(),
        )
        self.tasks.append(task)
        task.start()
        return task


def _store_text(texts: Path, sha256: str, text: str) -> None:
    """Save a document's text in the shared folder, whole or not at all (readers of
    the live generation may be reading the same file)."""
    tmp = texts / f".{sha256}.{os.getpid()}.tmp"
    tmp.write_bytes(text.encode("utf-8"))
    os.replace(tmp, texts / f"{sha256}.txt")


def _share_old_texts(old: Path, shared: Path) -> None:
    """Link the texts of a generation written before the shared folder into it (once:
    the generations written since have no folder of their own)."""
    if not old.is_dir():
        return
    for entry in os.scandir(old):
        if entry.name.endswith(".txt") and not (shared / entry.name).exists():
            tmp = shared / f".{entry.name}.{os.getpid()}.tmp"
            _link_or_copy(entry.path, tmp)
            os.replace(tmp, shared / entry.name)


def _remove_unused_texts(index_dir: Path, catalog: Catalog, live: LiveState) -> None:
    """Remove the shared texts that neither the new generation nor the one kept for
    readers still on it names (and any left half-written by a killed run)."""
    kept = [catalog.documents]
    if live.catalog is not None:
        kept.append(live.catalog.documents)
    elif live.gen is not None:  # a rebuild, or a catalog that could not be read
        with contextlib.suppress(CatalogError):
            kept.append(Catalog.open(index_dir / live.gen).documents)
    for entry in os.scandir(index_dir / TEXTS):
        sha = entry.name[:-4]
        if entry.name.startswith(".") or not any(docs.has_sha(sha) for docs in kept):
            with contextlib.suppress(OSError):
                os.unlink(entry.path)


def _speaker_names(aliases: dict[str, str]) -> dict[str, list[str]]:
    """Canonical name (case-folded) → its aliases."""
    out: dict[str, list[str]] = defaultdict(list)
    for alias, canonical in aliases.items():
        out[canonical.casefold()].append(alias)
    return out


def _fields(rec: dict[str, Any], seq: int, names_of: dict[str, list[str]]) -> dict[str, Any]:
    """The Whoosh document of one quote record."""
    src = rec.get("source") or {}
    speaker = rec.get("speaker") or ""
    names = [speaker, rec.get("speaker_id") or "", *names_of.get(speaker.casefold(), ())]
    lo, hi = date_range(src.get("date")) or UNKNOWN_DATE
    source_names = [src.get(k) or "" for k in ("publication", "title", "author", "id")]
    stem = Path(rec["doc"]).stem
    if stem != src.get("title"):
        source_names.append(stem)
    topics = [t for t in rec.get("topics") or () if t]
    return {
        "id": rec["id"],
        "path": rec["doc"],
        "seq": seq,
        "text": rec.get("text") or "",
        "context": rec.get("context") or "",
        "speaker": speaker,
        "speaker_id": rec.get("speaker_id") or slugify(speaker),
        "speaker_names": " \n ".join(n.replace("-", " ") for n in names if n),
        "topics": ",".join(t.replace(",", " ") for t in topics),
        "topic_words": " \n ".join(topics),
        "source": source_label(src, rec["doc"]),
        "source_id": src.get("id") or "",
        "source_names": " \n ".join(n for n in source_names if n),
        "date_lo": lo,
        "date_hi": hi,
        "kind": rec.get("kind") or "direct",
        "record": json.dumps(rec, ensure_ascii=False),
    }


def source_label(source: dict[str, Any], doc_path: str) -> str:
    """A source's short name for facets and lists: its publication, else its title,
    else the document's file name."""
    return source.get("publication") or source.get("title") or Path(doc_path).name


def _check_readable(ix: Any, expected: int) -> None:
    """Open every segment of the live generation before building on it, and compare
    its quote count with the catalog's (a damaged index is rebuilt instead)."""
    with ix.reader() as reader:
        found = reader.doc_count()
        for docnum in reader.all_doc_ids():
            reader.stored_fields(docnum)
            break
    if found != expected:
        raise IndexCorrupt(f"the index holds {found} quotes but its catalog {expected}")


def _make_catalog(plan: Plan, gen_dir: Path) -> Catalog:
    """Save the plan's catalog into the generation, with its speakers and topics."""
    names_of = _speaker_names(plan.aliases)

    def speakers_of(counts: Iterator[dict[str, dict[str, int]]]) -> dict[str, Any]:
        speakers: dict[str, dict[str, Any]] = {}
        for stats in counts:
            for sid, n in stats["speakers"].items():
                sp = speakers.get(sid)
                if sp is None:
                    name = plan.names.get(sid) or sid
                    sp = speakers[sid] = {
                        "id": sid,
                        "name": name,
                        "aliases": sorted(set(names_of.get(name.casefold(), ()))),
                        "quotes": 0,
                        "documents": 0,
                    }
                sp["quotes"] += n
                sp["documents"] += 1
        return speakers

    meta = {
        "version": SCHEMA_VERSION,
        "fingerprint": extractor_fingerprint(),
        "roots": list(plan.roots),
    }
    return plan.catalog.save(gen_dir, meta, speakers_of)


def _next_generation(index_dir: Path) -> str:
    nums = [int(m.group(1)) for n in os.listdir(index_dir) if (m := re.fullmatch(r"gen-(\d+)", n))]
    return f"gen-{max(nums, default=0) + 1:06d}"


def _published(index_dir: Path, live: str | None) -> set[str]:
    """The live generation and the one before it (a reader may still be on it)."""
    if live is None:
        return set()
    older = [n for n in os.listdir(index_dir) if re.fullmatch(r"gen-\d+", n) and n < live]
    return {live, *sorted(older)[-1:]}


def _remove_leftovers(index_dir: Path, keep: set[str]) -> None:
    """Remove generations other than ``keep`` (old ones and those of killed runs) and
    stray temporary markers. Called only while holding the write lock."""
    for name in os.listdir(index_dir):
        stray = name.startswith((".marker-", SCRATCH_PREFIX))
        if (re.fullmatch(r"gen-\d+", name) and name not in keep) or stray:
            target = index_dir / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            else:
                with contextlib.suppress(OSError):
                    target.unlink()


def _link_tree(src: Path, dest: Path) -> None:
    """Copy a generation's files by hard links (falling back to copies), leaving out
    locks, temporary files and the texts (see :func:`_share_old_texts`). Nothing
    linked is ever opened for writing afterwards."""
    dest.mkdir()
    for entry in os.scandir(src):
        if not entry.is_file() or "LOCK" in entry.name or entry.name.endswith(".tmp"):
            continue
        _link_or_copy(entry.path, dest / entry.name)


def _link_or_copy(src: str, dest: Path) -> None:
    """A hard link to ``src`` at ``dest``, or a copy where links cannot be made."""
    try:
        os.link(src, dest)
    except OSError:
        shutil.copy2(src, dest)


def _flush_to_disk() -> None:
    """Flush written files before a generation is published, so a power cut cannot
    publish a marker whose files never reached the disk. One ``sync`` is far cheaper
    than an ``fsync`` per file (a generation holds one file per document)."""
    os.sync()


def open_index(index_dir: str | os.PathLike[str]) -> QuoteIndex:
    """Open an existing index (raises :class:`IndexUnavailable` with a fix)."""
    return QuoteIndex.open(index_dir)


def is_bundled_index(index: QuoteIndex) -> bool:
    """True when the index holds exactly the bundled corpus."""
    try:
        bundled = str(bundled_corpus_dir().resolve())
    except FileNotFoundError:
        return False
    return list(index.marker.get("roots") or []) == [bundled]


def open_or_build(
    index_dir: str | os.PathLike[str] | None,
    say: Callable[[str], None],
    report: Reporter | None = None,
) -> QuoteIndex:
    """Open the index for searching or serving.

    ``index_dir`` None means the default location (:func:`default_index_dir`); there, a
    missing index is built from the bundled corpus first. Any index of the bundled
    corpus built by other extraction code is rebuilt (it is small); for other stale
    indexes ``say`` is told how to refresh them. ``say`` receives one-line messages for
    people (the command line prints them on standard error).
    """
    path = Path(index_dir) if index_dir is not None else default_index_dir()
    try:
        index = QuoteIndex(path)
    except IndexMissing:
        if index_dir is not None:
            raise IndexMissing(
                f"no quote index at {path}",
                fix=f"quotes index --index {path} PATH...",
            ) from None
        say(f"no index yet: building one from the bundled corpus in {path}")
        index_paths(path, report=report)
        return QuoteIndex(path)
    if index.is_stale():
        if is_bundled_index(index):
            say("the extractor has changed since the index was built: re-indexing the corpus")
            try:
                index_paths(path, report=report, wait=5.0)
            except IndexBusy:
                say("another process is indexing; searching the current index")
            index.refresh()
        else:
            where = f" --index {path}" if index_dir is not None else ""
            say(
                f"the index was built by another version of the extractor; "
                f"`quotes index{where}` brings it up to date"
            )
    return index
