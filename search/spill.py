"""Scratch storage for a corpus too large to hold in memory: values written once and
read back by number, and columns of small integer lists read back in order, from
append-only files (or from memory, for small corpora)."""

from __future__ import annotations

import os
import pickle
import shutil
import struct
from array import array
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO, Protocol


class Column(Protocol):
    """Lists of integers appended one at a time and read back in order, as often as
    needed: a ``list``, or a :class:`ColumnFile`."""

    def append(self, values: list[int]) -> None: ...

    def __iter__(self) -> Iterator[list[int]]: ...


class MemorySpill:
    """Values kept in memory (a small corpus, tests)."""

    def __init__(self) -> None:
        self._values: dict[str, list[Any]] = {}

    def put(self, kind: str, value: object) -> int:
        """Store ``value`` as the next of its ``kind``; its number (0, 1, ...)."""
        values = self._values.setdefault(kind, [])
        values.append(value)
        return len(values) - 1

    def get(self, kind: str, number: int) -> Any:
        """Value ``number`` of a ``kind``."""
        return self._values[kind][number]

    def column(self) -> Column:
        """A new, empty column."""
        return []

    def flush(self) -> None:
        """Write out what is buffered (before forking workers that read the spill)."""

    def close(self) -> None:
        """Forget everything."""
        self._values.clear()


class Spill(MemorySpill):
    """Values pickled into one append-only file per kind in ``folder`` (created empty,
    removed by :meth:`close`); only their ends stay in memory, 8 bytes a value."""

    def __init__(self, folder: Path) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        self.folder = folder
        self._files: dict[str, Any] = {}
        self._ends: dict[str, array[int]] = {}  # per kind, where each value ends
        self._columns: list[ColumnFile] = []

    def _file(self, kind: str) -> Any:
        if kind not in self._files:
            self._files[kind] = open(self.folder / kind, "w+b")  # noqa: SIM115 (closed in close)
            self._ends[kind] = array("q")
        return self._files[kind]

    def put(self, kind: str, value: object) -> int:
        """Store ``value`` (pickled) as the next of its ``kind``; its number."""
        f = self._file(kind)
        f.write(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
        ends = self._ends[kind]
        ends.append(f.tell())
        return len(ends) - 1

    def get(self, kind: str, number: int) -> Any:
        """Value ``number`` of a ``kind``."""
        f = self._file(kind)
        f.flush()  # a no-op in a forked worker, since the spill was flushed before forking
        ends = self._ends[kind]
        start = ends[number - 1] if number else 0
        return pickle.loads(os.pread(f.fileno(), ends[number] - start, start))

    def flush(self) -> None:
        """Write out what is buffered, so that forked workers can read every value
        (their copies of the buffers are then empty, and never written twice)."""
        for f in self._files.values():
            f.flush()

    def column(self) -> Column:
        """A new, empty column in a file of its own."""
        col = ColumnFile(self.folder / f"column-{len(self._columns)}")
        self._columns.append(col)
        return col

    def close(self) -> None:
        """Close and remove the scratch files."""
        for f in self._files.values():
            f.close()
        self._files.clear()
        for col in self._columns:
            col.close()
        self._columns.clear()
        shutil.rmtree(self.folder, ignore_errors=True)


_HEADER = struct.Struct("<II")  # a block's number of lists and of values


class ColumnFile:
    """A :class:`Column` in a file: lists of non-negative integers below 2**31 with
    fewer than 65,536 items each, written in blocks of lengths and values. Only the
    block being filled or read is in memory, so a pass over millions of lists costs a
    few hundred KB."""

    BLOCK = 1 << 16  # values per block

    def __init__(self, path: Path) -> None:
        self._file: BinaryIO = open(path, "w+b")  # noqa: SIM115 (closed in close)
        self._path = path
        self._lengths = array("H")
        self._values = array("i")

    def append(self, values: Sequence[int]) -> None:
        """Add one list at the end."""
        self._lengths.append(len(values))
        self._values.extend(values)
        if len(self._values) >= self.BLOCK:
            self._flush()

    def _flush(self) -> None:
        if not self._lengths:
            return
        f = self._file
        f.seek(0, os.SEEK_END)
        f.write(_HEADER.pack(len(self._lengths), len(self._values)))
        f.write(self._lengths.tobytes())
        f.write(self._values.tobytes())
        f.flush()  # read back with pread, past the file object's buffer
        self._lengths, self._values = array("H"), array("i")

    def __iter__(self) -> Iterator[list[int]]:
        """Every list, in the order appended."""
        self._flush()
        f, offset = self._file, 0
        while header := os.pread(f.fileno(), _HEADER.size, offset):
            n, total = _HEADER.unpack(header)
            offset += _HEADER.size
            lengths, values = array("H"), array("i")
            lengths.frombytes(os.pread(f.fileno(), 2 * n, offset))
            offset += 2 * n
            values.frombytes(os.pread(f.fileno(), 4 * total, offset))
            offset += 4 * total
            at = 0
            for length in lengths:
                yield values[at : at + length].tolist()
                at += length

    def close(self) -> None:
        """Close and remove the file."""
        self._file.close()
        self._path.unlink(missing_ok=True)
