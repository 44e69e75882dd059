"""The meeting pages as coordinators, representatives and readers use them: every page
renders, the permission matrix of every GET and POST, bad input, and the htmx check-in."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client

from samverk.core import clock
from samverk.core.models import AuditRecord
from samverk.meetings import services
from samverk.meetings.choices import ActionStatus, MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    MeetingSeries,
    Minutes,
    MinutesVersion,
    Rsvp,
)
from samverk.meetings.tests.factories import at, in_progress
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Arena
from samverk.networks.tests.factories import PersonFactory
from samverk.networks.tests.helpers import ROLES, World, db_state

pytestmark = pytest.mark.django_db

# The meeting's day: a Tuesday in summer time (Berlin is UTC+2) some years ahead, so that it is
# upcoming (replies open) whenever the tests run. YEAR - 1 has a meeting of its own.
YEAR = clock.today_in("Europe/Berlin").year + 4
DAY = dt.date(YEAR, 9, 8) + dt.timedelta(days=(1 - dt.date(YEAR, 9, 8).weekday()) % 7)
_MODELS = (
    MeetingSeries,
    Meeting,
    AgendaItem,
    Rsvp,
    Attendance,
    Decision,
    ActionItem,
    Minutes,
    MinutesVersion,
)


def state() -> dict[str, Any]:
    """Every row of the networks and meetings domains and the audit log."""
    result = db_state()
    for model in _MODELS:
        result[model.__name__] = list(model.objects.order_by("pk").values())
    result["MeetingSeries.hosts"] = list(
        MeetingSeries.hosts.through.objects.order_by("pk").values_list(
            "meetingseries_id", "organisation_id"
        )
    )
    return result


class MeetingWorld(World):
    """The networks test world (arena "Lenkungsgruppe" with org_a and, here, org_b as
    members; person_a and person_b hold decision-authorised mandates) plus an earlier meeting
    with an overdue action and a meeting with an agenda item, a decision and an action."""

    def __init__(self) -> None:
        super().__init__()
        self.network.time_zone = "Europe/Berlin"
        self.network.save()
        self.arena.members.add(self.org_b)
        admin = self.admin
        # The pages compare with the real day: the earlier meeting and the overdue action are
        # placed relative to the network's today.
        self.today = today = clock.network_today(self.network)
        past = today - dt.timedelta(days=30)
        self.earlier = services.schedule_meeting(
            actor=admin,
            arena=self.arena,
            title="Lenkungsgruppe Q2",
            purpose="Agree the plan.",
            starts_at=at(past),
            ends_at=at(past, 12),
        )
        self.overdue = ActionItem.objects.create(
            network=self.network,
            meeting=self.earlier,
            title="Collect the vacancy figures",
            owner_organisation=self.org_b,
            due_date=today - dt.timedelta(days=3),
        )
        self.meeting = services.schedule_meeting(
            actor=admin,
            arena=self.arena,
            title="Lenkungsgruppe Q3",
            purpose="Decide the annual theme.",
            starts_at=at(DAY),
            ends_at=at(DAY, 12),
            venue="Rathaus Eberswalde",
            host=self.org_a,
        )
        self.item = services.add_agenda_item(
            actor=admin,
            meeting=self.meeting,
            title="Labour demand 2031",
            guest_presenter="Dr. Expert",
            planned_minutes=20,
        )
        # Recorded while the meeting was under way; the page is then shown as still planned.
        in_progress(self.meeting)
        self.decision = services.record_decision(
            actor=admin, meeting=self.meeting, text="The theme is care.", topic="care"
        )
        Meeting.objects.filter(pk=self.meeting.pk).update(status=MeetingStatus.PLANNED)
        self.meeting.refresh_from_db()
        self.action = services.create_action(
            actor=admin,
            meeting=self.meeting,
            title="Draft the theme paper",
            due_date=today + dt.timedelta(days=20),
            owner_person=self.person_b,
        )

    def url(self, path: str = "") -> str:
        return f"/n/{self.network.slug}/meetings/{path}"


@pytest.fixture
def world() -> MeetingWorld:
    return MeetingWorld()


def client_for(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def coordinator(world: MeetingWorld) -> Client:
    return client_for(world.coordinator)


def html(response: Any) -> str:
    return response.content.decode()


def local(day: dt.date, hour: int, minute: int = 0) -> str:
    return f"{day.isoformat()}T{hour:02d}:{minute:02d}"


# --- every page renders ----------------------------------------------------------------------


def test_every_page_renders_for_a_coordinator(world, coordinator):
    pk = world.meeting.pk
    paths = ["", "new/", "series/new/", f"{pk}/", f"{pk}/edit/", f"{pk}/cancel/"]
    paths += ["decisions/", "actions/", f"decisions/?q=care&year={YEAR}&sort=-topic"]
    paths += ["actions/?status=open&overdue=true"]

    statuses = {path: coordinator.get(world.url(path)).status_code for path in paths}

    assert statuses == dict.fromkeys(paths, 200)


def test_the_list_shows_times_in_the_networks_zone(world, coordinator):
    response = coordinator.get(world.url())

    page = html(response)
    assert [m.title for m in response.context["upcoming"]] == ["Lenkungsgruppe Q3"]
    assert [m.title for m in response.context["page"].object_list] == ["Lenkungsgruppe Q2"]
    assert "10:00–12:00" in page
    assert "Stadtwerke Eberswalde" in page  # the host
    assert "New meeting" in page and "New series" in page


def test_the_list_has_an_empty_state_and_no_buttons_for_readers(world):
    response = client_for(world.users["observer"]).get(world.url())

    assert "New meeting" not in html(response)
    ActionItem.objects.all().delete()
    Decision.objects.all().delete()
    Meeting.objects.all().delete()
    response = client_for(world.users["observer"]).get(world.url())
    assert "No meetings are scheduled." in html(response)
    assert "No past meetings." in html(response)


def _status(world: Any, status: str) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(status=status)


def test_the_meeting_page_shows_what_the_meeting_needs(world, coordinator):
    """Planned: the prepare phase (agenda, documents, open actions, the invitation)."""
    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))

    assert "<h1>Lenkungsgruppe Q3</h1>" in page
    assert "Decide the annual theme." in page
    assert "Dr. Expert" in page and "guest" in page
    assert "Collect the vacancy figures" in page  # carried over from the earlier meeting
    assert 'data-warning="overdue"' in page
    assert 'data-phase="prepare" data-state="current" aria-current="step"' in page
    assert f'href="/n/{world.network.slug}/meetings/{world.meeting.pk}/invite/"' in page
    assert "Mark as invited" not in page  # inviting has its own page
    # later phases are not open yet: no decisions, check-in or action forms
    assert 'id="attendance"' not in page and "Record a decision" not in page
    assert "Add an action" not in page


def test_the_invite_phase_shows_replies_expected_quorum_and_a_reminder(world, coordinator):
    _status(world, MeetingStatus.INVITED)

    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))

    assert 'data-phase="invite" data-state="current" aria-current="step"' in page
    assert 'data-phase="prepare" data-state="done"' in page
    assert "0 of 2 member organisations replied." in page
    # nobody replied: both members will lack an authorised representative
    assert "2 members will have no decision-authorised representative:" in page
    assert "The arena has no quorum rule." in page
    assert f'action="/n/{world.network.slug}/meetings/{world.meeting.pk}/remind/"' in page
    assert "Remind the 2 members who have not replied" in page
    assert "Start the meeting" in page
    assert "Agenda: 1 item" in page and "Add an agenda item" not in page


def test_the_run_phase_shows_quorum_decisions_and_actions(world, coordinator):
    _status(world, MeetingStatus.IN_PROGRESS)

    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))

    assert 'data-phase="run" data-state="current" aria-current="step"' in page
    assert f"{DAY.year}/01" in page and "The theme is care." in page
    assert "Draft the theme paper" in page
    assert 'data-quorate="no-rule"' in page and "No quorum rule." in page
    assert "Record a decision" in page and "Add an action" in page
    assert "Close the meeting" in page
    # the action form (owner choices grow with the arena) opens when asked for
    assert 'name="action-title"' not in page
    opened = html(coordinator.get(world.url(f"{world.meeting.pk}/?add=action")))
    assert 'name="action-title"' in opened
    # the agenda is a summary; its editing is one link away
    assert "Add an agenda item" not in page and "?phase=prepare" in page
    page = html(coordinator.get(world.url(f"{world.meeting.pk}/?phase=prepare")))
    assert "Add an agenda item" in page and "Record a decision" not in page


def test_the_follow_up_phase_links_the_minutes(world, coordinator):
    _status(world, MeetingStatus.CLOSED)

    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))

    assert 'data-phase="follow_up" data-state="current" aria-current="step"' in page
    assert f"/meetings/{world.meeting.pk}/minutes/" in page
    assert "The theme is care." in page and "Draft the theme paper" in page
    assert "Undo check-in" not in page and "Check in the guest" not in page


def test_a_cancelled_meeting_is_a_summary(world, coordinator):
    _status(world, MeetingStatus.CANCELLED)

    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))

    assert "This meeting was cancelled" in page
    assert "The agenda had 1 item." in page
    assert 'aria-current="step"' not in page and "Add an agenda item" not in page
    assert "Record a decision" not in page and "Check in" not in page


# --- scheduling --------------------------------------------------------------------------------


def test_schedule_a_meeting_in_the_networks_zone(world, coordinator):
    response = coordinator.post(
        world.url("new/"),
        {
            "arena": world.arena.pk,
            "title": "Extra meeting",
            "purpose": "Decide the budget.",
            "starts_at": local(DAY, 14),
            "ends_at": local(DAY, 16, 30),
            "online_link": "meet.example.org/abc",
            "host": world.org_b.pk,
            "is_public": "on",
        },
    )

    meeting = Meeting.objects.get(title="Extra meeting")
    assert response.status_code == 302
    assert response["Location"] == world.url(f"{meeting.pk}/")
    assert meeting.starts_at == dt.datetime.combine(DAY, dt.time(12, 0), tzinfo=dt.UTC)
    assert meeting.ends_at == dt.datetime.combine(DAY, dt.time(14, 30), tzinfo=dt.UTC)
    assert (meeting.online_link, meeting.host, meeting.is_public) == (
        "https://meet.example.org/abc",
        world.org_b,
        True,
    )
    assert AuditRecord.objects.for_object(meeting).get().actor == world.coordinator


def test_end_before_start_is_a_field_error_and_saves_nothing(world, coordinator):
    before = state()

    response = coordinator.post(
        world.url("new/"),
        {
            "arena": world.arena.pk,
            "title": "Backwards",
            "purpose": "None.",
            "starts_at": local(DAY, 14),
            "ends_at": local(DAY, 13),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"ends_at": ["The meeting must end after it starts."]}
    assert "The meeting must end after it starts." in html(response)
    assert state() == before


def test_a_meeting_outside_its_series_arena_is_refused(world, coordinator):
    other_arena = Arena.objects.create(network=world.network, name="Plenum", kind="plenary")
    series = services.create_series(
        actor=world.admin, arena=other_arena, title="Plenum", purpose="Meet."
    )
    before = state()

    response = coordinator.post(
        world.url("new/"),
        {
            "arena": world.arena.pk,
            "series": series.pk,
            "title": "Wrong arena",
            "purpose": "None.",
            "starts_at": local(DAY, 14),
            "ends_at": local(DAY, 15),
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "arena": ["The meeting must take place in its series' arena (Plenum)."]
    }
    assert state() == before


def test_an_arena_of_another_network_is_not_offered(world, coordinator):
    foreign = Arena.objects.create(network=world.other_network, name="Foreign", kind="plenary")
    before = state()

    response = coordinator.post(
        world.url("new/"),
        {
            "arena": foreign.pk,
            "title": "x",
            "purpose": "y",
            "starts_at": local(DAY, 14),
            "ends_at": local(DAY, 15),
        },
    )

    assert response.context["form"].errors == {
        "arena": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert state() == before


def test_create_a_series_and_generate_its_year(world, coordinator):
    response = coordinator.post(
        world.url("series/new/"),
        {
            "arena": world.arena.pk,
            "title": "Lenkungsgruppe quarterly",
            "cadence": "quarterly",
            "purpose": "Steer the network.",
            "hosts": [world.org_a.pk, world.org_b.pk],
            "first_start": "2030-03-12T10:00",
            "duration_minutes": "90",
        },
    )

    series = MeetingSeries.objects.get(title="Lenkungsgruppe quarterly")
    assert response.status_code == 302
    meetings = list(series.meetings.order_by("starts_at"))
    berlin = ZoneInfo("Europe/Berlin")
    assert [m.starts_at.astimezone(berlin).strftime("%Y-%m-%d %H:%M") for m in meetings] == [
        "2030-03-12 10:00",
        "2030-06-12 10:00",
        "2030-09-12 10:00",
        "2030-12-12 10:00",
    ]
    assert [m.host for m in meetings] == [world.org_b, world.org_a, world.org_b, world.org_a]
    assert meetings[0].ends_at - meetings[0].starts_at == dt.timedelta(minutes=90)
    assert "created with 4 meetings" in html(coordinator.get(response["Location"]))


def test_a_series_without_a_duration_saves_nothing(world, coordinator):
    before = state()

    response = coordinator.post(
        world.url("series/new/"),
        {
            "arena": world.arena.pk,
            "title": "No duration",
            "cadence": "monthly",
            "purpose": "Meet.",
            "first_start": "2030-03-12T10:00",
            "duration_minutes": "",
        },
    )

    assert response.context["form"].errors == {
        "duration_minutes": ["How long does each meeting last?"]
    }
    assert state() == before


def test_edit_a_meeting(world, coordinator):
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/edit/"),
        {
            "title": "Lenkungsgruppe Q3 (moved)",
            "purpose": "Decide the annual theme.",
            "starts_at": local(DAY, 9),
            "ends_at": local(DAY, 11),
            "venue": "Online",
        },
    )

    world.meeting.refresh_from_db()
    assert response.status_code == 302
    assert world.meeting.title == "Lenkungsgruppe Q3 (moved)"
    assert world.meeting.starts_at == dt.datetime.combine(DAY, dt.time(7, 0), tzinfo=dt.UTC)
    assert world.meeting.host is None


def test_cancel_asks_first_then_cancels(world, coordinator):
    url = world.url(f"{world.meeting.pk}/cancel/")

    question = coordinator.get(url)
    world.meeting.refresh_from_db()
    assert "Cancel “Lenkungsgruppe Q3”?" in html(question)
    assert world.meeting.status == MeetingStatus.PLANNED

    response = coordinator.post(url)
    world.meeting.refresh_from_db()
    assert response.status_code == 302
    assert world.meeting.status == MeetingStatus.CANCELLED
    assert "Cancel the meeting" not in html(coordinator.get(response["Location"]))


def test_status_buttons_move_the_meeting_on(world, coordinator):
    url = world.url(f"{world.meeting.pk}/status/")

    coordinator.post(url, {"status": "invited"})
    coordinator.post(url, {"status": "in_progress"})
    world.meeting.refresh_from_db()
    assert world.meeting.status == MeetingStatus.IN_PROGRESS

    before = state()
    response = coordinator.post(url, {"status": "planned"})
    assert response.status_code == 200
    assert "A meeting that is “in progress” cannot become “planned”." in html(response)
    assert state() == before


# --- running the meeting -------------------------------------------------------------------


def test_agenda_items_are_added_in_order(world, coordinator):
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/agenda/"),
        {
            "agenda-title": "Budget",
            "agenda-kind": "decision",
            "agenda-presenter": world.person_a.pk,
            "agenda-planned_minutes": "15",
        },
    )

    assert response.status_code == 302
    assert list(world.meeting.agenda_items.values_list("position", "title", "presenter")) == [
        (1, "Labour demand 2031", None),
        (2, "Budget", world.person_a.pk),
    ]


def test_a_partner_representative_replies_for_their_own_organisation(world):
    client = client_for(world.users["partner_rep_own"])
    page = client.get(world.url(f"{world.meeting.pk}/"))
    assert [o.name for o in page.context["rsvp_form"].fields["organisation"].queryset] == [
        "Stadtwerke Eberswalde"
    ]

    response = client.post(
        world.url(f"{world.meeting.pk}/replies/"),
        {"rsvp-organisation": world.org_a.pk, "rsvp-answer": "principal", "rsvp-person": ""},
    )

    assert response.status_code == 302
    assert list(Rsvp.objects.values_list("organisation", "answer")) == [
        (world.org_a.pk, "principal")
    ]


def test_a_partner_representative_cannot_reply_for_another_organisation(world):
    client = client_for(world.users["partner_rep_own"])
    before = state()

    response = client.post(
        world.url(f"{world.meeting.pk}/replies/"),
        {"rsvp-organisation": world.org_b.pk, "rsvp-answer": "principal"},
    )

    assert response.status_code == 200
    assert response.context["rsvp_form"].errors == {
        "organisation": ["Select a valid choice. That choice is not one of the available choices."]
    }
    assert state() == before


def test_a_reply_with_an_authorised_person_clears_the_warning(world, coordinator):
    _status(world, MeetingStatus.INVITED)
    coordinator.post(
        world.url(f"{world.meeting.pk}/replies/"),
        {
            "rsvp-organisation": world.org_a.pk,
            "rsvp-answer": "principal",
            "rsvp-person": world.person_a.pk,
        },
    )

    page = html(coordinator.get(world.url(f"{world.meeting.pk}/")))
    assert "1 member will have no decision-authorised representative:" in page
    assert "1 of 2 member organisations replied." in page


def test_check_in_shows_attendance_per_organisation_and_guests(world, coordinator):
    url = world.url(f"{world.meeting.pk}/check-in/")
    unmandated = PersonFactory.create(organisation=world.org_b, name="Kim Gast")

    coordinator.post(url, {"checkin-person": world.person_a.pk})
    coordinator.post(url, {"checkin-person": unmandated.pk})
    coordinator.post(url, {"checkin-guest_name": "Prof. Visitor"})

    _status(world, MeetingStatus.IN_PROGRESS)
    response = coordinator.get(world.url(f"{world.meeting.pk}/"))
    states = {str(a): a for a in response.context["attendances"]}
    assert set(states) == {"Anna Berg", "Kim Gast", "Prof. Visitor"}
    assert states["Anna Berg"].with_authority and not states["Anna Berg"].is_guest
    assert states["Kim Gast"].is_guest and states["Prof. Visitor"].is_guest
    assert response.context["quorum"].missing == {world.org_b.pk}
    assert "guest – not counted for quorum" in html(response)


def test_checking_in_twice_is_refused(world, coordinator):
    url = world.url(f"{world.meeting.pk}/check-in/")
    coordinator.post(url, {"checkin-person": world.person_a.pk})
    before = state()

    response = coordinator.post(url, {"checkin-person": world.person_a.pk})

    assert response.status_code == 200
    assert response.context["checkin_form"].errors == {
        "person": ["Anna Berg is already checked in."]
    }
    assert state() == before


def test_check_in_needs_a_person_or_a_name(world, coordinator):
    before = state()

    response = coordinator.post(world.url(f"{world.meeting.pk}/check-in/"), {})

    assert response.context["checkin_form"].errors == {
        "person": ["Choose a person or enter a guest's name."]
    }
    assert state() == before


def test_htmx_check_in_returns_only_the_attendance_partial(world, coordinator):
    world.arena.quorum_rule = QuorumRule.ALL_MEMBERS
    world.arena.save()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/check-in/"),
        {"checkin-person": world.person_a.pk},
        HTTP_HX_REQUEST="true",
    )

    page = html(response)
    assert response.status_code == 200
    assert page.lstrip().startswith(
        '<section aria-labelledby="attendance-heading" id="attendance">'
    )
    assert "<html" not in page and "<h1>" not in page and 'id="decisions"' not in page
    assert 'data-quorate="no"' in page
    assert "1 of 2 member organisations represented with authority; 2 required." in page
    assert "1 member not represented with authority" in page
    assert "Hochschule Eberswalde" in page
    assert "Anna Berg checked in." in page

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/check-in/"),
        {"checkin-person": world.person_b.pk},
        HTTP_HX_REQUEST="true",
    )
    assert 'data-quorate="yes"' in html(response)


def test_htmx_check_in_error_stays_in_the_partial(world, coordinator):
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/check-in/"), {}, HTTP_HX_REQUEST="true"
    )

    page = html(response)
    assert "<html" not in page
    assert "Choose a person or enter a guest&#x27;s name." in page


def test_record_a_decision_by_vote(world, coordinator):
    in_progress(world.meeting)
    # Two member organisations present with authority: two votes.
    for person in (world.person_a, world.person_b):
        services.check_in(actor=world.admin, meeting=world.meeting, person=person)
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/decisions/new/"),
        {
            "decision-text": "The budget is adopted.",
            "decision-method": "vote",
            "decision-votes_for": "1",
            "decision-votes_against": "1",
            "decision-abstentions": "0",
            "decision-topic": "budget",
            "decision-agenda_item": world.item.pk,
            "decision-binding": "on",
        },
    )

    assert response.status_code == 302
    decision = Decision.objects.get(text="The budget is adopted.")
    assert (decision.reference, decision.votes_for, decision.votes_against, decision.topic) == (
        f"{YEAR}/02",
        1,
        1,
        "budget",
    )
    assert f"{YEAR}/02" in html(coordinator.get(response["Location"]))


def test_a_vote_needs_its_votes(world, coordinator):
    before = state()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/decisions/new/"),
        {"decision-text": "x", "decision-method": "vote", "decision-binding": "on"},
    )

    assert response.context["decision_form"].errors == {
        "votes_for": ["Give the votes of a decision taken by vote."],
        "votes_against": ["Give the votes of a decision taken by vote."],
    }
    assert state() == before


def test_a_duplicate_decision_number_is_refused(world, coordinator):
    in_progress(world.meeting)
    before = state()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/decisions/new/"),
        {
            "decision-text": "Again.",
            "decision-method": "consensus",
            "decision-number": "1",
            "decision-binding": "on",
        },
    )

    assert response.status_code == 200
    assert response.context["decision_form"].errors == {
        "number": [f"Decision {YEAR}/01 already exists."]
    }
    assert state() == before


NOT_QUORATE = (
    "The meeting is not quorate, so a binding decision cannot be recorded. "
    "Record it as a recommendation instead."
)


def test_a_binding_decision_without_quorum_shows_the_message(world, coordinator):
    in_progress(world.meeting)
    world.arena.quorum_rule = QuorumRule.ALL_MEMBERS
    world.arena.save()
    before = state()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/decisions/new/"),
        {"decision-text": "Binding.", "decision-method": "consensus", "decision-binding": "on"},
    )

    assert response.status_code == 200
    assert response.context["decision_form"].errors == {"binding": [NOT_QUORATE]}
    assert NOT_QUORATE in html(response)
    assert state() == before

    # as a recommendation it is recorded
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/decisions/new/"),
        {"decision-text": "Recommended.", "decision-method": "consensus"},
    )
    assert response.status_code == 302
    assert Decision.objects.get(text="Recommended.").binding is False


def test_add_an_action_and_change_its_status(world, coordinator):
    due = world.today + dt.timedelta(days=10)
    response = coordinator.post(
        world.url(f"{world.meeting.pk}/actions/new/"),
        {
            "action-title": "Invite the employment agency",
            "action-owner_organisation": world.org_a.pk,
            "action-due_date": due.isoformat(),
            "action-decision": world.decision.pk,
        },
    )

    assert response.status_code == 302
    action = ActionItem.objects.get(title="Invite the employment agency")
    assert (action.due_date, action.owner_organisation, action.decision) == (
        due,
        world.org_a,
        world.decision,
    )

    response = coordinator.post(
        world.url(f"actions/{action.pk}/status/"), {f"action-{action.pk}-status": "done"}
    )
    action.refresh_from_db()
    assert response.status_code == 302
    assert action.status == ActionStatus.DONE


def test_an_action_due_in_the_past_is_refused(world, coordinator):
    before = state()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/actions/new/"),
        {
            "action-title": "Too late",
            "action-owner_organisation": world.org_a.pk,
            "action-due_date": (world.today - dt.timedelta(days=2)).isoformat(),
        },
    )

    assert response.status_code == 200
    assert response.context["action_form"].errors == {
        "due_date": ["An action cannot be due before it was created."]
    }
    assert state() == before


def test_an_action_needs_an_owner(world, coordinator):
    before = state()

    response = coordinator.post(
        world.url(f"{world.meeting.pk}/actions/new/"),
        {
            "action-title": "Nobody's",
            "action-due_date": (world.today + dt.timedelta(days=1)).isoformat(),
        },
    )

    assert response.context["action_form"].errors == {
        "owner_person": ["Name a person or an organisation as owner."]
    }
    assert state() == before


# --- registers -----------------------------------------------------------------------------


@pytest.fixture
def register(world):
    second = services.record_decision(
        actor=world.admin,
        meeting=in_progress(world.meeting),
        text="Apprenticeship fair in May.",
        topic="fair",
    )
    plenum = Arena.objects.create(network=world.network, name="Plenum", kind="plenary")
    old = services.schedule_meeting(
        actor=world.admin,
        arena=plenum,
        title=f"Plenum {YEAR - 1}",
        purpose="Meet.",
        starts_at=at(dt.date(YEAR - 1, 11, 5)),
        ends_at=at(dt.date(YEAR - 1, 11, 5), 12),
    )
    third = services.record_decision(
        actor=world.admin, meeting=in_progress(old), text="Care is a focus.", topic="care"
    )
    return {"second": second, "third": third, "plenum": plenum}


def references(response: Any) -> list[str]:
    return [d.reference for d in response.context["page"].object_list]


def test_decisions_register_search_filter_and_sort(world, coordinator, register):
    url = world.url("decisions/")

    assert references(coordinator.get(url)) == [f"{YEAR}/02", f"{YEAR}/01", f"{YEAR - 1}/01"]
    assert references(coordinator.get(url + "?sort=reference")) == [
        f"{YEAR - 1}/01",
        f"{YEAR}/01",
        f"{YEAR}/02",
    ]
    assert references(coordinator.get(url + "?q=care")) == [f"{YEAR}/01", f"{YEAR - 1}/01"]
    assert references(coordinator.get(url + "?q=fair")) == [f"{YEAR}/02"]
    assert references(coordinator.get(url + f"?year={YEAR - 1}")) == [f"{YEAR - 1}/01"]
    assert references(coordinator.get(url + f"?arena={register['plenum'].pk}")) == [
        f"{YEAR - 1}/01"
    ]
    assert references(coordinator.get(url + "?topic=CARE")) == [f"{YEAR}/01", f"{YEAR - 1}/01"]
    assert "3 decisions" in html(coordinator.get(url))


def test_decisions_register_ignores_a_foreign_arena(world, coordinator, register):
    foreign = Arena.objects.create(network=world.other_network, name="Foreign", kind="plenary")

    response = coordinator.get(world.url(f"decisions/?arena={foreign.pk}&year=abc"))

    assert response.status_code == 200
    assert references(response) == [f"{YEAR}/02", f"{YEAR}/01", f"{YEAR - 1}/01"]


def test_decisions_register_htmx_returns_the_results(world, coordinator, register):
    response = coordinator.get(world.url("decisions/?q=fair"), HTTP_HX_REQUEST="true")

    assert html(response).lstrip().startswith('<div id="results"')


def test_actions_overview_filters(world, coordinator):
    url = world.url("actions/")

    def titles(query: str) -> list[str]:
        return [a.title for a in coordinator.get(url + query).context["page"].object_list]

    assert titles("") == ["Collect the vacancy figures", "Draft the theme paper"]
    assert titles("?overdue=true") == ["Collect the vacancy figures"]
    assert titles(f"?owner={world.person_b.pk}") == ["Draft the theme paper"]
    assert titles(f"?owner_organisation={world.org_b.pk}") == ["Collect the vacancy figures"]
    assert titles("?status=done") == []
    assert "overdue" in html(coordinator.get(url))


def test_the_dashboard_lists_my_open_actions(world):
    user = world.users["partner_rep_other"]
    world.person_b.user = user
    world.person_b.save()

    page = html(client_for(user).get(f"/n/{world.network.slug}/"))

    mine = page[page.index("My open actions") :]
    mine = mine[: mine.index("</section>")]
    assert "Draft the theme paper" in mine
    assert "Collect the vacancy figures" not in mine  # owned by the organisation, not by me
    # The organisation's open actions are listed in their own section.
    ours = page[page.index("organisation-actions-heading") :]
    assert "Collect the vacancy figures" in ours[: ours.index("</section>")]


# --- permission matrix ---------------------------------------------------------------------

READERS = {"coordinator", "admin", "partner_rep_own", "partner_rep_other", "observer"}
READERS |= {"company_contact", "company_contact_other"}
MANAGERS = {"coordinator", "admin"}


def _get_pages(w: MeetingWorld) -> dict[str, tuple[str, set[str]]]:
    pk = w.meeting.pk
    return {
        "list": ("", READERS),
        "new": ("new/", MANAGERS),
        "series": ("series/new/", MANAGERS),
        "detail": (f"{pk}/", READERS),
        "edit": (f"{pk}/edit/", MANAGERS),
        "cancel": (f"{pk}/cancel/", MANAGERS),
        "decisions": ("decisions/", READERS),
        "actions": ("actions/", READERS),
        "check-in search": (f"{pk}/?q=a", READERS),
        "agenda item edit": (f"{pk}/agenda/{w.item.pk}/edit/", MANAGERS),
        "agenda item removal": (f"{pk}/agenda/{w.item.pk}/delete/", MANAGERS),
        "decision edit": (f"decisions/{w.decision.pk}/edit/", MANAGERS),
        "action edit": (f"actions/{w.action.pk}/edit/", MANAGERS),
    }


GET_PAGES = [
    "list",
    "new",
    "series",
    "detail",
    "edit",
    "cancel",
    "decisions",
    "actions",
    "check-in search",
    "agenda item edit",
    "agenda item removal",
    "decision edit",
    "action edit",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", GET_PAGES)
def test_get_permissions(world, role, page):
    path, allowed = _get_pages(world)[page]

    response = client_for(world.users[role]).get(world.url(path))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role == "other_network":
        assert response.status_code == 404
    else:
        assert response.status_code == (200 if role in allowed else 403)


def _posts(w: MeetingWorld) -> dict[str, tuple[str, dict[str, Any], set[str]]]:
    pk = w.meeting.pk
    due = (w.today + dt.timedelta(days=5)).isoformat()
    meeting_data = {
        "arena": w.arena.pk,
        "title": "Posted",
        "purpose": "p",
        "starts_at": local(DAY, 14),
        "ends_at": local(DAY, 15),
    }
    # org_a's representatives and contacts may reply for org_a and update its actions
    # (permissions.can_answer_for / can_update_action); everything else is the coordinator's.
    org_a = MANAGERS | {"partner_rep_own", "company_contact"}
    return {
        "new": ("new/", meeting_data, MANAGERS),
        "series": (
            "series/new/",
            {"arena": w.arena.pk, "title": "S", "cadence": "monthly", "purpose": "p"},
            MANAGERS,
        ),
        "edit": (f"{pk}/edit/", {**meeting_data, "title": "Edited"}, MANAGERS),
        "cancel": (f"{pk}/cancel/", {}, MANAGERS),
        "status": (f"{pk}/status/", {"status": "invited"}, MANAGERS),
        "agenda": (f"{pk}/agenda/", {"agenda-title": "T", "agenda-kind": "report"}, MANAGERS),
        "reply for org_a": (
            f"{pk}/replies/",
            {"rsvp-organisation": w.org_a.pk, "rsvp-answer": "deputy"},
            org_a,
        ),
        "check-in": (f"{pk}/check-in/", {"checkin-guest_name": "G"}, MANAGERS),
        "decision": (
            f"{pk}/decisions/new/",
            {"decision-text": "D", "decision-method": "consent"},
            MANAGERS,
        ),
        "action": (
            f"{pk}/actions/new/",
            {"action-title": "A", "action-owner_organisation": w.org_a.pk, "action-due_date": due},
            MANAGERS,
        ),
        "action status (org_b's)": (
            f"actions/{w.action.pk}/status/",
            {f"action-{w.action.pk}-status": "done"},
            MANAGERS | {"partner_rep_other", "company_contact_other"},
        ),
        "agenda item edit": (
            f"{pk}/agenda/{w.item.pk}/edit/",
            {"agenda-title": "Renamed", "agenda-kind": "report"},
            MANAGERS,
        ),
        "agenda item move": (f"{pk}/agenda/{w.item.pk}/move/", {"direction": "down"}, MANAGERS),
        "agenda item removal": (f"{pk}/agenda/{w.item.pk}/delete/", {}, MANAGERS),
        "decision edit": (
            f"decisions/{w.decision.pk}/edit/",
            {"decision-text": "Corrected.", "decision-method": "consent"},
            MANAGERS,
        ),
        "action edit": (
            f"actions/{w.action.pk}/edit/",
            {
                "action-title": "Renamed",
                "action-owner_organisation": w.org_a.pk,
                "action-due_date": due,
            },
            MANAGERS,
        ),
    }


POSTS = [
    "new",
    "series",
    "edit",
    "cancel",
    "status",
    "agenda",
    "reply for org_a",
    "check-in",
    "decision",
    "action",
    "action status (org_b's)",
    "agenda item edit",
    "agenda item move",
    "agenda item removal",
    "decision edit",
    "action edit",
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("post", POSTS)
def test_post_permissions(world, role, post):
    if post in ("decision", "decision edit"):  # decisions are taken at a meeting under way
        in_progress(world.meeting)
    if post == "agenda item move":  # something to change places with
        services.add_agenda_item(actor=world.admin, meeting=world.meeting, title="Budget")
    path, data, allowed = _posts(world)[post]
    before = state()

    response = client_for(world.users[role]).post(world.url(path), data)

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")
    elif role == "other_network":
        assert response.status_code == 404
    elif role in allowed:
        assert response.status_code == 302, html(response)
        assert state() != before
        return
    elif post == "reply for org_a" and role.endswith("_other"):
        # may reply, but only for org_b: org_a is not offered
        assert response.status_code == 200
        assert "rsvp-organisation" in html(response)
        assert list(response.context["rsvp_form"].errors) == ["organisation"]
    else:
        assert response.status_code == 403
    assert state() == before


def test_a_meeting_of_another_network_is_not_found(world, coordinator):
    foreign_arena = Arena.objects.create(network=world.other_network, name="F", kind="plenary")
    foreign = services.schedule_meeting(
        actor=world.admin,
        arena=foreign_arena,
        title="Foreign",
        purpose="p",
        starts_at=at(DAY),
        ends_at=at(DAY, 12),
    )
    before = state()

    assert coordinator.get(world.url(f"{foreign.pk}/")).status_code == 404
    assert coordinator.post(world.url(f"{foreign.pk}/cancel/")).status_code == 404
    assert coordinator.post(world.url(f"{foreign.pk}/check-in/"), {}).status_code == 404
    assert state() == before


def test_readers_see_no_forms_on_the_meeting_page(world):
    response = client_for(world.users["observer"]).get(world.url(f"{world.meeting.pk}/"))

    context = response.context
    keys = ("agenda_form", "decision_form", "action_form", "checkin_form", "rsvp_form")
    assert [context.get(k) for k in keys] == [None] * 5
    assert not context.get("status_buttons")
    page = html(response)
    assert "Decide the annual theme." in page  # the agenda, read only
    assert "Add an agenda item" not in page and "Start the meeting" not in page
    assert "<textarea" not in page and "rsvp-answer" not in page


def test_get_on_a_post_only_address_is_not_allowed(world, coordinator):
    assert coordinator.get(world.url(f"{world.meeting.pk}/check-in/")).status_code == 405
