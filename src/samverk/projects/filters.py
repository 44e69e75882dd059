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
from samverk.strategy.models import AnnualPlan, Goal


class ThemeChoiceField(django_filters.fields.ModelChoiceField):
    def label_from_instance(self, obj: AnnualPlan) -> str:
        return f"{obj.year}: {obj.theme}"


class ThemeFilter(django_filters.ModelChoiceFilter):
    field_class = ThemeChoiceField


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

    goal = django_filters.ModelChoiceFilter(
        label=_("goal"),
        field_name="strategy_goals",
        queryset=Goal.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
    )
    theme = ThemeFilter(
        label=_("annual theme"),
        method="with_theme",
        queryset=AnnualPlan.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
        help_text=_("Projects of the activities of that year's plan."),
    )
    public = django_filters.BooleanFilter(
        label=_("visibility"),
        field_name="is_public",
        widget=LightSelect(
            choices=[("", _("all")), ("true", _("public")), ("false", _("internal"))]
        ),
    )

    class Meta:
        model = Project
        fields = ["network", "q", "status", "year", "focus", "member", "goal", "theme", "public"]

    def with_theme(self, queryset: QuerySet[Any], name: str, value: Any) -> QuerySet[Any]:
        """Projects linked to an activity of any version of that year's plan."""
        return queryset.filter(
            activities__plan__network_id=value.network_id, activities__plan__year=value.year
        ).distinct()

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
        self.filters["goal"].queryset = (
            Goal.objects.for_network(network)
            .select_related("direction")
            .order_by("-direction__start_year", "position")
        )
        # One choice per year: the latest version of the year's plan that has a theme.
        latest = {}
        plans = (
            AnnualPlan.objects.for_network(network).exclude(theme="").order_by("year", "version")
        )
        for plan in plans.only("pk", "year", "theme", "network_id"):
            latest[plan.year] = plan.pk
        self.filters["theme"].queryset = AnnualPlan.objects.filter(pk__in=latest.values()).order_by(
            "-year"
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
