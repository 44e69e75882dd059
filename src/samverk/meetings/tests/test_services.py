"""Service functions of the meetings domain: what they store, what they refuse (with which
message, changing nothing), and the audit record each writes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord
from samverk.meetings import services
from samverk.meetings.choices import ActionStatus, Cadence, MeetingStatus
from samverk.meetings.models import (
    ActionItem,
    AgendaItem,
    Attendance,
    Decision,
    Meeting,
    Minutes,
    Rsvp,
)
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    AgendaItemFactory,
    DecisionFactory,
    MeetingFactory,
    at,
    in_progress,
)
from samverk.meetings.tests.test_permissions_services import meetings_state
from samverk.networks.choices import QuorumRule
from samverk.networks.models import Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
MEETING_DAY = dt.date(2026, 12, 10)
# The day (and moment) the services are called on, a week before the meeting: passed to those
# that compare with today, so that no test depends on the day it runs.
TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime.combine(TODAY, dt.time(9), tzinfo=BERLIN)
NOT_QUORATE = (
    "The meeting is not quorate, so a binding decision cannot be recorded. "
    "Record it as a recommendation instead."
)


def audit_records(obj: Any) -> list[tuple[str, Any, dict[str, Any]]]:
    """(action, actor, changes) of every audit record of ``obj``, oldest first."""
    return [
        (r.action, r.actor, r.changes)
        for r in AuditRecord.objects.for_object(obj).order_by("id").select_related("actor")
    ]


def refusal(call: Any) -> dict[str, list[str]]:
    """The field errors of a refused service call; asserts that nothing changed."""
    before = meetings_state()
    with pytest.raises(ValidationError) as exc:
        call()
    assert meetings_state() == before
    return exc.value.message_dict


class W:
    """Our network (Berlin): an arena whose members are A (Stadtwerke) and B (Hochschule);
    C is a network member outside the arena. A has an authorised principal (Anna), a deputy
    without authority (Arne) and a colleague without mandate (Alma); B and C have an authorised
    representative each. The other network has a person of its own."""

    def __init__(self) -> None:
        self.network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
        self.coordinator = user_with_role(self.network, RoleKind.COORDINATOR)
        self.org_a = OrganisationFactory.create(network=self.network, name="Stadtwerke")
        self.org_b = OrganisationFactory.create(network=self.network, name="Hochschule")
        self.org_c = OrganisationFactory.create(network=self.network, name="Kammer")
        membership_a = MembershipFactory.create(organisation=self.org_a)
        self.anna = self._mandate(membership_a, "Anna Berg", authorised=True)
        self.arne = self._mandate(membership_a, "Arne Dahl", authorised=False, role="deputy")
        self.alma = PersonFactory.create(organisation=self.org_a, name="Alma Ek")
        self.bo = self._mandate(MembershipFactory.create(organisation=self.org_b), "Bo Lind")
        self.cleo = self._mandate(MembershipFactory.create(organisation=self.org_c), "Cleo Sund")
        self.arena = ArenaFactory.create(network=self.network, name="Lenkungsgruppe")
        self.arena.members.set([self.org_a, self.org_b])
        self.other_arena = ArenaFactory.create(network=self.network, name="AG Pflege")
        self.meeting = MeetingFactory.create(
            arena=self.arena, title="Lenkungsgruppe Q4", starts_at=at(MEETING_DAY)
        )
        self.other_network = NetworkFactory.create(name="Elsewhere", slug="elsewhere")
        self.foreign_org = OrganisationFactory.create(network=self.other_network)
        self.stranger = PersonFactory.create(organisation=self.foreign_org, name="Finn Fjord")

    def _mandate(self, membership: Any, name: str, authorised: bool = True, **kw: Any) -> Person:
        person = PersonFactory.create(organisation=membership.organisation, name=name)
        MandateFactory.create(
            membership=membership, person=person, decision_authorised=authorised, **kw
        )
        return person

    def require_all_members(self) -> None:
        self.arena.quorum_rule = QuorumRule.ALL_MEMBERS
        self.arena.save()

    def meeting_on(self, day: dt.date, arena: Any = None, **kw: Any) -> Meeting:
        return MeetingFactory.create(arena=arena or self.arena, starts_at=at(day), **kw)


@pytest.fixture
def w() -> W:
    return W()


# --- check-in --------------------------------------------------------------------------------


def attendance_row(a: Attendance) -> tuple[Any, ...]:
    return (a.person, a.guest_name, a.organisation, a.with_authority, a.is_guest)


def test_check_in_with_an_authorised_mandate_counts_with_authority(w: W):
    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)

    assert attendance_row(attendance) == (w.anna, "", w.org_a, True, False)
    assert audit_records(attendance) == [
        (
            AuditAction.CREATE,
            w.coordinator,
            {
                "meeting": [None, "Lenkungsgruppe Q4"],
                "person": [None, "Anna Berg"],
                "organisation": [None, "Stadtwerke"],
                "with_authority": [None, True],
                "is_guest": [None, False],
            },
        )
    ]


def test_check_in_with_a_mandate_without_authority_is_present_without_authority(w: W):
    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.arne)

    assert attendance_row(attendance) == (w.arne, "", w.org_a, False, False)


def test_check_in_without_a_mandate_is_allowed_as_a_guest(w: W):
    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.alma)

    assert attendance_row(attendance) == (w.alma, "", w.org_a, False, True)


def test_check_in_with_a_mandate_for_an_organisation_outside_the_arena_is_a_guest(w: W):
    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.cleo)

    assert attendance_row(attendance) == (w.cleo, "", w.org_c, False, True)
    assert services.quorum_of(w.meeting).represented == 0


def test_check_in_with_a_mandate_that_ended_before_the_meeting_is_a_guest(w: W):
    mandate = w.bo.mandates.get()
    mandate.valid_until = MEETING_DAY - dt.timedelta(days=1)
    mandate.save()

    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.bo)

    assert attendance_row(attendance) == (w.bo, "", w.org_b, False, True)


def test_check_in_of_a_guest_by_name(w: W):
    attendance = services.check_in(
        actor=w.coordinator, meeting=w.meeting, guest_name="  Dr. Eva Expert "
    )

    assert attendance_row(attendance) == (None, "Dr. Eva Expert", None, False, True)
    assert [a.action for a in AuditRecord.objects.for_object(attendance)] == ["create"]


def test_check_in_of_the_same_person_twice_is_refused(w: W):
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)

    errors = refusal(
        lambda: services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    )

    assert errors == {"person": ["Anna Berg is already checked in."]}
    assert Attendance.objects.count() == 1


def test_check_in_of_a_person_of_another_network_is_refused(w: W):
    errors = refusal(
        lambda: services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.stranger)
    )

    assert errors == {"person": ["Choose one of this network's own entries."]}
    assert not Attendance.objects.exists()


def test_check_in_of_nobody_is_refused(w: W):
    errors = refusal(
        lambda: services.check_in(actor=w.coordinator, meeting=w.meeting, guest_name="   ")
    )

    assert errors == {"person": ["Choose a person or enter a guest's name."]}


# --- decisions -------------------------------------------------------------------------------


def decide(w: W, meeting: Meeting, **kw: Any) -> Decision:
    """A decision at a meeting under way."""
    if meeting.status == MeetingStatus.PLANNED:
        in_progress(meeting)
    return services.record_decision(actor=w.coordinator, meeting=meeting, text="Agreed.", **kw)


def test_decisions_are_numbered_per_network_and_year(w: W):
    march = w.meeting_on(dt.date(2026, 3, 5))
    other = MeetingFactory.create(
        arena=ArenaFactory.create(network=w.other_network), starts_at=at(MEETING_DAY)
    )
    next_year = w.meeting_on(dt.date(2027, 3, 4))

    references = [
        decide(w, march).reference,
        decide(w, march).reference,
        decide(w, w.meeting).reference,
        services.record_decision(
            actor=user_with_role(w.other_network, RoleKind.COORDINATOR),
            meeting=in_progress(other),
            text="Yes.",
        ).reference,
        decide(w, next_year).reference,
        decide(w, next_year).reference,
        decide(w, w.meeting).reference,
    ]

    assert references == [
        "2026/01",
        "2026/02",
        "2026/03",
        "2026/01",
        "2027/01",
        "2027/02",
        "2026/04",
    ]
    assert list(
        Decision.objects.for_network(w.network).values_list("year", "number", "meeting")
    ) == [
        (2027, 2, next_year.pk),
        (2027, 1, next_year.pk),
        (2026, 4, w.meeting.pk),
        (2026, 3, w.meeting.pk),
        (2026, 2, march.pk),
        (2026, 1, march.pk),
    ]


def test_decision_year_is_the_year_in_the_networks_time_zone():
    """23:30 UTC on New Year's Eve is still 2026 for a network that keeps UTC, even where
    Berlin (the default zone) is already in 2027."""
    network = NetworkFactory.create(time_zone="UTC")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    meeting = MeetingFactory.create(
        arena=ArenaFactory.create(network=network),
        starts_at=dt.datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
    )

    decision = services.record_decision(
        actor=coordinator, meeting=in_progress(meeting), text="Agreed."
    )

    assert decision.reference == "2026/01"


def test_an_explicit_number_is_used_and_a_duplicate_is_refused(w: W):
    assert decide(w, w.meeting, number=7).reference == "2026/07"

    errors = refusal(lambda: decide(w, w.meeting, number=7))

    assert errors == {"number": ["Decision 2026/07 already exists."]}
    assert decide(w, w.meeting).reference == "2026/08"


def test_a_binding_decision_is_refused_when_the_meeting_is_not_quorate(w: W):
    w.require_all_members()
    in_progress(w.meeting)
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)

    errors = refusal(lambda: decide(w, w.meeting))

    assert errors == {"binding": [NOT_QUORATE]}
    assert not Decision.objects.exists()


def test_without_quorum_a_decision_is_recorded_as_a_recommendation(w: W):
    w.require_all_members()

    decision = decide(w, w.meeting, binding=False, topic="Budget")

    assert (decision.reference, decision.binding, decision.topic) == ("2026/01", False, "Budget")
    assert audit_records(decision) == [
        (
            AuditAction.CREATE,
            w.coordinator,
            {
                "network": [None, "Netzwerk Barnim"],
                "meeting": [None, "Lenkungsgruppe Q4"],
                "year": [None, 2026],
                "number": [None, 1],
                "text": [None, "Agreed."],
                "topic": [None, "Budget"],
                "method": [None, "consensus"],
                "binding": [None, False],
            },
        )
    ]


def test_a_binding_decision_is_accepted_when_the_meeting_is_quorate(w: W):
    w.require_all_members()
    item = AgendaItemFactory.create(meeting=w.meeting, kind="decision")
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.bo)

    decision = decide(
        w, w.meeting, agenda_item=item, method="vote", votes_for=1, votes_against=1, abstentions=0
    )

    assert Decision.objects.get() == decision
    assert (decision.binding, decision.agenda_item, decision.method) == (True, item, "vote")
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (1, 1, 0)


def test_a_decision_on_an_agenda_item_of_another_meeting_is_refused(w: W):
    foreign_item = AgendaItemFactory.create(meeting=w.meeting_on(dt.date(2026, 9, 3)))
    in_progress(w.meeting)

    errors = refusal(lambda: decide(w, w.meeting, agenda_item=foreign_item))

    assert errors == {"agenda_item": ["Choose an item of this meeting's agenda."]}


def test_a_decision_with_an_unknown_method_is_refused(w: W):
    in_progress(w.meeting)
    errors = refusal(lambda: decide(w, w.meeting, method="acclamation"))

    assert errors == {"method": ["Value 'acclamation' is not a valid choice."]}


# --- actions ---------------------------------------------------------------------------------


def act(w: W, **kw: Any) -> ActionItem:
    fields: dict[str, Any] = {
        "title": "Draft the plan",
        "owner_organisation": w.org_a,
        "today": TODAY,
    }
    fields.update(kw)
    return services.create_action(actor=w.coordinator, meeting=w.meeting, **fields)


def test_create_action(w: W):
    today = TODAY

    action = act(w, due_date=today, owner_person=w.anna)

    assert ActionItem.objects.get() == action
    assert (action.network, action.status, action.due_date) == (w.network, "open", today)
    assert audit_records(action) == [
        (
            AuditAction.CREATE,
            w.coordinator,
            {
                "network": [None, "Netzwerk Barnim"],
                "meeting": [None, "Lenkungsgruppe Q4"],
                "title": [None, "Draft the plan"],
                "owner_person": [None, "Anna Berg"],
                "owner_organisation": [None, "Stadtwerke"],
                "due_date": [None, today.isoformat()],
                "status": [None, "open"],
            },
        )
    ]


def test_an_action_due_before_today_is_refused(w: W):
    yesterday = TODAY - dt.timedelta(days=1)

    errors = refusal(lambda: act(w, due_date=yesterday))

    assert errors == {"due_date": ["An action cannot be due before it was created."]}


def test_without_a_day_an_action_is_created_on_the_networks_today(w: W):
    """The service's ``today`` defaults to the network's day (the real one: two days' margin
    either side, so that the test holds on any day and at midnight)."""
    today = clock.network_today(w.network)

    errors = refusal(lambda: act(w, due_date=today - dt.timedelta(days=2), today=None))
    action = act(w, due_date=today + dt.timedelta(days=2), today=None)

    assert errors == {"due_date": ["An action cannot be due before it was created."]}
    assert action.due_date == today + dt.timedelta(days=2)


def test_an_action_needs_an_owner(w: W):
    errors = refusal(lambda: act(w, due_date=MEETING_DAY, owner_organisation=None))

    assert errors == {"owner_person": ["Name a person or an organisation as owner."]}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("owner_person", lambda w: w.stranger),
        ("owner_organisation", lambda w: w.foreign_org),
        ("decision", lambda w: DecisionFactory.create(meeting__arena__network=w.other_network)),
    ],
)
def test_an_action_with_entries_of_another_network_is_refused(w: W, field: str, value: Any):
    foreign = value(w)

    errors = refusal(lambda: act(w, due_date=MEETING_DAY, **{field: foreign}))

    assert errors == {field: ["Choose one of this network's own entries."]}


def test_an_action_from_an_agenda_item_of_another_meeting_is_refused(w: W):
    foreign_item = AgendaItemFactory.create(meeting=w.meeting_on(dt.date(2026, 9, 3)))
    in_progress(w.meeting)

    errors = refusal(lambda: act(w, due_date=MEETING_DAY, agenda_item=foreign_item))

    assert errors == {"agenda_item": ["Choose an item of this meeting's agenda."]}


def test_update_action_status(w: W):
    action = act(w, due_date=MEETING_DAY)

    services.update_action_status(actor=w.coordinator, action=action, status=ActionStatus.DONE)

    action.refresh_from_db()
    assert action.status == ActionStatus.DONE
    assert audit_records(action)[-1] == (
        AuditAction.UPDATE,
        w.coordinator,
        {"status": ["open", "done"]},
    )


def test_update_action_status_to_an_unknown_status_is_refused(w: W):
    action = act(w, due_date=MEETING_DAY)

    errors = refusal(
        lambda: services.update_action_status(actor=w.coordinator, action=action, status="lost")
    )

    assert errors == {"status": ["Value 'lost' is not a valid choice."]}


def test_open_actions_of_earlier_meetings_of_the_same_arena_are_carried_over(w: W):
    september = w.meeting_on(dt.date(2026, 9, 3))
    june = w.meeting_on(dt.date(2026, 6, 4))
    march_next = w.meeting_on(dt.date(2027, 3, 4))
    elsewhere = w.meeting_on(dt.date(2026, 9, 10), arena=w.other_arena)

    def action(meeting: Meeting, title: str, status: str = ActionStatus.OPEN) -> None:
        ActionItemFactory.create(meeting=meeting, title=title, status=status)

    action(june, "June open")
    action(june, "June in progress", ActionStatus.IN_PROGRESS)
    action(june, "June done", ActionStatus.DONE)
    action(september, "September dropped", ActionStatus.DROPPED)
    action(september, "September open")
    action(w.meeting, "Agreed today")
    action(march_next, "Agreed next year")
    action(elsewhere, "Other arena")

    titles = sorted(a.title for a in services.carried_over_actions(w.meeting))
    assert titles == ["June in progress", "June open", "September open"]
    assert sorted(a.title for a in services.carried_over_actions(march_next)) == [
        "Agreed today",
        "June in progress",
        "June open",
        "September open",
    ]


# --- minutes ---------------------------------------------------------------------------------

# The minutes are written once the meeting has taken place: "now" is the day after it.
AFTER = dt.datetime.combine(MEETING_DAY + dt.timedelta(days=1), dt.time(9), tzinfo=BERLIN)
AFTER_DAY = MEETING_DAY + dt.timedelta(days=1)


def hold(w: W) -> Meeting:
    """Run w.meeting through invited, in progress, closed."""
    for status in (MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED):
        w.meeting = services.change_status(actor=w.coordinator, meeting=w.meeting, status=status)
    return w.meeting


def save(w: W, text: str, base: int, meeting: Meeting | None = None, actor: Any = None) -> Any:
    return services.save_minutes(
        actor=actor or w.coordinator,
        meeting=meeting or w.meeting,
        text=text,
        base_version=base,
        now=AFTER,
    )


def circulate(w: W, meeting: Meeting | None = None) -> Any:
    return services.circulate_minutes(
        actor=w.coordinator,
        meeting=meeting or w.meeting,
        objection_deadline=AFTER_DAY + dt.timedelta(days=14),
        today=AFTER_DAY,
        now=AFTER,
    )


def versions(meeting: Meeting) -> list[tuple[int, str]]:
    return list(
        Minutes.objects.get(meeting=meeting)
        .versions.order_by("number")
        .values_list("number", "text")
    )


def test_minutes_keep_every_version(w: W):
    hold(w)
    first = save(w, "Present: A, B", 0)
    second = save(w, "Present: A, B. Decided: the plan.", 1)

    assert (first.number, second.number, second.author) == (1, 2, w.coordinator)
    assert versions(w.meeting) == [(1, "Present: A, B"), (2, "Present: A, B. Decided: the plan.")]
    minutes = Minutes.objects.get(meeting=w.meeting)
    assert minutes.status == Minutes.Status.DRAFT
    assert [r[2] for r in audit_records(minutes)] == [{"version": [0, 1]}, {"version": [1, 2]}]


def test_two_editors_of_the_same_version_lose_nothing(w: W):
    hold(w)
    other_editor = user_with_role(w.network, RoleKind.COORDINATOR)
    save(w, "v1", 0)
    # both open version 1; the coordinator saves first
    save(w, "v1 + coordinator's notes", 1)
    before = meetings_state()

    with pytest.raises(services.MinutesConflict) as exc:
        save(w, "v1 + other editor's notes", 1, actor=other_editor)

    assert (exc.value.current.number, exc.value.current.text) == (2, "v1 + coordinator's notes")
    assert meetings_state() == before
    assert versions(w.meeting) == [(1, "v1"), (2, "v1 + coordinator's notes")]

    # the other editor merges both texts and saves on top of version 2
    merged = save(w, "v1 + coordinator's notes + other editor's notes", 2, actor=other_editor)
    assert (merged.number, merged.author) == (3, other_editor)


def test_saving_on_a_version_that_does_not_exist_is_refused(w: W):
    hold(w)
    errors = refusal(lambda: save(w, "text", 3))

    assert errors == {"text": ["The minutes changed meanwhile; reload them and try again."]}
    assert not Minutes.objects.exists()


def test_circulating_needs_a_version(w: W):
    hold(w)
    errors = refusal(lambda: circulate(w))

    assert errors == {"text": ["Write the minutes before circulating them."]}


def circulated(w: W) -> Minutes:
    hold(w)
    save(w, "The minutes", 0)
    circulate(w)
    return Minutes.objects.get(meeting=w.meeting)


def test_minutes_are_approved_at_a_later_meeting_of_the_same_arena(w: W):
    later = w.meeting_on(dt.date(2027, 3, 4), status=MeetingStatus.IN_PROGRESS)
    circulated(w)

    minutes = services.approve_minutes(
        actor=w.coordinator, meeting=w.meeting, at_meeting=later, now=AFTER
    )

    minutes.refresh_from_db()
    w.meeting.refresh_from_db()
    assert (minutes.status, minutes.approved_at) == (Minutes.Status.APPROVED, later)
    assert w.meeting.status == MeetingStatus.MINUTES_APPROVED
    assert [r[2] for r in audit_records(minutes)][-3:] == [
        {"status": ["draft", "circulated"]},
        {
            "circulated": [None, 1],
            "objection_deadline": [None, "2026-12-25"],
            "recipients": [None, 3],
        },
        {"status": ["circulated", "approved"], "approved_at": [None, str(later)]},
    ]
    assert audit_records(w.meeting)[-1][2] == {"status": ["closed", "minutes_approved"]}


@pytest.mark.parametrize(
    "where",
    [
        pytest.param(lambda w: w.meeting, id="same meeting"),
        pytest.param(
            lambda w: w.meeting_on(dt.date(2026, 9, 3), status="closed"), id="earlier meeting"
        ),
        pytest.param(
            lambda w: w.meeting_on(dt.date(2027, 3, 4), arena=w.other_arena, status="in_progress"),
            id="other arena",
        ),
    ],
)
def test_minutes_are_not_approved_elsewhere(w: W, where: Any):
    circulated(w)
    at_meeting = where(w)

    errors = refusal(
        lambda: services.approve_minutes(
            actor=w.coordinator, meeting=w.meeting, at_meeting=at_meeting, now=AFTER
        )
    )

    assert errors == {"at_meeting": ["Minutes are approved at a later meeting of the same arena."]}


def test_draft_minutes_cannot_be_approved(w: W):
    hold(w)
    save(w, "The minutes", 0)
    later = w.meeting_on(dt.date(2027, 3, 4), status=MeetingStatus.IN_PROGRESS)

    errors = refusal(
        lambda: services.approve_minutes(
            actor=w.coordinator, meeting=w.meeting, at_meeting=later, now=AFTER
        )
    )

    assert errors == {"status": ["Only circulated minutes can be approved."]}


def test_approved_minutes_cannot_be_changed(w: W):
    later = w.meeting_on(dt.date(2027, 3, 4), status=MeetingStatus.IN_PROGRESS)
    circulated(w)
    services.approve_minutes(actor=w.coordinator, meeting=w.meeting, at_meeting=later, now=AFTER)

    assert refusal(lambda: save(w, "Rewritten", 1)) == {
        "text": ["Approved minutes cannot be changed."]
    }
    assert refusal(lambda: circulate(w)) == {"status": ["Approved minutes cannot be changed."]}
    assert Minutes.objects.get().status == Minutes.Status.APPROVED


# --- scheduling --------------------------------------------------------------------------------


def schedule(w: W, **kw: Any) -> Meeting:
    fields: dict[str, Any] = {
        "title": "Plenum",
        "purpose": "Agree the annual plan.",
        "starts_at": at(MEETING_DAY, 10),
        "ends_at": at(MEETING_DAY, 12),
    }
    fields.update(kw)
    return services.schedule_meeting(actor=w.coordinator, arena=w.arena, **fields)


def test_schedule_meeting(w: W):
    meeting = schedule(w, venue="Rathaus Eberswalde", host=w.org_b)

    assert Meeting.objects.get(pk=meeting.pk).starts_at == dt.datetime(2026, 12, 10, 9, tzinfo=UTC)
    assert (meeting.network, meeting.arena, meeting.status, meeting.sequence) == (
        w.network,
        w.arena,
        "planned",
        0,
    )
    assert audit_records(meeting) == [
        (
            AuditAction.CREATE,
            w.coordinator,
            {
                "network": [None, "Netzwerk Barnim"],
                "arena": [None, "Lenkungsgruppe"],
                "title": [None, "Plenum"],
                "purpose": [None, "Agree the annual plan."],
                "starts_at": [None, "2026-12-10T10:00:00+01:00"],
                "ends_at": [None, "2026-12-10T12:00:00+01:00"],
                "venue": [None, "Rathaus Eberswalde"],
                "host": [None, "Hochschule"],
                "status": [None, "planned"],
                "is_public": [None, False],
                "uid": [None, str(meeting.uid)],
                "sequence": [None, 0],
            },
        )
    ]


@pytest.mark.parametrize("ends", [at(MEETING_DAY, 9), at(MEETING_DAY, 10)])
def test_a_meeting_ending_before_it_starts_is_refused(w: W, ends: dt.datetime):
    errors = refusal(lambda: schedule(w, ends_at=ends))

    assert errors == {"ends_at": ["The meeting must end after it starts."]}


def test_a_meeting_outside_its_series_arena_is_refused(w: W):
    series = services.create_series(
        actor=w.coordinator, arena=w.other_arena, title="AG Pflege", purpose="Care workers."
    )

    errors = refusal(
        lambda: services.schedule_meeting(
            actor=w.coordinator,
            arena=w.arena,
            series=series,
            title="Plenum",
            purpose="Plan.",
            starts_at=at(MEETING_DAY, 10),
            ends_at=at(MEETING_DAY, 12),
        )
    )

    assert errors == {"arena": ["The meeting must take place in its series' arena (AG Pflege)."]}


def test_a_host_of_another_network_is_refused(w: W):
    errors = refusal(lambda: schedule(w, host=w.foreign_org))

    assert errors == {"host": ["Choose one of this network's own entries."]}


def test_a_meeting_needs_a_purpose_and_known_fields(w: W):
    assert refusal(lambda: schedule(w, purpose="")) == {"purpose": ["This field cannot be blank."]}
    with pytest.raises(TypeError, match="unexpected keyword argument 'status'"):
        schedule(w, status="closed")  # the status changes through change_status only


def quarterly(w: W, hosts: list[Organisation]) -> Any:
    return services.create_series(
        actor=w.coordinator,
        arena=w.arena,
        title="Netzwerktreffen",
        purpose="Quarterly network meeting.",
        cadence=Cadence.QUARTERLY,
        hosts=hosts,
    )


@pytest.mark.parametrize(
    "first_start",
    [
        pytest.param(dt.datetime(2026, 3, 5, 10, tzinfo=BERLIN), id="given in Berlin time"),
        pytest.param(dt.datetime(2026, 3, 5, 9, tzinfo=UTC), id="given in UTC"),
    ],
)
def test_generate_a_year_of_quarterly_meetings_at_rotating_hosts(w: W, first_start: Any):
    zeta = OrganisationFactory.create(network=w.network, name="Zeta GmbH")
    alpha = OrganisationFactory.create(network=w.network, name="Alpha AG")
    mitte = OrganisationFactory.create(network=w.network, name="Mitte eG")
    series = quarterly(w, [zeta, alpha, mitte])

    meetings = services.generate_year(
        actor=w.coordinator,
        series=series,
        first_start=first_start,
        duration=dt.timedelta(hours=3),
    )

    stored = Meeting.objects.filter(series=series).order_by("starts_at")
    assert list(stored) == meetings
    assert [(m.starts_at, m.ends_at, m.host) for m in stored] == [
        (dt.datetime(2026, 3, 5, 9, tzinfo=UTC), dt.datetime(2026, 3, 5, 12, tzinfo=UTC), alpha),
        (dt.datetime(2026, 6, 5, 8, tzinfo=UTC), dt.datetime(2026, 6, 5, 11, tzinfo=UTC), mitte),
        (dt.datetime(2026, 9, 5, 8, tzinfo=UTC), dt.datetime(2026, 9, 5, 11, tzinfo=UTC), zeta),
        (
            dt.datetime(2026, 12, 5, 9, tzinfo=UTC),
            dt.datetime(2026, 12, 5, 12, tzinfo=UTC),
            alpha,
        ),
    ]
    assert {m.starts_at.astimezone(BERLIN).time() for m in stored} == {dt.time(10)}
    assert {(m.title, m.purpose, m.arena, m.status) for m in stored} == {
        ("Netzwerktreffen", "Quarterly network meeting.", w.arena, "planned")
    }
    assert all([r[0] for r in audit_records(m)] == [AuditAction.CREATE] for m in meetings)


def test_generate_monthly_meetings_from_the_31st(w: W):
    series = services.create_series(
        actor=w.coordinator, arena=w.arena, title="AG", purpose="Work.", cadence=Cadence.MONTHLY
    )

    def days(first: dt.date, until: dt.date | None = None) -> list[dt.date]:
        meetings = services.generate_year(
            actor=w.coordinator,
            series=series,
            first_start=at(first, 14),
            duration=dt.timedelta(hours=1),
            until=until,
        )
        assert {m.host for m in meetings} == {None}
        assert {m.starts_at.astimezone(BERLIN).time() for m in meetings} == {dt.time(14)}
        return [m.starts_at.astimezone(BERLIN).date() for m in meetings]

    assert days(dt.date(2026, 1, 31)) == [
        dt.date(2026, 1, 31),
        dt.date(2026, 2, 28),
        dt.date(2026, 3, 31),
        dt.date(2026, 4, 30),
        dt.date(2026, 5, 31),
        dt.date(2026, 6, 30),
        dt.date(2026, 7, 31),
        dt.date(2026, 8, 31),
        dt.date(2026, 9, 30),
        dt.date(2026, 10, 31),
        dt.date(2026, 11, 30),
        dt.date(2026, 12, 31),
    ]
    assert days(dt.date(2028, 1, 31), until=dt.date(2028, 3, 31)) == [
        dt.date(2028, 1, 31),
        dt.date(2028, 2, 29),
        dt.date(2028, 3, 31),
    ]


def test_generate_year_refuses_bad_input(w: W):
    series = quarterly(w, [])

    def generate(first_start: dt.datetime, hours: int) -> Any:
        return services.generate_year(
            actor=w.coordinator,
            series=series,
            first_start=first_start,
            duration=dt.timedelta(hours=hours),
        )

    assert refusal(lambda: generate(dt.datetime(2026, 3, 5, 10), 2)) == {
        "first_start": ["Give the time with its time zone."]
    }
    assert refusal(lambda: generate(at(dt.date(2026, 3, 5)), 0)) == {
        "duration": ["The meeting must end after it starts."]
    }


# --- status, updates, SEQUENCE -----------------------------------------------------------------

PATHS = [
    [MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED],
    [MeetingStatus.CANCELLED],
    [MeetingStatus.INVITED, MeetingStatus.CANCELLED],
]


@pytest.mark.parametrize("path", PATHS)
def test_allowed_status_changes(w: W, path: list[str]):
    previous: str = MeetingStatus.PLANNED
    for status in path:
        meeting = services.change_status(actor=w.coordinator, meeting=w.meeting, status=status)
        assert Meeting.objects.get(pk=w.meeting.pk).status == meeting.status == status
        assert audit_records(meeting)[-1][2]["status"] == [previous, status]
        previous = status


@pytest.mark.parametrize(
    ("path", "refused", "message"),
    [
        ([], MeetingStatus.CLOSED, "A meeting that is “planned” cannot become “closed”."),
        ([], MeetingStatus.PLANNED, "A meeting that is “planned” cannot become “planned”."),
        (
            [MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS],
            MeetingStatus.CANCELLED,
            "A meeting that is “in progress” cannot become “cancelled”.",
        ),
        (
            [MeetingStatus.CANCELLED],
            MeetingStatus.INVITED,
            "A meeting that is “cancelled” cannot become “invited”.",
        ),
        ([], "postponed", "A meeting that is “planned” cannot become “postponed”."),
        (
            # "Minutes approved" only through approve_minutes: the minutes must be approved.
            [MeetingStatus.INVITED, MeetingStatus.IN_PROGRESS, MeetingStatus.CLOSED],
            MeetingStatus.MINUTES_APPROVED,
            "The minutes are approved at a later meeting of the arena: record the approval "
            "on the minutes page.",
        ),
    ],
)
def test_refused_status_changes(w: W, path: list[str], refused: str, message: str):
    for status in path:
        services.change_status(actor=w.coordinator, meeting=w.meeting, status=status)

    errors = refusal(
        lambda: services.change_status(actor=w.coordinator, meeting=w.meeting, status=refused)
    )

    assert errors == {"status": [message]}


def sequence(meeting: Meeting) -> int:
    return Meeting.objects.get(pk=meeting.pk).sequence


def test_cancelling_raises_the_sequence(w: W):
    services.change_status(actor=w.coordinator, meeting=w.meeting, status=MeetingStatus.INVITED)
    assert sequence(w.meeting) == 0

    services.change_status(actor=w.coordinator, meeting=w.meeting, status=MeetingStatus.CANCELLED)

    assert sequence(w.meeting) == 1
    assert audit_records(w.meeting)[-1][2] == {
        "status": ["invited", "cancelled"],
        "sequence": [0, 1],
    }


def test_updating_a_meeting_not_yet_invited_keeps_the_sequence(w: W):
    meeting = services.update_meeting(
        actor=w.coordinator, meeting=w.meeting, title="Moved", starts_at=at(MEETING_DAY, 9)
    )

    assert (meeting.title, sequence(w.meeting)) == ("Moved", 0)
    assert audit_records(meeting)[-1][2] == {
        "title": ["Lenkungsgruppe Q4", "Moved"],
        "starts_at": ["2026-12-10T09:00:00+00:00", "2026-12-10T09:00:00+01:00"],
    }


def test_updating_an_invited_meeting_raises_the_sequence_only_for_calendar_changes(w: W):
    services.change_status(actor=w.coordinator, meeting=w.meeting, status=MeetingStatus.INVITED)

    def update(**fields: Any) -> int:
        services.update_meeting(actor=w.coordinator, meeting=w.meeting, **fields)
        return sequence(w.meeting)

    assert update(purpose="A clearer purpose.", is_public=True) == 0
    # the same moment, written in another zone, is no change
    audit_count = AuditRecord.objects.count()
    assert update(starts_at=at(MEETING_DAY, 10)) == 0
    assert AuditRecord.objects.count() == audit_count
    assert update(title="Lenkungsgruppe (new room)") == 1
    assert update(venue="Raum 2") == 2
    assert update(starts_at=at(MEETING_DAY, 11), ends_at=at(MEETING_DAY, 13)) == 3
    assert update(online_link="https://meet.example/q4") == 4
    assert update(title="Lenkungsgruppe (new room)") == 4


def test_updating_a_meeting_to_end_before_it_starts_is_refused(w: W):
    errors = refusal(
        lambda: services.update_meeting(
            actor=w.coordinator, meeting=w.meeting, ends_at=at(MEETING_DAY, 8)
        )
    )

    assert errors == {"ends_at": ["The meeting must end after it starts."]}


# --- series ----------------------------------------------------------------------------------


def test_create_series(w: W):
    series = services.create_series(
        actor=w.coordinator,
        arena=w.arena,
        title="Netzwerktreffen",
        purpose="Quarterly network meeting.",
        hosts=[w.org_b, w.org_a],
    )

    assert (series.network, series.arena, series.cadence) == (w.network, w.arena, "quarterly")
    assert list(series.hosts.order_by("name")) == [w.org_b, w.org_a]
    assert audit_records(series) == [
        (
            AuditAction.CREATE,
            w.coordinator,
            {
                "network": [None, "Netzwerk Barnim"],
                "arena": [None, "Lenkungsgruppe"],
                "title": [None, "Netzwerktreffen"],
                "cadence": [None, "quarterly"],
                "purpose": [None, "Quarterly network meeting."],
            },
        )
    ]


def test_a_series_hosted_by_another_network_is_refused(w: W):
    errors = refusal(
        lambda: services.create_series(
            actor=w.coordinator, arena=w.arena, title="T", purpose="P", hosts=[w.foreign_org]
        )
    )

    assert errors == {"hosts": ["Choose one of this network's own entries."]}


# --- agenda --------------------------------------------------------------------------------------


def test_agenda_items_are_numbered_in_order(w: W):
    first = services.add_agenda_item(actor=w.coordinator, meeting=w.meeting, title="Welcome")
    second = services.add_agenda_item(
        actor=w.coordinator,
        meeting=w.meeting,
        title="Skills study",
        kind="report",
        guest_presenter="Dr. Eva Expert",
        planned_minutes=20,
    )

    assert list(w.meeting.agenda_items.values_list("position", "title", "kind")) == [
        (1, "Welcome", "information"),
        (2, "Skills study", "report"),
    ]
    assert audit_records(first)[0][0] == audit_records(second)[0][0] == AuditAction.CREATE


def test_a_presenter_of_another_network_is_refused(w: W):
    errors = refusal(
        lambda: services.add_agenda_item(
            actor=w.coordinator, meeting=w.meeting, title="Talk", presenter=w.stranger
        )
    )

    assert errors == {"presenter": ["Choose one of this network's own entries."]}


# --- replies -------------------------------------------------------------------------------------


def rsvp(w: W, organisation: Organisation, answer: str, person: Person | None = None, **kw: Any):
    return services.record_rsvp(
        actor=kw.get("actor", w.coordinator),
        meeting=w.meeting,
        organisation=organisation,
        answer=answer,
        person=person,
        now=kw.get("now", NOW),
    )


def test_record_and_change_a_reply(w: W):
    reply = rsvp(w, w.org_a, Rsvp.Answer.DEPUTY, w.arne)
    again = rsvp(w, w.org_a, Rsvp.Answer.PRINCIPAL, w.anna)

    assert again.pk == reply.pk
    assert list(Rsvp.objects.values_list("organisation", "answer", "person")) == [
        (w.org_a.pk, "principal", w.anna.pk)
    ]
    assert [r[:2] for r in audit_records(reply)] == [
        (AuditAction.CREATE, w.coordinator),
        (AuditAction.UPDATE, w.coordinator),
    ]
    assert audit_records(reply)[1][2] == {
        "answer": ["deputy", "principal"],
        "person": ["Arne Dahl", "Anna Berg"],
    }


def test_a_reply_for_an_organisation_outside_the_arena_is_refused(w: W):
    errors = refusal(lambda: rsvp(w, w.org_c, Rsvp.Answer.PRINCIPAL, w.cleo))

    assert errors == {"organisation": ["Kammer is not a member of this arena."]}


def test_a_reply_naming_a_person_of_another_organisation_is_refused(w: W):
    errors = refusal(lambda: rsvp(w, w.org_a, Rsvp.Answer.SOMEONE_ELSE, w.bo))

    assert errors == {"person": ["Bo Lind does not belong to Stadtwerke."]}


def test_a_partner_representative_answers_only_for_their_own_organisation(w: W):
    rep_a = user_with_role(w.network, RoleKind.PARTNER_REPRESENTATIVE, organisation=w.org_a)

    reply = rsvp(w, w.org_a, Rsvp.Answer.PRINCIPAL, w.anna, actor=rep_a)
    assert audit_records(reply)[0][:2] == (AuditAction.CREATE, rep_a)

    before = meetings_state()
    with pytest.raises(PermissionDenied):
        rsvp(w, w.org_b, Rsvp.Answer.PRINCIPAL, w.bo, actor=rep_a)
    assert meetings_state() == before


def test_members_whose_reply_sends_nobody_with_authority(w: W):
    orgs = {"A": w.org_a, "B": w.org_b}
    for key in "DEFGH":
        orgs[key] = OrganisationFactory.create(network=w.network, name=f"Org {key}")
    w.arena.members.set(orgs.values())
    people = {
        key: PersonFactory.create(organisation=orgs[key], name=f"Person {key}") for key in "DEFGH"
    }
    ended = MandateFactory.create(
        membership=MembershipFactory.create(organisation=orgs["G"]),
        person=people["G"],
        valid_until=MEETING_DAY - dt.timedelta(days=1),
    )
    assert ended.decision_authorised
    MandateFactory.create(
        membership=MembershipFactory.create(organisation=orgs["H"]), person=people["H"]
    )

    rsvp(w, w.org_a, Rsvp.Answer.DEPUTY, w.arne)  # a deputy without authority
    rsvp(w, w.org_b, Rsvp.Answer.PRINCIPAL, w.bo)  # covered
    rsvp(w, orgs["D"], Rsvp.Answer.NOBODY)
    rsvp(w, orgs["E"], Rsvp.Answer.SOMEONE_ELSE, people["E"])  # no mandate
    # F has not answered
    rsvp(w, orgs["G"], Rsvp.Answer.PRINCIPAL, people["G"])  # mandate ended
    rsvp(w, orgs["H"], Rsvp.Answer.SOMEONE_ELSE, people["H"])  # covered

    assert [o.name for o in services.open_members_without_authority(w.meeting)] == [
        "Org D",
        "Org E",
        "Org F",
        "Org G",
        "Stadtwerke",
    ]


# --- scoped reads --------------------------------------------------------------------------------


def test_meetings_and_their_parts_are_visible_only_within_the_network(w: W):
    item = AgendaItemFactory.create(meeting=w.meeting)
    attendance = services.check_in(actor=w.coordinator, meeting=w.meeting, person=w.anna)
    decision = decide(w, w.meeting)
    action = ActionItemFactory.create(meeting=w.meeting)
    foreign_meeting = MeetingFactory.create(arena__network=w.other_network)
    foreign_item = AgendaItemFactory.create(meeting=foreign_meeting)
    observer = user_with_role(w.network, RoleKind.OBSERVER)
    outsider = user_with_role(w.other_network, RoleKind.OBSERVER)
    admin = UserFactory.create(is_superuser=True)

    assert list(Meeting.objects.visible_to(observer)) == [w.meeting]
    assert list(Meeting.objects.visible_to(outsider)) == [foreign_meeting]
    assert set(Meeting.objects.visible_to(admin)) == {w.meeting, foreign_meeting}
    assert list(Meeting.objects.visible_to(None)) == []
    assert list(Meeting.objects.for_network(w.other_network)) == [foreign_meeting]
    assert list(AgendaItem.objects.visible_to(observer)) == [item]
    assert list(AgendaItem.objects.visible_to(outsider)) == [foreign_item]
    assert list(AgendaItem.objects.for_network(w.network)) == [item]
    assert list(Attendance.objects.visible_to(observer)) == [attendance]
    assert list(Attendance.objects.visible_to(outsider)) == []
    assert list(Decision.objects.visible_to(observer)) == [decision]
    assert list(Decision.objects.visible_to(outsider)) == []
    assert list(ActionItem.objects.visible_to(observer)) == [action]
    assert list(ActionItem.objects.visible_to(outsider)) == []
