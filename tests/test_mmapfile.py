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


def test_a_pickle_is_read_from_one_peek_and_the_position_lands_after_it(monkeypatch):
    header = (128, 5000, 2.0, 3, 7, 9)  # a posting block's header, then its data
    blob = b"x" * 5 + pickle.dumps(header) + b"DATA" + b"y" * 2000
    reader = MemoryReader(memoryview(blob))
    reader.seek(5)
    assert reader.peek(1 << 17)[:4] == blob[5:9] and reader.tell() == 5  # not moved
    reads = []
    read = MemoryReader.read
    monkeypatch.setattr(MemoryReader, "read", lambda self, n=-1: reads.append(n) or read(self, n))
    assert pickle.load(reader) == header
    assert reader.read(4) == b"DATA"
    assert len(reads) <= 3  # one skip past what the peek held, and the read above


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
