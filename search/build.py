"""Planning an index update from files on disk, for corpora of any size.

Documents whose bytes and metadata are unchanged since the live generation are carried
over unread by the extractor: their quotes stay in the index as they are. A plain
text file whose size, times and inode are those recorded when it was last read (and
which had not just been written then) is not even read again: its recorded hash
stands. The others are extracted on every core and streamed to a scratch folder
inside the index directory; then the corpus-wide parts are settled (speaker names,
topic labels) in two more passes over the scratch files, and the writer takes the
final records one document at a time. The next generation's catalog (each document's
entry, counts and file stamp) is filled in a scratch SQLite file as documents are read
and settled, and the live generation's is read from its file a row at a time: memory
holds neither the corpus's texts and quote records nor its per-document bookkeeping.

An update reuses the topic model and label counts saved with the live generation, so
the labels of unchanged documents stay as they are and new documents are labelled
with the same vocabulary; ``quotes index --rebuild`` refits everything. A change of
the extraction code or of the aliases re-extracts every document.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

from .catalog import Catalog
from .documents import (
    Document,
    FileStamp,
    Reporter,
    load_aliases,
    read_again,
    read_documents,
    real_path,
)
from .index import (
    SCRATCH_PREFIX,
    LiveState,
    NothingToIndex,
    Plan,
    Warn,
    doc_entry,
    extractor_fingerprint,
    record_stats,
)
from .pipeline import CorpusStream
from .spill import Spill


def aliases_key(aliases: dict[str, str]) -> str:
    """A hash of the aliases: when they change, every speaker name may change."""
    blob = json.dumps(sorted(aliases.items()), ensure_ascii=False).encode()
    return hashlib.sha256(blob).hexdigest()[:16]


def plan_files(
    paths: Sequence[str],
    live: LiveState,
    index_dir: Path,
    warn: Warn,
    report: Reporter,
    workers: int | None = None,
) -> Plan:
    """Plan the update that makes the index hold exactly the documents under
    ``paths`` (see the module's docstring). Raises :class:`NothingToIndex` when no
    document can be read."""
    spill = Spill(index_dir / f"{SCRATCH_PREFIX}{os.getpid()}")
    try:
        return _plan(paths, live, index_dir, warn, report, workers, spill)
    except BaseException:
        spill.close()
        raise


def _plan(
    paths: Sequence[str],
    live: LiveState,
    index_dir: Path,
    warn: Warn,
    report: Reporter,
    workers: int | None,
    spill: Spill,
) -> Plan:
    aliases = load_aliases(paths, report)
    fingerprint, akey = extractor_fingerprint(), aliases_key(aliases)
    saved = live.saved_state(index_dir)
    if saved and (saved.get("fingerprint"), saved.get("aliases")) != (fingerprint, akey):
        saved = None
    # The next generation's catalog, in reading order; extracted documents' entries
    # are filled in when they are settled.
    catalog = Catalog.create(spill.folder / "catalog.sqlite")
    docs = catalog.documents
    read = settled = 0
    kept_speakers: set[str] = set()  # of the documents carried over
    # A file's path is resolved by ``known`` and then for its document, one right
    # after the other and mostly as the same string: resolve it once (an lstat each).
    resolved = lru_cache(maxsize=1)(real_path)
    # Likewise the live catalog's row of a file: read by ``known``, then for its document.
    live_row = lru_cache(maxsize=1)(live.row)

    def known(file: Path, stamp: FileStamp) -> str | None:
        """The sha256 the live generation has for ``file`` if its stamp says it is
        the very file read then (so the 99% of an update that did not change are not
        read and hashed again)."""
        old = live_row(resolved(str(file)))
        if old is not None and stamp.unchanged_since(old.stamp or ()):
            return old.sha256
        return None

    def to_extract() -> Iterator[Document]:
        nonlocal read
        for doc in read_documents(paths, report, known if saved else None):
            read += 1
            path = resolved(doc.path)
            if path in docs:
                continue
            if (twin := docs.with_sha(doc.sha256)) is not None:
                warn(doc.path, f"same content as {twin['shown']}; skipped")
                continue
            stamp = tuple(doc.stamp) if doc.stamp else None
            old = live_row(path) if saved else None
            if (
                old is not None
                and old.sha256 == doc.sha256
                and old.stats is not None
                and old.entry.get("source") == doc.source.to_dict()
            ):
                catalog.carry(path, old, doc.path, stamp)
                kept_speakers.update(old.stats["speakers"])
                continue
            if doc.unread and (doc := read_again(doc, report)) is None:
                continue
            catalog.put(path, {"path": path, "shown": doc.path, "sha256": doc.sha256}, stamp=stamp)
            yield doc

    model = saved["model"] if saved else None
    prior = Counter(saved["uses"]) if saved else None
    stream = CorpusStream(spill, aliases, workers=workers, model=model, prior=prior)
    stream.extract(to_extract(), report)
    if not read:
        # Never empty an index because of a mistyped path.
        raise NothingToIndex(
            f"no document could be read from {', '.join(paths)}; the index was left unchanged"
        )
    speaker_names: dict[str, str] = {}
    # Surnames in new documents settle against the speakers of the documents kept too
    # (not those of documents removed).
    for sid in kept_speakers:
        name = (live.speakers.get(sid) or {}).get("name") or sid
        stream.know(name)
        speaker_names[sid] = name
    for doc, quotes in stream.settle():
        path = real_path(doc.path)
        recs = []
        for q in quotes:
            rec = q.to_dict()
            rec["doc"] = path
            recs.append(rec)
        entry = doc_entry(path, doc.path, doc.sha256, doc.source.to_dict(), recs)
        # One record list per document, in the stream's order: its number is the
        # document's, which also finds its text.
        number = spill.put("records", recs)
        catalog.put(path, entry, stats=record_stats(recs, speaker_names), records=number)
        settled += 1

    @lru_cache(maxsize=1)  # asked for a document's records, then its text
    def number(path: str) -> int:
        row = docs.row(path)
        assert row is not None and row.records is not None, path
        return row.records

    def cleanup() -> None:
        catalog.close()
        spill.close()

    return Plan(
        catalog=catalog,
        names=speaker_names,
        aliases=aliases,
        roots=[str(Path(p).resolve()) for p in paths],
        records=lambda path: spill.get("records", number(path)),
        text=lambda path: stream.text(number(path)),
        partial=settled < len(docs),
        state={
            "fingerprint": fingerprint,
            "aliases": akey,
            "model": stream.model,
            "uses": stream.uses,
        },
        cleanup=cleanup,
    )
