"""Scoped querysets of the meetings app (see networks/querysets.py for the pattern)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from samverk.accounts.roles import get_roles, is_platform_admin
from samverk.core import clock
from samverk.meetings.choices import OPEN_ACTION_STATUSES, MeetingStatus
from samverk.networks.choices import TimeZone


class _Scoped(models.QuerySet[Any]):
    network_field = "network"

    def for_network(self, network: Any) -> Any:
        return self.filter(**{self.network_field: network})

    def visible_to(self, user: Any) -> Any:
        if is_platform_admin(user):
            return self
        return self.filter(**{f"{self.network_field}_id__in": get_roles(user).network_ids()})


class MeetingSeriesQuerySet(_Scoped):
    pass


class MeetingQuerySet(_Scoped):
    def upcoming(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__gte=now or timezone.now()).exclude(
            status=MeetingStatus.CANCELLED
        )

    def past(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        return self.filter(ends_at__lt=now or timezone.now())


class AgendaItemQuerySet(_Scoped):
    network_field = "meeting__network"


class AttendanceQuerySet(_Scoped):
    network_field = "meeting__network"


class DecisionQuerySet(_Scoped):
    pass


class ActionItemQuerySet(_Scoped):
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


class AgendaDocumentQuerySet(_Scoped):
    network_field = "agenda_item__meeting__network"
