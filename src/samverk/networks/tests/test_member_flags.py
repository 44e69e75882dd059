"""Members in no arena are flagged (badge and filter); an expired mandate is shown as
expired wherever mandates are listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samverk.core import clock
from samverk.networks.tests.helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    w = World()
    today = clock.network_today(w.network)
    # Bo's mandate for the Hochschule ended yesterday.
    w.mandate_b.valid_until = today - dt.timedelta(days=1)
    w.mandate_b.save()
    return w


def get(world: World, path: str, role: str = "coordinator") -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(world.base() + path)
    assert response.status_code == 200
    return response.content.decode()


def row(page: str, name: str) -> str:
    start = page.index(name)
    return page[start : page.index("</tr>", start)]


def test_members_in_no_arena_are_flagged_and_can_be_filtered(world):
    page = get(world, "members/")
    # org_a sits in the Lenkungsgruppe; org_b in no arena.
    assert 'data-warning="no-arena"' not in row(page, "Stadtwerke Eberswalde")
    assert 'data-warning="no-arena"' in row(page, "Hochschule Eberswalde")
    assert "1 member is in no arena." in page

    only = get(world, "members/?arena=none")
    assert "Hochschule Eberswalde" in only
    assert "Stadtwerke Eberswalde</a>" not in only


def test_every_member_in_an_arena(world):
    world.arena.members.add(world.org_b)
    page = get(world, "members/?arena=none")
    assert "Every member is in an arena." in page
    assert "is in no arena" not in page


@pytest.mark.parametrize("role", ["coordinator", "observer", "partner_rep_own"])
def test_an_expired_mandate_is_shown_as_expired(world, role):
    organisation = get(world, f"organisations/{world.org_b.pk}/", role)
    assert 'data-mandate="expired"' in organisation
    person = get(world, f"people/{world.person_b.pk}/", role)
    assert 'data-mandate="expired"' in person and "expired" in person
    members = row(get(world, "members/", role), "Hochschule Eberswalde")
    assert 'data-mandate="expired"' in members and "Bo Lind" in members
    # An active mandate is not.
    assert 'data-mandate="expired"' not in get(world, f"people/{world.person_a.pk}/", role)
