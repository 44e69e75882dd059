"""/api/v1/jobs/offers/: the permission matrix of every operation, writes through the services
(refusals as 400 with the services' messages), the list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from samverk.core.clock import network_today
from samverk.jobs.models import JobOffer
from samverk.jobs.tests.factories import World, make_offer, make_world

pytestmark = pytest.mark.django_db

URL = "/api/v1/jobs/offers/"
ROLES = ["coordinator", "company", "other_company", "partner", "observer", "outsider", "anonymous"]
OK, CREATED, BAD, DENIED, NF, ANON = 200, 201, 400, 403, 404, 401


@pytest.fixture
def world() -> World:
    return make_world()


def api(user: Any) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def offer(world: World, status: str = "draft", **overrides: Any) -> JobOffer:
    today = network_today(world.network)
    overrides.setdefault("valid_through", today + dt.timedelta(days=30))
    return make_offer(world, status=status, today=today, **overrides)


def payload(world: World, **overrides: Any) -> dict[str, Any]:
    data = {
        "network": world.network.slug,
        "employer": world.employer.pk,
        "title": "Schweißer/in (m/w/d)",
        "description": "Wir suchen Sie.",
        "kind": "job",
        "isco_code": "7212",
        "esco_occupation": world.welder.pk,
        "locality": "Torgau",
        "municipality": world.town.pk,
        "valid_through": (network_today(world.network) + dt.timedelta(days=20)).isoformat(),
        "apply_url": "https://elbaue.example.org/jobs",
        "target_groups": ["career_changers"],
    }
    data.update(overrides)
    return data


# operation → (status of the offer, expected answer of: coordinator, company contact of the
# employer, company contact of another member, partner representative of another member,
# observer); another network's coordinator: 404 on an offer, an empty list; anonymous: 401.
MATRIX: dict[str, tuple[str, tuple[int, ...]]] = {
    "retrieve draft": ("draft", (OK, OK, NF, NF, NF)),
    "retrieve published": ("published", (OK, OK, OK, OK, OK)),
    "update draft": ("draft", (OK, OK, NF, NF, NF)),
    "update published": ("published", (OK, OK, DENIED, DENIED, DENIED)),
    "submit draft": ("draft", (OK, OK, NF, NF, NF)),
    "return submitted": ("submitted", (OK, DENIED, NF, NF, NF)),
    "publish submitted": ("submitted", (OK, DENIED, NF, NF, NF)),
    "end published": ("published", (OK, OK, DENIED, DENIED, DENIED)),
}


def call(client: APIClient, operation: str, target: JobOffer) -> Any:
    detail = f"{URL}{target.pk}/"
    verb = operation.split()[0]
    if verb == "retrieve":
        return client.get(detail)
    if verb == "update":
        return client.patch(detail, {"title": "Geändert"}, format="json")
    if verb == "return":
        return client.post(f"{detail}return/", {"reason": "Bitte ändern."}, format="json")
    if verb == "end":
        return client.post(f"{detail}end/", {"status": "withdrawn"}, format="json")
    return client.post(f"{detail}{verb}/", format="json")


@pytest.mark.parametrize("operation", list(MATRIX))
def test_the_permission_matrix_of_every_operation(world: World, operation: str) -> None:
    status, answers = MATRIX[operation]
    expected = {**dict(zip(ROLES, answers, strict=False)), "outsider": NF, "anonymous": ANON}
    for role in ROLES:
        target = offer(world, status)
        response = call(api(world.users[role]), operation, target)
        assert response.status_code == expected[role], (operation, role, response.content)


def test_the_list_shows_each_role_what_it_reads(world: World) -> None:
    draft = offer(world, title="Entwurf")
    published = offer(world, "published", title="Veröffentlicht")
    for role, titles in {
        "coordinator": {draft.title, published.title},
        "company": {draft.title, published.title},
        "other_company": {published.title},
        "partner": {published.title},
        "observer": {published.title},
        "outsider": set(),
    }.items():
        response = api(world.users[role]).get(URL)
        assert response.status_code == OK
        assert {row["title"] for row in response.json()["results"]} == titles, role
    assert api(None).get(URL).status_code == ANON


@pytest.mark.parametrize("who", ["coordinator", "company", "other_company", "partner"])
def test_create_through_the_service(world: World, who: str) -> None:
    employer = {
        "coordinator": world.employer,
        "company": world.employer,
        "other_company": world.other_member,
        "partner": world.partner_org,
    }[who]
    response = api(world.users[who]).post(URL, payload(world, employer=employer.pk), format="json")
    assert response.status_code == CREATED, response.content
    body = response.json()
    assert body["status"] == "draft" and body["isco_code"] == "7212"
    assert body["target_groups"] == ["career_changers"]
    assert JobOffer.objects.get(pk=body["id"]).created_by == world.users[who]


@pytest.mark.parametrize("who", ["other_company", "partner", "observer"])
def test_create_for_another_organisation_is_refused(world: World, who: str) -> None:
    response = api(world.users[who]).post(URL, payload(world), format="json")
    assert response.status_code == DENIED
    assert not JobOffer.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"isco_code": "9999"}, "isco_code", "“9999” is not an ISCO-08 code."),
        ({"isco_code": "721"}, "isco_code", "unit group"),
        ({"esco_occupation": None, "isco_code": "2221", "apply_url": ""}, "apply_url", "apply"),
        ({"isco_code": "2221"}, "esco_occupation", "another ISCO-08 group (7212)"),
        ({"valid_through": "2001-01-01"}, "valid_through", "cannot be in the past"),
        ({"valid_through": None}, "valid_through", ""),
    ],
)
def test_bad_input_is_refused_with_the_message(
    world: World, overrides: dict[str, Any], field: str, message: str
) -> None:
    response = api(world.company).post(URL, payload(world, **overrides), format="json")
    assert response.status_code == BAD
    assert message in " ".join(response.json()[field])
    assert not JobOffer.objects.exists()


def test_the_flow_through_the_api(world: World) -> None:
    company, coordinator = api(world.company), api(world.coordinator)
    created = company.post(URL, payload(world), format="json").json()
    detail = f"{URL}{created['id']}/"
    assert company.post(f"{detail}submit/").json()["status"] == "submitted"
    refused = coordinator.post(f"{detail}return/", {"reason": " "}, format="json")
    assert refused.status_code == BAD
    returned = coordinator.post(f"{detail}return/", {"reason": "Gehalt?"}, format="json").json()
    assert (returned["status"], returned["return_reason"]) == ("returned", "Gehalt?")
    changed = company.patch(detail, {"salary": "3.000 €"}, format="json").json()
    assert changed["status"] == "returned"
    company.post(f"{detail}submit/")
    published = coordinator.post(f"{detail}publish/").json()
    assert published["status"] == "published"
    assert published["date_posted"] == network_today(world.network).isoformat()
    assert api(world.observer).get(detail).json()["return_reason"] is None
    edited = company.patch(detail, {"isco_code": "2221", "esco_occupation": None}, format="json")
    assert edited.json()["status"] == "submitted"
    coordinator.post(f"{detail}publish/")
    ended = company.post(f"{detail}end/", {"status": "filled"}, format="json").json()
    assert ended["status"] == "filled"
    assert company.patch(detail, {"title": "X"}, format="json").status_code == DENIED


def test_status_is_read_only(world: World) -> None:
    target = offer(world)
    response = api(world.company).patch(
        f"{URL}{target.pk}/", {"status": "published"}, format="json"
    )
    assert response.status_code == OK and response.json()["status"] == "draft"


def test_the_list_filters(world: World) -> None:
    offer(world, "published", title="Pflege")
    offer(world, "published", title="Schweißen", isco_code="7212", kind="internship")
    client = api(world.coordinator)

    def titles(query: str) -> list[str]:
        return sorted(row["title"] for row in client.get(f"{URL}?{query}").json()["results"])

    assert titles("isco=7") == ["Schweißen"]
    assert titles("kind=internship") == ["Schweißen"]
    assert titles("q=schwei") == ["Schweißen"]
    assert titles(f"network={world.network.slug}&status=published") == ["Pflege", "Schweißen"]
    assert titles(f"employer={world.other_member.pk}") == []
