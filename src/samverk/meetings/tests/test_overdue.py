"""Overdue actions: due before today in their own network's time zone, at any moment."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from samverk.meetings.choices import ActionStatus
from samverk.meetings.models import ActionItem
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory
from samverk.networks.tests.factories import ArenaFactory, NetworkFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 12, 1)


def action_in(zone: str, **kwargs: object) -> ActionItem:
    network = NetworkFactory.create(time_zone=zone, slug=zone.lower().replace("/", "-"))
    meeting = MeetingFactory.create(arena=ArenaFactory.create(network=network))
    return ActionItemFactory.create(meeting=meeting, due_date=DUE, **kwargs)


def test_an_action_is_overdue_once_its_networks_next_day_has_begun():
    oslo, utc = action_in("Europe/Oslo"), action_in("UTC")
    ActionItemFactory.create(meeting=oslo.meeting, due_date=DUE, status=ActionStatus.DONE)
    midnight_in_oslo = dt.datetime(2026, 12, 2, tzinfo=ZoneInfo("Europe/Oslo"))  # 23:00 UTC

    def overdue(moment: dt.datetime) -> set[int]:
        return set(ActionItem.objects.overdue(moment).values_list("pk", flat=True))

    assert overdue(midnight_in_oslo - dt.timedelta(minutes=1)) == set()
    assert overdue(midnight_in_oslo) == {oslo.pk}  # still 1 December in UTC
    assert overdue(dt.datetime(2026, 12, 2, tzinfo=dt.UTC)) == {oslo.pk, utc.pk}
