"""factory_boy factories for the meetings app."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory

from samverk.core import clock
from samverk.meetings.models import ActionItem, AgendaItem, Attendance, Decision, Meeting
from samverk.networks.tests.factories import ArenaFactory


def at(day: dt.date, hour: int = 10, zone: str = "Europe/Berlin") -> dt.datetime:
    """An aware datetime at ``hour`` o'clock on ``day`` in ``zone``."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=ZoneInfo(zone))


class MeetingFactory(factory.django.DjangoModelFactory[Meeting]):
    class Meta:
        model = Meeting

    arena = factory.SubFactory(ArenaFactory)
    network = factory.SelfAttribute("arena.network")
    title = factory.Sequence(lambda n: f"Network meeting {n}")
    purpose = "Agree the annual plan."
    # In two weeks (the network's), so that the meeting is ahead on whatever day tests run.
    starts_at = factory.LazyAttribute(
        lambda o: at(
            clock.network_today(o.arena.network) + dt.timedelta(days=14),
            zone=o.arena.network.time_zone,
        )
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))


class AgendaItemFactory(factory.django.DjangoModelFactory[AgendaItem]):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Item {n}")


class AttendanceFactory(factory.django.DjangoModelFactory[Attendance]):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    guest_name = factory.Sequence(lambda n: f"Guest {n}")
    is_guest = True


class DecisionFactory(factory.django.DjangoModelFactory[Decision]):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    network = factory.SelfAttribute("meeting.network")
    year = factory.LazyAttribute(lambda o: o.meeting.starts_at.year)
    number = factory.Sequence(lambda n: n + 1)
    text = "The network adopts the annual plan."


class ActionItemFactory(factory.django.DjangoModelFactory[ActionItem]):
    class Meta:
        model = ActionItem

    meeting = factory.SubFactory(MeetingFactory)
    network = factory.SelfAttribute("meeting.network")
    title = factory.Sequence(lambda n: f"Action {n}")
    due_date = factory.LazyAttribute(
        lambda o: clock.network_today(o.network) + dt.timedelta(days=30)
    )


def in_progress(meeting: Meeting) -> Meeting:
    """Test set-up: the meeting has started (decisions are only recorded from then on)."""
    Meeting.objects.filter(pk=meeting.pk).update(status="in_progress")
    meeting.status = "in_progress"
    return meeting
