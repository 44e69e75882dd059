"""FilterSets shared by the list pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverk.core.collation import sorted_choices
from samverk.core.models import Network, Region
from samverk.networks.choices import ArenaKind, MembershipRole, NaceSection, OrganisationKind
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person


class _NetworkSlugFilterSet(django_filters.FilterSet):
    network = django_filters.CharFilter(
        label=_("network"), method="filter_network", help_text=_("network short name (slug)")
    )
    network_path = "network__slug"

    def filter_network(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(**{self.network_path: value})


class OrganisationFilter(_NetworkSlugFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=OrganisationKind.choices, empty_label=_("all")
    )
    sector = django_filters.ChoiceFilter(
        label=_("sector (NACE)"), choices=NaceSection.choices, empty_label=_("all")
    )
    region = django_filters.ModelChoiceFilter(
        label=_("region"), queryset=Region.objects.all(), empty_label=_("all")
    )

    class Meta:
        model = Organisation
        fields = ["q", "kind", "sector", "region", "network"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The kinds in the alphabetical order of their labels in the current language.
        kind = self.filters["kind"]
        kind.extra["choices"] = sorted_choices(OrganisationKind.choices)
        # A form field built earlier (e.g. by the API's schema) was copied with the filter and
        # holds the order of the language of that time: build it again.
        kind.__dict__.pop("_field", None)

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
