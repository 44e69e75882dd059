"""A database made before the tenancy models moved into core keeps working: its networks,
roles and audit history are there after `samverk migrate`, and the pages answer."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client

from samverk.core.models import AuditRecord, Network, NetworkRole

# The newest migrations of each app before Network, Federation, Region and NetworkRole moved.
BEFORE_THE_MOVE = [
    ("core", "0001_initial"),
    ("accounts", "0002_initial"),
    ("networks", "0003_arena_quorum_percent_arena_quorum_rule"),
    ("meetings", "0004_attendance_meeting_organisation"),
]


def _latest(executor: MigrationExecutor) -> list[tuple[str, str]]:
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_database_from_before_the_move_upgrades_with_its_data_and_history() -> None:
    executor = MigrationExecutor(connection)
    latest = _latest(executor)
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps
    OldContentType = old.get_model("contenttypes", "ContentType")
    network = old.get_model("networks", "Network").objects.create(
        name="Netzwerk Barnim", slug="barnim", language="de", time_zone="Europe/Berlin"
    )
    user = old.get_model("accounts", "User").objects.create(
        email="koordination@barnim.example", name="Kora Ordinate", password="!"
    )
    old.get_model("accounts", "NetworkRole").objects.create(
        user=user, network=network, role="coordinator"
    )
    network_type, _ = OldContentType.objects.get_or_create(app_label="networks", model="network")
    old.get_model("core", "AuditRecord").objects.create(
        network=network,
        content_type=network_type,
        object_id=str(network.pk),
        object_repr="Netzwerk Barnim",
        action="create",
    )

    MigrationExecutor(connection).migrate(latest)

    ContentType.objects.clear_cache()
    record = AuditRecord.objects.get()
    assert (record.content_type.app_label, record.content_type.model) == ("core", "network")
    assert record.content_type.get_object_for_this_type(pk=network.pk).name == "Netzwerk Barnim"
    role = NetworkRole.objects.select_related("network", "user").get()
    assert (role.network.slug, role.user.email, role.role) == (
        "barnim",
        "koordination@barnim.example",
        "coordinator",
    )
    client = Client()
    client.force_login(role.user)
    for url in ("/n/barnim/", "/n/barnim/organisations/", "/n/barnim/meetings/"):
        assert client.get(url).status_code == 200, url
    assert Network.objects.get().name == "Netzwerk Barnim"
