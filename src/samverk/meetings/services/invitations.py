"""Inviting, the personal reply links, reminding those who have not replied, and the
summary of the replies (the meeting page's invite phase).

Inviting is one step: ``send_invitations`` moves a planned meeting to “invited” and queues
one invitation per invitee. A meeting is invited once: afterwards a change of title, time or
place sends the invitees an update by itself (``update_meeting``), and ``remind_unreplied``
reminds the members that have not replied. Every mail is queued in the transaction and sent
by the worker once it has committed (``samverk.core.email``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.services import require
from samverk.meetings import notifications, permissions, quorum
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Meeting, Rsvp
from samverk.meetings.reply_links import ReplyLink
from samverk.meetings.services._common import _lock
from samverk.meetings.services.attendance import _save_rsvp
from samverk.meetings.services.minutes import open_members_without_authority
from samverk.meetings.services.scheduling import change_status
from samverk.networks.choices import MandateRole
from samverk.networks.models import Mandate, Organisation, Person


@dataclass(frozen=True)
class InvitationPreview:
    """Whom an invitation goes to, before it is sent."""

    recipients: list[notifications.Recipient]
    members_without_email: list[Organisation]
    members_without_authorised_representative: list[Organisation]


def invitation_preview(meeting: Meeting) -> InvitationPreview:
    return InvitationPreview(
        recipients=notifications.recipients(meeting),
        members_without_email=notifications.members_without_email(meeting),
        members_without_authorised_representative=(
            notifications.members_without_authorised_representative(meeting)
        ),
    )


@transaction.atomic
def send_invitations(*, actor: User, meeting: Meeting, base_url: str = "") -> list[Person]:
    """Invite: the planned meeting becomes “invited” and one invitation per invitee is
    queued (the worker sends them). Returns the people they were queued for. A meeting that
    was already invited is refused (its invitees get updates when it changes)."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    if _lock(meeting).status != MeetingStatus.PLANNED:
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Only a planned meeting can be invited to; this meeting is “%(status)s”."
                )
                % {"status": meeting.get_status_display()}
            }
        )
    invited = change_status(
        actor=actor, meeting=meeting, status=MeetingStatus.INVITED, base_url=base_url
    )
    return list(invited.invited_recipients)  # type: ignore[attr-defined]


@transaction.atomic
def remind_unreplied(
    *, actor: User, meeting: Meeting, base_url: str = "", now: dt.datetime | None = None
) -> list[Person]:
    """Queue a reminder to reply (with the personal reply link) to the mandate holders of
    the member organisations that have not replied. Only for an invited meeting that has not
    begun. Returns the people it was queued for (empty: everyone has replied, or nobody of
    those members has an email address)."""
    require(permissions.can_manage_meetings(actor, meeting.network))
    meeting = _lock(meeting)
    if meeting.status != MeetingStatus.INVITED or meeting.starts_at <= (now or timezone.now()):
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "Reminders to reply are sent only for an invited meeting before it begins."
                )
            }
        )
    return notifications.queue_reply_reminders(
        meeting, members_without_reply(meeting), actor=actor, base_url=base_url
    )


def members_without_reply(meeting: Meeting) -> list[Organisation]:
    replied = Rsvp.objects.filter(meeting=meeting).values("organisation_id")
    return list(meeting.arena.members.exclude(pk__in=replied).order_by("name"))


@dataclass(frozen=True)
class ReplySummary:
    """The replies to a meeting so far (the invite phase of the meeting page).

    * ``replied``: how many member organisations have replied; ``total``: how many members;
    * ``without_reply``: the members that have not replied (by name);
    * ``expected_quorum``: the arena's quorum rule applied to the members whose reply sends a
      person with an active decision-authorised mandate on the meeting's day
      (a ``quorum.QuorumResult``: ``has_rule``, ``is_quorate``, ``represented``,
      ``required``, ``total``, ``text``);
    * ``without_authority``: the members that, as replied, will have no authorised
      representative (no reply, “nobody”, or a person without authority).
    """

    replied: int
    total: int
    without_reply: list[Organisation]
    expected_quorum: quorum.QuorumResult
    without_authority: list[Organisation]


