"""Signed-in pages served again while nothing they show has changed (core.page_cache): a
repeated page costs a few queries, and every write shows at once on the pages that show it —
in its own network, in the networks that share its data, and nowhere else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.apps import apps
from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core import page_cache
from samverk.core.choices import RoleKind
from samverk.core.models import Network, NetworkRole
from samverk.meetings.models import MeetingParticipation
from samverk.meetings.services.follow_up import update_action_status
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory
from samverk.networks.services import update_organisation
from samverk.networks.tests.factories import (
    ArenaFactory,
    NetworkFactory,
    OrganisationFactory,
    RegionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

PAGES = [
    "/n/{slug}/",
    "/n/{slug}/organisations/",
    "/n/{slug}/members/",
    "/n/{slug}/meetings/",
    "/n/{slug}/meetings/decisions/",
    "/n/{slug}/meetings/actions/",
]


@pytest.fixture
def network():
    return NetworkFactory.create(slug="barnim")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR, name="Anna Koordinatorin")


def signed_in(user) -> Client:
    client = Client()
    client.get("/accounts/login/")  # the CSRF cookie, as a browser has it after signing in
    client.force_login(user)
    return client


def version(network) -> int:
    return Network.objects.get(pk=network.pk).data_version


def queries(client: Client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("page", PAGES)
def test_a_repeated_page_is_served_again_with_a_few_queries(page, network, coordinator):
    OrganisationFactory.create_batch(3, network=network)
    client = signed_in(coordinator)
    url = page.format(slug=network.slug)

    first, html = queries(client, url)
    again, html_again = queries(client, url)

    assert html_again == html
    assert again < first
    # The session, the user, the network and the user's roles: no query of the page itself.
    assert again <= 4


def test_the_meeting_page_is_served_again(network, coordinator):
    meeting = MeetingFactory.create(arena=ArenaFactory.create(network=network))
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/meetings/{meeting.pk}/"

    first, html = queries(client, url)
    again, html_again = queries(client, url)

    assert (html_again, again < first, again <= 4) == (html, True, True)


def test_a_write_shows_at_once(network, coordinator):
    organisation = OrganisationFactory.create(network=network, name="Stahlwerk AG")
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/organisations/"
    assert "Stahlwerk AG" in client.get(url).content.decode()
    before = version(network)

    update_organisation(actor=coordinator, organisation=organisation, name="Walzwerk AG")

    assert version(network) > before
    html = client.get(url).content.decode()
    assert "Walzwerk AG" in html
    assert "Stahlwerk AG" not in html


def test_a_write_through_the_page_shows_on_the_next_page(network, coordinator):
    """The actions list after changing an action's status from it (htmx post, then reload)."""
    meeting = MeetingFactory.create(arena=ArenaFactory.create(network=network))
    action = ActionItemFactory.create(meeting=meeting, network=network, title="Flyer drucken")
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/meetings/actions/?status=open"
    assert "Flyer drucken" in client.get(url).content.decode()
    assert "Flyer drucken" in client.get(url).content.decode()

    update_action_status(actor=coordinator, action=action, status="done")

    assert "Flyer drucken" not in client.get(url).content.decode()


def test_a_write_in_another_network_leaves_the_cache_alone(network, coordinator):
    other = NetworkFactory.create()
    elsewhere = OrganisationFactory.create(network=other)
    other_coordinator = user_with_role(other, RoleKind.COORDINATOR)
    before = version(network)

    update_organisation(actor=other_coordinator, organisation=elsewhere, name="Anderswo GmbH")

    assert version(network) == before
    assert version(other) > before or version(other) > 0


