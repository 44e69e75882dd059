"""When the demo's meetings take place: a pure function of the demo's ``today``.

Each series meets by its cadence exactly as ``services.generate_year`` schedules it: on the same
day of the month every three (or six) months from its first meeting. A meeting that falls on a
weekend moves to the Monday after, so a gap between two meetings differs from the cadence's by
two days at most.

No meeting falls into the Christmas holidays (21 December to 7 January). The demo used to move
such a meeting alone to 8 January, up to two and a half weeks later: its "quarterly" series then
had gaps such as 91, 92 and 107 days. Instead, the whole rhythm moves: the series' first meeting
is placed as near as possible to its nominal day (``SeriesSpec.first`` days before today) such
that no meeting of the year lands in the holidays, later or (by a week at most, so that the
last meeting before today stays after the representatives left, see ``networks/demo_data.py``)
earlier. So the cadence holds for every today.

A series that meets jointly with another (``SeriesSpec.joint_with``) takes its partner's days
at the joint positions; the two are placed together (one shift for both), so that they stay
in step and neither has a meeting in the holidays.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from samverk.meetings.choices import CADENCE_MONTHS, Cadence
from samverk.meetings.demo_series import SERIES, SeriesSpec
from samverk.meetings.services import add_months

# The holidays run from 21 December to 7 January, both included: (month, day).
HOLIDAYS_FROM, HOLIDAYS_UNTIL = (12, 21), (1, 7)
# How far a series' first meeting may move from its nominal day: later, or earlier. Every
# today finds a place well within these (tests/test_demo_dates.py checks every day).
MAX_SHIFT, MAX_EARLIER = 40, 7


def in_holidays(day: dt.date) -> bool:
    return (day.month, day.day) >= HOLIDAYS_FROM or (day.month, day.day) <= HOLIDAYS_UNTIL


def working_day(day: dt.date) -> dt.date:
    """The day itself, or the Monday after it when it is a Saturday or Sunday."""
    if day.weekday() >= 5:
        return day + dt.timedelta(days=7 - day.weekday())
    return day


def cadence_days(first: dt.date, cadence: str, count: int) -> tuple[dt.date, ...]:
    """The days of ``count`` meetings from ``first`` by the cadence, each on a working day."""
    months = CADENCE_MONTHS[Cadence(cadence)]
    return tuple(working_day(add_months(first, months * k)) for k in range(count))


@dataclass(frozen=True)
class SeriesDates:
    first: dt.date  # the cadence's first day (``generate_year``'s start), maybe a weekend
    days: tuple[dt.date, ...]  # the day of each meeting of the plan


def plan(today: dt.date, series: Iterable[SeriesSpec] = SERIES) -> dict[str, SeriesDates]:
    """The days of every series' meetings, by ``SeriesSpec.key``."""
    specs = list(series)
    partners = {spec.joint_with for spec in specs if spec.joint_with}
    if partners - {spec.key for spec in specs}:
        raise ValueError(f"demo: a series meets jointly with one that is not planned: {partners}")
    planned: dict[str, SeriesDates] = {}
    for spec in specs:
        if spec.joint_with:
            continue  # placed with its partner
        group = [spec, *(s for s in specs if s.joint_with == spec.key)]
        planned.update(_place(today, group))
    return {spec.key: planned[spec.key] for spec in specs}


# 0, 1, -1, 2, -2, ... -7, 8, 9, ...: the nearest days first, later before earlier.
_SHIFTS = sorted(range(-MAX_EARLIER, MAX_SHIFT + 1), key=lambda n: (abs(n), n < 0))


def _place(today: dt.date, group: list[SeriesSpec]) -> dict[str, SeriesDates]:
    """A series (and those meeting jointly with it), moved by the fewest days that keeps
    every meeting out of the holidays."""
    for shift in _SHIFTS:
        placed: dict[str, SeriesDates] = {}
        for spec in group:
            first = today - dt.timedelta(days=spec.first - shift)
            days = list(cadence_days(first, spec.cadence, len(spec.plans)))
            for i in spec.joint:
                days[i] = placed[spec.joint_with].days[i]
            if any(map(in_holidays, days)):
                break
            placed[spec.key] = SeriesDates(first, tuple(days))
        else:
            return placed
    raise ValueError(f"demo: no place for {group[0].key} around {today}")  # pragma: no cover
