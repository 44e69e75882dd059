"""Every write to meetings goes through these functions (permission, atomic, audited)."""

from __future__ import annotations

import calendar
import datetime as dt
import unicodedata
import uuid
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.core import audit
from samverk.core.models import AuditAction
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
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesVersion,
    Rsvp,
)
from samverk.networks.models import Arena, Mandate, Network, Organisation, Person


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied(_("You do not have permission to do this."))


def _save(actor: Any, obj: Any, network: Network, before: dict[str, Any] | None) -> None:
    obj.full_clean()
    obj.save()
    if before is None:
        audit.record_create(actor=actor, obj=obj, network=network)
        return
    changes = audit.diff(before, audit.snapshot(obj))
    if changes:
        audit.record(
            actor=actor, obj=obj, action=AuditAction.UPDATE, network=network, changes=changes
        )


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


def _same_network(network: Network, field: str, obj: Any) -> None:
    if obj is not None and obj.network_id != network.pk:
        raise ValidationError({field: _("Choose one of this network's own entries.")})


# --- series and meetings -------------------------------------------------------------------

SERIES_FIELDS = ("title", "cadence", "purpose")
MEETING_FIELDS = (
    "title", "purpose", "starts_at", "ends_at", "venue", "online_link", "host", "is_public",
)  # fmt: skip
# Changing these after the invitations went out sends an update (a higher SEQUENCE).
CALENDAR_FIELDS = ("title", "starts_at", "ends_at", "venue", "online_link")


@transaction.atomic
def create_series(
    *, actor: Any, arena: Arena, hosts: list[Organisation] | None = None, **fields: Any
) -> MeetingSeries:
    network = arena.network
    _require(permissions.can_manage_meetings(actor, network))
    series = MeetingSeries(network=network, arena=arena)
    for name, value in fields.items():
        if name not in SERIES_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(series, name, value)
    for host in hosts or []:
        _same_network(network, "hosts", host)
    _save(actor, series, network, None)
    series.hosts.set(hosts or [])
    return series


@transaction.atomic
def generate_year(
    *,
    actor: Any,
    series: MeetingSeries,
    first_start: dt.datetime,
    duration: dt.timedelta,
    until: dt.date | None = None,
) -> list[Meeting]:
    """Schedule the series' meetings from ``first_start`` to the end of that year (or
    ``until``), one per cadence step, hosts taking turns in alphabetical order."""
    network = series.network
    _require(permissions.can_manage_meetings(actor, network))
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


def add_months(moment: dt.datetime, months: int) -> dt.datetime:
    """The same local time ``months`` later (the 31st becomes the month's last day); the
    offset follows daylight saving time, as the zone says."""
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
    _same_network(meeting.network, "host", meeting.host)


@transaction.atomic
def schedule_meeting(
    *, actor: Any, arena: Arena, series: MeetingSeries | None = None, **fields: Any
) -> Meeting:
    network = arena.network
    _require(permissions.can_manage_meetings(actor, network))
    meeting = Meeting(network=network, arena=arena, series=series)
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(meeting, name, value)
    _check_meeting(meeting)
    _save(actor, meeting, network, None)
    return meeting


