"""User accounts in the Django admin.

Domain data is read-only there (see ``samverk.core.admin``). Accounts are the exception the
platform admin needs and has no other page for: an account's name and its ``is_active``,
``is_staff`` and ``is_superuser`` flags can be changed here, and every such change is written
to the audit log. Accounts are not added here (people are invited through "People with
access"), not deleted (that would take their roles and history with them) and their password
is not set here (people reset it themselves); their roles are shown read-only.

Groups (samverk's permissions are roles per network, not groups) and API tokens (a token
made here for someone else would let the admin act as them, unaudited) are not offered.
"""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from samverk.accounts.models import ApiToken, User
from samverk.core import audit
from samverk.core.admin import ReadOnlyAdmin, ReadOnlyTabularInline
from samverk.core.models import AuditAction, NetworkRole

for _model in (Group,):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)

# What the admin may change on an account (and what the audit record compares).
EDITABLE_FIELDS = ("name", "is_active", "is_staff", "is_superuser")


class NetworkRoleInline(ReadOnlyTabularInline):
    model = NetworkRole
    fields = ["network", "role", "organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    ordering = ["email"]
    list_display = ["email", "name", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    readonly_fields = ["email", "last_login", "date_joined"]
    inlines = [NetworkRoleInline]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        raise PermissionDenied

    @transaction.atomic
    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        stored = User.objects.filter(pk=obj.pk).first()
        before = audit.snapshot(stored, EDITABLE_FIELDS) if stored else {}
        super().save_model(request, obj, form, change)
        changes = audit.diff(before, audit.snapshot(obj, EDITABLE_FIELDS))
        if changes:
            audit.record(actor=request.user, obj=obj, action=AuditAction.UPDATE, changes=changes)


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    """Users revoke their tokens on their account page; a new password revokes them all. The
    secret is never stored, only its first characters and a hash."""

    list_display = ["user", "name", "hint", "created", "last_used", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__email", "name"]
    fields = readonly_fields = ("user", "name", "hint", "created", "last_used", "expiry")


# Sign-in attempts and lockouts (django-axes) are evidence, shown read-only; a lockout ends
# by itself after the cool-off time (or `samverk axes_reset_username <email>`).
for _axes_model in (AccessAttempt, AccessLog, AccessFailureLog):
    if admin.site.is_registered(_axes_model):
        admin.site.unregister(_axes_model)
    admin.site.register(_axes_model, ReadOnlyAdmin)
