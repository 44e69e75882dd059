"""REST API of the strategy app: the permission matrix per role (list, create, change,
approve, delete), drafts shown only to coordinators and whoever entered them, people the
user may not see as null, bad input answered with exact field errors (and nothing changed),
filters, the shape of the schema and constant query counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Network
from samverk.meetings.models import ActionItem, Decision
from samverk.meetings.tests.factories import (
    ActionItemFactory,
    DecisionFactory,
    MeetingFactory,
    at,
)
from samverk.networks.models import Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.strategy.models import Commitment, Direction, Goal, Indicator, Measurement
from samverk.strategy.tests.factories import (
    CommitmentFactory,
    DirectionFactory,
    GoalFactory,
    IndicatorFactory,
    MeasurementFactory,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/strategy/"
ENDPOINTS = ["directions", "goals", "commitments", "indicators", "measurements"]
ACTORS = [
    "anonymous",
    "other_network",
    "observer",
    "company_contact",
    "partner_rep",
    "coordinator",
    "admin",
]
ANONYMOUS = 401  # token authentication comes first: WWW-Authenticate: Token, so 401
DENIED = 403
ALLOWED = 201

MODELS: dict[str, type[Any]] = {
    "directions": Direction,
    "goals": Goal,
    "commitments": Commitment,
    "indicators": Indicator,
    "measurements": Measurement,
}


def db_state() -> dict[str, list[Any]]:
    """Every row of the strategy domain and the audit log, to prove that nothing changed."""
    models: list[type[Any]] = [*MODELS.values(), AuditRecord]
    state: dict[str, list[Any]] = {
        m.__name__: list(m.objects.order_by("pk").values()) for m in models
    }
    for relation in ("organisations", "decisions", "actions"):
        through = getattr(Commitment, relation).through
        state[f"Commitment.{relation}"] = list(through.objects.order_by("pk").values())
    return state


# --- the world: our network and another one ---------------------------------------------------


@dataclass
class World:
    """Ours ("norrbotten"): members org A and org B with a person each, a binding decision
    and a recommendation, a direction 2015 to 2018 with one goal, the network's commitment
    (owned by Bo of org B) and the members' (binding org A), a percentage indicator (14 → at
    most 10) with an approved value and the partner representative's draft. Theirs
    ("elsewhere") has one of each as well."""

    ours: Network
    theirs: Network
    org_a: Organisation
    org_b: Organisation
    person_a: Person
    person_b: Person
    binding: Decision
    recommendation: Decision
    action: ActionItem
    direction: Direction
    goal: Goal
    network_commitment: Commitment
    members_commitment: Commitment
    indicator: Indicator
    approved: Measurement
    draft: Measurement
    their_person: Person
    theirs_by_endpoint: dict[str, int]
    users: dict[str, User | None] = field(default_factory=dict)

    def ours_by_endpoint(self) -> dict[str, set[int]]:
        return {
            "directions": {self.direction.pk},
            "goals": {self.goal.pk},
            "commitments": {self.network_commitment.pk, self.members_commitment.pk},
            "indicators": {self.indicator.pk},
            "measurements": {self.approved.pk, self.draft.pk},
        }

    def detail_key(self, endpoint: str) -> int:
        keys = {"commitments": self.members_commitment.pk, "measurements": self.draft.pk}
        return keys.get(endpoint) or min(self.ours_by_endpoint()[endpoint])

    def detail_url(self, endpoint: str) -> str:
        return f"{API}{endpoint}/{self.detail_key(endpoint)}/"


def _decision(network: Network, number: int, binding: bool) -> Decision:
    arena = ArenaFactory.create(network=network)
    meeting = MeetingFactory.create(
        arena=arena, starts_at=at(dt.date(2015, 3, 1)), ends_at=at(dt.date(2015, 3, 1), 12)
    )
    return DecisionFactory.create(meeting=meeting, year=2015, number=number, binding=binding)


@pytest.fixture
def world() -> World:
    ours = NetworkFactory.create(name="Norrbotten", slug="norrbotten", time_zone="Europe/Stockholm")
    theirs = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    org_a = OrganisationFactory.create(network=ours, name="Luleå kommun")
    org_b = OrganisationFactory.create(network=ours, name="Piteå kommun")
    MembershipFactory.create(organisation=org_a)
    MembershipFactory.create(organisation=org_b)
    person_a = PersonFactory.create(organisation=org_a, name="Anna Berg")
    person_b = PersonFactory.create(organisation=org_b, name="Bo Lind")
    binding = _decision(ours, 1, binding=True)
    recommendation = _decision(ours, 2, binding=False)
    direction = DirectionFactory.create(network=ours, title="Inriktning", adopted_by=binding)
    goal = GoalFactory.create(direction=direction, title="Utbildning", position=1)
    network_commitment = CommitmentFactory.create(
        goal=goal, side="network", text="Förbundet samordnar", owner=person_b
    )
    members_commitment = CommitmentFactory.create(
        goal=goal, side="members", text="Kommunerna erbjuder", owner=person_a
    )
    members_commitment.organisations.set([org_a])
    indicator = IndicatorFactory.create(goal=goal, name="Utan gymnasieexamen")
    approved = MeasurementFactory.create(indicator=indicator, value=Decimal("13.50"))

    their_org = OrganisationFactory.create(network=theirs, name="Fjord Energi")
    their_person = PersonFactory.create(organisation=their_org, name="Dag Fjord")
    their_goal = GoalFactory.create(direction=DirectionFactory.create(network=theirs))
    their_indicator = IndicatorFactory.create(goal=their_goal)
    w = World(
        ours=ours,
        theirs=theirs,
        org_a=org_a,
        org_b=org_b,
        person_a=person_a,
        person_b=person_b,
        binding=binding,
        recommendation=recommendation,
        action=ActionItemFactory.create(meeting=binding.meeting, title="Praktikplatser inventeras"),
        direction=direction,
        goal=goal,
        network_commitment=network_commitment,
        members_commitment=members_commitment,
        indicator=indicator,
        approved=approved,
        draft=approved,  # below: the partner representative's draft
        their_person=their_person,
        theirs_by_endpoint={
            "directions": their_goal.direction_id,
            "goals": their_goal.pk,
            "commitments": CommitmentFactory.create(goal=their_goal).pk,
            "indicators": their_indicator.pk,
            "measurements": MeasurementFactory.create(indicator=their_indicator).pk,
        },
    )
    w.users = {
        "anonymous": None,
        "other_network": user_with_role(theirs, RoleKind.COORDINATOR),
        "observer": user_with_role(ours, RoleKind.OBSERVER),
        "company_contact": user_with_role(ours, RoleKind.COMPANY_CONTACT, organisation=org_a),
        "partner_rep": user_with_role(ours, RoleKind.PARTNER_REPRESENTATIVE, organisation=org_a),
        "coordinator": user_with_role(ours, RoleKind.COORDINATOR),
        "admin": UserFactory.create(is_superuser=True, is_staff=True),
    }
    w.draft = MeasurementFactory.create(
        indicator=indicator,
        period_end=dt.date(2017, 12, 31),
        value=Decimal("11.00"),
        status="draft",
        entered_by=w.users["partner_rep"],
    )
    return w


def client_for(world: World, actor: str) -> APIClient:
    client = APIClient()
    user = world.users[actor]
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response: Any) -> set[int]:
    return {row["id"] for row in response.json()["results"]}


# --- reading ----------------------------------------------------------------------------------

# Drafts: only for coordinators (and the admin) and whoever entered them.
SEES_THE_DRAFT = {"coordinator", "admin", "partner_rep"}


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
    if endpoint == "measurements" and actor not in SEES_THE_DRAFT:
        ours = ours - {world.draft.pk}
    theirs = {world.theirs_by_endpoint[endpoint]}
    expected = {"admin": ours | theirs, "other_network": theirs}.get(actor, ours)
    assert ids(response) == expected


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_detail_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(world.detail_url(endpoint))

    expected = {"anonymous": ANONYMOUS, "other_network": 404}.get(actor, 200)
    if endpoint == "measurements" and actor not in SEES_THE_DRAFT | {"anonymous"}:
        expected = 404  # the draft: as if it did not exist
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


def test_a_company_contact_sees_an_owner_of_another_organisation_as_null(world: World) -> None:
    contact = client_for(world, "company_contact")
    observer = client_for(world, "observer")

    hidden = contact.get(f"{API}commitments/{world.network_commitment.pk}/").json()
    own = contact.get(f"{API}commitments/{world.members_commitment.pk}/").json()
    shown = observer.get(f"{API}commitments/{world.network_commitment.pk}/").json()

    assert (hidden["owner"], hidden["owner_name"]) == (None, None)
    assert hidden["owner_organisation_name"] == "Piteå kommun"
    assert (own["owner"], own["owner_name"]) == (world.person_a.pk, "Anna Berg")
    assert (shown["owner"], shown["owner_name"]) == (world.person_b.pk, "Bo Lind")
    listed = {row["id"]: row for row in contact.get(f"{API}commitments/").json()["results"]}
    assert listed[world.network_commitment.pk]["owner_name"] is None
    assert listed[world.members_commitment.pk]["owner_name"] == "Anna Berg"


def test_a_representatives_draft_is_hidden_from_an_observer_until_approved(world: World) -> None:
    rep, observer = client_for(world, "partner_rep"), client_for(world, "observer")

    created = rep.post(
        f"{API}measurements/",
        {"indicator": world.indicator.pk, "period_end": "2018-06-30", "value": "10.50"},
        format="json",
    )

    assert created.status_code == 201, created.json()
    assert created.json()["status"] == "draft"
    key = created.json()["id"]
    assert key in ids(rep.get(f"{API}measurements/"))
    assert key not in ids(observer.get(f"{API}measurements/"))
    assert observer.get(f"{API}measurements/{key}/").status_code == 404
    assert rep.post(f"{API}measurements/{key}/approve/").status_code == DENIED

    approved = client_for(world, "coordinator").post(f"{API}measurements/{key}/approve/")

    assert approved.status_code == 200
    assert approved.json()["status"] == "approved"
    assert key in ids(observer.get(f"{API}measurements/"))
    assert observer.get(f"{API}measurements/{key}/").json()["value"] == "10.50"
    measurement = Measurement.objects.get(pk=key)
    assert measurement.approved_by == world.users["coordinator"]


# --- creating -------------------------------------------------------------------------------


def create_payload(world: World, endpoint: str) -> dict[str, Any]:
    payloads: dict[str, dict[str, Any]] = {
        "directions": {
            "network": "norrbotten",
            "title": "Inriktning 2019–2022",
            "start_year": 2019,
            "end_year": 2022,
            "adopted_by": world.binding.pk,
        },
        "goals": {"direction": world.direction.pk, "title": "Kompetensförsörjning"},
        "commitments": {
            "goal": world.goal.pk,
            "side": "members",
            "text": "Kommunerna erbjuder praktikplatser",
            "organisations": [world.org_a.pk],
            "owner": world.person_a.pk,
            "decisions": [world.binding.pk],
            "actions": [world.action.pk],
        },
        "indicators": {
            "goal": world.goal.pk,
            "name": "Andel i arbete",
            "unit": "percent",
            "desired": "at_least",
            "baseline_value": "60.00",
            "baseline_date": "2015-01-01",
            "target_value": "70.00",
            "target_date": "2018-12-31",
        },
        "measurements": {
            "indicator": world.indicator.pk,
            "period_end": "2016-06-30",
            "value": "12.40",
        },
    }
    return payloads[endpoint]


# (status, error keys) for a create by each actor; anything absent is denied (403).
CREATE_MATRIX: dict[str, dict[str, tuple[int, set[str] | None]]] = {
    "directions": {"other_network": (400, {"network", "adopted_by"})},
    "goals": {"other_network": (400, {"direction"})},
    "commitments": {
        "other_network": (400, {"goal", "organisations", "owner", "decisions", "actions"})
    },
    "indicators": {"other_network": (400, {"goal"})},
    "measurements": {"other_network": (400, {"indicator"}), "partner_rep": (ALLOWED, None)},
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
        # The answer has the shape of list and detail.
        detail = client_for(world, actor).get(f"{API}{endpoint}/{created.pk}/").json()
        assert response.json() == detail
        assert detail["network"] == "norrbotten"
    else:
        assert db_state() == before
        assert set(response.json()) == (error_keys or {"detail"})


def test_created_commitment_and_measurement_values(world: World) -> None:
    client = client_for(world, "coordinator")

    commitment = client.post(
        f"{API}commitments/", create_payload(world, "commitments"), format="json"
    ).json()
    value = client.post(
        f"{API}measurements/", create_payload(world, "measurements"), format="json"
    ).json()

    assert commitment | {"id": 0} == {
        "id": 0,
        "network": "norrbotten",
        "goal": world.goal.pk,
        "side": "members",
        "position": 2,
        "text": "Kommunerna erbjuder praktikplatser",
        "organisations": [world.org_a.pk],
        "owner": world.person_a.pk,
        "owner_name": "Anna Berg",
        "owner_organisation_name": "Luleå kommun",
        "status": "planned",
        "evidence": "",
        "decisions": [world.binding.pk],
        "actions": [world.action.pk],
    }
    assert value["status"] == "draft"  # also a coordinator's value waits for approval
    assert (value["value"], value["numerator"], value["denominator"]) == ("12.40", None, None)


# --- changing ---------------------------------------------------------------------------------

# Coordinators change everything. The partner representative and the company contact of org A
# change the status of the members' commitment that binds org A (strategy.permissions:
# can_update_commitment, as on the pages); the representative also their own draft value.
UPDATE_MATRIX: dict[str, dict[str, int]] = {
    endpoint: {"coordinator": 200, "admin": 200} for endpoint in ENDPOINTS
}
UPDATE_MATRIX["commitments"]["partner_rep"] = 200
UPDATE_MATRIX["commitments"]["company_contact"] = 200
UPDATE_MATRIX["measurements"]["partner_rep"] = 200
UPDATE_PAYLOAD: dict[str, dict[str, Any]] = {
    "directions": {"title": "Inriktning (reviderad)"},
    "goals": {"title": "Utbildning och arbete"},
    "commitments": {"status": "under_way"},
    "indicators": {"name": "Utan gymnasieexamen, 20–24 år"},
    "measurements": {"note": "Rättad efter SCB"},
}


def expected_update(endpoint: str, actor: str) -> int:
    if actor == "anonymous":
        return ANONYMOUS
    if actor == "other_network":
        return 404
    if endpoint == "measurements" and actor not in SEES_THE_DRAFT:
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


def test_a_representative_changes_only_status_and_evidence(world: World) -> None:
    rep = client_for(world, "partner_rep")
    url = f"{API}commitments/{world.members_commitment.pk}/"
    whole = rep.get(url).json()

    sent_back = rep.put(url, whole | {"status": "done", "evidence": "Avtal 2017"}, format="json")
    before = db_state()
    text = rep.patch(url, {"text": "Något annat"}, format="json")
    network_side = rep.patch(
        f"{API}commitments/{world.network_commitment.pk}/", {"status": "done"}, format="json"
    )

    assert sent_back.status_code == 200, sent_back.json()
    world.members_commitment.refresh_from_db()
    assert (world.members_commitment.status, world.members_commitment.evidence) == (
        "done",
        "Avtal 2017",
    )
    assert (text.status_code, network_side.status_code) == (DENIED, DENIED)
    assert db_state() == before


def test_corrections_of_values(world: World) -> None:
    """A representative corrects their own draft (it stays a draft), not an approved value; a
    coordinator's correction of an approved value keeps it approved."""
    rep, coordinator = client_for(world, "partner_rep"), client_for(world, "coordinator")
    approved_url = f"{API}measurements/{world.approved.pk}/"
    before = db_state()

    refused = rep.patch(approved_url, {"value": "1.00"}, format="json")

    assert refused.status_code == DENIED
    assert db_state() == before
    own = rep.put(
        f"{API}measurements/{world.draft.pk}/",
        {"period_end": "2017-12-31", "value": "10.80"},
        format="json",
    )
    assert own.status_code == 200, own.json()
    assert (own.json()["value"], own.json()["status"]) == ("10.80", "draft")
    corrected = coordinator.patch(approved_url, {"value": "13.00"}, format="json")
    assert corrected.status_code == 200
    assert (corrected.json()["value"], corrected.json()["status"]) == ("13.00", "approved")


