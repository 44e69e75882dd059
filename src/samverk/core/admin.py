"""The Django admin shows the platform's data read-only.

Every write goes through a service function (permission check, validation, audit record);
the admin would bypass all three (it could, for instance, remove a network's last
coordinator), so domain models are registered with :class:`ReadOnlyAdmin`: the platform
admin can look, not add, change or delete. Changes are made in the app's own pages or API.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samverk.core.models import Federation, Network, Region


class ReadOnlyMixin:
    """No add, change or delete for anyone (viewing stays as the user's permissions say)."""

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    pass


class ReadOnlyTabularInline(ReadOnlyMixin, admin.TabularInline):  # type: ignore[type-arg]
    extra = 0
    can_delete = False


@admin.register(Network)
class NetworkAdmin(ReadOnlyAdmin):
    search_fields = ["name", "slug"]
    list_display = ["name", "slug", "language", "time_zone", "federation"]


@admin.register(Federation)
class FederationAdmin(ReadOnlyAdmin):
    search_fields = ["name", "slug"]
    list_display = ["name", "slug"]


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    search_fields = ["name", "code"]
    list_display = ["name", "code", "level", "parent"]
