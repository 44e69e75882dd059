"""The 404 and 403 pages say what the user can do, in the user's language, and the demo
(DEBUG on, SAMVERK_DEMO) shows them instead of Django's technical page."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", language="de")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR, name="Kerstin Koordinatorin")


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_403_names_the_role_and_whom_to_ask(network, coordinator):
    observer = user_with_role(network, RoleKind.OBSERVER)
    client = client_for(observer)
    client.cookies["samverk_language"] = "en"

    response = client.get("/n/barnim/settings/")

    assert response.status_code == 403
    text = response.content.decode()
    assert "<h1>No access</h1>" in text
    assert "Your role in Netzwerk Barnim does not allow this." in text
    assert f'<a href="mailto:{coordinator.email}">Kerstin Koordinatorin</a>' in text
    assert 'href="/n/barnim/">Go to your dashboard</a>' in text


def test_403_in_the_network_language(network, coordinator):
    response = client_for(user_with_role(network, RoleKind.OBSERVER)).get("/n/barnim/settings/")

    assert response.status_code == 403
    assert '<html lang="de">' in response.content.decode()
    assert "Kerstin Koordinatorin" in response.content.decode()


def test_404_of_another_network_reveals_neither_it_nor_its_coordinators(network, coordinator):
    other = user_with_role(NetworkFactory.create(slug="other"), RoleKind.COORDINATOR)
    client = client_for(other)
    client.cookies["samverk_language"] = "en"

    response = client.get("/n/barnim/")

    assert response.status_code == 404
    text = response.content.decode()
    assert "This page does not exist, or it belongs to a network you have no access to." in text
    assert "ask that network's coordinator for access" in text
    assert "Kerstin" not in text and "Barnim" not in text
    assert 'href="/">Go to your dashboard</a>' in text


def test_404_inside_a_network_links_to_its_dashboard(network, coordinator):
    response = client_for(coordinator).get("/n/barnim/organisations/999999/")

    assert response.status_code == 404
    assert 'href="/n/barnim/"' in response.content.decode()


def test_404_for_an_anonymous_visitor_offers_to_log_in():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert 'href="/accounts/login/">Log in</a>' in response.content.decode()


@override_settings(DEBUG=True, SAMVERK_DEMO=True)
def test_the_demo_shows_the_real_404_page_with_debug_on():
    client = Client()
    client.cookies["samverk_language"] = "nb"

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    text = response.content.decode()
    assert '<html lang="nb">' in text
    assert "technical_404" not in text and "Using the URLconf" not in text
    assert '<main id="main"' in text


@override_settings(DEBUG=True, SAMVERK_DEMO=False)
def test_without_the_demo_setting_debug_keeps_djangos_page():
    response = Client().get("/no-such-page/")

    assert response.status_code == 404
    assert "Using the URLconf" in response.content.decode()


@override_settings(DEBUG=True, SAMVERK_DEMO=True)
def test_the_demo_keeps_json_404_for_the_api():
    response = Client().get("/api/v1/no-such-endpoint/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Not found."}
