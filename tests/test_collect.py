"""Tests for search.collect: running one parsed query for its top N (by score or newest
first), its total and its facets; a filter joins the query without changing a score.
The query language and the whole search are tested in test_query.py."""

from __future__ import annotations

import json

import pytest
from whoosh import query as wq

from search import collect
from search.query import parse_query


def stored(index, results) -> list[dict]:
    return [json.loads(hit.fields()["record"]) for hit in results]


def test_by_score_the_best_first_with_the_total(index):
    q, _ = parse_query(index, "garden OR music")
    results, total, facets, timed_out = collect.run(index, q, None, 10)
    scores = [hit.score for hit in results]
    assert total == len(scores) == 3 and scores == sorted(scores, reverse=True)
    assert facets == {} and timed_out is False


def test_by_date_the_newest_first_and_undated_last(index):
    results, total, _, _ = collect.run(index, wq.Every(), None, 10, by_date=True)
    dates = [r["source"]["date"] for r in stored(index, results)]
    assert total == 7 and dates == ["2021-11"] * 3 + ["2019-05-02"] * 3 + [None]


@pytest.mark.parametrize("by_date", [False, True])
def test_facets_list_the_most_frequent_values_up_to_the_size_asked(index, by_date):
    every = wq.Every()
    _, _, none, _ = collect.run(index, every, None, 10, by_date=by_date)
    _, _, top2, _ = collect.run(index, every, None, 10, by_date=by_date, facets=2)
    assert none == {}
    assert top2["speaker"] == [("Maria Lopez", 3), ("Tom Baker", 2)]
    assert [value for value, _ in top2["source"]] == ["Sound Daily", "Weekly Garden"]


# A union scored by blocks (search.bulk), and a query Whoosh's own matchers run.
@pytest.mark.parametrize("text", ["garden OR music", "garden NOT rain"])
def test_a_filter_keeps_its_quotes_and_adds_nothing_to_a_score(index, text):
    q, _ = parse_query(index, text)
    maria = wq.Term("speaker", "Maria Lopez")
    every = {hit.docnum: hit.score for hit in collect.run(index, q, None, 10)[0]}
    results, total, _, _ = collect.run(index, q, maria, 10)
    speakers = [r["speaker"] for r in stored(index, results)]
    assert total == 2 and speakers == ["Maria Lopez"] * 2
    assert all(hit.score == every[hit.docnum] for hit in results)
    assert collect.with_filter(wq.Every(), maria) == collect.Unscored(maria)
    assert collect.with_filter(q, None) is q


def test_whooshs_own_matchers_sort_by_date_and_count_facets(index):
    q, _ = parse_query(index, "(garden OR music) NOT rain")  # not a union, not by blocks
    results, total, facets, _ = collect.run(index, q, None, 10, by_date=True, facets=5)
    dates = [r["source"]["date"] for r in stored(index, results)]
    assert total == 3 and dates == ["2021-11", "2019-05-02", "2019-05-02"]
    assert facets["speaker"] == [("Maria Lopez", 2), ("Tom Baker", 1)]


def test_a_query_for_every_quote_is_newest_first_even_unasked(index):
    asked = collect.run(index, wq.Every(), None, 10, by_date=True)[0]
    unasked = collect.run(index, wq.Every(), None, 10)[0]
    assert [hit.docnum for hit in unasked] == [hit.docnum for hit in asked]
