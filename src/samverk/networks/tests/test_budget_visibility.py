"""Who sees members' budgets and the commitment figures: one rule
(networks.permissions.can_see_budget), applied to the members list, the organisation page,
the dashboard, the commitment overview and its CSV, and the API — for every role, with the
network's setting ``share_member_budgets`` off and on."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from rest_framework.test import APIClient

from samverk.networks import permissions, services
from samverk.networks.tests.helpers import World

pytestmark = pytest.mark.django_db

ROLES = [
    "coordinator",
    "admin",
    "partner_rep_own",
    "partner_rep_other",
    "company_contact",
    "company_contact_other",
    "observer",
]
ALWAYS = {"coordinator", "admin"}
ACTS_FOR_A = {"partner_rep_own", "company_contact"}
ACTS_FOR_B = {"partner_rep_other", "company_contact_other"}
BUDGET_A, BUDGET_B = "4321", "8765"


@pytest.fixture
def world() -> World:
    w = World()
    w.membership_a.budget_amount = Decimal(BUDGET_A)
    w.membership_a.save()
    w.membership_b.budget_amount = Decimal(BUDGET_B)
    w.membership_b.save()
    return w


def share(world: World, on: bool) -> None:
    world.network.share_member_budgets = on
    world.network.save()


def sees_a(role: str, shared: bool) -> bool:
    return role in ALWAYS or shared or role in ACTS_FOR_A


def sees_b(role: str, shared: bool) -> bool:
    return role in ALWAYS or shared or role in ACTS_FOR_B


def sees_all(role: str, shared: bool) -> bool:
    return role in ALWAYS or shared


def get(world: World, role: str, path: str) -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(world.base() + path)
    assert response.status_code == 200, path
    return response.content.decode()


def shown(page: str, amount: str) -> bool:
    return f"{amount[0]},{amount[1:]}" in page or f"{amount[0]}.{amount[1:]}" in page


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_the_rule(world, role, shared):
    share(world, shared)
    user = world.users[role]
    assert permissions.can_see_budget(user, world.network, world.org_a) == sees_a(role, shared)
    assert permissions.can_see_budget(user, world.network) == sees_all(role, shared)
    other = world.users["other_network"]
    assert not permissions.can_see_budget(other, world.network, world.org_a)


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_members_list(world, role, shared):
    share(world, shared)
    page = get(world, role, "members/")
    assert shown(page, BUDGET_A) == sees_a(role, shared)
    assert shown(page, BUDGET_B) == sees_b(role, shared)
    # Sorting by budget would rank the members: offered only with every budget visible.
    assert ("sort=budget" in page or "sort=-budget" in page) == sees_all(role, shared)


@pytest.mark.parametrize("role", ["partner_rep_own", "observer"])
def test_sorting_by_budget_is_refused_when_budgets_are_not_shared(world, role):
    client = Client()
    client.force_login(world.users[role])
    response = client.get(world.base() + "members/?sort=-budget")
    assert response.context["sort"] == "name"


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_organisation_page(world, role, shared):
    share(world, shared)
    page_a = get(world, role, f"organisations/{world.org_a.pk}/")
    page_b = get(world, role, f"organisations/{world.org_b.pk}/")
    assert shown(page_a, BUDGET_A) == sees_a(role, shared)
    assert shown(page_b, BUDGET_B) == sees_b(role, shared)
    # The commitment figures of an organisation follow the same rule.
    assert ('id="commitment-heading"' in page_b) == sees_b(role, shared)


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_commitment_overview_and_csv(world, role, shared):
    share(world, shared)
    page = get(world, role, "meetings/commitment/")
    csv = get(world, role, "meetings/commitment.csv")
    for text in (page, csv):
        assert ("Hochschule Eberswalde" in text) == sees_b(role, shared)
        # Their own organisation's row only, when the network does not share.
        assert ("Stadtwerke Eberswalde" in text) == sees_a(role, shared)
    assert ('data-notice="own-only"' in page) == (not sees_all(role, shared))


@pytest.mark.parametrize("shared", [False, True])
@pytest.mark.parametrize("role", ROLES)
def test_api_memberships(world, role, shared):
    share(world, shared)
    client = APIClient()
    client.force_authenticate(world.users[role])
    rows = client.get("/api/v1/networks/memberships/?page_size=100").json()["results"]
    budgets = {row["organisation_name"]: row["budget_amount"] for row in rows}
    assert budgets["Stadtwerke Eberswalde"] == ("4321.00" if sees_a(role, shared) else None)
    assert budgets["Hochschule Eberswalde"] == ("8765.00" if sees_b(role, shared) else None)


def test_the_coordinator_switches_the_setting_with_an_audit_record(world):
    client = Client()
    client.force_login(world.coordinator)
    form = client.get(world.base() + "settings/").context["form"]
    assert "share_member_budgets" in form.fields and "contact_email" in form.fields
    response = client.post(
        world.base() + "settings/",
        {
            "name": world.network.name,
            "language": "en",
            "time_zone": world.network.time_zone,
            "share_member_budgets": "on",
            "contact_email": "buero@barnim.example",
        },
    )
    assert response.status_code == 302
    world.network.refresh_from_db()
    assert world.network.share_member_budgets
    assert world.network.contact_email == "buero@barnim.example"
    from samverk.core.models import AuditRecord

    record = AuditRecord.objects.filter(network=world.network).order_by("-pk").first()
    assert record is not None
    assert record.changes["share_member_budgets"] == [False, True]


def test_only_coordinators_change_the_setting(world):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.update_network(
            actor=world.users["partner_rep_own"], network=world.network, share_member_budgets=True
        )
