"""REST API of the strategy app's charter and annual plan: charters (with their versions),
obligations, self-check answers, plans (propose, adopt, revise), activities (report), income
and contributions. The permission matrix per role (list, create, change, delete), the
members' own answers and contributions only for their representatives, the shared charter
of a federation, bad input answered with exact field errors (and nothing changed), the
shape of the schema and constant query counts."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Federation, Network
from samverk.meetings.models import Decision
from samverk.meetings.tests.factories import DecisionFactory, MeetingFactory, at
from samverk.networks.models import Arena, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    UserFactory,
    user_with_role,
)
from samverk.strategy import charter_services, plan_services
from samverk.strategy.models import (
    AnnualPlan,
    Charter,
    CharterVersion,
    Contribution,
    Direction,
    Goal,
    IncomeLine,
    Obligation,
    PlanActivity,
    SelfCheck,
)
from samverk.strategy.tests.factories import DirectionFactory, GoalFactory

pytestmark = pytest.mark.django_db

API = "/api/v1/strategy/"
YEAR = 2025
ENDPOINTS = [
    "charters",
    "obligations",
    "self-checks",
    "plans",
    "activities",
    "income",
    "contributions",
]
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
    "charters": Charter,
    "obligations": Obligation,
    "self-checks": SelfCheck,
    "plans": AnnualPlan,
    "activities": PlanActivity,
    "income": IncomeLine,
    "contributions": Contribution,
}


def db_state() -> dict[str, list[Any]]:
    """Every row of the charter and plan domain and the audit log, to prove that nothing
    changed."""
    models: list[type[Any]] = [*MODELS.values(), CharterVersion, AuditRecord]
    state: dict[str, list[Any]] = {
        m.__name__: list(m.objects.order_by("pk").values()) for m in models
    }
    for model, relation in ((AnnualPlan, "priorities"), (PlanActivity, "organisations")):
        through = getattr(model, relation).through
        state[f"{model.__name__}.{relation}"] = list(through.objects.order_by("pk").values())
    return state


# --- the world: our network (in a federation) and another one ---------------------------------


@dataclass
class World:
    """Ours ("barnim", of the federation Barnim-Uckermark): members org A and org B with a
    person each; a board (proposes the plan) and an assembly (adopts it) with a binding
    decision each, and a recommendation of the board; a direction 2024 to 2027 with one goal;
    the shared charter with two obligations and both members' answer to the first for 2025;
    the draft plan 2025 in SEK with an activity (Bo of org B responsible, org A taking part)
    and org A's contribution as income; a contribution of each member in 2025. Theirs
    ("elsewhere") has one of each as well."""

    ours: Network
    theirs: Network
    org_a: Organisation
    org_b: Organisation
    person_a: Person
    person_b: Person
    board: Arena
    assembly: Arena
    proposal: Decision
    adoption: Decision
    recommendation: Decision
    direction: Direction
    goal: Goal
    charter: Charter
    obligation_1: Obligation
    obligation_2: Obligation
    answer_a: SelfCheck
    answer_b: SelfCheck
    plan: AnnualPlan
    activity: PlanActivity
    income: IncomeLine
    contribution_a: Contribution
    contribution_b: Contribution
    theirs_by_endpoint: dict[str, int]
    users: dict[str, User | None] = field(default_factory=dict)

    def ours_by_endpoint(self) -> dict[str, set[int]]:
        return {
            "charters": {self.charter.pk},
            "obligations": {self.obligation_1.pk, self.obligation_2.pk},
            "self-checks": {self.answer_a.pk, self.answer_b.pk},
            "plans": {self.plan.pk},
            "activities": {self.activity.pk},
            "income": {self.income.pk},
            "contributions": {self.contribution_a.pk, self.contribution_b.pk},
        }

    def detail_key(self, endpoint: str) -> int:
        keys = {"self-checks": self.answer_a.pk, "contributions": self.contribution_a.pk}
        return keys.get(endpoint) or min(self.ours_by_endpoint()[endpoint])

    def detail_url(self, endpoint: str) -> str:
        return f"{API}{endpoint}/{self.detail_key(endpoint)}/"


def decision_of(arena: Arena, day: dt.date, binding: bool = True) -> Decision:
    meeting = MeetingFactory.create(arena=arena, starts_at=at(day), ends_at=at(day, 12))
    return DecisionFactory.create(meeting=meeting, binding=binding)


def member(network: Network, name: str) -> Organisation:
    organisation = OrganisationFactory.create(network=network, name=name)
    MembershipFactory.create(organisation=organisation, since=dt.date(2024, 1, 1))
    return organisation


def _theirs(theirs: Network, coordinator: User) -> dict[str, int]:
    """One of each in the other network, written by its coordinator."""
    org = member(theirs, "Fjord Energi")
    charter = charter_services.save_charter(
        actor=coordinator, network=theirs, title="Their charter"
    )
    obligation = charter_services.add_obligation(actor=coordinator, charter=charter, text="Come")
    answer = charter_services.answer_self_check(
        actor=coordinator,
        network=theirs,
        obligation=obligation,
        organisation=org,
        year=YEAR,
        answer="met",
    )
    plan = plan_services.create_plan(actor=coordinator, network=theirs, year=YEAR)
    activity = plan_services.add_activity(actor=coordinator, plan=plan, title="Their fair")
    income = plan_services.add_income(
        actor=coordinator, plan=plan, kind="grant", label="ESF", amount=Decimal(1), currency="EUR"
    )
    contribution = plan_services.record_contribution(
        actor=coordinator,
        network=theirs,
        organisation=org,
        year=YEAR,
        kind="money",
        value=Decimal(100),
        currency="EUR",
    )
    return {
        "charters": charter.pk,
        "obligations": obligation.pk,
        "self-checks": answer.pk,
        "plans": plan.pk,
        "activities": activity.pk,
        "income": income.pk,
        "contributions": contribution.pk,
    }


@pytest.fixture
def world() -> World:
    federation = Federation.objects.create(name="Barnim-Uckermark", slug="barnim-uckermark")
    ours = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim", federation=federation)
    theirs = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    org_a = member(ours, "Landkreis Barnim")
    org_b = member(ours, "IHK Ostbrandenburg")
    person_a = PersonFactory.create(organisation=org_a, name="Anna Berg")
    person_b = PersonFactory.create(organisation=org_b, name="Bo Lind")
    users: dict[str, User | None] = {
        "anonymous": None,
        "other_network": user_with_role(theirs, RoleKind.COORDINATOR),
        "observer": user_with_role(ours, RoleKind.OBSERVER),
        "company_contact": user_with_role(ours, RoleKind.COMPANY_CONTACT, organisation=org_a),
        "partner_rep": user_with_role(ours, RoleKind.PARTNER_REPRESENTATIVE, organisation=org_a),
        "coordinator": user_with_role(ours, RoleKind.COORDINATOR),
        "admin": UserFactory.create(is_superuser=True, is_staff=True),
    }
    coordinator = users["coordinator"]
    assert coordinator is not None and users["other_network"] is not None
    board = ArenaFactory.create(network=ours, name="Lenkungsgruppe")
    assembly = ArenaFactory.create(network=ours, name="Netzwerkversammlung")
    proposal = decision_of(board, dt.date(YEAR, 3, 1))
    recommendation = decision_of(board, dt.date(YEAR, 3, 1), binding=False)
    adoption = decision_of(assembly, dt.date(YEAR, 6, 1))
    direction = DirectionFactory.create(network=ours, start_year=2024, end_year=2027)
    goal = GoalFactory.create(direction=direction, title="Fachkräfte sichern", position=1)
    charter = charter_services.save_charter(
        actor=coordinator,
        network=ours,
        title="Gemeinsames Leitbild",
        who_we_are="Wir sind ein Netzwerk.",
        shared=True,
        adopted_by=proposal,
    )
    obligation_1 = charter_services.add_obligation(
        actor=coordinator, charter=charter, text="Zu jeder Sitzung entsenden"
    )
    obligation_2 = charter_services.add_obligation(
        actor=coordinator, charter=charter, text="Ein festes Budget", measure="budget"
    )
    answers = [
        charter_services.answer_self_check(
            actor=coordinator,
            network=ours,
            obligation=obligation_1,
            organisation=org,
            year=YEAR,
            answer=answer,
        )
        for org, answer in ((org_a, "met"), (org_b, "partly"))
    ]
    plan = plan_services.create_plan(
        actor=coordinator,
        network=ours,
        year=YEAR,
        direction=direction,
        theme="Rückkehrer",
        priorities=[goal],
        currency="SEK",
        proposing_arena=board,
        adopting_arena=assembly,
    )
    activity = plan_services.add_activity(
        actor=coordinator,
        plan=plan,
        title="Rückkehrertag",
        goal=goal,
        organisations=[org_a],
        person=person_b,
        starts_on=dt.date(YEAR, 4, 1),
        ends_on=dt.date(YEAR, 4, 30),
        budget=Decimal("2500.00"),
    )
    income = plan_services.add_income(
        actor=coordinator,
        plan=plan,
        kind="contribution",
        organisation=org_a,
        amount=Decimal("10000.00"),
        currency="SEK",
    )
    contributions = [
        plan_services.record_contribution(
            actor=coordinator,
            network=ours,
            organisation=org,
            year=YEAR,
            kind="money",
            value=Decimal(value),
            currency="EUR",
            description=f"Zuschuss {org.name}",
        )
        for org, value in ((org_a, "1000.00"), (org_b, "250.50"))
    ]
    return World(
        ours=ours,
        theirs=theirs,
        org_a=org_a,
        org_b=org_b,
        person_a=person_a,
        person_b=person_b,
        board=board,
        assembly=assembly,
        proposal=proposal,
        adoption=adoption,
        recommendation=recommendation,
        direction=direction,
        goal=goal,
        charter=charter,
        obligation_1=obligation_1,
        obligation_2=obligation_2,
        answer_a=answers[0],
        answer_b=answers[1],
        plan=plan,
        activity=activity,
        income=income,
        contribution_a=contributions[0],
        contribution_b=contributions[1],
        theirs_by_endpoint=_theirs(theirs, users["other_network"]),
        users=users,
    )


def client_for(world: World, actor: str) -> APIClient:
    client = APIClient()
    user = world.users[actor]
    if user is not None:
        client.force_authenticate(user)
    return client


def authenticated(user: User) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def ids(response: Any) -> set[int]:
    assert response.status_code == 200, response.json()
    return {row["id"] for row in response.json()["results"]}


# --- reading ----------------------------------------------------------------------------------

# Each member's answers and contributions: for coordinators (and the admin) every member's,
# for a member's representatives (partner representative, company contact of org A) their
# own, for observers none (as the self-check page and the ledger show them).
OWN_ONLY = {"self-checks", "contributions"}


def expected_list(world: World, actor: str, endpoint: str) -> set[int]:
    ours = world.ours_by_endpoint()[endpoint]
    theirs = {world.theirs_by_endpoint[endpoint]}
    if endpoint in OWN_ONLY:
        own = {"self-checks": world.answer_a.pk, "contributions": world.contribution_a.pk}
        ours = {
            "observer": set(),
            "company_contact": {own[endpoint]},
            "partner_rep": {own[endpoint]},
        }.get(actor, ours)
    return {"admin": ours | theirs, "other_network": theirs}.get(actor, ours)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_list_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(f"{API}{endpoint}/")

    if actor == "anonymous":
        assert response.status_code == ANONYMOUS
        assert set(response.json()) == {"detail"}
        return
    assert ids(response) == expected_list(world, actor, endpoint)


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_detail_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(world.detail_url(endpoint))

    expected = {"anonymous": ANONYMOUS, "other_network": 404}.get(actor, 200)
    if endpoint in OWN_ONLY and actor == "observer":
        expected = 404  # org A's: as if it did not exist
    assert response.status_code == expected
    if expected == 200:
        assert response.json()["id"] == world.detail_key(endpoint)
        assert response.json()["network"] == "barnim"
    else:
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_another_networks_objects_answer_404(world: World, endpoint: str) -> None:
    key = world.theirs_by_endpoint[endpoint]

    response = client_for(world, "coordinator").get(f"{API}{endpoint}/{key}/")

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("actor", ["company_contact", "partner_rep"])
def test_a_member_sees_only_its_own_answers_and_contributions(world: World, actor: str) -> None:
    client = client_for(world, actor)

    answers = client.get(f"{API}self-checks/").json()["results"]
    contributions = client.get(f"{API}contributions/").json()["results"]

    assert [(a["organisation_name"], a["answer"]) for a in answers] == [("Landkreis Barnim", "met")]
    assert [(c["organisation_name"], c["value"]) for c in contributions] == [
        ("Landkreis Barnim", "1000.00")
    ]
    for url in (
        f"{API}self-checks/{world.answer_b.pk}/",
        f"{API}contributions/{world.contribution_b.pk}/",
    ):
        assert client.get(url).status_code == 404
    assert ids(client.get(f"{API}self-checks/", {"organisation": world.org_b.pk})) == set()
    # The coordinator sees both members'.
    coordinator = client_for(world, "coordinator")
    assert ids(coordinator.get(f"{API}contributions/", {"organisation": world.org_b.pk})) == {
        world.contribution_b.pk
    }


def test_a_company_contact_sees_a_responsible_person_of_another_organisation_as_null(
    world: World,
) -> None:
    hidden = client_for(world, "company_contact").get(f"{API}activities/{world.activity.pk}/")
    shown = client_for(world, "observer").get(f"{API}activities/{world.activity.pk}/")

    assert (hidden.json()["person"], hidden.json()["person_name"]) == (None, None)
    assert hidden.json()["person_organisation_name"] == "IHK Ostbrandenburg"
    assert (shown.json()["person"], shown.json()["person_name"]) == (world.person_b.pk, "Bo Lind")


def test_the_shapes_of_a_charter_a_plan_and_an_activity(world: World) -> None:
    client = client_for(world, "coordinator")

    charter = client.get(f"{API}charters/{world.charter.pk}/").json()
    plan = client.get(f"{API}plans/{world.plan.pk}/").json()
    activity = client.get(f"{API}activities/{world.activity.pk}/").json()

    assert charter | {"versions": None} == {
        "id": world.charter.pk,
        "network": "barnim",
        "title": "Gemeinsames Leitbild",
        "who_we_are": "Wir sind ein Netzwerk.",
        "what_we_want": "",
        "how_we_work": "",
        "shared": True,
        "is_public": False,
        "versions": None,
    }
    [version] = charter["versions"]
    assert (version["number"], version["title"], version["adopted_by"]) == (
        1,
        "Gemeinsames Leitbild",
        world.proposal.pk,
    )
    assert version["adopted_by_reference"] == world.proposal.reference
    assert plan == {
        "id": world.plan.pk,
        "network": "barnim",
        "year": YEAR,
        "version": 1,
        "direction": world.direction.pk,
        "theme": "Rückkehrer",
        "summary": "",
        "priorities": [world.goal.pk],
        "currency": "SEK",
        "proposing_arena": world.board.pk,
        "adopting_arena": world.assembly.pk,
        "status": "draft",
        "proposal": None,
        "proposal_reference": None,
        "adoption": None,
        "adoption_reference": None,
        "revises": None,
    }
    assert activity == {
        "id": world.activity.pk,
        "network": "barnim",
        "plan": world.plan.pk,
        "goal": world.goal.pk,
        "title": "Rückkehrertag",
        "organisations": [world.org_a.pk],
        "person": world.person_b.pk,
        "person_name": "Bo Lind",
        "person_organisation_name": "IHK Ostbrandenburg",
        "starts_on": "2025-04-01",
        "ends_on": "2025-04-30",
        "budget": "2500.00",
        "status": "planned",
        "spent": None,
    }


# --- creating -------------------------------------------------------------------------------


def create_payload(world: World, endpoint: str) -> dict[str, Any]:
    payloads: dict[str, dict[str, Any]] = {
        "charters": {
            "network": "barnim",
            "title": "Leitbild",
            "who_we_are": "Wir.",
            "shared": True,
            "adopted_by": world.proposal.pk,
        },
        "obligations": {"charter": world.charter.pk, "text": "Daten liefern", "measure": ""},
        "self-checks": {
            "network": "barnim",
            "obligation": world.obligation_2.pk,
            "organisation": world.org_a.pk,
            "year": YEAR,
            "answer": "partly",
            "comment": "Budget erst ab Juli",
            "evidence": "Kreistagsbeschluss",
        },
        "plans": {
            "network": "barnim",
            "year": 2026,
            "direction": world.direction.pk,
            "theme": "Pflege",
            "priorities": [world.goal.pk],
            "currency": "EUR",
            "proposing_arena": world.board.pk,
            "adopting_arena": world.assembly.pk,
        },
        "activities": {
            "plan": world.plan.pk,
            "title": "Messestand",
            "goal": world.goal.pk,
            "organisations": [world.org_a.pk],
            "person": world.person_a.pk,
            "starts_on": "2025-09-01",
            "ends_on": "2025-09-02",
            "budget": "800.00",
        },
        "income": {
            "plan": world.plan.pk,
            "kind": "contribution",
            "organisation": world.org_b.pk,
            "amount": "5000.00",
        },
        "contributions": {
            "network": "barnim",
            "organisation": world.org_a.pk,
            "year": YEAR,
            "activity": world.activity.pk,
            "kind": "staff_hours",
            "status": "pledged",
            "description": "Standbetreuung",
            "hours": "12.50",
            "value": "625.00",
            "currency": "EUR",
        },
    }
    return payloads[endpoint]


# (status, error keys) for a create by each actor; anything absent is denied (403). Someone
# of another network names what they cannot see: 400 "does not exist" on each such field.
CREATE_MATRIX: dict[str, dict[str, tuple[int, set[str] | None]]] = {
    "charters": {"other_network": (400, {"network", "adopted_by"})},
    "obligations": {"other_network": (400, {"charter"})},
    "self-checks": {
        "other_network": (400, {"network", "obligation", "organisation"}),
        "company_contact": (ALLOWED, None),
        "partner_rep": (ALLOWED, None),
    },
    "plans": {
        "other_network": (
            400,
            {"network", "direction", "priorities", "proposing_arena", "adopting_arena"},
        )
    },
    "activities": {"other_network": (400, {"plan", "goal", "organisations", "person"})},
    "income": {"other_network": (400, {"plan", "organisation"})},
    "contributions": {
        "other_network": (400, {"network", "organisation", "activity"}),
        "company_contact": (ALLOWED, None),
        "partner_rep": (ALLOWED, None),
    },
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
    if endpoint == "charters":
        world.charter.delete()  # one charter per network: write it anew
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
        assert detail["network"] == "barnim"
    else:
        assert db_state() == before
        assert set(response.json()) == (error_keys or {"detail"})


def test_created_values(world: World) -> None:
    client = client_for(world, "coordinator")
    world.charter.delete()

    charter = client.post(f"{API}charters/", create_payload(world, "charters"), format="json")
    income = client.post(f"{API}income/", create_payload(world, "income"), format="json")
    obligation = client.post(
        f"{API}obligations/",
        create_payload(world, "obligations") | {"charter": charter.json()["id"]},
        format="json",
    )
    contribution = client.post(
        f"{API}contributions/", create_payload(world, "contributions"), format="json"
    )

    assert charter.status_code == 201, charter.json()
    [version] = charter.json()["versions"]
    assert (version["number"], version["adopted_by"]) == (1, world.proposal.pk)
    # No currency sent: the plan's.
    assert (income.json()["currency"], income.json()["amount"]) == ("SEK", "5000.00")
    assert obligation.json()["position"] == 1
    assert obligation.json()["charter"] == charter.json()["id"]
    assert contribution.json() | {"id": 0} == {
        "id": 0,
        "network": "barnim",
        "organisation": world.org_a.pk,
        "organisation_name": "Landkreis Barnim",
        "year": YEAR,
        "activity": world.activity.pk,
        "kind": "staff_hours",
        "status": "pledged",
        "description": "Standbetreuung",
        "hours": "12.50",
        "value": "625.00",
        "currency": "EUR",
    }
    assert (
        Contribution.objects.get(pk=contribution.json()["id"]).recorded_by
        == (world.users["coordinator"])
    )


@pytest.mark.parametrize("actor", ["company_contact", "partner_rep"])
def test_an_answer_for_another_member_is_refused(world: World, actor: str) -> None:
    before = db_state()
    payload = create_payload(world, "self-checks") | {"organisation": world.org_b.pk}

    response = client_for(world, actor).post(f"{API}self-checks/", payload, format="json")
    contribution = client_for(world, actor).post(
        f"{API}contributions/",
        create_payload(world, "contributions") | {"organisation": world.org_b.pk},
        format="json",
    )

    assert response.status_code == DENIED
    assert response.json() == {"detail": "You do not have permission to do this."}
    assert contribution.status_code == DENIED
    assert db_state() == before


def test_a_second_answer_replaces_the_first(world: World) -> None:
    client = client_for(world, "partner_rep")
    payload = create_payload(world, "self-checks") | {"obligation": world.obligation_1.pk}

    response = client.post(f"{API}self-checks/", payload, format="json")

    assert response.status_code == 201, response.json()
    assert response.json()["id"] == world.answer_a.pk
    world.answer_a.refresh_from_db()
    assert (world.answer_a.answer, world.answer_a.comment) == ("partly", "Budget erst ab Juli")
    assert world.answer_a.answered_by == world.users["partner_rep"]
    assert SelfCheck.objects.count() == 3  # ours two, theirs one


def test_a_network_has_one_charter(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}charters/", create_payload(world, "charters"), format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"network": ["Charter with this network already exists."]}
    assert db_state() == before


# --- the shared charter of a federation ------------------------------------------------------


def test_the_federations_shared_charter(world: World) -> None:
    """Uckermark reads Barnim's shared charter and its obligations, and its members answer
    them; only Barnim's coordinators change the charter."""
    uckermark = NetworkFactory.create(slug="uckermark", federation=world.ours.federation)
    kreis = member(uckermark, "Landkreis Uckermark")
    coordinator = authenticated(user_with_role(uckermark, RoleKind.COORDINATOR))
    rep = authenticated(
        user_with_role(uckermark, RoleKind.PARTNER_REPRESENTATIVE, organisation=kreis)
    )
    stranger = client_for(world, "other_network")

    assert ids(rep.get(f"{API}charters/")) == {world.charter.pk}
    assert ids(rep.get(f"{API}obligations/")) == {world.obligation_1.pk, world.obligation_2.pk}
    assert world.charter.pk not in ids(stranger.get(f"{API}charters/"))
    answer = rep.post(
        f"{API}self-checks/",
        {
            "network": "uckermark",
            "obligation": world.obligation_1.pk,
            "organisation": kreis.pk,
            "year": YEAR,
            "answer": "met",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.json()
    assert ids(rep.get(f"{API}self-checks/", {"obligation": world.obligation_1.pk})) == {
        answer.json()["id"]
    }
    # Each network's answers stay its own.
    assert answer.json()["id"] not in ids(
        client_for(world, "coordinator").get(f"{API}self-checks/")
    )
    before = db_state()
    changed = coordinator.patch(f"{API}charters/{world.charter.pk}/", {"title": "X"}, format="json")
    added = coordinator.post(
        f"{API}obligations/", {"charter": world.charter.pk, "text": "X"}, format="json"
    )
    assert (changed.status_code, added.status_code) == (DENIED, DENIED)
    assert db_state() == before
    own = coordinator.post(
        f"{API}charters/", {"network": "uckermark", "title": "Unser Leitbild"}, format="json"
    )
    assert own.status_code == 201, own.json()


# --- changing ---------------------------------------------------------------------------------

UPDATE_PAYLOAD: dict[str, dict[str, Any]] = {
    "charters": {"title": "Leitbild 2026"},
    "obligations": {"text": "Zu jeder Sitzung mit Vollmacht entsenden"},
    "plans": {"theme": "Rückkehrer und Pendler"},
    "activities": {"title": "Rückkehrertag im Schloss"},
    "income": {"amount": "12000.00"},
}
CHANGED = list(UPDATE_PAYLOAD)


@pytest.mark.parametrize("endpoint", CHANGED)
@pytest.mark.parametrize("actor", ACTORS)
def test_update_matrix(world: World, actor: str, endpoint: str) -> None:
    before = db_state()
    expected = {"anonymous": ANONYMOUS, "other_network": 404}.get(
        actor, 200 if actor in ("coordinator", "admin") else DENIED
    )

    response = client_for(world, actor).patch(
        world.detail_url(endpoint), UPDATE_PAYLOAD[endpoint], format="json"
    )

    assert response.status_code == expected, response.json()
    if expected == 200:
        obj = MODELS[endpoint].objects.get(pk=world.detail_key(endpoint))
        for name, value in UPDATE_PAYLOAD[endpoint].items():
            assert str(getattr(obj, name)) == value
            assert response.json()[name] == value
        record = AuditRecord.objects.for_object(obj).get(action=AuditAction.UPDATE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before
        assert set(response.json()) == {"detail"}


@pytest.mark.parametrize("endpoint", ["self-checks", "contributions"])
def test_answers_and_contributions_are_not_changed(world: World, endpoint: str) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        world.detail_url(endpoint), {"comment": "x", "description": "x"}, format="json"
    )

    assert response.status_code == 405
    assert db_state() == before


def test_a_changed_charter_text_is_a_new_version(world: World) -> None:
    response = client_for(world, "coordinator").patch(
        f"{API}charters/{world.charter.pk}/",
        {"how_we_work": "Verbindlich.", "adopted_by": world.adoption.pk},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert "adopted_by" not in response.json()  # sent only
    assert [
        (v["number"], v["how_we_work"], v["adopted_by_reference"])
        for v in response.json()["versions"]
    ] == [(2, "Verbindlich.", world.adoption.reference), (1, "", world.proposal.reference)]


# --- plans: propose, adopt, revise -----------------------------------------------------------

RECOMMENDATION = "A recommendation cannot do this: choose a binding decision (a quorate meeting's)."


def test_a_plan_is_proposed_adopted_and_revised(world: World) -> None:
    client = client_for(world, "coordinator")
    url = f"{API}plans/{world.plan.pk}/"
    before = db_state()

    by_recommendation = client.post(
        f"{url}propose/", {"decision": world.recommendation.pk}, format="json"
    )
    adopted_too_early = client.post(f"{url}adopt/", {"decision": world.adoption.pk}, format="json")

    assert by_recommendation.status_code == 400
    assert by_recommendation.json() == {"decision": [RECOMMENDATION]}
    assert adopted_too_early.status_code == 400
    assert adopted_too_early.json() == {"non_field_errors": ["Only a proposed plan is adopted."]}
    assert db_state() == before

    proposed = client.post(f"{url}propose/", {"decision": world.proposal.pk}, format="json")
    assert proposed.status_code == 200, proposed.json()
    assert (proposed.json()["status"], proposed.json()["proposal_reference"]) == (
        "proposed",
        world.proposal.reference,
    )
    before = db_state()
    adopted_by_recommendation = client.post(
        f"{url}adopt/", {"decision": world.recommendation.pk}, format="json"
    )
    assert adopted_by_recommendation.status_code == 400
    assert adopted_by_recommendation.json() == {"decision": [RECOMMENDATION]}
    assert db_state() == before

    adopted = client.post(f"{url}adopt/", {"decision": world.adoption.pk}, format="json")
    assert adopted.status_code == 200, adopted.json()
    assert (adopted.json()["status"], adopted.json()["adoption"]) == ("adopted", world.adoption.pk)
    before = db_state()
    changed = client.patch(url, {"theme": "Anders"}, format="json")
    assert changed.status_code == 400
    assert changed.json() == {
        "non_field_errors": ["An adopted plan is not changed: revise it to make a new version."]
    }
    assert db_state() == before

    revision = client.post(f"{url}revise/")
    assert revision.status_code == 201, revision.json()
    assert {k: revision.json()[k] for k in ("year", "version", "status", "revises", "theme")} == {
        "year": YEAR,
        "version": 2,
        "status": "draft",
        "revises": world.plan.pk,
        "theme": "Rückkehrer",
    }
    activities = ids(client.get(f"{API}activities/", {"plan": revision.json()["id"]}))
    assert len(activities) == 1 and world.activity.pk not in activities
    again = client.post(f"{url}revise/")
    assert again.status_code == 400
    assert again.json() == {"non_field_errors": ["A revision of this plan exists already."]}


STEP_MATRIX = {
    "anonymous": ANONYMOUS,
    "other_network": 404,
    "observer": DENIED,
    "company_contact": DENIED,
    "partner_rep": DENIED,
    "coordinator": 200,
    "admin": 200,
}


@pytest.mark.parametrize("actor", ACTORS)
def test_propose_matrix(world: World, actor: str) -> None:
    before = db_state()

    response = client_for(world, actor).post(
        f"{API}plans/{world.plan.pk}/propose/", {"decision": world.proposal.pk}, format="json"
    )

    assert response.status_code == STEP_MATRIX[actor], response.json()
    if response.status_code != 200:
        assert db_state() == before
        assert set(response.json()) == {"detail"}


def test_a_decision_of_another_network_does_not_exist_for_the_plan(world: World) -> None:
    theirs = decision_of(ArenaFactory.create(network=world.theirs), dt.date(YEAR, 3, 1))
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}plans/{world.plan.pk}/propose/", {"decision": theirs.pk}, format="json"
    )
    missing = client_for(world, "coordinator").post(
        f"{API}plans/{world.plan.pk}/propose/", {}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"decision": [f'Invalid pk "{theirs.pk}" - object does not exist.']}
    assert missing.json() == {"decision": ["This field is required."]}
    assert db_state() == before


# --- activities: report; deleting ------------------------------------------------------------


def test_an_activity_is_reported(world: World) -> None:
    url = f"{API}activities/{world.activity.pk}/report/"
    before = db_state()

    refused = client_for(world, "partner_rep").post(url, {"status": "done"}, format="json")
    negative = client_for(world, "coordinator").post(url, {"spent": "-1.00"}, format="json")

    assert refused.status_code == DENIED
    assert negative.status_code == 400
    assert negative.json() == {"spent": ["An amount cannot be negative."]}
    assert db_state() == before
    reported = client_for(world, "coordinator").post(
        url, {"status": "done", "spent": "2410.90"}, format="json"
    )
    assert reported.status_code == 200, reported.json()
    assert (reported.json()["status"], reported.json()["spent"]) == ("done", "2410.90")
    assert reported.json()["title"] == "Rückkehrertag"


DELETED = ["activities", "income", "contributions"]


def expected_delete(endpoint: str, actor: str) -> int:
    if actor == "anonymous":
        return ANONYMOUS
    if actor == "other_network" or (endpoint == "contributions" and actor == "observer"):
        return 404
    if actor in ("coordinator", "admin"):
        return 204
    if endpoint == "contributions":
        return 204  # org A's own, by its representatives
    return DENIED


@pytest.mark.parametrize("endpoint", DELETED)
@pytest.mark.parametrize("actor", ACTORS)
def test_delete_matrix(world: World, actor: str, endpoint: str) -> None:
    model = MODELS[endpoint]
    before = db_state()

    response = client_for(world, actor).delete(world.detail_url(endpoint))

    assert response.status_code == expected_delete(endpoint, actor)
    if response.status_code == 204:
        assert not model.objects.filter(pk=world.detail_key(endpoint)).exists()
        record = AuditRecord.objects.get(action=AuditAction.DELETE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before


@pytest.mark.parametrize("endpoint", ["charters", "obligations", "self-checks", "plans"])
def test_only_activities_income_and_contributions_are_deleted(world: World, endpoint: str) -> None:
    before = db_state()

    response = client_for(world, "coordinator").delete(world.detail_url(endpoint))

    assert response.status_code == 405
    assert db_state() == before


def test_an_adopted_plans_lines_are_not_deleted(world: World) -> None:
    world.plan.status = "adopted"
    world.plan.save()
    before = db_state()

    response = client_for(world, "coordinator").delete(f"{API}income/{world.income.pk}/")

    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["An adopted plan is not changed: revise it to make a new version."]
    }
    assert db_state() == before


# --- bad input: 400 with the field, nothing written -------------------------------------------

BAD_INPUT: list[Any] = [
    pytest.param(
        "income",
        {"currency": "EUR"},
        "currency",
        "The plan's budget is in SEK: enter the amount in it.",
        id="income-in-another-currency",
    ),
    pytest.param(
        "income",
        {"amount": "-5.00"},
        "amount",
        "Ensure this value is greater than or equal to 0.",
        id="income-negative",
    ),
    pytest.param(
        "activities",
        {"starts_on": "2025-09-03"},
        "ends_on",
        "The end cannot be before the start.",
        id="activity-ends-before-it-starts",
    ),
    pytest.param(
        "activities",
        {"starts_on": "2026-01-01", "ends_on": None},
        "starts_on",
        "Choose a day in 2025.",
        id="activity-outside-the-year",
    ),
    pytest.param(
        "activities",
        {"starts_on": "0001-01-01"},
        "starts_on",
        "Enter a date between the years 1900 and 2200.",
        id="activity-in-year-one",
    ),
    pytest.param(
        "activities",
        {"budget": "-1.00"},
        "budget",
        "Ensure this value is greater than or equal to 0.",
        id="activity-negative-budget",
    ),
    pytest.param(
        "plans",
        {"priorities": ["other_goal"]},
        "priorities",
        "Choose goals of the plan's direction.",
        id="plan-priority-of-another-direction",
    ),
    pytest.param(
        "charters",
        {"adopted_by": "recommendation"},
        "adopted_by",
        "A recommendation cannot adopt it: choose a binding decision.",
        id="charter-adopted-by-a-recommendation",
    ),
    pytest.param(
        "obligations",
        {"measure": "weather"},
        "measure",
        '"weather" is not a valid choice.',
        id="obligation-measure-unknown",
    ),
]


def _resolve(world: World, changes: dict[str, Any]) -> dict[str, Any]:
    other_goal = GoalFactory.create(direction=DirectionFactory.create(network=world.ours))
    names = {"recommendation": world.recommendation.pk, "other_goal": other_goal.pk}

    def resolve(value: Any) -> Any:
        if isinstance(value, list):
            return [resolve(v) for v in value]
        return names.get(value, value) if isinstance(value, str) else value

    return {k: resolve(v) for k, v in changes.items()}


@pytest.mark.parametrize(("endpoint", "changes", "key", "message"), BAD_INPUT)
def test_bad_input_on_create(
    world: World, endpoint: str, changes: dict[str, Any], key: str, message: str
) -> None:
    if endpoint == "charters":
        world.charter.delete()
    payload = create_payload(world, endpoint) | _resolve(world, changes)
    before = db_state()

    response = client_for(world, "coordinator").post(f"{API}{endpoint}/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == {key: [message]}
    assert db_state() == before


@pytest.mark.parametrize(("endpoint", "changes", "key", "message"), BAD_INPUT)
def test_bad_input_on_update(
    world: World, endpoint: str, changes: dict[str, Any], key: str, message: str
) -> None:
    changes = _resolve(world, changes)
    if endpoint == "activities" and key == "ends_on":
        changes = {"starts_on": "2025-05-01"}  # after the activity's end, 30 April
    before = db_state()

    response = client_for(world, "coordinator").patch(
        world.detail_url(endpoint), changes, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {key: [message]}
    assert db_state() == before


BAD_CREATE: list[Any] = [
    pytest.param(
        "contributions",
        {"hours": None},
        {"hours": ["Enter the hours."]},
        id="staff-hours-without-hours",
    ),
    pytest.param(
        "contributions",
        {"currency": None},
        {"currency": ["This field may not be null."]},
        id="contribution-without-currency",
    ),
    pytest.param(
        "self-checks",
        {"year": 2023},
        {"organisation": ["This organisation was not a member in 2023."]},
        id="answer-before-the-membership",
    ),
    pytest.param(
        "self-checks",
        {"year": 0},
        {"year": ["Ensure this value is greater than or equal to 1900."]},
        id="answer-in-year-zero",
    ),
    pytest.param(
        "plans",
        {"year": 2025},
        {"year": ["This year has a plan already: open it, or revise the adopted one."]},
        id="second-plan-of-a-year",
    ),
    pytest.param(
        "plans",
        {"year": 2030},
        {"year": ["The year lies outside the direction's years (2024–2027)."]},
        id="plan-outside-the-direction",
    ),
]


@pytest.mark.parametrize(("endpoint", "changes", "errors"), BAD_CREATE)
def test_bad_input_on_create_only(
    world: World, endpoint: str, changes: dict[str, Any], errors: dict[str, list[str]]
) -> None:
    payload = create_payload(world, endpoint) | changes
    before = db_state()

    response = client_for(world, "coordinator").post(f"{API}{endpoint}/", payload, format="json")

    assert response.status_code == 400
    assert response.json() == errors
    assert db_state() == before


# --- filters ----------------------------------------------------------------------------------


def test_filters(world: World) -> None:
    client = client_for(world, "coordinator")

    def listed(endpoint: str, **query: Any) -> set[int]:
        return ids(client.get(f"{API}{endpoint}/", query))

    assert listed("obligations", charter=world.charter.pk) == {
        world.obligation_1.pk,
        world.obligation_2.pk,
    }
    assert listed("self-checks", answer="partly") == {world.answer_b.pk}
    assert listed("self-checks", year=2024) == set()
    assert listed("plans", year=YEAR, status="draft") == {world.plan.pk}
    assert listed("activities", plan=world.plan.pk, goal=world.goal.pk) == {world.activity.pk}
    assert listed("income", kind="grant") == set()
    assert listed("contributions", network="barnim", organisation=world.org_a.pk) == {
        world.contribution_a.pk
    }
    assert listed("charters", shared=True) == {world.charter.pk}


@pytest.mark.parametrize(
    ("endpoint", "name"),
    [
        ("obligations", "charter"),
        ("activities", "plan"),
        ("income", "plan"),
        ("contributions", "organisation"),
    ],
)
def test_filtering_by_another_networks_object_is_refused(
    world: World, endpoint: str, name: str
) -> None:
    theirs = {
        "charter": world.theirs_by_endpoint["charters"],
        "plan": world.theirs_by_endpoint["plans"],
        "organisation": Contribution.objects.get(
            pk=world.theirs_by_endpoint["contributions"]
        ).organisation_id,
    }

    response = client_for(world, "coordinator").get(f"{API}{endpoint}/", {name: theirs[name]})

    assert response.status_code == 400
    assert set(response.json()) == {name}


# --- no N+1: constant query counts at two data sizes -------------------------------------------

_years = itertools.count(2030)


def _grow(world: World, n: int) -> None:
    """``n`` more of everything: members with answers and contributions (and org A's too),
    obligations, plans with priorities, activities with responsible members and people,
    income, and shared charters of other networks of the federation with two versions."""
    coordinator = world.users["coordinator"]
    assert coordinator is not None
    for i in range(n):
        org = member(world.ours, f"Gemeinde {n}-{i}")
        person = PersonFactory.create(organisation=org)
        obligation = charter_services.add_obligation(
            actor=coordinator, charter=world.charter, text=f"Pflicht {n}-{i}"
        )
        for who in (org, world.org_a):
            charter_services.answer_self_check(
                actor=coordinator,
                network=world.ours,
                obligation=obligation,
                organisation=who,
                year=YEAR,
                answer="met",
            )
            plan_services.record_contribution(
                actor=coordinator,
                network=world.ours,
                organisation=who,
                year=YEAR,
                kind="money",
                value=Decimal(10),
                currency="EUR",
                activity=world.activity,
            )
        year = next(_years)
        direction = DirectionFactory.create(network=world.ours, start_year=year, end_year=year)
        plan_services.create_plan(
            actor=coordinator,
            network=world.ours,
            year=year,
            direction=direction,
            priorities=[GoalFactory.create(direction=direction)],
            proposing_arena=world.board,
        )
        plan_services.add_activity(
            actor=coordinator,
            plan=world.plan,
            title=f"Aktivität {n}-{i}",
            goal=world.goal,
            organisations=[org, world.org_a],
            person=person,
        )
        plan_services.add_income(
            actor=coordinator,
            plan=world.plan,
            kind="contribution",
            organisation=org,
            amount=Decimal(5),
            currency="SEK",
        )
        neighbour = NetworkFactory.create(federation=world.ours.federation)
        admin = world.users["admin"]
        assert admin is not None
        charter_services.save_charter(actor=admin, network=neighbour, title="L", shared=True)
        adoption = decision_of(ArenaFactory.create(network=neighbour), dt.date(YEAR, 2, 1))
        charter_services.save_charter(
            actor=admin, network=neighbour, title="L2", adopted_by=adoption
        )


def _queries(endpoint: str, user: User) -> int:
    user = User.objects.get(pk=user.pk)  # a fresh object: no roles cached
    with CaptureQueriesContext(connection) as queries:
        response = authenticated(user).get(f"{API}{endpoint}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["coordinator", "company_contact", "partner_rep"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(world: World, endpoint: str, actor: str) -> None:
    """Also for a company contact, to whom the responsible people of other organisations are
    null (checked without a query per row), and the members' representatives, who see their
    own answers and contributions."""
    user = world.users[actor]
    assert user is not None
    _grow(world, 2)
    small = _queries(endpoint, user)
    _grow(world, 8)
    large = _queries(endpoint, user)

    assert small == large


# --- OpenAPI schema ---------------------------------------------------------------------------


def test_schema_lists_every_endpoint() -> None:
    paths = APIClient().get("/api/schema/", {"format": "json"}).json()["paths"]

    assert {endpoint: set(paths[f"{API}{endpoint}/"]) for endpoint in ENDPOINTS} == {
        endpoint: {"get", "post"} for endpoint in ENDPOINTS
    }
    assert {endpoint: set(paths[f"{API}{endpoint}/{{id}}/"]) for endpoint in ENDPOINTS} == {
        "charters": {"get", "put", "patch"},
        "obligations": {"get", "put", "patch"},
        "self-checks": {"get"},
        "plans": {"get", "put", "patch"},
        "activities": {"get", "put", "patch", "delete"},
        "income": {"get", "put", "patch", "delete"},
        "contributions": {"get", "delete"},
    }
    for step in ("propose", "adopt"):
        operation = paths[f"{API}plans/{{id}}/{step}/"]["post"]
        assert "requestBody" in operation
        assert set(operation["responses"]) == {"200", "400", "401", "403", "404"}
    revise = paths[f"{API}plans/{{id}}/revise/"]["post"]
    assert "requestBody" not in revise
    assert set(revise["responses"]) == {"201", "400", "401", "403", "404"}
    report = paths[f"{API}activities/{{id}}/report/"]["post"]
    assert set(report["responses"]) == {"200", "400", "401", "403", "404"}
