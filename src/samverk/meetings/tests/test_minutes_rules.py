"""Who reads draft minutes (every role), the status rules of meetings and minutes (also over
generated dates and status sequences), the generated first draft and the editor (preview,
empty text, unchanged text, the minute-taker)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samverk.core import clock, email
from samverk.core.choices import RoleKind
from samverk.meetings import pdf, search, services
from samverk.meetings.choices import DecisionMethod, MeetingStatus
from samverk.meetings.minutes_draft import generate
from samverk.meetings.models import Meeting, Minutes, MinutesVersion
from samverk.meetings.services.scheduling import ALLOWED_STATUS_CHANGES
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

MEETING_DAY = dt.date(2026, 10, 8)
NOW = dt.datetime(2026, 10, 9, 9, 0, tzinfo=dt.UTC)
TODAY = dt.date(2026, 10, 9)
SECRET = "Vertraulicher Entwurf über das Budget"


class R:
    """A closed meeting with draft minutes, a user for each role, a minute-taker (a partner
    representative named by the coordinator)."""

    def __init__(self) -> None:
        self.network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
        self.org = OrganisationFactory.create(network=self.network, name="Stadtwerke")
        self.arena = ArenaFactory.create(network=self.network, name="Lenkungsgruppe")
        self.arena.members.add(self.org)
        MandateFactory.create(
            membership__organisation=self.org, person__email="rep@stadtwerke.example"
        )
        self.meeting = MeetingFactory.create(
            arena=self.arena,
            title="Herbsttreffen",
            starts_at=at(MEETING_DAY),
            status=MeetingStatus.CLOSED,
        )
        self.users = {
            "coordinator": user_with_role(self.network, RoleKind.COORDINATOR),
            "minute_taker": user_with_role(
                self.network, RoleKind.PARTNER_REPRESENTATIVE, organisation=self.org
            ),
            "partner_representative": user_with_role(
                self.network, RoleKind.PARTNER_REPRESENTATIVE, organisation=self.org
            ),
            "company_contact": user_with_role(
                self.network, RoleKind.COMPANY_CONTACT, organisation=self.org
            ),
            "observer": user_with_role(self.network, RoleKind.OBSERVER),
            "other_network": user_with_role(NetworkFactory.create(), RoleKind.COORDINATOR),
        }
        self.coordinator = self.users["coordinator"]
        services.set_minute_taker(
            actor=self.coordinator, meeting=self.meeting, minute_taker=self.users["minute_taker"]
        )
        services.save_minutes(
            actor=self.coordinator, meeting=self.meeting, text=SECRET, base_version=0, now=NOW
        )

    def client(self, role: str) -> Client:
        client = Client()
        client.force_login(self.users[role])
        return client

    def url(self, suffix: str = "", meeting: Meeting | None = None) -> str:
        return f"/n/barnim/meetings/{(meeting or self.meeting).pk}/minutes/{suffix}"


@pytest.fixture
def r() -> R:
    return R()


DRAFT_READERS = {"coordinator", "minute_taker"}
ROLES = [
    "coordinator",
    "minute_taker",
    "partner_representative",
    "company_contact",
    "observer",
    "other_network",
]


@pytest.mark.parametrize("role", ROLES)
def test_draft_minutes_are_read_by_the_coordinator_and_the_minute_taker_only(r: R, role: str):
    user = r.users[role]
    client = r.client(role)

    page = client.get(r.url())
    version = client.get(r.url("v1/"))
    found = search.minutes(user, r.network, "Budget", 10)
    visible = MinutesVersion.objects.visible_to(user).for_network(r.network)
    context = pdf.minutes_context(r.meeting, user)

    if role == "other_network":
        assert (page.status_code, version.status_code) == (404, 404)
        assert (list(found), visible.count()) == ([], 0)
        return
    html = page.content.decode() + version.content.decode()
    assert page.status_code == version.status_code == 200
    if role in DRAFT_READERS:
        assert SECRET in html
        assert [f.title for f in found] == ["Minutes: Herbsttreffen"]
        assert visible.count() == 1
        assert context["current"].text == SECRET and not context["being_written"]
    else:
        assert SECRET not in html
        assert "The minutes are being written." in html
        assert list(found) == []
        assert visible.count() == 0
        assert Minutes.objects.visible_to(user).count() == 0
        assert context["current"] is None and context["being_written"]


@pytest.mark.parametrize("role", ROLES[:-1])
def test_circulated_minutes_are_read_by_every_role_of_the_network(r: R, role: str):
    with email.no_mail():
        services.circulate_minutes(
            actor=r.coordinator,
            meeting=r.meeting,
            objection_deadline=TODAY + dt.timedelta(days=14),
            today=TODAY,
            now=NOW,
        )

    html = r.client(role).get(r.url()).content.decode()

    assert SECRET in html
    assert [f.title for f in search.minutes(r.users[role], r.network, "budget", 5)] == [
        "Minutes: Herbsttreffen"
    ]


def test_the_minute_taker_writes_but_does_not_circulate(r: R):
    taker = r.client("minute_taker")

    assert taker.get(r.url("edit/")).status_code == 200
    response = taker.post(r.url("edit/"), {"text": SECRET + " (ergänzt)", "base_version": 1})
    assert response.status_code == 302
    assert MinutesVersion.objects.count() == 2
    assert (
        taker.post(r.url("circulate/"), {"circulate-objection_deadline": "2030-01-01"}).status_code
        == 403
    )
    assert r.client("partner_representative").get(r.url("edit/")).status_code == 403
    with pytest.raises(PermissionDenied):
        services.circulate_minutes(
            actor=r.users["minute_taker"],
            meeting=r.meeting,
            objection_deadline=TODAY + dt.timedelta(days=1),
            today=TODAY,
            now=NOW,
        )


def test_the_coordinator_names_the_minute_taker_from_the_network_only(r: R):
    coordinator = r.client("coordinator")
    observer = r.users["observer"]

    response = coordinator.post(r.url("minute-taker/"), {"taker-minute_taker": observer.pk})
    assert response.status_code == 302
    assert Minutes.objects.get().minute_taker == observer
    outsider = r.users["other_network"]
    refused = coordinator.post(r.url("minute-taker/"), {"taker-minute_taker": outsider.pk})
    assert refused.status_code == 400
    assert Minutes.objects.get().minute_taker == observer
    with pytest.raises(ValidationError) as exc:
        services.set_minute_taker(actor=r.coordinator, meeting=r.meeting, minute_taker=outsider)
    assert exc.value.message_dict == {
        "minute_taker": ["The minute-taker must have a role in this network."]
    }
    with pytest.raises(PermissionDenied):
        services.set_minute_taker(
            actor=r.users["minute_taker"], meeting=r.meeting, minute_taker=None
        )


# --- status rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["planned", "invited", "cancelled"])
def test_no_editing_of_minutes_for_a_meeting_that_has_not_taken_place(r: R, status: str):
    ahead = MeetingFactory.create(arena=r.arena, title="Wintertreffen", status=status)
    coordinator = r.client("coordinator")

    page = coordinator.get(r.url("edit/", meeting=ahead))
    post = coordinator.post(r.url("edit/", meeting=ahead), {"text": "x", "base_version": 0})

    assert page.status_code == post.status_code == 404
    assert "“Wintertreffen” has not taken place yet" in page.content.decode()
    assert not Minutes.objects.filter(meeting=ahead).exists()
    with pytest.raises(ValidationError):
        services.save_minutes(actor=r.coordinator, meeting=ahead, text="x", base_version=0, now=NOW)
    detail = coordinator.get(r.url(meeting=ahead)).content.decode()
    assert "Write the minutes" not in detail and "Download as PDF" not in detail


def test_a_closed_meeting_starting_later_is_not_listed_as_upcoming(r: R):
    today = clock.network_today(r.network)  # the list compares with the real clock
    ahead = {"starts_at": at(today + dt.timedelta(days=3))}
    closed = MeetingFactory.create(
        arena=r.arena, title="Schon geschlossen", status="closed", **ahead
    )
    approved = MeetingFactory.create(
        arena=r.arena, title="Protokoll genehmigt", status="minutes_approved", **ahead
    )
    planned = MeetingFactory.create(arena=r.arena, title="Geplant", **ahead)

    response = r.client("observer").get("/n/barnim/meetings/")
    upcoming = list(response.context["upcoming"])
    past = list(response.context["page"].object_list)

    assert planned in upcoming
    assert closed not in upcoming and approved not in upcoming
    assert closed in past and approved in past
    assert set(Meeting.objects.upcoming()) == {planned}
    api = r.client("observer").get("/api/v1/meetings/meetings/?upcoming=true")
    assert [m["title"] for m in api.json()["results"]] == ["Geplant"]


def test_the_minutes_page_offers_only_held_later_meetings_for_the_approval(r: R):
    with email.no_mail():
        services.circulate_minutes(
            actor=r.coordinator,
            meeting=r.meeting,
            objection_deadline=TODAY + dt.timedelta(days=14),
            today=TODAY,
            now=NOW,
        )
    MeetingFactory.create(arena=r.arena, title="Geplant später")
    running = MeetingFactory.create(arena=r.arena, title="Läuft gerade", status="in_progress")

    page = r.client("coordinator").get(r.url())

    assert list(page.context["approve_form"].fields["at_meeting"].queryset) == [running]


STATUSES = list(MeetingStatus)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    a_path=st.lists(st.sampled_from(STATUSES), max_size=4),
    b_path=st.lists(st.sampled_from(STATUSES), max_size=4),
    b_offset=st.integers(min_value=-60, max_value=60),
    now_offset=st.integers(min_value=-30, max_value=90),
    circulate_first=st.booleans(),
)
def test_meeting_and_minutes_status_never_contradict(
    r: R,
    a_path: list[str],
    b_path: list[str],
    b_offset: int,
    now_offset: int,
    circulate_first: bool,
):
    """Whatever the status changes tried on meeting A and B, whatever B's day and the moment:
    minutes are saved only for a meeting that has taken place, approved only when circulated,
    at a later meeting of the arena that has taken place or is in progress; A is "minutes
    approved" exactly when its minutes are approved."""
    with transaction.atomic():
        day = dt.date(2027, 3, 1)
        now = dt.datetime.combine(day + dt.timedelta(days=now_offset), dt.time(12), tzinfo=dt.UTC)
        a = MeetingFactory.create(arena=r.arena, starts_at=at(day))
        b = MeetingFactory.create(arena=r.arena, starts_at=at(day + dt.timedelta(days=b_offset)))
        for meeting, path in ((a, a_path), (b, b_path)):
            for status in path:
                try:
                    services.change_status(actor=r.coordinator, meeting=meeting, status=status)
                except ValidationError:
                    assert (
                        status
                        not in ALLOWED_STATUS_CHANGES[
                            MeetingStatus(Meeting.objects.get(pk=meeting.pk).status)
                        ]
                        or status == MeetingStatus.MINUTES_APPROVED
                    )
        a.refresh_from_db()
        b.refresh_from_db()
        saved = True
        try:
            services.save_minutes(actor=r.coordinator, meeting=a, text="A", base_version=0, now=now)
        except ValidationError:
            saved = False
        assert saved == services.has_taken_place(a, now)
        circulated = False
        if saved and circulate_first:
            try:
                with email.no_mail():
                    services.circulate_minutes(
                        actor=r.coordinator,
                        meeting=a,
                        objection_deadline=now.date() + dt.timedelta(days=7),
                        today=now.date(),
                        now=now,
                    )
                circulated = True
            except ValidationError:
                assert a.status != MeetingStatus.CLOSED or not services.has_taken_place(a, now)
        try:
            services.approve_minutes(actor=r.coordinator, meeting=a, at_meeting=b, now=now)
            approved = True
        except ValidationError:
            approved = False
        assert approved == (
            circulated
            and a.status == MeetingStatus.CLOSED
            and b.starts_at > a.starts_at
            and services.has_taken_place(b, now)
        )
        a.refresh_from_db()
        minutes = Minutes.objects.filter(meeting=a).first()
        assert (a.status == MeetingStatus.MINUTES_APPROVED) == bool(
            minutes and minutes.status == Minutes.Status.APPROVED
        )
        assert a.status != MeetingStatus.MINUTES_APPROVED or approved
        transaction.set_rollback(True)


