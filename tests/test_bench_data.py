"""The national bench's data builder (tests/bench_data.py), at a tiny scale: what it writes is
what the national bench measures (the bench itself is not run in the suite)."""

from __future__ import annotations

import datetime as dt

import pytest

from samverk.meetings.models import ActionItem, Attendance, Decision, Meeting, Rsvp
from samverk.networks.models import Membership, Organisation
from samverk.networks.tests.test_query_counts import count_queries
from tests.bench_data import Scale, build_national
from tests.bench_national import PAGES

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def test_a_tiny_national_set_is_spread_over_the_networks_with_its_big_meeting():
    data = build_national(Scale(networks=2, organisations=21, meetings=31), today=TODAY)

    assert Organisation.objects.count() == 21
    assert Membership.objects.count() == 21
    # Spread evenly; the first network gets the one left over.
    assert Organisation.objects.filter(network=data.network).count() == 11
    assert Meeting.objects.count() == 31
    assert Meeting.objects.filter(network=data.network).count() == 16
    big = data.big_meeting
    assert big.arena.kind == "plenary" and big.status == "closed"
    assert big.arena.members.count() == 11
    assert Rsvp.objects.filter(meeting=big).count() == 11
    assert Attendance.objects.filter(meeting=big).count() == 10  # one replied "nobody"
    assert Decision.objects.filter(meeting=big).count() == 2
    assert ActionItem.objects.filter(meeting=big, status="open").count() == 1
    assert data.counts["meetings.Meeting"] == 31

    # The bench's URLs lead to pages (all of them: make bench-national; here the meeting's).
    meeting_page = next(p for p in PAGES if p.name.startswith("meeting ("))
    _, html, _ = count_queries(data, meeting_page.url(data), data.coordinator)

    assert big.title in html
