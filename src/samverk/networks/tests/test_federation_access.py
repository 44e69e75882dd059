"""Only the platform administrator decides which federation a network belongs to, and nobody
learns of federations beyond those of their own networks (issue 7, §7: a coordinator could
join another network's federation and read its charter, and probe federation ids through
``?federation=``)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from rest_framework.test import APIClient

from samverk.core.choices import RoleKind
from samverk.core.models import Federation, Network, NetworkRole
from samverk.networks import services
from samverk.networks.tests.factories import NetworkFactory, UserFactory, user_with_role
from samverk.networks.tests.helpers import db_state

pytestmark = pytest.mark.django_db

API = "/api/v1/networks/networks/"
SECRET = "The Nordic charter: only for its own networks."
ONLY_ADMIN = "Only a platform administrator can change the federation of a network."


class Setting:
    def __init__(self) -> None:
        self.own_federation = Federation.objects.create(
            name="Barnim-Uckermark", slug="barnim-uckermark", charter="Our Leitbild."
        )
        self.their_federation = Federation.objects.create(
            name="Nordic Alliance", slug="nordic", charter=SECRET
        )
        self.ours = NetworkFactory.create(
            name="Netzwerk Barnim", slug="barnim", federation=self.own_federation
        )
        self.loose = NetworkFactory.create(name="Netzwerk Oder", slug="oder")
        self.theirs = NetworkFactory.create(
            name="Hordaland", slug="hordaland", federation=self.their_federation
        )
        self.coordinator = user_with_role(self.ours, RoleKind.COORDINATOR)
        # Also coordinates a network of no federation.
        NetworkRole.objects.create(
            user=self.coordinator, network=self.loose, role=RoleKind.COORDINATOR
        )
        self.admin = UserFactory.create(is_superuser=True, is_staff=True)


@pytest.fixture
def s() -> Setting:
    return Setting()


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def federation_of(slug: str) -> str | None:
    federation = Network.objects.get(slug=slug).federation
    return federation.slug if federation else None


# --- the API --------------------------------------------------------------------------------


def test_a_coordinator_cannot_join_another_networks_federation(s: Setting) -> None:
    before = db_state()

    response = api(s.coordinator).patch(f"{API}barnim/", {"federation": "nordic"}, format="json")
    unknown = api(s.coordinator).patch(f"{API}barnim/", {"federation": "nope"}, format="json")

    assert response.status_code == 400
    # The same answer as for a federation that does not exist: nothing to probe.
    assert response.json() == {"federation": ["Object with slug=nordic does not exist."]}
    assert unknown.json() == {"federation": ["Object with slug=nope does not exist."]}
    assert db_state() == before
    dashboard = Client()
    dashboard.force_login(s.coordinator)
    assert SECRET not in dashboard.get("/n/barnim/").content.decode()


def test_a_coordinator_cannot_move_a_network_to_a_federation_of_their_own(s: Setting) -> None:
    before = db_state()

    joined = api(s.coordinator).patch(
        f"{API}oder/", {"federation": "barnim-uckermark"}, format="json"
    )
    left = api(s.coordinator).patch(f"{API}barnim/", {"federation": None}, format="json")

    assert (joined.status_code, left.status_code) == (400, 400)
    assert joined.json() == left.json() == {"federation": [ONLY_ADMIN]}
    assert db_state() == before


def test_a_coordinator_may_send_the_federation_back_unchanged(s: Setting) -> None:
    response = api(s.coordinator).put(
        f"{API}barnim/",
        {
            "slug": "barnim",
            "name": "Netzwerk Barnim e. V.",
            "language": "de",
            "time_zone": "Europe/Berlin",
            "federation": "barnim-uckermark",
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["federation"] == "barnim-uckermark"
    assert Network.objects.get(slug="barnim").name == "Netzwerk Barnim e. V."


def test_the_platform_admin_changes_federations(s: Setting) -> None:
    moved = api(s.admin).patch(f"{API}barnim/", {"federation": "nordic"}, format="json")
    joined = api(s.admin).patch(f"{API}oder/", {"federation": "nordic"}, format="json")

    assert (moved.status_code, joined.status_code) == (200, 200)
    assert (federation_of("barnim"), federation_of("oder")) == ("nordic", "nordic")


def test_the_federation_filter_accepts_only_federations_of_ones_own_networks(s: Setting) -> None:
    client = api(s.coordinator)

    own = client.get(API, {"federation": s.own_federation.pk})
    theirs = client.get(API, {"federation": s.their_federation.pk})
    unknown = client.get(API, {"federation": 10**6})
    garbage = client.get(API, {"federation": "abc"})

    assert own.status_code == 200
    assert [n["slug"] for n in own.json()["results"]] == ["barnim"]
    assert (theirs.status_code, unknown.status_code, garbage.status_code) == (400, 400, 400)
    invalid = {
        "federation": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert theirs.json() == unknown.json() == garbage.json() == invalid


def test_the_admin_filters_by_any_federation(s: Setting) -> None:
    response = api(s.admin).get(API, {"federation": s.their_federation.pk})

    assert response.status_code == 200
    assert [n["slug"] for n in response.json()["results"]] == ["hordaland"]


# --- the service ----------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["theirs", "own", "none"])
def test_the_service_refuses_a_coordinators_change_of_federation(s: Setting, target: str) -> None:
    federation = {"theirs": s.their_federation, "own": s.own_federation, "none": None}[target]
    network = s.loose if target == "own" else s.ours
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.update_network(actor=s.coordinator, network=network, federation=federation)

    assert db_state() == before


def test_the_service_lets_a_coordinator_keep_the_federation(s: Setting) -> None:
    network = services.update_network(
        actor=s.coordinator, network=s.ours, name="Barnim", federation=s.own_federation
    )

    assert (network.name, network.federation) == ("Barnim", s.own_federation)


# --- the settings page ----------------------------------------------------------------------


def test_the_coordinators_settings_form_has_no_federation(s: Setting) -> None:
    client = Client()
    client.force_login(s.coordinator)

    page = client.get("/n/barnim/settings/")
    saved = client.post(
        "/n/barnim/settings/",
        {
            "name": "Barnim",
            "language": "en",
            "time_zone": "Europe/Berlin",
            "federation": s.their_federation.pk,
        },
    )

    assert page.status_code == 200
    assert "federation" not in page.context["form"].fields
    assert "Nordic Alliance" not in page.content.decode()
    assert saved.status_code == 302
    assert (Network.objects.get(slug="barnim").name, federation_of("barnim")) == (
        "Barnim",
        "barnim-uckermark",
    )


def test_the_admins_settings_form_moves_a_network(s: Setting) -> None:
    client = Client()
    client.force_login(s.admin)

    page = client.get("/n/oder/settings/")
    saved = client.post(
        "/n/oder/settings/",
        {
            "name": "Netzwerk Oder",
            "language": "en",
            "time_zone": "Europe/Berlin",
            "federation": s.their_federation.pk,
        },
    )

    assert "federation" in page.context["form"].fields
    assert saved.status_code == 302
    assert federation_of("oder") == "nordic"
