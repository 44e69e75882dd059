"""The charter's yearly self-check (strategy) shows, beside an obligation measured by
"projects carried or taken part in", how many of the network's projects of the year each
member carried, took part in or was responsible for: measured by the projects app through the
registry (strategy may not import projects), one query for all members."""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core.choices import RoleKind
from samverk.core.registry import registry
from samverk.networks.tests.factories import (
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    user_with_role,
)
from samverk.projects.measures import projects_taken_part_in
from samverk.projects.tests.factories import PartnerFactory, ProjectFactory
from samverk.strategy import charter_services
from samverk.strategy.choices import ObligationMeasure

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def network():
    return NetworkFactory.create(slug="barnim", name="Netzwerk Barnim", language="en")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


@pytest.fixture
def obligation(network, coordinator):
    charter = charter_services.save_charter(
        actor=coordinator,
        network=network,
        title="Gemeinsames Leitbild",
        who_we_are="Wir sind ein Netzwerk.",
        what_we_want="Fachkräfte sichern.",
        how_we_work="Verbindlich.",
    )
    return charter_services.add_obligation(
        actor=coordinator,
        charter=charter,
        text="An mindestens einem gemeinsamen Projekt mitwirken",
        measure=ObligationMeasure.PROJECTS,
    )


def member(network, name):
    organisation = OrganisationFactory.create(network=network, name=name)
    MembershipFactory.create(network=network, organisation=organisation, since=dt.date(2020, 1, 1))
    return organisation


def in_year(network, **fields):
    return ProjectFactory.create(
        network=network, starts_on=dt.date(YEAR, 3, 1), ends_on=dt.date(YEAR, 11, 30), **fields
    )


@pytest.fixture
def members(network):
    """Landkreis: 2 projects of the year (carrier of one; partner and responsible of the other,
    counted once); Agentur: 1 (partner), its project of two years before does not count;
    Schule: 0 (only an idea of the year and a project of another network's)."""
    kreis = member(network, "Landkreis Barnim")
    agentur = member(network, "Agentur für Arbeit")
    schule = member(network, "Oberschule Bernau")
    carried = in_year(network, title="Rückkehrertag", carrier=kreis)
    PartnerFactory.create(project=carried, organisation=agentur)
    shared = in_year(network, title="MINT-Tage")
    PartnerFactory.create(project=shared, organisation=kreis)
    shared.responsible_members.add(kreis)
    ProjectFactory.create(
        network=network,
        title="Berufemesse 2023",
        carrier=agentur,
        starts_on=dt.date(YEAR - 2, 1, 1),
        ends_on=dt.date(YEAR - 2, 12, 31),
    )
    in_year(network, title="Eine Idee", carrier=schule, status="idea")
    elsewhere = ProjectFactory.create(network=NetworkFactory.create(), title="Anderswo")
    elsewhere.responsible_members.add(schule)
    return kreis, agentur, schule


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def _row(page: str, member_pk: int) -> str:
    found = re.search(rf'<tr data-member="{member_pk}">(.*?)</tr>', page, re.S)
    assert found is not None
    return found.group(1)


def test_the_projects_app_registers_the_measure_strategy_offers():
    entry = registry.self_check_measures.entries[ObligationMeasure.PROJECTS]
    assert entry.measure is projects_taken_part_in


def test_the_self_check_shows_the_projects_of_the_year_per_member(
    network, coordinator, obligation, members
):
    kreis, agentur, schule = members

    page = client_for(coordinator).get(f"/n/barnim/strategy/self-check/{YEAR}/").content.decode()

    assert "2 projects" in _row(page, kreis.pk)
    assert "1 project" in _row(page, agentur.pk)
    assert "0 projects" in _row(page, schule.pk)
    # two years before, only the project of that year
    earlier = client_for(coordinator).get(f"/n/barnim/strategy/self-check/{YEAR - 2}/")
    assert "1 project" in _row(earlier.content.decode(), agentur.pk)
    assert "0 projects" in _row(earlier.content.decode(), kreis.pk)


def test_a_member_sees_its_own_figure_beside_the_obligation(
    network, coordinator, obligation, members
):
    kreis, _agentur, _schule = members
    partner = user_with_role(network, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)

    page = client_for(partner).get(f"/n/barnim/strategy/self-check/{YEAR}/").content.decode()

    assert "Projects carried or taken part in: 2 projects" in page


def test_the_export_has_the_projects_figure_per_member(network, coordinator, obligation, members):
    response = client_for(coordinator).get(f"/n/barnim/strategy/self-check/{YEAR}.xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][-1] == "measured by"
    assert {(row[0], row[-1]) for row in rows[1:]} == {
        ("Landkreis Barnim", "2 projects"),
        ("Agentur für Arbeit", "1 project"),
        ("Oberschule Bernau", "0 projects"),
    }


def test_the_figures_are_one_query_for_all_members(network, obligation, members):
    with CaptureQueriesContext(connection) as captured:
        figures = projects_taken_part_in(network, YEAR, list(members))
    assert len(captured) == 1
    assert list(figures.values()) == ["2 projects", "1 project", "0 projects"]


def test_the_self_check_runs_the_same_queries_for_more_members(
    network, coordinator, obligation, settings
):
    settings.SAMVERK_PAGE_CACHE_SECONDS = 0
    client = client_for(coordinator)
    urls = [f"/n/barnim/strategy/self-check/{YEAR}/", f"/n/barnim/strategy/self-check/{YEAR}.csv"]

    def queries() -> list[int]:
        counts = []
        for url in urls:
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return counts

    def add_members(count: int, start: int) -> None:
        for k in range(start, start + count):
            organisation = member(network, f"Mitglied {k:02}")
            project = in_year(network, carrier=organisation)
            PartnerFactory.create(project=project)
            project.responsible_members.add(organisation)

    add_members(2, 0)
    few = queries()
    add_members(10, 2)
    assert queries() == few
