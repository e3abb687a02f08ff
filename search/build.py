"""Planning an index update from files on disk, for corpora of any size.

Documents whose bytes and metadata are unchanged since the live generation are carried
over unread by the extractor: their quotes stay in the index as they are. A plain
text file whose size, times and inode are those recorded when it was last read (and
which had not just been written then) is not even read again: its recorded hash
stands. The others are extracted on every core and streamed to a scratch folder
inside the index directory; then the corpus-wide parts are settled (speaker names,
topic labels) in two more passes over the scratch files, and the writer takes the
final records one document at a time. Memory holds per-document summaries and a few
label keys per quote, never the corpus's texts or quote records.

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
from typing import Any

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
    docs: dict[str, dict[str, Any]] = {}  # in reading order; extracted ones filled later
    stats: dict[str, dict[str, dict[str, int]]] = {}
    stamps: dict[str, tuple[int, ...]] = {}  # plain tuples: the state is a pickle
    old_stamps: dict[str, tuple[int, ...]] = (saved or {}).get("stamps") or {}
    seen_sha: dict[str, str] = {}
    read = 0
    # A file's path is resolved by ``known`` and then for its document, one right
    # after the other and mostly as the same string: resolve it once (an lstat each).
    resolved = lru_cache(maxsize=1)(real_path)

    def known(file: Path, stamp: FileStamp) -> str | None:
        """The sha256 the live generation has for ``file`` if its stamp says it is
        the very file read then (so the 99% of an update that did not change are not
        read and hashed again)."""
        path = resolved(str(file))
        old = live.docs.get(path)
        if old is not None and stamp.unchanged_since(old_stamps.get(path) or ()):
            return old.get("sha256")
        return None

    def to_extract() -> Iterator[Document]:
        nonlocal read
        for doc in read_documents(paths, report, known if saved else None):
            read += 1
            path = resolved(doc.path)
            if path in docs:
                continue
            if doc.sha256 in seen_sha:
                warn(doc.path, f"same content as {seen_sha[doc.sha256]}; skipped")
                continue
            seen_sha[doc.sha256] = doc.path
            old = live.docs.get(path) if saved else None
            if (
                old is not None
                and old.get("sha256") == doc.sha256
                and old.get("source") == doc.source.to_dict()
                and path in saved["stats"]
            ):
                docs[path] = {**old, "path": path, "shown": doc.path}
                stats[path] = saved["stats"][path]
                if doc.stamp:
                    stamps[path] = tuple(doc.stamp)
                continue
            if doc.unread and (doc := read_again(doc, report)) is None:
                continue
            docs[path] = {}
            if doc.stamp:
                stamps[path] = tuple(doc.stamp)
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
    for sid in {sid for info in stats.values() for sid in info["speakers"]}:
        name = (live.speakers.get(sid) or {}).get("name") or sid
        stream.know(name)
        speaker_names[sid] = name
    order: dict[str, int] = {}
    for doc, quotes in stream.settle():
        path = real_path(doc.path)
        recs = []
        for q in quotes:
            rec = q.to_dict()
            rec["doc"] = path
            recs.append(rec)
        docs[path] = doc_entry(path, doc.path, doc.sha256, doc.source.to_dict(), recs)
        stats[path] = record_stats(recs, speaker_names)
        # One record list per document, in the stream's order: its number is the
        # document's, which also finds its text.
        order[path] = spill.put("records", recs)
    return Plan(
        docs=docs,
        stats=stats,
        names=speaker_names,
        aliases=aliases,
        roots=[str(Path(p).resolve()) for p in paths],
        records=lambda path: spill.get("records", order[path]),
        text=lambda path: stream.text(order[path]),
        partial=len(order) < len(docs),
        state={
            "fingerprint": fingerprint,
            "aliases": akey,
            "model": stream.model,
            "uses": stream.uses,
            "stamps": stamps,
        },
        cleanup=spill.close,
    )
