"""REST API of the networks app: the permission matrix, scoped reads, writes through the
services, bad input answered with field errors, the OpenAPI schema and the Swagger UI."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Federation, Network, Region
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person
from samverk.networks.tests.factories import (
    ArenaFactory,
    MandateFactory,
    MembershipFactory,
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    RegionFactory,
    UserFactory,
    user_with_role,
)
from samverk.networks.tests.helpers import db_state

pytestmark = pytest.mark.django_db

API = "/api/v1/networks/"
ENDPOINTS = ["networks", "regions", "organisations", "memberships", "people", "mandates", "arenas"]
NETWORK_SCOPED = ["organisations", "memberships", "people", "mandates", "arenas"]
ACTORS = [
    "anonymous",
    "other_network",
    "coordinator",
    "partner_rep",
    "company_contact",
    "observer",
    "admin",
]
# Anonymous requests answer 401 with "WWW-Authenticate: Token": token authentication is the
# first authentication class in settings.REST_FRAMEWORK.
ANONYMOUS = 401
DENIED = 403

MODELS: dict[str, type[Any]] = {
    "networks": Network,
    "regions": Region,
    "organisations": Organisation,
    "memberships": Membership,
    "people": Person,
    "mandates": Mandate,
    "arenas": Arena,
}


# --- the world: our network and another one -------------------------------------------------


@dataclass
class World:
    """Ours ("barnim"): org A (member; the partner representative acts for it), org B
    (member), org C (not a member; the company contact acts for it), people, mandates and an
    arena. Theirs ("elsewhere") has the same kinds of objects and its own coordinator."""

    ours: Network
    theirs: Network
    region: Region
    org_a: Organisation
    org_b: Organisation
    org_c: Organisation
    membership_a: Membership
    membership_b: Membership
    person_a: Person
    person_a2: Person
    person_b: Person
    person_c: Person
    mandate_a: Mandate
    mandate_b: Mandate
    arena: Arena
    their_org: Organisation
    their_membership: Membership
    their_person: Person
    their_mandate: Mandate
    their_arena: Arena
    users: dict[str, User | None] = field(default_factory=dict)

    def ours_by_endpoint(self) -> dict[str, set[Any]]:
        return {
            "networks": {self.ours.slug},
            "regions": {self.region.pk},
            "organisations": {self.org_a.pk, self.org_b.pk, self.org_c.pk},
            "memberships": {self.membership_a.pk, self.membership_b.pk},
            "people": {self.person_a.pk, self.person_a2.pk, self.person_b.pk, self.person_c.pk},
            "mandates": {self.mandate_a.pk, self.mandate_b.pk},
            "arenas": {self.arena.pk},
        }

    def theirs_by_endpoint(self) -> dict[str, set[Any]]:
        return {
            "networks": {self.theirs.slug},
            "regions": set(),
            "organisations": {self.their_org.pk},
            "memberships": {self.their_membership.pk},
            "people": {self.their_person.pk},
            "mandates": {self.their_mandate.pk},
            "arenas": {self.their_arena.pk},
        }

    def detail_key(self, endpoint: str) -> Any:
        """The key of one of our objects of each kind (networks are addressed by slug)."""
        return {
            "networks": self.ours.slug,
            "regions": self.region.pk,
            "organisations": self.org_a.pk,
            "memberships": self.membership_a.pk,
            "people": self.person_a.pk,
            "mandates": self.mandate_a.pk,
            "arenas": self.arena.pk,
        }[endpoint]

    def detail_url(self, endpoint: str) -> str:
        return f"{API}{endpoint}/{self.detail_key(endpoint)}/"


@pytest.fixture(autouse=True)
def _no_throttle_leftovers() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def world() -> World:
    ours = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
    theirs = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
    region = RegionFactory.create(name="Barnim", code="DE405")
    org_a = OrganisationFactory.create(network=ours, name="Stadtwerke Eberswalde", region=region)
    org_b = OrganisationFactory.create(network=ours, name="Hochschule Eberswalde")
    org_c = OrganisationFactory.create(network=ours, name="Tischlerei Kühn")
    membership_a = MembershipFactory.create(
        organisation=org_a, since=dt.date(2024, 1, 1), budget_amount=Decimal("1234.50")
    )
    membership_b = MembershipFactory.create(organisation=org_b, since=dt.date(2024, 1, 1))
    person_a = PersonFactory.create(organisation=org_a, name="Anna Berg", phone="+49 3334 1")
    person_a2 = PersonFactory.create(organisation=org_a, name="Arne Dahl")
    person_b = PersonFactory.create(organisation=org_b, name="Bo Lind")
    person_c = PersonFactory.create(organisation=org_c, name="Carla Kühn")
    their_org = OrganisationFactory.create(network=theirs, name="Fjord Energi")
    their_membership = MembershipFactory.create(organisation=their_org)
    their_person = PersonFactory.create(organisation=their_org, name="Dag Fjord")
    arena = ArenaFactory.create(network=ours, name="Lenkungsgruppe", kind="steering_group")
    arena.members.set([org_a])
    w = World(
        ours=ours,
        theirs=theirs,
        region=region,
        org_a=org_a,
        org_b=org_b,
        org_c=org_c,
        membership_a=membership_a,
        membership_b=membership_b,
        person_a=person_a,
        person_a2=person_a2,
        person_b=person_b,
        person_c=person_c,
        mandate_a=MandateFactory.create(membership=membership_a, person=person_a),
        mandate_b=MandateFactory.create(membership=membership_b, person=person_b),
        arena=arena,
        their_org=their_org,
        their_membership=their_membership,
        their_person=their_person,
        their_mandate=MandateFactory.create(membership=their_membership, person=their_person),
        their_arena=ArenaFactory.create(network=theirs, name="Styringsgruppe"),
    )
    w.users = {
        "anonymous": None,
        "other_network": user_with_role(theirs, RoleKind.COORDINATOR),
        "coordinator": user_with_role(ours, RoleKind.COORDINATOR),
        "partner_rep": user_with_role(ours, RoleKind.PARTNER_REPRESENTATIVE, organisation=org_a),
        "company_contact": user_with_role(ours, RoleKind.COMPANY_CONTACT, organisation=org_c),
        "observer": user_with_role(ours, RoleKind.OBSERVER),
        "admin": UserFactory.create(is_superuser=True, is_staff=True),
    }
    return w


def client_for(world: World, actor: str) -> APIClient:
    client = APIClient()
    user = world.users[actor]
    if user is not None:
        client.force_authenticate(user)
    return client


def ids(response: Any, key: str = "id") -> set[Any]:
    return {row[key] for row in response.json()["results"]}


# --- permission matrix: reading ---------------------------------------------------------------


def expected_visible(world: World, endpoint: str, actor: str) -> set[Any]:
    ours = world.ours_by_endpoint()[endpoint]
    theirs = world.theirs_by_endpoint()[endpoint]
    if endpoint == "regions":  # shared reference data
        return ours
    if actor == "admin":
        return ours | theirs
    if actor == "other_network":
        return theirs
    if actor == "company_contact" and endpoint == "people":
        return {world.person_c.pk}  # only the people of their own organisation
    return ours


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_list_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(f"{API}{endpoint}/")

    if actor == "anonymous":
        assert response.status_code == ANONYMOUS
        assert set(response.json()) == {"detail"}
        return
    assert response.status_code == 200
    key = "slug" if endpoint == "networks" else "id"
    assert ids(response, key) == expected_visible(world, endpoint, actor)
    if actor == "other_network" and endpoint != "regions":
        assert not ids(response, key) & world.ours_by_endpoint()[endpoint]


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("actor", ACTORS)
def test_detail_is_scoped(world: World, actor: str, endpoint: str) -> None:
    response = client_for(world, actor).get(world.detail_url(endpoint))

    if actor == "anonymous":
        expected = ANONYMOUS
    elif actor == "other_network" and endpoint != "regions":
        expected = 404
    elif actor == "company_contact" and endpoint == "people":
        expected = 404  # Anna Berg works for org A, not for the contact's org C
    else:
        expected = 200
    assert response.status_code == expected
    if expected == 404:
        assert set(response.json()) == {"detail"}
    if expected == 200:
        key = "slug" if endpoint == "networks" else "id"
        assert response.json()[key] == world.detail_key(endpoint)


def test_company_contact_sees_only_own_organisations_people(world: World) -> None:
    client = client_for(world, "company_contact")

    listed = client.get(f"{API}people/", {"network": "barnim"})
    own = client.get(f"{API}people/{world.person_c.pk}/")
    other = client.get(f"{API}people/{world.person_b.pk}/")

    assert [row["name"] for row in listed.json()["results"]] == ["Carla Kühn"]
    assert own.status_code == 200
    assert own.json()["email"] == world.person_c.email
    assert other.status_code == 404


# --- permission matrix: creating --------------------------------------------------------------


def create_payload(world: World, endpoint: str) -> dict[str, Any]:
    payloads: dict[str, dict[str, Any]] = {
        "networks": {"slug": "uckermark", "name": "Netzwerk Uckermark", "language": "de"},
        "regions": {"code": "DE40I", "name": "Uckermark", "level": "district"},
        "organisations": {"network": "barnim", "name": "Neue Firma GmbH", "kind": "company"},
        "memberships": {
            "organisation": world.org_c.pk,
            "since": "2025-01-01",
            "budget_amount": "500.00",
            "currency": "EUR",
        },
        "people": {
            "organisation": world.org_a.pk,
            "name": "Neue Person",
            "email": "neu@stadtwerke.example",
        },
        "mandates": {
            "membership": world.membership_a.pk,
            "person": world.person_a2.pk,
            "role": "deputy",
            "decision_authorised": False,
            "valid_from": "2025-01-01",
        },
        "arenas": {
            "network": "barnim",
            "name": "AG Fachkräfte",
            "kind": "working_group",
            "members": [world.org_a.pk, world.org_b.pk],
        },
    }
    return payloads[endpoint]


ALLOWED = 201
# (status, error keys) for a create by each actor; anything absent is denied (403).
CREATE_MATRIX: dict[str, dict[str, tuple[int, set[str] | None]]] = {
    "networks": {"admin": (ALLOWED, None)},
    "regions": {"admin": (ALLOWED, None)},
    "organisations": {
        "coordinator": (ALLOWED, None),
        "admin": (ALLOWED, None),
        "other_network": (400, {"network"}),
    },
    "memberships": {
        "coordinator": (ALLOWED, None),
        "admin": (ALLOWED, None),
        "other_network": (400, {"organisation"}),
    },
    "people": {
        "coordinator": (ALLOWED, None),
        "admin": (ALLOWED, None),
        "partner_rep": (ALLOWED, None),  # for their own organisation
        "other_network": (400, {"organisation"}),
    },
    "mandates": {
        "coordinator": (ALLOWED, None),
        "admin": (ALLOWED, None),
        "other_network": (400, {"membership", "person"}),
        "company_contact": (400, {"person"}),  # a person of org A is invisible to them
    },
    "arenas": {
        "coordinator": (ALLOWED, None),
        "admin": (ALLOWED, None),
        "other_network": (400, {"network", "members"}),
    },
}


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
        # Written by the service: it leaves an audit record naming the actor.
        record = AuditRecord.objects.for_object(created).get(action=AuditAction.CREATE)
        assert record.actor == world.users[actor]
    else:
        assert db_state() == before
        if error_keys is not None:
            assert set(response.json()) == error_keys
        else:
            assert set(response.json()) == {"detail"}


def test_created_objects_answer_in_the_common_shape(world: World) -> None:
    client = client_for(world, "coordinator")

    organisation = client.post(
        f"{API}organisations/", create_payload(world, "organisations"), format="json"
    )
    membership = client.post(
        f"{API}memberships/", create_payload(world, "memberships"), format="json"
    )
    mandate = client.post(f"{API}mandates/", create_payload(world, "mandates"), format="json")
    arena = client.post(f"{API}arenas/", create_payload(world, "arenas"), format="json")

    new_org = Organisation.objects.get(name="Neue Firma GmbH")
    assert organisation.json() == {
        "id": new_org.pk,
        "network": "barnim",
        "name": "Neue Firma GmbH",
        "org_number": "",
        "kind": "company",
        "sector": "",
        "region": None,
        "website": "",
        "address": "",
        "is_example": False,
        "logo": None,
    }
    new_membership = Membership.objects.get(organisation=world.org_c)
    assert membership.json() == {
        "id": new_membership.pk,
        "network": "barnim",
        "organisation": world.org_c.pk,
        "organisation_name": "Tischlerei Kühn",
        "since": "2025-01-01",
        "until": None,
        "role": "partner",
        "budget_amount": "500.00",
        "currency": "EUR",
    }
    new_mandate = Mandate.objects.get(person=world.person_a2)
    assert mandate.json() == {
        "id": new_mandate.pk,
        "network": "barnim",
        "membership": world.membership_a.pk,
        "organisation": world.org_a.pk,
        "organisation_name": "Stadtwerke Eberswalde",
        "person": world.person_a2.pk,
        "person_name": "Arne Dahl",
        "role": "deputy",
        "decision_authorised": False,
        "valid_from": "2025-01-01",
        "valid_until": None,
    }
    new_arena = Arena.objects.get(name="AG Fachkräfte")
    assert arena.json() == {
        "id": new_arena.pk,
        "network": "barnim",
        "name": "AG Fachkräfte",
        "kind": "working_group",
        "level": "regional",
        "mandate": "",
        "quorum_rule": "none",
        "quorum_percent": None,
        "votes_by": "organisation",
        "members": [world.org_b.pk, world.org_a.pk],  # by name: Hochschule, Stadtwerke
    }
    assert set(new_arena.members.all()) == {world.org_a, world.org_b}


# --- permission matrix: updating --------------------------------------------------------------

# (case, endpoint, world attribute, field, new value, {actor: status}); absent actors are
# denied (403).
UPDATE_CASES: list[tuple[str, str, str, str, Any, dict[str, int]]] = [
    (
        "own-organisation",
        "organisations",
        "org_a",
        "address",
        "Am Markt 1",
        {"coordinator": 200, "admin": 200, "partner_rep": 200, "other_network": 404},
    ),
    (
        "another-organisation",
        "organisations",
        "org_b",
        "address",
        "Am Markt 2",
        {"coordinator": 200, "admin": 200, "other_network": 404},
    ),
    (
        "contacts-organisation",
        "organisations",
        "org_c",
        "address",
        "Am Markt 3",
        {"coordinator": 200, "admin": 200, "company_contact": 200, "other_network": 404},
    ),
    (
        "person-of-own-organisation",
        "people",
        "person_a",
        "phone",
        "+49 3334 999",
        {
            "coordinator": 200,
            "admin": 200,
            "partner_rep": 200,
            "company_contact": 404,  # cannot see people of other organisations
            "other_network": 404,
        },
    ),
    (
        "person-of-another-organisation",
        "people",
        "person_b",
        "phone",
        "+49 3334 998",
        {"coordinator": 200, "admin": 200, "company_contact": 404, "other_network": 404},
    ),
    (
        "person-of-contacts-organisation",
        "people",
        "person_c",
        "phone",
        "+49 3334 997",
        {"coordinator": 200, "admin": 200, "company_contact": 200, "other_network": 404},
    ),
    (
        "membership",
        "memberships",
        "membership_a",
        "budget_amount",
        "99.00",
        {"coordinator": 200, "admin": 200, "other_network": 404},
    ),
    (
        "mandate",
        "mandates",
        "mandate_a",
        "role",
        "deputy",
        {"coordinator": 200, "admin": 200, "other_network": 404},
    ),
    (
        "arena",
        "arenas",
        "arena",
        "name",
        "Steuerungsgruppe",
        {"coordinator": 200, "admin": 200, "other_network": 404},
    ),
    (
        "network",
        "networks",
        "ours",
        "name",
        "Netzwerk Barnim e. V.",
        {"coordinator": 200, "admin": 200, "other_network": 404},
    ),
    ("region", "regions", "region", "name", "Landkreis Barnim", {"admin": 200}),
]


@pytest.mark.parametrize(
    ("endpoint", "attr", "field_name", "value", "actor", "expected"),
    [
        pytest.param(
            endpoint,
            attr,
            field_name,
            value,
            actor,
            statuses.get(actor, ANONYMOUS if actor == "anonymous" else DENIED),
            id=f"{case}-{actor}",
        )
        for case, endpoint, attr, field_name, value, statuses in UPDATE_CASES
        for actor in ACTORS
    ],
)
def test_update_matrix(
    world: World, endpoint: str, attr: str, field_name: str, value: Any, actor: str, expected: int
) -> None:
    target = getattr(world, attr)
    key = target.slug if endpoint == "networks" else target.pk
    before = db_state()
    old_value = getattr(target, field_name)

    response = client_for(world, actor).patch(
        f"{API}{endpoint}/{key}/", {field_name: value}, format="json"
    )

    assert response.status_code == expected, response.json()
    target.refresh_from_db()
    if expected == 200:
        assert response.json()[field_name] == value
        stored = getattr(target, field_name)
        assert (str(stored) if isinstance(stored, Decimal) else stored) == value
        record = AuditRecord.objects.for_object(target).get(action=AuditAction.UPDATE)
        assert record.actor == world.users[actor]
    else:
        assert set(response.json()) == {"detail"}
        assert getattr(target, field_name) == old_value
        assert db_state() == before


def test_partner_representative_cannot_create_people_for_another_organisation(
    world: World,
) -> None:
    before = db_state()

    response = client_for(world, "partner_rep").post(
        f"{API}people/", {"organisation": world.org_b.pk, "name": "Fremde Person"}, format="json"
    )

    assert response.status_code == 403
    assert db_state() == before


def test_put_replaces_all_editable_fields(world: World) -> None:
    response = client_for(world, "coordinator").put(
        f"{API}organisations/{world.org_b.pk}/",
        {
            "name": "Hochschule für nachhaltige Entwicklung Eberswalde",
            "kind": "university",
            "sector": "P",
            "region": world.region.pk,
            "website": "https://www.hnee.de",
            "address": "Schicklerstraße 5",
            "is_example": False,
        },
        format="json",
    )

    assert response.status_code == 200
    world.org_b.refresh_from_db()
    assert (world.org_b.name, world.org_b.sector, world.org_b.region) == (
        "Hochschule für nachhaltige Entwicklung Eberswalde",
        "P",
        world.region,
    )


def test_put_without_required_field_is_refused(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").put(
        f"{API}memberships/{world.membership_a.pk}/", {"role": "member"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"since"}
    assert db_state() == before


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_there_is_no_delete(world: World, endpoint: str) -> None:
    before = db_state()

    response = client_for(world, "admin").delete(world.detail_url(endpoint))

    assert response.status_code == 405
    assert db_state() == before


# --- references to other networks answer "does not exist" ----------------------------------


def test_foreign_organisation_looks_like_a_missing_one(world: World) -> None:
    client = client_for(world, "coordinator")
    missing_pk = Organisation.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    before = db_state()

    foreign = client.post(
        f"{API}memberships/",
        {"organisation": world.their_org.pk, "since": "2025-01-01"},
        format="json",
    )
    missing = client.post(
        f"{API}memberships/", {"organisation": missing_pk, "since": "2025-01-01"}, format="json"
    )

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == {
        "organisation": [f'Invalid pk "{world.their_org.pk}" - object does not exist.']
    }
    assert missing.json() == {
        "organisation": [f'Invalid pk "{missing_pk}" - object does not exist.']
    }
    assert db_state() == before


def test_foreign_network_slug_looks_like_a_missing_one(world: World) -> None:
    client = client_for(world, "coordinator")
    before = db_state()

    foreign = client.post(
        f"{API}organisations/",
        {"network": "elsewhere", "name": "X", "kind": "company"},
        format="json",
    )
    missing = client.post(
        f"{API}organisations/",
        {"network": "nowhere", "name": "X", "kind": "company"},
        format="json",
    )

    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == {"network": ["Object with slug=elsewhere does not exist."]}
    assert missing.json() == {"network": ["Object with slug=nowhere does not exist."]}
    assert db_state() == before


def test_moving_a_person_to_another_networks_organisation_is_refused(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}people/{world.person_a2.pk}/", {"organisation": world.their_org.pk}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"organisation"}
    assert db_state() == before


def test_arena_members_from_another_network_are_refused(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}arenas/{world.arena.pk}/", {"members": [world.their_org.pk]}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"members"}
    assert db_state() == before


def test_admin_arena_members_from_another_network_are_refused_by_the_service(
    world: World,
) -> None:
    before = db_state()

    response = client_for(world, "admin").patch(
        f"{API}arenas/{world.arena.pk}/", {"members": [world.their_org.pk]}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"members": ["Choose organisations of this network only."]}
    assert db_state() == before


def test_filter_by_foreign_organisation_looks_like_a_missing_one(world: World) -> None:
    client = client_for(world, "coordinator")

    foreign = client.get(f"{API}people/", {"organisation": world.their_org.pk})
    own = client.get(f"{API}people/", {"organisation": world.org_a.pk})

    assert foreign.status_code == 400
    assert set(foreign.json()) == {"organisation"}
    assert own.status_code == 200
    assert ids(own) == {world.person_a.pk, world.person_a2.pk}


def test_organisation_cannot_be_moved_to_another_network(world: World) -> None:
    response = client_for(world, "admin").patch(
        f"{API}organisations/{world.org_a.pk}/", {"network": "elsewhere"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["network"] == "barnim"
    world.org_a.refresh_from_db()
    assert world.org_a.network == world.ours


def test_coordinator_cannot_change_the_short_name(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}networks/barnim/", {"slug": "barnim-neu"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"slug"}
    assert db_state() == before


def test_admin_changes_the_short_name(world: World) -> None:
    response = client_for(world, "admin").patch(
        f"{API}networks/barnim/", {"slug": "barnim-neu"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["slug"] == "barnim-neu"
    world.ours.refresh_from_db()
    assert world.ours.slug == "barnim-neu"


# --- bad input: 400 with the field's key, nothing changed ---------------------------------


def test_duplicate_organisation_name_in_network(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}organisations/",
        {"network": "barnim", "name": "  stadtwerke EBERSWALDE ", "kind": "company"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert db_state() == before


def test_same_organisation_name_in_another_network_is_fine(world: World) -> None:
    response = client_for(world, "admin").post(
        f"{API}organisations/",
        {"network": "elsewhere", "name": "Stadtwerke Eberswalde", "kind": "company"},
        format="json",
    )

    assert response.status_code == 201


def test_duplicate_arena_name_in_network(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}arenas/",
        {"network": "barnim", "name": "LENKUNGSGRUPPE", "kind": "plenary"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["name"]
    assert db_state() == before


def test_duplicate_network_short_name(world: World) -> None:
    before = db_state()

    response = client_for(world, "admin").post(
        f"{API}networks/", {"slug": "elsewhere", "name": "Copy"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["slug"]
    assert db_state() == before


def test_mandate_for_a_person_of_another_organisation(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}mandates/",
        {
            "membership": world.membership_a.pk,
            "person": world.person_b.pk,
            "role": "deputy",
            "valid_from": "2025-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"person": ["Bo Lind does not belong to Stadtwerke Eberswalde."]}
    assert db_state() == before


def test_overlapping_principal_decision_authorised_mandates(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}mandates/",
        {
            "membership": world.membership_a.pk,
            "person": world.person_a2.pk,
            "role": "principal",
            "decision_authorised": True,
            "valid_from": "2025-01-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()) == ["valid_from"]
    assert "Anna Berg" in response.json()["valid_from"][0]
    assert db_state() == before


def test_mandate_ending_before_it_starts(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").post(
        f"{API}mandates/",
        {
            "membership": world.membership_a.pk,
            "person": world.person_a2.pk,
            "role": "deputy",
            "valid_from": "2025-06-01",
            "valid_until": "2025-05-31",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json() == {"valid_until": ["The end date cannot be before the start date."]}
    assert db_state() == before


def test_membership_ending_before_it_starts(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}memberships/{world.membership_a.pk}/", {"until": "2023-12-31"}, format="json"
    )

    assert response.status_code == 400
    assert response.json() == {"until": ["The end date cannot be before the start date."]}
    assert db_state() == before


def test_ending_a_membership_ends_its_mandates(world: World) -> None:
    response = client_for(world, "coordinator").patch(
        f"{API}memberships/{world.membership_a.pk}/", {"until": "2025-06-30"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["until"] == "2025-06-30"
    world.mandate_a.refresh_from_db()
    assert world.mandate_a.valid_until == dt.date(2025, 6, 30)


def test_negative_budget(world: World) -> None:
    before = db_state()

    response = client_for(world, "coordinator").patch(
        f"{API}memberships/{world.membership_a.pk}/", {"budget_amount": "-1.00"}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["budget_amount"]
    assert db_state() == before


@pytest.mark.parametrize(
    ("method", "endpoint", "payload", "key"),
    [
        ("post", "memberships", {"since": "2025-02-30"}, "since"),
        ("post", "memberships", {"since": "yesterday"}, "since"),
        ("post", "mandates", {"valid_from": "01.01.2025"}, "valid_from"),
        ("patch", "mandates", {"valid_until": "not-a-date"}, "valid_until"),
        ("patch", "memberships", {"since": ""}, "since"),
        ("patch", "memberships", {"budget_amount": "a lot"}, "budget_amount"),
        ("patch", "memberships", {"budget_amount": "12345678901.00"}, "budget_amount"),
        ("patch", "memberships", {"role": "overlord"}, "role"),
        ("patch", "organisations", {"name": "x" * 201}, "name"),
        ("patch", "organisations", {"name": "A\x00B"}, "name"),
        ("patch", "organisations", {"website": "not a url"}, "website"),
        ("patch", "organisations", {"region": "abc"}, "region"),
        ("patch", "organisations", {"region": 10**30}, "region"),
        ("patch", "people", {"email": "not-an-email"}, "email"),
        ("patch", "arenas", {"members": "all"}, "members"),
        ("patch", "networks", {"time_zone": "Mars/Olympus"}, "time_zone"),
        ("patch", "networks", {"federation": "a\x00b"}, "federation"),
        ("patch", "networks", {"federation": 42}, "federation"),
        ("post", "organisations", {"network": "bar\x00nim"}, "network"),
        ("post", "arenas", {"network": ["barnim"]}, "network"),
    ],
)
def test_malformed_input(
    world: World, method: str, endpoint: str, payload: dict[str, Any], key: str
) -> None:
    client = client_for(world, "admin")
    before = db_state()
    if method == "post":
        data = {**create_payload(world, endpoint), **payload}
        response = client.post(f"{API}{endpoint}/", data, format="json")
    else:
        response = client.patch(world.detail_url(endpoint), payload, format="json")

    assert response.status_code == 400
    assert list(response.json()) == [key]
    assert db_state() == before


def test_body_that_is_not_json(world: World) -> None:
    response = client_for(world, "coordinator").generic(
        "POST", f"{API}organisations/", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"detail"}


# --- filters, pagination, unknown ids --------------------------------------------------------


@pytest.mark.parametrize("endpoint", [*NETWORK_SCOPED, "networks"])
def test_unknown_network_filter_gives_empty_results(world: World, endpoint: str) -> None:
    response = client_for(world, "admin").get(f"{API}{endpoint}/", {"network": "unknown-slug"})

    assert response.status_code == 200
    assert response.json() == {"count": 0, "next": None, "previous": None, "results": []}


@pytest.mark.parametrize("endpoint", [*NETWORK_SCOPED, "networks"])
def test_network_filter(world: World, endpoint: str) -> None:
    response = client_for(world, "admin").get(f"{API}{endpoint}/", {"network": "barnim"})

    assert response.status_code == 200
    key = "slug" if endpoint == "networks" else "id"
    assert ids(response, key) == world.ours_by_endpoint()[endpoint]


def test_other_filters_of_the_filterset(world: World) -> None:
    client = client_for(world, "coordinator")

    search = client.get(f"{API}organisations/", {"q": "eberswalde"})
    deputies = client.get(f"{API}mandates/", {"role": "deputy"})
    bad_choice = client.get(f"{API}organisations/", {"kind": "pirate"})

    assert ids(search) == {world.org_a.pk, world.org_b.pk}
    assert ids(deputies) == set()
    assert bad_choice.status_code == 400
    assert set(bad_choice.json()) == {"kind"}


@pytest.mark.parametrize("endpoint", ENDPOINTS)
@pytest.mark.parametrize("key", ["999999", "abc", str(10**30)])
def test_unknown_id_is_404_json(world: World, endpoint: str, key: str) -> None:
    response = client_for(world, "admin").get(f"{API}{endpoint}/{key}/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert set(response.json()) == {"detail"}


def test_update_of_unknown_id_is_404(world: World) -> None:
    response = client_for(world, "admin").patch(
        f"{API}organisations/999999/", {"name": "X"}, format="json"
    )

    assert response.status_code == 404
    assert set(response.json()) == {"detail"}


def test_lists_are_paginated(world: World) -> None:
    OrganisationFactory.create_batch(57, network=world.ours)
    client = client_for(world, "coordinator")

    first = client.get(f"{API}organisations/")
    second = client.get(f"{API}organisations/", {"page": 2})
    beyond = client.get(f"{API}organisations/", {"page": 3})

    assert first.json()["count"] == 60
    assert len(first.json()["results"]) == 50
    assert first.json()["next"] == "http://testserver/api/v1/networks/organisations/?page=2"
    assert len(second.json()["results"]) == 10
    assert beyond.status_code == 404


# --- what each endpoint shows ---------------------------------------------------------------


def test_fields_of_each_endpoint(world: World) -> None:
    client = client_for(world, "coordinator")

    shapes = {
        endpoint: set(client.get(world.detail_url(endpoint)).json()) for endpoint in ENDPOINTS
    }

    assert shapes == {
        "networks": {
            "id",
            "slug",
            "name",
            "language",
            "time_zone",
            "home_region",
            "description",
            "federation",
        },
        "regions": {"id", "code", "name", "level", "parent", "nuts_code", "national_code"},
        "organisations": {
            "id",
            "network",
            "name",
            "org_number",
            "kind",
            "sector",
            "region",
            "website",
            "address",
            "is_example",
            "logo",
        },
        "memberships": {
            "id",
            "network",
            "organisation",
            "organisation_name",
            "since",
            "until",
            "role",
            "budget_amount",
            "currency",
        },
        "people": {"id", "network", "organisation", "organisation_name", "name", "email", "phone"},
        "mandates": {
            "id",
            "network",
            "membership",
            "organisation",
            "organisation_name",
            "person",
            "person_name",
            "role",
            "decision_authorised",
            "valid_from",
            "valid_until",
        },
        "arenas": {
            "id",
            "network",
            "name",
            "kind",
            "level",
            "mandate",
            "quorum_rule",
            "quorum_percent",
            "votes_by",
            "members",
        },
    }


def test_membership_detail_values(world: World) -> None:
    response = client_for(world, "coordinator").get(f"{API}memberships/{world.membership_a.pk}/")

    assert response.json() == {
        "id": world.membership_a.pk,
        "network": "barnim",
        "organisation": world.org_a.pk,
        "organisation_name": "Stadtwerke Eberswalde",
        "since": "2024-01-01",
        "until": None,
        "role": "partner",
        "budget_amount": "1234.50",
        "currency": "EUR",
    }


def test_person_detail_values(world: World) -> None:
    response = client_for(world, "partner_rep").get(f"{API}people/{world.person_a.pk}/")

    assert response.json() == {
        "id": world.person_a.pk,
        "network": "barnim",
        "organisation": world.org_a.pk,
        "organisation_name": "Stadtwerke Eberswalde",
        "name": "Anna Berg",
        "email": world.person_a.email,
        "phone": "+49 3334 1",
    }


def test_network_detail_values(world: World) -> None:
    federation = Federation.objects.create(name="Barnim-Uckermark", slug="barnim-uckermark")
    world.ours.federation = federation
    world.ours.home_region = world.region
    world.ours.save()

    response = client_for(world, "observer").get(f"{API}networks/barnim/")

    assert response.json() == {
        "id": world.ours.pk,
        "slug": "barnim",
        "name": "Netzwerk Barnim",
        "language": "en",
        "time_zone": "Europe/Berlin",
        "home_region": world.region.pk,
        "description": "",
        "federation": "barnim-uckermark",
    }


# --- no N+1: constant query counts at two data sizes ---------------------------------------


def _grow(world: World, n: int) -> None:
    for i in range(n):
        organisation = OrganisationFactory.create(network=world.ours, name=f"Zusatz {n}-{i}")
        membership = MembershipFactory.create(organisation=organisation)
        MandateFactory.create(membership=membership)
        arena = ArenaFactory.create(network=world.ours, name=f"AG {n}-{i}")
        arena.members.set([organisation, world.org_a])


def _queries(world: World, endpoint: str, actor: str = "coordinator") -> int:
    user = User.objects.get(pk=world.users[actor].pk)  # type: ignore[union-attr]
    client = APIClient()
    client.force_authenticate(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{API}{endpoint}/")
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("actor", ["coordinator", "company_contact"])
@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_list_query_count_is_constant(world: World, endpoint: str, actor: str) -> None:
    """Also for a company contact, who sees other organisations' people as null."""
    _grow(world, 2)
    small = _queries(world, endpoint, actor)
    _grow(world, 8)
    large = _queries(world, endpoint, actor)

    assert small == large


