"""Tests for search.dates: the days a source's date string may mean."""

from __future__ import annotations

import pytest

from search.dates import date_range


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2012", (20120101, 20121231)),
        ("2012-07", (20120701, 20120731)),
        ("2012-02", (20120201, 20120229)),
        ("2012-07-25", (20120725, 20120725)),
        ("2012/7/5", (20120705, 20120705)),
        ("July 25, 2012", (20120725, 20120725)),
        ("25 July 2012", (20120725, 20120725)),
        ("Dec. 2019", (20191201, 20191231)),
        ("2012-02-30", None),
        ("sometime in 2012", None),
        ("2016-01-05T10:30:00Z", (20160105, 20160105)),  # a time of day may follow
        ("2016-01-05 10:30", (20160105, 20160105)),
        ("2012 May", None),  # not read as all of 2012
        ("2016-01-05 10:30 EST", (20160105, 20160105)),
        ("2016-01-05 10:30 to 2017", None),
        ("2012-02-15 to 2013", None),
        ("", None),
        (None, None),
    ],
)
def test_a_date_is_the_days_it_may_mean(text, expected):
    assert date_range(text) == expected
