"""Emails about meetings: invitations, updates, cancellations and reminders.

Who is invited: every person who, on the meeting's day (in the network's time zone), holds an
active mandate for a member organisation of the meeting's arena and has an email address
(one email per address). Each email is written in the network's working language, shows times
in the network's time zone and carries the ``.ics`` (``text/calendar; method=REQUEST`` or
``CANCEL``). Each recipient's ``.ics`` names only that recipient as ATTENDEE: company contacts
may not see other organisations' contact details (docs/architecture.md), so no email reveals
the other invitees' addresses.

Every mail is queued through ``samverk.core.email`` in the caller's transaction and sent by the
worker once it has committed (retried when the mail server fails). The services call
``queue_invitations`` / ``queue_update`` / ``queue_cancellation`` inside their transaction; the
daily reminder jobs (``samverk.meetings.reminders``) call ``queue_meeting_reminder`` and
``queue_action_reminders``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from samverk.core import clock, email
from samverk.core.models import Network
from samverk.meetings import ical, joint
from samverk.meetings.models import ActionItem, Meeting
from samverk.networks.models import Mandate, Organisation, Person

logger = logging.getLogger(__name__)

INVITATION = "invitation"
UPDATE = "update"
CANCELLATION = "cancellation"
REMINDER = "reminder"

# Kinds of mail on the coordinators' delivery page (registered in MeetingsConfig.ready).
MAIL_KINDS = {
    INVITATION: ("meetings.invitation", _("Meeting invitation")),
    UPDATE: ("meetings.update", _("Meeting update")),
    CANCELLATION: ("meetings.cancellation", _("Meeting cancellation")),
    REMINDER: ("meetings.reminder", _("Meeting reminder")),
}
ACTION_REMINDER = "meetings.action_reminder"
ACTION_REMINDER_LABEL = _("Action reminder")


def register_mail_kinds() -> None:
    for code, label in MAIL_KINDS.values():
        email.register_kind(code, label)
    email.register_kind(ACTION_REMINDER, ACTION_REMINDER_LABEL)


def _unique_by_email(people: Iterable[Person]) -> list[Person]:
    seen: set[str] = set()
    result: list[Person] = []
    for person in people:
        key = person.email.strip().lower()
        if key and key not in seen:
            seen.add(key)
            result.append(person)
    return result


def invitees(meeting: Meeting) -> list[Person]:
    """Mandate holders, on the meeting's day, of the arena's member organisations, with an
    email address; one per address, ordered by name."""
    day = clock.local_date(meeting.starts_at, meeting.network.time_zone)
    mandates = Mandate.objects.active(day).filter(
        # A joint meeting invites the members of every participating arena (one list).
        membership__organisation__in=joint.member_organisations(meeting)
    )
    people = (
        Person.objects.filter(pk__in=mandates.values("person_id"))
        .exclude(email="")
        .order_by("name", "pk")
    )
    return _unique_by_email(people)


def mandate_holders(organisation: Organisation, day: dt.date) -> list[Person]:
    """People holding an active mandate for ``organisation`` on ``day``, with an email."""
    mandates = Mandate.objects.active(day).filter(membership__organisation=organisation)
    people = (
        Person.objects.filter(pk__in=mandates.values("person_id"))
        .exclude(email="")
        .order_by("name", "pk")
    )
    return _unique_by_email(people)


def _fresh(meeting: Meeting) -> Meeting:
    """The meeting as committed, with what the emails show (called after the commit)."""
    return (
        Meeting.objects.select_related("network", "arena", "host")
        .prefetch_related("agenda_items")
        .get(pk=meeting.pk)
    )


def _meeting_email(
    meeting: Meeting, person: Person, kind: str, *, days: int | None = None
) -> EmailMessage:
    network = meeting.network
    zone = ZoneInfo(network.time_zone)
    starts, ends = meeting.starts_at.astimezone(zone), meeting.ends_at.astimezone(zone)
    context: dict[str, Any] = {
        "kind": kind,
        "meeting": meeting,
        "network": network,
        "person": person,
        "starts": starts,
        "ends": ends,
        "same_day": starts.date() == ends.date(),
        "zone": network.time_zone,
        "agenda": list(meeting.agenda_items.all()),
        "days": days,
    }
    with translation.override(network.language), timezone.override(zone):
        subject = render_to_string("meetings/email/meeting_subject.txt", context)
        body = render_to_string("meetings/email/meeting_body.txt", context)
    if kind == CANCELLATION:
        data, method = ical.cancellation(meeting, [person]), ical.CANCEL
    else:
        data, method = ical.invitation(meeting, [person]), ical.REQUEST
    message = EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
    filename = "cancellation.ics" if kind == CANCELLATION else "invitation.ics"
    message.attach(filename, data.decode("utf-8"), ical.attachment_type(method))
    return message


def _queue(messages: Sequence[EmailMessage], kind: str, network: Network, actor: Any) -> int:
    queued = [
        email.queue_message(message, kind=kind, network=network, created_by=actor)
        for message in messages
    ]
    return sum(1 for mail in queued if mail is not None)


def _queue_for_invitees(
    meeting: Meeting, kind: str, *, days: int | None = None, actor: Any = None
) -> int:
    meeting = _fresh(meeting)
    messages = [_meeting_email(meeting, person, kind, days=days) for person in invitees(meeting)]
    queued = _queue(messages, MAIL_KINDS[kind][0], meeting.network, actor)
    logger.info("Queued %s meeting %s email(s) for meeting %s", queued, kind, meeting.pk)
    return queued


def queue_invitations(meeting: Meeting, *, actor: Any = None) -> int:
    """One invitation per invitee, with the ``.ics`` (METHOD:REQUEST). Returns the count."""
    return _queue_for_invitees(meeting, INVITATION, actor=actor)


def queue_update(meeting: Meeting, *, actor: Any = None) -> int:
    """The changed meeting (METHOD:REQUEST with the raised SEQUENCE) to every invitee."""
    return _queue_for_invitees(meeting, UPDATE, actor=actor)


def queue_cancellation(meeting: Meeting, *, actor: Any = None) -> int:
    """The cancellation (METHOD:CANCEL, STATUS:CANCELLED) to every invitee."""
    return _queue_for_invitees(meeting, CANCELLATION, actor=actor)


def queue_meeting_reminder(meeting: Meeting, *, days: int) -> int:
    """A reminder ``days`` before the meeting, with the current ``.ics`` (METHOD:REQUEST)."""
    return _queue_for_invitees(meeting, REMINDER, days=days)


def queued_note(meeting: Meeting, kind: str) -> str:
    """What the coordinator is told after a change that mails the invitees."""
    count = len(invitees(meeting))
    if kind == INVITATION:
        text = ngettext(
            "Invitation queued for %(count)s recipient.",
            "Invitations queued for %(count)s recipients.",
            count,
        )
    elif kind == UPDATE:
        text = ngettext(
            "Update queued for %(count)s recipient.",
            "Updates queued for %(count)s recipients.",
            count,
        )
    else:
        text = ngettext(
            "Cancellation queued for %(count)s recipient.",
            "Cancellations queued for %(count)s recipients.",
            count,
        )
    return text % {"count": count}


# --- overdue actions -----------------------------------------------------------------------


def action_recipients(action: ActionItem, today: dt.date) -> list[Person]:
    """The owner person, if they have an email; otherwise the mandate holders of the owner
    organisation."""
    if action.owner_person is not None and action.owner_person.email:
        return [action.owner_person]
    if action.owner_organisation is not None:
        return mandate_holders(action.owner_organisation, today)
    return []


def queue_action_reminders(actions: Iterable[ActionItem], *, now: dt.datetime | None = None) -> int:
    """One email per network and recipient, listing that recipient's overdue actions.
    ``actions`` are the overdue ones (the caller decides); returns the number of emails."""
    grouped: dict[tuple[int, str], tuple[Network, Person, list[ActionItem]]] = {}
    for action in actions:
        network = action.network
        for person in action_recipients(action, clock.network_today(network, now)):
            key = (network.pk, person.email.strip().lower())
            grouped.setdefault(key, (network, person, []))[2].append(action)
    return sum(
        _queue(
            [_action_email(network, person, items, clock.network_today(network, now))],
            ACTION_REMINDER,
            network,
            None,
        )
        for network, person, items in grouped.values()
    )


def _action_email(
    network: Network, person: Person, actions: list[ActionItem], today: dt.date
) -> EmailMessage:
    context = {
        "network": network,
        "person": person,
        "actions": [(action, (today - action.due_date).days) for action in actions],
        "count": len(actions),
    }
    with translation.override(network.language), timezone.override(network.time_zone):
        subject = render_to_string("meetings/email/actions_subject.txt", context)
        body = render_to_string("meetings/email/actions_body.txt", context)
    return EmailMessage(subject=" ".join(subject.split()), body=body, to=[person.email])
