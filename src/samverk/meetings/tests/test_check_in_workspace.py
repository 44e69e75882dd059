"""Check-in on the meeting page's run phase: from the list of people who said they will come,
undo, leaving with a time (the quorum follows); the services refuse bad input and save
nothing; the reply form never asks to choose from one organisation."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from samverk.core.models import AuditRecord
from samverk.meetings import quorum, services
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import Attendance, Meeting, Rsvp
from samverk.meetings.tests.test_views import MeetingWorld, client_for, html
from samverk.networks.choices import QuorumRule
from samverk.networks.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> MeetingWorld:
    """The meeting began an hour ago and is in progress; the arena needs every member
    represented with authority; both members said who comes."""
    world = MeetingWorld()
    start = timezone.now().replace(microsecond=0) - dt.timedelta(hours=1)
    Meeting.objects.filter(pk=world.meeting.pk).update(
        status=MeetingStatus.IN_PROGRESS, starts_at=start, ends_at=start + dt.timedelta(hours=3)
    )
    world.meeting.refresh_from_db()
    world.arena.quorum_rule = QuorumRule.ALL_MEMBERS
    world.arena.save()
    Rsvp.objects.create(
        meeting=world.meeting, organisation=world.org_a, answer="principal", person=world.person_a
    )
    Rsvp.objects.create(
        meeting=world.meeting, organisation=world.org_b, answer="deputy", person=world.person_b
    )
    return world


def page_of(world: MeetingWorld, client=None) -> str:
    client = client or client_for(world.coordinator)
    return html(client.get(world.url(f"{world.meeting.pk}/")))


def check_in(world: MeetingWorld, person) -> Attendance:
    return services.check_in(actor=world.coordinator, meeting=world.meeting, person=person)


def state() -> list:
    return list(Attendance.objects.order_by("pk").values_list("pk", "left_at"))


# --- services ----------------------------------------------------------------------------------


def test_undo_check_in_deletes_it_and_is_audited(world):
    attendance = check_in(world, world.person_a)

    services.undo_check_in(actor=world.coordinator, meeting=world.meeting, attendance=attendance)

    assert not Attendance.objects.filter(pk=attendance.pk).exists()
    record = AuditRecord.objects.filter(object_id=str(attendance.pk)).order_by("pk").last()
    assert record is not None and record.action == "delete"


def test_undo_after_the_meeting_closed_is_refused_and_saves_nothing(world):
    attendance = check_in(world, world.person_a)
    services.change_status(
        actor=world.coordinator, meeting=world.meeting, status=MeetingStatus.CLOSED
    )
    before = state()

    with pytest.raises(ValidationError) as error:
        services.undo_check_in(
            actor=world.coordinator, meeting=world.meeting, attendance=attendance
        )

    assert error.value.messages == ["A check-in can no longer be undone: the meeting is “closed”."]
    assert state() == before


def test_undo_needs_a_coordinator(world):
    attendance = check_in(world, world.person_a)

    with pytest.raises(PermissionDenied):
        services.undo_check_in(
            actor=world.users["partner_rep_own"], meeting=world.meeting, attendance=attendance
        )
    assert Attendance.objects.filter(pk=attendance.pk).exists()


def test_a_check_in_of_another_meeting_cannot_be_changed_here(world):
    attendance = check_in(world, world.person_a)
    Meeting.objects.filter(pk=world.earlier.pk).update(status=MeetingStatus.IN_PROGRESS)
    world.earlier.refresh_from_db()

    with pytest.raises(ValidationError) as error:
        services.undo_check_in(
            actor=world.coordinator, meeting=world.earlier, attendance=attendance
        )
    assert error.value.messages == ["This check-in does not belong to this meeting."]


def test_a_person_of_another_network_cannot_be_checked_in(world):
    stranger = PersonFactory.create(organisation=world.foreign_org, name="Ola Fjord")
    before = state()

    with pytest.raises(ValidationError) as error:
        check_in(world, stranger)

    assert "person" in error.value.message_dict
    assert state() == before


def test_leaving_records_the_time_and_the_quorum_follows(world):
    a, b = check_in(world, world.person_a), check_in(world, world.person_b)
    assert services.quorum_of(world.meeting).is_quorate
    now = timezone.now()

    services.record_leaving(
        actor=world.coordinator,
        meeting=world.meeting,
        attendance=b,
        left_at=now,
        now=now + dt.timedelta(seconds=1),
    )

    b.refresh_from_db()
    assert b.left_at == now
    result = services.quorum_of(world.meeting)
    assert not result.is_quorate and result.represented == 1
    assert result.missing == {world.org_b.pk}
    a.refresh_from_db()
    assert quorum.counting([a, b]) == [world.org_a.pk]


@pytest.mark.parametrize(
    ("when", "message"),
    [
        ("future", "The time of leaving cannot be in the future."),
        ("before_start", "Nobody can leave before the meeting starts"),
        ("before_arrival", "Anna Berg cannot leave before checking in"),
    ],
)
def test_leaving_at_an_impossible_time_is_refused(world, when, message):
    attendance = check_in(world, world.person_a)
    now = timezone.now()
    Attendance.objects.filter(pk=attendance.pk).update(
        created_at=world.meeting.starts_at + dt.timedelta(minutes=30)
    )
    left_at = {
        "future": now + dt.timedelta(minutes=5),
        "before_start": world.meeting.starts_at - dt.timedelta(minutes=1),
        "before_arrival": world.meeting.starts_at + dt.timedelta(minutes=10),
    }[when]
    before = state()

    with pytest.raises(ValidationError) as error:
        services.record_leaving(
            actor=world.coordinator,
            meeting=world.meeting,
            attendance=attendance,
            left_at=left_at,
            now=now,
        )

    assert error.value.messages[0].startswith(message)
    assert state() == before


def test_leaving_only_while_the_meeting_is_in_progress(world):
    attendance = check_in(world, world.person_a)
    Meeting.objects.filter(pk=world.meeting.pk).update(status=MeetingStatus.CLOSED)

    with pytest.raises(ValidationError) as error:
        services.record_leaving(
            actor=world.coordinator, meeting=world.meeting, attendance=attendance
        )
    assert "only while the meeting is in progress" in error.value.messages[0]
    assert Attendance.objects.get(pk=attendance.pk).left_at is None


def test_leaving_twice_is_refused(world):
    attendance = check_in(world, world.person_a)
    services.record_leaving(actor=world.coordinator, meeting=world.meeting, attendance=attendance)

    with pytest.raises(ValidationError) as error:
        services.record_leaving(
            actor=world.coordinator, meeting=world.meeting, attendance=attendance
        )
    assert "already left" in error.value.messages[0]


# --- the page ----------------------------------------------------------------------------------


def test_the_run_phase_lists_who_said_they_will_come(world):
    page = page_of(world)

    assert 'data-phase="run" data-state="current" aria-current="step"' in page
    assert f'data-expected="{world.person_a.pk}"' in page
    assert f'data-expected="{world.person_b.pk}"' in page
    assert f'name="checkin-person" value="{world.person_a.pk}"' in page
    assert 'data-quorate="no"' in page


def test_check_in_from_the_list_without_javascript(world):
    client = client_for(world.coordinator)

    response = client.post(
        world.url(f"{world.meeting.pk}/check-in/"), {"checkin-person": world.person_a.pk}
    )

    assert response.status_code == 302 and response["Location"].endswith("#attendance")
    page = html(client.get(response["Location"]))
    assert "Anna Berg checked in." in page
    assert f'data-expected="{world.person_a.pk}"' not in page
    assert "1 of 2 member organisations represented with authority; 2 required." in page


def test_undo_and_leaving_with_htmx_update_the_quorum(world):
    client = client_for(world.coordinator)
    a, b = check_in(world, world.person_a), check_in(world, world.person_b)
    url = world.url(f"{world.meeting.pk}/attendance/")

    response = client.post(url, {"left": b.pk, f"left_time-{b.pk}": ""}, HTTP_HX_REQUEST="true")

    page = html(response)
    assert page.lstrip().startswith('<section aria-labelledby="attendance-heading"')
    assert "Bernd Schulz left at" in page or f"{b} left at" in page
    assert 'data-quorate="no"' in page and "data-left" in page
    assert Attendance.objects.get(pk=b.pk).left_at is not None

    response = client.post(url, {"undo": a.pk}, HTTP_HX_REQUEST="true")
    page = html(response)
    assert f"The check-in of {a} was undone." in page
    assert not Attendance.objects.filter(pk=a.pk).exists()
    assert f'data-expected="{world.person_a.pk}"' in page  # back on the list


def test_leaving_at_a_given_time_in_the_networks_zone(world):
    client = client_for(world.coordinator)
    zone = ZoneInfo(world.network.time_zone)
    a = check_in(world, world.person_a)
    Attendance.objects.filter(pk=a.pk).update(created_at=world.meeting.starts_at)
    local = timezone.localtime(world.meeting.starts_at, zone) + dt.timedelta(minutes=20)
    if local.date() != timezone.localtime(timezone.now(), zone).date():
        pytest.skip("the meeting began yesterday in the network's zone")

    response = client.post(
        world.url(f"{world.meeting.pk}/attendance/"),
        {"left": a.pk, f"left_time-{a.pk}": local.strftime("%H:%M")},
    )

    assert response.status_code == 302
    left = Attendance.objects.get(pk=a.pk).left_at
    assert left is not None
    assert timezone.localtime(left, zone).strftime("%H:%M") == local.strftime("%H:%M")


def test_undo_after_closing_is_a_clear_message_on_the_page(world):
    client = client_for(world.coordinator)
    a = check_in(world, world.person_a)
    Meeting.objects.filter(pk=world.meeting.pk).update(status=MeetingStatus.CLOSED)

    response = client.post(world.url(f"{world.meeting.pk}/attendance/"), {"undo": a.pk})

    assert response.status_code == 302
    page = html(client.get(response["Location"]))
    assert "A check-in can no longer be undone: the meeting is “closed”." in page
    assert Attendance.objects.filter(pk=a.pk).exists()


def test_changing_attendance_needs_a_coordinator(world):
    a = check_in(world, world.person_a)
    client = client_for(world.users["partner_rep_own"])

    response = client.post(world.url(f"{world.meeting.pk}/attendance/"), {"undo": a.pk})

    assert response.status_code == 403
    assert Attendance.objects.filter(pk=a.pk).exists()


def test_a_garbled_attendance_request_saves_nothing(world):
    client = client_for(world.coordinator)
    a = check_in(world, world.person_a)
    before = state()

    response = client.post(
        world.url(f"{world.meeting.pk}/attendance/"),
        {"left": a.pk, f"left_time-{a.pk}": "25:99"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "Enter a valid time." in html(response)
    assert state() == before
    assert client.post(world.url(f"{world.meeting.pk}/attendance/"), {}).status_code == 302
    assert state() == before


def test_no_quorum_rule_says_so(world):
    world.arena.quorum_rule = QuorumRule.NONE
    world.arena.save()

    page = page_of(world)

    assert "No quorum rule." in page and 'data-quorate="no-rule"' in page
    assert "The meeting is quorate." not in page


def test_a_representative_of_one_organisation_is_not_asked_to_choose_it(world):
    Meeting.objects.filter(pk=world.meeting.pk).update(
        status=MeetingStatus.INVITED,
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
    )
    client = client_for(world.users["partner_rep_own"])

    page = page_of(world, client)

    assert "Reply for Stadtwerke Eberswalde" in page or f"Reply for {world.org_a.name}" in page
    assert f'type="hidden" name="rsvp-organisation" value="{world.org_a.pk}"' in page
    assert 'name="rsvp-organisation" id' not in page.replace('type="hidden" ', "")
    assert "Start the meeting" not in page and "Check in" not in page
    response = client.post(
        world.url(f"{world.meeting.pk}/replies/"),
        {"rsvp-organisation": world.org_a.pk, "rsvp-answer": "nobody"},
    )
    assert response.status_code == 302
    assert Rsvp.objects.get(meeting=world.meeting, organisation=world.org_a).answer == "nobody"


def test_the_choices_are_limited_to_the_network(world):
    """Even an arena that (wrongly) lists another network's organisation offers only the
    network's own: the choices query filters by network first (the national-scale fix)."""
    from samverk.meetings.forms import ActionForm, AgendaItemForm

    world.arena.members.add(world.foreign_org)
    stranger = PersonFactory.create(organisation=world.foreign_org, name="Ola Fjord")

    def choices(form: Any, name: str) -> set[Any]:
        return set(form.fields[name].queryset)

    action = ActionForm(meeting=world.meeting)
    organisations = choices(action, "owner_organisation")
    people = choices(action, "owner_person")
    presenters = choices(AgendaItemForm(meeting=world.meeting), "presenter")

    assert world.org_a in organisations and world.foreign_org not in organisations
    assert world.person_a in people and stranger not in people
    assert stranger not in presenters
    page = page_of(world)
    assert "Fjord Energi" not in page and "Ola Fjord" not in page
