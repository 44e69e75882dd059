"""Scoped querysets of the meetings app, built on core.querysets.NetworkScopedQuerySet (each
model declares its ``network_path``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from samverk.core import clock
from samverk.core.choices import RoleKind, TimeZone
from samverk.core.querysets import NetworkScopedQuerySet
from samverk.core.request_memo import memoized
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
        MeetingParticipation,
        MeetingSeries,
        Minutes,
        MinutesCirculation,
        MinutesRecipient,
        MinutesVersion,
        Rsvp,
    )


_M = TypeVar("_M", bound=models.Model)


def joint_meeting_ids(network_ids: Iterable[int], *, led: bool = False) -> list[int]:
    """Ids of the joint meetings other networks lead in which one of ``network_ids`` takes
    part (with ``led``, also the joint meetings they lead). One query on the small
    participation table; none without networks."""
    ids = sorted(set(network_ids))
    if not ids:
        return []
    from samverk.meetings.models import MeetingParticipation

    def look_up() -> list[int]:
        which = Q(network_id__in=ids)
        if led:
            which |= Q(meeting__network_id__in=ids)
        rows = MeetingParticipation.objects.filter(which).order_by().values_list("meeting_id")
        return sorted({meeting_id for (meeting_id,) in rows})

    # Asked by every joint-scoped queryset of a page: once per page inside request_memo.
    return list(memoized(("joint_meeting_ids", tuple(ids), led), look_up))


class JointScopedQuerySet(NetworkScopedQuerySet[_M]):
    """Rows of a meeting, scoped by the meeting's (lead) network as before, and also seen by
    the networks that take part in a joint meeting. The model declares ``meeting_path``, the
    lookup from its rows to the meeting (``"pk"`` for a meeting, ``"meeting"``,
    ``"minutes__meeting"``…).

    The joint meetings are looked up first (one small query) and added as ``meeting IN (…)``:
    without joint meetings the filter is exactly the single-network one, so the indexes on
    ``network`` serve it as before. Still fail-closed: ``visible_to`` marks the queryset, and
    a model without ``network_path`` raises."""

    # False: ``for_network`` keeps to the model's own network (a decision register lists
    # the network's own numbered rows; a joint decision has one row per network).
    joint_for_network: ClassVar[bool] = True
    # True where the rows' network is not always the meeting's (a joint decision's row in
    # another network's register): the lead network's people read those rows too.
    joint_rows_of_other_networks: ClassVar[bool] = False

    @property
    def meeting_path(self) -> str:
        return str(self.model.meeting_path)  # type: ignore[attr-defined]

    def _joint(self, network_ids: Iterable[int]) -> Q | None:
        meetings = joint_meeting_ids(network_ids, led=self.joint_rows_of_other_networks)
        return Q(**{f"{self.meeting_path}__in": meetings}) if meetings else None

    def for_network(self, network: Any) -> Any:
        network_id = getattr(network, "pk", network)
        own = Q(**{f"{self.network_path}__id": network_id})
        # Only networks of a federation meet jointly: no look-up for the others.
        federated = getattr(network, "federation_id", True) is not None
        joint = self._joint([network_id]) if self.joint_for_network and federated else None
        return self.filter(own | joint if joint is not None else own)

    def visible_to(self, user: Any) -> Any:
        path = self.network_path  # raises for a model without one, whoever asks
        if is_platform_admin(user):
            return self._mark(self)
        ids = get_roles(user).network_ids(self.reader_roles)
        own = Q(**{f"{path}__id__in": ids})
        joint = self._joint(ids)
        return self._mark(self.filter(own | joint if joint is not None else own))


UPCOMING_STATUSES = (MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS)


class MeetingSeriesQuerySet(NetworkScopedQuerySet["MeetingSeries"]):
    pass


class MeetingParticipationQuerySet(JointScopedQuerySet["MeetingParticipation"]):
    pass


class MeetingQuerySet(JointScopedQuerySet["Meeting"]):
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


class AgendaItemQuerySet(JointScopedQuerySet["AgendaItem"]):
    pass


class RsvpQuerySet(JointScopedQuerySet["Rsvp"]):
    pass


class AttendanceQuerySet(JointScopedQuerySet["Attendance"]):
    pass


class DecisionQuerySet(JointScopedQuerySet["Decision"]):
    """A joint meeting's decision has one row per participating network, each numbered in
    its network's register: ``for_network`` lists the network's own rows only, while
    ``visible_to`` also lets the other participants read them (the meeting page shows all
    numbers)."""

    joint_for_network = False
    joint_rows_of_other_networks = True


class ActionItemQuerySet(JointScopedQuerySet["ActionItem"]):
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
    # Zones on the same day share one condition (usually all of them do: one condition).
    zones_by_day: dict[dt.date, list[str]] = {}
    for zone in TimeZone.values:
        zones_by_day.setdefault(clock.today_in(zone, now), []).append(zone)
    due = models.Q()
    for day, zones in zones_by_day.items():
        due |= models.Q(network__time_zone__in=zones, due_date__lt=day)
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


class MinutesQuerySet(JointScopedQuerySet["Minutes"]):
    def visible_to(self, user: Any) -> Any:
        return self._mark(super().visible_to(user).filter(minutes_text_visibility(user)))


class MinutesVersionQuerySet(JointScopedQuerySet["MinutesVersion"]):
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


class AgendaDocumentQuerySet(JointScopedQuerySet["AgendaDocument"]):
    pass