def test_goals_indicators_and_values_stay_where_they_are(world: World) -> None:
    other_goal = GoalFactory.create(direction=world.direction)
    client = client_for(world, "coordinator")

    goal = client.patch(
        f"{API}goals/{world.goal.pk}/", {"direction": 0, "position": 3}, format="json"
    )
    indicator = client.patch(
        f"{API}indicators/{world.indicator.pk}/", {"goal": other_goal.pk}, format="json"
    )

    assert (goal.status_code, goal.json()["position"]) == (200, 3)
    assert indicator.status_code == 200
    world.indicator.refresh_from_db()
    assert world.indicator.goal == world.goal


# --- approving and deleting -------------------------------------------------------------------

APPROVE_MATRIX = {
    "anonymous": ANONYMOUS,
    "other_network": 404,
    "observer": 404,  # the draft is not shown to them
    "company_contact": 404,
    "partner_rep": DENIED,  # entered it, may not approve it
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_approve_matrix(world: World, actor: str) -> None:
    before = db_state()

    response = client_for(world, actor).post(f"{API}measurements/{world.draft.pk}/approve/")

    assert response.status_code == APPROVE_MATRIX[actor], response.json()
    world.draft.refresh_from_db()
    if response.status_code == 200:
        assert response.json()["status"] == world.draft.status == "approved"
        assert world.draft.approved_by == world.users[actor]
        record = AuditRecord.objects.for_object(world.draft).get(action=AuditAction.UPDATE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("actor", ["observer", "company_contact", "partner_rep"])
def test_only_coordinators_approve_a_shown_value(world: World, actor: str) -> None:
    world.approved.status = "draft"
    world.approved.entered_by = world.users[actor]
    world.approved.save()

    response = client_for(world, actor).post(f"{API}measurements/{world.approved.pk}/approve/")

    assert response.status_code == DENIED


def test_an_approved_value_cannot_be_approved_again(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}measurements/{world.approved.pk}/approve/"
    )

    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["This value is already approved."]}
    assert db_state() == before