@transaction.atomic
def update_meeting(*, actor: Any, meeting: Meeting, **fields: Any) -> Meeting:
    _require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = (
        Meeting.objects.select_for_update(of=("self",))
        .select_related("network", "series")
        .get(pk=meeting.pk)
    )
    before = audit.snapshot(meeting)
    calendar_before = {f: getattr(meeting, f) for f in CALENDAR_FIELDS}
    for name, value in fields.items():
        if name not in MEETING_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        if getattr(meeting, name) != value:  # the same moment in another zone is no change
            setattr(meeting, name, value)
    _check_meeting(meeting)
    if meeting.status == MeetingStatus.INVITED and any(
        getattr(meeting, f) != calendar_before[f] for f in CALENDAR_FIELDS
    ):
        meeting.sequence += 1
    _save(actor, meeting, meeting.network, before)
    if meeting.sequence != before["sequence"]:
        # The invitees get the change (a higher SEQUENCE) once it is committed.
        transaction.on_commit(lambda: notifications.send_update(meeting), robust=True)
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
def change_status(*, actor: Any, meeting: Meeting, status: str) -> Meeting:
    _require(permissions.can_manage_meetings(actor, meeting.network))
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
    _save(actor, meeting, meeting.network, before)
    if status == MeetingStatus.INVITED:
        transaction.on_commit(lambda: notifications.send_invitations(meeting), robust=True)
    elif status == MeetingStatus.CANCELLED and before["status"] == MeetingStatus.INVITED:
        transaction.on_commit(lambda: notifications.send_cancellation(meeting), robust=True)
    return meeting


# --- agenda --------------------------------------------------------------------------------

AGENDA_FIELDS = ("title", "kind", "description", "presenter", "guest_presenter", "planned_minutes")


@transaction.atomic
def add_agenda_item(*, actor: Any, meeting: Meeting, **fields: Any) -> AgendaItem:
    _require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    last = meeting.agenda_items.aggregate(last=Max("position"))["last"] or 0
    item = AgendaItem(meeting=meeting, position=last + 1)
    _set_agenda_fields(item, fields)
    _save(actor, item, meeting.network, None)
    return item


def _lock(meeting: Meeting) -> Meeting:
    """The meeting, locked and read afresh: its state decides what may still change."""
    return (
        Meeting.objects.select_for_update(of=("self",)).select_related("network").get(pk=meeting.pk)
    )


