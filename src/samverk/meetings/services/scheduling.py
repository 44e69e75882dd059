"""Series and meetings: create, generate a year, schedule, change, status."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from typing import TypeVar
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    require,
    save_audited,
)
from samverk.meetings import notifications, permissions
from samverk.meetings.choices import (
    CADENCE_MONTHS,
    Cadence,
    MeetingStatus,
)
from samverk.meetings.models import (
    Meeting,
    MeetingSeries,
)
from samverk.meetings.services import joint as joint_services
from samverk.networks.models import Arena, Organisation

# --- series and meetings -------------------------------------------------------------------

# Changing these after the invitations went out sends an update (a higher SEQUENCE).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_link")


@transaction.atomic
def create_series(
    *,
    actor: User,
    arena: Arena,
    title: str,
    purpose: str,
    cadence: str | Unset = UNSET,
    hosts: Iterable[Organisation] | None = None,
) -> MeetingSeries:
    network = arena.network
    require(permissions.can_manage_meetings(actor, network))
    series = MeetingSeries(network=network, arena=arena, title=title, purpose=purpose)
    assign(series, {"cadence": cadence})
    hosts = list(hosts or [])
    check_all_same_network(network, field="hosts", objs=hosts)
    save_audited(actor=actor, obj=series, network=network)
    series.hosts.set(hosts)
    return series


@transaction.atomic
def create_series_with_year(
    *,
    actor: User,
    arena: Arena,
    title: str,
    purpose: str,
    cadence: str | Unset = UNSET,
    hosts: Iterable[Organisation] | None = None,
    first_start: dt.datetime | None = None,
    duration_minutes: int | None = None,
) -> MeetingSeries:
    """A series and, from ``first_start`` on, its meetings to the end of that year: both or
    neither (a series whose year could not be generated is not kept)."""
    series = create_series(
        actor=actor, arena=arena, title=title, purpose=purpose, cadence=cadence, hosts=hosts
    )
    if first_start is not None:
        generate_year(
            actor=actor,
            series=series,
            first_start=first_start,
            duration=dt.timedelta(minutes=duration_minutes or 0),
        )
    return series


@transaction.atomic
def generate_year(
    *,
    actor: User,
    series: MeetingSeries,
    first_start: dt.datetime,
    duration: dt.timedelta,
    until: dt.date | None = None,
) -> list[Meeting]:
    """Schedule the series' meetings from ``first_start`` to the end of that year (or
    ``until``), one per cadence step, hosts taking turns in alphabetical order."""
    network = series.network
    require(permissions.can_manage_meetings(actor, network))
    if timezone.is_naive(first_start):
        raise ValidationError({"first_start": _("Give the time with its time zone.")})
    if duration <= dt.timedelta(0):
        raise ValidationError({"duration": _("The meeting must end after it starts.")})
    # The same local time in the network's zone, whatever zone the start was given in.
    first_start = first_start.astimezone(ZoneInfo(network.time_zone))
    last_day = until or dt.date(first_start.year, 12, 31)
    months = CADENCE_MONTHS[Cadence(series.cadence)]
    hosts = list(series.hosts.order_by("name"))
    meetings: list[Meeting] = []
    start = first_start
    while start.date() <= last_day:
        meetings.append(
            schedule_meeting(
                actor=actor,
                arena=series.arena,
                series=series,
                title=series.title,
                purpose=series.purpose,
                starts_at=start,
                ends_at=start + duration,
                host=hosts[len(meetings) % len(hosts)] if hosts else None,
            )
        )
        start = add_months(first_start, months * len(meetings))
    return meetings


_Day = TypeVar("_Day", bound=dt.date)  # a date, or a datetime (a date with a time)


def add_months(moment: _Day, months: int) -> _Day:
    """The same local time ``months`` later (the 31st becomes the month's last day); the
    offset follows daylight saving time, as the zone says. Works on dates as well."""
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _check_meeting(meeting: Meeting) -> None:
    if meeting.starts_at and meeting.ends_at and meeting.ends_at <= meeting.starts_at:
        raise ValidationError({"ends_at": _("The meeting must end after it starts.")})
    series = meeting.series
    if series is not None and series.arena_id != meeting.arena_id:
        raise ValidationError(
            {
                "arena": _("The meeting must take place in its series' arena (%(arena)s).")
                % {"arena": series.arena}
            }
        )
    check_same_network(meeting.network, field="host", obj=meeting.host)
    check_same_network(meeting.network, field="series", obj=meeting.series)


@transaction.atomic
def schedule_meeting(
    *,
    actor: User,
    arena: Arena,
    title: str,
    purpose: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    series: MeetingSeries | None = None,
    venue: str | Unset = UNSET,
    online_link: str | Unset = UNSET,
    host: Organisation | Unset | None = UNSET,
    is_public: bool | Unset = UNSET,
    joint_arenas: Iterable[Arena] = (),
) -> Meeting:
    """``joint_arenas``: arenas of other networks of the same federation that take part (a
    joint meeting, see ``services.joint``)."""
    network = arena.network
    require(permissions.can_manage_meetings(actor, network))
    meeting = Meeting(
        network=network,
        arena=arena,
        series=series,
        title=title,
        purpose=purpose,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    assign(
        meeting, {"venue": venue, "online_link": online_link, "host": host, "is_public": is_public}
    )
    _check_meeting(meeting)
    joint_arenas = joint_services.check_joint_arenas(meeting, joint_arenas)
    save_audited(actor=actor, obj=meeting, network=network)
    joint_services.add_on_scheduling(actor=actor, meeting=meeting, arenas=joint_arenas)
    return meeting


@transaction.atomic
def update_meeting(
    *,
    actor: User,
    meeting: Meeting,
    title: str | Unset = UNSET,
    purpose: str | Unset = UNSET,
    starts_at: dt.datetime | Unset = UNSET,
    ends_at: dt.datetime | Unset = UNSET,
    venue: str | Unset = UNSET,
    online_link: str | Unset = UNSET,
    host: Organisation | Unset | None = UNSET,
    is_public: bool | Unset = UNSET,
    joint_arenas: Iterable[Arena] | Unset = UNSET,
) -> Meeting:
    """Change a meeting. Once the invitations went out, a change to what calendars show
    (title, time, place) sends the invitees an update."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network", "series")
        .get(pk=meeting.pk)
    )
    before = audit.snapshot(meeting)
    calendar_before = {f: getattr(meeting, f) for f in CALENDAR_FIELDS}
    values = {
        "title": title,
        "purpose": purpose,
        "starts_at": starts_at,
        "ends_at": ends_at,
        "venue": venue,
        "online_link": online_link,
        "host": host,
        "is_public": is_public,
    }
    # The same moment in another zone is no change.
    assign(meeting, {k: v for k, v in values.items() if v != getattr(meeting, k)})
    _check_meeting(meeting)
    if meeting.status == MeetingStatus.INVITED and any(
        getattr(meeting, f) != calendar_before[f] for f in CALENDAR_FIELDS
    ):
        meeting.sequence += 1
    save_audited(actor=actor, obj=meeting, network=meeting.network, before=before)
    if joint_arenas is not UNSET:
        joint_services.change_joint_arenas(actor=actor, meeting=meeting, arenas=joint_arenas)
    if meeting.sequence != before["sequence"]:
        # The invitees get the change (a higher SEQUENCE): queued with it, sent once committed.
        notifications.queue_update(meeting, actor=actor)
    return meeting


