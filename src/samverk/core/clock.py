"""What day it is, as a network sees it.

A network works in its own time zone (``Network.time_zone``): its "today" is the date of the
current moment there, which around midnight differs from the server's day and from UTC's.
Runtime code asks ``network_today(network)`` (or takes a ``today`` from its caller) and never
``date.today()`` or ``timezone.localdate()``, which answer for the server's zone; a test in
``samverk/core/tests/test_clock.py`` keeps it so.

Every function takes an optional ``now`` (an aware datetime, by default ``timezone.now()``),
so that callers and tests can pass the moment they mean.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol
from zoneinfo import ZoneInfo

from django.utils import timezone


class HasTimeZone(Protocol):
    """A network, or anything with a time zone name (``"Europe/Oslo"``)."""

    time_zone: str


def local_date(moment: dt.datetime, zone: str) -> dt.date:
    """The date of an aware ``moment`` in the time zone ``zone``."""
    if timezone.is_naive(moment):
        raise ValueError("local_date needs an aware datetime")
    return moment.astimezone(ZoneInfo(zone)).date()


def today_in(zone: str, now: dt.datetime | None = None) -> dt.date:
    """Today (or the day of ``now``) in the time zone ``zone``."""
    return local_date(now or timezone.now(), zone)


def network_today(network: HasTimeZone, now: dt.datetime | None = None) -> dt.date:
    """Today in the network's time zone (or the day of ``now`` there)."""
    return today_in(network.time_zone, now)
