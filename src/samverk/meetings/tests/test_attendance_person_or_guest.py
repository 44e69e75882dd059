"""An attendance row is either a person of the register or a named guest, never both (issue 7,
§7): the service, the API and the check-in form refuse both with a field error, the database
refuses such a row, and the migration clears the guest name of existing rows with both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from rest_framework.test import APIClient

from samverk.meetings import services
from samverk.meetings.models import Attendance
from samverk.meetings.tests.factories import at, in_progress
from samverk.networks.tests.helpers import World

NOT_BOTH = "Check in either a person or a guest by name, not both."
ROW_NOT_BOTH = "An attendance is either a person or a named guest, not both."


class Setting(World):
    def __init__(self) -> None:
        super().__init__()
        self.meeting = in_progress(
            services.schedule_meeting(
                actor=self.admin,
                arena=self.arena,
                title="Lenkungsgruppe Q3",
                purpose="Decide the annual theme.",
                starts_at=at(dt.date(2030, 9, 10)),
                ends_at=at(dt.date(2030, 9, 10), 12),
            )
        )


@pytest.fixture
def s(db: None) -> Setting:
    return Setting()


def test_the_service_refuses_a_person_with_a_guest_name(s: Setting) -> None:
    with pytest.raises(ValidationError) as refused:
        services.check_in(
            actor=s.coordinator, meeting=s.meeting, person=s.person_a, guest_name="Anna"
        )

    assert refused.value.message_dict == {"guest_name": [NOT_BOTH]}
    assert not Attendance.objects.exists()


def test_the_service_still_checks_in_a_person_or_a_guest(s: Setting) -> None:
    person = services.check_in(actor=s.coordinator, meeting=s.meeting, person=s.person_a)
    guest = services.check_in(actor=s.coordinator, meeting=s.meeting, guest_name=" Prof. Gast ")

    assert (person.person, person.guest_name) == (s.person_a, "")
    assert (guest.person, guest.guest_name) == (None, "Prof. Gast")


def test_the_api_refuses_both(s: Setting) -> None:
    client = APIClient()
    client.force_authenticate(s.coordinator)

    response = client.post(
        "/api/v1/meetings/attendance/",
        {"meeting": s.meeting.pk, "person": s.person_a.pk, "guest_name": "Anna"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"guest_name": [NOT_BOTH]}
    assert not Attendance.objects.exists()


def test_the_check_in_form_refuses_both(s: Setting) -> None:
    client = Client()
    client.force_login(s.coordinator)

    response = client.post(
        f"/n/{s.network.slug}/meetings/{s.meeting.pk}/check-in/",
        {"checkin-person": s.person_a.pk, "checkin-guest_name": "Anna"},
    )

    assert response.status_code == 200
    assert response.context["checkin_form"].errors == {"guest_name": [NOT_BOTH]}
    assert not Attendance.objects.exists()


def test_the_database_refuses_both(s: Setting) -> None:
    row = Attendance(meeting=s.meeting, person=s.person_a, guest_name="Anna")

    with pytest.raises(ValidationError) as refused:
        row.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        row.save()

    assert refused.value.messages == [ROW_NOT_BOTH]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_the_person_and_clears_the_guest_name() -> None:
    s = Setting()
    executor = MigrationExecutor(connection)
    before = [("meetings", "0005_network_in_core")]
    after = [("meetings", "0006_attendance_person_or_guest")]
    executor.migrate(before)
    executor.loader.build_graph()
    old = executor.loader.project_state(before).apps.get_model("meetings", "Attendance")
    both = old.objects.create(meeting_id=s.meeting.pk, person_id=s.person_a.pk, guest_name="A.")
    guest = old.objects.create(meeting_id=s.meeting.pk, guest_name="Prof. Gast", is_guest=True)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    new = executor.loader.project_state(after).apps.get_model("meetings", "Attendance")

    rows = {a.pk: (a.person_id, a.guest_name) for a in new.objects.all()}
    # Back to the latest schema (later migrations add columns the other tests use).
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert rows == {both.pk: (s.person_a.pk, ""), guest.pk: (None, "Prof. Gast")}
