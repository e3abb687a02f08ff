"""Whoosh's compound segments are read in place, not copied (search/mmapfile.py)."""

from __future__ import annotations

import io
import os
import pickle

import pytest
from whoosh.filedb.structfile import BufferFile

from search import mmapfile
from search.mmapfile import MemoryReader


def test_reader_reads_seeks_and_tells_like_bytesio():
    data = b"first line\nsecond\nno newline at the end"
    ours, theirs = MemoryReader(memoryview(data)), io.BytesIO(data)
    for f in (ours, theirs):
        f.seek(6)
    assert ours.read(4) == theirs.read(4) == b"line"
    assert ours.readline() == theirs.readline() == b"\n"
    assert ours.readline() == theirs.readline() == b"second\n"
    assert ours.tell() == theirs.tell()
    assert ours.seek(-3, os.SEEK_END) == theirs.seek(-3, os.SEEK_END)
    assert ours.read() == theirs.read() == b"end"
    assert ours.read(5) == theirs.read(5) == b""
    ours.seek(2, os.SEEK_CUR)
    assert ours.read(1) == b""
    with pytest.raises(ValueError):
        ours.seek(-1)


def test_readline_longer_than_a_scan_chunk():
    data = b"x" * 1000 + b"\nrest"
    reader = MemoryReader(memoryview(data))
    assert reader.readline() == b"x" * 1000 + b"\n"
    assert reader.readline(2) == b"re"


def test_pickles_load_from_the_reader():
    blob = pickle.dumps({"a": [1, 2, 3], "b": "text"}) + pickle.dumps(("second",), protocol=0)
    reader = MemoryReader(memoryview(blob))
    assert pickle.load(reader) == {"a": [1, 2, 3], "b": "text"}
    assert pickle.load(reader) == ("second",)


def test_buffer_files_share_the_buffer_instead_of_copying_it():
    import search.index  # noqa: F401  (installs the patch)

    assert mmapfile.installed()
    source = bytearray(b"\x00\x00\x00\x2a" + b"payload")
    view = memoryview(source)
    bf = BufferFile(view, name="test")
    assert isinstance(bf.file, MemoryReader)
    source[4:11] = b"PAYLOAD"  # a copy would not see this
    bf.seek(4)
    assert bf.read(7) == b"PAYLOAD"
    assert bf.get_int(0) == 42
    assert bf.tell() == 11
