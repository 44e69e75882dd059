"""The last day of a time category as statistics offices code it: a year ("2024"), a half
year ("2024H1"), a quarter ("2024Q1", SCB's "2024K1", INE's "2024T1"), a month ("2024M03",
"2024-03") or a day ("2024-03-31"). None when the code is none of these."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_YEAR = re.compile(r"^(\d{4})$")
_HALF = re.compile(r"^(\d{4})[HS]([12])$")
_QUARTER = re.compile(r"^(\d{4})[-_ ]?[QKT]([1-4])$")
_MONTH = re.compile(r"^(\d{4})(?:M|-)(0[1-9]|1[0-2])$")
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def period_end(code: str) -> dt.date | None:
    text = code.strip().upper()
    try:
        if match := _YEAR.match(text):
            return dt.date(int(match[1]), 12, 31)
        if match := _HALF.match(text):
            return _month_end(int(match[1]), 6 * int(match[2]))
        if match := _QUARTER.match(text):
            return _month_end(int(match[1]), 3 * int(match[2]))
        if match := _MONTH.match(text):
            return _month_end(int(match[1]), int(match[2]))
        if match := _DAY.match(text):
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None
    return None
