"""Minutes: versions, circulation, approval."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.models import AuditAction, NetworkRole
from samverk.core.services import (
    check_same_network,
    require,
    save_audited,
)
from samverk.meetings import minutes_mail, permissions
from samverk.meetings.choices import (
    MeetingStatus,
)
from samverk.meetings.models import (
    Meeting,
    Minutes,
    MinutesCirculation,
    MinutesRecipient,
    MinutesVersion,
    Rsvp,
)
from samverk.meetings.services._common import (
    _local_start,
)
from samverk.meetings.services.scheduling import change_status
from samverk.networks.models import Mandate

# --- minutes -------------------------------------------------------------------------------

# A meeting "has taken place" (minutes can be written, shown as PDF, circulated, and the
# meeting can approve earlier minutes) when it is in progress — the coordinator started it,
# whatever the clock says — or closed / minutes approved and its start is not in the future.
# Planned, invited and cancelled meetings have not.
HELD_STATUSES = frozenset(
    {MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED}
)
DEFAULT_OBJECTION_DAYS = 14


def has_taken_place(meeting: Meeting, now: dt.datetime | None = None) -> bool:
    if meeting.status == MeetingStatus.IN_PROGRESS:
        return True
    return meeting.status in HELD_STATUSES and meeting.starts_at <= (now or timezone.now())


def default_objection_deadline(today: dt.date) -> dt.date:
    return today + dt.timedelta(days=DEFAULT_OBJECTION_DAYS)


class MinutesConflict(Exception):
    """Someone else saved the minutes since this edit began."""

    def __init__(self, current: MinutesVersion) -> None:
        super().__init__("minutes changed")
        self.current = current


def _not_held() -> ValidationError:
    return ValidationError(
        {"text": _("The meeting has not taken place yet: its minutes cannot be written.")}
    )


def _normalised(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


@transaction.atomic
def save_minutes(
    *,
    actor: User,
    meeting: Meeting,
    text: str,
    base_version: int,
    now: dt.datetime | None = None,
) -> MinutesVersion:
    """Save a new version. ``base_version`` is the version the editor started from; if
    another version was saved since, MinutesConflict carries it so nobody's work is lost.
    An empty text is refused; the same text as the current version saves nothing and returns
    the current version (its number is then ``base_version``)."""
    existing = Minutes.objects.filter(meeting=meeting).first()
    require(permissions.can_write_minutes(actor, meeting, existing))
    meeting = Meeting.objects.select_related("network").get(pk=meeting.pk)  # its status now
    if not has_taken_place(meeting, now):
        raise _not_held()
    text = _normalised(text)
    if not text.strip():
        raise ValidationError({"text": _("The minutes are empty: write them before saving.")})
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
    if current is not None and current.text == text:
        return current
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
def set_minute_taker(*, actor: User, meeting: Meeting, minute_taker: User | None) -> Minutes:
    """Name who writes the minutes (a user with a role in the network), or nobody."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    if minute_taker is not None and not (
        NetworkRole.objects.filter(network=meeting.network, user=minute_taker).exists()
    ):
        raise ValidationError(
            {"minute_taker": _("The minute-taker must have a role in this network.")}
        )
    minutes, created = Minutes.objects.select_for_update().get_or_create(meeting=meeting)
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError({"minute_taker": _("Approved minutes cannot be changed.")})
    before = None if created else audit.snapshot(minutes)
    minutes.minute_taker = minute_taker
    save_audited(actor=actor, obj=minutes, network=meeting.network, before=before)
    return minutes


