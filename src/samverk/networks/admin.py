from django.contrib import admin

from samverk.core.admin import ReadOnlyAdmin
from samverk.networks.models import Arena, Organisation


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
