"""The events on the portal: list and event page (cached, no personal data anywhere), the
registration form (errors, the waiting list offered), the personal page (change, cancel),
the confirmation mail over SMTP with its .ics, and the public API."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from icalendar import Calendar

from samverk.events.models import Registration
from samverk.events.tests.factories import (
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.networks.tests.factories import NetworkFactory, OrganisationFactory, PersonFactory
from tests.smtp import Inbox
from tests.tasks import RunTasks

pytestmark = pytest.mark.django_db

FUTURE = dt.datetime(2199, 12, 27, 9, 0, tzinfo=dt.UTC)
SECRETS = (
    "Karla Geheim",
    "karla@example.org",
    "Geheime Schule",
    "Interne Veranstaltung",
    "Dr. Intern",
)


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen", name="Fachkräfteallianz Nordsachsen")


@pytest.fixture
def site(network):
    event = EventFactory.create(
        network=network, title="Rückkehrertag", consent_text="Ich bin einverstanden."
    )
    site = SiteFactory.create(
        event=event,
        name="Torgau",
        starts_at=FUTURE,
        ends_at=FUTURE + dt.timedelta(hours=6),
        capacity=2,
    )
    speaker = PersonFactory.create(
        name="Dr. Intern", organisation=OrganisationFactory.create(network=network)
    )
    SessionFactory.create(site=site, kind="keynote", title="Begrüßung").speakers.add(speaker)
    SessionFactory.create(site=site, title="Pflege", capacity=3)
    RegistrationFactory.create(
        site=site,
        name="Karla Geheim",
        email="karla@example.org",
        organisation_name="Geheime Schule",
    )
    EventFactory.create(network=network, title="Interne Veranstaltung", is_public=False)
    return site


def _base(network) -> str:
    return f"/p/{network.slug}/events/"


def test_public_pages_show_events_and_no_personal_data(client: Client, site) -> None:
    network = site.event.network
    pages = [
        _base(network),
        f"{_base(network)}{site.event.pk}/",
        f"{_base(network)}sites/{site.pk}/register/",
        f"/api/v1/public-events/events/?network={network.slug}",
        "/api/v1/public-events/sites/",
        "/api/v1/public-events/sessions/",
    ]
    for url in pages:
        for lang in ("", "?lang=en", "?lang=sv"):
            full = url + (lang if "?" not in url else lang.replace("?", "&"))
            response = client.get(full)
            assert response.status_code == 200, full
            text = response.content.decode()
            for secret in SECRETS:
                assert secret not in text, (full, secret)
    page = client.get(f"{_base(network)}{site.event.pk}/").content.decode()
    assert "Torgau" in page and "Pflege" in page and "1 place free" in page
    assert "Events" in client.get(f"/p/{network.slug}/").content.decode()


def test_an_internal_event_is_not_found(client: Client, network) -> None:
    internal = EventFactory.create(network=network, is_public=False)
    site = SiteFactory.create(event=internal, starts_at=FUTURE, ends_at=FUTURE + dt.timedelta(1))
    assert client.get(f"{_base(network)}{internal.pk}/").status_code == 404
    assert client.get(f"{_base(network)}sites/{site.pk}/register/").status_code == 404


def _post(client: Client, site, **data: Any):
    network = site.event.network
    return client.post(f"{_base(network)}sites/{site.pk}/register/", data)


def test_the_registration_form_shows_clear_errors(client: Client, site) -> None:
    workshop = site.sessions.get(title="Pflege")
    response = _post(client, site, name="", email="nope", workshops=[workshop.pk])
    assert response.status_code == 200
    text = response.content.decode()
    assert "Please correct the errors below." in text
    assert "Enter a valid email address." in text
    assert (
        response["Cache-Control"].startswith("max-age=0") or "no-store" in response["Cache-Control"]
    )
    response = _post(client, site, name="Kim", email="kim@example.org")
    assert "Please agree to the terms to register." in response.content.decode()
    response = _post(client, site, name="Kim", email="karla@example.org", consent="on")
    assert "registered for this site already" in response.content.decode()
    assert Registration.objects.count() == 1


def test_register_then_change_and_cancel_on_the_personal_page(
    client: Client,
    site,
    smtp_inbox: Inbox,
    django_capture_on_commit_callbacks: Callable[..., Any],
    run_tasks: RunTasks,
) -> None:
    workshop = site.sessions.get(title="Pflege")
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(
            client,
            site,
            name="Kim Berg",
            email="kim@example.org",
            consent="on",
            workshops=[workshop.pk],
        )
    assert response.status_code == 302
    personal = response["Location"].split("?")[0]
    page = client.get(response["Location"])
    assert page["Cache-Control"] and "private" in page["Cache-Control"]
    text = page.content.decode()
    registration = Registration.objects.get(email="kim@example.org")
    assert "Thank you: you are registered." in text and registration.code in text
    assert "Karla" not in text

    assert run_tasks() == 1
    message = smtp_inbox.messages[0]
    assert message["To"] == "kim@example.org"
    plain = message.get_body(preferencelist=("plain",))
    assert plain is not None
    body = plain.get_content()
    assert registration.code in body
    assert re.search(re.escape(personal), body)
    calendars = [
        part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"
    ]
    assert len(calendars) == 1
    calendar = Calendar.from_ical(calendars[0].get_content())
    vevent = calendar.walk("VEVENT")[0]
    assert vevent.decoded("dtstart") == site.starts_at
    assert "Torgau" in str(vevent.get("summary"))

    response = client.post(personal, {"workshops": []})
    assert response.status_code == 302
    assert registration.workshops.count() == 0
    confirm = client.get(personal + "cancel/")
    assert "Cancel your registration?" in confirm.content.decode()
    assert client.post(personal + "cancel/").status_code == 302
    registration.refresh_from_db()
    assert registration.status == "cancelled"
    assert client.get("/p/nordsachsen/events/r/not-a-token/").status_code == 404


def test_a_full_site_offers_the_waiting_list(client: Client, site) -> None:
    RegistrationFactory.create(site=site)
    page = client.get(f"{_base(site.event.network)}sites/{site.pk}/register/").content.decode()
    assert "The site is full: join the waiting list?" in page
    response = _post(client, site, name="Kim", email="kim@example.org", consent="on")
    assert response.status_code == 200
    assert "Join the waiting list?" in response.content.decode()
    response = _post(
        client, site, name="Kim", email="kim@example.org", consent="on", join_waiting_list="on"
    )
    assert response.status_code == 302
    assert Registration.objects.get(email="kim@example.org").status == "waiting"


def test_an_unpublished_portal_has_no_event_pages(client: Client, site) -> None:
    from samverk.portal.models import PortalSettings

    PortalSettings.objects.update_or_create(
        network=site.event.network, defaults={"is_published": False}
    )
    assert client.get(_base(site.event.network)).status_code == 404
    assert client.get(f"{_base(site.event.network)}sites/{site.pk}/register/").status_code == 404


def test_the_portal_sitemap_lists_the_public_events_only(client: Client, site) -> None:
    from samverk.events.models import Event

    network = site.event.network
    internal = Event.objects.get(title="Interne Veranstaltung")
    sitemap = client.get(f"/p/{network.slug}/sitemap.xml").content.decode()
    assert f"<loc>http://testserver{_base(network)}</loc>" in sitemap
    assert f"<loc>http://testserver{_base(network)}{site.event.pk}/</loc>" in sitemap
    assert f"{_base(network)}{internal.pk}/" not in sitemap
