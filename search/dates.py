"""Reading a source's date: the days a date string may mean, from ``2012`` to
``July 25, 2012``. The one date reader of extraction (a date that does not parse is
set aside, :func:`search.formats.check_date`), the index (each quote's first and last
possible day) and the ``--since``/``--until`` filters."""

from __future__ import annotations

import re
from datetime import date

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
# A time of day may follow ("2016-01-05T10:30:00Z", "2016-01-05 10:30 EST"), nothing else:
# "2020 May" and "2020-02-15 to 2021" are not dates (the text is lower-cased first).
_ZONE = r"(?:\s*(?:z|[+-]\d{2}:?\d{2}|[ap]\.?m\.?|[a-z]{3,4}))?"  # "Z", "-05:00", "pm", "EST"
_TIME = rf"[t ]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?{_ZONE}"
_ISO = re.compile(rf"^(\d{{4}})(?:[-/.](\d{{1,2}})(?:[-/.](\d{{1,2}}))?)?(?:{_TIME})?$")
_WORDY = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]+)\.?\s+(?:(\d{1,2}),?\s+)?(\d{4})$")


def _month_end(year: int, month: int) -> int:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return (nxt - date.resolution).day


def date_range(text: str | None) -> tuple[int, int] | None:
    """The days a date string covers, as ``(first, last)`` ``YYYYMMDD`` integers, or
    ``None`` when it is not understood. Accepts ``2012``, ``2012-07``, ``2012-07-25``
    (also with ``/``), ``July 25, 2012``, ``25 July 2012`` and ``Jul 2012``."""
    if not text:
        return None
    s = text.strip().lower()
    y = mo = d = None
    m = _ISO.match(s)
    if m:
        y, mo, d = (int(g) if g else None for g in m.groups())
    else:
        m = _WORDY.match(s)
        if not m or m.group(2) not in _MONTHS:
            return None
        d = int(m.group(1) or m.group(3)) if (m.group(1) or m.group(3)) else None
        y, mo = int(m.group(4)), _MONTHS[m.group(2)]
    try:
        if mo is None:
            return y * 10000 + 101, y * 10000 + 1231
        if d is None:
            date(y, mo, 1)
            return y * 10000 + mo * 100 + 1, y * 10000 + mo * 100 + _month_end(y, mo)
        date(y, mo, d)
    except ValueError:
        return None
    n = y * 10000 + mo * 100 + d
    return n, n
