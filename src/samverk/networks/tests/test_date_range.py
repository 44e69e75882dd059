"""Dates outside 1900 to 2200 are refused with field errors by the membership and mandate forms
and the API (issue 7, §7), and nothing is saved."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from rest_framework.test import APIClient

from samverk.networks.tests.helpers import World, db_state

pytestmark = pytest.mark.django_db

RANGE = "Enter a date between the years 1900 and 2200."
BAD_DATE = "Enter a valid date."
OUT_OF_RANGE = ["0001-01-01", "1899-12-31", "2201-01-01"]


@pytest.fixture
def w() -> World:
    return World()


@pytest.fixture
def client(w: World) -> Client:
    client = Client()
    client.force_login(w.coordinator)
    return client


@pytest.fixture
def api(w: World) -> APIClient:
    client = APIClient()
    client.force_authenticate(w.coordinator)
    return client


def form_errors(response: Any) -> dict[str, list[str]]:
    assert response.status_code == 200
    return dict(response.context["form"].errors)


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_membership_and_mandate_forms(w: World, client: Client, day: str) -> None:
    base = w.base()
    before = db_state()

    member = client.post(
        base + "members/new/",
        {"organisation": w.org_c.pk, "role": "partner", "since": day, "currency": "EUR"},
    )
    edit = client.post(
        base + f"members/{w.membership_a.pk}/edit/",
        {"role": "partner", "since": day, "currency": "EUR"},
    )
    end = client.post(base + f"members/{w.membership_a.pk}/end/", {"until": day})
    mandate = client.post(
        base + f"members/{w.membership_a.pk}/mandates/new/",
        {"person": w.person_a2.pk, "role": "deputy", "valid_from": day},
    )
    until = client.post(base + f"mandates/{w.mandate_a.pk}/end/", {"valid_until": day})

    assert form_errors(member) == {"since": [RANGE]}
    assert form_errors(edit) == {"since": [RANGE]}
    assert form_errors(end) == {"until": [RANGE]}
    assert form_errors(mandate) == {"valid_from": [RANGE]}
    assert form_errors(until) == {"valid_until": [RANGE]}
    assert db_state() == before
    for path in ["", "members/", "people/"]:
        assert client.get(base + path).status_code == 200


def test_year_ten_thousand_is_not_a_date(w: World, client: Client) -> None:
    response = client.post(
        w.base() + "members/new/",
        {"organisation": w.org_c.pk, "role": "partner", "since": "10000-01-01", "currency": "EUR"},
    )

    assert form_errors(response) == {"since": [BAD_DATE]}


@pytest.mark.parametrize("day", OUT_OF_RANGE)
def test_the_api(w: World, api: APIClient, day: str) -> None:
    before = db_state()

    member = api.post(
        "/api/v1/networks/memberships/", {"organisation": w.org_c.pk, "since": day}, format="json"
    )
    ended = api.patch(
        f"/api/v1/networks/memberships/{w.membership_a.pk}/", {"until": day}, format="json"
    )
    mandate = api.post(
        "/api/v1/networks/mandates/",
        {"membership": w.membership_a.pk, "person": w.person_a2.pk, "valid_from": day},
        format="json",
    )
    until = api.patch(
        f"/api/v1/networks/mandates/{w.mandate_a.pk}/", {"valid_until": day}, format="json"
    )

    assert [r.status_code for r in (member, ended, mandate, until)] == [400] * 4
    assert member.json() == {"since": [RANGE]}
    assert ended.json() == {"until": [RANGE]}
    assert mandate.json() == {"valid_from": [RANGE]}
    assert until.json() == {"valid_until": [RANGE]}
    assert db_state() == before
    for endpoint in ["memberships", "mandates"]:
        assert api.get(f"/api/v1/networks/{endpoint}/").status_code == 200
