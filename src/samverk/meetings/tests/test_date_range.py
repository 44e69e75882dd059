"""Dates outside 1900 to 2200 are refused with field errors by the meeting and series forms and
the API (issue 7, §7: a meeting "in year 1" was stored BC on PostgreSQL, and then every
meeting list answered 500). Nothing is saved, and the lists keep answering 200."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from samverk.meetings import services
from samverk.meetings.models import ActionItem, Meeting, MeetingSeries
from samverk.meetings.tests.factories import at
from samverk.networks.tests.helpers import World

pytestmark = pytest.mark.django_db

DAY = dt.date(2030, 9, 10)
RANGE = "Enter a date between the years 1900 and 2200."
BAD_DATETIME = "Enter a valid date/time."


class Setting(World):
    def __init__(self) -> None:
        super().__init__()
        self.meeting = services.schedule_meeting(
            actor=self.admin,
            arena=self.arena,
            title="Lenkungsgruppe Q3",
            purpose="Decide the annual theme.",
            starts_at=at(DAY),
            ends_at=at(DAY, 12),
        )
        self.client = Client()
        self.client.force_login(self.coordinator)
        self.api = APIClient()
        self.api.force_authenticate(self.coordinator)

    def url(self, path: str = "") -> str:
        return f"/n/{self.network.slug}/meetings/{path}"

    def state(self) -> dict[str, Any]:
        return {
            "meetings": list(Meeting.objects.order_by("pk").values()),
            "series": list(MeetingSeries.objects.order_by("pk").values()),
            "actions": list(ActionItem.objects.order_by("pk").values()),
        }

    def lists_answer(self) -> None:
        for path in ["", "actions/", "decisions/", f"{self.meeting.pk}/"]:
            assert self.client.get(self.url(path)).status_code == 200, path
        for endpoint in ["meetings", "actions", "decisions"]:
            assert self.api.get(f"/api/v1/meetings/{endpoint}/").status_code == 200, endpoint
        assert self.client.get(f"/calendar/network/{self.network.slug}.ics").status_code == 200


@pytest.fixture
def s() -> Setting:
    return Setting()


# Local date and time as the form's <input type=datetime-local> sends it, and the errors.
FORM_CASES = [
    ("0001-01-01T10:00", "0001-01-01T12:00", RANGE, RANGE),
    ("0001-12-31T23:30", "0002-01-01T01:00", RANGE, RANGE),
    ("1899-12-31T10:00", "1899-12-31T12:00", RANGE, RANGE),
    ("10000-01-01T10:00", "10000-01-01T12:00", BAD_DATETIME, BAD_DATETIME),
    ("2030-09-10T10:00", "2201-01-01T12:00", None, RANGE),
]


def meeting_data(s: Setting, starts: str, ends: str) -> dict[str, Any]:
    return {
        "arena": s.arena.pk,
        "title": "Year one",
        "purpose": "Test the edge.",
        "starts_at": starts,
        "ends_at": ends,
    }


def expected(starts_error: str | None, ends_error: str | None) -> dict[str, list[str]]:
    errors = {"starts_at": [starts_error], "ends_at": [ends_error]}
    return {k: v for k, v in errors.items() if v != [None]}  # type: ignore[misc]


@pytest.mark.parametrize(("starts", "ends", "starts_error", "ends_error"), FORM_CASES)
def test_the_meeting_form_refuses_dates_out_of_range(
    s: Setting, starts: str, ends: str, starts_error: str | None, ends_error: str | None
) -> None:
    before = s.state()

    created = s.client.post(s.url("new/"), meeting_data(s, starts, ends))
    edited = s.client.post(s.url(f"{s.meeting.pk}/edit/"), meeting_data(s, starts, ends))

    for response in (created, edited):
        assert response.status_code == 200
        assert response.context["form"].errors == expected(starts_error, ends_error)
    assert s.state() == before
    s.lists_answer()


def test_the_edges_of_the_range_are_accepted(s: Setting) -> None:
    early = s.client.post(s.url("new/"), meeting_data(s, "1900-01-01T10:00", "1900-01-01T12:00"))
    late = s.client.post(s.url("new/"), meeting_data(s, "2200-12-31T10:00", "2200-12-31T12:00"))

    assert (early.status_code, late.status_code) == (302, 302)
    assert sorted(m.starts_at.year for m in Meeting.objects.filter(title="Year one")) == [
        1900,
        2200,
    ]
    s.lists_answer()


@pytest.mark.parametrize(
    ("first_start", "error"),
    [
        ("0001-01-01T10:00", RANGE),
        ("0001-01-01", RANGE),
        ("1899-03-12T10:00", RANGE),
        ("2201-03-12T10:00", RANGE),
        ("10000-03-12T10:00", BAD_DATETIME),
    ],
)
def test_the_series_form_refuses_dates_out_of_range(s: Setting, first_start: str, error: str):
    before = s.state()

    response = s.client.post(
        s.url("series/new/"),
        {
            "arena": s.arena.pk,
            "title": "Quarterly since year one",
            "cadence": "quarterly",
            "purpose": "Steer the network.",
            "first_start": first_start,
            "duration_minutes": "90",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"first_start": [error]}
    assert s.state() == before
    s.lists_answer()


@pytest.mark.parametrize("due", ["0001-01-01", "1899-12-31", "2201-01-01"])
def test_the_action_form_refuses_dates_out_of_range(s: Setting, due: str) -> None:
    from samverk.meetings.tests.factories import in_progress

    in_progress(s.meeting)
    before = s.state()

    response = s.client.post(
        s.url(f"{s.meeting.pk}/actions/new/"),
        {
            "action-title": "Act",
            "action-due_date": due,
            "action-owner_organisation": s.org_a.pk,
        },
    )

    assert response.status_code == 200
    assert response.context["action_form"].errors == {"due_date": [RANGE]}
    assert s.state() == before


# --- the API --------------------------------------------------------------------------------

API_CASES = [
    ("0001-01-01T10:00:00Z", "0001-01-01T12:00:00Z", RANGE, RANGE),
    # In UTC this is still year 0: Python cannot represent it.
    ("0001-01-01T00:00:00+01:00", "0001-01-01T12:00:00Z", "Datetime value out of range.", RANGE),
    ("1899-12-31T10:00:00Z", "1899-12-31T12:00:00Z", RANGE, RANGE),
    ("2030-09-10T10:00:00Z", "2201-01-01T12:00:00Z", None, RANGE),
]


@pytest.mark.parametrize(("starts", "ends", "starts_error", "ends_error"), API_CASES)
def test_the_api_refuses_meeting_dates_out_of_range(
    s: Setting, starts: str, ends: str, starts_error: str | None, ends_error: str | None
) -> None:
    before = s.state()
    payload = {**meeting_data(s, starts, ends), "arena": s.arena.pk}

    created = s.api.post("/api/v1/meetings/meetings/", payload, format="json")
    changed = s.api.patch(
        f"/api/v1/meetings/meetings/{s.meeting.pk}/",
        {"starts_at": starts, "ends_at": ends},
        format="json",
    )

    for response in (created, changed):
        assert response.status_code == 400
        assert response.json() == expected(starts_error, ends_error)
    assert s.state() == before
    s.lists_answer()


def test_the_api_refuses_year_ten_thousand(s: Setting) -> None:
    before = s.state()

    response = s.api.post(
        "/api/v1/meetings/meetings/",
        meeting_data(s, "10000-01-01T10:00:00Z", "10000-01-01T12:00:00Z"),
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"starts_at", "ends_at"}
    assert response.json()["starts_at"][0].startswith("Datetime has wrong format.")
    assert s.state() == before


@pytest.mark.parametrize("due", ["0001-01-01", "1899-12-31", "2201-01-01"])
def test_the_api_refuses_action_dates_out_of_range(s: Setting, due: str) -> None:
    from samverk.meetings.tests.factories import in_progress

    in_progress(s.meeting)
    action = services.create_action(
        actor=s.admin,
        meeting=s.meeting,
        title="Act",
        due_date=dt.date(2030, 10, 1),
        owner_organisation=s.org_a,
    )
    before = s.state()

    created = s.api.post(
        "/api/v1/meetings/actions/",
        {
            "meeting": s.meeting.pk,
            "title": "Act",
            "due_date": due,
            "owner_organisation": s.org_a.pk,
        },
        format="json",
    )
    changed = s.api.patch(
        f"/api/v1/meetings/actions/{action.pk}/", {"due_date": due}, format="json"
    )

    for response in (created, changed):
        assert response.status_code == 400
        assert response.json() == {"due_date": [RANGE]}
    assert s.state() == before
