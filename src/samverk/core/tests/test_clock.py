"""samverk.core.clock: today is the network's day, wherever the server is; and the code asks it
there, never ``date.today()``."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from samverk.core import clock

OSLO, UTC = ZoneInfo("Europe/Oslo"), dt.UTC
SRC = Path(clock.__file__).resolve().parents[1]  # src/samverk


def network(zone: str) -> SimpleNamespace:
    return SimpleNamespace(time_zone=zone)


@given(
    day=st.dates(min_value=dt.date(2000, 1, 2), max_value=dt.date(2099, 12, 30)),
    minutes=st.integers(min_value=-180, max_value=179),  # three hours either side of midnight
)
@example(day=dt.date(2026, 12, 2), minutes=-30)  # 23:30 in Oslo is 22:30 UTC, still the 1st
@example(day=dt.date(2026, 12, 2), minutes=30)  # 00:30 in Oslo is 23:30 UTC on the 1st
@example(day=dt.date(2026, 3, 29), minutes=59)  # the night summer time begins
@example(day=dt.date(2026, 10, 25), minutes=120)  # the night summer time ends
def test_the_network_day_begins_at_midnight_in_its_own_time_zone(day: dt.date, minutes: int):
    """A moment ``minutes`` from midnight at the start of ``day`` in Oslo: Oslo's today is
    ``day`` from midnight on and the day before until then, whatever UTC's day is."""
    midnight = dt.datetime.combine(day, dt.time(0), tzinfo=OSLO)
    moment = midnight.astimezone(UTC) + dt.timedelta(minutes=minutes)

    oslo_today = clock.network_today(network("Europe/Oslo"), now=moment)

    assert oslo_today == (day if minutes >= 0 else day - dt.timedelta(days=1))
    assert clock.network_today(network("UTC"), now=moment) == moment.date()
    # Oslo is one or two hours ahead of UTC: on the same day or the next, never behind.
    assert (oslo_today - moment.date()).days in (0, 1)


@given(moment=st.datetimes(timezones=st.just(UTC)))
def test_the_day_of_a_moment_is_the_same_given_in_any_zone(moment: dt.datetime):
    for zone in ("Europe/Oslo", "Europe/Berlin", "Europe/Stockholm", "UTC"):
        expected = moment.astimezone(ZoneInfo(zone)).date()
        assert clock.today_in(zone, moment) == expected
        assert clock.today_in(zone, moment.astimezone(OSLO)) == expected
        assert clock.local_date(moment, zone) == expected


def test_without_a_moment_it_is_the_day_of_now_in_the_network():
    before = timezone.now()
    today = clock.network_today(network("Europe/Oslo"))
    after = timezone.now()

    assert today in {before.astimezone(OSLO).date(), after.astimezone(OSLO).date()}


def test_a_moment_without_a_time_zone_is_refused():
    with pytest.raises(ValueError, match="aware"):
        clock.network_today(network("Europe/Oslo"), now=dt.datetime(2026, 12, 2, 0, 30))


# The server's day: wrong for a network in another time zone, and untestable.
SERVER_DAY = re.compile(r"\bdate\.today\(|\blocaldate\(|\bdatetime\.now\(\)")


def test_no_code_asks_the_servers_day_but_the_clock():
    """Runtime code and tests alike ask ``clock`` (or take the day from their caller):
    ``date.today()``, ``timezone.localdate()`` and a naive ``datetime.now()`` answer for the
    server's time zone and the real day."""
    roots = [SRC, SRC.parents[1] / "tests"]
    found = [
        f"{path.relative_to(SRC.parents[1])}:{number}: {line.strip()}"
        for root in roots
        for path in sorted(root.rglob("*.py"))
        if path not in (Path(__file__).resolve(), Path(clock.__file__).resolve())
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if SERVER_DAY.search(line)
    ]

    assert found == []
