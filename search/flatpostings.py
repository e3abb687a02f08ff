"""Common terms' posting lists kept flat beside each index segment, for searches that
read them whole.

Whoosh stores a posting list in blocks of 128 postings, each a pickled tuple of the
document numbers (as differences), the term frequencies and the encoded positions,
compressed with zlib. A search that needs every match of a word (to count them, to
facet them, to score them all by :mod:`search.bulk`) decodes every block: about 1 µs a
posting, most of it unpickling the positions it does not use. That was about 60% of a
one-word search at a million quotes, and it grows with the corpus.

So each segment gets one more file, ``<segment>.flat``, written by the update that
made the segment, after its last commit (a segment without common terms gets a file
with an empty table, which says it was done): for every term with at least
:data:`MIN_POSTINGS` postings, its document numbers as an array of unsigned 32-bit
integers and its term frequencies as 32-bit floats (the types Whoosh's own blocks
decode to), in machine byte order; and, in a field with positions, each posting's
positions, decoded, as one array of 32-bit integers with another of where each
posting's start. Reading a term is a few copies out of a memory map, about a
hundredth of the cost, and a phrase checks its words' positions without unpickling
anything.

The file is an addition, never a replacement: a segment without one (an index written
before this module, or a file that cannot be read) is read from Whoosh's blocks, with
the same results. Like Whoosh's postings, the arrays include documents deleted after
the segment was written; readers remove them. Segment files never change, so a flat
file is written once, hard-linked into later generations with its segment, and
removed by Whoosh's own clean-up when a merge retires the segment (its name follows
Whoosh's pattern for segment files).
"""

from __future__ import annotations

import mmap
import os
import pickle
import struct
import sys
from array import array
from pathlib import Path
from typing import Any

from whoosh import fields
from whoosh.filedb.filestore import FileStorage
from whoosh.reading import SegmentReader

MIN_POSTINGS = 128  # a term with fewer fits in one of Whoosh's blocks: read there
SUFFIX = ".flat"
_MAGIC = b"QFLAT2" + (b"L" if sys.byteorder == "little" else b"B") + b"\n"
_FOOTER = struct.Struct("<Q")  # where the pickled table of terms starts
assert array("I").itemsize == array("f").itemsize == 4  # the file's item size

Key = tuple[str, bytes]


def file_name(segment: Any) -> str:
    """The flat file's name for a Whoosh segment (``<index>_<id>.flat``)."""
    return segment.segment_id() + SUFFIX


def write(reader: Any, path: Path) -> None:
    """Write the flat file of one segment (a Whoosh ``SegmentReader``) to ``path``,
    through a temporary file renamed into place."""
    from .matchset import posting_blocks  # matchset reads these files: import late

    table: dict[Key, tuple[int, int, int]] = {}
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(_MAGIC)
            for (fieldname, btext), info in reader:  # every term, with its statistics
                if info.doc_frequency() < MIN_POSTINGS or _is_spelling(reader, fieldname):
                    continue
                fmt = reader.schema[fieldname].format
                decode = fmt.decoder("positions") if fmt and fmt.supports("positions") else None
                ids, tfs, starts, positions = array("I"), array("f"), array("I", [0]), array("I")
                m = reader.postings(fieldname, btext)
                for block in posting_blocks(m, weights=True, values=decode is not None):
                    ids.extend(block[0])
                    tfs.extend(block[1])
                    if decode is not None:
                        for value in block[2]:
                            positions.extend(decode(value))
                            starts.append(len(positions))
                table[(fieldname, btext)] = (f.tell(), len(ids), len(positions) if decode else -1)
                ids.tofile(f)
                tfs.tofile(f)
                if decode is not None:
                    starts.tofile(f)
                    positions.tofile(f)
            start = f.tell()
            pickle.dump(table, f, pickle.HIGHEST_PROTOCOL)
            f.write(_FOOTER.pack(start))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _is_spelling(reader: Any, fieldname: str) -> bool:
    """Whether ``fieldname`` is the unstemmed twin Whoosh keeps for spelling
    suggestions: only its words are read, never its postings."""
    return isinstance(reader.schema[fieldname], fields.SpellField)


