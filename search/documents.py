"""Documents: reading corpus files into text plus source metadata.

A document's text is its bytes decoded as UTF-8 (invalid bytes replaced and reported)
with universal newlines, exactly as ``pathlib.Path.read_text(encoding="utf-8")`` reads
it, so quote offsets agree with any other tool that reads the file that way. The raw
file is never rewritten.

Metadata comes from a manifest, ``sources.toml``, in the document's folder or one of
its parents (up to the folder named on the command line): one table per file name.
A manifest entry may carry the file's ``sha256``, so the bundled corpus's metadata is
also found for a byte-identical copy read from anywhere else.

Other formats (Markdown, saved web pages, captions, JSON Lines; see
:mod:`search.formats`) are converted to plain text: that text is the document's
``text``, what quote offsets point into and what the index stores; the original file is
left as it was (``original_path``). Their ``sha256`` is the hash of that text (UTF-8),
so a changed extractor gives a changed document. Metadata precedence: the manifest,
then the file's own (front matter, the page's metadata, a JSON Lines record's fields).
A JSON Lines record is the document ``FILE#LINE``; a manifest table of that name
comes first, the file's own table last (defaults for every record).
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import sqlite3
import sys
import time
import tomllib
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from . import formats
from .record import SOURCE_FIELDS, Source

MANIFEST_NAME = "sources.toml"
ALIASES_NAME = "aliases.toml"
TEXT_SUFFIXES = (".txt",)
DOCUMENT_SUFFIXES = formats.SUFFIXES  # what read_documents finds in a folder
MAX_BYTES = 32 * 1024 * 1024  # larger files are reported and skipped
RACY_NS = 2_000_000_000  # file times this close to a stat are not trusted (coarse clocks)
# A folder's notes about itself, not documents: README.md, LICENSE.txt, CHANGELOG.md...
NOTES_FILE = re.compile(r"(readme|licen[cs]e|changelog|contributing)(\..*)?", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something wrong with one input file: reported, never fatal for the others."""

    path: str
    message: str
    fatal: bool = True  # True: the file was skipped; False: read, with a warning

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class FileStamp(NamedTuple):
    """What ``stat`` says about a file, to tell that it has not changed since it was
    read without reading it again (as ``git status`` does with its index)."""

    size: int
    mtime_ns: int
    ctime_ns: int
    inode: int
    seen_ns: int  # when the stat was taken

    @classmethod
    def of(cls, path: Path) -> FileStamp:
        """The stamp of ``path`` now."""
        st = os.stat(path)
        return cls(st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, time.time_ns())

    def unchanged_since(self, earlier: Sequence[int]) -> bool:
        """Whether the file is the one ``earlier`` (a stamp, possibly read back from a
        list) describes. A file written (or its times set) within :data:`RACY_NS`
        before that stamp was taken never counts as unchanged: a second write in the
        same clock tick could keep its size and times. (The change time cannot be set
        back by tools that keep a file's modification time, such as ``cp -p``.)"""
        return (
            len(earlier) == len(self)
            and tuple(earlier[:4]) == self[:4]
            and max(self.mtime_ns, self.ctime_ns) < earlier[4] - RACY_NS
        )


@dataclass(slots=True)
class Document:
    """One corpus file: the path as given, its decoded text and where it comes from."""

    path: str
    text: str
    sha256: str
    source: Source
    problems: list[Problem] = field(default_factory=list)
    format: str = "txt"  # txt, md, html, vtt, srt or jsonl (see search.formats)
    original_path: str | None = None  # the file the text was converted from
    times: list[tuple[int, str]] = field(default_factory=list)  # cue offset → "m:ss"
    stamp: FileStamp | None = None  # the file's stat as it was read (plain text files)
    unread: bool = False  # True: known unchanged by its stamp; ``text`` was not read

    @property
    def id(self) -> str:
        """The document's stable id (shared with its source)."""
        return self.source.id

    def time_at(self, offset: int) -> str | None:
        """For a timed transcript, the start time ("12:34") of the cue holding
        ``offset``; else ``None``."""
        return formats.time_at(self.times, offset)


