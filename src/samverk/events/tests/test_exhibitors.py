"""Exhibitors: member companies register for a site (their contacts or the coordinator), the
coordinator confirms or declines, an exhibitor attaches only its own published job offers of
the network; the public site page shows confirmed exhibitors and their offers; the pages'
permission matrix and the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from rest_framework.test import APIClient

from samverk.events import exhibitor_services
from samverk.events.models import EventSite, Exhibitor
from samverk.events.tests.factories import EventFactory, SiteFactory
from samverk.jobs.models import JobOffer
from samverk.jobs.tests.factories import World, make_offer, make_world
from samverk.networks.tests.factories import OrganisationFactory, PersonFactory
from samverk.portal.models import PortalSettings

pytestmark = pytest.mark.django_db

# The site lies after the offers' TODAY (2026-05-04) and before they end.
SITE_START = dt.datetime(2026, 5, 20, 8, 0, tzinfo=dt.UTC)
BEFORE = dt.datetime(2026, 5, 10, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def world() -> World:
    return make_world()


@pytest.fixture
def site(world: World) -> EventSite:
    event = EventFactory.create(network=world.network, title="Rückkehrertag")
    return SiteFactory.create(
        event=event,
        name="Torgau",
        starts_at=SITE_START,
        ends_at=SITE_START + dt.timedelta(hours=5),
    )


def _register(world: World, site: EventSite, **kw: object) -> Exhibitor:
    return exhibitor_services.register_exhibitor(
        actor=kw.pop("actor", world.company),  # type: ignore[arg-type]
        site=site,
        organisation=kw.pop("organisation", world.employer),  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def test_a_member_company_registers_and_the_coordinator_confirms(world, site) -> None:
    contact = PersonFactory.create(organisation=world.employer, name="Hanna Personal")
    exhibitor = _register(world, site, booth_needs="Ein Tisch", contact=contact)
    assert exhibitor.status == "requested"
    with pytest.raises(PermissionDenied):
        exhibitor_services.confirm_exhibitor(actor=world.company, exhibitor=exhibitor)
    exhibitor = exhibitor_services.confirm_exhibitor(actor=world.coordinator, exhibitor=exhibitor)
    assert exhibitor.status == "confirmed"
    exhibitor = exhibitor_services.decline_exhibitor(actor=world.coordinator, exhibitor=exhibitor)
    assert exhibitor.status == "declined"
    with pytest.raises(ValidationError, match="already"):
        _register(world, site)


def test_only_members_and_only_for_their_own_company(world, site) -> None:
    # a company contact cannot register another company
    with pytest.raises(PermissionDenied):
        _register(world, site, organisation=world.other_member)
    # the observer and another network's coordinator cannot register at all
    for actor in (world.observer, world.outsider):
        with pytest.raises(PermissionDenied):
            _register(world, site, actor=actor)
    # an organisation without membership is refused, even by the coordinator
    outsider_company = OrganisationFactory.create(network=world.network, name="Kein Mitglied")
    with pytest.raises(ValidationError, match="no member"):
        _register(world, site, actor=world.coordinator, organisation=outsider_company)
    # a contact of another company is refused
    stranger = PersonFactory.create(organisation=world.other_member)
    with pytest.raises(ValidationError, match="must work for"):
        _register(world, site, contact=stranger)
    # the coordinator may register any member
    assert _register(world, site, actor=world.coordinator, organisation=world.other_member).pk


def test_only_own_published_offers_of_the_network(world, site) -> None:
    exhibitor = _register(world, site)
    own = make_offer(world, status="published", title="Pflegefachkraft")
    draft = make_offer(world, status="draft", title="Entwurf")
    foreign = make_offer(
        world, status="published", actor=world.other_company, employer=world.other_member
    )
    # an offer of another network (copied row: only its network and employer matter here)
    elsewhere = JobOffer.objects.get(pk=own.pk)
    elsewhere.pk = None
    elsewhere.network = world.outsider.network_roles.get().network
    elsewhere.employer = OrganisationFactory.create(network=elsewhere.network)
    elsewhere.title = "Anderswo"
    elsewhere.save()
    with pytest.raises(ValidationError, match="Only published"):
        exhibitor_services.set_job_offers(
            actor=world.company, exhibitor=exhibitor, job_offers=[draft], now=BEFORE
        )
    for refused in (foreign, elsewhere):
        with pytest.raises(ValidationError, match="Only job offers of Elbaue"):
            exhibitor_services.set_job_offers(
                actor=world.company, exhibitor=exhibitor, job_offers=[refused], now=BEFORE
            )
    with pytest.raises(PermissionDenied):
        exhibitor_services.set_job_offers(
            actor=world.other_company, exhibitor=exhibitor, job_offers=[own], now=BEFORE
        )
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=exhibitor, job_offers=[own], now=BEFORE
    )
    assert list(exhibitor.job_offers.all()) == [own]


def test_ended_offers_for_a_past_site_and_kept_when_they_end(world, site) -> None:
    from samverk.jobs import services as jobs_services

    exhibitor = _register(world, site)
    shown = make_offer(world, status="published", title="Gezeigt")
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=exhibitor, job_offers=[shown], now=BEFORE
    )
    jobs_services.end_offer(actor=world.coordinator, offer=shown, status="expired")
    ended = make_offer(world, status="expired", title="Abgelaufen")
    # before the site: an ended offer is refused; the one attached earlier stays
    with pytest.raises(ValidationError, match="Only published"):
        exhibitor_services.set_job_offers(
            actor=world.company, exhibitor=exhibitor, job_offers=[shown, ended], now=BEFORE
        )
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=exhibitor, job_offers=[shown], now=BEFORE
    )
    # after the site: an offer published by the site's day that ended since may be attached
    after = SITE_START + dt.timedelta(days=30)
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=exhibitor, job_offers=[shown, ended], now=after
    )
    assert exhibitor.job_offers.count() == 2


def _client(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_page_permission_matrix(world, site) -> None:
    exhibitor = _register(world, site)
    n = world.network.slug
    urls = {
        "list": f"/n/{n}/events/sites/{site.pk}/exhibitors/",
        "new": f"/n/{n}/events/sites/{site.pk}/exhibitors/new/",
        "edit": f"/n/{n}/events/exhibitors/{exhibitor.pk}/edit/",
    }
    expected = {
        "coordinator": {"list": 200, "new": 200, "edit": 200},
        "company": {"list": 200, "new": 200, "edit": 200},
        "other_company": {"list": 200, "new": 200, "edit": 403},
        "partner": {"list": 200, "new": 200, "edit": 403},
        "observer": {"list": 200, "new": 403, "edit": 403},
        "outsider": {"list": 404, "new": 404, "edit": 404},
    }
    for who, codes in expected.items():
        client = _client(world.users[who])
        for page, code in codes.items():
            assert client.get(urls[page]).status_code == code, (who, page)
    anonymous = Client().get(urls["list"])
    assert anonymous.status_code == 302
    # confirming is the coordinator's
    decide = f"/n/{n}/events/exhibitors/{exhibitor.pk}/confirm/"
    assert _client(world.company).post(decide).status_code == 403
    assert _client(world.coordinator).post(decide).status_code == 302
    exhibitor.refresh_from_db()
    assert exhibitor.status == "confirmed"


def test_the_pages_register_and_attach(world, site) -> None:
    n = world.network.slug
    client = _client(world.company)
    response = client.post(
        f"/n/{n}/events/sites/{site.pk}/exhibitors/new/",
        {"organisation": world.employer.pk, "booth_needs": "Strom"},
    )
    assert response.status_code == 302
    exhibitor = Exhibitor.objects.get(site=site)
    offer = make_offer(world, status="published", title="Pflegehelfer")
    response = client.post(
        f"/n/{n}/events/exhibitors/{exhibitor.pk}/edit/",
        {"booth_needs": "Strom, Tisch", "job_offers": [offer.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(exhibitor.job_offers.all()) == [offer]


def test_the_public_site_page_shows_confirmed_exhibitors_and_offers(world, site) -> None:
    PortalSettings.objects.update_or_create(network=world.network, defaults={"is_published": True})
    confirmed = _register(world, site)
    offer = make_offer(world, status="published", title="Pflegefachkraft Nachtdienst")
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=confirmed, job_offers=[offer], now=BEFORE
    )
    exhibitor_services.confirm_exhibitor(actor=world.coordinator, exhibitor=confirmed)
    _register(world, site, actor=world.other_company, organisation=world.other_member)
    page = Client().get(f"/p/{world.network.slug}/events/{site.event.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Elbaue Pflege GmbH" in text
    assert "Pflegefachkraft Nachtdienst" in text
    assert "Torgauer Metallbau" not in text  # requested, not confirmed


def test_api_exhibitors(world, site) -> None:
    exhibitor = _register(world, site)
    api = APIClient()
    api.force_authenticate(world.observer)
    listed = api.get("/api/v1/events/exhibitors/", {"site": site.pk})
    assert listed.status_code == 200
    api.force_authenticate(world.company)
    assert api.post(f"/api/v1/events/exhibitors/{exhibitor.pk}/confirm/").status_code == 403
    api.force_authenticate(world.coordinator)
    answer = api.post(f"/api/v1/events/exhibitors/{exhibitor.pk}/confirm/")
    assert answer.status_code == 200 and answer.json()["status"] == "confirmed"
    api.force_authenticate(world.other_company)
    created = api.post(
        "/api/v1/events/exhibitors/",
        {"site": site.pk, "organisation": world.other_member.pk, "booth_needs": "Tisch"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    refused = api.post(
        "/api/v1/events/exhibitors/",
        {"site": site.pk, "organisation": world.employer.pk},
        format="json",
    )
    assert refused.status_code in (400, 403), refused.json()
    assert (
        not Exhibitor.objects.filter(site=site, organisation=world.employer)
        .exclude(pk=exhibitor.pk)
        .exists()
    )


def test_a_company_withdraws_until_the_site_begins_the_coordinator_removes_at_any_time(
    world, site
) -> None:
    from samverk.core.models import AuditRecord

    offer = make_offer(world, status="published", title="Pflegehelfer")
    exhibitor = _register(world, site)
    exhibitor_services.set_job_offers(
        actor=world.company, exhibitor=exhibitor, job_offers=[offer], now=BEFORE
    )
    with pytest.raises(PermissionDenied):
        exhibitor_services.remove_exhibitor(
            actor=world.other_company, exhibitor=exhibitor, now=BEFORE
        )
    began = SITE_START + dt.timedelta(hours=1)
    with pytest.raises(ValidationError, match="only the coordinator can remove Elbaue Pflege"):
        exhibitor_services.remove_exhibitor(actor=world.company, exhibitor=exhibitor, now=began)
    assert Exhibitor.objects.filter(pk=exhibitor.pk).exists()
    exhibitor_services.remove_exhibitor(actor=world.coordinator, exhibitor=exhibitor, now=began)
    assert not Exhibitor.objects.filter(pk=exhibitor.pk).exists()
    assert JobOffer.objects.filter(pk=offer.pk, status="published").exists()  # the offer stays
    removed = AuditRecord.objects.get(object_id=str(exhibitor.pk), action="delete")
    assert removed.actor == world.coordinator
    # before the site begins, the company withdraws itself
    again = _register(world, site)
    exhibitor_services.remove_exhibitor(actor=world.company, exhibitor=again, now=BEFORE)
    assert not Exhibitor.objects.filter(site=site).exists()


def _site_from_now(world: World, hours: int) -> EventSite:
    """A site beginning ``hours`` from the real clock (pages and the API read it)."""
    from django.utils import timezone

    starts = timezone.now() + dt.timedelta(hours=hours)
    event = EventFactory.create(network=world.network, title="Rückkehrertag")
    return SiteFactory.create(
        event=event, name="Torgau", starts_at=starts, ends_at=starts + dt.timedelta(hours=5)
    )


def test_the_remove_page_asks_first_and_follows_the_permission_matrix(world) -> None:
    site = _site_from_now(world, 30 * 24)
    exhibitor = _register(world, site)
    n = world.network.slug
    url = f"/n/{n}/events/exhibitors/{exhibitor.pk}/remove/"
    expected = {
        "coordinator": 200,
        "company": 200,
        "other_company": 403,
        "partner": 403,
        "observer": 403,
        "outsider": 404,
    }
    for who, code in expected.items():
        assert _client(world.users[who]).get(url).status_code == code, who
    client = _client(world.company)
    listing = client.get(f"/n/{n}/events/sites/{site.pk}/exhibitors/").content.decode()
    assert f'href="{url}"' in listing
    asked = client.get(url).content.decode()
    assert "Elbaue Pflege GmbH no longer exhibits at Rückkehrertag, Torgau." in asked
    assert Exhibitor.objects.filter(pk=exhibitor.pk).exists()  # asking changes nothing
    assert _client(world.other_company).post(url).status_code == 403
    done = client.post(url)
    assert done.status_code == 302 and done["Location"].endswith(f"/sites/{site.pk}/exhibitors/")
    assert not Exhibitor.objects.filter(pk=exhibitor.pk).exists()


def test_a_company_sees_no_remove_link_once_its_site_has_begun(world) -> None:
    site = _site_from_now(world, -1)
    exhibitor = _register(world, site)
    n = world.network.slug
    url = f"/n/{n}/events/exhibitors/{exhibitor.pk}/remove/"
    listing = f"/n/{n}/events/sites/{site.pk}/exhibitors/"
    assert f'href="{url}"' not in _client(world.company).get(listing).content.decode()
    refused = _client(world.company).post(url)
    assert refused.status_code == 400
    assert "The site has begun: only the coordinator can remove" in refused.content.decode()
    assert f'href="{url}"' in _client(world.coordinator).get(listing).content.decode()
    assert _client(world.coordinator).post(url).status_code == 302
    assert not Exhibitor.objects.filter(pk=exhibitor.pk).exists()


def test_api_withdraws_an_exhibitor(world) -> None:
    exhibitor = _register(world, _site_from_now(world, -1))
    api = APIClient()
    api.force_authenticate(world.other_company)
    assert api.delete(f"/api/v1/events/exhibitors/{exhibitor.pk}/").status_code == 403
    api.force_authenticate(world.company)
    refused = api.delete(f"/api/v1/events/exhibitors/{exhibitor.pk}/")  # its site has begun
    assert refused.status_code == 400 and "coordinator" in str(refused.json())
    api.force_authenticate(world.coordinator)
    assert api.delete(f"/api/v1/events/exhibitors/{exhibitor.pk}/").status_code == 204
    assert not Exhibitor.objects.filter(pk=exhibitor.pk).exists()
