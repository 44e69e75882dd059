"""Every write to meetings goes through these functions (permission, atomic, audited)."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
import uuid
from collections.abc import Iterable
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit, clock
from samverk.core.models import AuditAction, Network
from samverk.core.services import (
    UNSET,
    Unset,
    assign,
    check_all_same_network,
    check_same_network,
    record_delete,
    require,
    save_audited,
)
from samverk.meetings import documents, notifications, permissions, quorum
from samverk.meetings.choices import (
    AGENDA_EDITABLE,
    CADENCE_MONTHS,
    CHECK_IN_OPEN,
    DECISIONS_OPEN,
    RECORD_OPEN,
    REPLIES_OPEN,
    Cadence,
    MeetingStatus,
)
from samverk.meetings.models import (
    ActionItem,
    AgendaDocument,
    AgendaItem,
    Attendance,
    CalendarToken,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesVersion,
    Rsvp,
)
from samverk.networks.models import Arena, Mandate, Organisation, Person


def _local_start(meeting: Meeting) -> dt.datetime:
    """The meeting's start in its network's time zone (its day and year are the network's)."""
    return timezone.localtime(meeting.starts_at, ZoneInfo(meeting.network.time_zone))


def _require_stage(meeting: Meeting, allowed: frozenset[str], field: str, message: str) -> None:
    """Refuse a change the meeting's state no longer (or not yet) allows, with ``message``
    (which may name the state as ``%(status)s``)."""
    if meeting.status not in allowed:
        raise ValidationError({field: message % {"status": meeting.get_status_display()}})


def _agenda_open(meeting: Meeting) -> None:
    _require_stage(
        meeting,
        AGENDA_EDITABLE,
        NON_FIELD_ERRORS,
        _("The agenda of a meeting that is “%(status)s” can no longer be changed."),
    )


def _record_open(meeting: Meeting, field: str = NON_FIELD_ERRORS) -> None:
    _require_stage(
        meeting,
        RECORD_OPEN,
        field,
        _("The record of a meeting that is “%(status)s” can no longer be changed."),
    )


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
) -> Meeting:
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
    save_audited(actor=actor, obj=meeting, network=network)
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


# --- agenda --------------------------------------------------------------------------------


@transaction.atomic
def add_agenda_item(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    kind: str | Unset = UNSET,
    description: str | Unset = UNSET,
    presenter: Person | Unset | None = UNSET,
    guest_presenter: str | Unset = UNSET,
    planned_minutes: int | Unset | None = UNSET,
) -> AgendaItem:
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1, title=title)
    assign(
        item,
        {
            "kind": kind,
            "description": description,
            "presenter": presenter,
            "guest_presenter": guest_presenter,
            "planned_minutes": planned_minutes,
        },
    )
    check_same_network(meeting.network, field="presenter", obj=item.presenter)
    save_audited(actor=actor, obj=item, network=meeting.network)
    return item


def _lock(meeting: Meeting) -> Meeting:
    """The meeting, locked and read afresh: its state decides what may still change."""
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    )


@transaction.atomic
def update_agenda_item(
    *,
    actor: User,
    item: AgendaItem,
    title: str | Unset = UNSET,
    kind: str | Unset = UNSET,
    description: str | Unset = UNSET,
    presenter: Person | Unset | None = UNSET,
    guest_presenter: str | Unset = UNSET,
    planned_minutes: int | Unset | None = UNSET,
) -> AgendaItem:
    meeting = item.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.select_related("meeting__network").get(pk=item.pk)
    before = audit.snapshot(item)
    assign(
        item,
        {
            "title": title,
            "kind": kind,
            "description": description,
            "presenter": presenter,
            "guest_presenter": guest_presenter,
            "planned_minutes": planned_minutes,
        },
    )
    check_same_network(meeting.network, field="presenter", obj=item.presenter)
    save_audited(actor=actor, obj=item, network=meeting.network, before=before)
    return item


