"""Common terms' posting lists kept flat beside each index segment, for searches that
read them whole.

Whoosh stores a posting list in blocks of 128 postings, each a pickled tuple of the
document numbers (as differences), the term frequencies and the encoded positions,
compressed with zlib. A search that needs every match of a word (to count them, to
facet them, to score them all by :mod:`search.bulk`) decodes every block: about 1 µs a
posting, most of it unpickling the positions it does not use. That was about 60% of a
one-word search at a million quotes, and it grows with the corpus.

So each segment gets one more file, ``<segment>.flat``, written when the segment is
made: for every term with at least :data:`MIN_POSTINGS` postings, its document numbers
as an array of unsigned 32-bit integers and its term frequencies as 32-bit floats (the
types Whoosh's own blocks decode to), in machine byte order. Reading a term is two
copies out of a memory map, about a hundredth of the cost. Positions stay in Whoosh's
blocks: a phrase still reads them there.

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
from whoosh.reading import SegmentReader

MIN_POSTINGS = 128  # a term with fewer fits in one of Whoosh's blocks: read there
SUFFIX = ".flat"
_MAGIC = b"QFLAT1" + (b"L" if sys.byteorder == "little" else b"B") + b"\n"
_FOOTER = struct.Struct("<Q")  # where the pickled table of terms starts

Key = tuple[str, bytes]


def file_name(segment: Any) -> str:
    """The flat file's name for a Whoosh segment (``<index>_<id>.flat``)."""
    return segment.segment_id() + SUFFIX


def write(reader: Any, path: Path) -> int:
    """Write the flat file of one segment (a Whoosh ``SegmentReader``) to ``path``,
    through a temporary file renamed into place; returns how many terms it holds."""
    from .matchset import posting_blocks  # matchset reads these files: import late

    table: dict[Key, tuple[int, int]] = {}
    tmp = path.with_name(path.name + ".tmp")
    try:
        with open(tmp, "wb") as f:
            f.write(_MAGIC)
            for (fieldname, btext), info in reader:  # every term, with its statistics
                if info.doc_frequency() < MIN_POSTINGS or _is_spelling(reader, fieldname):
                    continue
                ids, tfs = array("I"), array("f")
                m = reader.postings(fieldname, btext)
                for block_ids, block_tfs, _ in posting_blocks(m, weights=True):
                    ids.extend(block_ids)
                    tfs.extend(block_tfs)
                table[(fieldname, btext)] = (f.tell(), len(ids))
                ids.tofile(f)
                tfs.tofile(f)
            start = f.tell()
            pickle.dump(table, f, pickle.HIGHEST_PROTOCOL)
            f.write(_FOOTER.pack(start))
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return len(table)


def _is_spelling(reader: Any, fieldname: str) -> bool:
    """Whether ``fieldname`` is the unstemmed twin Whoosh keeps for spelling
    suggestions: only its words are read, never its postings."""
    return isinstance(reader.schema[fieldname], fields.SpellField)


def write_missing(ix: Any, folder: Path) -> int:
    """Write the flat file of every segment of the Whoosh index ``ix`` (stored in
    ``folder``) that lacks one; returns how many were written. An index update calls
    this after its last commit, so only the segments it made are read."""
    written = 0
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            if not isinstance(leaf, SegmentReader):  # an empty index's reader
                continue
            path = folder / file_name(leaf.segment())
            if not path.exists():
                write(leaf, path)
                written += 1
    return written


class FlatSegment:
    """One segment's flat file, memory-mapped, its table of terms read on opening."""

    def __init__(self, path: Path) -> None:
        with open(path, "rb") as f:
            self._map = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        buf = self._map
        if buf[: len(_MAGIC)] != _MAGIC or len(buf) < len(_MAGIC) + _FOOTER.size:
            raise ValueError(f"{path} is not a flat postings file of this machine")
        (start,) = _FOOTER.unpack_from(buf, len(buf) - _FOOTER.size)
        self._table: dict[Key, tuple[int, int]] = pickle.loads(buf[start : -_FOOTER.size])

    def __contains__(self, key: Key) -> bool:
        return key in self._table

    def get(self, fieldname: str, btext: bytes) -> tuple[array, array] | None:
        """A term's document numbers and term frequencies (deleted documents
        included), or None when the file does not hold the term."""
        found = self._table.get((fieldname, btext))
        if found is None:
            return None
        offset, count = found
        ids, tfs = array("I"), array("f")
        ids.frombytes(self._map[offset : offset + 4 * count])
        tfs.frombytes(self._map[offset + 4 * count : offset + 8 * count])
        return ids, tfs


def open_segment(path: Path) -> FlatSegment | None:
    """The flat file at ``path``, or None when there is none or it cannot be read
    (the segment's postings are then read from Whoosh's blocks)."""
    try:
        return FlatSegment(path)
    except Exception:  # missing, truncated, another machine's: any failure falls back
        return None