@transaction.atomic
def circulate_minutes(
    *,
    actor: User,
    meeting: Meeting,
    objection_deadline: dt.date,
    today: dt.date,
    base_url: str = "",
    now: dt.datetime | None = None,
) -> MinutesCirculation:
    """Send the current version to every mandate holder (on ``today``) of the arena's member
    organisations, with the PDF, the link to the page and the deadline for objections; record
    who received it. Minutes are circulated once the meeting is closed; a later version of
    circulated minutes can be circulated again. Nobody to send them to: refused."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = Meeting.objects.select_related("network", "arena").get(pk=meeting.pk)
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    current = minutes.versions.order_by("-number").first() if minutes else None
    if minutes is None or current is None:
        raise ValidationError({"text": _("Write the minutes before circulating them.")})
    if minutes.status == Minutes.Status.APPROVED:
        raise ValidationError({"status": _("Approved minutes cannot be changed.")})
    if meeting.status != MeetingStatus.CLOSED or not has_taken_place(meeting, now):
        raise ValidationError({"status": _("Close the meeting before circulating its minutes.")})
    if minutes.circulations.filter(version=current).exists():
        raise ValidationError(
            {"status": _("This version of the minutes has already been circulated.")}
        )
    if objection_deadline <= today:
        raise ValidationError(
            {"objection_deadline": _("The deadline for objections must be after today.")}
        )
    people = minutes_mail.recipients(meeting, today)
    if not people:
        raise ValidationError(
            {
                "status": _(
                    "Nobody to send the minutes to: no member organisation of the arena has "
                    "a representative with an active mandate and an email address."
                )
            }
        )
    before = audit.snapshot(minutes)
    minutes.status = Minutes.Status.CIRCULATED
    save_audited(actor=actor, obj=minutes, network=meeting.network, before=before)
    circulation = MinutesCirculation.objects.create(
        minutes=minutes,
        version=current,
        objection_deadline=objection_deadline,
        circulated_by=actor,
        circulated_at=now or timezone.now(),
    )
    sent = minutes_mail.queue_minutes(circulation, people, base_url=base_url, actor=actor)
    MinutesRecipient.objects.bulk_create(
        MinutesRecipient(
            circulation=circulation,
            person=person,
            name=person.name,
            email=person.email,
            mail=mail,
        )
        for person, mail in sent
    )
    audit.record(
        actor=actor,
        obj=minutes,
        action=AuditAction.UPDATE,
        network=meeting.network,
        changes={
            "circulated": [None, current.number],
            "objection_deadline": [None, objection_deadline.isoformat()],
            "recipients": [None, len(people)],
        },
    )
    return circulation


@transaction.atomic
def approve_minutes(
    *, actor: User, meeting: Meeting, at_meeting: Meeting, now: dt.datetime | None = None
) -> Minutes:
    """Minutes are approved at a later meeting of the same arena that has taken place or is
    in progress; the approval is recorded there. Only circulated minutes of a closed meeting
    can be approved; the meeting then becomes "minutes approved"."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    check_same_network(meeting.network, field="at_meeting", obj=at_meeting)
    meeting = Meeting.objects.select_related("network").get(pk=meeting.pk)
    at_meeting = Meeting.objects.get(pk=at_meeting.pk)  # both as they are now
    minutes = Minutes.objects.select_for_update().filter(meeting=meeting).first()
    if (
        minutes is None
        or minutes.status != Minutes.Status.CIRCULATED
        or not minutes.circulations.exists()
    ):
        raise ValidationError({"status": _("Only circulated minutes can be approved.")})
    if meeting.status != MeetingStatus.CLOSED:
        raise ValidationError(
            {"status": _("Only the minutes of a closed meeting can be approved.")}
        )
    if (
        at_meeting.pk == meeting.pk
        or at_meeting.arena_id != meeting.arena_id
        or at_meeting.starts_at <= meeting.starts_at
    ):
        raise ValidationError(
            {"at_meeting": _("Minutes are approved at a later meeting of the same arena.")}
        )
    if not has_taken_place(at_meeting, now):
        raise ValidationError(
            {
                "at_meeting": _(
                    "Minutes are approved at a meeting that is in progress or has taken place."
                )
            }
        )
    before = audit.snapshot(minutes)
    minutes.status, minutes.approved_at = Minutes.Status.APPROVED, at_meeting
    save_audited(actor=actor, obj=minutes, network=meeting.network, before=before)
    change_status(actor=actor, meeting=meeting, status=MeetingStatus.MINUTES_APPROVED)
    return minutes


def approval_meetings(meeting: Meeting, now: dt.datetime | None = None) -> Any:
    """Where the minutes of ``meeting`` can be approved: later meetings of the same arena that
    are in progress or have taken place."""
    moment = now or timezone.now()
    return (
        Meeting.objects.for_network(meeting.network)
        .filter(arena_id=meeting.arena_id, starts_at__gt=meeting.starts_at)
        .filter(
            Q(status=MeetingStatus.IN_PROGRESS)
            | Q(
                status__in=[MeetingStatus.CLOSED, MeetingStatus.MINUTES_APPROVED],
                starts_at__lte=moment,
            )
        )
        .order_by("starts_at", "pk")
    )


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
