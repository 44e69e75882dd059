"""The Django admin is read-only for domain data: it would write without a permission check,
validation or audit record (and could remove a network's last coordinator). Only user
accounts' name and flags can be changed there, and that is audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib import admin
from django.db import models
from django.test import Client
from django.urls import reverse

from samverk.accounts.models import User
from samverk.core.choices import RoleKind
from samverk.core.models import AuditAction, AuditRecord, Federation, NetworkRole, Region
from samverk.networks.tests.helpers import World, db_state

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    world = World()
    Region.objects.create(code="DE-BB", name="Brandenburg", level="state")
    Federation.objects.create(name="Bundesverband", slug="bund")
    return world


@pytest.fixture
def superuser_client(world: World) -> Client:
    client = Client()
    client.force_login(world.admin)
    return client


def _url(model: type[models.Model], view: str, *args: Any) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def _domain_models() -> list[type[models.Model]]:
    return [model for model in admin.site._registry if model is not User]


def test_every_domain_model_in_the_admin_is_read_only(rf: Any, world: World) -> None:
    """A model an app registers later is read-only too, or this test names it."""
    request = rf.get("/admin/")
    request.user = world.admin
    writable = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if model is not User
        and (
            model_admin.has_add_permission(request)
            or model_admin.has_change_permission(request)
            or model_admin.has_delete_permission(request)
        )
    ]
    assert writable == []
    assert {m.__name__ for m in _domain_models()} >= {
        "Network",
        "Federation",
        "Region",
        "Organisation",
        "Arena",
    }


def _instance(world: World, model: type[models.Model]) -> models.Model:
    return model._default_manager.order_by("pk").first()  # type: ignore[return-value]


@pytest.mark.parametrize("model_name", ["Network", "Federation", "Region", "Organisation", "Arena"])
def test_a_superuser_can_look_but_not_add_change_or_delete(
    world: World, superuser_client: Client, model_name: str
) -> None:
    model = next(m for m in _domain_models() if m.__name__ == model_name)
    obj = _instance(world, model)
    before = db_state()

    assert superuser_client.get(_url(model, "changelist")).status_code == 200
    assert superuser_client.get(_url(model, "change", obj.pk)).status_code == 200
    assert superuser_client.get(_url(model, "add")).status_code == 403
    assert superuser_client.post(_url(model, "add"), {"name": "New"}).status_code == 403
    assert (
        superuser_client.post(_url(model, "change", obj.pk), {"name": "Changed"}).status_code == 403
    )
    assert superuser_client.get(_url(model, "delete", obj.pk)).status_code == 403
    assert superuser_client.post(_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    response = superuser_client.post(
        _url(model, "changelist"),
        {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"},
    )
    assert response.status_code in (200, 302)

    assert db_state() == before


def _user_form(user: User, **changes: Any) -> dict[str, Any]:
    prefix = NetworkRole._meta.get_field("user").remote_field.get_accessor_name()  # type: ignore[union-attr]
    roles = list(NetworkRole.objects.filter(user=user).order_by("pk"))
    data: dict[str, Any] = {
        "name": user.name,
        "is_active": "on" if user.is_active else "",
        "is_staff": "on" if user.is_staff else "",
        "is_superuser": "on" if user.is_superuser else "",
        f"{prefix}-TOTAL_FORMS": str(len(roles)),
        f"{prefix}-INITIAL_FORMS": str(len(roles)),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for i, role in enumerate(roles):
        data[f"{prefix}-{i}-id"] = str(role.pk)
        data[f"{prefix}-{i}-user"] = str(user.pk)
        data[f"{prefix}-{i}-DELETE"] = "on"  # tries to remove the role
        data[f"{prefix}-{i}-role"] = RoleKind.OBSERVER  # or to change it
    data.update(changes)
    return {k: v for k, v in data.items() if v != ""}


def test_a_superuser_deactivates_an_account_and_the_change_is_audited(
    world: World, superuser_client: Client
) -> None:
    coordinator = world.coordinator
    roles_before = list(NetworkRole.objects.order_by("pk").values())

    response = superuser_client.post(
        _url(User, "change", coordinator.pk), _user_form(coordinator, is_active="")
    )

    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.is_active is False
    record = AuditRecord.objects.filter(object_id=str(coordinator.pk)).latest("pk")
    assert record.action == AuditAction.UPDATE
    assert record.actor == world.admin
    assert record.network is None
    assert record.changes == {"is_active": [True, False]}
    # The roles shown beside the account are read-only: the network keeps its coordinator.
    assert list(NetworkRole.objects.order_by("pk").values()) == roles_before


def test_accounts_are_not_added_deleted_or_given_a_password_in_the_admin(
    world: World, superuser_client: Client
) -> None:
    coordinator = world.coordinator
    password = coordinator.password
    before = db_state()
    users = list(User.objects.order_by("pk").values())

    assert superuser_client.get(_url(User, "add")).status_code == 403
    assert (
        superuser_client.post(
            _url(User, "add"),
            {"email": "new@example.org", "password1": "x9!Kq2$mZ", "password2": "x9!Kq2$mZ"},
        ).status_code
        == 403
    )
    assert (
        superuser_client.post(_url(User, "delete", coordinator.pk), {"post": "yes"}).status_code
        == 403
    )
    assert (
        superuser_client.post(
            reverse("admin:auth_user_password_change", args=[coordinator.pk]),
            {"password1": "x9!Kq2$mZ", "password2": "x9!Kq2$mZ"},
        ).status_code
        == 403
    )

    assert db_state() == before
    assert list(User.objects.order_by("pk").values()) == users
    coordinator.refresh_from_db()
    assert coordinator.password == password
