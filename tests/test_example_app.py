"""An app plugs in by writing the app and registering it (tests/exampleapp, the example of
docs/adding-a-domain.md): its pages are mounted, its navigation entry, dashboard panel, search
results and API appear — each only with the notes the user may see."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.core.querysets import NetworkScopedQuerySet
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from tests.exampleapp.models import Note

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    ours = NetworkFactory.create(slug="ours", name="Our network")
    theirs = NetworkFactory.create(slug="theirs", name="Their network")
    Note.objects.create(network=ours, title="Ours: Fachtag plan")
    Note.objects.create(network=theirs, title="Theirs: secret plan")
    user = user_with_role(ours, RoleKind.OBSERVER)
    client = Client()
    client.force_login(user)
    return ours, user, client


def test_the_example_model_is_scoped_through_the_core_base():
    assert isinstance(Note.objects.all(), NetworkScopedQuerySet)


def test_its_page_is_mounted_and_in_the_navigation(world):
    _, _, client = world

    html = client.get("/n/ours/").content.decode()
    page = client.get("/n/ours/notes/").content.decode()

    assert '<a href="/n/ours/notes/">Notes</a>' in html
    assert "Ours: Fachtag plan" in page
    assert "Theirs: secret plan" not in page


def test_its_dashboard_panel_shows_only_the_networks_notes(world):
    _, _, client = world

    html = client.get("/n/ours/").content.decode()

    assert "<li data-note>Ours: Fachtag plan</li>" in html
    assert "secret plan" not in html


def test_site_search_asks_it_too(world):
    _, _, client = world

    html = client.get("/n/ours/search/", {"q": "plan"}).content.decode()

    assert "Ours: Fachtag plan" in html
    assert "secret plan" not in html


def test_its_api_is_namespaced_and_scoped(world):
    _, user, _ = world
    api = APIClient()
    api.force_authenticate(user)

    response = api.get("/api/v1/notes/notes/")

    assert response.status_code == 200
    assert [n["title"] for n in response.json()["results"]] == ["Ours: Fachtag plan"]
    assert "notes" in api.get("/api/v1/").json()
