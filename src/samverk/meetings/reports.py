"""Commitment at a glance: how each member organisation takes part in the network's meetings
and follows up its actions. Computed in a constant number of queries (three), whatever the
number of organisations, arenas, meetings or actions."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from samverk.core import clock
from samverk.core.models import Network
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Attendance, Meeting
from samverk.networks.models import Organisation

RECENT_MEETINGS = 4
"""The attendance rates look at this many of the latest past meetings of an organisation's
arenas."""


@dataclass(frozen=True)
class CommitmentRow:
    organisation_id: int
    name: str
    meetings: int  # meetings looked at: at most RECENT_MEETINGS
    attended: int  # represented (with or without authority)
    attended_with_authority: int
    open_actions: int
    overdue_actions: int

    @property
    def attendance_rate(self) -> float | None:
        return self.attended / self.meetings if self.meetings else None

    @property
    def authority_rate(self) -> float | None:
        return self.attended_with_authority / self.meetings if self.meetings else None

    @property
    def attendance_percent(self) -> int | None:
        return _percent(self.attendance_rate)

    @property
    def authority_percent(self) -> int | None:
        return _percent(self.authority_rate)


def _percent(rate: float | None) -> int | None:
    return None if rate is None else round(rate * 100)


def commitment(
    network: Network,
    organisations: Iterable[Organisation] | None = None,
    *,
    now: dt.datetime | None = None,
    today: dt.date | None = None,
) -> list[CommitmentRow]:
    """One row per member organisation (an active membership today), by name; only the given
    ``organisations`` when named.

    For each organisation the last ``RECENT_MEETINGS`` meetings that have ended and were not
    cancelled, over all arenas it is a member of. It *attended* a meeting when someone
    represented it there (a check-in for the organisation that is not a guest's); *with
    authority* when that someone held a decision-authorised mandate. Actions are the
    organisation's when it owns them, or when their owner person belongs to it; open means
    open or in progress, overdue means open and due before ``today`` (in the network's zone).
    """
    now = now or timezone.now()
    today = today or clock.network_today(network, now)

    members = (
        Organisation.objects.for_network(network)
        .with_active_membership(today)
        .filter(is_member=True)
        .order_by("name", "pk")
    )
    if organisations is not None:
        members = members.filter(pk__in=[o.pk for o in organisations])
    names = dict(members.values_list("pk", "name"))  # query 1
    if not names:
        return []
    ids = list(names)

    # Query 2: (organisation, meeting) pairs of the organisations' arenas, the latest first,
    # numbered per organisation; only the first RECENT_MEETINGS pairs of each come back.
    represented = Attendance.objects.filter(
        meeting=OuterRef("pk"), organisation=OuterRef("organisation_id"), is_guest=False
    )
    pairs = (
        Meeting.objects.for_network(network)
        .filter(ends_at__lt=now, arena__members__in=ids)
        .exclude(status=MeetingStatus.CANCELLED)
        .annotate(organisation_id=F("arena__members"))
        .annotate(
            present=Exists(represented),
            authorised=Exists(represented.filter(with_authority=True)),
            rank=Window(
                RowNumber(),
                partition_by=[F("organisation_id")],
                order_by=[F("starts_at").desc(), F("pk").desc()],
            ),
        )
        .filter(rank__lte=RECENT_MEETINGS)
        .values_list("organisation_id", "present", "authorised")
    )
    attendance: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for organisation_id, present, authorised in pairs:
        figures = attendance[organisation_id]
        figures[0] += 1
        figures[1] += bool(present)
        figures[2] += bool(authorised)

    # Query 3: open and overdue actions per owning organisation.
    actions: dict[int, dict[str, Any]] = {
        row["owner"]: row
        for row in ActionItem.objects.for_network(network)
        .open()
        .annotate(owner=Coalesce("owner_organisation_id", "owner_person__organisation_id"))
        .filter(owner__in=ids)
        .values("owner")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(due_date__lt=today)))
        .order_by()
    }

    rows = []
    for pk, name in names.items():
        meetings, attended, authorised = attendance.get(pk, (0, 0, 0))
        owned = actions.get(pk, {})
        rows.append(
            CommitmentRow(
                organisation_id=pk,
                name=name,
                meetings=meetings,
                attended=attended,
                attended_with_authority=authorised,
                open_actions=owned.get("open", 0),
                overdue_actions=owned.get("overdue", 0),
            )
        )
    return rows


SORTS: dict[str, str] = {
    "name": "name",
    "attendance": "attendance_rate",
    "authority": "authority_rate",
    "open": "open_actions",
    "overdue": "overdue_actions",
}


def sort_rows(rows: list[CommitmentRow], key: str | None) -> tuple[list[CommitmentRow], str]:
    """Sort by ``key`` or ``-key`` (one of SORTS; by name otherwise). Organisations without
    meetings to look at come last either way; ties go by name."""
    key = key or "name"
    attribute = SORTS.get(key.lstrip("-"))
    if attribute is None:
        key, attribute = "name", "name"
    descending = key.startswith("-")

    def by_name(row: CommitmentRow) -> tuple[str, int]:
        return (row.name.casefold(), row.organisation_id)

    ordered = sorted(rows, key=by_name)
    if attribute == "name":
        return (ordered[::-1] if descending else ordered), key
    known = [r for r in ordered if getattr(r, attribute) is not None]
    unknown = [r for r in ordered if getattr(r, attribute) is None]
    known.sort(key=lambda r: getattr(r, attribute), reverse=descending)  # stable: ties by name
    return known + unknown, key