# --- OpenAPI schema and Swagger UI -------------------------------------------------------------


def test_schema_lists_every_endpoint() -> None:
    response = APIClient().get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    for endpoint in ENDPOINTS:
        lookup = "{slug}" if endpoint == "networks" else "{id}"
        assert set(paths[f"/api/v1/networks/{endpoint}/"]) == {"get", "post"}
        assert set(paths[f"/api/v1/networks/{endpoint}/{lookup}/"]) == {"get", "put", "patch"}
    assert "/api/v1/auth/token/" in paths


def _external_references(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+""", html)


def test_swagger_ui_loads_no_script_or_style_from_a_cdn() -> None:
    response = APIClient().get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    scripts = re.findall(r"""<script[^>]*\ssrc=["']([^"']+)""", html)
    styles = re.findall(r"""<link[^>]*rel=["']stylesheet["'][^>]*href=["']([^"']+)""", html)
    assert scripts
    assert styles
    # Swagger UI's start script comes from the page's own address (no inline script).
    assert scripts[-1] == "/api/docs/?script="
    for url in scripts[:-1] + styles:
        assert url.startswith("/static/"), url


def test_swagger_ui_references_no_external_url_at_all() -> None:
    response = APIClient().get("/api/docs/")

    assert _external_references(response.content.decode()) == []
