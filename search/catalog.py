"""The index's catalog, kept on disk: each document's entry (path, source, quote count,
hashes), its quotes per speaker and per topic, the stat stamp of its file, and the
speakers and topics summed over the corpus.

A generation's catalog is one SQLite file, ``catalog.sqlite``, opened read-only and
read a row at a time, so neither a writer nor a reader holds the catalog of a large
archive in memory. A writer fills the catalog of the next generation while it plans an
update (in its scratch folder), then copies it into the new generation whole and adds
the speakers and topics, summed in one pass over the documents' rows.

Readers see a :class:`Catalog` as a read-only mapping: ``catalog["documents"]`` (by
absolute path, in reading order) and ``catalog["speakers"]`` (by id) are mappings
backed by tables; ``fingerprint``, ``roots``, ``topics`` and ``version`` are plain
values. Generations written by version 2 of the index have a ``catalog.json`` (and
their stamps and per-document counts in ``state.pickle``); they are loaded into a
private temporary database with the same interface.
"""

from __future__ import annotations

import json
import os
import pickle
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

CATALOG = "catalog.sqlite"
OLD_CATALOG = "catalog.json"  # written by index format versions 1 and 2
_BATCH = 1000  # rows read at a time when iterating

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS documents (
    n INTEGER PRIMARY KEY,  -- reading order
    path TEXT NOT NULL UNIQUE,
    shown TEXT,  -- the path as it was given
    sha256 TEXT,
    source_id TEXT,
    quotes INTEGER NOT NULL DEFAULT 0,
    entry TEXT NOT NULL,  -- JSON: the catalog entry
    stats TEXT,  -- JSON: {"speakers": {id: quotes}, "topics": {label: quotes}}
    stamp TEXT,  -- JSON: the file's stat stamp when it was read
    records INTEGER  -- a writer's number for its records in its scratch (then stale)
);
CREATE INDEX IF NOT EXISTS documents_sha ON documents (sha256);
CREATE INDEX IF NOT EXISTS documents_source ON documents (source_id);
CREATE TABLE IF NOT EXISTS speakers (n INTEGER PRIMARY KEY, id TEXT UNIQUE, value TEXT);
"""


class CatalogError(Exception):
    """A catalog file that cannot be read."""


class DocumentRow:
    """Everything the catalog keeps about one document, decoded when first asked for
    (an update carries most rows over to the next catalog as they are)."""

    COLUMNS = "shown, sha256, source_id, quotes, entry, stats, stamp, records"

    def __init__(
        self,
        shown: str | None,
        sha256: str | None,
        source_id: str | None,
        quotes: int,
        entry: str,
        stats: str | None,
        stamp: str | None,
        records: int | None,
    ) -> None:
        self.shown, self.sha256, self.source_id, self.quotes = shown, sha256, source_id, quotes
        self.raw_entry, self.raw_stats, self.raw_stamp = entry, stats, stamp
        self.records = records

    @cached_property
    def entry(self) -> dict[str, Any]:
        """The catalog entry."""
        return json.loads(self.raw_entry)

    @cached_property
    def stats(self) -> dict[str, dict[str, int]] | None:
        """Quotes per speaker id and per topic label (None when not known)."""
        return json.loads(self.raw_stats) if self.raw_stats else None

    @cached_property
    def stamp(self) -> tuple[int, ...] | None:
        """The file's stat stamp when it was read (None when not known)."""
        return tuple(json.loads(self.raw_stamp)) if self.raw_stamp else None


