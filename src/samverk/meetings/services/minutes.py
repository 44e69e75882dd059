"""Minutes: versions, circulation, approval."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.models import AuditAction
from samverk.core.services import (
    require,
    save_audited,
)
from samverk.meetings import permissions
from samverk.meetings.choices import (
    MeetingStatus,
)
from samverk.meetings.models import (
    Meeting,
    Minutes,
    MinutesVersion,
    Rsvp,
)
from samverk.meetings.services._common import (
    _local_start,
)
from samverk.meetings.services.scheduling import change_status
from samverk.networks.models import Mandate

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
