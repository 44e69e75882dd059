"""The FilterSets of the event pages and the API (shared)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samverk.core.widgets import LightSelect
from samverk.events.choices import EventKind, ExhibitorStatus, RegistrationStatus, SessionKind
from samverk.events.models import Event, EventSite, Exhibitor, Registration, Session
from samverk.networks.filters import _NetworkSlugFilterSet

WHEN_CHOICES = [("upcoming", _("upcoming")), ("past", _("past"))]


def _id_filter(label: Any, field_name: str) -> django_filters.NumberFilter:
    """An id: a whole number the database can hold (anything else is a bad request)."""
    return django_filters.NumberFilter(
        label=label, field_name=field_name, min_value=1, max_value=2**31 - 1, decimal_places=0
    )


class EventFilter(_NetworkSlugFilterSet):
    """``when``: upcoming (a site that has not ended) or past (every site ended)."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    kind = django_filters.ChoiceFilter(
        label=_("kind"), choices=EventKind.choices, empty_label=_("all"), widget=LightSelect
    )
    when = django_filters.ChoiceFilter(
        label=_("when"), choices=WHEN_CHOICES, empty_label=_("all"), method="filter_when"
    )
    public = django_filters.BooleanFilter(label=_("public"), field_name="is_public")

    now: dt.datetime | None = None

    class Meta:
        model = Event
        fields = ["q", "kind", "when", "public", "network"]

    def search(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        words = value.split()
        for word in words:
            queryset = queryset.filter(Q(title__icontains=word) | Q(description__icontains=word))
        return queryset

    def filter_when(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        now = self.now or timezone.now()
        running = Exists(EventSite.objects.filter(event=OuterRef("pk"), ends_at__gte=now))
        if value == "upcoming":
            return queryset.filter(running)
        if value == "past":
            return queryset.exclude(running)
        return queryset


class SiteFilter(_NetworkSlugFilterSet):
    network_path = "event__network__slug"
    event = _id_filter(_("event"), "event_id")

    class Meta:
        model = EventSite
        fields = ["network", "event"]


class SessionFilter(_NetworkSlugFilterSet):
    network_path = "site__event__network__slug"
    site = _id_filter(_("site"), "site_id")
    event = _id_filter(_("event"), "site__event_id")
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SessionKind.choices)

    class Meta:
        model = Session
        fields = ["network", "site", "event", "kind"]


class RegistrationFilter(_NetworkSlugFilterSet):
    network_path = "site__event__network__slug"
    site = _id_filter(_("site"), "site_id")
    event = _id_filter(_("event"), "site__event_id")
    status = django_filters.ChoiceFilter(label=_("status"), choices=RegistrationStatus.choices)

    class Meta:
        model = Registration
        fields = ["network", "site", "event", "status"]


class ExhibitorFilter(_NetworkSlugFilterSet):
    network_path = "site__event__network__slug"
    site = _id_filter(_("site"), "site_id")
    event = _id_filter(_("event"), "site__event_id")
    status = django_filters.ChoiceFilter(label=_("status"), choices=ExhibitorStatus.choices)

    class Meta:
        model = Exhibitor
        fields = ["network", "site", "event", "status"]