Reporter = Callable[[Problem], None]


def bundled_corpus_dir() -> Path:
    """The corpus that ships with the project, in a wheel or in a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_corpus", here.parent / "corpus"):
        if (candidate / MANIFEST_NAME).is_file():
            return candidate
    raise FileNotFoundError("the bundled corpus is missing from this installation")


def source_id(sha256: str) -> str:
    """A source's id: a prefix of its content hash, stable across runs and machines."""
    return sha256[:12]


def decode(data: bytes) -> tuple[str, str | None]:
    """Decode bytes as UTF-8 with universal newlines; the second item describes any
    invalid bytes that were replaced."""
    warning = None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = data.decode("utf-8", errors="replace")
        warning = f"invalid UTF-8 (first bad byte at offset {err.start}); decoded with replacement"
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text, warning


def _resolved(path: Path) -> Path:
    """``path`` absolute with its links resolved, or merely absolute when a link loop
    (or a folder that may not be listed) stops the resolving."""
    try:
        if path.name in ("", ".", "..") or path.is_symlink():
            return path.resolve()
        # One lstat for the file; its folder is resolved once for all its files.
        return _resolved_folder(os.path.abspath(path.parent)) / path.name
    except (OSError, RuntimeError):
        return Path(os.path.abspath(path))


def real_path(path: str) -> str:
    """The absolute path of a file with its links resolved (what an index keys it by)."""
    return str(_resolved(Path(path)))


def _in_resolved_folder(path: Path) -> str:
    """``path`` in its folder with the folder's links resolved, the file's name kept."""
    try:
        return os.path.join(str(_resolved_folder(os.path.abspath(path.parent))), path.name)
    except (OSError, RuntimeError):
        return os.path.abspath(path)


@lru_cache(maxsize=4096)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def _read_toml(path: Path, report: Reporter | None) -> dict:
    try:
        # utf-8-sig: a byte-order mark (Windows editors write one) is not TOML
        return tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        if report:
            report(Problem(str(path), f"cannot read manifest: {err}", fatal=False))
        return {}


