"""Commitment at a glance: exact figures for a constructed history, sorting, the CSV export,
the organisation page's section and a constant number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import Network
from samverk.meetings import reports
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.models import Attendance, Meeting
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AttendanceFactory,
    MeetingFactory,
    at,
)
from samverk.networks.models import Arena, Membership, Organisation
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def today() -> dt.date:
    """Our networks' today (Berlin): the pages and the report count meetings that have ended
    and actions overdue by the real day, so the history is built around it."""
    return clock.today_in("Europe/Berlin")


def days_ago(days: int) -> dt.datetime:
    return at(today() - dt.timedelta(days=days))


class History:
    """One arena with members A, B and the non-member D; C is a member in no arena.

    Past meetings of the arena, the latest first: m1 … m4 count, m5 is older than the last
    four, a cancelled one and an upcoming one are ignored.
      A: m1 with authority, m2 with authority, m3 without authority, m4 absent, m5 present
         → 3 of 4 = 75 %, with authority 2 of 4 = 50 %
      B: m2 without authority, a guest from B at m1 (does not count) → 25 %, 0 %
    Actions: A owns two open (one overdue), one in progress through its person (not
    overdue), one done and overdue (not counted); B one open overdue; another network's
    action is not counted."""

    def __init__(self) -> None:
        self.network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
        self.coordinator = user_with_role(self.network, RoleKind.COORDINATOR)
        self.a = OrganisationFactory.create(network=self.network, name="Alpha Werke")
        self.b = OrganisationFactory.create(network=self.network, name="Beta Schule")
        self.c = OrganisationFactory.create(network=self.network, name="Gamma Kammer")
        self.d = OrganisationFactory.create(network=self.network, name="Delta (no member)")
        for org in (self.a, self.b, self.c):
            MembershipFactory.create(organisation=org)
        MembershipFactory.create(
            organisation=self.d, since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 1)
        )
        self.arena = ArenaFactory.create(network=self.network, name="Plenum")
        self.arena.members.set([self.a, self.b, self.d])
        m = [
            MeetingFactory.create(arena=self.arena, starts_at=days_ago(30 * i), title=f"M{i}")
            for i in range(1, 6)
        ]
        self.meetings = m
        MeetingFactory.create(
            arena=self.arena, starts_at=days_ago(10), status=MeetingStatus.CANCELLED
        )
        upcoming = MeetingFactory.create(arena=self.arena, starts_at=days_ago(-10))
        self.person_a = PersonFactory.create(organisation=self.a, name="Anna Berg")
        self.person_a2 = PersonFactory.create(organisation=self.a, name="Arne Dahl")
        person_b = PersonFactory.create(organisation=self.b, name="Bo Lind")

        def attend(meeting: Meeting, person, org, authority=False, guest=False) -> None:
            AttendanceFactory.create(
                meeting=meeting,
                person=person,
                guest_name="",
                organisation=org,
                with_authority=authority,
                is_guest=guest,
            )

        attend(m[0], self.person_a, self.a, authority=True)
        attend(m[0], self.person_a2, self.a)  # a second person of A: still one meeting
        attend(m[1], self.person_a, self.a, authority=True)
        attend(m[2], self.person_a2, self.a)
        attend(m[4], self.person_a, self.a, authority=True)
        attend(upcoming, self.person_a, self.a, authority=True)
        attend(m[1], person_b, self.b)
        attend(m[0], PersonFactory.create(organisation=self.b), self.b, guest=True)

        past = today() - dt.timedelta(days=3)
        ActionItemFactory.create(meeting=m[0], owner_organisation=self.a, due_date=past)
        ActionItemFactory.create(meeting=m[0], owner_organisation=self.a)
        ActionItemFactory.create(
            meeting=m[0], owner_person=self.person_a, status=ActionStatus.IN_PROGRESS
        )
        ActionItemFactory.create(
            meeting=m[0], owner_organisation=self.a, due_date=past, status=ActionStatus.DONE
        )
        ActionItemFactory.create(meeting=m[1], owner_organisation=self.b, due_date=past)
        ActionItemFactory.create(
            meeting=MeetingFactory.create(),
            owner_organisation=OrganisationFactory.create(),
            due_date=past,
        )

    @property
    def base(self) -> str:
        return f"/n/{self.network.slug}/meetings/"


@pytest.fixture
def history() -> History:
    return History()


@pytest.fixture
def client(history: History) -> Client:
    client = Client()
    client.force_login(history.coordinator)
    return client


def figures(row: reports.CommitmentRow) -> tuple:
    return (
        row.name,
        row.meetings,
        row.attended,
        row.attended_with_authority,
        row.attendance_percent,
        row.authority_percent,
        row.open_actions,
        row.overdue_actions,
    )


def test_figures_for_a_constructed_history(history):
    rows = reports.commitment(history.network)

    assert [figures(r) for r in rows] == [
        ("Alpha Werke", 4, 3, 2, 75, 50, 3, 1),
        ("Beta Schule", 4, 1, 0, 25, 0, 1, 1),
        ("Gamma Kammer", 0, 0, 0, None, None, 0, 0),
    ]
    assert rows[0].attendance_rate == 0.75
    assert rows[0].authority_rate == 0.5


def test_the_last_four_meetings_span_all_of_an_organisations_arenas(history):
    group = ArenaFactory.create(network=history.network, name="Working group")
    group.members.set([history.a])
    latest = MeetingFactory.create(arena=group, starts_at=days_ago(1))
    AttendanceFactory.create(
        meeting=latest,
        person=history.person_a,
        guest_name="",
        organisation=history.a,
        with_authority=True,
        is_guest=False,
    )

    (row,) = reports.commitment(history.network, organisations=[history.a])

    # The working group's meeting and m1-m3 of the plenum: all four attended, three with
    # authority (m3 without).
    assert figures(row) == ("Alpha Werke", 4, 4, 3, 100, 75, 3, 1)


def test_only_the_named_organisations_and_only_members(history):
    assert [r.name for r in reports.commitment(history.network, [history.b])] == ["Beta Schule"]
    assert reports.commitment(history.network, [history.d]) == []


def test_page_shows_the_figures(client, history):
    response = client.get(history.base + "commitment/")

    assert response.status_code == 200
    html = response.content.decode()
    assert [r.name for r in response.context["rows"]] == [
        "Alpha Werke",
        "Beta Schule",
        "Gamma Kammer",
    ]
    assert "75 %" in html
    assert "50 %" in html
    assert "25 %" in html


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("name", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
        ("-name", ["Gamma Kammer", "Beta Schule", "Alpha Werke"]),
        ("attendance", ["Beta Schule", "Alpha Werke", "Gamma Kammer"]),
        ("-attendance", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
        ("authority", ["Beta Schule", "Alpha Werke", "Gamma Kammer"]),
        ("-authority", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
        ("open", ["Gamma Kammer", "Beta Schule", "Alpha Werke"]),
        ("-open", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
        ("overdue", ["Gamma Kammer", "Alpha Werke", "Beta Schule"]),
        ("-overdue", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
        ("nonsense", ["Alpha Werke", "Beta Schule", "Gamma Kammer"]),
    ],
)
def test_sorting(client, history, sort, expected):
    response = client.get(history.base + f"commitment/?sort={sort}")

    assert response.status_code == 200
    assert [r.name for r in response.context["rows"]] == expected


def test_csv_export(client, history):
    history.c.name = 'Gamma "Kammer", Süd'
    history.c.save()

    response = client.get(history.base + "commitment.csv?sort=-attendance")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="commitment-barnim.csv"'
    assert response.content.decode("utf-8") == (
        "\ufeff"
        "Organisation,Meetings considered,Attended,Attended with authority,"
        "Attendance rate (%),Attendance with authority (%),Open actions,Overdue actions\r\n"
        "Alpha Werke,4,3,2,75,50,3,1\r\n"
        "Beta Schule,4,1,0,25,0,1,1\r\n"
        '"Gamma ""Kammer"", Süd",0,0,0,,,0,0\r\n'
    )


def test_csv_export_in_german_uses_semicolons_and_a_bom(client, history):
    client.cookies["samverk_language"] = "de"

    content = client.get(history.base + "commitment.csv?sort=-attendance").content

    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").split("\r\n")
    assert lines[0].count(";") == 7
    assert lines[0].startswith("Organisation;")
    assert lines[1] == "Alpha Werke;4;3;2;75;50;3;1"


def test_xlsx_export_has_typed_cells(client, history):
    import io

    from openpyxl import load_workbook

    history.c.name = "=HYPERLINK(1)"
    history.c.save()

    response = client.get(history.base + "commitment.xlsx?sort=-attendance")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"] == 'attachment; filename="commitment-barnim.xlsx"'
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert rows[0][:3] == ("Organisation", "Meetings considered", "Attended")
    assert rows[1] == ("Alpha Werke", 4, 3, 2, 75, 50, 3, 1)
    assert isinstance(rows[1][1], int)
    assert rows[3] == ("=HYPERLINK(1)", 0, 0, 0, None, None, 0, 0)
    assert sheet.cell(row=4, column=1).data_type == "s"  # text, not a formula


def test_the_page_offers_both_downloads(client, history):
    html = client.get(history.base + "commitment/").content.decode()

    assert "commitment.xlsx" in html
    assert "commitment.csv" in html


def test_csv_neutralises_formulas(client, history):
    history.c.name = "=HYPERLINK(1)"
    history.c.save()

    content = client.get(history.base + "commitment.csv").content.decode("utf-8")

    assert "\r\n'=HYPERLINK(1),0,0,0,,,0,0\r\n" in content


@pytest.mark.parametrize("path", ["commitment/", "commitment.csv", "commitment.xlsx"])
def test_other_networks_and_anonymous_users_do_not_see_it(history, path):
    outsider = Client()
    outsider.force_login(user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR))

    assert outsider.get(history.base + path).status_code == 404
    assert Client().get(history.base + path).status_code == 302


def test_an_observer_sees_it(history):
    observer = Client()
    observer.force_login(user_with_role(history.network, RoleKind.OBSERVER))

    assert observer.get(history.base + "commitment.csv").status_code == 200


def test_organisation_page_shows_its_commitment(client, history):
    response = client.get(f"/n/barnim/organisations/{history.a.pk}/")

    assert response.status_code == 200
    assert figures(response.context["commitment"]) == ("Alpha Werke", 4, 3, 2, 75, 50, 3, 1)
    html = response.content.decode()
    assert 'id="commitment-heading">Commitment</h2>' in html
    assert "Attendance (last 4 meetings)" in html
    assert "<dd>75 %</dd>" in html
    assert "<dd>50 %</dd>" in html


def test_organisation_page_of_a_non_member_has_no_commitment_section(client, history):
    response = client.get(f"/n/barnim/organisations/{history.d.pk}/")

    assert response.status_code == 200
    assert response.context.get("commitment") is None
    assert "commitment-heading" not in response.content.decode()
    assert "commitment-heading" not in response.content.decode()


# --- constant query count ------------------------------------------------------------------


def build(size: int) -> tuple[Network, Client, Organisation]:
    """``size`` member organisations in two arenas with six past meetings each, everyone
    attending every meeting, and two actions per organisation (bulk-created)."""
    network = NetworkFactory.create(slug=f"size-{size}")
    client = Client()
    client.force_login(user_with_role(network, RoleKind.COORDINATOR))
    orgs = Organisation.objects.bulk_create(
        Organisation(network=network, name=f"Org {i:04d}", kind="company") for i in range(size)
    )
    Membership.objects.bulk_create(
        Membership(network=network, organisation=o, since=dt.date(2024, 1, 1)) for o in orgs
    )
    arenas = [ArenaFactory.create(network=network, name=f"Arena {i}") for i in range(2)]
    meetings = []
    for arena in arenas:
        Arena.members.through.objects.bulk_create(
            Arena.members.through(arena=arena, organisation=o) for o in orgs
        )
        meetings += [
            MeetingFactory.create(arena=arena, starts_at=days_ago(20 * i + 1)) for i in range(6)
        ]
    Attendance.objects.bulk_create(
        Attendance(meeting=m, organisation=o, guest_name=o.name, with_authority=i % 2 == 0)
        for i, m in enumerate(meetings)
        for o in orgs
    )
    for o in orgs:
        ActionItemFactory.create(meeting=meetings[0], owner_organisation=o)
        ActionItemFactory.create(
            meeting=meetings[0], owner_organisation=o, due_date=today() - dt.timedelta(days=1)
        )
    return network, client, orgs[0]


def count(client: Client, url: str) -> int:
    assert client.get(url).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "page",
    ["meetings/commitment/?sort=-authority", "meetings/commitment.csv", "organisations/{org}/"],
)
def test_constant_queries_for_5_and_60_organisations(page):
    counts = []
    for size in (5, 60):
        network, client, org = build(size)
        counts.append(count(client, f"/n/{network.slug}/" + page.format(org=org.pk)))
        assert (
            reports.commitment(network, [org])[0].attendance_percent == 100
        )  # every meeting attended
    assert counts[0] == counts[1]


def test_the_figures_take_three_queries():
    network, _client, _org = build(30)

    with CaptureQueriesContext(connection) as queries:
        rows = reports.commitment(network)

    assert len(queries) == 3
    assert len(rows) == 30
    assert {(r.attendance_percent, r.authority_percent, r.open_actions) for r in rows} == {
        (100, 50, 2)
    }


def test_the_overview_is_paged_after_sorting_and_the_csv_has_every_row():
    network, client, _org = build(60)
    base = f"/n/{network.slug}/meetings/"

    first = client.get(base + "commitment/?sort=-name")
    second = client.get(base + "commitment/?sort=-name&page=2")
    csv_rows = client.get(base + "commitment.csv?sort=-name").content.decode().splitlines()

    assert [r.name for r in first.context["rows"]] == [f"Org {i:04d}" for i in range(59, 9, -1)]
    assert [r.name for r in second.context["rows"]] == [f"Org {i:04d}" for i in range(9, -1, -1)]
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="?sort=-name&amp;page=2"' in first.content.decode()
    assert len(csv_rows) == 61  # the header and all 60 organisations
