"""The networks app's part of the site search: organisations and people, as the user may
see them."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from samverk.core.registry import SearchResult
from samverk.networks.models import Organisation, Person


def organisations(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    found = (
        Organisation.objects.visible_to(user)
        .for_network(network)
        .filter(name__icontains=query)
        .order_by("name")[:limit]
    )
    return [
        SearchResult(title=o.name, url=o.get_absolute_url(), kind=_("Organisation"))
        for o in found.select_related("network")
    ]


def people(user: Any, network: Any, query: str, limit: int) -> Iterable[SearchResult]:
    found = (
        Person.objects.visible_to(user)
        .for_network(network)
        .filter(Q(name__icontains=query) | Q(organisation__name__icontains=query))
        .select_related("organisation__network")
        .order_by("name")[:limit]
    )
    return [
        SearchResult(
            title=p.name, url=p.get_absolute_url(), kind=_("Person"), detail=p.organisation.name
        )
        for p in found
    ]
