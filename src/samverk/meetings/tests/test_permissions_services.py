"""Permission matrix of every write service of the meetings domain.

For each kind of user (anonymous, another network's coordinator, every role of ours, the
platform admin) a service either works or raises PermissionDenied — and when it is refused,
nothing at all changed (networks rows, meetings rows, audit log)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from samverk.core import email
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
from samverk.meetings.tests.factories import ActionItemFactory, MeetingFactory, at
from samverk.networks.tests.helpers import ROLES, World, db_state

pytestmark = pytest.mark.django_db

_MEETING_MODELS = (
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


def meetings_state() -> dict[str, Any]:
    """Every row of the meetings and networks domains and the audit log."""
    state = db_state()
    for model in _MEETING_MODELS:
        state[model.__name__] = list(model.objects.order_by("pk").values())
    state["MeetingSeries.hosts"] = list(
        MeetingSeries.hosts.through.objects.order_by("pk").values_list(
            "meetingseries_id", "organisation_id"
        )
    )
    return state


MANAGERS = {"coordinator", "admin"}
# Answer for org_a (a member of the arena) / update an action that org_a owns.
ACTS_FOR_ORG_A = MANAGERS | {"partner_rep_own", "company_contact"}

TODAY = dt.date(2026, 12, 2)  # the day the services are called on (passed to them)
NEXT_WEEK = dt.date(2026, 12, 10)
LAST_MONTH = dt.date(2026, 11, 5)


class MeetingWorld(World):
    """The networks test world plus a meeting of its arena (member: org_a) with an agenda
    item, a later meeting of the same arena, circulated minutes and an action owned by org_a."""

    def __init__(self) -> None:
        super().__init__()
        admin = self.admin
        self.meeting = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q4", starts_at=at(NEXT_WEEK)
        )
        self.later = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q1", starts_at=at(dt.date(2027, 3, 4))
        )
        self.running = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q3", status="in_progress"
        )
        self.item = services.add_agenda_item(actor=admin, meeting=self.meeting, title="Plan")
        # Minutes belong to meetings that have taken place: one closed with draft minutes,
        # one closed with circulated minutes, approved at a meeting in progress.
        self.held_draft = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q2", starts_at=at(LAST_MONTH), status="closed"
        )
        self.held = MeetingFactory.create(
            arena=self.arena,
            title="Lenkungsgruppe Q3 (held)",
            starts_at=at(LAST_MONTH, 14),
            status="closed",
        )
        self.approving = MeetingFactory.create(
            arena=self.arena,
            title="Lenkungsgruppe Q4 (running)",
            starts_at=at(TODAY),
            status="in_progress",
        )
        for held in (self.held_draft, self.held):
            services.save_minutes(
                actor=admin, meeting=held, text="Draft", base_version=0, now=at(TODAY)
            )
        with email.no_mail():  # no PDF to render for every test's world
            services.circulate_minutes(
                actor=admin,
                meeting=self.held,
                objection_deadline=NEXT_WEEK,
                today=TODAY,
                now=at(TODAY),
            )
        self.action = ActionItemFactory.create(meeting=self.meeting, owner_organisation=self.org_a)
        self.series = services.create_series(
            actor=admin, arena=self.arena, title="Lenkungsgruppe", purpose="Steer."
        )


# service name → (call with the acting user, roles that may do it)
SERVICES: dict[str, tuple[Callable[[MeetingWorld, Any], Any], set[str]]] = {
    "create_series": (
        lambda w, u: services.create_series(
            actor=u, arena=w.arena, title="Quarterly", purpose="Meet.", hosts=[w.org_a]
        ),
        MANAGERS,
    ),
    "generate_year": (
        lambda w, u: services.generate_year(
            actor=u,
            series=w.series,
            first_start=at(dt.date(2027, 1, 14)),
            duration=dt.timedelta(hours=2),
        ),
        MANAGERS,
    ),
    "schedule_meeting": (
        lambda w, u: services.schedule_meeting(
            actor=u,
            arena=w.arena,
            title="Extra meeting",
            purpose="Decide the budget.",
            starts_at=at(NEXT_WEEK, 14),
            ends_at=at(NEXT_WEEK, 16),
        ),
        MANAGERS,
    ),
    "update_meeting": (
        lambda w, u: services.update_meeting(actor=u, meeting=w.meeting, title="Moved"),
        MANAGERS,
    ),
    "change_status": (
        lambda w, u: services.change_status(
            actor=u, meeting=w.meeting, status=MeetingStatus.INVITED
        ),
        MANAGERS,
    ),
    "add_agenda_item": (
        lambda w, u: services.add_agenda_item(actor=u, meeting=w.meeting, title="Budget"),
        MANAGERS,
    ),
    "record_rsvp (own organisation)": (
        lambda w, u: services.record_rsvp(
            actor=u,
            meeting=w.meeting,
            organisation=w.org_a,
            answer="principal",
            person=w.person_a,
            now=at(TODAY),
        ),
        ACTS_FOR_ORG_A,
    ),
    "check_in": (
        lambda w, u: services.check_in(actor=u, meeting=w.meeting, person=w.person_a),
        MANAGERS,
    ),
    "record_decision": (
        lambda w, u: services.record_decision(
            actor=u, meeting=w.running, text="Adopted.", binding=False
        ),
        MANAGERS,
    ),
    "create_action": (
        lambda w, u: services.create_action(
            actor=u,
            meeting=w.meeting,
            title="Write the plan",
            due_date=NEXT_WEEK,
            owner_organisation=w.org_a,
            today=TODAY,
        ),
        MANAGERS,
    ),
    "update_action_status": (
        lambda w, u: services.update_action_status(
            actor=u, action=w.action, status=ActionStatus.DONE
        ),
        ACTS_FOR_ORG_A,
    ),
    "save_minutes": (
        lambda w, u: services.save_minutes(
            actor=u, meeting=w.held_draft, text="Draft, revised", base_version=1, now=at(TODAY)
        ),
        MANAGERS,
    ),
    "set_minute_taker": (
        lambda w, u: services.set_minute_taker(
            actor=u, meeting=w.held_draft, minute_taker=w.coordinator
        ),
        MANAGERS,
    ),
    "circulate_minutes": (
        lambda w, u: services.circulate_minutes(
            actor=u,
            meeting=w.held_draft,
            objection_deadline=NEXT_WEEK,
            today=TODAY,
            now=at(TODAY),
        ),
        MANAGERS,
    ),
    "approve_minutes": (
        lambda w, u: services.approve_minutes(
            actor=u, meeting=w.held, at_meeting=w.approving, now=at(TODAY)
        ),
        MANAGERS,
    ),
}


@pytest.fixture
def world() -> MeetingWorld:
    return MeetingWorld()


@pytest.mark.parametrize("service", sorted(SERVICES))
@pytest.mark.parametrize("role", ROLES)
def test_write_services(world: MeetingWorld, role: str, service: str):
    call, allowed = SERVICES[service]
    user = world.users[role]
    before = meetings_state()

    if role in allowed:
        call(world, user)
        assert meetings_state() != before
    else:
        with pytest.raises(PermissionDenied):
            call(world, user)
        assert meetings_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_rsvp_for_another_organisation(world: MeetingWorld, role: str):
    """Representatives answer only for their own organisation: org_b's people may not answer
    for org_a, and org_a's people may not answer for org_b."""
    world.arena.members.add(world.org_b)
    before = meetings_state()

    if role in MANAGERS | {"partner_rep_other", "company_contact_other"}:
        rsvp = services.record_rsvp(
            actor=world.users[role],
            meeting=world.meeting,
            organisation=world.org_b,
            answer="principal",
            person=world.person_b,
            now=at(TODAY),
        )
        assert (rsvp.organisation, rsvp.person) == (world.org_b, world.person_b)
    else:
        with pytest.raises(PermissionDenied):
            services.record_rsvp(
                actor=world.users[role],
                meeting=world.meeting,
                organisation=world.org_b,
                answer="principal",
                person=world.person_b,
                now=at(TODAY),
            )
        assert meetings_state() == before


@pytest.mark.parametrize("role", ROLES)
def test_update_status_of_an_action_owned_through_a_person(world: MeetingWorld, role: str):
    """An action owned by a person: the representatives of that person's organisation act."""
    action = ActionItemFactory.create(meeting=world.meeting, owner_person=world.person_b)
    before = meetings_state()

    if role in MANAGERS | {"partner_rep_other", "company_contact_other"}:
        services.update_action_status(
            actor=world.users[role], action=action, status=ActionStatus.IN_PROGRESS
        )
        action.refresh_from_db()
        assert action.status == ActionStatus.IN_PROGRESS
    else:
        with pytest.raises(PermissionDenied):
            services.update_action_status(
                actor=world.users[role], action=action, status=ActionStatus.IN_PROGRESS
            )
        assert meetings_state() == before
