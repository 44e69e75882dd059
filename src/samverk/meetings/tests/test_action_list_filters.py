"""The actions list shows what is still to be done by default; its filters read naturally
("overdue: all / yes / no", "status: all / open or in progress / …")."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.meetings.choices import ActionStatus
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory
from samverk.networks.tests.factories import ArenaFactory, NetworkFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    network = NetworkFactory.create(slug="barnim")
    meeting = MeetingFactory.create(arena=ArenaFactory.create(network=network))
    today = clock.network_today(network)
    for title, status, due in (
        ("Open", ActionStatus.OPEN, today + dt.timedelta(days=5)),
        ("Late", ActionStatus.OPEN, today - dt.timedelta(days=5)),
        ("Busy", ActionStatus.IN_PROGRESS, today + dt.timedelta(days=9)),
        ("Finished", ActionStatus.DONE, today - dt.timedelta(days=9)),
        ("Dropped", ActionStatus.DROPPED, today + dt.timedelta(days=1)),
    ):
        ActionItemFactory.create(meeting=meeting, title=title, status=status, due_date=due)
    client = Client()
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    client.cookies["samverk_language"] = "en"
    return client


def titles(response) -> set[str]:
    return {a.title for a in response.context["page"].object_list}


def test_open_actions_by_default(setup):
    response = setup.get("/n/barnim/meetings/actions/")

    assert titles(response) == {"Open", "Late", "Busy"}
    html = response.content.decode()
    assert '<option value="unfinished" selected>open or in progress</option>' in html


def test_all_actions_on_request(setup):
    response = setup.get("/n/barnim/meetings/actions/?status=")

    assert titles(response) == {"Open", "Late", "Busy", "Finished", "Dropped"}
    assert '<option value="" selected>all</option>' in response.content.decode()


def test_one_status(setup):
    assert titles(setup.get("/n/barnim/meetings/actions/?status=done")) == {"Finished"}


def test_overdue_reads_all_yes_no(setup):
    response = setup.get("/n/barnim/meetings/actions/?overdue=true")

    assert titles(response) == {"Late"}
    html = response.content.decode()
    assert '<option value="">all</option>' in html
    assert '<option value="true" selected>yes</option>' in html
    assert '<option value="false">no</option>' in html
    assert "Unknown" not in html
    assert titles(setup.get("/n/barnim/meetings/actions/?overdue=false")) == {"Open", "Busy"}


def test_the_api_still_lists_every_action_by_default(setup):
    response = setup.get("/api/v1/meetings/actions/")

    assert response.status_code == 200
    body = response.json()
    results = body["results"] if isinstance(body, dict) else body
    assert len(results) == 5