class Manifest:
    """Source metadata for documents, by file path and by content hash.

    Entries wait in a private temporary SQLite database (on disk, deleted when the
    manifest is closed or collected), not in memory: an archive's manifest can hold
    a hundred thousand entries, some 2 KB each as Python dicts. Only the parse of one
    ``sources.toml`` is held at a time, so a very large archive is best described by a
    manifest per folder."""

    def __init__(self, report: Reporter | None = None) -> None:
        self._report = report
        # "" is SQLite's private temporary database: pages beyond its cache go to disk.
        self._db = sqlite3.connect("", check_same_thread=False)
        self._db.execute("CREATE TABLE by_path (path TEXT PRIMARY KEY, meta TEXT)")
        self._db.execute("CREATE TABLE by_sha (sha TEXT PRIMARY KEY, meta TEXT)")
        self._loaded: set[Path] = set()
        self._near: set[tuple[str, str]] = set()

    def close(self) -> None:
        """Delete the entries' database."""
        self._db.close()

    def load(self, manifest: Path) -> None:
        """Add one ``sources.toml`` (once; later calls for the same file do nothing)."""
        manifest = _resolved(manifest)
        if manifest in self._loaded or not manifest.is_file():
            return
        self._loaded.add(manifest)
        folder = str(manifest.parent)  # resolved, as the manifest is
        by_path, by_sha = [], []
        for name, entry in _read_toml(manifest, self._report).items():
            if not isinstance(entry, dict):
                continue
            meta = {k: str(v) for k, v in entry.items() if not isinstance(v, dict | list)}
            for issue in formats.check_date(meta):  # "yesterday": reported, left out
                if self._report:
                    self._report(Problem(str(manifest), f"[{name}] {issue.message}", False))
            blob = json.dumps(meta, ensure_ascii=False)
            if "/" in name or name in ("", ".", ".."):
                key = str(_resolved(manifest.parent / name))
            else:
                # A file of this folder: keyed as named, without an lstat to resolve it
                # in case it is a link (see meta_for). A large manifest names many.
                key = os.path.join(folder, name)
            by_path.append((key, blob))
            if meta.get("sha256"):
                by_sha.append((meta["sha256"].lower(), blob))
        with self._db:
            self._db.executemany("INSERT OR REPLACE INTO by_path VALUES (?, ?)", by_path)
            # The first manifest entry with a hash keeps it.
            self._db.executemany("INSERT OR IGNORE INTO by_sha VALUES (?, ?)", by_sha)

    def load_near(self, path: Path, root: Path) -> None:
        """Load the manifests of ``path``'s folder and its parents up to ``root``."""
        folder = _resolved(path).parent
        key = (str(folder), str(root))
        if key in self._near:
            return  # a folder's files are read one after another: once is enough
        self._near.add(key)
        root = _resolved(root)
        while True:
            self.load(folder / MANIFEST_NAME)
            if folder == root or root not in folder.parents:
                break
            folder = folder.parent

    def meta_for(self, path: Path | None, sha256: str | None) -> dict[str, str]:
        """The manifest entry of a document: by path, else by hash, else empty."""
        meta: dict[str, str] = {}
        if path is not None:
            # As named in its (resolved) folder, then with its own link resolved.
            named = _in_resolved_folder(path)
            meta = self._find("by_path", "path", named)
            if not meta and (real := str(_resolved(path))) != named:
                meta = self._find("by_path", "path", real)
        if not meta and sha256:
            meta = self._find("by_sha", "sha", sha256)
        return meta

    def _find(self, table: str, column: str, key: str) -> dict[str, str]:
        sql = f"SELECT meta FROM {table} WHERE {column} = ?"
        row = self._db.execute(sql, (key,)).fetchone()
        return json.loads(row[0]) if row else {}

    def source_for(self, path: Path | None, sha256: str) -> Source:
        """The source of a document: manifest entry by path, else by hash, else empty."""
        meta = self.meta_for(path, sha256)
        known = {k: meta.get(k) or None for k in SOURCE_FIELDS}
        extra = {k: v for k, v in meta.items() if k not in SOURCE_FIELDS and k != "sha256"}
        return Source(id=source_id(sha256), extra=extra, **known)


@lru_cache(maxsize=1)
def _bundled_manifest_path() -> Path | None:
    try:
        return bundled_corpus_dir() / MANIFEST_NAME
    except FileNotFoundError:
        return None


def _link_trouble(path: Path) -> str | None:
    """Why a link cannot be read (a loop, a missing target), or None when it can."""
    if not path.is_symlink():
        return None
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python < 3.13 raises this for a loop
        return "symlink loop; skipped"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "symlink loop; skipped"
        if err.errno == errno.ENOENT:
            return f"broken link (to {os.readlink(path)}); skipped"
        return f"cannot read: {err.strerror or err}"
    return None


def _folder_link_note(link: Path) -> str:
    """What to report for a link to a folder met while walking another folder."""
    target, parent = _resolved(link), _resolved(link.parent)
    if target == parent or target in parent.parents:
        return "link to a folder that holds it (a loop); not followed"
    return "link to a folder; not followed (name the folder itself to read it)"


def _walk(
    root: Path, suffixes: tuple[str, ...], skip: Callable[[Path, str, bool], None]
) -> Iterator[Path]:
    """Files under ``root`` with one of ``suffixes``, sorted, never following links to
    folders (so a symlink loop cannot trap the walk) and leaving out the folder's own
    notes (:data:`NOTES_FILE`: a README's examples are not quotes). Each link to a
    folder, bad file link, unlistable folder and notes file is passed to ``skip`` with
    the reason and whether it is an error (``fatal``) or only a warning."""

    def unlistable(err: OSError) -> None:
        skip(Path(err.filename or root), f"cannot read folder: {err.strerror or err}", True)

    for folder, dirs, files in os.walk(root, onerror=unlistable, followlinks=False):
        here = Path(folder)
        kept = []
        for name in sorted(d for d in dirs if not d.startswith(".")):
            if (here / name).is_symlink():
                skip(here / name, _folder_link_note(here / name), True)
            else:
                kept.append(name)
        dirs[:] = kept
        for name in sorted(files):
            if not name.lower().endswith(suffixes) or name.startswith("."):
                continue
            if NOTES_FILE.fullmatch(name):
                note = "the folder's notes: not read as a document (name the file to read it)"
                skip(here / name, note, False)
            elif trouble := _link_trouble(here / name):
                skip(here / name, trouble, True)
            elif not (here / name).is_file():
                # a named pipe or a device: opening it could wait forever
                skip(here / name, "not a regular file; skipped", True)
            else:
                yield here / name