@given(
    status=st.sampled_from(STATUSES),
    start_offset=st.integers(min_value=-10_000, max_value=10_000),
)
def test_has_taken_place_follows_status_and_start(status: str, start_offset: int):
    now = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)
    meeting = Meeting(status=status, starts_at=now + dt.timedelta(minutes=start_offset))

    held = services.has_taken_place(meeting, now)

    if status in (MeetingStatus.PLANNED, MeetingStatus.INVITED, MeetingStatus.CANCELLED):
        assert not held
    elif status == MeetingStatus.IN_PROGRESS:
        assert held
    else:
        assert held == (start_offset <= 0)


# --- the generated draft and the editor ------------------------------------------------------


def meeting_with_a_record(network: Any) -> Meeting:
    arena = ArenaFactory.create(network=network, name="Lenkungsgruppe")
    alpha = OrganisationFactory.create(network=network, name="Alpha Werke")
    beta = OrganisationFactory.create(network=network, name="Beta Schule")
    gamma = OrganisationFactory.create(network=network, name="Gamma Kammer")
    arena.members.set([alpha, beta, gamma])
    meeting = MeetingFactory.create(
        arena=arena,
        title="Frühjahrstreffen",
        starts_at=dt.datetime(2026, 3, 12, 9, 30, tzinfo=dt.UTC),
        ends_at=dt.datetime(2026, 3, 12, 12, 0, tzinfo=dt.UTC),
        status=MeetingStatus.CLOSED,
    )
    anna = PersonFactory.create(organisation=alpha, name="Anna Berg")
    AttendanceFactory.create(
        meeting=meeting,
        person=anna,
        guest_name="",
        organisation=alpha,
        with_authority=True,
        is_guest=False,
    )
    AttendanceFactory.create(
        meeting=meeting,
        person=PersonFactory.create(organisation=beta, name="Bo Lind"),
        guest_name="",
        organisation=beta,
        with_authority=False,
        is_guest=False,
    )
    AttendanceFactory.create(meeting=meeting, guest_name="Dr. Eva Expertin", is_guest=True)
    plan = AgendaItemFactory.create(meeting=meeting, position=1, title="Jahresplan")
    AgendaItemFactory.create(meeting=meeting, position=2, title="Verschiedenes")
    DecisionFactory.create(
        meeting=meeting,
        agenda_item=plan,
        year=2026,
        number=7,
        text="Der Jahresplan wird angenommen.",
        method=DecisionMethod.VOTE,
        votes_for=5,
        votes_against=1,
        abstentions=1,
    )
    DecisionFactory.create(
        meeting=meeting, year=2026, number=8, text="Ein Arbeitskreis wird gebildet."
    )
    ActionItemFactory.create(
        meeting=meeting,
        agenda_item=plan,
        title="Plan veröffentlichen",
        owner_person=anna,
        owner_organisation=alpha,
        due_date=dt.date(2026, 4, 30),
    )
    return meeting


