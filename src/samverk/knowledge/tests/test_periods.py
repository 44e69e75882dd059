"""Time categories to the last day of their period, checked over many years."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from samverk.knowledge.periods import period_end


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("2024", dt.date(2024, 12, 31)),
        ("2024H1", dt.date(2024, 6, 30)),
        ("2024Q1", dt.date(2024, 3, 31)),
        ("2024K4", dt.date(2024, 12, 31)),
        ("2013T4", dt.date(2013, 12, 31)),
        ("2024M02", dt.date(2024, 2, 29)),
        ("2023M02", dt.date(2023, 2, 28)),
        ("2024-11", dt.date(2024, 11, 30)),
        ("2024-02-15", dt.date(2024, 2, 15)),
        ("2024-02-30", None),
        ("2024M13", None),
        ("Total", None),
        ("", None),
    ],
)
def test_period_codes(code: str, expected: dt.date | None) -> None:
    assert period_end(code) == expected


@given(st.integers(min_value=1900, max_value=2199), st.integers(min_value=1, max_value=12))
def test_a_month_ends_on_the_day_before_the_next_month_begins(year: int, month: int) -> None:
    end = period_end(f"{year}M{month:02d}")
    assert end is not None
    assert (end + dt.timedelta(days=1)).day == 1
    assert (end.year, end.month) == (year, month)
    quarter = period_end(f"{year}Q{(month - 1) // 3 + 1}")
    assert quarter is not None and quarter >= end and quarter.month % 3 == 0
