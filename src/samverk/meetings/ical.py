"""RFC 5545 calendars for meetings, built with the ``icalendar`` library.

* invitations and updates: ``METHOD:REQUEST`` with the invitees as ATTENDEEs;
* cancellations: ``METHOD:CANCEL`` and ``STATUS:CANCELLED``;
* feeds (personal and public): ``METHOD:PUBLISH``, without attendees.

Every event carries UID (``<meeting.uid>@samverk``, stable across updates), DTSTAMP (UTC),
DTSTART/DTEND in the network's time zone (TZID, with its VTIMEZONE), SEQUENCE
(``meeting.sequence``, raised by the services for every change sent to the invitees) and an
ORGANIZER: the network's own address (``Network.contact_email``, the From of its meeting mail),
else the platform's sender address (``DEFAULT_FROM_EMAIL``), named after the network, so that
no coordinator's personal address is published in public feeds.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from email.utils import parseaddr
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress

from samverk.meetings.choices import MeetingStatus

if TYPE_CHECKING:
    from samverk.core.models import Network
    from samverk.meetings.models import Meeting
    from samverk.networks.models import Person

PRODID = "-//samverk//meetings//EN"
UID_DOMAIN = "samverk"

REQUEST = "REQUEST"
CANCEL = "CANCEL"
PUBLISH = "PUBLISH"


def event_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@{UID_DOMAIN}"


def organizer(network: Network) -> vCalAddress:
    """``mailto:`` of the network's contact address (else the platform's sender address),
    with the network's name as CN."""
    address = (
        network.contact_email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or "noreply@localhost"
    )
    value = vCalAddress(f"mailto:{address}")
    value.params["CN"] = network.name
    return value


def attendee(person: Person) -> vCalAddress:
    value = vCalAddress(f"mailto:{person.email}")
    value.params["CN"] = person.name
    value.params["ROLE"] = "REQ-PARTICIPANT"
    value.params["PARTSTAT"] = "NEEDS-ACTION"
    value.params["CUTYPE"] = "INDIVIDUAL"
    return value


def _agenda_titles(meeting: Meeting) -> list[str]:
    # ``agenda_items.all()`` uses a prefetch when the caller made one (feeds do).
    return [f"{item.position}. {item.title}" for item in meeting.agenda_items.all()]


def description(meeting: Meeting) -> str:
    """The purpose, then the agenda (item titles). Plain text: calendars show it as is."""
    parts = [meeting.purpose.strip()]
    titles = _agenda_titles(meeting)
    if titles:
        parts.append("\n".join(titles))
    return "\n\n".join(part for part in parts if part)


def meeting_event(
    meeting: Meeting,
    *,
    attendees: Iterable[Person] = (),
    cancelled: bool = False,
    stamp: dt.datetime | None = None,
) -> Event:
    network = meeting.network
    zone = ZoneInfo(network.time_zone)
    event = Event()
    event.add("uid", event_uid(meeting))
    event.add("dtstamp", (stamp or timezone.now()).astimezone(dt.UTC))
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    event.add("summary", meeting.title)
    event.add("description", description(meeting))
    if meeting.venue:
        event.add("location", " ".join(meeting.venue.split()))
    if meeting.online_link:
        event.add("url", meeting.online_link)
    event.add("organizer", organizer(network))
    for person in attendees:
        event.add("attendee", attendee(person))
    event.add("sequence", meeting.sequence)
    is_cancelled = cancelled or meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
    return event


def _calendar(method: str, events: Iterable[Event], name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    for event in events:
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar


def invitation(meeting: Meeting, attendees: Iterable[Person] = ()) -> bytes:
    """``METHOD:REQUEST``: a first invitation, an update (higher SEQUENCE) or a reminder."""
    return _calendar(REQUEST, [meeting_event(meeting, attendees=attendees)]).to_ical()


def cancellation(meeting: Meeting, attendees: Iterable[Person] = ()) -> bytes:
    """``METHOD:CANCEL`` with ``STATUS:CANCELLED``."""
    event = meeting_event(meeting, attendees=attendees, cancelled=True)
    return _calendar(CANCEL, [event]).to_ical()


def feed(meetings: Iterable[Meeting], name: str) -> bytes:
    """``METHOD:PUBLISH``: a subscribable calendar of ``meetings`` (no attendees)."""
    stamp = timezone.now()
    events = [meeting_event(meeting, stamp=stamp) for meeting in meetings]
    return _calendar(PUBLISH, events, name=name).to_ical()


def attachment_type(method: str) -> str:
    return f"text/calendar; method={method}"