class _Table(Mapping[str, dict[str, Any]]):
    """A read-only mapping over one table's JSON values, in the order rows were
    added. ``items()`` and ``values()`` read :data:`_BATCH` rows per query."""

    def __init__(self, db: sqlite3.Connection, table: str, key: str, value: str) -> None:
        self._db, self._table, self._key, self._value = db, table, key, value

    def __getitem__(self, key: str) -> dict[str, Any]:
        sql = f"SELECT {self._value} FROM {self._table} WHERE {self._key} = ?"
        row = self._db.execute(sql, (key,)).fetchone()
        if row is None:
            raise KeyError(key)
        return json.loads(row[0])

    def __contains__(self, key: object) -> bool:
        sql = f"SELECT 1 FROM {self._table} WHERE {self._key} = ?"
        return self._db.execute(sql, (key,)).fetchone() is not None

    def __len__(self) -> int:
        return self._db.execute(f"SELECT count(*) FROM {self._table}").fetchone()[0]

    def __iter__(self) -> Iterator[str]:
        for _, key, _ in self._rows(self._key):
            yield key

    def items(self) -> Iterator[tuple[str, dict[str, Any]]]:  # type: ignore[override]
        """(key, value) pairs, read a batch at a time."""
        for _, key, value in self._rows(self._value):
            yield key, json.loads(value)

    def values(self) -> Iterator[dict[str, Any]]:  # type: ignore[override]
        """The values, read a batch at a time."""
        for _, _, value in self._rows(self._value):
            yield json.loads(value)

    def at(self, number: int) -> tuple[str, dict[str, Any]]:
        """The key and value of the row numbered ``number`` (see
        :meth:`Documents.briefly`)."""
        sql = f"SELECT {self._key}, {self._value} FROM {self._table} WHERE n = ?"
        key, value = self._db.execute(sql, (number,)).fetchone()
        return key, json.loads(value)

    def _rows(self, column: str) -> Iterator[tuple[int, str, str]]:
        return self._paged(f"{self._key}, {column}")

    def _paged(self, columns: str) -> Iterator[tuple[Any, ...]]:
        """Rows of ``columns``, each after its row number, in order, a batch at a time."""
        # Page by row number, so no cursor stays open between batches (the connection
        # may be written or read for something else meanwhile).
        sql = f"SELECT n, {columns} FROM {self._table} WHERE n > ? ORDER BY n LIMIT {_BATCH}"
        last = -1
        while rows := self._db.execute(sql, (last,)).fetchall():
            yield from rows
            last = rows[-1][0]


