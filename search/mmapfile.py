"""Read Whoosh's compound segment files in place instead of copying them.

Whoosh 2.7 memory-maps a compound segment file (``.seg``) and hands each file inside it
out as a ``BufferFile`` over a ``memoryview`` of the map. ``BufferFile`` then wraps the
view in ``io.BytesIO``, which copies it: opening a searcher copies the segments'
postings, stored fields and columns into the process's own memory. On a million-quote
index that is about 1.3 GB per searcher, and the web server keeps one searcher per
thread (Whoosh's file positions are not shared safely between threads), so eight
threads held some 19 GB.

:func:`install` gives ``BufferFile`` a small reader over the view that copies only the
bytes each read asks for. The pages stay in the operating system's page cache, shared
by every searcher and every process. Importing :mod:`search.index` installs it.
"""

from __future__ import annotations

import os

from whoosh.filedb import structfile

_CHUNK = 256  # bytes scanned at a time by readline
_PEEK = 512  # bytes returned by peek: more than a posting block's pickled header


class MemoryReader:
    """A read-only, seekable file over a ``memoryview``: each ``read`` copies only what
    it returns. Implements what Whoosh's ``StructFile`` and ``pickle`` call."""

    __slots__ = ("_buf", "_pos", "_len", "closed")

    def __init__(self, buf: memoryview) -> None:
        self._buf = buf
        self._pos = 0
        self._len = len(buf)
        self.closed = False

    def read(self, size: int | None = -1) -> bytes:
        """Up to ``size`` bytes from the current position (all the rest if negative)."""
        start = self._pos
        end = self._len if size is None or size < 0 else min(start + size, self._len)
        self._pos = max(start, end)
        return self._buf[start:end].tobytes()

    def readinto(self, target: bytearray | memoryview) -> int:
        """Fill ``target`` from the current position; the number of bytes copied."""
        data = self.read(len(target))
        target[: len(data)] = data
        return len(data)

    def peek(self, size: int = 0) -> bytes:
        """Up to :data:`_PEEK` bytes from the current position, without moving it.
        ``pickle.load`` asks for this before reading: it then unpickles a small object
        (a posting block's header) from one copy and skips past it with one ``read``,
        instead of five small reads."""
        return self._buf[self._pos : self._pos + _PEEK].tobytes()

    def readline(self, size: int | None = -1) -> bytes:
        """Bytes up to and including the next newline (or ``size`` bytes, or the end)."""
        limit = self._len if size is None or size < 0 else min(self._pos + size, self._len)
        end = self._pos
        while end < limit:
            chunk = self._buf[end : min(end + _CHUNK, limit)].tobytes()
            found = chunk.find(b"\n")
            if found >= 0:
                end += found + 1
                break
            end += len(chunk)
        return self.read(end - self._pos)

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        """Move the position, as ``io.BytesIO.seek`` does."""
        if whence == os.SEEK_SET:
            pos = offset
        elif whence == os.SEEK_CUR:
            pos = self._pos + offset
        elif whence == os.SEEK_END:
            pos = self._len + offset
        else:
            raise ValueError(f"invalid whence ({whence})")
        if pos < 0:
            raise ValueError(f"negative seek position {pos}")
        self._pos = pos
        return pos

    def tell(self) -> int:
        """The current position."""
        return self._pos

    def seekable(self) -> bool:
        return True

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        """Drop the view (the map itself belongs to Whoosh's compound storage)."""
        self.closed = True
        self._buf = memoryview(b"")


_original_init = structfile.BufferFile.__init__


def _buffer_file_init(self: structfile.BufferFile, buf, name=None, onclose=None) -> None:  # type: ignore[no-untyped-def]
    _original_init(self, b"", name=name, onclose=onclose)  # BytesIO(b"") costs nothing
    self._buf = buf
    self.file = MemoryReader(memoryview(buf))


# ``StructFile.read`` calls ``self.file.read``: a second Python call for every varint
# byte, which made plain searches about 30% slower on a million quotes. So ``_read``
# repeats ``MemoryReader.read`` on the reader's state, in one call; the state is the
# reader's, so ``pickle.load(self.file)`` and these methods stay in step.
def _read(self: structfile.BufferFile, size: int | None = -1) -> bytes:
    f = self.file
    start = f._pos
    end = f._len if size is None or size < 0 else min(start + size, f._len)
    f._pos = max(start, end)
    return f._buf[start:end].tobytes()


def _seek(self: structfile.BufferFile, offset: int, whence: int = os.SEEK_SET) -> int:
    return self.file.seek(offset, whence)


def _tell(self: structfile.BufferFile) -> int:
    return self.file._pos


_PATCH = {"__init__": _buffer_file_init, "read": _read, "seek": _seek, "tell": _tell}


def install() -> None:
    """Make Whoosh's ``BufferFile`` read its buffer in place (idempotent)."""
    for name, fn in _PATCH.items():
        setattr(structfile.BufferFile, name, fn)


def installed() -> bool:
    """Whether :func:`install` has run in this process."""
    return structfile.BufferFile.__init__ is _buffer_file_init