def expand_paths(
    paths: Iterable[str], report: Reporter, suffixes: tuple[str, ...] = TEXT_SUFFIXES
) -> Iterator[tuple[str, Path | None, Path | None]]:
    """Turn command-line paths into ``(shown path, file, root)`` triples.

    A folder yields its matching files recursively; ``-`` yields standard input (file
    ``None``); a path that does not exist, a bad link (a loop, a missing target), a
    link to a folder inside a folder and a notes file in a folder (README, LICENSE...:
    read only when named itself) are reported.
    """
    for given in paths:
        if given == "-":
            yield "-", None, None
            continue
        p = Path(given)

        def shown(f: Path, given: str = given, p: Path = p) -> str:
            return os.path.join(given, os.path.relpath(f, p))

        def skip(f: Path, message: str, fatal: bool, shown: Callable[[Path], str] = shown) -> None:
            report(Problem(shown(f), message, fatal))

        try:
            if p.is_dir():
                for f in _walk(p, suffixes, skip):
                    yield shown(f), f, p
            elif p.is_file():
                yield given, p, p.parent
            elif trouble := _link_trouble(p):
                report(Problem(given, trouble))
            elif p.exists():
                report(Problem(given, "not a regular file; skipped"))
            else:
                report(Problem(given, "no such file or folder"))
        except OSError as err:
            report(Problem(given, f"cannot read: {err.strerror or err}"))


def read_bytes(path: Path | None) -> bytes:
    """The raw bytes of a file, or of standard input for ``None`` (size-capped)."""
    if path is None:
        return sys.stdin.buffer.read(MAX_BYTES + 1)
    with path.open("rb") as f:
        return f.read(MAX_BYTES + 1)


def load_document(
    shown: str, data: bytes, source_of: Callable[[str], Source]
) -> tuple[Document | None, list[Problem]]:
    """Make a document from raw bytes, with the problems found on the way.

    Returns ``(None, problems)`` when the bytes are not a text document.
    """
    problems: list[Problem] = []
    if len(data) > MAX_BYTES:
        return None, [Problem(shown, f"larger than {MAX_BYTES // 2**20} MiB; skipped")]
    if b"\x00" in data[:65536] or data.count(b"\x00") > len(data) // 1000:
        return None, [Problem(shown, "binary file (contains NUL bytes); skipped")]
    text, warning = decode(data)
    if warning:
        problems.append(Problem(shown, warning, fatal=False))
    if not text.strip():
        problems.append(Problem(shown, "empty document: no text to extract", fatal=False))
    sha = hashlib.sha256(data).hexdigest()
    return Document(shown, text, sha, source_of(sha), problems), problems


def merged_source(sha256: str, layers: Iterable[dict[str, str]]) -> Source:
    """A source from metadata layers, the first that knows a fact winning."""
    meta: dict[str, str] = {}
    for layer in layers:
        for key, value in layer.items():
            if value and key not in meta and key != "sha256":
                meta[key] = value
    known = {k: meta.get(k) or None for k in SOURCE_FIELDS}
    extra = {k: v for k, v in meta.items() if k not in SOURCE_FIELDS}
    return Source(id=source_id(sha256), extra=extra, **known)


MetaOf = Callable[[int | None, str], list[dict[str, str]]]


