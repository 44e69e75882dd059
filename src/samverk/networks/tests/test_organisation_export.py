"""The organisations list as XLSX and CSV: the page's filter and order, the labels in the
user's language, the same scoping as the page."""

from __future__ import annotations

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from samverk.core.choices import RoleKind
from samverk.networks.choices import OrganisationKind
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    RegionFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    network = NetworkFactory.create(slug="barnim")
    region = RegionFactory.create(name="Barnim")
    member = OrganisationFactory.create(
        network=network,
        name="Stadt Bernau",
        kind=OrganisationKind.MUNICIPALITY,
        sector="O",
        region=region,
        address="Marktplatz 2\n16321 Bernau",
    )
    MembershipFactory.create(organisation=member)
    OrganisationFactory.create(
        network=network, name="=Stahl AG", kind=OrganisationKind.COMPANY, sector="C"
    )
    OrganisationFactory.create(network=NetworkFactory.create(), name="Elsewhere GmbH")
    client = Client()
    client.force_login(user_with_role(network, RoleKind.OBSERVER))
    return client


def test_xlsx_in_german(client):
    client.cookies["samverk_language"] = "de"

    response = client.get("/n/barnim/organisations.xlsx?sort=name")

    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="organisations-barnim.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert len(rows) == 3  # the header and the network's two organisations
    assert rows[1][0] == "=Stahl AG"  # text, not a formula
    assert rows[1][1] == "Unternehmen"
    assert rows[2][:5] == ("Stadt Bernau", "Kommune", rows[2][2], "Barnim", "ja")
    assert rows[2][2].startswith("O – ")
    assert rows[2][6] == "Marktplatz 2 / 16321 Bernau"


def test_csv_follows_the_filter_and_the_language(client):
    client.cookies["samverk_language"] = "sv"

    response = client.get("/n/barnim/organisations.csv?kind=municipality")

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = text[1:].split("\r\n")
    assert lines[0].count(";") == 6
    assert lines[1].startswith("Stadt Bernau;")
    assert len([line for line in lines if line]) == 2


def test_the_list_offers_both_downloads_with_its_filter(client):
    html = client.get("/n/barnim/organisations/?kind=company").content.decode()

    assert 'href="/n/barnim/organisations.xlsx?kind=company"' in html
    assert 'href="/n/barnim/organisations.csv?kind=company"' in html


def test_other_networks_and_anonymous_users_get_nothing(client):
    outsider = Client()
    outsider.force_login(user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR))

    assert outsider.get("/n/barnim/organisations.xlsx").status_code == 404
    assert Client().get("/n/barnim/organisations.csv").status_code == 302
