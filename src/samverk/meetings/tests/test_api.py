"""REST API of the meetings app: the permission matrix, scoped reads, writes through the
services, bad input answered with exact field errors (and nothing changed), filters, the
shape of each endpoint and constant query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core import clock
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network
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
    AttendanceFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from samverk.networks.models import Arena, Organisation, Person
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

API = "/api/v1/meetings/"
ENDPOINTS = ["meetings", "agenda-items", "attendance", "decisions", "actions"]
ACTORS = ["anonymous", "other_network", "observer", "partner_rep", "coordinator", "admin"]
ANONYMOUS = 401  # token authentication comes first: WWW-Authenticate: Token, so 401
DENIED = 403
ALLOWED = 201

MODELS: dict[str, type[Any]] = {
    "meetings": Meeting,
    "agenda-items": AgendaItem,
    "attendance": Attendance,
    "decisions": Decision,
    "actions": ActionItem,
}


def db_state() -> dict[str, list[dict[str, Any]]]:
    """Every row of the meetings domain and the audit log, to prove that nothing changed."""
    models: list[type[Any]] = [
        Meeting,
        AgendaItem,
        Attendance,
        Decision,
        ActionItem,
        Rsvp,
        Minutes,
        AuditRecord,
    ]
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in models}


# --- the world: our network and another one -------------------------------------------------


@dataclass
class World:
    """Ours ("barnim"): an arena whose quorum needs both members (org A, org B) represented
    with authority, an upcoming meeting with one item, Anna (org A) checked in, a decision
    and an action owned by org A. Theirs ("elsewhere") has one of each as well."""

    ours: Network
    theirs: Network
    org_a: Organisation
    org_b: Organisation
    person_a: Person
    person_b: Person
    arena: Arena
    meeting: Meeting
    past_meeting: Meeting
    item: AgendaItem
    attendance: Attendance
    decision: Decision
    action: ActionItem
    their_org: Organisation
    their_person: Person
    their_arena: Arena
    theirs_by_endpoint: dict[str, int]
    users: dict[str, User | None] = field(default_factory=dict)

    def ours_by_endpoint(self) -> dict[str, set[int]]:
        return {
            "meetings": {self.meeting.pk, self.past_meeting.pk},
            "agenda-items": {self.item.pk},
            "attendance": {self.attendance.pk},
            "decisions": {self.decision.pk},
            "actions": {self.action.pk},
        }

    def detail_key(self, endpoint: str) -> int:
        return min(self.ours_by_endpoint()[endpoint])

    def detail_url(self, endpoint: str) -> str:
        return f"{API}{endpoint}/{self.detail_key(endpoint)}/"


@pytest.fixture
def world() -> World:
    ours = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", time_zone="Europe/Berlin")
    theirs = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    org_a = OrganisationFactory.create(network=ours, name="Stadtwerke Eberswalde")
    org_b = OrganisationFactory.create(network=ours, name="Hochschule Eberswalde")
    person_a = PersonFactory.create(organisation=org_a, name="Anna Berg")
    person_b = PersonFactory.create(organisation=org_b, name="Bo Lind")
    MandateFactory.create(membership=MembershipFactory.create(organisation=org_a), person=person_a)
    MandateFactory.create(membership=MembershipFactory.create(organisation=org_b), person=person_b)
    arena = ArenaFactory.create(network=ours, name="Netzwerksitzung", quorum_rule="all")
    arena.members.set([org_a, org_b])
    meeting = MeetingFactory.create(
        arena=arena,
        title="Netzwerksitzung I/2027",
        purpose="Jahresthema beschließen",
        status="in_progress",
    )
    past = MeetingFactory.create(
        arena=arena,
        title="Netzwerksitzung III/2026",
        starts_at=at(dt.date(2026, 9, 10)),
        status="closed",
    )
    item = AgendaItemFactory.create(meeting=meeting, position=1, title="Jahresthema 2027")
    attendance = Attendance.objects.create(
        meeting=meeting, person=person_a, organisation=org_a, with_authority=True
    )
    decision = DecisionFactory.create(meeting=past, year=2026, number=7, text="Leitbild")
    action = ActionItemFactory.create(meeting=past, title="Flyer drucken", owner_organisation=org_a)

    their_org = OrganisationFactory.create(network=theirs, name="Fjord Energi")
    their_person = PersonFactory.create(organisation=their_org, name="Dag Fjord")
    their_arena = ArenaFactory.create(network=theirs, name="Styringsgruppa")
    their_arena.members.set([their_org])
    their_meeting = MeetingFactory.create(arena=their_arena, title="Styringsmøte")
    w = World(
        ours=ours,
        theirs=theirs,
        org_a=org_a,
        org_b=org_b,
        person_a=person_a,
        person_b=person_b,
        arena=arena,
        meeting=meeting,
        past_meeting=past,
        item=item,
        attendance=attendance,
        decision=decision,
        action=action,
        their_org=their_org,
        their_person=their_person,
        their_arena=their_arena,
        theirs_by_endpoint={
            "meetings": their_meeting.pk,
            "agenda-items": AgendaItemFactory.create(meeting=their_meeting).pk,
            "attendance": AttendanceFactory.create(meeting=their_meeting).pk,
            "decisions": DecisionFactory.create(meeting=their_meeting, number=1).pk,
            "actions": ActionItemFactory.create(
                meeting=their_meeting, owner_organisation=their_org
            ).pk,
        },
    )
    w.users = {
        "anonymous": None,
        "other_network": user_with_role(theirs, RoleKind.COORDINATOR),
        "observer": user_with_role(ours, RoleKind.OBSERVER),
        "partner_rep": user_with_role(ours, RoleKind.PARTNER_REPRESENTATIVE, organisation=org_a),
        "coordinator": user_with_role(ours, RoleKind.COORDINATOR),
        "admin": UserFactory.create(is_superuser=True, is_staff=True),
    }
    return w


def client_for(world: World, actor: str) -> APIClient:
    client = APIClient()
    user = world.users[actor]
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response: Any) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


def in_days(days: int) -> str:
    """A day relative to our network's today: the API compares due dates with the real one."""
    return (clock.today_in("Europe/Berlin") + dt.timedelta(days=days)).isoformat()