def load_converted(
    shown: str, data: bytes, fmt: str, manifest_of: MetaOf
) -> tuple[list[Document], list[Problem]]:
    """The documents in a file of another format than plain text (see
    :mod:`search.formats`), with the problems found (each names the file and, where
    known, the line). ``manifest_of(line, raw_sha256)`` gives the manifest layers for
    the whole file (``line`` None) or one JSON Lines record."""
    if len(data) > MAX_BYTES:
        return [], [Problem(shown, f"larger than {MAX_BYTES // 2**20} MiB; skipped")]
    if b"\x00" in data[:65536] or data.count(b"\x00") > len(data) // 1000:
        return [], [Problem(shown, "binary file (contains NUL bytes); skipped")]
    text, warning = decode(data)
    problems = [Problem(shown, warning, fatal=False)] if warning else []
    raw_sha = hashlib.sha256(data).hexdigest()
    parts, issues = formats.convert(fmt, text)
    problems += [Problem(shown, str(i), i.fatal) for i in issues]
    docs: list[Document] = []
    for part in parts:
        own = [part.meta]
        if part.line is None:
            layers = manifest_of(None, raw_sha) + own
        else:
            layers = manifest_of(part.line, raw_sha) + own + manifest_of(None, raw_sha)
        sha = hashlib.sha256(part.text.encode("utf-8")).hexdigest()
        name = shown if part.line is None else f"{shown}#{part.line}"
        doc_problems = []
        if not part.text.strip():
            doc_problems.append(Problem(name, "empty document: no text to extract", fatal=False))
        doc = Document(name, part.text, sha, merged_source(sha, layers), doc_problems, fmt)
        doc.original_path, doc.times = shown, part.times
        docs.append(doc)
        problems += doc_problems
    return docs, problems


def read_documents(
    paths: Iterable[str],
    report: Reporter,
    known: Callable[[Path, FileStamp], str | None] | None = None,
) -> Iterator[Document]:
    """Read every document named by ``paths`` (files, folders, ``-``; in a folder, files
    of every format in :data:`DOCUMENT_SUFFIXES`), reporting each problem to ``report``
    and going on with the rest.

    ``known(path, stamp)`` may vouch that a plain text file is unchanged since an
    earlier read by returning its sha256 then: the file is not read again and its
    document comes ``unread`` (empty ``text``; see :func:`read_again`), so the
    warnings of that earlier read (invalid UTF-8, an empty file) are not repeated."""
    manifest = Manifest(report)
    try:
        yield from _read_documents(paths, report, known, manifest)
    finally:
        manifest.close()


def _read_documents(
    paths: Iterable[str],
    report: Reporter,
    known: Callable[[Path, FileStamp], str | None] | None,
    manifest: Manifest,
) -> Iterator[Document]:
    bundled = _bundled_manifest_path()
    if bundled:
        manifest.load(bundled)
    for shown, path, root in expand_paths(paths, report, DOCUMENT_SUFFIXES):
        if path is not None and root is not None:
            manifest.load_near(path, root)
        fmt = formats.format_of(shown) if path is not None else "txt"
        stamp = None
        try:
            if path is not None and fmt == "txt":
                stamp = FileStamp.of(path)  # before reading: a later write changes it
                sha = known(path, stamp) if known else None
                if sha is not None:
                    source = manifest.source_for(path, sha)
                    yield Document(shown, "", sha, source, stamp=stamp, unread=True)
                    continue
            data = read_bytes(path)
        except OSError as err:
            report(Problem(shown, f"cannot read: {err.strerror or err}"))
            continue
        if fmt != "txt":

            def manifest_of(line: int | None, sha: str, p: Path | None = path) -> list[dict]:
                if line is None:
                    return [manifest.meta_for(p, sha)]
                return [manifest.meta_for(Path(f"{p}#{line}"), None)]

            converted, problems = load_converted(shown, data, fmt, manifest_of)
            for problem in problems:
                report(problem)
            yield from converted
            continue
        doc = _text_document(
            shown, data, stamp, lambda sha, p=path: manifest.source_for(p, sha), report
        )
        if doc is not None:
            yield doc


