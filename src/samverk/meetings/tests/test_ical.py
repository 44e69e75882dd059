"""The .ics files parse with the icalendar library and carry the RFC 5545 properties."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from icalendar import Calendar, Event
from pytest_django.fixtures import Settings

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings import ical, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Meeting
from samverk.meetings.tests.factories import AgendaItemFactory, MeetingFactory, at
from samverk.networks.models import Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    NetworkFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

OSLO = ZoneInfo("Europe/Oslo")


@pytest.fixture(autouse=True)
def _sender(settings: Settings) -> None:
    settings.DEFAULT_FROM_EMAIL = "samverk <meetings@samverk.example>"


def oslo_meeting(**kwargs: object) -> Meeting:
    network = NetworkFactory.create(name="Østfold kompetanseforum", time_zone="Europe/Oslo")
    arena = ArenaFactory.create(network=network, name="Styringsgruppe")
    day = clock.network_today(network) + dt.timedelta(days=20)  # ahead, as calendar feeds show
    fields: dict[str, object] = {
        "arena": arena,
        "title": "Styringsgruppemøte",
        "purpose": "Agree the annual plan.",
        "starts_at": at(day, 10, "Europe/Oslo"),
        "ends_at": at(day, 12, "Europe/Oslo"),
        "venue": "Fredrikstad rådhus",
        "online_link": "https://meet.example.org/styring",
    }
    fields.update(kwargs)
    return MeetingFactory.create(**fields)


def only_event(data: bytes) -> tuple[Calendar, Event]:
    calendar = Calendar.from_ical(data)
    events = calendar.events
    assert len(events) == 1
    return calendar, events[0]


def test_invitation_carries_the_required_properties() -> None:
    meeting = oslo_meeting()
    AgendaItemFactory.create(meeting=meeting, position=1, title="Welcome")
    AgendaItemFactory.create(meeting=meeting, position=2, title="Annual plan 2027")
    person = PersonFactory.create(
        organisation__network=meeting.network, name="Kari Nordmann", email="kari@example.no"
    )
    before = timezone.now().replace(microsecond=0)

    calendar, event = only_event(ical.invitation(meeting, [person]))

    assert str(calendar["PRODID"]) == "-//samverk//meetings//EN"
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == f"{meeting.uid}@samverk"
    stamp = event.decoded("DTSTAMP")
    assert stamp.utcoffset() == dt.timedelta(0)
    assert before <= stamp <= timezone.now()
    assert event["DTSTART"].params["TZID"] == "Europe/Oslo"
    assert event["DTEND"].params["TZID"] == "Europe/Oslo"
    assert event.decoded("DTSTART") == meeting.starts_at
    assert event.decoded("DTSTART").replace(tzinfo=None) == dt.datetime.combine(
        meeting.starts_at.astimezone(OSLO).date(), dt.time(10)
    )
    assert event.decoded("DTEND") == meeting.ends_at
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Oslo"]
    assert str(event["ORGANIZER"]) == "mailto:meetings@samverk.example"
    assert event["ORGANIZER"].params["CN"] == "Østfold kompetanseforum"
    assert str(event["ATTENDEE"]) == "mailto:kari@example.no"
    assert event["ATTENDEE"].params["CN"] == "Kari Nordmann"
    assert event.decoded("SEQUENCE") == 0
    assert str(event["STATUS"]) == "CONFIRMED"
    assert str(event["SUMMARY"]) == "Styringsgruppemøte"
    assert str(event["DESCRIPTION"]) == "Agree the annual plan.\n\n1. Welcome\n2. Annual plan 2027"
    assert str(event["LOCATION"]) == "Fredrikstad rådhus"
    assert str(event["URL"]) == "https://meet.example.org/styring"


def test_the_organizer_is_the_networks_own_address_when_it_has_one() -> None:
    meeting = oslo_meeting()
    meeting.network.contact_email = "post@ostfold.example"
    meeting.network.save()

    _, event = only_event(ical.invitation(meeting, []))

    assert str(event["ORGANIZER"]) == "mailto:post@ostfold.example"
    assert event["ORGANIZER"].params["CN"] == "Østfold kompetanseforum"
    _, published = only_event(ical.feed([meeting], "Østfold"))
    assert str(published["ORGANIZER"]) == "mailto:post@ostfold.example"


def test_invitation_lists_every_attendee_given() -> None:
    meeting = oslo_meeting()
    people = [
        PersonFactory.create(organisation__network=meeting.network, email=email)
        for email in ("a@example.no", "b@example.no")
    ]

    _calendar, event = only_event(ical.invitation(meeting, people))

    assert [str(a) for a in event.attendees] == ["mailto:a@example.no", "mailto:b@example.no"]


def test_an_update_after_changing_the_time_has_a_higher_sequence() -> None:
    meeting = oslo_meeting()
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    services.change_status(actor=coordinator, meeting=meeting, status=MeetingStatus.INVITED)
    meeting.refresh_from_db()
    _calendar, first = only_event(ical.invitation(meeting))

    services.update_meeting(
        actor=coordinator,
        meeting=meeting,
        starts_at=meeting.starts_at + dt.timedelta(hours=1),
        ends_at=meeting.ends_at + dt.timedelta(hours=1),
    )
    meeting.refresh_from_db()
    calendar, update = only_event(ical.invitation(meeting))

    assert first.decoded("SEQUENCE") == 0
    assert update.decoded("SEQUENCE") == 1
    assert str(calendar["METHOD"]) == "REQUEST"
    assert str(update["UID"]) == str(first["UID"])
    assert update.decoded("DTSTART").astimezone(OSLO).time() == dt.time(11)
    assert update["DTSTART"].params["TZID"] == "Europe/Oslo"


def test_a_cancellation_has_method_cancel_and_status_cancelled() -> None:
    meeting = oslo_meeting()
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    services.change_status(actor=coordinator, meeting=meeting, status=MeetingStatus.INVITED)
    services.change_status(actor=coordinator, meeting=meeting, status=MeetingStatus.CANCELLED)
    meeting.refresh_from_db()

    calendar, event = only_event(ical.cancellation(meeting))

    assert str(calendar["METHOD"]) == "CANCEL"
    assert str(event["STATUS"]) == "CANCELLED"
    assert event.decoded("SEQUENCE") == 1
    assert str(event["UID"]) == f"{meeting.uid}@samverk"


def test_a_feed_is_published_without_attendees() -> None:
    meeting = oslo_meeting()
    berlin = MeetingFactory.create(title="Plenum Barnim")

    calendar = Calendar.from_ical(ical.feed([meeting, berlin], "My meetings"))

    assert str(calendar["METHOD"]) == "PUBLISH"
    assert str(calendar["X-WR-CALNAME"]) == "My meetings"
    assert [str(e["SUMMARY"]) for e in calendar.events] == ["Styringsgruppemøte", "Plenum Barnim"]
    assert all("ATTENDEE" not in e for e in calendar.events)
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == [
        "Europe/Berlin",
        "Europe/Oslo",
    ]
    assert calendar.events[1]["DTSTART"].params["TZID"] == "Europe/Berlin"


def test_a_cancelled_meeting_in_a_feed_is_marked_cancelled() -> None:
    meeting = oslo_meeting(status=MeetingStatus.CANCELLED, sequence=2)

    calendar = Calendar.from_ical(ical.feed([meeting], "Feed"))

    assert str(calendar.events[0]["STATUS"]) == "CANCELLED"
    assert calendar.events[0].decoded("SEQUENCE") == 2


def test_a_meeting_without_online_link_has_a_location_and_no_url() -> None:
    meeting = oslo_meeting(online_link="", venue="Storgata 1\n1607 Fredrikstad")

    _calendar, event = only_event(ical.invitation(meeting))

    assert str(event["LOCATION"]) == "Storgata 1 1607 Fredrikstad"
    assert "URL" not in event
    assert "ATTENDEE" not in event
    assert Person.objects.count() == 0
