"""Scoped querysets of the meetings app, built on core.querysets.NetworkScopedQuerySet (each
model declares its ``network_path``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone

from samverk.core import clock
from samverk.core.choices import TimeZone
from samverk.core.querysets import NetworkScopedQuerySet
from samverk.meetings.choices import OPEN_ACTION_STATUSES, MeetingStatus

if TYPE_CHECKING:
    from samverk.meetings.models import (  # noqa: F401
        ActionItem,
        AgendaDocument,
        AgendaItem,
        Attendance,
        Decision,
        Meeting,
        MeetingSeries,
        Minutes,
        MinutesVersion,
        Rsvp,
    )


class MeetingSeriesQuerySet(NetworkScopedQuerySet["MeetingSeries"]):
    pass


class MeetingQuerySet(NetworkScopedQuerySet["Meeting"]):
    def upcoming(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).exclude(
            status=MeetingStatus.CANCELLED
        )

    def public(self) -> MeetingQuerySet:
        """Meetings the network publishes to everyone (its public calendar feed): visible to
        anyone, signed in or not."""
        return self._mark(self.filter(is_public=True))  # type: ignore[no-any-return]

    def past(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())


class AgendaItemQuerySet(NetworkScopedQuerySet["AgendaItem"]):
    pass


class RsvpQuerySet(NetworkScopedQuerySet["Rsvp"]):
    pass


class AttendanceQuerySet(NetworkScopedQuerySet["Attendance"]):
    pass


class DecisionQuerySet(NetworkScopedQuerySet["Decision"]):
    pass


class ActionItemQuerySet(NetworkScopedQuerySet["ActionItem"]):
    def open(self) -> ActionItemQuerySet:
        return self.filter(status__in=OPEN_ACTION_STATUSES)

    def overdue(self, now: dt.datetime | None = None) -> ActionItemQuerySet:
        """Open and due before today (at ``now``, by default now) in the action's network's
        time zone: networks in different zones see a new day begin at different moments."""
        return self.open().filter(overdue_q(now))


def overdue_q(now: dt.datetime | None = None) -> models.Q:
    """Due before the day of ``now`` in the action's network's time zone (one condition per
    time zone a network can have); combine with open statuses for "overdue"."""
    now = now or timezone.now()
    due = models.Q()
    for zone in TimeZone.values:
        due |= models.Q(network__time_zone=zone, due_date__lt=clock.today_in(zone, now))
    return due


class MinutesQuerySet(NetworkScopedQuerySet["Minutes"]):
    pass


class MinutesVersionQuerySet(NetworkScopedQuerySet["MinutesVersion"]):
    pass


class AgendaDocumentQuerySet(NetworkScopedQuerySet["AgendaDocument"]):
    pass