def write_missing(folder: Path, indexname: str) -> list[tuple[str, Exception]]:
    """Write the flat file of every segment of the Whoosh index ``indexname`` in
    ``folder`` that lacks a readable one. An index update calls this after its last
    commit: it reads only the segments the update made (and, once, every segment of
    an index written before this module or in an older format of the file). Returns
    the segments whose file could not be written, with the error: their postings are
    read from Whoosh's blocks until a later update writes it.

    The segments are read with plain file reads, not memory-mapped as searchers read
    them: the pages read then stay in the system's page cache without counting toward
    this process's memory (a million quotes' postings are about a gigabyte)."""
    failed: list[tuple[str, Exception]] = []
    try:
        ix = FileStorage(str(folder), supports_mmap=False, readonly=True).open_index(indexname)
        with ix.reader() as reader:
            for leaf, _ in reader.leaf_readers():
                if not isinstance(leaf, SegmentReader):  # an empty index's reader
                    continue
                path = folder / file_name(leaf.segment())
                if open_segment(path) is not None:
                    continue
                try:
                    write(leaf, path)
                except Exception as err:  # a full disk, say: the file is an optional extra
                    failed.append((leaf.segment().segment_id(), err))
    except Exception as err:  # the index could not even be read for this
        failed.append(("(all)", err))
    return failed


class FlatSegment:
    """One segment's flat file, memory-mapped, its table of terms read on opening."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        buf = self._map
        if buf[: len(_MAGIC)] != _MAGIC or len(buf) < len(_MAGIC) + _FOOTER.size:
            raise ValueError(f"{path} is not a flat postings file of this machine")
        (start,) = _FOOTER.unpack_from(buf, len(buf) - _FOOTER.size)
        self._table: dict[Key, tuple[int, int, int]] = pickle.loads(buf[start : -_FOOTER.size])
        for offset, count, positions in self._table.values():
            end = offset + 8 * count + (4 * (count + 1 + positions) if positions >= 0 else 0)
            if offset < len(_MAGIC) or end > start:
                raise ValueError(f"{path} is damaged: a term's postings lie outside it")

    def count(self, key: Key) -> int:
        """How many postings the file holds for ``key`` (``(field name, term bytes)``),
        -1 when it does not hold the term. A reader checks it against the segment's
        own count before using the file."""
        found = self._table.get(key)
        return -1 if found is None else found[1]

    def get(self, fieldname: str, btext: bytes, weights: bool = True) -> tuple[array, array]:
        """A term's document numbers and (if ``weights``, else an empty array) term
        frequencies, deleted documents included. Raises ``KeyError`` when the file
        does not hold the term."""
        offset, count, _ = self._table[fieldname, btext]
        ids, tfs = array("I"), array("f")
        ids.frombytes(self._map[offset : offset + 4 * count])
        if weights:
            tfs.frombytes(self._map[offset + 4 * count : offset + 8 * count])
        return ids, tfs

    def has_positions(self, key: Key) -> bool:
        """Whether the file holds the positions of ``key``'s postings."""
        found = self._table.get(key)
        return found is not None and found[2] >= 0

    def positions(self, fieldname: str, btext: bytes) -> tuple[array, array] | None:
        """A term's positions, in the order of its postings: the postings' starts in
        the second array (the i-th posting's positions are ``positions[starts[i] :
        starts[i + 1]]``); None when the file does not hold the term, or its field
        has no positions."""
        found = self._table.get((fieldname, btext))
        if found is None or found[2] < 0:
            return None
        offset, count, total = found
        offset += 8 * count
        starts, positions = array("I"), array("I")
        starts.frombytes(self._map[offset : offset + 4 * (count + 1)])
        offset += 4 * (count + 1)
        positions.frombytes(self._map[offset : offset + 4 * total])
        return starts, positions


def open_segment(path: Path) -> FlatSegment | None:
    """The flat file at ``path``, or None when there is none or it cannot be read
    (the segment's postings are then read from Whoosh's blocks)."""
    try:
        return FlatSegment(path)
    except Exception:  # missing, truncated, another machine's: any failure falls back
        return None
