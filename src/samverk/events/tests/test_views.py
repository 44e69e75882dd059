"""The internal event pages for every role, the forms, the participant list and its export
(organisers only), and constant query counts."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.choices import RoleKind
from samverk.events.models import Event, EventSite
from samverk.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role

pytestmark = pytest.mark.django_db

READERS = [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER]


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen")


@pytest.fixture
def site(network):
    event = EventFactory.create(network=network, title="Rückkehrertag", is_public=False)
    site = SiteFactory.create(event=event, name="Torgau", capacity=10)
    SessionFactory.create(site=site, title="Pflege")
    RegistrationFactory.create(site=site, name="Karla Geheim", email="karla@example.org")
    RegistrationFactory.create(site=site, status="waiting", name="Waltraud Warten")
    return site


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def _urls(site: EventSite) -> dict[str, str]:
    n = site.event.network.slug
    e = site.event.pk
    return {
        "list": f"/n/{n}/events/",
        "detail": f"/n/{n}/events/{e}/",
        "participants": f"/n/{n}/events/sites/{site.pk}/participants/",
        "export": f"/n/{n}/events/sites/{site.pk}/participants.xlsx",
        "new": f"/n/{n}/events/new/",
        "edit": f"/n/{n}/events/{e}/edit/",
        "site_new": f"/n/{n}/events/{e}/sites/new/",
        "site_edit": f"/n/{n}/events/sites/{site.pk}/edit/",
        "session_new": f"/n/{n}/events/sites/{site.pk}/sessions/new/",
        "settings": f"/n/{n}/events/settings/",
    }


def test_the_coordinator_sees_everything(site) -> None:
    client = _client(user_with_role(site.event.network, RoleKind.COORDINATOR))
    for name, url in _urls(site).items():
        assert client.get(url).status_code == 200, name
    detail = client.get(_urls(site)["detail"]).content.decode()
    assert "Torgau" in detail and "Pflege" in detail
    participants = client.get(_urls(site)["participants"]).content.decode()
    assert "Karla Geheim" in participants and "karla@example.org" in participants
    assert "1 registered, 1 waiting" in participants


@pytest.mark.parametrize("role", READERS)
def test_other_roles_read_events_but_no_participants_and_no_forms(site, role) -> None:
    client = _client(user_with_role(site.event.network, role))
    urls = _urls(site)
    for name in ("list", "detail"):
        response = client.get(urls[name])
        assert response.status_code == 200
        assert "Karla" not in response.content.decode()
        assert "karla@example.org" not in response.content.decode()
    assert "participants/" not in client.get(urls["detail"]).content.decode()
    for name in ("participants", "export"):
        assert client.get(urls[name]).status_code == 404, name
    for name in ("new", "edit", "site_new", "site_edit", "session_new", "settings"):
        assert client.get(urls[name]).status_code == 403, name


def test_another_network_and_anonymous_see_nothing(site) -> None:
    stranger = _client(user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR))
    anonymous = _client()
    for url in _urls(site).values():
        assert stranger.get(url).status_code == 404, url
        assert anonymous.get(url).status_code == 302, url
    assert _client(UserFactory.create()).get(_urls(site)["list"]).status_code == 404


def test_participant_export_for_organisers(site) -> None:
    client = _client(user_with_role(site.event.network, RoleKind.COORDINATOR))
    response = client.get(_urls(site)["export"])
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "name"
    assert {"Karla Geheim", "Waltraud Warten"} <= {row[0] for row in rows[1:]}
    assert client.get(_urls(site)["export"].replace(".xlsx", ".csv")).status_code == 200
    assert client.get(_urls(site)["export"].replace(".xlsx", ".pdf")).status_code == 404


def test_forms_create_an_event_a_site_and_a_session(network) -> None:
    client = _client(user_with_role(network, RoleKind.COORDINATOR))
    response = client.post(
        f"/n/{network.slug}/events/new/", {"title": "Fachtag", "kind": "expert_day"}
    )
    assert response.status_code == 302, response.content.decode()
    event = Event.objects.get(title="Fachtag")
    response = client.post(
        f"/n/{network.slug}/events/{event.pk}/sites/new/",
        {"name": "Torgau", "starts_at": "2030-03-01T09:00", "ends_at": "2030-03-01T08:00"},
    )
    assert response.status_code == 200
    assert "The site&#x27;s end must be after its start." in response.content.decode()
    response = client.post(
        f"/n/{network.slug}/events/{event.pk}/sites/new/",
        {"name": "Torgau", "starts_at": "2030-03-01T09:00", "ends_at": "2030-03-01T16:00"},
    )
    assert response.status_code == 302
    site = event.sites.get()
    response = client.post(
        f"/n/{network.slug}/events/sites/{site.pk}/sessions/new/",
        {
            "kind": "workshop",
            "title": "Pflege",
            "starts_at": "2030-03-01T10:00",
            "ends_at": "2030-03-01T11:00",
            "capacity": "20",
        },
    )
    assert response.status_code == 302
    assert site.sessions.get().title == "Pflege"
    delete = f"/n/{network.slug}/events/session/{site.sessions.get().pk}/delete/"
    assert client.get(delete).status_code == 200
    assert client.post(delete).status_code == 302
    assert not site.sessions.exists()


def test_the_list_filters_upcoming_and_past(network) -> None:
    client = _client(user_with_role(network, RoleKind.OBSERVER))
    past = EventFactory.create(network=network, title="Vorbei")
    SiteFactory.create(
        event=past,
        starts_at=dt.datetime(2001, 1, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2001, 1, 1, 12, tzinfo=dt.UTC),
    )
    coming = EventFactory.create(network=network, title="Demnächst")
    SiteFactory.create(
        event=coming,
        starts_at=dt.datetime(2199, 1, 1, 9, tzinfo=dt.UTC),
        ends_at=dt.datetime(2199, 1, 1, 12, tzinfo=dt.UTC),
    )
    upcoming = client.get(f"/n/{network.slug}/events/?when=upcoming").content.decode()
    assert "Demnächst" in upcoming and "Vorbei" not in upcoming
    old = client.get(f"/n/{network.slug}/events/?when=past").content.decode()
    assert "Vorbei" in old and "Demnächst" not in old


def _fill(network, events: int) -> None:
    for _ in range(events):
        event = EventFactory.create(network=network)
        for _ in range(2):
            site = SiteFactory.create(event=event)
            SessionFactory.create(site=site)
            RegistrationFactory.create(site=site)


def _count(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_stay_constant(network) -> None:
    client = _client(user_with_role(network, RoleKind.COORDINATOR))
    _fill(network, 2)
    event = Event.objects.filter(network=network).first()
    assert event is not None
    small_list = _count(client, f"/n/{network.slug}/events/")
    small_detail = _count(client, f"/n/{network.slug}/events/{event.pk}/")
    _fill(network, 12)
    for site in event.sites.all():
        for _ in range(5):
            SessionFactory.create(site=site)
            RegistrationFactory.create(site=site)
    assert _count(client, f"/n/{network.slug}/events/") == small_list
    assert _count(client, f"/n/{network.slug}/events/{event.pk}/") == small_detail
