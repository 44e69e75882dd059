from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest, HttpResponse

from samverk.accounts.forms import AdminPasswordChangeForm, admin_actor
from samverk.accounts.models import ApiToken, User
from samverk.core.models import NetworkRole


class NetworkRoleInline(admin.TabularInline):
    model = NetworkRole
    extra = 0
    autocomplete_fields = ["organisation"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "name", "is_superuser", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "password", "name")}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)
    inlines = [NetworkRoleInline]
    # A password set here revokes the user's API tokens (services.set_password).
    change_password_form = AdminPasswordChangeForm

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        user: Any = request.user
        reset = admin_actor.set(user)
        try:
            return super().user_change_password(request, id, form_url)
        finally:
            admin_actor.reset(reset)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Read-only: users revoke their tokens on their account page; a new password revokes
    them all. The secret is never stored, only its first characters and a hash."""

    list_display = ["user", "name", "hint", "created", "last_used", "expiry"]
    list_select_related = ["user"]
    search_fields = ["user__email", "name"]
    fields = ["user", "name", "hint", "created", "last_used", "expiry"]
    readonly_fields = ["user", "name", "hint", "created", "last_used", "expiry"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
