"""Service functions of the networks domain: audit records, validation, nothing saved on errors."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord
from samverk.networks import services
from samverk.networks.models import Mandate, Membership, Organisation
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

JAN_1 = dt.date(2024, 1, 1)


def audit_records(obj: Any) -> list[tuple[str, Any, Any, dict[str, Any]]]:
    """(action, actor, network, changes) of every audit record of ``obj``, oldest first."""
    return [
        (r.action, r.actor, r.network, r.changes)
        for r in AuditRecord.objects.for_object(obj).order_by("id").select_related("actor")
    ]


def refused(exc: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return exc.value.message_dict


@pytest.fixture
def network():
    return NetworkFactory.create(name="Fachkräfteallianz Nordsachsen", slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


@pytest.fixture
def admin():
    return UserFactory.create(is_superuser=True, is_staff=True)


@pytest.fixture
def organisation(network):
    return OrganisationFactory.create(network=network, name="Landkreis Nordsachsen", kind="county")


@pytest.fixture
def membership(organisation):
    return MembershipFactory.create(organisation=organisation, since=JAN_1)


@pytest.fixture
def person(organisation):
    return PersonFactory.create(organisation=organisation, name="Anna Berg")


# --- every service writes an audit record ------------------------------------------------


class TestAuditRecords:
    def test_create_federation(self, admin):
        federation = services.create_federation(actor=admin, name="Barnim-Uckermark", slug="bu")

        assert audit_records(federation) == [
            (
                AuditAction.CREATE,
                admin,
                None,
                {"name": [None, "Barnim-Uckermark"], "slug": [None, "bu"]},
            )
        ]

    def test_create_network(self, admin):
        network = services.create_network(
            actor=admin, name="Hordaland", slug="hordaland", language="nb", time_zone="Europe/Oslo"
        )

        assert audit_records(network) == [
            (
                AuditAction.CREATE,
                admin,
                network,
                {
                    "name": [None, "Hordaland"],
                    "slug": [None, "hordaland"],
                    "language": [None, "nb"],
                    "time_zone": [None, "Europe/Oslo"],
                    "share_member_budgets": [None, False],
                },
            )
        ]

    def test_update_network_by_coordinator_keeps_the_slug(self, network, coordinator):
        services.update_network(
            actor=coordinator, network=network, name="Allianz Nordsachsen", slug="changed"
        )

        network.refresh_from_db()
        assert (network.name, network.slug) == ("Allianz Nordsachsen", "nordsachsen")
        assert audit_records(network) == [
            (
                AuditAction.UPDATE,
                coordinator,
                network,
                {"name": ["Fachkräfteallianz Nordsachsen", "Allianz Nordsachsen"]},
            )
        ]

    def test_update_network_without_changes_writes_nothing(self, network, coordinator):
        services.update_network(actor=coordinator, network=network, name=network.name)

        assert audit_records(network) == []

    def test_create_and_update_region(self, admin):
        state = services.create_region(actor=admin, code="DE-BB", name="Brandenburg", level="state")
        district = services.create_region(
            actor=admin, code="DE-BAR", name="Barnim", level="district", parent=state
        )
        services.update_region(actor=admin, region=district, nuts_code="DE405")

        assert audit_records(district) == [
            (
                AuditAction.CREATE,
                admin,
                None,
                {
                    "code": [None, "DE-BAR"],
                    "name": [None, "Barnim"],
                    "level": [None, "district"],
                    "parent": [None, "Brandenburg"],
                },
            ),
            (AuditAction.UPDATE, admin, None, {"nuts_code": ["", "DE405"]}),
        ]

    def test_create_organisation(self, network, coordinator):
        organisation = services.create_organisation(
            actor=coordinator,
            network=network,
            name="  Agentur für Arbeit Oschatz ",
            kind="employment_agency",
        )

        assert organisation.name == "Agentur für Arbeit Oschatz"
        assert audit_records(organisation) == [
            (
                AuditAction.CREATE,
                coordinator,
                network,
                {
                    "network": [None, "Fachkräfteallianz Nordsachsen"],
                    "name": [None, "Agentur für Arbeit Oschatz"],
                    "kind": [None, "employment_agency"],
                    "is_example": [None, False],
                },
            )
        ]

    def test_update_organisation(self, network, coordinator, organisation):
        services.update_organisation(
            actor=coordinator,
            organisation=organisation,
            website="https://www.landkreis-nordsachsen.de",
            sector="O",
        )

        assert audit_records(organisation) == [
            (
                AuditAction.UPDATE,
                coordinator,
                network,
                {
                    "sector": ["", "O"],
                    "website": ["", "https://www.landkreis-nordsachsen.de"],
                },
            )
        ]

    def test_add_membership(self, network, coordinator, organisation):
        membership = services.add_membership(
            actor=coordinator,
            organisation=organisation,
            since=dt.date(2024, 3, 1),
            budget_amount=Decimal("5000.00"),
        )

        assert audit_records(membership) == [
            (
                AuditAction.CREATE,
                coordinator,
                network,
                {
                    "network": [None, "Fachkräfteallianz Nordsachsen"],
                    "organisation": [None, "Landkreis Nordsachsen"],
                    "since": [None, "2024-03-01"],
                    "role": [None, "partner"],
                    "budget_amount": [None, "5000.00"],
                    "currency": [None, "EUR"],
                },
            )
        ]

    def test_update_membership(self, network, coordinator, membership):
        services.update_membership(actor=coordinator, membership=membership, role="member")

        assert audit_records(membership) == [
            (AuditAction.UPDATE, coordinator, network, {"role": ["partner", "member"]})
        ]

    def test_create_and_update_person(self, network, coordinator, organisation):
        person = services.create_person(
            actor=coordinator, organisation=organisation, name="Kari Lund", email="kari@lk.de"
        )
        services.update_person(actor=coordinator, person=person, phone="+49 3421 758")

        assert audit_records(person) == [
            (
                AuditAction.CREATE,
                coordinator,
                network,
                {
                    "organisation": [None, "Landkreis Nordsachsen"],
                    "name": [None, "Kari Lund"],
                    "email": [None, "kari@lk.de"],
                },
            ),
            (AuditAction.UPDATE, coordinator, network, {"phone": ["", "+49 3421 758"]}),
        ]

    def test_add_update_and_end_mandate(self, network, coordinator, membership, person):
        mandate = services.add_mandate(
            actor=coordinator, membership=membership, person=person, valid_from=dt.date(2024, 2, 1)
        )
        services.update_mandate(actor=coordinator, mandate=mandate, role="deputy")
        services.end_mandate(actor=coordinator, mandate=mandate, valid_until=dt.date(2024, 9, 30))

        assert audit_records(mandate) == [
            (
                AuditAction.CREATE,
                coordinator,
                network,
                {
                    "membership": [None, "Landkreis Nordsachsen – Fachkräfteallianz Nordsachsen"],
                    "person": [None, "Anna Berg"],
                    "decision_authorised": [None, True],
                    "role": [None, "principal"],
                    "valid_from": [None, "2024-02-01"],
                },
            ),
            (AuditAction.UPDATE, coordinator, network, {"role": ["principal", "deputy"]}),
            (AuditAction.END, coordinator, network, {"valid_until": [None, "2024-09-30"]}),
        ]

    def test_create_and_update_arena(self, network, coordinator, organisation):
        other = OrganisationFactory.create(network=network, name="IHK Leipzig")
        arena = services.create_arena(
            actor=coordinator,
            network=network,
            name="Lenkungsgruppe",
            kind="steering_group",
            members=[organisation],
        )
        services.update_arena(
            actor=coordinator, arena=arena, members=[organisation, other], level="local"
        )

        assert audit_records(arena) == [
            (
                AuditAction.CREATE,
                coordinator,
                network,
                {
                    "network": [None, "Fachkräfteallianz Nordsachsen"],
                    "name": [None, "Lenkungsgruppe"],
                    "kind": [None, "steering_group"],
                    "level": [None, "regional"],
                    "quorum_rule": [None, "none"],
                },
            ),
            (
                AuditAction.UPDATE,
                coordinator,
                network,
                {"members": [[], ["Landkreis Nordsachsen"]]},
            ),
            (
                AuditAction.UPDATE,
                coordinator,
                network,
                {
                    "level": ["regional", "local"],
                    "members": [
                        ["Landkreis Nordsachsen"],
                        ["IHK Leipzig", "Landkreis Nordsachsen"],
                    ],
                },
            ),
        ]
        assert sorted(arena.members.values_list("name", flat=True)) == [
            "IHK Leipzig",
            "Landkreis Nordsachsen",
        ]


# --- ending a membership ----------------------------------------------------------------


class TestEndMembership:
    def test_ends_open_mandates_on_the_same_day_and_keeps_them(
        self, network, coordinator, membership, person
    ):
        deputy = PersonFactory.create(organisation=membership.organisation, name="Bo Lind")
        open_principal = MandateFactory.create(
            membership=membership, person=person, valid_from=JAN_1
        )
        late_end = MandateFactory.create(
            membership=membership,
            person=deputy,
            role="deputy",
            valid_from=JAN_1,
            valid_until=dt.date(2025, 12, 31),
        )
        already_ended = MandateFactory.create(
            membership=membership,
            person=deputy,
            role="deputy",
            valid_from=JAN_1,
            valid_until=dt.date(2024, 3, 31),
        )

        services.end_membership(
            actor=coordinator, membership=membership, until=dt.date(2024, 6, 30)
        )

        membership.refresh_from_db()
        assert membership.until == dt.date(2024, 6, 30)
        assert list(
            Mandate.objects.filter(membership=membership)
            .order_by("pk")
            .values_list("pk", "valid_from", "valid_until")
        ) == [
            (open_principal.pk, JAN_1, dt.date(2024, 6, 30)),
            (late_end.pk, JAN_1, dt.date(2024, 6, 30)),
            (already_ended.pk, JAN_1, dt.date(2024, 3, 31)),
        ]
        assert audit_records(membership) == [
            (AuditAction.END, coordinator, network, {"until": [None, "2024-06-30"]})
        ]
        assert audit_records(open_principal) == [
            (AuditAction.END, coordinator, network, {"valid_until": [None, "2024-06-30"]})
        ]
        assert audit_records(late_end) == [
            (
                AuditAction.END,
                coordinator,
                network,
                {"valid_until": ["2025-12-31", "2024-06-30"]},
            )
        ]
        assert audit_records(already_ended) == []

    def test_update_membership_with_an_end_date_ends_it(self, coordinator, membership, person):
        mandate = MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)

        services.update_membership(
            actor=coordinator, membership=membership, until=dt.date(2024, 5, 31)
        )

        mandate.refresh_from_db()
        membership.refresh_from_db()
        assert (membership.until, mandate.valid_until) == (
            dt.date(2024, 5, 31),
            dt.date(2024, 5, 31),
        )

    def test_end_before_start_is_refused(self, coordinator, membership, person):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.end_membership(
                actor=coordinator, membership=membership, until=dt.date(2023, 12, 31)
            )

        assert refused(exc) == {"until": ["The end date cannot be before the start date."]}
        assert db_state() == before

    def test_ending_before_a_mandate_starts_is_refused(self, coordinator, membership, person):
        MandateFactory.create(membership=membership, person=person, valid_from=dt.date(2024, 9, 1))
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.end_membership(
                actor=coordinator, membership=membership, until=dt.date(2024, 6, 30)
            )

        assert refused(exc) == {
            "until": [
                "A mandate of this membership starts later (2024-09-01). End or change that "
                "mandate first."
            ]
        }
        assert db_state() == before

    def test_moving_the_start_after_a_mandate_began_is_refused(
        self, coordinator, membership, person
    ):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_membership(
                actor=coordinator, membership=membership, since=dt.date(2024, 2, 1)
            )

        assert refused(exc) == {
            "since": ["A mandate of this membership starts earlier (2024-01-01)."]
        }
        assert db_state() == before


# --- bad input is refused with a field message and nothing is saved ---------------------


class TestRefusals:
    @pytest.mark.parametrize(
        ("existing", "new"), [("Ørsta kommune", "ØRSTA KOMMUNE"), ("Straße GmbH", "STRASSE GMBH")]
    )
    def test_names_compare_with_unicode_case_folding(self, network, coordinator, existing, new):
        OrganisationFactory.create(network=network, name=existing)
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.create_organisation(
                actor=coordinator, network=network, name=new, kind="company"
            )

        assert refused(exc) == {"name": [f"“{new}” already exists in this network."]}
        assert db_state() == before

    def test_second_organisation_with_the_same_name_in_a_network(self, network, coordinator):
        OrganisationFactory.create(network=network, name="IHK Leipzig")
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.create_organisation(
                actor=coordinator, network=network, name="ihk LEIPZIG", kind="chamber"
            )

        assert refused(exc) == {"name": ["“ihk LEIPZIG” already exists in this network."]}
        assert db_state() == before

    def test_renaming_to_an_existing_name_is_refused(self, network, coordinator, organisation):
        OrganisationFactory.create(network=network, name="IHK Leipzig")
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_organisation(
                actor=coordinator, organisation=organisation, name="IHK leipzig"
            )

        assert refused(exc) == {"name": ["“IHK leipzig” already exists in this network."]}
        assert db_state() == before

    def test_the_same_name_is_allowed_in_another_network(self, network, admin):
        OrganisationFactory.create(network=network, name="IHK Leipzig")
        other_network = NetworkFactory.create()

        created = services.create_organisation(
            actor=admin, network=other_network, name="IHK Leipzig", kind="chamber"
        )

        assert list(
            Organisation.objects.filter(name="IHK Leipzig")
            .order_by("pk")
            .values_list("network__slug", flat=True)
        ) == ["nordsachsen", other_network.slug]
        assert created.network == other_network

    def test_duplicate_arena_name(self, network, coordinator):
        ArenaFactory.create(network=network, name="Plenum")
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.create_arena(actor=coordinator, network=network, name="PLENUM", kind="plenary")

        assert refused(exc) == {"name": ["“PLENUM” already exists in this network."]}
        assert db_state() == before

    def test_arena_members_of_another_network(self, network, coordinator):
        foreign = OrganisationFactory.create()
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.create_arena(
                actor=coordinator, network=network, name="AG Pflege", kind="working_group",
                members=[foreign],
            )  # fmt: skip

        assert refused(exc) == {"members": ["Choose organisations of this network only."]}
        assert db_state() == before

    def test_mandate_for_a_person_outside_the_organisation(self, network, coordinator, membership):
        outsider = PersonFactory.create(
            organisation=OrganisationFactory.create(network=network, name="IHK Leipzig"),
            name="Ola Dahl",
        )
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_mandate(
                actor=coordinator, membership=membership, person=outsider, valid_from=JAN_1
            )

        assert refused(exc) == {"person": ["Ola Dahl does not belong to Landkreis Nordsachsen."]}
        assert db_state() == before

    def test_overlapping_principal_authorised_mandates(self, coordinator, membership, person):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        successor = PersonFactory.create(organisation=membership.organisation, name="Bo Lind")
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_mandate(
                actor=coordinator,
                membership=membership,
                person=successor,
                valid_from=dt.date(2024, 6, 1),
            )

        assert refused(exc) == {
            "valid_from": [
                "Anna Berg already holds the decision-authorised principal mandate in this "
                "period. End that mandate first or add this one as deputy."
            ]
        }
        assert db_state() == before

    def test_turning_a_deputy_into_an_overlapping_principal(self, coordinator, membership, person):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        deputy = MandateFactory.create(
            membership=membership,
            person=PersonFactory.create(organisation=membership.organisation),
            role="deputy",
            valid_from=JAN_1,
        )
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_mandate(actor=coordinator, mandate=deputy, role="principal")

        assert list(refused(exc)) == ["valid_from"]
        assert db_state() == before

    @pytest.mark.parametrize(
        ("role", "decision_authorised"),
        [("deputy", True), ("deputy", False), ("principal", False)],
    )
    def test_overlapping_deputy_or_non_authorised_mandate_is_allowed(
        self, coordinator, membership, person, role, decision_authorised
    ):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        other = PersonFactory.create(organisation=membership.organisation)

        mandate = services.add_mandate(
            actor=coordinator,
            membership=membership,
            person=other,
            valid_from=dt.date(2024, 6, 1),
            role=role,
            decision_authorised=decision_authorised,
        )

        assert list(
            Mandate.objects.filter(membership=membership)
            .active(dt.date(2024, 6, 1))
            .order_by("pk")
            .values_list("person__name", "role", "decision_authorised")
        ) == [
            (person.name, "principal", True),
            (other.name, role, decision_authorised),
        ]
        assert mandate.pk is not None

    def test_principal_after_the_other_ended_is_allowed(self, coordinator, membership, person):
        MandateFactory.create(
            membership=membership, person=person, valid_from=JAN_1, valid_until=dt.date(2024, 5, 31)
        )
        successor = PersonFactory.create(organisation=membership.organisation, name="Bo Lind")

        services.add_mandate(
            actor=coordinator,
            membership=membership,
            person=successor,
            valid_from=dt.date(2024, 6, 1),
        )

        assert list(
            Mandate.objects.filter(membership=membership)
            .order_by("valid_from")
            .values_list("person__name", "valid_from", "valid_until")
        ) == [
            ("Anna Berg", JAN_1, dt.date(2024, 5, 31)),
            ("Bo Lind", dt.date(2024, 6, 1), None),
        ]

    def test_membership_ending_before_it_starts(self, coordinator, organisation):
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                actor=coordinator,
                organisation=organisation,
                since=dt.date(2024, 6, 1),
                until=dt.date(2024, 5, 31),
            )

        assert refused(exc) == {"until": ["The end date cannot be before the start date."]}
        assert db_state() == before

    def test_mandate_ending_before_it_starts(self, coordinator, membership, person):
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_mandate(
                actor=coordinator,
                membership=membership,
                person=person,
                valid_from=dt.date(2024, 6, 1),
                valid_until=dt.date(2024, 5, 31),
            )

        assert refused(exc) == {"valid_until": ["The end date cannot be before the start date."]}
        assert db_state() == before

    def test_ending_a_mandate_before_it_starts(self, coordinator, membership, person):
        mandate = MandateFactory.create(
            membership=membership, person=person, valid_from=dt.date(2024, 6, 1)
        )
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.end_mandate(
                actor=coordinator, mandate=mandate, valid_until=dt.date(2024, 5, 31)
            )

        assert refused(exc) == {"valid_until": ["The end date cannot be before the start date."]}
        assert db_state() == before

    def test_mandate_starting_before_the_membership(self, coordinator, membership, person):
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_mandate(
                actor=coordinator,
                membership=membership,
                person=person,
                valid_from=dt.date(2023, 12, 31),
            )

        assert refused(exc) == {
            "valid_from": ["The mandate cannot start before the membership (2024-01-01)."]
        }
        assert db_state() == before

    def test_mandate_starting_after_the_membership_ended(self, coordinator, organisation, person):
        membership = MembershipFactory.create(
            organisation=organisation, since=JAN_1, until=dt.date(2024, 6, 30)
        )
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_mandate(
                actor=coordinator,
                membership=membership,
                person=person,
                valid_from=dt.date(2024, 7, 1),
            )

        assert refused(exc) == {
            "valid_from": ["The membership has ended; a mandate cannot start after it."]
        }
        assert db_state() == before

    def test_overlapping_memberships_of_the_same_organisation(self, coordinator, membership):
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                actor=coordinator, organisation=membership.organisation, since=dt.date(2025, 1, 1)
            )

        assert refused(exc) == {
            "since": [
                "Landkreis Nordsachsen is already a member in this period (since 2024-01-01)."
            ]
        }
        assert db_state() == before

    def test_a_new_membership_after_the_old_one_ended_is_allowed(self, coordinator, organisation):
        MembershipFactory.create(organisation=organisation, since=JAN_1, until=dt.date(2024, 6, 30))

        services.add_membership(
            actor=coordinator, organisation=organisation, since=dt.date(2024, 7, 1)
        )

        assert list(
            Membership.objects.filter(organisation=organisation)
            .order_by("since")
            .values_list("since", "until")
        ) == [(JAN_1, dt.date(2024, 6, 30)), (dt.date(2024, 7, 1), None)]

    def test_negative_budget(self, coordinator, organisation):
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.add_membership(
                actor=coordinator, organisation=organisation, since=JAN_1, budget_amount=Decimal(-1)
            )

        assert refused(exc) == {"budget_amount": ["The budget cannot be negative."]}
        assert db_state() == before

    def test_moving_a_person_to_another_network(self, coordinator, person):
        foreign = OrganisationFactory.create()
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_person(actor=coordinator, person=person, organisation=foreign)

        assert refused(exc) == {"organisation": ["Choose an organisation of this network."]}
        assert db_state() == before

    def test_moving_a_person_with_an_active_mandate(self, network, coordinator, membership, person):
        MandateFactory.create(membership=membership, person=person, valid_from=JAN_1)
        other = OrganisationFactory.create(network=network)
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_person(actor=coordinator, person=person, organisation=other)

        assert refused(exc) == {"organisation": ["End this person's mandates before moving them."]}
        assert db_state() == before

    def test_region_cannot_be_part_of_itself(self, admin):
        region = RegionFactory.create()
        before = db_state()

        with pytest.raises(ValidationError) as exc:
            services.update_region(actor=admin, region=region, parent=region)

        assert refused(exc) == {"parent": ["A region cannot be part of itself."]}
        assert db_state() == before

    def test_fields_that_a_service_does_not_change(self, coordinator, organisation):
        """A service names what it changes: anything else is refused before anything is
        written (and mypy refuses the call already)."""
        other_network = NetworkFactory.create()
        before = db_state()

        with pytest.raises(TypeError, match="unexpected keyword argument 'network'"):
            services.update_organisation(  # type: ignore[call-arg]
                actor=coordinator, organisation=organisation, network=other_network
            )

        assert db_state() == before


# --- services check permission ----------------------------------------------------------


@pytest.mark.parametrize(
    "role", [RoleKind.OBSERVER, RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT]
)
def test_only_coordinators_manage_memberships(network, organisation, person, role):
    actor = user_with_role(network, role, organisation=organisation)
    membership = MembershipFactory.create(organisation=organisation, since=JAN_1)
    before = db_state()

    calls = [
        lambda: services.create_organisation(actor=actor, network=network, name="X", kind="other"),
        lambda: services.add_membership(actor=actor, organisation=organisation, since=JAN_1),
        lambda: services.end_membership(actor=actor, membership=membership, until=JAN_1),
        lambda: services.add_mandate(
            actor=actor, membership=membership, person=person, valid_from=JAN_1
        ),
        lambda: services.create_arena(actor=actor, network=network, name="A", kind="plenary"),
        lambda: services.update_network(actor=actor, network=network, name="Renamed"),
    ]
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()

    assert db_state() == before


def test_representatives_edit_their_own_organisation_only(network, organisation):
    other = OrganisationFactory.create(network=network, name="IHK Leipzig")
    representative = user_with_role(
        network, RoleKind.PARTNER_REPRESENTATIVE, organisation=organisation
    )
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.update_organisation(actor=representative, organisation=other, name="Renamed")
    with pytest.raises(PermissionDenied):
        services.create_person(actor=representative, organisation=other, name="Eva")

    assert db_state() == before
    services.update_organisation(
        actor=representative, organisation=organisation, address="Schlossstraße 27"
    )
    organisation.refresh_from_db()
    assert organisation.address == "Schlossstraße 27"


def test_platform_admin_creates_networks_coordinators_do_not(network, coordinator, admin):
    before = db_state()

    with pytest.raises(PermissionDenied):
        services.create_network(actor=coordinator, name="Østfold", slug="ostfold")
    with pytest.raises(PermissionDenied):
        services.create_federation(actor=coordinator, name="F", slug="f")

    assert db_state() == before
    assert services.create_network(actor=admin, name="Østfold", slug="ostfold").slug == "ostfold"


# --- property: add_mandate succeeds iff no overlapping principal authorised mandate ------

_dates = st.dates(min_value=JAN_1, max_value=dt.date(2024, 4, 30))
_intervals = st.tuples(_dates, st.none() | st.integers(min_value=0, max_value=60))
# Half of the generated mandates are principal and decision-authorised, the kind that clashes.
_kinds = st.sampled_from(
    [("principal", True)] * 3 + [("principal", False), ("deputy", True), ("deputy", False)]
)
_mandates = st.builds(lambda interval, kind: (interval, *kind), _intervals, _kinds)


def _bounds(interval: tuple[dt.date, int | None]) -> tuple[dt.date, dt.date | None]:
    start, days = interval
    return start, None if days is None else start + dt.timedelta(days=days)


def _overlap(a: tuple[dt.date, dt.date | None], b: tuple[dt.date, dt.date | None]) -> bool:
    far = dt.date.max
    return a[0] <= (b[1] or far) and b[0] <= (a[1] or far)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(existing=st.lists(_mandates, max_size=3), new=_mandates)
def test_add_mandate_succeeds_iff_no_overlapping_principal_authorised_mandate(existing, new):
    with transaction.atomic():
        network = NetworkFactory.create()
        coordinator = user_with_role(network, RoleKind.COORDINATOR)
        membership = MembershipFactory.create(organisation__network=network, since=JAN_1)
        for interval, role, authorised in existing:
            start, end = _bounds(interval)
            MandateFactory.create(
                membership=membership,
                role=role,
                decision_authorised=authorised,
                valid_from=start,
                valid_until=end,
            )
        interval, role, authorised = new
        start, end = _bounds(interval)
        clash = (
            role == "principal"
            and authorised
            and any(
                r == "principal" and a and _overlap(_bounds(i), (start, end))
                for i, r, a in existing
            )
        )
        event("refused" if clash else "accepted")
        count = Mandate.objects.count()

        try:
            services.add_mandate(
                actor=coordinator,
                membership=membership,
                person=PersonFactory.create(organisation=membership.organisation),
                valid_from=start,
                valid_until=end,
                role=role,
                decision_authorised=authorised,
            )
        except ValidationError as exc:
            assert clash, exc.message_dict
            assert list(exc.message_dict) == ["valid_from"]
            assert Mandate.objects.count() == count
        else:
            assert not clash
            assert Mandate.objects.count() == count + 1
        transaction.set_rollback(True)