@transaction.atomic
def move_agenda_item(*, actor: User, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap the item with its neighbour ``offset`` places away (-1 up, +1 down); at either
    end of the agenda nothing changes."""
    meeting = item.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    ordered = list(meeting.agenda_items.order_by("position"))
    index = next(i for i, other in enumerate(ordered) if other.pk == item.pk)
    target = index + offset
    if not 0 <= target < len(ordered) or offset == 0:
        return item
    other = ordered[target]
    before_item, before_other = audit.snapshot(item), audit.snapshot(other)
    mine, theirs = item.position, other.position
    # One position per item at all times: park the item at 0 while the other one moves.
    AgendaItem.objects.filter(pk=item.pk).update(position=0)
    other.position = mine
    save_audited(actor=actor, obj=other, network=meeting.network, before=before_other)
    item.position = theirs
    save_audited(actor=actor, obj=item, network=meeting.network, before=before_item)
    return item


@transaction.atomic
def remove_agenda_item(*, actor: User, item: AgendaItem) -> None:
    """Delete an item with its documents; the items after it move up. Decisions and actions
    that referred to it stay, without the reference."""
    meeting = item.meeting
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    for document in item.documents.all():
        remove_document(actor=actor, document=document)
    record_delete(actor=actor, obj=item, network=network)
    position = item.position
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        before = audit.snapshot(later)
        later.position -= 1
        save_audited(actor=actor, obj=later, network=network, before=before)


# --- replies and attendance ----------------------------------------------------------------


@transaction.atomic
def record_rsvp(
    *,
    actor: User,
    meeting: Meeting,
    organisation: Organisation,
    answer: str,
    person: Person | None = None,
    now: dt.datetime | None = None,
) -> Rsvp:
    """Record (or change) an organisation's reply, until the meeting begins (``now``: the
    moment of the reply, by default now)."""
    require(permissions.can_answer_for(actor, organisation))
    meeting = _lock(meeting)
    if meeting.status not in REPLIES_OPEN or meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Replies are only taken before the meeting begins.")}
        )
    if not meeting.arena.members.filter(pk=organisation.pk).exists():
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is not a member of this arena.")
                % {"organisation": organisation}
            }
        )
    if person is not None and person.organisation_id != organisation.pk:
        raise ValidationError(
            {
                "person": _("%(person)s does not belong to %(organisation)s.")
                % {"person": person, "organisation": organisation}
            }
        )
    rsvp = Rsvp.objects.filter(meeting=meeting, organisation=organisation).first()
    before = audit.snapshot(rsvp) if rsvp else None
    rsvp = rsvp or Rsvp(meeting=meeting, organisation=organisation)
    rsvp.answer, rsvp.person = answer, person
    save_audited(actor=actor, obj=rsvp, network=meeting.network, before=before)
    return rsvp


def authorised_mandate(meeting: Meeting, person: Person) -> Mandate | None:
    """The person's decision-authorised mandate, on the meeting's day, for a member
    organisation of the meeting's arena."""
    day = _local_start(meeting).date()
    return (
        Mandate.objects.active(day)
        .filter(
            person=person,
            decision_authorised=True,
            membership__organisation__in=meeting.arena.members.all(),
        )
        .select_related("membership__organisation")
        .first()
    )


