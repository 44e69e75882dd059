"""The members page as XLSX and CSV: its filters and order, the labels in the user's language,
budgets and representatives as the user may see them (the budget and person rules)."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

from samverk.core.choices import RoleKind
from samverk.networks.choices import MembershipRole, OrganisationKind
from samverk.networks.tests.factories import (
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    network = NetworkFactory.create(slug="barnim", name="Netzwerk Barnim")
    bernau = OrganisationFactory.create(
        network=network, name="Stadt Bernau", kind=OrganisationKind.MUNICIPALITY
    )
    membership = MembershipFactory.create(
        organisation=bernau, role=MembershipRole.PARTNER, budget_amount=Decimal("2500.50")
    )
    MandateFactory.create(
        membership=membership,
        person=PersonFactory.create(organisation=bernau, name="Anna Berg"),
    )
    stahl = OrganisationFactory.create(
        network=network, name="Stahl AG", kind=OrganisationKind.COMPANY
    )
    MembershipFactory.create(
        organisation=stahl, role=MembershipRole.MEMBER, budget_amount=Decimal("1000")
    )
    # Another network's member: never in this export.
    MembershipFactory.create(organisation=OrganisationFactory.create(name="Elsewhere GmbH"))
    return network


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rows(response) -> list[tuple]:
    return list(load_workbook(io.BytesIO(response.content)).active.values)


def test_a_coordinator_downloads_every_member_in_german(network):
    client = client_for(user_with_role(network, RoleKind.COORDINATOR))
    client.cookies["samverk_language"] = "de"

    response = client.get("/n/barnim/members.xlsx")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="members-barnim.xlsx"'
    rows = _rows(response)
    assert rows[0][:4] == ("Organisation", "Art", "Rolle", "Mitglied seit")
    assert rows[1:] == [
        (
            "Stadt Bernau",
            "Kommune",
            "Netzwerkpartner",
            rows[1][3],
            2500.5,
            "EUR",
            "Anna Berg (ordentliche Vertretung)",
            "ja",
            "nein",
        ),
        ("Stahl AG", "Unternehmen", rows[2][2], rows[2][3], 1000, "EUR", None, "nein", "nein"),
    ]
    assert rows[1][3].date().isoformat() == "2024-01-01"


def test_a_company_contact_sees_only_its_own_budget_and_no_other_names(network):
    stahl = network.organisations.get(name="Stahl AG")
    client = client_for(user_with_role(network, RoleKind.COMPANY_CONTACT, organisation=stahl))

    rows = _rows(client.get("/n/barnim/members.xlsx"))

    bernau_row, stahl_row = rows[1], rows[2]
    assert bernau_row[0] == "Stadt Bernau"
    assert (bernau_row[4], bernau_row[5]) == (None, None)  # another member's budget
    assert bernau_row[6] == "a person (principal)"  # the person rule
    assert (stahl_row[4], stahl_row[5]) == (1000, "EUR")  # its own


def test_csv_follows_the_filter_and_the_language(network):
    client = client_for(user_with_role(network, RoleKind.OBSERVER))
    client.cookies["samverk_language"] = "nb"

    response = client.get("/n/barnim/members.csv?missing=1")

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = [line for line in text[1:].split("\r\n") if line]
    assert lines[0].count(";") == 8
    assert len(lines) == 2  # only the member without an authorised representative
    assert lines[1].startswith("Stahl AG;")


def test_the_members_page_offers_both_downloads_with_its_filter(network):
    client = client_for(user_with_role(network, RoleKind.OBSERVER))

    html = client.get("/n/barnim/members/?missing=1&sort=-since").content.decode()

    assert 'href="/n/barnim/members.xlsx?missing=1&amp;sort=-since"' in html
    assert 'href="/n/barnim/members.csv?missing=1&amp;sort=-since"' in html


def test_someone_without_a_role_in_the_network_gets_nothing(network):
    other = NetworkFactory.create()
    client = client_for(user_with_role(other, RoleKind.COORDINATOR))

    assert client.get("/n/barnim/members.xlsx").status_code == 404
    assert client.get("/n/barnim/members.csv").status_code == 404
