"""Scoped querysets of the meetings app, built on core.querysets.NetworkScopedQuerySet (each
model declares its ``network_path``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils import timezone

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

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class MinutesQuerySet(NetworkScopedQuerySet["Minutes"]):
    pass


class MinutesVersionQuerySet(NetworkScopedQuerySet["MinutesVersion"]):
    pass


class AgendaDocumentQuerySet(NetworkScopedQuerySet["AgendaDocument"]):
    pass
