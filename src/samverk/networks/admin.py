from django.contrib import admin

from samverk.core.admin import ReadOnlyAdmin
from samverk.networks.models import Arena, Organisation, RoleInvitation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyAdmin):
    search_fields = ["name"]
    list_display = ["name", "network", "kind"]
    list_filter = ["network", "kind"]


@admin.register(Arena)
class ArenaAdmin(ReadOnlyAdmin):
    search_fields = ["name"]
    list_display = ["name", "network", "kind"]
    list_filter = ["network", "kind"]


@admin.register(RoleInvitation)
class RoleInvitationAdmin(ReadOnlyAdmin):
    search_fields = ["email"]
    list_display = ["email", "network", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["network", "role"]
    exclude = ["token_hash"]
