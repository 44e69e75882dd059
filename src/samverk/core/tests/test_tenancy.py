"""Tenancy fails closed.

* Every model of samverk reads through a scoped queryset: rows of a network
  (``NetworkScopedQuerySet`` with a ``network_path`` that leads to core.Network), shared
  reference data (``ReferenceQuerySet``), rows of one user (``UserScopedQuerySet``), or it is
  in the commented allow-list below. A new app's model that is none of these fails this test.
* A network-scoped model that forgets its ``network_path`` raises instead of returning rows.
* The API refuses a queryset that is not scoped — for a list, a related field's choices or a
  filter's choices — instead of serving it unfiltered.
"""

from __future__ import annotations

from typing import Any

import django_filters
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from rest_framework import serializers
from rest_framework.test import APIRequestFactory, force_authenticate

from samverk.core.api import ScopedFilterBackend, ScopedModelSerializer, ServiceViewSet
from samverk.core.choices import RoleKind
from samverk.core.models import AuditRecord, Network, NetworkRole
from samverk.core.querysets import (
    NetworkScopedQuerySet,
    ReferenceQuerySet,
    UserScopedQuerySet,
    require_scoped,
)

pytestmark = pytest.mark.django_db

# Models of samverk that are deliberately not scoped, each with the reason.
ALLOWED_UNSCOPED = {
    # Platform accounts: a user is not part of any network. Which networks they act in is
    # NetworkRole (scoped, coordinators only); the API never lists users, and no page lists
    # them except "People with access", which reads NetworkRole.
    "accounts.User",
    # The worker's record that a daily job ran on a day (platform bookkeeping, no network's
    # data; never shown on a page or through the API).
    "core.DailyJobRun",
}


def samverk_models() -> list[type[models.Model]]:
    """Every concrete model of samverk's apps (auto-created many-to-many tables are never
    queried on their own: they are reached through their scoped owners)."""
    return [
        model
        for model in apps.get_models()
        if model._meta.app_config is not None
        and model._meta.app_config.module is not None
        and model._meta.app_config.module.__name__.startswith("samverk.")
    ]


def label(model: type[models.Model]) -> str:
    return model._meta.label


def target_of(model: type[models.Model], path: str) -> type[models.Model]:
    """The model a lookup path (``"meeting__network"``) leads to, through _meta."""
    current = model
    for part in path.split("__") if path else []:
        field = current._meta.get_field(part)
        related = field.related_model if field.is_relation else None
        if related is None or isinstance(related, str):
            raise ImproperlyConfigured(f"{label(current)}.{part} is not a relation")
        current = related
    return current


def problems(model: type[models.Model]) -> list[str]:
    """Why ``model`` is not properly scoped (an empty list: it is)."""
    found = []
    for manager in model._meta.managers:
        queryset = manager.get_queryset()
        where = f"{label(model)}.{manager.name}"
        if isinstance(queryset, NetworkScopedQuerySet):
            path = getattr(model, "network_path", None)
            if path is None:
                found.append(f"{where}: network-scoped without a network_path")
                continue
            try:
                target = target_of(model, path)
            except Exception as exc:  # FieldDoesNotExist, not a relation
                found.append(f"{where}: network_path {path!r} does not resolve ({exc})")
                continue
            if target is not Network:
                found.append(f"{where}: network_path {path!r} leads to {label(target)}")
        elif isinstance(queryset, UserScopedQuerySet):
            user_path = str(getattr(model, "user_path", "user"))
            try:
                target = target_of(model, user_path)
            except Exception as exc:
                found.append(f"{where}: user_path {user_path!r} does not resolve ({exc})")
                continue
            if label(target) != settings.AUTH_USER_MODEL:
                found.append(f"{where}: user_path {user_path!r} leads to {label(target)}")
        elif not isinstance(queryset, ReferenceQuerySet) and label(model) not in ALLOWED_UNSCOPED:
            found.append(f"{where}: {type(queryset).__name__} is not scoped")
    return found


def test_the_walk_sees_every_app_of_samverk() -> None:
    app_labels = {model._meta.app_label for model in samverk_models()}

    assert {"core", "accounts", "networks", "meetings"} <= app_labels


def test_every_model_of_samverk_is_scoped_or_allowed() -> None:
    assert {label(m): problems(m) for m in samverk_models() if problems(m)} == {}


def test_the_allow_list_names_only_unscoped_models() -> None:
    by_label = {label(m): m for m in samverk_models()}

    assert set(by_label) >= ALLOWED_UNSCOPED
    for name in ALLOWED_UNSCOPED:
        assert not isinstance(by_label[name]._default_manager.all(), NetworkScopedQuerySet)


def test_every_network_scoped_model_reads_one_network() -> None:
    """``for_network`` and ``visible_to`` build and run for each model: the path is valid SQL,
    what ``for_network`` returns belongs to that network, and an outsider or anonymous user
    reads nothing of it."""
    ours = Network.objects.create(name="Ours", slug="ours")
    theirs = Network.objects.create(name="Theirs", slug="theirs")
    User = get_user_model()
    coordinator = User.objects.create_user(email="coordinator@ours.test")
    outsider = User.objects.create_user(email="coordinator@theirs.test")
    NetworkRole.objects.create(user=coordinator, network=ours, role=RoleKind.COORDINATOR)
    NetworkRole.objects.create(user=outsider, network=theirs, role=RoleKind.COORDINATOR)
    scoped = [
        m for m in samverk_models() if isinstance(m._default_manager.all(), NetworkScopedQuerySet)
    ]

    for model in scoped:
        manager: Any = model._default_manager
        path = model.network_path  # type: ignore[attr-defined]
        network_id = f"{path}__id" if path else "id"
        ours_rows = manager.for_network(ours)
        assert set(ours_rows.values_list(network_id, flat=True)) <= {ours.pk}, label(model)
        seen = set(manager.visible_to(coordinator).values_list("pk", flat=True))
        assert seen >= set(ours_rows.values_list("pk", flat=True)), label(model)
        assert not seen & set(manager.for_network(theirs).values_list("pk", flat=True))
        assert not manager.visible_to(outsider).filter(pk__in=ours_rows.values("pk")).exists()
        assert list(manager.visible_to(AnonymousUser())) == [], label(model)
    assert {label(m) for m in scoped} >= {"core.Network", "core.AuditRecord", "core.Federation"}


