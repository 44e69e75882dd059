"""The service helpers every app shares (core/services.py)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from samverk.core import audit
from samverk.core.models import AuditAction, AuditRecord, Federation, Network
from samverk.core.services import (
    UNSET,
    assign,
    belongs_to,
    check_all_same_network,
    check_same_network,
    network_id_of,
    record_delete,
    require,
    save_audited,
)
from samverk.meetings.models import AgendaDocument, MinutesVersion
from samverk.meetings.tests.factories import AgendaItemFactory, MeetingFactory, at
from samverk.networks.models import Organisation
from samverk.networks.tests.factories import NetworkFactory
from samverk.networks.tests.helpers import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return World()


def test_require_refuses_with_a_message() -> None:
    require(True)
    with pytest.raises(PermissionDenied) as exc:
        require(False)
    assert str(exc.value) == "You do not have permission to do this."


def test_assign_leaves_unset_fields_alone(world: World) -> None:
    organisation = world.org_a
    assign(organisation, {"name": "Neu", "website": UNSET, "address": None})

    assert (organisation.name, organisation.website, organisation.address) == ("Neu", "", None)
    assert repr(UNSET) == "UNSET"


def test_network_id_of_follows_each_models_path(world: World) -> None:
    meeting = MeetingFactory.create(arena=world.arena, starts_at=at(dt.date(2026, 3, 10)))
    item = AgendaItemFactory.create(meeting=meeting)
    document = AgendaDocument(agenda_item=item)
    federation = Federation.objects.create(name="Bund", slug="bund")
    world.network.federation = federation
    world.network.save()

    assert network_id_of(world.network) == world.network.pk  # its own scope
    assert network_id_of(world.org_a) == world.network.pk  # network
    assert network_id_of(world.person_a) == world.network.pk  # organisation__network
    assert network_id_of(world.mandate_a) == world.network.pk  # membership__network
    assert network_id_of(document) == world.network.pk  # agenda_item__meeting__network
    assert network_id_of(MinutesVersion()) is None  # no minutes yet
    # A federation is shared by its networks (a reverse relation): asked with one query.
    Network.objects.filter(pk=world.other_network.pk).update(federation=federation)
    assert belongs_to(world.network, federation)
    assert belongs_to(world.other_network, federation)
    assert not belongs_to(NetworkFactory.create(), federation)
    assert belongs_to(world.network, document)
    assert not belongs_to(world.other_network, document)


def test_check_same_network(world: World) -> None:
    foreign = Organisation.objects.create(network=world.other_network, name="Fremd", kind="company")

    check_same_network(world.network, field="host", obj=None)
    check_same_network(world.network, field="host", obj=world.org_a)
    check_same_network(world.network, field="presenter", obj=world.person_a)
    with pytest.raises(ValidationError) as exc:
        check_same_network(world.network, field="host", obj=foreign)
    assert exc.value.message_dict == {"host": ["Choose one of this network's own entries."]}
    with pytest.raises(ValidationError) as exc:
        check_all_same_network(
            world.network, field="members", objs=[world.org_a, foreign], message="Only ours."
        )
    assert exc.value.message_dict == {"members": ["Only ours."]}


def test_save_audited_records_creation_changes_and_nothing_when_nothing_changed(
    world: World,
) -> None:
    actor = world.coordinator
    organisation = Organisation(network=world.network, name="Neue GmbH", kind="company")
    save_audited(actor=actor, obj=organisation, network=world.network)
    records = AuditRecord.objects.filter(object_id=str(organisation.pk)).order_by("pk")
    assert [r.action for r in records] == [AuditAction.CREATE]
    assert records[0].changes["name"] == [None, "Neue GmbH"]

    before = audit.snapshot(organisation)
    organisation.website = "https://neue.example"
    save_audited(actor=actor, obj=organisation, network=world.network, before=before)
    unchanged = audit.snapshot(organisation)
    save_audited(actor=actor, obj=organisation, network=world.network, before=unchanged)
    assert [r.action for r in records.all()] == [AuditAction.CREATE, AuditAction.UPDATE]
    assert records.last().changes == {"website": ["", "https://neue.example"]}  # type: ignore[union-attr]

    organisation.name = ""
    with pytest.raises(ValidationError) as exc:
        save_audited(actor=actor, obj=organisation, network=world.network, before=before)
    assert "name" in exc.value.message_dict

    record_delete(actor=actor, obj=organisation, network=world.network)
    deleted = records.last()
    assert deleted is not None and deleted.action == AuditAction.DELETE
    assert deleted.changes["website"] == ["https://neue.example", None]