DELETE_MATRIX = {
    "anonymous": ANONYMOUS,
    "other_network": 404,
    "observer": 404,
    "company_contact": 404,
    "partner_rep": 204,  # their own draft
    "coordinator": 204,
    "admin": 204,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_delete_matrix(world: World, actor: str) -> None:
    before = db_state()

    response = client_for(world, actor).delete(f"{API}measurements/{world.draft.pk}/")

    assert response.status_code == DELETE_MATRIX[actor]
    if response.status_code == 204:
        assert not Measurement.objects.filter(pk=world.draft.pk).exists()
        record = AuditRecord.objects.get(action=AuditAction.DELETE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before


@pytest.mark.parametrize("actor", ["observer", "company_contact", "partner_rep"])
def test_an_approved_value_is_deleted_only_by_coordinators(world: World, actor: str) -> None:
    before = db_state()

    response = client_for(world, actor).delete(f"{API}measurements/{world.approved.pk}/")

    assert response.status_code == DENIED
    assert db_state() == before


@pytest.mark.parametrize("endpoint", ["directions", "goals", "commitments", "indicators"])
def test_only_measurements_are_deleted(world: World, endpoint: str) -> None:
    before = db_state()

    response = client_for(world, "coordinator").delete(world.detail_url(endpoint))

    assert response.status_code == 405
    assert db_state() == before


# --- bad input: 400 with the field, nothing written -------------------------------------------


def _ratio_indicator(world: World) -> Indicator:
    return IndicatorFactory.create(goal=world.goal, uses_ratio=True, name="Andel")


BAD_INPUT: list[Any] = [
    pytest.param(
        "indicators",
        {"target_value": "16.00"},  # at most 10 from 14: a target above the baseline
        "target_value",
        "The target lies the wrong way from the baseline for the desired direction.",
        id="target-the-wrong-way",
    ),
    pytest.param(
        "indicators",
        {"target_date": "2014-12-31"},
        "target_date",
        "The target date must be after the baseline date.",
        id="target-before-baseline",
    ),
    pytest.param(
        "measurements",
        {"period_end": "2019-01-31"},
        "period_end",
        "Choose a date within the direction's years (2015–2018).",
        id="measurement-outside-the-years",
    ),
    pytest.param(
        "measurements",
        {"period_end": "0001-01-01"},
        "period_end",
        "Enter a date between the years 1900 and 2200.",
        id="measurement-in-year-one",
    ),
    pytest.param(
        "measurements",
        {"value": "120.00"},
        "value",
        "A percentage lies between 0 and 100.",
        id="value-not-a-percentage",
    ),
    pytest.param(
        "measurements",
        {"value": None},
        "value",
        "Enter the value.",
        id="value-missing",
    ),
    pytest.param(
        "measurements",
        {"part": "Luleå"},
        "part",
        "This indicator has no breakdown: leave the part empty.",
        id="part-without-breakdown",
    ),
    pytest.param(
        "directions",
        {"adopted_by": "recommendation"},
        "adopted_by",
        "A recommendation cannot adopt it: choose a binding decision.",
        id="adopted-by-a-recommendation",
    ),
    pytest.param(
        "directions",
        {"start_year": 2019, "end_year": 2016},
        "end_year",
        "The last year cannot be before the first year.",
        id="years-reversed",
    ),
    pytest.param(
        "directions",
        {"start_year": 0},
        "start_year",
        "Ensure this value is greater than or equal to 1900.",
        id="year-zero",
    ),
    pytest.param(
        "commitments",
        {"side": "network"},
        "organisations",
        "What the network does names no members: choose none.",
        id="network-side-naming-members",
    ),
    pytest.param(
        "commitments",
        {"owner": "their_person"},
        "owner",
        'Invalid pk "{pk}" - object does not exist.',
        id="owner-of-another-network",
    ),
]


def _resolve(world: World, changes: dict[str, Any]) -> dict[str, Any]:
    names = {"recommendation": world.recommendation.pk, "their_person": world.their_person.pk}
    return {k: names.get(v, v) if isinstance(v, str) else v for k, v in changes.items()}


@pytest.mark.parametrize(("endpoint", "changes", "key", "message"), BAD_INPUT)
def test_bad_input_on_create(
    world: World, endpoint: str, changes: dict[str, Any], key: str, message: str
) -> None:
    payload = create_payload(world, endpoint) | _resolve(world, changes)
    before = db_state()

    response = client_for(world, "coordinator").post(f"{API}{endpoint}/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {key: [message.format(pk=payload.get(key))]}
    assert db_state() == before


@pytest.mark.parametrize(("endpoint", "changes", "key", "message"), BAD_INPUT)
def test_bad_input_on_update(
    world: World, endpoint: str, changes: dict[str, Any], key: str, message: str
) -> None:
    changes = _resolve(world, changes)
    url = {
        "measurements": f"{API}measurements/{world.approved.pk}/",
        "commitments": f"{API}commitments/{world.members_commitment.pk}/",
    }.get(endpoint, world.detail_url(endpoint))
    before = db_state()

    response = client_for(world, "coordinator").patch(url, changes, format="json")

    assert response.status_code == 400
    assert response.json() == {key: [message.format(pk=changes.get(key))]}
    assert db_state() == before


def test_numerator_above_denominator(world: World) -> None:
    indicator = _ratio_indicator(world)
    before = db_state()

    response = client_for(world, "partner_rep").post(
        f"{API}measurements/",
        {
            "indicator": indicator.pk,
            "period_end": "2016-12-31",
            "numerator": "30",
            "denominator": "20",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"numerator": ["The numerator cannot be more than the denominator."]}
    assert db_state() == before


def test_a_value_from_numerator_and_denominator(world: World) -> None:
    indicator = _ratio_indicator(world)

    response = client_for(world, "partner_rep").post(
        f"{API}measurements/",
        {
            "indicator": indicator.pk,
            "period_end": "2016-12-31",
            "numerator": "3",
            "denominator": "25",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["value"], response.json()["numerator"]) == ("12.00", "3.00")


def test_one_value_per_date_and_part(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}measurements/",
        {"indicator": world.indicator.pk, "period_end": "2016-12-31", "value": "12"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["This indicator already has a value for this date and part."]
    }
    assert db_state() == before


def test_a_direction_cannot_shrink_away_from_its_values(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}directions/{world.direction.pk}/", {"end_year": 2016}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"end_year": ["Some indicators have values outside these years."]}
    assert db_state() == before


def test_a_decision_of_another_network_the_user_sees_is_refused(world: World) -> None:
    """An admin sees every network's decisions: the service still keeps them apart."""
    theirs = _decision(world.theirs, 1, binding=True)
    before = db_state()

    response = client_for(world, "admin").patch(
        f"{API}directions/{world.direction.pk}/", {"adopted_by": theirs.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"adopted_by": ["Choose a decision of this network."]}
    assert db_state() == before


# --- filters ----------------------------------------------------------------------------------


def test_filters(world: World) -> None:
    other_goal = GoalFactory.create(direction=DirectionFactory.create(network=world.ours))
    other_indicator = IndicatorFactory.create(goal=other_goal)
    other_commitment = CommitmentFactory.create(goal=other_goal, status="done")
    MeasurementFactory.create(indicator=other_indicator)
    client = client_for(world, "coordinator")

    def listed(endpoint: str, **query: Any) -> set[int]:
        response = client.get(f"{API}{endpoint}/", query)
        assert response.status_code == 200, response.json()
        return ids(response)

    assert listed("goals", direction=world.direction.pk) == {world.goal.pk}
    assert listed("commitments", goal=world.goal.pk) == {
        world.network_commitment.pk,
        world.members_commitment.pk,
    }
    assert listed("commitments", side="members") == {world.members_commitment.pk}
    assert listed("commitments", status="done") == {other_commitment.pk}
    assert listed("indicators", goal=world.goal.pk) == {world.indicator.pk}
    assert listed("measurements", indicator=world.indicator.pk) == {
        world.approved.pk,
        world.draft.pk,
    }
    assert listed("measurements", indicator=world.indicator.pk, status="draft") == {world.draft.pk}
    assert listed("directions", network="elsewhere") == set()
    assert listed("measurements", network="norrbotten") == world.ours_by_endpoint()[
        "measurements"
    ] | {other_indicator.measurements.get().pk}


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [("goals", "direction"), ("commitments", "goal"), ("indicators", "goal")],
)
def test_filtering_by_another_networks_object_is_refused(
    world: World, endpoint: str, name: str
) -> None:
    their_goal = Goal.objects.get(pk=world.theirs_by_endpoint["goals"])
    key = their_goal.direction_id if name == "direction" else their_goal.pk

    response = client_for(world, "coordinator").get(f"{API}{endpoint}/", {name: key})

    assert response.status_code == 400
    assert set(response.json()) == {name}


# --- no N+1: constant query counts at two data sizes -------------------------------------------


def _grow(world: World, n: int) -> None:
    rep = world.users["partner_rep"]
    for i in range(n):
        org = OrganisationFactory.create(network=world.ours, name=f"Kommun {n}-{i}")
        person = PersonFactory.create(organisation=org)
        direction = DirectionFactory.create(network=world.ours, adopted_by=world.binding)
        goal = GoalFactory.create(direction=direction)
        commitment = CommitmentFactory.create(goal=goal, side="members", owner=person)
        commitment.organisations.set([org, world.org_a])
        commitment.decisions.set([world.binding])
        indicator = IndicatorFactory.create(goal=goal)
        MeasurementFactory.create(indicator=indicator)
        MeasurementFactory.create(
            indicator=indicator, period_end=dt.date(2017, 6, 30), status="draft", entered_by=rep
        )


def _queries(world: World, endpoint: str, user: User) -> int:
    user = User.objects.get(pk=user.pk)  # a fresh object: no roles cached
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{endpoint}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["coordinator", "company_contact", "partner_rep"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(world: World, endpoint: str, actor: str) -> None:
    """Also for a company contact, to whom the owners of other organisations are null
    (checked without a query per row), and a representative with drafts of their own."""
    user = world.users[actor]
    assert user is not None
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
        "directions": {"get", "put", "patch"},
        "goals": {"get", "put", "patch"},
        "commitments": {"get", "put", "patch"},
        "indicators": {"get", "put", "patch"},
        "measurements": {"get", "put", "patch", "delete"},
    }
    approve = paths[f"{API}measurements/{{id}}/approve/"]
    assert set(approve) == {"post"}
    assert "requestBody" not in approve["post"]
    assert set(approve["post"]["responses"]) == {"200", "400", "401", "403", "404"}