ALLOWED_STATUS_CHANGES = {
    MeetingStatus.PLANNED: {MeetingStatus.INVITED, MeetingStatus.CANCELLED},
    MeetingStatus.INVITED: {MeetingStatus.IN_PROGRESS, MeetingStatus.CANCELLED},
    MeetingStatus.IN_PROGRESS: {MeetingStatus.CLOSED},
    MeetingStatus.CLOSED: {MeetingStatus.MINUTES_APPROVED},
    MeetingStatus.MINUTES_APPROVED: set(),
    MeetingStatus.CANCELLED: set(),
}


@transaction.atomic
def change_status(*, actor: User, meeting: Meeting, status: str) -> Meeting:
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = Meeting.objects.select_for_update().select_related("network").get(pk=meeting.pk)
    if status not in ALLOWED_STATUS_CHANGES[MeetingStatus(meeting.status)]:
        raise ValidationError(
            {
                "status": _("A meeting that is “%(current)s” cannot become “%(new)s”.")
                % {
                    "current": meeting.get_status_display(),
                    "new": MeetingStatus(status).label
                    if status in MeetingStatus.values
                    else status,
                }
            }
        )
    before = audit.snapshot(meeting)
    meeting.status = status
    if status == MeetingStatus.CANCELLED:
        meeting.sequence += 1
    save_audited(actor=actor, obj=meeting, network=meeting.network, before=before)
    # The mails are queued in this transaction; the worker sends them once it has committed.
    if status == MeetingStatus.INVITED:
        notifications.queue_invitations(meeting, actor=actor)
    elif status == MeetingStatus.CANCELLED and before["status"] == MeetingStatus.INVITED:
        notifications.queue_cancellation(meeting, actor=actor)
    return meeting
