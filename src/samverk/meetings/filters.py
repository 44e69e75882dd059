"""FilterSets shared by the meeting pages and the API."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.widgets import BooleanWidget

from samverk.core.widgets import LightSelect
from samverk.meetings.choices import OPEN_ACTION_STATUSES, ActionStatus
from samverk.meetings.models import ActionItem, Decision
from samverk.meetings.querysets import overdue_q
from samverk.networks.filters import _NetworkSlugFilterSet
from samverk.networks.models import Arena, Organisation, Person


class DecisionFilter(_NetworkSlugFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    year = django_filters.NumberFilter(label=_("year"), field_name="year")
    arena = django_filters.ModelChoiceFilter(
        label=_("arena"),
        field_name="meeting__arena",
        queryset=Arena.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
    )
    topic = django_filters.CharFilter(label=_("topic"), field_name="topic", lookup_expr="iexact")

    class Meta:
        model = Decision
        fields = ["q", "year", "arena", "topic", "network", "meeting"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        return queryset.filter(Q(text__icontains=value) | Q(topic__icontains=value))

    def limit_to(self, network: Any) -> None:
        """Offer only the network's own arenas (their names: all the select shows)."""
        self.filters["arena"].queryset = Arena.objects.for_network(network).only("pk", "name")


# The actions list's default: what is still to be done.
UNFINISHED = "unfinished"


class YesNoWidget(BooleanWidget):
    """ "all / yes / no" instead of django-filter's "Unknown / Yes / No"."""

    def __init__(self, attrs: Any = None) -> None:
        super().__init__(attrs)
        self.choices = [("", _("all")), ("true", _("yes")), ("false", _("no"))]


class ActionItemFilter(_NetworkSlugFilterSet):
    # Light selects (core.widgets): the owner lists hold every person and organisation of the
    # network.
    status = django_filters.ChoiceFilter(
        label=_("status"),
        choices=[(UNFINISHED, _("open or in progress")), *ActionStatus.choices],
        empty_label=_("all"),
        method="filter_status",
        widget=LightSelect,
    )
    overdue = django_filters.BooleanFilter(
        label=_("overdue"), method="filter_overdue", widget=YesNoWidget
    )
    owner = django_filters.ModelChoiceFilter(
        label=_("owner"),
        field_name="owner_person",
        queryset=Person.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
    )
    owner_organisation = django_filters.ModelChoiceFilter(
        label=_("owner organisation"),
        queryset=Organisation.objects.all(),
        empty_label=_("all"),
        widget=LightSelect,
    )
    arena = django_filters.ModelChoiceFilter(
        label=_("arena"), field_name="meeting__arena", queryset=Arena.objects.all()
    )

    class Meta:
        model = ActionItem
        fields = [
            "status",
            "overdue",
            "owner",
            "owner_organisation",
            "arena",
            "network",
            "meeting",
        ]

    def filter_status(self, queryset: QuerySet[Any], name: str, value: str) -> Any:
        if value == UNFINISHED:
            return queryset.filter(status__in=OPEN_ACTION_STATUSES)
        return queryset.filter(status=value) if value else queryset

    def filter_overdue(self, queryset: QuerySet[Any], name: str, value: bool | None) -> Any:
        if value is None:
            return queryset
        overdue = Q(status__in=OPEN_ACTION_STATUSES) & overdue_q()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def limit_to(self, network: Any, user: Any) -> None:
        """The network's owners the user may see (the one person rule), and its
        organisations."""
        self.filters["owner"].queryset = (
            Person.objects.visible_to(user)
            .for_network(network)
            .filter(action_items__isnull=False)
            .distinct()
            .order_by("name")
            .only("pk", "name")  # all the select shows
        )
        self.filters["owner_organisation"].queryset = Organisation.objects.for_network(
            network
        ).only("pk", "name")
        self.filters["arena"].queryset = Arena.objects.for_network(network)
        # The two long selects offer (pk, name) rows, not model objects (what is chosen is
        # still checked against the querysets above).
        for name in ("owner", "owner_organisation"):
            field = self.form.fields[name]
            field.widget.choices = [
                ("", field.empty_label),
                *field.queryset.values_list("pk", "name"),
            ]
