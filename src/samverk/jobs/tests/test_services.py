"""The job offer services: the moderation flow, every refusal with its message (nothing saved),
permissions and audit records. Dates are fixed (``TODAY``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core.models import AuditAction, AuditRecord
from samverk.jobs import services
from samverk.jobs.models import JobOffer, JobOfferTargetGroup
from samverk.jobs.tests.factories import TODAY, World, make_offer, make_world, offer_data
from samverk.networks.models import Membership
from samverk.networks.tests.factories import OrganisationFactory, RegionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def refused(world: World, message: str, **overrides: Any) -> None:
    before = (JobOffer.objects.count(), JobOfferTargetGroup.objects.count())
    audits = AuditRecord.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_offer(actor=world.company, **offer_data(world, **overrides))
    assert message in " ".join(info.value.messages)
    assert (JobOffer.objects.count(), JobOfferTargetGroup.objects.count()) == before
    assert AuditRecord.objects.count() == audits


def test_a_company_contact_creates_a_draft_of_its_organisation(world: World) -> None:
    offer = make_offer(world, esco_occupation=world.nurse)

    assert offer.status == "draft" and offer.created_by == world.company
    assert offer.isco_group.code == "2221" and offer.date_posted is None
    assert list(offer.groups.values_list("group", flat=True)) == ["returnees"]
    assert AuditRecord.objects.for_object(offer).filter(action=AuditAction.CREATE).exists()


def test_a_partner_representative_acts_for_its_organisation(world: World) -> None:
    offer = services.create_offer(
        actor=world.partner, **offer_data(world, employer=world.partner_org)
    )
    assert offer.employer == world.partner_org
    with pytest.raises(PermissionDenied):
        services.create_offer(actor=world.partner, **offer_data(world))


def test_the_coordinator_creates_for_any_member(world: World) -> None:
    offer = services.create_offer(
        actor=world.coordinator, **offer_data(world, employer=world.other_member)
    )
    assert offer.employer == world.other_member


@pytest.mark.parametrize("who", ["other_company", "observer", "outsider"])
def test_others_may_not_create_for_the_employer(world: World, who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.create_offer(actor=world.users[who], **offer_data(world))
    assert not JobOffer.objects.exists()


def test_valid_through_is_required(world: World) -> None:
    refused(world, "Say until when the offer is valid.", valid_through=None)


def test_valid_through_in_the_past_is_refused(world: World) -> None:
    refused(
        world,
        "“Valid through” cannot be in the past.",
        valid_through=TODAY - dt.timedelta(days=1),
    )


def test_valid_through_today_is_accepted(world: World) -> None:
    assert make_offer(world, valid_through=TODAY).valid_through == TODAY


def test_an_unknown_isco_code_is_refused(world: World) -> None:
    refused(world, "“9999” is not an ISCO-08 code.", isco_code="9999")
    refused(world, "“<b>” is not an ISCO-08 code.", isco_code="<b>")


def test_an_isco_group_above_the_unit_groups_is_refused(world: World) -> None:
    refused(
        world,
        "Choose an ISCO-08 unit group (four digits): “222” is a broader group.",
        isco_code="222",
    )


def test_the_esco_occupation_must_belong_to_the_isco_group(world: World) -> None:
    refused(
        world,
        "The ESCO occupation belongs to another ISCO-08 group (7212).",
        esco_occupation=world.welder,
    )


def test_a_way_to_apply_is_required(world: World) -> None:
    refused(
        world,
        "Say how to apply: a web address, an email address or both.",
        apply_email="",
        apply_url="",
    )
    assert make_offer(world, apply_email="", apply_url="https://example.org/jobs").apply_url


def test_the_employer_must_be_a_member_today(world: World) -> None:
    Membership.objects.filter(organisation=world.employer).update(until=TODAY - dt.timedelta(1))
    refused(world, "The employer must be a member of the network")


def test_an_organisation_without_membership_is_refused(world: World) -> None:
    outsider = OrganisationFactory.create(network=world.network, name="Nicht-Mitglied GmbH")
    before = JobOffer.objects.count()
    with pytest.raises(ValidationError) as info:
        services.create_offer(actor=world.coordinator, **offer_data(world, employer=outsider))
    assert "Nicht-Mitglied GmbH is not a member today" in str(info.value)
    assert JobOffer.objects.count() == before


def test_a_municipality_outside_the_network_is_refused(world: World) -> None:
    refused(world, "Choose a region of the network.", municipality=RegionFactory.create())


def test_unknown_target_groups_are_refused(world: World) -> None:
    refused(world, "Choose target groups from the list.", target_groups=["pensioners"])


def test_submit_publish_return_and_resubmit(world: World) -> None:
    offer = make_offer(world)
    offer = services.submit_offer(actor=world.company, offer=offer, today=TODAY)
    assert offer.status == "submitted"

    with pytest.raises(ValidationError) as info:
        services.return_offer(actor=world.coordinator, offer=offer, reason="  ")
    assert info.value.message_dict == {"reason": ["Say why the offer is returned."]}
    offer.refresh_from_db()
    assert offer.status == "submitted"

    offer = services.return_offer(actor=world.coordinator, offer=offer, reason="Gehalt fehlt.")
    assert (offer.status, offer.return_reason) == ("returned", "Gehalt fehlt.")

    offer = services.update_offer(actor=world.company, offer=offer, salary="3.200 €", today=TODAY)
    assert offer.status == "returned"  # until it is submitted again

    offer = services.submit_offer(actor=world.company, offer=offer, today=TODAY)
    later = TODAY + dt.timedelta(days=3)
    offer = services.publish_offer(actor=world.coordinator, offer=offer, today=later)
    assert (offer.status, offer.date_posted, offer.return_reason) == ("published", later, "")


def test_a_published_offer_that_is_edited_goes_back_to_review(world: World) -> None:
    offer = make_offer(world, status="published")

    unchanged = services.update_offer(
        actor=world.company, offer=offer, title=offer.title, today=TODAY
    )
    assert unchanged.status == "published"

    offer = services.update_offer(actor=world.company, offer=offer, title="Neu", today=TODAY)
    assert offer.status == "submitted"
    assert offer.date_posted == TODAY


def test_publishing_refuses_an_offer_past_its_date(world: World) -> None:
    offer = make_offer(world, status="submitted", valid_through=TODAY + dt.timedelta(days=2))
    with pytest.raises(ValidationError) as info:
        services.publish_offer(
            actor=world.coordinator, offer=offer, today=TODAY + dt.timedelta(days=3)
        )
    assert info.value.message_dict == {"valid_through": ["“Valid through” cannot be in the past."]}
    offer.refresh_from_db()
    assert (offer.status, offer.date_posted) == ("submitted", None)


def test_valid_through_cannot_be_moved_before_the_date_posted(world: World) -> None:
    offer = make_offer(world, status="published")
    with pytest.raises(ValidationError):
        services.update_offer(
            actor=world.company,
            offer=offer,
            valid_through=TODAY - dt.timedelta(days=1),
            today=TODAY,
        )
    offer.refresh_from_db()
    assert (offer.status, offer.valid_through) == ("published", TODAY + dt.timedelta(days=30))


@pytest.mark.parametrize("who", ["company", "other_company", "partner", "observer"])
def test_only_the_coordinator_moderates(world: World, who: str) -> None:
    offer = make_offer(world, status="submitted")
    with pytest.raises(PermissionDenied):
        services.publish_offer(actor=world.users[who], offer=offer, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.return_offer(actor=world.users[who], offer=offer, reason="Nein.")
    offer.refresh_from_db()
    assert offer.status == "submitted"


@pytest.mark.parametrize("who", ["other_company", "partner", "observer", "outsider"])
def test_others_may_not_edit_submit_or_end(world: World, who: str) -> None:
    offer = make_offer(world)
    with pytest.raises(PermissionDenied):
        services.update_offer(actor=world.users[who], offer=offer, title="X", today=TODAY)
    with pytest.raises(PermissionDenied):
        services.submit_offer(actor=world.users[who], offer=offer, today=TODAY)
    with pytest.raises(PermissionDenied):
        services.end_offer(actor=world.users[who], offer=offer, status="withdrawn")


def test_how_an_offer_ends(world: World) -> None:
    draft = make_offer(world)
    with pytest.raises(PermissionDenied):  # filled only once published
        services.end_offer(actor=world.company, offer=draft, status="filled")
    assert services.end_offer(actor=world.company, offer=draft, status="withdrawn").status == (
        "withdrawn"
    )

    published = make_offer(world, status="published")
    with pytest.raises(PermissionDenied):  # expiry is the coordinator's (or the daily job's)
        services.end_offer(actor=world.company, offer=published, status="expired")
    with pytest.raises(ValidationError):
        services.end_offer(actor=world.coordinator, offer=published, status="published")
    assert services.end_offer(actor=world.company, offer=published, status="filled").status == (
        "filled"
    )
    with pytest.raises(PermissionDenied):  # ended: final
        services.update_offer(actor=world.coordinator, offer=published, title="X", today=TODAY)

    other = make_offer(world, status="published")
    assert services.end_offer(actor=world.coordinator, offer=other, status="expired").status == (
        "expired"
    )


def test_target_groups_are_set_and_audited(world: World) -> None:
    offer = make_offer(world)
    services.set_target_groups(
        actor=world.company, offer=offer, groups=["school_leavers", "commuters", "commuters"]
    )
    assert sorted(offer.groups.values_list("group", flat=True)) == ["commuters", "school_leavers"]
    record = AuditRecord.objects.for_object(offer).filter(changes__has_key="target_groups")
    assert record.exists()


def test_every_step_is_audited(world: World) -> None:
    offer = make_offer(world, status="published")
    statuses = [
        r.changes["status"][1]
        for r in AuditRecord.objects.for_object(offer).order_by("pk")
        if "status" in r.changes
    ]
    assert statuses == ["draft", "submitted", "published"]