def test_a_joint_meeting_shares_changes_with_its_partners(network, coordinator):
    partner = NetworkFactory.create()
    bystander = NetworkFactory.create()
    meeting = MeetingFactory.create(arena=ArenaFactory.create(network=network))
    MeetingParticipation.objects.create(
        meeting=meeting, network=partner, arena=ArenaFactory.create(network=partner)
    )
    partner_organisation = OrganisationFactory.create(network=partner)
    partner_coordinator = user_with_role(partner, RoleKind.COORDINATOR)
    lead, bystanding = version(network), version(bystander)

    # The partner's organisation shows in the joint meeting's attendance list of the lead.
    update_organisation(actor=partner_coordinator, organisation=partner_organisation, name="X")

    assert version(network) > lead
    assert version(bystander) == bystanding


def test_other_users_get_their_own_page(network, coordinator):
    member = OrganisationFactory.create(network=network, name="Stahlwerk AG")
    representative = user_with_role(
        network, RoleKind.PARTNER_REPRESENTATIVE, organisation=member, name="Rita Vertreterin"
    )
    url = f"/n/{network.slug}/"
    coordinators = signed_in(coordinator)
    coordinators.get(url)
    cached = coordinators.get(url).content.decode()

    html = signed_in(representative).get(url).content.decode()

    assert "Anna Koordinatorin" in cached
    assert "Rita Vertreterin" in html
    assert "Anna Koordinatorin" not in html


def test_a_user_who_lost_the_role_gets_no_cached_page(network, coordinator):
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/organisations/"
    client.get(url)
    assert client.get(url).status_code == 200

    NetworkRole.objects.filter(user=coordinator).delete()

    assert client.get(url).status_code == 404


def test_a_pending_message_is_shown_not_a_cached_page(network, coordinator, rf):
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/organisations/"
    client.get(url)
    client.get(url)
    # A message waiting for the next page (as a view leaves it before a redirect).
    waiting = [Message(messages.SUCCESS, "Saved: the organisation.")]
    client.cookies["messages"] = CookieStorage(rf.get("/"))._encode(waiting)  # type: ignore[attr-defined]

    assert "Saved: the organisation." in client.get(url).content.decode()


def test_the_first_page_without_a_csrf_cookie_is_not_stored(network, coordinator):
    client = Client()
    client.force_login(coordinator)
    url = f"/n/{network.slug}/organisations/"

    queries(client, url)  # sets the cookie: the page's forms carry its tokens
    second, _html = queries(client, url)  # rendered again, and stored
    third, _html = queries(client, url)

    assert second > 4
    assert third <= 4


def test_time_moves_the_page_on(network, coordinator, monkeypatch, settings):
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/organisations/"
    client.get(url)
    now = 1_800_000_000.0
    monkeypatch.setattr(page_cache.time, "time", lambda: now)
    queries(client, url)
    assert queries(client, url)[0] <= 4

    now += settings.SAMVERK_PAGE_CACHE_SECONDS

    assert queries(client, url)[0] > 4


def test_the_cache_can_be_turned_off(network, coordinator, settings):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    client = signed_in(coordinator)
    url = f"/n/{network.slug}/organisations/"
    first, _html = queries(client, url)

    assert queries(client, url)[0] == first


def test_a_change_no_app_describes_renews_every_network(network):
    others = NetworkFactory.create_batch(2)
    before = {n.pk: version(n) for n in [network, *others]}

    RegionFactory.create(name="Uckermark")

    assert all(version(n) > before[n.pk] for n in [network, *others])


def test_signing_in_renews_nothing_but_a_new_name_renews_every_page(network, coordinator):
    before = version(network)
    coordinator.last_login = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    coordinator.save(update_fields=["last_login"])
    assert version(network) == before

    coordinator.name = "Anna Netzwerk"
    coordinator.save()

    assert version(network) > before


def test_every_model_says_where_it_shows_or_renews_every_network():
    """A new model is described by its app's cache_rules; those left to renew every network
    are the platform's own, which every page shows (names, roles, regions), and, in the
    tests, the example app's note: an app that describes nothing never serves a stale page."""
    undescribed = {
        model._meta.label for model in apps.get_models() if model not in page_cache._resolvers
    }

    assert undescribed == {
        "core.Federation",
        "core.Region",
        "core.Network",
        "core.NetworkRole",
        "exampleapp.Note",
    }
