"""The project list's FilterSet (the page and its export)."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samverk.core.widgets import LightSelect
from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.networks.models import Organisation
from samverk.projects.choices import ProjectStatus
from samverk.projects.models import (
    FocusArea,
    KeyFigure,
    Milestone,
    Project,
    ProjectFile,
    ProjectPartner,
    ProjectUpdate,
)


class ProjectFilter(_NetworkSlugFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    status = django_filters.ChoiceFilter(
        label=_("status"), choices=ProjectStatus.choices, empty_label=_("all")
    )
    year = django_filters.NumberFilter(label=_("year"), method="in_year")
    focus = django_filters.ModelChoiceFilter(
        label=_("focus area"),
        field_name="focus_areas",
        queryset=FocusArea.objects.all(),  # the page limits it to the network, the API scopes it
        empty_label=_("all"),
        widget=LightSelect,
    )
    member = django_filters.ModelChoiceFilter(
        label=_("member"),
        method="with_member",
        queryset=Organisation.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
    )

    class Meta:
        model = Project
        fields = ["network", "q", "status", "year", "focus", "member"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(
            Q(title__icontains=value) | Q(short_name__icontains=value) | Q(summary__icontains=value)
        )

    def in_year(self, queryset: Any, name: str, value: Any) -> Any:
        if not 1900 <= int(value) <= 2200:
            return queryset.none()
        return queryset.in_year(int(value))

    def with_member(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        return queryset.filter(Q(carrier=value) | Q(partners__organisation=value)).distinct()

    def limit_to(self, network: Any) -> None:
        """Offer only the network's own focus areas and organisations."""
        self.filters["focus"].queryset = FocusArea.objects.for_network(network)
        self.filters["member"].queryset = (
            Organisation.objects.for_network(network).only("pk", "name").order_by("name")
        )


class FocusAreaFilter(_NetworkSlugFilterSet):
    class Meta:
        model = FocusArea
        fields = ["network"]


class _ProjectPartFilter(_NetworkSlugFilterSet):
    network_path = "project__network__slug"


class PartnerFilter(_ProjectPartFilter):
    class Meta:
        model = ProjectPartner
        fields = ["network", "project", "organisation", "role"]


class KeyFigureFilter(_ProjectPartFilter):
    class Meta:
        model = KeyFigure
        fields = ["network", "project"]


class MilestoneFilter(_ProjectPartFilter):
    class Meta:
        model = Milestone
        fields = ["network", "project"]


class UpdateFilter(_ProjectPartFilter):
    class Meta:
        model = ProjectUpdate
        fields = ["network", "project"]


class FileFilter(_ProjectPartFilter):
    class Meta:
        model = ProjectFile
        fields = ["network", "project", "is_image"]
