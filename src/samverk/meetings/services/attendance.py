"""Replies (RSVP) and check-in."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import audit
from samverk.core.models import AuditAction
from samverk.core.services import (
    check_same_network,
    record_delete,
    require,
    save_audited,
)
from samverk.meetings import joint, permissions
from samverk.meetings.choices import (
    CHECK_IN_OPEN,
    REPLIES_OPEN,
    MeetingStatus,
)
from samverk.meetings.models import (
    Attendance,
    Meeting,
    Rsvp,
)
from samverk.meetings.services._common import (
    _local_start,
    _lock,
    _require_stage,
)
from samverk.networks.models import Mandate, Organisation, Person

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
    return _save_rsvp(
        actor=actor,
        meeting=meeting,
        organisation=organisation,
        answer=answer,
        person=person,
        now=now,
    )


def _save_rsvp(
    *,
    actor: User | None,
    meeting: Meeting,
    organisation: Organisation,
    answer: str,
    person: Person | None,
    now: dt.datetime | None,
    note: str = "",
) -> Rsvp:
    """The reply, once who may give it is settled (a user's permission or a reply link).
    ``note`` (who replied, when it was not a signed-in user) goes into the audit record."""
    meeting = _lock(meeting)
    if meeting.status not in REPLIES_OPEN or meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(
            {NON_FIELD_ERRORS: _("Replies are only taken before the meeting begins.")}
        )
    if not joint.member_organisations(meeting).filter(pk=organisation.pk).exists():
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
    if not note:
        save_audited(actor=actor, obj=rsvp, network=meeting.network, before=before)
        return rsvp
    rsvp.full_clean()
    rsvp.save()
    after = audit.snapshot(rsvp)
    changes = (
        audit.diff(before, after)
        if before is not None
        else {key: [None, value] for key, value in after.items()}
    )
    changes["note"] = [None, note]
    audit.record(
        actor=None,
        obj=rsvp,
        action=AuditAction.CREATE if before is None else AuditAction.UPDATE,
        network=meeting.network,
        changes=changes,
    )
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
            membership__organisation__in=joint.member_organisations(meeting),
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
    if person is not None and person.organisation.network_id not in joint.network_ids(meeting):
        # A joint meeting: the people of every participating network (one attendance list).
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
                .filter(
                    person=person,
                    membership__organisation__in=joint.member_organisations(meeting),
                )
                .exists()
            )
    else:
        attendance.is_guest = True
    save_audited(actor=actor, obj=attendance, network=meeting.network)
    return attendance


def _own_attendance(meeting: Meeting, attendance: Attendance) -> Attendance:
    """The attendance, read afresh, if it is one of ``meeting``'s (else a clear refusal)."""
    fresh = Attendance.objects.filter(pk=attendance.pk, meeting=meeting).first()
    if fresh is None:
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This check-in does not belong to this meeting.")}
        )
    return fresh


@transaction.atomic
def undo_check_in(*, actor: User, meeting: Meeting, attendance: Attendance) -> None:
    """Undo a check-in made by mistake, while check-in is still open (not after the meeting
    has closed: the attendance is then part of the record)."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = _lock(meeting)
    _require_stage(
        meeting,
        CHECK_IN_OPEN,
        NON_FIELD_ERRORS,
        _("A check-in can no longer be undone: the meeting is “%(status)s”."),
    )
    attendance = _own_attendance(meeting, attendance)
    record_delete(actor=actor, obj=attendance, network=meeting.network)
    attendance.delete()


@transaction.atomic
def record_leaving(
    *,
    actor: User,
    meeting: Meeting,
    attendance: Attendance,
    left_at: dt.datetime | None = None,
    now: dt.datetime | None = None,
) -> Attendance:
    """Record that a checked-in person left the meeting at ``left_at`` (by default ``now``);
    from then on they no longer count for the quorum. Only while the meeting is in progress,
    not before they arrived or the meeting started, and not in the future."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = _lock(meeting)
    _require_stage(
        meeting,
        frozenset({MeetingStatus.IN_PROGRESS}),
        NON_FIELD_ERRORS,
        _("Leaving is recorded only while the meeting is in progress; it is “%(status)s”."),
    )
    attendance = _own_attendance(meeting, attendance)
    now = now or timezone.now()
    left_at = left_at or now
    zone = ZoneInfo(meeting.network.time_zone)

    def local(moment: dt.datetime) -> str:
        return formats.date_format(timezone.localtime(moment, zone), "SHORT_DATETIME_FORMAT")

    if attendance.left_at is not None:
        raise ValidationError(
            {
                "left_at": _("%(name)s already left at %(time)s.")
                % {"name": attendance, "time": local(attendance.left_at)}
            }
        )
    if left_at > now:
        raise ValidationError({"left_at": _("The time of leaving cannot be in the future.")})
    if left_at < meeting.starts_at:
        raise ValidationError(
            {
                "left_at": _("Nobody can leave before the meeting starts (%(time)s).")
                % {"time": local(meeting.starts_at)}
            }
        )
    # Times are given to the minute: leaving in the minute of arrival is fine.
    if left_at < attendance.created_at.replace(second=0, microsecond=0):
        raise ValidationError(
            {
                "left_at": _("%(name)s cannot leave before checking in (%(time)s).")
                % {"name": attendance, "time": local(attendance.created_at)}
            }
        )
    before = audit.snapshot(attendance)
    attendance.left_at = left_at
    save_audited(actor=actor, obj=attendance, network=meeting.network, before=before)
    return attendance
