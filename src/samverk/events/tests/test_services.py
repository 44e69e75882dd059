"""The organisers' services: events, sites and sessions — permission, audit, and what they
refuse (nothing saved then)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.events import services
from samverk.events.models import EventSettings, EventSite, Session
from samverk.events.tests.factories import (
    SITE_DAY,
    EventFactory,
    RegistrationFactory,
    SessionFactory,
    SiteFactory,
)
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return NetworkFactory.create(slug="nordsachsen")


@pytest.fixture
def coordinator(network):
    return user_with_role(network, RoleKind.COORDINATOR)


def test_create_and_update_an_event_audited(network, coordinator) -> None:
    wfg = OrganisationFactory.create(network=network, name="WFG")
    town = OrganisationFactory.create(network=network, name="Stadt Torgau")
    event = services.create_event(
        actor=coordinator,
        network=network,
        title=" Rückkehrertag ",
        kind="returnee_day",
        organiser=wfg,
        co_organisers=[town],
    )
    assert event.title == "Rückkehrertag"
    assert list(event.co_organisers.all()) == [town]
    services.update_event(actor=coordinator, event=event, is_public=True, co_organisers=[])
    event.refresh_from_db()
    assert event.is_public and not event.co_organisers.exists()
    assert AuditRecord.objects.filter(object_id=str(event.pk)).count() >= 2


@pytest.mark.parametrize(
    "role", [RoleKind.PARTNER_REPRESENTATIVE, RoleKind.COMPANY_CONTACT, RoleKind.OBSERVER]
)
def test_only_coordinators_write(network, role) -> None:
    user = user_with_role(network, role)
    with pytest.raises(PermissionDenied):
        services.create_event(actor=user, network=network, title="X", kind="other")
    event = EventFactory.create(network=network)
    with pytest.raises(PermissionDenied):
        services.add_site(actor=user, event=event, name="A", starts_at=SITE_DAY, ends_at=SITE_DAY)


def test_an_organiser_of_another_network_is_refused(network, coordinator) -> None:
    stranger = OrganisationFactory.create()
    with pytest.raises(ValidationError) as refused:
        services.create_event(
            actor=coordinator, network=network, title="X", kind="other", organiser=stranger
        )
    assert "organiser" in refused.value.message_dict


def test_a_site_ends_after_it_starts(network, coordinator) -> None:
    event = EventFactory.create(network=network)
    with pytest.raises(ValidationError) as refused:
        services.add_site(
            actor=coordinator,
            event=event,
            name="Torgau",
            starts_at=SITE_DAY,
            ends_at=SITE_DAY - dt.timedelta(hours=1),
        )
    assert "ends_at" in refused.value.message_dict
    assert not EventSite.objects.exists()


def test_capacity_cannot_drop_below_the_registered(network, coordinator) -> None:
    site = SiteFactory.create(event=EventFactory.create(network=network), capacity=5)
    RegistrationFactory.create_batch(3, site=site)
    RegistrationFactory.create(site=site, status="waiting")
    with pytest.raises(ValidationError) as refused:
        services.update_site(actor=coordinator, site=site, capacity=2)
    assert "3 people are registered" in refused.value.message_dict["capacity"][0]
    site.refresh_from_db()
    assert site.capacity == 5
    services.update_site(actor=coordinator, site=site, capacity=3)


def test_site_times_cannot_leave_sessions_outside(network, coordinator) -> None:
    site = SiteFactory.create(event=EventFactory.create(network=network))
    SessionFactory.create(site=site)
    with pytest.raises(ValidationError) as refused:
        services.update_site(
            actor=coordinator, site=site, starts_at=site.starts_at + dt.timedelta(hours=3)
        )
    assert "starts_at" in refused.value.message_dict


def test_a_site_with_registrations_is_not_removed(network, coordinator) -> None:
    site = SiteFactory.create(event=EventFactory.create(network=network))
    registration = RegistrationFactory.create(site=site)
    with pytest.raises(ValidationError):
        services.remove_site(actor=coordinator, site=site)
    registration.status = "cancelled"
    registration.save()
    services.remove_site(actor=coordinator, site=site)
    assert not EventSite.objects.exists()


def test_sessions_lie_within_the_site_and_keep_their_capacity(network, coordinator) -> None:
    site = SiteFactory.create(event=EventFactory.create(network=network))
    speaker = PersonFactory.create(organisation=OrganisationFactory.create(network=network))
    with pytest.raises(ValidationError) as refused:
        services.add_session(
            actor=coordinator,
            site=site,
            kind="keynote",
            title="Too early",
            starts_at=site.starts_at - dt.timedelta(hours=1),
            ends_at=site.starts_at + dt.timedelta(hours=1),
        )
    assert "within the site" in refused.value.message_dict["starts_at"][0]
    workshop = services.add_session(
        actor=coordinator,
        site=site,
        kind="workshop",
        title="Pflege",
        starts_at=site.starts_at,
        ends_at=site.starts_at + dt.timedelta(hours=1),
        capacity=3,
        speakers=[speaker],
    )
    for registration in RegistrationFactory.create_batch(2, site=site):
        registration.workshops.add(workshop)
    with pytest.raises(ValidationError) as refused:
        services.update_session(actor=coordinator, session=workshop, capacity=1)
    assert "capacity" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        services.update_session(actor=coordinator, session=workshop, kind="keynote")
    assert "kind" in refused.value.message_dict
    services.update_session(actor=coordinator, session=workshop, capacity=2, speakers=[])
    services.remove_session(actor=coordinator, session=workshop)
    assert not Session.objects.exists()


def test_a_speaker_of_another_network_is_refused(network, coordinator) -> None:
    site = SiteFactory.create(event=EventFactory.create(network=network))
    with pytest.raises(ValidationError):
        services.add_session(
            actor=coordinator,
            site=site,
            kind="keynote",
            title="X",
            starts_at=site.starts_at,
            ends_at=site.ends_at,
            speakers=[PersonFactory.create()],
        )


def test_event_settings(network, coordinator) -> None:
    assert services.settings_for(network).retention_days == 90
    services.update_event_settings(actor=coordinator, network=network, retention_days=30)
    assert EventSettings.objects.get(network=network).retention_days == 30
    with pytest.raises(ValidationError):
        services.update_event_settings(actor=coordinator, network=network, retention_days=0)