@transaction.atomic
def check_in(
    *,
    actor: User,
    meeting: Meeting,
    person: Person | None = None,
    guest_name: str = "",
) -> Attendance:
    """Check someone in. A person without a mandate for a member organisation, or a name
    without a person, is recorded as a guest (clearly marked, never counted for quorum)."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = _lock(meeting)
    _require_stage(
        meeting,
        CHECK_IN_OPEN,
        "person",
        _("Nobody can be checked in to a meeting that is “%(status)s”."),
    )
    if person is None and not guest_name.strip():
        raise ValidationError({"person": _("Choose a person or enter a guest's name.")})
    if person is not None and guest_name.strip():
        raise ValidationError(
            {"guest_name": _("Check in either a person or a guest by name, not both.")}
        )
    check_same_network(meeting.network, field="person", obj=person)
    if person is not None and meeting.attendances.filter(person=person).exists():
        raise ValidationError(
            {"person": _("%(person)s is already checked in.") % {"person": person}}
        )
    attendance = Attendance(meeting=meeting, person=person, guest_name=guest_name.strip())
    if person is not None:
        mandate = authorised_mandate(meeting, person)
        if mandate is not None:
            attendance.organisation = mandate.membership.organisation
            attendance.with_authority = True
        else:
            attendance.organisation = person.organisation
            day = _local_start(meeting).date()
            attendance.is_guest = (
                not Mandate.objects.active(day)
                .filter(person=person, membership__organisation__in=meeting.arena.members.all())
                .exists()
            )
    else:
        attendance.is_guest = True
    save_audited(actor=actor, obj=attendance, network=meeting.network)
    return attendance


def quorum_of(meeting: Meeting) -> quorum.QuorumResult:
    arena = meeting.arena
    members = list(arena.members.values_list("pk", flat=True))
    authorised = list(
        meeting.attendances.filter(with_authority=True).values_list("organisation_id", flat=True)
    )
    return quorum.evaluate(arena.quorum_rule, arena.quorum_percent, members, authorised)


def _require_quorum(meeting: Meeting) -> None:
    """A binding decision needs a quorate meeting; without, it is a recommendation."""
    if not quorum_of(meeting).is_quorate:
        raise ValidationError(
            {
                "binding": _(
                    "The meeting is not quorate, so a binding decision cannot be "
                    "recorded. Record it as a recommendation instead."
                )
            }
        )


# --- decisions ---------------------------------------------------------------------------


@transaction.atomic
def record_decision(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    method: str = "consensus",
    binding: bool = True,
    number: int | None = None,
    agenda_item: AgendaItem | None = None,
    topic: str = "",
    votes_for: int | None = None,
    votes_against: int | None = None,
    abstentions: int | None = None,
) -> Decision:
    """Numbered per network and year. A binding decision needs a quorate meeting; without
    quorum it can only be recorded as a recommendation (``binding=False``)."""
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    Network.objects.select_for_update().filter(pk=network.pk).first()  # serialise numbering
    _require_stage(
        _lock(meeting),
        DECISIONS_OPEN,
        NON_FIELD_ERRORS,
        _(
            "Decisions are recorded once the meeting has started and until its minutes "
            "are approved; this meeting is “%(status)s”."
        ),
    )
    if binding:
        _require_quorum(meeting)
    _check_agenda_item(meeting, agenda_item)
    year = _local_start(meeting).year
    taken = Decision.objects.filter(network=network, year=year)
    if number is None:
        number = (taken.aggregate(last=Max("number"))["last"] or 0) + 1
    elif taken.filter(number=number).exists():
        raise ValidationError(
            {
                "number": _("Decision %(reference)s already exists.")
                % {"reference": f"{year}/{number:02d}"}
            }
        )
    decision = Decision(
        network=network,
        meeting=meeting,
        agenda_item=agenda_item,
        year=year,
        number=number,
        text=text,
        method=method,
        binding=binding,
        topic=topic,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=abstentions,
    )
    save_audited(actor=actor, obj=decision, network=network)
    return decision


# --- actions -------------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    actor: User,
    meeting: Meeting,
    title: str,
    due_date: dt.date,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
    today: dt.date | None = None,
) -> ActionItem:
    """An action agreed at the meeting, due no earlier than ``today`` (the day it is agreed
    in the network's time zone: by default the network's today)."""
    network = meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(_lock(meeting))
    action = ActionItem(
        network=network,
        meeting=meeting,
        title=title,
        due_date=due_date,
        owner_person=owner_person,
        owner_organisation=owner_organisation,
        agenda_item=agenda_item,
        decision=decision,
    )
    _check_action(action, today or clock.network_today(network))
    save_audited(actor=actor, obj=action, network=network)
    return action


def _check_agenda_item(meeting: Meeting, agenda_item: AgendaItem | None) -> None:
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})


@transaction.atomic
def update_decision(
    *,
    actor: User,
    decision: Decision,
    text: str | Unset = UNSET,
    method: str | Unset = UNSET,
    binding: bool | Unset = UNSET,
    agenda_item: AgendaItem | Unset | None = UNSET,
    topic: str | Unset = UNSET,
    votes_for: int | Unset | None = UNSET,
    votes_against: int | Unset | None = UNSET,
    abstentions: int | Unset | None = UNSET,
) -> Decision:
    """Correct a decision while its meeting's record is open. Its number stays; making it
    binding needs the meeting to be quorate, as when it was recorded."""
    meeting = decision.meeting
    require(permissions.can_manage_meetings(actor, meeting.network))
    _require_stage(
        _lock(meeting),
        DECISIONS_OPEN,
        NON_FIELD_ERRORS,
        _("The decisions of a meeting that is “%(status)s” can no longer be changed."),
    )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    before = audit.snapshot(decision)
    assign(
        decision,
        {
            "text": text,
            "method": method,
            "binding": binding,
            "agenda_item": agenda_item,
            "topic": topic,
            "votes_for": votes_for,
            "votes_against": votes_against,
            "abstentions": abstentions,
        },
    )
    if decision.binding and not before["binding"]:
        _require_quorum(meeting)
    _check_agenda_item(meeting, decision.agenda_item)
    save_audited(actor=actor, obj=decision, network=meeting.network, before=before)
    return decision


def _check_action(action: ActionItem, created: dt.date) -> None:
    network = action.network
    if action.due_date < created:
        raise ValidationError({"due_date": _("An action cannot be due before it was created.")})
    if action.owner_person is None and action.owner_organisation is None:
        raise ValidationError({"owner_person": _("Name a person or an organisation as owner.")})
    check_same_network(network, field="owner_person", obj=action.owner_person)
    check_same_network(network, field="owner_organisation", obj=action.owner_organisation)
    check_same_network(network, field="decision", obj=action.decision)
    _check_agenda_item(action.meeting, action.agenda_item)


@transaction.atomic
def update_action(
    *,
    actor: User,
    action: ActionItem,
    title: str | Unset = UNSET,
    due_date: dt.date | Unset = UNSET,
    owner_person: Person | Unset | None = UNSET,
    owner_organisation: Organisation | Unset | None = UNSET,
    agenda_item: AgendaItem | Unset | None = UNSET,
    decision: Decision | Unset | None = UNSET,
) -> ActionItem:
    """Change what an action is, who owns it and when it is due. Actions live on after the
    meeting, so this stays possible once the minutes are approved."""
    require(permissions.can_manage_meetings(actor, action.network))
    action = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("network", "meeting")
        .get(pk=action.pk)
    )
    before = audit.snapshot(action)
    assign(
        action,
        {
            "title": title,
            "due_date": due_date,
            "owner_person": owner_person,
            "owner_organisation": owner_organisation,
            "agenda_item": agenda_item,
            "decision": decision,
        },
    )
    _check_action(action, clock.local_date(action.created_at, action.network.time_zone))
    save_audited(actor=actor, obj=action, network=action.network, before=before)
    return action


@transaction.atomic
def update_action_status(*, actor: User, action: ActionItem, status: str) -> ActionItem:
    require(permissions.can_update_action(actor, action))
    before = audit.snapshot(action)
    action.status = status
    save_audited(actor=actor, obj=action, network=action.network, before=before)
    return action


def carried_over_actions(meeting: Meeting) -> Any:
    """Open actions agreed at earlier meetings of the same arena: the follow-up section of
    this meeting's agenda."""
    return (
        ActionItem.objects.open()
        .filter(meeting__arena_id=meeting.arena_id, meeting__starts_at__lt=meeting.starts_at)
        .select_related("owner_person__organisation", "owner_organisation", "meeting")
    )


