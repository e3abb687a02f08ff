"""Planning an index update from files on disk, for corpora of any size.

Documents whose bytes and metadata are unchanged since the live generation are carried
over unread by the extractor: their quotes stay in the index as they are. The others
are extracted on every core and streamed to a scratch folder inside the index
directory; then the corpus-wide parts are settled (speaker names, topic labels) in two
more passes over the scratch files, and the writer takes the final records one
document at a time. Memory holds per-document summaries and a few label keys per
quote, never the corpus's texts or quote records.

An update reuses the topic model and label counts saved with the live generation, so
the labels of unchanged documents stay as they are and new documents are labelled
with the same vocabulary; ``quotes index --rebuild`` refits everything. A change of
the extraction code or of the aliases re-extracts every document.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from .documents import Document, Reporter, load_aliases, read_documents
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
from .pipeline import PARALLEL_FROM, extract_each
from .record import Quote
from .speakers import SpeakerNames
from .topics import Key, TopicFitter, TopicModel, group_candidates, labels_of, share_labels
from .workers import cpu_count, ordered_map


class Spill:
    """Values written once to append-only scratch files and read back by key."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self._files: dict[str, Any] = {}
        self._where: dict[tuple[str, str], tuple[int, int]] = {}

    def _file(self, kind: str) -> Any:
        if kind not in self._files:
            self._files[kind] = open(self.folder / kind, "w+b")  # noqa: SIM115 (closed in close)
        return self._files[kind]

    def put(self, kind: str, key: str, value: object) -> None:
        """Store ``value`` (pickled) under ``(kind, key)``."""
        f = self._file(kind)
        data = pickle.dumps(value, pickle.HIGHEST_PROTOCOL)
        self._where[(kind, key)] = (f.seek(0, os.SEEK_END), len(data))
        f.write(data)

    def get(self, kind: str, key: str) -> Any:
        """The value stored under ``(kind, key)``."""
        f = self._file(kind)
        f.flush()
        offset, size = self._where[(kind, key)]
        return pickle.loads(os.pread(f.fileno(), size, offset))

    def close(self) -> None:
        """Close and remove the scratch files."""
        for f in self._files.values():
            f.close()
        self._files.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


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
    fitter = None if saved else TopicFitter()
    docs: dict[str, dict[str, Any]] = {}  # in reading order; extracted ones filled later
    stats: dict[str, dict[str, dict[str, int]]] = {}
    seen_sha: dict[str, str] = {}
    read = 0

    def to_extract() -> Iterator[Document]:
        nonlocal read
        for doc in read_documents(paths, report):
            read += 1
            path = str(Path(doc.path).resolve())
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
                continue
            docs[path] = {}
            if fitter is not None:
                fitter.offer(doc.text, doc.sha256)
            yield doc

    names = SpeakerNames(aliases)
    extracted: list[tuple[str, str, str, dict[str, Any]]] = []  # path, shown, sha, source
    for doc, quotes in extract_each(to_extract(), report, workers):
        path = str(Path(doc.path).resolve())
        spill.put("texts", path, doc.text)
        spill.put("quotes", path, quotes)
        for q in quotes:
            names.see(q.speaker)
        extracted.append((path, doc.path, doc.sha256, doc.source.to_dict()))
    if not read:
        # Never empty an index because of a mistyped path.
        raise NothingToIndex(
            f"no document could be read from {', '.join(paths)}; the index was left unchanged"
        )

    speaker_names: dict[str, str] = {}
    if saved:
        model: TopicModel = saved["model"]
        prior: Counter[Key] = Counter(saved["uses"])
        # Names of the speakers of the documents kept (not of removed ones).
        kept = {sid for info in stats.values() for sid in info["speakers"]}
        for sid in kept:
            name = (live.speakers.get(sid) or {}).get("name") or sid
            names.see(name)
            speaker_names[sid] = name
    else:
        model, prior = fitter.model(), Counter()  # type: ignore[union-attr]

    def settled(path: str) -> Iterator[Quote]:
        for q in spill.get("quotes", path):
            yield names.settle(q)

    # Candidates are weighed on every core too; each document's text goes along for
    # the few quotes whose own words give no label.
    groups = ((list(settled(path)), spill.get("texts", path)) for path, *_ in extracted)
    n = 1 if len(extracted) < PARALLEL_FROM else (workers or cpu_count())
    candidates = [c for cs in ordered_map(group_candidates, groups, n, shared=model) for c in cs]
    chosen = share_labels(candidates, prior=prior)
    del candidates
    uses = prior + Counter(key for keys in chosen for key in keys)
    k = 0
    for path, shown, sha256, source in extracted:
        recs = []
        for q in settled(path):
            rec = q.with_changes(topics=labels_of(model, chosen[k])).to_dict()
            rec["doc"] = path
            recs.append(rec)
            k += 1
        docs[path] = doc_entry(path, shown, sha256, source, recs)
        stats[path] = record_stats(recs, speaker_names)
        spill.put("records", path, recs)
    del chosen
    return Plan(
        docs=docs,
        stats=stats,
        names=speaker_names,
        aliases=aliases,
        roots=[str(Path(p).resolve()) for p in paths],
        records=lambda path: spill.get("records", path),
        text=lambda path: spill.get("texts", path),
        partial=len(extracted) < len(docs),
        state={"fingerprint": fingerprint, "aliases": akey, "model": model, "uses": uses},
        cleanup=spill.close,
    )