def test_reference_data_is_for_signed_in_users_only() -> None:
    reference = [
        m for m in samverk_models() if isinstance(m._default_manager.all(), ReferenceQuerySet)
    ]

    assert sorted(label(m) for m in reference) == [
        "classifications.EscoOccupation",
        "classifications.IscoGroup",
        "core.Region",
    ]
    for model in reference:
        queryset: Any = model._default_manager.all()
        assert queryset.visible_to(AnonymousUser()).query.is_empty()


def test_a_network_scoped_model_without_network_path_raises(monkeypatch: Any) -> None:
    network = Network.objects.create(name="Tenancy", slug="tenancy")
    admin = get_user_model().objects.create_superuser(email="admin@tenancy.test")
    monkeypatch.delattr(AuditRecord, "network_path")

    with pytest.raises(ImproperlyConfigured, match=r"AuditRecord .* declares no network_path"):
        AuditRecord.objects.for_network(network)
    with pytest.raises(ImproperlyConfigured, match="declares no network_path"):
        AuditRecord.objects.visible_to(AnonymousUser())
    with pytest.raises(ImproperlyConfigured, match="declares no network_path"):
        AuditRecord.objects.visible_to(admin)  # not even the platform admin reads it
    assert problems(AuditRecord) == [
        "core.AuditRecord.objects: network-scoped without a network_path"
    ]


def test_a_network_path_that_does_not_lead_to_a_network_is_found(monkeypatch: Any) -> None:
    monkeypatch.setattr(AuditRecord, "network_path", "content_type")

    assert problems(AuditRecord) == [
        "core.AuditRecord.objects: network_path 'content_type' leads to contenttypes.ContentType"
    ]


# --- the API, exports and feeds refuse what is not scoped ------------------------------------


def test_require_scoped_refuses_a_plain_queryset() -> None:
    users = get_user_model().objects.all()

    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        require_scoped(users)
    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        require_scoped(models.QuerySet(Network))  # a scoped model, read around its queryset
    assert require_scoped(Network.objects.all()).model is Network


class AuditSerializer(ScopedModelSerializer):
    # A writable relation to users, who are not scoped.
    class Meta:
        model = AuditRecord
        fields = ["id", "actor"]


def _request(user: Any) -> Any:
    request = APIRequestFactory().get("/")
    request.user = user
    return request


def test_a_serializer_refuses_a_relation_whose_choices_are_not_scoped() -> None:
    admin = get_user_model().objects.create_superuser(email="admin@tenancy.test")

    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        _ = AuditSerializer(context={"request": _request(admin)}).fields
    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        _ = AuditSerializer().fields  # not even with no user (no choices at all)


class AuditFilter(django_filters.FilterSet):
    class Meta:
        model = AuditRecord
        fields = ["actor"]  # a ModelChoiceFilter over every user


class NetworkByCallableFilter(django_filters.FilterSet):
    network = django_filters.ModelChoiceFilter(queryset=lambda request: Network.objects.all())

    class Meta:
        model = AuditRecord
        fields = ["network"]


class _View:
    def __init__(self, filterset_class: type[django_filters.FilterSet]) -> None:
        self.filterset_class = filterset_class


@pytest.mark.parametrize("filterset_class", [AuditFilter, NetworkByCallableFilter])
def test_a_filter_refuses_choices_that_are_not_scoped(filterset_class: Any) -> None:
    admin = get_user_model().objects.create_superuser(email="admin@tenancy.test")
    request = _request(admin)
    request.query_params = request.GET

    with pytest.raises(ImproperlyConfigured):
        ScopedFilterBackend().get_filterset(
            request,
            AuditRecord.objects.all(),
            _View(filterset_class),  # type: ignore[arg-type]
        )


class UserSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "email"]


class UserViewSet(ServiceViewSet):
    # An endpoint that forgot its scoping: it reads every user.
    serializer_class = UserSerializer

    def get_queryset(self) -> Any:
        return get_user_model().objects.all()


@pytest.mark.parametrize("action", ["list", "retrieve"])
def test_an_endpoint_refuses_a_queryset_that_is_not_scoped(action: str) -> None:
    admin = get_user_model().objects.create_superuser(email="admin@tenancy.test")
    view = UserViewSet.as_view({"get": action})
    request = APIRequestFactory().get("/")
    force_authenticate(request, admin)

    with pytest.raises(ImproperlyConfigured, match="has no scoped queryset"):
        view(request, **({"pk": admin.pk} if action == "retrieve" else {}))


def test_a_served_queryset_must_have_been_limited_to_the_user() -> None:
    from django.core.exceptions import ImproperlyConfigured

    from samverk.core.models import Network
    from samverk.core.querysets import require_scoped

    everything = Network.objects.all()
    limited = Network.objects.filter(slug="x").visible_to(None).order_by("name").filter(pk__gt=0)

    assert require_scoped(everything) is everything  # from a scoped model: fine as choices
    with pytest.raises(ImproperlyConfigured, match="not limited with visible_to"):
        require_scoped(everything, filtered=True)
    assert require_scoped(limited, filtered=True) is limited