# --- minutes -------------------------------------------------------------------------------


class MinutesConflict(Exception):
    """Someone else saved the minutes since this edit began."""

    def __init__(self, current: MinutesVersion) -> None:
        super().__init__("minutes changed")
        self.current = current


@transaction.atomic
def save_minutes(*, actor: User, meeting: Meeting, text: str, base_version: int) -> MinutesVersion:
    """Save a new version. ``base_version`` is the version the editor started from; if
    another version was saved since, MinutesConflict carries it so nobody's work is lost."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    minutes, _created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError({"text": _("Approved minutes cannot be changed.")})
    current = minutes.versions.order_by("-number").first()
    if (current.number if current else 0) != base_version:
        if current is None:
            raise ValidationError(
                {"text": _("The minutes changed meanwhile; reload them and try again.")}
            )
        raise MinutesConflict(current)
    version = MinutesVersion.objects.create(
        minutes=minutes, number=base_version + 1, text=text, author=actor
    )
    audit.record(
        actor=actor,
        obj=minutes,
        action=AuditAction.UPDATE,
        network=meeting.network,
        changes={"version": [base_version, version.number]},
    )
    return version


@transaction.atomic
def circulate_minutes(*, actor: User, meeting: Meeting) -> Minutes:
    require(permissions.can_manage_meetings(actor, meeting.network))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not minutes.versions.exists():
        raise ValidationError({"text": _("Write the minutes before circulating them.")})
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError({"status": _("Approved minutes cannot be changed.")})
    before = audit.snapshot(minutes)
    minutes.status = Minutes.Status.CIRCULATED
    save_audited(actor=actor, obj=minutes, network=meeting.network, before=before)
    return minutes


@transaction.atomic
def approve_minutes(*, actor: User, meeting: Meeting, at_meeting: Meeting) -> Minutes:
    """Minutes are approved at a later meeting of the same arena; the approval is recorded
    there."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError({"status": _("Only circulated minutes can be approved.")})
    if at_meeting.arena_id != meeting.arena_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": _("Minutes are approved at a later meeting of the same arena.")}
        )
    before = audit.snapshot(minutes)
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, at_meeting
    save_audited(actor=actor, obj=minutes, network=meeting.network, before=before)
    if Meeting.objects.filter(pk=meeting.pk, status=MeetingStatus.CLOSED).exists():
        change_status(actor=actor, meeting=meeting, status=MeetingStatus.MINUTES_APPROVED)
    return minutes


