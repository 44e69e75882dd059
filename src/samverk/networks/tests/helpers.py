"""Helpers shared by the networks tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Federation, Network, NetworkRole, Region
from samverk.networks import services
from samverk.networks.models import (
    Arena,
    Mandate,
    Membership,
    Organisation,
    Person,
    RoleInvitation,
)
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    UserFactory,
    user_with_role,
)

_MODELS = (
    Federation,
    Network,
    Region,
    Organisation,
    Membership,
    Person,
    Mandate,
    Arena,
    NetworkRole,
    RoleInvitation,
    AuditRecord,
)


def db_state() -> dict[str, Any]:
    """Every row of the networks domain and the audit log, to prove that nothing changed."""
    state: dict[str, Any] = {
        model.__name__: list(model.objects.order_by("pk").values()) for model in _MODELS
    }
    state["Arena.members"] = list(
        Arena.members.through.objects.order_by("pk").values_list("arena_id", "organisation_id")
    )
    return state


class World:
    """Two networks. Ours has two member organisations with a person and a mandate each, an
    arena, an audit trail and a user for every role; the other has its own coordinator."""

    def __init__(self) -> None:
        self.network = NetworkFactory.create(name="Netzwerk Barnim", slug="barnim")
        self.other_network = NetworkFactory.create(name="Elsewhere Alliance", slug="elsewhere")
        self.admin = UserFactory.create(is_superuser=True, is_staff=True, email="admin@example.org")
        self.coordinator = user_with_role(
            self.network, RoleKind.COORDINATOR, email="coordinator@example.org"
        )
        admin = self.admin
        self.org_a = services.create_organisation(
            actor=admin, network=self.network, name="Stadtwerke Eberswalde", kind="company"
        )
        self.org_b = services.create_organisation(
            actor=admin, network=self.network, name="Hochschule Eberswalde", kind="university"
        )
        self.org_c = services.create_organisation(
            actor=admin, network=self.network, name="Kreishandwerkerschaft", kind="chamber"
        )
        self.membership_a = services.add_membership(
            actor=admin, organisation=self.org_a, since=dt.date(2024, 1, 1)
        )
        self.membership_b = services.add_membership(
            actor=admin, organisation=self.org_b, since=dt.date(2024, 1, 1)
        )
        self.person_a = services.create_person(
            actor=admin,
            organisation=self.org_a,
            name="Anna Berg",
            email="anna.berg@stadtwerke.example",
        )
        self.person_a2 = services.create_person(
            actor=admin, organisation=self.org_a, name="Arne Dahl", email="arne@stadtwerke.example"
        )
        self.person_b = services.create_person(
            actor=admin, organisation=self.org_b, name="Bo Lind", email="bo.lind@hnee.example"
        )
        self.mandate_a = services.add_mandate(
            actor=admin,
            membership=self.membership_a,
            person=self.person_a,
            valid_from=dt.date(2024, 1, 1),
        )
        self.mandate_b = services.add_mandate(
            actor=admin,
            membership=self.membership_b,
            person=self.person_b,
            valid_from=dt.date(2024, 1, 1),
        )
        self.arena = services.create_arena(
            actor=admin,
            network=self.network,
            name="Lenkungsgruppe",
            kind="steering_group",
            members=[self.org_a],
        )
        self.users: dict[str, Any] = {
            "anonymous": None,
            "other_network": user_with_role(self.other_network, RoleKind.COORDINATOR),
            "coordinator": self.coordinator,
            "partner_rep_own": user_with_role(
                self.network, RoleKind.PARTNER_REPRESENTATIVE, organisation=self.org_a
            ),
            "partner_rep_other": user_with_role(
                self.network, RoleKind.PARTNER_REPRESENTATIVE, organisation=self.org_b
            ),
            "company_contact": user_with_role(
                self.network, RoleKind.COMPANY_CONTACT, organisation=self.org_a
            ),
            "company_contact_other": user_with_role(
                self.network, RoleKind.COMPANY_CONTACT, organisation=self.org_b
            ),
            "observer": user_with_role(self.network, RoleKind.OBSERVER),
            "admin": self.admin,
        }
        # The other network has data of its own.
        self.foreign_org = OrganisationFactory.create(
            network=self.other_network, name="Fjord Energi"
        )

    def base(self) -> str:
        return f"/n/{self.network.slug}/"


ROLES = [
    "anonymous",
    "other_network",
    "coordinator",
    "partner_rep_own",
    "partner_rep_other",
    "company_contact",
    "company_contact_other",
    "observer",
    "admin",
]