def test_the_draft_is_generated_from_the_meeting():
    meeting = meeting_with_a_record(NetworkFactory.create(language="en"))

    text = generate(meeting)

    assert text.startswith("# Minutes: Frühjahrstreffen\n")
    lines = text.splitlines()

    def after(heading: str) -> list[str]:
        start = lines.index(heading) + 2
        end = next((i for i in range(start, len(lines)) if not lines[i]), len(lines))
        return lines[start:end]

    assert after("### Represented with authority") == ["- Alpha Werke: Anna Berg"]
    assert after("### Represented without authority") == ["- Beta Schule: Bo Lind"]
    assert after("### Absent") == ["- Gamma Kammer"]
    assert after("### Guests") == ["- Dr. Eva Expertin"]
    assert after("### 1. Jahresplan") == [
        "- **2026/07** Der Jahresplan wird angenommen. — Method: vote (5 votes for, "
        "1 vote against, 1 abstention).",
        "- Plan veröffentlichen — owner: Anna Berg, Alpha Werke; due: 04/30/2026",
    ]
    assert "### 2. Verschiedenes" in lines
    assert after("## Decisions") == [
        "- **2026/08** Ein Arbeitskreis wird gebildet. — Method: consensus."
    ]
    assert lines.index("### 1. Jahresplan") < lines.index("### 2. Verschiedenes")