def reply_summary(meeting: Meeting) -> ReplySummary:
    members = list(meeting.arena.members.order_by("name"))
    without_authority = list(open_members_without_authority(meeting))
    without_reply = members_without_reply(meeting)
    missing = {org.pk for org in without_authority}
    expected = quorum.evaluate(
        meeting.arena.quorum_rule,
        meeting.arena.quorum_percent,
        [org.pk for org in members],
        [org.pk for org in members if org.pk not in missing],
    )
    return ReplySummary(
        replied=len(members) - len(without_reply),
        total=len(members),
        without_reply=without_reply,
        expected_quorum=expected,
        without_authority=without_authority,
    )


# --- the personal reply link ---------------------------------------------------------------


class ReplyRefused(Exception):
    """The reply link is genuine but may not be used (``reason``: ``"unknown"``, ``"ended"``
    or ``"no_mandate"``); the message says why, in words for the person."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class VerifiedLink:
    meeting: Meeting
    person: Person
    organisation: Organisation


def verify_reply_link(link: ReplyLink, *, now: dt.datetime | None = None) -> VerifiedLink:
    """The meeting, person and organisation of a signed reply link, while it may be used:
    the meeting exists and has not ended, and the person still holds a mandate (on the
    network's today) for the organisation, a member of the meeting's arena."""
    meeting = Meeting.objects.select_related("network", "arena").filter(pk=link.meeting_id).first()
    person = Person.objects.select_related("organisation").filter(pk=link.person_id).first()
    organisation = Organisation.objects.filter(pk=link.organisation_id).first()
    if meeting is None or person is None or organisation is None:
        raise ReplyRefused("unknown", _("This reply link is no longer valid."))
    if meeting.ends_at < (now or timezone.now()) or meeting.status == MeetingStatus.CANCELLED:
        raise ReplyRefused("ended", _("This meeting has ended; replies are closed."))
    today = clock.network_today(meeting.network, now)
    holds = (
        Mandate.objects.active(today)
        .filter(person=person, membership__organisation=organisation)
        .exists()
    )
    if not holds or not meeting.arena.members.filter(pk=organisation.pk).exists():
        raise ReplyRefused(
            "no_mandate",
            _(
                "%(person)s no longer holds a mandate for %(organisation)s, so this link "
                "cannot reply for it. Please ask the network's coordinator."
            )
            % {"person": person.name, "organisation": organisation.name},
        )
    return VerifiedLink(meeting=meeting, person=person, organisation=organisation)


def _deputy(verified: VerifiedLink) -> Person | None:
    """The organisation's deputy on the meeting's day, when there is exactly one other."""
    day = notifications.meeting_day(verified.meeting)
    people = list(
        Person.objects.filter(
            pk__in=Mandate.objects.active(day)
            .filter(membership__organisation=verified.organisation, role=MandateRole.DEPUTY)
            .filter(~Q(person=verified.person))
            .values("person_id")
        )
    )
    return people[0] if len(people) == 1 else None


@transaction.atomic
def record_rsvp_by_link(*, link: ReplyLink, answer: str, now: dt.datetime | None = None) -> Rsvp:
    """``record_rsvp`` for the holder of a signed reply link (no user): the reply of the
    link's organisation. “I come” names the link's person; “my deputy comes” names the
    organisation's deputy when it has exactly one. The audit record has no actor and the note
    “by reply link of <person>”."""
    verified = verify_reply_link(link, now=now)
    if answer not in Rsvp.Answer.values:
        raise ValidationError({"answer": _("Choose one of the answers.")})
    person: Person | None = None
    if answer == Rsvp.Answer.PRINCIPAL:
        person = verified.person
    elif answer == Rsvp.Answer.DEPUTY:
        person = _deputy(verified)
    if person is not None and person.organisation_id != verified.organisation.pk:
        person = None  # a mandate holder employed elsewhere: the reply names nobody
    return _save_rsvp(
        actor=None,
        meeting=verified.meeting,
        organisation=verified.organisation,
        answer=answer,
        person=person,
        now=now,
        note=f"by reply link of {verified.person.name}",
    )
