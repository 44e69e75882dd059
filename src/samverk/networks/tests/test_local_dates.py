"""Dates in messages and in the history appear in the user's format, not as ISO text."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone, translation

from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord
from samverk.core.templatetags.samverk import audit_changes
from samverk.networks import services
from samverk.networks.models import Organisation
from samverk.networks.tests.factories import (
    NetworkFactory,
    OrganisationFactory,
    PersonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    network = NetworkFactory.create(slug="barnim", language="de", time_zone="Europe/Berlin")
    coordinator = user_with_role(network, RoleKind.COORDINATOR)
    organisation = OrganisationFactory.create(network=network, name="Stadt Bernau")
    membership = services.add_membership(
        actor=coordinator, organisation=organisation, since=dt.date(2024, 3, 1)
    )
    return network, coordinator, organisation, membership


@pytest.mark.parametrize(
    ("language", "shown"),
    [("de", "01.03.2024"), ("nb", "01.03.2024"), ("sv", "2024-03-01")],
)
def test_a_validation_message_shows_the_date_in_the_language(world, language, shown):
    _network, coordinator, organisation, membership = world
    person = PersonFactory.create(organisation=organisation)

    with translation.override(language), pytest.raises(ValidationError) as error:
        services.add_mandate(
            actor=coordinator,
            membership=membership,
            person=person,
            valid_from=dt.date(2024, 1, 1),
        )

    (message,) = error.value.message_dict["valid_from"]
    assert shown in message
    assert "2024-03-01" not in message or language == "sv"


def test_history_shows_dates_in_the_local_format(world):
    _network, coordinator, _organisation, membership = world
    services.update_membership(actor=coordinator, membership=membership, since=dt.date(2024, 2, 1))
    record = AuditRecord.objects.filter(object_id=str(membership.pk)).order_by("-pk").first()

    with translation.override("de"):
        rows = audit_changes(record)

    assert [(old, new) for _label, old, new in rows] == [("01.03.2024", "01.02.2024")]


def test_history_shows_date_times_in_the_network_time_zone(world):
    _network, coordinator, organisation, _membership = world
    record = AuditRecord.objects.create(
        actor=coordinator,
        network=organisation.network,
        content_type=ContentType.objects.get_for_model(Organisation),
        object_id="1",
        object_repr="x",
        action="update",
        changes={"revoked_at": [None, "2030-03-04T08:30:00+00:00"]},
    )
    with translation.override("de"), timezone.override("Europe/Berlin"):
        ((_label, old, new),) = audit_changes(record)

    assert old == "–"
    assert new == "04.03.2030 09:30"


def test_history_page_in_german_shows_no_iso_dates(world):
    network, coordinator, _organisation, membership = world
    services.update_membership(actor=coordinator, membership=membership, since=dt.date(2024, 2, 1))
    client = Client()
    client.force_login(coordinator)

    html = client.get(f"/n/{network.slug}/history/").content.decode()

    assert "01.02.2024" in html
    assert "2024-02-01" not in html
