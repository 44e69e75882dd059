"""The events API: network roles read events, sites and sessions; coordinators write them and
alone read and cancel registrations; the public endpoints show public events without login
and without personal data."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.events.models import Event, Registration
from samverk.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.portal.models import PortalSettings

pytestmark = pytest.mark.django_db

FUTURE = dt.datetime(2199, 6, 1, 9, tzinfo=dt.UTC)


def client_for(user: Any = None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


@pytest.fixture
def world() -> dict[str, Any]:
    network = NetworkFactory.create(slug="nordsachsen")
    other = NetworkFactory.create(slug="barnim")
    event = EventFactory.create(network=network, title="Rückkehrertag")
    site = SiteFactory.create(
        event=event, starts_at=FUTURE, ends_at=FUTURE + dt.timedelta(hours=5), capacity=2
    )
    SessionFactory.create(site=site, title="Pflege")
    registration = RegistrationFactory.create(site=site, name="Karla Geheim")
    waiting = RegistrationFactory.create(site=site, status="waiting", email="w@example.org")
    theirs = EventFactory.create(network=other, title="Barnim intern", is_public=False)
    hidden = NetworkFactory.create(slug="hidden")
    PortalSettings.objects.create(network=hidden, is_published=False)
    SiteFactory.create(event=EventFactory.create(network=hidden, title="Unpublished portal"))
    return {
        "network": network,
        "other": other,
        "event": event,
        "site": site,
        "registration": registration,
        "waiting": waiting,
        "theirs": theirs,
    }


@pytest.mark.parametrize(
    "role",
    [
        RoleKind.COORDINATOR,
        RoleKind.PARTNER_REPRESENTATIVE,
        RoleKind.COMPANY_CONTACT,
        RoleKind.OBSERVER,
    ],
)
def test_every_role_reads_its_events_and_only_coordinators_registrations(world, role) -> None:
    client = client_for(user_with_role(world["network"], role))
    events = client.get("/api/v1/events/events/").json()["results"]
    assert [e["title"] for e in events] == ["Rückkehrertag"]
    sites = client.get("/api/v1/events/sites/").json()["results"]
    assert sites[0]["registered"] == 1 and sites[0]["waiting"] == 1
    assert client.get("/api/v1/events/sessions/").json()["results"][0]["title"] == "Pflege"
    registrations = client.get("/api/v1/events/registrations/")
    names = [r["name"] for r in registrations.json()["results"]]
    if role == RoleKind.COORDINATOR:
        assert "Karla Geheim" in names
    else:
        assert names == []


def test_anonymous_gets_nothing_but_the_public_endpoints(world) -> None:
    client = client_for()
    for url in ("events", "sites", "sessions", "registrations"):
        assert client.get(f"/api/v1/events/{url}/").status_code in (401, 403)
    public = client.get("/api/v1/public-events/events/").json()["results"]
    assert [e["title"] for e in public] == ["Rückkehrertag"]
    sites = client.get("/api/v1/public-events/sites/?network=nordsachsen").json()["results"]
    assert sites[0]["free_places"] == 1
    assert "Karla" not in client.get("/api/v1/public-events/sites/").content.decode()


def test_a_coordinator_writes_and_others_may_not(world) -> None:
    coordinator = client_for(user_with_role(world["network"], RoleKind.COORDINATOR))
    response = coordinator.post(
        "/api/v1/events/events/",
        {"network": "nordsachsen", "title": "Fachtag", "kind": "expert_day"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    event_id = response.json()["id"]
    response = coordinator.post(
        "/api/v1/events/sites/",
        {
            "event": event_id,
            "name": "Torgau",
            "starts_at": "2199-03-01T09:00:00Z",
            "ends_at": "2199-03-01T08:00:00Z",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "ends_at" in response.json()
    response = coordinator.patch(
        f"/api/v1/events/events/{event_id}/", {"is_public": True}, format="json"
    )
    assert response.status_code == 200 and response.json()["is_public"] is True
    observer = client_for(user_with_role(world["network"], RoleKind.OBSERVER))
    assert (
        observer.patch(f"/api/v1/events/events/{event_id}/", {"title": "X"}, format="json")
    ).status_code == 403
    assert Event.objects.get(pk=event_id).title == "Fachtag"


def test_a_coordinator_cancels_a_registration_and_the_waiting_list_moves_up(world) -> None:
    coordinator = client_for(user_with_role(world["network"], RoleKind.COORDINATOR))
    world["site"].capacity = 1
    world["site"].save()
    registration = world["registration"]
    response = coordinator.post(f"/api/v1/events/registrations/{registration.pk}/cancel/")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "cancelled"
    assert Registration.objects.get(pk=world["waiting"].pk).status == "registered"
    stranger = client_for(user_with_role(world["other"], RoleKind.COORDINATOR))
    response = stranger.post(f"/api/v1/events/registrations/{world['waiting'].pk}/cancel/")
    assert response.status_code == 404
