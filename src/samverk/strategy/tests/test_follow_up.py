"""The follow-up of a year as a page, a PDF (its text, read with pdftotext) and XLSX."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from decimal import Decimal

import openpyxl
import pytest
from django.test import Client

from samverk.core.choices import RoleKind
from samverk.networks.tests.factories import NetworkFactory, user_with_role
from samverk.strategy import plan_services
from samverk.strategy.tests.factories import (
    CommitmentFactory,
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory.create(slug="norrbotten", name="Kommunförbundet Norrbotten")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    direction = DirectionFactory.create(network=network)
    goal = GoalFactory.create(direction=direction)
    CommitmentFactory.create(goal=goal, status="done")
    CommitmentFactory.create(goal=goal, status="under_way")
    indicator = IndicatorFactory.create(goal=goal, name="Utan gymnasieexamen")
    MeasurementFactory.create(
        indicator=indicator, period_end=dt.date(2016, 12, 31), value=Decimal("11.00")
    )
    MeasurementFactory.create(
        indicator=indicator, period_end=dt.date(2017, 12, 31), value=Decimal("13.90")
    )
    plan = plan_services.create_plan(
        actor=coordinator,
        network=network,
        year=2016,
        direction=direction,
        theme="Ungdomar",
        currency="SEK",
    )
    done = plan_services.add_activity(
        actor=coordinator, plan=plan, title="Avhoppsstatistik", budget=Decimal("100.50")
    )
    plan_services.add_activity(
        actor=coordinator, plan=plan, title="Mässa", budget=Decimal("200.25")
    )
    plan_services.add_income(
        actor=coordinator,
        plan=plan,
        kind="grant",
        label="Region",
        amount=Decimal("300.75"),
        currency="SEK",
    )
    plan_services.report_activity(
        actor=coordinator, activity=done, status="done", spent=Decimal("90.10")
    )
    return network, coordinator, plan


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    client.cookies["samverk_language"] = "en"
    return client


def test_the_page_shows_planned_against_done(world):
    _network, coordinator, plan = world
    page = (
        client_for(coordinator)
        .get(f"/n/norrbotten/strategy/plans/{plan.pk}/follow-up/")
        .content.decode()
    )

    assert "1 of 2 activities done." in page
    assert 'data-total="planned">300.75 SEK<' in page
    assert 'data-total="spent">90.10 SEK<' in page
    assert 'data-total="unspent">210.65 SEK<' in page
    # By the end of 2016 the latest value is 11.00 (the 2017 one comes later): ahead of the path.
    assert "11.00 (2016-12-31)" in page or "11.00 (Dec. 31, 2016)" in page
    assert "13.90" not in page
    assert 'data-status="on_track"' in page
    assert 'data-commitments="done">1<' in page


def test_the_pdf_carries_the_figures(world):
    _network, coordinator, plan = world
    assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is needed"

    response = client_for(coordinator).get(f"/n/norrbotten/strategy/plans/{plan.pk}/follow-up.pdf")

    assert response["Content-Type"] == "application/pdf"
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    text = " ".join(text.split())
    for expected in (
        "Kommunförbundet Norrbotten",
        "Follow-up 2016",
        "Avhoppsstatistik",
        "90.10",
        "210.65",
        "Utan gymnasieexamen",
        "on track",
    ):
        assert expected in text, expected


def test_the_xlsx_lists_activities_and_indicators(world):
    _network, coordinator, plan = world
    response = client_for(coordinator).get(f"/n/norrbotten/strategy/plans/{plan.pk}/follow-up.xlsx")
    rows = [
        [c.value for c in row]
        for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows()
    ]

    assert rows[0] == ["part", "item", "planned", "actual", "status"]
    assert ["activity", "Avhoppsstatistik", 100.5, 90.1, "done"] in rows
    assert ["indicator", "Utan gymnasieexamen", 10, 11, "on track"] in rows


def test_members_read_the_follow_up_and_only_coordinators_report(world):
    network, _coordinator, plan = world
    observer = user_with_role(network, RoleKind.OBSERVER)
    client = client_for(observer)
    assert client.get(f"/n/norrbotten/strategy/plans/{plan.pk}/follow-up/").status_code == 200
    activity = plan.activities.first()
    assert (
        client.get(f"/n/norrbotten/strategy/plans/activities/{activity.pk}/report/").status_code
        == 403
    )
    stranger = user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR)
    assert (
        client_for(stranger)
        .get(f"/n/norrbotten/strategy/plans/{plan.pk}/follow-up.pdf")
        .status_code
        == 404
    )
