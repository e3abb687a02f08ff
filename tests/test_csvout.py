"""Tests for search.csvout: one row per search result, in the columns asked for, with
the caller's filters for addresses and cells."""

from __future__ import annotations

import csv
import io
import json

import pytest
from conftest import make_doc, make_quote

from search.csvout import CSV_COLUMNS, csv_rows
from search.query import Hit

TEXT = 'Ada Quill said, "Rain came early to the marshes this year."\n'


@pytest.fixture
def hits(tmp_path) -> list[Hit]:
    linked = make_doc(tmp_path, "a.txt", TEXT, title="Marsh notes", url="https://example.org/m")
    bare = make_doc(tmp_path, "b.txt", TEXT.replace("Rain", "=Rain"), url="javascript:alert(1)")
    return [
        Hit(make_quote(linked, "Rain came early", "Ada Quill", topics=("weather", "marsh")), 1.5),
        Hit(make_quote(bare, "=Rain came early", "Ada Quill"), None),
    ]


def as_dicts(rows, columns=CSV_COLUMNS) -> list[dict[str, str]]:
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_a_row_holds_every_column_of_its_hit(hits):
    first, second = as_dicts(csv_rows(hits))
    quote = hits[0].quote
    assert first["id"] == quote.id and first["text"] == quote.text
    assert first["topics"] == "weather; marsh" and first["title"] == "Marsh notes"
    assert first["doc"] == quote.doc
    assert json.loads(first["spans"]) == [list(s) for s in quote.spans]
    assert float(first["score"]) == 1.5
    assert first["link"].startswith(first["url"] + "#:~:text=")
    assert second["score"] == "" and second["title"] == ""  # unknown: empty, not "None"


def test_columns_choose_and_order_the_cells(hits):
    columns = ("speaker", "id")
    rows = list(csv_rows(hits, columns))
    assert rows == [[h.quote.speaker, h.quote.id] for h in hits]


def test_the_url_filter_applies_to_both_addresses_and_the_cell_hook_to_every_cell(hits):
    def http_only(url):
        return url if url and url.startswith("https:") else None

    plain = as_dicts(csv_rows(hits))
    strict = as_dicts(csv_rows(hits, url=http_only, cell=lambda v: f"<{v or ''}>"))
    assert plain[1]["url"] == "javascript:alert(1)" and strict[1]["url"] == "<>"
    assert strict[1]["link"] == "<>"
    assert strict[0]["url"] == f"<{plain[0]['url']}>"
    assert all(v.startswith("<") for row in strict for v in row.values())


def test_rows_round_trip_through_the_csv_module(hits):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    writer.writerows(csv_rows(hits))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r[CSV_COLUMNS.index("text")] for r in rows[1:]] == [h.quote.text for h in hits]
