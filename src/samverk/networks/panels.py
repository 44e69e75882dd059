"""What the networks app shows on the site's pages (registered in apps.py): the dashboard's
key figures, and the organisation page's memberships, mandates, people, arenas and history."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch
from django.http import HttpRequest

from samverk.core import audit, clock
from samverk.core import permissions as platform
from samverk.core.models import Network
from samverk.core.views import pk_url
from samverk.networks import permissions
from samverk.networks.models import Arena, Mandate, Membership, Organisation, Person

DASHBOARD_MISSING_LIMIT = 20


def mandate_expired(mandate: Mandate, today: dt.date) -> bool:
    """An ended mandate: its last day is before the network's today."""
    return mandate.valid_until is not None and mandate.valid_until < today


def dashboard_administration(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """The coordinator's links to the network's settings, access, history and mail."""
    if not platform.can_manage_network(request.user, network):
        return None
    return {}


def dashboard_acting_for(request: HttpRequest, network: Network) -> dict[str, Any] | None:
    """For partner representatives and company contacts: which organisation they act for,
    its membership (with its budget), its people and their mandates."""
    own = permissions.own_organisation_ids(request.user, network)
    if not own:
        return None
    today = clock.network_today(network)
    organisations = list(
        Organisation.objects.visible_to(request.user)
        .for_network(network)
        .filter(pk__in=own)
        .order_by("name")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=Membership.objects.active(today)
                .with_representation(today)
                .prefetch_related(
                    Prefetch(
                        "mandates",
                        queryset=Mandate.objects.select_related("person__organisation").order_by(
                            "-valid_from"
                        ),
                    )
                ),
                to_attr="current_memberships",
            ),
            Prefetch(
                "people",
                queryset=Person.objects.visible_to(request.user).order_by("name"),
                to_attr="listed_people",
            ),
        )
    )
    for organisation in organisations:
        organisation.budget_visible = permissions.can_see_budget(  # type: ignore[attr-defined]
            request.user, network, organisation
        )
        for membership in organisation.current_memberships:  # type: ignore[attr-defined]
            membership.listed_mandates = [  # type: ignore[attr-defined]
                m for m in membership.mandates.all() if not mandate_expired(m, today)
            ]
            membership.expired_count = sum(  # type: ignore[attr-defined]
                1 for m in membership.mandates.all() if mandate_expired(m, today)
            )
    return {"acting_for": organisations, "today": today}


def dashboard_members(request: HttpRequest, network: Network) -> dict[str, Any]:
    today = clock.network_today(network)
    active = Membership.objects.for_network(network).active(today)
    counts = active.representation_counts(today)
    can_manage = platform.can_manage_network(request.user, network)
    without: list[Membership] = []
    if can_manage and counts["missing"]:
        without = list(
            active.without_representative(today)
            .select_related("organisation")
            .only("id", "organisation__name")
            .order_by("organisation__name")[:DASHBOARD_MISSING_LIMIT]
        )
        organisation_url = pk_url("site:organisation_detail", network=network.slug)
        representative_url = pk_url("networks:representative_add", network=network.slug)
        for membership in without:
            membership.organisation_url = organisation_url(  # type: ignore[attr-defined]
                membership.organisation_id
            )
            membership.representative_url = representative_url(  # type: ignore[attr-defined]
                membership.pk
            )
    return {
        "can_manage": can_manage,
        "member_count": counts["members"],
        "missing_count": counts["missing"],
        "without_representative": without,
        "arena_count": Arena.objects.for_network(network).count(),
        "organisation_count": Organisation.objects.for_network(network).count(),
    }


def _memberships(organisation: Organisation) -> list[Membership]:
    """Loaded once per request for both sections that need them; each membership and mandate
    marked ``active_today`` on the network's today (what the page shows as current)."""
    cached: list[Membership] | None = getattr(organisation, "_samverk_memberships", None)
    if cached is None:
        today = clock.network_today(organisation.network)
        cached = list(
            organisation.memberships.with_representation(today)
            .order_by("-since")
            .prefetch_related(
                Prefetch(
                    "mandates",
                    queryset=Mandate.objects.select_related("person__organisation").order_by(
                        "-valid_from"
                    ),
                )
            )
        )
        for membership in cached:
            membership.active_today = membership.is_active(today)  # type: ignore[attr-defined]
            for mandate in membership.mandates.all():
                mandate.active_today = mandate.is_active(today)  # type: ignore[attr-defined]
                mandate.expired = mandate_expired(mandate, today)  # type: ignore[attr-defined]
        organisation._samverk_memberships = cached  # type: ignore[attr-defined]
    return cached


def organisation_profile(
    request: HttpRequest, network: Network, organisation: Organisation
) -> dict[str, Any]:
    return {
        "budget_visible": permissions.can_see_budget(request.user, network, organisation),
        "memberships": _memberships(organisation),
        "people": Person.objects.visible_to(request.user).filter(organisation=organisation),
        "arenas": organisation.arenas.all(),
    }


def organisation_history(
    request: HttpRequest, network: Network, organisation: Organisation
) -> dict[str, Any] | None:
    memberships = _memberships(organisation)
    mandates = [m for ms in memberships for m in ms.mandates.all()]
    records = audit.history(request.user, network, organisation, *memberships, *mandates)
    return None if records is None else {"history": records}
