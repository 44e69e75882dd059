"""Lists sorted by a choice (kind, sector, role) follow the labels the user reads, in the
current language, with the database's pagination intact; sectors show their NACE name."""

from __future__ import annotations

import pytest
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.core.collation import collation_key
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
def setup():
    network = NetworkFactory.create(slug="barnim", language="de")
    for name, kind in (
        ("Landkreis Barnim", OrganisationKind.MUNICIPALITY),  # de Kommune
        ("Stahlwerk AG", OrganisationKind.COMPANY),  # de Unternehmen
        ("Oberschule Bernau", OrganisationKind.SCHOOL),  # de Schule
        ("Jobcenter Barnim", OrganisationKind.EMPLOYMENT_AGENCY),  # de Agentur für Arbeit
    ):
        OrganisationFactory.create(network=network, name=name, kind=kind, sector="")
    client = Client()
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    return network, client


def names(response) -> list[str]:
    return [o.name for o in response.context["page"].object_list]


def test_sorting_by_kind_follows_the_german_labels(setup):
    _network, client = setup
    client.cookies["samverk_language"] = "de"

    response = client.get("/n/barnim/organisations/?sort=kind")

    assert names(response) == [
        "Jobcenter Barnim",
        "Landkreis Barnim",
        "Oberschule Bernau",
        "Stahlwerk AG",
    ]
    descending = client.get("/n/barnim/organisations/?sort=-kind")
    assert names(descending) == list(reversed(names(response)))


def test_sorting_by_kind_follows_the_english_labels(setup):
    _network, client = setup
    client.cookies["samverk_language"] = "en"

    response = client.get("/n/barnim/organisations/?sort=kind")

    # company, employment agency, municipality, school
    assert names(response) == [
        "Stahlwerk AG",
        "Jobcenter Barnim",
        "Landkreis Barnim",
        "Oberschule Bernau",
    ]


def test_pagination_is_kept_when_sorting_by_a_label(setup):
    network, client = setup
    for i in range(30):
        OrganisationFactory.create(
            network=network, name=f"Firma {i:02}", kind=OrganisationKind.OTHER
        )
    client.cookies["samverk_language"] = "de"

    first = client.get("/n/barnim/organisations/?sort=kind")
    second = client.get("/n/barnim/organisations/?sort=kind&page=2")

    assert first.context["page"].paginator.count == 34
    assert len(names(first)) == 25 and len(names(second)) == 9
    assert set(names(first)).isdisjoint(names(second))
    assert names(first)[:4] == [
        "Jobcenter Barnim",
        "Landkreis Barnim",
        "Oberschule Bernau",
        "Firma 00",  # "Sonstige" before "Unternehmen"
    ]


def test_sector_is_shown_with_its_nace_name_and_sorted_by_it(setup):
    network, client = setup
    OrganisationFactory.create(network=network, name="Bauhof", sector="F")
    OrganisationFactory.create(network=network, name="Amt", sector="O")
    client.cookies["samverk_language"] = "en"

    response = client.get("/n/barnim/organisations/?sort=sector")

    assert names(response)[:2] == ["Bauhof", "Amt"]  # sectors first, blank ones last
    html = response.content.decode()
    assert "F – Construction" in html
    assert "O – Public administration and defence" in html


def test_members_sorted_by_role_follow_the_labels(setup):
    network, client = setup
    client.cookies["samverk_language"] = "en"
    for name, role in (("A-Obs", "observer"), ("B-Part", "partner"), ("C-Mem", "member")):
        MembershipFactory.create(
            organisation=OrganisationFactory.create(network=network, name=name), role=role
        )

    response = client.get("/n/barnim/members/?sort=role")

    assert [m.organisation.name for m in response.context["page"].object_list] == [
        "C-Mem",
        "A-Obs",
        "B-Part",
    ]


def test_filters_offer_all_instead_of_dashes(setup):
    _network, client = setup
    client.cookies["samverk_language"] = "en"

    html = client.get("/n/barnim/organisations/").content.decode()

    assert '<option value="" selected>all</option>' in html
    assert "---------" not in html


def test_the_kind_filter_lists_kinds_alphabetically_in_the_language(setup):
    import re

    _network, client = setup
    client.cookies["samverk_language"] = "de"

    html = client.get("/n/barnim/organisations/").content.decode()

    select = html.split('name="kind"')[1].split("</select>")[0]
    labels = re.findall(r"<option value=\"[a-z_]+\">([^<]+)</option>", select)
    assert labels[0].startswith("Agentur")  # employment agency
    assert labels == sorted(labels, key=lambda label: collation_key(label, "de"))


def test_the_region_filter_offers_and_accepts_the_networks_regions(setup):
    network, client = setup
    client.cookies["samverk_language"] = "en"
    home = RegionFactory.create(name="Barnim")
    below = RegionFactory.create(name="Bernau", parent=home)
    elsewhere = RegionFactory.create(name="Zwickau")  # an organisation of the network is here
    other = RegionFactory.create(name="Oslo")  # only another network's
    network.home_region = home
    network.save()
    OrganisationFactory.create(network=network, name="Bernauer Werk", region=below)
    OrganisationFactory.create(network=network, name="Zwickauer Werk", region=elsewhere)
    OrganisationFactory.create(network=NetworkFactory.create(), region=other)

    html = client.get("/n/barnim/organisations/").content.decode()
    select = html.split('name="region"')[1].split("</select>")[0]

    assert [label for label in ("Barnim", "Bernau", "Zwickau", "Oslo") if label in select] == [
        "Barnim",
        "Bernau",
        "Zwickau",
    ]
    in_bernau = client.get(f"/n/barnim/organisations/?region={below.pk}")
    assert f'<option value="{below.pk}" selected>Bernau</option>' in in_bernau.content.decode()
    assert names(in_bernau) == ["Bernauer Werk"]
    assert names(client.get(f"/n/barnim/organisations/?region={elsewhere.pk}")) == [
        "Zwickauer Werk"
    ]
    # Another network's region is not a choice: the filter is not applied.
    assert len(names(client.get(f"/n/barnim/organisations/?region={other.pk}"))) == 6
