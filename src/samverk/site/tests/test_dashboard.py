"""The dashboard per role: the coordinator's week, a partner's or company contact's page of
the organisation they act for, the observer's next meetings; the charter on its own page; a
constant number of queries whatever the size of the network."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from samverk.core import clock
from samverk.core.models import Federation
from samverk.meetings.choices import MeetingStatus
from samverk.meetings.models import ActionItem, Minutes, Rsvp
from samverk.meetings.tests.factories import MeetingFactory, at
from samverk.networks.tests.helpers import World
from samverk.networks.tests.test_query_counts import build_network, count_queries, repeated

pytestmark = pytest.mark.django_db


class DashboardWorld(World):
    def __init__(self) -> None:
        super().__init__()
        today = clock.network_today(self.network)
        self.today = today
        # org_b joins the arena too: 2 organisations invited; org_a has replied.
        self.arena.members.add(self.org_b)
        self.next_meeting = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q3", status=MeetingStatus.INVITED
        )
        Rsvp.objects.create(meeting=self.next_meeting, organisation=self.org_a, answer="principal")
        past = today - dt.timedelta(days=20)
        self.closed_without = MeetingFactory.create(
            arena=self.arena,
            title="Closed without minutes",
            status=MeetingStatus.CLOSED,
            starts_at=at(past),
            ends_at=at(past, 12),
        )
        self.closed_draft = MeetingFactory.create(
            arena=self.arena,
            title="Closed with a draft",
            status=MeetingStatus.CLOSED,
            starts_at=at(past - dt.timedelta(days=30)),
            ends_at=at(past - dt.timedelta(days=30), 12),
        )
        Minutes.objects.create(meeting=self.closed_draft, status=Minutes.Status.DRAFT)
        self.approved = MeetingFactory.create(
            arena=self.arena,
            title="Approved long ago",
            status=MeetingStatus.MINUTES_APPROVED,
            starts_at=at(past - dt.timedelta(days=60)),
            ends_at=at(past - dt.timedelta(days=60), 12),
        )
        Minutes.objects.create(meeting=self.approved, status=Minutes.Status.APPROVED)
        self.overdue_a = ActionItem.objects.create(
            network=self.network,
            meeting=self.closed_without,
            title="Send the vacancy figures",
            owner_organisation=self.org_a,
            due_date=today - dt.timedelta(days=3),
        )
        self.overdue_b = ActionItem.objects.create(
            network=self.network,
            meeting=self.closed_without,
            title="Book the hall",
            owner_person=self.person_b,
            due_date=today - dt.timedelta(days=2),
        )
        self.open_b = ActionItem.objects.create(
            network=self.network,
            meeting=self.closed_without,
            title="Draft the theme paper",
            owner_organisation=self.org_b,
            due_date=today + dt.timedelta(days=20),
        )
        # org_b has no authorised representative any more: its mandate expired.
        self.mandate_b.valid_until = today - dt.timedelta(days=1)
        self.mandate_b.save()
        self.membership_a.budget_amount = 4321
        self.membership_a.save()
        self.membership_b.budget_amount = 8765
        self.membership_b.save()


@pytest.fixture
def world() -> DashboardWorld:
    return DashboardWorld()


def page_for(world: World, role: str, path: str = "") -> str:
    client = Client()
    client.force_login(world.users[role])
    response = client.get(world.base() + path)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, marker: str) -> str:
    start = page.index(marker)
    return page[start : page.index("</section>", start)]


def test_the_coordinators_week(world):
    page = page_for(world, "coordinator")

    week = section(page, 'id="week-heading"')
    meetings = week[: week.index('id="week-minutes-heading"')]
    assert "Lenkungsgruppe Q3" in meetings and "1 of 2 replied" in meetings
    assert "Closed without minutes" not in meetings  # closed: never "next"
    minutes = week[
        week.index('id="week-minutes-heading"') : week.index('id="week-overdue-heading"')
    ]
    assert 'data-minutes="missing"' in minutes and "Closed without minutes" in minutes
    assert 'data-minutes="draft"' in minutes and "Closed with a draft" in minutes
    assert "Approved long ago" not in minutes
    overdue = week[week.index('id="week-overdue-heading"') :]
    # Grouped by organisation: the organisation's own, and its person's.
    assert overdue.index("Hochschule Eberswalde") < overdue.index("Book the hall")
    assert overdue.index("Stadtwerke Eberswalde") < overdue.index("Send the vacancy figures")
    assert "Draft the theme paper" not in overdue  # not overdue

    missing = section(page, 'id="missing-heading"')
    assert "Hochschule Eberswalde" in missing
    assert f"/members/{world.membership_b.pk}/representative/" in missing  # add person+mandate
    # The buttons of running the network, as the networks app's panel.
    assert "/settings/" in page and "/access/" in page and "/history/" in page
    assert "You act for" not in page


@pytest.mark.parametrize("role", ["partner_rep_own", "company_contact"])
def test_a_representative_sees_the_organisation_they_act_for(world, role):
    page = page_for(world, role)

    acting = section(page, "You act for Stadtwerke Eberswalde")
    assert "Anna Berg" in acting  # its people and mandates
    assert "4.321,00" in acting or "4,321.00" in acting  # its own budget
    assert "8,765" not in page and "8.765" not in page  # not another member's
    nxt = section(page, 'id="next-meetings-heading"')
    assert "Lenkungsgruppe Q3" in nxt
    assert "replied: principal representative" in nxt  # org_a has replied
    assert "data-reply-now" not in nxt
    actions = section(page, 'id="organisation-actions-heading"')
    assert "Send the vacancy figures" in actions and "Book the hall" not in actions
    assert 'id="week-heading"' not in page and "/settings/" not in page
    assert 'id="missing-heading"' not in page


def test_reply_now_for_an_organisation_that_has_not_replied(world):
    page = page_for(world, "partner_rep_other")

    nxt = section(page, 'id="next-meetings-heading"')
    assert "data-reply-now" in nxt
    assert f"/meetings/{world.next_meeting.pk}/#replies" in nxt
    actions = section(page, 'id="organisation-actions-heading"')
    assert "Book the hall" in actions and "Draft the theme paper" in actions


def test_an_observer_sees_the_next_meetings_and_public_information(world):
    world.network.description = "Fachkräfte für Barnim"
    world.network.save()
    page = page_for(world, "observer")

    assert "Fachkräfte für Barnim" in page
    assert "Lenkungsgruppe Q3" in section(page, 'id="next-meetings-heading"')
    assert "data-reply-now" not in page
    assert "You act for" not in page and 'id="week-heading"' not in page
    assert "organisation-actions-heading" not in page


def test_the_charter_has_its_own_page(world):
    federation = Federation.objects.create(
        name="Fachkräfteallianz", slug="allianz", charter="## Leitbild\n\nWir stärken die Region."
    )
    world.network.federation = federation
    world.network.save()

    dashboard = page_for(world, "observer")
    assert "Wir stärken die Region." not in dashboard
    assert f'href="{world.base()}charter/"' in dashboard  # linked, and in the navigation
    charter = page_for(world, "observer", "charter/")
    assert "<h1>Charter of Fachkräfteallianz</h1>" in charter
    assert "Wir stärken die Region." in charter


def test_no_charter_page_without_a_federation(world):
    client = Client()
    client.force_login(world.coordinator)
    assert client.get(world.base() + "charter/").status_code == 404
    assert "charter/" not in page_for(world, "coordinator")


def _with_meetings(size: int, slug: str):
    """The query-count data set with meetings, replies, minutes and overdue actions that
    grow with ``size``."""
    dataset = build_network(size, slug=slug)
    arena = dataset.network.arenas.get()
    organisations = list(dataset.network.organisations.order_by("pk"))
    today = clock.network_today(dataset.network)
    meetings = [
        MeetingFactory.create(arena=arena, title=f"Meeting {i}", status=MeetingStatus.INVITED)
        for i in range(3)
    ]
    Rsvp.objects.bulk_create(
        Rsvp(meeting=meetings[0], organisation=o, answer="principal") for o in organisations
    )
    for i in range(min(size, 12)):
        day = today - dt.timedelta(days=10 + i)
        closed = MeetingFactory.create(
            arena=arena, status=MeetingStatus.CLOSED, starts_at=at(day), ends_at=at(day, 12)
        )
        if i % 2:
            Minutes.objects.create(meeting=closed, status=Minutes.Status.DRAFT)
    ActionItem.objects.bulk_create(
        ActionItem(
            network=dataset.network,
            meeting=meetings[0],
            title=f"Action {i}",
            owner_organisation=o,
            due_date=today - dt.timedelta(days=1),
        )
        for i, o in enumerate(organisations)
    )
    return dataset


@pytest.mark.parametrize("viewer", ["coordinator", "company_contact"])
def test_the_dashboard_runs_the_same_queries_for_10_and_500_members(viewer):
    small, large = _with_meetings(10, "small"), _with_meetings(500, "large")

    small_count, _, _ = count_queries(small, small.base, getattr(small, viewer))
    large_count, page, sql = count_queries(large, large.base, getattr(large, viewer))

    assert large_count == small_count, repeated(sql)
    if viewer == "coordinator":
        assert "500 of 500 replied" in page


def test_the_dashboard_runs_no_statement_twice_and_counts_its_capped_lists_with_them():
    """The joint meetings are looked up once for all panels; a capped list (minutes due,
    overdue actions) carries its total, without a COUNT of its own."""
    large = _with_meetings(500, "large")

    _, page, sql = count_queries(large, large.base, large.coordinator)

    assert repeated(sql) == "(none)"
    assert not [s for s in sql if s.startswith('SELECT COUNT(*) AS "__count" FROM "meetings_')]
    assert "12 meetings in all" in page
    assert "All 500 overdue actions" in page