def test_the_draft_uses_the_network_s_date_format():
    meeting = meeting_with_a_record(NetworkFactory.create(language="de"))

    text = generate(meeting)

    assert "30.04.2026" in text  # due date, German short format
    assert "12. März 2026 10:30" in text  # the start in Berlin time, German format


def editor(meeting: Meeting) -> tuple[Client, str]:
    coordinator = user_with_role(meeting.network, RoleKind.COORDINATOR)
    client = Client()
    client.force_login(coordinator)
    return client, f"/n/{meeting.network.slug}/meetings/{meeting.pk}/minutes/"


def test_the_editor_opens_with_the_generated_draft_unsaved():
    meeting = meeting_with_a_record(NetworkFactory.create(language="en"))
    client, url = editor(meeting)

    page = client.get(url + "edit/")

    html = page.content.decode()
    assert page.status_code == 200
    assert "# Minutes: Frühjahrstreffen" in html
    assert "**2026/07** Der Jahresplan wird angenommen." in html
    assert "This draft was generated from the meeting" in html
    assert 'hx-post="' + url + 'preview/"' in html
    assert 'hx-trigger="keyup changed delay:600ms"' in html
    assert not MinutesVersion.objects.exists()


def test_the_live_preview_renders_sanitised_markdown_and_saves_nothing():
    meeting = meeting_with_a_record(NetworkFactory.create(language="en"))
    client, url = editor(meeting)
    text = "## Verlauf\n\n**einig** <script>alert(1)</script>[x](javascript:alert(1))"

    fragment = client.post(url + "preview/", {"text": text}, HTTP_HX_REQUEST="true")
    without_js = client.post(url + "edit/", {"text": text, "base_version": 0, "preview": "1"})

    assert fragment.status_code == 200
    body = fragment.content.decode()
    assert body.startswith('<div id="minutes-preview"')
    assert "<h2>Verlauf</h2>" in body and "<strong>einig</strong>" in body
    assert "<script>alert" not in body and "javascript:" not in body
    assert without_js.status_code == 200
    assert "<strong>einig</strong>" in without_js.content.decode()
    assert not MinutesVersion.objects.exists()
    observer = user_with_role(meeting.network, RoleKind.OBSERVER)
    other = Client()
    other.force_login(observer)
    assert other.post(url + "preview/", {"text": text}).status_code == 403