# --- permission matrix: reading ---------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_list_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(f"{API}{endpoint}/")

    if actor == "anonymous":
        assert response.status_code == ANONYMOUS
        assert set(response.json()) == {"detail"}
        return
    assert response.status_code == 200
    ours = world.ours_by_endpoint()[endpoint]
    theirs = {world.theirs_by_endpoint[endpoint]}
    expected = {"admin": ours | theirs, "other_network": theirs}.get(actor, ours)
    assert ids(response) == expected


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_detail_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(world.detail_url(endpoint))

    expected = {"anonymous": ANONYMOUS, "other_network": 404}.get(actor, 200)
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["id"] == world.detail_key(endpoint)
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_another_networks_objects_answer_404(world: World, endpoint: str) -> None:
    key = world.theirs_by_endpoint[endpoint]

    response = client_for(world, "coordinator").get(f"{API}{endpoint}/{key}/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


# --- permission matrix: creating --------------------------------------------------------------


def create_payload(world: World, endpoint: str) -> dict[str, Any]:
    payloads: dict[str, dict[str, Any]] = {
        "meetings": {
            "arena": world.arena.pk,
            "title": "Netzwerksitzung II/2027",
            "purpose": "Fachtag vorbereiten",
            "starts_at": "2027-04-15T10:00:00+02:00",
            "ends_at": "2027-04-15T12:00:00+02:00",
            "host": world.org_b.pk,
        },
        "agenda-items": {
            "meeting": world.meeting.pk,
            "title": "Rückkehrertag",
            "kind": "discussion",
            "presenter": world.person_b.pk,
            "planned_minutes": 20,
        },
        "attendance": {"meeting": world.meeting.pk, "person": world.person_b.pk},
        "decisions": {
            "meeting": world.meeting.pk,
            "text": "Das Jahresthema 2027 ist die Berufsorientierung.",
            "binding": False,
        },
        "actions": {
            "meeting": world.meeting.pk,
            "title": "Einladung zum Fachtag verschicken",
            "due_date": in_days(30),
            "owner_organisation": world.org_a.pk,
        },
    }
    return payloads[endpoint]


# (status, error keys) for a create by each actor; anything absent is denied (403).
CREATE_MATRIX: dict[str, dict[str, tuple[int, set[str] | None]]] = {
    "meetings": {"other_network": (400, {"arena", "host"})},
    "agenda-items": {"other_network": (400, {"meeting", "presenter"})},
    "attendance": {"other_network": (400, {"meeting", "person"})},
    "decisions": {"other_network": (400, {"meeting"})},
    "actions": {"other_network": (400, {"meeting", "owner_organisation"})},
}
for _row in CREATE_MATRIX.values():
    _row.update({"coordinator": (ALLOWED, None), "admin": (ALLOWED, None)})


@pytest.mark.parametrize(
    ("endpoint", "actor", "expected", "error_keys"),
    [
        pytest.param(
            endpoint,
            actor,
            *CREATE_MATRIX[endpoint].get(
                actor, (ANONYMOUS if actor == "anonymous" else DENIED, None)
            ),
            id=f"{endpoint}-{actor}",
        )
        for endpoint in ENDPOINTS
        for actor in ACTORS
    ],
)
def test_create_matrix(
    world: World, endpoint: str, actor: str, expected: int, error_keys: set[str] | None
) -> None:
    model = MODELS[endpoint]
    before = db_state()

    response = client_for(world, actor).post(
        f"{API}{endpoint}/", create_payload(world, endpoint), format="json"
    )

    assert response.status_code == expected, response.json()
    if expected == ALLOWED:
        created = model.objects.get(pk=response.json()["id"])
        assert model.objects.count() == len(before[model.__name__]) + 1
        record = AuditRecord.objects.for_object(created).get(action=AuditAction.CREATE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before
        assert set(response.json()) == (error_keys or {"detail"})


# --- permission matrix: changing ---------------------------------------------------------------

# Meetings, agenda items, decisions: coordinators change them. Actions: coordinators and the
# owning organisation's representative change the status. Check-ins are not changed (405).
UPDATE_MATRIX: dict[str, dict[str, int]] = {
    "meetings": {"coordinator": 200, "admin": 200},
    "agenda-items": {"coordinator": 200, "admin": 200},
    "decisions": {"coordinator": 200, "admin": 200},
    "actions": {"coordinator": 200, "admin": 200, "partner_rep": 200},
}
UPDATE_PAYLOAD: dict[str, dict[str, Any]] = {
    "meetings": {"title": "Netzwerksitzung I/2027 (verschoben)"},
    "actions": {"status": "done"},
    "agenda-items": {"title": "X"},
    "attendance": {"guest_name": "X"},
    "decisions": {"text": "X"},
}


def expected_update(endpoint: str, actor: str) -> int:
    if actor == "anonymous":
        return ANONYMOUS
    if endpoint not in UPDATE_MATRIX:
        return 405  # for everyone signed in: the method is refused before any lookup
    if actor == "other_network":
        return 404
    return UPDATE_MATRIX[endpoint].get(actor, DENIED)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_update_matrix(world: World, actor: str, endpoint: str) -> None:
    before = db_state()
    expected = expected_update(endpoint, actor)

    response = client_for(world, actor).patch(
        world.detail_url(endpoint), UPDATE_PAYLOAD[endpoint], format="json"
    )

    assert response.status_code == expected, response.json()
    if expected == 200:
        obj = MODELS[endpoint].objects.get(pk=world.detail_key(endpoint))
        for name, value in UPDATE_PAYLOAD[endpoint].items():
            assert getattr(obj, name) == value
            assert response.json()[name] == value
        record = AuditRecord.objects.for_object(obj).get(action=AuditAction.UPDATE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before
        assert set(response.json()) == {"detail"}


def test_representative_of_another_organisation_cannot_change_the_action(world: World) -> None:
    other_rep = user_with_role(
        world.ours, RoleKind.PARTNER_REPRESENTATIVE, organisation=world.org_b
    )
    client = APIClient()
    client.force_authenticate(other_rep)
    before = db_state()

    response = client.patch(f"{API}actions/{world.action.pk}/", {"status": "done"}, format="json")

    assert response.status_code == 403
    assert db_state() == before


def test_a_coordinator_changes_an_action_and_its_status_together(world: World) -> None:
    response = client_for(world, "coordinator").patch(
        f"{API}actions/{world.action.pk}/",
        {"status": "in_progress", "title": "Umbenannt", "due_date": in_days(60)},
        format="json",
    )

    world.action.refresh_from_db()
    assert response.status_code == 200
    assert (world.action.status, world.action.title) == ("in_progress", "Umbenannt")
    assert world.action.due_date.isoformat() == in_days(60)


def test_a_representative_changes_only_the_status_of_an_action(world: World) -> None:
    client = client_for(world, "partner_rep")
    detail = client.get(f"{API}actions/{world.action.pk}/").json()
    before = db_state()

    renamed = client.patch(
        f"{API}actions/{world.action.pk}/", {"status": "done", "title": "Mine"}, format="json"
    )
    assert renamed.status_code == 403
    assert db_state() == before

    # The whole action sent back with only the status changed is fine.
    done = client.put(
        f"{API}actions/{world.action.pk}/",
        {k: v for k, v in (detail | {"status": "done"}).items() if v is not None},
        format="json",
    )
    assert done.status_code == 200, done.json()
    world.action.refresh_from_db()
    assert (world.action.status, world.action.title) == ("done", "Flyer drucken")


def test_a_decision_keeps_its_number_and_meeting(world: World) -> None:
    response = client_for(world, "coordinator").patch(
        f"{API}decisions/{world.decision.pk}/",
        {"text": "Leitbild bestätigt", "number": 99, "meeting": world.meeting.pk},
        format="json",
    )

    assert response.status_code == 200, response.json()
    world.decision.refresh_from_db()
    assert (world.decision.text, world.decision.number, world.decision.meeting) == (
        "Leitbild bestätigt",
        7,
        world.past_meeting,
    )


def test_agenda_items_of_a_closed_meeting_are_refused_with_the_reason(world: World) -> None:
    Meeting.objects.filter(pk=world.meeting.pk).update(status="closed")
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}agenda-items/{world.item.pk}/", {"title": "Later"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["The agenda of a meeting that is “closed” can no longer be changed."]
    }
    assert db_state() == before


def test_meeting_status_changes_through_the_service(world: World) -> None:
    client = client_for(world, "coordinator")

    closed = client.patch(world.detail_url("meetings"), {"status": "closed"}, format="json")
    world.meeting.refresh_from_db()

    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert world.meeting.status == "closed"
    assert AuditRecord.objects.for_object(world.meeting).filter(action=AuditAction.UPDATE).exists()


def test_meeting_fields_and_status_change_together_or_not_at_all(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        world.detail_url("meetings"),
        {"title": "Neuer Titel", "status": "planned"},  # a meeting under way cannot go back
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"status"}
    assert db_state() == before


# --- bad input: 400 with exactly the field at fault, nothing changed ---------------------------


def _post_refused(world: World, endpoint: str, payload: dict[str, Any]) -> dict[str, Any]:
    before = db_state()
    response = client_for(world, "coordinator").post(f"{API}{endpoint}/", payload, format="json")
    assert response.status_code == 400, response.json()
    assert db_state() == before
    body: dict[str, Any] = response.json()
    return body


def test_meeting_ending_before_it_starts(world: World) -> None:
    payload = create_payload(world, "meetings") | {"ends_at": "2027-04-15T09:00:00+02:00"}

    errors = _post_refused(world, "meetings", payload)

    assert errors == {"ends_at": ["The meeting must end after it starts."]}


def test_meeting_changed_to_end_before_it_starts(world: World) -> None:
    before = db_state()
    earlier = (world.meeting.starts_at - dt.timedelta(hours=1)).isoformat()

    response = client_for(world, "coordinator").patch(
        world.detail_url("meetings"), {"ends_at": earlier}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"ends_at": ["The meeting must end after it starts."]}
    assert db_state() == before


def test_meeting_without_purpose(world: World) -> None:
    payload = create_payload(world, "meetings") | {"purpose": ""}

    errors = _post_refused(world, "meetings", payload)

    assert set(errors) == {"purpose"}


def test_meeting_status_cannot_be_set_on_creation(world: World) -> None:
    payload = create_payload(world, "meetings") | {"status": "closed"}

    response = client_for(world, "coordinator").post(f"{API}meetings/", payload, format="json")

    assert response.status_code == 201
    assert response.json()["status"] == "planned"


def test_binding_decision_when_not_quorate(world: World) -> None:
    # Only org A is represented with authority; the arena's rule needs org B as well.
    payload = create_payload(world, "decisions") | {"binding": True}

    errors = _post_refused(world, "decisions", payload)

    assert errors == {
        "binding": [
            "The meeting is not quorate, so a binding decision cannot be recorded. Record it "
            "as a recommendation instead."
        ]
    }


def test_binding_decision_once_quorate(world: World) -> None:
    client = client_for(world, "coordinator")
    year = timezone.localtime(world.meeting.starts_at).year
    taken = Decision.objects.filter(network=world.ours, year=year).values_list("number", flat=True)
    number = max(taken, default=0) + 1
    check_in = client.post(f"{API}attendance/", create_payload(world, "attendance"), format="json")

    decision = client.post(
        f"{API}decisions/", create_payload(world, "decisions") | {"binding": True}, format="json"
    )

    assert check_in.status_code == 201
    assert check_in.json()["with_authority"] is True
    assert decision.status_code == 201
    assert decision.json()["binding"] is True
    assert decision.json()["reference"] == f"{year}/{number:02d}"


def test_duplicate_decision_number(world: World) -> None:
    payload = {"meeting": world.past_meeting.pk, "text": "Noch einmal", "binding": False}

    errors = _post_refused(world, "decisions", payload | {"number": 7})

    assert errors == {"number": ["Decision 2026/07 already exists."]}


def test_decision_numbers_follow_on_per_network_and_year(world: World) -> None:
    response = client_for(world, "coordinator").post(
        f"{API}decisions/",
        {"meeting": world.past_meeting.pk, "text": "Rückkehrertag", "binding": False},
        format="json",
    )

    assert response.status_code == 201
    assert (response.json()["reference"], response.json()["number"]) == ("2026/08", 8)


def test_decision_on_an_item_of_another_meeting(world: World) -> None:
    payload = {
        "meeting": world.past_meeting.pk,
        "text": "X",
        "binding": False,
        "agenda_item": world.item.pk,
    }

    errors = _post_refused(world, "decisions", payload)

    assert set(errors) == {"agenda_item"}


def test_action_due_in_the_past(world: World) -> None:
    payload = create_payload(world, "actions") | {"due_date": in_days(-1)}

    errors = _post_refused(world, "actions", payload)

    assert errors == {"due_date": ["An action cannot be due before it was created."]}


def test_action_without_owner(world: World) -> None:
    payload = create_payload(world, "actions") | {"owner_organisation": None}

    errors = _post_refused(world, "actions", payload)

    assert set(errors) == {"owner_person"}


def test_action_with_an_unknown_status(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}actions/{world.action.pk}/", {"status": "forgotten"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"status"}
    assert db_state() == before


def test_checking_in_twice(world: World) -> None:
    errors = _post_refused(
        world, "attendance", {"meeting": world.meeting.pk, "person": world.person_a.pk}
    )

    assert errors == {"person": ["Anna Berg is already checked in."]}


def test_check_in_needs_a_person_or_a_guest_name(world: World) -> None:
    errors = _post_refused(world, "attendance", {"meeting": world.meeting.pk})

    assert set(errors) == {"person"}


def test_check_in_of_a_guest_is_marked(world: World) -> None:
    response = client_for(world, "coordinator").post(
        f"{API}attendance/",
        {"meeting": world.meeting.pk, "guest_name": "Dr. Petra Experte"},
        format="json",
    )

    assert response.status_code == 201
    body = response.json()
    assert (body["person"], body["guest_name"], body["is_guest"], body["with_authority"]) == (
        None,
        "Dr. Petra Experte",
        True,
        False,
    )


@pytest.mark.parametrize(
    ("endpoint", "payload", "key"),
    [
        ("meetings", {"arena": "x"}, "arena"),
        ("meetings", {"starts_at": "gestern"}, "starts_at"),
        ("agenda-items", {"kind": "pirate"}, "kind"),
        ("decisions", {"number": 0}, "number"),
        ("decisions", {"method": "dice"}, "method"),
        ("actions", {"due_date": "31.12.2027"}, "due_date"),
    ],
)
def test_malformed_values(world: World, endpoint: str, payload: dict[str, Any], key: str) -> None:
    errors = _post_refused(world, endpoint, create_payload(world, endpoint) | payload)

    assert set(errors) == {key}


# --- filters ----------------------------------------------------------------------------------


def test_meeting_filters(world: World) -> None:
    client = client_for(world, "admin")
    other_arena = ArenaFactory.create(network=world.ours, name="AG Berufsorientierung")
    cancelled = MeetingFactory.create(arena=other_arena, status="cancelled")

    by_network = client.get(f"{API}meetings/", {"network": "barnim"})
    by_arena = client.get(f"{API}meetings/", {"arena": world.arena.pk})
    by_status = client.get(f"{API}meetings/", {"status": "closed"})
    upcoming = client.get(f"{API}meetings/", {"upcoming": "true", "network": "barnim"})
    past = client.get(f"{API}meetings/", {"upcoming": "false", "network": "barnim"})

    assert ids(by_network) == {world.meeting.pk, world.past_meeting.pk, cancelled.pk}
    assert ids(by_arena) == {world.meeting.pk, world.past_meeting.pk}
    assert ids(by_status) == {world.past_meeting.pk}
    assert ids(upcoming) == {world.meeting.pk}
    assert ids(past) == {world.past_meeting.pk}


def test_decision_filters(world: World) -> None:
    client = client_for(world, "coordinator")
    later = DecisionFactory.create(meeting=world.meeting, year=2027, number=1, text="Fachtag")

    by_year = client.get(f"{API}decisions/", {"year": 2026})
    by_arena = client.get(f"{API}decisions/", {"arena": world.arena.pk})
    by_network = client.get(f"{API}decisions/", {"network": "barnim"})

    assert ids(by_year) == {world.decision.pk}
    assert ids(by_arena) == {world.decision.pk, later.pk}
    assert ids(by_network) == {world.decision.pk, later.pk}


@pytest.mark.parametrize("endpoint", ["meetings", "decisions"])
def test_filtering_by_another_networks_arena_is_refused(world: World, endpoint: str) -> None:
    response = client_for(world, "coordinator").get(
        f"{API}{endpoint}/", {"arena": world.their_arena.pk}
    )

    assert response.status_code == 400
    assert set(response.json()) == {"arena"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_network_filter(world: World, endpoint: str) -> None:
    client = client_for(world, "admin")

    ours = client.get(f"{API}{endpoint}/", {"network": "barnim"})
    theirs = client.get(f"{API}{endpoint}/", {"network": "elsewhere"})
    unknown = client.get(f"{API}{endpoint}/", {"network": "nowhere"})

    assert ids(ours) == world.ours_by_endpoint()[endpoint]
    assert ids(theirs) == {world.theirs_by_endpoint[endpoint]}
    assert ids(unknown) == set()


def test_network_filter_does_not_reveal_another_network(world: World) -> None:
    response = client_for(world, "coordinator").get(f"{API}meetings/", {"network": "elsewhere"})

    assert response.status_code == 200
    assert ids(response) == set()


def test_action_status_filter(world: World) -> None:
    done = ActionItemFactory.create(
        meeting=world.meeting, owner_organisation=world.org_b, status="done"
    )
    client = client_for(world, "observer")

    response = client.get(f"{API}actions/", {"status": "done"})

    assert ids(response) == {done.pk}


# --- what each endpoint shows -----------------------------------------------------------------


def test_decision_detail_values(world: World) -> None:
    response = client_for(world, "observer").get(f"{API}decisions/{world.decision.pk}/")

    assert response.json() == {
        "id": world.decision.pk,
        "network": "barnim",
        "reference": "2026/07",
        "year": 2026,
        "number": 7,
        "meeting": world.past_meeting.pk,
        "agenda_item": None,
        "text": "Leitbild",
        "topic": "",
        "method": "consensus",
        "votes_for": None,
        "votes_against": None,
        "abstentions": None,
        "binding": True,
    }


def test_created_meeting_answers_in_the_common_shape(world: World) -> None:
    response = client_for(world, "coordinator").post(
        f"{API}meetings/", create_payload(world, "meetings"), format="json"
    )

    meeting = Meeting.objects.get(title="Netzwerksitzung II/2027")
    assert response.json() == {
        "id": meeting.pk,
        "network": "barnim",
        "arena": world.arena.pk,
        "arena_name": "Netzwerksitzung",
        "series": None,
        "title": "Netzwerksitzung II/2027",
        "purpose": "Fachtag vorbereiten",
        "starts_at": "2027-04-15T10:00:00+02:00",
        "ends_at": "2027-04-15T12:00:00+02:00",
        "venue": "",
        "online_link": "",
        "host": world.org_b.pk,
        "host_name": "Hochschule Eberswalde",
        "status": "planned",
        "is_public": False,
        "sequence": 0,
        "participating_networks": [],
    }


def test_meeting_arena_cannot_be_moved(world: World) -> None:
    other_arena = ArenaFactory.create(network=world.ours, name="AG Berufsorientierung")

    response = client_for(world, "coordinator").patch(
        world.detail_url("meetings"), {"arena": other_arena.pk}, format="json"
    )

    world.meeting.refresh_from_db()
    assert response.status_code == 200
    assert world.meeting.arena == world.arena


def test_created_agenda_item_and_action_shapes(world: World) -> None:
    client = client_for(world, "coordinator")

    item = client.post(f"{API}agenda-items/", create_payload(world, "agenda-items"), format="json")
    action = client.post(f"{API}actions/", create_payload(world, "actions"), format="json")

    assert item.json() == {
        "id": item.json()["id"],
        "network": "barnim",
        "meeting": world.meeting.pk,
        "position": 2,
        "title": "Rückkehrertag",
        "kind": "discussion",
        "description": "",
        "presenter": world.person_b.pk,
        "presenter_name": "Bo Lind",
        "guest_presenter": "",
        "planned_minutes": 20,
    }
    assert action.json() == {
        "id": action.json()["id"],
        "network": "barnim",
        "meeting": world.meeting.pk,
        "agenda_item": None,
        "decision": None,
        "title": "Einladung zum Fachtag verschicken",
        "owner_person": None,
        "owner_person_name": None,
        "owner_organisation": world.org_a.pk,
        "owner_organisation_name": "Stadtwerke Eberswalde",
        "due_date": in_days(30),
        "status": "open",
    }


def test_attendance_shape(world: World) -> None:
    response = client_for(world, "partner_rep").get(f"{API}attendance/{world.attendance.pk}/")

    assert response.json() == {
        "id": world.attendance.pk,
        "network": "barnim",
        "meeting": world.meeting.pk,
        "person": world.person_a.pk,
        "person_name": "Anna Berg",
        "guest_name": "",
        "organisation": world.org_a.pk,
        "organisation_name": "Stadtwerke Eberswalde",
        "with_authority": True,
        "is_guest": False,
        "left_at": None,
    }


def test_attendance_says_when_a_person_left(world: World) -> None:
    left = timezone.now().replace(microsecond=0)
    Attendance.objects.filter(pk=world.attendance.pk).update(left_at=left)

    response = client_for(world, "partner_rep").get(f"{API}attendance/{world.attendance.pk}/")

    assert dt.datetime.fromisoformat(response.json()["left_at"]) == left


# --- no N+1: constant query counts at two data sizes -------------------------------------------


def _grow(world: World, n: int) -> None:
    for i in range(n):
        org = OrganisationFactory.create(network=world.ours, name=f"Zusatz {n}-{i}")
        person = PersonFactory.create(organisation=org)
        meeting = MeetingFactory.create(arena=world.arena, host=org)
        item = AgendaItemFactory.create(meeting=meeting, presenter=person)
        Attendance.objects.create(meeting=meeting, person=person, organisation=org)
        DecisionFactory.create(meeting=meeting, agenda_item=item, number=100 + n * 10 + i)
        ActionItemFactory.create(meeting=meeting, owner_person=person, owner_organisation=org)


def _queries(world: World, endpoint: str, user: User) -> int:
    user = User.objects.get(pk=user.pk)  # a fresh object: no roles cached
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{endpoint}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["coordinator", "company_contact"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(world: World, endpoint: str, actor: str) -> None:
    """Also for a company contact of org A, to whom the people of the other organisations
    are null (checked without a query per row)."""
    user = world.users.get(actor) or user_with_role(
        world.ours, RoleKind.COMPANY_CONTACT, organisation=world.org_a
    )
    _grow(world, 2)
    small = _queries(world, endpoint, user)
    _grow(world, 8)
    large = _queries(world, endpoint, user)

    assert small == large


# --- OpenAPI schema ---------------------------------------------------------------------------


def test_schema_lists_every_endpoint() -> None:
    paths = APIClient().get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {endpoint: set(paths[f"{API}{endpoint}/"]) for endpoint in ENDPOINTS} == {
        endpoint: {"get", "post"} for endpoint in ENDPOINTS
    }
    assert {endpoint: set(paths[f"{API}{endpoint}/{{id}}/"]) for endpoint in ENDPOINTS} == {
        "meetings": {"get", "put", "patch"},
        "agenda-items": {"get", "put", "patch"},
        "attendance": {"get"},
        "decisions": {"get", "put", "patch"},
        "actions": {"get", "put", "patch"},
    }


def test_overdue_actions_and_decision_search(world: World) -> None:
    overdue = ActionItemFactory.create(
        meeting=world.past_meeting,
        owner_organisation=world.org_b,
        due_date=dt.date.fromisoformat(in_days(-1)),
    )
    client = client_for(world, "observer")

    actions = client.get(f"{API}actions/", {"overdue": "true"})
    decisions = client.get(f"{API}decisions/", {"q": "leitbild"})

    assert ids(actions) == {overdue.pk}
    assert ids(decisions) == {world.decision.pk}