class Documents(_Table):
    """Catalog entries by absolute path, in reading order, with what a writer needs
    besides: each document's counts, stamp and scratch number (see :meth:`row`)."""

    def __init__(self, db: sqlite3.Connection) -> None:
        super().__init__(db, "documents", "path", "entry")

    def row(self, path: str) -> DocumentRow | None:
        """All the catalog keeps about the document at ``path``, or None."""
        found = self._db.execute(
            f"SELECT {DocumentRow.COLUMNS} FROM documents WHERE path = ?", (path,)
        ).fetchone()
        return DocumentRow(*found) if found is not None else None

    def stored_entry(self, path: str) -> tuple[str, str] | None:
        """The sha256 and entry as stored (JSON) of the document at ``path``, or None."""
        sql = "SELECT sha256, entry FROM documents WHERE path = ?"
        return self._db.execute(sql, (path,)).fetchone()

    def briefly(self) -> Iterator[tuple[int, str, str, str, int, str]]:
        """Each document's row number, path, path as given, sha256, quotes and entry as
        stored (JSON), a batch at a time: enough to compare it with another catalog's."""
        return self._paged("path, shown, sha256, quotes, entry")

    def with_sha(self, sha256: str) -> dict[str, Any] | None:
        """The entry of the first document with this content hash, or None."""
        row = self._db.execute(
            "SELECT entry FROM documents WHERE sha256 = ? ORDER BY n LIMIT 1", (sha256,)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def has_sha(self, sha256: str) -> bool:
        """True when a document has this content hash."""
        sql = "SELECT 1 FROM documents WHERE sha256 = ? LIMIT 1"
        return self._db.execute(sql, (sha256,)).fetchone() is not None

    def path_of_source(self, source_id: str) -> str | None:
        """The path of the first document with this source id, or None."""
        row = self._db.execute(
            "SELECT path FROM documents WHERE source_id = ? ORDER BY n LIMIT 1", (source_id,)
        ).fetchone()
        return row[0] if row else None

    def total_quotes(self) -> int:
        """The quotes of all documents."""
        return self._db.execute("SELECT coalesce(sum(quotes), 0) FROM documents").fetchone()[0]

    def all_stats(self) -> Iterator[dict[str, dict[str, int]]]:
        """Each document's counts, read a batch at a time."""
        for _, _, stats in self._rows("stats"):
            if stats:
                yield json.loads(stats)


class Catalog(Mapping[str, Any]):
    """A generation's catalog (see the module's docstring). ``documents`` and
    ``speakers`` are read from the database as asked for; the rest is read at open."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db
        try:
            self._meta = {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM meta")}
        except (sqlite3.Error, ValueError) as err:
            db.close()
            raise CatalogError(str(err)) from None
        self.documents = Documents(db)
        self.speakers = _Table(db, "speakers", "id", "value")
        self._pending = 0

    # -- opening

    @classmethod
    def open(cls, folder: Path) -> Catalog:
        """The catalog of the generation in ``folder`` (raises :class:`CatalogError`)."""
        path = Path(folder) / CATALOG
        if path.is_file():
            # Immutable: a generation's files are replaced, never edited, so SQLite
            # need not lock or look for a journal.
            uri = path.resolve().as_uri() + "?immutable=1"
            try:
                db = sqlite3.connect(uri, uri=True, check_same_thread=False)
            except sqlite3.Error as err:
                raise CatalogError(f"{path}: {err}") from None
            return cls(db)
        return cls._from_json(Path(folder))

    @classmethod
    def create(cls, path: Path | None = None) -> Catalog:
        """A new, empty catalog to fill: in a scratch file at ``path`` (which must not
        hold one already), or in a private temporary database when None."""
        db = sqlite3.connect(str(path) if path else "", check_same_thread=False)
        # Scratch: nothing to recover after a crash, so no journal and no syncing.
        db.execute("PRAGMA journal_mode = OFF")
        db.execute("PRAGMA synchronous = OFF")
        db.executescript(_SCHEMA)
        return cls(db)

    @classmethod
    def _from_json(cls, folder: Path) -> Catalog:
        """A version-2 generation's catalog, with the per-document counts and stamps its
        build state kept."""
        try:
            data = json.loads((folder / OLD_CATALOG).read_text(encoding="utf-8"))
            documents = dict(data["documents"])
            speakers = dict(data.get("speakers") or {})
        except (OSError, ValueError, KeyError, TypeError) as err:
            raise CatalogError(f"{folder / OLD_CATALOG}: {err}") from None
        try:
            with open(folder / "state.pickle", "rb") as f:
                state = pickle.load(f)
        except Exception:  # missing or unreadable: nothing to reuse
            state = {}
        stats, stamps = state.get("stats") or {}, state.get("stamps") or {}
        catalog = cls.create()
        for path, entry in documents.items():
            catalog.put(path, entry, stats=stats.get(path), stamp=stamps.get(path))
        catalog.finish(
            {k: v for k, v in data.items() if k not in ("documents", "speakers")},
            speakers,
        )
        return catalog

    def close(self) -> None:
        """Close the database (a scratch one at no path is deleted)."""
        self._db.close()

    # -- the mapping

    def __getitem__(self, key: str) -> Any:
        if key == "documents":
            return self.documents
        if key == "speakers":
            return self.speakers
        return self._meta[key]

    def __iter__(self) -> Iterator[str]:
        yield from ("documents", "speakers", *self._meta)

    def __len__(self) -> int:
        return 2 + len(self._meta)

    # -- writing

    def put(
        self,
        path: str,
        entry: dict[str, Any],
        *,
        stats: dict[str, dict[str, int]] | None = None,
        stamp: Sequence[int] | None = None,
        records: int | None = None,
    ) -> None:
        """Add the document at ``path``, or replace its entry, counts and scratch number
        (a stamp given before is kept unless another is given)."""
        source = entry.get("source") or {}
        self._put(
            path,
            DocumentRow(
                entry.get("shown"),
                entry.get("sha256"),
                source.get("id") if isinstance(source, dict) else None,
                int(entry.get("quotes") or 0),
                json.dumps(entry, ensure_ascii=False),
                json.dumps(stats, ensure_ascii=False) if stats is not None else None,
                json.dumps(list(stamp)) if stamp else None,
                records,
            ),
        )

    def carry(self, path: str, row: DocumentRow, shown: str, stamp: Sequence[int] | None) -> None:
        """Add the document at ``path`` with another catalog's ``row`` as stored (unless
        it is now ``shown`` under another path), with this ``stamp``."""
        raw = row.raw_entry
        if row.shown != shown:
            raw = json.dumps({**row.entry, "path": path, "shown": shown}, ensure_ascii=False)
        self._put(
            path,
            DocumentRow(
                shown,
                row.sha256,
                row.source_id,
                row.quotes,
                raw,
                row.raw_stats,
                json.dumps(list(stamp)) if stamp else row.raw_stamp,
                None,
            ),
        )

    def _put(self, path: str, row: DocumentRow) -> None:
        self._db.execute(
            "INSERT INTO documents"
            " (path, shown, sha256, source_id, quotes, entry, stats, stamp, records)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (path) DO UPDATE SET"
            " shown = excluded.shown, sha256 = excluded.sha256,"
            " source_id = excluded.source_id, quotes = excluded.quotes,"
            " entry = excluded.entry, stats = excluded.stats,"
            " stamp = coalesce(excluded.stamp, stamp), records = excluded.records",
            (
                path,
                row.shown,
                row.sha256,
                row.source_id,
                row.quotes,
                row.raw_entry,
                row.raw_stats,
                row.raw_stamp,
                row.records,
            ),
        )
        self._pending += 1
        if self._pending >= _BATCH:
            self._db.commit()
            self._pending = 0

    def finish(self, meta: dict[str, Any], speakers: Mapping[str, dict[str, Any]]) -> None:
        """Write the catalog's plain values and its speakers, and commit."""
        self._db.executemany(
            "INSERT OR REPLACE INTO meta VALUES (?, ?)",
            [(k, json.dumps(v, ensure_ascii=False)) for k, v in meta.items()],
        )
        self._db.execute("DELETE FROM speakers")
        self._db.executemany(
            "INSERT INTO speakers (id, value) VALUES (?, ?)",
            [(sid, json.dumps(sp, ensure_ascii=False)) for sid, sp in speakers.items()],
        )
        self._db.commit()
        self._meta = dict(meta)

    def save(
        self,
        folder: Path,
        meta: dict[str, Any],
        speakers_of: Callable[[Iterator[dict[str, dict[str, int]]]], dict[str, Any]],
    ) -> Catalog:
        """Write this catalog into the generation in ``folder`` (replacing any file
        there, never editing it: it may be a link to the live generation's), with the
        speakers ``speakers_of`` sums from the documents' counts and the topics summed
        here; returns the saved catalog, open."""
        self._db.commit()
        target = Path(folder) / CATALOG
        tmp = target.with_name(CATALOG + ".tmp")
        tmp.unlink(missing_ok=True)
        saved = sqlite3.connect(str(tmp), check_same_thread=False)
        try:
            self._db.backup(saved)
            saved.execute("PRAGMA journal_mode = DELETE")
            out = Catalog(saved)
            topics: Counter[str] = Counter()

            def counted() -> Iterator[dict[str, dict[str, int]]]:
                for stats in out.documents.all_stats():
                    topics.update(stats.get("topics") or {})
                    yield stats

            speakers = speakers_of(counted())  # one pass: the topics are counted too
            out.finish({**meta, "topics": dict(topics.most_common())}, speakers)
        finally:
            saved.close()
        with open(tmp, "rb") as f:
            os.fsync(f.fileno())
        os.replace(tmp, target)
        (Path(folder) / OLD_CATALOG).unlink(missing_ok=True)  # a version-2 live one's link
        return Catalog.open(folder)


__all__ = ["CATALOG", "Catalog", "CatalogError", "DocumentRow", "Documents"]