def _set_agenda_fields(item: AgendaItem, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        if name not in AGENDA_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(item, name, value)
    if item.presenter and item.presenter.organisation.network_id != item.meeting.network_id:
        raise ValidationError({"presenter": _("Choose one of this network's own entries.")})


@transaction.atomic
def update_agenda_item(*, actor: Any, item: AgendaItem, **fields: Any) -> AgendaItem:
    meeting = item.meeting
    _require(permissions.can_manage_meetings(actor, meeting.network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.select_related("meeting__network").get(pk=item.pk)
    before = audit.snapshot(item)
    _set_agenda_fields(item, fields)
    _save(actor, item, meeting.network, before)
    return item


@transaction.atomic
def move_agenda_item(*, actor: Any, item: AgendaItem, offset: int) -> AgendaItem:
    """Swap the item with its neighbour ``offset`` places away (-1 up, +1 down); at either
    end of the agenda nothing changes."""
    meeting = item.meeting
    _require(permissions.can_manage_meetings(actor, meeting.network))
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
    _save(actor, other, meeting.network, before_other)
    item.position = theirs
    _save(actor, item, meeting.network, before_item)
    return item


@transaction.atomic
def remove_agenda_item(*, actor: Any, item: AgendaItem) -> None:
    """Delete an item with its documents; the items after it move up. Decisions and actions
    that referred to it stay, without the reference."""
    meeting = item.meeting
    network = meeting.network
    _require(permissions.can_manage_meetings(actor, network))
    _agenda_open(_lock(meeting))
    item = AgendaItem.objects.get(pk=item.pk)
    for document in item.documents.all():
        remove_document(actor=actor, document=document)
    audit.record(
        actor=actor,
        obj=item,
        action=AuditAction.DELETE,
        network=network,
        changes={k: [v, None] for k, v in audit.snapshot(item).items() if v not in (None, "")},
    )
    position = item.position
    item.delete()
    for later in meeting.agenda_items.filter(position__gt=position).order_by("position"):
        before = audit.snapshot(later)
        later.position -= 1
        _save(actor, later, network, before)


# --- replies and attendance ----------------------------------------------------------------


@transaction.atomic
def record_rsvp(
    *,
    actor: Any,
    meeting: Meeting,
    organisation: Organisation,
    answer: str,
    person: Person | None = None,
) -> Rsvp:
    _require(permissions.can_answer_for(actor, organisation))
    meeting = _lock(meeting)
    if meeting.status not in REPLIES_OPEN or meeting.starts_at <= timezone.now():
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
    _save(actor, rsvp, meeting.network, before)
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
    actor: Any,
    meeting: Meeting,
    person: Person | None = None,
    guest_name: str = "",
) -> Attendance:
    """Check someone in. A person without a mandate for a member organisation, or a name
    without a person, is recorded as a guest (clearly marked, never counted for quorum)."""
    _require(permissions.can_manage_meetings(actor, meeting.network))
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
    if person is not None and person.organisation.network_id != meeting.network_id:
        raise ValidationError({"person": _("Choose one of this network's own entries.")})
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
    _save(actor, attendance, meeting.network, None)
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
    actor: Any,
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
    _require(permissions.can_manage_meetings(actor, network))
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
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
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
    _save(actor, decision, network, None)
    return decision


# --- actions -------------------------------------------------------------------------------


@transaction.atomic
def create_action(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    due_date: dt.date,
    owner_person: Person | None = None,
    owner_organisation: Organisation | None = None,
    agenda_item: AgendaItem | None = None,
    decision: Decision | None = None,
) -> ActionItem:
    network = meeting.network
    _require(permissions.can_manage_meetings(actor, network))
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
    _check_action(action, timezone.localdate())
    _save(actor, action, network, None)
    return action


DECISION_FIELDS = (
    "text", "method", "binding", "agenda_item", "topic", "votes_for", "votes_against",
    "abstentions",
)  # fmt: skip


@transaction.atomic
def update_decision(*, actor: Any, decision: Decision, **fields: Any) -> Decision:
    """Correct a decision while its meeting's record is open. Its number stays; making it
    binding needs the meeting to be quorate, as when it was recorded."""
    meeting = decision.meeting
    _require(permissions.can_manage_meetings(actor, meeting.network))
    _require_stage(
        _lock(meeting),
        DECISIONS_OPEN,
        NON_FIELD_ERRORS,
        _("The decisions of a meeting that is “%(status)s” can no longer be changed."),
    )
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    before = audit.snapshot(decision)
    for name, value in fields.items():
        if name not in DECISION_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(decision, name, value)
    if decision.binding and not before["binding"]:
        _require_quorum(meeting)
    if decision.agenda_item is not None and decision.agenda_item.meeting_id != meeting.pk:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})
    _save(actor, decision, meeting.network, before)
    return decision


ACTION_FIELDS = (
    "title", "due_date", "owner_person", "owner_organisation", "agenda_item", "decision",
)  # fmt: skip


def _check_action(action: ActionItem, created: dt.date) -> None:
    network = action.network
    if action.due_date < created:
        raise ValidationError({"due_date": _("An action cannot be due before it was created.")})
    if action.owner_person is None and action.owner_organisation is None:
        raise ValidationError({"owner_person": _("Name a person or an organisation as owner.")})
    if action.owner_person is not None and action.owner_person.organisation.network_id != (
        network.pk
    ):
        raise ValidationError({"owner_person": _("Choose one of this network's own entries.")})
    _same_network(network, "owner_organisation", action.owner_organisation)
    _same_network(network, "decision", action.decision)
    if action.agenda_item is not None and action.agenda_item.meeting_id != action.meeting_id:
        raise ValidationError({"agenda_item": _("Choose an item of this meeting's agenda.")})


@transaction.atomic
def update_action(*, actor: Any, action: ActionItem, **fields: Any) -> ActionItem:
    """Change what an action is, who owns it and when it is due. Actions live on after the
    meeting, so this stays possible once the minutes are approved."""
    _require(permissions.can_manage_meetings(actor, action.network))
    action = (
        ActionItem.objects.select_for_update(of=("self",))
        .select_related("network", "meeting")
        .get(pk=action.pk)
    )
    before = audit.snapshot(action)
    for name, value in fields.items():
        if name not in ACTION_FIELDS:
            raise ValidationError({name: _("This field cannot be changed here.")})
        setattr(action, name, value)
    _check_action(action, timezone.localtime(action.created_at).date())
    _save(actor, action, action.network, before)
    return action


