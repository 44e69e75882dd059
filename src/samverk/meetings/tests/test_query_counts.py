"""No N+1 on the meeting pages (house rule 6): the page a meeting is run from, the meeting list,
the decisions register and the actions overview run the same number of queries for a small
and a large meeting."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pytest

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Rsvp,
)
from samverk.meetings.tests.factories import at
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import user_with_role
from samverk.networks.tests.test_query_counts import count_queries, repeated

pytestmark = pytest.mark.django_db

SINCE = dt.date(2020, 1, 1)
# A week after our networks' today (Berlin): the pages tell past from upcoming by the real day.
DAY = clock.today_in("Europe/Berlin") + dt.timedelta(days=7)


@dataclass
class MeetingData:
    network: Network
    coordinator: User
    meeting: Meeting
    company_contact: User  # of the first organisation: sees only its people

    @property
    def base(self) -> str:
        return f"/n/{self.network.slug}/"


def build_meeting(members: int, items: int, attendees: int, slug: str) -> MeetingData:
    """A network whose arena has ``members`` member organisations (each with a
    decision-authorised representative, except every fourth), a meeting with ``items`` agenda
    items (presenters and guest experts), a reply per member, ``attendees`` check-ins (with and
    without authority, and guests), a decision and an action per agenda item, and an earlier
    meeting whose open actions carry over. Written with bulk_create."""
    network = Network.objects.create(
        name=f"Network {slug}", slug=slug, language="en", time_zone="Europe/Oslo"
    )
    organisations = Organisation.objects.bulk_create(
        Organisation(network=network, name=f"Organisation {i:03d}", kind="company")
        for i in range(members)
    )
    memberships = Membership.objects.bulk_create(
        Membership(network=network, organisation=o, since=SINCE) for o in organisations
    )
    people = Person.objects.bulk_create(
        Person(organisation=organisations[i % members], name=f"Person {i:04d}")
        for i in range(attendees)
    )
    Mandate.objects.bulk_create(
        Mandate(membership=membership, person=people[i], valid_from=SINCE)
        for i, membership in enumerate(memberships)
        if i % 4 != 3
    )
    arena = Arena.objects.create(
        network=network, name="Plenary", kind="plenary", quorum_rule=QuorumRule.PERCENT
    )
    Arena.objects.filter(pk=arena.pk).update(quorum_percent=50)
    arena.members.set(organisations)
    earlier = Meeting.objects.create(
        network=network,
        arena=arena,
        title="Earlier",
        purpose="p",
        starts_at=at(DAY - dt.timedelta(days=90)),
        ends_at=at(DAY - dt.timedelta(days=90), 12),
    )
    meeting = Meeting.objects.create(
        network=network,
        arena=arena,
        title="Big meeting",
        purpose="Decide.",
        starts_at=at(DAY),
        ends_at=at(DAY, 12),
        host=organisations[0],
    )
    agenda = AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            position=i + 1,
            title=f"Item {i:03d}",
            presenter=people[i % attendees] if i % 2 == 0 else None,
            guest_presenter="" if i % 2 == 0 else f"Expert {i}",
            planned_minutes=10,
        )
        for i in range(items)
    )
    Rsvp.objects.bulk_create(
        Rsvp(meeting=meeting, organisation=o, answer="principal", person=people[i])
        for i, o in enumerate(organisations)
    )
    Attendance.objects.bulk_create(
        Attendance(
            meeting=meeting,
            person=person,
            organisation=person.organisation,
            with_authority=i < members and i % 4 != 3,
            is_guest=i % 7 == 6,
        )
        for i, person in enumerate(people)
    )
    Attendance.objects.bulk_create(
        Attendance(meeting=meeting, guest_name=f"Guest {i}", is_guest=True)
        for i in range(attendees // 10)
    )
    decisions = Decision.objects.bulk_create(
        Decision(
            network=network,
            meeting=meeting,
            agenda_item=item,
            year=DAY.year,
            number=i + 1,
            text=f"Decision {i}",
            topic="care" if i % 2 else "",
        )
        for i, item in enumerate(agenda)
    )
    ActionItem.objects.bulk_create(
        ActionItem(
            network=network,
            meeting=m,
            decision=d if m == meeting else None,
            title=f"Action {i}",
            owner_person=people[i % attendees],
            owner_organisation=organisations[i % members] if i % 2 else None,
            due_date=DAY + dt.timedelta(days=i - items // 2),
        )
        for m in (earlier, meeting)
        for i, d in enumerate(decisions)
    )
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    contact = user_with_role(network, RoleKind.COMPANY_CONTACT, organisation=organisations[0])
    return MeetingData(network, coordinator, meeting, contact)


SMALL = (6, 4, 20)
LARGE = (60, 40, 200)

PAGES = {
    "meeting detail": lambda d: d.base + f"meetings/{d.meeting.pk}/",
    "meeting list": lambda d: d.base + "meetings/",
    "decisions register": lambda d: d.base + "meetings/decisions/",
    "decisions register filtered and sorted": lambda d: (
        d.base + "meetings/decisions/?q=Decision&topic=care&sort=-arena"
    ),
    "actions overview": lambda d: d.base + "meetings/actions/",
    "actions overview filtered": lambda d: d.base + "meetings/actions/?overdue=false&status=open",
}


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_the_same_queries_for_a_small_and_a_large_meeting(page):
    small, large = build_meeting(*SMALL, slug="small"), build_meeting(*LARGE, slug="large")
    url = PAGES[page]

    small_count, _, _ = count_queries(small, url(small))  # type: ignore[arg-type]
    large_count, _, large_sql = count_queries(large, url(large))  # type: ignore[arg-type]

    assert large_count == small_count, repeated(large_sql)


@pytest.mark.parametrize("status", ["planned", "invited", "in_progress", "closed"])
def test_each_phase_of_the_meeting_page_runs_the_same_queries_at_two_sizes(status):
    small, large = build_meeting(5, 4, 20, slug="small"), build_meeting(*LARGE, slug="large")
    Meeting.objects.filter(pk__in=[small.meeting.pk, large.meeting.pk]).update(status=status)

    small_count, _, _ = count_queries(small, PAGES["meeting detail"](small))
    large_count, html, large_sql = count_queries(large, PAGES["meeting detail"](large))

    assert large_count == small_count, repeated(large_sql)
    # Bounded: 60 members, 220 check-ins, 40 items, 80 actions. Only the run phase lists
    # everyone checked in (one form for all, not one per person): under 1 kB a check-in.
    # (40 agenda items with their upload and reordering forms in the prepare phase.)
    limit = {"planned": 120_000, "invited": 60_000, "in_progress": 220_000}.get(status, 70_000)
    assert len(html.encode()) < limit, len(html.encode())


def test_the_large_meeting_page_shows_each_phase():
    large = build_meeting(*LARGE, slug="large")
    url = PAGES["meeting detail"](large)

    _, html, _ = count_queries(large, url)  # planned: prepare
    assert "Item 039" in html and "Expert 39" in html
    # 40 open actions carry over: 10 shown, the rest one link away
    assert html.count("data-carried-over") == 10
    assert "All 40 open actions" in html
    assert f"actions/?arena={large.meeting.arena_id}&amp;status=open" in html

    Meeting.objects.filter(pk=large.meeting.pk).update(status="in_progress")
    _, html, _ = count_queries(large, url)  # run
    assert "Organisation 059" in html  # not represented with authority
    assert "Guest 19" in html
    assert "Decision 39" in html
    assert "<strong>Action 39</strong>" in html  # agreed here; the carried over are a summary
    # 45 of 60 members represented with authority; 50 % = 30 required
    assert "45 of 60 member organisations represented with authority; 30 required." in html
    assert 'data-quorate="yes"' in html
    # no form per action with a select of statuses: one "Mark done" button each
    assert html.count("Mark done") == 40
    assert len(re.findall(r'<select name="action-\d+-status"', html)) == 0


def test_a_person_who_left_no_longer_counts_for_the_quorum():
    large = build_meeting(*LARGE, slug="large")
    Meeting.objects.filter(pk=large.meeting.pk).update(status="in_progress")
    counted = Attendance.objects.filter(meeting=large.meeting, with_authority=True)
    Attendance.objects.filter(pk__in=list(counted.values_list("pk", flat=True)[:20])).update(
        left_at=at(DAY, 11)
    )

    _, html, _ = count_queries(large, PAGES["meeting detail"](large))

    assert "25 of 60 member organisations represented with authority; 30 required." in html
    assert 'data-quorate="no"' in html
    assert html.count("data-left") == 20


@pytest.mark.parametrize("page", ["meeting detail", "actions overview"])
def test_a_company_contact_gets_the_page_in_as_many_queries_and_sees_only_their_people(page):
    small, large = build_meeting(*SMALL, slug="small"), build_meeting(*LARGE, slug="large")
    url = PAGES[page]

    small_count, _, _ = count_queries(small, url(small), small.company_contact)
    large_count, html, large_sql = count_queries(large, url(large), large.company_contact)

    assert large_count == small_count, repeated(large_sql)
    assert "Person 0000" in html  # of their own organisation (the first)
    assert "Person 0001" not in html  # of the second organisation
    assert "a person" in html
