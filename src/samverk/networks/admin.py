from django.contrib import admin

from samverk.core.models import Federation, Network, Region
from samverk.networks.models import Arena, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "network", "kind"]
    list_filter = ["network", "kind"]


admin.site.register([Federation, Network, Region, Arena])
