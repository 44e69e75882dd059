"""The decisions register and the actions list as XLSX and CSV: their filters and order, the
labels in the user's language, the same scoping as the pages (owners by the person rule)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings.choices import ActionStatus, DecisionMethod
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from samverk.networks.tests.factories import (
    ArenaFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory.create(slug="barnim", time_zone="Europe/Berlin")
    arena = ArenaFactory.create(network=network, name="Netzwerktreffen")
    meeting = MeetingFactory.create(
        arena=arena,
        title="Netzwerktreffen März",
        starts_at=at(dt.date(2026, 3, 12), 9),
        ends_at=at(dt.date(2026, 3, 12), 11),
    )
    DecisionFactory.create(
        meeting=meeting,
        year=2026,
        number=3,
        topic="Jahresplan",
        text="Der Jahresplan wird angenommen.",
        method=DecisionMethod.VOTE,
        votes_for=7,
        votes_against=1,
        abstentions=1,
    )
    DecisionFactory.create(
        meeting=meeting, year=2026, number=4, text="=Formel", method=DecisionMethod.CONSENSUS
    )
    DecisionFactory.create(meeting=MeetingFactory.create(), text="Elsewhere")  # another network
    bernau = OrganisationFactory.create(network=network, name="Stadt Bernau")
    stahl = OrganisationFactory.create(network=network, name="Stahl AG")
    today = clock.network_today(network)
    ActionItemFactory.create(
        meeting=meeting,
        title="Einladung verschicken",
        owner_person=PersonFactory.create(organisation=bernau, name="Anna Berg"),
        due_date=today - dt.timedelta(days=3),
    )
    ActionItemFactory.create(
        meeting=meeting,
        title="Messe planen",
        owner_organisation=stahl,
        due_date=today + dt.timedelta(days=10),
    )
    ActionItemFactory.create(
        meeting=meeting, title="Erledigt", status=ActionStatus.DONE, due_date=today
    )
    return {"network": network, "arena": arena, "stahl": stahl, "today": today}


def client_for(user, language: str | None = None) -> Client:
    client = Client()
    client.force_login(user)
    if language:
        client.cookies["samverk_language"] = language
    return client


def _rows(response) -> list[tuple]:
    assert response.status_code == 200
    return list(load_workbook(io.BytesIO(response.content)).active.values)


def test_the_decisions_register_in_german(world):
    client = client_for(user_with_role(world["network"], RoleKind.OBSERVER), "de")

    response = client.get("/n/barnim/meetings/decisions.xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="decisions-barnim.xlsx"'
    rows = _rows(response)
    assert rows[0] == (
        "Nr.",
        "Datum",
        "Sitzung",
        "Gremium",
        "Thema",
        "Beschluss",
        "Beschlussverfahren",
        "Stimmen",
        "Verbindlich",
    )
    assert [row[0] for row in rows[1:]] == ["2026/04", "2026/03"]  # the register's order
    vote = rows[2]
    assert vote[1].date() == dt.date(2026, 3, 12)
    assert vote[2:7] == (
        "Netzwerktreffen März",
        "Netzwerktreffen",
        "Jahresplan",
        "Der Jahresplan wird angenommen.",
        "Abstimmung",
    )
    assert vote[7] == "7 Ja-Stimmen, 1 Nein-Stimme, 1 Enthaltung"
    assert rows[1][5] == "=Formel"  # text, never a formula


def test_the_decisions_csv_follows_the_filter(world):
    client = client_for(user_with_role(world["network"], RoleKind.OBSERVER), "sv")

    response = client.get("/n/barnim/meetings/decisions.csv?q=Jahresplan")

    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    lines = [line for line in text[1:].split("\r\n") if line]
    assert len(lines) == 2
    assert lines[1].startswith("2026/03;2026-03-12;")


def test_the_actions_list_open_ones_by_default_owners_by_the_person_rule(world):
    contact = user_with_role(
        world["network"], RoleKind.COMPANY_CONTACT, organisation=world["stahl"]
    )

    rows = _rows(client_for(contact).get("/n/barnim/meetings/actions.xlsx"))

    assert rows[0] == ("Action", "Owner", "Organisation", "Due", "Status", "overdue", "Agreed at")
    by_title = {row[0]: row for row in rows[1:]}
    assert set(by_title) == {"Einladung verschicken", "Messe planen"}  # not the done one
    invite = by_title["Einladung verschicken"]
    assert invite[1:3] == ("a person", "Stadt Bernau")  # another organisation's person
    assert invite[3].date() == world["today"] - dt.timedelta(days=3)
    assert invite[4:] == ("open", "yes", "Netzwerktreffen März")
    assert by_title["Messe planen"][1:3] == (None, "Stahl AG")
    assert by_title["Messe planen"][5] == "no"


def test_a_coordinator_sees_names_and_can_ask_for_every_status(world):
    client = client_for(user_with_role(world["network"], RoleKind.COORDINATOR), "nb")

    response = client.get("/n/barnim/meetings/actions.csv?status=")

    lines = [line for line in response.content.decode("utf-8")[1:].split("\r\n") if line]
    assert len(lines) == 4
    assert any(line.startswith("Einladung verschicken;Anna Berg;Stadt Bernau;") for line in lines)


def test_the_pages_offer_the_downloads_with_their_filter(world):
    client = client_for(user_with_role(world["network"], RoleKind.OBSERVER))

    decisions = client.get("/n/barnim/meetings/decisions/?q=Plan").content.decode()
    actions = client.get("/n/barnim/meetings/actions/?overdue=true").content.decode()

    assert 'href="/n/barnim/meetings/decisions.xlsx?q=Plan"' in decisions
    assert 'href="/n/barnim/meetings/decisions.csv?q=Plan"' in decisions
    assert 'href="/n/barnim/meetings/actions.xlsx?overdue=true"' in actions
    assert 'href="/n/barnim/meetings/actions.csv?overdue=true"' in actions


def test_someone_without_a_role_in_the_network_gets_nothing(world):
    client = client_for(user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR))

    for url in ("decisions.xlsx", "decisions.csv", "actions.xlsx", "actions.csv"):
        assert client.get(f"/n/barnim/meetings/{url}").status_code == 404