@transaction.atomic
def update_action_status(*, actor: Any, action: ActionItem, status: str) -> ActionItem:
    _require(permissions.can_update_action(actor, action))
    before = audit.snapshot(action)
    action.status = status
    _save(actor, action, action.network, before)
    return action


def carried_over_actions(meeting: Meeting) -> Any:
    """Open actions agreed at earlier meetings of the same arena: the follow-up section of
    this meeting's agenda."""
    return (
        ActionItem.objects.open()
        .filter(meeting__arena_id=meeting.arena_id, meeting__starts_at__lt=meeting.starts_at)
        .select_related("owner_person", "owner_organisation", "meeting")
    )


# --- minutes -------------------------------------------------------------------------------


class MinutesConflict(Exception):
    """Someone else saved the minutes since this edit began."""

    def __init__(self, current: MinutesVersion) -> None:
        super().__init__("minutes changed")
        self.current = current


@transaction.atomic
def save_minutes(*, actor: Any, meeting: Meeting, text: str, base_version: int) -> MinutesVersion:
    """Save a new version. ``base_version`` is the version the editor started from; if
    another version was saved since, MinutesConflict carries it so nobody's work is lost."""
    _require(permissions.can_manage_meetings(actor, meeting.network))
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
def circulate_minutes(*, actor: Any, meeting: Meeting) -> Minutes:
    _require(permissions.can_manage_meetings(actor, meeting.network))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or not minutes.versions.exists():
        raise ValidationError({"text": _("Write the minutes before circulating them.")})
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError({"status": _("Approved minutes cannot be changed.")})
    before = audit.snapshot(minutes)
    minutes.status = Minutes.Status.CIRCULATED
    _save(actor, minutes, meeting.network, before)
    return minutes


@transaction.atomic
def approve_minutes(*, actor: Any, meeting: Meeting, at_meeting: Meeting) -> Minutes:
    """Minutes are approved at a later meeting of the same arena; the approval is recorded
    there."""
    _require(permissions.can_manage_meetings(actor, meeting.network))
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if minutes is None or minutes.status != Minutes.Status.CIRCULATED:
        raise ValidationError({"status": _("Only circulated minutes can be approved.")})
    if at_meeting.arena_id != meeting.arena_id or at_meeting.starts_at <= meeting.starts_at:
        raise ValidationError(
            {"at_meeting": _("Minutes are approved at a later meeting of the same arena.")}
        )
    before = audit.snapshot(minutes)
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, at_meeting
    _save(actor, minutes, meeting.network, before)
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


def attach_document(*, actor: Any, agenda_item: AgendaItem, upload: Any) -> AgendaDocument:
    """Attach an uploaded file to an agenda item. The type is decided by the content
    (``documents.identify``); the stored file gets a generated name. If anything fails after
    the file was written, the file is removed again."""
    network = agenda_item.meeting.network
    _require(permissions.can_manage_meetings(actor, network))
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
            _save(actor, document, network, None)
    except BaseException:
        document.file.delete(save=False)
        raise
    return document


@transaction.atomic
def remove_document(*, actor: Any, document: AgendaDocument) -> None:
    """Delete a document; its file is removed once the deletion is committed."""
    network = document.agenda_item.meeting.network
    _require(permissions.can_manage_meetings(actor, network))
    _record_open(_lock(document.agenda_item.meeting))
    audit.record(
        actor=actor,
        obj=document,
        action=AuditAction.DELETE,
        network=network,
        changes={
            k: [v, None] for k, v in audit.snapshot(document).items() if v not in (None, "", [])
        },
    )
    storage, name = document.file.storage, document.file.name
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name), robust=True)
