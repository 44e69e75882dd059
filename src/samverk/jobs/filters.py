"""The job offer list's FilterSet (the page, its export and the API)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverk.classifications.models import IscoGroup
from samverk.core.widgets import LightSelect
from samverk.jobs.choices import OfferKind, OfferStatus
from samverk.jobs.models import JobOffer
from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.networks.models import Organisation


class MajorGroupChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: IscoGroup) -> str:
        return f"{obj.code} {obj.localised_label}"


class MajorGroupFilter(django_filters.ModelChoiceFilter):
    field_class = MajorGroupChoiceField


class JobOfferFilter(_NetworkSlugFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=OfferStatus.choices, empty_label=_("all")
    )
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=OfferKind.choices, empty_label=_("all")
    )
    employer = django_filters.ModelChoiceFilter(
        label=_("employer"),
        queryset=Organisation.objects.all(),  # the page limits it to the network, the API scopes it
        empty_label=_("all"),
        widget=LightSelect,
    )
    isco = MajorGroupFilter(
        label=_("occupation group (ISCO-08)"),
        queryset=IscoGroup.objects.filter(level=1),
        to_field_name="code",
        method="in_major_group",
        empty_label=_("all"),
        widget=LightSelect,
        help_text=_("An ISCO-08 major group (one digit)."),
    )

    class Meta:
        model = JobOffer
        fields = ["network", "q", "status", "kind", "employer", "isco"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(title__icontains=value)
            | Q(description__icontains=value)
            | Q(locality__icontains=value)
            | Q(employer__name__icontains=value)
        )

    def in_major_group(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(isco_group__code__startswith=value.code)

    def limit_to(self, network: Any) -> None:
        """Offer only the network's own organisations."""
        self.filters["employer"].queryset = (
            Organisation.objects.for_network(network).only("pk", "name").order_by("name", "pk")
        )
        self.filters["isco"].queryset = IscoGroup.objects.filter(level=1).order_by("code")
