"""The contribution ledger: per member and year what was committed, pledged and contributed
(money, staff hours, in kind), exact; each member sees its own lines, the coordinator all."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from samverk.strategy import plan_services as services
from samverk.strategy.models import Contribution

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def world():
    network = NetworkFactory.create(slug="barnim")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    members = []
    for name, budget in (("Landkreis Barnim", "10000.00"), ("IHK Ostbrandenburg", "2500.50")):
        organisation = OrganisationFactory.create(network=network, name=name)
        MembershipFactory.create(
            network=network,
            organisation=organisation,
            since=dt.date(2020, 1, 1),
            budget_amount=Decimal(budget),
        )
        members.append(organisation)
    return network, coordinator, members


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def record(network, actor, organisation, **kwargs):
    values = {"year": YEAR, "kind": "money", "value": Decimal("1000.00"), "currency": "EUR"}
    return services.record_contribution(
        actor=actor, network=network, organisation=organisation, **{**values, **kwargs}
    )


def test_the_ledger_against_the_commitment_is_exact(world):
    network, coordinator, (kreis, ihk) = world
    record(network, coordinator, kreis, value=Decimal("9999.90"))
    record(
        network,
        coordinator,
        kreis,
        kind="in_kind",
        description="Räume für die Rückkehrertage",
        value=Decimal("0.10"),
    )
    record(network, coordinator, ihk, status="pledged", value=Decimal("2500.50"))
    record(
        network,
        coordinator,
        ihk,
        kind="staff_hours",
        hours=Decimal("12.5"),
        description="Messestand",
        value=Decimal("625.00"),
    )

    rows = {
        r.organisation.name: r
        for r in services.ledger(network, YEAR, Contribution.objects.all(), [kreis, ihk])
    }

    assert rows["Landkreis Barnim"].contributed == Decimal("10000.00")
    assert rows["Landkreis Barnim"].against_commitment == Decimal("0.00")
    assert rows["IHK Ostbrandenburg"].pledged == Decimal("2500.50")
    assert rows["IHK Ostbrandenburg"].hours == Decimal("12.50")
    assert rows["IHK Ostbrandenburg"].against_commitment == Decimal("-1875.50")
    page = client_for(coordinator).get(f"/n/barnim/strategy/contributions/{YEAR}/").content.decode()
    assert 'data-total="contributed">10625.00<' in page
    assert 'data-total="committed">12500.50<' in page


def test_a_member_sees_and_records_only_its_own_lines(world):
    network, coordinator, (kreis, ihk) = world
    record(network, coordinator, kreis, description="Kreis-Zuschuss")
    record(network, coordinator, ihk, description="IHK-Zuschuss")
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    client = client_for(partner)

    page = client.get(f"/n/barnim/strategy/contributions/{YEAR}/").content.decode()
    assert "Kreis-Zuschuss" in page and "IHK-Zuschuss" not in page
    assert "IHK Ostbrandenburg" not in page
    response = client.post(
        f"/n/barnim/strategy/contributions/{YEAR}/",
        {
            "organisation": ihk.pk,
            "kind": "money",
            "status": "contributed",
            "value": "5",
            "currency": "EUR",
        },
    )
    assert response.status_code == 200  # not a choice: a field error
    assert Contribution.objects.filter(organisation=ihk).count() == 1
    with pytest.raises(PermissionDenied):
        record(network, partner, ihk)
    xlsx = client.get(f"/n/barnim/strategy/contributions/{YEAR}.xlsx")
    values = [
        c.value
        for row in openpyxl.load_workbook(io.BytesIO(xlsx.content)).active.iter_rows()
        for c in row
    ]
    assert "Kreis-Zuschuss" in values and "IHK-Zuschuss" not in values
    observer = user_with_role(network, RoleKind.OBSERVER)
    assert client_for(observer).get(f"/n/barnim/strategy/contributions/{YEAR}/").status_code == 404


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"kind": "staff_hours", "description": "Stand"}, "hours"),
        ({"kind": "in_kind"}, "description"),
        ({"kind": "money", "hours": Decimal(3)}, "hours"),
    ],
)
def test_bad_contributions_are_refused(world, kwargs, field):
    network, coordinator, (kreis, _ihk) = world
    with pytest.raises(ValidationError) as refused:
        record(network, coordinator, kreis, **kwargs)
    assert field in refused.value.message_dict
    assert not Contribution.objects.exists()


def test_a_stranger_network_member_is_refused(world):
    network, coordinator, _members = world
    stranger = OrganisationFactory.create(network=NetworkFactory.create())
    with pytest.raises(ValidationError):
        record(network, coordinator, stranger)
    assert not Contribution.objects.exists()
