"""Check-in at a site: by code (typed, any case, with spaces), by a registration found by name,
refusals (another site's or event's code, unknown, cancelled, waiting, a second check-in with
its time), the walk-in counter (never below 0), the live counts; the desk's pages only for the
organisers; the QR code in the confirmation mail and on the personal page; name badges."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.core.models import OutgoingMail
from samverk.events import checkin_services, registration_services
from samverk.events.models import EventSite
from samverk.events.tests.factories import NOW, EventFactory, RegistrationFactory, SiteFactory
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.projects.tests.test_annual_report import executable

pytestmark = pytest.mark.django_db

AT = dt.datetime(2030, 12, 27, 9, 30, tzinfo=dt.UTC)


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


@pytest.fixture
def site(network) -> EventSite:
    event = EventFactory.create(network=network, title="Rückkehrertag")
    return SiteFactory.create(event=event, name="Torgau", capacity=10)


def test_check_in_by_code_and_the_refusals(network, coordinator, site) -> None:
    ada = RegistrationFactory.create(site=site, name="Ada Lovelace", code="ABCD2345")
    checked = checkin_services.check_in_code(
        actor=coordinator, site=site, code=" abcd-2345 ", now=AT
    )
    assert checked.pk == ada.pk and checked.checked_in_at == AT
    with pytest.raises(ValidationError, match="Checked in already") as second:
        checkin_services.check_in_code(actor=coordinator, site=site, code="ABCD2345", now=AT)
    assert "2030" in str(second.value)
    # another site of the same event, and a site of another event
    other_site = SiteFactory.create(event=site.event, name="Oschatz")
    RegistrationFactory.create(site=other_site, code="OSCH2345")
    with pytest.raises(ValidationError, match="another site: Rückkehrertag, Oschatz"):
        checkin_services.check_in_code(actor=coordinator, site=site, code="OSCH2345", now=AT)
    other_event = SiteFactory.create(
        event=EventFactory.create(network=network, title="Fachtag"), name="Torgau"
    )
    RegistrationFactory.create(site=other_event, code="FACH2345")
    with pytest.raises(ValidationError, match="another site: Fachtag, Torgau"):
        checkin_services.check_in_code(actor=coordinator, site=site, code="FACH2345", now=AT)
    with pytest.raises(ValidationError, match="Unknown code"):
        checkin_services.check_in_code(actor=coordinator, site=site, code="ZZZZ9999", now=AT)
    RegistrationFactory.create(site=site, code="CANC2345", status="cancelled")
    with pytest.raises(ValidationError, match="cancelled"):
        checkin_services.check_in_code(actor=coordinator, site=site, code="CANC2345", now=AT)
    RegistrationFactory.create(site=site, code="WAIT2345", status="waiting")
    with pytest.raises(ValidationError, match="waiting list"):
        checkin_services.check_in_code(actor=coordinator, site=site, code="WAIT2345", now=AT)


@pytest.mark.parametrize(
    "role", [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER]
)
def test_only_organisers_check_in(network, site, role) -> None:
    RegistrationFactory.create(site=site, code="ABCD2345")
    user = user_with_role(network, role)
    with pytest.raises(PermissionDenied):
        checkin_services.check_in_code(actor=user, site=site, code="ABCD2345", now=AT)
    with pytest.raises(PermissionDenied):
        checkin_services.change_walk_ins(actor=user, site=site, change=1)


def test_walk_ins_never_below_zero_and_the_counts(coordinator, site) -> None:
    assert checkin_services.change_walk_ins(actor=coordinator, site=site, change=-1) == 0
    for _ in range(3):
        checkin_services.change_walk_ins(actor=coordinator, site=site, change=1)
    assert checkin_services.change_walk_ins(actor=coordinator, site=site, change=-1) == 2
    with pytest.raises(ValidationError):
        checkin_services.change_walk_ins(actor=coordinator, site=site, change=5)
    came = RegistrationFactory.create(site=site)
    RegistrationFactory.create(site=site)
    RegistrationFactory.create(site=site, status="waiting")
    checkin_services.check_in_registration(actor=coordinator, site=site, registration=came, now=AT)
    counts = checkin_services.counts(site)
    assert (counts.registered, counts.checked_in, counts.walk_ins, counts.waiting) == (2, 1, 2, 1)
    assert counts.visitors == 3


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_desk_page(network, coordinator, site) -> None:
    RegistrationFactory.create(site=site, name="Ada Lovelace", code="ABCD2345")
    url = f"/n/{network.slug}/events/sites/{site.pk}/check-in/"
    client = _client(coordinator)
    page = client.get(url)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Scan with the camera" in text and "vendor/jsQR.js" in text
    assert "<script>" not in text  # no inline script (CSP)
    # the desk alone may open the camera (its own origin); every other page may not
    policy = dict(p.strip().split("=", 1) for p in page["Permissions-Policy"].split(","))
    assert policy["camera"] == "(self)" and policy["microphone"] == "()"
    event_page = client.get(f"/n/{network.slug}/events/{site.event_id}/")
    assert "camera=()" in event_page["Permissions-Policy"]
    done = client.post(url, {"action": "code", "code": "abcd2345"}, follow=True)
    assert "Checked in: Ada Lovelace" in done.content.decode()
    again = client.post(url, {"action": "code", "code": "ABCD2345"})
    assert again.status_code == 200 and "Checked in already" in again.content.decode()
    unknown = client.post(url, {"action": "code", "code": "nope"})
    assert "Unknown code" in unknown.content.decode()
    found = client.get(url, {"q": "lovelace"}).content.decode()
    assert "Ada Lovelace" in found
    client.post(url, {"action": "walk_in", "change": "1"})
    client.post(url, {"action": "walk_in", "change": "-1"})
    client.post(url, {"action": "walk_in", "change": "-1"})
    site.refresh_from_db()
    assert site.walk_ins == 0
    counts = client.get(f"{url}counts/").content.decode()
    assert 'data-count="checked_in">1<' in counts and 'hx-trigger="every 10s"' in counts


def test_desk_and_badges_permission_matrix(network, site) -> None:
    RegistrationFactory.create(site=site, name="Ada Lovelace")
    urls = [
        f"/n/{network.slug}/events/sites/{site.pk}/check-in/",
        f"/n/{network.slug}/events/sites/{site.pk}/check-in/counts/",
        f"/n/{network.slug}/events/sites/{site.pk}/badges.pdf",
    ]
    for role, code in [
        (RoleKind.COORDINATOR, 200),
        (RoleKind.PARTNER_REPRESENTATIVE, 404),
        (RoleKind.COMPANY_CONTACT, 404),
        (RoleKind.OBSERVER, 404),
    ]:
        client = _client(user_with_role(network, role))
        for url in urls:
            assert client.get(url).status_code == code, (role, url)
    outsider = _client(user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR))
    assert all(outsider.get(url).status_code == 404 for url in urls)


def test_badges_pdf_text(network, coordinator, site) -> None:
    pdftotext = executable("pdftotext", "pdftotext (poppler-utils)")
    RegistrationFactory.create(site=site, name="Ada Lovelace", organisation_name="Analytical AG")
    RegistrationFactory.create(site=site, name="Wanda Warteliste", status="waiting")
    response = _client(coordinator).get(f"/n/{network.slug}/events/sites/{site.pk}/badges.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        [pdftotext, "-enc", "UTF-8", "-", "-"],
        input=response.content,
        capture_output=True,
        check=True,
    ).stdout.decode()
    text = " ".join(text.split())
    assert "Ada Lovelace" in text and "Analytical AG" in text
    assert "Rückkehrertag · Torgau" in text
    assert "Wanda" not in text


def test_the_confirmation_mail_carries_the_qr_code_and_the_page_its_svg(network, site) -> None:
    from samverk.portal.models import PortalSettings

    PortalSettings.objects.update_or_create(network=network, defaults={"is_published": True})
    registration = registration_services.register(
        site=site, name="Ada Lovelace", email="ada@example.org", now=NOW
    )
    mail = OutgoingMail.objects.filter(to__icontains="ada@example.org").latest("pk")
    images = [a for a in mail.attachments if a["mimetype"] == "image/png"]
    assert len(images) == 1 and images[0]["filename"] == "checkin-code.png"
    import base64

    assert base64.b64decode(images[0]["content"]).startswith(b"\x89PNG")
    page = Client().get(f"/p/{network.slug}/events/r/{registration.token}/").content.decode()
    assert 'class="qr-code"' in page and "<svg" in page
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert "style=" not in svg


def test_api_check_in(network, coordinator, site) -> None:
    RegistrationFactory.create(site=site, code="ABCD2345")
    api = APIClient()
    api.force_authenticate(user_with_role(network, RoleKind.OBSERVER))
    assert api.post(
        "/api/v1/events/check-ins/", {"site": site.pk, "code": "ABCD2345"}
    ).status_code in (403,)
    api.force_authenticate(coordinator)
    done = api.post("/api/v1/events/check-ins/", {"site": site.pk, "code": "abcd2345"})
    assert done.status_code == 200 and done.json()["checked_in_at"]
    again = api.post("/api/v1/events/check-ins/", {"site": site.pk, "code": "ABCD2345"})
    assert again.status_code == 400 and "Checked in already" in str(again.json())
    walk = api.post("/api/v1/events/check-ins/walk-ins/", {"site": site.pk, "change": -1})
    assert walk.status_code == 200 and walk.json()["walk_ins"] == 0
    counts = api.get(f"/api/v1/events/check-ins/{site.pk}/counts/").json()
    assert counts["visitors"] == 1 and counts["checked_in"] == 1