def read_again(doc: Document, report: Reporter) -> Document | None:
    """The full document for an ``unread`` one from :func:`read_documents` (its
    source kept), or None (reported) if the file can no longer be read."""
    path = Path(doc.path)
    try:
        stamp = FileStamp.of(path)
        data = read_bytes(path)
    except OSError as err:
        report(Problem(doc.path, f"cannot read: {err.strerror or err}"))
        return None

    def same_source(sha: str) -> Source:
        return replace(doc.source, id=source_id(sha))

    return _text_document(doc.path, data, stamp, same_source, report)


def _text_document(
    shown: str,
    data: bytes,
    stamp: FileStamp | None,
    source_of: Callable[[str], Source],
    report: Reporter,
) -> Document | None:
    """:func:`load_document` with its problems reported and the file's stamp kept."""
    doc, problems = load_document(shown, data, source_of)
    for problem in problems:
        report(problem)
    if doc is not None:
        doc.stamp = stamp
    return doc


def _toml_value(value: object) -> str:
    """A TOML value for what a manifest holds (JSON strings and arrays are valid TOML)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)  # TOML dates and times print as TOML


def _table_name(line: str) -> str | None:
    """The table a ``[name]`` header line opens, or None for any other line."""
    stripped = line.strip()
    if not stripped.startswith("[") or stripped.startswith("[["):
        return None
    try:
        parsed = tomllib.loads(stripped)
    except tomllib.TOMLDecodeError:
        return None
    return next(iter(parsed), None)


def add_to_manifest(file: Path, meta: dict[str, str]) -> Path:
    """Record ``meta`` for ``file`` in the ``sources.toml`` beside it (created if need
    be), over any values the file's table already has; returns the manifest's path.
    The rest of the manifest, comments included, is kept as it was."""
    manifest = file.resolve().parent / MANIFEST_NAME
    old = manifest.read_text(encoding="utf-8-sig") if manifest.is_file() else ""
    entries = tomllib.loads(old) if old else {}  # a broken manifest is not overwritten
    name = file.name
    entry = dict(entries.get(name) or {}) | {k: v for k, v in meta.items() if v}
    table = [f"[{json.dumps(name, ensure_ascii=False)}]"]
    table += [f"{key} = {_toml_value(value)}" for key, value in entry.items()]
    lines = old.split("\n") if old else []
    start = next((i for i, line in enumerate(lines) if _table_name(line) == name), None)
    if start is None:
        body = old.rstrip("\n") + ("\n\n" if old.strip() else "") + "\n".join(table) + "\n"
    else:
        end = next(
            (j for j in range(start + 1, len(lines)) if _table_name(lines[j]) is not None),
            len(lines),
        )
        while end > start + 1 and not lines[end - 1].strip():
            end -= 1  # keep the blank lines before the next table
        body = "\n".join(lines[:start] + table + lines[end:])
    tmp = manifest.with_name(f".{MANIFEST_NAME}.{os.getpid()}")
    tmp.write_text(body, encoding="utf-8")
    os.replace(tmp, manifest)
    return manifest


def load_aliases(paths: Iterable[str | Path], report: Reporter | None = None) -> dict[str, str]:
    """Alias → canonical name, from ``aliases.toml`` files beside the given paths and in
    the bundled corpus. Keys are compared case-insensitively by the caller."""
    files: list[Path] = []
    bundled = _bundled_manifest_path()
    if bundled:
        files.append(bundled.parent / ALIASES_NAME)
    for given in paths:
        if given == "-":
            continue
        p = Path(given)
        folder = p if p.is_dir() else p.parent
        files.append(folder / ALIASES_NAME)
    aliases: dict[str, str] = {}
    for f in dict.fromkeys(_resolved(x) for x in files):
        if not f.is_file():
            continue
        for canonical, entry in _read_toml(f, report).items():
            names = entry.get("aliases", []) if isinstance(entry, dict) else entry
            if isinstance(names, str):
                names = [names]
            for alias in names if isinstance(names, list) else []:
                aliases[str(alias)] = canonical
    return aliases
