"""Emails about meetings: invitations, updates, cancellations and reminders.

Who is invited: every person who, on the meeting's day (in the network's time zone), holds an
active mandate for a member organisation of the meeting's arena and has an email address
(one email per address). Each email is written in the network's working language, shows times
in the network's time zone and carries the ``.ics`` (``text/calendar; method=REQUEST`` or
``CANCEL``). Each recipient's ``.ics`` names only that recipient as ATTENDEE: company contacts
may not see other organisations' contact details (docs/architecture.md), so no email reveals
the other invitees' addresses.

The services call ``send_invitations`` / ``send_update`` / ``send_cancellation`` with
``transaction.on_commit(..., robust=True)``; the ``send_meeting_reminders`` command calls
``send_meeting_reminder`` and ``send_action_reminders``. Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any
from zoneinfo import ZoneInfo

from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.utils import timezone, translation

from samverk.core import clock
from samverk.meetings import ical
from samverk.meetings.models import ActionItem, Meeting
from samverk.networks.models import Mandate, Network, Organisation, Person

logger = logging.getLogger(__name__)

INVITATION = "invitation"
UPDATE = "update"
CANCELLATION = "cancellation"
REMINDER = "reminder"


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
        membership__organisation__in=meeting.arena.members.all()
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


def _send(messages: Sequence[EmailMessage]) -> int:
    if not messages:
        return 0
    with get_connection() as connection:
        return int(connection.send_messages(list(messages)) or 0)


def _send_to_invitees(meeting: Meeting, kind: str, *, days: int | None = None) -> int:
    meeting = _fresh(meeting)
    messages = [_meeting_email(meeting, person, kind, days=days) for person in invitees(meeting)]
    sent = _send(messages)
    logger.info("Sent %s meeting %s email(s) for meeting %s", sent, kind, meeting.pk)
    return sent


def send_invitations(meeting: Meeting) -> int:
    """One invitation per invitee, with the ``.ics`` (METHOD:REQUEST). Returns the count."""
    return _send_to_invitees(meeting, INVITATION)


def send_update(meeting: Meeting) -> int:
    """The changed meeting (METHOD:REQUEST with the raised SEQUENCE) to every invitee."""
    return _send_to_invitees(meeting, UPDATE)


def send_cancellation(meeting: Meeting) -> int:
    """The cancellation (METHOD:CANCEL, STATUS:CANCELLED) to every invitee."""
    return _send_to_invitees(meeting, CANCELLATION)


def send_meeting_reminder(meeting: Meeting, *, days: int) -> int:
    """A reminder ``days`` before the meeting, with the current ``.ics`` (METHOD:REQUEST)."""
    return _send_to_invitees(meeting, REMINDER, days=days)


# --- overdue actions -----------------------------------------------------------------------


def action_recipients(action: ActionItem, today: dt.date) -> list[Person]:
    """The owner person, if they have an email; otherwise the mandate holders of the owner
    organisation."""
    if action.owner_person is not None and action.owner_person.email:
        return [action.owner_person]
    if action.owner_organisation is not None:
        return mandate_holders(action.owner_organisation, today)
    return []


def send_action_reminders(actions: Iterable[ActionItem], *, now: dt.datetime | None = None) -> int:
    """One email per network and recipient, listing that recipient's overdue actions.
    ``actions`` are the overdue ones (the caller decides); returns the number of emails."""
    grouped: dict[tuple[int, str], tuple[Network, Person, list[ActionItem]]] = {}
    for action in actions:
        network = action.network
        for person in action_recipients(action, clock.network_today(network, now)):
            key = (network.pk, person.email.strip().lower())
            grouped.setdefault(key, (network, person, []))[2].append(action)
    messages = [
        _action_email(network, person, items, clock.network_today(network, now))
        for network, person, items in grouped.values()
    ]
    return _send(messages)


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
