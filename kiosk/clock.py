"""Time as the kiosk sees it: injected everywhere so tests can fix it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

# Shanghai keeps UTC+8 all year; a fixed offset needs no tz database.
SHANGHAI = dt.timezone(dt.timedelta(hours=8), "CST")

Clock = Callable[[], dt.datetime]


def system_clock() -> dt.datetime:
    return dt.datetime.now(SHANGHAI)


def fixed_clock(moment: dt.datetime) -> Clock:
    return lambda: moment
