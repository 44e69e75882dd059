"""Scoped querysets of the meetings app (see networks/querysets.py for the pattern)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models
from django.utils import timezone

from samverk.accounts.roles import get_roles, is_platform_admin
from samverk.meetings.choices import OPEN_ACTION_STATUSES, MeetingStatus


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

    def overdue(self, today: dt.date | None = None) -> ActionItemQuerySet:
        return self.open().filter(due_date__lt=today or timezone.localdate())


class AgendaDocumentQuerySet(_Scoped):
    network_field = "agenda_item__meeting__network"
