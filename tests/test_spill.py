"""Tests for search.spill: scratch storage for corpora larger than memory."""

from __future__ import annotations

from search.spill import ColumnFile, MemorySpill, Spill


def test_values_come_back_by_number_from_the_scratch_files(tmp_path):
    spill = Spill(tmp_path / "spill")
    assert spill.put("texts", "first") == 0
    assert spill.put("quotes", [{"text": "Hi"}]) == 0
    assert spill.put("texts", "second") == 1
    assert spill.get("texts", 1) == "second"
    assert spill.get("texts", 0) == "first"
    assert spill.get("quotes", 0) == [{"text": "Hi"}]
    spill.close()
    assert not (tmp_path / "spill").exists()


def test_a_column_file_reads_back_its_lists_in_order_as_often_as_asked(tmp_path):
    column = ColumnFile(tmp_path / "column")
    lists = [[i, i + 1, 2**31 - 1][: i % 4] for i in range(3 * ColumnFile.BLOCK)]
    for values in lists[:10]:
        column.append(values)
    assert list(column) == lists[:10]  # read before it is full
    for values in lists[10:]:
        column.append(values)
    assert list(column) == lists
    assert list(column) == lists
    column.close()
    assert not (tmp_path / "column").exists()


def test_in_memory_the_same_calls_keep_everything_in_memory():
    spill = MemorySpill()
    assert spill.put("texts", "first") == 0
    column = spill.column()
    column.append([1, 2])
    assert spill.get("texts", 0) == "first"
    assert list(column) == [[1, 2]]
