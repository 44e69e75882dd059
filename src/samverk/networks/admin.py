from django.contrib import admin

from samverk.networks.models import Arena, Federation, Network, Organisation, Region


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    list_display = ["name", "network", "kind"]
    list_filter = ["network", "kind"]


admin.site.register([Federation, Network, Region, Arena])