@pytest.mark.parametrize("text", ["", "   ", "\r\n\t\n"])
def test_empty_minutes_are_not_a_version(text: str):
    meeting = meeting_with_a_record(NetworkFactory.create(language="en"))
    client, url = editor(meeting)

    response = client.post(url + "edit/", {"text": text, "base_version": 0})

    assert response.status_code == 200
    assert "The minutes are empty: write them before saving." in response.content.decode()
    assert not MinutesVersion.objects.exists()
    assert not Minutes.objects.exists()


def test_saving_the_same_text_makes_no_new_version():
    meeting = meeting_with_a_record(NetworkFactory.create(language="en"))
    client, url = editor(meeting)
    client.post(url + "edit/", {"text": "Line one\r\nLine two", "base_version": 0})

    again = client.post(
        url + "edit/", {"text": "Line one\nLine two", "base_version": 1}, follow=True
    )

    assert list(MinutesVersion.objects.values_list("number", "text")) == [(1, "Line one\nLine two")]
    assert "Nothing changed: the minutes stay at version 1." in again.content.decode()


def test_the_services_judge_the_meeting_as_it_is_now_not_as_the_caller_loaded_it(r: R):
    stale = MeetingFactory.create(arena=r.arena, starts_at=at(MEETING_DAY, 14))
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS):
        services.change_status(actor=r.coordinator, meeting=stale, status=status)
    assert stale.status == MeetingStatus.PLANNED  # the caller's object is out of date

    version = services.save_minutes(
        actor=r.coordinator, meeting=stale, text="Live notes", base_version=0, now=NOW
    )

    assert version.number == 1
