"""FilterSets shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverk.core.collation import translated_choices
from samverk.core.models import Network, Region
from samverk.core.widgets import LightSelect
from samverk.networks.choices import ArenaKind, MembershipRole, NaceSection, OrganisationKind
from samverk.networks.forms import network_regions
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person


class _NetworkSlugFilterSet(django_filters.FilterSet):
    network = django_filters.CharFilter(
        label=_("network"), method="filter_network", help_text=_("network short name (slug)")
    )
    network_path = "network__slug"

    def filter_network(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{self.network_path: value})


class OrganisationFilter(_NetworkSlugFilterSet):
    # Light selects (core.widgets): the region list can be long, and Django's Select renders
    # every option through the template engine.
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=OrganisationKind.choices, empty_label=_("all"), widget=LightSelect
    )
    sector = django_filters.ChoiceFilter(
        label=_("sector (NACE)"),
        choices=NaceSection.choices,
        empty_label=_("all"),
        widget=LightSelect,
    )
    region = django_filters.ModelChoiceFilter(
        label=_("region"), queryset=Region.objects.all(), empty_label=_("all"), widget=LightSelect
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector", "region", "network"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds in the alphabetical order of their labels in the current language, the
        # sectors in their order; labels translated (and sorted) once per language.
        self.filters["kind"].extra["choices"] = translated_choices(OrganisationKind, ordered=True)
        self.filters["sector"].extra["choices"] = translated_choices(NaceSection)
        # A form field built earlier (e.g. by the API's schema) was copied with the filter and
        # holds the choices of the language of that time: build it again.
        for name in ("kind", "sector"):
            self.filters[name].__dict__.pop("_field", None)

    def limit_to(self, network: Network) -> None:
        """Offer, and accept, only the network's regions (``forms.network_regions``: its home
        region and the regions below it) and those its organisations are in (one set before
        the home region was chosen or changed stays filterable), listed from one query of
        their ids and names."""
        in_use = Organisation.objects.for_network(network).values("region_id")
        regions = (network_regions(network) | Region.objects.filter(pk__in=in_use)).order_by("name")
        region = self.filters["region"]
        region.queryset = regions
        region.__dict__.pop("_field", None)
        # What the select shows; the field keeps validating against ``regions``.
        self.form.fields["region"].widget.choices = [
            ("", region.extra["empty_label"]),
            *regions.values_list("pk", "name"),
        ]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(name__icontains=value) | Q(address__icontains=value))


class MembershipFilter(_NetworkSlugFilterSet):
    role = django_filters.ChoiceFilter(label=_("role"), choices=MembershipRole.choices)

    class Meta:
        model = Membership
        fields = ["role", "network", "organisation"]


class PersonFilter(_NetworkSlugFilterSet):
    network_path = "organisation__network__slug"
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = Person
        fields = ["q", "organisation", "network"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        # Name, email or organisation: one search box scales to networks with thousands of
        # organisations, where a drop-down of all of them would not.
        return queryset.filter(
            Q(name__icontains=value)
            | Q(email__icontains=value)
            | Q(organisation__name__icontains=value)
        )


class MandateFilter(_NetworkSlugFilterSet):
    network_path = "membership__network__slug"

    class Meta:
        model = Mandate
        fields = ["network", "membership", "person", "role", "decision_authorised"]


class ArenaFilter(_NetworkSlugFilterSet):
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=ArenaKind.choices)

    class Meta:
        model = Arena
        fields = ["kind", "level", "network"]


class NetworkFilter(django_filters.FilterSet):
    network = django_filters.CharFilter(field_name="slug", label=_("network"))

    class Meta:
        model = Network
        fields = ["network", "language", "federation"]


class RegionFilter(django_filters.FilterSet):
    class Meta:
        model = Region
        fields = ["level", "parent", "code"]