def open_members_without_authority(meeting: Meeting) -> Any:
    """Member organisations whose reply sends nobody with authority (no reply, 'nobody', or
    a person without a decision-authorised mandate) — shown to the coordinator beforehand."""
    day = _local_start(meeting).date()
    authorised_people = (
        Mandate.objects.active(day).filter(decision_authorised=True).values("person_id")
    )
    covered = (
        Rsvp.objects.filter(meeting=meeting)
        .filter(
            Q(answer__in=[Rsvp.Answer.PRINCIPAL, Rsvp.Answer.DEPUTY, Rsvp.Answer.SOMEONE_ELSE])
            & Q(person_id__in=authorised_people)
        )
        .values("organisation_id")
    )
    return meeting.arena.members.exclude(pk__in=covered).order_by("name")


# --- documents on agenda items -------------------------------------------------------------


def _display_name(name: str) -> str:
    """The uploaded file's own name, for display and downloads: no folders, no control
    characters (they cannot go into a Content-Disposition header)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-255:] or "document"


def attach_document(*, actor: User, agenda_item: AgendaItem, upload: Any) -> AgendaDocument:
    """Attach an uploaded file to an agenda item. The type is decided by the content
    (``documents.identify``); the stored file gets a generated name. If anything fails after
    the file was written, the file is removed again."""
    network = agenda_item.meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(agenda_item.meeting, "file")
    if not upload:
        raise ValidationError({"file": forms.Field.default_error_messages["required"]})
    try:
        content_type = documents.identify(upload, upload.name or "", upload.size)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    document = AgendaDocument(
        agenda_item=agenda_item,
        original_name=_display_name(upload.name or ""),
        content_type=content_type,
        size=upload.size,
        uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    upload.seek(0)
    stored_name = uuid.uuid4().hex + documents.extension_for(content_type)
    document.file.save(stored_name, upload, save=False)
    try:
        with transaction.atomic():
            save_audited(actor=actor, obj=document, network=network)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def remove_document(*, actor: User, document: AgendaDocument) -> None:
    """Delete a document; its file is removed once the deletion is committed."""
    network = document.agenda_item.meeting.network
    require(permissions.can_manage_meetings(actor, network))
    _record_open(_lock(document.agenda_item.meeting))
    record_delete(actor=actor, obj=document, network=network)
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)


# --- calendar tokens -------------------------------------------------------------------------
# Tokens belong to a user, not to a network: the audit records carry no network, and never the
# key itself (it is the secret).


def _require_signed_in(actor: User) -> None:
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise PermissionDenied(_("You do not have permission to do this."))


def _revoke_active(actor: User, user: User, now: dt.datetime) -> int:
    revoked = 0
    for token in CalendarToken.objects.select_for_update().active().filter(user=user):
        token.revoked_at = now
        token.save(update_fields=["revoked_at", "updated_at"])
        audit.record(
            actor=actor,
            obj=token,
            action=AuditAction.END,
            changes={"revoked_at": [None, now.isoformat()]},
        )
        revoked += 1
    return revoked


@transaction.atomic
def create_calendar_token(*, actor: User) -> CalendarToken:
    """A new feed address for ``actor``; an address they had stops working at once."""
    _require_signed_in(actor)
    now = timezone.now()
    _revoke_active(actor, actor, now)
    token = CalendarToken(user=actor)
    token.full_clean()
    token.save()
    audit.record(
        actor=actor,
        obj=token,
        action=AuditAction.CREATE,
        changes={"user": [None, str(actor)]},
    )
    return token


@transaction.atomic
def revoke_calendar_token(*, actor: User) -> int:
    """Stop ``actor``'s feed address from working. Returns how many tokens were revoked."""
    _require_signed_in(actor)
    revoked = _revoke_active(actor, actor, timezone.now())
    if not revoked:
        raise ValidationError(_("You have no calendar feed address to revoke."))
    return revoked
