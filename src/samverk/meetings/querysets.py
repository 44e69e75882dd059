"""Scoped querysets of the meetings app, built on core.querysets.NetworkScopedQuerySet (each
model declares its ``network_path``)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils import timezone

from samverk.core import clock
from samverk.core.choices import RoleKind, TimeZone
from samverk.core.querysets import NetworkScopedQuerySet
from samverk.core.roles import get_roles, is_platform_admin
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
        MinutesCirculation,
        MinutesRecipient,
        MinutesVersion,
        Rsvp,
    )


UPCOMING_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS)


class MeetingSeriesQuerySet(NetworkScopedQuerySet["MeetingSeries"]):
    pass


class MeetingQuerySet(NetworkScopedQuerySet["Meeting"]):
    def upcoming(
        self, now: dt.datetime | None = None, *, include_cancelled: bool = False
    ) -> MeetingQuerySet:
        """Not over yet by the clock and by the status: a closed meeting (or one whose minutes
        are approved) is past even if its planned end is still ahead. Cancelled meetings only
        with ``include_cancelled`` (the meeting list shows them, marked)."""
        statuses = [*UPCOMING_STATUSES, *([MeetingStatus.CANCELLED] if include_cancelled else [])]
        return self.filter(ends_at__gte=now or timezone.now(), status__in=statuses)

    def public(self) -> MeetingQuerySet:
        """Meetings the network publishes to everyone (its public calendar feed): visible to
        anyone, signed in or not."""
        return self._mark(self.filter(is_public=True))  # type: ignore[no-any-return]

    def past(self, now: dt.datetime | None = None) -> MeetingQuerySet:
        """Over by the clock, or closed (the complement of ``upcoming`` but for cancelled
        meetings still ahead)."""
        return self.filter(
            models.Q(ends_at__lt=now or timezone.now())
            | models.Q(status__in=[MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED])
        )


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


def minutes_text_visibility(user: Any, path: str = "") -> models.Q:
    """THE rule for reading minutes (their text, versions, circulations), in one place:
    minutes that are a draft are read by the network's coordinators and the minutes'
    minute-taker only, until they are circulated; circulated and approved minutes by every
    role in the network (the network scoping itself comes from ``visible_to``). ``path``
    leads from the queried model to ``Minutes`` (``"minutes__"`` for a version)."""
    if is_platform_admin(user):
        return models.Q()
    coordinated = get_roles(user).network_ids(frozenset({RoleKind.COORDINATOR}))
    rule = ~models.Q(**{f"{path}status": "draft"}) | models.Q(
        **{f"{path}meeting__network_id__in": coordinated}
    )
    if getattr(user, "is_authenticated", False):
        rule |= models.Q(**{f"{path}minute_taker": user})
    return rule


def may_read_minutes(user: Any, minutes: Any) -> bool:
    """The same rule as ``minutes_text_visibility`` for minutes already loaded (``None``: not
    written yet, nothing to hide). The caller has checked that the user sees the network."""
    if minutes is None or minutes.status != "draft" or is_platform_admin(user):
        return True
    if get_roles(user).has(minutes.meeting.network_id, RoleKind.COORDINATOR):
        return True
    return bool(
        getattr(user, "is_authenticated", False)
        and minutes.minute_taker_id is not None
        and minutes.minute_taker_id == user.pk
    )


class MinutesQuerySet(NetworkScopedQuerySet["Minutes"]):
    def visible_to(self, user: Any) -> Any:
        return self._mark(super().visible_to(user).filter(minutes_text_visibility(user)))


class MinutesVersionQuerySet(NetworkScopedQuerySet["MinutesVersion"]):
    def visible_to(self, user: Any) -> Any:
        return self._mark(
            super().visible_to(user).filter(minutes_text_visibility(user, "minutes__"))
        )


class MinutesCirculationQuerySet(NetworkScopedQuerySet["MinutesCirculation"]):
    """Circulations exist only for minutes no longer a draft; who received them is the
    network's business, read like the minutes."""

    def visible_to(self, user: Any) -> Any:
        return self._mark(
            super().visible_to(user).filter(minutes_text_visibility(user, "minutes__"))
        )


class MinutesRecipientQuerySet(NetworkScopedQuerySet["MinutesRecipient"]):
    def visible_to(self, user: Any) -> Any:
        return self._mark(
            super().visible_to(user).filter(minutes_text_visibility(user, "circulation__minutes__"))
        )


class AgendaDocumentQuerySet(NetworkScopedQuerySet["AgendaDocument"]):
    pass
